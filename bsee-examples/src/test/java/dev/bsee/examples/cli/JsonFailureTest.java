package dev.bsee.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/// `--json` prints one JSON document on standard output whatever fails before a report exists: a
/// program piping the output always has something to parse, with the same message standard error has.
class JsonFailureTest {

    @TempDir
    Path dir;

    /// Each case: a failure class of refresh or status, `CONFIG` standing for an invalid configuration
    /// file, `MISSING` for one that does not exist.
    @ParameterizedTest
    @ValueSource(strings = {
            "refresh --config CONFIG",
            "refresh --config MISSING",
            "refresh",
            "refresh --config CONFIG --sources all",
            "refresh --sources nosuchsource --base-dir DIR",
            "refresh --sources all --lock-wait -1 --base-dir DIR",
            "refresh --sources all --base-dir DIR --no-such-option",
            // The parse stops at these, before the --json after them.
            "refresh --sources all --lock-wait abc --base-dir DIR",
            "refresh --sources all --base-dir DIR --base-dir DIR",
            "status --base-dir DIR --base-dir DIR",
            "status --config CONFIG",
            "status",
            "status --base-dir DIR --site not-an-address",
            // A bad option before the command, which the parse stops at before it meets the command.
            "-Xmx1g refresh --sources all --base-dir DIR",
            "--no-such-option status --base-dir DIR",
    })
    void aFailureBeforeAnyReportIsOneJsonDocumentOnStandardOutput(String line) throws IOException {
        Path config = Files.writeString(dir.resolve("refresh.yml"), "data:\n  refresh: maybe\n");
        String[] args = (line + " --json").replace("CONFIG", config.toString())
                .replace("MISSING", dir.resolve("missing.yml").toString())
                .replace("DIR", dir.toString()).split(" ");

        CliRun run = CliRun.of(args);
        CliRun plain = CliRun.of(line.replace("CONFIG", config.toString())
                .replace("MISSING", dir.resolve("missing.yml").toString())
                .replace("DIR", dir.toString()).split(" "));

        assertThat(run.exitCode()).isIn(BseeCommand.FAILED, BseeCommand.USAGE);
        JsonNode document = new ObjectMapper().readTree(run.out());
        assertThat(document.get("exit_code").asInt()).isEqualTo(run.exitCode());
        String error = document.get("error").asText();
        assertThat(error).isNotBlank();
        // The same message as standard error's first line, which is as without --json.
        assertThat(run.err()).contains(error.lines().findFirst().orElseThrow());
        assertThat(plain.out()).isEmpty();
        assertThat(plain.exitCode()).isEqualTo(run.exitCode());
    }

    /// `--json=true` is `--json` and `--json=false` none, as picocli reads them: a failure with
    /// `--json=false` printed the JSON document on standard output (after a summary, for a refresh
    /// that failed), and one whose parse stopped before `--json=true` printed none.
    @ParameterizedTest
    @ValueSource(strings = {
            "refresh --sources all --base-dir DIR --no-such-option JSON",
            "refresh --sources all --lock-wait abc --base-dir DIR JSON",
            "refresh JSON",
            "status JSON",
            "status --base-dir DIR --site not-an-address JSON",
    })
    void jsonEqualsTrueIsJsonAndJsonEqualsFalseIsNone(String line) throws IOException {
        for (String value : List.of("true", "TRUE", "false")) {
            CliRun run = CliRun.of(line.replace("JSON", "--json=" + value).replace("DIR", dir.toString()).split(" "));
            assertThat(run.exitCode()).as(value).isIn(BseeCommand.FAILED, BseeCommand.USAGE);
            if (value.equals("false")) {
                assertThat(run.out()).as(value).isEmpty();
            } else {
                JsonNode document = new ObjectMapper().readTree(run.out());
                assertThat(document.get("exit_code").asInt()).as(value).isEqualTo(run.exitCode());
            }
        }
    }

    /// A configuration file that is invalid or missing is a usage error (2), as a wrong option is: it
    /// exited 1, the code of a source that failed, so a scheduler could not tell a file to fix from a
    /// download that failed.
    @ParameterizedTest
    @ValueSource(strings = {"refresh --config CONFIG --base-dir DIR", "refresh --config MISSING --base-dir DIR",
            "status --config CONFIG --base-dir DIR", "status --config MISSING --base-dir DIR"})
    void aConfigurationThatIsInvalidOrMissingIsAUsageError(String line) throws IOException {
        Path config = Files.writeString(dir.resolve("refresh.yml"), "data:\n  refresh: maybe\n");
        CliRun run = CliRun.of(line.replace("CONFIG", config.toString())
                .replace("MISSING", dir.resolve("missing.yml").toString()).replace("DIR", dir.toString()).split(" "));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(BseeCommand.USAGE);
        assertThat(run.err().lines()).first().asString().contains(line.contains("MISSING")
                ? "no such file or folder: " + dir.resolve("missing.yml") : "invalid configuration " + config);
    }

