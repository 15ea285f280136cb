package dev.bsee.scraper;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/// How a download ended when it did not fail.
///
/// @param <T> what the [BodyReader] made of the body
/// @param sourceId the source id
/// @param status fetched, not modified, or skipped as fresh
/// @param value what the reader returned; present only when [Status#FETCHED]
/// @param attempts HTTP requests made for this download, resumptions included (0 when skipped as
///                 fresh); redirect hops within one request do not count
/// @param bytes body bytes delivered to the reader (0 unless fetched)
/// @param totalBytes the full length when the server said
/// @param httpStatus the status of the response that decided the outcome (200 or 304), absent when
///                   no request was made
/// @param validators the validators of the version now current
/// @param duration time from the call to its return, reader included
/// @param finalUri the address after redirects (the source address when no request was made)
/// @param state what to persist for the next conditional fetch once the body has been processed
public record FetchResult<T>(String sourceId, Status status, Optional<T> value, int attempts, long bytes,
                             OptionalLong totalBytes, OptionalInt httpStatus, Validators validators,
                             Duration duration, URI finalUri, ConditionalState state) {

    /// Checks for nulls.
    public FetchResult {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(totalBytes, "totalBytes");
        Objects.requireNonNull(httpStatus, "httpStatus");
        Objects.requireNonNull(validators, "validators");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(finalUri, "finalUri");
        Objects.requireNonNull(state, "state");
    }

    /// How a download ended.
    public enum Status {
        /// The body was downloaded, verified and consumed.
        FETCHED,
        /// The server answered `304 Not Modified` to a conditional request: nothing to do.
        NOT_MODIFIED,
        /// The previous check is younger than the cache TTL: no request was made.
        FRESH
    }
}
