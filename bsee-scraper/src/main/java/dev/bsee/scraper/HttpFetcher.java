package dev.bsee.scraper;

import dev.bsee.core.FileErrors;
import dev.bsee.core.BseeSource;
import dev.bsee.core.BuildInfo;
import dev.bsee.core.ProgressListener;
import dev.bsee.scraper.internal.http.Engine;
import dev.bsee.scraper.internal.http.FetchSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/// Downloads BSEE archives with `java.net.http`: per-source request timeouts, retries with
/// exponential backoff and jitter, transparent resumption of dropped transfers, conditional
/// requests, and a check that what arrives is a zip archive.
///
/// ```java
/// try (HttpFetcher fetcher = HttpFetcher.builder().maxAttempts(4).build()) {
///     FetchResult<Long> result = fetcher.fetch(source, (body, info) -> body.transferTo(OutputStream.nullOutputStream()));
/// }
/// ```
///
/// What is retried: connection failures, timeouts, HTTP 5xx, 429 and 408 (waiting as long as
/// `Retry-After` says, up to [Builder#maxRetryAfter]), and bodies that break off. Other 4xx, refused
/// redirects and bodies that are not zips fail at once with a [DownloadException]. A body that
/// breaks off is resumed with `Range`/`If-Range`, or read again from the start and the part already
/// delivered skipped after checking it is unchanged, so the [BodyConsumer] reads one continuous
/// stream. Nothing is written to disk unless [#spooled] asks for a file.
///
/// A fetcher is immutable and thread-safe; several downloads may run at once. Close it to release
/// the HTTP client's threads and connections. It never prints: retries are logged through
/// [System.Logger] and reported as [dev.bsee.core.ProgressEvent.Notice]s to the progress listener.
public final class HttpFetcher implements AutoCloseable {

    private final Engine engine;

    private HttpFetcher(FetchSettings settings) {
        this.engine = new Engine(settings);
    }

    /// A builder with the defaults listed on its methods.
    ///
    /// @return the builder
    public static Builder builder() {
        return new Builder();
    }

    /// A fetcher with the default options.
    ///
    /// @return the fetcher
    public static HttpFetcher newFetcher() {
        return builder().build();
    }

    /// The SDK version this fetcher announces, `development` when run from unpackaged classes.
    ///
    /// @return the version
    public static String version() {
        return BuildInfo.current().version();
    }

