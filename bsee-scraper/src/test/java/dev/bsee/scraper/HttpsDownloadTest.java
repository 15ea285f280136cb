package dev.bsee.scraper;

import static dev.bsee.scraper.LoopbackHttpServer.respond;
import static dev.bsee.scraper.TestArchives.hashing;
import static dev.bsee.scraper.TestArchives.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Downloads over https from the JDK's HTTPS server on loopback. The client sets TLS up only when
/// the first https connection needs it, with the JDK's default context: these tests show that this
/// context is the one in use (a certificate it trusts is accepted, one it does not is refused) and
/// that host names are still verified.
///
/// The test JVM trusts `tls/loopback.p12` through `javax.net.ssl.trustStore` (set in this module's
/// pom), exactly as a user adds a company's certificate authority: the client reads the JDK's
/// default trust, nothing of its own. The certificate names only the address 127.0.0.1 and is valid
/// until 2126; it was made with `keytool -genkeypair -alias loopback -keyalg EC -groupname
/// secp256r1 -dname "CN=bsee-java loopback test server" -ext san=ip:127.0.0.1 -validity 36500
/// -storetype PKCS12 -keystore loopback.p12 -storepass loopback`.
class HttpsDownloadTest {

    private static final byte[] ARCHIVE = TestArchives.zip(5, 800);
    private static final String PATH = "/Production/Files/ProductionRawData.zip";
    private static final char[] PASSWORD = "loopback".toCharArray();

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-https");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger requests = new AtomicInteger();
    private HttpsServer server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop(0);
        }
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    private HttpFetcher fetcher() {
        return HttpFetcher.builder().maxAttempts(3).backoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5))
                .sleeper(new RecordingSleeper()).spoolDirectory(dir).build();
    }

    /// Serves the archive over https with the key and certificate of `keyStore`.
    private void serve(KeyStore keyStore) throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(executor);
        server.createContext(PATH, exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                respond(exchange, 200, Map.of("Content-Type", "application/zip"), ARCHIVE);
            }
        });
        server.start();
    }

    private URI uri(String host) {
        return URI.create("https://" + host + ":" + server.getAddress().getPort() + PATH);
    }

    private static KeyStore load(InputStream in) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(in, PASSWORD);
        return store;
    }

    private static KeyStore trusted() throws IOException, GeneralSecurityException {
        assertThat(System.getProperty("javax.net.ssl.trustStore"))
                .as("javax.net.ssl.trustStore (set by the surefire configuration of bsee-scraper; run through Maven)")
                .endsWith("loopback.p12");
        try (InputStream in = HttpsDownloadTest.class.getResourceAsStream("/tls/loopback.p12")) {
            assertThat(in).as("test resource tls/loopback.p12").isNotNull();
            return load(in);
        }
    }

    @Test
    void anArchiveServedOverHttpsWithATrustedCertificateDownloadsWhole() throws Exception {
        serve(trusted());

        try (HttpFetcher fetcher = fetcher()) {
            FetchResult<String> result = fetcher.fetch(TestArchives.source(uri("127.0.0.1")), hashing());

            assertThat(result.value()).contains(sha256(ARCHIVE));
            assertThat(result.httpStatus()).hasValue(200);
            assertThat(result.attempts()).isEqualTo(1);
        }
        assertThat(requests).hasValue(1);
    }

    @Test
    void aCertificateTheJdkDoesNotTrustIsRefusedWithoutAnyRequest() throws Exception {
        // A certificate of its own, made now: the trust store knows nothing of it.
        Path stranger = dir.resolve("stranger.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "stranger", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=stranger", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", stranger.toString(), "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(keytool.exitValue()).as("keytool: " + Files.readString(dir.resolve("keytool.log"))).isZero();
        try (InputStream in = Files.newInputStream(stranger)) {
            serve(load(in));
        }

        try (HttpFetcher fetcher = fetcher()) {
            assertThatThrownBy(() -> fetcher.fetch(TestArchives.source(uri("127.0.0.1")), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DownloadException.Kind.CONNECT);
                        assertThat(e.attempts()).as("a certificate does not become trusted in seconds").isEqualTo(1);
                        assertThat(e.getMessage()).contains(uri("127.0.0.1").toString(),
                                "certificate of 127.0.0.1:" + server.getAddress().getPort() + " is not trusted",
                                "not retried", "-Djavax.net.ssl.trustStore=").doesNotContain("\n");
                    });
        }
        assertThat(requests).as("requests that reached the handler").hasValue(0);
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
        // The certificate names 127.0.0.1 only; "localhost" reaches the same server under a name it
        // does not carry.
        serve(trusted());

        try (HttpFetcher fetcher = fetcher()) {
            assertThatThrownBy(() -> fetcher.fetch(TestArchives.source(uri("localhost")), hashing()))
                    .isInstanceOfSatisfying(DownloadException.class, e -> {
                        assertThat(e.attempts()).isEqualTo(1);
                        assertThat(e.getMessage()).contains(uri("localhost").toString(),
                                "certificate of localhost:" + server.getAddress().getPort() + " was refused",
                                "localhost", "not retried").doesNotContain("\n");
                    });
        }
        assertThat(requests).as("requests that reached the handler").hasValue(0);
    }
}
