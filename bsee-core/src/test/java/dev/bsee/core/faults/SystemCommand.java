package dev.bsee.core.faults;

import java.io.IOException;

/// Runs a system program that makes a fault for a test (`chattr`, `mount`, `umount`).
public final class SystemCommand {

    private SystemCommand() {
    }

    /// Runs `command` to its end, its output dropped.
    ///
    /// @param command the program and its arguments
    /// @return whether it ran and exited 0; false where the program is missing or refused (not
    ///     root, no `CAP_SYS_ADMIN` in a container)
    public static boolean succeeds(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor() == 0;
        } catch (IOException missing) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
