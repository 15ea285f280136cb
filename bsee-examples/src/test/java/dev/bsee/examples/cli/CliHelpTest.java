package dev.bsee.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/// Every subcommand answers `--help` with its usage and the exit codes, and wrong usage exits 2.
class CliHelpTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        return run(BseeCommand.commandLine(), args);
    }

    /// As `bsee` runs: the subcommand it names alone.
    private static Run runAsTheToolDoes(String... args) {
        return run(BseeCommand.commandLine(List.of(args)), args);
    }

    private static Run run(CommandLine commandLine, String... args) {
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

    /// A list option's synopsis is its label as written: picocli added its own split syntax to
    /// `--sources`, `[--sources=all|ID[,ID...][,all|ID[,ID...]...]]...`.
    @Test
    void aListOptionsSynopsisIsItsLabel() {
        assertThat(run("refresh", "--help").out()).contains("[--sources=all|ID[,ID...]]")
                .doesNotContain("[,all|ID");
    }

    /// An example is a command to copy: picocli wraps a line longer than its 80 columns, which
    /// would split a file name or an option from its value.
    @Test
    void everyExampleInTheHelpStaysOnOneLine() {
        for (String name : BseeCommand.commandLine().getSubcommands().keySet()) {
            String help = run(name, "--help").out();
            int examples = help.indexOf("Examples:");
            if (examples < 0) {
                continue;
            }
            List<String> lines = help.substring(examples).lines().skip(1).filter(line -> !line.isBlank()).toList();
            assertThat(lines).as(name).isNotEmpty()
                    .allSatisfy(line -> assertThat(line).as(name).startsWith("  ").hasSizeLessThanOrEqualTo(80));
        }
    }

    @Test
    void aNamedSubcommandIsBuiltAloneAndBehavesAsInTheWholeTool() {
        List<String> names = BseeCommand.commandLine().getSubcommands().keySet().stream()
                .filter(name -> !name.equals("help")).toList();
        assertThat(names).hasSize(7);
        for (String name : names) {
            assertThat(BseeCommand.commandLine(List.of(name)).getSubcommands()).as(name).containsOnlyKeys(name);
            // Run only where running does no work: help, and a usage error.
            for (List<String> args : List.of(List.of(name, "--help"), List.of("-v", name, "-h"),
                    List.of("-vv", name, "--no-such-option"))) {
                assertThat(BseeCommand.commandLine(args).getSubcommands()).as(args.toString()).containsOnlyKeys(name);
                String[] line = args.toArray(String[]::new);
                assertThat(runAsTheToolDoes(line)).as(args.toString()).isEqualTo(run(line));
            }
        }
    }

    @Test
    void aSubcommandBuiltAloneTakesTheToolsSettings() {
        // Enum values in any case: the setting reaches only the subcommands added before it.
        Run run = runAsTheToolDoes("convert", "--progress", "none");
        assertThat(run.err()).startsWith("bsee convert: missing required options and parameters: '--out=DIR', 'ZIP'");
        assertThat(run).isEqualTo(run("convert", "--progress", "none"));
        assertThat(runAsTheToolDoes("inspect", "--help").out()).contains("Exit codes:", " 2   Wrong usage");
    }

    @Test
    void anythingButANamedSubcommandGetsEverySubcommand() {
        Set<String> all = BseeCommand.commandLine().getSubcommands().keySet();
        for (List<String> args : List.of(List.<String>of(), List.of("--help"), List.of("--help", "refresh"),
                List.of("-V", "convert"), List.of("help", "status"), List.of("no-such-command"), List.of("Refresh"),
                List.of("--", "refresh"))) {
            assertThat(BseeCommand.commandLine(args).getSubcommands().keySet()).as(args.toString()).isEqualTo(all);
            String[] line = args.toArray(String[]::new);
            assertThat(runAsTheToolDoes(line)).as(args.toString()).isEqualTo(run(line));
        }
        assertThat(runAsTheToolDoes("--help").out()).contains("Commands:", "demo", "status", "help");
    }

    /// Asking for help takes the options and arguments help takes: an unknown option or an extra
    /// argument is a usage error, as for every other command line (it printed the help and exited 0).
    @Test
    void helpWithAnUnknownOptionOrAnExtraArgumentIsAUsageError() {
        for (List<String> args : List.of(List.of("help", "--bogus"), List.of("help", "-x"), List.of("help", "dump", "extra"),
                List.of("--help", "--bogus"), List.of("dump", "--help", "--bogus"), List.of("dump", "-V", "a.bin", "b.bin"))) {
            String[] line = args.toArray(String[]::new);
            for (Run run : List.of(run(line), runAsTheToolDoes(line))) {
                assertThat(run.code()).as(args.toString()).isEqualTo(BseeCommand.USAGE);
                assertThat(run.out()).as(args.toString()).isEmpty();
                assertThat(run.err()).as(args.toString()).containsPattern("^bsee( help| dump)?: (unknown option|unmatched argument at index \\d+): '" + args.getLast() + "'\n")
                        .contains("Try 'bsee ");
            }
        }
        assertThat(run("help", "dump").code()).isZero();
        assertThat(run("help", "--help").code()).isZero();
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

    /// The exit codes a command's description names are those it exits with: refresh's said 1 for a
    /// configuration it cannot read, which exits with 2 as the exit code table says.
    @Test
    void refreshsHelpNamesTheExitCodeOfAnInvalidConfiguration(@TempDir Path dir) throws IOException {
        Path invalid = Files.writeString(dir.resolve("refresh.yml"), "data:\n  refresh: maybe\n");
        Run refused = run("refresh", "--config", invalid.toString(), "--base-dir", dir.toString());
        assertThat(refused.code()).isEqualTo(BseeCommand.USAGE);
        Run missing = run("refresh", "--config", dir.resolve("missing.yml").toString(), "--base-dir", dir.toString());
        assertThat(missing.code()).isEqualTo(BseeCommand.USAGE);
        String help = run("refresh", "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("with " + BseeCommand.USAGE + " when the configuration is missing, unreadable or invalid")
                .doesNotContain("configuration is wrong");
    }

    @Test
    void wrongUsageExitsWithTwoAndOneLine() {
        Run unknown = run("inspect", "--no-such-option", "x.bin");
        assertThat(unknown.code()).isEqualTo(BseeCommand.USAGE);
        assertThat(unknown.err()).startsWith("bsee inspect: unknown option: '--no-such-option'")
                .contains("Try 'bsee inspect --help'.");
        Run unknownCommand = run("no-such-command");
        assertThat(unknownCommand.code()).isEqualTo(BseeCommand.USAGE);
        assertThat(unknownCommand.err()).contains("Try 'bsee --help'.").doesNotContain("bsee bsee");
        assertThat(run("inspect").code()).as("missing PATH").isEqualTo(BseeCommand.USAGE);
    }

    @Test
    void aMistypedOptionOrCommandIsNamedWithWhatWasMeant() {
        // picocli checks the required --out before it reports the option it did not know.
        Run typo = run("convert", "--otu", "x", "a.zip");
        assertThat(typo.code()).isEqualTo(BseeCommand.USAGE);
        assertThat(typo.err()).startsWith("bsee convert: unknown option: '--otu'").contains("Did you mean: --out?")
                .doesNotContain("missing required");
        Run command = run("conver", "x.zip");
        assertThat(command.code()).isEqualTo(BseeCommand.USAGE);
        assertThat(command.err()).startsWith("bsee: unknown command: 'conver'")
                .contains("Did you mean: bsee convert?").contains("Try 'bsee --help'.");
        // Two letters swapped: one slip, which picocli's own suggestions miss.
        Run swapped = run("dmup", "x.bin");
        assertThat(swapped.code()).isEqualTo(BseeCommand.USAGE);
        assertThat(swapped.err()).startsWith("bsee: unknown command: 'dmup'").contains("Did you mean: bsee dump?");
        assertThat(run("frobnicate").err()).startsWith("bsee: unknown command: 'frobnicate'")
                .doesNotContain("Did you mean");
        // A command cut short.
        assertThat(run("conv", "x.zip").err()).startsWith("bsee: unknown command: 'conv'")
                .contains("Did you mean: bsee convert?");
        // Where picocli has the guess (`--jsno`), it is said in the tool's words, not as "Possible solutions".
        Run json = run("status", "--jsno", "--base-dir", "x");
        assertThat(json.code()).isEqualTo(BseeCommand.USAGE);
        assertThat(json.err()).startsWith("bsee status: unknown option: '--jsno'").contains("Did you mean: --json?")
                .doesNotContain("Possible solutions");
        // The same word asked about with `help` is the same usage error, with the same hint (it was
        // picocli's "Unknown subcommand 'conver'." without one).
        Run help = run("help", "conver");
        assertThat(help.code()).isEqualTo(BseeCommand.USAGE);
        assertThat(help.out()).isEmpty();
        assertThat(help.err()).isEqualTo(String.format("bsee: unknown command: 'conver'%nDid you mean: bsee convert?%nTry 'bsee --help'.%n"));
    }

    /// A folder the tool writes into, named with a control character on the command line, made a
    /// folder whose name spans two lines, though the same path in a configuration is refused.
    @ParameterizedTest
    @ValueSource(strings = {"convert a.zip --out", "demo --base-dir", "refresh --sources all --base-dir",
            "status --base-dir"})
    void aFolderNamedWithAControlCharacterIsRefused(String command) {
        List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
        args.add("nl\nfolder");
        Run run = run(args.toArray(String[]::new));
        assertThat(run.code()).as(command).isEqualTo(BseeCommand.USAGE);
        assertThat(run.err()).as(command).contains("'nl\\nfolder' holds a control character (U+000A)");
    }

    @Test
    void aProgressModeIsNamedAsTheUserTypesIt() {
        Run wrong = run("convert", "--progress", "bar", "a.zip", "--out", "x");
        assertThat(wrong.code()).isEqualTo(BseeCommand.USAGE);
        assertThat(wrong.err()).startsWith("bsee convert: invalid value for option '--progress': unknown mode 'bar'"
                + " (expected auto, bars, lines or none)");
        assertThat(run("convert", "--progress", "NONE", "nothere.zip", "--out", "x").err())
                .doesNotContain("--progress");
    }

    /// The messages about the heap say `-Xmx`; given to the tool, a JVM option is named as one, with
    /// where it goes, before the command or after it.
    @Test
    void aJvmOptionGivenToTheToolSaysWhereItGoes() {
        // Also before a command whose own options are missing: the hint came only once they were given.
        for (String[] args : new String[][] {{"-Xmx1g", "convert", "a.zip", "--out", "x"}, {"-Xmx1g", "convert"},
                {"-Xmx1g", "convert", "a.zip"}}) {
            Run before = run(args);
            assertThat(before.code()).isEqualTo(BseeCommand.USAGE);
            assertThat(before.err().lines().toList()).as(String.join(" ", args)).containsExactly(
                    "bsee: unknown option: '-Xmx1g'",
                    "-Xmx1g is an option of the JVM, not of bsee: BSEE_JAVA_OPTS=\"-Xmx1g\" bin/bsee ..., or java -Xmx1g"
                            + " -jar bsee.jar ...",
                    "Try 'bsee --help'.");
        }
        Run after = run("convert", "a.zip", "--out", "x", "-XX:+UseG1GC", "-Dfile.encoding=UTF-8");
        assertThat(after.code()).isEqualTo(BseeCommand.USAGE);
        assertThat(after.err()).contains("-XX:+UseG1GC -Dfile.encoding=UTF-8 are options of the JVM, not of bsee:"
                + " BSEE_JAVA_OPTS=\"-XX:+UseG1GC -Dfile.encoding=UTF-8\" bin/bsee ...").contains("Try 'bsee convert --help'.");
        assertThat(after.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"convert", "refresh", "status", "inspect", "dump", "demo", "portal"})
    void everyCommandsVersionOptionPrintsTheVersion(String command) {
        Run version = run(command, "-V");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("bsee " + dev.bsee.core.BuildInfo.current().version() + " ");
    }

    /// The help is wrapped at 80 columns, and picocli breaks a line where a sentence could end: at
    /// the dot of `.bin`, which `demo --help` printed as `every .` and `bin file written`; and inside
    /// an address or a dotted key, at a dot followed by a letter, which `status --help` printed as
    /// `https://www.` and `data.bsee.gov/...`, `refresh --help` as `site.` and `base_url`, and
    /// `parameters.filepath.<id>.` and `bin`: copied, none worked. A line ending in `word.` whose
    /// next line, of the same text (indented as far), goes on with the rest of the word (a
    /// lower-case letter, `/` or `_`) is such a break; an abbreviation (`e.g.`) ends in a
    /// one-letter piece.
    @ParameterizedTest
    @ValueSource(strings = {"", "convert", "refresh", "status", "inspect", "dump", "demo", "portal"})
    void noHelpLineBreaksAWordAtItsDot(String command) {
        Run help = command.isEmpty() ? run("--help") : run(command, "--help");
        assertThat(help.code()).isZero();
        List<String> lines = help.out().lines().toList();
        assertThat(lines).noneMatch(line -> line.endsWith(" ."));
        java.util.regex.Pattern wordAtItsDot = java.util.regex.Pattern.compile("(\\S*[^\\s.])\\.$");
        for (int i = 0; i + 1 < lines.size(); i++) {
            java.util.regex.Matcher end = wordAtItsDot.matcher(lines.get(i));
            String next = lines.get(i + 1);
            if (!end.find() || next.isBlank()) {
                continue;
            }
            String[] pieces = end.group(1).split("[./:]");
            boolean sameText = indent(next) >= indent(lines.get(i));
            assertThat(sameText && pieces[pieces.length - 1].length() > 1 && next.strip().matches("[a-z/_].*"))
                    .as("%s --help breaks a word at its dot:%n%s%n%s", command, lines.get(i), next).isFalse();
        }
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }

    /// `bsee` without a command names the commands, in the words the docs use (it said picocli's
    /// "Missing required subcommand").
    @Test
    void noCommandIsAUsageErrorThatNamesTheCommands() {
        for (String[] args : new String[][] {{}, {"-v"}}) {
            Run run = runAsTheToolDoes(args);
            assertThat(run.code()).isEqualTo(BseeCommand.USAGE);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).isEqualTo(String.format("bsee: no command given: name one of demo, refresh, convert, dump,"
                    + " inspect, portal, status, help%nTry 'bsee --help'.%n"));
        }
    }

    @Test
    void failuresExitWithOneAndNameWhatFailedWithoutAStackTrace() {
        Run missing = run("inspect", "no/such/file.bin");
        assertThat(missing.code()).isEqualTo(BseeCommand.FAILED);
        assertThat(missing.err()).isEqualTo("bsee inspect: no such file or folder: no/such/file.bin" + System.lineSeparator());
    }

    /// A glob that matched nothing reaches the tool as typed (`bsee convert *.zip` in a folder of
    /// none): "no such file: *.zip" alone sent the user looking for a file named with a star.
    @Test
    void aPatternTheShellMatchedToNothingIsSaidToBeOne() {
        String hint = " (a pattern that matched no file, which the shell passes on as typed)";
        Run convert = run("convert", "*.zip", "--out", "out");
        assertThat(convert.code()).isEqualTo(BseeCommand.FAILED);
        assertThat(convert.err()).isEqualTo("bsee convert: no such file or folder: *.zip" + hint + System.lineSeparator());
        Run inspect = run("inspect", "data/*.bin", "x[12].zip");
        assertThat(inspect.code()).isEqualTo(BseeCommand.FAILED);
        assertThat(inspect.err()).isEqualTo("bsee inspect: no such file or folder: data/*.bin" + hint + System.lineSeparator()
                + "bsee inspect: no such file or folder: x[12].zip" + hint + System.lineSeparator());
        Run dump = run("dump", "mv_eor_?.bin");
        assertThat(dump.code()).isEqualTo(BseeCommand.FAILED);
        assertThat(dump.err()).isEqualTo("bsee dump: no such file or folder: mv_eor_?.bin" + hint + System.lineSeparator());
        assertThat(run("dump", "absent.bin").err()).isEqualTo("bsee dump: no such file or folder: absent.bin" + System.lineSeparator());
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
