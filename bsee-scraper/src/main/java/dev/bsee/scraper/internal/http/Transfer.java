package dev.bsee.scraper.internal.http;

import dev.bsee.core.BseeSource;
import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.SafeText;
import dev.bsee.core.ProgressEvent;
import dev.bsee.scraper.BodyReader;
import dev.bsee.scraper.ConditionalState;
import dev.bsee.scraper.DownloadException;
import dev.bsee.scraper.DownloadException.Kind;
import dev.bsee.scraper.FetchResult;
import dev.bsee.scraper.SourceDataException;
import dev.bsee.scraper.BodyInfo;
import dev.bsee.scraper.Validators;
import dev.bsee.scraper.internal.report.CountedReader;
import dev.bsee.scraper.internal.zip.BulkInputStream;
import dev.bsee.scraper.internal.zip.ZipSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/// One download of a source: the first request (conditional when asked), the check that the body is
/// a zip, and the continuous stream the reader reads, which resumes a dropped transfer behind the
/// reader's back.
///
/// Resumption: after `n` bytes were delivered, the next attempt asks for `Range: bytes=n-` guarded
/// by `If-Range` (the strong ETag, else Last-Modified). A `206` whose `Content-Range` starts at `n`,
/// keeps the length and carries the validator `If-Range` named continues the stream. A `200` means
/// the server ignores ranges (or the version changed): when its validators and length match the
/// first response, the first `n` bytes are read again, compared by CRC-32C with what was delivered, and skipped; any difference is a
/// [Kind#CHANGED] failure, because the reader has already read the old bytes. A reader that kept
/// nothing of them (a spool, [BodyDiscarded]) has the download start over from byte 0 instead.
///
/// Content codings: every request asks for `identity`. A server that codes the body anyway with
/// `gzip` (`x-gzip`) or `deflate` (zlib, or raw as some servers send it) is decoded, as Python's
/// `requests` decodes it; positions and resumption stay in the coded bytes, a coding that changes
/// between attempts is a [Kind#CHANGED] failure, a damaged one or one that expands more than
/// [#MAX_DECODED_EXPANSION]-fold (a zip barely compresses again) a [Kind#PROTOCOL] failure, and
/// any other coding is refused before the body is read.
final class Transfer<T> {

    /// Bytes examined before the reader sees anything, to tell a zip from an error page.
    static final int PEEK = 64;
    /// How far a content coding may expand the coded bytes, once past [#DECODED_GRACE_BYTES].
    static final int MAX_DECODED_EXPANSION = 100;
    static final long DECODED_GRACE_BYTES = 1L << 20;
    private static final String IDENTITY = "identity";

    private static final System.Logger LOG = System.getLogger(Transfer.class.getName());

    private final Engine engine;
    private final FetchSettings settings;
    private final BseeSource source;
    private final ConditionalState previous;
    private final boolean conditional;
    private final Attempts attempts;
    private final ProgressMeter meter;
    private final long startNanos = System.nanoTime();
    private final CRC32C delivered = new CRC32C();

    // The version being downloaded, as the response that started the body described it.
    private URI finalUri;
    private Optional<String> contentType = Optional.empty();
    private OptionalLong total = OptionalLong.empty();
    private Validators validators = Validators.none();
    private String coding = IDENTITY;

    private Engine.Exchange exchange;
    private long position;
    /// The furthest position any attempt reached: an attempt that passes it advanced the download.
    private long reached;
    /// Bytes the content coding gave so far (0 for identity).
    private long decodedBytes;
    private boolean finished;
    private DownloadException failure;

    Transfer(Engine engine, BseeSource source, ConditionalState previous, boolean conditional) {
        this.engine = engine;
        this.settings = engine.settings();
        this.source = source;
        this.previous = previous;
        this.conditional = conditional;
        this.attempts = new Attempts(settings, "source " + source.id(), source.id(), source.uri());
        this.meter = new ProgressMeter(settings.listener(), source.id(), settings.progressInterval());
        this.finalUri = source.uri();
    }

