package dev.bsee.core;

/// Receives [ProgressEvent]s. Called from worker threads, possibly concurrently; implementations
/// must be thread-safe and quick. A `RuntimeException` a listener throws is logged and ignored: it
/// never fails the download, entry or refresh it reports on, nor escapes the call that started them.
/// An `Error` it throws (a test's `AssertionError`) is not caught: it stops the work, and the call
/// that started the work throws it as it was thrown. Each output keeps a complete version: the
/// previous one, or the new one where the event came after its files were in place (a refresh's
/// notice that it wrote a source's files follows that source's commit).
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
