package dev.bsee.core;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/// What a refresh reports while it works, delivered to a [ProgressListener].
///
/// Events name the source (a source id, or the archive's file name when there is no source) so
/// one listener can follow several sources at once.
public sealed interface ProgressEvent {

    /// The source id or archive name this event is about.
    ///
    /// @return the source
    String source();

    /// Bytes of an archive received so far.
    ///
    /// @param source the source
    /// @param bytesReceived bytes received so far
    /// @param totalBytes the full size, when the server said
    /// @param bytesPerSecond the recent rate
    record Download(String source, long bytesReceived, OptionalLong totalBytes, double bytesPerSecond)
            implements ProgressEvent {
    }

    /// An entry of an archive started.
    ///
    /// @param source the source
    /// @param entry the entry name
    /// @param uncompressedSize its size in bytes, when the archive says
    record EntryStarted(String source, String entry, OptionalLong uncompressedSize) implements ProgressEvent {
    }

    /// Rows of an entry parsed so far.
    ///
    /// @param source the source
    /// @param entry the entry name
    /// @param rows rows so far
    /// @param bytes text bytes read so far
    record EntryProgress(String source, String entry, long rows, long bytes) implements ProgressEvent {
    }

    /// An entry finished.
    ///
    /// @param source the source
    /// @param entry the entry name
    /// @param rows the row count
    /// @param dtypes the column dtypes
    /// @param bytes text bytes read
    /// @param elapsed time taken
    record EntryFinished(String source, String entry, long rows, List<DType> dtypes, long bytes, Duration elapsed)
            implements ProgressEvent {
        /// Copies the dtypes.
        public EntryFinished {
            dtypes = List.copyOf(dtypes);
        }
    }

    /// Something worth telling a person that is not an error: a retry, a skipped source.
    ///
    /// @param source the source
    /// @param message the text
    record Notice(String source, String message) implements ProgressEvent {
    }
}
