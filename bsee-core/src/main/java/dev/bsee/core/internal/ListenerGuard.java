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
public final class ListenerGuard implements ProgressListener {

    private static final System.Logger LOG = System.getLogger(ListenerGuard.class.getName());

    private final ProgressListener listener;
    private final AtomicBoolean warned = new AtomicBoolean();

    private ListenerGuard(ProgressListener listener) {
        this.listener = listener;
    }

    /// The listener, guarded (itself when it already is).
    ///
    /// @param listener the caller's listener
    /// @return a listener that never throws
    public static ProgressListener of(ProgressListener listener) {
        Objects.requireNonNull(listener, "listener");
        return listener instanceof ListenerGuard ? listener : new ListenerGuard(listener);
    }

    @Override
    public void onEvent(ProgressEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            if (warned.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "the progress listener failed on " + event
                        + "; its failures are ignored and further ones logged at debug level", e);
            } else {
                LOG.log(System.Logger.Level.DEBUG, "the progress listener failed on " + event, e);
            }
        }
    }
}
