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
}