    FetchResult<T> run(BodyReader<T> reader) throws IOException {
        Instant now = settings.clock().instant();
        boolean usePrevious = conditional && previous.appliesTo(source);
        try {
            if (usePrevious && previous.isFresh(now, settings.cacheTtl())) {
                LOG.log(System.Logger.Level.DEBUG, "source {0}: checked at {1}, within the cache TTL; not asking",
                        source.id(), previous.checkedAt().orElseThrow());
                return result(FetchResult.Status.FRESH, null, -1, previous.validators(), previous);
            }
            Validators sent = usePrevious ? previous.validators() : Validators.none();
            return fetch(reader, sent, now);
        } catch (RuntimeException | Error e) {
            // An error the listener or the reader throws (an AssertionError, a StackOverflowError)
            // may leave the exchange it interrupted open, its body neither read nor cancelled, and the
            // HTTP client's close waits for every exchange to end: HttpFetcher.close() then waited
            // forever, and with it the refresh that had the error to report.
            if (exchange != null) {
                exchange.body().cancel();
            }
            throw e;
        } finally {
            // What the download took, however it ended: a failure of the reader's own carries no
            // attempt count, and one before the reader ran leaves it no bytes to count.
            if (reader instanceof CountedReader<?> counted) {
                counted.ended(attempts.count(), position);
            }
        }
    }

