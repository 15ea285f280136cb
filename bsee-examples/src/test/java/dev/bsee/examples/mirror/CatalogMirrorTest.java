package dev.bsee.examples.mirror;

import dev.bsee.core.peer.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bsee.bridge.BseeRefresh;
import dev.bsee.bridge.BseeStatus;
import dev.bsee.bridge.RefreshConfig;
import dev.bsee.bridge.RefreshReport;
import dev.bsee.bridge.SourceOutcome;
import dev.bsee.bridge.SourceReport;
import dev.bsee.bridge.StatusReport;
import dev.bsee.core.BseeSource;
import dev.bsee.core.SourceCatalog;
import dev.bsee.examples.cli.BseeCommand;
import dev.bsee.examples.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/// The whole catalog refreshed from the loopback demo mirror, through the CLI and the facade: every
/// source, a second run that transfers and rewrites nothing, one archive changed and reported
/// exactly, a 404 failing alone, and an archive the portal lists that the catalog lacks. The real
/// latest-month production archive (`ogoradelimit.zip`, a fixture) stands in for the generated one;
/// the larger fixtures would make this test slow without testing more of the catalog.
class CatalogMirrorTest {


    @TempDir
    Path base;

    private static CliRun bsee(String... args) {
        return CliRun.of(args);
    }

    private String config(DemoMirror mirror) throws IOException {
        String yaml = """
                data:
                  enhanced_refresh: true
                  all: true
                site:
                  base_url: %s
                cache:
                  enabled: true
                  ttl_hours: 0
                processing:
                  retries: 0
                """.formatted(mirror.baseUri());
        Files.writeString(base.resolve("refresh.yml"), yaml);
        return yaml;
    }

