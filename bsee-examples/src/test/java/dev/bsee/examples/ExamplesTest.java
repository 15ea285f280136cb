package dev.bsee.examples;

import dev.bsee.binary.PickleReader;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.Table;
import dev.bsee.examples.mirror.DemoArchives;
import dev.bsee.examples.mirror.DemoMirror;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/// Each example runs against the embedded demo mirror and does what its documentation says.
class ExamplesTest {

    @TempDir
    Path dir;

    /// Runs an example's `main` and returns what it printed.
    private static String run(ThrowingMain main, String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            main.run(args);
        } finally {
            System.setOut(original);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    private interface ThrowingMain {
        void run(String[] args) throws Exception;
    }

    private static List<String> files(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void facadeQuickstartRefreshesEverySourceAndReadsOneWell() throws Exception {
        Path config = Files.writeString(dir.resolve("refresh.yml"), "data:\n  enhanced_refresh: true\n  production: true\n");
        try (DemoMirror mirror = DemoMirror.open()) {
            Files.writeString(config, "sources:\n  production: {url: " + mirror.uri("production") + "}\n",
                    StandardOpenOption.APPEND);
            String printed = run(FacadeQuickstart::main, config.toString(), dir.toString(), DemoArchives.SAMPLE_WELL);

            // The sample well is every 40th of the 1200 production records.
            assertThat(printed).startsWith("production_raw: UPDATED, 1200 rows").contains("Table 30 rows x 2 columns [int64, int64]");
        }
        assertThat(files(dir.resolve("data/modules/bsee/bin/production_raw")))
                .containsExactly("mv_productiondata.bin");
        List<String> before = quickstartFolders();
        assertThat(run(FacadeQuickstart::main)).as("without arguments: the mirror, every source")
                .contains("apd: UPDATED, 480 rows", "production_raw: UPDATED, 1200 rows", "war: UPDATED, 1200 rows");
        assertThat(quickstartFolders()).as("its temporary folder is removed").isEqualTo(before);
    }

    private static List<String> quickstartFolders() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.map(path -> path.getFileName().toString()).filter(name -> name.startsWith("bsee-quickstart"))
                    .sorted().toList();
        }
    }

    @Test
    void composeRefreshByHandWritesEveryWarEntryAndNoTemporary() throws Exception {
        String printed = run(ComposeRefreshByHand::main, dir.toString());

        List<String> expected = DemoArchives.of("war").entries().stream()
                .map(e -> e.baseName().replace(".txt", ".bin")).sorted().toList();
        assertThat(files(dir.resolve("war"))).isEqualTo(expected);
        assertThat(files(dir.resolve(".tmp"))).as("temporaries are moved into place").isEmpty();
        assertThat(printed.lines()).hasSize(8).contains("war/mv_war_main.bin: 160 rows, 23 columns",
                "war/mv_war_open_hole_runs.bin: 80 rows, 5 columns");
        Table remarks = PickleReader.of().read(dir.resolve("war/mv_war_main_prop_remark.bin"));
        assertThat(remarks.rowCount()).isEqualTo(160);
    }

    @Test
    void filterByWellKeepsTheRowsOfOneWell() throws Exception {
        run(ComposeRefreshByHand::main, dir.toString());

        String printed = run(FilterByWell::main, dir.toString(), DemoArchives.SAMPLE_WELL);

        // The sample well is every 40th row of mv_war_main: rows 0, 40, 80 and 120 keep their labels.
        assertThat(printed).contains("well " + DemoArchives.SAMPLE_WELL + ": 4 activity reports",
                "Table 4 rows x 4 columns [int64, object, object, int64]");
        assertThat(printed.lines().filter(line -> line.matches("\\s*(0|40|80|120)\\s+-40\\d{4}\\s.*"))).hasSize(4);
        assertThat(printed).contains("-407200", "-407480", "-407760", "-408040");
    }

    /// Run without arguments, as the README shows, the example fetches the demo's data into a
    /// temporary folder of its own and removes it when done: every run left one behind.
    @Test
    void filterByWellOnTheDemoDataLeavesNoTemporaryFolder() throws Exception {
        Path temporaries = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = exampleFolders(temporaries);

        String printed = run(FilterByWell::main);

        assertThat(printed).contains("well " + DemoArchives.SAMPLE_WELL + ": 4 activity reports");
        assertThat(exampleFolders(temporaries)).isEqualTo(before);
    }

    private static Set<Path> exampleFolders(Path temporaries) throws IOException {
        try (var listed = Files.list(temporaries)) {
            return listed.filter(path -> path.getFileName().toString().startsWith("bsee-filter-example"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void convertLocalArchiveKeepsTheFirstProductionRecord() throws Exception {
        Path zip = Files.write(dir.resolve("ProductionRawData.zip"), DemoArchives.of("production").zip());
        Path output = dir.resolve("converted");

        String printed = run(ConvertLocalArchive::main, zip.toString(), output.toString());

        assertThat(files(output)).containsExactly("mv_productiondata.bin");
        assertThat(printed).contains("ProductionRawData/mv_productiondata.txt -> " + output.resolve("mv_productiondata.bin")
                + ": 1200 rows");
        Table production = PickleReader.of().read(output.resolve("mv_productiondata.bin"));
        assertThat(production.rowCount()).as("every record, the first included").isEqualTo(1200);
        assertThat(production.columnNames()).isEqualTo(SourceCatalog.PRODUCTION_COLUMNS);
        assertThat(production.column("LEASE_NUMBER").format(0)).as("first record").isEqualTo(" 00016");
        assertThat(files(dir)).as("no temporary folder left").containsExactlyInAnyOrder("ProductionRawData.zip", "converted");
    }

    @Test
    void watchProgressPrintsTheDownloadAndEveryEntry() throws Exception {
        String printed = run(WatchProgress::main);

        int size = DemoArchives.of("production").zip().length;
        // The example names the archive by its source id (BodyReaders.ofEntries(processor, production.id(), ...)),
        // so entry events group with the download's.
        assertThat(printed).contains("production_raw: downloaded " + size + " of " + size + " bytes",
                "production_raw: started ProductionRawData/mv_productiondata.txt");
        assertThat(printed.lines().filter(line -> line.startsWith("production_raw: finished "))).hasSize(1)
                .allMatch(line -> line.contains(": 1200 rows, dtypes [object, object, int64"));
    }
}