    private FetchResult<T> fetch(BodyReader<T> reader, Validators sent, Instant now) throws IOException {
        Engine.Exchange first = attempts.run(() -> open(sent));
        if (first.status() == 304) {
            // What was sent is what the server confirmed: a 304 naming other validators must not
            // replace the stored ones (RFC 9111, 4.3.4), or a later version published under them
            // would be taken for the one the folder holds.
            Validators confirmed = sent;
            if (!first.header("ETag").or(sent::etag).equals(sent.etag())
                    || !first.header("Last-Modified").or(sent::lastModified).equals(sent.lastModified())) {
                LOG.log(System.Logger.Level.DEBUG, "source {0}: the 304 names other validators than were sent; kept {1}",
                        source.id(), sent);
            }
            finalUri = first.uri();
            ConditionalState state = ConditionalState.of(source.id(), source.uri(), confirmed, now);
            return result(FetchResult.Status.NOT_MODIFIED, null, 304, confirmed, state);
        }
        InputStream decoded = null;
        try {
            Body body;
            T value;
            for (;;) {
                body = new Body();
                decoded = body;
                if (!coding.equals(IDENTITY)) {
                    if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("deflate")) {
                        throw attempts.fail(Kind.PROTOCOL, "HTTP 200 from " + SafeText.url(finalUri) + " has Content-Encoding "
                                + SafeText.escape(coding) + ", which bsee does not decode (it asks for identity; gzip and deflate"
                                + " are decoded)");
                    }
                    decoded = new Decoded(body);
                }
                byte[] head = decoded.readNBytes(PEEK);
                if (total.isEmpty() && cutBeforeItsSignature(head)) {
                    // A body without a length that ended at once, or inside the signature: the
                    // connection closed right after the headers, which HTTP cannot tell from an empty
                    // body. Started over as any cut body is; it failed as "not a zip archive".
                    Retry cut = Retry.of(Kind.TRUNCATED, "HTTP 200" + (finalUri.equals(source.uri()) ? ""
                            : " from " + SafeText.url(finalUri)) + " ended the body after "
                            + MessageText.count(head.length, "byte") + " and sent no Content-Length that would tell a"
                            + " closed connection from the end", null);
                    InputStream ended = decoded;
                    decoded = null;
                    startOver(ended, cut);
                    continue;
                }
                if (!ZipSignature.isZip(head, head.length)) {
                    // A company's proxy answers a blocked or unknown site with its own page.
                    // The address requested leads the message already; one redirects led to is named.
                    String from = finalUri.equals(source.uri()) ? "" : " from " + SafeText.url(finalUri);
                    throw attempts.fail(Kind.NOT_A_ZIP, "HTTP 200" + from + engine.throughProxy(finalUri)
                            + " is not a zip archive (Content-Type "
                            + contentType.map(t -> "\"" + t + "\"").orElse("absent") + ", " + describeLength()
                            + "); " + (head.length == 0 ? "the body is empty" : ZipSignature.describeStart(head, head.length)));
                }
                BodyInfo info = BodyInfo.of(finalUri, 200, contentType.orElse(null), total.orElse(-1), validators);
                try {
                    value = reader.read(new ReaderView(head, decoded), info);
                    break;
                } catch (BodyDiscarded discarded) {
                    Retry again = startingOver(discarded).orElseThrow(() -> readerFailure(discarded.getCause()));
                    InputStream ended = decoded;
                    decoded = null;
                    startOver(ended, again);
                } catch (IOException | RuntimeException e) {
                    throw readerFailure(e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            if (decoded != body) {
                // To the end of the coded stream, so that its own check (gzip's CRC) is made.
                drain(decoded);
            }
            drain(body);
            ConditionalState state = ConditionalState.of(source.id(), source.uri(), validators, now);
            return result(FetchResult.Status.FETCHED, value, 200, validators, state);
        } finally {
            if (exchange != null) {
                exchange.body().cancel();
            }
            if (decoded != null) {
                decoded.close();
            }
        }
    }

    /// Ends this attempt's body and, after `why`'s backoff (which throws once the attempts are
    /// spent), requests the archive again from byte 0 as another attempt.
    private void startOver(InputStream body, Retry why) throws IOException {
        body.close();
        exchange.body().cancel();
        attempts.backOff(why);
        position = 0;
        decodedBytes = 0;
        finished = false;
        failure = null;
        delivered.reset();
        // Another version may code its body otherwise: the new response sets the coding.
        exchange = null;
        attempts.run(() -> open(Validators.none()));
    }

    /// The failure a download ends in when its reader threw `e`: the transfer's own when the body
    /// failed under the reader, a truncation naming the server when a body without a length ended
    /// inside the archive, else `e` itself (thrown here when unchecked).
    private IOException readerFailure(Throwable e) {
        if (failure != null && failure != e) {
            failure.addSuppressed(e);
            return failure;
        }
        if (e instanceof SourceDataException data && cutWithoutLength(data)) {
            // Without a length, a connection closed early looks like the body's end to HTTP;
            // the archive showing it was cut is the server's fault, said with the address.
            return attempts.fail(Kind.TRUNCATED, cutWithoutLengthDetail(data), data);
        }
        if (e instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return (IOException) e;
    }

    private boolean cutWithoutLength(SourceDataException data) {
        return data.problem() == SourceDataException.Problem.TRUNCATED_ARCHIVE && finished && total.isEmpty();
    }

    private String cutWithoutLengthDetail(SourceDataException data) {
        return "HTTP 200 from " + SafeText.url(finalUri) + " ended the body after " + MessageText.count(position, "byte")
                + ", inside the"
                + " archive, and sent no Content-Length that would tell a closed connection from the end: "
                + data.getMessage();
    }

    /// Why a reader that kept nothing of the body (a spool, a refresh's streamed reader that took
    /// back what it staged: [BodyDiscarded]) may have the download start over from byte 0, as a
    /// retry: the archive changed under a spool (a streamed reader, which parsed the old version's
    /// bytes already, fails), or a body without a length ended inside the archive. Empty when
    /// starting over would not help.
    private Optional<Retry> startingOver(BodyDiscarded discarded) {
        if (failure != null && failure == discarded.getCause() && failure.kind() == Kind.CHANGED) {
            return Optional.of(Retry.of(Kind.CHANGED, failure.detail() + "; the spooled copy was discarded to start"
                    + " over", null));
        }
        if (failure == null && discarded.getCause() instanceof SourceDataException data && cutWithoutLength(data)) {
            return Optional.of(Retry.of(Kind.TRUNCATED, cutWithoutLengthDetail(data), data));
        }
        return Optional.empty();
    }

    /// Whether `head`, all there is of a body, is empty or a part of a zip's first signature
    /// (`PK\3\4`, or `PK\5\6` of an empty archive): a body cut before it said anything else. One cut
    /// after its signature is the reader's to find cut.
    private static boolean cutBeforeItsSignature(byte[] head) {
        byte[] entry = {'P', 'K', 3, 4};
        byte[] empty = {'P', 'K', 5, 6};
        return head.length < 4 && (java.util.Arrays.equals(head, 0, head.length, entry, 0, head.length)
                || java.util.Arrays.equals(head, 0, head.length, empty, 0, head.length));
    }

    /// Whether the `deflate` body starts with a zlib header, as RFC 9110 has it, rather than with
    /// raw deflate data, as some servers send it; the bytes stay unread.
    private boolean zlibFollows(Body body) throws IOException {
        return startsWithZlibHeader(body.peek());
    }

    /// Whether `bytes` open with a zlib header (RFC 1950: method 8, a check value dividing by 31).
    static boolean startsWithZlibHeader(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0x0F) == 8 && (((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF)) % 31 == 0;
    }

    /// Reads what the reader left, so the length is verified before a result is returned.
    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[65536];
        while (in.read(buffer, 0, buffer.length) >= 0) {
            // discarded: only the length and completeness matter here
        }
    }

    private DownloadException remember(DownloadException e) {
        failure = e;
        return e;
    }

    private FetchResult<T> result(FetchResult.Status status, T value, int httpStatus, Validators current,
                                  ConditionalState state) {
        return new FetchResult<>(source.id(), status, value, attempts.count(), position, total.orElse(-1), httpStatus, current,
                Duration.ofNanos(System.nanoTime() - startNanos), finalUri, state);
    }

    /// The first request, and any retry before a body byte was delivered.
    private Engine.Exchange open(Validators sent) throws Retry, DownloadException, InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>();
        sent.etag().ifPresent(tag -> headers.put("If-None-Match", tag));
        sent.lastModified().ifPresent(date -> headers.put("If-Modified-Since", date));
        Engine.Exchange ex = engine.exchange(attempts, "GET", source.uri(), headers, source.requestTimeout());
        if (ex.status() == 304 && !sent.isEmpty()) {
            ex.body().cancel();
            return ex;
        }
        if (ex.status() == 304) {
            // A 304 confirms the version a request named; this one named none (a cache answering
            // for another client), so it says nothing about the archive.
            ex.body().cancel();
            throw attempts.fail(Kind.HTTP_STATUS, "HTTP 304 Not Modified to a request that named no version (no"
                    + " If-None-Match or If-Modified-Since), so it confirms nothing; not retried");
        }
        if (ex.status() == 206) {
            ex.body().cancel();
            throw attempts.fail(Kind.PROTOCOL, "HTTP 206 (a part of the archive, " + ex.header("Content-Range")
                    .map(range -> "Content-Range " + SafeText.escape(range)).orElse("no Content-Range")
                    + ") to a request for all of it, which asked for no range; not retried");
        }
        if (ex.status() != 200) {
            throw engine.statusFailure(attempts, ex);
        }
        adopt(ex);
        return ex;
    }

    private void adopt(Engine.Exchange ex) throws DownloadException {
        String codingNow = codingOf(ex);
        if (exchange != null) {
            sameCoding(ex, codingNow);
        }
        coding = codingNow;
        exchange = ex;
        finalUri = ex.uri();
        contentType = ex.header("Content-Type");
        total = HeaderValues.contentLength(ex.response().headers());
        validators = validatorsOf(ex);
        meter.start(total);
    }

    /// A later request, after `position` bytes were delivered.
    private Void reopen() throws Retry, DownloadException, InterruptedException {
        if (position == 0) {
            Engine.Exchange ex = engine.exchange(attempts, "GET", source.uri(), Map.of(), source.requestTimeout());
            if (ex.status() != 200) {
                throw engine.statusFailure(attempts, ex);
            }
            adopt(ex);
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Range", "bytes=" + position + "-");
        validators.strongEtag().or(validators::lastModified).ifPresent(v -> headers.put("If-Range", v));
        Engine.Exchange ex = engine.exchange(attempts, "GET", source.uri(), headers, source.requestTimeout());
        switch (ex.status()) {
            case 206 -> continueWith(ex);
            case 200 -> restartWith(ex);
            case 304 -> {
                // A resume names no version to confirm (no If-None-Match, no If-Modified-Since).
                ex.body().cancel();
                throw attempts.fail(Kind.HTTP_STATUS, "HTTP 304 Not Modified to the request for the rest of the archive"
                        + " (from byte " + position + "), which named no version to confirm, so it gives nothing to go"
                        + " on with; not retried");
            }
            case 416 -> {
                ex.body().cancel();
                // `bytes */N`: the archive's length as the server has it now. A 416 comes only when
                // If-Range matched (else the whole archive comes back with a 200), so N bytes read
                // of a body that had no length are the whole archive of the version being read: the
                // body lacked only its end (a chunked body without its last chunk), and ends here. The
                // archive's own structure then says whether it is whole. It failed the download.
                boolean whole = total.isEmpty() && ex.header("Content-Range").map(String::strip)
                        .filter(range -> range.equals("bytes */" + position)).isPresent()
                        && sameOrAbsent(validatorsOf(ex).etag(), validators.etag())
                        && sameOrAbsent(validatorsOf(ex).lastModified(), validators.lastModified());
                if (whole) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "the server confirms the " + MessageText.count(position, "byte")
                            + " read from " + SafeText.url(finalUri) + " are its whole archive (HTTP 416, Content-Range"
                            + " bytes */" + position + ")");
                    finished = true;
                    meter.finish(position);
                    return null;
                }
                throw attempts.fail(Kind.CHANGED, "the server cannot serve bytes from " + position + " on (HTTP 416): "
                        + "the archive changed or shrank after " + MessageText.count(position, "byte") + " were read");
            }
            default -> throw engine.statusFailure(attempts, ex);
        }
        return null;
    }

