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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// An HTTP server on the loopback interface that serves the [DemoArchives] at the paths of the
/// real BSEE site, and a small raw-data portal page linking them, so a refresh can run offline.
///
/// ```java
/// try (DemoMirror mirror = DemoMirror.open()) {
///     SourceCatalog sources = mirror.catalog();   // every catalog source, pointing at the mirror
///     ...
/// }
/// ```
///
/// It answers `GET` and `HEAD` with `Content-Length`, `ETag`, `Last-Modified` and
/// `Accept-Ranges: bytes`; honours `If-None-Match` / `If-Modified-Since` (304) and `Range` /
/// `If-Range` (206, 416), like the IIS server of the real site. It binds a free port, so several
/// mirrors can run at once; closing it stops the server.
///
/// Tests change what it serves while it runs: [#serve(String, byte[])] publishes a new version of an
/// archive (new ETag, later Last-Modified), [#remove(String)] makes a path answer 404, and
/// [#listOnPortal(String, String)] adds a link to the portal page. It counts the archive requests
/// and the archive bytes it sent.
public final class DemoMirror implements AutoCloseable {

    /// The path of the portal page on the real site.
    public static final String PORTAL_PATH = "/Main/RawData.aspx";

    private static final System.Logger LOG = System.getLogger(DemoMirror.class.getName());
    private static final String ZIP_TYPE = "application/x-zip-compressed";
    private static final int CHUNK = 16 * 1024;
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Served> byPath = new ConcurrentHashMap<>();
    private final List<PortalEntry> portalEntries = new CopyOnWriteArrayList<>();
    private final AtomicInteger archiveRequests = new AtomicInteger();
    private final AtomicLong archiveBytes = new AtomicLong();
    private final AtomicInteger versions = new AtomicInteger();
    private volatile Consumer<String> requestLog = line -> { };

    private record Served(byte[] zip, String etag, Instant lastModified) {
    }

    private record PortalEntry(String label, String path) {
    }

    private DemoMirror(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        for (DemoArchives.Archive archive : DemoArchives.all()) {
            byPath.put(archive.path(), new Served(archive.zip(), etag(archive.zip()), DemoArchives.PUBLISHED));
            portalEntries.add(new PortalEntry(label(archive), archive.path()));
        }
        server.createContext("/", this::handle);
    }

    /// Starts a mirror on a free port of the loopback interface.
    ///
    /// @return the running mirror; close it to stop
    /// @throws IOException when no port can be bound
    public static DemoMirror open() throws IOException {
        return open(0);
    }

