package dev.bsee.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/// `bsee refresh` reports what changed since the previous refresh, in its summary and its `--json`.
class RefreshChangesCommandTest {

    @TempDir
    Path dir;

    private static CliRun bsee(String... args) {
        return CliRun.of(args);
    }

    private void archive(String text) throws IOException {
        archive(java.util.Map.of("mv_apddata_all.txt", text));
    }

    /// `work/zips/APDRawData.zip` holding `entries` (name to text).
    private void archive(java.util.Map<String, String> entries) throws IOException {
        Path file = dir.resolve("work/zips/APDRawData.zip");
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var entry : new java.util.TreeMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }


    private static String rows(String header, int count, String value) {
        StringBuilder text = new StringBuilder(header).append("\r\n");
        for (int i = 0; i < count; i++) {
            text.append(i).append(',').append(value).append(i).append("\r\n");
        }
        return text.toString();
    }

    @Test
    void jsonAndSummaryCarryTheChangeRecordAndTheDrift() throws IOException {
        Path config = CliRun.legacyWellConfig(dir);
        archive(rows("API_WELL_NUMBER,WELL_NAME", 40, "W"));
        CliRun first = bsee("refresh", "--config", config.toString(), "--base-dir", dir.resolve("work").toString(), "--json");
        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode initial = new ObjectMapper().readTree(first.out()).path("sources").get(0);
        assertThat(initial.path("change").path("rows_before").isNull()).isTrue();
        assertThat(initial.path("change").path("rows_after").asLong()).isEqualTo(40);
        assertThat(initial.path("file_changes").get(0).path("status").asText()).isEqualTo("added");

        // 40 rows become 20, API_WELL_NUMBER gets a text value (int64 -> object), SPUD_DATE is new.
        archive(rows("API_WELL_NUMBER,WELL_NAME,SPUD_DATE", 20, "A").replace("\r\n0,", "\r\nX0,"));
        CliRun second = bsee("refresh", "--config", config.toString(), "--base-dir", dir.resolve("work").toString(), "--json");

        assertThat(second.exitCode()).as(second.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(second.out());
        assertThat(report.path("schema_drift").toString()).isEqualTo("[\"apd\"]");
        JsonNode file = report.path("sources").get(0).path("file_changes").get(0);
        assertThat(file.path("file").asText()).isEqualTo("mv_apddata_all.bin");
        assertThat(file.path("status").asText()).isEqualTo("changed");
        assertThat(file.path("rows_before").asLong()).isEqualTo(40);
        assertThat(file.path("rows_after").asLong()).isEqualTo(20);
        assertThat(file.path("columns_added").toString()).isEqualTo("[\"SPUD_DATE\"]");
        assertThat(file.path("columns_removed").toString()).isEqualTo("[]");
        assertThat(file.path("dtype_changes").toString()).isEqualTo("{\"API_WELL_NUMBER\":[\"int64\",\"object\"]}");

        archive(rows("API_WELL_NUMBER,SPUD_DATE", 20, "A"));
        CliRun third = bsee("refresh", "--config", config.toString(), "--base-dir", dir.resolve("work").toString());
        assertThat(third.exitCode()).as(third.err()).isZero();
        assertThat(third.out()).contains("schema drift: mv_apddata_all.bin: columns removed [WELL_NAME],"
                        + " column API_WELL_NUMBER changed from object to int64")
                .contains("schema drift in apd (see above)");
    }

    /// A refresh that rewrote one table of two lists the other as unchanged: the summary listed every
    /// file as if written (a series of 32 years whose one year changed).
    @Test
    void theSummaryMarksTheFilesARefreshLeftAsTheyWere() throws IOException {
        Path config = CliRun.legacyWellConfig(dir);
        twoTables(rows("API_WELL_NUMBER,WELL_NAME", 10, "W"));
        CliRun first = bsee("refresh", "--config", config.toString(), "--base-dir", dir.resolve("work").toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).doesNotContain("(unchanged)");

        twoTables(rows("API_WELL_NUMBER,WELL_NAME", 12, "W"));
        CliRun second = bsee("refresh", "--config", config.toString(), "--base-dir", dir.resolve("work").toString());

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out().lines().filter(line -> line.contains("mv_apd_main_all.bin")).toList()).singleElement()
                .asString().endsWith("  (unchanged)");
        assertThat(second.out().lines().filter(line -> line.contains("mv_apddata_all.bin")).toList()).singleElement()
                .asString().doesNotContain("unchanged").contains("12 rows");
    }

