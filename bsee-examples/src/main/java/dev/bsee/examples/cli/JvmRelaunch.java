package dev.bsee.examples.cli;

import dev.bsee.core.internal.MessageText;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/// `java -jar bsee.jar convert|refresh|demo` with no JVM options of the user's own: the command runs
/// in a child JVM with the memory settings `bin/bsee` passes (bench/README.md, "Launcher defaults"),
/// so the tool costs the same however it is started. Without them the JVM picks G1 and a quarter of
/// the machine's memory as its heap, and the conversion's column buffers fill that heap: on the
/// production archive 587 MB of peak RSS instead of 258 MB.
///
/// The user's own heap, GC, RAM, ahead-of-time cache or agent options always win: then nothing is
/// relaunched. Nor is anything when the tool was not started from its jar (tests, embedding), for
/// the light commands, or when the child cannot be started (the command then runs in this JVM, as
/// before).
///
/// On JDK 25 and later the child has an ahead-of-time cache per command, as `bin/bsee` has (see
/// [AotCache]): without one a refresh of the production archive took 4.2 to 4.35 s here, against
/// 2.7 s with `bin/bsee`'s.
final class JvmRelaunch {

    /// The heap and collector `bin/bsee` gives the JVM (its `opts=(...)` line; a test holds the two
    /// to the same list).
    static final List<String> MEMORY_OPTIONS = List.of("-Xmx200m", "-XX:+UseSerialGC");
    /// Transparent huge pages for the heap, asked for only where the kernel hands them out on request
    /// (bin/bsee: elsewhere the JVM prints a warning, or the heap gets them anyway).
    static final String HUGE_PAGES = "-XX:+UseTransparentHugePages";
    /// JDK 23+ warns once Chronicle uses `sun.misc.Unsafe` memory access; no manifest entry grants it.
    static final String UNSAFE_MEMORY_ACCESS = "--sun-misc-unsafe-memory-access=allow";
    /// The JVM's own output (a thread dump on SIGQUIT, a start-up failure) on stderr, not in the
    /// report on stdout, as with bin/bsee.
    static final String VM_OUTPUT_TO_STDERR = "-XX:+DisplayVMOutputToStderr";
    /// The JVM's log warnings (a thread it could not start) on stderr too, which the flag above does
    /// not cover: on stdout they broke a `--json` report.
    static final List<String> VM_LOG_TO_STDERR = List.of("-Xlog:disable", "-Xlog:all=warning:stderr");
    /// No performance-data file, as with bin/bsee: to make one the JVM changes into
    /// `/tmp/hsperfdata_<user>` and, where it cannot open the folder it was started in (one it may
    /// enter but not read), stays there, and every relative path resolves in that folder.
    static final String NO_PERF_DATA = "-XX:-UsePerfData";
    /// Where HotSpot makes its performance-data folders on Linux.
    static final Path PERF_DATA_PARENT = Path.of("/tmp");
    /// The kernel's transparent huge page mode; `[madvise]` marks "on request".
    static final Path HUGE_PAGE_MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    /// The commands whose memory the heap decides.
    private static final Set<String> HEAVY_COMMANDS = Set.of("convert", "refresh", "demo");
    /// Options by which the user sizes or tunes this JVM: with any of them the JVM is theirs to run.
    private static final List<String> USER_TUNING_PREFIXES = List.of("-Xmx", "-Xms", "-Xmn", "-XX:MaxHeapSize",
            "-XX:InitialHeapSize", "-XX:MinHeapSize", "-XX:MaxRAM", "-XX:MinRAM", "-XX:InitialRAM", "-XX:MaxNewSize",
            "-XX:NewSize", "-XX:Flags=", "-XX:VMOptionsFile=", "-XX:AOT", "-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit",
            "-XX:+AutoCreateSharedArchive", "-Xshare", "-javaagent", "-agentlib", "-agentpath", "-Xrunjdwp", "-Xdebug");
    /// Seconds the child has to finish after this JVM is asked to stop, before it is killed.
    private static final long STOP_SECONDS = 10;

    private static final System.Logger LOG = System.getLogger(JvmRelaunch.class.getName());

    private JvmRelaunch() {
    }

    /// The JVM options of the child that runs `args`, or empty when the command runs in this JVM.
    ///
    /// @param args the tool's command line
    /// @param inputArguments this JVM's options (`RuntimeMXBean.getInputArguments()`, which include
    ///        `JDK_JAVA_OPTIONS` and `JAVA_TOOL_OPTIONS`)
    /// @param fromJar whether the tool was started from its jar
    /// @param hugePagesOnRequest whether the kernel hands out transparent huge pages on request
    /// @param javaFeature the JDK's feature version (25 for 25.0.1)
    /// @return the launcher's options followed by this JVM's own, or empty
    static Optional<List<String>> childOptions(List<String> args, List<String> inputArguments, boolean fromJar,
            boolean hugePagesOnRequest, int javaFeature) {
        if (!fromJar || !HEAVY_COMMANDS.contains(command(args)) || asksForHelp(args) || userTuned(inputArguments)) {
            return Optional.empty();
        }
        List<String> options = new ArrayList<>(MEMORY_OPTIONS);
        options.add(VM_OUTPUT_TO_STDERR);
        options.add(NO_PERF_DATA);
        options.addAll(VM_LOG_TO_STDERR);
        if (hugePagesOnRequest) {
            options.add(HUGE_PAGES);
        }
        if (javaFeature >= 23) {
            options.add(UNSAFE_MEMORY_ACCESS);
        }
        // The user's other options (system properties, -ea, ...) hold in the child too, after the
        // launcher's as with bin/bsee's BSEE_JAVA_OPTS.
        options.addAll(inputArguments);
        return Optional.of(List.copyOf(options));
    }

