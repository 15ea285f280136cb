package dev.bsee.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.peer.PandasPeer;
import dev.bsee.examples.mirror.DemoArchives;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/// `bsee demo` refreshes every catalog source from the demo mirror, prints every `.bin` it wrote, and each of those files
/// loads in both pandas peers as exactly what `pandas.read_csv` makes of the mirror's entry.
class DemoCommandTest {

    @TempDir
    static Path base;

    private static int exitCode;
    private static String output;
    private static String errors;
    private static Map<String, Path> written;

    @BeforeAll
    static void runDemo() throws IOException {
        CommandLine commandLine = BseeCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        exitCode = commandLine.execute("demo", "--base-dir", base.toString(), "--progress", "lines");
        output = out.toString();
        errors = err.toString();
        written = new LinkedHashMap<>();
        Path binRoot = base.resolve("data/modules/bsee/bin");
        try (Stream<Path> files = Files.walk(base)) {
            // Keyed by folder and name: entries of different archives may share a name.
            files.filter(p -> p.toString().endsWith(".bin")).sorted()
                    .forEach(p -> written.put(binRoot.relativize(p).toString().replace('\\', '/'), p));
        }
    }

    @Test
    void refreshesEverySourceAndListsEveryBinFile() throws IOException {
        assertThat(exitCode).as(output).isZero();
        int entries = DemoArchives.all().stream().mapToInt(a -> a.entries().size()).sum();
        assertThat(written).hasSize(entries);
        for (Path bin : written.values()) {
            assertThat(output).contains(base.toRealPath().relativize(bin.toRealPath()).toString());
        }
        assertThat(output).contains("Refresh report: " + SourceCatalog.of().sources().size() + " sources, 0 failed, "
                        + entries + " .bin files",
                "base dir: " + base.toRealPath(), "data/modules/bsee/bin/production_raw/mv_productiondata.bin        1,200 rows  19 columns");
        assertThat(output).as("redirected output has no control characters").doesNotContain("\r", "\u001B");
        assertThat(Files.readString(base.resolve("refresh-report.json"))).contains("\"mv_war_main.bin\"");
        assertThat(Files.readString(base.resolve("demo-refresh.yml"))).contains("enhanced_refresh: true", "127.0.0.1");
    }

    @Test
    void statusFindsTheDemosOutputCompleteAndExitsZero() {
        CommandLine commandLine = BseeCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        int status = commandLine.execute("status", "--base-dir", base.toString());

        assertThat(status).as(out + "\n" + err).isZero();
        assertThat(out.toString()).doesNotContain("missing", "unexpected", "differ");
    }

    @Test
    void progressGoesToStderrAndTheReportToStdoutEachOnce() {
        assertThat(errors).contains("apd: downloaded 0 B of ", "refresh: enhanced path runs", "mv_war_main.txt: 160 rows");
        assertThat(output).doesNotContain("downloaded", "enhanced path runs", "mv_war_main.txt");
        assertThat(errors).doesNotContain("Refresh report", "mv_war_main.bin");
        assertThat(errors.lines().filter(line -> line.contains("enhanced path runs"))).hasSize(1);
    }

    @Test
    void everyBinLoadsInPandas15AsReadCsvOfItsEntry() throws IOException {
        compareWithPandas(PandasPeer.Kind.PANDAS15);
    }

    @Test
    void everyBinLoadsInPandas22AsReadCsvOfItsEntry() throws IOException {
        compareWithPandas(PandasPeer.Kind.PANDAS22);
    }

