package dev.bsee.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.binary.store.BinStore;
import dev.bsee.binary.store.Condition;
import dev.bsee.binary.store.Query;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.Table;
import dev.bsee.core.peer.FrameSpecs;
import dev.bsee.core.peer.PandasPeer;
import dev.bsee.core.peer.PandasPeers;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/// The Python system's YAML files run as they are, and the `.bin` files they produce are read by
/// Python code written like the legacy analysis code: list the folder, `pickle.load` every file, keep
/// the rows of some wells with `isin`, `pd.concat`. Both pandas generations read them (the default
/// `portable` dialect), equal to `pandas.read_csv` of the archive entries, and equal to what
/// [BinStore] gives Java for the same query.
class PythonReadsRefreshTest {

    @RegisterExtension
    static final PandasPeers peers = new PandasPeers();

    @RegisterExtension
    static final ArchiveServer server = ArchiveServer.forClass();

    /// The legacy analysis code's way of reading a folder, with the comparisons the test needs.
    private static final String LEGACY_ANALYSIS = """
            import os
            import zipfile
            folder = args['folder']
            wells = args['wells']
            frames = []
            checks = {}
            for name in sorted(os.listdir(folder)):
                with open(os.path.join(folder, name), 'rb') as f:
                    df = pickle.load(f)
                table = name[:-len('.bin')]
                # The converter's result equals pandas.read_csv of the archive entry.
                with zipfile.ZipFile(args['zips'][table]) as z:
                    z.extract(table + '.txt', args['scratch'])
                names = args['names'].get(table)
                checks[table] = {'as_read_csv': same_frame(df, read_csv_like_legacy(
                    os.path.join(args['scratch'], table + '.txt'), names=names))}
                if 'API_WELL_NUMBER' in df.columns:
                    selected = df[df['API_WELL_NUMBER'].isin(wells)]
                    checks[table]['as_java'] = same_frame(selected, frame_from_spec(args['java'][table]))
                    frames.append(selected)
            combined = pd.concat(frames)
            result = {'files': sorted(os.listdir(folder)), 'rows': int(combined.shape[0]), 'checks': checks}
            """;


    private static void copyResource(String name, Path target) throws IOException {
        try (InputStream in = PythonReadsRefreshTest.class.getResourceAsStream(name)) {
            Files.copy(in, target);
        }
    }

    @ParameterizedTest
    @EnumSource(PandasPeer.Kind.class)
    void theLegacyFileRunsAsItIsAndPythonReadsTheFolder(PandasPeer.Kind kind) throws IOException {
        PandasPeer peer = peers.get(kind);
        Path base = Files.createDirectories(peer.newFile("project"));
        copyResource("data_refresh.yml", base.resolve("data_refresh.yml"));
        Path zips = base.resolve("data/modules/bsee/zip/production");
        Map<String, Path> archives = new LinkedHashMap<>();
        archives.put("ogora2023delimit", BseeArchives.write(zips.resolve("ogora2023delimit.zip"),
                BseeArchives.production(2023, 150, 31)));
        archives.put("ogora2024delimit", BseeArchives.write(zips.resolve("ogora2024delimit.zip"),
                BseeArchives.production(2024, 90, 32)));
        // apm is switched off in the file: its folder is never read.
        BseeArchives.write(base.resolve("data/modules/bsee/zip/apm/broken.zip"), new byte[] {1, 2, 3});

        RefreshReport report = BseeRefresh.fromYaml(base.resolve("data_refresh.yml")).baseDirectory(base).run();

        assertThat(report.succeeded()).as(report.toJson()).isTrue();
        assertThat(report.warnings()).isEmpty();
        assertThat(report.decision().legacySources()).containsExactly("production_raw");
        assertThat(report.decision().reasons()).contains("legacy path skips apm: data.apm is false");
        Path folder = base.resolve("data/modules/bsee/bin/production_raw");
        Set<Long> wells = Set.of(BseeArchives.apiWellNumber(3), BseeArchives.apiWellNumber(17), BseeArchives.apiWellNumber(40));
        Map<String, List<String>> names = Map.of("ogora2023delimit", SourceCatalog.PRODUCTION_COLUMNS,
                "ogora2024delimit", SourceCatalog.PRODUCTION_COLUMNS);

        JsonNode result = analyse(peer, folder, archives, names, wells);

        assertThat(result.get("files")).extracting(JsonNode::asText)
                .containsExactly("ogora2023delimit.bin", "ogora2024delimit.bin");
        assertEqual(result.get("checks"), 2);
        assertThat(result.get("rows").asInt()).isEqualTo(javaRows(folder, wells)).isPositive();
    }

