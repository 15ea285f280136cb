package dev.bsee.scraper.internal.http;

import dev.bsee.core.ProgressListener;
import dev.bsee.scraper.HttpFetcher;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/// The validated options of an [HttpFetcher], as its builder collected them.
///
/// @param connectTimeout how long to wait for a connection
/// @param readTimeout the longest silence while a body is arriving
/// @param maxAttempts requests per download, resumptions included
/// @param backoffBase the first retry delay before jitter
/// @param backoffMax the largest retry delay before jitter
/// @param maxRetryAfter the longest `Retry-After` that is honoured rather than failed
/// @param maxRedirects redirect hops per request
/// @param listener receives download progress and retry notices
/// @param progressInterval the least time between two progress events of one download
/// @param clock the wall clock (cache TTL, `Retry-After` dates)
/// @param sleeper waits between attempts
/// @param spoolDirectory where a spooled body is written
/// @param cacheTtl how long a confirmed version is trusted without asking the server
/// @param userAgent the `User-Agent` header
public record FetchSettings(Duration connectTimeout, Duration readTimeout, int maxAttempts, Duration backoffBase,
                            Duration backoffMax, Duration maxRetryAfter, int maxRedirects, ProgressListener listener,
                            Duration progressInterval, Clock clock, HttpFetcher.Sleeper sleeper, Path spoolDirectory,
                            Duration cacheTtl, String userAgent) {
}
