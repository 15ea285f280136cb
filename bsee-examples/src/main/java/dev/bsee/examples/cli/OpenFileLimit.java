package dev.bsee.examples.cli;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/// The most files the process may hold open at once (`ulimit -n`), checked before a refresh or the
/// demo starts. A refresh holds a lock per source, each staged file while it is synced in the
/// background, its downloads' connections and the JVM's own files. Below about a hundred, every
/// source failed at its lock, the JDK could no longer read its time-zone data (a stack of
/// "Could not initialize class" lines), and the demo's mirror, unable to accept a connection, spun
/// on one processor while the downloads waited minutes for an answer.
final class OpenFileLimit {

    /// Open files the demo needs at least (its mirror and every source of the catalog): it ran at
    /// 96 and failed at 64.
    static final long NEEDED = 128;
    /// Open files a refresh of one source needs at least: one enhanced source ran at 16 and failed
    /// at 12 (the JDK could not load its socket classes); twice that leaves room.
    static final long NEEDED_FIRST_SOURCE = 32;
    /// Open files each further source adds at most (its lock, connection and staged files).
    static final long NEEDED_PER_SOURCE = 16;

    private OpenFileLimit() {
    }

    /// Why `command` cannot run under the process's limit, or empty when it can (or the limit
    /// cannot be read: not every JVM and system says).
    ///
    /// @param command the command, as the message names it
    /// @return the refusal, one line
    static Optional<String> refusal(String command) {
        return refusal(command, limit(), NEEDED);
    }

    /// Why a refresh of `sources` sources cannot run under the process's limit, or empty when it can.
    ///
    /// @param sources the sources the refresh runs, on both paths
    /// @return the refusal, one line
    static Optional<String> refreshRefusal(int sources) {
        return refusal("a refresh of " + dev.bsee.core.internal.MessageText.count(sources, "source"), limit(),
                neededForRefresh(sources));
    }

    /// What a refresh of `sources` sources needs: at most the demo's need, which covers the catalog.
    static long neededForRefresh(int sources) {
        return Math.min(NEEDED, NEEDED_FIRST_SOURCE + NEEDED_PER_SOURCE * Math.max(0, sources - 1));
    }

    static Optional<String> refusal(String command, OptionalLong limit, long needed) {
        if (limit.isEmpty() || limit.getAsLong() >= needed) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "this process may hold only %d files open at once (ulimit -n),"
                + " and %s needs at least %d: raise the limit (ulimit -n 1024) and run it again",
                limit.getAsLong(), command, needed));
    }

    private static OptionalLong limit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            return max > 0 ? OptionalLong.of(max) : OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
