package dev.bsee.examples.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/// Every subcommand answers `--help` with its usage and the exit codes, and wrong usage exits 2.
class CliHelpTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine commandLine = BseeCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void everySubcommandHasHelpWithExitCodes() {
        List<String> names = BseeCommand.commandLine().getSubcommands().keySet().stream()
                .filter(name -> !name.equals("help")).toList();
        assertThat(names).contains("inspect");
        for (String name : names) {
            Run help = run(name, "--help");
            assertThat(help.code()).as(name).isZero();
            assertThat(help.out()).as(name).startsWith("Usage: bsee " + name)
                    .contains("Exit codes:", " 0   Success.", " 1   The work failed", " 2   Wrong usage");
        }
        assertThat(run("--help").out()).contains("Commands:", "inspect", "Exit codes:");
    }

    @Test
    void theCliPageDocumentsEverySubcommandAndTheExitCodes() throws IOException {
        String page = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("docs/cli.md"));
        for (String name : BseeCommand.commandLine().getSubcommands().keySet()) {
            if (!name.equals("help")) {
                assertThat(page).as("docs/cli.md section for " + name).contains("\n## bsee " + name + "\n");
            }
        }
        BseeCommand.exitCodes().forEach((code, meaning) ->
                assertThat(page).contains("| " + code.strip() + " | " + meaning + " |"));
    }

    @Test
    void wrongUsageExitsWithTwoAndOneLine() {
        Run unknown = run("inspect", "--no-such-option", "x.bin");
        assertThat(unknown.code()).isEqualTo(BseeCommand.USAGE);
        assertThat(unknown.err()).startsWith("bsee: Unknown option: '--no-such-option'")
                .contains("Try 'bsee inspect --help'.");
        Run unknownCommand = run("no-such-command");
        assertThat(unknownCommand.code()).isEqualTo(BseeCommand.USAGE);
        assertThat(unknownCommand.err()).contains("Try 'bsee --help'.").doesNotContain("bsee bsee");
        assertThat(run("inspect").code()).as("missing PATH").isEqualTo(BseeCommand.USAGE);
    }

    @Test
    void failuresExitWithOneAndNameWhatFailedWithoutAStackTrace() {
        Run missing = run("inspect", "no/such/file.bin");
        assertThat(missing.code()).isEqualTo(BseeCommand.FAILED);
        assertThat(missing.err()).isEqualTo("bsee inspect: no such file or folder: no/such/file.bin" + System.lineSeparator());
    }

    @Test
    void versionIsTheBuildsVersionAndCommitLikeTheUserAgent() throws Exception {
        Run run = run("--version");
        assertThat(run.code()).isZero();
        dev.bsee.core.BuildInfo build = dev.bsee.core.BuildInfo.current();
        assertThat(build.version()).as("filled in by the build").matches("[0-9]+\\.[0-9]+\\.[0-9]+.*");
        assertThat(run.out()).startsWith("bsee " + build.version() + " ");
        try (dev.bsee.scraper.HttpFetcher fetcher = dev.bsee.scraper.HttpFetcher.builder().build()) {
            assertThat(fetcher.userAgent()).startsWith("bsee-java/" + build.version() + " ");
        }
        java.nio.file.Path root = java.nio.file.Path.of("").toAbsolutePath().getParent();
        if (java.nio.file.Files.exists(root.resolve(".git"))) {
            Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").directory(root.toFile()).start();
            String head = new String(git.getInputStream().readAllBytes()).strip();
            assertThat(git.waitFor()).isZero();
            assertThat(build.commit()).hasValue(head);
            assertThat(run.out()).contains("(commit " + head + ")");
        }
    }
}
