package dev.bsee.bridge;

import dev.bsee.binary.store.BinStore;
import dev.bsee.core.ProgressEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/// A refresh in a child JVM, killed with `destroyForcibly` while it writes: the previous outputs
/// stay byte-identical, the folder stays locked to others while the child lives, and the next
/// refresh removes the stale temporaries and completes.
class KilledRefreshTest {

    @TempDir
    Path base;

    private Path apd() {
        return base.resolve("data/modules/bsee/bin/apd");
    }

    private Path meta() {
        return base.resolve("data/modules/bsee/bin/.bsee/apd");
    }

    private Map<String, String> outputs() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Stream.concat(Files.list(apd()), Stream.of(meta().resolve("manifest.json")))) {
            for (Path file : list.toList()) {
                files.put(file.getFileName().toString(), HexFormat.of().formatHex(Files.readAllBytes(file)));
            }
        }
        return files;
    }

    private Optional<Path> stagedFile() throws IOException {
        if (!Files.isDirectory(meta().resolve("tmp"))) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(meta().resolve("tmp"))) {
            return files.filter(f -> f.getFileName().toString().equals("mv_apddata_all.bin")).findFirst();
        }
    }

    @Test
    void aRefreshKilledWhileWritingLeavesThePreviousOutputsAndTheNextRunCleansUp() throws Exception {
        try (ArchiveServer server = ArchiveServer.start()) {
            Path config = base.resolve("refresh.yml");
            Files.writeString(config, """
                    data:
                      enhanced_refresh: true
                      well: true
                    sources:
                      well:
                        url: %s
                    """.formatted(server.url("/APDRawData.zip")));
            server.serve("/APDRawData.zip", BseeArchives.apd(500, 21));
            RefreshReport first = BseeRefresh.fromYaml(config).baseDirectory(base).run();
            assertThat(first.succeeded()).as(first.toJson()).isTrue();
            Map<String, String> before = outputs();

            // The next version stalls inside its second entry, after the first is complete: the child
            // has staged mv_apddata_all.bin and waits for the rest of the body.
            byte[] next = BseeArchives.apd(2000, 22);
            int secondEntry = indexOf(next, "mv_apd_main_all.txt".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            server.stall("/APDRawData.zip", next, secondEntry + 200);
            Process child = startChild(config);
            try {
                RefreshEndToEndTest.awaitTrue(() -> {
                    try {
                        return stagedFile().isPresent() || !child.isAlive();
                    } catch (IOException e) {
                        return false;
                    }
                });
                assertThat(child.isAlive()).as("child exited early: %s", childOutput()).isTrue();

                // While the child lives, the folder is locked against other processes.
                RefreshReport refused = BseeRefresh.fromYaml(config).baseDirectory(base)
                        .lockWait(java.time.Duration.ZERO).run();
                assertThat(refused.failures()).singleElement().satisfies(f -> assertThat(f.errors().getFirst().message())
                        .contains("is being written by another bsee process").contains("pid " + child.pid()));
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
            }

            assertThat(outputs()).isEqualTo(before);
            assertThat(stagedFile()).as("the killed refresh's temporary is left behind").isPresent();
            assertThat(apd()).isDirectoryNotContaining(p -> !p.getFileName().toString().endsWith(".bin"));

            server.serve("/APDRawData.zip", next);
            List<ProgressEvent> events = new CopyOnWriteArrayList<>();
            RefreshReport recovered = BseeRefresh.fromYaml(config).baseDirectory(base).listener(events::add).run();

            assertThat(recovered.succeeded()).as(recovered.toJson()).isTrue();
            assertThat(events).filteredOn(ProgressEvent.Notice.class::isInstance)
                    .anySatisfy(e -> assertThat(((ProgressEvent.Notice) e).message()).contains("removed stale temporary"));
            assertThat(stagedFile()).isEmpty();
            assertThat(meta().resolve("tmp")).isEmptyDirectory();
            assertThat(BinStore.open(apd()).read("mv_apddata_all").rowCount()).isEqualTo(2000);
        }
    }

    private Path childLog() {
        return base.resolve("child.log");
    }

    private String childOutput() {
        try {
            return Files.readString(childLog());
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private Process startChild(Path config) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports"))
                .forEach(command::add);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RefreshChild.class.getName());
        command.add(config.toString());
        command.add(base.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(childLog().toFile()).start();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