    /// The response's content coding, lower case, `identity` when it names none.
    private static String codingOf(Engine.Exchange ex) {
        String value = ex.header("Content-Encoding").map(v -> v.strip().toLowerCase(java.util.Locale.ROOT)).orElse("");
        return value.isEmpty() ? IDENTITY : value;
    }

    /// A later response must code the body as the first did: positions count coded bytes.
    private void sameCoding(Engine.Exchange ex, String codingNow) throws DownloadException {
        if (!codingNow.equals(coding)) {
            ex.body().cancel();
            throw attempts.fail(Kind.CHANGED, "the Content-Encoding changed from " + SafeText.escape(coding) + " to "
                    + SafeText.escape(codingNow) + " during the download; " + MessageText.count(position, "byte")
                    + " were already consumed");
        }
    }

    private void continueWith(Engine.Exchange ex) throws DownloadException {
        sameCoding(ex, codingOf(ex));
        Optional<HeaderValues.ContentRange> range = HeaderValues.contentRange(ex.response().headers());
        String problem = null;
        if (range.isEmpty()) {
            problem = "HTTP 206 without a valid Content-Range (" + ex.header("Content-Range").orElse("absent") + ")";
        } else if (range.get().first() != position) {
            problem = "HTTP 206 starts at byte " + range.get().first() + ", not at " + position + " as asked";
        }
        if (problem != null) {
            ex.body().cancel();
            throw attempts.fail(Kind.PROTOCOL, problem);
        }
        HeaderValues.ContentRange r = range.get();
        Validators part = validatorsOf(ex);
        Optional<String> changed = versionChange(part, r.total()).map(c -> "the archive changed during the download: " + c)
                .or(() -> unproven(part));
        if (changed.isPresent()) {
            ex.body().cancel();
            throw attempts.fail(Kind.CHANGED, changed.get() + "; " + MessageText.count(position, "byte")
                    + " were already consumed");
        }
        long end = total.isPresent() ? total.getAsLong() : r.total().orElse(-1);
        OptionalLong partLength = HeaderValues.contentLength(ex.response().headers());
        if ((end >= 0 && r.last() != end - 1)
                || (partLength.isPresent() && partLength.getAsLong() != r.last() - r.first() + 1)) {
            ex.body().cancel();
            String answered = "HTTP 206 range " + r.first() + "-" + r.last() + "/"
                    + (r.total().isPresent() ? r.total().getAsLong() : "*");
            // Two checks, each said as itself: a range that ends short, or a length that is not its.
            throw attempts.fail(Kind.PROTOCOL, end >= 0 && r.last() != end - 1
                    ? answered + " does not run to the end of the archive (" + MessageText.count(end, "byte") + ")"
                    : answered + " comes with " + describe(partLength) + ", not the range's "
                    + MessageText.count(r.last() - r.first() + 1, "byte"));
        }
        if (total.isEmpty() && r.total().isPresent()) {
            total = r.total();
            meter.start(total);
        }
        exchange = ex;
        LOG.log(System.Logger.Level.DEBUG, "source {0}: resumed at byte {1}", source.id(), position);
    }

