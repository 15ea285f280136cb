package dev.bsee.examples.cli;

import dev.bsee.core.peer.Fixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/// On a real (pseudo-)terminal `bsee demo` draws progress bars in place; redirected, it prints plain
/// lines. The terminal comes from util-linux `script`, which runs a command under a new pty.
class TerminalProgressTest {

    /// The demo refreshes the whole catalog.
    private static final int SOURCES = dev.bsee.core.SourceCatalog.of().sources().size();

    @TempDir
    Path dir;

    private String demo(boolean terminal) throws Exception {
        List<String> java = new ArrayList<>();
        java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        java.addAll(List.of(System.getProperty("bsee.chronicle.jvm.args", "").trim().split("\\s+")));
        java.addAll(List.of("-cp", System.getProperty("java.class.path"), BseeCommand.class.getName(), "demo",
                "--base-dir", dir.resolve(terminal ? "tty" : "file").toString()));
        Path log = dir.resolve(terminal ? "tty.log" : "file.log");
        ProcessBuilder builder;
        if (terminal) {
            Path script = Path.of("/usr/bin/script");
            Assumptions.assumeTrue(Files.isExecutable(script), "util-linux script is needed for a pseudo-terminal");
            builder = new ProcessBuilder(script.toString(), "-qec", String.join(" ", java.stream().map(TerminalProgressTest::quote).toList()),
                    "/dev/null");
        } else {
            builder = new ProcessBuilder(java);
        }
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /// A terminal line as it stands: what follows its last carriage return, erase code removed.
    private static String shown(String line) {
        String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        return text.substring(text.lastIndexOf('\r') + 1).replace("\u001B[K", "");
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    @Test
    void aTerminalGetsBarsRedrawnInPlace() throws Exception {
        String output = demo(true);
        assertThat(output).contains("\r\u001B[K");
        assertThat(output).containsPattern("\\r\\u001B\\[K\\S+ .*\\[[#-]{20}\\] +\\d+% ");
        assertThat(output).contains("Refresh report: " + SOURCES + " sources, 0 failed");
        // What a person sees: each line as it stands after its last erase. Every entry shows once
        // (in the report), however often the status line named it while it was read.
        List<String> visible = java.util.Arrays.stream(output.split("\n")).map(TerminalProgressTest::shown)
                .filter(line -> !line.isBlank()).toList();
        assertThat(visible).as("entries are listed by the report only")
                .noneMatch(line -> line.matches("\\S+\\.zip: .*: [\\d,]+ rows?, \\d+ columns? \\(.*\\) in [\\d.]+ s"))
                .anyMatch(line -> line.matches("\\s+data/modules/bsee/bin/war/mv_war_main\\.bin +160 rows +23 columns"));
    }

    /// Progress goes to standard error, so standard error decides: a terminal whose standard error
    /// is sent to a file gets plain lines in the file, and one whose standard output is sent to a
    /// file still gets bars.
    @Test
    void progressFollowsStandardErrorNotStandardOutput() throws Exception {
        Path script = Path.of("/usr/bin/script");
        Assumptions.assumeTrue(Files.isExecutable(script), "util-linux script is needed for a pseudo-terminal");
        Path archive = Fixtures.file("bsee-zip/eWellEORRawData.zip");
        List<String> java = new ArrayList<>();
        java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        java.addAll(List.of(System.getProperty("bsee.chronicle.jvm.args", "").trim().split("\\s+")));
        java.addAll(List.of("-cp", System.getProperty("java.class.path"), BseeCommand.class.getName(), "convert",
                archive.toString(), "--out"));
        String convert = String.join(" ", java.stream().map(TerminalProgressTest::quote).toList());

        Path err = dir.resolve("err.log");
        String terminal = underTerminal(script, convert + " " + quote(dir.resolve("a").toString()) + " 2>" + quote(err.toString()));
        String errText = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(errText).doesNotContain("\r", "\u001B").contains("mv_eor_completions.txt: ");
        assertThat(terminal).doesNotContain("\r\u001B[K");

        Path out = dir.resolve("out.log");
        terminal = underTerminal(script, convert + " " + quote(dir.resolve("b").toString()) + " >" + quote(out.toString()));
        assertThat(terminal).contains("\r\u001B[K");
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).doesNotContain("\r", "\u001B")
                .contains("mv_eor_completions.bin");
    }

    private String underTerminal(Path script, String command) throws Exception {
        Path log = dir.resolve("terminal.log");
        Process process = new ProcessBuilder(script.toString(), "-qec", command, "/dev/null").redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void redirectedOutputGetsPlainLines() throws Exception {
        String output = demo(false);
        assertThat(output).doesNotContain("\r", "\u001B").contains("apd: downloaded 0 B of ")
                .contains("Refresh report: " + SOURCES + " sources, 0 failed")
                // An entry's line names its source, as the download's lines do.
                .containsPattern("(?m)^war: eWellWARRawData/mv_war_main\\.txt: [\\d,]+ rows?, \\d+ columns? \\(.*\\) in [\\d.]+ s$");
    }
}
