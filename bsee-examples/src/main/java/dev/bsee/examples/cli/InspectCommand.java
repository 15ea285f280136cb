package dev.bsee.examples.cli;

import dev.bsee.binary.internal.SpillingAllocator;
import dev.bsee.core.internal.MessageText;
import dev.bsee.core.Column;
import dev.bsee.core.DType;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Index;
import dev.bsee.core.internal.PythonText;
import dev.bsee.core.internal.SafeText;
import dev.bsee.core.Table;
import dev.bsee.core.BseeSource;
import dev.bsee.scraper.SourceDataException;
import dev.bsee.scraper.ZipStreamProcessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/// `bsee inspect PATH...`: the schema, dtypes and row counts of `.bin` files, of every `.bin` in a
/// folder, or of the data entries of a zip archive (parsed as a refresh parses them, nothing written).
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Shows the schema, dtypes and row counts of .bin files, of every .bin in a folder, or of the "
                + "data entries of a zip archive (parsed as a refresh parses them; nothing is written)."},
        footer = {"", "Examples:", "  bsee inspect bsee-demo/data/modules/bsee/bin/war/mv_war_main.bin",
                "  bsee inspect bsee-demo/data/modules/bsee/bin/production_raw --head 3",
                "  bsee inspect ogora2024delimit.zip"})
public final class InspectCommand implements Callable<Integer> {

