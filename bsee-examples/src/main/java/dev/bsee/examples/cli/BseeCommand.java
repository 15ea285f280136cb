package dev.bsee.examples.cli;

import dev.bsee.core.internal.Causes;
import dev.bsee.core.BuildInfo;
import dev.bsee.core.internal.SafeText;
import dev.bsee.core.internal.MessageText;
import dev.bsee.bridge.internal.DurationText;
import dev.bsee.scraper.SourceDataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/// The `bsee` command-line tool: `java -jar bsee.jar <command> [options]`.
///
/// Exit codes, the same for every subcommand: 0 success, 1 the work failed (bad input, a source
/// failed), 2 wrong usage. Failures print one line naming what failed, never a stack trace alone.
@Command(name = "bsee", mixinStandardHelpOptions = true, versionProvider = BseeCommand.Version.class,
        description = "Keeps a local copy of the public BSEE raw data fresh as pandas-compatible .bin files.")
public final class BseeCommand {

    /// Exit code when the work succeeded.
    public static final int OK = 0;
    /// Exit code when the work failed.
    public static final int FAILED = 1;
    /// Exit code for wrong usage.
    public static final int USAGE = 2;

    private BseeCommand() {
    }

    /// `-v`/`--verbose`, accepted by every subcommand: the library's log lines at `INFO` and stack
    /// traces of failures on standard error (`-vv`: also `FINE`). Without it only warnings are
    /// logged, one plain line each, without a trace.
    ///
    /// @param verbose one flag per `-v`
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show the library's log lines and stack traces of failures on standard error (-vv for more detail).")
    void setVerbose(boolean[] verbose) {
        // Read from the parse result when the command runs (see CliLogging); picocli needs a target.
    }

    private static final String HTTP_BUFFER_PROPERTY = "jdk.httpclient.bufsize";
    private static final int HTTP_BUFFER_BYTES = 256 << 10;

