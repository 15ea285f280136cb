package dev.bsee.bridge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/// A real HTTP server on loopback that serves archives the way a test sets up: whole with an ETag
/// (and `304` to a matching `If-None-Match`), an error status forever or before a body, or a body that stalls after
/// some bytes until released.
///
/// A test class that serves for all its tests registers one as an extension, which closes it after
/// the last test: `@RegisterExtension static final ArchiveServer server = ArchiveServer.forClass();`
final class ArchiveServer implements AutoCloseable, org.junit.jupiter.api.extension.AfterAllCallback {

    private sealed interface Behaviour {
    }

    private record Serve(byte[] body, String etag) implements Behaviour {
    }

    private record Fail(int status) implements Behaviour {
    }

    private record Stall(byte[] body, int sendBytes, CountDownLatch release) implements Behaviour {
    }

    private record FailFirst(int status, AtomicInteger failuresLeft, Serve then) implements Behaviour {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Behaviour> paths = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> stalled = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger conditional = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong bodyBytes = new java.util.concurrent.atomic.AtomicLong();

    private ArchiveServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static ArchiveServer start() throws IOException {
        return new ArchiveServer();
    }

    /// A server for the tests of one class, started now and closed after the class's last test.
    static ArchiveServer forClass() {
        try {
            return new ArchiveServer();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot start the archive server on loopback", e);
        }
    }

    @Override
    public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) {
        close();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /// Serves `zip` at `path` with a content-derived ETag.
    void serve(String path, byte[] zip) {
        paths.put(path, new Serve(zip, "\"" + sha256(zip).substring(0, 16) + "\""));
    }

    /// The ETag of what [#serve] serves at `path`.
    String etag(String path) {
        return ((Serve) paths.get(path)).etag();
    }

    /// Answers every request for `path` with `status` and a short HTML page.
    void fail(String path, int status) {
        paths.put(path, new Fail(status));
    }

    /// Answers the first `failures` requests for `path` with `status` and a short HTML page, and
    /// every later one with `zip`, as [#serve] does.
    void failFirst(String path, int failures, int status, byte[] zip) {
        paths.put(path, new FailFirst(status, new AtomicInteger(failures),
                new Serve(zip, "\"" + sha256(zip).substring(0, 16) + "\"")));
    }

    /// Sends the headers of `zip` and its first `sendBytes` bytes, then waits until [#release] or
    /// [#close], then drops the connection.
    void stall(String path, byte[] zip, int sendBytes) {
        CountDownLatch latch = new CountDownLatch(1);
        stalled.put(path, latch);
        paths.put(path, new Stall(zip, sendBytes, latch));
    }

    /// Lets stalled responses at `path` finish sending their bodies.
    void release(String path) {
        CountDownLatch latch = stalled.remove(path);
        if (latch != null) {
            latch.countDown();
        }
    }

    int requests(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    /// Requests answered so far, all paths together.
    int requests() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /// Requests that carried `If-None-Match` or `If-Modified-Since`.
    int conditionalRequests() {
        return conditional.get();
    }

    /// Body bytes of whole archives sent (stalled bodies not counted).
    long bodyBytes() {
        return bodyBytes.get();
    }

    /// Requests being answered now, and the most there have been at once.
    int inFlight() {
        return inFlight.get();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        if (exchange.getRequestHeaders().containsKey("If-None-Match")
                || exchange.getRequestHeaders().containsKey("If-Modified-Since")) {
            conditional.incrementAndGet();
        }
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try (exchange) {
            Behaviour behaviour = paths.get(path);
            if (behaviour instanceof FailFirst first) {
                behaviour = first.failuresLeft().getAndDecrement() > 0 ? new Fail(first.status()) : first.then();
            }
            switch (behaviour) {
                case null -> page(exchange, 404, "Not Found");
                case Fail fail -> page(exchange, fail.status(), "Server Error");
                case FailFirst first -> throw new AssertionError("answered above");
                case Serve serve -> {
                    exchange.getResponseHeaders().set("ETag", serve.etag());
                    exchange.getResponseHeaders().set("Last-Modified", "Wed, 01 May 2024 02:00:00 GMT");
                    if (serve.etag().equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                        exchange.sendResponseHeaders(304, -1);
                        return;
                    }
                    exchange.getResponseHeaders().set("Content-Type", "application/x-zip-compressed");
                    exchange.sendResponseHeaders(200, serve.body().length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(serve.body());
                    }
                    bodyBytes.addAndGet(serve.body().length);
                }
                case Stall stall -> {
                    exchange.getResponseHeaders().set("Content-Type", "application/x-zip-compressed");
                    exchange.sendResponseHeaders(200, stall.body().length);
                    OutputStream out = exchange.getResponseBody();
                    out.write(stall.body(), 0, stall.sendBytes());
                    out.flush();
                    try {
                        if (stall.release().await(10, TimeUnit.MINUTES)) {
                            out.write(stall.body(), stall.sendBytes(), stall.body().length - stall.sendBytes());
                            out.close();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void page(HttpExchange exchange, int status, String title) throws IOException {
        byte[] html = ("<html><head><title>" + title + "</title></head><body><h1>" + title + "</h1></body></html>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, html.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(html);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        stalled.values().forEach(CountDownLatch::countDown);
        server.stop(0);
        executor.shutdownNow();
    }
}