    private void restartWith(Engine.Exchange ex) throws Retry, DownloadException {
        sameCoding(ex, codingOf(ex));
        Optional<String> changed = versionChange(validatorsOf(ex), HeaderValues.contentLength(ex.response().headers()));
        if (changed.isPresent()) {
            ex.body().cancel();
            throw attempts.fail(Kind.CHANGED, "the archive changed during the download: " + changed.get()
                    + "; " + MessageText.count(position, "byte") + " were already consumed");
        }
        String message = "the server does not resume (HTTP 200 to a Range request); reading the first "
                + MessageText.count(position, "byte") + " again to skip them";
        LOG.log(System.Logger.Level.INFO, "source {0}: {1}", source.id(), message);
        settings.listener().onEvent(new ProgressEvent.Notice(source.id(), message));
        exchange = ex;
        CRC32C again = new CRC32C();
        byte[] buffer = new byte[65536];
        long skipped = 0;
        boolean endedEarly = false;
        try {
            while (skipped < position) {
                int n = ex.body().read(buffer, 0, (int) Math.min(buffer.length, position - skipped));
                if (n < 0) {
                    endedEarly = true;
                    break;
                }
                again.update(buffer, 0, n);
                skipped += n;
            }
        } catch (HttpTimeoutException e) {
            ex.body().cancel();
            throw Retry.of(Kind.TIMEOUT, "reading the first " + MessageText.count(position, "byte") + " again: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            ex.body().cancel();
            throw Retry.of(Kind.TRUNCATED, "connection dropped while reading the first "
                    + MessageText.count(position, "byte") + " again: " + Engine.describe(e), e);
        }
        if (endedEarly) {
            // A body whose end the server marks (a length, or chunks) ended whole: the archive is now
            // shorter than what was consumed, which no attempt mends. Only a body the closed
            // connection ends may have been cut.
            if (HeaderValues.contentLength(ex.response().headers()).isPresent()
                    || !ex.response().headers().allValues("Transfer-Encoding").isEmpty()) {
                throw attempts.fail(Kind.CHANGED, "the archive changed during the download: the server's answer"
                        + " ended whole after " + MessageText.count(skipped, "byte") + ", before the "
                        + MessageText.number(position) + " already consumed");
            }
            throw Retry.of(Kind.TRUNCATED, "connection closed after " + MessageText.number(skipped) + " of the "
                    + MessageText.count(position, "byte") + " read again", null);
        }
        if (again.getValue() != delivered.getValue()) {
            ex.body().cancel();
            throw attempts.fail(Kind.CHANGED, "the archive changed during the download: its first "
                    + MessageText.count(position, "byte") + " differ from those already consumed");
        }
    }

    /// How the version in a later response differs from the one being read, if it does. Each
    /// validator both responses carry must be equal: an ETag kept while the date moved (a weak
    /// one, or a server that tags by name) is no proof that the bytes are the same.
    private Optional<String> versionChange(Validators now, OptionalLong length) {
        if (validators.etag().isPresent() && now.etag().isPresent() && !validators.etag().equals(now.etag())) {
            return Optional.of("ETag " + validators.etag().get() + " became " + now.etag().get());
        }
        if (validators.lastModified().isPresent() && now.lastModified().isPresent()
                && !validators.lastModified().equals(now.lastModified())) {
            return Optional.of("Last-Modified " + validators.lastModified().get() + " became "
                    + now.lastModified().get());
        }
        if (total.isPresent() && length.isPresent() && total.getAsLong() != length.getAsLong()) {
            return Optional.of("length " + total.getAsLong() + " became " + length.getAsLong());
        }
        return Optional.empty();
    }

    /// Why a `206` does not show that its bytes are of the version being read, if it does not: it
    /// must carry the validator `If-Range` was given, as a `206` must carry those a `200` would
    /// (RFC 9110, 15.3.7). One without it may come from a cache that ignored `If-Range`, and a part of
    /// another version of the same length splices into a whole archive, which every later
    /// conditional request would then keep under the first response's validators.
    private Optional<String> unproven(Validators part) {
        if (validators.strongEtag().isPresent() && part.etag().isEmpty()) {
            return Optional.of("the part resumed (HTTP 206) carries no ETag, where the download's is "
                    + validators.etag().get() + ": it may be another version's");
        }
        if (validators.strongEtag().isEmpty() && validators.lastModified().isPresent() && part.lastModified().isEmpty()) {
            return Optional.of("the part resumed (HTTP 206) carries no Last-Modified, where the download's is "
                    + validators.lastModified().get() + ": it may be another version's");
        }
        return Optional.empty();
    }

    /// Whether a validator a response gives, if it gives one, is the download's.
    private static boolean sameOrAbsent(Optional<String> given, Optional<String> download) {
        return given.isEmpty() || given.equals(download);
    }

    private static Validators validatorsOf(Engine.Exchange ex) {
        return Validators.of(ex.header("ETag").orElse(null), ex.header("Last-Modified").orElse(null));
    }

    private String describeLength() {
        return describe(total);
    }

    private static String describe(OptionalLong length) {
        return length.isPresent() ? "Content-Length " + length.getAsLong() : "no Content-Length";
    }

    /// The body as one stream across attempts.
    private final class Body extends BulkInputStream {
        private byte[] peeked = new byte[0];
        private int peekedAt;

        /// The next two bytes (fewer at the end), which the next reads return again.
        byte[] peek() throws IOException {
            byte[] two = readNBytes(2);
            peeked = two;
            peekedAt = 0;
            return two;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (peekedAt < peeked.length) {
                int n = Math.min(len, peeked.length - peekedAt);
                System.arraycopy(peeked, peekedAt, b, off, n);
                peekedAt += n;
                return n;
            }
            for (;;) {
                if (finished) {
                    return -1;
                }
                int n;
                try {
                    n = exchange.body().read(b, off, len);
                } catch (InterruptedIOException e) {
                    exchange.body().cancel();
                    Thread.currentThread().interrupt();
                    throw remember(attempts.fail(Kind.INTERRUPTED, "interrupted after "
                            + MessageText.count(position, "byte")));
                } catch (IOException e) {
                    recover(e);
                    continue;
                }
                if (n > 0) {
                    if (total.isPresent() && position + n > total.getAsLong()) {
                        exchange.body().cancel();
                        throw remember(attempts.fail(Kind.PROTOCOL, "the body is longer than its Content-Length "
                                + total.getAsLong()));
                    }
                    delivered.update(b, off, n);
                    position += n;
                    meter.advance(position);
                    if (!coding.equals(IDENTITY) && position > DECODED_GRACE_BYTES + 2 * decodedBytes) {
                        // A zip coded again takes about as many bytes as it gives. Coded bytes that give
                        // nothing (an endless gzip header, empty deflate blocks, data after the coded
                        // stream's end) were read without any bound but the timeout.
                        exchange.body().cancel();
                        throw remember(attempts.fail(Kind.PROTOCOL, "the body's " + coding + " Content-Encoding gives "
                                + MessageText.count(decodedBytes, "byte") + " from " + MessageText.number(position)
                                + ": refused (coded data that decodes to"
                                + " nothing, or that follows the end of the coded stream)"));
                    }
                    return n;
                }
                if (total.isPresent() && position < total.getAsLong()) {
                    recover(new IOException("the server closed the connection"));
                    continue;
                }
                finished = true;
                meter.finish(position);
                return -1;
            }
        }

        private void recover(IOException cause) throws DownloadException {
            exchange.body().cancel();
            String where = total.isPresent() ? MessageText.number(position) + " of " + MessageText.count(total.getAsLong(), "byte")
                    : MessageText.count(position, "byte");
            Optional<String> malformed = Engine.malformedChunk(cause);
            if (malformed.isPresent()) {
                // The server's framing, not the network: asking again gets the same bytes.
                throw remember(attempts.fail(Kind.PROTOCOL, "the chunked body from " + SafeText.url(exchange.uri())
                        + " cannot be read after " + where + ": " + malformed.get() + "; not retried"));
            }
            // A body that redirects led to names its own address: the message's is the one requested.
            String from = exchange.uri().equals(source.uri()) ? "" : " from " + SafeText.url(exchange.uri());
            Retry retry = cause instanceof HttpTimeoutException
                    ? Retry.of(Kind.TIMEOUT, "body" + from + " " + (exchange.body().pastDeadline() ? "unfinished" : "stalled")
                            + " after " + where + ": " + cause.getMessage(), cause)
                    : Retry.of(Kind.TRUNCATED, "body" + from + " broke off after " + where + ": " + Engine.describe(cause), cause);
            if (position > reached) {
                reached = position;
                attempts.progressed();
            }
            try {
                attempts.backOff(retry);
                attempts.run(Transfer.this::reopen);
            } catch (DownloadException e) {
                throw remember(e);
            }
        }
    }

    /// The body with its content coding undone; a coding that is damaged or expands like a bomb
    /// fails the transfer, naming the coding and the coded bytes read.
    private final class Decoded extends BulkInputStream {
        private final Inflater inflater;
        private final InputStream decoder;

        Decoded(Body body) throws IOException {
            boolean gzip = !coding.equals("deflate");
            inflater = gzip ? null : new Inflater(!zlibFollows(body));
            try {
                decoder = gzip ? new GZIPInputStream(body, 65536) : new InflaterInputStream(body, inflater, 65536);
            } catch (DownloadException e) {
                close();
                throw e;
            } catch (IOException e) {
                close();
                throw damaged(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = decoder.read(b, off, len);
            } catch (DownloadException e) {
                throw e;
            } catch (IOException e) {
                throw damaged(e);
            }
            if (n > 0) {
                decodedBytes += n;
                if (decodedBytes > DECODED_GRACE_BYTES && decodedBytes / MAX_DECODED_EXPANSION > position) {
                    exchange.body().cancel();
                    throw remember(attempts.fail(Kind.PROTOCOL, "the body's " + coding + " Content-Encoding expands "
                            + MessageText.count(position, "byte") + " to more than " + MessageText.number(decodedBytes)
                            + ", beyond " + MAX_DECODED_EXPANSION
                            + " times: refused as a bomb (a zip archive barely compresses)"));
                }
            }
            return n;
        }

        private DownloadException damaged(IOException e) {
            exchange.body().cancel();
            String why = e instanceof java.io.EOFException && e.getMessage() == null ? "the coded data ends early"
                    : Engine.describe(e);
            return remember(attempts.fail(Kind.PROTOCOL, "the body's " + coding + " Content-Encoding is damaged after "
                    + MessageText.count(position, "byte") + ": " + why));
        }

        @Override
        public void close() throws IOException {
            if (decoder != null) {
                decoder.close();
            }
            if (inflater != null) {
                inflater.end();
            }
        }
    }

    /// What the reader reads: the peeked head, then the body. Closing it only stops the reader;
    /// the transfer goes on to be verified.
    private static final class ReaderView extends BulkInputStream {
        private final byte[] head;
        private final InputStream body;
        private int headPosition;
        private boolean closed;

        ReaderView(byte[] head, InputStream body) {
            this.head = head;
            this.body = body;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (closed) {
                throw new IOException("stream closed");
            }
            if (len == 0) {
                return 0;
            }
            if (headPosition < head.length) {
                int n = Math.min(len, head.length - headPosition);
                System.arraycopy(head, headPosition, b, off, n);
                headPosition += n;
                return n;
            }
            return body.read(b, off, len);
        }

        @Override
        public int available() {
            return closed ? 0 : head.length - headPosition;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

}
