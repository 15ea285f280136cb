package dev.bsee.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/// `bsee portal` against a portal page served on loopback.
class PortalCommandTest {

    private static final String PAGE = """
            <html><body><form id="aspnetForm"><input type="hidden" name="__VIEWSTATE" value="/wEPDwUKMTY3" />
            <table class="rawdata">
              <tr><th>Data Set</th><th>Delimited</th><th>Fixed</th></tr>
              <tr><td>Application for Permit to Drill (APD)</td><td><a href="../Well/Files/APDRawData.zip">Delimited</a></td>
                  <td><a href="../Well/Files/APDRawDataFixed.zip">Fixed</a></td></tr>
              <tr><td>Production</td><td><a href="/Production/Files/ProductionRawData.zip">Delimited</a></td>
                  <td><a href="/Production/Files/ProductionRawDataFixed.zip">Fixed</a></td></tr>
              <tr><td>Well Activity Reports</td><td><a href="../Well/Files/eWellWARRawData.zip">Delimited</a></td><td></td></tr>
              <tr><td>Borehole</td><td><a href="../Well/Files/BoreholeRawData.zip">&nbsp;Delimited</a></td><td></td></tr>
            </table></form></body></html>
            """;

    /// A page whose labels carry an escape sequence and a bidirectional override (as HTML entities).
    private static final String HOSTILE_PAGE = """
            <html><body><table class="rawdata">
              <tr><td>Borehole&#27;[2J&#8238;</td><td><a href="BoreholeRawData.zip">Delimited</a></td></tr>
            </table></body></html>
            """;

