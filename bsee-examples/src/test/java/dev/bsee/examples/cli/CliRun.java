package dev.bsee.examples.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/// One run of the `bsee` tool in this JVM, with what it printed.
///
/// @param exitCode the exit code
/// @param out standard output
/// @param err standard error
public record CliRun(int exitCode, String out, String err) {

    /// Runs `bsee args...` and captures both streams.
    ///
    /// @param args the command line
    /// @return the run
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = BseeCommand.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int code = command.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /// `DIR/refresh.yml`: the legacy path for the well source, its zips in `zips` under the base
    /// directory, as the Python system's data_refresh.yml names them.
    ///
    /// @param dir the folder the file goes in
    /// @return the file
    /// @throws java.io.IOException when it cannot be written
    public static Path legacyWellConfig(Path dir) throws java.io.IOException {
        return java.nio.file.Files.writeString(dir.resolve("refresh.yml"), """
                data:
                  refresh: true
                  well: true
                parameters:
                  filepath:
                    well:
                      zip: zips
                """);
    }

    /// The class path copied into each test folder, made once per folder.
    private static final java.util.Map<Path, String> CLASS_PATH_COPIES = new java.util.concurrent.ConcurrentHashMap<>();

    /// `bsee args...` in a child JVM that file modes bind: run by root (who ignores them), as nobody,
    /// with a copy of the class path it can read, and everything in `dir` nobody's; `dir` is the
    /// child's working folder.
    ///
    /// @param dir the test's folder
    /// @param args the command line
    /// @return the process, not started
    /// @throws java.io.IOException when the class path cannot be copied or `dir` given to nobody
    public static ProcessBuilder unprivilegedChild(Path dir, String... args) throws java.io.IOException {
        ProcessBuilder child = child(args);
        if (!"root".equals(System.getProperty("user.name"))) {
            return child.directory(dir.toFile());
        }
        java.util.List<String> asNobody = dev.bsee.core.faults.Unprivileged.asNobody();
        String classPath = CLASS_PATH_COPIES.get(dir);
        if (classPath == null) {
            classPath = dev.bsee.core.faults.Unprivileged.readableCopy(System.getProperty("java.class.path"), dir.resolve("cp"));
            CLASS_PATH_COPIES.put(dir, classPath);
        }
        java.nio.file.attribute.UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName("nobody");
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
            for (Path path : walk.toList()) {
                java.nio.file.Files.getFileAttributeView(path, java.nio.file.attribute.FileOwnerAttributeView.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS).setOwner(nobody);
            }
        }
        java.nio.file.Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        java.util.List<String> command = new java.util.ArrayList<>(asNobody);
        command.addAll(child.command());
        command.set(command.indexOf("-cp") + 1, classPath);
        return new ProcessBuilder(command).directory(dir.toFile());
    }

    /// `bsee args...` in a child JVM on this test's class path, with Chronicle's flags and a 128 MiB
    /// heap, for what only a process shows: its exit code, a signal, a kill. The JVM's own messages
    /// and log warnings go to standard error, as `bin/bsee` and the relaunched child start it:
    /// HotSpot prints them on standard output otherwise (`Error occurred during initialization of VM`
    /// when a signal stops it while it boots), before the tool runs.
    ///
    /// @param args the command line
    /// @return the process, not started
    public static ProcessBuilder child(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", JvmRelaunch.VM_OUTPUT_TO_STDERR));
        command.addAll(JvmRelaunch.VM_LOG_TO_STDERR);
        String chronicle = System.getProperty("bsee.chronicle.jvm.args", "").strip();
        if (!chronicle.isEmpty()) {
            command.addAll(List.of(chronicle.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BseeCommand.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