    private static void compareWithPandas(PandasPeer.Kind kind) throws IOException {
        assertThat(written).isNotEmpty();
        try (PandasPeer peer = PandasPeer.start(kind)) {
            List<Map<String, Object>> cases = new ArrayList<>();
            for (DemoArchives.Archive archive : DemoArchives.all()) {
                try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive.zip()))) {
                    for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                        if (entry.isDirectory()) {
                            continue;
                        }
                        String baseName = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                        Path text = peer.newFile(baseName);
                        Files.write(text, zip.readAllBytes());
                        String folder = SourceCatalog.of().find(archive.sourceId()).orElseThrow().outputSubdirectory();
                        Path bin = written.get(folder + "/" + baseName.replace(".txt", ".bin"));
                        assertThat(bin).as("a .bin for " + entry.getName()).isNotNull();
                        Map<String, Object> check = new LinkedHashMap<>();
                        check.put("bin", peer.stage(bin));
                        check.put("text", peer.peerPath(text));
                        check.put("names", SourceCatalog.PRODUCTION_ENTRIES.matcher(baseName).matches()
                                ? SourceCatalog.PRODUCTION_COLUMNS : null);
                        cases.add(check);
                    }
                }
            }
            JsonNode result = peer.call("""
                    failures = []
                    for case in args['cases']:
                        loaded = load_pickle(case['bin'])
                        verdict = same_blocks(loaded, read_csv_like_legacy(case['text'], names=case['names']))
                        if not verdict['equal']:
                            failures.append(case['bin'] + ': ' + verdict['reason'])
                    result = {'loaded': len(args['cases']), 'failures': failures}
                    """, Map.of("cases", cases));
            assertThat(result.get("failures")).as(peer.toString()).isEmpty();
            assertThat(result.get("loaded").asInt()).isEqualTo(written.size());
        }
    }

    /// A demo stopped by a signal says so in one line, as a refresh does, instead of ending silently
    /// with its run folders left for the next command to find.
    @Test
    void aDemoStoppedBySignalSaysSo(@TempDir Path dir) throws Exception {
        Path demoBase = dir.resolve("demo");
        Path bookkeeping = demoBase.resolve("data/modules/bsee/bin/.bsee");
        Path log = dir.resolve("child.log");
        Process child = CliRun.child("demo", "--base-dir", demoBase.toString(), "--progress", "none")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit;
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (child.isAlive() && !Files.isDirectory(bookkeeping) && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertThat(child.isAlive()).as("the demo was still refreshing when stopped: %s", Files.readString(log)).isTrue();
            child.destroy();
            assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            exit = child.exitValue();
        } finally {
            child.destroyForcibly();
        }
        String printed = Files.readString(log);
        assertThat(exit).as(printed).isEqualTo(128 + 15);
        assertThat(printed.lines().filter(line -> line.startsWith("bsee demo: stopped")).toList()).as(printed)
                .singleElement().asString().contains("finishes or removes what it left");
        assertThat(printed).doesNotContain("Exception");
    }

    /// Another demo on the same folder writes its own `demo-refresh.yml` (its own mirror's address)
    /// while this one runs: this one still refreshes from its own mirror. It read the file back, and
    /// a demo that read the other's address failed every source it had not yet downloaded.
    @Test
    void aDemoRefreshesFromItsOwnMirrorWhateverItsConfigFileSays(@TempDir Path dir) throws Exception {
        Path demoBase = Files.createDirectories(dir.resolve("demo"));
        Path config = demoBase.resolve("demo-refresh.yml");
        String elsewhere = """
                # Written by `bsee demo`: another demo's, for its own mirror.
                data:
                  enhanced_refresh: true
                  all: true
                site:
                  base_url: http://127.0.0.1:9/
                """;
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread other = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                try {
                    Path temporary = Files.writeString(dir.resolve("other.yml"), elsewhere);
                    Files.move(temporary, config, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // The demo is replacing it at this moment: try again.
                }
            }
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try {
            exit = BseeCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                    .execute("demo", "--base-dir", demoBase.toString(), "--progress", "none");
        } finally {
            running.set(false);
            other.join();
        }
        assertThat(exit).as(err.toString()).isEqualTo(BseeCommand.OK);
        assertThat(out.toString()).contains(", 0 failed,");
        assertThat(err.toString()).doesNotContain("127.0.0.1:9/");
    }

    /// A demo killed (or stopped by a signal once its refresh had ended) while it wrote its
    /// configuration or its report left that file's temporary in the base directory, which no later
    /// demo, refresh or status removed. The next demo removes them and says so; a link of such a
    /// name, another file and a temporary newer than the demo (another demo's, being written) stay.
    @Test
    void theTemporariesOfAStoppedDemoAreRemovedByTheNext(@TempDir Path dir) throws Exception {
        Path demoBase = Files.createDirectories(dir.resolve("demo"));
        Path report = Files.writeString(demoBase.resolve(".refresh-report.json.0123456789abcdef.tmp"), "{\"sour");
        Path config = Files.writeString(demoBase.resolve(".demo-refresh.yml.fedcba9876543210.tmp"), "# Writ");
        java.nio.file.attribute.FileTime past = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(30)));
        Files.setLastModifiedTime(report, past);
        Files.setLastModifiedTime(config, past);
        Path victim = Files.writeString(dir.resolve("victim.txt"), "not the demo's");
        Path link = Files.createSymbolicLink(demoBase.resolve(".refresh-report.json.00000000000000aa.tmp"), victim);
        Path other = Files.writeString(demoBase.resolve(".refresh-report.json.notatemporary.tmp"), "mine");
        Path inFlight = Files.writeString(demoBase.resolve(".refresh-report.json.1111111111111111.tmp"), "{");
        Files.setLastModifiedTime(inFlight, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(600)));

        CliRun run = CliRun.of("demo", "--base-dir", demoBase.toString(), "--progress", "none");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(BseeCommand.OK);
        assertThat(report).doesNotExist();
        assertThat(config).doesNotExist();
        assertThat(run.err().lines().filter(line -> line.startsWith("bsee demo: removed ")).toList()).as(run.err())
                .containsExactlyInAnyOrder(
                        "bsee demo: removed " + report + ", left by a demo stopped while it wrote refresh-report.json",
                        "bsee demo: removed " + config + ", left by a demo stopped while it wrote demo-refresh.yml");
        assertThat(link).isSymbolicLink();
        assertThat(victim).hasContent("not the demo's");
        assertThat(other).hasContent("mine");
        assertThat(inFlight).hasContent("{");
    }

    /// A folder where the report goes, or a pipe (a full disk fails the write after the report is
    /// printed): said in one line before the mirror starts, not after a whole refresh.
    @Test
    void aFolderOrPipeWhereTheDemoWritesIsRefusedBeforeItStarts(@TempDir Path dir) throws Exception {
        for (String name : List.of("demo-refresh.yml", "refresh-report.json")) {
            for (String kind : List.of("a folder", "a pipe, socket or device")) {
                Path demoBase = Files.createDirectories(dir.resolve("demo-" + name + "-" + kind.length()));
                Path planted = demoBase.resolve(name);
                if (kind.equals("a folder")) {
                    Files.createDirectories(planted);
                } else {
                    assertThat(new ProcessBuilder("mkfifo", planted.toString()).start().waitFor()).isZero();
                }
                CliRun run = CliRun.of("demo", "--base-dir", demoBase.toString(), "--progress", "none");
                assertThat(run.exitCode()).as(name + " " + kind).isEqualTo(BseeCommand.FAILED);
                assertThat(run.out()).as(name + " " + kind + ": nothing printed of a run that did not start").isEmpty();
                assertThat(run.err().lines().toList()).as(run.err()).singleElement().asString()
                        .isEqualTo("bsee demo: refusing to replace " + planted + ": it is " + kind
                                + ", which bsee demo did not make");
                assertThat(demoBase.resolve("data")).doesNotExist();
            }
        }
    }

    /// A file given as the base directory is a usage error (exit 2), as for refresh and convert.
    /// Out of open files the demo failed every source at its lock, printed a hundred lines of the
    /// JDK's failures and spun on one processor for minutes (its mirror could accept no connection).
    /// Under a limit too low for a refresh it says so in one line, before anything is made.
    @Test
    void underAnOpenFileLimitTooLowTheDemoSaysSoBeforeItStarts(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("demo");
        CliRun demo = underOpenFileLimit(64, "demo", "--base-dir", base.toString(), "--progress", "none");

        assertThat(demo.exitCode()).as(demo.err()).isEqualTo(BseeCommand.FAILED);
        assertThat(demo.err()).isEqualTo("bsee demo: this process may hold only 64 files open at once (ulimit -n), and the"
                + " demo needs at least " + OpenFileLimit.NEEDED + ": raise the limit (ulimit -n 1024) and run it again"
                + System.lineSeparator());
        assertThat(demo.out()).isEmpty();
        assertThat(base).doesNotExist();
    }

    /// A refresh checks the limit once its configuration is read: a missing configuration is a usage
    /// error (exit 2) under any limit, and the need grows with the sources that run (the whole
    /// catalog needs what the demo needs).
    @Test
    void aRefreshChecksTheOpenFileLimitForTheSourcesItRuns(@TempDir Path dir) throws Exception {
        CliRun missing = underOpenFileLimit(64, "refresh", "--config", dir.resolve("missing.yml").toString(),
                "--base-dir", dir.toString(), "--json");
        assertThat(missing.exitCode()).as(missing.err()).isEqualTo(BseeCommand.USAGE);
        assertThat(missing.out()).contains("\"exit_code\" : 2").doesNotContain("ulimit");

        CliRun all = underOpenFileLimit(64, "refresh", "--sources", "all", "--base-dir", dir.resolve("all").toString(),
                "--progress", "none");
        assertThat(all.exitCode()).as(all.err()).isEqualTo(BseeCommand.FAILED);
        assertThat(all.err()).contains("may hold only 64 files open at once (ulimit -n), and a refresh of ")
                .contains("sources needs at least " + OpenFileLimit.NEEDED);
        assertThat(dir.resolve("all")).doesNotExist();
    }

    private static CliRun underOpenFileLimit(int limit, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + limit + " && exec \"$@\"", "bash"));
        command.addAll(CliRun.child(args).command());
        Process process = new ProcessBuilder(command).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        return new CliRun(process.exitValue(), out, err);
    }

    /// Each command names itself; a limit the JVM does not give refuses nothing. A refresh needs
    /// more with each source it runs, up to what the demo (the whole catalog) needs: a refresh of
    /// one source ran under 32 open files and was refused below 128.
    @Test
    void theOpenFileLimitIsCheckedAgainstWhatARefreshNeeds() {
        long needed = OpenFileLimit.neededForRefresh(3);
        assertThat(OpenFileLimit.refusal("a refresh", java.util.OptionalLong.of(needed - 1), needed))
                .hasValueSatisfying(line -> assertThat(line).contains((needed - 1) + " files", "a refresh needs"));
        assertThat(OpenFileLimit.refusal("a refresh", java.util.OptionalLong.of(needed), needed)).isEmpty();
        assertThat(OpenFileLimit.refusal("a refresh", java.util.OptionalLong.empty(), needed)).isEmpty();
        assertThat(OpenFileLimit.neededForRefresh(1)).isLessThanOrEqualTo(32);
        assertThat(OpenFileLimit.neededForRefresh(2)).isGreaterThan(OpenFileLimit.neededForRefresh(1));
        assertThat(OpenFileLimit.neededForRefresh(40)).isEqualTo(OpenFileLimit.NEEDED);
    }

    @Test
    void aFileAsTheBaseDirectoryIsAUsageError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("dfile"), "x");
        CliRun run = CliRun.of("demo", "--base-dir", file.toString(), "--progress", "none");
        assertThat(run.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(run.err()).startsWith("bsee demo: --base-dir " + file + " is a file, not a folder");
        assertThat(run.out()).isEmpty();

        Path under = file.resolve("demo");
        CliRun below = CliRun.of("demo", "--base-dir", under.toString(), "--progress", "none");
        assertThat(below.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(below.err()).startsWith("bsee demo: --base-dir " + under + " is under " + file + ", which is a file, not a folder");
        assertThat(below.out()).isEmpty();
    }

    /// A `demo-refresh.yml` of the user's own (the demo's offered as a template, then edited) was
    /// replaced without a word. It is kept, and the demo stops before it starts.
    @Test
    void aConfigurationOfTheUsersOwnIsKept(@TempDir Path dir) throws IOException {
        Path demoBase = Files.createDirectories(dir.resolve("demo"));
        Path config = Files.writeString(demoBase.resolve("demo-refresh.yml"), "data:\n  refresh: true # my edits\n");
        CliRun run = CliRun.of("demo", "--base-dir", demoBase.toString(), "--progress", "none");
        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.err()).isEqualTo("bsee demo: refusing to replace " + config + ": it does not begin as the"
                + " configuration bsee demo writes, so it is someone's own; move it, or give the demo another --base-dir"
                + System.lineSeparator());
        assertThat(config).hasContent("data:\n  refresh: true # my edits\n");
        assertThat(demoBase.resolve("data")).doesNotExist();
    }

    /// A base directory whose `.bin` folders the Python system (or a real refresh) filled: the demo
    /// replaced its well table with generated rows, without a copy or a word in its report, exit 0.
    /// It stops before anything is made; a base directory an earlier demo ran in is the demo's again.
    @Test
    void aBaseDirectoryOfFoldersNoDemoWroteIsRefusedAndTheirFilesKept(@TempDir Path dir) throws IOException {
        Path analysis = Files.createDirectories(dir.resolve("analysis/data/modules/bsee/bin/apd"));
        Path real = Files.write(analysis.resolve("mv_apddata_all.bin"), new byte[] {(byte) 0x80, 4, 'r', 'e', 'a', 'l', '.'});
        Path base = dir.resolve("analysis");

        CliRun refused = CliRun.of("demo", "--base-dir", base.toString(), "--progress", "none");

        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(BseeCommand.FAILED);
        assertThat(refused.err()).isEqualTo("bsee demo: refusing to run in " + base + ": " + base.resolve("data/modules/bsee/bin")
                + " holds folders no demo wrote (there is no demo-refresh.yml beside it), whose .bin files the demo's"
                + " generated ones would replace; give the demo another --base-dir" + System.lineSeparator());
        assertThat(refused.out()).isEmpty();
        assertThat(real).hasBinaryContent(new byte[] {(byte) 0x80, 4, 'r', 'e', 'a', 'l', '.'});
        try (Stream<Path> made = Files.list(base)) {
            assertThat(made.map(p -> p.getFileName().toString())).containsExactly("data");
        }
        assertThat(base.resolve("data/modules/bsee/bin/.bsee")).doesNotExist();

        Path again = dir.resolve("again");
        assertThat(CliRun.of("demo", "--base-dir", again.toString(), "--progress", "none").exitCode()).isZero();
        CliRun second = CliRun.of("demo", "--base-dir", again.toString(), "--progress", "none");
        assertThat(second.exitCode()).as(second.err()).isZero();
    }

    /// A link planted where the demo writes its configuration or report is left alone, and so is
    /// what it leads to: the demo says so and stops.
    @Test
    void aLinkWhereTheDemoWritesIsRefusedNotReplaced(@TempDir Path dir) throws IOException {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "someone's file");
        for (String name : List.of("demo-refresh.yml", "refresh-report.json")) {
            Path demoBase = Files.createDirectories(dir.resolve("demo-" + name));
            Path link = Files.createSymbolicLink(demoBase.resolve(name), victim);
            CliRun run = CliRun.of("demo", "--base-dir", demoBase.toString(), "--progress", "none");
            assertThat(run.exitCode()).as(name).isEqualTo(BseeCommand.FAILED);
            assertThat(run.err()).as(name).contains("refusing to replace " + link + ": it is a symbolic link to "
                    + victim);
            assertThat(Files.isSymbolicLink(link)).as(name).isTrue();
            assertThat(victim).hasContent("someone's file");
        }
    }
}
