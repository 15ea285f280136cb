package dev.bsee.bridge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/// Text from outside reaches reports, logs and errors only through the one rule
/// (`dev.bsee.core.internal.SafeText`): a password in a source address is never shown, and a refresh writes
/// `parameters.filepath.<id>.bin` on the enhanced path too when no `zip` is given.
class HostileTextTest {

    @RegisterExtension
    static final ArchiveServer server = ArchiveServer.forClass();

    @TempDir
    Path base;


    private static URI withPassword(URI url) {
        return URI.create(url.toString().replace("://", "://reader:s3cret-Pa55@"));
    }

    @Test
    void aPasswordInTheSourceUrlIsInNoReportErrorJsonOrLog() throws IOException {
        server.serve("/pw/well.zip", BseeArchives.apd(20, 1));
        server.fail("/pw/maintenance.zip", 200);
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getLevel() + " " + record.getMessage() + " " + List.of(record.getParameters() == null
                        ? new Object[0] : record.getParameters()) + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        try {
            // Served, missing, an HTML page instead of the archive (whose message quotes the address).
            for (String path : new String[] {"/pw/well.zip", "/pw/missing.zip", "/pw/maintenance.zip"}) {
                String yaml = "data:\n  enhanced_refresh: true\n  well: true\nprocessing:\n  retries: 1\n"
                        + "sources:\n  well:\n    url: " + withPassword(server.url(path)) + "\n";
                RefreshReport report = BseeRefresh.builder().config(RefreshConfig.fromYaml(yaml, "pw.yml"))
                        .baseDirectory(base).backoff(Duration.ZERO, Duration.ZERO).run();
                String everything = report.toJson() + report.sources() + report;
                assertThat(everything).as(path).doesNotContain("s3cret").contains("***@127.0.0.1");
                if (!path.contains("well")) {
                    assertThat(report.succeeded()).isFalse();
                    assertThat(report.sources().getFirst().errors()).isNotEmpty()
                            .allSatisfy(e -> assertThat(e.toString()).doesNotContain("s3cret"));
                }
            }
            try (Stream<Path> files = Files.walk(base)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    // Reports, manifests, the conditional state: every file but the tables themselves.
                    if (!file.toString().endsWith(".bin")) {
                        assertThat(Files.readString(file)).as(file.toString()).doesNotContain("s3cret");
                    }
                }
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }
        assertThat(logged).isNotEmpty().noneMatch(line -> line.contains("s3cret"));
    }

    @Test
    void theBinFolderOfFilepathIsHonouredOnTheEnhancedPathWithoutZip() throws IOException {
        server.serve("/binonly/well.zip", BseeArchives.apd(20, 1));
        String yaml = "data:\n  enhanced_refresh: true\n  well: true\n"
                + "parameters:\n  filepath:\n    well:\n      bin: custom/wells\n"
                + "sources:\n  well:\n    url: " + server.url("/binonly/well.zip") + "\n";
        RefreshReport report = BseeRefresh.builder().config(RefreshConfig.fromYaml(yaml, "bin.yml"))
                .baseDirectory(base).backoff(Duration.ZERO, Duration.ZERO).run();
        assertThat(report.succeeded()).as(report.toJson()).isTrue();
        assertThat(report.sources().getFirst().outputDirectory()).isEqualTo(base.resolve("custom/wells"));
        assertThat(base.resolve("custom/wells/mv_apddata_all.bin")).isRegularFile();
        assertThat(base.resolve("data/modules/bsee/bin/apd")).doesNotExist();
    }
}
