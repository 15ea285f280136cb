package dev.bsee.examples;

import dev.bsee.binary.store.BinStore;
import dev.bsee.binary.store.Condition;
import dev.bsee.binary.store.Query;
import dev.bsee.bridge.BseeRefresh;
import dev.bsee.bridge.RefreshReport;
import dev.bsee.core.Table;
import dev.bsee.examples.mirror.DemoArchives;
import dev.bsee.examples.mirror.DemoMirror;
import org.apache.commons.io.file.PathUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/// The README's snippet: a whole refresh from a YAML file in one call, then the rows of one well
/// read back from the `.bin` files, as a Java analysis app would.
///
/// Run: `java -cp bsee.jar dev.bsee.examples.FacadeQuickstart [CONFIG.yml [BASE_DIR [API_WELL_NUMBER]]]`.
/// Without arguments it writes a configuration pointing at the embedded demo mirror, refreshes into
/// a temporary folder and removes the folder at the end.
public final class FacadeQuickstart {

    private FacadeQuickstart() {
    }

    /// Refreshes from a configuration and prints one well's production.
    ///
    /// @param args the configuration file, the base directory and an API well number, all optional
    /// @throws IOException when the configuration or a file cannot be read
    public static void main(String[] args) throws IOException {
        long well = Long.parseLong(args.length > 2 ? args[2] : DemoArchives.SAMPLE_WELL);
        if (args.length > 0) {
            quickstart(Path.of(args[0]), Path.of(args.length > 1 ? args[1] : "."), well);
            return;
        }
        try (DemoMirror mirror = DemoMirror.open()) {
            Path base = Files.createTempDirectory("bsee-quickstart");
            Path config = Files.writeString(base.resolve("data_refresh_enhanced.yml"), """
                    data:
                      enhanced_refresh: true
                    sources:
                      well: {url: %s}
                      production: {url: %s}
                      war: {url: %s}
                    """.formatted(mirror.uri("well"), mirror.uri("production"), mirror.uri("war")));
            try {
                quickstart(config, base, well);
            } finally {
                PathUtils.deleteDirectory(base);
            }
        }
    }

    static void quickstart(Path config, Path base, long well) throws IOException {
        // The README shows the lines from here to the end of this method.
        RefreshReport report = BseeRefresh.fromYaml(config)   // the Python system's YAML, unchanged
                .baseDirectory(base)                           // outputs go to base/data/modules/bsee/bin/...
                .run();
        report.sources().forEach(s -> System.out.println(s.source() + ": " + s.outcome() + ", " + s.rows() + " rows"));

        BinStore production = BinStore.open(base.resolve("data/modules/bsee/bin/production_raw"));
        Table oneWell = production.read("mv_productiondata",
                Query.columns("PRODUCTION_DATE", "MON_O_PROD_VOL").where("API_WELL_NUMBER", Condition.isIn(Set.of(well))));
        System.out.println(oneWell);
    }
}
