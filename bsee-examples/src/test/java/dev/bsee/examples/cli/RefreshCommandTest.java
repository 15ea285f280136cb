package dev.bsee.examples.cli;

import dev.bsee.core.peer.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bsee.bridge.ChangeRecord;
import dev.bsee.bridge.RefreshDecision;
import dev.bsee.bridge.RefreshReport;
import dev.bsee.bridge.RefreshError;
import dev.bsee.bridge.RefreshPath;
import dev.bsee.bridge.SourceOutcome;
import dev.bsee.bridge.SourceReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.bsee.examples.mirror.DemoMirror;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class RefreshCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run refresh(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = BseeCommand.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 1];
        full[0] = "refresh";
        System.arraycopy(args, 0, full, 1, args.length);
        int code = command.execute(full);
        return new Run(code, out.toString(), err.toString());
    }

    /// A production archive of two records (headerless, every field quoted, like BSEE's).
    private void productionZip(Path file) throws IOException {
        String record = "\"G01234\",\" 00001\",\"202401\",\"31\",\"OIL\",\"100\",\"200\",\"5\",\"608164000100\",\"PR\","
                + "\"GC0123\",\"00689\",\"Operator A\",\"FIELD1\",\"\",\"001\",\"19850101\",\"\",\"\"\r\n";
        zipOfOneEntry(file, "ogora2024delimit.txt", record + record.replace("608164000100", "608164000101"));
    }

    /// A zip archive at `file` of one entry holding `text` in UTF-8.
    private static void zipOfOneEntry(Path file, String entry, String text) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(text.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }

    private Path config(String yaml) throws IOException {
        return Files.writeString(dir.resolve("refresh.yml"), yaml);
    }

    @Test
    void aLegacyRefreshPrintsWhatItWroteAndExitsZero() throws IOException {
        productionZip(dir.resolve("work/zips/ogora2024delimit.zip"));
        Path config = config("""
                data:
                  refresh: true
                  production: true
                parameters:
                  filepath:
                    production:
                      zip: zips
                """);

        Run run = refresh("--config", config.toString(), "--base-dir", dir.resolve("work").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("legacy path runs: data.refresh is true; sources production");
        assertThat(run.out()).doesNotContain("legacy path runs")
                .contains("ogora2024delimit.bin").contains("2 rows").contains("1 file, ").contains("the source succeeded")
                .doesNotContain("1 files", "all 1 sources");
        assertThat(dir.resolve("work/data/modules/bsee/bin/production_raw/ogora2024delimit.bin")).isRegularFile();
    }

    /// Ctrl-C or `kill` (SIGTERM) while a refresh writes: one line says what the signal left, and
    /// the folder keeps its files until the next refresh, which removes what the stopped one staged.
    @Test
    void aRefreshStoppedBySignalSaysSoOnceAndTheNextRunCleansUp() throws Exception {
        Path work = dir.resolve("work");
        Path zips = work.resolve("zips");
        Path config = refreshedProductionFolder(work, "processing:\n  parallel: false\n");
        Path output = work.resolve("data/modules/bsee/bin/production_raw/ogora2024delimit.bin");
        byte[] before = Files.readAllBytes(output);
        Path fixture = Fixtures.file("bsee-zip/ProductionRawData-2008-2024.zip");
        Files.copy(fixture, zips.resolve("ProductionRawData.zip"));
        Path staging = work.resolve("data/modules/bsee/bin/.bsee/production_raw/tmp");

        Path log = dir.resolve("child.log");
        Process child = CliRun.child("refresh", "--config", config.toString(), "--base-dir", work.toString(),
                "--progress", "none").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = stopWhen(child, () -> stagedFiles(staging) > 0, "the refresh was still writing when stopped", log);

        String printed = Files.readString(log);
        assertThat(exit).as(printed).isEqualTo(128 + 15);
        assertThat(printed.lines().filter(line -> line.startsWith("bsee refresh: ")).toList()).as(printed).containsExactly(
                "bsee refresh: " + RefreshCommand.STOPPED);
        assertThat(printed).doesNotContain("Exception").doesNotContain("failed");
        assertThat(Files.readAllBytes(output)).isEqualTo(before);
        assertThat(stagedFiles(staging)).isPositive();

        Files.delete(zips.resolve("ProductionRawData.zip"));
        Run next = refresh("--config", config.toString(), "--base-dir", work.toString());
        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(stagedFiles(staging)).isZero();
    }

    /// A stop once a source's commit is done (the JVM exiting as a SIGTERM makes it, just after the
    /// journal is deleted) leaves the folder whole and new, and the line says that such a folder
    /// holds the refresh's version: it said only "stopped", which a scheduler's kill read as a
    /// refresh that had not happened.
    @Test
    void aRefreshStoppedAfterACommitSaysItsFolderHoldsTheNewVersion() throws Exception {
        Path work = dir.resolve("work");
        Path zips = work.resolve("zips");
        Path config = refreshedProductionFolder(work, "");
        Path folder = work.resolve("data/modules/bsee/bin/production_raw");
        Files.copy(Fixtures.file("bsee-zip/ogora2023delimit.zip"), zips.resolve("ogora2023delimit.zip"));

        Path log = dir.resolve("child.log");
        ProcessBuilder stopped = CliRun.child("refresh", "--config", config.toString(), "--base-dir", work.toString(),
                "--progress", "none");
        // The child's main behind the commit stop, which exits as a SIGTERM does once the journal is deleted.
        int main = stopped.command().indexOf(BseeCommand.class.getName());
        stopped.command().addAll(main, List.of("dev.bsee.bridge.internal.CommitStop", "exit", "JOURNAL_DELETED"));
        Process child = stopped.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        String printed = Files.readString(log);
        assertThat(child.exitValue()).as(printed).isEqualTo(128 + 15);
        assertThat(printed.lines().filter(line -> line.startsWith("bsee refresh: ")).toList()).as(printed)
                .singleElement().asString().startsWith("bsee refresh: stopped; a folder whose commit had begun holds"
                        + " this refresh's version");
        assertThat(folder.resolve("ogora2023delimit.bin")).isRegularFile();
        assertThat(work.resolve("data/modules/bsee/bin/.bsee/production_raw/commit.json")).doesNotExist();
        CliRun status = CliRun.of("status", "--base-dir", work.toString());
        assertThat(status.exitCode()).as(status.out() + status.err()).isZero();
    }

    /// A legacy production refresh from `WORK/zips` (one archive, `ogora2024delimit.zip`) run once;
    /// its configuration, with `more` appended.
    private Path refreshedProductionFolder(Path work, String more) throws IOException {
        productionZip(work.resolve("zips/ogora2024delimit.zip"));
        Path config = config("data:\n  refresh: true\n  production: true\nparameters:\n  filepath:\n    production:\n"
                + "      zip: zips\n" + more);
        assertThat(refresh("--config", config.toString(), "--base-dir", work.toString()).exitCode()).isZero();
        return config;
    }

    /// SIGTERM before the refresh began (the JVM loading the command and reading its configuration,
    /// here a pipe nothing writes to yet) says so in one line, and with `--json` gives that line as
    /// the failure document's error: the process ended with 143 and no word.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aRefreshStoppedBeforeItBeganSaysSo(boolean json) throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path pipe = dir.resolve("refresh.yml");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        Path log = dir.resolve("child.log");
        List<String> args = new java.util.ArrayList<>(List.of("refresh", "--config", pipe.toString(), "--base-dir",
                work.toString(), "--progress", "none"));
        if (json) {
            args.add("--json");
        }
        Process child = CliRun.child(args.toArray(String[]::new)).redirectError(log.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).start();
        // Until the child opens the pipe: it is then reading its configuration.
        int exit = stopWhen(child, () -> waitsForAWriter(child.pid()), "still reading", log);

        String printed = Files.readString(log);
        assertThat(exit).as(printed).isEqualTo(128 + 15);
        assertThat(printed.lines().toList()).as(printed)
                .containsExactly("bsee refresh: stopped before it began; no output folder was changed");
        if (json) {
            JsonNode document = new ObjectMapper().readTree(dir.resolve("stdout.txt").toFile());
            assertThat(document.path("error").asText()).isEqualTo("stopped before it began; no output folder was changed");
            assertThat(document.path("exit_code").asInt()).isEqualTo(143);
        }
        assertThat(work).isEmptyDirectory();
    }

    /// Stops `child` with SIGTERM once `ready` holds, asserting that it was still running then
    /// (`what`, with the text of `log`, says otherwise), and returns its exit code.
    private static int stopWhen(Process child, Ready ready, String what, Path log) throws IOException, InterruptedException {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (child.isAlive() && !ready.holds() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(child.isAlive()).as(what + ": %s", Files.readString(log)).isTrue();
            child.destroy();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return child.exitValue();
        } finally {
            child.destroyForcibly();
        }
    }

    /// When a child is ready to be stopped.
    private interface Ready {
        boolean holds() throws IOException;
    }

    /// Whether a thread of process `pid` waits in the opening of a pipe for its writer (the kernel's
    /// `wait_for_partner`).
    private static boolean waitsForAWriter(long pid) {
        try (java.util.stream.Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return threads.anyMatch(thread -> {
                try {
                    return Files.readString(thread.resolve("wchan")).strip().equals("wait_for_partner");
                } catch (IOException gone) {
                    return false;
                }
            });
        } catch (IOException gone) {
            return false;
        }
    }

    /// `refresh --json` stopped by SIGTERM (a scheduler's timeout) prints the tool's failure document
    /// on standard output, with the line standard error has and the exit code the process ends with:
    /// it printed nothing, where the program reading it expects one document whatever fails.
    @Test
    void aJsonRefreshStoppedBySignalPrintsOneFailureDocumentWithTheProcesssExitCode() throws Exception {
        Path work = dir.resolve("work");
        Path zips = work.resolve("zips");
        Path fixture = Fixtures.file("bsee-zip/ProductionRawData-2008-2024.zip");
        Files.createDirectories(zips);
        Files.copy(fixture, zips.resolve("ProductionRawData.zip"));
        Path config = config("data:\n  refresh: true\n  production: true\nparameters:\n  filepath:\n    production:\n"
                + "      zip: zips\nprocessing:\n  parallel: false\n");
        Path staging = work.resolve("data/modules/bsee/bin/.bsee/production_raw/tmp");

        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        Process child = CliRun.child("refresh", "--json", "--config", config.toString(), "--base-dir", work.toString(),
                "--progress", "none").redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int exit = stopWhen(child, () -> stagedFiles(staging) > 0, "the refresh was still writing when stopped", err);

        String printed = Files.readString(out);
        assertThat(exit).as(printed).isEqualTo(128 + 15);
        List<JsonNode> documents = new ObjectMapper().readerFor(JsonNode.class).<JsonNode>readValues(printed).readAll();
        assertThat(documents).as(printed).hasSize(1);
        String line = RefreshCommand.STOPPED;
        assertThat(documents.getFirst().get("error").asText()).isEqualTo(line);
        assertThat(documents.getFirst().get("exit_code").asInt()).isEqualTo(exit);
        assertThat(Files.readString(err).lines().toList()).containsExactly("bsee refresh: " + line);
    }

    /// The summary lists files by escaped name, one line each, and counts a single row as one.
    @Test
    void theSummaryEscapesFileNamesAndCountsOneRowAsOne() throws IOException {
        zipOfOneEntry(dir.resolve("work/zips/odd.zip"), "mv_c\nd.txt", "A\n3\n");
        Path config = config("data:\n  refresh: true\n  rigs: true\nparameters:\n  filepath:\n    rigs:\n      zip: zips\n");

        Run run = refresh("--config", config.toString(), "--base-dir", dir.resolve("work").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().filter(line -> line.contains("mv_c")).toList()).singleElement()
                .satisfies(line -> assertThat(line).matches("\\s+mv_c\\\\nd\\.bin\\s+1 row\\s+1 column"));
        assertThat(run.out()).contains("1 file, 1 row, ");
    }

    /// `refresh --json` under a locale of another charset than UTF-8 (`de_DE.ISO-8859-1`, whose
    /// `stdout.encoding` the child is given here) prints its report in UTF-8, as JSON is: a column
    /// name holding a character Latin-1 lacks was printed with `?` in its place, the rest in Latin-1.
    @Test
    void theJsonReportIsUtf8UnderALocaleOfAnotherCharset() throws Exception {
        Path config = config("data:\n  refresh: true\n  rigs: true\nparameters:\n  filepath:\n    rigs:\n      zip: zips\n");
        // picocli takes `--json=true` for `--json`. A folder each: a second refresh of the same zip
        // into one folder lists no files, as it writes none.
        for (String json : List.of("--json", "--json=true")) {
            Path work = dir.resolve(json.equals("--json") ? "work" : "work-again");
            zipOfOneEntry(work.resolve("zips/rigs.zip"), "mv_rigs.txt", "Größe €,B\n3,4\n");
            ProcessBuilder child = CliRun.child("refresh", json, "--config", config.toString(), "--base-dir",
                    work.toString(), "--progress", "none");
            child.command().add(1, "-Dstdout.encoding=ISO-8859-1");
            Process process = child.redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] printed = process.getInputStream().readAllBytes();

            assertThat(process.waitFor()).as(json).isZero();
            JsonNode report = new ObjectMapper().readTree(printed);
            assertThat(report.at("/sources/0/files/0/columns/0").asText()).as(json).isEqualTo("Größe €");
        }
    }

    /// Migration's "run the existing YAML once against a scratch base directory": `--base-dir` wins
    /// over the configuration's absolute `output.base_dir`, and a line says so.
    @Test
    void baseDirOnTheCommandLineWinsOverTheConfigurationsAndSaysSo() throws IOException {
        productionZip(dir.resolve("try/zips/ogora2024delimit.zip"));
        Path production = dir.resolve("production");
        Path config = config("data:\n  refresh: true\n  production: true\nparameters:\n  filepath:\n    production:\n"
                + "      zip: zips\noutput:\n  base_dir: " + production + "\n");

        Run run = refresh("--config", config.toString(), "--base-dir", dir.resolve("try").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("bsee refresh: --base-dir " + dir.resolve("try") + " is used in place of output.base_dir "
                + production + " of " + config);
        assertThat(dir.resolve("try/data/modules/bsee/bin")).isDirectory();
        assertThat(production).doesNotExist();
    }

    /// `bin: /` fails its source with the key, and the summary line of that source says so too
    /// (it failed with `an output folder needs a parent folder: /`, a second message and no key).
    @Test
    void aBinFolderOfTheRootFailsItsSourceWithTheKeyOnly() throws IOException {
        productionZip(dir.resolve("work/zips/ogora2024delimit.zip"));
        Path config = config("data:\n  refresh: true\n  production: true\nparameters:\n  filepath:\n    production:\n"
                + "      zip: zips\n      bin: /\n");

        Run run = refresh("--config", config.toString(), "--base-dir", dir.resolve("work").toString(), "--progress", "none");

        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.err()).contains("would write to /, a folder that holds data/modules/bsee/bin")
                .contains("parameters.filepath.production").doesNotContain("needs a parent folder");
        assertThat(run.out()).contains("nothing changed in /");
    }

    private static long stagedFiles(Path staging) throws IOException {
        if (!Files.isDirectory(staging)) {
            return 0;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(staging)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".bin")).count();
        }
    }

    @Test
    void jsonPrintsTheReport() throws IOException {
        productionZip(dir.resolve("work/zips/ogora2024delimit.zip"));
        Path config = config("data:\n  refresh: true\nparameters:\n  filepath:\n    production:\n      zip: zips\n");

        Run run = refresh("--config", config.toString(), "--base-dir", dir.resolve("work").toString(), "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("succeeded").asBoolean()).isTrue();
        assertThat(report.at("/sources/0/files/0/file").asText()).isEqualTo("ogora2024delimit.bin");
        assertThat(report.at("/sources/0/files/0/rows").asInt()).isEqualTo(2);
    }

    @Test
    void withoutAConfigTheNamedSourcesDownloadFromTheSiteAndARepeatIsConditional() throws IOException {
        try (DemoMirror mirror = DemoMirror.open()) {
            Path work = dir.resolve("work");
            // In any case, as the other options take their values.
            String[] args = {"--base-dir", work.toString(), "--sources", "WELL,war", "--site",
                    mirror.baseUri().toString(), "--json"};

            Run first = refresh(args);

            assertThat(first.exitCode()).as(first.err()).isZero();
            JsonNode report = new ObjectMapper().readTree(first.out());
            assertThat(report.at("/decision/enhanced_sources").toString()).isEqualTo("[\"apd\",\"war\"]");
            // The reasons are the option's, as the notices are: no key of a configuration nobody wrote.
            assertThat(report.at("/decision/reasons").toString())
                    .isEqualTo("[\"enhanced path runs for --sources: apd, war\"]");
            assertThat(report.at("/sources/0/outcome").asText()).isEqualToIgnoringCase("updated");
            assertThat(work.resolve("data/modules/bsee/bin/apd/mv_apddata_all.bin")).isRegularFile();
            assertThat(work.resolve("data/modules/bsee/bin/war")).isDirectory();
            assertThat(mirror.archiveRequests()).isEqualTo(2);
            Path apd = work.resolve("data/modules/bsee/bin/apd/mv_apddata_all.bin");
            java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(apd);

            Run second = refresh(args);

            assertThat(second.exitCode()).as(second.err()).isZero();
            JsonNode repeat = new ObjectMapper().readTree(second.out());
            assertThat(repeat.at("/sources/0/outcome").asText()).isEqualToIgnoringCase("unchanged");
            assertThat(repeat.at("/sources/1/outcome").asText()).isEqualToIgnoringCase("unchanged");
            assertThat(repeat.at("/sources/0/bytes").asLong()).isZero();
            assertThat(mirror.archiveRequests()).isEqualTo(4);
            assertThat(Files.getLastModifiedTime(apd)).isEqualTo(written);

            Run summary = refresh(Arrays.copyOf(args, args.length - 1));

            assertThat(summary.exitCode()).as(summary.err()).isZero();
            // The outcome column says it once; the details go on with what was read and kept.
            assertThat(summary.out().lines().filter(line -> line.startsWith("enhanced")))
                    .hasSize(2)
                    .allSatisfy(line -> assertThat(line).containsOnlyOnce("unchanged")
                            .contains("unchanged 0 bytes read, 1 attempt").contains("; kept "));
        }
    }

    /// `--sources` names what runs: the notices say nothing of the sources not asked for, nor of
    /// configuration keys the user never wrote (`enhanced path skips apd: data.apd is not set, and
    /// other sources are selected`); a refresh from a configuration file keeps its notices.
    @Test
    void withSourcesTheNoticesSpeakOfTheOptionNotOfConfigurationKeys() throws IOException {
        try (DemoMirror mirror = DemoMirror.open()) {
            Run run = refresh("--base-dir", dir.resolve("a").toString(), "--sources", "war", "--site",
                    mirror.baseUri().toString(), "--progress", "lines");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).contains("enhanced path runs for --sources: war")
                    .doesNotContain("data.").doesNotContain("skips").doesNotContain("legacy path");

            Run configured = refresh("--config", config("data:\n  enhanced_refresh: true\n  war: true\nsite:\n  base_url: "
                    + mirror.baseUri() + "\n").toString(), "--base-dir", dir.resolve("b").toString(), "--progress", "lines");

            assertThat(configured.exitCode()).as(configured.err()).isZero();
            assertThat(configured.err()).contains("enhanced path skips apd: data.apd is not set, and other sources are selected")
                    .doesNotContain("--sources");
        }
    }

    @Test
    void sourcesAndConfigAreOneOrTheOtherAndUnknownSourcesAreNamed() throws IOException {
        // Usage errors as picocli's own: the command's name first, then how to get help.
        Run neither = refresh("--base-dir", dir.toString());
        assertThat(neither.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(neither.err()).startsWith("bsee refresh: name either --config FILE.yml or --sources")
                .contains("Try 'bsee refresh --help'.");

        Run both = refresh("--config", config("data: {}\n").toString(), "--sources", "all");
        assertThat(both.exitCode()).isEqualTo(BseeCommand.USAGE);

        Run unknown = refresh("--base-dir", dir.toString(), "--sources", "apd,rigmoves");
        assertThat(unknown.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(unknown.err()).startsWith("bsee refresh: --sources: no catalog source rigmoves (known: all, apd,")
                .contains("fmp").contains("well").contains("Try 'bsee refresh --help'.");
        assertThat(dir.resolve("data")).doesNotExist();

        Run typo = refresh("--base-dir", dir.toString(), "--sources", "ogra", "--json");
        assertThat(typo.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(typo.err()).startsWith("bsee refresh: --sources: no catalog source ogra; did you mean ogora?");
        assertThat(typo.out()).contains("\"error\"").contains("did you mean ogora?").contains("\"exit_code\" : 2");
    }

    /// `--sources "$IDS"` with only commas (or an empty item) names no source. Before, `--sources ,`
    /// split into no names at all and ran the three default sources against the real site.
    @Test
    void sourcesThatNameNothingAreAUsageError() {
        for (String empty : new String[] {",", ",,,", " , "}) {
            Run run = refresh("--base-dir", dir.toString(), "--sources", empty, "--site", "http://127.0.0.1:9/");
            assertThat(run.exitCode()).as(empty).isEqualTo(BseeCommand.USAGE);
            assertThat(run.err()).as(empty).contains("--sources");
            assertThat(run.out()).as(empty).isEmpty();
        }
        assertThat(dir.resolve("data")).doesNotExist();
    }

    /// A `--site` that is no http or https address is refused naming the option, as `status` and
    /// `portal` name it: the line said "a site base must be ...", a phrase of the library's that no
    /// option or key is called, without the hint to the command's help.
    @Test
    void aSiteThatIsNoAddressIsAUsageErrorNamingTheOption() {
        for (String site : new String[] {"ftp://x/", "not-an-address"}) {
            Run run = refresh("--base-dir", dir.toString(), "--sources", "eor", "--site", site);
            assertThat(run.exitCode()).as(site).isEqualTo(BseeCommand.USAGE);
            assertThat(run.err()).as(site).isEqualTo(String.format(
                    "bsee refresh: --site: a site base must be an absolute http or https address: %s%nTry 'bsee refresh --help'.%n", site));
            assertThat(run.out()).as(site).isEmpty();
        }
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aFailedSourceExitsNonZeroNamingIt() throws IOException {
        Path config = config("data:\n  refresh: true\nparameters:\n  filepath:\n    production:\n      zip: missing\n");

        Run run = refresh("--config", config.toString(), "--base-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.out()).contains("legacy   production_raw failed").contains("nothing changed in")
                .contains("the source failed");
        // Why is a diagnostic: on standard error, once, not repeated in the result.
        assertThat(run.out()).doesNotContain("missing");
        assertThat(run.err().lines().filter(line -> line.contains("missing"))).singleElement().asString()
                .startsWith("bsee: error: source production_raw (legacy) failed: ");
    }

    /// A failed source says nothing changed only when no commit is pending: one that failed after
    /// its renames (a superseded file that could not be removed) is completed by the next run.
    @Test
    void aFailedSourceWhoseCommitIsPendingSaysSo() throws IOException {
        Path folder = dir.resolve("data/modules/bsee/bin/war");
        SourceReport failed = new SourceReport("war", RefreshPath.ENHANCED, null, folder, SourceOutcome.FAILED, 10, 1,
                Duration.ofMillis(100), List.of(), List.of(), List.of(RefreshError.of(RefreshError.Kind.LOCAL, "war", "disk full")),
                ChangeRecord.none(), List.of());
        assertThat(RefreshCommand.details(failed)).endsWith("; nothing changed in " + folder);
        // A run that completed an earlier refresh's commit before it failed changed the folder: said below.
        SourceReport repaired = failed.withRepairs(List.of("removed stale temporary " + folder + "/t",
                "completed an interrupted commit into " + folder));
        assertThat(RefreshCommand.details(repaired)).endsWith("; nothing changed in " + folder + " after the repair below");
        java.io.StringWriter summary = new java.io.StringWriter();
        RefreshCommand.printSummary(new RefreshReport(new RefreshDecision(false, true, List.of(), List.of("war"), List.of()),
                List.of(repaired), List.of(), java.time.Instant.now(), Duration.ofSeconds(1)),
                new java.io.PrintWriter(summary, true));
        assertThat(summary.toString().lines()).containsSubsequence(
                "enhanced war          failed    " + RefreshCommand.details(repaired),
                "    repaired: completed an interrupted commit into " + folder);
        assertThat(summary.toString()).doesNotContain("stale temporary");

        Path journal = dir.resolve("data/modules/bsee/bin/.bsee/war/commit.json");
        Files.createDirectories(journal.getParent());
        Files.writeString(journal, "{}");
        assertThat(RefreshCommand.details(failed)).endsWith("; a commit into " + folder
                + " is pending: the next refresh or `bsee status` completes it");

        // A run that gave up waiting for the lock of a folder another run is committing into: that
        // run completes its commit; the next refresh was said to.
        Path lock = dir.resolve("data/modules/bsee/bin/.bsee/war/.lock");
        SourceReport waited = new SourceReport("war", RefreshPath.ENHANCED, null, folder, SourceOutcome.FAILED, 0, 0,
                Duration.ofMillis(100), List.of(), List.of(), List.of(RefreshError.of(RefreshError.Kind.LOCAL, "war",
                "output folder " + folder + " is locked by process 7; waited 1.0 s (lock file " + lock + ")")),
                ChangeRecord.none(), List.of());
        assertThat(RefreshCommand.details(waited)).endsWith("; nothing changed in " + folder
                + " by this refresh; the one holding it is committing into it");
    }

    /// A kept file the team deleted (a withdrawn or left-out year's) is said in the summary: only the
    /// notice and the JSON said it, so the summary on standard output showed nothing of it.
    @Test
    void aKeptFileTheTeamDeletedIsSaidInTheSummary() {
        Path folder = dir.resolve("data/modules/bsee/bin/ogora");
        ChangeRecord gone = new ChangeRecord(12, -1, List.of(), List.of(), java.util.Map.of(), null, null);
        SourceReport report = new SourceReport("ogora", RefreshPath.ENHANCED, null, folder, SourceOutcome.UPDATED, 10, 1,
                Duration.ofMillis(100), List.of(), List.of(), List.of(), ChangeRecord.none(),
                List.of(new dev.bsee.bridge.FileChange("ogora2026delimit.bin", dev.bsee.bridge.FileChange.Status.MISSING, gone)));
        java.io.StringWriter summary = new java.io.StringWriter();
        RefreshCommand.printSummary(new RefreshReport(new RefreshDecision(false, true, List.of(), List.of("ogora"), List.of()),
                List.of(report), List.of(), java.time.Instant.now(), Duration.ofSeconds(1)),
                new java.io.PrintWriter(summary, true));

        assertThat(summary.toString().lines()).contains(
                "    no longer listed ogora2026delimit.bin (deleted from the folder since the last refresh)");
    }

    /// A pending commit the run failed on itself (a journal a newer version left, one this user may
    /// not read) is not completed by the next refresh or `bsee status` of this version either: the
    /// line said it would, beside the error saying what to do instead.
    @Test
    void aPendingCommitTheRunCouldNotCompleteIsNotSaidToBeCompletedNextTime() throws IOException {
        Path folder = dir.resolve("data/modules/bsee/bin/war");
        Path journal = dir.resolve("data/modules/bsee/bin/.bsee/war/commit.json");
        Files.createDirectories(journal.getParent());
        Files.writeString(journal, "{\"format\": 2}");
        SourceReport failed = new SourceReport("war", RefreshPath.ENHANCED, null, folder, SourceOutcome.FAILED, 0, 0,
                Duration.ofMillis(100), List.of(), List.of(), List.of(RefreshError.of(RefreshError.Kind.LOCAL, "war",
                "commit journal " + journal + " was written by a newer version of bsee (format 2; this version reads"
                        + " format 1): let that version complete the commit (its next refresh or bsee status does), or"
                        + " move the journal away to have this one refresh the folder in full")),
                ChangeRecord.none(), List.of());

        assertThat(RefreshCommand.details(failed)).endsWith("; a commit into " + folder
                + " is pending, which this refresh could not complete (see the error)");
    }

    @Test
    void aWrongTypeNamesKeyAndLineAndExitsNonZero() throws IOException {
        Path config = config("data:\n  refresh: true\nprocessing:\n  retries: many\n");

        Run run = refresh("--config", config.toString(), "--base-dir", dir.toString());

        // A usage error: a scheduler tells a file to fix from a download that failed.
        assertThat(run.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(run.err()).contains("processing.retries (line 4").contains("many");
        assertThat(run.out()).isEmpty();
    }

    /// Under `-v` the library's INFO records are printed, and each notice was printed twice: as the
    /// record and as the progress line. With progress shown, the progress line alone says it; with
    /// `--progress none` the record does.
    @Test
    void verboseSaysEachDecisionOnce() throws IOException {
        Path config = config("data:\n  refresh: true\n  eor: true\n");

        Run lines = refresh("-v", "--config", config.toString(), "--base-dir", dir.toString(), "--progress", "lines");
        Run none = refresh("-v", "--config", config.toString(), "--base-dir", dir.toString(), "--progress", "none");

        assertThat(count(lines.err(), "parameters.filepath.eor.zip is not set")).as(lines.err()).isEqualTo(1);
        assertThat(lines.err()).contains("refresh: legacy path skips eor").doesNotContain("bsee: legacy path skips eor")
                .contains("bsee refresh: no source ran (the reasons are above)");
        assertThat(count(none.err(), "parameters.filepath.eor.zip is not set")).as(none.err()).isEqualTo(1);
        assertThat(none.err()).contains("bsee: legacy path skips eor").contains("bsee refresh: no source ran (the reasons are above)");
    }

    /// A base directory that is a file failed every source with `.../data: Not a directory`.
    @Test
    void aBaseDirectoryThatIsAFileIsAUsageErrorSaidOnce() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");

        Run run = refresh("--sources", "apd", "--base-dir", file.toString(), "--progress", "none");

        assertThat(run.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(run.err()).isEqualTo("bsee refresh: the base directory " + file + " is a file, not a folder"
                + System.lineSeparator());
        assertThat(file).hasContent("x");
        // With progress lines too: no "enhanced path runs" before the refusal, which said the contrary.
        Run shown = refresh("--sources", "apd", "--base-dir", file.toString(), "--progress", "lines");
        assertThat(shown.err()).isEqualTo(run.err());
        Run noBase = refresh("--sources", "apd", "--progress", "lines");
        assertThat(noBase.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(noBase.err()).isEqualTo("bsee refresh: no base directory for the outputs: pass --base-dir DIR"
                + System.lineSeparator());

        // Below a file, every source failed with `.../sub: Not a directory`, exit 1.
        Path under = file.resolve("sub");
        Run below = refresh("--sources", "apd", "--base-dir", under.toString(), "--progress", "none");
        assertThat(below.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(below.err()).isEqualTo("bsee refresh: the base directory " + under + " is under " + file
                + ", which is a file, not a folder" + System.lineSeparator());
        assertThat(file).hasContent("x");
    }

    @Test
    void theLineSayingNoSourceRanGivesEveryReason() throws IOException {
        Path config = config("data:\n  refresh: true\n  eor: true\n");

        Run run = refresh("--config", config.toString(), "--base-dir", dir.toString(), "--progress", "none");

        assertThat(run.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(run.err().lines().filter(line -> line.startsWith("bsee refresh: no source ran: ")))
                .singleElement().asString().contains("parameters.filepath.eor.zip is not set")
                .contains("enhanced path does not run");
    }

    @Test
    void nothingSwitchedOnIsAUsageErrorAndReportsUnknownKeysOnce() throws IOException {
        Path config = config("data:\n  well: true\nnotify: ops@example.com\n");

        Run run = refresh("--config", config.toString(), "--base-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(run.out()).isEqualTo("nothing ran" + System.lineSeparator());
        assertThat(run.err()).contains("nothing to do").contains("bsee: warning: configuration: notify (line 3")
                .contains("bsee refresh: no source ran");
        assertThat(count(run.err(), "notify (line 3")).isEqualTo(1);
    }

    @Test
    void aMistypedSourceIsAUsageErrorWithTheNearestName() throws IOException {
        Path config = config("data:\n  enhanced_refresh: true\n  prodution: true\n");

        Run run = refresh("--config", config.toString(), "--base-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(run.err()).contains("bsee: warning: configuration: data.prodution (line 3, column 14): no source 'prodution'")
                .contains("names it; did you mean `production`?");
        assertThat(count(run.err(), "did you mean")).isEqualTo(1);
        assertThat(dir.resolve("data")).doesNotExist();
    }

    /// The hint came only when no source ran; with `data.FMP` beside a source that runs, the key was
    /// ignored with a warning and no word of `fmp`.
    @Test
    void aMistypedKeyGetsItsHintWhenOtherSourcesRunToo() throws IOException {
        // Not a flag (true or false under a name that is no id is an error): a key with text.
        Path config = config("data:\n  refresh: true\n  well: true\n  FMP: later\nparameters:\n  filepath:\n    well:\n"
                + "      zip: no-zips-here\n");

        Run run = refresh("--config", config.toString(), "--base-dir", dir.toString(), "--progress", "none");

        assertThat(run.err()).contains("bsee: warning: configuration: data.FMP (line 4, column 3): unknown key, ignored;"
                + " did you mean `fmp`?");
        assertThat(count(run.err(), "did you mean")).isEqualTo(1);
    }

    @Test
    void withoutABaseDirectoryNothingIsWrittenAndBothWaysToSetOneAreNamed() throws IOException {
        productionZip(dir.resolve("zips/ogora2024delimit.zip"));
        Path config = config("data:\n  refresh: true\nparameters:\n  filepath:\n    production:\n      zip: "
                + dir.resolve("zips") + "\n");

        Run run = refresh("--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(run.err()).contains("--base-dir DIR").contains("output.base_dir");
        assertThat(Path.of("data")).as("nothing under the working directory").doesNotExist();

        Files.writeString(config, "output:\n  base_dir: " + dir.resolve("out") + "\n", java.nio.file.StandardOpenOption.APPEND);
        Run configured = refresh("--config", config.toString());
        assertThat(configured.exitCode()).as(configured.err()).isZero();
        assertThat(dir.resolve("out/data/modules/bsee/bin/production_raw/ogora2024delimit.bin")).isRegularFile();
    }

    @Test
    void aLibraryWarningIsOnePlainLineAndAStackTraceNeedsVerbose() throws IOException {
        Path config = config("data:\n  refresh: true\nparameters:\n  filepath:\n    production:\n      zip: missing\n");

        Run quiet = refresh("--config", config.toString(), "--base-dir", dir.toString());
        Run verbose = refresh("--config", config.toString(), "--base-dir", dir.toString(), "-v");

        assertThat(quiet.err()).contains("bsee: error: source production_raw (legacy) failed: ")
                .doesNotContain("\tat ", "WARNING:", "Exception:");
        assertThat(quiet.err().lines().filter(line -> line.startsWith("bsee: error: source production_raw"))).hasSize(1);
        assertThat(quiet.err().lines().filter(line -> line.contains("failed"))).as("the failure is said once on stderr")
                .hasSize(1);
        assertThat(verbose.err()).contains("bsee: error: source production_raw (legacy) failed: ").contains("\tat ");
    }

    @Test
    void aBadRowIsNamedOnceOnStderrWithArchiveEntryAndLine() throws IOException {
        zipOfOneEntry(dir.resolve("work/zips/ogora2024delimit.zip"), "ogora2024delimit.txt",
                "\"G01234\",\"x\"\r\n\"unterminated\r\n");
        Path config = config("data:\n  refresh: true\n  production: true\nparameters:\n  filepath:\n    production:\n"
                + "      zip: zips\n");

        Run run = refresh("--config", config.toString(), "--base-dir", dir.resolve("work").toString());

        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        String warning = run.err().lines().filter(line -> line.startsWith("bsee: error: source production_raw"))
                .findFirst().orElseThrow();
        assertThat(warning).contains("ogora2024delimit.zip: ogora2024delimit.txt: line 2: the text ends inside a quoted field");
        assertThat(count(warning, "ogora2024delimit.txt")).as(warning).isEqualTo(1);
        assertThat(count(warning, "line 2")).as(warning).isEqualTo(1);
    }

    /// A downloaded archive's damage is named by the archive's file name, entry and line, and the
    /// address it came from: two sources serving one file name were otherwise not told apart.
    @Test
    void aBadRowOfADownloadNamesTheAddressItCameFrom() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("mv_apddata_all.txt"));
            zip.write("API_WELL_NUMBER,WELL_NAME\n608164000100,A001\n608164000101,A002,extra\n"
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        byte[] archive = bytes.toByteArray();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mirror/APDRawData.zip", exchange -> {
            exchange.sendResponseHeaders(200, archive.length);
            exchange.getResponseBody().write(archive);
            exchange.close();
        });
        server.start();
        try {
            String address = "http://127.0.0.1:" + server.getAddress().getPort() + "/mirror/APDRawData.zip";
            Path config = config("data:\n  enhanced_refresh: true\n  apd: true\nsources:\n  apd:\n    url: " + address + "\n");

            Run run = refresh("--config", config.toString(), "--base-dir", dir.resolve("work").toString());

            assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
            assertThat(run.err().lines().filter(line -> line.startsWith("bsee: error: source apd"))).singleElement()
                    .asString().startsWith("bsee: error: source apd (enhanced) failed: APDRawData.zip: mv_apddata_all.txt: line 3: ")
                    .endsWith(" (downloaded from " + address + ")");
        } finally {
            server.stop(0);
        }
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    @Test
    void aMissingConfigIsAUsageError() {
        Run run = refresh("--base-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(run.err()).contains("--config");
    }
}
