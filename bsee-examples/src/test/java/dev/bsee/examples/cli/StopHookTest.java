package dev.bsee.examples.cli;

import org.junit.jupiter.api.Test;

import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// What a signal runs, before the command's last step and after it: the clean-up either way, one
/// line saying which, and no last step once the signal has come.
class StopHookTest {

    private final StringWriter err = new StringWriter();
    private final AtomicInteger cleanups = new AtomicInteger();

    private StopHook hook() {
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(new StringWriter()), ConsoleProgress.Mode.LINES, 80,
                System::nanoTime);
        return new StopHook("convert", cleanups::incrementAndGet, progress, new PrintWriter(err), () -> "before", "after");
    }

    @Test
    void aSignalBeforeTheLastStepCleansUpSaysSoAndKeepsTheStepFromRunning() {
        try (StopHook onStop = hook()) {
            onStop.hook().run();
            AtomicInteger steps = new AtomicInteger();

            assertThatThrownBy(() -> onStop.finish(steps::incrementAndGet)).isInstanceOf(InterruptedIOException.class);
            assertThat(steps).hasValue(0);
        }
        assertThat(cleanups).hasValue(1);
        assertThat(err.toString().lines()).containsExactly("bsee convert: before");
    }

    @Test
    void aSignalAfterTheLastStepCleansUpAndSaysTheStepRan() throws Exception {
        try (StopHook onStop = hook()) {
            onStop.finish(() -> { });
            onStop.hook().run();
        }
        assertThat(cleanups).hasValue(1);
        assertThat(err.toString().lines()).containsExactly("bsee convert: after");
    }

    @Test
    void aSignalDuringTheLastStepWaitsForIt() throws Exception {
        StringBuilder order = new StringBuilder();
        try (StopHook onStop = hook()) {
            Thread signal = new Thread(() -> {
                onStop.hook().run();
                synchronized (order) {
                    order.append("hook;");
                }
            });
            onStop.finish(() -> {
                signal.start();
                // The hook cannot take the monitor the step holds: it has not run yet.
                try {
                    signal.join(200);
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
                synchronized (order) {
                    order.append("step;");
                }
            });
            signal.join();
        }
        assertThat(order).hasToString("step;hook;");
        assertThat(err.toString().lines()).containsExactly("bsee convert: after");
    }

    /// The command's own clean-up and the hook's are one: whichever comes first runs, the other not.
    @Test
    void theCommandsCleanUpAndTheHooksRunOnceWhicheverComesFirst() {
        AtomicInteger own = new AtomicInteger();
        try (StopHook onStop = hook()) {
            onStop.cleanUp(own::incrementAndGet);
            onStop.hook().run();
        }
        assertThat(own).hasValue(1);
        assertThat(cleanups).hasValue(0);
        try (StopHook onStop = hook()) {
            onStop.hook().run();
            onStop.cleanUp(own::incrementAndGet);
        }
        assertThat(own).hasValue(1);
        assertThat(cleanups).hasValue(1);
    }
}
