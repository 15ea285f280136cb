package dev.bsee.scraper;

import dev.bsee.core.BseeSource;
import dev.bsee.core.SafeText;
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
/// @param sourceId the source id
/// @param uri the address the validators belong to, with any `user:password` replaced by `***` (credentials
///        never reach the state file); a source whose address changed starts afresh
/// @param validators the `ETag` / `Last-Modified` of the processed version
/// @param checkedAt when the server last served or confirmed that version, if ever
public record ConditionalState(String sourceId, URI uri, Validators validators, Optional<Instant> checkedAt) {

    /// Checks for nulls and drops the address's credentials.
    public ConditionalState {
        Objects.requireNonNull(sourceId, "sourceId");
        uri = SafeText.redacted(uri);
        Objects.requireNonNull(validators, "validators");
        Objects.requireNonNull(checkedAt, "checkedAt");
    }

    /// The state of a source never fetched: no validators, never checked.
    ///
    /// @param source the source
    /// @return the empty state
    public static ConditionalState initial(BseeSource source) {
        return new ConditionalState(source.id(), source.uri(), Validators.none(), Optional.empty());
    }

    /// Whether this state describes `source` as it is configured now (same id and address).
    ///
    /// @param source the source
    /// @return true when the validators apply to the source's address
    public boolean appliesTo(BseeSource source) {
        return sourceId.equals(source.id()) && uri.equals(SafeText.redacted(source.uri()));
    }

    /// Whether the last confirmation is recent enough to skip asking the server.
    ///
    /// @param now the current time
    /// @param ttl how long a confirmation stands; zero means always ask
    /// @return true when checked and `now` is before `checkedAt + ttl`
    public boolean isFresh(Instant now, Duration ttl) {
        return !ttl.isZero() && !ttl.isNegative() && checkedAt.map(at -> now.isBefore(at.plus(ttl))).orElse(false);
    }
}
