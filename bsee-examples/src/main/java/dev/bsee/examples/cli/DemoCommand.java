package dev.bsee.examples.cli;

import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.SafeText;
import dev.bsee.core.internal.AtomicFiles;
import dev.bsee.bridge.internal.OutputFolder;
import dev.bsee.bridge.BseeRefresh;
import dev.bsee.bridge.RefreshConfig;
import dev.bsee.bridge.FileReport;
import dev.bsee.bridge.RefreshReport;
import dev.bsee.bridge.SourceReport;
import dev.bsee.examples.mirror.DemoMirror;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/// `bsee demo [--base-dir DIR]`: a full enhanced refresh against an embedded offline mirror of the
/// BSEE downloads, with the report of every `.bin` file written.
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a full enhanced refresh of the whole catalog against an embedded mirror of the BSEE "
                + "downloads (small archives shaped like the real ones, at their real paths, served on the loopback "
                + "interface), then prints the report, which lists each .bin file written. Nothing leaves the machine."},
        footer = {"", "The refresh configuration it writes (DIR/demo-refresh.yml) has the keys of a production "
                + "configuration; see docs/configuration.md."})
final class DemoCommand implements Callable<Integer>, BseeCommand.WritesFiles {

    /// Where the demo writes when no `--base-dir` is given, relative to the current directory.
    static final String DEFAULT_BASE_DIR = "bsee-demo";

    @Spec
    private CommandSpec spec;

    @Option(names = "--base-dir", converter = BseeCommand.FolderPath.class, paramLabel = "DIR",
            description = "Where the configuration, the .bin files and the report go. Default: ./" + DEFAULT_BASE_DIR
                    + " in the current directory.")
    private Path baseDir;

