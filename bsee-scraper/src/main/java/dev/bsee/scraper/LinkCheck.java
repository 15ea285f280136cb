package dev.bsee.scraper;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/// What a `HEAD` request said about a portal link.
public sealed interface LinkCheck {

    /// The link answered.
    ///
    /// @param status the HTTP status (200, or 206 when a one-byte ranged `GET` stood in for a
    ///               refused `HEAD`)
    /// @param size the archive size in bytes, when the server said
    /// @param lastModified the `Last-Modified` date, when the server said
    record Available(int status, OptionalLong size, Optional<Instant> lastModified) implements LinkCheck {
        /// Checks for nulls.
        public Available {
            Objects.requireNonNull(size, "size");
            Objects.requireNonNull(lastModified, "lastModified");
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
