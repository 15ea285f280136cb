package dev.bsee.scraper;

import dev.bsee.core.BseeSource;
import dev.bsee.core.internal.SafeText;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/// What a previous refresh learned about a source: the validators of the version it processed and
/// when the server last confirmed that version. [HttpFetcher] sends the validators as
/// `If-None-Match` / `If-Modified-Since` and, within the cache TTL of [#checkedAt()], skips the
/// request altogether.
///
/// Persist the state a [FetchResult] returns only after its body was processed successfully
/// (outputs written); a failed run then simply downloads again. [ConditionalStateStore] keeps the
/// states of several sources in one small file.
///
public final class ConditionalState {

    private final String sourceId;
    private final URI uri;
    private final Validators validators;
    private final Instant checkedAt;

    private ConditionalState(String sourceId, URI uri, Validators validators, Instant checkedAt) {
        this.sourceId = Objects.requireNonNull(sourceId, "sourceId");
        // Credentials never reach the state file: the address is kept without its user info.
        this.uri = SafeText.redacted(uri);
        this.validators = Objects.requireNonNull(validators, "validators");
        this.checkedAt = checkedAt;
    }

    /// A state as a refresh learned it.
    ///
    /// @param sourceId the source id
    /// @param uri the address the validators belong to (kept with any `user:password` replaced by `***`); a
    ///        source whose address changed starts afresh
    /// @param validators the `ETag` / `Last-Modified` of the processed version
    /// @param checkedAt when the server last served or confirmed that version, or null if never
    /// @return the state
    public static ConditionalState of(String sourceId, URI uri, Validators validators, Instant checkedAt) {
        return new ConditionalState(sourceId, uri, validators, checkedAt);
    }

    /// The state of a source never fetched: no validators, never checked.
    ///
    /// @param source the source
    /// @return the empty state
    public static ConditionalState initial(BseeSource source) {
        java.util.Objects.requireNonNull(source, "source");
        return new ConditionalState(source.id(), source.uri(), Validators.none(), null);
    }

    /// Whether this state describes `source` as it is configured now (same id and address).
    ///
    /// @param source the source
    /// @return true when the validators apply to the source's address
    public boolean appliesTo(BseeSource source) {
        return sourceId.equals(source.id()) && uri.equals(SafeText.redacted(source.uri()));
    }

    /// Whether the last confirmation is recent enough to skip asking the server. A confirmation
    /// recorded after `now` (by a run under a clock that was fast, or a state file from elsewhere)
    /// is not trusted: it would otherwise stand until the clock caught up, a year for a clock a year
    /// fast, and every refresh meanwhile would skip a changed archive.
    ///
    /// @param now the current time
    /// @param ttl how long a confirmation stands; zero means always ask
    /// @return true when checked at or before `now`, and `now` is before `checkedAt + ttl`
    public boolean isFresh(Instant now, Duration ttl) {
        return !ttl.isZero() && !ttl.isNegative() && checkedAt != null && !checkedAt.isAfter(now)
                && now.isBefore(checkedAt.plus(ttl));
    }

    /// The source id.
    ///
    /// @return the id
    public String sourceId() {
        return sourceId;
    }

    /// The address the validators belong to.
    ///
    /// @return the address
    public URI uri() {
        return uri;
    }

    /// The `ETag` / `Last-Modified` of the processed version.
    ///
    /// @return the validators
    public Validators validators() {
        return validators;
    }

    /// When the server last served or confirmed the processed version.
    ///
    /// @return the time, or empty if never
    public Optional<Instant> checkedAt() {
        return Optional.ofNullable(checkedAt);
    }

    /// Equal when every part is equal.
    ///
    /// @param other the object to compare with
    /// @return whether `other` is the same state
    @Override
    public boolean equals(Object other) {
        return other instanceof ConditionalState that && sourceId.equals(that.sourceId) && uri.equals(that.uri)
                && validators.equals(that.validators) && Objects.equals(checkedAt, that.checkedAt);
    }

    /// A hash of every part.
    ///
    /// @return the hash
    @Override
    public int hashCode() {
        return Objects.hash(sourceId, uri, validators, checkedAt);
    }

    /// The parts, for messages and debugging.
    ///
    /// @return the text
    @Override
    public String toString() {
        return "ConditionalState[sourceId=" + sourceId + ", uri=" + uri + ", validators=" + validators
                + ", checkedAt=" + checkedAt + "]";
    }
}