    /// Runs the tool and exits with its code. Started as `java -jar bsee.jar` without memory
    /// options of the user's own, `convert`, `refresh` and `demo` run in a child JVM with the memory
    /// settings of `bin/bsee`.
    ///
    /// @param args the command line
    public static void main(String[] args) {
        // First: a signal from here on is known by its number, which the JSON document's exit_code
        // says. One that came while the lines below ran left `"exit_code": null`.
        StopSignal.record();
        JvmRelaunch.takeTemporaryFolder();
        // The JDK's HTTP client reads the socket into buffers of this size (16 KiB unless set) and
        // hands each one through its flow to the download: a 35 MiB archive took some 2,200
        // hand-offs, a quarter of a second of CPU among the client's threads and the reader. In
        // 256 KiB buffers the refresh of the production archive took 0.3 to 0.4 s less CPU
        // (docs/performance.md). The client reads the property once, when its first class
        // initialises, so it is set before anything else; a value the user gives wins.
        if (System.getProperty(HTTP_BUFFER_PROPERTY) == null) {
            System.setProperty(HTTP_BUFFER_PROPERTY, Integer.toString(HTTP_BUFFER_BYTES));
        }
        // Read once by the client too: Basic credentials of a proxy variable may open a tunnel.
        ProxyVariables.allowBasicForTunnels(System.getenv());
        useUtf8WhereTheLocaleGivesAscii();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> reportUncaught(thread, e, System.err));
        JvmRelaunch.stopWithParent(System.getProperty(JvmRelaunch.PARENT_PROPERTY));
        // From here on a signal is said ([StopHook#BEFORE_START]); a JVM that hands the command to a
        // child JVM stops saying it as the child starts, which says it itself.
        String command = JvmRelaunch.command(List.of(args));
        // A `--json` command owes its document from here on too: a signal while the JVM loads the
        // command left standard error's line and no document (the command's own hook comes later).
        boolean json = JSON_COMMANDS.contains(command) && commandLineAsksForJson(args);
        if (STOP_HOOKED.contains(command) || json) {
            StopHook.armBeforeStart(command, System.err, json ? System.out : null);
        }
        // A child JVM of `java -jar` tells its launcher it can now say a signal: stopped earlier, it
        // would end without a word.
        JvmRelaunch.tellReady(System.getProperty(JvmRelaunch.READY_PROPERTY));
        Optional<String> moved = JvmRelaunch.movedAtStart(System.getProperty("user.dir", ""), System.getenv("PWD"),
                System.getProperty("user.name", ""));
        if (moved.isPresent()) {
            System.err.println("bsee: " + moved.get());
            if (json) {
                PrintWriter out = new PrintWriter(System.out, true, java.nio.charset.StandardCharsets.UTF_8);
                JsonFailure.print(out, moved.get(), USAGE);
                out.flush();
            }
            StopHook.disarmBeforeStart();
            System.exit(USAGE);
        }
        int code = JvmRelaunch.runInChild(args).orElseGet(() -> {
            JvmRelaunch.AotCache.discardUnusable(System.getProperty("java.vm.info"),
                    () -> ManagementFactory.getRuntimeMXBean().getInputArguments());
            warmUpAhead(args);
            return run(args);
        });
        StopHook.disarmBeforeStart();
        JvmRelaunch.tellExitCode(System.getProperty(JvmRelaunch.EXIT_CODE_PROPERTY), code);
        System.exit(code);
    }

    /// The commands that say what a signal left ([StopHook]), also before they begin.
    static final Set<String> STOP_HOOKED = Set.of("convert", "refresh", "demo");

    /// The commands whose `--json` prints a JSON document on standard output whatever fails.
    static final Set<String> JSON_COMMANDS = Set.of("refresh", "status");

    /// Writes standard output and error in UTF-8 where the locale gives ASCII: the C or POSIX locale,
    /// or one that is not installed (`LC_ALL=en_US.UTF-8` on a system without it, which falls back to
    /// C). The JVM then writes every other character as `?`, and `bsee dump` printed table text as
    /// `?n?c?d?` with exit 0. As Python does in the C locale (PEP 538, 540).
    static void useUtf8WhereTheLocaleGivesAscii() {
        if (java.nio.charset.StandardCharsets.US_ASCII.equals(System.out.charset())) {
            System.setOut(new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        if (java.nio.charset.StandardCharsets.US_ASCII.equals(System.err.charset())) {
            System.setErr(new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
                    java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /// The line said for a thread that ended with an exception nobody caught: a thread of the JDK's
    /// (the HTTP client's selector out of heap) printed its whole stack trace by default; what the
    /// command could not do, it says itself.
    static String uncaught(Thread thread, Throwable e) {
        // A virtual thread has no name unless given one.
        String name = thread.getName().isEmpty() ? (thread.isVirtual() ? "a virtual thread" : "a thread")
                : thread.getName();
        return "bsee: " + SafeText.escape(name) + " stopped: " + oneLine(e);
    }

    /// The lines [#reportUncaught] printed: each is said once.
    private static final Set<String> UNCAUGHT_REPORTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /// Prints a thread's uncaught failure on standard error, once: out of open files, a hundred
    /// threads failed alike (the JDK could not read its time-zone data) and said so a hundred times.
    static void reportUncaught(Thread thread, Throwable e, java.io.PrintStream err) {
        String line = uncaught(thread, e);
        if (UNCAUGHT_REPORTED.add(line)) {
            err.println(line);
        }
    }

    /// The commands that read YAML or JSON first thing (a refresh's configuration, a folder's
    /// manifest) and hash the files they write or check.
    private static final Set<String> WARMED_UP = Set.of("refresh", "status", "demo");

    /// Work every refresh does early, done ahead on another thread while picocli builds and parses
    /// the command line (about 0.1 s) and the other processor is idle.
    ///
    /// - Every Jackson parser initialises `java.math.BigDecimal` (constants of its base class), whose
    ///   static initialiser computes 5^65536 on JDK 25: 30 to 40 ms of the refresh's start, before
    ///   its configuration is read.
    /// - The manifest's SHA-256 of every written byte (and `status`'s of every file) runs at the
    ///   speed of the processor's SHA instructions only once C2 has compiled the digest's update;
    ///   until then a fresh JVM hashes at a few MB/s, and in a refresh C2 gets to the digest only
    ///   after the parser, more than a second in. Many small updates reach the compile threshold
    ///   after a megabyte (about 60 ms of CPU), before the parser asks for its compilations.
    private static void warmUpAhead(String[] args) {
        if (WARMED_UP.contains(JvmRelaunch.command(List.of(args)))) {
            Thread.ofPlatform().daemon().name("bsee-warm-up").start(() -> {
                BigDecimal.ONE.signum();
                primeSha256();
            });
        }
    }

    private static final int PRIMING_UPDATES = 20_000;

    private static void primeSha256() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] block = new byte[64];
            for (int i = 0; i < PRIMING_UPDATES; i++) {
                digest.update(block, 0, block.length);
            }
            digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /// Runs the tool without exiting, for tests and embedding.
    ///
    /// @param args the command line
    /// @return the exit code
    public static int run(String... args) {
        // A relative path resolves against the current folder: one whose name the locale cannot hold
        // arrives mangled, and outputs would go to a new folder of the mangled name.
        if (MessageText.unmappableFileName(System.getProperty("user.dir", ""))) {
            System.err.println("bsee: the current folder " + System.getProperty("user.dir") + " cannot be used: "
                    + MessageText.pathCharsetHint());
            return 2;
        }
        // Straight over System.out, so that the writer's checkError() reports a reader that went
        // away: picocli's own writer wraps System.out in one that keeps the PrintStream's errors
        // from it, and `bsee dump big.bin | head` wrote on to the last row.
        return execute(args, new PrintWriter(System.out, true, resultsCharset(args, System.out.charset())),
                new PrintWriter(System.err, true, System.err.charset()), BseeCommand::outputIsAPipe);
    }

    /// The charset of the results on standard output: UTF-8 for those a program reads (`dump`'s JSON
    /// and CSV, the documents of `--json`) whatever the locale, as JSON is UTF-8 (RFC 8259) and
    /// `pandas.read_csv` and `read_json` read UTF-8 unless told otherwise; the locale's (`stdout`)
    /// for the lines a person reads. Under a locale of another charset (`de_DE.ISO-8859-1`) `dump`
    /// wrote a character that charset lacks (`€`, `日本`) as `?`, exit 0, and the rest in that
    /// charset, a CSV pandas could not read.
    ///
    /// @param args the command line
    /// @param stdout the charset standard output has by the locale
    /// @return the charset the command's results are written in
    static java.nio.charset.Charset resultsCharset(String[] args, java.nio.charset.Charset stdout) {
        List<String> options = List.of(args).subList(0, endOfOptions(args));
        return JvmRelaunch.command(options).equals("dump") || commandLineAsksForJson(args)
                ? java.nio.charset.StandardCharsets.UTF_8 : stdout;
    }

    /// Runs the tool with its results going to `out` and its diagnostics to `err`; a run whose
    /// results could not all be written fails, unless `out` is a pipe whose reader stopped reading.
    static int execute(String[] args, PrintWriter out, PrintWriter err, java.util.function.BooleanSupplier outIsAPipe) {
        CommandLine line = commandLine(List.of(args)).setOut(out).setErr(err);
        int code = line.execute(args);
        // A PrintWriter keeps its failures to itself: a report written to a full disk, /dev/full or
        // a closed stdout would otherwise end with exit 0 and nothing in the file a job then reads.
        // A pipe cannot be full: its failure is a reader that had what it wanted (`| head -1`),
        // which other tools meet dying of SIGPIPE, without a word.
        // Said of a failing run too: `status` and `portal` print their problems as results, so a
        // failing one whose results went nowhere said nothing at all.
        out.flush();
        if (out.checkError() && !outIsAPipe.getAsBoolean()) {
            String name = JvmRelaunch.command(List.of(args));
            // A command that wrote files before its summary says that they are there: "the output"
            // alone read as the files, and had a convert into DIR that succeeded look failed.
            java.util.Optional<String> wrote = filesWritten(line);
            err.println("bsee" + (name.isEmpty() ? "" : " " + name) + ": " + wrote.orElse("the output could not be written")
                    + " (standard output closed, or its disk full)");
            err.flush();
            return code == OK ? FAILED : code;
        }
        return code;
    }

    /// A command that writes files and then prints a summary of them on standard output.
    interface WritesFiles {
        /// What the command wrote, once its files are in place, and that only what it prints is
        /// missing: `the 2 .bin files were written to DIR; only the summary could not be printed`.
        ///
        /// @return the sentence, or empty before any file was written
        java.util.Optional<String> filesWritten();
    }

    /// What the subcommand that ran wrote ([WritesFiles]), if it says.
    private static java.util.Optional<String> filesWritten(CommandLine line) {
        CommandLine.ParseResult parsed = line.getParseResult();
        CommandLine.ParseResult ran = parsed == null ? null : parsed.subcommand();
        return ran != null && ran.commandSpec().userObject() instanceof WritesFiles command ? command.filesWritten()
                : java.util.Optional.empty();
    }

    /// `bsee COMMAND: --base-dir DIR is used in place of output.base_dir ABS of FILE` on `err`, when
    /// `--base-dir` takes the place of the configuration's absolute `output.base_dir`.
    static void sayBaseDirectoryOverride(PrintWriter err, String command, Path baseDirectory,
                                         dev.bsee.bridge.RefreshConfig settings, Path config) {
        dev.bsee.bridge.internal.ConfigPaths.overriddenBaseDirectory(java.util.Optional.ofNullable(baseDirectory), settings)
                .ifPresent(set -> err.println("bsee " + command + ": --base-dir " + SafeText.escape(baseDirectory.toString())
                        + " is used in place of output.base_dir " + SafeText.escape(set.toString()) + " of "
                        + SafeText.escape(String.valueOf(config))));
    }

    /// Whether standard output is a pipe (Linux names it `pipe:[N]`; elsewhere, not known to be).
    /// The line for a configuration file that could not be read, in the words of `refresh` and
    /// `status` alike: a file system exception's message is often the path alone, so its reason is
    /// what is said after the path.
    static String configurationUnread(Path config, java.io.IOException e) {
        String reason = e instanceof java.nio.file.FileSystemException failure
                ? (String.valueOf(config).equals(failure.getFile()) ? dev.bsee.core.internal.MessageText.systemReason(failure)
                        : dev.bsee.core.internal.MessageText.fileFailure(failure))
                : e.getMessage();
        return "cannot read " + SafeText.escape(String.valueOf(config)) + ": " + SafeText.escape(reason);
    }

    static boolean outputIsAPipe() {
        try {
            return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/1")).toString().startsWith("pipe:");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException notLinux) {
            return false;
        }
    }

    /// The arguments before `--`, after which none is an option.
    private static int endOfOptions(String[] args) {
        int end = java.util.Arrays.asList(args).indexOf("--");
        return end < 0 ? args.length : end;
    }

    /// Whether `command` was given `--json` (refresh, status) before it failed: its standard output
    /// then gets a [JsonFailure] document. picocli takes `--json=false` as no `--json`, so a summary
    /// was printed and, on a failure, a JSON document after it.
    static boolean wantsJson(CommandLine command) {
        CommandLine.ParseResult parsed = command.getParseResult();
        return parsed != null && command.getCommandSpec().optionsMap().containsKey("--json")
                && parsed.hasMatchedOption("--json") && Boolean.TRUE.equals(parsed.matchedOptionValue("--json", false));
    }

    /// Whether the command line `args` asks for JSON: an argument before `--` that does ([#asksForJson(String)]).
    private static boolean commandLineAsksForJson(String[] args) {
        return java.util.Arrays.asList(args).subList(0, endOfOptions(args)).stream().anyMatch(BseeCommand::asksForJson);
    }

    /// Whether the argument `arg` asks for JSON as picocli reads it: `--json`, or `--json=true` in
    /// any case (`--json=false` asks for none).
    static boolean asksForJson(String arg) {
        return arg.equals("--json") || arg.startsWith("--json=") && arg.substring("--json=".length()).equalsIgnoreCase("true");
    }

    /// `ran out of memory on INPUTS (...; this JVM's heap is N MiB): a larger heap may get further (...)`.
    ///
    /// @param inputs the files the work was on, as given; none for a command of no files
    /// @param e the failure
    /// @return the sentence, after `bsee COMMAND: `
    static String outOfMemory(List<String> inputs, OutOfMemoryError e) {
        String on = inputs.isEmpty() ? "" : " on " + SafeText.escape(String.join(", ", inputs));
        if (MessageText.threadLimit(e)) {
            // The process's thread limit (ulimit -u), which the JDK words as running out of memory.
            return SafeText.escape(SafeText.withoutUserInfo(MessageText.threadLimit(on, e).replace('\n', ' ')));
        }
        long heap = Runtime.getRuntime().maxMemory();
        String larger = "-Xmx" + largerHeapGiB(heap) + "g";
        return "ran out of memory" + on
                + " (" + oneLine(e) + "; this JVM's heap is " + (heap >> 20) + " MiB): a larger heap may get further"
                + " (BSEE_JAVA_OPTS=" + larger + " bin/bsee ..., or java " + larger + " -jar bsee.jar ...)";
    }

    /// The heap's exhaustion behind a reader's refusal of a `.bin` (a [dev.bsee.binary.PickleFormatException]
    /// whose cause is the `OutOfMemoryError`): said as any command's running out of heap, with the
    /// CLI's advice, not as the SDK's sentence with `: Java heap space` after it.
    ///
    /// @param e a command's failure
    /// @return the error, when `e` is such a refusal
    static java.util.Optional<OutOfMemoryError> heapRefusal(Throwable e) {
        if (e instanceof dev.bsee.binary.PickleFormatException) {
            // The refusal naming the file wraps the reader's own, whose cause is the error.
            for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
                if (cause instanceof OutOfMemoryError heap) {
                    return java.util.Optional.of(heap);
                }
            }
        }
        return java.util.Optional.empty();
    }

    /// Twice `heapBytes`, in whole GiB, at least 1: a heap the advice names must be larger than the one
    /// that ran out (a 5.8 GiB heap was advised -Xmx1g).
    static long largerHeapGiB(long heapBytes) {
        return Math.max(1, (2 * heapBytes + (1L << 30) - 1) >> 30);
    }

    /// Whether the JVM is shutting down (a signal, or `System.exit` elsewhere): it takes no more hooks then.
    static boolean stopping() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shuttingDown) {
            return true;
        }
    }

    /// The exit codes as the help of every command lists them.
    static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(" " + OK, "Success.");
        codes.put(" " + FAILED, "The work failed: bad input, or a source or file failed (the output says which).");
        codes.put(" " + USAGE, "Wrong usage: unknown command or option, missing or invalid value, a configuration file"
                + " that is missing, unreadable or invalid, a refresh that ran no source or has no base directory.");
        return codes;
    }

    /// The tool as a picocli command line, with its exit codes and error handling, for tests and
    /// embedding that want to capture its output.
    ///
    /// @return a new command line
    public static CommandLine commandLine() {
        return withSubcommands(SUBCOMMANDS);
    }

    /// The subcommands, in the order `bsee --help` lists them; `help` comes last.
    private static final List<Class<?>> SUBCOMMANDS = List.of(DemoCommand.class, RefreshCommand.class,
            ConvertCommand.class, DumpCommand.class, InspectCommand.class, PortalCommand.class, StatusCommand.class,
            CommandLine.HelpCommand.class);

    /// The command line `args` need: picocli builds each command's model from its annotations by
    /// reflection, and for all eight subcommands that took 60 to 100 ms of a fresh JVM's start before
    /// any command ran, so a command line that names its subcommand gets that one alone. Anything
    /// else (no subcommand, `help`, a name that is none, an option of `bsee` itself other than `-v`
    /// before the name, such as `--help`) gets every subcommand, so that the root's help,
    /// `bsee help X` and picocli's suggestions list them all.
    static CommandLine commandLine(List<String> args) {
        String name = JvmRelaunch.command(args);
        int position = args.indexOf(name);
        boolean onlyVerbose = args.subList(0, Math.max(position, 0)).stream()
                .allMatch(arg -> arg.matches("-v+|--verbose"));
        List<Class<?>> named = onlyVerbose ? SUBCOMMANDS.stream()
                .filter(command -> !command.equals(CommandLine.HelpCommand.class))
                .filter(command -> command.getAnnotation(Command.class).name().equals(name))
                .toList() : List.of();
        return withSubcommands(named.isEmpty() ? SUBCOMMANDS : named);
    }

    /// A path given on the command line.
    ///
    /// @param text the argument
    /// @return the path
    /// @throws CommandLine.TypeConversionException when it is empty, mangled by the locale or no path
    static Path path(String text) {
        if (text.isEmpty()) {
            throw new CommandLine.TypeConversionException("the path is empty (an unset variable?): give a path");
        }
        // Under the C locale a non-ASCII argument arrives with U+FFFD in place of each character.
        if (MessageText.unmappableFileName(text)) {
            throw new CommandLine.TypeConversionException("'" + text + "' cannot be used: " + MessageText.pathCharsetHint());
        }
        try {
            return Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a path: " + e.getReason());
        }
    }

    /// The folder a command writes into (`--out`, `--base-dir`): a path without control characters,
    /// which a configuration's paths refuse too; one made with a line break in its name spans two
    /// lines of every listing.
    static final class FolderPath implements CommandLine.ITypeConverter<Path> {
        @Override
        public Path convert(String text) {
            MessageText.controlCharacter(text).ifPresent(why -> {
                throw new CommandLine.TypeConversionException("'" + SafeText.escape(text) + "' " + why
                        + ", which no folder the tool uses should");
            });
            return path(text);
        }
    }

    /// A wait in seconds (`--lock-wait`): a whole or decimal number (`60`, `0.5`, `2e1`), 0 or more, to
    /// the nanosecond, converted as the configuration's durations are ([DurationText#ofSeconds]), so
    /// `1e99999999` is refused as quickly as `1e999`.
    static final class Seconds implements CommandLine.ITypeConverter<java.time.Duration> {
        @Override
        public java.time.Duration convert(String text) {
            BigDecimal seconds = DurationText.decimal(text.strip()).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "'" + SafeText.escape(text) + "' is not a number of seconds (such as 60 or 0.5)"));
            if (seconds.signum() < 0) {
                throw new CommandLine.TypeConversionException("'" + SafeText.escape(text) + "' is negative: a wait is 0 seconds or more");
            }
            try {
                return DurationText.ofSeconds(seconds, text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + SafeText.escape(text)
                        + "' is longer than a wait can be (about 292 years)");
            }
        }
    }

    private static CommandLine withSubcommands(List<Class<?>> subcommands) {
        CommandLine commandLine = new CommandLine(new BseeCommand());
        // Added before the settings below, which picocli applies to the subcommands it has then.
        subcommands.forEach(commandLine::addSubcommand);
        // An empty path is the current directory to Path.of: what an unset variable gives
        // (`--base-dir "$DIR"`), which would write under wherever the tool was started.
        commandLine.registerConverter(Path.class, BseeCommand::path);
        // The JDK's own text names its exception class (`java.net.URISyntaxException: ...`).
        commandLine.registerConverter(java.net.URI.class, text -> {
            try {
                return new java.net.URI(text);
            } catch (java.net.URISyntaxException e) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not an address: " + e.getReason()
                        + " at character " + (e.getIndex() + 1));
            }
        });
        // picocli names an enum's constants as declared (`[AUTO, BARS, LINES, NONE]`), not as typed.
        commandLine.registerConverter(ConsoleProgress.Mode.class, text -> {
            for (ConsoleProgress.Mode mode : ConsoleProgress.Mode.values()) {
                if (mode.name().equalsIgnoreCase(text)) {
                    return mode;
                }
            }
            throw new CommandLine.TypeConversionException("unknown mode '" + text + "' (expected auto, bars, lines or none)");
        });
        commandLine
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExitCodeExceptionMapper(e -> FAILED)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (stopping()) {
                        // A signal stopped the JVM and the command's threads fail as their files go:
                        // the command's shutdown hook has said what happened, once.
                        return FAILED;
                    }
                    String line = heapRefusal(e).map(heap -> outOfMemory(cmd.getParseResult().matchedPositionals()
                            .stream().flatMap(positional -> positional.stringValues().stream()).toList(), heap))
                            .orElseGet(() -> oneLine(e));
                    cmd.getErr().println(commandName(cmd) + ": " + line);
                    if (wantsJson(cmd)) {
                        JsonFailure.print(cmd.getOut(), line, FAILED);
                    }
                    if (CliLogging.verbosity(parsed) > 0) {
                        e.printStackTrace(cmd.getErr());
                    }
                    cmd.getErr().flush();
                    return FAILED;
                })
                .setParameterExceptionHandler((e, a) -> {
                    // The message quotes the value as typed: an address may hold a password.
                    CommandLine failed = e.getCommandLine();
                    PrintWriter err = failed.getErr();
                    // picocli checks required options before it reports what it did not know: a
                    // mistyped `--out` is the cause of the missing one, so it comes first, and so
                    // does `-Xmx1g` before the command (`bsee -Xmx1g convert`), which `bsee` kept.
                    for (CommandLine level = failed; level != null && !(e instanceof CommandLine.UnmatchedArgumentException);
                            level = level.getParent()) {
                        List<String> unmatched = level.getParseResult() == null ? List.of() : level.getParseResult().unmatched();
                        if (!unmatched.isEmpty()) {
                            e = new CommandLine.UnmatchedArgumentException(level, unmatched);
                            failed = level;
                        }
                    }
                    // picocli's message for a KEY=VALUE option says "option option '--source'".
                    String message = String.valueOf(e.getMessage()).replace("for option option '", "for option '");
                    String command = Suggestions.unknownCommand(e, failed);
                    if (command != null) {
                        // picocli says "Unmatched arguments from index 0", the words a parser uses.
                        message = "unknown command: '" + command + "'";
                    } else if (failed.getParent() == null && !failed.getSubcommands().isEmpty()
                            && message.equals("Missing required subcommand")) {
                        // `bsee` alone, or `bsee -v`: the commands, which the docs call commands.
                        message = "no command given: name one of " + String.join(", ", failed.getSubcommands().keySet());
                    }
                    // In the voice of the command's other failures: its name first (`bsee convert: ...`),
                    // and picocli's sentences begun in lower case as the tool's own are.
                    if (message.length() > 1 && Character.isUpperCase(message.charAt(0))
                            && Character.isLowerCase(message.charAt(1))) {
                        message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
                    }
                    err.println(commandName(failed) + ": " + SafeText.escape(SafeText.withoutUserInfo(message)));
                    // The parse stops at the bad option: a `--json` after it is seen in the arguments,
                    // also when the bad option comes before the command (`bsee -Xmx1g refresh --json`).
                    if (wantsJson(failed) || failed.getCommandSpec().optionsMap().containsKey("--json")
                            && commandLineAsksForJson(a) || failed.getParent() == null
                            && JSON_COMMANDS.contains(JvmRelaunch.command(List.of(a))) && commandLineAsksForJson(a)) {
                        JsonFailure.print(failed.getOut(), SafeText.escape(SafeText.withoutUserInfo(message)), USAGE);
                    }
                    if (e instanceof CommandLine.UnmatchedArgumentException unknown) {
                        Optional<String> jvm = Suggestions.forJvmOptions(unknown.getUnmatched());
                        if (jvm.isPresent()) {
                            err.println(SafeText.escape(jvm.get()));
                        } else if (command != null) {
                            // picocli's guesses for a command are uneven: none for `dmup`, two for `frobnicate`.
                            Suggestions.forCommand(command, failed.getSubcommands().keySet()).ifPresent(err::println);
                        } else if (unknown.getSuggestions().isEmpty()) {
                            // picocli's own suggestions miss a transposition (`--otu`).
                            Suggestions.forOptions(unknown.getUnmatched(), failed.getCommandSpec().optionsMap().keySet())
                                    .forEach(err::println);
                        } else {
                            // In the words of the tool's own hints, not picocli's "Possible solutions".
                            err.println("Did you mean: " + String.join(" or ", unknown.getSuggestions()) + "?");
                        }
                    } else if (command != null) {
                        // `bsee help conver`: the hint `bsee conver` gets.
                        Suggestions.forCommand(command, failed.getSubcommands().keySet()).ifPresent(err::println);
                    }
                    // The top-level command is `bsee` itself: its help is `bsee --help`, not `bsee bsee --help`.
                    failed.getErr().println("Try '" + commandName(failed) + " --help'.");
                    return USAGE;
                });
        // The tool configures logging itself while a command runs: a library record is one plain line
        // on the command's standard error, with a stack trace only under -v.
        commandLine.setExecutionStrategy(parsed -> {
            // picocli checks nothing more once help is asked for (`help`, `--help`, `-V`): an unknown
            // option or an extra argument then printed the help and exited 0, where it is the usage
            // error (2) it is for every other command line.
            for (CommandLine command : parsed.asCommandLineList()) {
                List<String> unmatched = command.getParseResult().unmatched();
                if (!unmatched.isEmpty()) {
                    throw new CommandLine.UnmatchedArgumentException(command, unmatched);
                }
            }
            try (CliLogging logging = CliLogging.install(CliLogging.verbosity(parsed), commandLine::getErr);
                 JsonFailure.Running onSignal = JsonFailure.onSignal(parsed.asCommandLineList().getLast())) {
                return new CommandLine.RunLast().execute(parsed);
            } catch (OutOfMemoryError e) {
                // Not an Exception, so picocli passes it by; the heap it took is free again here.
                CommandLine failed = parsed.asCommandLineList().getLast();
                // The files the command was given (inspect's, dump's, convert's): which one was too big.
                List<String> inputs = failed.getParseResult().matchedPositionals().stream()
                        .flatMap(positional -> positional.stringValues().stream()).toList();
                return failedWithError(parsed, outOfMemory(inputs, e), e);
            } catch (StackOverflowError e) {
                // Not an Exception either: the main thread's uncaught line and the stop hook's
                // "stopped before it began" said two things, neither of them what happened.
                return failedWithError(parsed, "ran out of stack (StackOverflowError) on an input of a shape the tool"
                        + " does not handle; -v shows where", e);
            }
        });
        addExitCodes(commandLine);
        return commandLine;
    }

    /// Says `message` of an [Error] that ended the command, as the failure handler says an
    /// exception: one line, the JSON document for `--json`, the trace under `-v`.
    private static int failedWithError(CommandLine.ParseResult parsed, String message, Error e) {
        CommandLine failed = parsed.asCommandLineList().getLast();
        failed.getErr().println("bsee " + failed.getCommandName() + ": " + message);
        if (wantsJson(failed)) {
            JsonFailure.print(failed.getOut(), message, FAILED);
        }
        if (CliLogging.verbosity(parsed) > 0) {
            e.printStackTrace(failed.getErr());
        }
        failed.getErr().flush();
        return FAILED;
    }

    private static void addExitCodes(CommandLine command) {
        // Every command offers -V (mixinStandardHelpOptions); without a provider it printed nothing.
        command.getCommandSpec().versionProvider(new Version());
        if (command.getCommandSpec().usageMessage().exitCodeList().isEmpty()) {
            command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes());
        }
        command.getSubcommands().values().forEach(BseeCommand::addExitCodes);
    }

    /// How the tool names `command` at the start of its messages: `bsee`, or `bsee convert`.
    private static String commandName(CommandLine command) {
        return command.getParent() == null ? "bsee" : "bsee " + command.getCommandName();
    }

    /// The message of `e` and its causes, as one line, e.g. `could not read x.bin: truncated at byte 12`.
    static String oneLine(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t : Causes.of(e)) {
            if (t != e && t.getMessage() == null) {
                // A cause without a message (an EOFException) adds only its class name to one that has.
                continue;
            }
            String message = t instanceof FileSystemException file ? MessageText.fileFailure(file)
                    : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(message);
            }
            if (t instanceof SourceDataException) {
                // Its message says what is wrong and where; its cause is the library's own words for
                // the same fault (`invalid CEN header (bad header size)`), for --stacktrace.
                break;
            }
        }
        // Messages quote paths and names as given, which may hold any character: one line, escaped.
        return SafeText.escape(SafeText.withoutUserInfo(text.toString().replace('\n', ' ')));
    }

    /// `bsee 0.1.0 (commit 1a2b3c4d5e6f)`: the build's version and commit, the same the HTTP
    /// `User-Agent` header names.
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo build = BuildInfo.current();
            return new String[] {"bsee " + build.version() + build.commit().map(c -> " (commit " + c + ")").orElse("")
                    + ", Java " + Runtime.version()};
        }
    }
}