    @ParameterizedTest
    @EnumSource(PandasPeer.Kind.class)
    void theEnhancedFileRunsAsItIsAndPythonReadsTheFolder(PandasPeer.Kind kind) throws IOException {
        PandasPeer peer = peers.get(kind);
        Path base = Files.createDirectories(peer.newFile("project"));
        copyResource("data_refresh_enhanced.yml", base.resolve("data_refresh_enhanced.yml"));
        Map<String, Path> archives = new LinkedHashMap<>();
        byte[] apd = BseeArchives.apd(400, 33);
        server.serve("/" + kind + "/APDRawData.zip", apd);
        server.serve("/" + kind + "/ProductionRawData.zip", BseeArchives.production(2024, 60, 34));
        Path zips = Files.createDirectories(base.resolve("served"));
        archives.put("mv_apddata_all", BseeArchives.write(zips.resolve("APDRawData.zip"), apd));
        archives.put("mv_apd_main_all", zips.resolve("APDRawData.zip"));
        // The file names no addresses: the catalog given in Java points the sources at the mirror.
        SourceCatalog catalog = SourceCatalog.of()
                .with(SourceCatalog.of().find("well").orElseThrow().withUri(server.url("/" + kind + "/APDRawData.zip")))
                .with(SourceCatalog.of().find("production").orElseThrow()
                        .withUri(server.url("/" + kind + "/ProductionRawData.zip")));

        RefreshReport report = BseeRefresh.fromYaml(base.resolve("data_refresh_enhanced.yml")).catalog(catalog)
                .baseDirectory(base).run();

        assertThat(report.succeeded()).as(report.toJson()).isTrue();
        assertThat(report.decision().enhancedSources()).containsExactly("apd", "production_raw");
        assertThat(base.resolve("data/modules/bsee/bin/production_raw/ogora2024delimit.bin")).isRegularFile();
        Path folder = base.resolve("data/modules/bsee/bin/apd");
        Set<Long> wells = Set.of(BseeArchives.apiWellNumber(0), BseeArchives.apiWellNumber(150), BseeArchives.apiWellNumber(399));

        JsonNode result = analyse(peer, folder, archives, Map.of(), wells);

        assertThat(result.get("files")).extracting(JsonNode::asText)
                .containsExactly("mv_apd_main_all.bin", "mv_apddata_all.bin");
        assertEqual(result.get("checks"), 2);
        assertThat(result.get("rows").asInt()).isEqualTo(javaRows(folder, wells)).isGreaterThanOrEqualTo(3);
        // A second run trusts the 24-hour cache the file switches on and leaves the folder as it is.
        RefreshReport again = BseeRefresh.fromYaml(base.resolve("data_refresh_enhanced.yml")).catalog(catalog)
                .baseDirectory(base).run();
        assertThat(again.sources()).extracting(SourceReport::outcome).containsOnly(SourceOutcome.UNCHANGED);
    }

    private static JsonNode analyse(PandasPeer peer, Path folder, Map<String, Path> archives,
                                    Map<String, List<String>> names, Set<Long> wells) throws IOException {
        BinStore store = BinStore.open(folder);
        Map<String, Object> java = new LinkedHashMap<>();
        for (String table : store.tables()) {
            Table all = store.read(table);
            if (all.columnNames().contains("API_WELL_NUMBER")) {
                java.put(table, FrameSpecs.spec(store.read(table, Query.rowsWhere("API_WELL_NUMBER", Condition.isIn(wells)))));
            }
        }
        Map<String, String> zips = new LinkedHashMap<>();
        archives.forEach((table, zip) -> zips.put(table, peer.peerPath(zip)));
        Path scratch = Files.createDirectories(peer.newFile("scratch"));
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("folder", peer.peerPath(folder));
        args.put("wells", new ArrayList<>(wells));
        args.put("zips", zips);
        args.put("names", names);
        args.put("scratch", peer.peerPath(scratch));
        args.put("java", java);
        return peer.call(LEGACY_ANALYSIS, args);
    }

    /// Every file was compared with read_csv and with Java's filtered read, and all were equal.
    private static void assertEqual(JsonNode checks, int files) {
        assertThat(checks.size()).isEqualTo(files);
        checks.forEach(check -> assertThat(check.has("as_read_csv") && check.has("as_java")).as(check.toString()).isTrue());
        checks.fields().forEachRemaining(table -> table.getValue().fields().forEachRemaining(check ->
                assertThat(check.getValue().get("equal").asBoolean())
                        .as("%s %s: %s", table.getKey(), check.getKey(), check.getValue().get("reason").asText())
                        .isTrue()));
    }

    private static int javaRows(Path folder, Set<Long> wells) throws IOException {
        BinStore store = BinStore.open(folder);
        int rows = 0;
        for (String table : store.tables()) {
            if (store.read(table).columnNames().contains("API_WELL_NUMBER")) {
                rows += store.read(table, Query.rowsWhere("API_WELL_NUMBER", Condition.isIn(wells))).rowCount();
            }
        }
        return rows;
    }
}
