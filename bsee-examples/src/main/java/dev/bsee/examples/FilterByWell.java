package dev.bsee.examples;

import dev.bsee.binary.store.BinStore;
import dev.bsee.binary.store.Condition;
import dev.bsee.binary.store.Query;
import dev.bsee.core.Table;
import dev.bsee.examples.mirror.DemoArchives;
import dev.bsee.examples.mirror.DemoMirror;

import org.apache.commons.io.file.PathUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/// Reads `.bin` files and keeps the rows of one well, what the Python analysis code did with
/// `df[df['API_WELL_NUMBER'].isin(wells)]`: [BinStore] lists and reads a folder, a [Query] picks
/// columns and rows.
///
/// Run: `java -cp bsee.jar dev.bsee.examples.FilterByWell [BIN_DIR [API_WELL_NUMBER]]`, where
/// `BIN_DIR` holds the `war` folder, e.g. `bsee-demo/data/modules/bsee/bin` after `bsee demo`.
/// Without arguments it first fetches the WAR archive from the embedded demo mirror.
public final class FilterByWell {

    private FilterByWell() {
    }

    /// Prints the activity reports of one well.
    ///
    /// @param args the folder holding `war/`, and an API well number, both optional
    /// @throws IOException when a file cannot be read
    public static void main(String[] args) throws IOException {
        long well = Long.parseLong(args.length > 1 ? args[1] : DemoArchives.SAMPLE_WELL);
        if (args.length > 0) {
            print(Path.of(args[0]), well);
            return;
        }
        // The demo's data is this run's alone: it goes with the run, as the quickstart's does.
        Path demo = fetchDemoData();
        try {
            print(demo, well);
        } finally {
            PathUtils.deleteDirectory(demo);
        }
    }

    private static void print(Path bin, long well) throws IOException {
        BinStore war = BinStore.open(bin.resolve("war"));
        System.out.println("tables in " + war.directory() + ": " + war.tables());
        Table reports = war.read("mv_war_main", Query.columns("SN_WAR", "WAR_START_DT", "RIG_NAME", "WATER_DEPTH")
                .where("API_WELL_NUMBER", Condition.isIn(Set.of(well))));
        System.out.println("well " + well + ": " + reports.rowCount() + " activity reports");
        System.out.print(reports);
    }

    private static Path fetchDemoData() throws IOException {
        Path output = Files.createTempDirectory("bsee-filter-example");
        try (DemoMirror mirror = DemoMirror.open()) {
            ComposeRefreshByHand.refresh(mirror.catalog().find("war").orElseThrow(), output);
        }
        return output;
    }
}
