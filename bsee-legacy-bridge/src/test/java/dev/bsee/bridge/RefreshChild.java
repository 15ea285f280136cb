package dev.bsee.bridge;

import java.nio.file.Path;
import java.time.Duration;

/// The refresh as a separate JVM, for the test that kills a refresh midway:
/// `RefreshChild CONFIG.yml BASE_DIR` prints the JSON report and exits 0, or 1 when a source failed.
public final class RefreshChild {

    private RefreshChild() {
    }

    public static void main(String[] args) throws Exception {
        RefreshReport report = BseeRefresh.fromYaml(Path.of(args[0])).baseDirectory(Path.of(args[1]))
                .lockWait(Duration.ZERO).run();
        System.out.println(report.toJson());
        System.exit(report.succeeded() ? 0 : 1);
    }
}
