package dev.bsee.examples.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/// `java -jar bsee.jar convert|refresh|demo` with no JVM options of the user's own: the command runs
/// in a child JVM with the memory settings `bin/bsee` passes (bench/README.md, "Launcher defaults"),
/// so the tool costs the same however it is started. Without them the JVM picks G1 and a quarter of
/// the machine's memory as its heap, and the conversion's column buffers fill that heap: on the
/// production archive 587 MB of peak RSS instead of 258 MB.
///
/// The user's own heap, GC, RAM, ahead-of-time cache or agent options always win: then nothing is
/// relaunched. Nor is anything when the tool was not started from its jar (tests, embedding), for
/// the light commands, or when the child cannot be started (the command then runs in this JVM, as
/// before). The ahead-of-time caches stay `bin/bsee`'s: a cache only opens under the options it was
/// recorded with, which this class does not reproduce.
final class JvmRelaunch {

    /// The heap and collector `bin/bsee` gives the JVM (its `opts=(...)` line; a test holds the two
    /// to the same list).
    static final List<String> MEMORY_OPTIONS = List.of("-Xmx200m", "-XX:+UseSerialGC");
    /// Transparent huge pages for the heap, asked for only where the kernel hands them out on request
    /// (bin/bsee: elsewhere the JVM prints a warning, or the heap gets them anyway).
    static final String HUGE_PAGES = "-XX:+UseTransparentHugePages";
    /// JDK 23+ warns once Chronicle uses `sun.misc.Unsafe` memory access; no manifest entry grants it.
    static final String UNSAFE_MEMORY_ACCESS = "--sun-misc-unsafe-memory-access=allow";
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
        Optional<Path> jar = jar();
        Optional<String> java = ProcessHandle.current().info().command();
        if (jar.isEmpty() || java.isEmpty()) {
            return OptionalInt.empty();
        }
        Optional<List<String>> options = childOptions(List.of(args),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), true, hugePagesOnRequest(),
                Runtime.version().feature());
        if (options.isEmpty()) {
            return OptionalInt.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(java.get());
        command.addAll(options.get());
        command.add("-jar");
        command.add(jar.get().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        // The child gets this JVM's options on its command line; taken again from the environment,
        // they would repeat, and the JVM would announce them a second time.
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process child;
        try {
            child = builder.start();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "could not start " + command + "; running in this JVM", e);
            return OptionalInt.empty();
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "running " + command(List.of(args)) + " in a child JVM: " + command);
        Thread stopChild = new Thread(() -> stop(child), "bsee-stop-child");
        Runtime.getRuntime().addShutdownHook(stopChild);
        while (true) {
            try {
                return OptionalInt.of(child.waitFor());
            } catch (InterruptedException e) {
                // Only a stop of this JVM ends the wait, and its shutdown hook stops the child.
            }
        }
    }

    /// Ctrl-C or SIGTERM to this JVM: the child is asked to stop the same way and given time to
    /// finish, so its temporary files go and no output is half-written.
    private static void stop(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
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
