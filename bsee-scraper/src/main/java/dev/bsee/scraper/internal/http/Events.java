package dev.bsee.scraper.internal.http;

import dev.bsee.core.ProgressEvent;
import dev.bsee.core.ProgressListener;

/// Delivers progress events so that a failing listener cannot break a download.
final class Events {

    private static final System.Logger LOG = System.getLogger(Events.class.getName());

    private Events() {
    }

    static void emit(ProgressListener listener, ProgressEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "progress listener failed on " + event, e);
        }
    }
}
