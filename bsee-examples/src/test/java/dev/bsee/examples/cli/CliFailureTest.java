package dev.bsee.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/// Failures as one line on standard error and exit 1: file system exceptions, whose own messages
/// are often the path alone, and failures that are not exceptions (a JVM out of heap), with the
/// trace only under `-v`, not the JVM's "Exception in thread main" block.
class CliFailureTest {

    @Command(name = "exhaust")
    static final class Exhaust implements Callable<Integer> {
        @picocli.CommandLine.Parameters(arity = "0..*")
        java.util.List<String> files;

        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Command(name = "overflow")
    static final class Overflow implements Callable<Integer> {
        @Override
        public Integer call() {
            return recurse(0);
        }

        private static int recurse(int depth) {
            return recurse(depth + 1) + 1;
        }
    }

    /// Fails with the file system exception its argument names, as the JDK throws it.
    @Command(name = "fail")
    static final class Fail implements Callable<Integer> {
        @picocli.CommandLine.Parameters
        String which;

        @Override
        public Integer call() throws IOException {
            throw switch (which) {
                case "denied" -> new AccessDeniedException("/data/.eor.tmp");
                case "denied-move" -> new AccessDeniedException("/data/.eor.tmp/run-1/a.bin", "/data/eor/a.bin", null);
                case "missing" -> new NoSuchFileException("/data/eor.zip");
                case "not-a-folder" -> new NotDirectoryException("/data/eor");
                case "full" -> new FileSystemException("/data/eor/a.bin", null, "No space left on device");
                default -> new IOException(which);
            };
        }
    }

    private static String[] run(String... args) {
        CommandLine commandLine = BseeCommand.commandLine();
        commandLine.addSubcommand(new Exhaust());
        commandLine.addSubcommand(new Fail());
        commandLine.addSubcommand(new Overflow());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    /// The JDK's message of an `AccessDeniedException` or a `NoSuchFileException` is the path alone
    /// (`A -> B` for a move): `bsee convert` said `bsee convert: /data/.eor.tmp` when it could not
    /// write there. Each says what happened, as a refresh says it.
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "denied       | access denied: /data/.eor.tmp",
            "denied-move  | access denied: moving /data/.eor.tmp/run-1/a.bin to /data/eor/a.bin",
            "missing      | no such file or folder: /data/eor.zip",
            "not-a-folder | not a folder: /data/eor",
            "full         | /data/eor/a.bin: No space left on device"})
    void aFileSystemFailureSaysWhatHappenedToWhichFile(String which, String message) {
        String[] result = run("fail", which);
        assertThat(result[0]).isEqualTo(Integer.toString(BseeCommand.FAILED));
        assertThat(result[2].lines()).containsExactly("bsee fail: " + message);
    }

    /// A thread nobody waits on that dies (the HTTP client's selector out of heap) is said in one
    /// line naming it, not with the stack trace the JVM prints by default.
    @Test
    void aThreadThatDiesIsOneLineNamingIt() {
        Thread selector = new Thread(() -> { }, "HttpClient-1-SelectorManager");
        assertThat(BseeCommand.uncaught(selector, new OutOfMemoryError("Java heap space")))
                .isEqualTo("bsee: HttpClient-1-SelectorManager stopped: Java heap space");
        assertThat(BseeCommand.uncaught(new Thread(() -> { }, "odd\nname"),
                new IllegalStateException("closed", new java.io.IOException("broken pipe"))).lines())
                .singleElement().isEqualTo("bsee: odd\\nname stopped: closed: broken pipe");
        assertThat(BseeCommand.uncaught(Thread.ofVirtual().unstarted(() -> { }), new IllegalStateException("x")))
                .isEqualTo("bsee: a virtual thread stopped: x");
    }

