package dev.bsee.examples.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/// Archives converted at once share the heap, whatever the processors: a refresh that streams three
/// archives with `processing.parallel` on a host of eight processors converts every source under a
/// small heap. Each archive parsed eight entries at once with at least 8 MiB of column buffers each,
/// and each stream kept a sixteenth of the heap for the bytes received ahead of its parsers, so
/// together they passed the heap and every source failed with `the entry needs more heap than this
/// JVM has`.
class ConcurrentArchivesMemoryTest {

    @TempDir
    Path dir;

    @Test
    void threeArchivesStreamedInParallelOnEightProcessorsAllConvertUnderASmallHeap() throws Exception {
        byte[] archive = inspectionsArchive();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        for (String path : List.of("/Company/Files/INCSRawData.zip", "/Well/Files/eWellAPMRawData.zip",
                "/Leasing/Files/LeaseOwnerRawData.zip")) {
            server.createContext(path, exchange -> {
                exchange.sendResponseHeaders(200, archive.length);
                try (var body = exchange.getResponseBody()) {
                    body.write(archive);
                }
            });
        }
        server.start();
        try {
            Path config = Files.writeString(dir.resolve("refresh.yml"), """
                    data:
                      enhanced_refresh: true
                      incs: true
                      apm: true
                      leaseowner: true
                    site:
                      base_url: http://127.0.0.1:%d/
                    processing:
                      parallel: true
                    """.formatted(server.getAddress().getPort()));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=8"));
            String chronicle = System.getProperty("bsee.chronicle.jvm.args", "").strip();
            if (!chronicle.isEmpty()) {
                command.addAll(List.of(chronicle.split("\\s+")));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), BseeCommand.class.getName(),
                    "refresh", "--config", config.toString(), "--base-dir", dir.resolve("bsee").toString(), "--progress", "none"));
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();

            assertThat(output).doesNotContain("needs more heap").contains("all 3 sources succeeded");
            assertThat(child.exitValue()).as(output).isZero();
            for (String folder : List.of("incs", "apm", "leaseowner")) {
                assertThat(dir.resolve("bsee/data/modules/bsee/bin").resolve(folder).resolve("mv_incs_inspections_gulf.bin"))
                        .isRegularFile();
            }
        } finally {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    /// Four entries of about 6 MB of text each, shaped as the inspection tables are: numbers, codes,
    /// names, dates and a quoted remark with commas in it.
    private static byte[] inspectionsArchive() throws IOException {
        Random random = new Random(7);
        String[] operators = {"COX OPERATING LLC", "W & T OFFSHORE INC", "FIELDWOOD ENERGY LLC", "TALOS ENERGY LLC"};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : List.of("inspections_gulf", "fac_shutins_gulf", "warnings_gulf", "shutins_gulf")) {
                zip.putNextEntry(new ZipEntry("INCSRawData/mv_incs_" + name + ".txt"));
                StringBuilder text = new StringBuilder(7 << 20);
                text.append("INSP_ID,LEASE_NUMBER,OPERATOR,AREA_BLOCK,INSP_DATE,COUNT,AMOUNT,REMARK\r\n");
                for (int row = 0; text.length() < 6 << 20; row++) {
                    text.append(row).append(",G").append(10000 + random.nextInt(5000)).append(',')
                            .append(operators[random.nextInt(operators.length)]).append(",EI ").append(random.nextInt(400))
                            .append(',').append(String.format("%02d/%02d/%d", 1 + random.nextInt(12), 1 + random.nextInt(28),
                                    1990 + random.nextInt(35)))
                            .append(',').append(random.nextInt(50)).append(',').append(random.nextInt(100_000) / 100.0)
                            .append(",\"component ").append(random.nextInt(100_000)).append(" found, corrected on site\"\r\n");
                }
                zip.write(text.toString().getBytes(StandardCharsets.US_ASCII));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
