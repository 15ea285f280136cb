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
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/// The JDK's HTTP client does its I/O, its timeouts and the completion of its requests on one
/// thread of its own; under the process's thread limit (`ulimit -u`) that thread dies when it
/// cannot start a worker, and a request in flight then waited for good in `send`. A download on
/// such a client ends in one line saying what stopped and which limit to raise; a request on a
/// client whose thread lives is left to the client.
class ClientThreadTest {

    @Test
    void aRequestWhoseClientThreadDiesEndsInsteadOfWaitingForGood() {
        AtomicBoolean died = new AtomicBoolean();
        AtomicBoolean cancelled = new AtomicBoolean();
        try (HttpClient real = HttpClient.newHttpClient()) {
            // A client that took the request and then lost its thread: the request is never
            // completed and the client's timeout never fires.
            HttpClient stopping = new Scripted(real, () -> {
                setLater(died, 1500);
                waitAsTheClientDoes(cancelled);
            }, died::get);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                assertFailsAsTheClientsThread(new Engine(new FetchSettings(), stopping));
                // The interrupt that ended the client's wait is not left for the caller to take as its own.
                assertThat(Thread.currentThread().isInterrupted()).isFalse();
            });
            assertThat(cancelled).isTrue();
        }
    }

    @Test
    void aRequestOfAClientWhoseThreadHasStoppedFailsAtOnceNotAsTheNetwork() {
        AtomicInteger sent = new AtomicInteger();
        try (HttpClient real = HttpClient.newHttpClient()) {
            // What the JDK's client does with a request once its thread has ended.
            HttpClient stopped = new Scripted(real, () -> {
                sent.incrementAndGet();
                throw new IOException("closed");
            }, () -> true);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertFailsAsTheClientsThread(new Engine(new FetchSettings(), stopped))
                            .doesNotContain("request failed"));
            assertThat(sent).hasValue(0);
        }
    }

    /// A client whose thread dies fails the requests it had pending, some as timeouts long before
    /// their time: said as the thread that stopped, not as a server that sent no headers within
    /// the 2 min it was never given.
    @Test
    void aTimeoutBeforeItsTimeFromAClientWhoseThreadDiesIsTheClientsThread() {
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean died = new AtomicBoolean();
        try (HttpClient real = HttpClient.newHttpClient()) {
            HttpClient stopping = new Scripted(real, () -> {
                sent.incrementAndGet();
                // The thread ends a moment after it failed what it had pending.
                setLater(died, 300);
                throw new java.net.http.HttpTimeoutException("request timed out");
            }, died::get);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertFailsAsTheClientsThread(new Engine(new FetchSettings(), stopping)).doesNotContain("did not arrive"));
            assertThat(sent).hasValue(1);
        }
    }

    /// The same early timeout from a client that goes on living is the timeout it says it is.
    @Test
    void aTimeoutFromAClientThatLivesStaysATimeout() {
        try (HttpClient real = HttpClient.newHttpClient()) {
            HttpClient living = new Scripted(real, () -> {
                throw new java.net.http.HttpTimeoutException("request timed out");
            }, () -> false);
            FetchSettings once = new FetchSettings();
            once.maxAttempts(1);
            Engine engine = new Engine(once, living);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> engine.text(URI.create("http://127.0.0.1:9/page"), "page", 1000))
                            .isInstanceOf(DownloadException.class)
                            .message().contains("did not arrive whole within").doesNotContain("thread stopped"));
        }
    }

    /// The engine's download fails after one attempt in one line naming the client's thread and
    /// the limit to raise; the message, for further checks.
    private static org.assertj.core.api.AbstractStringAssert<?> assertFailsAsTheClientsThread(Engine engine) {
        return assertThatThrownBy(() -> engine.text(URI.create("http://127.0.0.1:9/page"), "page", 1000))
                .isInstanceOf(DownloadException.class)
                .satisfies(e -> assertThat(((DownloadException) e).attempts()).isEqualTo(1))
                .message().contains("the HTTP client's thread stopped").contains("ulimit -u").doesNotContain("\n");
    }

    /// Sets `flag` from a thread of its own after `millis`.
    private static void setLater(AtomicBoolean flag, long millis) {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            flag.set(true);
        });
    }

    /// A slow answer on a client whose thread lives is read as it comes: the watch on the client's
    /// thread neither ends the request nor leaves an interrupt behind.
    @Test
    void aSlowAnswerOfALiveClientIsReadWhole() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(2500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (Engine engine = new Engine(new FetchSettings())) {
            URI page = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/page");
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                assertThat(engine.text(page, "page", 1000)).isEqualTo("hello");
                assertThat(Thread.currentThread().isInterrupted()).isFalse();
            });
        } finally {
            server.stop(0);
        }
    }

    /// Waits for a response that never comes as the JDK's `send` does: until interrupted, which
    /// cancels the request.
    private static void waitAsTheClientDoes(AtomicBoolean cancelled) throws InterruptedException {
        CompletableFuture<Void> never = new CompletableFuture<>();
        try {
            never.get();
        } catch (InterruptedException e) {
            cancelled.set(never.cancel(true));
            throw e;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    /// A client whose `send` runs `send`, which throws or waits for good, and whose thread has
    /// ended when `terminated` says so.
    private static final class Scripted extends Delegating {
        private final Send send;
        private final java.util.function.BooleanSupplier terminated;

        Scripted(HttpClient to, Send send, java.util.function.BooleanSupplier terminated) {
            super(to);
            this.send = send;
            this.terminated = terminated;
        }

        @Override
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
                throws IOException, InterruptedException {
            send.run();
            throw new AssertionError("the scripted send returned");
        }

        @Override
        public boolean isTerminated() {
            return terminated.getAsBoolean();
        }
    }

    /// What a scripted `send` does.
    private interface Send {
        void run() throws IOException, InterruptedException;
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
            return to.send(request, handler);
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
