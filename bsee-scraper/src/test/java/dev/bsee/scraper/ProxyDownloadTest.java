package dev.bsee.scraper;

import static dev.bsee.scraper.LoopbackHttpServer.respond;
import static dev.bsee.scraper.TestArchives.hashing;
import static dev.bsee.scraper.TestArchives.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.bsee.scraper.internal.http.ProxyEnvironment;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import dev.bsee.core.loopback.LoopbackProxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Downloads through an HTTP proxy chosen by the proxy variables of an environment, as the
/// command-line tool reads them: a plain-http address as an absolute-form request to the proxy, an
/// https address through a `CONNECT` tunnel, and directly where `no_proxy` matches or the address
/// is loopback. The proxy and the servers are on loopback; the proxy records what went through it.
class ProxyDownloadTest {

    private static final byte[] ARCHIVE = TestArchives.zip(4, 600);
    private static final String PATH = "/Well/Files/APDRawData.zip";

    @TempDir
    Path dir;

    private LoopbackProxy proxy;
    private LoopbackHttpServer server;
    private HttpsServer httpsServer;

    @BeforeEach
    void start() throws Exception {
        proxy = new LoopbackProxy();
        server = new LoopbackHttpServer().on(PATH, exchange ->
                respond(exchange, 200, Map.of("Content-Type", "application/zip"), ARCHIVE));
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        server.close();
        if (httpsServer != null) {
            httpsServer.stop(0);
        }
    }