    /// Downloads a source's archive and hands its body to `consumer`, unconditionally.
    ///
    /// The request timeout is the source's [BseeSource#requestTimeout()], applied to each attempt
    /// from the request until the last body byte.
    ///
    /// @param <T> what the consumer makes of the body
    /// @param source the source
    /// @param consumer reads the body
    /// @return the result, with status [FetchResult.Status#FETCHED]
    /// @throws DownloadException when the download fails for good
    /// @throws IOException what the consumer threw
    public <T> FetchResult<T> fetch(BseeSource source, BodyConsumer<T> consumer) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(consumer, "consumer");
        return engine.download(source, ConditionalState.initial(source), false, consumer);
    }

    /// Downloads a source's archive unless it is unchanged since `previous`.
    ///
    /// When `previous` applies to the source (same id and address) and was checked less than
    /// [Builder#cacheTtl] ago, no request is made ([FetchResult.Status#FRESH]). Otherwise its
    /// validators go out as `If-None-Match` / `If-Modified-Since`, and a `304` answer ends the
    /// download ([FetchResult.Status#NOT_MODIFIED]) without calling the consumer. Persist
    /// [FetchResult#state()] once the body has been processed, whatever the status.
    ///
    /// @param <T> what the consumer makes of the body
    /// @param source the source
    /// @param previous the state saved by the last successful fetch, or [ConditionalState#initial]
    /// @param consumer reads the body
    /// @return the result
    /// @throws DownloadException when the download fails for good
    /// @throws IOException what the consumer threw
    public <T> FetchResult<T> fetch(BseeSource source, ConditionalState previous, BodyConsumer<T> consumer)
            throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(consumer, "consumer");
        return engine.download(source, previous, true, consumer);
    }

    /// A consumer that copies the body to a temporary file in the spool directory, hands the file to
    /// `reader`, and deletes it when `reader` returns or throws, or when the download fails. For
    /// readers that need random access, such as a [java.util.zip.ZipFile] read by several threads;
    /// streaming consumers need no file at all.
    ///
    /// @param <T> what the reader makes of the file
    /// @param reader reads the complete, verified file
    /// @return the consumer
    public <T> BodyConsumer<T> spooled(BodyConsumer.FromFile<T> reader) {
        Objects.requireNonNull(reader, "reader");
        Path directory = engine.settings().spoolDirectory();
        return (body, info) -> {
            Files.createDirectories(directory);
            Path file = Files.createTempFile(directory, "bsee-", ".zip.part");
            try {
                try (var out = FileErrors.naming(file, Files.newOutputStream(file))) {
                    body.transferTo(out);
                }
                return reader.accept(file, info);
            } finally {
                Files.deleteIfExists(file);
            }
        };
    }

    /// The `User-Agent` header sent with every request.
    ///
    /// @return the header value
    public String userAgent() {
        return engine.settings().userAgent();
    }

    /// Where [#spooled] writes its temporary files.
    ///
    /// @return the directory
    public Path spoolDirectory() {
        return engine.settings().spoolDirectory();
    }

    /// Releases the HTTP client's threads and connections, once requests under way have finished.
    @Override
    public void close() {
        engine.close();
    }

    Engine engine() {
        return engine;
    }

    /// Waits between attempts. Tests pass one that records the delay instead of sleeping.
    @FunctionalInterface
    public interface Sleeper {

        /// Waits for `duration`.
        ///
        /// @param duration how long
        /// @throws InterruptedException when interrupted while waiting
        void sleep(Duration duration) throws InterruptedException;

        /// The sleeper that waits with [Thread#sleep(Duration)].
        ///
        /// @return the sleeper
        static Sleeper system() {
            return Thread::sleep;
        }
    }

    /// Options of an [HttpFetcher]; each setter checks its value. Not thread-safe; [#build()] may be
    /// called more than once.
    public static final class Builder {

        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration readTimeout = Duration.ofMinutes(2);
        private int maxAttempts = 5;
        private Duration backoffBase = Duration.ofSeconds(1);
        private Duration backoffMax = Duration.ofMinutes(1);
        private Duration maxRetryAfter = Duration.ofMinutes(5);
        private int maxRedirects = 5;
        private ProgressListener listener = ProgressListener.none();
        private Duration progressInterval = Duration.ofMillis(250);
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private Path spoolDirectory = Path.of(System.getProperty("java.io.tmpdir"));
        private Duration cacheTtl = Duration.ZERO;
        private String userAgent = "bsee-java/" + BuildInfo.current().version() + " (Java " + Runtime.version().feature() + ")";

        private Builder() {
        }

        /// How long to wait for a TCP/TLS connection. Default 30 s.
        ///
        /// @param timeout a positive duration
        /// @return this builder
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /// The longest silence allowed while a body is arriving before the attempt is abandoned and
        /// resumed. Default 2 min. (The source's request timeout bounds each attempt as a whole.)
        ///
        /// @param timeout a positive duration
        /// @return this builder
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /// Requests per download, the first and every retry and resumption included. Default 5.
        /// A configuration's `processing.retries` (attempts after the first) is `maxAttempts - 1`.
        ///
        /// @param attempts at least 1
        /// @return this builder
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1: " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /// Retry delays: `base`, doubling after each failure up to `max`, each with up to half of it
        /// replaced by random jitter. Default 1 s and 1 min.
        ///
        /// @param base the first delay, zero or more
        /// @param max the largest delay, at least `base`
        /// @return this builder
        public Builder backoff(Duration base, Duration max) {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(max, "max");
            if (base.isNegative() || max.compareTo(base) < 0) {
                throw new IllegalArgumentException("backoff needs 0 <= base <= max: " + base + ", " + max);
            }
            this.backoffBase = base;
            this.backoffMax = max;
            return this;
        }

        /// The longest `Retry-After` honoured; a server asking for more fails the download with
        /// [DownloadException.Kind#RETRY_AFTER_TOO_LONG] instead of blocking it. Default 5 min.
        ///
        /// @param max zero or more
        /// @return this builder
        public Builder maxRetryAfter(Duration max) {
            Objects.requireNonNull(max, "max");
            if (max.isNegative()) {
                throw new IllegalArgumentException("maxRetryAfter must not be negative: " + max);
            }
            this.maxRetryAfter = max;
            return this;
        }

        /// Redirect hops followed per request. Default 5.
        ///
        /// @param hops zero (no redirects) or more
        /// @return this builder
        public Builder maxRedirects(int hops) {
            if (hops < 0) {
                throw new IllegalArgumentException("maxRedirects must not be negative: " + hops);
            }
            this.maxRedirects = hops;
            return this;
        }

        /// Receives [dev.bsee.core.ProgressEvent.Download] events and retry notices. Default: none.
        ///
        /// @param listener the listener
        /// @return this builder
        public Builder progressListener(ProgressListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /// The least time between two download progress events (the first and last are always
        /// sent). Default 250 ms.
        ///
        /// @param interval zero (every read) or more
        /// @return this builder
        public Builder progressInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("progressInterval must not be negative: " + interval);
            }
            this.progressInterval = interval;
            return this;
        }

        /// The wall clock used for the cache TTL, `checkedAt` times and `Retry-After` dates.
        /// Default: UTC system clock.
        ///
        /// @param clock the clock
        /// @return this builder
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /// How to wait between attempts. Default [Sleeper#system()].
        ///
        /// @param sleeper the sleeper
        /// @return this builder
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /// Where [HttpFetcher#spooled] writes temporary copies of bodies. Default: `java.io.tmpdir`.
        ///
        /// @param directory the directory (created when needed)
        /// @return this builder
        public Builder spoolDirectory(Path directory) {
            this.spoolDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /// How long a version the server served or confirmed is trusted without asking again
        /// (configuration `cache.ttl_hours`). Applies to conditional fetches only. Default zero:
        /// always ask.
        ///
        /// @param ttl zero or more
        /// @return this builder
        public Builder cacheTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("cacheTtl must not be negative: " + ttl);
            }
            this.cacheTtl = ttl;
            return this;
        }

        /// Replaces the `User-Agent` header, which by default names this SDK, its version and the
        /// Java version: `bsee-java/0.1.0 (Java 25)`.
        ///
        /// @param userAgent a non-blank value without line breaks
        /// @return this builder
        public Builder userAgent(String userAgent) {
            Objects.requireNonNull(userAgent, "userAgent");
            if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("userAgent must be non-blank printable text: " + userAgent);
            }
            this.userAgent = userAgent;
            return this;
        }

        /// Creates the fetcher and its HTTP client.
        ///
        /// @return the fetcher
        public HttpFetcher build() {
            return new HttpFetcher(new FetchSettings(connectTimeout, readTimeout, maxAttempts, backoffBase, backoffMax,
                    maxRetryAfter, maxRedirects, listener, progressInterval, clock, sleeper, spoolDirectory,
                    cacheTtl, userAgent));
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