    /// Why this JVM cannot resolve relative paths, when it moved as it started: a JVM that makes its
    /// performance-data file (`java -jar` without `-XX:-UsePerfData`) changes into
    /// `/tmp/hsperfdata_<user>` and, where it cannot open the folder it was started in (one it may
    /// enter but not read, mode 711: a home folder under `sudo -u`), stays there. An archive given
    /// by a relative path was then "no such file", and `--out out` was written in that folder. No
    /// one starts a command in that folder of the JVM's own, so being there is the sign, with or
    /// without the shell's `PWD` (a service's `WorkingDirectory=` sets none, a program may pass a
    /// stale one); only a `PWD` naming that very folder says the command was started there.
    ///
    /// @param userDir the `user.dir` property
    /// @param pwd the `PWD` variable, or null
    /// @param userName the `user.name` property
    /// @return the one-line message, or empty when the JVM is where it was started
    static Optional<String> movedAtStart(String userDir, String pwd, String userName) {
        Path folder = Path.of(userDir);
        // HotSpot's folder is in /tmp whatever java.io.tmpdir says; a folder of that name elsewhere
        // is an ordinary one.
        if (!folder.equals(PERF_DATA_PARENT.resolve("hsperfdata_" + userName))) {
            return Optional.empty();
        }
        if (pwd != null && pwd.startsWith("/")) {
            try {
                if (pwd.equals(userDir) || Files.isSameFile(folder, Path.of(pwd))) {
                    return Optional.empty();
                }
            } catch (IOException | RuntimeException e) {
                // PWD cannot be looked at, or is gone: it is not the folder the JVM is in.
            }
        }
        return Optional.of("the JVM moved to " + userDir + " as it started, since it could not open the folder it"
                + " was started in (one this user may enter but not read): relative paths would resolve there; run"
                + " bin/bsee, or java -XX:-UsePerfData -jar bsee.jar, or start from a folder this user may read");
    }

    /// The subcommand: the first argument that is not an option (the tool's own options take no value).
    static String command(List<String> args) {
        return args.stream().filter(arg -> !arg.startsWith("-")).findFirst().orElse("");
    }

    private static boolean asksForHelp(List<String> args) {
        return args.stream().anyMatch(arg -> arg.equals("-h") || arg.equals("--help") || arg.equals("-V")
                || arg.equals("--version"));
    }

    /// Whether the user gave this JVM an option that sizes its memory, picks its collector, names an
    /// ahead-of-time or CDS archive, or attaches an agent or debugger.
    static boolean userTuned(List<String> inputArguments) {
        return inputArguments.stream().anyMatch(option -> USER_TUNING_PREFIXES.stream().anyMatch(option::startsWith)
                || option.matches("-XX:[+-]Use\\w*GC"));
    }

