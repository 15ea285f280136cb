package dev.bsee.core.internal;

import dev.bsee.core.ProgressEvent;
import dev.bsee.core.ProgressListener;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerGuardTest {

    private static final ProgressEvent NOTICE = new ProgressEvent.Notice("well", "a notice");

    /// A listener that sleeps and catches the InterruptedException clears the thread's interrupt
    /// status, which is how the work learns it was cancelled: the guard sets it again.
    private static final ProgressListener SWALLOWING = event -> {
        try {
            Thread.sleep(10_000);
        } catch (InterruptedException swallowed) {
            // the interrupt status is cleared and not set again
        }
    };

    @Test
    void anInterruptTheListenerSwallowsIsSetAgain() {
        ProgressListener guarded = ListenerGuard.of(SWALLOWING);
        Thread.currentThread().interrupt();
        try {
            guarded.onEvent(NOTICE);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    /// Once the run's caller is seen interrupted, every thread calling the listener of that run comes
    /// back interrupted, even after the caller's own status was cleared; the guard of another run,
    /// or made without a run, is not affected.
    @Test
    void theCancelOfARunReachesEveryThreadThatCallsItsListener() throws Exception {
        ListenerGuard run = ListenerGuard.forRun(SWALLOWING, Thread.currentThread());
        ListenerGuard otherRun = ListenerGuard.forRun(event -> { }, Thread.ofPlatform().unstarted(() -> { }));
        assertThat(run.cancelled()).isFalse();
        Thread.currentThread().interrupt();
        assertThat(run.cancelled()).isTrue();
        // Cleared as a listener on the caller's thread would clear it: the cancel is remembered.
        Thread.interrupted();

        assertThat(onWorker(run)).as("the worker comes back interrupted").isTrue();
        assertThat(run.cancelled()).isTrue();
        assertThat(onWorker(otherRun)).as("another run's worker").isFalse();
        assertThat(onWorker(ListenerGuard.of(event -> { }))).as("no run").isFalse();
    }

    /// Calls `listener` on a worker thread, and says whether the worker came back interrupted.
    private static boolean onWorker(ProgressListener listener) throws Exception {
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Thread worker = Thread.ofPlatform().start(() -> {
            listener.onEvent(NOTICE);
            interrupted.complete(Thread.currentThread().isInterrupted());
        });
        worker.join(5_000);
        return interrupted.get(1, TimeUnit.SECONDS);
    }
}
