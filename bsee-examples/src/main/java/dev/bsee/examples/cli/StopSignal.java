package dev.bsee.examples.cli;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

/// Which signal stopped the JVM. A shutdown hook is not told why the JVM stops, yet the JVM's exit
/// code is `128 +` the signal's number (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP): a command
/// that prints a failure document while a signal stops it needs that number to say the code the
/// process really ends with. [#record] puts a handler before the JVM's own for each of these
/// signals, which notes the signal and passes it on, so the JVM stops as it did.
///
/// A signal the process ignores (SIGINT for a command started in the background by a script) stays
/// ignored, and where the JVM handles none (`-Xrs`) nothing is recorded.
final class StopSignal {

    /// The signals on which the JVM runs its shutdown hooks.
    private static final String[] STOPPING = {"INT", "TERM", "HUP"};

    private static boolean recording;
    private static volatile String name;
    private static volatile int number;

    private StopSignal() {
    }

    /// Starts noting which signal comes, once per JVM.
    static synchronized void record() {
        if (recording) {
            return;
        }
        recording = true;
        for (String signal : STOPPING) {
            try {
                sun.misc.Signal which = new sun.misc.Signal(signal);
                AtomicReference<sun.misc.SignalHandler> jvms = new AtomicReference<>();
                sun.misc.SignalHandler replaced = sun.misc.Signal.handle(which, received -> {
                    name = received.getName();
                    number = received.getNumber();
                    sun.misc.SignalHandler previous = jvms.get();
                    if (previous == null) {
                        // Come before the JVM's handler was noted, the first thing the tool does: it
                        // has nothing to clean up yet, so the JVM halts with the signal's code.
                        // Runtime.exit logs its call, and the JDK's logging, not yet set up this early,
                        // printed "Runtime.exit(130) logging failed: Cannot invoke ...".
                        Runtime.getRuntime().halt(128 + received.getNumber());
                    } else {
                        previous.handle(received);
                    }
                });
                jvms.set(replaced);
                if (replaced == sun.misc.SignalHandler.SIG_IGN || replaced == sun.misc.SignalHandler.SIG_DFL) {
                    // Not the JVM's to stop on: as it was.
                    sun.misc.Signal.handle(which, replaced);
                }
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError notHandled) {
                // The JVM does not handle this signal here (-Xrs, another platform): nothing to note.
            }
        }
    }

    /// The exit code of a JVM the recorded signal stops.
    static OptionalInt exitCode() {
        int received = number;
        return received == 0 ? OptionalInt.empty() : OptionalInt.of(128 + received);
    }

    /// The recorded signal's name, `SIGTERM`.
    static Optional<String> name() {
        String received = name;
        return received == null ? Optional.empty() : Optional.of("SIG" + received.toUpperCase(Locale.ROOT));
    }
}
