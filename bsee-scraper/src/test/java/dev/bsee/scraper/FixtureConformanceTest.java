package dev.bsee.scraper;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.binary.PickleWriter;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.TableLayout;
import dev.bsee.core.peer.Fixtures;
import dev.bsee.core.peer.PandasPeers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/// Every entry of every real BSEE archive in the shared fixtures, converted to a `.bin` by Java,
/// loads in pandas 2.2 as exactly the frame `read_csv_like_legacy` (the Python system's read) gives
/// for that entry; and the Python system's own `.bin` files are reproduced.
class FixtureConformanceTest {

    private static final String COMPARE_ENTRIES = """
            import os, shutil, zipfile
            out = {}
            with zipfile.ZipFile(args['zip']) as archive:
                for e in args['entries']:
                    text = os.path.join(args['tmp'], 'entry.txt')
                    with archive.open(e['name']) as src, open(text, 'wb') as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)
                    expected = read_csv_like_legacy(text, e['names'])
                    os.remove(text)
                    actual = load_pickle(e['bin'])
                    r = same_objects(expected, actual)
                    r['rows'] = len(expected)
                    out[e['name']] = r
                    del expected, actual
            result = out
            """;

    @RegisterExtension
    static final PandasPeers peers = new PandasPeers();

    /// Converts every data entry of `zip` to a `.bin` in a folder the peer reads.
    private static Map<String, EntrySummary> convert(Path zip, Path binDir) throws IOException {
        PickleWriter writer = PickleWriter.of();
        Files.createDirectories(binDir);
        Path staging = Files.createDirectories(binDir.resolveSibling(binDir.getFileName() + ".tmp"));
        List<EntrySummary> summaries = ZipStreamProcessor.builder().parallelism(2).build()
                .process(zip, entry -> writer.write(entry.table(), binDir.resolve(entry.outputName()), staging));
        Map<String, EntrySummary> byName = new LinkedHashMap<>();
        summaries.forEach(s -> byName.put(s.entryName(), s));
        return byName;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ogora2023delimit.zip", "ogora2024delimit.zip", "ogoradelimit.zip", "eWellEORRawData.zip",
            "ProductionRawData-2008-2024.zip"})
    void everyEntryLoadsInPandasAsReadCsvReadsIt(String archive) throws IOException {
        Path zip = Fixtures.file("bsee-zip/" + archive);
        Path binDir = peers.pandas22().newFile("bins");
        Map<String, EntrySummary> converted = convert(zip, binDir);

        List<Map<String, Object>> entries = new ArrayList<>();
        for (EntrySummary summary : converted.values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", summary.entryName());
            entry.put("names", SourceCatalog.layoutForEntry(summary.entryName()) instanceof TableLayout.ColumnNames names
                    ? names.names() : null);
            entry.put("bin", peers.pandas22().peerPath(binDir.resolve(summary.outputName())));
            entries.add(entry);
        }
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("zip", peers.pandas22().stage(zip));
        args.put("tmp", peers.pandas22().peerPath(binDir));
        args.put("entries", entries);
        JsonNode results = peers.pandas22().call(COMPARE_ENTRIES, args);

        assertThat(converted).isNotEmpty();
        for (EntrySummary summary : converted.values()) {
            JsonNode result = results.get(summary.entryName());
            assertThat(result.get("equal").asBoolean()).as("%s!%s: %s", archive, summary.entryName(),
                    result.get("reason").asText()).isTrue();
            assertThat(result.get("rows").asInt()).isEqualTo(summary.rows());
        }
        if (archive.startsWith("ogora")) {
            assertThat(converted.values()).allSatisfy(s -> assertThat(s.columns()).isEqualTo(SourceCatalog.PRODUCTION_COLUMNS));
        }
        if (archive.equals("eWellEORRawData.zip")) {
            assertThat(converted).hasSize(13);
            assertThat(converted.values()).filteredOn(s -> s.charset().name().equals("ISO-8859-1")).isNotEmpty();
        }
        if (archive.startsWith("ProductionRawData")) {
            assertThat(converted).hasSize(17);
        }
    }

    @Test
    void theRangeIndexFilesOfThePythonSystemAreReproduced() throws IOException {
        Path binDir = peers.pandas22().newFile("eor");
        convert(Fixtures.file("bsee-zip/eWellEORRawData.zip"), binDir);
        List<Map<String, String>> pairs = new ArrayList<>();
        try (var legacy = Files.list(Fixtures.root().resolve("legacy-bin"))) {
            for (Path file : legacy.sorted().toList()) {
                String name = file.getFileName().toString();
                boolean rangeIndexed = (name.startsWith("mv_eor_") && !name.equals("mv_eor_completionsprop.bin")
                        && !name.equals("mv_eor_geomarkers.bin")) || name.equals("mv_hcbearing_intervals.bin");
                if (rangeIndexed) {
                    assertThat(binDir.resolve(name)).as("Java output for " + name).exists();
                    pairs.add(Map.of("name", name, "legacy", peers.pandas22().stage(file),
                            "java", peers.pandas22().peerPath(binDir.resolve(name))));
                }
            }
        }
        assertThat(pairs).hasSize(10);
        JsonNode results = peers.pandas22().call("""
                result = {}
                for p in args['pairs']:
                    legacy = load_pickle(p['legacy'])
                    java = load_pickle(p['java'])
                    r = same_objects(legacy, java)
                    r['rangeindex'] = type(legacy.index).__name__ == 'RangeIndex'
                    result[p['name']] = r
                """, Map.of("pairs", pairs));
        for (Map<String, String> pair : pairs) {
            JsonNode result = results.get(pair.get("name"));
            assertThat(result.get("rangeindex").asBoolean()).as(pair.get("name") + " has a RangeIndex").isTrue();
            assertThat(result.get("equal").asBoolean()).as("%s: %s", pair.get("name"), result.get("reason").asText())
                    .isTrue();
        }
    }

    @Test
    void theOldProductionFileHasTheColumnsAndDtypesOfTheJavaConversion() throws IOException {
        Path binDir = peers.pandas22().newFile("ogora");
        Map<String, EntrySummary> converted = convert(Fixtures.file("bsee-zip/ogoradelimit.zip"), binDir);
        EntrySummary entry = converted.get("ogoradelimit.txt");
        JsonNode result = peers.pandas22().call("""
                legacy = load_pickle(args['legacy'])
                java = load_pickle(args['java'])
                result = {'legacy': [list(map(str, legacy.columns)), [str(t) for t in legacy.dtypes], len(legacy)],
                          'java': [list(map(str, java.columns)), [str(t) for t in java.dtypes], len(java)]}
                """, Map.of("legacy", peers.pandas22().stage(Fixtures.file("legacy-bin/ogoradelimit.bin")),
                "java", peers.pandas22().peerPath(binDir.resolve("ogoradelimit.bin"))));
        assertThat(result.get("java").get(0)).isEqualTo(result.get("legacy").get(0));
        assertThat(result.get("java").get(1)).isEqualTo(result.get("legacy").get(1));
        assertThat(result.get("java").get(0).get(0).asText()).isEqualTo("LEASE_NUMBER");
        assertThat(result.get("java").get(2).asInt()).isEqualTo(entry.rows());
    }
}
