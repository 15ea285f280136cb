package dev.bsee.scraper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bsee.core.BseeSource;
import dev.bsee.core.SourceCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/// The raw-data portal: link extraction from a page shaped like the real one (ASP.NET WebForms,
/// nested layout tables, view state, scripts, comments, odd hrefs), the comparison with the
/// catalog, and the page and `HEAD` requests against a loopback server.
class PortalTest {

    private static final String REAL_HOST = "https://www.data.bsee.gov";
    private static final URI PAGE = SourceCatalog.PORTAL;
    static final String FIXTURE = fixture();

    /// The "Delimited" links of the fixture, as a browser would resolve them from `base`.
    static List<PortalLink> expectedLinks(String base) {
        return List.of(
                link("Company Information", base + "/Company/Files/CompanyRawData.zip?v=2&t=1"),
                link("Company Operator Designations", base + "/Company/Files/DesigOperRawData.zip"),
                link("Oil & Gas Operations Reports \u2013 Part A (OGOR-A) 1996 to present",
                        base + "/Production/Files/ProductionRawData.zip"),
                link("OGOR-A 2024", base + "/Production/Files/ogora2024delimit.zip"),
                link("OGOR-A 2023", base + "/Production/Files/ogora2023delimit.zip"),
                link("Application for Permit to Drill (APD)", base + "/Well/Files/APDRawData.zip"),
                link("eWell Well Activity Reports (WAR)", base + "/Well/Files/eWellWARRawData.zip"),
                link("eWell End of Operations Reports (EOR)", base + "/Well/Files/eWellEORRawData.zip"),
                link("Borehole", base + "/Well/Files/Borehole%20Raw%20Data.zip"),
                link("Platform Structures", base + "/Platform/Files/PlatStrucRawData.zip"));
    }

    private static PortalLink link(String label, String uri) {
        return new PortalLink(label, URI.create(uri));
    }

