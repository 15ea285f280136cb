package dev.bsee.examples.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.util.Optional;

/// What a command does when a signal (Ctrl-C, `kill`) stops the JVM while it runs: a shutdown hook
/// runs the command's clean-up, clears the progress line and says in one line on standard error
/// what the signal left, so no progress line follows it and the user is not left guessing. The
/// command's last step, when it must not be cut in half (a convert's renames), runs through
/// [#finish]: the hook waits for it, or keeps it from starting. Closing removes the hook.
final class StopHook implements AutoCloseable {

    /// A step that must run whole.
    @FunctionalInterface
    interface Step {
        void run() throws IOException;
    }

    /// The hook installed, whose line a `--json` command's document repeats ([JsonFailure#onSignal]).
    private static StopHook installed;

    private final Thread hook;
    private final java.util.function.Supplier<String> before;
    private final String after;
    private boolean stopped;
    private boolean finished;
    /// Whether the hook or the command has cleaned up; guarded by [#cleanUpLock].
    private boolean cleanedUp;
    private final Object cleanUpLock = new Object();

    /// Installs the hook.
    ///
    /// @param command the command's name, for the line
    /// @param cleanup what the hook removes, whether or not the last step ran, unless the command has
    ///        cleaned up through [#cleanUp] first; must not throw
    /// @param progress the command's progress, closed before the line
    /// @param err standard error
    /// @param before what the line says when the signal came before the last step, asked when it
    ///        comes (a convert that has completed a killed run's renames says so)
    /// @param after what it says when the signal came once the last step had run
    StopHook(String command, Runnable cleanup, ConsoleProgress progress, PrintWriter err,
            java.util.function.Supplier<String> before, String after) {
        this.before = before;
        this.after = after;
        hook = new Thread(() -> {
            String line = stop();
            cleanUp(cleanup);
            progress.close();
            err.println("bsee " + command + ": " + line);
            err.flush();
        }, "bsee-" + command + "-stop");
        synchronized (StopHook.class) {
            disarmBeforeStart();
            Runtime.getRuntime().addShutdownHook(hook);
            installed = this;
        }
    }

    /// What a command that changes folders (`convert`, `refresh`, `demo`) says when a signal stops
    /// the JVM before the command installed its own hook: loading the command and reading its
    /// configuration take the JVM a second or so, and a signal then ended it with 143 and no word.
    static final String BEFORE_START = "stopped before it began; no output folder was changed";

    /// The hook that says [#BEFORE_START], while armed.
    private static Thread beforeStart;

    /// Says [#BEFORE_START] on `err` if a signal stops the JVM before `command` installs its own hook
    /// or [#disarmBeforeStart] is called: for the JVM that runs the command, from its start.
    ///
    /// @param command the command's name, for the line
    /// @param err standard error
    /// @param json standard output of a `--json` command, which gets the failure document too until
    ///     the command's own ([JsonFailure#onSignal]) is in place; null for none
    static void armBeforeStart(String command, java.io.PrintStream err, java.io.PrintStream json) {
        if (json != null) {
            JsonFailure.prepare();
        }
        Thread hook = new Thread(() -> {
            // The document first: run on the command's thread (the signal came before the hook was
            // in place), the JVM may end between the two, and the document is what a program reads.
            if (json != null) {
                JsonFailure.stoppedBeforeStart(json, BEFORE_START);
            }
            err.println("bsee " + command + ": " + BEFORE_START);
            err.flush();
        }, "bsee-" + command + "-stop-before-start");
        synchronized (StopHook.class) {
            if (beforeStart == null && installed == null) {
                try {
                    Runtime.getRuntime().addShutdownHook(hook);
                    beforeStart = hook;
                } catch (IllegalStateException shuttingDown) {
                    // The signal came first (a `java -jar` passing it on to the child JVM it is starting):
                    // said now, where the hook would have said it.
                    hook.run();
                }
            }
        }
    }

    /// Stops saying [#BEFORE_START]: the command has its own hook, or the JVM exits of itself.
    static void disarmBeforeStart() {
        synchronized (StopHook.class) {
            if (beforeStart != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(beforeStart);
                } catch (IllegalStateException shuttingDown) {
                    // The hook runs, or has run.
                }
                beforeStart = null;
            }
        }
    }

    /// What the installed hook says, or says when it runs, once a signal stops the JVM ([#BEFORE_START]
    /// before the command installed it): empty when no hook is installed, or it was closed before
    /// the signal came and will not run.
    static Optional<String> stopLine() {
        synchronized (StopHook.class) {
            return installed != null ? Optional.of(installed.stop())
                    : beforeStart != null ? Optional.of(BEFORE_START) : Optional.empty();
        }
    }

    /// Keeps the last step from starting and says whether it had run.
    private synchronized String stop() {
        stopped = true;
        return finished ? after : before.get();
    }

    /// Runs the last step, unless a signal has stopped the command.
    ///
    /// @param step the step
    /// @throws IOException when the step fails, or a signal came first
    synchronized void finish(Step step) throws IOException {
        if (stopped) {
            throw new InterruptedIOException("stopped by a signal");
        }
        step.run();
        finished = true;
    }

    /// Runs the command's own clean-up (its `finally`, or a failure's), unless the hook's has run,
    /// and keeps the hook's from running after it; one that comes while the other runs waits for it.
    /// A signal while the command ends ran both at once: the second found the run's folder gone
    /// and warned that it was left alone, "not the tool's to remove", of a folder the tool had just
    /// removed itself.
    ///
    /// @param cleanup the command's clean-up; must not throw
    void cleanUp(Runnable cleanup) {
        synchronized (cleanUpLock) {
            if (!cleanedUp) {
                cleanedUp = true;
                cleanup.run();
            }
        }
    }

    /// The hook's thread, not started: what a signal runs.
    Thread hook() {
        return hook;
    }

    /// The thread of the hook installed now, not started: what a signal would run at this moment.
    /// For tests that stop a command running in their own JVM.
    ///
    /// @return the hook's thread, or empty when no command has one installed
    static Optional<Thread> installedHook() {
        synchronized (StopHook.class) {
            return Optional.ofNullable(installed).map(StopHook::hook);
        }
    }

    @Override
    public void close() {
        synchronized (StopHook.class) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                if (installed == this) {
                    installed = null;
                }
            } catch (IllegalStateException shuttingDown) {
                // The hook runs, or has run.
            }
        }
    }
}