    /// Out of open files a hundred threads failed alike (the JDK could not read its time-zone data),
    /// and standard error said it a hundred times.
    @Test
    void threadsThatDieAlikeAreSaidOnce() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        String failure = "Could not initialize class " + java.util.UUID.randomUUID();
        for (int i = 0; i < 100; i++) {
            BseeCommand.reportUncaught(Thread.ofVirtual().unstarted(() -> { }), new NoClassDefFoundError(failure), err);
        }
        BseeCommand.reportUncaught(new Thread(() -> { }, "worker"), new NoClassDefFoundError(failure), err);

        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines()).containsExactly(
                "bsee: a virtual thread stopped: " + failure, "bsee: worker stopped: " + failure);
    }

    @Test
    void runningOutOfHeapIsOneLineAndExitsOne() {
        long larger = BseeCommand.largerHeapGiB(Runtime.getRuntime().maxMemory());
        String[] quiet = run("exhaust");
        assertThat(quiet[0]).isEqualTo(Integer.toString(BseeCommand.FAILED));
        assertThat(quiet[1]).isEmpty();
        assertThat(quiet[2].lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("bsee exhaust: ran out of memory (Java heap space; this JVM's heap is ")
                .contains("BSEE_JAVA_OPTS=-Xmx" + larger + "g bin/bsee").contains("java -Xmx" + larger + "g -jar bsee.jar"));
        // The advice names a heap larger than the one that ran out: twice it, in whole GiB.
        assertThat(larger).isGreaterThanOrEqualTo(2 * Runtime.getRuntime().maxMemory() >> 30);
        assertThat(BseeCommand.largerHeapGiB(200L << 20)).isEqualTo(1);
        assertThat(BseeCommand.largerHeapGiB(5_827L << 20)).isEqualTo(12);

        String[] verbose = run("exhaust", "-v");
        assertThat(verbose[2]).startsWith("bsee exhaust: ran out of memory").contains("\tat ");

        // The files the command was given are named: which one did not fit.
        String[] named = run("exhaust", "big.bin", "odd\nname.bin");
        assertThat(named[2].lines()).singleElement().asString()
                .startsWith("bsee exhaust: ran out of memory on big.bin, odd\\nname.bin (Java heap space; ");
    }
    /// A stack that overflows (a pattern matching thousands of parts by recursion did) is one line
    /// and exit 1: the main thread's uncaught line and a stop hook's "stopped before it began" said
    /// two things, neither of them what happened.
    @Test
    void aStackThatOverflowsIsOneLineAndExitsOne() {
        String[] quiet = run("overflow");
        assertThat(quiet[0]).isEqualTo(Integer.toString(BseeCommand.FAILED));
        assertThat(quiet[2].lines()).singleElement().asString()
                .isEqualTo("bsee overflow: ran out of stack (StackOverflowError) on an input of a shape the tool does"
                        + " not handle; -v shows where");
        assertThat(run("overflow", "-v")[2]).contains("\tat ");
    }

    /// At the process's thread limit (`ulimit -u`) the JDK says `OutOfMemoryError: unable to create
    /// native thread`; convert and refresh then advised a larger heap, which takes more of what is short.
    @Test
    void aThreadThatCannotStartIsNotAdvisedALargerHeap() {
        String message = BseeCommand.outOfMemory(java.util.List.of("eor.zip"), new OutOfMemoryError("unable to create native"
                + " thread: possibly out of memory or process/resource limits reached"));

        assertThat(message).startsWith("could not start a thread on eor.zip (possibly out of memory or process/resource"
                        + " limits reached): ")
                .contains("ulimit -u").doesNotContain("-Xmx").doesNotContain("larger heap");
    }

    /// Names from the command line and the configuration are the user's text, and a file name may
    /// hold any character but `/`: on standard error and output they are escaped, so a name cannot
    /// forge a line of the tool's output or move the cursor. Before, `--config $'x\nbsee: done'`
    /// printed `bsee: done` as a line of its own, and `\e[2J` in a name cleared the terminal.
    @Test
    void namesFromTheCommandLineAndTheConfigurationReachTheTerminalEscaped(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws IOException {
        String odd = "odd\u001b[2J\nforged\u202e";
        java.nio.file.Path base = dir.resolve(odd);
        java.nio.file.Path badConfig = java.nio.file.Files.writeString(dir.resolve(odd + ".yml"),
                "data:\n  refresh: \"x\\nforged\\e[1m\"\n  \"k\\nforged\\e[2J\": [1]\n");
        java.nio.file.Path warnedConfig = java.nio.file.Files.writeString(dir.resolve("warned.yml"),
                "data:\n  refresh: true\n  \"k\\nforged\\e[2J\": [1]\n  \"we\\e\": [1]\n");
        String missing = dir.resolve(odd + "-missing.yml").toString();
        // A bin folder named in the configuration, as the status lists it.
        java.nio.file.Path oddFolder = java.nio.file.Files.writeString(dir.resolve("folder.yml"),
                "parameters:\n  filepath:\n    production:\n      bin: \"odd\\e[2J\\nforged\"\n");
        java.nio.file.Files.writeString(java.nio.file.Files.createDirectories(dir.resolve("odd\u001b[2J\nforged"))
                .resolve("mv_productiondata.bin"), "not a pickle");
        java.nio.file.Path failing = java.nio.file.Files.writeString(dir.resolve("failing.yml"),
                "data:\n  refresh: true\nparameters:\n  filepath:\n    production:\n      zip: missing\n");
        for (String[] args : new String[][] {
                {"refresh", "--config", missing, "--base-dir", dir.toString()},
                {"refresh", "--config", badConfig.toString(), "--base-dir", dir.toString()},
                {"refresh", "--config", warnedConfig.toString(), "--base-dir", dir.toString()},
                {"refresh", "--sources", "fmp," + odd, "--base-dir", dir.toString()},
                {"refresh", "--config", failing.toString(), "--base-dir", base.toString()},
                {"status", "--config", missing, "--base-dir", dir.toString()},
                {"status", "--config", badConfig.toString()},
                {"status", "--base-dir", base.toString()},
                {"status", "--config", oddFolder.toString(), "--base-dir", dir.toString()},
                {"convert", dir.resolve(odd + ".zip").toString(), "--out", dir.resolve("out").toString()}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isIn(BseeCommand.FAILED, BseeCommand.USAGE);
            for (String printed : new String[] {run.out(), run.err()}) {
                assertThat(printed.chars().filter(c -> c < 0x20 && c != '\n' || c == 0x202E))
                        .as(String.join(" ", args) + ": " + printed).isEmpty();
                assertThat(printed.lines()).as(String.join(" ", args) + ": " + printed)
                        .noneSatisfy(line -> assertThat(line.stripLeading()).startsWith("forged"));
            }
            assertThat(run.out() + run.err()).as(String.join(" ", args))
                    .contains(args[2].equals(warnedConfig.toString()) ? "k\\nforged\\e[2J" : "odd\\e[2J");
        }
    }
    /// A password written into `--site` is shown nowhere, also where the address is refused (not
    /// http, not an address at all). Before, both refusals quoted it whole on standard error.
    /// An empty path (an unset variable: `--base-dir "$DIR"`) named the current directory, and a
    /// refresh wrote under wherever the tool was started. Every path option refuses it as usage.
    @Test
    void anEmptyPathIsAUsageErrorForEveryPathOption() {
        for (String[] args : new String[][] {{"refresh", "--sources", "eor", "--base-dir", ""},
                {"status", "--base-dir", ""}, {"refresh", "--config", ""}, {"convert", "x.zip", "--out", ""},
                {"demo", "--base-dir", ""}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(BseeCommand.USAGE);
            assertThat(run.err()).as(String.join(" ", args)).contains("the path is empty (an unset variable?)");
            assertThat(run.out()).isEmpty();
        }
    }

    /// An address that is not one (`--site "http://h/ x"`) was refused in the JDK's words, with its
    /// exception's class name (`java.net.URISyntaxException: Illegal character in path ...`).
    @Test
    void anAddressThatIsNotOneIsRefusedInWords(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        CliRun run = CliRun.of("refresh", "--sources", "eor", "--base-dir", dir.toString(), "--site", "http://h/ x");
        assertThat(run.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(run.err()).contains("invalid value for option '--site': 'http://h/ x' is not an address: Illegal"
                + " character in path at character 10").doesNotContain("java.net");
    }

    /// `--lock-wait SECONDS` takes decimals (`0.5`); what is no such wait is refused in words, not as
    /// "'1.5' is not a long".
    @Test
    void aLockWaitIsSecondsWholeOrDecimalAndAnythingElseIsRefusedInWords() {
        BseeCommand.Seconds seconds = new BseeCommand.Seconds();
        assertThat(seconds.convert("60")).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(seconds.convert("1.5")).isEqualTo(java.time.Duration.ofMillis(1500));
        assertThat(seconds.convert("0")).isEqualTo(java.time.Duration.ZERO);
        assertThat(seconds.convert("2e1")).isEqualTo(java.time.Duration.ofSeconds(20));
        assertThat(seconds.convert("0.0000000019")).isEqualTo(java.time.Duration.ofNanos(1));
        // Neither is written out in full: that took a minute of CPU for the one and overflowed
        // BigInteger, naming its exception, for the other.
        assertThat(seconds.convert("1e-99999999")).isEqualTo(java.time.Duration.ZERO);
        // Past what a BigDecimal holds, they are still numbers: they were said to be none.
        assertThat(seconds.convert("1e-2147483648")).isEqualTo(java.time.Duration.ZERO);
        assertThat(seconds.convert("+.5e-99999999999")).isEqualTo(java.time.Duration.ZERO);
        assertThat(seconds.convert("0e99999999999")).as("zero, whatever its exponent").isEqualTo(java.time.Duration.ZERO);
        assertThat(seconds.convert("-0.0e99999999999")).isEqualTo(java.time.Duration.ZERO);
        for (String[] refused : new String[][] {{"abc", "'abc' is not a number of seconds (such as 60 or 0.5)"},
                {"-1", "'-1' is negative: a wait is 0 seconds or more"},
                {"1e999", "'1e999' is longer than a wait can be (about 292 years)"},
                {"9223372036854775808", "is longer than a wait can be"},
                {"1e99999999", "'1e99999999' is longer than a wait can be"},
                {"1e999999999", "'1e999999999' is longer than a wait can be"},
                {"1e2147483648", "'1e2147483648' is longer than a wait can be"},
                {"-1e-2147483648", "'-1e-2147483648' is negative"},
                {"1e", "'1e' is not a number of seconds"}}) {
            for (String command : new String[] {"refresh", "status"}) {
                String[] args = command.equals("refresh")
                        ? new String[] {"refresh", "--sources", "eor", "--base-dir", "/nonexistent", "--lock-wait", refused[0]}
                        : new String[] {"status", "--base-dir", "/nonexistent", "--lock-wait", refused[0]};
                CliRun run = CliRun.of(args);
                assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(BseeCommand.USAGE);
                assertThat(run.err().lines().findFirst().orElseThrow()).as(String.join(" ", args))
                        .startsWith("bsee " + command + ": invalid value for option '--lock-wait': ").contains(refused[1])
                        .doesNotContain("long'", "java.");
            }
        }
    }

    @Test
    void aPasswordInARefusedSiteIsNotPrinted(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        for (String site : new String[] {"ftp://user:secret@h/", "http://user:secret@h/ x"}) {
            for (String command : new String[] {"refresh", "status"}) {
                String[] args = command.equals("refresh")
                        ? new String[] {"refresh", "--sources", "fmp", "--base-dir", dir.toString(), "--site", site}
                        : new String[] {"status", "--base-dir", dir.toString(), "--site", site};
                CliRun run = CliRun.of(args);
                assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(BseeCommand.USAGE);
                assertThat(run.err()).as(String.join(" ", args)).contains("***@h").doesNotContain("secret");
                assertThat(run.out()).doesNotContain("secret");
            }
        }
    }

    /// The line every unexpected failure is printed as: causes that loop end it, each message once.
    @Test
    @org.junit.jupiter.api.Timeout(value = 10, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void causesThatLoopArePrintedOnceEach() {
        Exception outer = new Exception("cannot read x.bin");
        Exception inner = new Exception("truncated at byte 12", outer);
        outer.initCause(inner);

        assertThat(BseeCommand.oneLine(outer)).isEqualTo("cannot read x.bin: truncated at byte 12");
    }

    /// Results that cannot be written (a report sent to a full disk, `/dev/full`, a closed stdout)
    /// fail the run in one line, whatever the command: a job must not read an empty report as a
    /// success.
    @ParameterizedTest
    @CsvSource({"inspect", "dump", "--version"})
    void resultsThatCannotBeWrittenFailTheRun(String command, @org.junit.jupiter.api.io.TempDir java.nio.file.Path temp)
            throws Exception {
        java.nio.file.Path bin = temp.resolve("t.bin");
        try (var out = java.nio.file.Files.newOutputStream(bin)) {
            dev.bsee.binary.PickleWriter.builder().build().write(dev.bsee.core.Table.builder()
                    .column("A", dev.bsee.core.Int64Column.of(1, 2, 3)).build(), out);
        }
        String[] args = command.startsWith("-") ? new String[] {command} : new String[] {command, bin.toString()};
        java.io.Writer full = fullDisk();
        StringWriter err = new StringWriter();
        int exit = BseeCommand.execute(args, new PrintWriter(full), new PrintWriter(err, true), () -> false);
        assertThat(exit).isEqualTo(BseeCommand.FAILED);
        String name = command.startsWith("-") ? "bsee" : "bsee " + command;
        assertThat(err.toString()).isEqualTo(name + ": the output could not be written (standard output closed, or"
                + " its disk full)" + System.lineSeparator());

        // A pipe whose reader stopped (`| head -1`) is no failure: the reader had what it wanted.
        StringWriter piped = new StringWriter();
        assertThat(BseeCommand.execute(args, new PrintWriter(full), new PrintWriter(piped, true), () -> true))
                .isEqualTo(BseeCommand.OK);
        assertThat(piped.toString()).isEmpty();
    }

    /// A convert whose summary cannot be printed has still written its files: the line says where,
    /// and that only the summary is missing. "The output could not be written" read as the files.
    @Test
    void aConvertWhoseSummaryCannotBePrintedSaysItsFilesWereWritten(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp)
            throws Exception {
        java.nio.file.Path zip = temp.resolve("t.zip");
        try (var out = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("t1.txt"));
            out.write("A,B\n1,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.putNextEntry(new java.util.zip.ZipEntry("t2.txt"));
            out.write("C\n3\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        java.nio.file.Path dir = temp.resolve("out");
        StringWriter err = new StringWriter();
        int exit = BseeCommand.execute(new String[] {"convert", zip.toString(), "--out", dir.toString(), "--progress",
                "none"}, new PrintWriter(fullDisk()), new PrintWriter(err, true), () -> false);

        assertThat(exit).isEqualTo(BseeCommand.FAILED);
        assertThat(err.toString()).isEqualTo("bsee convert: the 2 .bin files were written to " + dir + "; only the"
                + " summary could not be printed (standard output closed, or its disk full)" + System.lineSeparator());
        assertThat(dir.resolve("t1.bin")).isRegularFile();
        assertThat(dir.resolve("t2.bin")).isRegularFile();

        // A convert that wrote nothing says nothing of files.
        StringWriter failed = new StringWriter();
        BseeCommand.execute(new String[] {"convert", temp.resolve("none.zip").toString(), "--out", dir.toString()},
                new PrintWriter(fullDisk()), new PrintWriter(failed, true), () -> false);
        assertThat(failed.toString()).doesNotContain("written to");

        // The demo likewise: its refresh ran and wrote its files and its report file.
        java.nio.file.Path demo = temp.resolve("demo");
        StringWriter demoErr = new StringWriter();
        BseeCommand.execute(new String[] {"demo", "--base-dir", demo.toString(), "--progress", "none"},
                new PrintWriter(fullDisk()), new PrintWriter(demoErr, true), () -> false);
        assertThat(demoErr.toString()).matches("(?s)bsee demo: the demo's refresh ran \\(all \\d+ sources succeeded\\) and"
                + " wrote its files under " + java.util.regex.Pattern.quote(demo.toRealPath().toString()) + " and its"
                + " report to \\S+refresh-report.json; only its summary could not be printed \\(standard output closed,"
                + " or its disk full\\)\\R");
        assertThat(demo.resolve("refresh-report.json")).isRegularFile();
    }

    /// A writer to a disk that is full, as /dev/full is.
    private static java.io.Writer fullDisk() {
        return new java.io.Writer() {
            @Override
            public void write(char[] chars, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void flush() throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void close() {
            }
        };
    }

    /// A failing run whose results could not be written says so too: `status` prints the problems
    /// it finds as its results, so an unhealthy folder checked into /dev/full exited 1 without a word.
    @Test
    void aFailingRunWhoseResultsCannotBeWrittenSaysSo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp) {
        java.io.Writer full = fullDisk();
        StringWriter err = new StringWriter();
        int exit = BseeCommand.execute(new String[] {"status", "--base-dir", temp.resolve("none").toString()},
                new PrintWriter(full), new PrintWriter(err, true), () -> false);
        assertThat(exit).isEqualTo(BseeCommand.FAILED);
        assertThat(err.toString()).endsWith("bsee status: the output could not be written (standard output closed, or"
                + " its disk full)" + System.lineSeparator());
    }

    /// The same as a user meets it: `bsee --version | head -c 0`, a child JVM writing into a pipe
    /// already closed, exits 0 without a word.
    @Test
    void aPipeClosedByItsReaderIsNoFailure() throws Exception {
        Process process = CliRun.child("--version").redirectError(ProcessBuilder.Redirect.PIPE).start();
        process.getInputStream().close();
        String err = new String(process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(err).isEqualTo(BseeCommand.OK);
        assertThat(err).isEmpty();
    }

    /// The same as a user meets it: a child JVM whose standard output is `/dev/full`.
    @Test
    void aReportToAFullDeviceExitsOne() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(java.nio.file.Path.of("/dev/full")),
                "/dev/full is a Linux device");
        Process process = CliRun.child("--version").redirectOutput(new java.io.File("/dev/full"))
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        String err = new String(process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isEqualTo(BseeCommand.FAILED);
        assertThat(err).contains("bsee: the output could not be written");
    }
}