    private HttpFetcher fetcher(ProxySelector selector) {
        return HttpFetcher.builder().proxy(selector).maxAttempts(1)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5))
                .sleeper(new RecordingSleeper()).spoolDirectory(dir).build();
    }

    /// The selector of `environment`, as the tool makes it (loopback direct), or with loopback
    /// sent to the proxy too, for the https server whose certificate names 127.0.0.1 alone.
    private static ProxySelector environment(boolean loopbackDirect, String... pairs) {
        Map<String, String> variables = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            variables.put(pairs[i], pairs[i + 1]);
        }
        return ProxyEnvironment.from(variables, loopbackDirect).orElseThrow();
    }

    private URI https() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = ProxyDownloadTest.class.getResourceAsStream("/tls/loopback.p12")) {
            keys.load(in, "loopback".toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, "loopback".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(factory.getKeyManagers(), null, null);
        httpsServer = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        httpsServer.setHttpsConfigurator(new HttpsConfigurator(tls));
        httpsServer.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-https");
            t.setDaemon(true);
            return t;
        }));
        httpsServer.createContext(PATH, exchange -> {
            try (exchange) {
                respond(exchange, 200, Map.of("Content-Type", "application/zip"), ARCHIVE);
            }
        });
        httpsServer.start();
        return URI.create("https://127.0.0.1:" + httpsServer.getAddress().getPort() + PATH);
    }

    @Test
    void anHttpAddressGoesThroughTheProxyHttpProxyNames() throws Exception {
        // A host no resolver knows: only the proxy can reach it.
        URI address = URI.create("http://bsee.test:" + server.port() + PATH);
        try (HttpFetcher fetcher = fetcher(environment(true, "http_proxy", proxy.address(), "no_proxy", "corp.example"))) {
            FetchResult<String> result = fetcher.fetch(TestArchives.source(address), hashing());

            assertThat(result.value()).contains(sha256(ARCHIVE));
        }
        assertThat(proxy.requests()).containsExactly("GET " + address + " HTTP/1.1");
        assertThat(server.requests(PATH)).hasSize(1);
    }

    @Test
    void anHttpsAddressGoesThroughATunnelTheHttpsProxyOpens() throws Exception {
        URI address = https();
        try (HttpFetcher fetcher = fetcher(environment(false, "HTTPS_PROXY", proxy.address()))) {
            FetchResult<String> result = fetcher.fetch(TestArchives.source(address), hashing());

            assertThat(result.value()).contains(sha256(ARCHIVE));
        }
        assertThat(proxy.requests()).containsExactly("CONNECT 127.0.0.1:" + address.getPort() + " HTTP/1.1");
    }

    @Test
    void anHttpsAddressNoProxyMatchesConnectsDirectly() throws Exception {
        URI address = https();
        try (HttpFetcher fetcher = fetcher(environment(false, "https_proxy", proxy.address(),
                "no_proxy", "mirror.example, 127.0.0.0/8"))) {
            FetchResult<String> result = fetcher.fetch(TestArchives.source(address), hashing());

            assertThat(result.value()).contains(sha256(ARCHIVE));
        }
        assertThat(proxy.requests()).isEmpty();
    }

    @Test
    void anHttpAddressNoProxyMatchesConnectsDirectly() throws Exception {
        URI address = server.uri(PATH);
        try (HttpFetcher fetcher = fetcher(environment(false, "all_proxy", proxy.address(),
                "NO_PROXY", "127.0.0.1:" + server.port()))) {
            FetchResult<String> result = fetcher.fetch(TestArchives.source(address), hashing());

            assertThat(result.value()).contains(sha256(ARCHIVE));
        }
        assertThat(proxy.requests()).isEmpty();
        // The same host at another port is not what the entry names: through the proxy.
        try (HttpFetcher fetcher = fetcher(environment(false, "all_proxy", proxy.address(),
                "NO_PROXY", "127.0.0.1:" + (server.port() == 1 ? 2 : server.port() - 1)))) {
            fetcher.fetch(TestArchives.source(address), hashing());
        }
        assertThat(proxy.requests()).containsExactly("GET " + address + " HTTP/1.1");
    }

    @Test
    void aDomainInNoProxySendsItsHostsDirectlyNotToTheProxy() throws Exception {
        URI address = URI.create("http://bsee.test:" + server.port() + PATH);
        try (HttpFetcher fetcher = fetcher(environment(true, "http_proxy", proxy.address(), "no_proxy", ".test"))) {
            // Directly, bsee.test resolves nowhere: the download fails without reaching the proxy.
            assertThatThrownBy(() -> fetcher.fetch(TestArchives.source(address), hashing()))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("bsee.test");
        }
        assertThat(proxy.requests()).isEmpty();
    }

    @Test
    void aLoopbackAddressAlwaysConnectsDirectly() throws Exception {
        for (URI address : List.of(server.uri(PATH), URI.create("http://localhost:" + server.port() + PATH))) {
            try (HttpFetcher fetcher = fetcher(environment(true, "http_proxy", proxy.address()))) {
                FetchResult<String> result = fetcher.fetch(TestArchives.source(address), hashing());

                assertThat(result.value()).as(address.toString()).contains(sha256(ARCHIVE));
            }
        }
        assertThat(proxy.requests()).isEmpty();
        assertThat(server.requests(PATH)).hasSize(2);
    }

    /// A proxy that refuses: its answer is named as the proxy's, not the server's. A 407 to a
    /// `CONNECT`, which the JDK hands back as a response without a body, failed with a
    /// NullPointerException; a 403 was retried as "request failed: Tunnel failed, got: 403".
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {407, 403})
    void aProxyRefusingATunnelIsNamedAndNotRetried(int status) throws Exception {
        URI address = https();
        try (LoopbackProxy refusing = new LoopbackProxy(status);
             HttpFetcher fetcher = HttpFetcher.builder().proxy(environment(false, "https_proxy", refusing.address()))
                     .maxAttempts(3).connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5))
                     .sleeper(new RecordingSleeper()).spoolDirectory(dir).build()) {
            assertThatThrownBy(() -> fetcher.fetch(TestArchives.source(address), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DownloadException.Kind.CONNECT);
                        assertThat(e.attempts()).isEqualTo(1);
                    })
                    .hasMessageContaining("the proxy " + refusing.address().substring("http://".length())
                            + " refused to open a tunnel to 127.0.0.1:" + address.getPort() + ": HTTP " + status)
                    .hasMessageEndingWith("; not retried [1 attempt]");
            assertThat(refusing.requests()).containsExactly("CONNECT 127.0.0.1:" + address.getPort() + " HTTP/1.1");
        }
    }

    @Test
    void aProxyThatCannotReachTheServerIsRetried() throws Exception {
        URI address = https();
        try (LoopbackProxy failing = new LoopbackProxy(502);
             HttpFetcher fetcher = HttpFetcher.builder().proxy(environment(false, "https_proxy", failing.address()))
                     .maxAttempts(3).connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5))
                     .sleeper(new RecordingSleeper()).spoolDirectory(dir).build()) {
            assertThatThrownBy(() -> fetcher.fetch(TestArchives.source(address), hashing()))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("gave up: the proxy " + failing.address().substring("http://".length())
                            + " refused to open a tunnel to 127.0.0.1:" + address.getPort() + ": HTTP 502 Bad Gateway [3 attempts]");
            assertThat(failing.requests()).hasSize(3);
        }
    }

    @Test
    void aProxyAskingForCredentialsOfAnHttpRequestIsNamed() throws Exception {
        URI address = URI.create("http://bsee.test:" + server.port() + PATH);
        try (LoopbackProxy asking = new LoopbackProxy(407);
             HttpFetcher fetcher = fetcher(environment(true, "http_proxy", asking.address()))) {
            assertThatThrownBy(() -> fetcher.fetch(TestArchives.source(address), hashing()))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("HTTP 407 Proxy Authentication Required from the proxy "
                            + asking.address().substring("http://".length()) + " (it asks for a user and password");
        }
        assertThat(server.requests(PATH)).isEmpty();
    }

    @Test
    void aProxyThatCannotBeReachedIsNamedNotTheServer() throws Exception {
        URI address = URI.create("http://bsee.test:" + server.port() + PATH);
        try (ClosedPort closed = ClosedPort.open();
             HttpFetcher fetcher = fetcher(environment(true, "http_proxy", "http://127.0.0.1:" + closed.port()))) {
            assertThatThrownBy(() -> fetcher.fetch(TestArchives.source(address), hashing()))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("cannot connect to the proxy 127.0.0.1:" + closed.port() + ": connection refused"
                            + " (the proxy for bsee.test)");
        }
        try (HttpFetcher fetcher = fetcher(environment(true, "http_proxy", "http://proxy.invalid:3128"))) {
            assertThatThrownBy(() -> fetcher.fetch(TestArchives.source(address), hashing()))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("cannot resolve the host of the proxy proxy.invalid:3128 (the proxy for bsee.test)");
        }
    }

    /// A status a request answered through a proxy may be the proxy's own (a company's proxy
    /// blocking a site answers 403 itself): the failure names the proxy it went through.
    @Test
    void aStatusAnsweredThroughAProxyNamesTheProxy() throws Exception {
        URI address = URI.create("http://bsee.test:" + server.port() + PATH);
        try (LoopbackProxy blocking = new LoopbackProxy(403);
             HttpFetcher fetcher = fetcher(environment(true, "http_proxy", blocking.address()))) {
            assertThatThrownBy(() -> fetcher.fetch(TestArchives.source(address), hashing()))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("HTTP 403 Forbidden (through the proxy "
                            + blocking.address().substring("http://".length()) + "); not retried");
        }
    }

    /// A proxy's own page in place of the archive (200, HTML) names the proxy it came through.
    @Test
    void aPageInPlaceOfTheArchiveNamesTheProxyItCameThrough() throws Exception {
        URI address = URI.create("http://bsee.test:" + server.port() + PATH);
        try (LoopbackProxy blockPage = new LoopbackProxy(200);
             HttpFetcher fetcher = fetcher(environment(true, "http_proxy", blockPage.address()))) {
            assertThatThrownBy(() -> fetcher.fetch(TestArchives.source(address), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class,
                            e -> assertThat(e.kind()).isEqualTo(DownloadException.Kind.NOT_A_ZIP))
                    .hasMessageContaining("(" + address + "): HTTP 200 (through the proxy "
                            + blockPage.address().substring("http://".length()) + ") is not a zip archive");
        }
    }

    // A proxy that asks for a user and password (407, Basic): the authenticator's answer.

    private static final String USER = "corp\\alice";
    private static final String PASSWORD = "pa@ss w:rd%41";

    /// An authenticator that gives `user` and `password` and records each request for them.
    private static final class RecordingAuthenticator extends java.net.Authenticator {
        final List<String> asked = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        private final String user;
        private final String password;

        RecordingAuthenticator(String user, String password) {
            this.user = user;
            this.password = password;
        }

        @Override
        protected java.net.PasswordAuthentication getPasswordAuthentication() {
            asked.add(getRequestorType() + " " + getRequestingHost() + ":" + getRequestingPort() + " "
                    + getRequestingScheme());
            return new java.net.PasswordAuthentication(user, password.toCharArray());
        }
    }

    private HttpFetcher fetcher(ProxySelector selector, java.net.Authenticator authenticator) {
        return HttpFetcher.builder().proxy(selector).authenticator(authenticator).maxAttempts(3)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5))
                .sleeper(new RecordingSleeper()).spoolDirectory(dir).build();
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void anHttpAddressThroughAProxyAskingForAPasswordGetsTheAuthenticatorsAnswer() throws Exception {
        URI address = URI.create("http://bsee.test:" + server.port() + PATH);
        RecordingAuthenticator authenticator = new RecordingAuthenticator(USER, PASSWORD);
        try (LoopbackProxy asking = LoopbackProxy.requiring(USER, PASSWORD);
             HttpFetcher fetcher = fetcher(environment(true, "http_proxy", asking.address()), authenticator)) {
            FetchResult<String> result = fetcher.fetch(TestArchives.source(address), hashing());
            assertThat(result.value()).contains(sha256(ARCHIVE));
            // Asked once, as the proxy's; later requests through the proxy carry the answer at once,
            // another fetcher's given the same authenticator too (a new connection to the proxy).
            try (HttpFetcher another = fetcher(environment(true, "http_proxy", asking.address()), authenticator)) {
                another.fetch(TestArchives.source(address), hashing());
            }

            assertThat(authenticator.asked).containsExactly("PROXY 127.0.0.1:"
                    + asking.address().substring(asking.address().lastIndexOf(':') + 1) + " Basic");
            assertThat(asking.authorizations()).containsExactly("", basic(USER, PASSWORD), basic(USER, PASSWORD));
        }
        assertThat(server.requests(PATH)).hasSize(2)
                .allSatisfy(request -> assertThat(request.header("Proxy-Authorization")).isEmpty());
    }

    /// Through a `CONNECT` tunnel: this test JVM lets Basic open a tunnel
    /// (`jdk.http.auth.tunneling.disabledSchemes` set empty in the pom), as the tool's does when a
    /// proxy variable holds a password. The server inside the tunnel never sees the header.
    @Test
    void anHttpsAddressThroughAProxyAskingForAPasswordGetsItsTunnel() throws Exception {
        URI address = https();
        List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        httpsServer.removeContext(PATH);
        httpsServer.createContext(PATH, exchange -> {
            try (exchange) {
                seen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Proxy-Authorization")));
                respond(exchange, 200, Map.of("Content-Type", "application/zip"), ARCHIVE);
            }
        });
        RecordingAuthenticator authenticator = new RecordingAuthenticator(USER, PASSWORD);
        try (LoopbackProxy asking = LoopbackProxy.requiring(USER, PASSWORD);
             HttpFetcher fetcher = fetcher(environment(false, "https_proxy", asking.address()), authenticator)) {
            FetchResult<String> result = fetcher.fetch(TestArchives.source(address), hashing());

            assertThat(result.value()).contains(sha256(ARCHIVE));
            assertThat(asking.requests()).containsExactly("CONNECT 127.0.0.1:" + address.getPort() + " HTTP/1.1",
                    "CONNECT 127.0.0.1:" + address.getPort() + " HTTP/1.1");
            assertThat(asking.authorizations()).containsExactly("", basic(USER, PASSWORD));
            assertThat(authenticator.asked).hasSize(1).allSatisfy(asked -> assertThat(asked).startsWith("PROXY "));
        }
        assertThat(seen).containsExactly("null");
    }

    /// A refused user and password fail the download in one line naming the proxy, not retried
    /// and not sent again: not by another fetcher given the same authenticator either (a company's
    /// directory locks an account after a few refusals). The password appears nowhere.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aRefusedPasswordFailsOnceNamingTheProxyAndIsNotSentAgain(boolean tunnel) throws Exception {
        URI address = tunnel ? https() : URI.create("http://bsee.test:" + server.port() + PATH);
        RecordingAuthenticator wrong = new RecordingAuthenticator(USER, "wrong-secret");
        try (LoopbackProxy asking = LoopbackProxy.requiring(USER, PASSWORD)) {
            String proxyName = asking.address().substring("http://".length());
            ProxySelector selector = environment(false, tunnel ? "https_proxy" : "http_proxy", asking.address());
            for (int fetcherNumber = 1; fetcherNumber <= 2; fetcherNumber++) {
                try (HttpFetcher fetcher = fetcher(selector, wrong)) {
                    String expected = tunnel
                            ? "the proxy " + proxyName + " refused to open a tunnel to 127.0.0.1:" + address.getPort()
                                    + ": HTTP 407 Proxy Authentication Required (it refused the user and password given"
                            : "HTTP 407 Proxy Authentication Required from the proxy " + proxyName
                                    + " (it refused the user and password given";
                    assertThatThrownBy(() -> fetcher.fetch(TestArchives.source(address), hashing()))
                            .isInstanceOfSatisfying(DownloadException.class, e -> {
                                assertThat(e.attempts()).isEqualTo(1);
                                assertThat(e.kind()).isEqualTo(tunnel ? DownloadException.Kind.CONNECT
                                        : DownloadException.Kind.HTTP_STATUS);
                                assertThat(e.getMessage()).doesNotContain("wrong-secret").doesNotContain("\n");
                            })
                            .hasMessageContaining(expected)
                            .hasMessageEndingWith("; not retried [1 attempt]");
                }
            }
            // The first fetcher: a request, then its answer; the second: one request without it.
            assertThat(asking.authorizations()).containsExactly("", basic(USER, "wrong-secret"), "");
        }
        assertThat(server.requests(PATH)).isEmpty();
    }

    /// The authenticator answers the proxy only: a server's own 401 is not answered, and the
    /// failure is the server's status as without an authenticator.
    @Test
    void aServersUnauthorizedIsNotAnsweredWithTheProxysAuthenticator() throws Exception {
        server.on("/private.zip", exchange -> respond(exchange, 401,
                Map.of("WWW-Authenticate", "Basic realm=\"data\""), new byte[0]));
        RecordingAuthenticator authenticator = new RecordingAuthenticator(USER, PASSWORD);
        URI direct = server.uri("/private.zip");
        URI proxied = URI.create("http://bsee.test:" + server.port() + "/private.zip");
        try (LoopbackProxy asking = LoopbackProxy.requiring(USER, PASSWORD);
             HttpFetcher fetcher = fetcher(environment(true, "http_proxy", asking.address()), authenticator)) {
            for (URI address : List.of(direct, proxied)) {
                assertThatThrownBy(() -> fetcher.fetch(TestArchives.source(address), hashing()))
                        .isInstanceOfSatisfying(DownloadException.class, e -> assertThat(e.attempts()).isEqualTo(1))
                        .hasMessageContaining("HTTP 401 Unauthorized");
            }
        }
        assertThat(authenticator.asked).hasSize(1).allSatisfy(asked -> assertThat(asked).startsWith("PROXY "));
        assertThat(server.requests("/private.zip")).hasSize(2)
                .allSatisfy(request -> assertThat(request.header("Authorization")).isEmpty())
                .allSatisfy(request -> assertThat(request.header("Proxy-Authorization")).isEmpty());
    }

    @Test
    void anAuthenticatorThatGivesNothingFailsNamingTheProxy() throws Exception {
        URI address = URI.create("http://bsee.test:" + server.port() + PATH);
        java.net.Authenticator none = new java.net.Authenticator() {
        };
        try (LoopbackProxy asking = LoopbackProxy.requiring(USER, PASSWORD);
             HttpFetcher fetcher = fetcher(environment(true, "http_proxy", asking.address()), none)) {
            assertThatThrownBy(() -> fetcher.fetch(TestArchives.source(address), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> assertThat(e.attempts()).isEqualTo(1))
                    .hasMessageContaining("HTTP 407 Proxy Authentication Required from the proxy "
                            + asking.address().substring("http://".length())
                            + " (it asks for a user and password, and the authenticator gave none for it); not retried");
            assertThat(asking.authorizations()).containsExactly("");
        }
    }

    /// A 407 from the server inside a tunnel is the server's, not the proxy's: not answered, and
    /// the password the proxy accepted is not taken as refused (a later download sends it at once).
    @Test
    void aServersOwn407InsideATunnelIsNotTakenForTheProxys() throws Exception {
        URI address = https();
        httpsServer.createContext("/hostile.zip", exchange -> {
            try (exchange) {
                respond(exchange, 407, Map.of("Proxy-Authenticate", "Basic realm=\"server\""), new byte[0]);
            }
        });
        URI hostile = address.resolve("/hostile.zip");
        RecordingAuthenticator authenticator = new RecordingAuthenticator(USER, PASSWORD);
        try (LoopbackProxy asking = LoopbackProxy.requiring(USER, PASSWORD)) {
            ProxySelector selector = environment(false, "https_proxy", asking.address());
            try (HttpFetcher fetcher = fetcher(selector, authenticator)) {
                assertThatThrownBy(() -> fetcher.fetch(TestArchives.source(hostile), hashing()))
                        .isInstanceOfSatisfying(DownloadException.class, e -> assertThat(e.attempts()).isEqualTo(1))
                        .hasMessageContaining("HTTP 407 Proxy Authentication Required (through the proxy "
                                + asking.address().substring("http://".length()) + "); not retried");
            }
            try (HttpFetcher fetcher = fetcher(selector, authenticator)) {
                assertThat(fetcher.fetch(TestArchives.source(address), hashing()).value()).contains(sha256(ARCHIVE));
            }
            assertThat(asking.authorizations()).containsExactly("", basic(USER, PASSWORD), basic(USER, PASSWORD));
        }
        assertThat(authenticator.asked).hasSize(1);
    }

    /// Downloads at once that meet the proxy's 407 together send a wrong password once between
    /// them: the others wait for the proxy's verdict on it. The authenticator holds each request
    /// until both have asked, so both answers are ready before either is sent.
    @Test
    void concurrentDownloadsSendARefusedPasswordOnceBetweenThem() throws Exception {
        URI address = URI.create("http://bsee.test:" + server.port() + PATH);
        java.util.concurrent.CountDownLatch bothAsked = new java.util.concurrent.CountDownLatch(2);
        java.net.Authenticator wrong = new java.net.Authenticator() {
            @Override
            protected java.net.PasswordAuthentication getPasswordAuthentication() {
                bothAsked.countDown();
                try {
                    bothAsked.await(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new java.net.PasswordAuthentication(USER, "wrong-secret".toCharArray());
            }

            // Asked by two threads at once: the JDK's instance method is synchronized.
            @Override
            public java.net.PasswordAuthentication requestPasswordAuthenticationInstance(String host,
                    InetAddress addr, int port, String protocol, String prompt, String scheme, java.net.URL url,
                    RequestorType reqType) {
                return getPasswordAuthentication();
            }
        };
        try (LoopbackProxy asking = LoopbackProxy.requiring(USER, PASSWORD)) {
            ProxySelector selector = environment(true, "http_proxy", asking.address());
            List<java.util.concurrent.Future<Throwable>> runs = new java.util.ArrayList<>();
            try (var threads = Executors.newFixedThreadPool(2)) {
                for (int i = 0; i < 2; i++) {
                    runs.add(threads.submit(() -> {
                        try (HttpFetcher fetcher = fetcher(selector, wrong)) {
                            fetcher.fetch(TestArchives.source(address), hashing());
                            return null;
                        } catch (Throwable e) {
                            return e;
                        }
                    }));
                }
            }
            for (var run : runs) {
                assertThat(run.get()).isInstanceOf(DownloadException.class)
                        .hasMessageContaining("HTTP 407 Proxy Authentication Required from the proxy");
            }
            assertThat(asking.authorizations()).containsExactlyInAnyOrder("", "", basic(USER, "wrong-secret"));
        }
    }
}
