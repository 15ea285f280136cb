package dev.bsee.scraper;

import static dev.bsee.scraper.TestArchives.hashing;
import static dev.bsee.scraper.TestArchives.sha256;
import static dev.bsee.scraper.TestArchives.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bsee.core.ProgressEvent;
import dev.bsee.core.internal.MessageText;
import dev.bsee.core.peer.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/// Connections cut at exact byte offsets by a raw-socket server: the consumer must read the served
/// archive byte for byte (checked by SHA-256), whether the server resumes with `Range` or not, and a
/// body that cannot be completed must end in the right error.
class ResumeTest {

    private static final byte[] ARCHIVE = TestArchives.zip(7, 4000);
    private static final String PATH = "/Well/Files/APDRawData.zip";
    private static final String ETAG = "\"8f1c-5e2b9d\"";
    private static final String LAST_MODIFIED = "Tue, 04 Mar 2025 06:15:02 GMT";

    @TempDir
    Path spool;

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    private HttpFetcher fetcher;
    private RawServer server;

    @BeforeEach
    void fetcher() {
        fetcher = HttpFetcher.builder().maxAttempts(5).backoff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(5)).sleeper(sleeper).spoolDirectory(spool)
                .listener(events::add).build();
    }

    @AfterEach
    void close() throws IOException {
        fetcher.close();
        if (server != null) {
            server.close();
        }
        assertThat(TestArchives.filesIn(spool)).as("spool directory").isEmpty();
    }

    /// One version of the archive, as a request sees it.
    record Version(byte[] bytes, Optional<String> etag, Optional<String> lastModified) {
    }

    /// Serves `version(i)` to request `i`, cutting request `i`'s body at absolute offset `cuts[i]`
    /// (none past the array, or where the offset is negative). With `ranges` it honours
    /// `Range: bytes=N-` when `If-Range` is absent or matches; without, it always sends the whole file.
    private static RawServer.Handler archive(IntFunction<Version> version, boolean ranges, long... cuts) {
        return (request, out) -> {
            Version v = version.apply(request.index());
            int length = v.bytes().length;
            int start = 0;
            Optional<String> range = request.header("Range");
            Optional<String> ifRange = request.header("If-Range");
            boolean current = ifRange.isEmpty() || ifRange.equals(v.etag()) || ifRange.equals(v.lastModified());
            if (ranges && range.isPresent() && current) {
                start = Integer.parseInt(range.get().replaceAll("bytes=(\\d+)-", "$1"));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/x-zip-compressed");
            headers.put("Content-Length", Integer.toString(length - start));
            if (start > 0) {
                headers.put("Content-Range", "bytes " + start + "-" + (length - 1) + "/" + length);
            }
            if (ranges) {
                headers.put("Accept-Ranges", "bytes");
            }
            v.etag().ifPresent(e -> headers.put("ETag", e));
            v.lastModified().ifPresent(d -> headers.put("Last-Modified", d));
            RawServer.head(out, start > 0 ? 206 : 200, headers);
            long cut = request.index() < cuts.length ? cuts[request.index()] : -1;
            int end = cut >= 0 ? (int) Math.max(start, cut) : length;
            write(out, v.bytes(), start, end);
        };
    }

    private static void write(OutputStream out, byte[] bytes, int from, int to) throws IOException {
        out.write(bytes, from, to - from);
    }

    private static IntFunction<Version> always(Version v) {
        return i -> v;
    }

    private static final Version TAGGED = new Version(ARCHIVE, Optional.of(ETAG), Optional.of(LAST_MODIFIED));

    @ParameterizedTest(name = "cut at {0}%, server resumes ranges: {1}")
    @CsvSource({"10, true", "50, true", "99, true", "10, false", "50, false", "99, false"})
    void aConnectionCutMidBodyContinuesAsOneStream(int percent, boolean ranges) throws IOException {
        long cut = (long) ARCHIVE.length * percent / 100;
        server = new RawServer(archive(always(TAGGED), ranges, cut));

        FetchResult<String> result = fetcher.fetch(source(server.uri(PATH)), hashing());

        assertThat(result.value()).contains(sha256(ARCHIVE));
        assertThat(result.status()).isEqualTo(FetchResult.Status.FETCHED);
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.bytes()).isEqualTo(ARCHIVE.length);
        assertThat(server.requests()).hasSize(2);
        RawServer.Request resume = server.requests().get(1);
        assertThat(resume.header("Range")).contains("bytes=" + cut + "-");
        assertThat(resume.header("If-Range")).contains(ETAG);
        assertThat(sleeper.waits()).hasSize(1);
        assertThat(notices()).anyMatch(n -> n.contains("broke off after " + MessageText.number(cut) + " of "
                + MessageText.count(ARCHIVE.length, "byte")));
        assertThat(notices().stream().anyMatch(n -> n.contains("does not resume"))).isEqualTo(!ranges);
    }

    @ParameterizedTest(name = "server resumes ranges: {0}")
    @CsvSource({"true", "false"})
    void aZipReaderConsumesARealArchiveDirectlyAcrossACut(boolean ranges) throws IOException {
        Path fixture = Fixtures.file("bsee-zip/eWellEORRawData.zip");
        byte[] real = java.nio.file.Files.readAllBytes(fixture);
        Map<String, Long> expected = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(fixture.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                expected.put(entry.getName(), crc(zip.getInputStream(entry)));
            }
        }
        Version eor = new Version(real, Optional.of(ETAG), Optional.empty());
        server = new RawServer(archive(always(eor), ranges, real.length / 2));

        FetchResult<Map<String, Long>> result = fetcher.fetch(source(server.uri("/Well/Files/eWellEORRawData.zip")),
                (body, info) -> {
                    Map<String, Long> entries = new LinkedHashMap<>();
                    try (ZipInputStream zip = new ZipInputStream(body)) {
                        for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                            entries.put(entry.getName(), crc(zip));
                        }
                    }
                    return entries;
                });

        assertThat(result.value()).contains(expected);
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.bytes()).isEqualTo(real.length);
    }

    private static long crc(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            crc.update(buffer, 0, n);
        }
        return crc.getValue();
    }

    @Test
    void resumesWithLastModifiedWhenThereIsNoEntityTag() throws IOException {
        Version dated = new Version(ARCHIVE, Optional.empty(), Optional.of(LAST_MODIFIED));
        server = new RawServer(archive(always(dated), true, ARCHIVE.length / 3));

        FetchResult<String> result = fetcher.fetch(source(server.uri(PATH)), hashing());

        assertThat(result.value()).contains(sha256(ARCHIVE));
        assertThat(server.requests().get(1).header("If-Range")).contains(LAST_MODIFIED);
    }

    @Test
    void weakEntityTagsAreNotUsedToGuardARange() throws IOException {
        Version weak = new Version(ARCHIVE, Optional.of("W/\"abc\""), Optional.of(LAST_MODIFIED));
        server = new RawServer(archive(always(weak), true, ARCHIVE.length / 3));

        FetchResult<String> result = fetcher.fetch(source(server.uri(PATH)), hashing());

        assertThat(result.value()).contains(sha256(ARCHIVE));
        assertThat(server.requests().get(1).header("If-Range")).contains(LAST_MODIFIED);
    }

    @Test
    void withoutAnyValidatorTheRestartIsCheckedByLengthAndContent() throws IOException {
        Version bare = new Version(ARCHIVE, Optional.empty(), Optional.empty());
        server = new RawServer(archive(always(bare), false, ARCHIVE.length / 2));

        FetchResult<String> result = fetcher.fetch(source(server.uri(PATH)), hashing());

        assertThat(result.value()).contains(sha256(ARCHIVE));
        assertThat(server.requests().get(1).header("If-Range")).isEmpty();
    }

    @Test
    void severalCutsInARowStillGiveOneStream() throws IOException {
        int n = ARCHIVE.length;
        server = new RawServer(archive(always(TAGGED), true, n / 10, n * 3 / 10, n * 6 / 10, n - 1));

        FetchResult<String> result = fetcher.fetch(source(server.uri(PATH)), hashing());

        assertThat(result.value()).contains(sha256(ARCHIVE));
        assertThat(result.attempts()).isEqualTo(5);
        assertThat(server.requests()).extracting(r -> r.header("Range").orElse("none"))
                .containsExactly("none", "bytes=" + n / 10 + "-", "bytes=" + n * 3 / 10 + "-",
                        "bytes=" + n * 6 / 10 + "-", "bytes=" + (n - 1) + "-");
    }

    /// An attempt that advanced the download restarts the backoff from its first step: a server that
    /// cuts every connection after a part of the archive made each later part wait twice as long
    /// (up to a minute), although every attempt brought new bytes.
    @Test
    void eachCutAfterNewBytesWaitsOnlyTheFirstStepOfTheBackoff() throws IOException {
        int n = ARCHIVE.length;
        server = new RawServer(archive(always(TAGGED), true, n / 10, n / 5, n * 3 / 10, n * 2 / 5));

        FetchResult<String> result = fetcher.fetch(source(server.uri(PATH)), hashing());

        assertThat(result.value()).contains(sha256(ARCHIVE));
        assertThat(result.attempts()).isEqualTo(5);
        // The first step is 100 ms, half of it jitter.
        assertThat(sleeper.waits()).hasSize(4).allSatisfy(wait -> assertThat(wait)
                .isBetween(Duration.ofMillis(50), Duration.ofMillis(100)));
    }

    @Test
    void aCutOnEveryAttemptEndsInATruncationErrorAfterTheLastAttempt() throws IOException {
        int n = ARCHIVE.length;
        server = new RawServer(archive(always(TAGGED), true, n / 10, n / 5, n * 3 / 10, n * 2 / 5, n / 2, n * 3 / 5));
        List<String> consumerSaw = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), (body, info) -> {
            try {
                return hashing().read(body, info);
            } catch (IOException e) {
                consumerSaw.add(e.getClass().getSimpleName());
                throw new IOException("entry mv_apddata_all.txt: read failed", e);
            }
        }))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.TRUNCATED);
                    assertThat(e.attempts()).isEqualTo(5);
                    assertThat(e.getMessage()).contains("source well", "gave up", "broke off after " + MessageText.number(n / 2)
                            + " of " + MessageText.count(n, "byte"), "[5 attempts]")
                            // Not the HTTP client's own counts, which count from the last range's start.
                            .doesNotContain("fixed content-length", "bytes received")
                            .contains("the server closed the connection before the body's end");
                    assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                            .containsExactly("entry mv_apddata_all.txt: read failed");
                });
        assertThat(consumerSaw).containsExactly("DownloadException");
        assertThat(server.requests()).hasSize(5);
    }

    @Test
    void theFileReaderKeepsThePreviousFileWhenTheBodyNeverArrivesWhole(@TempDir Path out) throws IOException {
        int n = ARCHIVE.length;
        server = new RawServer(archive(always(TAGGED), true, n / 10, n / 5, n * 3 / 10, n * 2 / 5, n / 2, n * 3 / 5));
        Path file = Files.writeString(out.resolve("APDRawData.zip"), "previous version");

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), BodyReaders.ofFile(file)))
                .isInstanceOfSatisfying(DownloadException.class,
                        e -> assertThat(e.kind()).isEqualTo(DownloadException.Kind.TRUNCATED));
        assertThat(file).hasContent("previous version");
        assertThat(TestArchives.filesIn(out)).as("no temporary left beside it").containsExactly(file);
    }

    @Test
    void aBodyShorterThanItsContentLengthIsATruncationError() throws IOException {
        // The server announces the whole archive but never sends more than 60% of it, and cannot
        // resume: every attempt restarts and ends at the same place.
        long short60 = ARCHIVE.length * 6L / 10;
        server = new RawServer(archive(always(TAGGED), false, short60, short60, short60));
        HttpFetcher three = HttpFetcher.builder().maxAttempts(3).sleeper(sleeper).spoolDirectory(spool).build();

        try (three) {
            assertThatThrownBy(() -> three.fetch(source(server.uri(PATH)), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DownloadException.Kind.TRUNCATED);
                        assertThat(e.attempts()).isEqualTo(3);
                        assertThat(e.getMessage()).contains(MessageText.number(short60) + " of " + MessageText.count(ARCHIVE.length, "byte"));
                    });
        }
        assertThat(server.requests()).hasSize(3);
        // The later attempts brought no byte the first had not: the backoff grows (1 s, then 2 s,
        // half of each jitter).
        assertThat(sleeper.waits()).hasSize(2);
        assertThat(sleeper.waits().get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(sleeper.waits().get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    /// A `Content-Length` that is not a number of bytes: the JDK's own words were a number parser's,
    /// `For input string: "abc"`, and a negative one (which the JDK parses) was read to the end of the
    /// connection as if no length were given.
    @ParameterizedTest
    @ValueSource(strings = {"abc", "99999999999999999999999", "12 34", "-1", "+5"})
    void aContentLengthThatIsNotANumberIsNamedAsSuch(String length) throws IOException {
        server = new RawServer((request, out) -> {
            RawServer.head(out, 200, Map.of("Content-Length", length, "ETag", ETAG));
            out.write(ARCHIVE);
        });

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.PROTOCOL);
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.getMessage()).contains(server.uri(PATH).toString())
                            .contains("Content-Length \"" + length + "\" is not a number of bytes")
                            .doesNotContain("For input string");
                });
    }

    /// A chunked body the server closes inside a chunk: the failure says so in words, not in the
    /// HTTP client's (`chunked transfer encoding, state: READING_DATA`).
    @Test
    void aChunkedBodyCutInsideAChunkIsNamedInWords() throws IOException {
        server = new RawServer((request, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(Integer.toHexString(ARCHIVE.length).concat("\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(ARCHIVE, 0, ARCHIVE.length / 2);
        });

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> assertThat(e.getMessage())
                        .contains("the server closed the connection inside a chunked body")
                        .doesNotContain("transfer encoding, state"));
    }

    /// A server that answers the attempt after a cut with a whole, properly ended body shorter than
    /// what was already consumed (the archive replaced by a smaller one): the archive changed, which
    /// no attempt mends, and is said so at once. It was taken for a connection closed early ("connection
    /// closed after N of the M bytes read again") and every attempt downloaded it again.
    @Test
    void aWholeBodyShorterThanWhatWasConsumedIsAChangedArchive() throws IOException {
        int shorter = ARCHIVE.length / 4;
        server = new RawServer((request, out) -> {
            int send = request.index() == 0 ? ARCHIVE.length : shorter;
            out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write((Integer.toHexString(send) + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            if (request.index() == 0) {
                out.write(ARCHIVE, 0, ARCHIVE.length / 2);
                return;
            }
            out.write(ARCHIVE, 0, shorter);
            out.write("\r\n0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        });

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).as(e.getMessage()).isEqualTo(DownloadException.Kind.CHANGED);
                    assertThat(e.attempts()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("the archive changed during the download: the server's answer"
                            + " ended whole after " + MessageText.count(shorter, "byte"));
                });
        assertThat(server.requests()).hasSize(2);
    }

    /// Two framings of one body: the JDK reads the first `Content-Length` (or prefers it to
    /// `Transfer-Encoding`), so the reader used to see a cut archive or the chunk sizes, and the
    /// failure blamed an entry or the archive rather than the server.
    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: 100\r\nContent-Length: %d",
            "Content-Length: %d\r\nContent-Length: 100",
            "Transfer-Encoding: chunked\r\nContent-Length: %d"})
    void aResponseWhoseFramingContradictsItselfIsAProtocolErrorNamingTheHeaders(String framing) throws IOException {
        String fields = framing.formatted(ARCHIVE.length);
        server = new RawServer((request, out) -> {
            out.write(("HTTP/1.1 200 OK\r\n" + fields + "\r\nETag: " + ETAG + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(ARCHIVE);
        });

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.PROTOCOL);
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.getMessage()).contains(server.uri(PATH).toString(), "where the body ends is unknown",
                            framing.startsWith("Transfer") ? "both Transfer-Encoding chunked and Content-Length"
                                    : "conflicting Content-Length values");
                });
    }

    /// A server that sends the archive as one chunk under the given `Transfer-Encoding` field.
    private static RawServer oneChunk(String transferEncoding) throws IOException {
        return new RawServer((request, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: " + transferEncoding + "\r\nETag: " + ETAG
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(Integer.toHexString(ARCHIVE.length).concat("\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(ARCHIVE);
            out.write("\r\n0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        });
    }

    /// A server that sends half the archive as a chunk, then `header` as the next chunk's header
    /// line(s), then the rest.
    private static RawServer halfThenChunkHeader(String header) throws IOException {
        return new RawServer((request, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nETag: " + ETAG
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            int half = ARCHIVE.length / 2;
            out.write((Integer.toHexString(half) + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(ARCHIVE, 0, half);
            out.write(("\r\n" + header).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(ARCHIVE, half, ARCHIVE.length - half);
        });
    }

    /// A transfer coding the JDK does not undo: under `gzip, chunked` it read the chunk sizes and the
    /// compressed bytes as the body, and the failure said the download is not a zip, quoting them.
    @ParameterizedTest
    @ValueSource(strings = {"gzip, chunked", "gzip", "GZIP,chunked", "chunked, chunked"})
    void aTransferCodingOtherThanChunkedIsAProtocolErrorNamingIt(String codings) throws IOException {
        server = oneChunk(codings);

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.PROTOCOL);
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.getMessage()).contains(server.uri(PATH).toString(), "where the body ends is unknown",
                            codings.endsWith("chunked, chunked") ? "names the chunked Transfer-Encoding more than once"
                                    : "Transfer-Encoding " + codings + ", of which bsee reads only chunked")
                            .doesNotContain("not a zip");
                });
    }

    /// `Transfer-Encoding: identity` (RFC 2616's "no coding", which old servers still send) or an
    /// empty field codes nothing: the JDK reads the body to the connection's end, as it did before
    /// other codings were refused, and the download succeeds.
    @ParameterizedTest
    @ValueSource(strings = {"identity", "Identity", ""})
    void anIdentityOrEmptyTransferCodingIsNoCoding(String coding) throws IOException {
        server = new RawServer((request, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: " + coding + "\r\nETag: " + ETAG
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(ARCHIVE);
        });

        FetchResult<String> result = fetcher.fetch(source(server.uri(PATH)), hashing());

        assertThat(result.bytes()).isEqualTo(ARCHIVE.length);
    }

    /// A chunked coding the JDK does not undo because the field holds more than the word: it read
    /// the chunk sizes as part of the archive.
    @ParameterizedTest
    @ValueSource(strings = {"chunked,", "identity, chunked"})
    void aChunkedFieldTheClientDoesNotReadAsChunkedIsAProtocolError(String codings) throws IOException {
        server = oneChunk(codings);

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.PROTOCOL);
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("Transfer-Encoding \"" + codings
                            + "\", which the HTTP client does not read as chunked").doesNotContain("not a zip");
                });
    }

    /// A chunk header the client refuses is the server's framing, which it sends again: it was
    /// retried as a body that broke off, in the client's words (`Illegal character in chunk size: 90`).
    @ParameterizedTest
    @ValueSource(strings = {"ZZZ", "-5", "\u00c3"})
    void aMalformedChunkSizeIsAProtocolErrorNamingTheCharacter(String size) throws IOException {
        server = halfThenChunkHeader(size + "\r\n");

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.PROTOCOL);
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.getMessage()).contains(server.uri(PATH).toString(), "not retried",
                            "a chunk size starts with \"" + (size.equals("\u00c3") ? "\\xC3" : size.substring(0, 1))
                                    + "\", not a hexadecimal digit")
                            .doesNotContain("Illegal character");
                });
    }

    /// A chunk size past what the client reads, or a chunk line ended by a line feed alone: the
    /// client says "invalid chunk header" of both, which was worded as a carriage return without
    /// its line feed.
    @ParameterizedTest
    @ValueSource(strings = {"FFFFFFFFFFFFFFFFFFFF\r\n", "7FFFFFFFFFFFFFFF\r\n", "10\n"})
    void aChunkHeaderTheClientCannotReadIsAProtocolErrorInWordsThatFitIt(String header) throws IOException {
        server = halfThenChunkHeader(header);

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.PROTOCOL);
                    assertThat(e.getMessage()).contains(server.uri(PATH).toString(), "not retried",
                            "a chunk header is malformed").doesNotContain("carriage return");
                });
    }

    /// A body the server ends by closing the connection, with no `Content-Length`, looks whole to
    /// HTTP however early the connection closes; only the archive shows it was cut. The failure
    /// used to be the reader's alone (`APDRawData.zip: mv_x.txt: the archive ends inside this
    /// entry`), naming neither the address nor what the server did. A streamed reader has parsed
    /// what it read and fails at once; a spooled download, which parsed nothing, starts over until
    /// its attempts are spent.
    @ParameterizedTest(name = "spooled: {0}")
    @ValueSource(booleans = {false, true})
    void anArchiveCutWhereTheBodyHadNoLengthNamesTheServerAndTheAddress(boolean spooled) throws IOException {
        int half = ARCHIVE.length / 2;
        server = new RawServer((request, out) -> {
            RawServer.head(out, 200, Map.of("ETag", ETAG));
            write(out, ARCHIVE, 0, half);
        });
        ZipStreamProcessor processor = ZipStreamProcessor.builder().build();
        BodyReader<List<EntrySummary>> entries = BodyReaders.ofEntries(processor, "APDRawData.zip", entry -> { });
        BodyReader<List<EntrySummary>> reader = spooled
                ? fetcher.spooled((file, info) -> processor.process(file, entry -> { })) : entries;

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), reader))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.TRUNCATED);
                    assertThat(e.attempts()).isEqualTo(spooled ? 5 : 1);
                    assertThat(e.getMessage()).contains(server.uri(PATH).toString(),
                            "ended the body after " + MessageText.count(half, "byte")
                                    + ", inside the archive, and sent no Content-Length");
                    assertThat(e.getMessage().contains("gave up")).isEqualTo(spooled);
                    assertThat(e.getCause()).isInstanceOfSatisfying(SourceDataException.class, data ->
                            assertThat(data.problem()).isEqualTo(SourceDataException.Problem.TRUNCATED_ARCHIVE));
                });
        assertThat(server.requests()).hasSize(spooled ? 5 : 1);
    }

    /// A spooled download of a body without a length that the server cut inside the archive starts
    /// over from byte 0, and the whole archive of the next attempt is converted. It failed after one
    /// attempt, as a streamed one must ("not retried"), although nothing had been parsed.
    @Test
    void aSpooledBodyWithoutLengthCutInsideTheArchiveStartsOver() throws IOException {
        int half = ARCHIVE.length / 2;
        server = firstBodyWithoutLengthCutAt(half);
        ZipStreamProcessor processor = ZipStreamProcessor.builder().build();
        List<String> entries = new CopyOnWriteArrayList<>();

        FetchResult<List<EntrySummary>> result = fetcher.fetch(source(server.uri(PATH)),
                fetcher.spooled((file, info) -> processor.process(file, entry -> entries.add(entry.entryName()))));

        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.bytes()).isEqualTo(ARCHIVE.length);
        assertThat(entries).containsExactlyInAnyOrder("mv_apddata_all.txt", "mv_apd_lease.txt");
        assertThat(server.requests()).extracting(r -> r.header("Range").orElse("none")).containsExactly("none", "none");
        assertThat(notices()).anyMatch(n -> n.contains("ended the body after " + MessageText.count(half, "byte"))
                && n.contains("attempt 2 of 5"));
    }

    /// A server that sends the archive without a length, closing the first body after `bytes` and
    /// sending the whole archive after that.
    private static RawServer firstBodyWithoutLengthCutAt(int bytes) throws IOException {
        return new RawServer((request, out) -> {
            RawServer.head(out, 200, Map.of("ETag", ETAG));
            write(out, ARCHIVE, 0, request.index() == 0 ? bytes : ARCHIVE.length);
        });
    }

    /// A body without a length that ends at once, or inside the zip's first signature (the connection
    /// closed right after the headers), is a cut body: started over, and the whole archive of the
    /// next attempt is converted, streamed too. It failed at once as "not a zip archive: the body is
    /// empty" (or `it starts with "PK"`).
    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 2, 3})
    void aBodyWithoutLengthCutBeforeItsSignatureStartsOver(int sent) throws IOException {
        server = firstBodyWithoutLengthCutAt(sent);
        ZipStreamProcessor processor = ZipStreamProcessor.builder().build();
        List<String> entries = new CopyOnWriteArrayList<>();

        FetchResult<List<EntrySummary>> result = fetcher.fetch(source(server.uri(PATH)),
                BodyReaders.ofEntries(processor, "APDRawData.zip", entry -> entries.add(entry.entryName())));

        assertThat(result.attempts()).isEqualTo(2);
        assertThat(entries).containsExactlyInAnyOrder("mv_apddata_all.txt", "mv_apd_lease.txt");
        assertThat(notices()).anyMatch(n -> n.contains("ended the body after " + MessageText.count(sent, "byte")
                + " and sent no Content-Length") && n.contains("attempt 2 of 5"));
    }

    /// A spooled download has parsed nothing when the archive is replaced under it (the server
    /// ignores the Range for the new version and sends it whole): it starts over from byte 0 and
    /// converts the new version, under its validators. It failed as a changed archive, as a streamed
    /// download must.
    @ParameterizedTest(name = "server resumes ranges: {0}")
    @ValueSource(booleans = {true, false})
    void aSpooledDownloadWhoseArchiveIsReplacedStartsOverWithTheNewVersion(boolean ranges) throws IOException {
        byte[] newer = TestArchives.zip(8, 4000);
        Version v2 = new Version(newer, Optional.of("\"9a00-77\""), Optional.of("Wed, 05 Mar 2025 06:15:02 GMT"));
        server = new RawServer(archive(i -> i == 0 ? TAGGED : v2, ranges, ARCHIVE.length / 2));

        FetchResult<String> result = fetcher.fetch(source(server.uri(PATH)), fetcher.spooled((file, info) -> {
            assertThat(info.validators().etag()).contains("\"9a00-77\"");
            try (var in = Files.newInputStream(file)) {
                return sha256(in);
            }
        }));

        assertThat(result.value()).contains(sha256(newer));
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(result.bytes()).isEqualTo(newer.length);
        assertThat(result.validators().etag()).contains("\"9a00-77\"");
        assertThat(server.requests()).extracting(r -> r.header("Range").orElse("none"))
                .containsExactly("none", "bytes=" + ARCHIVE.length / 2 + "-", "none");
        assertThat(notices()).anyMatch(n -> n.contains("ETag " + ETAG + " became \"9a00-77\"")
                && n.contains("the spooled copy was discarded to start over; attempt 3 of 5"));
    }

    /// A server that replaces the archive on every request ends when the attempts are spent.
    @Test
    void aSpooledDownloadWhoseArchiveChangesOnEveryRequestEndsAfterTheLastAttempt() throws IOException {
        server = new RawServer(archive(i -> new Version(ARCHIVE, Optional.of("\"v" + i + "\""), Optional.empty()), true,
                ARCHIVE.length / 2, ARCHIVE.length / 2, ARCHIVE.length / 2, ARCHIVE.length / 2, ARCHIVE.length / 2));

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), fetcher.spooled((file, info) -> "read")))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    // Cut, changed, cut (a new version started over), changed, cut.
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.TRUNCATED);
                    assertThat(e.attempts()).isEqualTo(5);
                    assertThat(e.getMessage()).contains("gave up: body broke off after " + MessageText.number(ARCHIVE.length / 2));
                });
        assertThat(server.requests()).hasSize(5);
        assertThat(notices()).filteredOn(n -> n.contains("the spooled copy was discarded to start over")).hasSize(2);
    }

    @Test
    void anArchiveReplacedBetweenAttemptsFailsBecauseBytesWereAlreadyConsumed() throws IOException {
        byte[] newer = TestArchives.zip(8, 4000);
        Version v2 = new Version(newer, Optional.of("\"9a00-77\""), Optional.of("Wed, 05 Mar 2025 06:15:02 GMT"));
        server = new RawServer(archive(i -> i == 0 ? TAGGED : v2, true, ARCHIVE.length / 2));

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.CHANGED);
                    assertThat(e.attempts()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("ETag " + ETAG + " became \"9a00-77\"",
                            MessageText.count(ARCHIVE.length / 2, "byte") + " were already consumed");
                });
    }

    /// A response the JDK's parser refuses (a status line that is not HTTP/1.x, a header line it
    /// cannot read) or a status outside HTTP's range is what the server sends every time: one
    /// attempt, a protocol error. Each was retried with backoff until the attempts ran out.
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP/2 200 OK\r\nContent-Length: 3\r\n\r\nabc",
            "ICY 200 OK\r\nContent-Length: 3\r\n\r\nabc",
            "HTTP/1.1 200 OK\r\nContent-Length : 3\r\n\r\nabc",
            "HTTP/1.1 999 Odd\r\nContent-Length: 3\r\n\r\nabc"})
    void aResponseNoServerSendsDifferentlyNextTimeIsNotRetried(String response) throws IOException {
        server = new RawServer((request, out) -> out.write(response.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.attempts()).as(e.getMessage()).isEqualTo(1);
                    assertThat(e.kind()).isIn(DownloadException.Kind.PROTOCOL, DownloadException.Kind.HTTP_STATUS);
                    assertThat(e.getMessage()).contains(server.uri(PATH).toString());
                });
        assertThat(server.requests()).hasSize(1);
    }

    /// An interim response (`1xx`) with a body: the client passes over the interim head and takes
    /// the body for the next status line; when the server then closes, it was retried as a status
    /// line cut short. A status line truly cut short (`HTTP/1.1 20`) is still retried.
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP/1.1 199 Odd\r\n\r\nhello", "HTTP/1.1 102 Processing\r\n\r\n<html>busy</html>",
            "HTTP/1.1 199 Odd\r\nContent-Length: 5\r\n\r\nhello", "HTTP/1.1 20", "HTTP/1.1 200 OK\r"})
    void bytesWhereAStatusLineBelongsAreAProtocolErrorNotACut(String response) throws IOException {
        server = new RawServer((request, out) -> out.write(response.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        boolean cut = response.startsWith("HTTP/1.1 20");

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    if (cut) {
                        assertThat(e.attempts()).isEqualTo(5);
                        assertThat(e.getMessage()).contains("inside the response's status line");
                    } else {
                        assertThat(e.kind()).isEqualTo(DownloadException.Kind.PROTOCOL);
                        assertThat(e.attempts()).isEqualTo(1);
                        assertThat(e.getMessage()).contains(server.uri(PATH).toString(), "cannot be read: the server sent \""
                                + response.substring(response.lastIndexOf('\n') + 1) + "\" where a status line belongs",
                                "not retried").doesNotContain("\n");
                    }
                });
    }

    /// Each validator the resumed part carries must equal the first response's: a part under the
    /// same ETag (here a weak one, which If-Range does not send) but another Last-Modified is another
    /// version. It was spliced on, since the dates were compared only when there was no ETag.
    @ParameterizedTest(name = "ETag {0}")
    @ValueSource(strings = {"W/\"weak\"", "\"strong\""})
    void aPartWithTheSameETagButAnotherDateIsAnotherVersion(String etag) throws IOException {
        Version first = new Version(ARCHIVE, Optional.of(etag), Optional.of(LAST_MODIFIED));
        Version later = new Version(ARCHIVE, Optional.of(etag), Optional.of("Wed, 05 Mar 2025 06:15:02 GMT"));
        server = new RawServer(archive(i -> i == 0 ? first : later, true, ARCHIVE.length / 2));

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.CHANGED);
                    assertThat(e.getMessage()).contains("Last-Modified " + LAST_MODIFIED
                            + " became Wed, 05 Mar 2025 06:15:02 GMT");
                });
    }

    /// A part (206) without the validator `If-Range` named, as a cache that ignores `If-Range` answers
    /// with another version's bytes: one of the same length was spliced on, and its tables converted
    /// under the first response's validators, which every later conditional request then kept
    /// (a 304 for good). Streamed, the download fails as a changed archive; spooled, it starts over.
    @ParameterizedTest(name = "the first response's {0}")
    @ValueSource(strings = {"ETag", "Last-Modified"})
    void aPartWithoutTheValidatorIfRangeNamedIsNotSplicedOn(String validator) throws IOException {
        String value = validator.equals("ETag") ? ETAG : LAST_MODIFIED;
        byte[] other = ARCHIVE.clone();
        other[ARCHIVE.length - 30] ^= 0x55;
        int half = ARCHIVE.length / 2;
        RawServer.Handler cache = (request, out) -> {
            if (request.index() == 1) {
                RawServer.head(out, 206, Map.of("Content-Length", Integer.toString(ARCHIVE.length - half),
                        "Content-Range", "bytes " + half + "-" + (ARCHIVE.length - 1) + "/" + ARCHIVE.length));
                write(out, other, half, ARCHIVE.length);
            } else {
                RawServer.head(out, 200, Map.of("Content-Length", Integer.toString(ARCHIVE.length), validator, value));
                write(out, ARCHIVE, 0, request.index() == 0 ? half : ARCHIVE.length);
            }
        };
        server = new RawServer(cache);

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.CHANGED);
                    assertThat(e.getMessage()).contains("the part resumed (HTTP 206) carries no " + validator
                            + ", where the download's is " + value + ": it may be another version's; "
                            + MessageText.count(half, "byte") + " were already consumed");
                });
        assertThat(server.requests().get(1).header("If-Range")).contains(value);

        server.close();
        server = new RawServer(cache);
        FetchResult<String> spooled = fetcher.fetch(source(server.uri(PATH)), fetcher.spooled((file, info) -> {
            try (var in = Files.newInputStream(file)) {
                return sha256(in);
            }
        }));
        assertThat(spooled.value()).contains(sha256(ARCHIVE));
        assertThat(spooled.attempts()).isEqualTo(3);
    }

    /// A resume answered 416: when the server gives the archive's length as the bytes already read
    /// (and no other ETag), a chunked body (no length) lacked only its last chunk, and the download
    /// ends there, as the archive it holds is whole: the source failed for it. Another length, or
    /// another version's ETag, is an archive that changed or shrank.
    @ParameterizedTest(name = "the server's length: {0}")
    @ValueSource(strings = {"all read", "all read, no ETag", "all read, another ETag", "all read, another Last-Modified",
            "shorter"})
    void aResumeAnswered416EndsABodyThatHadAllItsBytesOrSaysTheArchiveChanged(String length) throws IOException {
        long given = length.equals("shorter") ? ARCHIVE.length / 2 : ARCHIVE.length;
        Map<String, String> tag = length.endsWith("no ETag") ? Map.of()
                : length.endsWith("another Last-Modified") ? Map.of("ETag", ETAG, "Last-Modified", LAST_MODIFIED)
                : Map.of("ETag", length.endsWith("another ETag") ? "\"another\"" : ETAG);
        server = new RawServer((request, out) -> {
            if (request.index() == 0) {
                RawServer.head(out, 200, Map.of("Transfer-Encoding", "chunked", "ETag", ETAG));
                out.write((Integer.toHexString(ARCHIVE.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(ARCHIVE);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                Map<String, String> headers = new java.util.HashMap<>(tag);
                headers.put("Content-Range", "bytes */" + given);
                headers.put("Content-Length", "0");
                RawServer.head(out, 416, headers);
            }
        });

        if (given == ARCHIVE.length && !length.contains("another")) {
            FetchResult<String> result = fetcher.fetch(source(server.uri(PATH)), hashing());
            assertThat(result.value()).contains(sha256(ARCHIVE));
            assertThat(result.attempts()).isEqualTo(2);
        } else {
            assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> assertThat(e.getMessage()).contains(
                            "the server cannot serve bytes from " + ARCHIVE.length + " on (HTTP 416): the archive changed"
                                    + " or shrank after " + MessageText.count(ARCHIVE.length, "byte")));
        }
        assertThat(server.requests().get(1).header("Range")).contains("bytes=" + ARCHIVE.length + "-");
    }

    /// A 304 to a resume, which names no version to confirm, ends the download saying so; it said
    /// `HTTP 304; not retried` alone.
    @Test
    void aResumeAnswered304SaysItConfirmsNothing() throws IOException {
        server = new RawServer((request, out) -> {
            if (request.index() == 0) {
                RawServer.head(out, 200, Map.of("Content-Length", Integer.toString(ARCHIVE.length), "ETag", ETAG));
                write(out, ARCHIVE, 0, ARCHIVE.length / 2);
            } else {
                RawServer.head(out, 304, Map.of("ETag", ETAG));
            }
        });

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.HTTP_STATUS);
                    assertThat(e.attempts()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("HTTP 304 Not Modified to the request for the rest of the archive"
                            + " (from byte " + ARCHIVE.length / 2 + "), which named no version to confirm");
                });
    }

    @Test
    void aRestartWhoseFirstBytesDifferIsCaughtByTheChecksum() throws IOException {
        // Same validators and length, different bytes: only the comparison of the re-read prefix
        // can tell.
        byte[] altered = ARCHIVE.clone();
        altered[100] ^= 0x55;
        Version liar = new Version(altered, Optional.of(ETAG), Optional.of(LAST_MODIFIED));
        server = new RawServer(archive(i -> i == 0 ? TAGGED : liar, false, ARCHIVE.length / 2));

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.CHANGED);
                    assertThat(e.getMessage()).contains("first " + MessageText.count(ARCHIVE.length / 2, "byte") + " differ");
                });
    }

    @Test
    void aPartialResponseToTheFirstRequestIsAProtocolErrorNamingItsRange() throws IOException {
        server = new RawServer((request, out) -> {
            RawServer.head(out, 206, Map.of("Content-Length", "1000", "Content-Range", "bytes 0-999/" + ARCHIVE.length,
                    "ETag", ETAG));
            write(out, ARCHIVE, 0, 1000);
        });

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.PROTOCOL);
                    assertThat(e.attempts()).isOne();
                    assertThat(e.getMessage()).contains("HTTP 206 (a part of the archive, Content-Range bytes 0-999/"
                            + ARCHIVE.length + ") to a request for all of it, which asked for no range");
                });
        assertThat(server.requests()).singleElement().satisfies(r -> assertThat(r.header("Range")).isEmpty());
    }

    @Test
    void aPartialResponseThatStartsElsewhereIsAProtocolError() throws IOException {
        server = new RawServer((request, out) -> {
            if (request.index() == 0) {
                RawServer.head(out, 200, Map.of("Content-Length", Integer.toString(ARCHIVE.length), "ETag", ETAG));
                write(out, ARCHIVE, 0, 1000);
            } else {
                RawServer.head(out, 206, Map.of("Content-Length", Integer.toString(ARCHIVE.length - 10),
                        "Content-Range", "bytes 10-" + (ARCHIVE.length - 1) + "/" + ARCHIVE.length, "ETag", ETAG));
                write(out, ARCHIVE, 10, ARCHIVE.length);
            }
        });

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.PROTOCOL);
                    assertThat(e.getMessage()).contains("starts at byte 10, not at 1000");
                });
    }

    @Test
    void aSpooledDownloadThatFailsLeavesNoFile() throws IOException {
        int n = ARCHIVE.length;
        server = new RawServer(archive(always(TAGGED), false, n / 2, n / 2, n / 2, n / 2, n / 2));
        List<Path> seen = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), fetcher.spooled((file, info) -> {
            seen.add(file);
            return null;
        }))).isInstanceOf(DownloadException.class);
        assertThat(seen).as("the reader is never given a partial file").isEmpty();
        assertThat(TestArchives.filesIn(spool)).isEmpty();
    }

    @Test
    void aSpooledDownloadResumedMidwayHandsTheReaderTheWholeFileAndDeletesIt() throws IOException {
        server = new RawServer(archive(always(TAGGED), true, ARCHIVE.length / 2));
        List<Path> seen = new CopyOnWriteArrayList<>();

        FetchResult<String> result = fetcher.fetch(source(server.uri(PATH)), fetcher.spooled((file, info) -> {
            seen.add(file);
            // In a folder of its own under the spool directory, under the archive's own name.
            assertThat(file.getParent().getParent()).isEqualTo(spool);
            assertThat(file.getFileName()).hasToString("APDRawData.zip");
            try (var in = java.nio.file.Files.newInputStream(file)) {
                return sha256(in);
            }
        }));

        assertThat(result.value()).contains(sha256(ARCHIVE));
        assertThat(seen).hasSize(1);
        assertThat(seen.getFirst()).doesNotExist();
    }

    private List<String> notices() {
        return events.stream().filter(ProgressEvent.Notice.class::isInstance)
                .map(e -> ((ProgressEvent.Notice) e).message()).toList();
    }
}
