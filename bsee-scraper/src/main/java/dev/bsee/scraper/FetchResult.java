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
public final class FetchResult<T> {

    private final String sourceId;
    private final Status status;
    private final T value;  // null: absent
    private final int attempts;
    private final long bytes;
    private final long totalBytes;  // negative: absent
    private final int httpStatus;  // negative: absent
    private final Validators validators;
    private final Duration duration;
    private final URI finalUri;
    private final ConditionalState state;

    /// The value; a part that is absent is null (a number: -1).
    ///
    /// @param sourceId the source id
    /// @param status fetched, not modified, or skipped as fresh
    /// @param value what the reader returned; or null unless [Status#FETCHED]
    /// @param attempts HTTP requests made for this download, resumptions included (0 when skipped as fresh); redirect
    ///     hops within one request do not count
    /// @param bytes body bytes delivered to the reader (0 unless fetched)
    /// @param totalBytes the full length or -1 when the server did not say
    /// @param httpStatus the status of the response that decided the outcome (200 or 304), or -1 when no request was
    ///     made
    /// @param validators the validators of the version now current
    /// @param duration time from the call to its return, reader included
    /// @param finalUri the address after redirects (the source address when no request was made)
    /// @param state what to persist for the next conditional fetch once the body has been processed
    public FetchResult(String sourceId, Status status, T value, int attempts, long bytes, long totalBytes,
                       int httpStatus, Validators validators, Duration duration, URI finalUri, ConditionalState state) {
        this.sourceId = Objects.requireNonNull(sourceId, "sourceId");
        this.status = Objects.requireNonNull(status, "status");
        this.value = value;
        this.attempts = attempts;
        this.bytes = bytes;
        this.totalBytes = totalBytes < 0 ? -1 : totalBytes;
        this.httpStatus = httpStatus < 0 ? -1 : httpStatus;
        this.validators = Objects.requireNonNull(validators, "validators");
        this.duration = Objects.requireNonNull(duration, "duration");
        this.finalUri = Objects.requireNonNull(finalUri, "finalUri");
        this.state = Objects.requireNonNull(state, "state");
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

    /// The source id.
    ///
    /// @return the value
    public String sourceId() {
        return sourceId;
    }

    /// Fetched, not modified, or skipped as fresh.
    ///
    /// @return the value
    public Status status() {
        return status;
    }

    /// What the reader returned; present only when [Status#FETCHED].
    ///
    /// @return the value, or empty when absent
    public Optional<T> value() {
        return Optional.ofNullable(value);
    }

    /// HTTP requests made for this download, resumptions included (0 when skipped as fresh); redirect hops within one
    /// request do not count.
    ///
    /// @return the value
    public int attempts() {
        return attempts;
    }

    /// Body bytes delivered to the reader (0 unless fetched).
    ///
    /// @return the value
    public long bytes() {
        return bytes;
    }

    /// The full length when the server said.
    ///
    /// @return the value, or empty when absent
    public OptionalLong totalBytes() {
        return totalBytes < 0 ? OptionalLong.empty() : OptionalLong.of(totalBytes);
    }

    /// The status of the response that decided the outcome (200 or 304), absent when no request was made.
    ///
    /// @return the value, or empty when absent
    public OptionalInt httpStatus() {
        return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /// The validators of the version now current.
    ///
    /// @return the value
    public Validators validators() {
        return validators;
    }

    /// Time from the call to its return, reader included.
    ///
    /// @return the value
    public Duration duration() {
        return duration;
    }

    /// The address after redirects (the source address when no request was made).
    ///
    /// @return the value
    public URI finalUri() {
        return finalUri;
    }

    /// What to persist for the next conditional fetch once the body has been processed.
    ///
    /// @return the value
    public ConditionalState state() {
        return state;
    }

    /// Equal when every part is equal.
    ///
    /// @param other the object to compare with
    /// @return whether `other` has the same parts
    @Override
    public boolean equals(Object other) {
        return other instanceof FetchResult<?> that
                && Objects.equals(sourceId, that.sourceId)
                && Objects.equals(status, that.status)
                && Objects.equals(value, that.value)
                && attempts == that.attempts
                && bytes == that.bytes
                && totalBytes == that.totalBytes
                && httpStatus == that.httpStatus
                && Objects.equals(validators, that.validators)
                && Objects.equals(duration, that.duration)
                && Objects.equals(finalUri, that.finalUri)
                && Objects.equals(state, that.state);
    }

    /// A hash of every part.
    ///
    /// @return the hash
    @Override
    public int hashCode() {
        return Objects.hash(sourceId, status, value, attempts, bytes, totalBytes, httpStatus, validators, duration,
                            finalUri, state);
    }

    /// The parts, for messages and debugging.
    ///
    /// @return the text
    @Override
    public String toString() {
        return "FetchResult[sourceId=" + sourceId + ", status=" + status + ", value=" + value + ", attempts=" + attempts
                + ", bytes=" + bytes + ", totalBytes=" + totalBytes + ", httpStatus=" + httpStatus + ", validators="
                + validators + ", duration=" + duration + ", finalUri=" + dev.bsee.core.internal.SafeText.url(finalUri) + ", state=" + state + "]";
    }
}
