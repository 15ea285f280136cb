package dev.bsee.examples.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.peer.PandasPeer;
import dev.bsee.examples.cli.BseeCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DemoMirrorTest {

    private static DemoMirror mirror;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        mirror = DemoMirror.open();
    }

    @AfterAll
    static void stop() {
        mirror.close();
    }

    private static HttpResponse<byte[]> get(URI uri, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void archivesAreTheSameBytesOnEveryGeneration() {
        List<DemoArchives.Archive> again = DemoArchives.generate();
        for (int i = 0; i < again.size(); i++) {
            assertThat(again.get(i).zip()).isEqualTo(DemoArchives.all().get(i).zip());
        }
    }

    @Test
    void archivesHaveTheRecordedEntryNamesAndHeaders() {
        assertThat(DemoArchives.of("well").entries()).extracting(DemoArchives.Entry::name)
                .containsExactly("mv_apddata_all.txt", "mv_apd_main_all.txt");
        assertThat(DemoArchives.of("well").entries().getFirst().header()).hasSize(26).startsWith("API_WELL_NUMBER")
                .endsWith("REGION_CODE");
        assertThat(DemoArchives.of("production").entries()).extracting(DemoArchives.Entry::name)
                .containsExactly("ProductionRawData/mv_productiondata.txt");
        assertThat(DemoArchives.of("production").entries()).extracting(DemoArchives.Entry::baseName)
                .allMatch(name -> SourceCatalog.PRODUCTION_ENTRIES.matcher(name).matches());
        assertThat(DemoArchives.of("production").entries()).allMatch(entry -> entry.header().isEmpty());
        assertThat(DemoArchives.of("war").entries()).extracting(DemoArchives.Entry::baseName).containsExactly(
                "mv_war_main.txt", "mv_war_main_prop.txt", "mv_war_main_prop_remark.txt", "mv_war_boreholes_view.txt",
                "mv_war_open_hole_runs.txt", "mv_war_open_hole_tools.txt", "mv_war_tubular_summaries.txt",
                "mv_war_tubular_summaries_prop.txt");
        assertThat(DemoArchives.of("war").entries().get(2).header()).containsExactly("SN_WAR", "TEXT_REMARK");
    }

    /// pandas reads every entry as the metadata says, and finds the BSEE features in it.
    @Test
    void pandasReadsEveryEntryWithTheDeclaredShape() throws IOException {
        try (PandasPeer peer = PandasPeer.start(PandasPeer.Kind.PANDAS22)) {
            List<Map<String, Object>> cases = new ArrayList<>();
            for (DemoArchives.Archive archive : DemoArchives.all()) {
                Path zip = peer.newFile(archive.fileName());
                Files.write(zip, archive.zip());
                for (DemoArchives.Entry entry : archive.entries()) {
                    Map<String, Object> entryCase = new LinkedHashMap<>();
                    entryCase.put("zip", peer.peerPath(zip));
                    entryCase.put("entry", entry.name());
                    entryCase.put("names", entry.header().isEmpty() ? SourceCatalog.PRODUCTION_COLUMNS : null);
                    cases.add(entryCase);
                }
            }
            JsonNode shapes = peer.call("""
                    import zipfile
                    result = []
                    for case in args['cases']:
                        with zipfile.ZipFile(case['zip']) as z:
                            with z.open(case['entry']) as f:
                                if case['names'] is None:
                                    df = pd.read_csv(f, low_memory=False)
                                else:
                                    df = pd.read_csv(f, low_memory=False, header=None, names=case['names'])
                        text = [c for c in df.columns if df[c].dtype == object]
                        result.append({'shape': list(df.shape), 'columns': list(df.columns),
                                       'multiline': bool(any(df[c].astype(str).str.contains('\\r\\n', regex=False).any() for c in text)),
                                       'negative': bool(any((df[c] < 0).any() for c in df.columns if str(df[c].dtype) == 'int64')),
                                       'missing': bool(df.isna().any().any())})
                    """, Map.of("cases", cases));
            int i = 0;
            for (DemoArchives.Archive archive : DemoArchives.all()) {
                for (DemoArchives.Entry entry : archive.entries()) {
                    JsonNode shape = shapes.get(i++);
                    int columns = entry.header().isEmpty() ? 19 : entry.header().size();
                    assertThat(shape.get("shape").get(0).asInt()).as(entry.name()).isEqualTo(entry.rows());
                    assertThat(shape.get("shape").get(1).asInt()).as(entry.name()).isEqualTo(columns);
                }
            }
            JsonNode remarks = shapes.get(2 + 1 + 2);
            assertThat(remarks.get("multiline").asBoolean()).as("WAR remarks span lines").isTrue();
            assertThat(shapes.get(3).get("negative").asBoolean()).as("negative surrogate keys").isTrue();
            assertThat(shapes.get(2).get("missing").asBoolean()).as("production has missing values").isTrue();
        }
    }

    @Test
    void servesArchivesAtTheRealPathsWithValidators() throws Exception {
        for (DemoArchives.Archive archive : DemoArchives.all()) {
            URI uri = mirror.baseUri().resolve(archive.path().substring(1));
            assertThat(uri.getHost()).isEqualTo("127.0.0.1");
            HttpResponse<byte[]> response = get(uri);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(archive.zip());
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-zip-compressed");
            assertThat(response.headers().firstValue("Last-Modified")).hasValue("Thu, 17 Apr 2025 09:30:00 GMT");
        }
        assertThat(mirror.uri("war").getPath()).isEqualTo(DemoArchives.of("war").path());
        assertThat(mirror.catalog().find("war").orElseThrow().uri()).isEqualTo(mirror.uri("war"));
        assertThat(mirror.catalog().find("war").orElseThrow().outputSubdirectory()).isEqualTo("war");
    }

    @Test
    void answersConditionalAndRangeRequests() throws Exception {
        URI uri = mirror.uri("production");
        byte[] zip = DemoArchives.of("production").zip();
        String etag = get(uri).headers().firstValue("ETag").orElseThrow();

        assertThat(get(uri, "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(get(uri, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(get(uri, "If-Modified-Since", "Thu, 17 Apr 2025 09:30:00 GMT").statusCode()).isEqualTo(304);
        assertThat(get(uri, "If-Modified-Since", "Wed, 16 Apr 2025 09:30:00 GMT").statusCode()).isEqualTo(200);

        HttpResponse<byte[]> tail = get(uri, "Range", "bytes=1000-");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(zip, 1000, zip.length));
        assertThat(tail.headers().firstValue("Content-Range")).hasValue("bytes 1000-" + (zip.length - 1) + "/" + zip.length);

        HttpResponse<byte[]> middle = get(uri, "Range", "bytes=10-19", "If-Range", etag);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(zip, 10, 20));
        assertThat(get(uri, "Range", "bytes=10-19", "If-Range", "\"stale\"").statusCode()).as("stale If-Range: whole body").isEqualTo(200);
        assertThat(get(uri, "Range", "bytes=" + zip.length + "-").statusCode()).isEqualTo(416);

        HttpResponse<Void> head = HTTP.send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(zip.length);
    }

    @Test
    void refusesOtherPathsAndMethods() throws Exception {
        assertThat(get(mirror.baseUri().resolve("Well/Files/Nothing.zip")).statusCode()).isEqualTo(404);
        HttpResponse<Void> post = HTTP.send(HttpRequest.newBuilder(mirror.uri("well")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    /// The portal page is realistic enough for `bsee portal`, which finds every source on it.
    @Test
    void thePortalCommandFindsEverySourceOnTheMirrorPortal() {
        CommandLine portal = BseeCommand.commandLine();
        StringWriter out = new StringWriter();
        portal.setOut(new PrintWriter(out, true));
        int code = portal.execute("portal", "--url", mirror.portalUri().toString(), "--head",
                "--source", "well=" + mirror.uri("well"), "--source", "production=" + mirror.uri("production"),
                "--source", "war=" + mirror.uri("war"));
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains(DemoArchives.all().size() + " \"Delimited\" links").containsPattern("apd +listed")
                .containsPattern("production_raw +listed").containsPattern("war +listed").contains("2025-04-17 09:30 UTC");
    }

    @Test
    void portalPageLinksEveryArchiveRelatively() throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(mirror.portalUri()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        for (DemoArchives.Archive archive : DemoArchives.all()) {
            String href = "href=\".." + archive.path() + "\"";
            assertThat(page.body()).contains(href + ">Delimited</a>");
            assertThat(mirror.portalUri().resolve(".." + archive.path())).isEqualTo(mirror.baseUri().resolve(archive.path().substring(1)));
        }
    }

    /// The page's archive sizes are grouped with ASCII commas in every locale of the JVM: under
    /// Arabic or German ones they came out in Arabic-Indic digits or with dots.
    @Test
    void portalPageSizesAreTheSameInEveryLocale() throws Exception {
        Locale before = Locale.getDefault();
        try {
            String plain = HTTP.send(HttpRequest.newBuilder(mirror.portalUri()).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String tag : new String[] {"ar-EG", "de-DE", "hi-IN-u-nu-deva", "th-TH-u-nu-thai"}) {
                Locale.setDefault(Locale.forLanguageTag(tag));
                String page = HTTP.send(HttpRequest.newBuilder(mirror.portalUri()).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(page).as(tag).isEqualTo(plain);
            }
            assertThat(plain).containsPattern("Delimited</a> \\([0-9]{1,3}(,[0-9]{3})+ bytes\\)");
        } finally {
            Locale.setDefault(before);
        }
    }
}
