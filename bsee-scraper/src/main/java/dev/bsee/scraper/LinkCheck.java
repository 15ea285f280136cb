package dev.bsee.scraper;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/// What a `HEAD` request said about a portal link.
public sealed interface LinkCheck {

    /// The link answered.
    final class Available implements LinkCheck {

        private final int status;
        private final long size;  // negative: absent
        private final Instant lastModified;  // null: absent

        /// The value; a part that is absent is null (a number: -1).
        ///
        /// @param status the HTTP status (200, or 206 when a one-byte ranged `GET` stood in for a refused `HEAD`)
        /// @param size the archive size in bytes, or -1 when the server did not say
        /// @param lastModified the `Last-Modified` date, or null when the server did not say
        public Available(int status, long size, Instant lastModified) {
            this.status = status;
            this.size = size < 0 ? -1 : size;
            this.lastModified = lastModified;
        }

        /// The HTTP status (200, or 206 when a one-byte ranged `GET` stood in for a refused `HEAD`).
        ///
        /// @return the value
        public int status() {
            return status;
        }

        /// The archive size in bytes, when the server said.
        ///
        /// @return the value, or empty when absent
        public OptionalLong size() {
            return size < 0 ? OptionalLong.empty() : OptionalLong.of(size);
        }

        /// The `Last-Modified` date, when the server said.
        ///
        /// @return the value, or empty when absent
        public Optional<Instant> lastModified() {
            return Optional.ofNullable(lastModified);
        }

        /// Equal when every part is equal.
        ///
        /// @param other the object to compare with
        /// @return whether `other` has the same parts
        @Override
        public boolean equals(Object other) {
            return other instanceof Available that
                    && status == that.status
                    && size == that.size
                    && Objects.equals(lastModified, that.lastModified);
        }

        /// A hash of every part.
        ///
        /// @return the hash
        @Override
        public int hashCode() {
            return Objects.hash(status, size, lastModified);
        }

        /// The parts, for messages and debugging.
        ///
        /// @return the text
        @Override
        public String toString() {
            return "Available[status=" + status + ", size=" + size + ", lastModified=" + lastModified + "]";
        }
    }

    /// The link could not be checked.
    ///
    /// @param problem why: the [DownloadException#detail()] and the attempts made
    record Failed(String problem) implements LinkCheck {
        /// Checks for nulls.
        public Failed {
            Objects.requireNonNull(problem, "problem");
        }
    }
}
