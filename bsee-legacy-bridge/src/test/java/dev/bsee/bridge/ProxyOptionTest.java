package dev.bsee.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bsee.core.loopback.LoopbackProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/// The `proxy` option of [BseeRefresh] and [BseeStatus] reaches their downloads: the archive's and
/// the portal's host, `bsee.test`, resolves nowhere, so only a request sent through the proxy (on
/// loopback, recording what it was asked for) reaches the server.
class ProxyOptionTest {

    @RegisterExtension
    static final ArchiveServer server = ArchiveServer.forClass();

    @TempDir
    Path base;

    private final LoopbackProxy proxy = newProxy();

    private static LoopbackProxy newProxy() {
        try {
            return new LoopbackProxy();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
    }

    /// Every address through the test's proxy, loopback included.
    private ProxySelector selector() {
        return through(proxy);
    }

    /// A small `apd` archive served at `path`, and its address by a name only the proxy resolves.
    private URI servedApd(String path) {
        server.serve(path, BseeArchives.apd(5, 1));
        return viaName(server.url(path));
    }

    /// A refresh of `apd` alone from `address`, without retries.
    private static RefreshConfig apdFrom(URI address) throws ConfigException {
        return RefreshConfig.fromYaml("data:\n  enhanced_refresh: true\n  apd: true\nprocessing:\n  retries: 0\nsources:\n"
                + "  apd:\n    url: " + address + "\n", "test.yml");
    }

    private static URI viaName(URI loopback) {
        return URI.create(loopback.toString().replace("127.0.0.1", "bsee.test"));
    }

    @Test
    void aRefreshDownloadsThroughTheProxyItIsGiven() throws Exception {
        URI address = servedApd("/proxied/apd.zip");

        RefreshReport report = BseeRefresh.builder().config(apdFrom(address)).baseDirectory(base)
                .backoff(Duration.ZERO, Duration.ZERO).proxy(selector()).run();

        assertThat(report.succeeded()).as(report.toString()).isTrue();
        assertThat(proxy.requests()).containsExactly("GET " + address + " HTTP/1.1");
    }

    @Test
    void aStatusReadsThePortalThroughTheProxyItIsGiven() throws Exception {
        Files.createDirectories(base);
        URI page = viaName(server.url("/Main/RawData.aspx"));

        BseeStatus.builder().baseDirectory(base).lockWait(Duration.ZERO).portal(page).proxy(selector()).check();

        assertThat(proxy.requests()).contains("GET " + page + " HTTP/1.1");
    }

    private static final class FixedAuthenticator extends java.net.Authenticator {
        final List<String> asked = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

        @Override
        protected java.net.PasswordAuthentication getPasswordAuthentication() {
            asked.add(String.valueOf(getRequestorType()));
            return new java.net.PasswordAuthentication("alice", "s3cret-Pw".toCharArray());
        }
    }

    /// Every address through `proxy`, loopback included.
    private static ProxySelector through(LoopbackProxy proxy) {
        URI address = URI.create(proxy.address());
        Proxy http = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(address.getHost(), address.getPort()));
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(http);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        };
    }

    /// The `authenticator` option answers a proxy that asks for a user and password (407), for the
    /// refresh's downloads and the status's portal check; the password reaches no file.
    @Test
    void aRefreshAndAStatusAnswerAProxyAskingForAPasswordWithTheAuthenticatorGiven() throws Exception {
        URI address = servedApd("/asking/apd.zip");
        String expected = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:s3cret-Pw".getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        FixedAuthenticator authenticator = new FixedAuthenticator();
        try (LoopbackProxy asking = LoopbackProxy.requiring("alice", "s3cret-Pw")) {
            RefreshReport report = BseeRefresh.builder().config(apdFrom(address))
                    .baseDirectory(base).backoff(Duration.ZERO, Duration.ZERO).proxy(through(asking))
                    .authenticator(authenticator).run();

            assertThat(report.succeeded()).as(report.toString()).isTrue();
            assertThat(asking.authorizations()).containsExactly("", expected);

            URI page = viaName(server.url("/Main/RawData.aspx"));
            BseeStatus.builder().baseDirectory(base).lockWait(Duration.ZERO).portal(page).proxy(through(asking))
                    .authenticator(new FixedAuthenticator()).check();
            assertThat(asking.requests()).contains("GET " + page + " HTTP/1.1");
            assertThat(asking.authorizations()).endsWith(expected);
        }
        assertThat(authenticator.asked).containsExactly("PROXY");
        try (var files = Files.walk(base)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(file.toString()).doesNotContain("s3cret-Pw").doesNotContain(expected.substring(6));
            }
        }
    }

    @Test
    void aNullAuthenticatorIsNamed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BseeRefresh.builder().authenticator(null))
                .isInstanceOf(NullPointerException.class).hasMessage("authenticator must be given");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BseeStatus.builder().authenticator(null))
                .isInstanceOf(NullPointerException.class).hasMessage("authenticator must be given");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.bsee.scraper.HttpFetcher.builder().authenticator(null))
                .isInstanceOf(NullPointerException.class).hasMessage("authenticator must be given");
    }
}
