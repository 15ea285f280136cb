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

    @BeforeEach
    void start() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("mv_apddata_all.txt"));
            zip.write("API_WELL_NUMBER,WELL_NAME\n608164000100,A001\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        byte[] archive = bytes.toByteArray();
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
    void aProxyWithAPasswordIsRefusedInOneLineWithoutThePassword() throws Exception {
        Run run = run(Map.of("https_proxy", "http://bob:s3cret@proxy.corp:3128"),
                "refresh", "--config", config().toString(), "--base-dir", dir.resolve("work").toString(), "--progress", "none");

        assertThat(run.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(run.err().lines()).as(run.err()).singleElement().asString()
                .startsWith("bsee refresh: the environment variable https_proxy=http://***@proxy.corp:3128: ");
        assertThat(run.err()).doesNotContain("s3cret");
        assertThat(proxy.requests()).isEmpty();
    }
}