    /// A configuration the system cannot read (an I/O error) fails both commands in the same words,
    /// naming the file: `status` said only `Input/output error`. It is a usage error, as a missing
    /// one is: no source ran.
    @ParameterizedTest
    @ValueSource(strings = {"refresh", "status"})
    void aConfigurationThatCannotBeReadIsNamedInTheSameWordsByBothCommands(String command) {
        CliRun run = CliRun.of(command, "--config", "/proc/self/mem", "--base-dir", dir.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(BseeCommand.USAGE);
        assertThat(run.err()).isEqualTo("bsee " + command + ": cannot read /proc/self/mem: Input/output error"
                + System.lineSeparator());
    }

    /// A signal stopping `status --json` (a scheduler's timeout) leaves the failure document on
    /// standard output, once, and the line on standard error; the report the command would have
    /// printed after it is not printed. A report printed before the signal is the only document.
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aSignalLeavesOneDocumentNeverTwo(boolean reportFirst) throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine root = BseeCommand.commandLine();
        root.setOut(new java.io.PrintWriter(out, true));
        root.setErr(new java.io.PrintWriter(err, true));
        picocli.CommandLine status = root.parseArgs("status", "--json", "--base-dir", dir.toString())
                .asCommandLineList().getLast();
        String report = "{\n  \"sources\" : [ ]\n}\n";

        try (JsonFailure.Running running = JsonFailure.onSignal(status)) {
            if (reportFirst) {
                JsonFailure.report(status.getOut(), report);
            }
            Thread hook = running.hook();
            hook.start();
            hook.join();
            JsonFailure.report(status.getOut(), report);
            JsonFailure.print(status.getOut(), "a failure as the command ends", BseeCommand.FAILED);
        }

        assertThat(err.toString()).isEqualTo("bsee status: stopped by a signal\n");
        if (reportFirst) {
            assertThat(out.toString()).isEqualTo(report);
        } else {
            JsonNode document = new ObjectMapper().readTree(out.toString());
            assertThat(document.get("error").asText()).isEqualTo("stopped by a signal");
            // No signal came in this JVM: the code is not known, and the document does not guess it.
            assertThat(document.get("exit_code").isNull()).isTrue();
            assertThat(new ObjectMapper().readerFor(JsonNode.class).readValues(out.toString()).readAll()).hasSize(1);
        }
    }

    /// A signal at any moment of a `--json` command's start leaves its document on standard output
    /// whenever standard error says the command stopped: from the JVM's first lines, not only once
    /// the command had begun. SIGTERM is sent at delays spread over the start (the command then
    /// waits on a configuration nobody writes); a signal before the JVM handles any ends it without
    /// a word on either stream, which the tool cannot prevent. Stopped while the JVM loaded the
    /// command, standard error said so and standard output stayed empty.
    @ParameterizedTest
    @ValueSource(strings = {"refresh", "status"})
    void aSignalAtAnyMomentOfTheStartLeavesTheDocument(String command) throws Exception {
        Path pipe = dir.resolve("config.yml");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        int said = 0;
        for (int delay = 20; delay <= 900; delay += 60) {
            Path out = dir.resolve("out-" + delay);
            Path err = dir.resolve("err-" + delay);
            Process child = CliRun.child(command, "--config", pipe.toString(), "--base-dir", dir.toString(), "--json")
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            Thread.sleep(delay);
            child.destroy();
            assertThat(child.waitFor(1, java.util.concurrent.TimeUnit.MINUTES)).as("hang guard").isTrue();
            List<String> lines = Files.readAllLines(err);
            String printed = Files.readString(out);
            String prefix = "bsee " + command + ": ";
            if (lines.stream().noneMatch(line -> line.startsWith(prefix))) {
                // Before the tool handles signals: the JVM's own end (its lines on standard error, as
                // bin/bsee starts it), and no document; or, a signal that came as the tool put its hook
                // in place, the document alone (the JVM may end before the line).
                if (!printed.isEmpty()) {
                    assertThat(new ObjectMapper().readTree(printed).path("exit_code").asInt()).as(printed).isEqualTo(143);
                }
                continue;
            }
            said++;
            assertThat(lines).as("after %d ms: %s", delay, printed).hasSize(1);
            assertThat(child.exitValue()).isEqualTo(143);
            JsonNode document = new ObjectMapper().readTree(printed);
            assertThat(document).as("after %d ms: %s", delay, printed).isNotNull();
            assertThat(document.path("error").asText()).as("after %d ms: %s", delay, lines)
                    .isEqualTo(lines.getFirst().substring(prefix.length()));
            assertThat(document.path("exit_code").asInt()).as(printed).isEqualTo(143);
            assertThat(new ObjectMapper().readValues(new ObjectMapper().createParser(printed), JsonNode.class).readAll())
                    .as("one document").hasSize(1);
        }
        assertThat(said).as("signals that reached the tool").isGreaterThan(3);
    }
}
