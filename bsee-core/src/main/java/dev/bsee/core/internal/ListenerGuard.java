package dev.bsee.core.internal;

import dev.bsee.core.ProgressEvent;
import dev.bsee.core.ProgressListener;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/// A [ProgressListener] that cannot break the work it reports on: what the listener throws is
/// logged and dropped. A listener is the caller's code (a progress bar, a metrics hook); a bug in
/// it must not fail a source and keep its previous files, nor escape a refresh that succeeded.
/// The first failure is logged as a warning with its stack trace, later ones at debug level, so that
/// a listener failing on every progress event does not flood the log.
///
/// Nor can a listener lose a cancellation: one that catches an [InterruptedException] (a progress
/// bar that sleeps) clears the thread's interrupt status, which is how the work learns it was
/// stopped. The guard sets it again after the listener returns when it was set before the call, and,
/// for a guard made for one run ([#forRun(ProgressListener, Thread)]), whenever that run's caller
/// has been interrupted, before the call and after it: the cancellation is remembered once seen, so
/// the download and entry loops, which check the interrupt status, stop at their next check whatever
/// the listener does, and a listener that sleeps returns at once.
public final class ListenerGuard implements ProgressListener {

    private static final System.Logger LOG = System.getLogger(ListenerGuard.class.getName());

    private final ProgressListener listener;
    private final AtomicBoolean warned;
    private final Thread caller;            // null: no run to cancel
    private final AtomicBoolean cancelled = new AtomicBoolean();
    /// When an event last came ([System#nanoTime()]): what a run's caller looks at to tell a run
    /// that moves from one whose threads can no longer run.
    private volatile long lastEvent = System.nanoTime();

    private ListenerGuard(ProgressListener listener, AtomicBoolean warned, Thread caller) {
        this.listener = listener;
        this.warned = warned;
        this.caller = caller;
    }

    /// The listener, guarded (itself when it already is).
    ///
    /// @param listener the caller's listener
    /// @return a listener that never throws
    public static ProgressListener of(ProgressListener listener) {
        Objects.requireNonNull(listener, "listener");
        return listener instanceof ListenerGuard ? listener : new ListenerGuard(listener, new AtomicBoolean(), null);
    }

    /// The listener, guarded for one run that `caller` started and cancels by being interrupted:
    /// once the caller's interrupt is seen, every thread that calls the listener has its interrupt
    /// status set when the listener returns.
    ///
    /// @param listener the caller's listener
    /// @param caller the thread whose interrupt cancels the run
    /// @return a listener that never throws nor loses the run's cancellation
    public static ListenerGuard forRun(ProgressListener listener, Thread caller) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(caller, "caller");
        return listener instanceof ListenerGuard guard
                ? new ListenerGuard(guard.listener, guard.warned, caller)
                : new ListenerGuard(listener, new AtomicBoolean(), caller);
    }

    /// Whether the run this guard was made for was cancelled: its caller is, or once was seen,
    /// interrupted. Always false for a guard made by [#of(ProgressListener)].
    ///
    /// @return true once the run's cancellation was seen
    public boolean cancelled() {
        if (caller != null && caller.isInterrupted()) {
            cancelled.set(true);
        }
        return cancelled.get();
    }

    /// When the last event came, or the guard was made if none has.
    ///
    /// @return a [System#nanoTime()] value
    public long lastEventNanos() {
        return lastEvent;
    }

    /// Records that the run this guard was made for was cancelled.
    public void cancel() {
        cancelled.set(true);
    }

    @Override
    public void onEvent(ProgressEvent event) {
        lastEvent = System.nanoTime();
        if (cancelled()) {
            // Before the call too: a listener that waits (a sleep) then returns at once.
            Thread.currentThread().interrupt();
        }
        boolean interrupted = Thread.currentThread().isInterrupted();
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            if (warned.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "the progress listener failed on " + event
                        + "; its failures are ignored and further ones logged at debug level", e);
            } else {
                LOG.log(System.Logger.Level.DEBUG, "the progress listener failed on " + event, e);
            }
        } finally {
            if (interrupted || cancelled()) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
