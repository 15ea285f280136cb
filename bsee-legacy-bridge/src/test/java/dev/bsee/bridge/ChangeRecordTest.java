package dev.bsee.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bsee.core.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/// The change record of every source and file against the previous refresh, through the facade and
/// its JSON, with archives served by a real HTTP server on loopback.
class ChangeRecordTest {

    @RegisterExtension
    static final ArchiveServer server = ArchiveServer.forClass();

    @TempDir
    Path base;


    private RefreshReport run(String source, String path) throws ConfigException {
        String yaml = """
                data:
                  enhanced_refresh: true
                  %s: true
                cache:
                  enabled: true
                  ttl_hours: 0
                sources:
                  %s:
                    url: %s
                """.formatted(source, source, server.url(path));
        return BseeRefresh.builder().config(RefreshConfig.fromYaml(yaml, "test.yml")).baseDirectory(base)
                .backoff(Duration.ZERO, Duration.ZERO).run();
    }

    /// A header row and `rows` records of `columns`; a column named `N*` holds integers, any other text.
    private static String table(List<String> columns, int rows, String textIn) {
        StringBuilder text = new StringBuilder(String.join(",", columns)).append("\r\n");
        for (int row = 0; row < rows; row++) {
            List<String> fields = new java.util.ArrayList<>();
            for (String column : columns) {
                fields.add(column.startsWith("N") && !column.equals(textIn) ? Integer.toString(row) : "x" + row);
            }
            text.append(String.join(",", fields)).append("\r\n");
        }
        return text.toString();
    }

    private static byte[] archive(Map<String, String> entries) {
        return BseeArchives.zip(entries);
    }

    private static JsonNode json(RefreshReport report) throws IOException {
        return new ObjectMapper().readTree(report.toJson());
    }

