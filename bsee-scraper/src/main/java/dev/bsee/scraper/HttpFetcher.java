package dev.bsee.scraper;

import dev.bsee.core.internal.DiskReserve;
import dev.bsee.core.internal.FileErrors;
import dev.bsee.core.BseeSource;
import dev.bsee.core.ProgressListener;
import dev.bsee.core.internal.ListenerGuard;
import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.OptionChecks;
import dev.bsee.core.internal.OwnFolder;
import dev.bsee.core.internal.SafeText;
import dev.bsee.scraper.internal.http.BodyDiscarded;
import dev.bsee.scraper.internal.http.Engine;
import dev.bsee.scraper.internal.http.FetchSettings;
import dev.bsee.scraper.internal.http.Sleeper;
import java.io.IOException;
import java.net.ProxySelector;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/// Downloads BSEE archives with `java.net.http`: per-source request timeouts, retries with
/// exponential backoff and jitter, transparent resumption of dropped transfers, conditional
/// requests, and a check that what arrives is a zip archive.
///
/// ```java
/// try (HttpFetcher fetcher = HttpFetcher.builder().maxAttempts(4).build()) {
///     FetchResult<Long> result = fetcher.fetch(source, BodyReaders.discarding());
/// }
/// ```
///
/// What is retried: connection failures, timeouts, HTTP 5xx, 429 and 408 (waiting as long as
/// `Retry-After` says, up to [Builder#maxRetryAfter]), and bodies that break off. Other 4xx, refused
/// redirects and bodies that are not zips fail at once with a [DownloadException]. A body that
/// breaks off is resumed with `Range`/`If-Range`, or read again from the start and the part already
/// delivered skipped after checking it is unchanged, so the [BodyReader] reads one continuous
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

    /// Downloads a source's archive and hands its body to `reader`, unconditionally.
    ///
    /// The request timeout is the source's [BseeSource#requestTimeout()], applied to each attempt
    /// from the request until the last body byte.
    ///
    /// @param <T> what the reader makes of the body
    /// @param source the source
    /// @param reader reads the body
    /// @return the result, with status [FetchResult.Status#FETCHED]
    /// @throws DownloadException when the download fails for good
    /// @throws IOException what the reader threw
    /// @throws IllegalStateException when this fetcher is closed
    public <T> FetchResult<T> fetch(BseeSource source, BodyReader<T> reader) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reader, "reader");
        return engine.download(source, ConditionalState.initial(source), false, reader);
    }

    /// Downloads a source's archive unless it is unchanged since `previous`.
    ///
    /// When `previous` applies to the source (same id and address) and was checked less than
    /// [Builder#cacheTtl] ago, no request is made ([FetchResult.Status#FRESH]). Otherwise its
    /// validators go out as `If-None-Match` / `If-Modified-Since`, and a `304` answer ends the
    /// download ([FetchResult.Status#NOT_MODIFIED]) without calling the reader. Persist
    /// [FetchResult#state()] once the body has been processed, whatever the status.
    ///
    /// @param <T> what the reader makes of the body
    /// @param source the source
    /// @param previous the state saved by the last successful fetch, or [ConditionalState#initial]
    /// @param reader reads the body
    /// @return the result
    /// @throws DownloadException when the download fails for good
    /// @throws IOException what the reader threw
    /// @throws IllegalStateException when this fetcher is closed
    public <T> FetchResult<T> fetch(BseeSource source, ConditionalState previous, BodyReader<T> reader)
            throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(reader, "reader");
        return engine.download(source, previous, true, reader);
    }

    /// A reader that copies the body to a temporary file in the spool directory, hands the file to
    /// `reader`, and deletes it when `reader` returns or throws, or when the download fails. For
    /// readers that need random access, such as a [java.util.zip.ZipFile] read by several threads;
    /// streaming readers ([BodyReaders]) need no file at all.
    ///
    /// Since nothing reads the copy before it is whole, a download whose archive is replaced midway,
    /// or whose body has no length and ends inside the archive (`reader` failing with
    /// [SourceDataException.Problem#TRUNCATED_ARCHIVE], which a reader of an archive file finds
    /// before it reads any entry), starts over from byte 0 with a new copy, as another attempt,
    /// where a streamed reader of this API fails (it cannot take back what it gave its sink).
    ///
    /// The copy stops while the spool directory's file system keeps a reserve (256 MiB, a twentieth
    /// of a file system under 5 GiB), and a body whose `Content-Length` is more than that leaves
    /// room for fails with an [IOException] naming the address, the declared size and the room
    /// before a byte is written.
    ///
    /// @param <T> what the reader makes of the file
    /// @param reader reads the complete, verified file
    /// @return the reader
    public <T> BodyReader<T> spooled(BodyReader.FromFile<T> reader) {
        Objects.requireNonNull(reader, "reader");
        Path directory = engine.settings().spoolDirectory();
        return (body, info) -> {
            Files.createDirectories(directory);
            // A declared length is never trusted to set space aside, but one the file system could
            // not take is refused before a byte is written: the copy would stop at the reserve
            // anyway, after filling the disk for as long as the server kept sending. A coded body's
            // length counts its coded bytes: a zip barely compresses, so it decodes to as many bytes,
            // less the coding's few of framing.
            if (info.contentLength().isPresent()) {
                long declared = info.contentLength().getAsLong();
                Optional<String> shortfall = DiskReserve.shortfall(directory, declared);
                if (shortfall.isPresent()) {
                    throw new IOException(SafeText.url(info.uri()) + " declares a body of "
                            + MessageText.count(declared, "byte") + " (" + MessageText.bytes(declared)
                            + "), more than the spool folder " + directory + " can take: " + shortfall.get());
                }
            }
            // A folder of its own, so the file can have the archive's name, which readers name in
            // their messages.
            // Checked again before it is deleted: a folder swapped for a link meanwhile is not
            // emptied through it.
            OwnFolder folder = OwnFolder.create(directory.resolve("bsee-download-" + java.util.UUID.randomUUID()));
            Path file = folder.path().resolve(spoolName(info.uri()));
            try {
                // A body without end would fill the disk: the spool stops while a reserve is left.
                try (var out = DiskReserve.guarding(file,
                        FileErrors.naming(file, Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)))) {
                    body.transferTo(out);
                } catch (DownloadException e) {
                    // The transfer failed under the copy, which is deleted unread: the download
                    // may start over where a streamed reader could not (BodyDiscarded).
                    throw new BodyDiscarded(e);
                }
                folder.verify();
                try {
                    return reader.read(file, info);
                } catch (SourceDataException e) {
                    // A body without a length that the server closed inside the archive: the file
                    // has no end of the archive, which a reader of an archive file looks for before
                    // any entry (its central directory is there), so nothing was parsed yet.
                    if (e.problem() == SourceDataException.Problem.TRUNCATED_ARCHIVE && info.contentLength().isEmpty()) {
                        throw new BodyDiscarded(e);
                    }
                    throw e;
                }
            } finally {
                try {
                    folder.delete();
                } catch (OwnFolder.Replaced replaced) {
                    System.getLogger(HttpFetcher.class.getName()).log(System.Logger.Level.WARNING, replaced.leftAlone());
                }
            }
        };
    }

    /// The archive's file name from the address it came from (`ProductionRawData.zip`), or
    /// `download.zip` when the address's last segment cannot be a file name.
    static String spoolName(java.net.URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        boolean plain = !name.isEmpty() && !name.equals(".") && !name.equals("..")
                && name.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == '\\' || c == ':')
                && name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 200;
        return plain ? name : "download.zip";
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
    /// Closing again does nothing; a fetch after it throws [IllegalStateException] at once.
    @Override
    public void close() {
        engine.close();
    }

    Engine engine() {
        return engine;
    }

    /// Options of an [HttpFetcher]; each setter checks its value. Not thread-safe; [#build()] may be
    /// called more than once.
    public static final class Builder {

        // Holds the defaults; each setter checks its value before it goes in.
        private final FetchSettings settings = new FetchSettings();

        private Builder() {
        }

        /// How long to wait for a TCP/TLS connection. Default 30 s.
        ///
        /// @param timeout a positive duration, at most 292 years (`Duration.ofNanos(Long.MAX_VALUE)`)
        /// @return this builder
        public Builder connectTimeout(Duration timeout) {
            settings.connectTimeout(OptionChecks.positive("connectTimeout", timeout));
            return this;
        }

        /// The longest silence allowed, while waiting for a response's headers and while its body is
        /// arriving, before the attempt is abandoned and retried (resumed, within a body). Default
        /// 2 min. (The source's request timeout bounds each attempt as a whole.) A request
        /// unanswered after 10 s, or a quarter of a shorter read timeout, gives the listener a notice.
        ///
        /// @param timeout a positive duration, at most 292 years (`Duration.ofNanos(Long.MAX_VALUE)`)
        /// @return this builder
        public Builder readTimeout(Duration timeout) {
            settings.readTimeout(OptionChecks.positive("readTimeout", timeout));
            return this;
        }

        /// Requests per download, the first and every retry and resumption included. Default 5.
        /// A configuration's `processing.retries` (attempts after the first) is `maxAttempts - 1`.
        ///
        /// @param attempts at least 1
        /// @return this builder
        public Builder maxAttempts(int attempts) {
            settings.maxAttempts(OptionChecks.atLeast("maxAttempts", attempts, 1));
            return this;
        }

        /// Retry delays: `first`, doubling after each failure up to `max`, each with up to half of it
        /// replaced by random jitter. Default 1 s and 1 min.
        ///
        /// @param first the first delay, zero or more
        /// @param max the largest delay, at least `first`, at most 292 years
        /// @return this builder
        public Builder backoff(Duration first, Duration max) {
            OptionChecks.range("backoff", first, max);
            settings.backoff(first, max);
            return this;
        }

        /// The longest `Retry-After` honoured; a server asking for more fails the download with
        /// [DownloadException.Kind#RETRY_AFTER_TOO_LONG] instead of blocking it. Default 5 min.
        ///
        /// @param max zero or more, at most 292 years
        /// @return this builder
        public Builder maxRetryAfter(Duration max) {
            settings.maxRetryAfter(OptionChecks.notNegative("maxRetryAfter", max));
            return this;
        }

        /// Redirect hops followed per request. Default 5.
        ///
        /// @param hops zero (no redirects) or more
        /// @return this builder
        public Builder maxRedirects(int hops) {
            settings.maxRedirects(OptionChecks.atLeast("maxRedirects", hops, 0));
            return this;
        }

        /// Receives [dev.bsee.core.ProgressEvent.Download] events and retry notices. Default: none.
        ///
        /// @param listener the listener
        /// @return this builder
        public Builder listener(ProgressListener listener) {
            settings.listener(ListenerGuard.of(OptionChecks.present("listener", listener)));
            return this;
        }

        /// The least time between two download progress events (the first and last are always
        /// sent). Default 250 ms.
        ///
        /// @param interval zero (every read) or more, at most 292 years
        /// @return this builder
        public Builder progressInterval(Duration interval) {
            settings.progressInterval(OptionChecks.notNegative("progressInterval", interval));
            return this;
        }

        /// The wall clock used for the cache TTL, `checkedAt` times and `Retry-After` dates.
        /// Default: UTC system clock.
        ///
        /// @param clock the clock
        /// @return this builder
        public Builder clock(Clock clock) {
            settings.clock(OptionChecks.present("clock", clock));
            return this;
        }

        // The seam through which tests see the delays chosen without waiting them (package-private:
        // not API).
        Builder sleeper(Sleeper sleeper) {
            settings.sleeper(OptionChecks.present("sleeper", sleeper));
            return this;
        }

        /// Where [HttpFetcher#spooled] writes temporary copies of bodies. Default: `java.io.tmpdir`.
        ///
        /// @param directory the directory (created when needed)
        /// @return this builder
        public Builder spoolDirectory(Path directory) {
            settings.spoolDirectory(OptionChecks.present("spoolDirectory", directory));
            return this;
        }

        /// How long a version the server served or confirmed is trusted without asking again.
        /// Applies to conditional fetches only. Default zero: always ask. (A refresh passes the
        /// configuration's `cache.ttl_hours`, whose default is 24 hours.)
        ///
        /// @param ttl zero or more, at most 292 years
        /// @return this builder
        public Builder cacheTtl(Duration ttl) {
            settings.cacheTtl(OptionChecks.notNegative("cacheTtl", ttl));
            return this;
        }

        /// Replaces the `User-Agent` header, which by default names this SDK, its version and the
        /// Java version: `bsee-java/0.1.0 (Java 25)`.
        ///
        /// @param userAgent a non-blank value without line breaks
        /// @return this builder
        public Builder userAgent(String userAgent) {
            OptionChecks.present("userAgent", userAgent);
            if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("userAgent must be non-blank printable text: " + SafeText.escape(userAgent));
            }
            settings.userAgent(userAgent);
            return this;
        }

        /// The proxies of every request, redirects and portal checks included, as
        /// [java.net.http.HttpClient.Builder#proxy] takes them: only HTTP proxies
        /// ([java.net.Proxy.Type#HTTP]; an `https` address goes through a `CONNECT` tunnel).
        /// Default: the JVM's [ProxySelector#getDefault()], which follows the `http.proxyHost`,
        /// `https.proxyHost` and `http.nonProxyHosts` properties and is direct without them.
        /// The library does not read the environment's `https_proxy`; the command-line tool does
        /// and passes its selector here.
        ///
        /// @param selector the selector
        /// @return this builder
        public Builder proxy(ProxySelector selector) {
            settings.proxy(OptionChecks.present("proxy", selector));
            return this;
        }

        /// What gives the user and password an HTTP proxy asks for (a `407 Proxy Authentication
        /// Required` with a `Basic` challenge). It is asked only for a proxy, as
        /// [java.net.Authenticator.RequestorType#PROXY] with the proxy's host and port, and only
        /// once the proxy asks; the answer goes to that proxy alone as `Proxy-Authorization`, on
        /// later requests through it too. A server's own `401` is never answered: requests to the
        /// data center carry no credentials. A proxy that refuses the answer fails the download at
        /// once, not retried, and the same user and password are not sent to that proxy again by
        /// any fetcher given this authenticator (a company's directory locks an account after a
        /// few refusals). Other ones the authenticator gives later are sent; another
        /// authenticator instance starts afresh (for an account unlocked since).
        ///
        /// An `https` address goes through a `CONNECT` tunnel, to which the JDK's HTTP client sends
        /// no Basic credentials while the system property `jdk.http.auth.tunneling.disabledSchemes`
        /// lists `Basic`, as it does by default; the property is read once, when the client is
        /// first used, so an application behind such a proxy starts Java with
        /// `-Djdk.http.auth.tunneling.disabledSchemes=` (the command-line tool sets it when a proxy
        /// variable holds a password). Default: none, and a proxy's `407` fails the download.
        ///
        /// @param authenticator the authenticator
        /// @return this builder
        public Builder authenticator(java.net.Authenticator authenticator) {
            settings.authenticator(OptionChecks.present("authenticator", authenticator));
            return this;
        }

        /// Creates the fetcher and its HTTP client.
        ///
        /// @return the fetcher
        public HttpFetcher build() {
            return new HttpFetcher(settings.copy());
        }
    }
}