    @Mixin
    private ProgressOption progress;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path given = baseDir != null ? baseDir : Path.of(DEFAULT_BASE_DIR);
        Optional<String> notAFolder = MessageText.notAFolder(given);
        if (notAFolder.isPresent()) {
            // A usage error, as `refresh --base-dir FILE` and `convert --out FILE` are.
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--base-dir " + notAFolder.get());
        }
        Optional<String> tooFewFiles = OpenFileLimit.refusal("the demo");
        if (tooFewFiles.isPresent()) {
            return JsonFailure.fail(spec.commandLine(), false, BseeCommand.FAILED, tooFewFiles.get());
        }
        Path base = Files.createDirectories(given).toRealPath();
        Path config = base.resolve("demo-refresh.yml");
        Path json = base.resolve("refresh-report.json");
        // Before the mirror starts, and before anything is printed: a file the demo would replace and
        // must not is said at once, not after a whole refresh.
        refuseToReplace(config, true);
        refuseToReplace(json, false);
        refuseOthersFolders(base, config);
        removeStaleTemporaries(base, List.of(config, json), spec.commandLine().getErr());
        out.println("bsee demo: a full enhanced refresh against an offline mirror of the BSEE downloads");
        RefreshReport report;
        // Progress on standard error like every command: standard output holds the report. Stopped,
        // from the mirror's start on, it says so as a refresh does; each folder keeps a complete
        // version or a journaled commit that the next command taking its lock finishes.
        String left = "stopped; a folder under " + base + " whose commit had begun holds this run's version (a commit"
                + " under way is finished first), any other the version before; the next bsee demo, refresh or status"
                + " finishes or removes what it left in them";
        try (ConsoleProgress listener = progress.listener(spec.commandLine().getErr());
             StopHook onStop = new StopHook("demo", () -> { }, listener, spec.commandLine().getErr(), () -> left, left);
             DemoMirror mirror = DemoMirror.open()) {
            out.println("  mirror:   " + mirror.baseUri() + " (loopback only, stopped when the demo ends)");
            out.println("  base dir: " + base + (baseDir != null ? "" : " (the default, ./" + DEFAULT_BASE_DIR
                    + " in the current directory; --base-dir changes it)"));
            String text = configuration(mirror);
            writeText(config, text, base, true);
            out.println("  config:   " + config);
            out.println();
            out.flush();
            // The text this run wrote, not the file read back: another demo on the same folder may
            // have written its own mirror's address there since.
            report = BseeRefresh.builder().config(RefreshConfig.fromYaml(text, config.toString())).baseDirectory(base)
                    .listener(listener).run();
        }
        out.println();
        printReport(report, base, out);
        out.println();
        out.flush();
        // After the report is printed: a report file that cannot be written (a full disk) fails the
        // run, but does not take the printed report with it.
        writeText(json, report.toJson(), base, false);
        filesWritten = Optional.of("the demo's refresh ran (" + RefreshCommand.outcome(report) + ") and wrote its"
                + " files under " + base + " and its report to " + json + "; only its summary could not be printed");
        out.println("Report as JSON: " + json);
        out.println("Load a file in Python: python3 -c \"import pandas as pd; print(pd.read_pickle('"
                + base.relativize(firstWarFile(report, base)) + "').head())\"  (run in " + base + ")");
        out.flush();
        return report.succeeded() ? BseeCommand.OK : BseeCommand.FAILED;
    }

    /// What the demo did, once its refresh ran (see [BseeCommand.WritesFiles]).
    private Optional<String> filesWritten = Optional.empty();

    @Override
    public Optional<String> filesWritten() {
        return filesWritten;
    }

    /// The refresh configuration of the demo: the Python system's keys, the sources pointed at the mirror.
    static String configuration(DemoMirror mirror) {
        return """
                %s a full enhanced refresh of every archive of the catalog (the
                # seed's well, production and WAR sources, the other raw-data archives and the yearly
                # production series), downloaded from the embedded demo mirror instead of www.data.bsee.gov.
                # The next demo in this folder writes it again: edit a copy of it.
                data:
                  enhanced_refresh: true
                  refresh: false
                  all: true
                site:
                  base_url: %s
                processing:
                  retries: 2
                output:
                  dialect: portable
                """.formatted(CONFIG_HEADER, mirror.baseUri());
    }

    /// Every source and every `.bin` file written, with paths relative to the base directory.
    static void printReport(RefreshReport report, Path base, PrintWriter out) {
        long files = report.sources().stream().mapToLong(s -> s.files().size()).sum();
        long rows = report.sources().stream().mapToLong(SourceReport::rows).sum();
        out.println(String.format(Locale.ROOT, "Refresh report: %s, %s failed, %s, %s in %.1f s",
                MessageText.count(report.sources().size(), "source"), MessageText.number(report.failures().size()),
                MessageText.count(files, ".bin file"), MessageText.count(rows, "row"), report.duration().toMillis() / 1000.0));
        for (SourceReport source : report.sources()) {
            out.println(String.format(Locale.ROOT, "  %s (%s path): %s, %s, %s, from %s",
                    source.source(), source.path().label(), source.outcome().name().toLowerCase(Locale.ROOT),
                    MessageText.count(source.bytes(), "byte"), MessageText.count(source.attempts(), "attempt"),
                    source.url().map(Object::toString).orElse("?")));
            source.repairs().stream().filter(OutputFolder::completedCommit)
                    .forEach(repair -> out.println("    repaired: " + SafeText.escape(repair)));
            int width = source.files().stream().mapToInt(f -> relative(base, source, f).length()).max().orElse(0);
            for (FileReport file : source.files()) {
                out.println(String.format(Locale.ROOT, "    %-" + width + "s %s", relative(base, source, file),
                        RefreshCommand.rowsAndColumns(file)));
            }
        }
        out.println("The .bin files are under " + base.resolve("data/modules/bsee/bin"));
    }

    private static String relative(Path base, SourceReport source, FileReport file) {
        return SafeText.escape(base.relativize(source.outputDirectory().resolve(file.file())).toString());
    }

    private static Path firstWarFile(RefreshReport report, Path base) {
        return report.sources().stream().filter(s -> s.source().equals("war") && !s.files().isEmpty()).findFirst()
                .map(s -> s.outputDirectory().resolve(s.files().getFirst().file()))
                .orElse(base.resolve("data/modules/bsee/bin/war/mv_war_main.bin"));
    }

    /// Removes the temporaries of `files` that a demo killed (or stopped by a signal once its refresh
    /// had ended) while it wrote them left in `base`: nothing else removed them, and one stayed per
    /// such stop. Only regular files of the names [AtomicFiles] gives them, older than this process:
    /// a link of such a name is not the demo's, and a newer one is another demo's, being written.
    private static void removeStaleTemporaries(Path base, List<Path> files, PrintWriter err) throws IOException {
        java.time.Instant started = ProcessHandle.current().info().startInstant().orElse(java.time.Instant.now());
        for (Path file : files) {
            String name = file.getFileName().toString();
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(base, path ->
                    AtomicFiles.isTemporaryName(path, name) && Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(started))) {
                for (Path leftover : leftovers) {
                    Files.deleteIfExists(leftover);
                    err.println("bsee demo: removed " + SafeText.escape(leftover.toString())
                            + ", left by a demo stopped while it wrote " + SafeText.escape(name));
                }
            }
        }
        err.flush();
    }

    /// Replaces `file` with `text`, once [#refuseToReplace] lets it.
    private static void writeText(Path file, String text, Path temporaries, boolean configuration) throws IOException {
        refuseToReplace(file, configuration);
        AtomicFiles.write(file, temporaries, stream -> stream.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /// Refuses to replace what is at `file` unless it is nothing, or a file the demo may replace: the
    /// demo makes files, not links, folders or pipes, so one of those there is someone else's; and
    /// a configuration without the demo's first line is one a user wrote or edited (the demo's
    /// configuration is offered as a template), which replacing it would lose.
    private static void refuseToReplace(Path file, boolean configuration) throws IOException {
        String name = SafeText.escape(file.toString());
        if (Files.isSymbolicLink(file)) {
            throw new IOException("refusing to replace " + name + ": it is a symbolic link to "
                    + SafeText.escape(Files.readSymbolicLink(file).toString()) + ", which bsee demo did not make");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("refusing to replace " + name + ": it is " + MessageText.fileKind(file)
                    + ", which bsee demo did not make");
        }
        if (configuration) {
            byte[] start;
            try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                start = in.readNBytes(CONFIG_HEADER.length());
            }
            if (!new String(start, StandardCharsets.UTF_8).equals(CONFIG_HEADER)) {
                throw new IOException("refusing to replace " + name + ": it does not begin as the configuration"
                        + " bsee demo writes, so it is someone's own; move it, or give the demo another --base-dir");
            }
        }
    }

    /// Refuses a base directory whose `.bin` folders no demo made: a real refresh's or the Python
    /// system's (`--base-dir` naming the analysis tree the demo was to be tried beside). The demo's
    /// generated files would replace the real ones of the same names (the well, production and WAR
    /// tables), without a word in its report. A base directory an earlier demo ran in holds its
    /// configuration, which [#refuseToReplace] has let through as the demo's own.
    private static void refuseOthersFolders(Path base, Path config) throws IOException {
        if (Files.isRegularFile(config, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path binRoot = base.resolve("data/modules/bsee/bin");
        if (!Files.exists(binRoot, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(binRoot, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(binRoot)) {
                if (!entries.iterator().hasNext()) {
                    return;
                }
            }
        }
        throw new IOException("refusing to run in " + SafeText.escape(base.toString()) + ": "
                + SafeText.escape(binRoot.toString()) + " holds folders no demo wrote (there is no demo-refresh.yml"
                + " beside it), whose .bin files the demo's generated ones would replace; give the demo another"
                + " --base-dir");
    }

    /// The first characters of the configuration the demo writes, by which it knows its own.
    private static final String CONFIG_HEADER = "# Written by `bsee demo`:";
}
