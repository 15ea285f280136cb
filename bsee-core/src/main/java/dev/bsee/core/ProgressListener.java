package dev.bsee.core;

/// Receives [ProgressEvent]s. Called from worker threads, possibly concurrently; implementations
/// must be thread-safe and quick. A `RuntimeException` a listener throws is logged and ignored: it
/// never fails the download, entry or refresh it reports on, nor escapes the call that started them.
@FunctionalInterface
public interface ProgressListener {

    /// Handles one event.
    ///
    /// @param event the event
    void onEvent(ProgressEvent event);

    /// A listener that ignores every event.
    ///
    /// @return the listener
    static ProgressListener none() {
        return event -> { };
    }
}
