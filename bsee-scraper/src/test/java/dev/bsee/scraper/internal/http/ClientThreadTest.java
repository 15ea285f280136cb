package dev.bsee.scraper.internal.http;

import com.sun.net.httpserver.HttpServer;
import dev.bsee.scraper.DownloadException;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/// The JDK's HTTP client does its I/O, its timeouts and the completion of its requests on one
/// thread of its own; under the process's thread limit (`ulimit -u`) that thread dies when it
/// cannot start a worker, and a request in flight then waited for good. A download on such a
/// client ends at once in one line saying what stopped and which limit to raise.
class ClientThreadTest {

    private static final String THREAD_LIMIT = "unable to create native thread: possibly out of memory or process/resource"
            + " limits reached";

    @Test
    void aRequestWhoseClientThreadDiedEndsInsteadOfWaitingForGood() {
        AtomicBoolean died = new AtomicBoolean();
        try (HttpClient real = HttpClient.newHttpClient()) {
            // A client that took the request and then lost its thread: the request is never
            // completed and the client's timeout never fires.
            HttpClient stopped = new Delegating(real) {
                @Override
                public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
                                                                        HttpResponse.BodyHandler<T> handler) {
                    died.set(true);
                    return new CompletableFuture<>();
                }

                @Override
                public boolean isTerminated() {
                    return died.get();
                }
            };
            FetchSettings settings = new FetchSettings();
            Engine engine = new Engine(settings, stopped);
            assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                    assertThatThrownBy(() -> engine.text(URI.create("http://127.0.0.1:9/page"), "page", 1000))
                            .isInstanceOf(DownloadException.class)
                            .satisfies(e -> assertThat(((DownloadException) e).attempts()).isEqualTo(1))
                            .message().contains("the HTTP client's thread stopped")
                            .contains("ulimit -u").doesNotContain("\n"));
        }
    }

    @Test
    void requestsAfterTheClientThreadDiedFailAtOnceNamingTheLimitNotTheNetwork() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        // The client hands its work to the executor from its own thread; one that cannot start a
        // thread throws what Thread.start throws under the limit, which ends the client's thread.
        Executor noThreads = task -> {
            if (Thread.currentThread().getName().endsWith("-SelectorManager")) {
                throw new OutOfMemoryError(THREAD_LIMIT);
            }
            Thread.ofVirtual().start(task);
        };
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> { });
        try (HttpClient client = HttpClient.newBuilder().executor(noThreads).version(HttpClient.Version.HTTP_1_1)
                .build()) {
            FetchSettings settings = new FetchSettings();
            settings.backoff(Duration.ofMillis(1), Duration.ofMillis(1));
            Engine engine = new Engine(settings, client);
            URI page = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/page");
            // The request in flight fails with the thread's error, which the source reports as a thread
            // limit, or, once the client's thread has ended, as the stopped client.
            assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                    assertThatThrownBy(() -> engine.text(page, "page", 1000))
                            .satisfiesAnyOf(e -> assertThat(e).isInstanceOf(OutOfMemoryError.class),
                                    e -> assertThat(e).isInstanceOf(DownloadException.class).hasMessageContaining("ulimit -u")));
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                while (!client.isTerminated()) {
                    Thread.sleep(10);
                }
            });
            // Every later request: the client refuses it (`closed`), which was retried as a network failure.
            assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                    assertThatThrownBy(() -> engine.text(page, "page", 1000))
                            .isInstanceOf(DownloadException.class)
                            .satisfies(e -> assertThat(((DownloadException) e).attempts()).isEqualTo(1))
                            .message().contains("the HTTP client's thread stopped").contains("ulimit -u")
                            .doesNotContain("request failed").doesNotContain("\n"));
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
            server.stop(0);
        }
    }

    /// A client that passes everything to another.
    private static class Delegating extends HttpClient {
        private final HttpClient to;

        Delegating(HttpClient to) {
            this.to = to;
        }

        @Override
        public Optional<CookieHandler> cookieHandler() {
            return to.cookieHandler();
        }

        @Override
        public Optional<Duration> connectTimeout() {
            return to.connectTimeout();
        }

        @Override
        public Redirect followRedirects() {
            return to.followRedirects();
        }

        @Override
        public Optional<ProxySelector> proxy() {
            return to.proxy();
        }

        @Override
        public SSLContext sslContext() {
            return to.sslContext();
        }

        @Override
        public SSLParameters sslParameters() {
            return to.sslParameters();
        }

        @Override
        public Optional<Authenticator> authenticator() {
            return to.authenticator();
        }

        @Override
        public Version version() {
            return to.version();
        }

        @Override
        public Optional<Executor> executor() {
            return to.executor();
        }

        @Override
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
                throws IOException, InterruptedException {
            try {
                return sendAsync(request, handler).get();
            } catch (ExecutionException e) {
                throw new IOException(e.getCause());
            }
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
            return to.sendAsync(request, handler);
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                                HttpResponse.PushPromiseHandler<T> push) {
            return to.sendAsync(request, handler, push);
        }

        @Override
        public boolean isTerminated() {
            return to.isTerminated();
        }
    }
}
