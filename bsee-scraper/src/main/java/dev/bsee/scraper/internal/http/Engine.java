package dev.bsee.scraper.internal.http;

import dev.bsee.core.internal.Causes;
import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.SafeText;
import dev.bsee.core.BseeSource;
import dev.bsee.scraper.BodyReader;
import dev.bsee.scraper.ConditionalState;
import dev.bsee.scraper.DownloadException;
import dev.bsee.scraper.FetchResult;
import dev.bsee.scraper.LinkCheck;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// The HTTP machinery behind [dev.bsee.scraper.HttpFetcher]: one `java.net.http` client, requests
/// with our redirect policy, and the classification of responses into success, retry and failure.
public final class Engine implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Engine.class.getName());
    /// How long a request may go unanswered before a notice says so (see ResponseWait).
    private static final Duration NOTICE_AFTER = Duration.ofSeconds(10);
    private static final Pattern TUNNEL_FAILED = Pattern.compile("^Tunnel failed, got: (\\d{3})");
    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([\\w.:-]+)\"?");

    private final FetchSettings settings;
    private final HttpClient client;
    /// Set by [#close()]. The JDK client refuses requests once closed with an `IOException("closed")`,
    /// which reads as a connection failure: a closed fetcher retried it with backoff (11 s by default)
    /// and reported the source as unreachable (`gave up: request failed: closed [5 attempts]`).
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    /// What a proxy accepted and refused of the authenticator's answers, or null without one.
    private final ProxyCredentials proxyCredentials;

    /// Creates the client.
    ///
    /// @param settings the options
    public Engine(FetchSettings settings) {
        this(settings, newClient(settings));
    }

    private static HttpClient newClient(FetchSettings settings) {
        // Redirects are followed by hand (see exchange) so that each hop can be checked. HTTP/1.1:
        // one large sequential body gains nothing from HTTP/2 multiplexing, and plain-http mirrors
        // would otherwise receive an h2c upgrade request some servers mishandle. TLS is set up on the
        // first https connection (DeferredTls), not here.
        HttpClient.Builder builder = DeferredTls.apply(HttpClient.newBuilder())
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
        // Without one the client asks the JVM's default selector (the http.proxyHost properties).
        settings.proxy().ifPresent(builder::proxy);
        return builder.build();
    }

    /// An engine on a client of the caller's (tests give one whose thread dies).
    Engine(FetchSettings settings, HttpClient client) {
        this.settings = settings;
        this.client = client;
        // The authenticator is not the client's: it would answer a server's 401 too (see
        // ProxyCredentials); the engine answers a proxy's 407 itself.
        this.proxyCredentials = settings.authenticator().map(ProxyCredentials::of).orElse(null);
    }

    /// The options.
    ///
    /// @return the settings
    public FetchSettings settings() {
        return settings;
    }

    /// Downloads a source's archive into a reader; see [dev.bsee.scraper.HttpFetcher#fetch].
    ///
    /// @param <T> the reader's value
    /// @param source the source
    /// @param previous the state of the last successful fetch, or [ConditionalState#initial]
    /// @param conditional whether to use `previous` (send validators, honour the TTL)
    /// @param reader reads the body
    /// @return the result
    /// @throws IOException a [DownloadException], or what the reader threw
    public <T> FetchResult<T> download(BseeSource source, ConditionalState previous, boolean conditional,
                                       BodyReader<T> reader) throws IOException {
        requireOpen();
        return new Transfer<T>(this, source, previous, conditional).run(reader);
    }

    /// Fetches a text page (the portal), following the same redirect and retry rules.
    ///
    /// @param uri the page
    /// @param subject the page as messages name it
    /// @param maxBytes the most the page may hold
    /// @return the decoded text
    /// @throws DownloadException when the page cannot be had
    public String text(URI uri, String subject, int maxBytes) throws DownloadException {
        requireOpen();
        Attempts attempts = new Attempts(settings, subject, "portal", uri);
        return attempts.run(() -> {
            Exchange ex = exchange(attempts, "GET", uri, Map.of(), Duration.ofMinutes(2));
            if (ex.status() != 200) {
                throw statusFailure(attempts, ex);
            }
            byte[] body = decoded(attempts, ex, readAll(attempts, ex, maxBytes), maxBytes);
            return text(body, ex.response().headers().firstValue("Content-Type"));
        });
    }

    /// Asks for a link's size and date with `HEAD`, falling back to a one-byte ranged `GET` where
    /// the server refuses `HEAD`.
    ///
    /// @param uri the link
    /// @return what the server said
    /// @throws DownloadException when it cannot be reached or answers with an error
    public LinkCheck.Available probe(URI uri) throws DownloadException {
        requireOpen();
        Attempts attempts = new Attempts(settings, "portal link", "portal", uri);
        return attempts.run(() -> {
            Exchange ex = exchange(attempts, "HEAD", uri, Map.of(), Duration.ofMinutes(1));
            ex.body().cancel();
            if (ex.status() == 405 || ex.status() == 501) {
                ex = exchange(attempts, "GET", uri, Map.of("Range", "bytes=0-0"), Duration.ofMinutes(1));
                ex.body().cancel();
            }
            if (ex.status() / 100 != 2) {
                throw statusFailure(attempts, ex);
            }
            HttpHeaders headers = ex.response().headers();
            // A site that answers a missing archive with its error page, status 200, is common: the
            // link is then no archive, as a refresh would find when the page came instead of a zip.
            Optional<String> type = headers.firstValue("Content-Type");
            if (type.map(t -> t.strip().toLowerCase(java.util.Locale.ROOT))
                    .filter(t -> t.startsWith("text/html") || t.startsWith("application/xhtml+xml")).isPresent()) {
                throw attempts.fail(DownloadException.Kind.NOT_A_ZIP, "HTTP " + ex.status() + " from "
                        + SafeText.url(ex.uri()) + " is an HTML page (Content-Type \"" + SafeText.escape(type.get())
                        + "\"), not a zip archive");
            }
            OptionalLong size = ex.status() == 206
                    ? HeaderValues.contentRange(headers).map(HeaderValues.ContentRange::total).orElse(OptionalLong.empty())
                    : HeaderValues.contentLength(headers);
            return new LinkCheck.Available(ex.status(), size.orElse(-1),
                    headers.firstValue("Last-Modified").flatMap(HeaderValues::httpDate).orElse(null));
        });
    }

    @Override
    public void close() {
        closed.set(true);
        client.close();
    }

    /// Refuses a request of a closed fetcher at once: the caller's mistake, not the server's.
    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this HttpFetcher is closed: its HTTP client is released, so it"
                    + " makes no more requests (build another)");
        }
    }

    /// The final response of one request, after redirects.
    ///
    /// @param uri the address that answered
    /// @param response the response, its body not yet read
    record Exchange(URI uri, HttpResponse<BodyStream> response) {
        int status() {
            return response.statusCode();
        }

        BodyStream body() {
            return response.body();
        }

        Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }
    }

    /// Sends one request and follows redirects by our policy: to https anywhere, to plain http only
    /// on the same host (never from https down to http), at most `maxRedirects` hops.
    ///
    /// @throws Retry on connection failures and timeouts
    /// @throws DownloadException on a refused redirect
    Exchange exchange(Attempts attempts, String method, URI uri, Map<String, String> headers, Duration timeout)
            throws Retry, DownloadException, InterruptedException {
        URI current = uri;
        // The Proxy-Authorization answering the proxy's 407 to the previous request of this hop.
        String answeredProxy = null;
        // One deadline for the attempt, redirects included: each hop gets what is left of it, so
        // slow redirects cannot stretch an attempt to (hops + 1) times the timeout.
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int hop = 0; ; hop++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw Retry.of(DownloadException.Kind.TIMEOUT, "no response within " + MessageText.duration(timeout)
                        + afterRedirects(hop, current), null);
            }
            HttpResponse<BodyStream> response;
            // The proxy this hop goes through when an authenticator is given, and the answer to send
            // it at once when it accepted one before.
            Optional<InetSocketAddress> viaProxy = proxyCredentials == null ? Optional.empty() : proxyOf(current);
            String proxyAuthorization = answeredProxy != null || viaProxy.isEmpty() ? answeredProxy
                    : proxyCredentials.header(viaProxy.get()).orElse(null);
            // The read timeout, the longest silence allowed within a body, bounds the wait for the
            // headers too: a server that accepted the request and said nothing held the attempt for
            // the whole request timeout (40 min for war).
            boolean silenceFirst = settings.readTimeout().toNanos() < left;
            long limit = silenceFirst ? settings.readTimeout().toNanos() : left;
            Duration named = silenceFirst ? settings.readTimeout() : timeout;
            requireClientAlive(attempts);
            ResponseWait wait = null;
            boolean answered = false;
            long sent = System.nanoTime();
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(current)
                        .timeout(Duration.ofNanos(limit))
                        .header("User-Agent", settings.userAgent())
                        // Without the header any content coding is acceptable (RFC 9110, 12.5.3), and a
                        // coded body could not be resumed by byte ranges of the archive.
                        .header("Accept-Encoding", "identity")
                        .method(method, HttpRequest.BodyPublishers.noBody());
                headers.forEach(request::header);
                basicAuthorization(uri, current).ifPresent(value -> request.header("Authorization", value));
                if (proxyAuthorization != null) {
                    // The JDK's client sends a Proxy-* header to the proxy alone: never inside a
                    // tunnel, never to a server reached directly.
                    request.header("Proxy-Authorization", proxyAuthorization);
                }
                LOG.log(System.Logger.Level.DEBUG, "{0} {1} {2}", method, SafeText.url(current), headers);
                wait = new ResponseWait(attempts, current, limit);
                response = client.send(request.build(), bodyStreams(settings.readTimeout(), timeout, deadline));
                answered = true;
            } catch (InterruptedException e) {
                if (wait != null && wait.endedByClientStop()) {
                    // The interrupt was the wait's own, not the caller's: the request is cancelled.
                    Thread.interrupted();
                    throw clientStopped(attempts);
                }
                throw e;
            } catch (HttpConnectTimeoutException e) {
                // The JDK ends a connection at whichever passes first, the connect timeout or the
                // request's; for https a connection includes the TLS handshake, which a plain-http
                // port or a middlebox never completes.
                Duration passed = settings.connectTimeout().compareTo(named) < 0 ? settings.connectTimeout() : named;
                URI requested = current;
                throw Retry.of(DownloadException.Kind.CONNECT, "no connection to " + proxyOf(requested)
                        .map(proxy -> "the proxy " + hostPort(proxy) + " for " + requested.getHost()).orElse(authority(requested))
                        + ("https".equalsIgnoreCase(current.getScheme()) ? " (a TCP connection and a TLS handshake)" : "")
                        + " within " + MessageText.duration(passed), e);
            } catch (HttpTimeoutException e) {
                // A timeout before its time is the client's thread ending: it fails what it had
                // pending so (seen at the process's thread limit, after a second of a 2 min wait).
                if (System.nanoTime() - sent < limit && clientStopsWithin(CLIENT_STOP_GRACE)) {
                    throw clientStopped(attempts);
                }
                // Also when the server sends its headers too slowly: not "no response", which would
                // send the user looking for a dead server.
                throw Retry.of(DownloadException.Kind.TIMEOUT, "the response (its status and headers) did not arrive"
                        + " whole within " + MessageText.duration(named)
                        + (silenceFirst ? ", the longest silence allowed" : "") + afterRedirects(hop, current), e);
            } catch (ConnectException e) {
                throw Retry.of(DownloadException.Kind.CONNECT, connectionFailure(current, e), e);
            } catch (IOException e) {
                rethrowOutOfMemory(e);
                Optional<Integer> tunnel = tunnelStatus(e);
                if (tunnel.isPresent()) {
                    throw tunnelRefused(attempts, current, tunnel.get());
                }
                Optional<String> refused = certificateRefusal(current, e);
                if (refused.isPresent()) {
                    throw attempts.fail(DownloadException.Kind.CONNECT, refused.get());
                }
                // The JDK's parser refused the response itself (a status line that is not HTTP/1.x,
                // a header line it cannot read, headers past its limit): the same server sends the same.
                if (Causes.find(e, java.net.ProtocolException.class).isPresent()) {
                    throw attempts.fail(DownloadException.Kind.PROTOCOL, "the response from " + SafeText.url(current)
                            + " cannot be read: " + describe(e) + "; not retried");
                }
                Optional<String> malformed = malformedChunk(e);
                if (malformed.isPresent()) {
                    throw attempts.fail(DownloadException.Kind.PROTOCOL, "the chunked body from " + SafeText.url(current)
                            + " cannot be read: " + malformed.get() + "; not retried");
                }
                Optional<String> notStatus = notAStatusLine(e);
                if (notStatus.isPresent()) {
                    throw attempts.fail(DownloadException.Kind.PROTOCOL, "the response from " + SafeText.url(current)
                            + " cannot be read: " + notStatus.get() + "; not retried");
                }
                // A hop's failure names the hop: "request failed" alone read as the source's address.
                throw Retry.of(DownloadException.Kind.CONNECT, unresolved(e)
                        ? connectionFailure(current, e) : "request failed" + (current.equals(attempts.uri()) ? ""
                        : " at " + SafeText.url(current) + ", where a redirect led") + ": " + describe(e), e);
            } catch (IllegalArgumentException e) {
                // The JDK reads the response's Content-Length with Long.valueOf and passes its failure on,
                // as a copy of it or wrapped.
                if (e instanceof NumberFormatException || e.getCause() instanceof NumberFormatException) {
                    throw attempts.fail(DownloadException.Kind.PROTOCOL, "the response from " + SafeText.url(current)
                            + " cannot be read: its Content-Length " + numberText(e) + " is not a number of bytes");
                }
                throw attempts.fail(DownloadException.Kind.PROTOCOL, "cannot request " + SafeText.url(current) + ": " + e.getMessage());
            } finally {
                if (wait != null && wait.end()) {
                    // The client stopped just as its answer came: the wait's interrupt is not the caller's.
                    Thread.interrupted();
                }
                if (!answered && proxyAuthorization != null) {
                    // No verdict on the answer: a request waiting for one sends it itself.
                    proxyCredentials.settled(viaProxy.orElseThrow(), proxyAuthorization);
                }
            }
            int status = response.statusCode();
            attempts.sawStatus(status);
            boolean answeredBefore = answeredProxy != null;
            answeredProxy = null;
            // Only a proxy's 407 is answered: to an https address that is the refusal of the tunnel
            // (the JDK hands it back without a body); one from inside the tunnel is the server's,
            // and a refusal recorded for it would keep the right password from the proxy.
            boolean tunnel = response.body() == null;
            boolean proxysRefusal = status == 407 && (tunnel || !"https".equalsIgnoreCase(current.getScheme()));
            if (viaProxy.isPresent() && proxysRefusal) {
                if (!tunnel) {
                    response.body().cancel();
                }
                // An answer given for this very request and refused is not followed by another:
                // one refusal per request, whatever the authenticator would say next.
                ProxyCredentials.Answer answer = answeredBefore
                        ? proxyCredentials.refused(viaProxy.get(), proxyAuthorization)
                        : proxyCredentials.answer(settings.authenticator().orElseThrow(),
                                viaProxy.get(), current, tunnel, response.headers(), proxyAuthorization);
                if (answer.header() == null) {
                    throw proxyAuthenticationFailure(attempts, current, viaProxy.get(), tunnel, answer.refusal());
                }
                // The same hop again, with the answer: not a redirect.
                answeredProxy = answer.header();
                hop--;
                continue;
            } else if (viaProxy.isPresent() && proxyAuthorization != null) {
                proxyCredentials.accepted(viaProxy.get(), proxyAuthorization);
            }
            if (response.body() == null) {
                // The JDK hands a proxy's 407 to a CONNECT back as the response, its body handler
                // never called: read as the server's answer, it failed on the missing body.
                throw tunnelRefused(attempts, current, status);
            }
            Optional<String> framing = HeaderValues.framingConflict(response.headers());
            if (framing.isPresent()) {
                response.body().cancel();
                throw attempts.fail(DownloadException.Kind.PROTOCOL, "the HTTP " + status + " response from "
                        + SafeText.url(current) + " cannot be read: " + framing.get()
                        + ", so where the body ends is unknown; not retried");
            }
            if (!isRedirect(status)) {
                return new Exchange(current, response);
            }
            response.body().cancel();
            // An empty Location is no target either: resolved, it named the folder of the current
            // address (`.../tag/`), a URL the server never sent, which was then followed.
            Optional<String> location = response.headers().firstValue("Location").map(String::strip)
                    .filter(value -> !value.isEmpty());
            if (location.isEmpty()) {
                throw attempts.fail(DownloadException.Kind.PROTOCOL, "HTTP " + status + " from " + SafeText.url(current)
                        + " is a redirect without a target (" + (response.headers().firstValue("Location").isPresent()
                                ? "an empty Location" : "no Location") + "); not retried");
            }
            URI target;
            try {
                // Encoded as requests encodes it: a non-ASCII target, or one with `|` or `{` in its
                // query, was refused as an invalid address where the Python system followed it.
                target = Redirects.target(current, location.get());
            } catch (IllegalArgumentException e) {
                throw attempts.fail(DownloadException.Kind.REDIRECT_REFUSED, "HTTP " + status
                        + " redirect to an invalid address: " + SafeText.escape(Redirects.locationText(location.get())));
            }
            Optional<String> refusal = Redirects.refusal(current, target);
            if (refusal.isPresent()) {
                throw attempts.fail(DownloadException.Kind.REDIRECT_REFUSED, "HTTP " + status + " redirect to "
                        + SafeText.url(target) + " refused: " + refusal.get());
            }
            if (hop >= settings.maxRedirects()) {
                throw attempts.fail(DownloadException.Kind.REDIRECT_REFUSED, "more than " + settings.maxRedirects()
                        + " redirects (last to " + SafeText.url(target) + ")");
            }
            LOG.log(System.Logger.Level.DEBUG, "HTTP {0} from {1} redirects to {2}", status, SafeText.url(current),
                    SafeText.url(target));
            current = target;
        }
    }

    /// The `Authorization` a password in the user's address asks for (`https://user:secret@host/...`,
    /// as Python's `requests` sends it): HTTP Basic, to the user's host and port only, after a
    /// redirect on it too. User info a redirect's `Location` writes is the server's choice, not the
    /// user's, and is never sent; a redirect to another host gets no credentials at all.
    ///
    /// @param requested the address the user gave
    /// @param hop the address of this request (after redirects)
    static Optional<String> basicAuthorization(URI requested, URI hop) {
        String userInfo = requested.getUserInfo();
        if (userInfo == null || !sameOrigin(requested, hop)) {
            return Optional.empty();
        }
        return Optional.of("Basic " + java.util.Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }

    /// Whether two addresses name one server: the same host and port, counting an upgrade from
    /// http's default port to https' as the same (as `requests` keeps credentials across it).
    private static boolean sameOrigin(URI a, URI b) {
        if (a.getHost() == null || !a.getHost().equalsIgnoreCase(b.getHost())) {
            return false;
        }
        int portA = effectivePort(a);
        int portB = effectivePort(b);
        return portA == portB || (portA == 80 && portB == 443 && "https".equalsIgnoreCase(b.getScheme()));
    }

    private static int effectivePort(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /// A response status that is not the one expected: [Retry] for 5xx, 429 and 408 (with the
    /// server's `Retry-After`), a final [DownloadException] for everything else.
    DownloadException statusFailure(Attempts attempts, Exchange ex) throws Retry {
        ex.body().cancel();
        int status = ex.status();
        String detail = "HTTP " + status + reason(status) + (ex.uri().equals(attempts.uri()) ? "" : " from " + SafeText.url(ex.uri()))
                // A proxy's 407 to a plain request: the server was never asked (to an https address
                // the proxy's refusal is the tunnel's, and a 407 from inside the tunnel is the
                // server's). Any other status may be the proxy's too (a company's proxy blocking a
                // site answers 403 itself), so the proxy the request went through is named.
                + (status == 407 && !"https".equalsIgnoreCase(ex.uri().getScheme())
                        ? proxyOf(ex.uri()).map(proxy -> " from the proxy " + hostPort(proxy)).orElse("")
                        + proxyAuthentication(status)
                        : throughProxy(ex.uri()));
        if ((status >= 500 && status <= 599) || status == 429 || status == 408) {
            throw new Retry(status == 408 ? DownloadException.Kind.TIMEOUT : DownloadException.Kind.HTTP_STATUS, status,
                    HeaderValues.retryAfter(ex.response().headers(), settings.clock().instant()), detail, null);
        }
        return attempts.fail(DownloadException.Kind.HTTP_STATUS, detail + "; not retried");
    }

    /// A page with its content coding undone: a server that codes it although the request asks
    /// for `identity` (as an archive's, see [Transfer]) is read as `requests` reads it, and its
    /// links were otherwise looked for in gzip bytes.
    private static byte[] decoded(Attempts attempts, Exchange ex, byte[] body, int maxBytes) throws DownloadException {
        String coding = ex.header("Content-Encoding").map(v -> v.strip().toLowerCase(java.util.Locale.ROOT)).orElse("");
        if (coding.isEmpty() || coding.equals("identity")) {
            return body;
        }
        boolean gzip = coding.equals("gzip") || coding.equals("x-gzip");
        if (!gzip && !coding.equals("deflate")) {
            throw attempts.fail(DownloadException.Kind.PROTOCOL, "the page has Content-Encoding " + SafeText.escape(coding)
                    + ", which bsee does not decode (it asks for identity; gzip and deflate are decoded)");
        }
        java.io.InputStream coded = new java.io.ByteArrayInputStream(body);
        java.util.zip.Inflater inflater = gzip ? null : new java.util.zip.Inflater(!Transfer.startsWithZlibHeader(body));
        try (java.io.InputStream in = gzip ? new java.util.zip.GZIPInputStream(coded)
                : new java.util.zip.InflaterInputStream(coded, inflater)) {
            byte[] page = in.readNBytes(maxBytes + 1);
            if (page.length > maxBytes) {
                throw attempts.fail(DownloadException.Kind.PROTOCOL, "page larger than " + MessageText.bytes(maxBytes)
                        + " once its " + coding + " Content-Encoding is undone");
            }
            return page;
        } catch (DownloadException e) {
            throw e;
        } catch (IOException e) {
            throw attempts.fail(DownloadException.Kind.PROTOCOL, "the page's " + coding + " Content-Encoding is damaged: "
                    + (e instanceof java.io.EOFException && e.getMessage() == null ? "the coded data ends early" : describe(e)));
        } finally {
            if (inflater != null) {
                inflater.end();
            }
        }
    }

    private byte[] readAll(Attempts attempts, Exchange ex, int maxBytes) throws Retry, DownloadException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        try {
            int n;
            while ((n = ex.body().read(buffer, 0, buffer.length)) >= 0) {
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    break;
                }
            }
        } catch (HttpTimeoutException e) {
            throw Retry.of(DownloadException.Kind.TIMEOUT, "page body: " + e.getMessage(), e);
        } catch (IOException e) {
            throw Retry.of(DownloadException.Kind.TRUNCATED, "page body broke off after "
                    + MessageText.count(out.size(), "byte") + ": " + describe(e), e);
        }
        if (out.size() > maxBytes) {
            // Outside the reading's try: this is the page, not a broken connection, and is not retried.
            ex.body().cancel();
            throw attempts.fail(DownloadException.Kind.PROTOCOL, "page larger than " + MessageText.bytes(maxBytes));
        }
        return out.toByteArray();
    }

    /// A page's text. A byte order mark decides the charset over the `Content-Type`, as browsers
    /// decide it (the WHATWG encoding standard): a UTF-16 page read as UTF-8 is every other
    /// character a NUL, in which no link is found.
    static String text(byte[] body, Optional<String> contentType) {
        int b0 = body.length > 0 ? body[0] & 0xFF : -1;
        int b1 = body.length > 1 ? body[1] & 0xFF : -1;
        if (b0 == 0xEF && b1 == 0xBB && body.length > 2 && (body[2] & 0xFF) == 0xBF) {
            return new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
        }
        if (b0 == 0xFE && b1 == 0xFF) {
            return new String(body, 2, body.length - 2, StandardCharsets.UTF_16BE);
        }
        if (b0 == 0xFF && b1 == 0xFE) {
            return new String(body, 2, body.length - 2, StandardCharsets.UTF_16LE);
        }
        return new String(body, charset(contentType));
    }

    private static Charset charset(Optional<String> contentType) {
        if (contentType.isPresent()) {
            Matcher m = CHARSET.matcher(contentType.get());
            if (m.find()) {
                try {
                    return Charset.forName(m.group(1));
                } catch (IllegalArgumentException e) {
                    LOG.log(System.Logger.Level.DEBUG, "unknown charset {0}; reading UTF-8", SafeText.escape(m.group(1)));
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static final String NO_RESPONSE_BYTES = "HTTP/1.1 header parser received no bytes";
    /// The JDK client's words for a connection closed before the response's headers ended.
    private static final Pattern HEADER_PARSER_CUT = Pattern.compile(
            "(?s)(?:parsing HTTP/1\\.1 (?:status line|header),|HTTP/1\\.1 parser) receiving \\[.*\\], parser state \\[(\\w+)\\]");

    /// The JDK client's words for a connection closed inside a status line, with what it had of it.
    private static final Pattern STATUS_LINE_CUT = Pattern.compile(
            "(?s)parsing HTTP/1\\.1 status line, receiving \\[(.*)\\], parser state \\[STATUS_LINE\\w*\\]");
    /// How a status line starts (`#` a digit): `HTTP/1.1 200`.
    private static final String STATUS_LINE_START = "HTTP/1.# ###";

    /// What the server sent where a status line belongs, when the connection closed inside bytes
    /// that cannot begin one: no cut status line, which another attempt may complete, but bytes the
    /// server sends again. The client passes over an interim response (a `1xx` other than `101`) and
    /// reads what follows as the next status line, so a `199` followed by a body ended here and was
    /// retried as a broken connection until the attempts ran out.
    ///
    /// @param e a failure receiving a response's head
    /// @return the fault, or empty when `e` is not such a failure
    static Optional<String> notAStatusLine(Throwable e) {
        for (Throwable t : Causes.of(e)) {
            Matcher m = STATUS_LINE_CUT.matcher(String.valueOf(t.getMessage()));
            if (m.matches() && !couldStartStatusLine(m.group(1))) {
                String received = m.group(1);
                String shown = received.length() > 40 ? received.substring(0, 40) + "..." : received;
                return Optional.of("the server sent \"" + SafeText.escape(shown) + "\" where a status line belongs, then"
                        + " closed the connection (bytes after an interim 1xx response, which has no body, or no HTTP"
                        + " response at all)");
            }
        }
        return Optional.empty();
    }

    private static boolean couldStartStatusLine(String received) {
        for (int i = 0; i < received.length(); i++) {
            char c = received.charAt(i);
            if (i == STATUS_LINE_START.length()) {
                return c == ' ';
            }
            char expected = STATUS_LINE_START.charAt(i);
            if (expected == '#' ? c < '0' || c > '9' : c != expected) {
                return false;
            }
        }
        return true;
    }

    /// What is wrong with a chunk header the JDK's client refused, in words, when `e` is such a
    /// refusal: its own words give a refused character as a number (`Illegal character in chunk
    /// size: 90` for `Z`).
    ///
    /// @param e a failure reading a body
    /// @return the fault, or empty when `e` is not about a chunk header
    static Optional<String> malformedChunk(Throwable e) {
        for (Throwable t : Causes.of(e)) {
            String message = String.valueOf(t.getMessage());
            if (message.startsWith(ILLEGAL_CHUNK_SIZE)) {
                String character;
                try {
                    // The client reads the byte signed: 0xC3 is -61.
                    int code = Integer.parseInt(message.substring(ILLEGAL_CHUNK_SIZE.length()).strip()) & 0xFF;
                    character = code < 0x80 ? SafeText.escape(Character.toString(code))
                            : String.format(java.util.Locale.ROOT, "\\x%02X", code);
                } catch (NumberFormatException notANumber) {
                    character = "?";
                }
                return Optional.of("a chunk size starts with \"" + character + "\", not a hexadecimal digit");
            } else if (message.equals("invalid chunk header")) {
                // The client says this of a size past what it reads as well as of a line not ended
                // by CR LF, so the words cover both.
                return Optional.of("a chunk header is malformed (a size too large for the client, or a line not"
                        + " ended by CR LF)");
            } else if (message.startsWith("Chunk header size too long")) {
                return Optional.of("a chunk header is longer than the client reads ("
                        + SafeText.escape(message.substring(message.indexOf(':') + 1).strip()) + " bytes)");
            }
        }
        return Optional.empty();
    }

    private static final String ILLEGAL_CHUNK_SIZE = "Illegal character in chunk size:";

    /// The first message in `e` and its causes (the JDK's `ConnectException` often has none and
    /// carries the reason in its cause), or the type's name when none has one.
    static String describe(Throwable e) {
        for (Throwable t : Causes.of(e)) {
            String message = t.getMessage();
            if (message != null && !message.isBlank()) {
                // The JDK's words for a server that accepted the connection and closed it unanswered,
                // and for one that closed it inside a body: the client's own state and counts, which
                // after a resumed request count from the range's start and contradict the caller's.
                if (message.equals(NO_RESPONSE_BYTES)) {
                    return "the server closed the connection without answering";
                } else if (message.startsWith("fixed content-length:")) {
                    return "the server closed the connection before the body's end";
                } else if (message.startsWith("chunked transfer encoding, state:")) {
                    return "the server closed the connection inside a chunked body";
                }
                Matcher cut = HEADER_PARSER_CUT.matcher(message);
                if (cut.matches()) {
                    // The client's words name its parser's state and what it had of the current
                    // line (`parsing HTTP/1.1 header, receiving [Content-Length:...], parser state
                    // [HEADER_FOUND_CR_LF]`); the state tells whether the status line was whole.
                    return "the server closed the connection inside the response's "
                            + (cut.group(1).equals("STATUS_LINE") || cut.group(1).equals("STATUS_LINE_FOUND_CR")
                                    ? "status line" : "header fields");
                }
                return message;
            }
        }
        // java.net.http throws these without a message: said in words, not as a class name.
        for (Throwable t : Causes.of(e)) {
            switch (t) {
                case java.net.ConnectException refused -> {
                    return "connection refused";
                }
                case java.net.http.HttpConnectTimeoutException slow -> {
                    return "no connection within the connect timeout";
                }
                case java.nio.channels.ClosedChannelException closed -> {
                    return "the connection was closed";
                }
                default -> {
                }
            }
        }
        return e.getClass().getSimpleName();
    }

    /// Why a connection failed, naming the host: a name that does not resolve (offline, or a typo
    /// in the address) says so instead of showing an exception without a message.
    static String connectFailure(URI uri, Throwable e) {
        return unresolved(e) ? "cannot resolve host " + uri.getHost()
                : "cannot connect to " + authority(uri) + ": " + describe(e);
    }

    /// [#connectFailure(URI, Throwable)], naming the proxy when the request went to one: through a
    /// proxy the client neither resolves nor connects to the server, so a refused connection or an
    /// unknown host is the proxy's, and naming the server sent the user looking at the wrong machine.
    private String connectionFailure(URI uri, Throwable e) {
        Optional<InetSocketAddress> proxy = proxyOf(uri);
        if (proxy.isEmpty()) {
            return connectFailure(uri, e);
        }
        return (unresolved(e) ? "cannot resolve the host of the proxy " + hostPort(proxy.get())
                : "cannot connect to the proxy " + hostPort(proxy.get()) + ": " + describe(e))
                + " (the proxy for " + uri.getHost() + ")";
    }

    /// The HTTP proxy the client sends a request for `uri` to, as the JDK's client chooses it: the
    /// first proxy its selector gives, when that is an HTTP one.
    private Optional<InetSocketAddress> proxyOf(URI uri) {
        ProxySelector selector = client.proxy().orElseGet(ProxySelector::getDefault);
        if (selector == null) {
            return Optional.empty();
        }
        try {
            java.util.List<Proxy> proxies = selector.select(uri);
            return proxies == null || proxies.isEmpty() || proxies.getFirst().type() != Proxy.Type.HTTP
                    || !(proxies.getFirst().address() instanceof InetSocketAddress address)
                    ? Optional.empty() : Optional.of(address);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /// ` (through the proxy HOST:PORT)` when a request for `uri` goes through a proxy, else nothing:
    /// what came back may be the proxy's own answer (a block page, a 403), not the server's.
    ///
    /// @param uri the address requested
    /// @return the words naming the proxy, or the empty string
    String throughProxy(URI uri) {
        return proxyOf(uri).map(proxy -> " (through the proxy " + hostPort(proxy) + ")").orElse("");
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    /// The status of a proxy's refusal to open a tunnel, which the JDK's client reports as an
    /// `IOException("Tunnel failed, got: 403")` (a 407 comes back as a response instead).
    private static Optional<Integer> tunnelStatus(Throwable e) {
        for (Throwable cause : Causes.of(e)) {
            Matcher matcher = cause.getMessage() == null ? null : TUNNEL_FAILED.matcher(cause.getMessage());
            if (matcher != null && matcher.find()) {
                return Optional.of(Integer.parseInt(matcher.group(1)));
            }
        }
        return Optional.empty();
    }

    /// A proxy's refusal of a `CONNECT`: named as the proxy's, not the server's. A proxy that
    /// cannot reach the server now (5xx) is retried; one that refuses (403, 407) is not.
    private DownloadException tunnelRefused(Attempts attempts, URI uri, int status) throws Retry {
        String proxy = proxyOf(uri).map(address -> "the proxy " + hostPort(address)).orElse("the proxy");
        String detail = proxy + " refused to open a tunnel to " + uri.getHost() + ":" + effectivePort(uri)
                + ": HTTP " + status + reason(status) + proxyAuthentication(status);
        if ((status >= 500 && status <= 599) || status == 429 || status == 408) {
            throw Retry.of(DownloadException.Kind.CONNECT, detail, null);
        }
        return attempts.fail(DownloadException.Kind.CONNECT, detail + "; not retried");
    }

    private static String proxyAuthentication(int status) {
        return status == 407 ? " (it asks for a user and password, and none was given for it)" : "";
    }

    /// A proxy's `407` the authenticator's answer did not get past: named as the proxy's, not
    /// retried (the same answer gets the same refusal, and each counts against the account).
    private DownloadException proxyAuthenticationFailure(Attempts attempts, URI uri, InetSocketAddress proxy,
                                                         boolean tunnel, String refusal) {
        String detail = tunnel
                ? "the proxy " + hostPort(proxy) + " refused to open a tunnel to " + uri.getHost() + ":" + effectivePort(uri)
                        + ": HTTP 407" + reason(407)
                : "HTTP 407" + reason(407) + (uri.equals(attempts.uri()) ? "" : " from " + SafeText.url(uri))
                        + " from the proxy " + hostPort(proxy);
        return attempts.fail(tunnel ? DownloadException.Kind.CONNECT : DownloadException.Kind.HTTP_STATUS,
                detail + " (" + refusal + "); not retried");
    }

    /// Throws the [OutOfMemoryError] the HTTP client wrapped in an I/O failure: running out of heap is
    /// the JVM's to report, with its remedy (a larger heap), not a network failure to retry.
    ///
    /// @param failure what the client threw
    static void rethrowOutOfMemory(Throwable failure) {
        Optional<OutOfMemoryError> outOfMemory = Causes.find(failure, OutOfMemoryError.class);
        if (outOfMemory.isPresent()) {
            throw outOfMemory.get();
        }
    }

    /// Why the server's TLS certificate was refused, when that is why the request failed: a
    /// certificate no trusted authority signed, one for another name or one out of its validity is
    /// still refused a few seconds later, so it is said at once rather than retried (for an authority
    /// the JDK does not know, with how to trust it). Other TLS failures may pass and are retried like
    /// any connection failure.
    private static Optional<String> certificateRefusal(URI uri, Throwable e) {
        Throwable refusal = null;
        for (Throwable t : Causes.of(e)) {
            if (t instanceof java.security.cert.CertPathBuilderException) {
                return Optional.of("the TLS certificate of " + authority(uri) + " is not trusted by this Java runtime ("
                        + describe(t) + "); not retried. A server whose certificate a private authority signed needs"
                        + " that authority in a trust store: java -Djavax.net.ssl.trustStore=FILE (for bin/bsee, in"
                        + " BSEE_JAVA_OPTS)");
            }
            if (refusal == null && t instanceof java.security.cert.CertificateException) {
                refusal = t;
            }
        }
        return Optional.ofNullable(refusal)
                .map(t -> "the TLS certificate of " + authority(uri) + " was refused: " + describe(t) + "; not retried");
    }

    private static boolean unresolved(Throwable e) {
        return Causes.of(e).stream().anyMatch(t -> t instanceof java.nio.channels.UnresolvedAddressException
                || t instanceof java.net.UnknownHostException);
    }

    /// The wait for a response, watched from a thread of its own while the caller's thread is in
    /// the client's `send`: after [#NOTICE_AFTER] (or a quarter of a shorter read timeout) a notice
    /// says the server has not answered yet (a server that accepts a request and says nothing
    /// otherwise leaves the user without a word until the attempt ends); and every
    /// [#CLIENT_CHECK_EVERY] it looks whether the client's own thread is still alive. That thread
    /// (`HttpClient-N-SelectorManager`) does the client's I/O, runs its timeouts and completes its
    /// requests; it dies when it cannot start a worker under the process's thread limit, and the
    /// request then never ended: `send` waited for good, and a refresh with it. The watch then
    /// interrupts the waiting thread, which is how `send` is ended (it cancels the request), and
    /// [#endedByClientStop()] says why. Nothing else about the request changes: its timeouts and
    /// cancellation stay the client's.
    private final class ResponseWait {
        private final Thread waiting = Thread.currentThread();
        private final Thread watch;
        /// Guards [#ended] and [#clientStopped], so that the watch never interrupts the caller's
        /// thread once the wait has ended.
        private final Object lock = new Object();
        private boolean ended;
        private boolean clientStopped;

        ResponseWait(Attempts attempts, URI uri, long limitNanos) {
            long noticeAfter = Math.min(NOTICE_AFTER.toNanos(), settings.readTimeout().toNanos() / 4);
            this.watch = Thread.ofVirtual().name("bsee-http-wait").start(() -> {
                long started = System.nanoTime();
                boolean told = noticeAfter >= limitNanos;
                try {
                    while (true) {
                        long passed = System.nanoTime() - started;
                        long step = told ? CLIENT_CHECK_EVERY.toNanos()
                                : Math.min(CLIENT_CHECK_EVERY.toNanos(), noticeAfter - passed);
                        if (step > 0) {
                            Thread.sleep(Duration.ofNanos(step));
                        }
                        if (clientStopped()) {
                            synchronized (lock) {
                                if (!ended) {
                                    clientStopped = true;
                                    waiting.interrupt();
                                }
                            }
                            return;
                        }
                        if (!told && System.nanoTime() - started >= noticeAfter) {
                            told = true;
                            synchronized (lock) {
                                if (ended) {
                                    return;
                                }
                            }
                            attempts.tell("no answer from " + authority(uri) + " after "
                                    + MessageText.duration(Duration.ofNanos(noticeAfter)) + "; waiting up to "
                                    + MessageText.duration(Duration.ofNanos(limitNanos)) + " in all");
                        }
                    }
                } catch (InterruptedException answered) {
                    // The wait ended.
                }
            });
        }

        /// Whether the wait was ended because the client's thread stopped.
        boolean endedByClientStop() {
            synchronized (lock) {
                return clientStopped;
            }
        }

        /// Ends the watch; true when it had already interrupted the waiting thread.
        boolean end() {
            synchronized (lock) {
                ended = true;
            }
            watch.interrupt();
            return endedByClientStop();
        }
    }

    /// How often a [ResponseWait] looks whether the client's thread is alive.
    private static final Duration CLIENT_CHECK_EVERY = Duration.ofSeconds(1);
    /// How long a request that timed out before its time waits to see the client's thread end.
    private static final Duration CLIENT_STOP_GRACE = Duration.ofSeconds(2);

    /// Whether the client's thread has ended though this engine was not closed.
    private boolean clientStopped() {
        return client.isTerminated() && !closed.get();
    }

    /// Whether the client's thread ends within `grace`, which it takes to stop once it has failed
    /// its pending requests.
    private boolean clientStopsWithin(Duration grace) throws InterruptedException {
        long until = System.nanoTime() + grace.toNanos();
        while (!clientStopped()) {
            if (System.nanoTime() - until >= 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /// Fails the download at once when the client's thread has ended: the client refuses every
    /// later request (`closed`, which reads as the network's failure) or never completes it, so
    /// retrying only hides why.
    private void requireClientAlive(Attempts attempts) throws DownloadException {
        if (clientStopped()) {
            throw clientStopped(attempts);
        }
    }

    private static DownloadException clientStopped(Attempts attempts) {
        return attempts.fail(DownloadException.Kind.CONNECT, "the HTTP client's thread stopped, most likely because"
                + " it could not start a thread: " + MessageText.THREAD_LIMIT + "; not retried");
    }

    /// The body handler of one request. It holds these values alone: the JDK's client keeps its last
    /// exchange, handler included, for as long as its public object can be reached, so a handler
    /// holding this engine (and through it that object) kept every closed client alive, about 100 KB
    /// a refresh for the life of a long-running application's JVM.
    private static HttpResponse.BodyHandler<BodyStream> bodyStreams(Duration silence, Duration timeout, long deadline) {
        return info -> new BodyStream(silence, timeout, deadline);
    }

    /// Where a wait that redirects led to ended: the address of the hop that stalled, since the
    /// message's own address is the one requested first. Empty before any redirect.
    private static String afterRedirects(int hop, URI current) {
        return hop == 0 ? "" : " (after " + MessageText.count(hop, "redirect") + ", at " + SafeText.url(current) + ")";
    }

    private static String authority(URI uri) {
        return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    static String reason(int status) {
        String text = switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 407 -> "Proxy Authentication Required";
            case 408 -> "Request Timeout";
            case 410 -> "Gone";
            case 416 -> "Range Not Satisfiable";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
        return text.isEmpty() ? "" : " " + text;
    }

    /// The text a number parser refused, quoted and escaped, from its message (`For input string: "abc"`).
    private static String numberText(IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        int open = message.indexOf('"');
        int close = message.lastIndexOf('"');
        return SafeText.escape(open >= 0 && close > open ? message.substring(open, close + 1) : message);
    }
}