    private static final int MAX_SHOWN = 32;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "A .bin file, a folder of .bin files, or a .zip archive.")
    private List<Path> paths = new ArrayList<>();

    @Option(names = "--head", paramLabel = "N", defaultValue = "0",
            description = "Also print the first N rows of each table. Default: ${DEFAULT-VALUE}.")
    private int head;

    /// Creates the command; picocli sets its options.
    public InspectCommand() {
    }

    @Override
    public Integer call() throws IOException {
        if (head < 0) {
            throw new ParameterException(spec.commandLine(), "--head must not be negative: " + head);
        }
        PrintWriter out = spec.commandLine().getOut();
        int failed = 0;
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                List<Path> bins = new java.util.ArrayList<>();
                if (attempt(out, path, () -> bins.addAll(binFiles(path))) > 0) {
                    failed++;
                    continue;
                }
                List<String> below = new ArrayList<>();
                if (bins.isEmpty() && attempt(out, path, () -> below.addAll(foldersWithBinFiles(path))) > 0) {
                    failed++;
                    continue;
                }
                // The refresh's bin root holds one folder per source: "0 .bin files" alone read as
                // if the refresh had written nothing.
                out.println(path + ": " + MessageText.count(bins.size(), ".bin file") + (below.isEmpty() ? ""
                        : " (inspect reads one folder, not those below it; " + MessageText.count(below.size(), "folder")
                        + " below " + (below.size() == 1 ? "holds" : "hold") + " .bin files: " + SafeText.escape(String.join(", ", below)) + ")"));
                for (Path bin : bins) {
                    failed += inspectBin(out, bin, bin.getFileName().toString());
                }
            } else if (path.getFileName() != null
                    && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip") && Files.isRegularFile(path)) {
                failed += inspectArchive(out, path);
            } else {
                failed += inspectBin(out, path, path.toString());
            }
        }
        out.flush();
        return failed == 0 ? BseeCommand.OK : BseeCommand.FAILED;
    }

    /// Describes the data entries of one archive. Entries are parsed as a refresh parses them, one
    /// at a time, each described while its table exists. Its buffers spill past the share of the heap
    /// a convert gives one entry, so any entry a convert reads under a heap is inspected under it too.
    /// An entry whose text cannot be read (a malformed row, an open quote) is said in one line and
    /// the archive is walked again without it, up to [#MAX_FAILED_ENTRIES] such entries: the first
    /// ended the inspection, and the entries after it were never described.
    ///
    /// @return 1 when the archive or any of its entries failed, else 0
    private int inspectArchive(PrintWriter out, Path path) {
        // Described or failed, by entry name; entries may be described on worker threads.
        Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        int failedEntries = 0;
        for (;;) {
            List<SourceDataException> entryFailure = new ArrayList<>(1);
            boolean again = !seen.isEmpty();
            int failed = attempt(out, path, () -> {
                long heapBudget = SpillingAllocator.entryBudget(1);
                Queue<SpillingAllocator> allocators = new ConcurrentLinkedQueue<>();
                try {
                    ZipStreamProcessor.builder()
                            .entryFilter(name -> BseeSource.TEXT_ENTRIES.matcher(name).matches() && !seen.contains(name))
                            .allocators(() -> {
                                SpillingAllocator allocator = BinFiles.spillingAllocator(heapBudget);
                                allocators.add(allocator);
                                return allocator;
                            })
                            .build()
                            .process(path, entry -> {
                                seen.add(entry.entryName());
                                describe(out, path.getFileName() + "!" + entry.entryName(), entry.table());
                            });
                } catch (SourceDataException e) {
                    if (again && e.problem() == SourceDataException.Problem.EMPTY_ARCHIVE) {
                        // Every data entry is described or said failed: the walk is done.
                        return;
                    }
                    if (e.entry().isPresent() && ENTRY_PROBLEMS.contains(e.problem()) && seen.add(e.entry().get())) {
                        entryFailure.add(e);
                    }
                    throw e;
                } finally {
                    discard(allocators);
                }
            });
            if (failed == 0) {
                out.println(path + ": " + MessageText.count(seen.size(), "data entry", "data entries")
                        + (failedEntries == 0 ? "" : ", " + failedEntries + " of them not read (said above)"));
                return failedEntries == 0 ? 0 : 1;
            }
            if (entryFailure.isEmpty()) {
                return 1;
            }
            failedEntries++;
            if (failedEntries == MAX_FAILED_ENTRIES) {
                out.flush();
                spec.commandLine().getErr().println("bsee inspect: " + path + ": stopped after "
                        + MessageText.count(failedEntries, "entry", "entries") + " that could not be read; "
                        + MessageText.count(seen.size(), "data entry", "data entries") + " looked at so far");
                spec.commandLine().getErr().flush();
                return 1;
            }
        }
    }

    /// The failures of one entry's text, after which the archive's other entries can still be read.
    /// An entry whose data is damaged (a bad CRC) or too large fails again when a later walk reads
    /// past it, which every walk of an archive does: it ends the inspection, said once.
    private static final Set<SourceDataException.Problem> ENTRY_PROBLEMS = java.util.EnumSet.of(
            SourceDataException.Problem.MALFORMED_ROW, SourceDataException.Problem.UNTERMINATED_QUOTE,
            SourceDataException.Problem.EMPTY_TEXT, SourceDataException.Problem.UNDECODABLE_TEXT);

    /// The most entries of one archive said to fail before its inspection stops: each one costs a
    /// walk of the archive, and a hostile archive of thousands of bad entries took minutes.
    static final int MAX_FAILED_ENTRIES = 20;

    /// Describes one `.bin` file.
    ///
    /// @return 1 when it failed, else 0
    private int inspectBin(PrintWriter out, Path file, String name) {
        return attempt(out, file, () -> {
            BinFiles.requireFile(file, ".bin files, folders of them and zip archives");
            try (BinFiles.Opened opened = BinFiles.read(file)) {
                describe(out, name, opened.table());
            }
        });
    }

    /// One path's description.
    private interface Description {
        void run() throws IOException;
    }

    /// Describes one path; one that cannot be read is said in one line on standard error and the
    /// others are still described: `.bin` files, archives and folders, named one by one or found in
    /// a folder.
    ///
    /// @return 1 when it failed, else 0
    private int attempt(PrintWriter out, Path file, Description description) {
        try {
            description.run();
            return 0;
        } catch (OutOfMemoryError e) {
            // This file's table is garbage now: the others may still fit, and the message names
            // this one, not every argument.
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println("bsee inspect: " + BseeCommand.outOfMemory(List.of(file.toString()), e));
            err.flush();
            return 1;
        } catch (IOException | RuntimeException e) {
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println("bsee inspect: " + BseeCommand.heapRefusal(e)
                    .map(heap -> BseeCommand.outOfMemory(List.of(file.toString()), heap))
                    .orElseGet(() -> BseeCommand.oneLine(e)));
            if (CliLogging.verbosity(spec.root().commandLine().getParseResult()) > 0) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        }
    }

    /// Ends the allocators of an archive's entries, each one's spill folder deleted; a failure to
    /// remove one does not keep the others.
    private static void discard(Queue<SpillingAllocator> allocators) throws IOException {
        IOException failure = null;
        for (SpillingAllocator allocator : allocators) {
            try {
                BinFiles.discard(allocator);
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /// The names of the folders in `folder` that hold `.bin` files.
    private static List<String> foldersWithBinFiles(Path folder) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.sorted().toList()) {
                try {
                    if (Files.isDirectory(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !binFiles(entry).isEmpty()) {
                        names.add(entry.getFileName().toString());
                    }
                } catch (IOException unreadable) {
                    // A hint only: a folder that cannot be listed is not named, and fails nothing.
                }
            }
        }
        return names;
    }

    private static List<Path> binFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".bin")).sorted().toList();
        }
    }

    private void describe(PrintWriter out, String name, Table table) {
        out.println(SafeText.escape(name) + ": " + MessageText.count(table.rowCount(), "row") + " x "
                + MessageText.count(table.columnCount(), "column") + ", " + SafeText.escape(describe(table.index())));
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"#", "column", "dtype", "missing", "first value"});
        for (int i = 0; i < table.columnCount(); i++) {
            Column column = table.column(i);
            lines.add(new String[] {Integer.toString(i), SafeText.escape(table.columnNames().get(i)), column.dtype().numpyName(),
                    Integer.toString(missing(column)), SafeText.escape(firstValue(column, Cells.of(column, column.size())))});
        }
        int[] widths = new int[5];
        for (String[] line : lines) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        for (String[] line : lines) {
            out.println(String.format(Locale.ROOT, "  %" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %"
                    + widths[3] + "s  %s", (Object[]) line).stripTrailing());
        }
        if (head > 0) {
            printHead(out, table, Math.min(head, table.rowCount()));
        }
    }

    /// The first rows, one line each after its index label, columns separated by ` | `, long or
    /// multi-line cells shortened. Labels and cells are written as `DataFrame.head()` prints them: a
    /// column's or a `DatetimeIndex`'s timestamps all in one form, the date alone when all of the
    /// rows shown are midnight.
    private static void printHead(PrintWriter out, Table table, int rows) {
        out.println(SafeText.escape("  first " + MessageText.count(rows, "row") + ": " + String.join(" | ", table.columnNames())));
        List<Cells> columns = table.columns().stream().map(column -> Cells.of(column, rows)).toList();
        Labels labels = Labels.of(table.index(), rows);
        for (int row = 0; row < rows; row++) {
            List<String> cells = new ArrayList<>();
            for (Cells column : columns) {
                cells.add(column.text(row));
            }
            out.println(SafeText.escape("  " + labels.text(row) + ": " + String.join(" | ", cells)));
        }
    }

    /// The index labels of the first `rows` rows: a number of a range, a label, or a tuple of a
    /// `MultiIndex`'s labels. The form of a level's timestamps is found once, not for each row shown
    /// (a scan of the whole level per row made `--head 10000` of a 300,000-row frame take 15 s).
    private record Labels(Index index, List<Cells> levels, List<Optional<Cells>> integerLevels) {

        static Labels of(Index index, int rows) {
            return switch (index) {
                case Index.Range range -> new Labels(range, List.of(), List.of());
                case Index.Labels labels -> new Labels(labels, List.of(Cells.of(labels.labels(), rows)), List.of(Optional.empty()));
                // A level's labels print in one form for the whole level, as pandas formats its distinct labels.
                case Index.Multi multi -> new Labels(multi,
                        multi.levels().stream().map(level -> Cells.of(level, level.size())).toList(),
                        multi.integerLevels().stream().map(integers -> integers.map(c -> Cells.of(c, c.size()))).toList());
            };
        }

        String text(int row) {
            if (index instanceof Index.Range range) {
                return Long.toString(range.start() + (long) row * range.step());
            }
            if (index instanceof Index.Labels) {
                return levels.getFirst().text(row);
            }
            // An int64 or uint64 level with missing labels prints its integers (1, NaN), as pandas
            // prints the level's own labels, not the floats get_level_values makes of them.
            List<String> parts = new ArrayList<>(levels.size());
            for (int level = 0; level < levels.size(); level++) {
                Cells labels = levels.get(level);
                parts.add(integerLevels.get(level).filter(integers -> !labels.column().isMissing(row))
                        .orElse(labels).text(row));
            }
            return "(" + String.join(", ", parts) + ")";
        }
    }

    /// The cells of a column as pandas prints its first `rows` values, shortened.
    private record Cells(Column column, int timestampDigits) {

        static Cells of(Column column, int rows) {
            return new Cells(column, column instanceof DateTimeColumn timestamps ? PandasTimestamps.digits(timestamps, rows) : 0);
        }

        String text(int row) {
            if (column.isMissing(row)) {
                return missingText(column.dtype());
            }
            return shorten(column instanceof DateTimeColumn timestamps
                    ? PythonText.timestamp(timestamps.epochNanos(row), timestampDigits) : column.format(row));
        }
    }

    /// A missing value as pandas prints one of `dtype`: `NaT` for a timestamp, else `NaN`.
    private static String missingText(DType dtype) {
        return dtype == DType.DATETIME64 ? "NaT" : "NaN";
    }

    static String describe(Index index) {
        return switch (index) {
            case Index.Range range -> "RangeIndex(" + range.start() + ", " + range.stop()
                    + (range.step() == 1 ? "" : ", " + range.step()) + ")" + range.name().map(n -> " named " + n).orElse("");
            // pandas' class: a DatetimeIndex, as `df.info()` says, not an Index of timestamps.
            case Index.Labels labels -> (labels.labels().dtype() == DType.DATETIME64 ? "DatetimeIndex"
                    : "Index of " + labels.labels().dtype().numpyName())
                    + labels.name().map(n -> " named " + n).orElse("");
            case Index.Multi multi -> "MultiIndex of " + MessageText.count(multi.levels().size(), "level") + " " + multi.names().stream()
                    .map(n -> n.orElse("None")).toList();
        };
    }

    private static int missing(Column column) {
        int missing = 0;
        for (int row = 0; row < column.size(); row++) {
            if (column.isMissing(row)) {
                missing++;
            }
        }
        return missing;
    }

    /// The first value as pandas prints it in its column (`df[name]`): a timestamp in the column's form.
    private static String firstValue(Column column, Cells cells) {
        for (int row = 0; row < column.size(); row++) {
            if (!column.isMissing(row)) {
                return cells.text(row);
            }
        }
        return "";
    }

    /// `value` with its line ends written `\r` and `\n`, cut to [#MAX_SHOWN] characters. Only the
    /// characters shown are escaped: flattening the whole value first made copies of it, and an
    /// array of the positions of its line ends, several times its size (a field of 14 MB of line
    /// ends, under the limit the parser keeps a field to, ran a 128 MiB heap out).
    private static String shorten(String value) {
        StringBuilder flat = new StringBuilder(MAX_SHOWN + 2);
        int next = 0;
        while (next < value.length() && flat.length() <= MAX_SHOWN) {
            char c = value.charAt(next++);
            if (c == '\r') {
                flat.append("\\r");
            } else if (c == '\n') {
                flat.append("\\n");
            } else {
                flat.append(c);
            }
        }
        if (next == value.length() && flat.length() <= MAX_SHOWN) {
            return flat.toString();
        }
        flat.setLength(MAX_SHOWN - 1);
        return flat.append('…').toString();
    }
}