    private static String fixture() {
        try (InputStream in = PortalTest.class.getResourceAsStream("RawData.aspx.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RawServer server;
    private HttpFetcher fetcher;

    @AfterEach
    void close() throws IOException {
        if (fetcher != null) {
            fetcher.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void findsEveryDelimitedLinkWithItsDatasetNameAndNothingElse() {
        List<PortalLink> links = Portal.parse(FIXTURE, PAGE);

        assertThat(links).containsExactlyElementsOf(expectedLinks(REAL_HOST));
    }

    @Test
    void comparesTheLinksWithTheCatalog() {
        BseeSource retired = SourceCatalog.of().find("well").orElseThrow().withUri(
                URI.create("https://www.data.bsee.gov/Rig/Files/RigMoveRawData.zip"));
        // The seed's three sources; the whole catalog against the page is the status command's test.
        SourceCatalog seed = SourceCatalog.of().select(SourceCatalog.of().defaultSelection());
        SourceCatalog catalog = seed.with(new BseeSource("rigmoves", retired.uri(),
                retired.cadence(), retired.requestTimeout(), "rig_moves", retired.entryPattern(), retired.layout()));

        PortalReport report = Portal.report(PAGE, Portal.parse(FIXTURE, PAGE), catalog);

        assertThat(report.sources()).extracting(PortalReport.Listing::sourceId, PortalReport.Listing::listed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("apd", true),
                        org.assertj.core.groups.Tuple.tuple("war", true),
                        org.assertj.core.groups.Tuple.tuple("production_raw", true),
                        org.assertj.core.groups.Tuple.tuple("rigmoves", false));
        assertThat(report.sources().getFirst().link().orElseThrow().label())
                .isEqualTo("Application for Permit to Drill (APD)");
        assertThat(report.allSourcesListed()).isFalse();
        assertThat(report.unknownLinks()).extracting(PortalLink::label).containsExactly("Company Information",
                "Company Operator Designations", "OGOR-A 2024", "OGOR-A 2023", "eWell End of Operations Reports (EOR)",
                "Borehole", "Platform Structures");
    }

    /// The whole catalog against the page: the yearly series is listed by its years' links (the
    /// page lists 2024 and 2023, not `ogoradelimit.zip`), and a link with a cache-busting query
    /// (`CompanyRawData.zip?v=2&t=1`) lists its source. Both were NOT LISTED, the year links in no
    /// list at all and the Company link among those no source downloads.
    @Test
    void theSeriesIsListedByItsYearsAndAQueryOnALinkIsNoOtherFile() {
        PortalReport report = Portal.report(PAGE, Portal.parse(FIXTURE, PAGE), SourceCatalog.of());

        PortalReport.Listing ogora = report.sources().stream().filter(l -> l.sourceId().equals("ogora")).findFirst().orElseThrow();
        assertThat(ogora.link()).hasValueSatisfying(link -> assertThat(link.label()).isEqualTo("OGOR-A 2024"));
        PortalReport.Listing company = report.sources().stream().filter(l -> l.sourceId().equals("companydetails"))
                .findFirst().orElseThrow();
        assertThat(company.link()).hasValueSatisfying(link -> assertThat(link.label()).isEqualTo("Company Information"));
        assertThat(report.unknownLinks()).extracting(PortalLink::label)
                .doesNotContain("OGOR-A 2024", "OGOR-A 2023", "Company Information");
        assertThat(Portal.sameResource(URI.create("https://www.data.bsee.gov/x/File.zip?year=2024"),
                URI.create("https://www.data.bsee.gov/x/File.zip?year=2023"))).isFalse();
    }

    @Test
    void addressesMatchIgnoringSchemeAndCase() {
        assertThat(Portal.sameResource(URI.create("http://WWW.data.bsee.gov:80/well/files/apdrawdata.zip"),
                URI.create("https://www.data.bsee.gov/Well/Files/APDRawData.zip"))).isTrue();
        assertThat(Portal.sameResource(URI.create("https://www.data.bsee.gov/Well/Files/APDRawData.zip"),
                URI.create("https://www.data.bsee.gov/Well/Files/APDRawDataFixed.zip"))).isFalse();
        assertThat(Portal.sameResource(URI.create("https://www.data.bsee.gov:8443/Well/Files/APDRawData.zip"),
                URI.create("https://www.data.bsee.gov/Well/Files/APDRawData.zip"))).isFalse();
    }

    @Test
    void aHugeViewStateAndLongCellsDoNotTroubleTheParser() {
        String viewState = "A".repeat(3_000_000);
        String longCell = "word ".repeat(200_000);
        String page = FIXTURE.replaceFirst("(id=\"__VIEWSTATE\" value=\")[^\"]*", "$1" + viewState)
                .replace("<td>Borehole</td>", "<td>Borehole</td><td>" + longCell + "</td>");

        assertThat(Portal.parse(page, PAGE)).containsExactlyElementsOf(expectedLinks(REAL_HOST));
    }

    /// A link counts when its text, an image's `alt` or `title`, or its own `title` says
    /// "Delimited": the anchor's title counted only when it had no text.
    @Test
    void aTitleSaysDelimitedAsTheTextDoes() {
        String page = """
                <html><body><table>
                <tr><td>Production</td><td><a href="/Files/A.zip" title="Delimited">Download</a></td></tr>
                <tr><td>Wells</td><td><a href="/Files/B.zip" title="Delimited file">zip</a></td></tr>
                <tr><td>Platforms</td><td><a href="/Files/C.zip"><img title="Delimited" src="x.png"></a></td></tr>
                <tr><td>Pipelines</td><td><a href="/Files/D.zip" title="Fixed">Download</a></td></tr>
                </table></body></html>
                """;

        assertThat(Portal.parse(page, PAGE)).extracting(PortalLink::label)
                .containsExactly("Production", "Wells", "Platforms");
    }

    @Test
    void linksOutsideTablesAndRowsWithoutANameAreNamedAfterTheirFile() {
        String page = """
                <html><body><base href="https://mirror.example/bsee/Main/">
                <p><a href='../Files/Loose.zip'>Delimited</a></p>
                <table><tr><td><a href="../Files/Nameless.zip">Delimited</a></td><td><a href="x">Fixed</a></td></tr>
                <tr><td><a href="../Files/Unclosed.zip">Delimited</td><td>Unclosed anchor row</td></tr></table>
                <a href="../../../../Files/Above.zip">ASCII delimited</a>
                </body></html>
                """;

        assertThat(Portal.parse(page, PAGE)).containsExactly(
                link("Loose.zip", "https://mirror.example/bsee/Files/Loose.zip"),
                link("Nameless.zip", "https://mirror.example/bsee/Files/Nameless.zip"),
                link("Unclosed anchor row", "https://mirror.example/bsee/Files/Unclosed.zip"),
                link("Above.zip", "https://mirror.example/Files/Above.zip"));
    }

    @Test
    void discoversTheLinksOfAServedPageAndChecksThemWithHead() throws IOException {
        Instant modified = Instant.parse("2025-03-04T06:15:02Z");
        server = new RawServer((request, out) -> {
            String path = request.path();
            if (path.equals("/Main/RawData.aspx")) {
                byte[] page = FIXTURE.replace(REAL_HOST, "http://127.0.0.1:" + request.header("Host").orElseThrow()
                        .replaceAll(".*:", "")).getBytes(StandardCharsets.UTF_8);
                RawServer.head(out, 200, Map.of("Content-Type", "text/html; charset=utf-8",
                        "Content-Length", Integer.toString(page.length)));
                out.write(page);
            } else if (path.contains("Borehole")) {
                RawServer.head(out, 404, Map.of("Content-Length", "0"));
            } else if (path.contains("PlatStruc")) {
                // A missing archive answered with the site's error page, status 200.
                RawServer.head(out, 200, Map.of("Content-Type", "Text/HTML; charset=utf-8", "Content-Length", "5120"));
            } else if (path.contains("ogora") && request.method().equals("HEAD")) {
                RawServer.head(out, 405, Map.of("Content-Length", "0", "Allow", "GET"));
            } else if (path.contains("ogora")) {
                RawServer.head(out, 206, Map.of("Content-Range", "bytes 0-0/4242", "Content-Length", "1"));
                out.write('P');
            } else {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Content-Length", Integer.toString(path.length() * 1000));
                headers.put("Last-Modified", "Tue, 04 Mar 2025 06:15:02 GMT");
                RawServer.head(out, 200, headers);
            }
        });
        String base = "http://127.0.0.1:" + server.uri("/").getPort();
        SourceCatalog seed = SourceCatalog.of().select(SourceCatalog.of().defaultSelection());
        SourceCatalog catalog = seed;
        for (BseeSource s : seed.sources()) {
            catalog = catalog.with(s.withUri(URI.create(base + s.uri().getPath())));
        }
        fetcher = HttpFetcher.builder().maxAttempts(2).backoff(Duration.ZERO, Duration.ZERO).build();

        PortalReport report = new Portal(fetcher).discover(server.uri("/Main/RawData.aspx"), catalog,
                Portal.Probe.HEAD);

        assertThat(report.links()).extracting(l -> new PortalLink(l.label(), l.uri()))
                .containsExactlyElementsOf(expectedLinks(base));
        assertThat(report.allSourcesListed()).isTrue();
        Map<String, LinkCheck> checks = new LinkedHashMap<>();
        report.links().forEach(l -> checks.put(l.uri().getRawPath(), l.check().orElseThrow()));
        assertThat(checks.get("/Well/Files/APDRawData.zip")).isEqualTo(new LinkCheck.Available(200,
                "/Well/Files/APDRawData.zip".length() * 1000L, modified));
        assertThat(checks.get("/Production/Files/ogora2024delimit.zip"))
                .isEqualTo(new LinkCheck.Available(206, 4242, null));
        assertThat(checks.get("/Well/Files/Borehole%20Raw%20Data.zip")).isInstanceOfSatisfying(LinkCheck.Failed.class,
                f -> assertThat(f.problem()).contains("HTTP 404", "[1 attempt]"));
        assertThat(checks.get("/Platform/Files/PlatStrucRawData.zip")).isInstanceOfSatisfying(LinkCheck.Failed.class,
                f -> assertThat(f.problem()).contains("is an HTML page (Content-Type \"Text/HTML; charset=utf-8\"), not a zip archive"));
        assertThat(server.requests()).filteredOn(r -> r.method().equals("HEAD")).hasSize(10);
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.header("User-Agent")).contains(fetcher.userAgent()));
    }

    /// A page coded with gzip or deflate (raw or with its zlib header) although the request asks for
    /// identity: its links were looked for in the coded bytes, so none was found and every source
    /// was reported as no longer listed. A coding bsee does not decode is refused naming it.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"gzip", "x-gzip", "deflate", "raw deflate", "br"})
    void aCodedPageIsReadDecodedOrRefusedNamingItsCoding(String coding) throws IOException {
        byte[] page = FIXTURE.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream coded = new java.io.ByteArrayOutputStream();
        try (java.io.OutputStream out = switch (coding) {
            case "gzip", "x-gzip" -> new java.util.zip.GZIPOutputStream(coded);
            case "deflate" -> new java.util.zip.DeflaterOutputStream(coded);
            default -> new java.util.zip.DeflaterOutputStream(coded, new java.util.zip.Deflater(6, true));
        }) {
            out.write(page);
        }
        byte[] body = coded.toByteArray();
        server = new RawServer((request, out) -> {
            RawServer.head(out, 200, Map.of("Content-Type", "text/html; charset=utf-8", "Content-Length",
                    Integer.toString(body.length), "Content-Encoding", coding.replace("raw ", "")));
            out.write(body);
        });
        fetcher = HttpFetcher.builder().maxAttempts(2).backoff(Duration.ZERO, Duration.ZERO).build();

        if (coding.equals("br")) {
            assertThatThrownBy(() -> new Portal(fetcher).discover(server.uri("/Main/RawData.aspx"), SourceCatalog.of(),
                    Portal.Probe.NONE)).isInstanceOfSatisfying(DownloadException.class,
                    e -> assertThat(e.getMessage()).contains("Content-Encoding br, which bsee does not decode"));
            return;
        }
        PortalReport report = new Portal(fetcher).discover(server.uri("/Main/RawData.aspx"), SourceCatalog.of(),
                Portal.Probe.NONE);

        // The page's relative links resolve against the loopback server: labels and paths are compared.
        assertThat(report.links()).extracting(l -> l.label() + " " + l.uri().getRawPath())
                .containsExactlyElementsOf(expectedLinks(REAL_HOST).stream().map(l -> l.label() + " " + l.uri().getRawPath())
                        .toList());
    }

    /// A page with a byte order mark is read in the charset the mark gives, over its `Content-Type`
    /// (or the lack of one), as browsers read it: a UTF-16 page read as UTF-8 had no link.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"UTF-16LE, FFFE, ''", "UTF-16BE, FEFF, ''",
            "UTF-16LE, FFFE, text/html; charset=utf-8", "UTF-8, EFBBBF, text/html; charset=iso-8859-1"})
    void aPageWithAByteOrderMarkIsReadInTheMarksCharset(String charset, String mark, String type) throws IOException {
        byte[] text = FIXTURE.getBytes(java.nio.charset.Charset.forName(charset));
        byte[] body = new byte[mark.length() / 2 + text.length];
        for (int i = 0; i < mark.length() / 2; i++) {
            body[i] = (byte) Integer.parseInt(mark.substring(2 * i, 2 * i + 2), 16);
        }
        System.arraycopy(text, 0, body, mark.length() / 2, text.length);
        Map<String, String> headers = new java.util.HashMap<>(Map.of("Content-Length", Integer.toString(body.length)));
        if (!type.isEmpty()) {
            headers.put("Content-Type", type);
        }
        server = new RawServer((request, out) -> {
            RawServer.head(out, 200, headers);
            out.write(body);
        });
        fetcher = HttpFetcher.builder().maxAttempts(1).build();

        PortalReport report = new Portal(fetcher).discover(server.uri("/Main/RawData.aspx"), SourceCatalog.of(),
                Portal.Probe.NONE);

        assertThat(report.links()).extracting(l -> l.label() + " " + l.uri().getRawPath())
                .containsExactlyElementsOf(expectedLinks(REAL_HOST).stream().map(l -> l.label() + " " + l.uri().getRawPath())
                        .toList());
    }

    /// A coded page that expands past the page limit is refused as too large, said once: it was
    /// called damaged, with the address and the attempts twice.
    @Test
    void aCodedPageThatExpandsPastTheLimitIsRefusedOnceAsTooLarge() throws IOException {
        java.io.ByteArrayOutputStream coded = new java.io.ByteArrayOutputStream();
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(coded)) {
            out.write(new byte[(int) Portal.MAX_PAGE_BYTES + 1]);
        }
        byte[] body = coded.toByteArray();
        server = new RawServer((request, out) -> {
            RawServer.head(out, 200, Map.of("Content-Type", "text/html", "Content-Length", Integer.toString(body.length),
                    "Content-Encoding", "gzip"));
            out.write(body);
        });
        fetcher = HttpFetcher.builder().maxAttempts(1).build();

        assertThatThrownBy(() -> new Portal(fetcher).discover(server.uri("/Main/RawData.aspx"), SourceCatalog.of(),
                Portal.Probe.NONE)).isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.getMessage()).contains("page larger than 2.0 MiB once its gzip Content-Encoding is undone")
                            .doesNotContain("damaged");
                    assertThat(e.getMessage().split("portal page \\(", -1)).hasSize(2);
                });
    }

    /// A page beyond the portal's limit is refused once, as too large: not retried as a connection
    /// that broke off, and named once.
    @Test
    void aPortalPageLargerThanTheLimitIsRefusedOnceAsTooLarge() throws IOException {
        byte[] chunk = "<p>x</p>".repeat(8192).getBytes(StandardCharsets.US_ASCII);
        server = new RawServer((request, out) -> {
            RawServer.head(out, 200, Map.of("Content-Type", "text/html"));
            for (long sent = 0; sent <= Portal.MAX_PAGE_BYTES; sent += chunk.length) {
                out.write(chunk);
            }
        });
        fetcher = HttpFetcher.builder().maxAttempts(3).backoff(Duration.ZERO, Duration.ZERO).build();

        assertThatThrownBy(() -> new Portal(fetcher).discover(server.uri("/Main/RawData.aspx"),
                SourceCatalog.of(), Portal.Probe.NONE))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.getMessage()).contains("page larger than 2.0 MiB").doesNotContain("broke off");
                    assertThat(e.getMessage().split("portal page \\(", -1)).hasSize(2);
                });
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aPortalPageThatCannotBeFetchedFailsNamingIt() throws IOException {
        server = new RawServer((request, out) -> RawServer.head(out, 404, Map.of("Content-Length", "0")));
        fetcher = HttpFetcher.builder().build();

        assertThatThrownBy(() -> new Portal(fetcher).discover(server.uri("/Main/RawData.aspx"),
                SourceCatalog.of(), Portal.Probe.NONE))
                .isInstanceOfSatisfying(DownloadException.class, e -> {
                    assertThat(e.subject()).isEqualTo("portal page");
                    assertThat(e.getMessage()).contains("portal page (" + server.uri("/Main/RawData.aspx") + ")",
                            "HTTP 404");
                });
    }
}
