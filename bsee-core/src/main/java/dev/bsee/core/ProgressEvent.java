package dev.bsee.core;

import dev.bsee.core.internal.OptionChecks;
import dev.bsee.core.internal.SafeText;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/// What a refresh reports while it works, delivered to a [ProgressListener].
///
/// Events name the source so one listener can follow several sources at once: the source id
/// (`production_raw`), alike in a source's download, entry and notice events; for one archive of a
/// yearly series downloaded (the enhanced path), the download's and its entries' events name the
/// archive (`ogora2019delimit`) and the series' notices the series (`ogora`); on the legacy path,
/// whose zip folder may hold zips of any name, every event names the source (an entry event's
/// entry, such as `ogora2019delimit.txt`, tells the year); where there is no source (a conversion of
/// files), the archive's file name.
public sealed interface ProgressEvent {

    /// The source id or archive name this event is about.
    ///
    /// @return the source
    String source();

    /// Bytes of an archive received so far.
    final class Download implements ProgressEvent {

        private final String source;
        private final long bytesReceived;
        private final long totalBytes;  // negative: absent
        private final double bytesPerSecond;

        /// The event; an absent total is -1.
        ///
        /// @param source the source
        /// @param bytesReceived bytes received so far
        /// @param totalBytes the full size, or -1 when the server did not say
        /// @param bytesPerSecond the recent rate
        public Download(String source, long bytesReceived, long totalBytes, double bytesPerSecond) {
            this.source = Objects.requireNonNull(source, "source");
            this.bytesReceived = bytesReceived;
            this.totalBytes = totalBytes < 0 ? -1 : totalBytes;
            this.bytesPerSecond = bytesPerSecond;
        }

        @Override
        public String source() {
            return source;
        }

        /// Bytes received so far.
        ///
        /// @return the value
        public long bytesReceived() {
            return bytesReceived;
        }

        /// The full size, when the server said.
        ///
        /// @return the value, or empty when unknown
        public OptionalLong totalBytes() {
            return totalBytes < 0 ? OptionalLong.empty() : OptionalLong.of(totalBytes);
        }

        /// The recent rate.
        ///
        /// @return bytes per second
        public double bytesPerSecond() {
            return bytesPerSecond;
        }

        /// Equal when every part is equal.
        ///
        /// @param other the object to compare with
        /// @return whether `other` has the same parts
        @Override
        public boolean equals(Object other) {
            return other instanceof Download that
                    && source.equals(that.source)
                    && bytesReceived == that.bytesReceived
                    && totalBytes == that.totalBytes
                    && Double.compare(bytesPerSecond, that.bytesPerSecond) == 0;
        }

        /// A hash of every part.
        ///
        /// @return the hash
        @Override
        public int hashCode() {
            return Objects.hash(source, bytesReceived, totalBytes, bytesPerSecond);
        }

        /// The parts, for messages and debugging.
        ///
        /// @return the text
        @Override
        public String toString() {
            return "Download[source=" + SafeText.escape(source) + ", bytesReceived=" + bytesReceived
                    + ", totalBytes=" + totalBytes
                    + ", bytesPerSecond=" + bytesPerSecond + "]";
        }
    }

    /// An entry of an archive started.
    final class EntryStarted implements ProgressEvent {

        private final String source;
        private final String entry;
        private final long uncompressedSize;  // negative: absent

        /// The event; an absent size is -1.
        ///
        /// @param source the source
        /// @param entry the entry name
        /// @param uncompressedSize its size in bytes, or -1 when the archive does not say
        public EntryStarted(String source, String entry, long uncompressedSize) {
            this.source = Objects.requireNonNull(source, "source");
            this.entry = Objects.requireNonNull(entry, "entry");
            this.uncompressedSize = uncompressedSize < 0 ? -1 : uncompressedSize;
        }

        @Override
        public String source() {
            return source;
        }

        /// The entry name.
        ///
        /// @return the value
        public String entry() {
            return entry;
        }

        /// Its size in bytes, when the archive says.
        ///
        /// @return the value, or empty when unknown
        public OptionalLong uncompressedSize() {
            return uncompressedSize < 0 ? OptionalLong.empty() : OptionalLong.of(uncompressedSize);
        }

        /// Equal when every part is equal.
        ///
        /// @param other the object to compare with
        /// @return whether `other` has the same parts
        @Override
        public boolean equals(Object other) {
            return other instanceof EntryStarted that
                    && source.equals(that.source)
                    && entry.equals(that.entry)
                    && uncompressedSize == that.uncompressedSize;
        }

        /// A hash of every part.
        ///
        /// @return the hash
        @Override
        public int hashCode() {
            return Objects.hash(source, entry, uncompressedSize);
        }

        /// The parts, for messages and debugging.
        ///
        /// @return the text
        @Override
        public String toString() {
            // An entry's name is the archive's, any character: escaped, as every message escapes it.
            return "EntryStarted[source=" + SafeText.escape(source) + ", entry=" + SafeText.escape(entry)
                    + ", uncompressedSize=" + uncompressedSize + "]";
        }
    }

    /// Rows of an entry parsed so far.
    ///
    /// @param source the source
    /// @param entry the entry name
    /// @param rows rows so far
    /// @param bytes text bytes read so far
    record EntryProgress(String source, String entry, long rows, long bytes) implements ProgressEvent {
        /// Checks the names.
        public EntryProgress {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(entry, "entry");
        }

        /// The parts, the names escaped (an archive's entry name may hold any character), for an
        /// application that logs its events.
        ///
        /// @return the text
        @Override
        public String toString() {
            return "EntryProgress[source=" + SafeText.escape(source) + ", entry=" + SafeText.escape(entry)
                    + ", rows=" + rows
                    + ", bytes=" + bytes + "]";
        }
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
        /// Checks the names and the time, and copies the dtypes.
        public EntryFinished {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(entry, "entry");
            dtypes = OptionChecks.listOf("dtypes", dtypes);
            Objects.requireNonNull(elapsed, "elapsed");
        }

        /// The parts, the names escaped (an archive's entry name may hold any character), for an
        /// application that logs its events.
        ///
        /// @return the text
        @Override
        public String toString() {
            return "EntryFinished[source=" + SafeText.escape(source) + ", entry=" + SafeText.escape(entry)
                    + ", rows=" + rows
                    + ", dtypes=" + dtypes + ", bytes=" + bytes + ", elapsed=" + elapsed + "]";
        }
    }

    /// Something worth telling a person that is not an error: a retry, a skipped source.
    ///
    /// @param source the source
    /// @param message the text
    record Notice(String source, String message) implements ProgressEvent {
        /// Checks the parts.
        public Notice {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(message, "message");
        }

        /// The parts, escaped (a notice may quote a server's or an archive's text), for an
        /// application that logs its events.
        ///
        /// @return the text
        @Override
        public String toString() {
            return "Notice[source=" + SafeText.escape(source) + ", message=" + SafeText.escape(message) + "]";
        }
    }
}
