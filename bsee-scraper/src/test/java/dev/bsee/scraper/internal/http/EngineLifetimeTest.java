package dev.bsee.scraper.internal.http;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/// An application that refreshes on a schedule makes a fetcher for each refresh and closes it. The
/// JDK's client keeps its last exchange, the body handler included, for as long as its public object
/// can be reached; a handler that held the engine, and so that object, kept every closed client
/// (its connection, its exchange and buffers, its threads' objects: about 100 KB a refresh) for the
/// life of the JVM, until a service's heap ran out.
class EngineLifetimeTest {

    @Test
    void aClosedEngineIsCollectedWithItsClient() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/page", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            URI page = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/page");
            List<WeakReference<Engine>> closed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                closed.add(fetchAndClose(page));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (closed.stream().anyMatch(engine -> engine.get() != null) && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(100);
            }
            assertThat(closed).as("closed engines still reachable").allSatisfy(engine -> assertThat(engine.get()).isNull());
        } finally {
            server.stop(0);
        }
    }

    private static WeakReference<Engine> fetchAndClose(URI page) throws IOException, InterruptedException {
        Engine engine = new Engine(new FetchSettings());
        try (engine) {
            assertThat(engine.text(page, "page", 1000)).isEqualTo("hello");
        }
        return new WeakReference<>(engine);
    }
}
