package dev.bsee.scraper;

import static dev.bsee.scraper.TestArchives.hashing;
import static dev.bsee.scraper.TestArchives.sha256;
import static dev.bsee.scraper.TestArchives.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bsee.core.internal.MessageText;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/// Content codings: every request asks for `identity`, and a server that codes the archive anyway
/// (gzip, x-gzip, deflate with or without its zlib header) has it decoded as Python's `requests`
/// decodes it, resumed in its coded bytes; other codings, damaged codings, bombs and a coding that
/// changes between attempts fail in one line.
class ContentEncodingTest {

    private static final byte[] ARCHIVE = TestArchives.zip(11, 4000);
    private static final String PATH = "/Production/Files/ProductionRawData.zip";
    private static final String ETAG = "\"5e2b-9d\"";

    @TempDir
    Path spool;

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private HttpFetcher fetcher;
    private RawServer server;

    @BeforeEach
    void fetcher() {
        fetcher = HttpFetcher.builder().maxAttempts(3).backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .readTimeout(Duration.ofSeconds(5)).sleeper(sleeper).spoolDirectory(spool).build();
    }

    @AfterEach
    void close() throws IOException {
        fetcher.close();
        if (server != null) {
            server.close();
        }
    }

    static byte[] coded(String coding, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream coder = switch (coding) {
            case "gzip", "x-gzip" -> new GZIPOutputStream(out);
            case "deflate" -> new DeflaterOutputStream(out);
            case "raw-deflate" -> new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, true));
            default -> throw new IllegalArgumentException(coding);
        }) {
            coder.write(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /// Serves `body` with `Content-Encoding: coding` to every request, cutting the first at `cut`
    /// (none when negative) and answering `Range: bytes=N-` from the coded bytes.
    private static RawServer.Handler serve(String coding, byte[] body, long cut) {
        return (request, out) -> {
            int start = request.header("Range").map(r -> Integer.parseInt(r.replaceAll("bytes=(\\d+)-", "$1"))).orElse(0);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/x-zip-compressed");
            headers.put("Content-Encoding", coding);
            headers.put("Content-Length", Integer.toString(body.length - start));
            headers.put("ETag", ETAG);
            headers.put("Accept-Ranges", "bytes");
            if (start > 0) {
                headers.put("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
            }
            RawServer.head(out, start > 0 ? 206 : 200, headers);
            int end = request.index() == 0 && cut >= 0 ? (int) cut : body.length;
            out.write(body, start, end - start);
        };
    }

    @ParameterizedTest(name = "Content-Encoding {0} ({1})")
    @CsvSource({"gzip, gzip", "x-gzip, x-gzip", "deflate, deflate", "deflate, raw-deflate", "GZip , gzip"})
    void aCodedArchiveIsDecodedAndTheRequestAskedForNone(String header, String made) throws IOException {
        byte[] body = coded(made, ARCHIVE);
        server = new RawServer(serve(header, body, -1));

        FetchResult<String> result = fetcher.fetch(source(server.uri(PATH)), hashing());

        assertThat(result.value()).contains(sha256(ARCHIVE));
        assertThat(result.bytes()).as("bytes received, as coded").isEqualTo(body.length);
        assertThat(server.requests()).singleElement()
                .satisfies(request -> assertThat(request.header("Accept-Encoding")).contains("identity"));
    }

    /// A spooled download (`in_memory: false`) writes the decoded archive, which the file walk reads.
    @Test
    void aSpooledDownloadOfACodedArchiveHandsTheReaderTheArchiveItself() throws IOException {
        server = new RawServer(serve("gzip", coded("gzip", ARCHIVE), -1));

        FetchResult<List<String>> result = fetcher.fetch(source(server.uri(PATH)), fetcher.spooled((file, info) -> {
            assertThat(java.nio.file.Files.readAllBytes(file)).isEqualTo(ARCHIVE);
            assertThat(file.getFileName()).as("messages name the archive").hasToString("ProductionRawData.zip");
            List<String> entries = new java.util.ArrayList<>();
            ZipStreamProcessor.builder().build().process(file, entry -> entries.add(entry.entryName()));
            return entries;
        }));

        assertThat(result.value()).hasValueSatisfying(entries -> assertThat(entries).isNotEmpty());
    }

    @Test
    void aCodedBodyCutMidwayResumesFromItsCodedBytes() throws IOException {
        byte[] body = coded("gzip", ARCHIVE);
        long cut = body.length / 2;
        server = new RawServer(serve("gzip", body, cut));

        FetchResult<String> result = fetcher.fetch(source(server.uri(PATH)), hashing());

        assertThat(result.value()).contains(sha256(ARCHIVE));
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(server.requests().get(1).header("Range")).contains("bytes=" + cut + "-");
    }

    @Test
    void aCodingBsseeDoesNotDecodeIsRefusedNamingIt() throws IOException {
        server = new RawServer(serve("br", ARCHIVE, -1));

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.PROTOCOL);
                    assertThat(e.getMessage()).contains(server.uri(PATH).toString())
                            .contains("Content-Encoding br, which bsee does not decode");
                    assertThat(e.getMessage().lines()).hasSize(1);
                });
    }

    @Test
    void aDamagedCodingIsNamedAsSuchNotAsABadArchive() throws IOException {
        byte[] body = coded("gzip", ARCHIVE);
        body[body.length / 2] ^= 0x5A;
        server = new RawServer(serve("gzip", body, -1));

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.PROTOCOL);
                    assertThat(e.getMessage()).contains("gzip Content-Encoding is damaged after");
                });
    }

    /// A body cut inside gzip's 8-byte trailer, with a Content-Length that says so: the words say
    /// what is wrong, not an exception's class.
    @Test
    void aCodedBodyThatEndsInsideItsTrailerSaysItEndsEarly() throws IOException {
        byte[] whole = coded("gzip", ARCHIVE);
        byte[] body = java.util.Arrays.copyOf(whole, whole.length - 4);
        server = new RawServer(serve("gzip", body, -1));

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.PROTOCOL);
                    assertThat(e.getMessage()).contains("gzip Content-Encoding is damaged after "
                            + MessageText.count(body.length, "byte") + ": the coded data ends early").doesNotContain("Exception");
                });
    }

    @Test
    void aCodingThatExpandsLikeABombIsRefusedLongBeforeItsEnd() throws IOException {
        // A zip's first bytes, then 256 MiB of zeros: about a thousandfold in gzip.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(ARCHIVE, 0, 64);
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) {
                gzip.write(zeros);
            }
        }
        byte[] bomb = out.toByteArray();
        server = new RawServer(serve("gzip", bomb, -1));
        long[] read = {0};
        BodyReader<Long> counting = (in, info) -> {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read[0] += n;
            }
            return read[0];
        };

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), counting))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.PROTOCOL);
                    assertThat(e.getMessage()).contains("refused as a bomb");
                });
        // A hundredfold the coded bytes, with room for read-ahead: far from the 256 MiB.
        assertThat(read[0]).isLessThan(Math.max(200L * bomb.length, 4L << 20));
    }

    /// Coded bytes that decode to nothing: data after the gzip member (which `GZIPInputStream`
    /// skips), a gzip header whose file name never ends, deflate made of empty blocks. Each was read
    /// to its end however long (the first even succeeded); each is refused within a few MiB.
    @ParameterizedTest(name = "{0}")
    @CsvSource({"zeros after the gzip member, gzip", "a gzip file name without end, gzip",
            "empty deflate blocks, deflate"})
    void codedBytesThatDecodeToNothingAreRefusedEarly(String what, String coding) throws IOException {
        int filler = 32 << 20;
        ByteArrayOutputStream body = new ByteArrayOutputStream(filler + ARCHIVE.length);
        switch (what) {
            case "zeros after the gzip member" -> {
                body.writeBytes(coded("gzip", ARCHIVE));
                body.writeBytes(new byte[filler]);
            }
            case "a gzip file name without end" -> {
                body.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 8, 0, 0, 0, 0, 0, 3});
                byte[] name = new byte[filler];
                java.util.Arrays.fill(name, (byte) 'a');
                body.writeBytes(name);
            }
            default -> {
                for (int i = 0; i < filler / 5; i++) {
                    body.writeBytes(new byte[] {0, 0, 0, (byte) 0xff, (byte) 0xff});
                }
            }
        }
        byte[] bytes = body.toByteArray();
        server = new RawServer(serve(coding, bytes, -1));

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.PROTOCOL);
                    assertThat(e.getMessage()).contains("Content-Encoding gives").contains("refused (coded data that"
                            + " decodes to nothing, or that follows the end of the coded stream)");
                });
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aCodingThatChangesBetweenAttemptsIsAChangedArchive() throws IOException {
        byte[] body = coded("gzip", ARCHIVE);
        long cut = body.length / 2;
        server = new RawServer((request, out) -> {
            if (request.index() == 0) {
                serve("gzip", body, cut).respond(request, out);
            } else {
                // The resumption comes back uncoded: its bytes are not the ones the position counts.
                RawServer.head(out, 206, Map.of("Content-Length", Integer.toString(ARCHIVE.length - (int) cut),
                        "Content-Range", "bytes " + cut + "-" + (ARCHIVE.length - 1) + "/" + ARCHIVE.length,
                        "ETag", ETAG));
                out.write(ARCHIVE, (int) cut, ARCHIVE.length - (int) cut);
            }
        });

        assertThatThrownBy(() -> fetcher.fetch(source(server.uri(PATH)), hashing()))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DownloadException.Kind.CHANGED);
                    assertThat(e.getMessage()).contains("Content-Encoding changed from gzip to identity")
                            .contains(MessageText.count(cut, "byte") + " were already consumed");
                });
        assertThat(server.requests()).hasSize(2);
    }
}
