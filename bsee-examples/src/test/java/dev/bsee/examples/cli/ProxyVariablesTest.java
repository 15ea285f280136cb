package dev.bsee.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bsee.core.loopback.LoopbackProxy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// `bsee refresh` and `bsee portal` in a child process whose environment names a proxy, as a
/// scheduled job behind a company's proxy sets it for the Python system. The archive's host,
/// `bsee.test`, resolves nowhere: only through the proxy (on loopback, recording what it was asked
/// for) does the refresh reach it.
class ProxyVariablesTest {

    @TempDir
    Path dir;

    private LoopbackProxy proxy;
    private HttpServer server;

    private static byte[] archive() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("mv_apddata_all.txt"));
            zip.write("API_WELL_NUMBER,WELL_NAME\n608164000100,A001\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @BeforeEach
    void start() throws IOException {
        byte[] archive = archive();
        byte[] page = "<html><body><table><tr><td>APD</td><td><a href=\"/Well/Files/APDRawData.zip\">Delimited</a></td></tr></table></body></html>"
                .getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mirror/APDRawData.zip", exchange -> {
            exchange.sendResponseHeaders(200, archive.length);
            exchange.getResponseBody().write(archive);
            exchange.close();
        });
        server.createContext("/Main/RawData.aspx", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
        proxy = new LoopbackProxy();
    }

    @AfterEach
    void stop() throws IOException {
        server.stop(0);
        proxy.close();
    }

    private record Run(int exitCode, String err) {
    }

    private Run run(Map<String, String> environment, String... args) throws Exception {
        ProcessBuilder child = CliRun.child(args);
        for (String name : new String[] {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                "ALL_PROXY", "no_proxy", "NO_PROXY"}) {
            child.environment().remove(name);
        }
        child.environment().putAll(environment);
        Path log = dir.resolve("child.log");
        Process process = child.redirectErrorStream(false).redirectError(log.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the child ended").isTrue();
        return new Run(process.exitValue(), Files.readString(log));
    }

    private Path config() throws IOException {
        String address = "http://bsee.test:" + server.getAddress().getPort() + "/mirror/APDRawData.zip";
        return Files.writeString(dir.resolve("refresh.yml"),
                "data:\n  enhanced_refresh: true\n  apd: true\nsources:\n  apd:\n    url: " + address + "\n");
    }

    @Test
    void aRefreshGoesThroughTheProxyHttpProxyNames() throws Exception {
        Path work = dir.resolve("work");

        Run run = run(Map.of("http_proxy", proxy.address(), "no_proxy", "corp.example"),
                "refresh", "--config", config().toString(), "--base-dir", work.toString(), "--progress", "none");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(proxy.requests()).containsExactly("GET http://bsee.test:" + server.getAddress().getPort()
                + "/mirror/APDRawData.zip HTTP/1.1");
        try (var files = Files.walk(work)) {
            assertThat(files.filter(file -> file.getFileName().toString().equals("mv_apddata_all.bin"))).hasSize(1);
        }
    }

    @Test
    void aRefreshNoProxyMatchesDoesNotAskTheProxy() throws Exception {
        Run run = run(Map.of("HTTP_PROXY", proxy.address(), "NO_PROXY", "bsee.test"),
                "refresh", "--config", config().toString(), "--base-dir", dir.resolve("work").toString(), "--progress", "none");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.err()).contains("bsee.test");
        assertThat(proxy.requests()).isEmpty();
    }

    @Test
    void thePortalIsReadThroughTheProxy() throws Exception {
        String page = "http://bsee.test:" + server.getAddress().getPort() + "/Main/RawData.aspx";

        Run run = run(Map.of("all_proxy", proxy.address()), "portal", "--url", page);

        assertThat(run.err()).doesNotContain("Exception");
        assertThat(proxy.requests()).contains("GET " + page + " HTTP/1.1");
    }

    @Test
    void aMalformedProxyWithAPasswordIsRefusedInOneLineWithoutThePassword() throws Exception {
        Run run = run(Map.of("https_proxy", "http://bob:s3cret#1@proxy.corp:99999"),
                "refresh", "--config", config().toString(), "--base-dir", dir.resolve("work").toString(), "--progress", "none");

        assertThat(run.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(run.err().lines()).as(run.err()).singleElement().asString()
                .startsWith("bsee refresh: the environment variable https_proxy=http://***@proxy.corp:99999: ");
        assertThat(run.err()).doesNotContain("s3cret");
        assertThat(proxy.requests()).isEmpty();
    }

    // A proxy that asks for a user and password (407): the ones its variable gives.

    private static final String USER = "corp\\alice";
    private static final String PASSWORD = "pa@ss w:rd";
    /// The variable's text of the user and password, percent-escaped.
    private static final String LOGIN = "corp%5Calice:pa%40ss%20w%3Ard";

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String withLogin(LoopbackProxy proxy, String login) {
        return proxy.address().replace("http://", "http://" + login + "@");
    }

    /// A run whose standard output is kept, with `jvmOptions` before the class path.
    private Run run(Map<String, String> environment, java.util.List<String> jvmOptions, String... args) throws Exception {
        ProcessBuilder child = CliRun.child(args);
        for (String name : new String[] {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                "ALL_PROXY", "no_proxy", "NO_PROXY"}) {
            child.environment().remove(name);
        }
        child.environment().putAll(environment);
        child.command().addAll(1, jvmOptions);
        Path log = dir.resolve("child.log");
        Path out = dir.resolve("child.out");
        Process process = child.redirectError(log.toFile()).redirectOutput(out.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the child ended").isTrue();
        return new Run(process.exitValue(), Files.readString(log));
    }

    /// Neither the password nor its Basic encoding is in any file of the run: its output, its
    /// error, the folder it wrote.
    private void assertNoFileHoldsThePassword(String password) throws IOException {
        String encoded = basic(USER, password).substring("Basic ".length());
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(text).as(file.toString()).doesNotContain(password).doesNotContain(encoded)
                        .doesNotContain(LOGIN).doesNotContain("pa%40ss");
            }
        }
    }

    @Test
    void aRefreshAnswersAProxyAskingForAPasswordWithTheOneItsVariableGives() throws Exception {
        Path work = dir.resolve("work");
        try (LoopbackProxy asking = LoopbackProxy.requiring(USER, PASSWORD)) {
            Run run = run(Map.of("http_proxy", withLogin(asking, LOGIN)), java.util.List.of(), "refresh", "--config",
                    config().toString(), "--base-dir", work.toString(), "--progress", "none", "--json");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(asking.authorizations()).containsExactly("", basic(USER, PASSWORD));
        }
        try (var files = Files.walk(work)) {
            assertThat(files.filter(file -> file.getFileName().toString().equals("mv_apddata_all.bin"))).hasSize(1);
        }
        assertNoFileHoldsThePassword(PASSWORD);
    }

    /// The wrong password: one line naming the proxy and its 407, the exit code of a failed
    /// source, and the password sent once, not again on the refresh's retries.
    @Test
    void aRefusedPasswordFailsTheSourceInOneLineAndIsSentOnce() throws Exception {
        try (LoopbackProxy asking = LoopbackProxy.requiring(USER, PASSWORD)) {
            Run run = run(Map.of("http_proxy", withLogin(asking, "corp%5Calice:not-the-password")), java.util.List.of(),
                    "refresh", "--config", config().toString(), "--base-dir", dir.resolve("work").toString(),
                    "--progress", "none", "--json");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(BseeCommand.FAILED);
            String proxyName = asking.address().substring("http://".length());
            assertThat(run.err().lines().filter(line -> line.contains("407"))).as(run.err()).singleElement().asString()
                    .contains("HTTP 407 Proxy Authentication Required from the proxy " + proxyName
                            + " (it refused the user and password given); not retried");
            assertThat(asking.authorizations()).containsExactly("", basic(USER, "not-the-password"));
        }
        assertNoFileHoldsThePassword("not-the-password");
    }

    /// An `https` download through a `CONNECT` tunnel: the JDK sends no Basic credentials to open
    /// one by default, and the tool lets it when a proxy variable holds a password. The server,
    /// `bsee.test` behind the proxy, has a certificate made for the test and trusted by the child.
    @Test
    void anHttpsRefreshOpensItsTunnelWithThePasswordOfTheVariable() throws Exception {
        java.util.List<String> trust = https();
        Path work = dir.resolve("work");
        String address = "https://bsee.test:" + httpsServer.getAddress().getPort() + "/mirror/APDRawData.zip";
        Path config = Files.writeString(dir.resolve("tls.yml"),
                "data:\n  enhanced_refresh: true\n  apd: true\nsources:\n  apd:\n    url: " + address + "\n");
        try (LoopbackProxy asking = LoopbackProxy.requiring(USER, PASSWORD)) {
            Run run = run(Map.of("https_proxy", withLogin(asking, LOGIN)), trust, "refresh", "--config",
                    config.toString(), "--base-dir", work.toString(), "--progress", "none", "--json");

            assertThat(run.exitCode()).as(run.err()).isZero();
            String connect = "CONNECT bsee.test:" + httpsServer.getAddress().getPort() + " HTTP/1.1";
            assertThat(asking.requests()).containsExactly(connect, connect);
            assertThat(asking.authorizations()).containsExactly("", basic(USER, PASSWORD));
        }
        assertNoFileHoldsThePassword(PASSWORD);
    }

    /// The property given by the user wins: with Basic disabled for tunnels, the failure says so.
    @Test
    void aTunnelThePropertyDisablesBasicForSaysHowToAllowIt() throws Exception {
        java.util.List<String> options = new java.util.ArrayList<>(https());
        options.add("-Djdk.http.auth.tunneling.disabledSchemes=Basic");
        String address = "https://bsee.test:" + httpsServer.getAddress().getPort() + "/mirror/APDRawData.zip";
        Path config = Files.writeString(dir.resolve("tls.yml"),
                "data:\n  enhanced_refresh: true\n  apd: true\nsources:\n  apd:\n    url: " + address + "\n");
        try (LoopbackProxy asking = LoopbackProxy.requiring(USER, PASSWORD)) {
            Run run = run(Map.of("https_proxy", withLogin(asking, LOGIN)), options, "refresh", "--config",
                    config.toString(), "--base-dir", dir.resolve("work").toString(), "--progress", "none");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(BseeCommand.FAILED);
            assertThat(run.err().lines().filter(line -> line.contains("407"))).as(run.err()).singleElement().asString()
                    .contains("refused to open a tunnel to bsee.test:" + httpsServer.getAddress().getPort()
                            + ": HTTP 407 Proxy Authentication Required (Java sends no Basic credentials to open a tunnel")
                    .contains("-Djdk.http.auth.tunneling.disabledSchemes=)");
            assertThat(asking.authorizations()).containsExactly("");
        }
        assertNoFileHoldsThePassword(PASSWORD);
    }

    private com.sun.net.httpserver.HttpsServer httpsServer;

    /// Starts an https server for `bsee.test` with a key made now, serving the archive, and gives
    /// the options that make a child JVM trust it.
    private java.util.List<String> https() throws Exception {
        Path keys = dir.resolve("bsee-test.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "bsee", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=bsee.test",
                "-ext", "SAN=dns:bsee.test", "-validity", "2", "-keystore", keys.toString(), "-storetype", "PKCS12",
                "-storepass", "loopback", "-keypass", "loopback").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).as("keytool made a key").isTrue();
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keys)) {
            store.load(in, "loopback".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory factory = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, "loopback".toCharArray());
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(factory.getKeyManagers(), null, null);
        httpsServer = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        httpsServer.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
        byte[] archive = archive();
        httpsServer.createContext("/mirror/APDRawData.zip", exchange -> {
            exchange.sendResponseHeaders(200, archive.length);
            exchange.getResponseBody().write(archive);
            exchange.close();
        });
        httpsServer.start();
        return java.util.List.of("-Djavax.net.ssl.trustStore=" + keys, "-Djavax.net.ssl.trustStorePassword=loopback",
                "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    @AfterEach
    void stopHttps() {
        if (httpsServer != null) {
            httpsServer.stop(0);
        }
    }
}
