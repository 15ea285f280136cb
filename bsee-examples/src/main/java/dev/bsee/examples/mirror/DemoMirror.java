package dev.bsee.examples.mirror;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bsee.core.SourceCatalog;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// An HTTP server on the loopback interface that serves the [DemoArchives] at the paths of the
/// real BSEE site, and a small raw-data portal page linking them, so a refresh can run offline.
///
/// ```java
/// try (DemoMirror mirror = DemoMirror.start()) {
///     SourceCatalog sources = mirror.catalog();   // well, production, war pointing at the mirror
///     ...
/// }
/// ```
///
/// It answers `GET` and `HEAD` with `Content-Length`, `ETag`, `Last-Modified` and
/// `Accept-Ranges: bytes`; honours `If-None-Match` / `If-Modified-Since` (304) and `Range` /
/// `If-Range` (206, 416), like the IIS server of the real site. It binds a free port, so several
/// mirrors can run at once; closing it stops the server.
public final class DemoMirror implements AutoCloseable {

    /// The path of the portal page on the real site.
    public static final String PORTAL_PATH = "/Main/RawData.aspx";

    private static final System.Logger LOG = System.getLogger(DemoMirror.class.getName());
    private static final String ZIP_TYPE = "application/x-zip-compressed";
    private static final int CHUNK = 16 * 1024;
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Served> byPath = new LinkedHashMap<>();
    private final AtomicInteger archiveRequests = new AtomicInteger();

    private record Served(DemoArchives.Archive archive, String etag) {
    }

    private DemoMirror(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        for (DemoArchives.Archive archive : DemoArchives.all()) {
            byPath.put(archive.path(), new Served(archive, etag(archive.zip())));
        }
        server.createContext("/", this::handle);
    }

    /// Starts a mirror on a free port of the loopback interface.
    ///
    /// @return the running mirror; close it to stop
    /// @throws IOException when no port can be bound
    public static DemoMirror start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        DemoMirror mirror = new DemoMirror(server, executor);
        server.start();
        LOG.log(System.Logger.Level.DEBUG, "demo mirror listening on {0}", mirror.baseUri());
        return mirror;
    }

    /// The mirror's root, e.g. `http://127.0.0.1:41234/`.
    ///
    /// @return the address
    public URI baseUri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/");
    }

    /// Where the mirror serves a source's archive.
    ///
    /// @param sourceId `well`, `production` or `war`
    /// @return the address
    public URI uri(String sourceId) {
        return baseUri().resolve(DemoArchives.of(sourceId).path().substring(1));
    }

    /// The mirror's portal page, listing the archives as the real raw-data page does.
    ///
    /// @return the address
    public URI portalUri() {
        return baseUri().resolve(PORTAL_PATH.substring(1));
    }

    /// The source catalog with every address relative to this mirror, which serves the archives of
    /// `apd` (`well`), `production_raw` (`production`) and `war` at the live site's paths.
    ///
    /// @return the catalog
    public SourceCatalog catalog() {
        return SourceCatalog.at(baseUri());
    }

    /// How many archive requests (GET or HEAD) the mirror has answered.
    ///
    /// @return the count
    public int archiveRequests() {
        return archiveRequests.get();
    }

    /// Stops the server at once.
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            LOG.log(System.Logger.Level.DEBUG, "{0} {1}", method, path);
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Served served = byPath.get(path);
            if (served != null) {
                archiveRequests.incrementAndGet();
                serveArchive(exchange, served, method.equals("HEAD"));
            } else if (path.equals(PORTAL_PATH)) {
                send(exchange, 200, "text/html; charset=utf-8", portalPage().getBytes(StandardCharsets.UTF_8), method.equals("HEAD"));
            } else {
                send(exchange, 404, "text/html; charset=utf-8",
                        "<html><body><h1>404 - File or directory not found.</h1></body></html>".getBytes(StandardCharsets.UTF_8),
                        method.equals("HEAD"));
            }
        }
    }

    private void serveArchive(HttpExchange exchange, Served served, boolean head) throws IOException {
        byte[] zip = served.archive().zip();
        String lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(DemoArchives.PUBLISHED.atZone(ZoneOffset.UTC));
        Headers request = exchange.getRequestHeaders();
        Headers response = exchange.getResponseHeaders();
        response.set("ETag", served.etag());
        response.set("Last-Modified", lastModified);
        response.set("Accept-Ranges", "bytes");
        if (notModified(request, served.etag())) {
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        String ifRange = request.getFirst("If-Range");
        boolean rangeApplies = ifRange == null || ifRange.equals(served.etag()) || ifRange.equals(lastModified);
        Optional<Matcher> range = Optional.ofNullable(request.getFirst("Range")).filter(r -> rangeApplies)
                .map(RANGE::matcher).filter(Matcher::matches);
        if (range.isEmpty()) {
            send(exchange, 200, ZIP_TYPE, zip, head);
            return;
        }
        long start = Long.parseLong(range.get().group(1));
        long end = range.get().group(2).isEmpty() ? zip.length - 1 : Math.min(zip.length - 1, Long.parseLong(range.get().group(2)));
        if (start >= zip.length || end < start) {
            response.set("Content-Range", "bytes */" + zip.length);
            exchange.sendResponseHeaders(416, -1);
            return;
        }
        response.set("Content-Range", "bytes " + start + "-" + end + "/" + zip.length);
        byte[] part = Arrays.copyOfRange(zip, (int) start, (int) end + 1);
        send(exchange, 206, ZIP_TYPE, part, head);
    }

    private static boolean notModified(Headers request, String etag) {
        String ifNoneMatch = request.getFirst("If-None-Match");
        if (ifNoneMatch != null) {
            return ifNoneMatch.equals("*") || Arrays.stream(ifNoneMatch.split(",")).map(String::trim).anyMatch(etag::equals);
        }
        String ifModifiedSince = request.getFirst("If-Modified-Since");
        if (ifModifiedSince != null) {
            try {
                Instant since = ZonedDateTime.parse(ifModifiedSince, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return !DemoArchives.PUBLISHED.isAfter(since);
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return false;
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body, boolean head) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int at = 0; at < body.length; at += CHUNK) {
                out.write(body, at, Math.min(CHUNK, body.length - at));
            }
        }
    }

    private static String portalPage() {
        StringBuilder rows = new StringBuilder();
        Map<String, String> labels = Map.of(
                "well", "Application for Permit to Drill (APD)",
                "production", "Production - OGOR-A Production Data",
                "war", "eWell Well Activity Report (WAR)");
        for (DemoArchives.Archive archive : DemoArchives.all()) {
            rows.append("""
                          <tr>
                            <td class="dataset">%s</td>
                            <td><a id="lnk%sDelimited" href="..%s">Delimited</a> (%,d bytes)</td>
                            <td>Fixed not available on the demo mirror</td>
                          </tr>
                    """.formatted(labels.getOrDefault(archive.sourceId(), archive.fileName()), archive.sourceId(),
                    archive.path(), archive.zip().length));
        }
        return """
                <!DOCTYPE html>
                <html xmlns="http://www.w3.org/1999/xhtml">
                <head><title>BSEE Data Center - Raw Data (demo mirror)</title></head>
                <body>
                  <form method="post" action="./RawData.aspx" id="form1">
                    <input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="demo" />
                    <table class="rawDataTable" id="ContentPlaceHolder1_gvRawData">
                      <tr><th>Dataset</th><th>Delimited</th><th>Fixed</th></tr>
                %s    </table>
                  </form>
                </body>
                </html>
                """.formatted(rows);
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 8) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
