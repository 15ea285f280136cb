package dev.bsee.bridge.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/// A folder whose names ignore case, as on macOS and Windows: a tmpfs mounted with casefolding, its
/// `bin` folder marked to fold (`chattr +F`, which the folders made in it inherit). Needs root and a
/// kernel built with Unicode support (`CONFIG_UNICODE`); where either is missing nothing is mounted.
final class CaseFolding {

    private CaseFolding() {
    }

    /// Mounts the tmpfs at `at` and makes `at/bin` fold case.
    ///
    /// @return whether `at/bin` now takes `X` and `x` for one name; when not, nothing stays mounted
    static boolean mount(Path at) throws IOException, InterruptedException {
        if (!run("mount", "-t", "tmpfs", "-o", "casefold", "tmpfs", at.toString())) {
            return false;
        }
        Path bin = at.resolve("bin");
        Files.createDirectory(bin);
        Path probe = bin.resolve("x");
        if (run("chattr", "+F", bin.toString())) {
            Files.createFile(probe);
            boolean folds = Files.exists(bin.resolve("X"));
            Files.delete(probe);
            if (folds) {
                return true;
            }
        }
        unmount(at);
        return false;
    }

    /// Unmounts what [#mount] mounted at `at`.
    static void unmount(Path at) throws IOException, InterruptedException {
        if (!run("umount", at.toString())) {
            throw new IOException("cannot unmount " + at);
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
