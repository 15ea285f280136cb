package dev.bsee.examples.cli;

import dev.bsee.binary.PickleDialect;
import dev.bsee.binary.PickleWriter;
import dev.bsee.binary.SpillingAllocator;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.TableLayout;
import dev.bsee.scraper.EntrySummary;
import dev.bsee.scraper.ZipStreamProcessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;

/// `bsee convert ZIP --out DIR`: one `.bin` per data entry of a BSEE zip archive, each equal to what
/// `pandas.read_csv` makes of the entry, written atomically.
///
/// Temporary files (the `.bin` being written, and column buffers spilled out of the heap) go to a
/// sibling folder `.DIR.tmp` on the same file system, never into `DIR`, which Python code may be
/// listing; the folder is removed when it is empty again. Column buffers stay within a heap budget
/// (70% of the maximum heap, shared by the entries running at once) and spill to mapped files beyond
/// it, so the heap does not grow with the size of an entry: `java -Xmx256m -jar bsee.jar convert`
/// converts an entry of any size.
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Converts the data entries of a BSEE zip archive to .bin files, one per entry, each the "
                + "DataFrame pandas.read_csv reads from the entry.",
                "Production files (ogora*delimit.txt) are recognised by name and read without a header."},
        footer = {"", "Examples:",
                "  bsee convert ProductionRawData.zip --out data/modules/bsee/bin/production_raw",
                "  bsee convert export.zip --out out --columns LEASE_NUMBER,COMPLETION_NAME,PRODUCTION_DATE",
                "  java -Xmx256m -jar bsee.jar convert eWellEORRawData.zip --out eor --dialect numpy2"})
public final class ConvertCommand implements Callable<Integer> {

    private static final long MIN_HEAP_BUDGET = 8L << 20;
    /// Column buffers of all running entries together may use this share of the maximum heap before
    /// they spill to mapped files; the rest is for the JVM's own work and short-lived objects.
    private static final long HEAP_SHARE_PERCENT = 70;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ZIP", description = "The zip archive.")
    private Path zip;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder for the .bin files; created when missing.")
    private Path out;

    @Option(names = "--columns", split = ",", paramLabel = "NAME",
            description = "Column names for entries without a header row, comma-separated. Without it, "
                    + "ogora*delimit.txt entries get the production columns and other entries have a header row.")
    private List<String> columns = new ArrayList<>();

    @Option(names = "--dialect", paramLabel = "DIALECT", defaultValue = "portable",
            description = "portable (loads with numpy 1.x and 2.x) or numpy2 (numpy._core globals, like the "
                    + "Python system's files). Default: ${DEFAULT-VALUE}.")
    private PickleDialect dialect = PickleDialect.PORTABLE;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Entries converted at once. Default: the number of processors.")
    private int parallel = Runtime.getRuntime().availableProcessors();

    @Mixin
    private ProgressOption progress;

    /// Creates the command; picocli sets its options.
    public ConvertCommand() {
    }

    @Override
    public Integer call() throws IOException {
        Function<String, TableLayout> layouts = layouts();
        if (parallel < 1) {
            throw new ParameterException(spec.commandLine(), "--parallel must be at least 1: " + parallel);
        }
        if (Files.isDirectory(zip)) {
            throw new ParameterException(spec.commandLine(), zip + " is a folder: convert takes one zip archive");
        }
        if (!Files.isRegularFile(zip)) {
            throw new IOException("no such file: " + zip);
        }
        Path target = out.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) {
            throw new ParameterException(spec.commandLine(), "--out must not be a file system root: " + out);
        }
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new ParameterException(spec.commandLine(), "--out names a file, not a folder: " + out);
        }
        Files.createDirectories(target);
        Path staging = Files.createDirectories(parent.resolve("." + target.getFileName() + ".tmp"));
        long heapBudget = Math.max(MIN_HEAP_BUDGET, HEAP_SHARE_PERCENT * Runtime.getRuntime().maxMemory() / (100L * parallel));
        PickleWriter writer = PickleWriter.builder().dialect(dialect).build();
        PrintWriter stdout = spec.commandLine().getOut();
        try (ConsoleProgress listener = progress.listener(spec.commandLine().getErr())) {
            ZipStreamProcessor processor = ZipStreamProcessor.builder()
                    .layouts(layouts)
                    .allocators(() -> SpillingAllocator.create(staging, heapBudget))
                    .parallelism(parallel)
                    .progressListener(listener)
                    .build();
            List<EntrySummary> entries = processor.process(zip, entry -> {
                writer.write(entry.table(), target.resolve(entry.outputName()), staging);
            });
            listener.close();
            for (EntrySummary entry : entries) {
                stdout.println(describe(entry));
            }
            stdout.println(entries.size() + (entries.size() == 1 ? " entry" : " entries") + " written to " + target);
            stdout.flush();
        } finally {
            removeIfEmpty(staging);
        }
        return BseeCommand.OK;
    }

    private Function<String, TableLayout> layouts() {
        if (columns.isEmpty()) {
            return SourceCatalog::layoutForEntry;
        }
        List<String> names = columns.stream().map(String::strip).toList();
        if (names.stream().anyMatch(String::isEmpty)) {
            throw new ParameterException(spec.commandLine(), "--columns has an empty name: " + String.join(",", columns));
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new ParameterException(spec.commandLine(), "--columns names a column twice: " + String.join(",", names));
        }
        TableLayout headerless = TableLayout.columnNames(names);
        return name -> headerless;
    }

    /// `ogora2008delimit.txt -> ogora2008delimit.bin: 186,894 rows, 19 columns (object x8, int64 x9, float64 x2)`.
    static String describe(EntrySummary entry) {
        return String.format(Locale.ROOT, "%s -> %s: %s, %s (%s)%s", entry.entryName(), entry.outputName(),
                Suggestions.count(entry.rows(), "row"), Suggestions.count(entry.columns().size(), "column"),
                ConsoleProgress.summarize(entry.dtypes()),
                entry.charset().name().equals("UTF-8") ? "" : ", read as " + entry.charset().name());
    }

    private static void removeIfEmpty(Path folder) {
        try {
            Files.deleteIfExists(folder);
        } catch (DirectoryNotEmptyException e) {
            // Something else uses the folder: leave it.
        } catch (IOException e) {
            System.getLogger(ConvertCommand.class.getName()).log(System.Logger.Level.DEBUG,
                    "could not remove " + folder, e);
        }
    }
}
