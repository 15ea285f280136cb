package dev.bsee.core.faults;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/// What a test run by root needs to run a child JVM that file modes bind: root ignores them, so the
/// child runs as `nobody`, with a copy of the class path that user can read.
public final class Unprivileged {

    private Unprivileged() {
    }

    /// The command prefix that runs a program as `nobody`: `setpriv`, else `runuser`. A test fails,
    /// never skips, without one.
    ///
    /// @return the prefix
    public static List<String> asNobody() {
        for (String setpriv : List.of("/usr/bin/setpriv", "/bin/setpriv")) {
            if (Files.isExecutable(Path.of(setpriv))) {
                return List.of(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups");
            }
        }
        for (String runuser : List.of("/usr/sbin/runuser", "/sbin/runuser")) {
            if (Files.isExecutable(Path.of(runuser))) {
                return List.of(runuser, "-u", "nobody", "--");
            }
        }
        throw new AssertionError("tests run as root need setpriv or runuser (util-linux) to run a child as nobody");
    }

    /// Copies the entries of `classPath` into `copy`, readable (and its folders searchable) by every user.
    ///
    /// @param classPath a class path
    /// @param copy the folder to copy into, made when missing
    /// @return the class path of the copies
    /// @throws IOException when a copy fails
    public static String readableCopy(String classPath, Path copy) throws IOException {
        Files.createDirectories(copy);
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : classPath.split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = copy.resolve(i++ + "-" + from.getFileName());
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path file : walk.toList()) {
                    Path target = to.resolve(from.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target);
                    }
                }
            }
            entries.add(to.toString());
        }
        try (Stream<Path> walk = Files.walk(copy)) {
            for (Path path : walk.toList()) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
