package dev.bsee.bridge.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/// Keeps a JVM that is shutting down (a signal, `System.exit`) from cutting a commit in half.
///
/// A commit's renames, removals and manifest take milliseconds, but the JVM halts every thread once
/// its shutdown hooks are done, wherever that thread is: a refresh stopped by Ctrl-C or a scheduler's
/// `kill` in those milliseconds left its folder with new files beside superseded ones, and an old
/// manifest, until the next refresh or `bsee status` completed the journal. Python code loading the
/// folder in between read two versions. Through this gate a commit under way is waited for by a
/// shutdown hook (at most [#WAIT]), and one that has not begun never begins, so a graceful stop
/// leaves each folder one whole version. Only a kill no hook sees (`kill -9`, a power cut) leaves
/// the journal for the next run.
final class CommitGate {

    /// How long the JVM's exit waits for commits under way. A commit takes milliseconds; a file
    /// system that hangs does not keep the JVM from exiting for good (schedulers follow their
    /// signal with a kill after about ten seconds), and its journal is completed by the next run.
    static final Duration WAIT = Duration.ofSeconds(10);

    /// The gate of this JVM, whose hook is installed with its first commit.
    static final CommitGate JVM = new CommitGate(WAIT, hook -> Runtime.getRuntime().addShutdownHook(hook));

    private static final System.Logger LOG = System.getLogger(CommitGate.class.getName());

    /// A step that must run whole.
    @FunctionalInterface
    interface Step<T> {
        T run() throws IOException;
    }

    private final Duration wait;
    private final Consumer<Thread> hooks;
    private final Object lock = new Object();
    /// Guarded by [#lock]: the commits under way, whether the gate is shut, and whether its hook is in place.
    private int running;
    private boolean shut;
    private boolean hooked;

    /// A gate whose hook `hooks` installs, which waits at most `wait` for the commits under way.
    ///
    /// @param wait how long the hook waits
    /// @param hooks installs the hook (throws [IllegalStateException] once the JVM is shutting down)
    CommitGate(Duration wait, Consumer<Thread> hooks) {
        this.wait = wait;
        this.hooks = hooks;
    }

    /// Runs `step` whole, unless the JVM has begun to shut down, in which case it does not begin.
    ///
    /// @param folder the folder the step commits into, for the message
    /// @param step the commit
    /// @param <T> what the step returns
    /// @return what it returned
    /// @throws IOException when the step fails, or ([InterruptedIOException]) the JVM is shutting down
    <T> T pass(Path folder, Step<T> step) throws IOException {
        synchronized (lock) {
            if (!hooked && !shut) {
                try {
                    hooks.accept(new Thread(this::shut, "bsee-commit-gate"));
                    hooked = true;
                } catch (IllegalStateException shuttingDown) {
                    shut = true;
                }
            }
            if (shut) {
                throw new InterruptedIOException("stopped: the JVM is shutting down, so the commit into " + folder
                        + " did not begin and the folder is as it was");
            }
            running++;
        }
        try {
            return uninterrupted(step);
        } finally {
            synchronized (lock) {
                running--;
                lock.notifyAll();
            }
        }
    }

    /// Runs `step` on a thread of its own and waits for it, whatever interrupts the caller: a
    /// cancelled refresh interrupts its sources' threads, and an interrupt closes the file channel
    /// it arrives in, so a commit interrupted after its renames failed to write its manifest and
    /// left the new files under the old manifest and the journal pending until the next run. The
    /// caller's interrupt status is kept for it to act on once the commit is whole. Where no thread
    /// can be started (the process's limit of threads) the step runs on the caller's.
    private static <T> T uninterrupted(Step<T> step) throws IOException {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread commit;
        try {
            commit = Thread.ofPlatform().name("bsee-commit").start(() -> {
                try {
                    result[0] = step.run();
                } catch (Throwable t) {
                    failure[0] = t;
                }
            });
        } catch (OutOfMemoryError noThread) {
            return step.run();
        }
        boolean interrupted = false;
        while (true) {
            try {
                commit.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        switch (failure[0]) {
            case null -> { }
            case IOException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IOException(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    /// Shuts the gate: no commit begins from now on, and this returns once the commits under way have
    /// ended, or after [#WAIT]. What the JVM's shutdown hook runs.
    void shut() {
        synchronized (lock) {
            shut = true;
            long deadline = System.nanoTime() + wait.toNanos();
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.log(System.Logger.Level.WARNING, running + " commit(s) still under way after " + wait.toSeconds()
                            + " s as the JVM exits; the next refresh or bsee status completes them from their journal");
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