    /// Runs `args` in a child JVM when [#childOptions] says so, and returns its exit code; empty when
    /// the command is to run in this JVM.
    ///
    /// @param args the tool's command line
    /// @return the child's exit code, or empty
    static OptionalInt runInChild(String[] args) {
        // Under the C locale an argument the JVM could not decode holds U+FFFD, which the child's
        // command line would turn into a plain '?': refused here, it names the remedy; passed on, it
        // became a folder of the mangled name.
        if (java.util.Arrays.stream(args).anyMatch(MessageText::unmappableFileName)
                || MessageText.unmappableFileName(System.getProperty("user.dir", ""))) {
            return OptionalInt.empty();
        }
        Optional<Path> jar = jar();
        Optional<String> java = ProcessHandle.current().info().command();
        // A jar under a path with `:` is no class path a child JVM can load ("Could not find or load
        // main class"): the command runs in this JVM, which loaded it.
        if (jar.isEmpty() || java.isEmpty() || jar.get().toString().contains(":")) {
            return OptionalInt.empty();
        }
        List<String> inputArguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        Optional<List<String>> options = childOptions(List.of(args), inputArguments, true, hugePagesOnRequest(),
                Runtime.version().feature());
        if (options.isEmpty()) {
            return OptionalInt.empty();
        }
        List<String> launcherOptions = options.get().subList(0, options.get().size() - inputArguments.size());
        Optional<AotCache> cache = AotCache.of(jar.get(), command(List.of(args)), Runtime.version().feature());
        List<String> command = new ArrayList<>();
        command.add(java.get());
        command.addAll(launcherOptions);
        // Before the user's own options, so that theirs (an -Xlog:aot of their own) win.
        cache.ifPresent(aot -> command.addAll(aot.runOptions()));
        command.addAll(onceWarned(inputArguments, folder -> Files.isDirectory(Path.of(folder))));
        command.add("-D" + PARENT_PROPERTY + "=" + ProcessHandle.current().pid());
        // A folder of this user's alone, where the child says it is ready to be stopped ([#tellReady])
        // and, when it records a cache, its exit code: a recording child exits with 1 when it cannot
        // write its recording as it ends, so it says the tool's own code there first ([#tellExitCode]).
        Optional<Path> launcherFolder = launcherFolder();
        boolean recording = cache.filter(aot -> aot.recording() != null).isPresent();
        launcherFolder.ifPresent(folder -> command.add("-D" + READY_PROPERTY + "=" + folder.resolve(READY_FILE)));
        Optional<Path> exitCodes = recording ? launcherFolder : Optional.empty();
        exitCodes.ifPresent(folder -> command.add("-D" + EXIT_CODE_PROPERTY + "=" + folder.resolve("code")));
        command.add("-jar");
        command.add(jar.get().toString());
        command.addAll(List.of(args));
        // In the folder of this JVM's name, not in the folder it was started in: one deleted since
        // (`cd d; rmdir ../d`-style, as the JVM started) could not be the child's, which then failed
        // as a JVM that cannot start, exit 1 and nothing said or a stack trace. Where no folder has
        // that name the start fails and the command runs in this JVM, which resolved its paths.
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO()
                .directory(new java.io.File(System.getProperty("user.dir")));
        // The child gets this JVM's options on its command line; taken again from the environment,
        // they would repeat, and the JVM would announce them a second time.
        OPTIONS_VARIABLES.forEach(builder.environment()::remove);
        // The hook that stops the child is in place before the child starts, and the start and a
        // stop exclude each other: a signal between the two left the child running on its own for
        // up to a second after this JVM had ended, printing into the caller's files.
        ChildStart start = new ChildStart();
        Thread stopChild = new Thread(() -> {
            start.stop().ifPresent(child -> {
                awaitReady(child, launcherFolder.map(folder -> folder.resolve(READY_FILE)));
                stop(child);
            });
            // Stopped (a TERM, Ctrl-C), this JVM ends with its hooks, before the waiting thread below
            // gets to remove them: a first run stopped so left its 20 MB recording beside the jar and
            // its exit-code folder in the temporary folder. After a run that ended, both are gone.
            cache.ifPresent(AotCache::removeRecording);
            launcherFolder.ifPresent(JvmRelaunch::removeLauncherFolder);
        }, "bsee-stop-child");
        try {
            Runtime.getRuntime().addShutdownHook(stopChild);
        } catch (IllegalStateException shuttingDown) {
            // A signal came first: the hook armed before this ([StopHook]) says it, and no child starts.
            launcherFolder.ifPresent(JvmRelaunch::removeLauncherFolder);
            return OptionalInt.of(STOPPED);
        }
        Process child;
        try {
            // The child says a signal that stops it before its command began; this JVM's saying it
            // too would be the same line twice.
            Optional<Process> started = start.start(() -> {
                StopHook.disarmBeforeStart();
                return builder.start();
            });
            if (started.isEmpty()) {
                // Stopped before the child started: this JVM's armed hook says so.
                return OptionalInt.of(STOPPED);
            }
            child = started.get();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "could not start " + command + "; running in this JVM", e);
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs, with no child to stop.
            }
            launcherFolder.ifPresent(JvmRelaunch::removeLauncherFolder);
            return OptionalInt.empty();
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "running " + command(List.of(args)) + " in a child JVM: " + command);
        int exitCode;
        while (true) {
            try {
                exitCode = child.waitFor();
                break;
            } catch (InterruptedException e) {
                // Only a stop of this JVM ends the wait, and its shutdown hook stops the child.
            }
        }
        if (exitCode == KILLED && !BseeCommand.stopping()) {
            // Killed with -9 (by someone, or by the kernel out of memory), the child could say
            // nothing itself, and `java -jar` exited with 137 without a word. Not when this JVM is
            // stopping: its own hook stopped the child, which then says why.
            System.err.println(killedLine(command(List.of(args)), child.pid()));
            System.err.flush();
        }
        OptionalInt toolsCode = exitCodes.map(JvmRelaunch::readExitCode).orElse(OptionalInt.empty());
        // The JVM's 1 where the tool said another code: the recording could not be written, and no
        // cache is made of it. Any other code of the child's stands (143 for a TERM, which also ends
        // the tool with a code of its own).
        if (exitCode == RECORDING_FAILED && toolsCode.isPresent() && toolsCode.getAsInt() != RECORDING_FAILED) {
            cache.ifPresent(AotCache::removeRecording);
            return toolsCode;
        }
        if (exitCode == 0) {
            cache.ifPresent(aot -> aot.createAfterRecording(java.get(), launcherOptions, inputArguments, jar.get()));
        }
        cache.ifPresent(AotCache::removeRecording);
        launcherFolder.ifPresent(JvmRelaunch::removeLauncherFolder);
        return OptionalInt.of(exitCode);
    }

    /// The child's start, and this JVM's stop, which exclude each other: a stop that comes first
    /// keeps the child from starting, one that comes during the start waits for it and stops the
    /// child started.
    private static final class ChildStart {

        /// What starts the child.
        interface Starter {
            Process start() throws IOException;
        }

        private boolean stopping;
        private Process child;

        /// Starts the child unless this JVM is stopping.
        synchronized Optional<Process> start(Starter starter) throws IOException {
            if (stopping) {
                return Optional.empty();
            }
            child = starter.start();
            return Optional.of(child);
        }

        /// Marks this JVM stopping; the child, if it started.
        synchronized Optional<Process> stop() {
            stopping = true;
            return Optional.ofNullable(child);
        }
    }

    /// The system property naming the file a child JVM makes once a signal that stops it is said
    /// ([#tellReady]): its hooks are in place, and its signals recorded.
    static final String READY_PROPERTY = "bsee.launcher.ready.file";

    private static final String READY_FILE = "ready";

    /// How long a stop waits for a child to be ready to say it: about a JVM's start.
    private static final long READY_WAIT_MILLIS = 5_000;

    /// Makes the file the launcher named ([#READY_PROPERTY]), new; nothing when none was named or it
    /// cannot be made (the launcher then stops the child after [#READY_WAIT_MILLIS]).
    ///
    /// @param file the file, or null
    static void tellReady(String file) {
        if (file == null || file.isEmpty()) {
            return;
        }
        try {
            Files.createFile(Path.of(file));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not say ready in " + file, e);
        }
    }

    /// Waits until the child has said it is ready to be stopped, has ended, or a JVM's start has
    /// passed. A child stopped while its JVM starts ends without a word: its hooks are not in place,
    /// so no line, no JSON document, and at times the JDK's own "Runtime.exit(143) logging failed"
    /// from a JVM not yet able to log. Stopped once ready, it says it stopped before it began.
    private static void awaitReady(Process child, Optional<Path> ready) {
        if (ready.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_WAIT_MILLIS);
        try {
            while (child.isAlive() && !Files.exists(ready.get(), LinkOption.NOFOLLOW_LINKS)
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /// The system property that gives the child the temporary folder (`java.io.tmpdir`) this JVM was
    /// given where that folder does not exist ([#onceWarned]); the child takes it as its own first thing.
    static final String TEMPORARY_FOLDER_PROPERTY = "bsee.io.tmpdir";

    /// This JVM's options as the child gets them, without those the JDK warns of as it starts, which
    /// this JVM has warned of already: `-Djava.io.tmpdir=` naming no folder (`WARNING: java.io.tmpdir
    /// directory does not exist`, printed twice by `java -Djava.io.tmpdir=/missing -jar bsee.jar
    /// convert`) goes as [#TEMPORARY_FOLDER_PROPERTY], so the child uses the same folder.
    ///
    /// @param inputArguments this JVM's options
    /// @param isFolder whether a path names an existing folder
    /// @return the options for the child
    static List<String> onceWarned(List<String> inputArguments, java.util.function.Predicate<String> isFolder) {
        String given = "-Djava.io.tmpdir=";
        return inputArguments.stream().map(option -> option.startsWith(given) && !isFolder(option, given, isFolder)
                ? "-D" + TEMPORARY_FOLDER_PROPERTY + "=" + option.substring(given.length()) : option).toList();
    }

    private static boolean isFolder(String option, String prefix, java.util.function.Predicate<String> isFolder) {
        try {
            return isFolder.test(option.substring(prefix.length()));
        } catch (RuntimeException notAPath) {
            return false;
        }
    }

    /// Takes the temporary folder a parent JVM passed as [#TEMPORARY_FOLDER_PROPERTY], before
    /// anything asks for it.
    static void takeTemporaryFolder() {
        String folder = System.getProperty(TEMPORARY_FOLDER_PROPERTY);
        if (folder != null) {
            System.setProperty("java.io.tmpdir", folder);
        }
    }

    /// The environment variables whose options the JVM and its launcher add to the command line's,
    /// and report among its input arguments (`_JAVA_OPTIONS` after the command line's, the others
    /// before): a child started with those arguments must not read them again.
    static final List<String> OPTIONS_VARIABLES = List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS");

    /// The exit code of a JVM that could not write the ahead-of-time recording as it exited.
    private static final int RECORDING_FAILED = 1;

    /// The exit code of a process killed with -9 (`SIGKILL`), which no handler of its own sees.
    static final int KILLED = 128 + 9;

    /// The line said when the child running `command` was killed with -9.
    static String killedLine(String command, long pid) {
        // A convert's leftovers are its own (.DIR.tmp): a refresh or status never looks there.
        String next = command.equals("convert") ? "convert into the same folder" : "refresh or status of the same folders";
        return "bsee " + command + ": the JVM running the command (pid " + pid + ") was killed by signal 9 (KILL);"
                + " the next " + next + " removes or completes what it left";
    }

    /// A new folder of this user's alone for what a child tells its launcher (that it is ready to be
    /// stopped, and a recording child's exit code), or empty when none can be made.
    private static Optional<Path> launcherFolder() {
        try {
            return Optional.of(Files.createTempDirectory("bsee-exit-"));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "no folder for the child's exit code", e);
            return Optional.empty();
        }
    }

    /// The exit code a child wrote in `folder` ([#tellExitCode]), if it wrote one; the folder is removed.
    private static OptionalInt readExitCode(Path folder) {
        Path file = folder.resolve("code");
        try {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                String text = Files.readString(file).strip();
                if (text.matches("[0-9]{1,3}")) {
                    return OptionalInt.of(Integer.parseInt(text));
                }
            }
            return OptionalInt.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        } finally {
            removeLauncherFolder(folder);
        }
    }

    /// Removes a folder of [#launcherFolder] and the code and ready files in it.
    private static void removeLauncherFolder(Path folder) {
        try {
            Files.deleteIfExists(folder.resolve("code"));
            Files.deleteIfExists(folder.resolve(READY_FILE));
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not remove " + folder, e);
        }
    }

    /// The child's ahead-of-time cache (JDK 25+; JEP 483/514/515: classes loaded and linked ahead,
    /// and method profiles), kept as `bin/bsee` keeps its own: beside the jar, or in
    /// `~/.cache/bsee` when that folder is not writable; one per command, named after the JDK's
    /// runtime version and the jar's size and time. When it is missing, the child records what it
    /// loads and, once it has succeeded, a second JVM makes the cache from that (its output
    /// discarded: it is not the tool's); later children use it. `BSEE_AOT=0` turns it off.
    ///
    /// Its name ends in `-jar` and its checksum, `bsee-<key>-convert-jar.<CRC-32C>.aot`: it is
    /// recorded with this class's options, and a cache opens only under the options it was recorded
    /// with (`bin/bsee` passes Chronicle's flags on its command line, here the jar's manifest grants
    /// them). The JVM maps a cache without reading it whole, and one damaged on disk (a few flipped
    /// bytes) crashed every run at start-up with a SIGSEGV and no message, until someone found and
    /// deleted the file; so the cache is read and its checksum compared with its name first
    /// ([#intact]), and a damaged one is removed and recorded again. The JVM's own check
    /// (`-XX:+VerifySharedSpaces`) reads the whole mapping page by page: about 30 ms where the JVM
    /// wrote the file, but 0.25 to 0.4 s of a production convert's wall and 0.45 to 0.75 s of its
    /// CPU where the cache was copied there (an install), against a few milliseconds for a read. A
    /// cache the JVM cannot use for another reason (other options) is skipped in silence, and
    /// [#discardUnusable] removes it.
    ///
    /// @param file the cache, or when it is to be recorded the name its checksum goes into
    ///        (`...-jar.aot`)
    /// @param recording the configuration the child records when the cache is missing, or null
    /// @param command the command it serves (`convert`, `refresh`, `demo`)
    /// @param javaFeature the JDK's feature version (25 for 25.0.1)
    record AotCache(Path file, Path recording, String command, int javaFeature) {

        /// JDK 25's experimental eager compilation from the cache's profiles (bin/bsee says why and
        /// what it measured); only on 25, where it was measured and the flag is known.
        static final List<String> EAGER_COMPILATION = List.of("-XX:+UnlockExperimentalVMOptions",
                "-XX:+AOTCompileEagerly");
        /// The names the launchers give their caches (bin/bsee's, whose checksum is `cksum`'s, and
        /// this class's ending in `-jar`, whose checksum is a CRC-32C).
        private static final Pattern LAUNCHER_CACHE =
                Pattern.compile("bsee-.+-(convert|refresh|demo)(-jar)?\\.[0-9]{1,20}\\.aot");
        /// The names of this class's caches, with a checksum or (made before 6 December 2026) without.
        private static final Pattern CHILD_CACHE =
                Pattern.compile("bsee-.+-(convert|refresh|demo)-jar(\\.[0-9]{1,20})?\\.aot");
        /// The checksum a cache's name ends in.
        private static final Pattern CHECKSUM = Pattern.compile("\\.([0-9]{1,20})\\.aot$");
        /// The system property by which a launcher marks the cache it passes as its own (bin/bsee
        /// passes it too): only such a cache is removed when the JVM could not use it, never one the
        /// user named, whatever its name.
        static final String CACHE_PROPERTY = "bsee.aot.cache";

        /// Removes the launcher's cache this JVM was started with when the JVM could not use it (its
        /// checksums fail, or it was recorded under other options), so that the next run records a
        /// new one: left in place, every later run of the same jar and JDK went without a cache,
        /// seconds of CPU each. A cache the user named, one the JVM is using, one behind a link and a
        /// JVM whose sharing the user turned off are left alone, and so is another user's: in a
        /// shared install one user's cache is often unreadable to the others (mode 600), which the
        /// JVM reports as it reports a damaged one, and a folder they may write let them delete it.
        ///
        /// @param vmInfo the JVM's `java.vm.info` property, which says `sharing` while a cache (or
        ///        the JDK's own archive) is mapped
        /// @param inputArguments this JVM's options, asked for only when sharing is off
        /// @return the cache removed, if one was
        static Optional<Path> discardUnusable(String vmInfo, Supplier<List<String>> inputArguments) {
            if (vmInfo == null || vmInfo.contains("sharing")) {
                return Optional.empty();
            }
            List<String> options = inputArguments.get();
            if (options.stream().anyMatch(option -> option.startsWith("-Xshare"))) {
                return Optional.empty();
            }
            Optional<String> named = options.stream().filter(option -> option.startsWith("-XX:AOTCache="))
                    .reduce((first, last) -> last).map(option -> option.substring("-XX:AOTCache=".length()));
            if (named.isEmpty() || !options.contains("-D" + CACHE_PROPERTY + "=" + named.get())) {
                return Optional.empty();
            }
            Optional<Path> cache = named.map(Path::of);
            if (cache.get().getFileName() == null
                    || !LAUNCHER_CACHE.matcher(cache.get().getFileName().toString()).matches()
                    || !Files.isRegularFile(cache.get(), LinkOption.NOFOLLOW_LINKS)
                    || !Files.isReadable(cache.get()) || !ownedByThisProcess(cache.get())) {
                return Optional.empty();
            }
            try {
                Files.delete(cache.get());
                LOG.log(System.Logger.Level.DEBUG, () -> "removed the ahead-of-time cache " + cache.get()
                        + ", which this JVM could not use; the next run makes a new one");
                return cache;
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not remove the unusable cache " + cache.get(), e);
                return Optional.empty();
            }
        }

        /// Whether `file` belongs to the user this process runs as (the owner of `/proc/self`); true
        /// where the system does not say (no POSIX owners, no `/proc`).
        static boolean ownedByThisProcess(Path file) {
            try {
                Object owner = Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                return owner.equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return true;
            }
        }

        /// The cache of `command` run from `jar`, when the JDK has ahead-of-time caches and a
        /// folder for it can be had.
        static Optional<AotCache> of(Path jar, String command, int javaFeature) {
            if (javaFeature < 25 || "0".equals(System.getenv("BSEE_AOT"))) {
                return Optional.empty();
            }
            try {
                String stem = "bsee-" + System.getProperty("java.runtime.version") + "-" + Files.size(jar) + "-"
                        + Files.getLastModifiedTime(jar).to(TimeUnit.SECONDS) + "-" + command + "-jar";
                Path directory = jar.getParent();
                // The JVM refuses a cache's path with `:` in it (the child then failed, exit 1 and
                // nothing said).
                if (directory.toString().contains(":")) {
                    return Optional.empty();
                }
                // The caches the build ships beside the jar serve every user; only where there is
                // none and the folder is not writable (an install another user owns) does this user
                // keep caches of their own.
                Found found = find(directory, stem);
                if (found.intact().isEmpty() && !Files.isWritable(directory)) {
                    Optional<Path> base = userCacheFolder(System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"));
                    if (base.isEmpty() || base.get().toString().contains(":")) {
                        return Optional.empty();
                    }
                    directory = Files.createDirectories(base.get().resolve("bsee").resolve(
                            "jar-" + Integer.toHexString(jar.toString().hashCode())));
                    found = find(directory, stem);
                }
                if (found.intact().isPresent()) {
                    return Optional.of(new AotCache(found.intact().get(), null, command, javaFeature));
                }
                // Something of the cache's name that is not the launcher's to remove (a folder, a link,
                // another user's file): no cache, and no recording every run that cannot go there.
                if (found.taken()) {
                    return Optional.empty();
                }
                removeStaleRecordings(directory);
                String name = stem + ".aot";
                return Optional.of(new AotCache(directory.resolve(name),
                        directory.resolve("." + name + "." + ProcessHandle.current().pid() + ".aotconf"), command, javaFeature));
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "no ahead-of-time cache for the child", e);
                return Optional.empty();
            }
        }

        /// What [#find] found: the first intact cache, and whether something that is not the
        /// launcher's to remove (a folder, a link, another user's file) has a cache's name.
        private record Found(Optional<Path> intact, boolean taken) {
        }

        /// The intact cache of `stem` in `directory`, removing damaged ones of this user's.
        private static Found find(Path directory, String stem) throws IOException {
            boolean taken = false;
            for (Path cache : cachesOf(directory, stem + ".")) {
                if (intact(cache)) {
                    return new Found(Optional.of(cache), taken);
                }
                if (!removeDamaged(cache)) {
                    taken = true;
                }
            }
            return new Found(Optional.empty(), taken);
        }

        /// The entries of `directory` named as one command's caches: `stem` (`bsee-<key>-convert-jar.`),
        /// then a checksum and `.aot`, whatever they are (files, folders, links).
        private static List<Path> cachesOf(Path directory, String stem) throws IOException {
            try (var caches = Files.newDirectoryStream(directory, file -> {
                String name = file.getFileName().toString();
                return name.startsWith(stem) && LAUNCHER_CACHE.matcher(name).matches();
            })) {
                List<Path> found = new ArrayList<>();
                caches.forEach(found::add);
                return found;
            }
        }

        /// Whether `cache` is a regular file (no link) whose CRC-32C is the number its name ends in.
        /// It is read whole, a few milliseconds for 30 MB: the checksum runs as native code even
        /// before this JVM has compiled anything.
        ///
        /// @param cache a cache named `....<checksum>.aot`
        /// @return true when it is as it was made
        static boolean intact(Path cache) {
            Matcher name = CHECKSUM.matcher(cache.getFileName().toString());
            if (!name.find() || !Files.isRegularFile(cache, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            try (FileChannel channel = FileChannel.open(cache, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                return Long.toString(checksum(channel)).equals(name.group(1));
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        /// The CRC-32C of what `channel` holds from its position on.
        static long checksum(FileChannel channel) throws IOException {
            CRC32C crc = new CRC32C();
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            while (channel.read(buffer.clear()) >= 0) {
                crc.update(buffer.flip());
            }
            return crc.getValue();
        }

        /// Removes a cache that failed [#intact] when it is the launcher's to remove: a regular file
        /// of this user's. A link, a folder and another user's file are left alone (in a shared
        /// install one user's cache is often unreadable to the others).
        ///
        /// @return whether it was removed
        private static boolean removeDamaged(Path cache) {
            try {
                if (Files.isRegularFile(cache, LinkOption.NOFOLLOW_LINKS) && ownedByThisProcess(cache)) {
                    Files.delete(cache);
                    LOG.log(System.Logger.Level.DEBUG, () -> "removed the ahead-of-time cache " + cache
                            + ", whose checksum is not the one in its name; this run records a new one");
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not remove the damaged cache " + cache, e);
            }
            return false;
        }

        /// Removes the recordings (`.bsee-*-jar.aot.PID.aotconf`, 20 MB each) and half-made caches
        /// (`bsee-*-jar.aot.PID.tmp`) that runs of processes now gone left in `directory`: a `java
        /// -jar` killed with -9 while its child recorded, whose child then stopped and wrote its
        /// recording with no one left to remove it, or while it made the cache. This user's regular
        /// files only (a link there is not the tool's), and never one of a process still running.
        static void removeStaleRecordings(Path directory) {
            try (var recordings = Files.newDirectoryStream(directory, "{.bsee-*-jar.aot.*.aotconf,bsee-*-jar.aot.*.tmp}")) {
                for (Path recording : recordings) {
                    String name = recording.getFileName().toString();
                    String owner = name.substring(0, name.lastIndexOf('.'));
                    owner = owner.substring(owner.lastIndexOf('.') + 1);
                    if (owner.matches("[0-9]{1,18}") && ProcessHandle.of(Long.parseLong(owner)).isEmpty()
                            && Files.isRegularFile(recording, LinkOption.NOFOLLOW_LINKS) && ownedByThisProcess(recording)) {
                        Files.deleteIfExists(recording);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not look for stale recordings in " + directory, e);
            }
        }

        /// The user's cache folder: `XDG_CACHE_HOME`, else `.cache` in the home folder, each only as
        /// an absolute path (the XDG specification has a relative one ignored). A user the system
        /// has no account for, with `HOME` unset (a container run as a bare uid), has `?` as
        /// `user.home`: the cache went to `?/.cache/bsee` in the current folder, 20 MB of it.
        ///
        /// @param xdgCacheHome the `XDG_CACHE_HOME` variable, or null
        /// @param userHome the `user.home` property, or null
        /// @return the folder, or empty when there is none to use
        static Optional<Path> userCacheFolder(String xdgCacheHome, String userHome) {
            return absolute(xdgCacheHome).or(() -> absolute(userHome).map(home -> home.resolve(".cache")));
        }

        /// `path` when it is an absolute path.
        private static Optional<Path> absolute(String path) {
            if (path == null || path.isBlank()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Path.of(path)).filter(Path::isAbsolute);
            } catch (InvalidPathException e) {
                return Optional.empty();
            }
        }

        /// The child's options: use the cache, or record for one. A convert or a refresh with the
        /// cache's profiles compiles later, as with bin/bsee (bench/README.md, "Launcher defaults"),
        /// and on JDK 25 compiles what the profiles show was compiled as soon as it can.
        List<String> runOptions() {
            boolean demo = command.equals("demo");
            List<String> options = new ArrayList<>();
            if (recording == null) {
                if (javaFeature == 25 && !demo) {
                    options.addAll(EAGER_COMPILATION);
                }
                options.add("-XX:AOTCache=" + file);
                options.add("-D" + CACHE_PROPERTY + "=" + file);
            } else {
                // The recording JVM prints where it wrote its configuration; that is not the tool's output.
                options.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-DisplayVMOutput",
                        "-XX:AOTMode=record", "-XX:AOTConfiguration=" + recording));
            }
            if (!demo) {
                options.add("-XX:CompileThresholdScaling=2");
            }
            options.addAll(List.of("-Xlog:aot=off:stderr", "-Xlog:cds=off:stderr"));
            return options;
        }

        /// Makes the cache from the child's recording, under a temporary name first so that no
        /// other run opens half a cache; caches of other jars or JDKs are removed, being stale.
        void createAfterRecording(String java, List<String> launcherOptions, List<String> inputArguments, Path jar) {
            if (recording == null || !Files.isRegularFile(recording)) {
                return;
            }
            Path creating = creating();
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(launcherOptions);
            command.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + recording, "-XX:AOTCache=" + creating,
                    "-Xlog:aot=off", "-Xlog:cds=off"));
            command.addAll(inputArguments);
            command.addAll(List.of("-jar", jar.toString()));
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD);
                OPTIONS_VARIABLES.forEach(builder.environment()::remove);
                Process create = builder.start();
                CREATING.set(create);
                if (create.waitFor(5, TimeUnit.MINUTES) && create.exitValue() == 0
                        && Files.isRegularFile(creating, LinkOption.NOFOLLOW_LINKS)) {
                    long checksum;
                    try (FileChannel channel = FileChannel.open(creating, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                        checksum = checksum(channel);
                    }
                    removeStale();
                    String name = file.getFileName().toString();
                    String stem = name.substring(0, name.length() - ".aot".length()) + ".";
                    Path made = file.resolveSibling(stem + checksum + ".aot");
                    Files.move(creating, made, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    // Two first runs at once each make a cache, under two checksums: the other one
                    // goes, so that the folder keeps one per command (a JVM that has it open keeps
                    // its mapping).
                    for (Path other : cachesOf(file.getParent(), stem)) {
                        if (!other.equals(made) && Files.isRegularFile(other, LinkOption.NOFOLLOW_LINKS)
                                && ownedByThisProcess(other)) {
                            Files.deleteIfExists(other);
                        }
                    }
                } else {
                    create.destroyForcibly();
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not make the ahead-of-time cache " + file, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    Files.deleteIfExists(creating);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "could not remove " + creating, e);
                }
            }
        }

            /// Caches of this folder made for another jar or JDK; the other commands' caches of this
        /// jar stay, and so does anything of the name that is not a file (a folder, a link: not the
        /// launcher's to remove).
        private void removeStale() throws IOException {
            String key = file.getFileName().toString().replaceFirst("-(convert|refresh|demo)-jar(\\.[0-9]+)?\\.aot$", "-");
            try (var caches = Files.newDirectoryStream(file.getParent(), "bsee-*-jar*.aot")) {
                for (Path cache : caches) {
                    // Only names this class makes, and this user's files: a shared folder's other
                    // caches are their owners'.
                    if (!cache.getFileName().toString().startsWith(key)
                            && CHILD_CACHE.matcher(cache.getFileName().toString()).matches()
                            && Files.isRegularFile(cache, LinkOption.NOFOLLOW_LINKS) && ownedByThisProcess(cache)) {
                        Files.deleteIfExists(cache);
                    }
                }
            }
        }

        /// Removes the child's recording, used or not, and, when this JVM is stopped while it makes
        /// the cache, the JVM making it and its half-made cache (24 MB that stayed for good).
        void removeRecording() {
            if (recording != null) {
                Process create = CREATING.getAndSet(null);
                if (create != null && create.isAlive()) {
                    create.destroyForcibly();
                    try {
                        create.waitFor(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                try {
                    Files.deleteIfExists(recording);
                    Files.deleteIfExists(creating());
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "could not remove " + recording, e);
                }
            }
        }

        /// The JVM making a cache from a recording, while it runs.
        private static final java.util.concurrent.atomic.AtomicReference<Process> CREATING =
                new java.util.concurrent.atomic.AtomicReference<>();

        /// The name the cache is made under, which no run opens (`...-jar.aot.<pid>.tmp`).
        private Path creating() {
            return file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        }
    }

    /// The system property naming the file a JVM that records an ahead-of-time cache writes the
    /// tool's exit code to, just before it exits (see [#tellExitCode]).
    static final String EXIT_CODE_PROPERTY = "bsee.exit.code.file";

    /// Writes `code` to `file` when the launcher asked for it: a JVM recording an ahead-of-time cache
    /// writes the recording as it exits, and exits with 1 when it cannot (a file-size limit, a full
    /// disk), whatever the tool's exit code was. A convert that had written its files then exited 1
    /// without a word; the launcher takes the code from this file instead. The file is made new,
    /// never opened through something already at its name; when it cannot be written the launcher
    /// takes the JVM's exit code, as before.
    ///
    /// @param file the file, or null when the launcher asked for none
    /// @param code the tool's exit code
    static void tellExitCode(String file, int code) {
        if (file == null || file.isEmpty()) {
            return;
        }
        try {
            Files.writeString(Path.of(file), Integer.toString(code), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not write the exit code to " + file, e);
        }
    }

    /// The system property that names the process a tool JVM was started for (this JVM for its
    /// child, `bin/bsee` for the JVM that records a cache): the tool stops when that process is gone.
    static final String PARENT_PROPERTY = "bsee.parent.pid";

    private static final long PARENT_POLL_MILLIS = 200;

    /// When `pid` is set, stops this JVM as a `kill` would (its shutdown hooks clean up and say so)
    /// once that process has ended. A parent killed with -9 cannot stop its child, which went on
    /// converting, holding the output folder's lock, and committed seconds after the command had
    /// "died". The parent's end is polled: the JDK's own wait for a process that is not a child
    /// polls too, at intervals that grow to seconds.
    ///
    /// The folder the parent made for this JVM's exit code ([#EXIT_CODE_PROPERTY]) goes too: the
    /// parent that would have read and removed it is gone, and each run killed so left an empty
    /// `bsee-exit-*` folder in the temporary folder.
    static void stopWithParent(String pid) {
        if (pid == null) {
            return;
        }
        Optional<ProcessHandle> parent;
        try {
            parent = ProcessHandle.of(Long.parseLong(pid));
        } catch (NumberFormatException e) {
            return;
        }
        String exitCodeFile = System.getProperty(EXIT_CODE_PROPERTY);
        String readyFile = System.getProperty(READY_PROPERTY);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            removeUnreadLauncherFile(exitCodeFile);
            removeUnreadLauncherFile(readyFile);
            System.exit(STOPPED);
        }
        Thread.ofPlatform().daemon().name("bsee-parent-watch").start(() -> {
            try {
                while (parent.get().isAlive()) {
                    Thread.sleep(PARENT_POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            }
            removeUnreadLauncherFile(exitCodeFile);
            removeUnreadLauncherFile(readyFile);
            System.exit(STOPPED);
        });
    }

    /// Removes a file a launcher named (the exit code, `.../bsee-exit-*/code` for this class's and
    /// `.../bsee-exit.*/code` for `bin/bsee`'s, or the ready file) and its folder, once no launcher
    /// is left to read them. Only that shape is removed, and a link at either name is left alone: the folder is the
    /// launcher's, made for this JVM alone. A code the tool writes after this finds no folder, which
    /// [#tellExitCode] shrugs off.
    static void removeUnreadLauncherFile(String file) {
        if (file == null || file.isEmpty()) {
            return;
        }
        try {
            Path code = Path.of(file);
            Path folder = code.getParent();
            if (folder == null || folder.getFileName() == null
                    || !(code.getFileName().toString().equals("code") || code.getFileName().toString().equals(READY_FILE))
                    || !folder.getFileName().toString().matches("bsee-exit[-.].+")
                    || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            if (Files.isSymbolicLink(code) || (Files.exists(code, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isRegularFile(code, LinkOption.NOFOLLOW_LINKS))) {
                return;
            }
            removeLauncherFolder(folder);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not remove the unread exit code " + file, e);
        }
    }

    /// The exit code of a run stopped because its parent ended: that of a `kill` (TERM).
    private static final int STOPPED = 128 + 15;

    /// Ctrl-C or SIGTERM to this JVM: the child is asked to stop the same way and given time to
    /// finish, so its temporary files go and no output is half-written.
    private static void stop(Process child) {
        if (!child.isAlive()) {
            return;
        }
        signal(child);
        try {
            if (!child.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /// Sends the child the signal this JVM was stopped by ([StopSignal]), so that it ends with the
    /// same code and its JSON document says that code: `kill -INT` of the launcher sent the child a
    /// TERM, and the document said 143 of a process that ended with 130. The JDK sends only TERM
    /// ([Process#destroy()]); another signal goes through the shell's `kill`, and TERM where that
    /// fails.
    private static void signal(Process child) {
        Optional<String> received = StopSignal.name().filter(name -> !name.equals("SIGTERM"));
        if (received.isPresent()) {
            try {
                Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s \"$0\" \"$1\"",
                        received.get().substring("SIG".length()), Long.toString(child.pid()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (kill.waitFor(STOP_SECONDS, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                    return;
                }
                kill.destroyForcibly();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not pass " + received.get() + " on to the child", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        child.destroy();
    }

    /// The jar this class was loaded from when it is also the whole class path (`java -jar bsee.jar`
    /// or `java -cp bsee.jar ...`), so `-jar` starts the same program.
    private static Optional<Path> jar() {
        try {
            CodeSource source = JvmRelaunch.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return Optional.empty();
            }
            Path location = Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
            String classPath = System.getProperty("java.class.path", "");
            if (!location.getFileName().toString().endsWith(".jar") || !Files.isRegularFile(location)
                    || classPath.isEmpty() || !Path.of(classPath).toAbsolutePath().normalize().equals(location)) {
                return Optional.empty();
            }
            return Optional.of(location);
        } catch (URISyntaxException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not locate the tool's jar; running in this JVM", e);
            return Optional.empty();
        }
    }

    private static boolean hugePagesOnRequest() {
        try {
            return Files.isReadable(HUGE_PAGE_MODE) && Files.readString(HUGE_PAGE_MODE).contains("[madvise]");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