    private ServerSocket server;
    private final List<String> requestLines = Collections.synchronizedList(new ArrayList<>());
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void serve() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    respond(socket);
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /// One request per connection: the page, a 404 for `/missing`, and HEAD answers for archives.
    private void respond(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        String requestLine = readHead(in);
        requestLines.add(requestLine);
        String path = requestLine.split(" ")[1];
        OutputStream response = socket.getOutputStream();
        if (path.equals("/Dense/RawData.aspx")) {
            byte[] body = densePage().getBytes(StandardCharsets.UTF_8);
            response.write(("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            response.write(body);
        } else if (path.equals("/Main/RawData.aspx") || path.equals("/Hostile/RawData.aspx") || path.equals("/Empty/RawData.aspx")) {
            byte[] body = (path.startsWith("/Main") ? PAGE : path.startsWith("/Hostile") ? HOSTILE_PAGE
                    : "<html><body></body></html>").getBytes(StandardCharsets.UTF_8);
            response.write(("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            response.write(body);
        } else if (path.endsWith(".zip") && requestLine.startsWith("HEAD")) {
            response.write(("HTTP/1.1 200 OK\r\nContent-Length: 3145728\r\nLast-Modified: Tue, 04 Mar 2025 06:15:02 GMT"
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        } else {
            response.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        }
        response.flush();
    }

    /// A page of "Delimited" links as large as the portal's limit lets a page be.
    private static String densePage() {
        StringBuilder page = new StringBuilder("<html><body><table>");
        for (int i = 0; ; i++) {
            String row = "<tr><td>T" + i + "</td><td><a href=\"/F/x" + i + ".zip\">Delimited</a></td></tr>";
            if (page.length() + row.length() + 30 > dev.bsee.scraper.Portal.MAX_PAGE_BYTES) {
                return page.append("</table></body></html>").toString();
            }
            page.append(row);
        }
    }

    /// A page as large as the limit, its links as dense as links can be, is listed by `bsee portal`
    /// under the heap the launcher gives it: a page of 16 MiB, the old limit, ran it out of heap
    /// after a minute.
    @Test
    void aPageOfLinksAsLargeAsTheLimitIsListedUnderTheToolsHeap() throws Exception {
        Process child = CliRun.child("portal", "--url", base() + "/Dense/RawData.aspx", "--site", base() + "/")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long lines;
        try (java.io.BufferedReader listing = child.inputReader(StandardCharsets.UTF_8)) {
            lines = listing.lines().filter(line -> line.contains("/F/x")).count();
        }
        assertThat(child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("the catalog's sources are not on the page").isEqualTo(BseeCommand.FAILED);
        assertThat(lines).isGreaterThan(20_000);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String s = head.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                return s.substring(0, s.indexOf("\r\n"));
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private int run(String... args) {
        CommandLine cli = BseeCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String[] portalArgs(String... more) {
        List<String> args = new ArrayList<>(List.of("portal", "--url", base() + "/Main/RawData.aspx",
                "--source", "well=" + base() + "/Well/Files/APDRawData.zip",
                "--source", "production=" + base() + "/Production/Files/ProductionRawData.zip",
                "--source", "war=" + base() + "/Well/Files/eWellWARRawData.zip"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void listsTheSourcesAndTheLinksNoSourceUses() {
        int code = run(portalArgs());

        assertThat(code).isZero();
        assertThat(out.toString()).contains(
                "Portal " + base() + "/Main/RawData.aspx: 4 \"Delimited\" links",
                "  apd             listed      Application for Permit to Drill (APD)  " + base() + "/Well/Files/APDRawData.zip",
                "  war             listed      Well Activity Reports  " + base() + "/Well/Files/eWellWARRawData.zip",
                "  production_raw  listed      Production  " + base() + "/Production/Files/ProductionRawData.zip",
                "Listed, but no source downloads them (1)",
                "  Borehole  " + base() + "/Well/Files/BoreholeRawData.zip");
        assertThat(out.toString()).doesNotContain("Fixed.zip", "[");
        assertThat(requestLines).noneMatch(r -> r.startsWith("HEAD"));
        assertThat(err.toString()).isEmpty();
    }

    /// A password in the page's address reaches the links resolved against it; neither is printed,
    /// and the page's labels reach the terminal escaped.
    @Test
    void passwordsInAddressesAndControlCharactersInLabelsAreNotPrinted() {
        String page = "http://reader:s3cret@127.0.0.1:" + server.getLocalPort() + "/Hostile/RawData.aspx";

        int code = run("portal", "--url", page, "--source", "well=" + base() + "/Well/Files/APDRawData.zip");

        assertThat(code).isEqualTo(BseeCommand.FAILED);
        assertThat(out.toString()).contains("Portal http://***@127.0.0.1:" + server.getLocalPort() + "/Hostile/RawData.aspx",
                "  Borehole\\e[2J\\x{202e}  http://***@127.0.0.1:" + server.getLocalPort() + "/Hostile/BoreholeRawData.zip");
        assertThat(out.toString() + err).doesNotContain("s3cret", "\u001b", "\u202e");

        out.getBuffer().setLength(0);
        int empty = run("portal", "--url", page.replace("/Hostile/", "/Empty/"));
        assertThat(empty).isEqualTo(BseeCommand.FAILED);
        assertThat(err.toString()).contains("no \"Delimited\" links found on http://***@127.0.0.1:")
                .doesNotContain("s3cret");
        // A page of no links lists no source as withdrawn: every one was printed NOT LISTED.
        assertThat(out.toString()).doesNotContain("NOT LISTED");
    }

    /// Borehole is a catalog source that a refresh runs when configured: its link is a source's, not
    /// "no source downloads them", though only the sources a refresh runs by default are listed.
    @Test
    void aLinkOfACatalogSourceOutsideTheDefaultsIsNoUnknownLink() {
        int code = run("portal", "--url", base() + "/Main/RawData.aspx", "--site", base() + "/");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("  apd             listed", "  war             listed",
                "  production_raw  listed").doesNotContain("borehole")
                .as("no heading with nothing under it").doesNotContain("Listed, but no source downloads them");
    }

    @Test
    void headShowsSizeAndDateOfEachLink() {
        int code = run(portalArgs("--head"));

        assertThat(code).isZero();
        assertThat(out.toString()).contains(base() + "/Well/Files/APDRawData.zip  [3.0 MiB, 2025-03-04 06:15 UTC]",
                base() + "/Well/Files/BoreholeRawData.zip  [3.0 MiB, 2025-03-04 06:15 UTC]");
        assertThat(requestLines).filteredOn(r -> r.startsWith("HEAD")).hasSize(4);
    }

    @Test
    void aSourceMissingFromThePageFailsTheCommand() {
        int code = run(portalArgs("--source", "rigmoves=" + base() + "/Rig/Files/RigMoveRawData.zip"));

        assertThat(code).isEqualTo(BseeCommand.FAILED);
        assertThat(out.toString()).contains("  rigmoves        NOT LISTED  " + base() + "/Rig/Files/RigMoveRawData.zip");
    }

    @Test
    void aPageThatCannotBeReadIsReportedOnStandardError() {
        int code = run("portal", "--url", base() + "/missing", "--attempts", "1");

        assertThat(code).isEqualTo(BseeCommand.FAILED);
        assertThat(err.toString()).startsWith("bsee portal: portal page (" + base() + "/missing): HTTP 404 Not Found");
        assertThat(out.toString()).isEmpty();
    }

    /// A page address no HTTP client can fetch is a wrong value (exit 2), as `refresh --site` says of
    /// its own; it was reported as a page that failed to download (exit 1). A `--source` without `=`
    /// was said in picocli's words, "option option".
    @Test
    void anAddressThatIsNotHttpAndASourceWithoutIdAreUsageErrors() {
        for (String address : List.of("ftp://x/y", "http:opaque", "https:/x")) {
            err.getBuffer().setLength(0);
            assertThat(run("portal", "--url", address)).as(address).isEqualTo(BseeCommand.USAGE);
            assertThat(err.toString()).startsWith("bsee portal: --url must be an absolute http or https address: " + address);
        }
        // A host the JDK cannot take is said as such, for the page and for a source; both were "not
        // an absolute http address".
        for (String[] option : new String[][] {{"--url", "http://bsee_mirror:8080/RawData.aspx"},
                {"--source", "xx=http://bsee_mirror:8080/x.zip"}}) {
            err.getBuffer().setLength(0);
            assertThat(run("portal", option[0], option[1])).as(option[1]).isEqualTo(BseeCommand.USAGE);
            assertThat(err.toString()).as(option[1]).contains("must name a server a download can reach: ")
                    .contains("(the host name bsee_mirror holds '_'");
        }
        err.getBuffer().setLength(0);
        assertThat(run("portal", "--source", "bad")).isEqualTo(BseeCommand.USAGE);
        assertThat(err.toString()).contains("bsee portal: value for option '--source'").doesNotContain("option option");
    }

    /// A path without a host is taken on the site, as the catalog's own paths are; it was kept
    /// relative, matched no link and was reported NOT LISTED.
    @Test
    void aSourcePathIsTakenOnTheSite() {
        int code = run("portal", "--url", base() + "/Main/RawData.aspx", "--site", base() + "/",
                "--source", "boreholes=Well/Files/BoreholeRawData.zip");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("  boreholes       listed      Borehole  " + base() + "/Well/Files/BoreholeRawData.zip");

        err.getBuffer().setLength(0);
        assertThat(run("portal", "--url", base() + "/Main/RawData.aspx", "--source", "boreholes=ftp://x/b.zip"))
                .isEqualTo(BseeCommand.USAGE);
        assertThat(err.toString()).contains("--source boreholes: an http or https address, or a path on the site, is needed");
    }

    @Test
    void aBadSourceIdIsAUsageError() {
        int code = run("portal", "--url", base() + "/Main/RawData.aspx", "--source", "Bad Id=" + base() + "/x.zip");

        assertThat(code).isEqualTo(BseeCommand.USAGE);
        assertThat(err.toString()).contains("--source Bad Id", "lower-case");
    }
}
