package dev.bsee.scraper;

import static dev.bsee.scraper.LoopbackHttpServer.respond;
import static dev.bsee.scraper.TestArchives.hashing;
import static dev.bsee.scraper.TestArchives.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bsee.core.BseeSource;
import dev.bsee.core.ProgressEvent;
import dev.bsee.core.internal.MessageText;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/// Downloads from the JDK's HTTP server on loopback: statuses, retries, `Retry-After`, conditional
/// requests, redirects, timeouts, validation of what arrives, progress and spooling.
class HttpFetcherTest {

    private static final byte[] ARCHIVE = TestArchives.zip(11, 1500);
    private static final String PATH = "/Well/Files/APDRawData.zip";
    private static final Instant NOW = Instant.parse("2025-03-06T09:30:00Z");
    private static final String ETAG = "\"1d8a3f2b9c\"";
    private static final String LAST_MODIFIED = "Tue, 04 Mar 2025 06:15:02 GMT";
    private static final Map<String, String> ZIP_HEADERS = Map.of("Content-Type", "application/x-zip-compressed",
            "ETag", ETAG, "Last-Modified", LAST_MODIFIED, "Accept-Ranges", "bytes");

    @TempDir
    Path spool;

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    private LoopbackHttpServer server;
    private HttpFetcher fetcher;

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackHttpServer();
        fetcher = builder().build();
    }

    private HttpFetcher.Builder builder() {
        return HttpFetcher.builder().maxAttempts(4).backoff(Duration.ofMillis(100), Duration.ofSeconds(10))
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(5)).sleeper(sleeper)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).spoolDirectory(spool).listener(events::add);
    }

    @AfterEach
    void stop() throws IOException {
        fetcher.close();
        server.close();
        assertThat(TestArchives.filesIn(spool)).as("spool directory").isEmpty();
    }

    private void serveArchive() {
        server.on(PATH, ex -> respond(ex, 200, ZIP_HEADERS, ARCHIVE));
    }

    private BseeSource source() {
        return TestArchives.source(server.uri(PATH));
    }

    @Test
    void downloadsTheArchiveAndReportsWhatHappened() throws IOException {
        serveArchive();

        FetchResult<String> result = fetcher.fetch(source(), hashing());

        assertThat(result.value()).contains(sha256(ARCHIVE));
        assertThat(result.status()).isEqualTo(FetchResult.Status.FETCHED);
        assertThat(result.sourceId()).isEqualTo("well");
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.bytes()).isEqualTo(ARCHIVE.length);
        assertThat(result.totalBytes()).hasValue(ARCHIVE.length);
        assertThat(result.httpStatus()).hasValue(200);
        assertThat(result.validators()).isEqualTo(Validators.of(ETAG, LAST_MODIFIED));
        assertThat(result.finalUri()).isEqualTo(server.uri(PATH));
        assertThat(result.duration()).isPositive();
        assertThat(result.state()).isEqualTo(ConditionalState.of("well", server.uri(PATH), result.validators(),
                NOW));
        assertThat(sleeper.waits()).isEmpty();
        String userAgent = server.requests().getFirst().header("User-Agent");
        assertThat(userAgent).isEqualTo(fetcher.userAgent())
                .matches("bsee-java/[0-9][^ ]* \\(Java [0-9]+\\)").startsWith("bsee-java/" + dev.bsee.core.BuildInfo.current().version() + " ");
    }

    /// A fetch through a fetcher the application closed is its own mistake: refused at once without a
    /// request, where the closed client's `IOException("closed")` was retried with backoff and
    /// reported as a server that cannot be reached (`gave up: request failed: closed [4 attempts]`).
    @Test
    void aClosedFetcherRefusesAtOnceWithoutRetryingOrBlamingTheServer() throws IOException {
        serveArchive();
        fetcher.close();
        fetcher.close();

        assertThatThrownBy(() -> fetcher.fetch(source(), BodyReaders.discarding()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("HttpFetcher is closed");
        assertThatThrownBy(() -> fetcher.fetch(source(), ConditionalState.initial(source()), BodyReaders.discarding()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("HttpFetcher is closed");
        assertThatThrownBy(() -> new Portal(fetcher).links(server.uri(PATH)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("HttpFetcher is closed");
        assertThat(sleeper.waits()).isEmpty();
        assertThat(server.requests()).isEmpty();
    }

    /// An error the application's listener throws (an `AssertionError` of a test, a
    /// `StackOverflowError`) as the response arrives ends the fetch with that error, and the response is
    /// released: the fetcher then closes at once. The response stayed open, and `close()`, which waits
    /// for every exchange of the HTTP client to end, waited forever, and a refresh with it.
    @Test
    void anErrorTheListenerThrowsLeavesNoResponseThatKeepsTheFetcherFromClosing() throws Exception {
        serveArchive();
        HttpFetcher failing = builder().listener(event -> {
            if (event instanceof ProgressEvent.Download) {
                throw new AssertionError("the listener's own assertion");
            }
        }).build();
        assertThatThrownBy(() -> failing.fetch(source(), BodyReaders.discarding()))
                .isInstanceOf(AssertionError.class).hasMessage("the listener's own assertion");
        Thread closing = Thread.ofPlatform().daemon().start(failing::close);
        closing.join(Duration.ofSeconds(20));
        assertThat(closing.isAlive()).as("close() still waiting").isFalse();
    }

    @Test
    void theReaderIsToldWhatTheServerSaid() throws IOException {
        serveArchive();

        FetchResult<BodyInfo> result = fetcher.fetch(source(), (body, info) -> {
            body.transferTo(OutputStream.nullOutputStream());
            return info;
        });

        assertThat(result.value()).contains(BodyInfo.of(server.uri(PATH), 200, "application/x-zip-compressed",
                ARCHIVE.length, Validators.of(ETAG, LAST_MODIFIED)));
        BodyInfo info = result.value().orElseThrow();
        assertThat(info.contentType()).contains("application/x-zip-compressed");
        assertThat(info.contentLength()).hasValue(ARCHIVE.length);
    }

    @Test
    void theDiscardingReaderReadsTheWholeBodyAndCountsIt() throws IOException {
        serveArchive();

        FetchResult<Long> result = fetcher.fetch(source(), BodyReaders.discarding());

        assertThat(result.value()).contains((long) ARCHIVE.length);
        assertThat(result.state().checkedAt()).contains(NOW);
    }

    @Test
    void theFileReaderReplacesTheFileWithTheWholeArchive(@TempDir Path out) throws IOException {
        serveArchive();
        Path file = Files.writeString(out.resolve("APDRawData.zip"), "previous version");

        FetchResult<Path> result = fetcher.fetch(source(), BodyReaders.ofFile(file));

        assertThat(result.value()).contains(file);
        assertThat(file).hasBinaryContent(ARCHIVE);
        assertThat(TestArchives.filesIn(out)).as("no temporary left beside it").containsExactly(file);
    }

    @Test
    void theEntriesReaderTurnsEachEntryIntoATableAsTheBodyArrives() throws IOException {
        serveArchive();
        List<String> sunk = new CopyOnWriteArrayList<>();
        ZipStreamProcessor processor = ZipStreamProcessor.builder().build();

        FetchResult<List<EntrySummary>> result = fetcher.fetch(source(), BodyReaders.ofEntries(processor, "well",
                entry -> sunk.add(entry.archive() + "/" + entry.entryName() + ":" + entry.table().rowCount())));

        assertThat(sunk).containsExactly("well/mv_apddata_all.txt:1500", "well/mv_apd_lease.txt:1500");
        assertThat(result.value().orElseThrow()).extracting(EntrySummary::entryName, EntrySummary::rows)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("mv_apddata_all.txt", 1500),
                        org.assertj.core.groups.Tuple.tuple("mv_apd_lease.txt", 1500));
    }

    @Test
    void theEntriesReaderNamesTheArchiveAsToldInErrors() {
        byte[] text = "not an archive at all, but it starts like one".getBytes(StandardCharsets.UTF_8);
        byte[] bogus = new byte[4 + text.length];
        System.arraycopy(new byte[] {'P', 'K', 3, 4}, 0, bogus, 0, 4);
        System.arraycopy(text, 0, bogus, 4, text.length);
        server.on(PATH, ex -> respond(ex, 200, ZIP_HEADERS, bogus));
        ZipStreamProcessor processor = ZipStreamProcessor.builder().build();

        assertThatThrownBy(() -> fetcher.fetch(source(), BodyReaders.ofEntries(processor, "apd-archive", entry -> { })))
                .isInstanceOf(SourceDataException.class).hasMessageContaining("apd-archive");
    }

    /// Answers the first request at [#PATH] with `status`, `headers` and `body`, and every later one
    /// with the archive.
    private void failFirstThenServe(int status, Map<String, String> headers, byte[] body) {
        AtomicInteger calls = new AtomicInteger();
        server.on(PATH, ex -> {
            if (calls.getAndIncrement() == 0) {
                respond(ex, status, headers, body);
            } else {
                respond(ex, 200, ZIP_HEADERS, ARCHIVE);
            }
        });
    }

    @Test
    void aServerErrorIsRetriedAfterABackoffWithJitter() throws IOException {
        failFirstThenServe(500, Map.of(), "boom".getBytes(StandardCharsets.UTF_8));

        FetchResult<String> result = fetcher.fetch(source(), hashing());

        assertThat(result.value()).contains(sha256(ARCHIVE));
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(sleeper.waits()).singleElement()
                .satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(50), Duration.ofMillis(100)));
        assertThat(events).filteredOn(ProgressEvent.Notice.class::isInstance).singleElement()
                .extracting(e -> ((ProgressEvent.Notice) e).message()).asString()
                .contains("HTTP 500 Internal Server Error", "attempt 2 of 4");
    }

    /// A reader's own failure reaches the caller unchanged, with no attempt count; a reader that
    /// asks hears what the download took as it ends, so a report says the two requests made and the
    /// bytes received rather than one attempt (and, before the reader ran, no bytes).
    @Test
    void aCountedReaderHearsTheAttemptsAndBytesOfADownloadThatItsOwnFailureEnded() {
        failFirstThenServe(500, Map.of(), "boom".getBytes(StandardCharsets.UTF_8));
        IOException refused = new IOException("the reader refuses the archive");
        List<String> ended = new CopyOnWriteArrayList<>();
        dev.bsee.scraper.internal.report.CountedReader<Void> reader = new dev.bsee.scraper.internal.report.CountedReader<>() {
            @Override
            public Void read(java.io.InputStream body, BodyInfo info) throws IOException {
                body.readNBytes(100);
                throw refused;
            }

            @Override
            public void ended(int attempts, long bytesReceived) {
                ended.add(attempts + " attempts, " + bytesReceived + " bytes");
            }
        };

        assertThatThrownBy(() -> fetcher.fetch(source(), reader)).isSameAs(refused);
        assertThat(ended).containsExactly("2 attempts, 100 bytes");
    }

    @Test
    void persistentServerErrorsEndAfterTheLastAttemptWithGrowingWaits() {
        server.on(PATH, ex -> respond(ex, 503, Map.of(), new byte[0]));

        assertThatThrownBy(() -> fetcher.fetch(source(), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.HTTP_STATUS);
                    assertThat(e.attempts()).isEqualTo(4);
                    assertThat(e.httpStatus()).hasValue(503);
                    assertThat(e.uri()).isEqualTo(server.uri(PATH));
                    assertThat(e.getMessage()).contains("source well", "HTTP 503 Service Unavailable", "[4 attempts]");
                });
        assertThat(server.requests()).hasSize(4);
        List<Duration> waits = sleeper.waits();
        assertThat(waits).hasSize(3);
        for (int i = 0; i < waits.size(); i++) {
            Duration step = Duration.ofMillis(100L << i);
            assertThat(waits.get(i)).isBetween(step.dividedBy(2), step);
        }
    }

    @Test
    void tooManyRequestsWaitsAsLongAsRetryAfterSays() throws IOException {
        failFirstThenServe(429, Map.of("Retry-After", "7"), new byte[0]);

        FetchResult<String> result = fetcher.fetch(source(), hashing());

        assertThat(result.value()).contains(sha256(ARCHIVE));
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterMayBeAnHttpDate() throws IOException {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(90).atZone(ZoneOffset.UTC));
        failFirstThenServe(503, Map.of("Retry-After", date), new byte[0]);

        FetchResult<String> result = fetcher.fetch(source(), hashing());

        assertThat(result.attempts()).isEqualTo(2);
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(90));
    }

    /// A `Retry-After` asking for no wait (`0`, or a date the server's clock, behind ours, put in the
    /// past) waits the backoff's step: each attempt was made at once, the whole budget spent within
    /// a second on a server that had just said it was overloaded.
    @Test
    void aRetryAfterShorterThanTheBackoffWaitsTheBackoff() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(3600).atZone(ZoneOffset.UTC));
        server.on(PATH, ex -> {
            switch (calls.getAndIncrement()) {
                case 0 -> respond(ex, 503, Map.of("Retry-After", "0"), new byte[0]);
                case 1 -> respond(ex, 429, Map.of("Retry-After", past), new byte[0]);
                default -> respond(ex, 200, ZIP_HEADERS, ARCHIVE);
            }
        });

        FetchResult<String> result = fetcher.fetch(source(), hashing());

        assertThat(result.value()).contains(sha256(ARCHIVE));
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(sleeper.waits()).satisfiesExactly(
                first -> assertThat(first).isBetween(Duration.ofMillis(50), Duration.ofMillis(100)),
                second -> assertThat(second).isBetween(Duration.ofMillis(100), Duration.ofMillis(200)));
    }

    @Test
    void aRetryAfterBeyondTheLimitFailsAtOnceInsteadOfBlocking() {
        server.on(PATH, ex -> respond(ex, 429, Map.of("Retry-After", "3600"), new byte[0]));

        assertThatThrownBy(() -> fetcher.fetch(source(), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.RETRY_AFTER_TOO_LONG);
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("HTTP 429", "retry after 1 h,", "the 5 min allowed");
                });
        assertThat(sleeper.waits()).isEmpty();

        // More digits than are read: said as the longest wait, not as a figure the server never sent.
        server.on("/long", ex -> respond(ex, 503, Map.of("Retry-After", "99999999999"), new byte[0]));
        assertThatThrownBy(() -> fetcher.fetch(TestArchives.source(server.uri("/long")), hashing()))
                .hasMessageContaining("retry after more than 300 years, longer than the 5 min allowed")
                .hasMessageNotContaining("2777777");
    }

    @Test
    void otherClientErrorsAreNotRetried() {
        server.on(PATH, ex -> respond(ex, 404, Map.of(), "<h1>Not found</h1>".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> fetcher.fetch(source(), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.HTTP_STATUS);
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("HTTP 404 Not Found", "not retried");
                });
        assertThat(server.requests()).hasSize(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void anHtmlPageServedWithStatus200IsRefusedQuotingItsTypeAndFirstBytes() {
        byte[] page = """
                <!DOCTYPE html>
                <html><head><title>Site Maintenance</title></head><body>Back soon.</body></html>
                """.getBytes(StandardCharsets.UTF_8);
        server.on(PATH, ex -> respond(ex, 200, Map.of("Content-Type", "text/html; charset=utf-8"), page));
        AtomicBoolean consumed = new AtomicBoolean();

        assertThatThrownBy(() -> fetcher.fetch(source(), (body, info) -> consumed.getAndSet(true)))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.NOT_A_ZIP);
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("not a zip archive", "Content-Type \"text/html; charset=utf-8\"",
                            "Content-Length " + page.length, "\"<!DOCTYPE html>\\n<html><head><title>Site Maint");
                    // The address once, where the message names its source: it came twice.
                    assertThat(e.getMessage()).containsOnlyOnce(source().uri().toString())
                            .contains("): HTTP 200 is not a zip archive");
                });
        assertThat(consumed).isFalse();
    }

    /// Every way a download can fail quotes some address; a password written into the source's
    /// address reaches none of the messages, details or notices, whichever address is quoted.
    @ParameterizedTest
    @ValueSource(strings = {"html page", "not found", "server error", "redirect refused", "redirect loop",
            "bad content length"})
    void aPasswordInTheAddressReachesNoMessageWhateverTheFailure(String failure) throws IOException {
        String secret = "s3cret-Pa55";
        byte[] page = "<!DOCTYPE html><html>Maintenance</html>".getBytes(StandardCharsets.UTF_8);
        server.on(PATH, ex -> {
            switch (failure) {
                case "html page" -> respond(ex, 200, Map.of("Content-Type", "text/html"), page);
                case "not found" -> respond(ex, 404, Map.of(), page);
                case "server error" -> respond(ex, 503, Map.of(), page);
                case "redirect refused" -> respond(ex, 302, Map.of("Location", "ftp://reader:" + secret + "@127.0.0.1/x.zip"),
                        new byte[0]);
                default -> respond(ex, 307, Map.of("Location", PATH), new byte[0]);
            }
        });
        try (RawServer raw = new RawServer((request, out) -> RawServer.head(out, 200,
                Map.of("Content-Length", "99999999999999999999999")))) {
            URI address = failure.equals("bad content length") ? raw.uri(PATH) : server.uri(PATH);
            URI withPassword = URI.create(address.toString().replace("://", "://reader:" + secret + "@"));

            assertThatThrownBy(() -> fetcher.fetch(TestArchives.source(withPassword), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> {
                        assertThat(e.getMessage()).as(failure).contains("***@127.0.0.1").doesNotContain(secret);
                        assertThat(e.detail() + e).as(failure).doesNotContain(secret);
                    });
        }
        assertThat(events).as(failure).noneMatch(event -> event.toString().contains(secret));
    }

    /// A server that takes the request and closes the connection without a byte of answer: the
    /// message said the JDK's "HTTP/1.1 header parser received no bytes".
    @Test
    void aServerThatClosesWithoutAnsweringIsSaidSoInWords() throws IOException {
        HttpFetcher once = HttpFetcher.builder().maxAttempts(1).backoff(java.time.Duration.ZERO, java.time.Duration.ZERO)
                .build();
        try (RawServer raw = new RawServer((request, out) -> { })) {
            assertThatThrownBy(() -> once.fetch(TestArchives.source(raw.uri(PATH)), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> assertThat(e.getMessage())
                            .contains("the server closed the connection without answering").doesNotContain("header parser"));
        }
    }

    /// A server that closes the connection inside its status line or its header fields: the message
    /// quoted the JDK's parser (`parsing HTTP/1.1 header, receiving [Content-Length:...], parser
    /// state [HEADER_FOUND_CR_LF]`). The cut is the network's or the server's, so it is retried.
    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 2", "HTTP/1.1 200 OK\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Fo",
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n", "HTTP/1.1 200 OK\r\nA: b\r\n\r"})
    void aServerThatClosesInsideItsHeadersIsSaidSoInWords(String cut) throws IOException {
        HttpFetcher twice = HttpFetcher.builder().maxAttempts(2).backoff(java.time.Duration.ZERO, java.time.Duration.ZERO)
                .build();
        String where = cut.startsWith("HTTP/1.1 200 OK\r\n") ? "inside the response's header fields"
                : "inside the response's status line";
        try (RawServer raw = new RawServer((request, out) -> out.write(cut.getBytes(StandardCharsets.ISO_8859_1)))) {
            assertThatThrownBy(() -> twice.fetch(TestArchives.source(raw.uri(PATH)), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> {
                        assertThat(e.getMessage()).as(cut).contains("the server closed the connection " + where)
                                .doesNotContain("parser", "receiving [");
                        assertThat(e.attempts()).as(cut).isEqualTo(2);
                    });
        }
    }

    /// A password in the address is what the user gives to log in to a mirror: it is sent as HTTP
    /// Basic authentication (percent-decoded) to that host, after a redirect on it too, and never to
    /// another host or when the address names no user.
    @Test
    void aPasswordInTheAddressIsSentAsBasicAuthenticationToItsHostOnly() throws IOException {
        server.on(PATH, ex -> respond(ex, 302, Map.of("Location", "/Files/current.zip"), new byte[0]));
        server.on("/Files/current.zip", ex -> respond(ex, 200, ZIP_HEADERS, ARCHIVE));
        URI withPassword = URI.create(server.uri(PATH).toString().replace("://", "://reader:p%40ss+w%C3%B6rd@"));

        fetcher.fetch(TestArchives.source(withPassword), hashing());
        fetcher.fetch(source(), hashing());

        String expected = "Basic " + java.util.Base64.getEncoder().encodeToString(
                "reader:p@ss+w\u00f6rd".getBytes(StandardCharsets.UTF_8));
        assertThat(server.requests()).extracting(r -> r.header("Authorization"))
                .containsExactly(expected, expected, "", "");
        assertThat(server.requests("/Files/current.zip")).hasSize(2);
    }

    /// User info in a redirect's `Location` is the server's, not the user's: it is never sent as
    /// credentials (`requests` sends none either). The user's own password still goes to the user's
    /// host after such a redirect; without one, nothing is sent.
    @Test
    void credentialsARedirectWritesAreNeverSent() throws IOException {
        String chosen = server.uri("/Files/current.zip").toString().replace("://", "://mallory:chosen@");
        server.on(PATH, ex -> respond(ex, 302, Map.of("Location", chosen), new byte[0]));
        server.on("/Files/current.zip", ex -> respond(ex, 200, ZIP_HEADERS, ARCHIVE));
        URI withPassword = URI.create(server.uri(PATH).toString().replace("://", "://reader:secret@"));

        fetcher.fetch(source(), hashing());
        fetcher.fetch(TestArchives.source(withPassword), hashing());

        String users = "Basic " + java.util.Base64.getEncoder().encodeToString(
                "reader:secret".getBytes(StandardCharsets.UTF_8));
        assertThat(server.requests()).extracting(r -> r.header("Authorization"))
                .containsExactly("", "", users, users);
    }

    @Test
    void anEmptyBodyIsNotAnArchive() {
        server.on(PATH, ex -> respond(ex, 200, Map.of("Content-Type", "application/zip"), new byte[0]));

        assertThatThrownBy(() -> fetcher.fetch(source(), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.NOT_A_ZIP);
                    assertThat(e.getMessage()).contains("the body is empty");
                });
    }

    @Test
    void anEmptyZipArchiveIsAccepted() throws IOException {
        byte[] empty = {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        server.on(PATH, ex -> respond(ex, 200, Map.of(), empty));

        assertThat(fetcher.fetch(source(), hashing()).value()).contains(sha256(empty));
    }

    @Test
    void anUnchangedSourceAnswers304AndTheConsumerIsNotCalled() throws IOException {
        server.on(PATH, ex -> {
            if (ETAG.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                respond(ex, 304, Map.of("ETag", ETAG), new byte[0]);
            } else {
                respond(ex, 200, ZIP_HEADERS, ARCHIVE);
            }
        });
        ConditionalState previous = ConditionalState.of("well", server.uri(PATH),
                Validators.of(ETAG, LAST_MODIFIED), NOW.minusSeconds(86400));
        AtomicBoolean consumed = new AtomicBoolean();

        FetchResult<Boolean> result = fetcher.fetch(source(), previous, (body, info) -> consumed.getAndSet(true));

        assertThat(result.status()).isEqualTo(FetchResult.Status.NOT_MODIFIED);
        assertThat(result.httpStatus()).hasValue(304);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.value()).isEmpty();
        assertThat(result.bytes()).isZero();
        assertThat(consumed).isFalse();
        assertThat(result.state()).isEqualTo(ConditionalState.of("well", server.uri(PATH), previous.validators(),
                NOW));
        LoopbackHttpServer.Request request = server.requests().getFirst();
        assertThat(request.header("If-None-Match")).isEqualTo(ETAG);
        assertThat(request.header("If-Modified-Since")).isEqualTo(LAST_MODIFIED);
    }

    /// A 304 naming other validators than were sent must not replace the stored ones (RFC 9111,
    /// 4.3.4): adopted, a later version published under them was taken for the one the folder held,
    /// and `status` called it fresh.
    @Test
    void a304NamingOtherValidatorsKeepsTheOnesThatWereSent() throws IOException {
        server.on(PATH, ex -> respond(ex, 304, Map.of("ETag", "\"v2\"", "Last-Modified", "Thu, 01 May 2025 00:00:00 GMT"),
                new byte[0]));
        ConditionalState previous = ConditionalState.of("well", server.uri(PATH),
                Validators.of(ETAG, LAST_MODIFIED), NOW.minusSeconds(86400));

        FetchResult<String> result = fetcher.fetch(source(), previous, hashing());

        assertThat(result.status()).isEqualTo(FetchResult.Status.NOT_MODIFIED);
        assertThat(result.state().validators()).isEqualTo(previous.validators());
    }

    /// An entity tag of 370 kB, legal in HTTP: kept, it made a download state bigger than the store
    /// reads back, so every later refresh set its own state aside as damaged.
    @Test
    void aHugeEntityTagIsNotKeptAndTheDownloadIsUnconditional() throws IOException {
        String huge = "\"" + "x".repeat(370_000) + "\"";
        server.on(PATH, ex -> respond(ex, 200, Map.of("Content-Type", "application/zip", "ETag", huge), ARCHIVE));

        FetchResult<String> result = fetcher.fetch(source(), hashing());

        assertThat(result.value()).contains(sha256(ARCHIVE));
        assertThat(result.state().validators().etag()).isEmpty();
        assertThat(Validators.of("\"" + "x".repeat(Validators.MAX_VALUE_CHARS - 2) + "\"", null).etag()).isPresent();
        assertThat(Validators.of("\"" + "x".repeat(Validators.MAX_VALUE_CHARS - 1) + "\"", null).etag()).isEmpty();
    }

    /// An entity tag with bytes past ASCII, which HTTP allows: kept, it was sent back as `"??t?"`,
    /// which no server could match, so only `Last-Modified` ever made the request conditional.
    @Test
    void anEntityTagPastAsciiIsNotKeptAndTheDateStillMakesTheRequestConditional() throws IOException {
        String tag = "\"\u00c3\u00a9t\u00e9\"";
        server.on(PATH, ex -> {
            if (ex.getRequestHeaders().getFirst("If-Modified-Since") != null) {
                respond(ex, 304, Map.of(), new byte[0]);
            } else {
                respond(ex, 200, Map.of("Content-Type", "application/zip", "ETag", tag, "Last-Modified", LAST_MODIFIED),
                        ARCHIVE);
            }
        });

        FetchResult<String> first = fetcher.fetch(source(), hashing());
        FetchResult<String> second = fetcher.fetch(source(), first.state(), hashing());

        assertThat(first.state().validators().etag()).isEmpty();
        assertThat(first.state().validators().lastModified()).hasValue(LAST_MODIFIED);
        assertThat(second.status()).isEqualTo(FetchResult.Status.NOT_MODIFIED);
        assertThat(server.requests().getLast().header("If-None-Match")).isEmpty();
        assertThat(Validators.of("\"\u00e9\"", null).etag()).isEmpty();
        assertThat(Validators.of("\"e\"", "Thu, 01 May 2025 00:00:00 GMT\u00a0").lastModified()).isEmpty();
    }

    /// A 304 to a request that named no version (a caching proxy answering for another client)
    /// confirms nothing; the message used to be "HTTP 304; not retried", which read like a download
    /// that was merely unnecessary.
    @Test
    void aNotModifiedAnswerToARequestThatNamedNoVersionSaysSo() {
        server.on(PATH, ex -> respond(ex, 304, Map.of("ETag", ETAG), new byte[0]));

        assertThatThrownBy(() -> fetcher.fetch(source(), ConditionalState.initial(source()), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.HTTP_STATUS);
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("HTTP 304 Not Modified to a request that named no version",
                            "not retried");
                });
        assertThat(server.requests()).singleElement()
                .satisfies(request -> assertThat(request.header("If-None-Match")).isEmpty());
    }

    @Test
    void aChangedSourceIsDownloadedAndItsNewValidatorsReturned() throws IOException {
        server.on(PATH, ex -> respond(ex, 200, ZIP_HEADERS, ARCHIVE));
        ConditionalState previous = ConditionalState.of("well", server.uri(PATH),
                Validators.of("\"older\"", null), NOW.minusSeconds(86400));

        FetchResult<String> result = fetcher.fetch(source(), previous, hashing());

        assertThat(result.status()).isEqualTo(FetchResult.Status.FETCHED);
        assertThat(result.value()).contains(sha256(ARCHIVE));
        assertThat(result.state().validators().etag()).contains(ETAG);
        assertThat(server.requests().getFirst().header("If-None-Match")).isEqualTo("\"older\"");
        assertThat(server.requests().getFirst().headers().containsKey("If-modified-since")).isFalse();
    }

    @Test
    void withinTheCacheTtlNoRequestIsMade() throws IOException {
        serveArchive();
        HttpFetcher cached = builder().cacheTtl(Duration.ofHours(6)).build();
        ConditionalState recent = ConditionalState.of("well", server.uri(PATH),
                Validators.of(ETAG, null), NOW.minus(Duration.ofHours(5)));

        try (cached) {
            FetchResult<String> result = cached.fetch(source(), recent, hashing());

            assertThat(result.status()).isEqualTo(FetchResult.Status.FRESH);
            assertThat(result.attempts()).isZero();
            assertThat(result.httpStatus()).isEmpty();
            assertThat(result.state()).isEqualTo(recent);
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void pastTheCacheTtlTheServerIsAskedAgain() throws IOException {
        server.on(PATH, ex -> respond(ex, 304, Map.of(), new byte[0]));
        HttpFetcher cached = builder().cacheTtl(Duration.ofHours(6)).build();
        ConditionalState old = ConditionalState.of("well", server.uri(PATH),
                Validators.of(ETAG, null), NOW.minus(Duration.ofHours(7)));

        try (cached) {
            FetchResult<String> result = cached.fetch(source(), old, hashing());

            assertThat(result.status()).isEqualTo(FetchResult.Status.NOT_MODIFIED);
            assertThat(result.state().checkedAt()).contains(NOW);
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void aStateRecordedForAnotherAddressIsIgnored() throws IOException {
        serveArchive();
        HttpFetcher cached = builder().cacheTtl(Duration.ofHours(6)).build();
        ConditionalState elsewhere = ConditionalState.of("well", URI.create("https://mirror.example/APD.zip"),
                Validators.of(ETAG, null), NOW);

        try (cached) {
            FetchResult<String> result = cached.fetch(source(), elsewhere, hashing());

            assertThat(result.status()).isEqualTo(FetchResult.Status.FETCHED);
            assertThat(server.requests().getFirst().headers().containsKey("If-none-match")).isFalse();
        }
    }

    @Test
    void aRedirectToAnotherHostOverPlainHttpIsRefused() throws IOException {
        // 127.0.0.1 and localhost are different hosts to the policy; the target is never contacted.
        String elsewhere = "http://localhost:" + server.port() + "/elsewhere.zip";
        server.on(PATH, ex -> respond(ex, 302, Map.of("Location", elsewhere), new byte[0]));
        server.on("/elsewhere.zip", ex -> respond(ex, 200, ZIP_HEADERS, ARCHIVE));

        assertThatThrownBy(() -> fetcher.fetch(source(), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.REDIRECT_REFUSED);
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("HTTP 302 redirect to " + elsewhere, "refused",
                            "only over https");
                });
        assertThat(server.requests("/elsewhere.zip")).isEmpty();
    }

    @Test
    void aRedirectToHttpsOnAnotherHostIsFollowed() throws IOException {
        // Nothing listens on the https target, so following it ends in a connection failure there:
        // proof that the redirect was taken, not refused.
        try (ClosedPort closed = ClosedPort.open(); HttpFetcher once = builder().maxAttempts(1).build()) {
            int closedPort = closed.port();
            String target = "https://localhost:" + closedPort + "/Well/Files/APDRawData.zip";
            server.on(PATH, ex -> respond(ex, 301, Map.of("Location", target), new byte[0]));

            assertThatThrownBy(() -> once.fetch(source(), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DownloadException.Kind.CONNECT);
                        assertThat(e.getMessage()).contains("localhost:" + closedPort);
                    });
        }
    }

    /// A request that fails at the address a redirect led to (TLS spoken to a plain-http port) names
    /// that address: "request failed: Unrecognized SSL message" read as the source's own.
    @Test
    void aRequestFailingWhereARedirectLedNamesThatAddress() throws Exception {
        // A port that answers every connection with plain HTTP at once: TLS fails on it.
        try (java.net.ServerSocket plain = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
             HttpFetcher once = builder().maxAttempts(1).build()) {
            Thread answering = Thread.ofVirtual().start(() -> {
                while (!plain.isClosed()) {
                    try (java.net.Socket socket = plain.accept()) {
                        socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            String target = "https://127.0.0.1:" + plain.getLocalPort() + "/plain.zip";
            server.on(PATH, ex -> respond(ex, 302, Map.of("Location", target), new byte[0]));

            assertThatThrownBy(() -> once.fetch(source(), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> assertThat(e.getMessage())
                            .contains("request failed at " + target + ", where a redirect led: "));
            plain.close();
            answering.join();
        }
    }

    @Test
    void aRedirectOnTheSameHostIsFollowedAndReported() throws IOException {
        server.on(PATH, ex -> respond(ex, 302, Map.of("Location", "/Files/current/APDRawData.zip"), new byte[0]));
        server.on("/Files/current/APDRawData.zip", ex -> respond(ex, 200, ZIP_HEADERS, ARCHIVE));

        FetchResult<String> result = fetcher.fetch(source(), hashing());

        assertThat(result.value()).contains(sha256(ARCHIVE));
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.finalUri()).isEqualTo(server.uri("/Files/current/APDRawData.zip"));
        assertThat(server.requests("/Files/current/APDRawData.zip").getFirst().header("User-Agent"))
                .isEqualTo(fetcher.userAgent());
    }

    /// A redirect whose `Location` is empty (or blanks) has no target: resolved, it named the folder
    /// of the address (`.../Files/`), which was followed until the hop limit named a URL the server
    /// never sent.
    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"Location: \r\n", "Location:    \r\n", ""})
    void aRedirectWithoutATargetIsRefusedAtOnceNamingTheAddress(String location) throws IOException {
        try (RawServer raw = new RawServer((request, out) -> out.write(("HTTP/1.1 302 Found\r\n" + location
                + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))) {
            assertThatThrownBy(() -> fetcher.fetch(TestArchives.source(raw.uri(PATH)), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DownloadException.Kind.PROTOCOL);
                        assertThat(e.attempts()).isEqualTo(1);
                        assertThat(e.getMessage()).contains("HTTP 302 from " + raw.uri(PATH)
                                + " is a redirect without a target (" + (location.isEmpty() ? "no" : "an empty")
                                + " Location)").doesNotContain("/Well/Files/ ", "redirects (last to");
                    });
            assertThat(raw.requests()).hasSize(1);
        }
    }

    /// A redirect to an address holding characters a URI may not hold as they are (a non-ASCII name
    /// in UTF-8, `{` and `|` in its query, a `%` that starts no escape) is followed, percent-encoded
    /// as Python's `requests` follows it; it was refused as an invalid address and the source failed
    /// (the name quoted as the client read it, `Donn\xc3\xa9es`).
    @Test
    void aRedirectToAnAddressWithCharactersAUriCannotHoldIsFollowedEncoded() throws IOException {
        String target = "/Files/Données 2024.zip?v={1}|a&pct=100%";
        String encoded = "/Files/Donn%C3%A9es%202024.zip?v=%7B1%7D%7Ca&pct=100%25";
        try (RawServer raw = new RawServer((request, out) -> {
            if (request.path().equals(PATH)) {
                out.write("HTTP/1.1 302 Found\r\nLocation: ".getBytes(StandardCharsets.ISO_8859_1));
                out.write(target.getBytes(StandardCharsets.UTF_8));
                out.write("\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } else {
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + ARCHIVE.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(ARCHIVE);
            }
        })) {
            FetchResult<String> result = fetcher.fetch(TestArchives.source(raw.uri(PATH)), hashing());

            assertThat(result.value()).contains(sha256(ARCHIVE));
            assertThat(result.finalUri()).isEqualTo(raw.uri(encoded));
            assertThat(raw.requests()).extracting(RawServer.Request::path).containsExactly(PATH, encoded);
        }
    }

    /// A redirect whose `Location` climbs above the root or holds `.` and `..` segments is followed to
    /// the address `requests` asks for: they were sent as written (`GET /../elsewhere/x.zip`) and
    /// the server's 404 failed the source.
    @ParameterizedTest
    @ValueSource(strings = {"../../../elsewhere/x.zip", "/Well/../elsewhere/./x.zip"})
    void aRedirectWithDotSegmentsIsFollowedWithoutThem(String location) throws IOException {
        try (RawServer raw = new RawServer((request, out) -> {
            if (request.path().equals(PATH)) {
                out.write(("HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
            } else if (request.path().equals("/elsewhere/x.zip")) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + ARCHIVE.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(ARCHIVE);
            } else {
                out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
        })) {
            FetchResult<String> result = fetcher.fetch(TestArchives.source(raw.uri(PATH)), hashing());

            assertThat(result.value()).contains(sha256(ARCHIVE));
            assertThat(raw.requests()).extracting(RawServer.Request::path).containsExactly(PATH, "/elsewhere/x.zip");
        }
    }

    @Test
    void aRedirectLoopStopsAtTheHopLimit() {
        server.on("/loop", ex -> respond(ex, 307, Map.of("Location", "/loop"), new byte[0]));
        HttpFetcher limited = builder().maxRedirects(3).build();

        try (limited) {
            assertThatThrownBy(() -> limited.fetch(TestArchives.source(server.uri("/loop")), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DownloadException.Kind.REDIRECT_REFUSED);
                        assertThat(e.getMessage()).contains("more than 3 redirects");
                    });
        }
        assertThat(server.requests("/loop")).hasSize(4);
    }

    /// Slow redirects share the attempt's timeout: each hop got a timeout of its own, so five hops
    /// answering just in time took five times the timeout.
    ///
    /// Each proof is the outcome, not a time measured against a few hundred milliseconds (which a
    /// busy machine's scheduling overran): with a timeout per hop, four hops of 300 ms under a 700 ms
    /// timeout each reach the archive; and the hop under way at the deadline, one that answers only
    /// after a minute, is abandoned rather than waited for, far within the 30 s allowed here.
    @Test
    void redirectsShareTheAttemptsTimeout() {
        for (int hop = 0; hop < 4; hop++) {
            String next = "/hop" + (hop + 1);
            server.on("/hop" + hop, ex -> {
                server.stall(300);
                respond(ex, 302, Map.of("Location", next), new byte[0]);
            });
        }
        server.on("/hop4", ex -> respond(ex, 200, ZIP_HEADERS, ARCHIVE));
        server.on("/quick", ex -> {
            server.stall(300);
            respond(ex, 302, Map.of("Location", "/silent"), new byte[0]);
        });
        server.on("/silent", ex -> {
            server.stall(60_000);
            respond(ex, 302, Map.of("Location", "/hop4"), new byte[0]);
        });
        HttpFetcher once = builder().maxAttempts(1).build();

        try (once) {
            assertThatThrownBy(() -> once.fetch(TestArchives.source(server.uri("/hop0"), Duration.ofMillis(700)), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> assertThat(e.kind())
                            .isEqualTo(DownloadException.Kind.TIMEOUT));
            assertThat(server.requests("/hop4")).isEmpty();

            long start = System.nanoTime();
            assertThatThrownBy(() -> once.fetch(TestArchives.source(server.uri("/quick"), Duration.ofMillis(700)), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> assertThat(e.kind())
                            .isEqualTo(DownloadException.Kind.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(server.requests("/silent")).hasSize(1);
        }
        assertThat(server.requests("/hop4")).isEmpty();
    }

    /// A reader slower than the network always finds a buffer waiting: the deadline still ends the
    /// body, where it fired only when the queue ran empty.
    @Test
    void aReaderSlowerThanTheBodyStillMeetsTheRequestTimeout() {
        serveArchive();
        HttpFetcher once = builder().maxAttempts(1).build();
        BodyReader<Long> slow = (in, info) -> {
            long read = 0;
            byte[] buffer = new byte[16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read += n;
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
            return read;
        };

        try (once) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> once.fetch(TestArchives.source(server.uri(PATH), Duration.ofMillis(500)), slow))
                    .isInstanceOfSatisfying(DownloadException.class, e -> assertThat(e.getMessage())
                            .contains("within the request timeout of 500 ms"));
            // Reading the whole body 16 bytes per 5 ms takes over 20 s: 10 s tells the deadline's end
            // from it and leaves a busy machine's scheduling 9.5 s past the 500 ms.
            assertThat(ARCHIVE.length / 16 * 5L).as("milliseconds the whole body takes").isGreaterThan(20_000);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aBodyThatStallsIsAbandonedAfterTheReadTimeoutAndResumed() throws IOException {
        int half = ARCHIVE.length / 2;
        AtomicInteger calls = new AtomicInteger();
        server.on(PATH, ex -> {
            if (calls.getAndIncrement() == 0) {
                ex.getResponseHeaders().add("ETag", ETAG);
                ex.sendResponseHeaders(200, ARCHIVE.length);
                OutputStream out = ex.getResponseBody();
                out.write(ARCHIVE, 0, half);
                out.flush();
                server.stall(10_000);
            } else {
                String range = ex.getRequestHeaders().getFirst("Range");
                int from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
                respond(ex, 206, Map.of("ETag", ETAG, "Content-Range",
                        "bytes " + from + "-" + (ARCHIVE.length - 1) + "/" + ARCHIVE.length),
                        java.util.Arrays.copyOfRange(ARCHIVE, from, ARCHIVE.length));
            }
        });
        HttpFetcher impatient = builder().readTimeout(Duration.ofSeconds(1)).build();

        try (impatient) {
            FetchResult<String> result = impatient.fetch(source(), hashing());

            assertThat(result.value()).contains(sha256(ARCHIVE));
            assertThat(result.attempts()).isEqualTo(2);
            assertThat(server.requests().get(1).header("Range")).isEqualTo("bytes=" + half + "-");
        }
    }

    @Test
    void aBodyThatAlwaysStallsFailsWithATimeout() {
        server.on(PATH, this::hundredBytesThenSilence);
        HttpFetcher impatient = builder().maxAttempts(2).readTimeout(Duration.ofMillis(500)).build();

        try (impatient) {
            assertThatThrownBy(() -> impatient.fetch(source(), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DownloadException.Kind.TIMEOUT);
                        assertThat(e.attempts()).isEqualTo(2);
                        assertThat(e.getMessage()).contains("stalled after 100 of " + MessageText.count(ARCHIVE.length, "byte"),
                                "no bytes arrived for 500 ms");
                    });
        }
    }

    /// Sends the headers of the whole archive and its first 100 bytes, then nothing for 10 s.
    private void hundredBytesThenSilence(com.sun.net.httpserver.HttpExchange ex) throws IOException {
            ex.sendResponseHeaders(200, ARCHIVE.length);
            ex.getResponseBody().write(ARCHIVE, 0, 100);
            ex.getResponseBody().flush();
            server.stall(10_000);
    }

    /// A wait that redirects led to names the address that fell silent, for the headers and for the
    /// body alike: the message's own address is the one requested, a server not at fault.
    @Test
    void aSilenceAfterARedirectNamesTheAddressThatFellSilent() {
        server.on("/moved", ex -> respond(ex, 302, Map.of("Location", "/silent"), new byte[0]));
        server.on("/silent", ex -> {
            server.stall(10_000);
            respond(ex, 200, ZIP_HEADERS, ARCHIVE);
        });
        server.on("/moved-body", ex -> respond(ex, 302, Map.of("Location", "/dribble"), new byte[0]));
        server.on("/dribble", this::hundredBytesThenSilence);
        HttpFetcher once = builder().maxAttempts(1).readTimeout(Duration.ofMillis(500)).build();

        try (once) {
            assertThatThrownBy(() -> once.fetch(TestArchives.source(server.uri("/moved"), Duration.ofMinutes(1)), hashing()))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("did not arrive whole within 500 ms, the longest silence allowed (after 1 redirect, at "
                            + server.uri("/silent") + ")");
            assertThatThrownBy(() -> once.fetch(TestArchives.source(server.uri("/moved-body"), Duration.ofMinutes(1)), hashing()))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("body from " + server.uri("/dribble") + " stalled after 100 of ");
            assertThatThrownBy(() -> once.fetch(TestArchives.source(server.uri("/dribble"), Duration.ofMinutes(1)), hashing()))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("/dribble): body stalled after 100 of ").hasMessageNotContaining("from");
        }
    }

    @Test
    void aSlowButSteadyBodyIsNotATimeout() throws IOException {
        server.on(PATH, ex -> {
            ex.sendResponseHeaders(200, ARCHIVE.length);
            OutputStream out = ex.getResponseBody();
            int chunk = ARCHIVE.length / 20 + 1;
            for (int from = 0; from < ARCHIVE.length; from += chunk) {
                out.write(ARCHIVE, from, Math.min(chunk, ARCHIVE.length - from));
                out.flush();
                server.stall(15);
            }
            out.close();
        });
        HttpFetcher patient = builder().readTimeout(Duration.ofSeconds(2)).build();

        try (patient) {
            FetchResult<String> result = patient.fetch(source(), hashing());

            assertThat(result.value()).contains(sha256(ARCHIVE));
            assertThat(result.attempts()).isEqualTo(1);
        }
    }

    @Test
    void theSourceRequestTimeoutBoundsAResponseThatNeverStarts() {
        server.on(PATH, ex -> {
            server.stall(10_000);
            respond(ex, 200, ZIP_HEADERS, ARCHIVE);
        });
        HttpFetcher twice = builder().maxAttempts(2).build();

        try (twice) {
            assertThatThrownBy(() -> twice.fetch(TestArchives.source(server.uri(PATH), Duration.ofMillis(300)), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DownloadException.Kind.TIMEOUT);
                        assertThat(e.attempts()).isEqualTo(2);
                        assertThat(e.getMessage()).contains("the response (its status and headers) did not arrive whole within 300 ms");
                    });
        }
    }

    /// A server that accepts the request and never answers: the read timeout, the longest silence
    /// allowed, ends each attempt before the headers too (it waited the whole request timeout, 40 min
    /// for war, without a word), and a notice says the server has not answered yet meanwhile.
    @Test
    void aServerThatNeverAnswersIsASilenceTheReadTimeoutEndsWithANotice() {
        server.on(PATH, ex -> {
            server.stall(60_000);
            respond(ex, 200, ZIP_HEADERS, ARCHIVE);
        });
        HttpFetcher twice = builder().maxAttempts(2).readTimeout(Duration.ofMillis(800)).build();

        try (twice) {
            assertThatThrownBy(() -> twice.fetch(TestArchives.source(server.uri(PATH), Duration.ofMinutes(30)), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DownloadException.Kind.TIMEOUT);
                        assertThat(e.attempts()).isEqualTo(2);
                        assertThat(e.getMessage()).contains("the response (its status and headers) did not arrive whole within 800 ms, the longest silence allowed")
                                .doesNotContain("30 min");
                    });
        }
        String authority = server.uri(PATH).getHost() + ":" + server.uri(PATH).getPort();
        assertThat(events).filteredOn(ProgressEvent.Notice.class::isInstance)
                .extracting(e -> ((ProgressEvent.Notice) e).message()).asString()
                .contains("no answer from " + authority + " after 200 ms; waiting up to 800 ms in all")
                .contains("the response (its status and headers) did not arrive whole within 800 ms, the longest silence allowed; attempt 2 of 2");
    }

    /// An https address on a port that accepts the connection but never completes the TLS handshake
    /// (a plain-http port, a middlebox): the source's timeout ends the attempt during the connection,
    /// and the message used to name the 30 s connect timeout that never passed.
    @Test
    void aTlsHandshakeThatNeverCompletesNamesTheTimeoutThatEndedIt() throws IOException {
        // Never accepted: the kernel completes the TCP connection in the backlog, and the client's
        // TLS hello waits there unanswered.
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             HttpFetcher twice = builder().maxAttempts(2).build()) {
            URI https = URI.create("https://127.0.0.1:" + silent.getLocalPort() + PATH);

            assertThatThrownBy(() -> twice.fetch(TestArchives.source(https, Duration.ofMillis(300)), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DownloadException.Kind.CONNECT);
                        assertThat(e.attempts()).isEqualTo(2);
                        assertThat(e.getMessage()).contains("no connection to " + https.getHost() + ":" + https.getPort()
                                + " (a TCP connection and a TLS handshake) within 300 ms").doesNotContain("30.0 s");
                    });
        }
    }

    @Test
    void theSourceRequestTimeoutAlsoBoundsAResponseThatTrickles() {
        server.on(PATH, ex -> {
            ex.sendResponseHeaders(200, ARCHIVE.length);
            OutputStream out = ex.getResponseBody();
            for (int i = 0; i < ARCHIVE.length && server.closing.getCount() > 0; i += 10) {
                out.write(ARCHIVE, i, Math.min(10, ARCHIVE.length - i));
                out.flush();
                server.stall(20);
            }
        });
        HttpFetcher once = builder().maxAttempts(1).readTimeout(Duration.ofSeconds(5)).build();

        try (once) {
            assertThatThrownBy(() -> once.fetch(TestArchives.source(server.uri(PATH), Duration.ofMillis(400)), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DownloadException.Kind.TIMEOUT);
                        // The body kept arriving: it did not stall, it was not whole in time.
                        assertThat(e.getMessage()).containsPattern("body unfinished after [\\d,]+ of "
                                        + MessageText.count(ARCHIVE.length, "byte") + ": the response did not arrive whole within the request timeout of 400 ms")
                                .doesNotContain("stalled");
                    });
        }
    }

    @Test
    void aServerThatCannotBeReachedIsRetriedThenReported() throws IOException {
        try (ClosedPort closed = ClosedPort.open()) {
            int closedPort = closed.port();
            URI nowhere = URI.create("http://127.0.0.1:" + closedPort + PATH);

            assertThatThrownBy(() -> fetcher.fetch(TestArchives.source(nowhere), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DownloadException.Kind.CONNECT);
                        assertThat(e.attempts()).isEqualTo(4);
                        assertThat(e.httpStatus()).isEmpty();
                        // In words: the JDK's exception has no message, and its class name said it.
                        assertThat(e.getMessage()).contains("cannot connect to 127.0.0.1:" + closedPort
                                + ": connection refused").doesNotContain("ConnectException");
                    });
        }
        assertThat(sleeper.waits()).hasSize(3);
    }

    @Test
    void aHostThatDoesNotResolveIsNamedAsTheCause() {
        // .invalid never resolves (RFC 6761): the JDK reports it as a ConnectException without a
        // message whose cause is UnresolvedAddressException; the message must say what happened.
        URI unresolvable = URI.create("http://bsee.invalid" + PATH);

        assertThatThrownBy(() -> builder().maxAttempts(1).build().fetch(TestArchives.source(unresolvable), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.CONNECT);
                    assertThat(e.getMessage()).contains("http://bsee.invalid" + PATH)
                            .contains("cannot resolve host bsee.invalid").doesNotContain("ConnectException");
                });
    }

    @Test
    void aConsumerFailureIsNotRetriedAndReachesTheCallerUnchanged() {
        serveArchive();
        IOException bad = new java.util.zip.ZipException("entry mv_apddata_all.txt: invalid block type");

        assertThatThrownBy(() -> fetcher.fetch(source(), (body, info) -> {
            body.readNBytes(100);
            throw bad;
        })).isSameAs(bad);
        assertThat(server.requests()).hasSize(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void whatTheConsumerLeavesUnreadIsStillReadAndVerified() throws IOException {
        serveArchive();

        FetchResult<Integer> result = fetcher.fetch(source(), (body, info) -> {
            byte[] head = body.readNBytes(10);
            body.close();
            return head.length;
        });

        assertThat(result.value()).contains(10);
        assertThat(result.bytes()).isEqualTo(ARCHIVE.length);
    }

    @Test
    void progressIsReportedFromZeroToTheTotal() throws IOException {
        serveArchive();
        HttpFetcher everyRead = builder().progressInterval(Duration.ZERO).build();

        try (everyRead) {
            everyRead.fetch(source(), hashing());
        }

        List<ProgressEvent.Download> downloads = downloads();
        assertThat(downloads.size()).isGreaterThan(10);
        assertThat(downloads.getFirst().bytesReceived()).isZero();
        assertThat(downloads.getLast().bytesReceived()).isEqualTo(ARCHIVE.length);
        assertThat(downloads).allSatisfy(d -> {
            assertThat(d.source()).isEqualTo("well");
            assertThat(d.totalBytes()).hasValue(ARCHIVE.length);
        });
        assertThat(downloads).extracting(ProgressEvent.Download::bytesReceived).isSorted();
        assertThat(downloads.getLast().bytesPerSecond()).isPositive();
    }

    @Test
    void progressIsThrottledToTheIntervalOrATwentiethOfTheSize() throws IOException {
        serveArchive();
        HttpFetcher rarely = builder().progressInterval(Duration.ofHours(1)).build();

        try (rarely) {
            rarely.fetch(source(), hashing());
        }

        // Within one (long) interval, an event comes only when a twentieth of the size has arrived
        // since the last one: a bar moves on a fast link, and a large body does not flood listeners.
        List<Long> received = downloads().stream().map(ProgressEvent.Download::bytesReceived).toList();
        assertThat(received.getFirst()).isZero();
        assertThat(received.getLast()).isEqualTo(ARCHIVE.length);
        assertThat(received).hasSizeBetween(4, 22).isSorted();
        for (int i = 1; i < received.size() - 1; i++) {
            assertThat((received.get(i) - received.get(i - 1)) * 20).isGreaterThanOrEqualTo(ARCHIVE.length);
        }
    }

    @Test
    void aSpooledBodyIsAFileWhileTheReaderRunsAndIsDeletedAfterwards() throws IOException {
        serveArchive();
        List<Path> files = new CopyOnWriteArrayList<>();

        FetchResult<String> result = fetcher.fetch(source(), fetcher.spooled((file, info) -> {
            files.add(file);
            assertThat(info.contentLength()).hasValue(Files.size(file));
            return sha256(Files.readAllBytes(file));
        }));

        assertThat(result.value()).contains(sha256(ARCHIVE));
        assertThat(files).singleElement().satisfies(f -> assertThat(f).doesNotExist());
    }

    @Test
    void aSpooledFileIsDeletedWhenTheReaderFails() {
        serveArchive();

        assertThatThrownBy(() -> fetcher.fetch(source(), fetcher.spooled((file, info) -> {
            assertThat(file).exists();
            throw new IOException("entry mv_apddata_all.txt: bad row");
        }))).hasMessage("entry mv_apddata_all.txt: bad row");
    }

    /// A body without end, spooled (`in_memory: false`) to a 100 MiB file system: the download
    /// stops while the reserve is left, where it used to fill the file system to its last byte, and
    /// is not retried; the spool file goes.
    @Test
    void aSpooledBodyWithoutEndStopsWhileTheDiskKeepsItsReserve() throws Exception {
        dev.bsee.core.faults.SmallFileSystem mounted = dev.bsee.core.faults.SmallFileSystem.mountOrSkip(
                spool.resolve("small"), "100m");
        Path small = mounted.root();
        byte[] head = java.util.Arrays.copyOf(ARCHIVE, 30);
        server.on(PATH, ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/zip");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(head);
                byte[] block = new byte[1 << 16];
                while (true) {
                    out.write(block);
                }
            } catch (IOException clientGone) {
                // the client stopped reading
            }
        });
        try (dev.bsee.core.faults.SmallFileSystem fs = mounted;
             HttpFetcher onSmallDisk = builder().spoolDirectory(small).build()) {
            assertThatThrownBy(() -> onSmallDisk.fetch(source(), onSmallDisk.spooled((file, info) -> file)))
                    .isInstanceOf(java.nio.file.FileSystemException.class)
                    .hasMessageContaining("APDRawData.zip: stopped at ")
                    .hasMessageContaining("free for everything else");
            assertThat(server.requests(PATH)).hasSize(1);
            assertThat(small.toFile().getUsableSpace()).isGreaterThanOrEqualTo(5L << 20);
            assertThat(TestArchives.filesIn(small)).isEmpty();
        }
    }

    /// A `Content-Length` more than the spool's file system can take while it keeps its reserve
    /// (here 2^50 bytes, a pebibyte, more than the disk) is refused before a byte is written, naming the
    /// address, the declared size and the room: it was believed, and the copy grew until the reserve
    /// stopped it (5.8 GB in 20 s from a server declaring 20 GB and sending zeros), or the
    /// connection ended and the download was resumed and retried.
    @Test
    void aSpooledBodyDeclaringMoreThanTheDiskCanTakeIsRefusedBeforeAByteIsWritten() throws IOException {
        long declared = 1L << 50;
        byte[] head = java.util.Arrays.copyOf(ARCHIVE, 30);
        server.on(PATH, ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/zip");
            ex.sendResponseHeaders(200, declared);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(head);
                out.write(new byte[1 << 20]);
            } catch (IOException clientGone) {
                // the client stopped reading
            }
        });
        long[] written = {-1};

        assertThatThrownBy(() -> fetcher.fetch(source(), fetcher.spooled((file, info) -> written[0] = Files.size(file))))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(java.nio.file.FileSystemException.class)
                .hasMessageStartingWith(server.uri(PATH) + " declares a body of 1,125,899,906,842,624 bytes ("
                        + dev.bsee.core.internal.MessageText.bytes(declared) + "), more than the spool folder " + spool + " can take: its file system has ")
                .hasMessageEndingWith("free for everything else");
        assertThat(written[0]).as("the reader never ran").isEqualTo(-1);
        assertThat(server.requests(PATH)).hasSize(1);
        assertThat(sleeper.waits()).isEmpty();
        assertThat(TestArchives.filesIn(spool)).isEmpty();
    }

    @Test
    void aSpooledDownloadOfAnHtmlPageWritesNothing() {
        server.on(PATH, ex -> respond(ex, 200, Map.of("Content-Type", "text/html"),
                "<html>maintenance</html>".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> fetcher.fetch(source(), fetcher.spooled((file, info) -> file)))
                .isInstanceOf(DownloadException.class);
    }

    @Test
    void anAddressThatIsNotHttpIsRefusedWithoutARetry() {
        assertThatThrownBy(() -> fetcher.fetch(TestArchives.source(URI.create("ftp://ftp.example/APDRawData.zip")),
                hashing())).isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.PROTOCOL);
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("cannot request ftp://ftp.example/APDRawData.zip");
                });
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void theBuilderRefusesNonsenseNamingTheOption() {
        HttpFetcher.Builder b = HttpFetcher.builder();
        assertThatThrownBy(() -> b.maxAttempts(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts must be at least 1: 0");
        assertThatThrownBy(() -> b.connectTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("connectTimeout ");
        assertThatThrownBy(() -> b.readTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("readTimeout ");
        assertThatThrownBy(() -> b.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("backoff ");
        assertThatThrownBy(() -> b.backoff(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("backoff ");
        assertThatThrownBy(() -> b.maxRedirects(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maxRedirects ");
        assertThatThrownBy(() -> b.listener(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("listener must be given");
        assertThatThrownBy(() -> b.cacheTtl(Duration.ofHours(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cacheTtl ");
        assertThatThrownBy(() -> b.userAgent("bsee\r\nX-Injected: 1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("userAgent must be non-blank printable text: bsee\\r\\nX-Injected: 1");
    }

    /// A duration longer than a count of nanoseconds holds (`Duration.ofSeconds(Long.MAX_VALUE)`, a
    /// caller's "no limit") is refused by the setter naming the option; the builder took it, and
    /// every download then failed with `ArithmeticException: long overflow`, naming nothing (the
    /// connect timeout's after five attempts). The longest that holds fetches.
    @Test
    void aDurationLongerThanNanosecondsHoldIsRefusedNamingTheOptionAndTheLongestFetches() throws IOException {
        Duration endless = Duration.ofSeconds(Long.MAX_VALUE);
        HttpFetcher.Builder b = HttpFetcher.builder();
        Map<String, org.assertj.core.api.ThrowableAssert.ThrowingCallable> setters = new java.util.LinkedHashMap<>();
        setters.put("connectTimeout", () -> b.connectTimeout(endless));
        setters.put("readTimeout", () -> b.readTimeout(endless));
        setters.put("backoff", () -> b.backoff(Duration.ZERO, endless));
        setters.put("maxRetryAfter", () -> b.maxRetryAfter(endless));
        setters.put("progressInterval", () -> b.progressInterval(endless));
        setters.put("cacheTtl", () -> b.cacheTtl(endless));
        setters.forEach((option, call) -> assertThatThrownBy(call).as(option)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(option + " must be at most 9223372036 seconds (about 292 years): " + endless));

        serveArchive();
        Duration longest = Duration.ofNanos(Long.MAX_VALUE);
        try (HttpFetcher patient = builder().connectTimeout(longest).readTimeout(longest).backoff(longest, longest)
                .maxRetryAfter(longest).progressInterval(longest).cacheTtl(longest).build()) {
            FetchResult<String> first = patient.fetch(source(), ConditionalState.initial(source()), hashing());
            FetchResult<String> again = patient.fetch(source(), first.state(), hashing());

            assertThat(first.status()).isEqualTo(FetchResult.Status.FETCHED);
            assertThat(again.status()).isEqualTo(FetchResult.Status.FRESH);
        }
    }

    private List<ProgressEvent.Download> downloads() {
        return events.stream().filter(ProgressEvent.Download.class::isInstance).map(ProgressEvent.Download.class::cast)
                .toList();
    }

    /// A spooled download is named as its archive, for the messages of the reader; an address whose
    /// last segment cannot be a file name gives `download.zip`.
    @Test
    void aSpoolFileIsNamedAsTheArchiveWhereTheAddressAllows() {
        assertThat(HttpFetcher.spoolName(URI.create("https://www.data.bsee.gov/Production/Files/ProductionRawData.zip")))
                .isEqualTo("ProductionRawData.zip");
        assertThat(HttpFetcher.spoolName(URI.create("http://127.0.0.1:8080/x/caf%C3%A9%20data.zip"))).isEqualTo("caf\u00e9 data.zip");
        for (String address : List.of("http://h/", "http://h", "http://h/a/..", "http://h/a/.", "http://h/a%5Cb.zip",
                "http://h/a%0Ab.zip", "http://h/c:x.zip", "http://h/" + "n".repeat(201))) {
            assertThat(HttpFetcher.spoolName(URI.create(address))).as(address).isEqualTo("download.zip");
        }
    }
}
