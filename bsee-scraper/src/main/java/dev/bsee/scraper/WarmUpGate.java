package dev.bsee.scraper;

import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;

/// Holds back some entries of an archive converted in parallel until the JVM has read one entry
/// into its table, or [#TEXT_BYTES] of text of one, so that a processor is left to the just-in-time
/// compiler while it compiles the tokenizer's and the column converter's hot code: until then only
/// the first [#entriesWhileClosed()] entries of an archive run, one fewer than the processors (one
/// on two processors: the first entry is read alone).
///
/// Why: an entry's hot loops run first in the interpreter and in C1's code, and C2 compiles them
/// during the first entry. On two processors a second entry parsed beside the first takes the
/// processor C2 needs, so both run longer in the slower code. With its first entry read alone the
/// production archive (17 entries) took 0.94 to 0.98 of the CPU and of the wall to convert, and
/// 0.93 to 0.97 to refresh from a loopback server (bench/README.md, "The first entry read alone").
/// On more processors the same rule keeps one for the compiler rather than all but one idle.
/// The gate opens before the first entry's table goes to the sink, so no sink ever waits
/// for it, and the cap bounds what an archive of a few very large entries gives up: the entries
/// held back start once one has read 32 MiB.
///
/// One gate serves the whole JVM ([#JVM]): compiled code is the JVM's, whichever archive it was
/// compiled for, so once it is open the entries of every later archive start at once.
final class WarmUpGate {

    /// Text read by one entry after which the others start, whether it has ended or not.
    static final long TEXT_BYTES = 32L << 20;

    /// The gate of this JVM's walks.
    static final WarmUpGate JVM = forProcessors(Runtime.getRuntime().availableProcessors());

    private final CountDownLatch open = new CountDownLatch(1);
    private final int entriesWhileClosed;

    /// A closed gate.
    ///
    /// @param entriesWhileClosed how many of an archive's first entries run while it is closed, at least 1
    WarmUpGate(int entriesWhileClosed) {
        if (entriesWhileClosed < 1) {
            throw new IllegalArgumentException("at least one entry runs while the gate is closed: " + entriesWhileClosed);
        }
        this.entriesWhileClosed = entriesWhileClosed;
    }

    /// The gate for a JVM of `processors` processors: one of them is left to the compiler.
    static WarmUpGate forProcessors(int processors) {
        return new WarmUpGate(Math.max(1, processors - 1));
    }

    /// How many of an archive's first entries run while the gate is closed.
    int entriesWhileClosed() {
        return entriesWhileClosed;
    }

    /// Notes that an entry has read `bytes` of text so far.
    void textRead(long bytes) {
        if (bytes >= TEXT_BYTES) {
            open.countDown();
        }
    }

    /// Lets the entries held back start: an entry's table is read, or the entry ended without one.
    void open() {
        open.countDown();
    }

    /// Whether entries no longer wait.
    boolean isOpen() {
        return open.getCount() == 0;
    }

    /// Returns at once for one of an archive's first [#entriesWhileClosed()] entries, else waits
    /// until the gate is open.
    ///
    /// @param position the entry's position among the archive's entries handed to workers, from 0
    /// @param archiveName the archive whose entry waits, for the message of an interrupt
    /// @throws InterruptedIOException when the thread is interrupted while it waits
    void awaitTurn(int position, String archiveName) throws InterruptedIOException {
        if (position < entriesWhileClosed) {
            return;
        }
        try {
            open.await();
        } catch (InterruptedException e) {
            throw EntryWorkers.interrupted(archiveName);
        }
    }
}