    /// Every file under the output root with its identity (inode where the system has one), size
    /// and modification time: a rewrite, even of the same bytes, changes it.
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(base.resolve("data/modules/bsee/bin"))) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                // The lock says who held the folder last; the download state records when the server
                // last confirmed each archive. Neither is output.
                if (file.getFileName().toString().equals(".lock") || file.getFileName().toString().equals("state")) {
                    continue;
                }
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                files.put(base.relativize(file).toString(), attributes.fileKey() + " " + attributes.size() + " "
                        + attributes.lastModifiedTime().toInstant());
            }
        }
        return files;
    }

    private static JsonNode source(JsonNode report, String id) {
        for (JsonNode source : report.path("sources")) {
            if (source.path("source").asText().equals(id)) {
                return source;
            }
        }
        throw new AssertionError("no source " + id + " in " + report);
    }

    /// `ProductionRawData/mv_productiondata.txt` holding the records of the demo's two yearly entries.
    private static byte[] consolidatedProduction() throws IOException {
        StringBuilder records = new StringBuilder();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(DemoArchives.of("production").zip()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                records.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("ProductionRawData/"));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("ProductionRawData/mv_productiondata.txt"));
            out.write(records.toString().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    /// `zip` with `entry`'s text changed by `edit`.
    private static byte[] edit(byte[] zip, String entry, java.util.function.UnaryOperator<String> edit) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip)); ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(e.getName().endsWith(entry) ? edit.apply(new String(content, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8) : content);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void theWholeCatalogRefreshesThenCostsOneSmallRequestPerArchiveThenReportsExactlyWhatChanged() throws IOException {
        try (DemoMirror mirror = DemoMirror.open()) {
            mirror.serve("/Production/Files/ogoradelimit.zip", Files.readAllBytes(Fixtures.file("bsee-zip/ogoradelimit.zip")));
            // The production archive as the data center now publishes it: one headerless entry in a folder.
            mirror.serve("/Production/Files/ProductionRawData.zip", consolidatedProduction());
            String yaml = config(mirror);
            SourceCatalog catalog = mirror.catalog();
            int archives = mirror.archivePaths().size();

            // 1. Every source, through the CLI.
            CliRun first = bsee("refresh", "--config", base.resolve("refresh.yml").toString(), "--base-dir", base.toString(),
                    "--json", "--progress", "none");
            assertThat(first.exitCode()).as(first.err()).isZero();
            JsonNode report = new ObjectMapper().readTree(first.out());
            assertThat(report.path("sources")).hasSize(catalog.sources().size());
            for (JsonNode source : report.path("sources")) {
                assertThat(source.path("outcome").asText()).as(source.path("source").asText()).isEqualTo("updated");
            }
            int year = Year.now(ZoneOffset.UTC).getValue();
            for (BseeSource source : catalog.sources()) {
                Path folder = base.resolve("data/modules/bsee/bin").resolve(source.outputSubdirectory());
                for (String expected : source.expectedEntries(year)) {
                    assertThat(folder.resolve(expected + ".bin")).as(source.id()).isRegularFile();
                }
            }
            assertThat(source(report, "ogora").path("files")).hasSize(year - 1996 + 2);
            StatusReport status = BseeStatus.builder().baseDirectory(base).catalog(catalog).check();
            assertThat(status.healthy()).as(status.toJson()).isTrue();
            assertThat(status.sources()).hasSize(catalog.sources().size());

            // 2. The same site again, through the facade: one request per archive, no body, nothing rewritten.
            Map<String, String> before = snapshot();
            int requests = mirror.archiveRequests();
            long bytes = mirror.archiveBytes();
            RefreshReport again = BseeRefresh.builder().config(RefreshConfig.fromYaml(yaml, "refresh.yml"))
                    .baseDirectory(base).backoff(Duration.ZERO, Duration.ZERO).run();
            assertThat(again.succeeded()).as(again.toJson()).isTrue();
            assertThat(again.sources()).extracting(SourceReport::outcome).containsOnly(SourceOutcome.UNCHANGED);
            assertThat(mirror.archiveRequests() - requests).isEqualTo(archives);
            assertThat(mirror.archiveBytes()).isEqualTo(bytes);
            assertThat(snapshot()).isEqualTo(before);

            // 3. One archive changed: rows removed, a column added, a dtype changed.
            String fmp = "/Production/Files/FMPRawData.zip";
            byte[] changed = edit(mirror.archive(fmp).orElseThrow(), "mv_fmplist.txt", text -> {
                String[] lines = text.split("\r\n");
                StringBuilder edited = new StringBuilder(lines[0]).append(",\"NEW_COLUMN\"\r\n");
                for (int i = 1; i < lines.length - 10; i++) {
                    String line = i == 1 ? lines[i].replaceFirst("\"(\\d+)\",\"([^\"]*)\"$", "\"deep\",\"$2\"") : lines[i];
                    edited.append(line).append(",\"x\"\r\n");
                }
                return edited.toString();
            });
            mirror.serve(fmp, changed);
            CliRun third = bsee("refresh", "--config", base.resolve("refresh.yml").toString(), "--base-dir", base.toString(),
                    "--json", "--progress", "none");
            assertThat(third.exitCode()).as(third.err()).isZero();
            JsonNode changes = new ObjectMapper().readTree(third.out());
            assertThat(changes.path("schema_drift").toString()).isEqualTo("[\"fmp\"]");
            JsonNode fmpReport = source(changes, "fmp");
            assertThat(fmpReport.path("outcome").asText()).isEqualTo("updated");
            JsonNode list = fmpReport.path("file_changes").get(0).path("file").asText().equals("mv_fmplist.bin")
                    ? fmpReport.path("file_changes").get(0) : fmpReport.path("file_changes").get(1);
            assertThat(list.path("status").asText()).isEqualTo("changed");
            assertThat(list.path("rows_before").asLong()).isEqualTo(24);
            assertThat(list.path("rows_after").asLong()).isEqualTo(14);
            assertThat(list.path("columns_added").toString()).isEqualTo("[\"NEW_COLUMN\"]");
            assertThat(list.path("columns_removed").toString()).isEqualTo("[]");
            assertThat(list.path("dtype_changes").toString()).isEqualTo("{\"WATER_DEPTH\":[\"int64\",\"object\"]}");
            for (JsonNode source : changes.path("sources")) {
                if (!source.path("source").asText().equals("fmp")) {
                    assertThat(source.path("outcome").asText()).as(source.path("source").asText()).isEqualTo("unchanged");
                }
            }

            // 4. A source whose archive is gone fails alone; its files stay.
            String lab = "/Leasing/Files/LABRawData.zip";
            Path labFile = base.resolve("data/modules/bsee/bin/lab/mv_lease_area_block.bin");
            byte[] labBefore = Files.readAllBytes(labFile);
            mirror.remove(lab);
            CliRun fourth = bsee("refresh", "--config", base.resolve("refresh.yml").toString(), "--base-dir", base.toString(),
                    "--json", "--progress", "none");
            assertThat(fourth.exitCode()).isEqualTo(BseeCommand.FAILED);
            JsonNode failing = new ObjectMapper().readTree(fourth.out());
            List<String> failed = new ArrayList<>();
            for (JsonNode source : failing.path("sources")) {
                if (source.path("outcome").asText().equals("failed")) {
                    failed.add(source.path("source").asText());
                }
            }
            assertThat(failed).containsExactly("lab");
            assertThat(source(failing, "lab").path("errors").get(0).path("message").asText()).contains("404");
            assertThat(Files.readAllBytes(labFile)).isEqualTo(labBefore);

            // 5. The portal lists an archive the catalog lacks, and no longer serves one it has.
            String added = "/Other/Files/NewDatasetRawData.zip";
            mirror.serve(added, mirror.archive(fmp).orElseThrow());
            mirror.listOnPortal("A dataset the data center just added", added);
            CliRun portal = bsee("portal", "--all", "--url", mirror.portalUri().toString(), "--site", mirror.baseUri().toString());
            assertThat(portal.out()).as(portal.err()).contains("Listed, but no source downloads them (1)",
                    "A dataset the data center just added  " + mirror.baseUri().resolve(added.substring(1)));
            // lab's archive is gone from the mirror but still on its page: the portal lists every catalog source.
            assertThat(portal.exitCode()).isZero();
            CliRun statusRun = bsee("status", "--base-dir", base.toString(), "--site", mirror.baseUri().toString(),
                    "--portal=" + mirror.portalUri(), "--json");
            JsonNode statusJson = new ObjectMapper().readTree(statusRun.out());
            assertThat(statusJson.path("portal").path("unknown_links").toString()).contains("NewDatasetRawData.zip");
        }
    }
}