    /// A file rewritten since the refresh that wrote it (an analyst's smaller copy under its name) is
    /// what the next refresh replaces: listed as replaced and compared with what it held. It was
    /// listed `(unchanged)`, the manifest's hash being that of the file written again.
    @Test
    void aFileRewrittenSinceTheLastRefreshIsListedAsReplacedWithWhatItHeld() throws IOException {
        Path config = CliRun.legacyWellConfig(dir);
        twoTables(rows("API_WELL_NUMBER,WELL_NAME", 3, "W"));
        CliRun small = bsee("refresh", "--config", config.toString(), "--base-dir", dir.resolve("work").toString(), "--json");
        assertThat(small.exitCode()).as(small.err()).isZero();
        Path folder = Path.of(new ObjectMapper().readTree(small.out()).path("sources").get(0).path("output_directory").asText());
        byte[] threeRows = Files.readAllBytes(folder.resolve("mv_apddata_all.bin"));
        twoTables(rows("API_WELL_NUMBER,WELL_NAME", 10, "W"));
        assertThat(bsee("refresh", "--config", config.toString(), "--base-dir", dir.resolve("work").toString())
                .exitCode()).isZero();
        Files.write(folder.resolve("mv_apddata_all.bin"), threeRows);

        CliRun json = bsee("refresh", "--config", config.toString(), "--base-dir", dir.resolve("work").toString(), "--json");
        Files.write(folder.resolve("mv_apddata_all.bin"), threeRows);
        CliRun summary = bsee("refresh", "--config", config.toString(), "--base-dir", dir.resolve("work").toString());

        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode source = new ObjectMapper().readTree(json.out()).path("sources").get(0);
        JsonNode rewritten = fileChange(source, "mv_apddata_all.bin");
        assertThat(rewritten.path("status").asText()).isEqualTo("replaced");
        assertThat(rewritten.path("rows_before").asLong()).isEqualTo(3);
        assertThat(rewritten.path("rows_after").asLong()).isEqualTo(10);
        assertThat(fileChange(source, "mv_apd_main_all.bin").path("status").asText()).isEqualTo("unchanged");
        assertThat(source.path("change").path("rows_before").asLong()).isEqualTo(3 + 5);
        assertThat(summary.exitCode()).as(summary.err()).isZero();
        assertThat(summary.out()).contains("    replaced mv_apddata_all.bin, whose content the source's last refresh"
                + " did not write (3 rows)\n");
        assertThat(summary.out().lines().filter(line -> line.startsWith("    mv_apddata_all.bin")).toList())
                .singleElement().asString().contains("10 rows").doesNotContain("unchanged");
        assertThat(folder.resolve("mv_apddata_all.bin")).content(java.nio.charset.StandardCharsets.ISO_8859_1)
                .isNotEqualTo(new String(threeRows, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /// The first refresh of a folder where the Python system left its files (no manifest) compares
    /// with what they hold: they were reported `added`, with no rows before, and a drift in them went
    /// unsaid. A file that cannot be read is said so, never counted as no rows or no columns.
    @Test
    void filesAFirstRefreshReplacesAreComparedWithWhatTheyHeld() throws IOException {
        Path config = CliRun.legacyWellConfig(dir);
        twoTables(rows("API_WELL_NUMBER,WELL_NAME", 40, "W"));
        CliRun first = bsee("refresh", "--config", config.toString(), "--base-dir", dir.resolve("work").toString(), "--json");
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path written = Path.of(new ObjectMapper().readTree(first.out()).path("sources").get(0).path("output_directory").asText());
        Path folder = dir.resolve("work").relativize(written);

        // 40 rows become 20, API_WELL_NUMBER gets a text value (int64 -> object), SPUD_DATE is new.
        archive(java.util.Map.of("mv_apddata_all.txt", rows("API_WELL_NUMBER,WELL_NAME,SPUD_DATE", 20, "A")
                .replace("\r\n0,", "\r\nX0,"), "mv_apd_main_all.txt", rows("API_WELL_NUMBER,SN_APD", 5, "S"),
                "mv_apd_new.txt", rows("API_WELL_NUMBER,SN_APD", 3, "N")));
        for (String base : List.of("json", "summary")) {
            Path output = Files.createDirectories(dir.resolve(base).resolve(folder));
            Files.copy(written.resolve("mv_apddata_all.bin"), output.resolve("mv_apddata_all.bin"));
            Files.writeString(output.resolve("mv_apd_main_all.bin"), "not a pickle");
            Files.createDirectories(dir.resolve(base).resolve("zips"));
            Files.copy(dir.resolve("work/zips/APDRawData.zip"), dir.resolve(base).resolve("zips/APDRawData.zip"));
        }

        CliRun json = bsee("refresh", "--config", config.toString(), "--base-dir", dir.resolve("json").toString(), "--json");
        CliRun summary = bsee("refresh", "--config", config.toString(), "--base-dir", dir.resolve("summary").toString());

        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode source = new ObjectMapper().readTree(json.out()).path("sources").get(0);
        JsonNode table = fileChange(source, "mv_apddata_all.bin");
        assertThat(table.path("status").asText()).isEqualTo("replaced");
        assertThat(table.path("rows_before").asLong()).isEqualTo(40);
        assertThat(table.path("rows_after").asLong()).isEqualTo(20);
        assertThat(table.path("columns_added").toString()).isEqualTo("[\"SPUD_DATE\"]");
        assertThat(table.path("dtype_changes").toString()).isEqualTo("{\"API_WELL_NUMBER\":[\"int64\",\"object\"]}");
        assertThat(table.has("previous_unreadable")).isFalse();
        JsonNode unreadable = fileChange(source, "mv_apd_main_all.bin");
        assertThat(unreadable.path("status").asText()).isEqualTo("replaced");
        assertThat(unreadable.path("rows_before").isNull()).isTrue();
        assertThat(unreadable.path("previous_unreadable").asText()).startsWith("not a pickle file: ")
                .contains("mv_apd_main_all.bin");
        // One file's rows before are unknown, so the source's are too, not 40.
        assertThat(source.path("change").path("rows_before").isNull()).isTrue();
        assertThat(source.path("change").path("columns_added").toString()).isEqualTo("[\"mv_apddata_all.bin:SPUD_DATE\"]");
        assertThat(source.path("change").path("schema_drift").get(0).asText())
                .isEqualTo("mv_apddata_all.bin: rows fell from 40 to 20 (-50%), columns added [SPUD_DATE],"
                        + " column API_WELL_NUMBER changed from int64 to object");

        assertThat(summary.exitCode()).as(summary.err()).isZero();
        assertThat(summary.out()).contains("    replaced mv_apddata_all.bin, whose content the source's last refresh did not write (40 rows)\n")
                .contains("    replaced mv_apd_main_all.bin, whose content the source's last refresh did not write, and which could"
                        + " not be read: not a pickle file: ")
                .contains("schema drift: mv_apddata_all.bin: rows fell from 40 to 20")
                // The source's rows before are unknown, yet the folder held files: this file is new.
                .contains("    new file mv_apd_new.bin\n");
        assertThat(fileChange(source, "mv_apd_new.bin").path("status").asText()).isEqualTo("added");
    }

    private static JsonNode fileChange(JsonNode source, String file) {
        for (JsonNode change : source.path("file_changes")) {
            if (change.path("file").asText().equals(file)) {
                return change;
            }
        }
        throw new AssertionError("no file change for " + file + " in " + source);
    }

    /// The APD archive with `mv_apddata_all.txt` as given and the same `mv_apd_main_all.txt` each time.
    private void twoTables(String apddata) throws IOException {
        archive(java.util.Map.of("mv_apddata_all.txt", apddata, "mv_apd_main_all.txt", rows("API_WELL_NUMBER,SN_APD", 5, "S")));
    }
}
