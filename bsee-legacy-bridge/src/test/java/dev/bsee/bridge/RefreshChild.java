package dev.bsee.bridge;

import java.nio.file.Path;
import java.time.Duration;

/// The refresh as a separate JVM, for the test that kills a refresh midway:
/// `RefreshChild CONFIG.yml BASE_DIR` prints the JSON report and exits 0, or 1 when a source failed.
/// `RefreshChild CONFIG.yml BASE_DIR status` checks the folders instead, for a test that runs the
/// check as another user: it prints each source's freshness and every problem, and exits 0 when
/// all is well, else 1.
public final class RefreshChild {

    private RefreshChild() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 2 && args[2].equals("status")) {
            StatusReport status = BseeStatus.builder().config(RefreshConfig.fromYaml(Path.of(args[0])))
                    .baseDirectory(Path.of(args[1])).lockWait(Duration.ZERO).build().check();
            status.sources().forEach(source -> System.out.println(source.source() + " " + source.freshness()
                    + " " + source.files() + " files, untracked " + source.untrackedFiles()));
            status.problems().forEach(System.out::println);
            System.exit(status.healthy() ? 0 : 1);
        }
        RefreshReport report = BseeRefresh.fromYaml(Path.of(args[0])).baseDirectory(Path.of(args[1]))
                .lockWait(Duration.ZERO).run();
        System.out.println(report.toJson());
        System.exit(report.succeeded() ? 0 : 1);
    }
}