    private static DemoMirror open(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
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

    /// The source catalog with every address relative to this mirror, which serves the archive of
    /// every source of the catalog at the live site's path.
    ///
    /// @return the catalog
    public SourceCatalog catalog() {
        return SourceCatalog.of(baseUri());
    }

    /// How many archive requests (GET or HEAD) the mirror has answered.
    ///
    /// @return the count
    public int archiveRequests() {
        return archiveRequests.get();
    }

    /// How many archive bytes (bodies of `GET` answers) the mirror has sent.
    ///
    /// @return the bytes
    public long archiveBytes() {
        return archiveBytes.get();
    }

    /// Publishes `zip` at `path` (a new archive, or a new version of one): a new ETag and a
    /// Last-Modified a minute later than any before.
    ///
    /// @param path the URL path, e.g. `/Well/Files/APDRawData.zip`
    /// @param zip the archive's bytes
    public void serve(String path, byte[] zip) {
        Instant published = DemoArchives.PUBLISHED.plusSeconds(60L * versions.incrementAndGet());
        byPath.put(path, new Served(zip.clone(), etag(zip), published));
    }

    /// Stops serving `path`: it answers 404 from now on (the portal page keeps its link).
    ///
    /// @param path the URL path
    public void remove(String path) {
        byPath.remove(path);
    }

    /// The bytes served at `path`.
    ///
    /// @param path the URL path
    /// @return a copy of the archive, or empty when nothing is served there
    public Optional<byte[]> archive(String path) {
        return Optional.ofNullable(byPath.get(path)).map(served -> served.zip().clone());
    }

    /// The URL paths of every archive served, in no particular order.
    ///
    /// @return the paths
    public java.util.Set<String> archivePaths() {
        return java.util.Set.copyOf(byPath.keySet());
    }

    /// Adds a "Delimited" link to the portal page, as the data center does when it publishes a new
    /// dataset.
    ///
    /// @param label the dataset name shown in the row
    /// @param path the URL path the link points to
    public void listOnPortal(String label, String path) {
        portalEntries.add(new PortalEntry(label, path));
    }

    /// Receives one line per request: method, path, status, body bytes.
    ///
    /// @param log the receiver (called from server threads)
    public void logRequests(Consumer<String> log) {
        this.requestLog = java.util.Objects.requireNonNull(log, "log");
    }

    /// Serves the whole demo catalog until the process is stopped: prints the mirror's root on the
    /// first line of standard output, then one line per request (`GET /Well/Files/APDRawData.zip
    /// 200 12345`). Benchmarks use it to refresh against the mirror from another process.
    ///
    /// @param args `--port N` to bind a given port (default: a free one)
    /// @throws IOException when the port cannot be bound
    /// @throws InterruptedException when interrupted while serving
    public static void main(String[] args) throws IOException, InterruptedException {
        int port = args.length == 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 0;
        DemoMirror mirror = open(port);
        java.io.PrintStream out = System.out;
        mirror.logRequests(line -> {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        });
        out.println(mirror.baseUri());
        out.flush();
        Thread.currentThread().join();
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
                archiveBytes.addAndGet(method.equals("HEAD") || exchange.getResponseCode() == 304 ? 0
                        : Math.max(0, responseLength(exchange)));
            } else if (path.equals(PORTAL_PATH)) {
                send(exchange, 200, "text/html; charset=utf-8", portalPage().getBytes(StandardCharsets.UTF_8), method.equals("HEAD"));
            } else {
                send(exchange, 404, "text/html; charset=utf-8",
                        "<html><body><h1>404 - File or directory not found.</h1></body></html>".getBytes(StandardCharsets.UTF_8),
                        method.equals("HEAD"));
            }
            requestLog.accept(method + " " + path + " " + exchange.getResponseCode() + " "
                    + Math.max(0, responseLength(exchange)));
        }
    }

    private static long responseLength(HttpExchange exchange) {
        String length = exchange.getResponseHeaders().getFirst("Content-Length");
        return length == null ? 0 : Long.parseLong(length);
    }

    private void serveArchive(HttpExchange exchange, Served served, boolean head) throws IOException {
        byte[] zip = served.zip();
        String lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(served.lastModified().atZone(ZoneOffset.UTC));
        Headers request = exchange.getRequestHeaders();
        Headers response = exchange.getResponseHeaders();
        response.set("ETag", served.etag());
        response.set("Last-Modified", lastModified);
        response.set("Accept-Ranges", "bytes");
        if (notModified(request, served.etag(), served.lastModified())) {
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

    private static boolean notModified(Headers request, String etag, Instant lastModified) {
        String ifNoneMatch = request.getFirst("If-None-Match");
        if (ifNoneMatch != null) {
            return ifNoneMatch.equals("*") || Arrays.stream(ifNoneMatch.split(",")).map(String::trim).anyMatch(etag::equals);
        }
        String ifModifiedSince = request.getFirst("If-Modified-Since");
        if (ifModifiedSince != null) {
            try {
                Instant since = ZonedDateTime.parse(ifModifiedSince, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return !lastModified.isAfter(since);
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

    private static String label(DemoArchives.Archive archive) {
        return switch (archive.sourceId()) {
            case "well", "apd" -> "Application for Permit to Drill (APD)";
            case "production", "production_raw" -> "Production - OGOR-A Production Data";
            case "war" -> "eWell Well Activity Report (WAR)";
            default -> archive.fileName();
        };
    }

    private String portalPage() {
        StringBuilder rows = new StringBuilder();
        for (PortalEntry entry : portalEntries) {
            Served served = byPath.get(entry.path());
            rows.append("""
                          <tr>
                            <td class="dataset">%s</td>
                            <td><a href="..%s">Delimited</a>%s</td>
                            <td>Fixed not available on the demo mirror</td>
                          </tr>
                    """.formatted(entry.label(), entry.path(),
                    // Grouped as the tool groups counts, with ASCII digits whatever the JVM's locale.
                    served == null ? "" : String.format(Locale.ROOT, " (%,d bytes)", served.zip().length)));
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
