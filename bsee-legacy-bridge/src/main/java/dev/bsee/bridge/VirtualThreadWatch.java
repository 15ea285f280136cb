package dev.bsee.bridge;

import java.time.Duration;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/// The caller's wait for the refresh's virtual threads, which never waits for good on threads that
/// can no longer run. Virtual threads run on carrier threads that the JDK's scheduler starts when
/// it needs them, and they wake from a timed wait by its timer thread, also started when first
/// needed; under the process's thread limit (`ulimit -u`) the scheduler cannot start them and says
/// nothing (the JVM logs a warning), so the virtual threads stay queued or parked and a caller
/// waiting for them waited for good. While it waits, the watch starts a small virtual thread now
/// and then that sleeps a millisecond; when none has run for [#stallAfter] and a platform thread
/// cannot be started either, the wait ends with [Stalled].
///
/// The threads may run and still wait for good: a timed wait begun while the scheduler's timer
/// could not start is never woken, and the JDK's HTTP client completes its requests and runs their
/// timeouts on its own thread, which dies when it cannot start a worker. So the wait also ends when
/// the run has given no event for [#quietAfter] (a download reports its bytes as they come) and a
/// platform thread cannot be started: a run at the process's thread limit that has stopped moving.
final class VirtualThreadWatch {

    /// How long the caller waits at a time before it looks again.
    private static final long STEP_NANOS = TimeUnit.SECONDS.toNanos(1);
    /// How often a new probe starts while the last one has not run: each start asks the scheduler
    /// for a carrier again, which it may get once threads are free.
    private static final long PROBE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Duration stallAfter;
    private final Duration quietAfter;
    private final java.util.function.LongSupplier lastEvent;
    private final Executor probes;
    private final Consumer<Runnable> platformThreads;
    /// When the first probe that has not run yet started.
    private long pendingSince;
    private long lastProbe;
    private volatile boolean probePending;

    /// A watch on the JDK's virtual threads that declares a stall after 30 s without a probe run,
    /// or 60 s without an event of the run, once a thread cannot be started.
    ///
    /// @param lastEvent when the run's last event came ([System#nanoTime()])
    VirtualThreadWatch(java.util.function.LongSupplier lastEvent) {
        this(Duration.ofSeconds(30), Duration.ofSeconds(60), lastEvent,
                task -> Thread.ofVirtual().name("bsee-scheduler-probe").start(task),
                task -> Thread.ofPlatform().daemon().name("bsee-thread-probe").start(task));
    }

    /// A watch that only looks at its probes (tests give a scheduler that runs nothing).
    VirtualThreadWatch(Duration stallAfter, Executor probes, Consumer<Runnable> platformThreads) {
        this(stallAfter, Duration.ofDays(1), System::nanoTime, probes, platformThreads);
    }

    /// A watch with its own limits, events and probes.
    VirtualThreadWatch(Duration stallAfter, Duration quietAfter, java.util.function.LongSupplier lastEvent,
                       Executor probes, Consumer<Runnable> platformThreads) {
        this.stallAfter = stallAfter;
        this.quietAfter = quietAfter;
        this.lastEvent = lastEvent;
        this.probes = probes;
        this.platformThreads = platformThreads;
    }

    /// The virtual threads cannot run: the process cannot start the threads they need.
    static final class Stalled extends RuntimeException {
        private final OutOfMemoryError error;

        private Stalled(OutOfMemoryError error) {
            super(error.getMessage(), error, false, false);
            this.error = error;
        }

        /// The error to report, worded as the JDK words a thread it cannot start, so that it is
        /// said as the thread limit it is.
        OutOfMemoryError error() {
            return error;
        }
    }

    /// The next task the service completes.
    ///
    /// @throws Stalled when the virtual threads can no longer run
    <T> Future<T> take(CompletionService<T> ended) throws InterruptedException {
        while (true) {
            Future<T> done = ended.poll(STEP_NANOS, TimeUnit.NANOSECONDS);
            if (done != null) {
                return done;
            }
            check();
        }
    }

    /// The future's value, as `Future.get` gives it.
    ///
    /// @throws Stalled when the virtual threads can no longer run
    <T> T get(Future<T> future) throws InterruptedException, ExecutionException {
        while (true) {
            try {
                return future.get(STEP_NANOS, TimeUnit.NANOSECONDS);
            } catch (TimeoutException stillRunning) {
                check();
            }
        }
    }

    private void check() {
        long now = System.nanoTime();
        if (!probePending || now - lastProbe >= PROBE_EVERY_NANOS) {
            if (!probePending) {
                pendingSince = now;
            }
            probePending = true;
            lastProbe = now;
            try {
                probes.execute(() -> {
                    try {
                        // A timed wait, so that the scheduler's timer is proved too.
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    probePending = false;
                });
            } catch (OutOfMemoryError | RuntimeException notStarted) {
                // Counted as a probe that did not run.
            }
        }
        boolean probesStuck = probePending && now - pendingSince >= stallAfter.toNanos();
        boolean quiet = now - lastEvent.getAsLong() >= quietAfter.toNanos();
        if (!probesStuck && !quiet) {
            return;
        }
        try {
            platformThreads.accept(() -> { });
        } catch (OutOfMemoryError cannotStart) {
            OutOfMemoryError stalled = new OutOfMemoryError("unable to create native thread: " + (probesStuck
                    ? "no virtual thread of the refresh has run for " + stallAfter.toSeconds() + " s"
                    : "nothing of the refresh has moved for " + quietAfter.toSeconds() + " s")
                    + ", and no thread can be started");
            stalled.initCause(cannotStart);
            throw new Stalled(stalled);
        }
    }
}