    /// Other values in the same shape are a change: the report said "unchanged" of a file whose
    /// every name differed, though the manifests' hashes did.
    @Test
    void otherValuesInTheSameShapeAreAChange() throws IOException {
        String names = table(List.of("NKEY", "WELL_NAME"), 20, "");
        server.serve("/values/apd.zip", archive(Map.of("mv_values.txt", names, "mv_same.txt", names)));
        assertThat(run("well", "/values/apd.zip").succeeded()).isTrue();
        server.serve("/values/apd.zip", archive(Map.of("mv_values.txt", names.replace("x", "xy"), "mv_same.txt", names)));

        RefreshReport second = run("well", "/values/apd.zip");
        SourceReport well = second.sources().getFirst();

        assertThat(well.fileChanges()).as(second.toJson()).extracting(FileChange::file, FileChange::status).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("mv_values.bin", FileChange.Status.CHANGED),
                org.assertj.core.groups.Tuple.tuple("mv_same.bin", FileChange.Status.UNCHANGED));
        ChangeRecord values = well.fileChanges().stream().filter(f -> f.file().equals("mv_values.bin")).findFirst()
                .orElseThrow().change();
        assertThat(values.rowsBefore()).hasValue(20);
        assertThat(values.rowsAfter()).hasValue(20);
        assertThat(values.columnsChanged()).isFalse();
    }

    /// The same columns in another order are said, and are drift: the report called such a file
    /// "changed" with no row, column or dtype difference, which reads as other values, while code
    /// taking columns by position reads other columns.
    @Test
    void columnsInAnotherOrderAreReportedAndAreDrift() throws IOException {
        String ordered = table(List.of("NKEY", "NAME", "NDEPTH"), 20, "");
        server.serve("/order/apd.zip", archive(Map.of("mv_order.txt", ordered, "mv_added.txt", ordered)));
        assertThat(run("well", "/order/apd.zip").succeeded()).isTrue();
        // mv_order: NDEPTH moves to the front; mv_added: a column is added at the front, the others keep their order.
        String moved = table(List.of("NDEPTH", "NKEY", "NAME"), 20, "");
        server.serve("/order/apd.zip", archive(Map.of("mv_order.txt", moved,
                "mv_added.txt", table(List.of("NEW", "NKEY", "NAME", "NDEPTH"), 20, ""))));

        RefreshReport second = run("well", "/order/apd.zip");

        SourceReport well = second.sources().getFirst();
        Map<String, ChangeRecord> changes = new LinkedHashMap<>();
        well.fileChanges().forEach(file -> changes.put(file.file(), file.change()));
        assertThat(changes.get("mv_order.bin").columnsReordered()).isTrue();
        assertThat(changes.get("mv_order.bin").columnsChanged()).isFalse();
        assertThat(changes.get("mv_added.bin").columnsReordered()).isFalse();
        assertThat(well.change().columnsReordered()).isTrue();
        assertThat(well.schemaDrift()).containsExactlyInAnyOrder("mv_order.bin: columns reordered",
                "mv_added.bin: columns added [NEW]");
        JsonNode json = json(second).path("sources").get(0);
        assertThat(json.path("change").path("columns_reordered").asBoolean()).isTrue();
        for (JsonNode file : json.path("file_changes")) {
            assertThat(file.path("columns_reordered").isBoolean()).isTrue();
            assertThat(file.path("columns_reordered").asBoolean()).isEqualTo(file.path("file").asText().equals("mv_order.bin"));
        }
    }

    /// A file whose entry is gone but which the commit left in the folder (changed by hand since)
    /// is reported as left alone: the report said "removed" of a file still there.
    @Test
    void aGoneEntryWhoseFileWasLeftAloneIsNotReportedAsRemoved() throws IOException {
        Map<String, String> first = new LinkedHashMap<>();
        first.put("mv_main.txt", table(List.of("NKEY", "NAME"), 20, ""));
        first.put("mv_gone.txt", table(List.of("NKEY"), 5, ""));
        server.serve("/left/apd.zip", archive(first));
        assertThat(run("well", "/left/apd.zip").succeeded()).isTrue();
        Path edited = base.resolve("data/modules/bsee/bin/apd/mv_gone.bin");
        Files.write(edited, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);

        server.serve("/left/apd.zip", archive(Map.of("mv_main.txt", table(List.of("NKEY", "NAME"), 21, ""))));
        RefreshReport second = run("well", "/left/apd.zip");

        SourceReport well = second.sources().getFirst();
        assertThat(well.outcome()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(edited).exists();
        assertThat(well.removedFiles()).isEmpty();
        assertThat(well.fileChanges()).extracting(FileChange::file, FileChange::status).contains(
                org.assertj.core.groups.Tuple.tuple("mv_gone.bin", FileChange.Status.LEFT_ALONE));
        assertThat(well.schemaDrift()).singleElement().asString()
                .isEqualTo("mv_gone.bin: its entry is gone from the archive; the file was left in the folder");
        assertThat(json(second).toString()).contains("\"status\":\"left_alone\"").doesNotContain("\"removed\"");
    }

    @Test
    void aChangedArchiveIsReportedFileByFileAndFlaggedAsSchemaDrift() throws IOException {
        Map<String, String> first = new LinkedHashMap<>();
        first.put("mv_main.txt", table(List.of("NKEY", "NAME", "NCOUNT"), 100, ""));
        first.put("mv_steady.txt", table(List.of("NKEY", "NAME"), 50, ""));
        first.put("mv_gone.txt", table(List.of("NKEY"), 5, ""));
        server.serve("/drift/apd.zip", archive(first));

        RefreshReport initial = run("well", "/drift/apd.zip");

        SourceReport well = initial.sources().getFirst();
        assertThat(well.outcome()).as(initial.toJson()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(well.change().rowsBefore()).isEmpty();
        assertThat(well.change().rowsAfter()).hasValue(155);
        assertThat(well.fileChanges()).extracting(FileChange::status).containsOnly(FileChange.Status.ADDED);
        assertThat(well.schemaDrift()).isEmpty();
        assertThat(initial.schemaDrift()).isEmpty();

        // Rows removed, a column added, a dtype changed; one file gone, one new, one the same.
        Map<String, String> second = new LinkedHashMap<>();
        second.put("mv_main.txt", table(List.of("NKEY", "NAME", "NCOUNT", "NEW_COLUMN"), 60, "NCOUNT"));
        second.put("mv_steady.txt", table(List.of("NKEY", "NAME"), 50, ""));
        second.put("mv_new.txt", table(List.of("NKEY"), 7, ""));
        server.serve("/drift/apd.zip", archive(second));

        RefreshReport changed = run("well", "/drift/apd.zip");

        well = changed.sources().getFirst();
        assertThat(well.outcome()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(well.fileChanges()).extracting(FileChange::file, FileChange::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("mv_main.bin", FileChange.Status.CHANGED),
                org.assertj.core.groups.Tuple.tuple("mv_steady.bin", FileChange.Status.UNCHANGED),
                org.assertj.core.groups.Tuple.tuple("mv_new.bin", FileChange.Status.ADDED),
                org.assertj.core.groups.Tuple.tuple("mv_gone.bin", FileChange.Status.REMOVED));
        ChangeRecord main = well.fileChanges().getFirst().change();
        assertThat(main.rowsBefore()).hasValue(100);
        assertThat(main.rowsAfter()).hasValue(60);
        assertThat(main.columnsAdded()).containsExactly("NEW_COLUMN");
        assertThat(main.columnsRemoved()).isEmpty();
        assertThat(main.dtypeChanges()).containsExactly(Map.entry("NCOUNT",
                new ChangeRecord.DTypeChange(DType.INT64, DType.OBJECT)));
        assertThat(well.change().rowsBefore()).hasValue(155);
        assertThat(well.change().rowsAfter()).hasValue(117);
        assertThat(well.change().columnsAdded()).containsExactly("mv_main.bin:NEW_COLUMN");
        assertThat(well.schemaDrift()).containsExactly(
                "mv_main.bin: rows fell from 100 to 60 (-40%), columns added [NEW_COLUMN], column NCOUNT changed from int64 to object",
                "mv_gone.bin: removed (its entry is gone from the archive)");
        assertThat(changed.schemaDrift()).containsExactly(well);

        JsonNode source = json(changed).path("sources").get(0);
        assertThat(json(changed).path("schema_drift").toString()).isEqualTo("[\"apd\"]");
        // A source both paths refreshed (one folder, two reports) is one drifted source: ["apd","apd"] before.
        RefreshReport bothPaths = new RefreshReport(changed.decision(), List.of(well, well), List.of(), changed.started(),
                changed.duration());
        assertThat(json(bothPaths).path("schema_drift").toString()).isEqualTo("[\"apd\"]");
        assertThat(source.path("change").path("rows_before").asLong()).isEqualTo(155);
        assertThat(source.path("change").path("rows_after").asLong()).isEqualTo(117);
        assertThat(source.path("change").path("dtype_changes").toString())
                .isEqualTo("{\"mv_main.bin:NCOUNT\":[\"int64\",\"object\"]}");
        assertThat(source.path("change").path("schema_drift")).hasSize(2);
        JsonNode mainJson = source.path("file_changes").get(0);
        assertThat(mainJson.path("file").asText()).isEqualTo("mv_main.bin");
        assertThat(mainJson.path("status").asText()).isEqualTo("changed");
        assertThat(mainJson.path("rows_before").asLong()).isEqualTo(100);
        assertThat(mainJson.path("rows_after").asLong()).isEqualTo(60);
        assertThat(mainJson.path("columns_added").toString()).isEqualTo("[\"NEW_COLUMN\"]");
        assertThat(mainJson.path("columns_removed").toString()).isEqualTo("[]");
        assertThat(mainJson.path("dtype_changes").toString()).isEqualTo("{\"NCOUNT\":[\"int64\",\"object\"]}");
        assertThat(mainJson.path("newest_production_date_before").isNull()).isTrue();
        JsonNode gone = source.path("file_changes").get(3);
        assertThat(gone.path("status").asText()).isEqualTo("removed");
        assertThat(gone.path("rows_before").asLong()).isEqualTo(5);
        assertThat(gone.path("rows_after").isNull()).isTrue();
        JsonNode added = source.path("file_changes").get(2);
        assertThat(added.path("status").asText()).isEqualTo("added");
        assertThat(added.path("rows_before").isNull()).isTrue();

        // A column removed is drift too; the same archive again is a 304: nothing changed.
        Map<String, String> third = new LinkedHashMap<>(second);
        third.put("mv_steady.txt", table(List.of("NKEY"), 50, ""));
        server.serve("/drift/apd.zip", archive(third));
        assertThat(run("well", "/drift/apd.zip").sources().getFirst().schemaDrift())
                .containsExactly("mv_steady.bin: columns removed [NAME]");

        RefreshReport again = run("well", "/drift/apd.zip");

        well = again.sources().getFirst();
        assertThat(well.outcome()).isEqualTo(SourceOutcome.UNCHANGED);
        assertThat(well.change().rowsBefore()).hasValue(117);
        assertThat(well.change().rowsAfter()).hasValue(117);
        assertThat(well.fileChanges()).isEmpty();
        assertThat(well.schemaDrift()).isEmpty();
    }

    @Test
    void rowsFallingByAtMostTenPercentAreNoDrift() throws IOException {
        server.serve("/drop/apd.zip", archive(Map.of("mv_main.txt", table(List.of("NKEY"), 100, ""))));
        run("well", "/drop/apd.zip");
        server.serve("/drop/apd.zip", archive(Map.of("mv_main.txt", table(List.of("NKEY"), 90, ""))));

        SourceReport ninety = run("well", "/drop/apd.zip").sources().getFirst();

        assertThat(ninety.fileChanges()).singleElement().satisfies(f -> assertThat(f.status())
                .isEqualTo(FileChange.Status.CHANGED));
        assertThat(ninety.schemaDrift()).isEmpty();
        server.serve("/drop/apd.zip", archive(Map.of("mv_main.txt", table(List.of("NKEY"), 80, ""))));
        assertThat(run("well", "/drop/apd.zip").sources().getFirst().schemaDrift())
                .containsExactly("mv_main.bin: rows fell from 90 to 80 (-11%)");
    }

    @Test
    void theNewestProductionDateIsRecordedAtWriteTimeAndComparedNextTime() throws IOException {
        server.serve("/prod/production.zip", archive(Map.of("ogora2024delimit.txt", production("202401", "202403", "202402"))));

        SourceReport first = run("production", "/prod/production.zip").sources().getFirst();

        assertThat(first.files()).singleElement().satisfies(f -> assertThat(f.newestProductionDate()).hasValue("202403"));
        Path manifest = base.resolve("data/modules/bsee/bin/.bsee/production_raw/manifest.json");
        assertThat(Files.readString(manifest)).contains("\"newest_production_date\" : \"202403\"");
        assertThat(first.change().newestProductionDateBefore()).isEmpty();
        assertThat(first.change().newestProductionDateAfter()).hasValue("202403");

        // The next refresh compares with what the manifest recorded, not with the old .bin file.
        Files.writeString(manifest, Files.readString(manifest).replace("\"202403\"", "\"202312\""));
        server.serve("/prod/production.zip", archive(Map.of("ogora2024delimit.txt", production("202405", "202404", "202311"))));

        RefreshReport second = run("production", "/prod/production.zip");

        ChangeRecord file = second.sources().getFirst().fileChanges().getFirst().change();
        assertThat(file.newestProductionDateBefore()).hasValue("202312");
        assertThat(file.newestProductionDateAfter()).hasValue("202405");
        assertThat(file.rowsBefore()).isEqualTo(OptionalLong.of(3));
        JsonNode change = json(second).path("sources").get(0).path("change");
        assertThat(change.path("newest_production_date_before").asText()).isEqualTo("202312");
        assertThat(change.path("newest_production_date_after").asText()).isEqualTo("202405");
        assertThat(second.sources().getFirst().schemaDrift()).isEmpty();
    }

    /// Headerless production records, one per date.
    private static String production(String... dates) {
        StringBuilder text = new StringBuilder();
        for (String date : dates) {
            text.append("\"G01234\",\" 00001\",\"").append(date).append("\",\"31\",\"OIL\",\"100\",\"200\",\"5\",")
                    .append("\"608164000100\",\"PR\",\"GC0123\",\"00689\",\"Operator A\",\"FIELD1\",\"\",\"001\",")
                    .append("\"19850101\",\"\",\"\"\r\n");
        }
        return text.toString();
    }
}
