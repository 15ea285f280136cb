package dev.bsee.bridge;

import dev.bsee.binary.store.BinStore;
import dev.bsee.binary.store.Condition;
import dev.bsee.binary.store.Query;
import dev.bsee.core.BseeSource;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ProgressEvent;
import dev.bsee.core.ProgressListener;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// The whole refresh against a real HTTP server on loopback serving generated BSEE-shaped archives:
/// the router's four cases, failures that leave earlier outputs byte-identical, conditional
/// refreshes, superseded files, and two refreshes on one folder.
class RefreshEndToEndTest {

    @RegisterExtension
    static final ArchiveServer server = ArchiveServer.forClass();

    @TempDir
    Path base;


    private Path bin(String subdirectory) {
        return base.resolve("data/modules/bsee/bin").resolve(subdirectory);
    }

    private Path manifest(String subdirectory) {
        return base.resolve("data/modules/bsee/bin/.bsee").resolve(subdirectory).resolve("manifest.json");
    }

    /// The time the folder's manifest records for its refresh.
    private java.time.Instant manifestWritten(String subdirectory) throws IOException {
        return java.time.Instant.parse(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(manifest(subdirectory).toFile()).path("written").asText());
    }

    /// Every file of an output folder and its manifest, with their bytes.
    private Map<String, String> outputs(String subdirectory) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Path folder = bin(subdirectory);
        if (Files.isDirectory(folder)) {
            try (Stream<Path> list = Files.list(folder)) {
                for (Path file : list.toList()) {
                    files.put(file.getFileName().toString(), HexFormat.of().formatHex(Files.readAllBytes(file)));
                }
            }
        }
        if (Files.exists(manifest(subdirectory))) {
            files.put("(manifest)", HexFormat.of().formatHex(Files.readAllBytes(manifest(subdirectory))));
        }
        return files;
    }

    private static String enhancedYaml(String path, String... sources) {
        StringBuilder yaml = new StringBuilder("data:\n  enhanced_refresh: true\n");
        for (String source : sources) {
            yaml.append("  ").append(source).append(": true\n");
        }
        yaml.append("processing:\n  retries: 2\nsources:\n");
        for (String source : sources) {
            yaml.append("  ").append(source).append(":\n    url: ").append(server.url(path + source + ".zip")).append('\n');
        }
        return yaml.toString();
    }

    private RefreshReport run(String yaml) throws ConfigException {
        return BseeRefresh.builder().config(RefreshConfig.fromYaml(yaml, "test.yml")).baseDirectory(base)
                .backoff(Duration.ZERO, Duration.ZERO).run();
    }

    private static SourceReport source(RefreshReport report, String id, RefreshPath path) {
        return report.sources().stream().filter(s -> s.source().equals(id) && s.path() == path).findFirst()
                .orElseThrow(() -> new AssertionError("no report for " + id + " " + path + " in " + report.sources()));
    }

    @Test
    void enhancedOnlyDownloadsConvertsAndWritesBinFilesOnly() throws IOException {
        byte[] apd = BseeArchives.apd(300, 1);
        byte[] war = BseeArchives.war(40, 2);
        server.serve("/e1/well.zip", apd);
        server.serve("/e1/war.zip", war);

        RefreshReport report = run(enhancedYaml("/e1/", "well", "war"));

        assertThat(report.succeeded()).as(report.toJson()).isTrue();
        assertThat(report.decision().enhancedSources()).containsExactly("apd", "war");
        assertThat(report.decision().legacySources()).isEmpty();
        SourceReport well = source(report, "apd", RefreshPath.ENHANCED);
        assertThat(well.outcome()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(well.url()).contains(server.url("/e1/well.zip"));
        assertThat(well.bytes()).isEqualTo(apd.length);
        assertThat(well.attempts()).isEqualTo(1);
        assertThat(well.files()).extracting(FileReport::file).containsExactly("mv_apddata_all.bin", "mv_apd_main_all.bin");
        assertThat(well.files().getFirst().rows()).isEqualTo(300);
        assertThat(well.files().getFirst().columns()).isEqualTo(BseeArchives.APD_COLUMNS);
        assertThat(well.outputDirectory()).isEqualTo(bin("apd"));
        // The folders hold .bin files and nothing else; bookkeeping is beside them.
        try (Stream<Path> files = Files.list(bin("apd"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("mv_apddata_all.bin",
                    "mv_apd_main_all.bin");
        }
        try (Stream<Path> files = Files.list(bin("war"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("mv_war_main.bin",
                    "mv_war_main_prop_remark.bin");
        }
        assertThat(Files.readString(manifest("apd"))).contains("\"sha256\" : \"" + well.files().getFirst().sha256())
                .contains(server.url("/e1/well.zip").toString()).contains("\"etag\" : \"\\\"");
        assertThat(ArchiveServer.sha256(Files.readAllBytes(bin("apd").resolve("mv_apddata_all.bin"))))
                .isEqualTo(well.files().getFirst().sha256());

        Table wells = BinStore.open(bin("apd")).read("mv_apddata_all", Query.columns("API_WELL_NUMBER")
                .where("API_WELL_NUMBER", Condition.isIn(Set.of(BseeArchives.apiWellNumber(0), BseeArchives.apiWellNumber(299)))));
        assertThat(wells.column("API_WELL_NUMBER"))
                .isEqualTo(Int64Column.of(BseeArchives.apiWellNumber(0), BseeArchives.apiWellNumber(299)));
        Table remarks = BinStore.open(bin("war")).read("mv_war_main_prop_remark");
        assertThat(remarks.column("TEXT_REMARK").value(0).orElseThrow().toString())
                .contains("Ran 9-5/8\" casing").contains("\r\nTested BOPs, \"good test\".");
    }

    /// A listener is the caller's code: what it throws, on any event (the decision's notice on the
    /// caller's thread, downloads and entries on workers), neither fails a source nor escapes run().
    @Test
    void aListenerThatThrowsChangesNothing() throws IOException {
        byte[] apd = BseeArchives.apd(300, 1);
        server.serve("/listener/well.zip", apd);
        java.util.Set<Class<?>> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        dev.bsee.core.ProgressListener throwing = event -> {
            seen.add(event.getClass());
            throw new IllegalStateException("listener bug");
        };

        RefreshReport report = BseeRefresh.builder()
                .config(RefreshConfig.fromYaml(enhancedYaml("/listener/", "well"), "test.yml")).baseDirectory(base)
                .backoff(Duration.ZERO, Duration.ZERO).listener(throwing).run();

        assertThat(report.succeeded()).as(report.toJson()).isTrue();
        assertThat(source(report, "apd", RefreshPath.ENHANCED).outcome()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(bin("apd").resolve("mv_apddata_all.bin")).isRegularFile();
        assertThat(seen).contains(dev.bsee.core.ProgressEvent.Notice.class, dev.bsee.core.ProgressEvent.EntryStarted.class,
                dev.bsee.core.ProgressEvent.EntryFinished.class);
    }

    /// A source whose task ends unexpectedly (here an `Error` from the caller's listener) ends the
    /// refresh at once: the other sources are stopped, not waited for. The refresh used to wait for
    /// each of them, in order, and then for all of them: under the demo, out of open files, for a
    /// download its mirror never answered. The `Error` comes out of `run()` as it was thrown, as it
    /// does when the listener throws it on the calling thread (below).
    @Test
    void aSourceEndingUnexpectedlyStopsTheOthersInsteadOfWaitingForThem() throws Exception {
        server.serve("/defect/war.zip", BseeArchives.war(20, 3));
        byte[] stalled = BseeArchives.apd(60, 4);
        server.stall("/defect/well.zip", stalled, stalled.length / 2);
        dev.bsee.core.ProgressListener failing = event -> {
            if (event.source().equals("war") && event instanceof dev.bsee.core.ProgressEvent.EntryStarted) {
                throw new AssertionError("listener defect");
            }
        };
        try {
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                    assertThatThrownBy(() -> BseeRefresh.builder()
                            .config(RefreshConfig.fromYaml(enhancedYaml("/defect/", "well", "war"), "test.yml"))
                            .baseDirectory(base).backoff(Duration.ZERO, Duration.ZERO).listener(failing).run())
                            .isInstanceOf(AssertionError.class)
                            .hasMessage("listener defect"));
        } finally {
            server.release("/defect/well.zip");
        }
    }

    /// An `Error` the listener throws comes out of `run()` as it was thrown, whichever thread the
    /// event came on (the decision's notice on the caller's, a download or an entry on a worker's)
    /// and on either path, and the folder keeps what the refresh before wrote. The task's `Error`
    /// came out wrapped in an `IllegalStateException`, the caller's thread's as it was.
    @ParameterizedTest
    @ValueSource(strings = {"enhanced Notice", "enhanced Download", "enhanced EntryStarted", "legacy Notice",
            "legacy EntryStarted", "legacy EntryFinished"})
    void anErrorOfTheListenerComesOutAsItWasAndChangesNothing(String pathAndEvent) throws IOException {
        boolean legacy = pathAndEvent.startsWith("legacy");
        String yaml;
        String folder;
        if (legacy) {
            twoYearsRefreshedFromZips();
            BseeArchives.write(base.resolve("archive/production/ogora2024delimit.zip"),
                    BseeArchives.production(2024, 90, 5));
            yaml = legacyProduction("archive/production");
            folder = "production_raw";
        } else {
            server.serve("/error/well.zip", BseeArchives.apd(50, 1));
            yaml = enhancedYaml("/error/", "well");
            assertThat(run(yaml).succeeded()).isTrue();
            server.serve("/error/well.zip", BseeArchives.apd(70, 2));
            folder = "apd";
        }
        Map<String, String> before = outputs(folder);
        assertThat(before).isNotEmpty();
        String kind = pathAndEvent.substring(pathAndEvent.indexOf(' ') + 1);
        ProgressListener failing = event -> {
            if (event.getClass().getSimpleName().equals(kind)) {
                throw new AssertionError("listener defect on " + kind);
            }
        };

        assertThatThrownBy(() -> BseeRefresh.builder().config(RefreshConfig.fromYaml(yaml, "test.yml"))
                .baseDirectory(base).backoff(Duration.ZERO, Duration.ZERO).listener(failing).run())
                .isExactlyInstanceOf(AssertionError.class).hasMessage("listener defect on " + kind);
        assertThat(outputs(folder)).isEqualTo(before);
        // And the next refresh, with a listener that works, goes through.
        assertThat(run(yaml).succeeded()).isTrue();
        assertThat(outputs(folder)).isNotEqualTo(before);
    }

    /// An `Error` the listener throws on the notice of what a source wrote, which comes after that
    /// source's commit, comes out of `run()` as it was thrown, and the folder holds the new version
    /// whole (`bsee status` finds it as written, and the next run writes the same files), as the listener's
    /// documentation says; it said the previous outputs stay as they were.
    @Test
    void anErrorOfTheListenerAfterTheCommitLeavesTheNewVersionWhole() throws IOException {
        server.serve("/after/well.zip", BseeArchives.apd(50, 1));
        String yaml = enhancedYaml("/after/", "well");
        assertThat(run(yaml).succeeded()).isTrue();
        Map<String, String> before = outputs("apd");
        server.serve("/after/well.zip", BseeArchives.apd(70, 2));
        ProgressListener failing = event -> {
            if (event instanceof dev.bsee.core.ProgressEvent.Notice notice && notice.message().contains("wrote")) {
                throw new AssertionError("listener defect after the commit");
            }
        };

        assertThatThrownBy(() -> BseeRefresh.builder().config(RefreshConfig.fromYaml(yaml, "test.yml"))
                .baseDirectory(base).backoff(Duration.ZERO, Duration.ZERO).listener(failing).run())
                .isExactlyInstanceOf(AssertionError.class).hasMessage("listener defect after the commit");
        Map<String, String> after = outputs("apd");
        assertThat(after).isNotEqualTo(before);
        assertThat(BseeStatus.builder().baseDirectory(base).config(RefreshConfig.fromYaml(yaml, "test.yml")).build()
                .check().healthy()).isTrue();
        RefreshReport next = run(yaml);
        assertThat(next.succeeded()).as(next.toJson()).isTrue();
        after.remove("(manifest)");
        Map<String, String> again = outputs("apd");
        again.remove("(manifest)");
        assertThat(again).isEqualTo(after);
    }

    /// Under the process's thread limit the JDK's scheduler cannot start the carrier or timer threads
    /// that virtual threads need, and says nothing: the sources' threads stay queued or parked, and
    /// the caller waited for them for good. The refresh ends, once no virtual thread has run for a
    /// while and no thread can be started, with the JDK's error for a thread it cannot start, which
    /// the command line says as the thread limit; the folders keep their previous versions.
    @Test
    void aRefreshWhoseVirtualThreadsCannotRunEndsInsteadOfWaitingForGood() throws Exception {
        // A scheduler that runs nothing more, in a process that cannot start a thread.
        endsWhileStalled("/stuck/", lastEvent -> new VirtualThreadWatch(Duration.ofSeconds(2), task -> { }, NO_THREAD),
                "unable to create native thread: no virtual thread of the refresh has run for 2 s");
    }

    /// Threads that run can still wait for good at the thread limit: a timed wait begun while the
    /// scheduler's timer could not start is never woken, and the HTTP client's own thread, which
    /// completes requests and runs their timeouts, dies when it cannot start a worker. A run that
    /// has given no event for a while, in a process that cannot start a thread, ends with the JDK's
    /// error for a thread it cannot start; the folders keep their previous versions.
    @Test
    void aRefreshThatStopsMovingWhileNoThreadCanStartEnds() throws Exception {
        endsWhileStalled("/quiet/", lastEvent -> new VirtualThreadWatch(Duration.ofDays(1), Duration.ofSeconds(2),
                        lastEvent, task -> Thread.ofVirtual().start(task), NO_THREAD),
                "unable to create native thread: nothing of the refresh has moved for 2 s");
    }

    /// While the sources' threads run, a wait longer than the watch's limit is no stall. The limit
    /// (3 s) is what a probe may take to be scheduled and sleep a millisecond: a loaded build
    /// machine delays it by tens of milliseconds, not seconds; the download is held well past it.
    @Test
    void aLongWaitWhileVirtualThreadsRunIsNoStall() throws Exception {
        succeedsAfterStall("/slow/", Duration.ofSeconds(8), lastEvent -> new VirtualThreadWatch(Duration.ofSeconds(3),
                task -> Thread.ofVirtual().start(task), NO_THREAD));
    }

    /// A server that says nothing for longer than the watch's quiet limit, in a process that can
    /// start threads, is the download's timeouts' business, not a stall.
    @Test
    void aQuietRunThatCanStartThreadsIsNoStall() throws Exception {
        succeedsAfterStall("/hushed/", Duration.ofSeconds(5), lastEvent -> new VirtualThreadWatch(Duration.ofDays(1),
                Duration.ofSeconds(1), lastEvent, task -> Thread.ofVirtual().start(task),
                task -> Thread.ofPlatform().daemon().start(task)));
    }

    /// A process that cannot start a platform thread.
    private static final java.util.function.Consumer<Runnable> NO_THREAD = task -> {
        throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource limits reached");
    };

    /// A refresh of `well` and `war` under `prefix` whose `well` download stops halfway, watched by
    /// the watch `watch` makes of the run's last event.
    private BseeRefresh.Builder stalledRefresh(String prefix,
                                               java.util.function.Function<java.util.function.LongSupplier, VirtualThreadWatch> watch)
            throws IOException {
        server.serve(prefix + "war.zip", BseeArchives.war(20, 3));
        byte[] stalled = BseeArchives.apd(60, 4);
        server.stall(prefix + "well.zip", stalled, stalled.length / 2);
        java.util.concurrent.atomic.AtomicLong lastEvent = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
        return BseeRefresh.builder()
                .config(RefreshConfig.fromYaml(enhancedYaml(prefix, "well", "war"), "test.yml"))
                .baseDirectory(base).backoff(Duration.ZERO, Duration.ZERO)
                .listener(event -> lastEvent.set(System.nanoTime()))
                .watch(() -> watch.apply(lastEvent::get));
    }

    /// The stalled refresh ends with the JDK's error for a thread it cannot start, worded from
    /// `message`, and writes nothing. Its threads, which can run here, have stopped when it ends:
    /// the folder does not change after it, even once the stalled download could go on.
    private void endsWhileStalled(String prefix, java.util.function.Function<java.util.function.LongSupplier,
            VirtualThreadWatch> watch, String message) throws Exception {
        BseeRefresh.Builder refresh = stalledRefresh(prefix, watch);
        try {
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                    assertThatThrownBy(refresh::run).isInstanceOf(OutOfMemoryError.class).hasMessageStartingWith(message));
            Map<String, String> atTheEnd = tree();
            assertThat(bin("apd")).satisfiesAnyOf(folder -> assertThat(folder).doesNotExist(),
                    folder -> assertThat(folder).isEmptyDirectory());
            server.release(prefix + "well.zip");
            Thread.sleep(1_000);
            assertThat(tree()).as("the folder a second after the refresh ended").isEqualTo(atTheEnd);
        } finally {
            server.release(prefix + "well.zip");
        }
    }

    /// Every file and folder under the base folder, with the bytes of the files.
    private Map<String, String> tree() throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> all = Files.walk(base)) {
            for (Path path : all.toList()) {
                tree.put(base.relativize(path).toString(),
                        Files.isRegularFile(path) ? HexFormat.of().formatHex(Files.readAllBytes(path)) : "(folder)");
            }
        }
        return tree;
    }

    /// The stalled refresh, its download released after `stall`, succeeds.
    private void succeedsAfterStall(String prefix, Duration stall, java.util.function.Function<java.util.function.LongSupplier,
            VirtualThreadWatch> watch) throws Exception {
        BseeRefresh.Builder refresh = stalledRefresh(prefix, watch);
        Thread release = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(stall);
            } catch (InterruptedException e) {
                return;
            }
            server.release(prefix + "well.zip");
        });
        try {
            RefreshReport report = refresh.run();
            assertThat(report.failures()).isEmpty();
            assertThat(report.sources()).hasSize(2);
        } finally {
            release.interrupt();
            release.join();
        }
    }

    /// An output folder that is a mount point cannot take the staged files by rename: the source
    /// fails before it downloads, saying why, not at the commit after all of the work.
    @Test
    void anOutputFolderThatIsAMountPointFailsBeforeTheDownload() throws IOException {
        server.serve("/mounted/well.zip", BseeArchives.apd(30, 1));
        Files.createDirectories(bin("apd").getParent());
        try (dev.bsee.core.faults.SmallFileSystem mounted = dev.bsee.core.faults.SmallFileSystem.mountOrSkip(bin("apd"), "16m")) {
            assertFailsBeforeTheDownload("/mounted/", "cannot refresh into " + bin("apd") + ": it is on another file system");
            try (Stream<Path> files = Files.list(bin("apd"))) {
                assertThat(files).isEmpty();
            }
        }
    }

    /// An output folder that is a bind mount of a folder of the same file system (a second team's
    /// view of a shared folder): the same device and file store as its bookkeeping, yet renames
    /// cannot cross the mount. Said before the download; the refresh downloaded and converted
    /// everything, then failed at its first rename with "Invalid cross-device link".
    @Test
    void anOutputFolderThatIsABindMountFailsBeforeTheDownload() throws IOException {
        server.serve("/bound/well.zip", BseeArchives.apd(30, 1));
        Path elsewhere = Files.createDirectories(base.resolve("elsewhere"));
        Files.createDirectories(bin("apd"));
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.bsee.core.faults.SystemCommand.succeeds("mount", "--bind",
                elsewhere.toString(), bin("apd").toString()), "bind mounts can be made here (root with CAP_SYS_ADMIN)");
        try {
            assertFailsBeforeTheDownload("/bound/", "cannot refresh into " + bin("apd")
                    + ": it is on another mount of its file system than ");
            assertThat(elsewhere).isEmptyDirectory();
        } finally {
            assertThat(dev.bsee.core.faults.SystemCommand.succeeds("umount", bin("apd").toString())).isTrue();
        }
    }

    /// A `.bsee` that is a mount point (the bookkeeping on a disk of its own), before the source's
    /// first refresh: its folder, still to be made, would be on another file system than the staged
    /// files. Said before the download; the refresh downloaded and converted everything, failed at
    /// its first rename with "Invalid cross-device link" and left an empty folder.
    @Test
    void aFirstRefreshBesideABookkeepingFolderOnAnotherFileSystemFailsBeforeTheDownload() throws IOException {
        server.serve("/apart/well.zip", BseeArchives.apd(30, 1));
        Files.createDirectories(bin("apd").getParent());
        Path bookkeeping = bin("apd").resolveSibling(dev.bsee.bridge.internal.OutputFolder.BOOKKEEPING);
        try (dev.bsee.core.faults.SmallFileSystem mounted = dev.bsee.core.faults.SmallFileSystem.mountOrSkip(
                bookkeeping, "16m")) {
            assertFailsBeforeTheDownload("/apart/", "cannot refresh into " + bin("apd") + ": it is on another file system");
            assertThat(bin("apd")).doesNotExist();
        }
    }

    /// A file where the output folder goes (an analyst's notes under the source's name) fails the
    /// source before its download, naming it, and the file is kept. The whole archive was downloaded
    /// and converted, then the commit failed with "not a folder".
    @Test
    void anOutputFolderThatIsAFileFailsBeforeTheDownloadAndTheFileIsKept() throws IOException {
        server.serve("/filed/well.zip", BseeArchives.apd(30, 1));
        Files.createDirectories(bin("apd").getParent());
        Files.writeString(bin("apd"), "notes");
        assertFailsBeforeTheDownload("/filed/", "cannot refresh into " + bin("apd") + ": it is a file, not a folder");
        assertThat(Files.readString(bin("apd"))).isEqualTo("notes");
    }

    /// Refreshes `apd` from `well.zip` under `prefix`, which must fail before the download with one
    /// error that says `message`.
    private void assertFailsBeforeTheDownload(String prefix, String message) throws IOException {
        int requestsBefore = server.requests(prefix + "well.zip");

        RefreshReport report = run(enhancedYaml(prefix, "well"));

        SourceReport well = source(report, "apd", RefreshPath.ENHANCED);
        assertThat(well.outcome()).isEqualTo(SourceOutcome.FAILED);
        assertThat(well.errors()).singleElement().extracting(RefreshError::message).asString().contains(message);
        assertThat(server.requests(prefix + "well.zip")).as("nothing downloaded").isEqualTo(requestsBefore);
    }

    /// A file (or a pipe) where the commit keeps copies of the files it replaces, `.bsee/<folder>/replaced`,
    /// fails the source before its download, naming it and what to do, and stays as it was. The whole
    /// archive was downloaded and converted, then the commit failed with `not a folder: .../replaced`.
    @Test
    void aFileWhereTheCommitKeepsItsCopiesFailsBeforeTheDownloadAndIsKept() throws IOException {
        server.serve("/copies/well.zip", BseeArchives.apd(30, 1));
        String yaml = enhancedYaml("/copies/", "well");
        assertThat(run(yaml).succeeded()).isTrue();
        // A file the previous refresh did not write, which the next commit would keep a copy of.
        Path mine;
        try (Stream<Path> files = Files.list(bin("apd"))) {
            mine = files.findFirst().orElseThrow();
        }
        Files.writeString(mine, "an analyst's own file");
        Path replaced = Files.writeString(base.resolve("data/modules/bsee/bin/.bsee/apd/replaced"), "notes");
        server.serve("/copies/well.zip", BseeArchives.apd(30, 2));
        int requestsBefore = server.requests("/copies/well.zip");

        SourceReport well = source(run(yaml), "apd", RefreshPath.ENHANCED);

        assertThat(well.outcome()).isEqualTo(SourceOutcome.FAILED);
        assertThat(well.errors()).singleElement().extracting(RefreshError::message).asString()
                .contains("refusing to use " + replaced + ": it is a file, not the folder where a refresh keeps copies"
                        + " of the files it replaces (move it away or remove it)");
        assertThat(server.requests("/copies/well.zip")).as("nothing downloaded").isEqualTo(requestsBefore);
        assertThat(replaced).hasContent("notes");
        assertThat(mine).hasContent("an analyst's own file");
    }

    /// A caller that interrupts the thread running a refresh gets a CancellationException, with its
    /// interrupt status kept, and the folder as it was; not an IllegalStateException, the sign of a defect.
    @Test
    void interruptingTheCallerCancelsTheRefreshAndKeepsTheFolder() throws Exception {
        server.serve("/cancel/well.zip", BseeArchives.apd(30, 1));
        assertThat(run(enhancedYaml("/cancel/", "well")).succeeded()).isTrue();
        Map<String, String> before = outputs("apd");
        byte[] changed = BseeArchives.apd(60, 2);
        server.stall("/cancel/well.zip", changed, changed.length / 2);
        java.util.concurrent.CompletableFuture<Throwable> thrown = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean interruptKept = new java.util.concurrent.atomic.AtomicBoolean();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                run(enhancedYaml("/cancel/", "well"));
                thrown.complete(null);
            } catch (Throwable t) {
                interruptKept.set(Thread.currentThread().isInterrupted());
                thrown.complete(t);
            }
        });
        try {
            awaitTrue(() -> server.requests("/cancel/well.zip") >= 2);
            Thread.sleep(200);
            caller.interrupt();
            assertThat(thrown.get(30, java.util.concurrent.TimeUnit.SECONDS))
                    .isInstanceOf(java.util.concurrent.CancellationException.class)
                    .hasMessageContaining("interrupted");
            assertThat(interruptKept).isTrue();
        } finally {
            server.release("/cancel/well.zip");
            caller.join(30_000);
        }
        assertThat(outputs("apd")).isEqualTo(before);
    }

    /// A progress listener that sleeps and swallows the InterruptedException (clearing the interrupt
    /// status the download checks) does not undo the caller's cancel: the refresh stops at once. It
    /// used to download on, listener call after listener call, for as long as the body lasted.
    @Test
    void aListenerThatSwallowsTheInterruptDoesNotUndoTheCancel() throws Exception {
        server.serve("/swallow/well.zip", BseeArchives.apd(30, 1));
        assertThat(run(enhancedYaml("/swallow/", "well")).succeeded()).isTrue();
        Map<String, String> before = outputs("apd");
        byte[] changed = BseeArchives.apd(60, 2);
        server.stall("/swallow/well.zip", changed, changed.length / 2);
        assertThat(cancelledWhileAListenerSwallowsTheInterrupt(enhancedYaml("/swallow/", "well"),
                event -> event instanceof ProgressEvent.Download, () -> server.release("/swallow/well.zip")))
                .isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(outputs("apd")).isEqualTo(before);
    }

    @Test
    void legacyOnlyConvertsEveryZipOfTheFolder() throws IOException {
        Path zips = base.resolve("archive/production");
        BseeArchives.write(zips.resolve("ogora2023delimit.zip"), BseeArchives.production(2023, 120, 3));
        BseeArchives.write(zips.resolve("ogora2024delimit.zip"), BseeArchives.production(2024, 80, 4));
        Files.writeString(zips.resolve("README.txt"), "not an archive");

        RefreshReport report = run(legacyProduction("archive\\production"));

        assertThat(report.succeeded()).as(report.toJson()).isTrue();
        assertThat(report.decision().legacySources()).containsExactly("production_raw");
        assertThat(report.decision().enhanced()).isFalse();
        SourceReport production = source(report, "production_raw", RefreshPath.LEGACY);
        assertThat(production.url()).contains(zips.toUri());
        assertThat(production.bytes()).isEqualTo(Files.size(zips.resolve("ogora2023delimit.zip"))
                + Files.size(zips.resolve("ogora2024delimit.zip")));
        assertThat(production.files()).extracting(FileReport::file, FileReport::rows)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ogora2023delimit.bin", 120L),
                        org.assertj.core.groups.Tuple.tuple("ogora2024delimit.bin", 80L));
        Table table = BinStore.open(bin("production_raw")).read("ogora2024delimit");
        assertThat(table.columnNames()).isEqualTo(SourceCatalog.PRODUCTION_COLUMNS);
        assertThat(table.rowCount()).isEqualTo(80);
        assertThat(server.requests("/production.zip")).isZero();
    }

    /// A yearly production archive in the folder of a source whose entries have a header row is
    /// read as production, as `bsee convert` reads it: its first record became the header (the
    /// Python system's defect), 119 rows under column names that were values.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"eor", "apm"})
    void aProductionEntryUnderAnotherSourceKeepsItsFirstRecord(String id) throws IOException {
        Path zips = base.resolve("archive/" + id);
        BseeArchives.write(zips.resolve("ogora2023delimit.zip"), BseeArchives.production(2023, 120, 3));

        RefreshReport report = run("data:\n  refresh: true\n  " + id + ": true\n"
                + "parameters:\n  filepath:\n    " + id + ":\n      zip: archive/" + id + "\n      bin: out/" + id + "\n");

        assertThat(report.succeeded()).as(report.toJson()).isTrue();
        Table table = BinStore.open(base.resolve("out/" + id)).read("ogora2023delimit");
        assertThat(table.columnNames()).isEqualTo(SourceCatalog.PRODUCTION_COLUMNS);
        assertThat(table.rowCount()).isEqualTo(120);
    }

    /// A single archive configured as the zip folder whose name does not end in `.zip` (the name a
    /// second download gets, `APMRawData.zip.1`) loses the file of an entry gone from it, as one
    /// named `.zip` does: its files were taken for those of an earlier version's manifest, which
    /// named no zip, and kept ("whose zip an earlier version did not record"), with status all well.
    @Test
    void anEntryGoneFromASingleArchiveNamedOtherwiseThanZipLosesItsFile() throws IOException {
        Path archive = base.resolve("arch/APMRawData.zip.1");
        Files.createDirectories(archive.getParent());
        String yaml = "data:\n  refresh: true\n  apm: true\nparameters:\n  filepath:\n    apm:\n      zip: arch/APMRawData.zip.1\n"
                + "      bin: out/apm\n";
        Files.write(archive, BseeArchives.zip(Map.of("t1.txt", "A\n1\n", "t3.txt", "Y\n1\n")));
        assertThat(run(yaml).succeeded()).isTrue();
        assertThat(base.resolve("out/apm/t3.bin")).isRegularFile();
        Files.write(archive, BseeArchives.zip(Map.of("t1.txt", "A\n1\n")));

        SourceReport apm = source(run(yaml), "apm", RefreshPath.LEGACY);

        assertThat(apm.removedFiles()).containsExactly("t3.bin");
        assertThat(base.resolve("out/apm/t3.bin")).doesNotExist();

        // Failed, the legacy source's address is still its zip: it was the catalog's download
        // address, though nothing was downloaded.
        Files.writeString(archive, "garbage");
        SourceReport failed = source(run(yaml), "apm", RefreshPath.LEGACY);
        assertThat(failed.outcome()).isEqualTo(SourceOutcome.FAILED);
        assertThat(failed.url()).isEqualTo(apm.url()).contains(archive.toUri());
    }

    /// An entry that moves to another zip under another case (`a.zip/wells.txt` gone with `a.zip`,
    /// `b.zip/WELLS.txt` new) is the new zip's: the file kept for the gone zip clashed with it on
    /// every later run (`entries b.zip/WELLS.txt and a.zip/wells.txt both give wells.bin`), naming a
    /// zip no longer there.
    @Test
    void anEntryMovedToAnotherZipUnderAnotherCaseReplacesTheKeptFile() throws IOException {
        Path zips = base.resolve("zips/apm");
        BseeArchives.write(zips.resolve("a.zip"), BseeArchives.zip(Map.of("wells.txt", "A\n1\n")));
        BseeArchives.write(zips.resolve("keep.zip"), BseeArchives.zip(Map.of("k.txt", "K\n1\n")));
        String yaml = "data:\n  refresh: true\n  apm: true\nparameters:\n  filepath:\n    apm:\n      zip: zips/apm\n"
                + "      bin: out/apm\n";
        assertThat(run(yaml).succeeded()).isTrue();
        Files.delete(zips.resolve("a.zip"));
        BseeArchives.write(zips.resolve("b.zip"), BseeArchives.zip(Map.of("WELLS.txt", "A\n2\n")));

        RefreshReport moved = run(yaml);

        assertThat(moved.succeeded()).as(moved.toJson()).isTrue();
        try (Stream<Path> files = Files.list(base.resolve("out/apm"))) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("WELLS.bin", "k.bin");
        }
        assertThat(run(yaml).succeeded()).isTrue();
    }

    /// A configured output folder whose path leaves no room for the refresh's bookkeeping below it
    /// fails before anything is read, saying so: it failed after the conversion on the system's "File
    /// name too long", naming a staging path the user never gave.
    @Test
    void aConfiguredFolderTooLongForTheBookkeepingBelowItFailsBeforeAnythingIsRead() throws IOException {
        BseeArchives.write(base.resolve("zips/apm/a.zip"), BseeArchives.zip(Map.of("t1.txt", "A\n1\n")));
        String bin = String.join("/", java.util.Collections.nCopies(37, "b".repeat(99)));

        RefreshReport report = run("data:\n  refresh: true\n  apm: true\nparameters:\n  filepath:\n    apm:\n"
                + "      zip: zips/apm\n      bin: " + bin + "\n");

        assertThat(source(report, "apm", RefreshPath.LEGACY).errors()).singleElement().satisfies(error ->
                assertThat(error.message()).contains("past the 4,095 a path may have").doesNotContain("File name too long"));
        assertThat(base.resolve("b".repeat(99))).doesNotExist();
    }

    /// A configured folder with `..` after a symbolic link (`lnk/../out`, `lnk` leading to
    /// `real/deep`) is the folder the system opens, `real/out`, where the analysis code's `open()`
    /// reads: the path was normalized as text, and the refresh wrote to `out`, which nothing read.
    @Test
    void dotDotAfterALinkInAConfiguredFolderIsTheFolderTheSystemOpens() throws IOException {
        Path deep = Files.createDirectories(base.resolve("real/deep"));
        Files.createSymbolicLink(base.resolve("lnk"), deep);
        BseeArchives.write(base.resolve("zips/apm/a.zip"), BseeArchives.zip(Map.of("t1.txt", "A\n1\n")));

        RefreshReport report = run("data:\n  refresh: true\n  apm: true\nparameters:\n  filepath:\n    apm:\n"
                + "      zip: lnk/../../zips/apm\n      bin: lnk/../out\n");

        assertThat(report.succeeded()).as(report.toJson()).isTrue();
        assertThat(base.resolve("real/out/t1.bin")).isRegularFile();
        assertThat(base.resolve("out")).doesNotExist();
    }

    /// The AppleDouble file macOS leaves beside each zip copied to a share (`._ogora2023delimit.zip`,
    /// its metadata) is left out: it failed the source as "not a zip archive" on every run. A file
    /// of that name that is no AppleDouble file is still a zip of the folder, and refused as one.
    @Test
    void macOsMetadataBesideTheZipsIsLeftOut() throws IOException {
        Path zips = base.resolve("archive/production");
        BseeArchives.write(zips.resolve("ogora2023delimit.zip"), BseeArchives.production(2023, 120, 3));
        byte[] appleDouble = new byte[4096];
        java.nio.ByteBuffer.wrap(appleDouble).putInt(0x00051607).putInt(0x00020000);
        System.arraycopy("Mac OS X        ".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, appleDouble, 8, 16);
        Files.write(zips.resolve("._ogora2023delimit.zip"), appleDouble);

        RefreshReport report = run(legacyProduction("archive/production"));

        assertThat(report.succeeded()).as(report.toJson()).isTrue();
        assertThat(source(report, "production_raw", RefreshPath.LEGACY).files()).extracting(FileReport::file)
                .containsExactly("ogora2023delimit.bin");

        Files.writeString(zips.resolve("._ogora2024delimit.zip"), "not metadata, not a zip");
        RefreshReport refused = run(legacyProduction("archive/production"));
        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.toJson()).contains("._ogora2024delimit.zip");
    }

    /// An output folder that is the folder the zips are read from, or holds it, is refused before
    /// anything is written: the refresh wrote its files beside the zips and succeeded, and the folder
    /// held a zip that the analysis code, which loads every file there, fails on.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"archive/eor", "archive"})
    void anOutputFolderHoldingTheZipsIsRefused(String output) throws IOException {
        RefreshReport report = legacyEorInto(output);

        assertThat(report.succeeded()).isFalse();
        assertThat(source(report, "eor", RefreshPath.LEGACY).errors()).singleElement().satisfies(error -> assertThat(
                error.message()).contains("its zips are read from (parameters.filepath.eor.zip): an output folder holds"
                + " .bin files only"));
        try (var files = Files.walk(base.resolve("archive"))) {
            assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".bin"));
        }
    }

    /// An output folder that is, or holds, the folder another source's zips are read from is refused
    /// as its own zips' folder is: both sources succeeded, the folder held a zip (or a folder of
    /// them) among the `.bin` files, and `bsee status` then called it broken.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"zips/apm", "out/eor"})
    void anOutputFolderHoldingAnotherSourcesZipsIsRefused(String eorOutput) throws IOException {
        Path apmZips = base.resolve(eorOutput.equals("zips/apm") ? "zips/apm" : "out/eor/apmzips");
        BseeArchives.write(apmZips.resolve("a.zip"), BseeArchives.zip(Map.of("t1.txt", "A\n1\n")));
        BseeArchives.write(base.resolve("zips/eor/e.zip"), BseeArchives.zip(Map.of("mv_eor_a.txt", "A\n1\n")));

        RefreshReport report = run("data:\n  refresh: true\n  eor: true\n  apm: true\nparameters:\n  filepath:\n"
                + "    eor:\n      zip: zips/eor\n      bin: " + eorOutput + "\n"
                + "    apm:\n      zip: " + base.relativize(apmZips) + "\n      bin: out/apm\n");

        assertThat(source(report, "eor", RefreshPath.LEGACY).errors()).singleElement().satisfies(error -> assertThat(
                error.message()).contains("source apm's zips are read from (parameters.filepath.apm.zip): an output"
                + " folder holds .bin files only"));
        assertThat(source(report, "apm", RefreshPath.LEGACY).outcome()).isEqualTo(SourceOutcome.UPDATED);
        try (var files = Files.walk(apmZips)) {
            assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".bin"));
        }

        // apm's zips configured but apm not refreshed this time: still apm's zip folder.
        RefreshReport apmOff = run("data:\n  refresh: true\n  eor: true\n  apm: false\nparameters:\n  filepath:\n"
                + "    eor:\n      zip: zips/eor\n      bin: " + eorOutput + "\n"
                + "    apm:\n      zip: " + base.relativize(apmZips) + "\n      bin: out/apm\n");
        assertThat(source(apmOff, "eor", RefreshPath.LEGACY).errors()).singleElement().satisfies(error -> assertThat(
                error.message()).contains("source apm's zips are read from (parameters.filepath.apm.zip)"));
        try (var files = Files.walk(apmZips)) {
            assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".bin"));
        }
    }

    /// An output folder inside the folder of a catalog source that does not run in this refresh (or
    /// one holding it) is refused before anything is written: `ogora`'s `.bin` files in
    /// `production_raw/ogora` put a folder, and `.bsee` beside it, among production's files, which
    /// the analysis code loads one by one, and the refresh succeeded.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"data/modules/bsee/bin/production_raw/ogora",
            "data/modules/bsee/bin/apm/x/y"})
    void anOutputFolderInsideAnotherSourcesFolderIsRefused(String output) throws IOException {
        RefreshReport report = legacyEorInto(output);

        assertThat(report.succeeded()).isFalse();
        String other = output.contains("production_raw") ? "production_raw" : "apm";
        assertThat(source(report, "eor", RefreshPath.LEGACY).errors()).singleElement().satisfies(error -> assertThat(
                error.message()).contains("inside the folder of source " + other + " (").contains("give the source a"
                + " folder of its own"));
        assertThat(base.resolve("data/modules/bsee/bin/" + other)).doesNotExist();
    }

    /// A legacy refresh of an `eor` archive of one entry from `archive/eor` into the folder `output`.
    private RefreshReport legacyEorInto(String output) throws IOException {
        BseeArchives.write(base.resolve("archive/eor/eWellEORRawData.zip"), BseeArchives.zip(java.util.Map.of(
                "mv_eor_mainquery.txt", "A,B\n1,x\n")));
        return run("data:\n  refresh: true\n  eor: true\n"
                + "parameters:\n  filepath:\n    eor:\n      zip: archive/eor\n      bin: " + output + "\n");
    }

    /// A legacy folder of the zips of 2023 and 2024, refreshed once; returns the folder.
    private Path twoYearsRefreshedFromZips() throws IOException {
        Path zips = base.resolve("archive/production");
        BseeArchives.write(zips.resolve("ogora2023delimit.zip"), BseeArchives.production(2023, 120, 3));
        BseeArchives.write(zips.resolve("ogora2024delimit.zip"), BseeArchives.production(2024, 80, 4));
        assertThat(run(legacyProduction("archive/production")).succeeded()).isTrue();
        return zips;
    }

    /// A legacy folder of zips holds what its user keeps there: a zip moved away (an old year
    /// archived elsewhere) keeps its files, as the Python system did, where they used to be removed
    /// as "gone from the archive". A zip whose entry is gone still has that file removed.
    @Test
    void filesOfAZipMovedOutOfTheLegacyFolderAreKept() throws IOException {
        Path zips = twoYearsRefreshedFromZips();
        String year2023 = outputs("production_raw").get("ogora2023delimit.bin");
        Files.move(zips.resolve("ogora2023delimit.zip"), base.resolve("ogora2023delimit.zip"));
        BseeArchives.write(zips.resolve("ogora2024delimit.zip"), BseeArchives.production(2024, 90, 5));

        RefreshReport report = run(legacyProduction("archive/production"));

        assertThat(report.succeeded()).as(report.toJson()).isTrue();
        SourceReport production = source(report, "production_raw", RefreshPath.LEGACY);
        assertThat(production.removedFiles()).isEmpty();
        assertThat(production.files()).extracting(FileReport::entry, FileReport::rows).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ogora2024delimit.zip/ogora2024delimit.txt", 90L),
                org.assertj.core.groups.Tuple.tuple("ogora2023delimit.zip/ogora2023delimit.txt", 120L));
        assertThat(outputs("production_raw")).containsEntry("ogora2023delimit.bin", year2023);
        assertThat(BseeStatus.builder().baseDirectory(base).build().check().sources())
                .filteredOn(status -> status.source().equals("production_raw"))
                .singleElement().satisfies(status -> {
                    assertThat(status.tamperedFiles()).isEmpty();
                    assertThat(status.untrackedFiles()).isEmpty();
                    // Not the catalog's mv_productiondata.bin, which only a download gives.
                    assertThat(status.problems()).isEmpty();
                });
    }

    /// A manifest of an earlier version names no zip in its entries: the first refresh after the
    /// upgrade cannot tell a zip moved away from an entry gone, and keeps the file, saying why; it
    /// removed it as "gone from the archive".
    @Test
    void filesAnEarlierVersionRecordedWithoutTheirZipAreKept() throws IOException {
        Path zips = twoYearsRefreshedFromZips();
        Path manifest = manifest("production_raw");
        Files.writeString(manifest, Files.readString(manifest).replaceAll("\"entry\" : \"ogora\\d{4}delimit\\.zip/",
                "\"entry\" : \""));
        assertThat(Files.readString(manifest)).doesNotContain(".zip/");
        Files.move(zips.resolve("ogora2023delimit.zip"), base.resolve("ogora2023delimit.zip"));

        RefreshReport report = run(legacyProduction("archive/production"));

        assertThat(report.succeeded()).as(report.toJson()).isTrue();
        SourceReport production = source(report, "production_raw", RefreshPath.LEGACY);
        assertThat(production.removedFiles()).isEmpty();
        assertThat(production.files()).extracting(FileReport::entry).containsExactly(
                "ogora2024delimit.zip/ogora2024delimit.txt", "ogora2023delimit.txt");
        assertThat(bin("production_raw").resolve("ogora2023delimit.bin")).exists();
    }

    /// Two zips of a legacy folder giving one file: the failure names both zips.
    @Test
    void twoZipsOfTheLegacyFolderGivingOneFileAreNamedBoth() throws IOException {
        Path zips = base.resolve("archive/production");
        BseeArchives.write(zips.resolve("ogora2024delimit.zip"), BseeArchives.production(2024, 80, 4));
        Files.copy(zips.resolve("ogora2024delimit.zip"), zips.resolve("ogora2024delimit (copy).zip"));

        RefreshReport report = run(legacyProduction("archive/production"));

        assertThat(source(report, "production_raw", RefreshPath.LEGACY).errors()).singleElement()
                .satisfies(error -> assertThat(error.message()).contains("entries ogora2024delimit (copy).zip/"
                        + "ogora2024delimit.txt and ogora2024delimit.zip/ogora2024delimit.txt both give ogora2024delimit.bin"));
        assertThat(bin("production_raw")).doesNotExist();
    }

    /// Two zips whose entries give names that are one file on macOS or Windows (another case, another
    /// Unicode form) fail the source as one name given twice would: the second would replace the first.
    @Test
    void twoZipsOfTheLegacyFolderGivingOneFileOnMacOsOrWindowsAreNamedBoth() throws IOException {
        Map<String, String> pairs = new java.util.LinkedHashMap<>();
        pairs.put("Ogora2024delimit.txt", "ogora2024delimit.txt");
        pairs.put("caf\u00e9.txt", "cafe\u0301.txt");
        for (Map.Entry<String, String> pair : pairs.entrySet()) {
            Path zips = base.resolve("archive/production");
            String text = BseeArchives.productionText(2024, 20, 4);
            BseeArchives.write(zips.resolve("a.zip"), BseeArchives.zip(Map.of(pair.getKey(), text)));
            BseeArchives.write(zips.resolve("b.zip"), BseeArchives.zip(Map.of(pair.getValue(), text)));

            RefreshReport report = run(legacyProduction("archive/production"));

            assertThat(source(report, "production_raw", RefreshPath.LEGACY).errors()).as(pair.getKey()).singleElement()
                    .satisfies(error -> assertThat(error.message()).contains("entries a.zip/" + pair.getKey()
                            + " and b.zip/" + pair.getValue() + " both give"));
            assertThat(bin("production_raw")).as(pair.getKey()).doesNotExist();
        }
    }

    /// The legacy path runs on the caller's thread: interrupted, run() is cancelled as on the
    /// enhanced path, and the folder is as it was; it used to return a report of failed sources.
    @Test
    void interruptingTheLegacyPathCancelsTheRefresh() throws IOException {
        Path zips = base.resolve("archive/production");
        BseeArchives.write(zips.resolve("ogora2024delimit.zip"), BseeArchives.production(2024, 80, 4));
        assertThat(run(legacyProduction("archive/production")).succeeded()).isTrue();
        Map<String, String> before = outputs("production_raw");
        BseeArchives.write(zips.resolve("ogora2024delimit.zip"), BseeArchives.production(2024, 90, 5));

        Thread.currentThread().interrupt();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(legacyProduction("archive/production")))
                    .isInstanceOf(java.util.concurrent.CancellationException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt status is kept").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(outputs("production_raw")).isEqualTo(before);
    }

    /// On the legacy path too, a listener that sleeps and swallows the InterruptedException does not
    /// undo the caller's cancel, whether it sleeps on the refresh's first notices or on the entries.
    /// The legacy path ran on the caller's thread, where the interrupt landed in the listener's sleep
    /// and was lost: the refresh ran to its end and reported success.
    @ParameterizedTest
    @ValueSource(strings = {"Notice", "EntryStarted"})
    void aListenerThatSwallowsTheInterruptDoesNotUndoTheCancelOfTheLegacyPath(String sleepsOn) throws Exception {
        Path zips = base.resolve("archive/production");
        BseeArchives.write(zips.resolve("ogora2024delimit.zip"), BseeArchives.production(2024, 80, 4));
        assertThat(run(legacyProduction("archive/production")).succeeded()).isTrue();
        Map<String, String> before = outputs("production_raw");
        BseeArchives.write(zips.resolve("ogora2024delimit.zip"), BseeArchives.production(2024, 90, 5));
        assertThat(cancelledWhileAListenerSwallowsTheInterrupt(legacyProduction("archive/production"),
                event -> event.getClass().getSimpleName().equals(sleepsOn), () -> { }))
                .isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(outputs("production_raw")).isEqualTo(before);
    }

    /// Runs a refresh of `yaml` on a thread of its own with a listener that sleeps on every event
    /// `sleepsOn` accepts and swallows the InterruptedException (clearing the interrupt status),
    /// interrupts that thread once the listener sleeps, and returns what the refresh threw within
    /// 10 s (null when it returned). `release` runs before the thread is joined (a stalled body let go).
    private Throwable cancelledWhileAListenerSwallowsTheInterrupt(String yaml, Predicate<ProgressEvent> sleepsOn,
                                                                 Runnable release) throws Exception {
        java.util.concurrent.CountDownLatch sleeping = new java.util.concurrent.CountDownLatch(1);
        ProgressListener swallowing = event -> {
            if (sleepsOn.test(event)) {
                sleeping.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException swallowed) {
                    // the interrupt status is cleared and not set again
                }
            }
        };
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                BseeRefresh.builder().config(RefreshConfig.fromYaml(yaml, "test.yml"))
                        .baseDirectory(base).listener(swallowing).run();
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
        });
        try {
            assertThat(sleeping.await(30, TimeUnit.SECONDS)).as("the listener was called").isTrue();
            caller.interrupt();
            return thrown.get(10, TimeUnit.SECONDS);
        } finally {
            release.run();
            caller.join(120_000);
        }
    }

    /// The legacy path for production, its zips in `folder` (relative to the base directory).
    private static String legacyProduction(String folder) {
        return "data:\n  refresh: true\n  production: true\n"
                + "parameters:\n  filepath:\n    production:\n      zip: " + folder + "\n";
    }

    /// A `*.zip` in the folder that is not a file fails the source naming it, instead of a refresh
    /// that succeeds without its data (or, for a pipe, waits forever as opening it would).
    @Test
    void aZipOfTheFolderThatIsNotAFileFailsTheSourceNamingIt() throws Exception {
        Path zips = base.resolve("archive/production");
        BseeArchives.write(zips.resolve("ogora2023delimit.zip"), BseeArchives.production(2023, 120, 3));
        Path pipe = zips.resolve("ogora2024delimit.zip");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).as("mkfifo").isZero();
        String yaml = legacyProduction("archive/production");

        RefreshReport withPipe = run(yaml);
        Files.delete(pipe);
        Files.createDirectory(pipe);
        RefreshReport withFolder = run(yaml);
        Files.delete(pipe);
        Files.createSymbolicLink(pipe, zips.resolve("gone.zip"));
        RefreshReport withDanglingLink = run(yaml);

        for (Object[] failed : new Object[][] {{withPipe, "a pipe, socket or device"}, {withFolder, "a folder"},
                {withDanglingLink, "a link to nothing"}}) {
            RefreshReport report = (RefreshReport) failed[0];
            assertThat(report.succeeded()).isFalse();
            assertThat(source(report, "production_raw", RefreshPath.LEGACY).errors()).singleElement()
                    .satisfies(error -> assertThat(error.message()).contains(pipe + ": " + failed[1]
                            + " in the zip folder of parameters.filepath.production_raw.zip, not a zip archive"));
        }
        assertThat(bin("production_raw")).doesNotExist();

        // A folder without any: it exists, so the message says what it lacks, not that it is missing.
        Files.delete(pipe);
        Files.delete(zips.resolve("ogora2023delimit.zip"));
        RefreshReport empty = run(yaml);
        assertThat(source(empty, "production_raw", RefreshPath.LEGACY).errors()).singleElement()
                .satisfies(error -> assertThat(error.message()).contains(zips + ": no zip archives in the folder of")
                        .doesNotContain("no such file"));
    }

    /// The legacy path reads its zips on every run. Zips that give the files the folder holds, as
    /// written, leave it untouched and the source unchanged: each run replaced every file with a
    /// copy of itself (a new inode and time) and reported the source updated. A file rewritten by
    /// hand since, or a zip that changed, is a commit again.
    @Test
    void legacyZipsThatGiveTheFilesTheFolderHoldsLeaveItUntouched() throws Exception {
        Path zips = base.resolve("archive/production");
        BseeArchives.write(zips.resolve("ogora2023delimit.zip"), BseeArchives.production(2023, 120, 3));
        BseeArchives.write(zips.resolve("ogora2024delimit.zip"), BseeArchives.production(2024, 80, 4));
        String yaml = legacyProduction("archive/production");
        assertThat(source(run(yaml), "production_raw", RefreshPath.LEGACY).outcome()).isEqualTo(SourceOutcome.UPDATED);
        Path year = bin("production_raw").resolve("ogora2024delimit.bin");
        Object inode = Files.readAttributes(year, BasicFileAttributes.class).fileKey();
        Map<String, String> before = outputs("production_raw");
        before.remove("(manifest)");
        java.time.Instant firstRefresh = manifestWritten("production_raw");

        SourceReport again = source(run(yaml), "production_raw", RefreshPath.LEGACY);

        assertThat(again.outcome()).as(again.errors().toString()).isEqualTo(SourceOutcome.UNCHANGED);
        assertThat(again.files()).isEmpty();
        Map<String, String> after = outputs("production_raw");
        after.remove("(manifest)");
        assertThat(after).isEqualTo(before);
        assertThat(Files.readAttributes(year, BasicFileAttributes.class).fileKey()).isEqualTo(inode);
        // The refresh's time is recorded: `bsee status` took the first refresh for the last, and a
        // source refreshed every day went stale.
        assertThat(manifestWritten("production_raw")).isAfter(firstRefresh);

        // Only its permissions changed: put back, and no file was replaced.
        Files.setPosixFilePermissions(year, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        SourceReport permissions = source(run(yaml), "production_raw", RefreshPath.LEGACY);
        assertThat(permissions.outcome()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(permissions.fileChanges()).extracting(FileChange::status).containsOnly(FileChange.Status.UNCHANGED);

        // Rewritten by hand since: the refresh puts the file back.
        byte[] written = Files.readAllBytes(year);
        Files.write(year, Arrays.copyOf(written, written.length - 1));
        SourceReport restored = source(run(yaml), "production_raw", RefreshPath.LEGACY);
        assertThat(restored.outcome()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(year).hasBinaryContent(written);
        assertThat(restored.fileChanges()).filteredOn(change -> change.file().equals("ogora2024delimit.bin"))
                .extracting(FileChange::status).containsExactly(FileChange.Status.REPLACED);

        // A zip moved away keeps its file as it is, even rewritten: the source stays unchanged, and
        // the file kept is not said replaced.
        Path aside = Files.createDirectories(base.resolve("aside"));
        Files.move(zips.resolve("ogora2023delimit.zip"), aside.resolve("ogora2023delimit.zip"));
        assertThat(source(run(yaml), "production_raw", RefreshPath.LEGACY).outcome()).isEqualTo(SourceOutcome.UNCHANGED);
        Path kept = bin("production_raw").resolve("ogora2023delimit.bin");
        Files.write(kept, Arrays.copyOf(Files.readAllBytes(kept), 100));
        assertThat(source(run(yaml), "production_raw", RefreshPath.LEGACY).outcome()).isEqualTo(SourceOutcome.UNCHANGED);

        // A zip that changed, beside the kept file.
        BseeArchives.write(zips.resolve("ogora2024delimit.zip"), BseeArchives.production(2024, 81, 4));
        SourceReport changed = source(run(yaml), "production_raw", RefreshPath.LEGACY);
        assertThat(changed.outcome()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(BinStore.open(bin("production_raw")).read("ogora2024delimit").rowCount()).isEqualTo(81);
        assertThat(changed.fileChanges()).filteredOn(change -> change.file().equals("ogora2023delimit.bin"))
                .extracting(FileChange::status).containsExactly(FileChange.Status.UNCHANGED);
        assertThat(Files.size(kept)).isEqualTo(100);
    }

    /// A body without a length that the server closes inside the archive, once the first entry's
    /// file is staged, starts over as another attempt: the staged file is withdrawn and written
    /// again from the whole archive of the second. The source failed at once (the streamed reader
    /// had parsed what it read), and a retry that staged the file again would be refused as a
    /// second entry giving it.
    @Test
    void aStreamedBodyWithoutLengthCutInsideTheArchiveStartsOver() throws Exception {
        java.util.Map<String, String> entries = new java.util.LinkedHashMap<>();
        entries.put("mv_apddata_all.txt", "API_WELL_NUMBER,WELL_NAME\r\n" + "608124000100,A-1\r\n".repeat(2000));
        entries.put("mv_apd_main_all.txt", "API_WELL_NUMBER,SN_APD\r\n" + "608124000100,7\r\n".repeat(2000));
        byte[] zip = BseeArchives.zip(entries);
        int second = 4;
        while (!(zip[second] == 'P' && zip[second + 1] == 'K' && zip[second + 2] == 3 && zip[second + 3] == 4)) {
            second++;
        }
        int cut = second + 40;
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread serving = Thread.ofVirtual().start(() -> {
                while (true) {
                    try (java.net.Socket client = socket.accept()) {
                        var in = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream(),
                                java.nio.charset.StandardCharsets.ISO_8859_1));
                        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                            // the request's lines, unread
                        }
                        int request = requests.getAndIncrement();
                        var out = client.getOutputStream();
                        // Neither Content-Length nor chunks: the body ends where the connection closes.
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nConnection: close\r\n\r\n")
                                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                        out.write(zip, 0, request == 0 ? cut : zip.length);
                        out.flush();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            String yaml = "data:\n  enhanced_refresh: true\n  well: true\nprocessing:\n  retries: 3\n"
                    + "sources:\n  well:\n    url: http://127.0.0.1:" + socket.getLocalPort() + "/well.zip\n";

            SourceReport apd = source(run(yaml), "apd", RefreshPath.ENHANCED);

            socket.close();
            serving.join(10_000);
            assertThat(apd.outcome()).as(apd.errors().toString()).isEqualTo(SourceOutcome.UPDATED);
            assertThat(apd.attempts()).isEqualTo(2);
            assertThat(requests.get()).isEqualTo(2);
            assertThat(apd.files()).extracting(FileReport::file).containsExactly("mv_apddata_all.bin", "mv_apd_main_all.bin");
            assertThat(BinStore.open(bin("apd")).read("mv_apddata_all").rowCount()).isEqualTo(2000);
            assertThat(BinStore.open(bin("apd")).read("mv_apd_main_all").rowCount()).isEqualTo(2000);
        }
    }

    @Test
    void bothPathsRunAndOneFailingDoesNotStopTheOther() throws IOException {
        server.serve("/both/well.zip", BseeArchives.apd(50, 5));
        // rigs is known only by its zip folder, so only the legacy path can run it; well runs on the enhanced path.
        String yaml = enhancedYaml("/both/", "well").replace("data:\n", "data:\n  refresh: true\n  rigs: true\n") + """
                parameters:
                  filepath:
                    rigs:
                      zip: nowhere/rigs
                """;

        RefreshReport report = run(yaml);

        assertThat(report.decision().legacy()).isTrue();
        assertThat(report.decision().enhanced()).isTrue();
        assertThat(report.decision().legacySources()).containsExactly("rigs");
        assertThat(report.decision().enhancedSources()).containsExactly("apd");
        SourceReport legacy = source(report, "rigs", RefreshPath.LEGACY);
        assertThat(legacy.outcome()).isEqualTo(SourceOutcome.FAILED);
        assertThat(legacy.errors()).singleElement().satisfies(e -> assertThat(e.message())
                .contains("nowhere" + java.io.File.separator + "rigs")
                .contains("parameters.filepath.rigs.zip"));
        assertThat(source(report, "apd", RefreshPath.ENHANCED).outcome()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(report.succeeded()).isFalse();
        assertThat(report.failures()).extracting(SourceReport::source).containsExactly("rigs");
        assertThat(bin("rigs")).doesNotExist();

        // The legacy folder filled: both paths succeed in one run (apd's archive, downloaded again,
        // gives the files its folder holds).
        BseeArchives.write(base.resolve("nowhere/rigs/RigsRawData.zip"), BseeArchives.zip(Map.of(
                "mv_apm_rig_view.txt", "RIG_ID_NUM,RIG_NAME\n61234,DEEPWATER ASGARD\n61235,WEST VELA\n")));
        RefreshReport second = run(yaml);
        assertThat(second.succeeded()).as(second.toJson()).isTrue();
        assertThat(second.sources()).extracting(SourceReport::source, SourceReport::path, SourceReport::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("rigs", RefreshPath.LEGACY, SourceOutcome.UPDATED),
                        org.assertj.core.groups.Tuple.tuple("apd", RefreshPath.ENHANCED, SourceOutcome.UNCHANGED));
        assertThat(BinStore.open(bin("rigs")).read("mv_apm_rig_view").rowCount()).isEqualTo(2);
    }

    @Test
    void whenBothPathsWriteOneFolderTheDownloadComesLastAndSupersedes() throws IOException {
        BseeArchives.write(base.resolve("zips/ogora2023delimit.zip"), BseeArchives.production(2023, 12, 23));
        server.serve("/same/production.zip", BseeArchives.production(2024, 9, 24));
        String yaml = enhancedYaml("/same/", "production").replace("data:\n", "data:\n  refresh: true\n") + """
                parameters:
                  filepath:
                    production:
                      zip: zips
                """;

        RefreshReport report = run(yaml);

        assertThat(report.sources()).extracting(SourceReport::path, SourceReport::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(RefreshPath.LEGACY, SourceOutcome.UPDATED),
                org.assertj.core.groups.Tuple.tuple(RefreshPath.ENHANCED, SourceOutcome.UPDATED));
        assertThat(source(report, "production_raw", RefreshPath.ENHANCED).removedFiles()).containsExactly("ogora2023delimit.bin");
        assertThat(BinStore.open(bin("production_raw")).tables()).containsExactly("ogora2024delimit");
        assertThat(Files.readString(manifest("production_raw"))).contains("\"path\" : \"enhanced\"");

        // Again, with conditional requests: the legacy commit replaced the download's files, so the
        // download must not be answered 304 and kept. It was, and the folder held only the legacy
        // files, reported as unchanged, on every later run.
        String cached = yaml + "cache:\n  enabled: true\n  ttl_hours: 0\n";
        assertThat(run(cached).succeeded()).isTrue();
        RefreshReport again = run(cached);

        assertThat(again.succeeded()).isTrue();
        assertThat(source(again, "production_raw", RefreshPath.ENHANCED).outcome()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(BinStore.open(bin("production_raw")).tables()).containsExactly("ogora2024delimit");
        assertThat(Files.readString(manifest("production_raw"))).contains("\"path\" : \"enhanced\"");
    }

    /// Two sources configured to write one folder: neither commit removes the other's files (the
    /// second removed all of the first's on every run, reported as a success), and the status of
    /// the one that did not refresh last says that its files are not tracked.
    @Test
    void sourcesConfiguredIntoOneFolderAreRefusedBeforeEitherWrites() throws IOException {
        server.serve("/share/well.zip", BseeArchives.apd(60, 7));
        server.serve("/share/war.zip", BseeArchives.war(20, 8));
        String yaml = enhancedYaml("/share/", "well", "war").replace(".zip\n", ".zip\n    output: shared\n");

        RefreshReport report = run(yaml);

        assertThat(report.succeeded()).isFalse();
        assertThat(report.sources()).hasSize(2).allSatisfy(source -> {
            assertThat(source.outcome()).isEqualTo(SourceOutcome.FAILED);
            assertThat(source.errors()).singleElement().satisfies(e -> assertThat(e.message())
                    .contains(bin("shared").toString()).contains("writes to").contains("nothing was written")
                    .contains("sources." + source.source() + ".output"));
        // apd is `well` in the Python configuration: both spellings of its key are named.
        assertThat(source(report, "apd", RefreshPath.ENHANCED).errors().getFirst().message())
                .contains("parameters.filepath.apd.bin or parameters.filepath.well.bin, or sources.apd.output");
        });
        assertThat(server.requests("/share/well.zip") + server.requests("/share/war.zip")).isZero();
        assertThat(bin("shared")).doesNotExist();
    }

    @Test
    void aFolderInsideAnotherSourcesFolderIsRefusedForBoth() throws IOException {
        server.serve("/nest/well.zip", BseeArchives.apd(60, 7));
        server.serve("/nest/war.zip", BseeArchives.war(20, 8));
        assertThat(run(enhancedYaml("/nest/", "well")).succeeded()).isTrue();
        Map<String, String> apdBefore = outputs("apd");
        String yaml = enhancedYaml("/nest/", "well", "war").replace("war.zip\n", "war.zip\n    output: apd/war\n");

        RefreshReport report = run(yaml);

        assertThat(source(report, "war", RefreshPath.ENHANCED).errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("inside the folder of source apd"));
        assertThat(source(report, "apd", RefreshPath.ENHANCED).errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("which holds the folder of source war"));
        assertThat(outputs("apd")).isEqualTo(apdBefore);
        assertThat(bin("apd/war")).doesNotExist();
    }

    /// A configuration of `well` alone, served at `prefix`, writing to `folder` (folders of their
    /// own, not the catalog's: `war` inside `apd`'s own folder is refused by the configuration alone,
    /// anOutputFolderInsideAnotherSourcesFolderIsRefused).
    private String servedWellInto(String prefix, String folder) {
        server.serve(prefix + "well.zip", BseeArchives.apd(60, 7));
        return enhancedYaml(prefix, "well").replace("well.zip\n", "well.zip\n    output: " + folder + "\n");
    }

    /// As [#servedWellInto] for `war`.
    private String servedWarInto(String prefix, String folder) {
        server.serve(prefix + "war.zip", BseeArchives.war(20, 8));
        return enhancedYaml(prefix, "war").replace("war.zip\n", "war.zip\n    output: " + folder + "\n");
    }

    /// `apd`, writing to `team`, was refused for holding the bookkeeping at `bookkeeping`.
    private void assertHoldsBookkeeping(RefreshReport report, String bookkeeping) {
        assertThat(source(report, "apd", RefreshPath.ENHANCED).errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("cannot refresh into " + bin("team") + ": it holds "
                        + bin(bookkeeping) + ", the bookkeeping of a folder inside it that another refresh writes"));
    }

    /// Two configurations of one base directory (two teams, or cron and an analyst) whose folders
    /// nest: one writes `apd`, the other `apd/war`. Neither refresh sees the other's configuration,
    /// so each looks for the tool's records of the other: the inner one is refused while a manifest
    /// lies beside a folder above it, the outer one while its folder holds the inner one's `.bsee`,
    /// before anything is downloaded or written into the other. Both succeeded, the inner one's
    /// lock, manifest and files in the outer folder, which `bsee status` then called files that do
    /// not belong there, for good.
    @Test
    void foldersOfTwoConfigurationsThatNestAreRefusedBeforeEitherWritesIntoTheOther() throws IOException {
        String outer = servedWellInto("/teams/", "team");
        String inner = servedWarInto("/teams/", "team/war");
        assertThat(run(outer).succeeded()).isTrue();
        Map<String, String> apdBefore = outputs("team");

        RefreshReport innerRefused = run(inner);

        assertThat(source(innerRefused, "war", RefreshPath.ENHANCED).errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("cannot refresh into " + bin("team/war") + ": it lies inside "
                        + bin("team") + ", the folder of another refresh (its bookkeeping is "
                        + bin(".bsee/team") + ")"));
        assertThat(server.requests("/teams/war.zip")).isZero();
        assertThat(outputs("team")).isEqualTo(apdBefore);
        assertThat(bin("team/war")).doesNotExist();
        assertThat(bin("team/.bsee")).doesNotExist();
        assertThat(BseeStatus.builder().config(RefreshConfig.fromYaml(outer, "outer.yml")).baseDirectory(base)
                .lockWait(Duration.ZERO).check().problems()).isEmpty();

        // The other order: the inner folder written first, the outer refresh refused.
        dev.bsee.core.internal.FileTrees.delete(bin("team"));
        dev.bsee.core.internal.FileTrees.delete(bin(".bsee/team"));
        assertThat(run(inner).succeeded()).isTrue();
        Map<String, String> warBefore = outputs("team/war");
        int requestsBefore = server.requests("/teams/well.zip");

        RefreshReport outerRefused = run(outer);

        assertHoldsBookkeeping(outerRefused, "team/.bsee");
        assertThat(server.requests("/teams/well.zip")).isEqualTo(requestsBefore);
        assertThat(outputs("team/war")).isEqualTo(warBefore);
        assertThat(bin(".bsee/team")).doesNotExist();
    }

    /// Folders of two configurations that nest two levels apart (`team` and `team/a/war`), and an
    /// outer folder whose first refresh has taken its lock but not committed (its failure on record,
    /// no manifest yet; a refresh still downloading is the same): each is refused before it writes
    /// into the other. Only a `.bsee` right inside the outer folder and a manifest beside a folder
    /// above were looked for, so both refreshed and the outer folder held the inner one's.
    @Test
    void foldersThatNestDeeperOrWhoseOuterRefreshHasNotCommittedYetAreRefused() throws IOException {
        String outer = servedWellInto("/deep/", "team");
        String inner = servedWarInto("/deep/", "team/a/war");
        assertThat(run(inner).succeeded()).isTrue();
        Map<String, String> warBefore = outputs("team/a/war");

        RefreshReport outerRefused = run(outer);

        assertHoldsBookkeeping(outerRefused, "team/a/.bsee");
        assertThat(server.requests("/deep/well.zip")).isZero();
        assertThat(outputs("team/a/war")).isEqualTo(warBefore);
        assertThat(bin(".bsee/team")).doesNotExist();

        // The outer folder's first refresh failed after taking its lock: no manifest, its bookkeeping there.
        dev.bsee.core.internal.FileTrees.delete(bin("team"));
        server.serve("/deep/well.zip", "<html>not an archive</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(run(outer).succeeded()).isFalse();
        assertThat(bin(".bsee/team/manifest.json")).doesNotExist();

        RefreshReport innerRefused = run(inner);

        assertThat(source(innerRefused, "war", RefreshPath.ENHANCED).errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("cannot refresh into " + bin("team/a/war")
                        + ": it lies inside " + bin("team") + ", the folder of another refresh (its bookkeeping is "
                        + bin(".bsee/team") + ")"));
        assertThat(bin("team/a")).doesNotExist();
    }

    /// A second base directory's configuration whose source writes to this one's
    /// `data/modules/bsee/bin`, the folder of every source's folder: refused as holding the others'
    /// bookkeeping. Its files went in among this base directory's folders, its manifest outside it.
    @Test
    void anotherBaseDirectorysSourceWritingWhereEverySourcesFolderIsIsRefused(@TempDir Path second) throws IOException {
        server.serve("/bases/well.zip", BseeArchives.apd(60, 7));
        server.serve("/bases/war.zip", BseeArchives.war(20, 8));
        assertThat(run(enhancedYaml("/bases/", "well")).succeeded()).isTrue();
        Map<String, String> apdBefore = outputs("apd");
        String yaml = enhancedYaml("/bases/", "war") + "parameters:\n  filepath:\n    war:\n      bin: "
                + base.resolve("data/modules/bsee/bin") + "\n";

        RefreshReport report = BseeRefresh.builder().config(RefreshConfig.fromYaml(yaml, "second.yml"))
                .baseDirectory(second).backoff(Duration.ZERO, Duration.ZERO).run();

        assertThat(source(report, "war", RefreshPath.ENHANCED).errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("it holds " + bin(".bsee") + ", the bookkeeping of a folder"
                        + " inside it that another refresh writes"));
        assertThat(server.requests("/bases/war.zip")).isZero();
        try (Stream<Path> files = Files.list(bin(""))) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder(".bsee", "apd");
        }
        assertThat(base.resolve("data/modules/bsee/.bsee")).doesNotExist();
        assertThat(outputs("apd")).isEqualTo(apdBefore);
    }

    @Test
    void aLinkOnTheWayDoesNotHideThatTwoSourcesShareAFolder() throws IOException {
        server.serve("/link/well.zip", BseeArchives.apd(60, 7));
        server.serve("/link/war.zip", BseeArchives.war(20, 8));
        Files.createDirectories(bin("apd"));
        Path alias = Files.createSymbolicLink(base.resolve("alias"), base.resolve("data/modules/bsee"));
        String yaml = enhancedYaml("/link/", "well", "war") + "parameters:\n  filepath:\n    war:\n      bin: "
                + alias.resolve("bin/apd") + "\n";

        RefreshReport report = run(yaml);

        assertThat(report.sources()).allSatisfy(source -> assertThat(source.outcome()).isEqualTo(SourceOutcome.FAILED));
        assertThat(source(report, "war", RefreshPath.ENHANCED).errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("the folder source apd writes to")
                        .contains("parameters.filepath.war.bin"));
        assertThat(outputs("apd")).isEmpty();
    }

    /// `bin: .` (the base directory), `data` or any folder above the one of every source's folder:
    /// the files would lie beside `data/` and the bookkeeping outside the base directory.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {".", "data", "data/modules/bsee", "sub/..", "/"})
    void aBinFolderHoldingEverySourcesFolderIsRefusedBeforeAnythingIsWritten(String bin) throws IOException {
        server.serve("/above/well.zip", BseeArchives.apd(60, 7));
        String yaml = enhancedYaml("/above/", "well") + "parameters:\n  filepath:\n    apd:\n      bin: '" + bin + "'\n";

        RefreshReport report = run(yaml);

        assertThat(source(report, "apd", RefreshPath.ENHANCED).errors()).singleElement().satisfies(e -> assertThat(
                e.message()).contains("a folder that holds data/modules/bsee/bin").contains("parameters.filepath.apd.bin")
                .contains("nothing was written"));
        assertThat(server.requests("/above/well.zip")).isZero();
        try (var files = Files.list(base)) {
            assertThat(files.map(path -> path.getFileName().toString())).doesNotContain(".bsee")
                    .noneMatch(name -> name.endsWith(".bin"));
        }
        assertThat(base.getParent().resolve(".bsee").resolve(base.getFileName())).doesNotExist();

        // Status of the same configuration says so too, and checks no such folder as the source's
        // (its data/ would be "not belonging" there).
        StatusReport status = BseeStatus.builder().baseDirectory(base).config(RefreshConfig.fromYaml(yaml, "test.yml"))
                .lockWait(Duration.ZERO).check();
        assertThat(status.healthy()).isFalse();
        assertThat(status.problems()).anySatisfy(problem -> assertThat(problem)
                .contains("a folder that holds data/modules/bsee/bin").contains("parameters.filepath.apd.bin"));
        assertThat(status.problems()).noneSatisfy(problem -> assertThat(problem).contains("belong"));
    }

    @Test
    void aBaseDirectoryInsideTheToolsBookkeepingIsRefusedBeforeAnythingIsWritten() throws IOException {
        server.serve("/keep/well.zip", BseeArchives.apd(60, 7));
        Path inside = base.resolve("data/modules/bsee/bin/.bsee/apd/tmp/archive");

        RefreshReport report = BseeRefresh.builder().config(RefreshConfig.fromYaml(enhancedYaml("/keep/", "well"),
                "test.yml")).baseDirectory(inside).backoff(Duration.ZERO, Duration.ZERO).run();

        assertThat(source(report, "apd", RefreshPath.ENHANCED).errors()).singleElement().satisfies(e -> assertThat(
                e.message()).contains("outside the tool's bookkeeping folders ('.bsee')").contains("nothing was written"));
        assertThat(server.requests("/keep/well.zip")).isZero();
        assertThat(inside).doesNotExist();
    }

    /// `--base-dir /tmp/try` with a production configuration (`output.base_dir: /srv/bsee`) tries it
    /// out: the directory named for the run wins, and status looks there too.
    @Test
    void theCallersDirectoryWinsOverAnAbsoluteBaseDirOfTheConfiguration(@TempDir Path production) throws IOException {
        server.serve("/try/well.zip", BseeArchives.apd(60, 7));
        String yaml = enhancedYaml("/try/", "well") + "output:\n  base_dir: " + production + "\n";

        RefreshReport report = run(yaml);

        assertThat(report.succeeded()).as(report.toString()).isTrue();
        assertThat(bin("apd").resolve("mv_apddata_all.bin")).isRegularFile();
        try (var files = Files.list(production)) {
            assertThat(files).as("the configuration's base_dir is left alone").isEmpty();
        }
        StatusReport status = BseeStatus.builder().baseDirectory(base).config(RefreshConfig.fromYaml(yaml, "test.yml"))
                .lockWait(Duration.ZERO).check();
        assertThat(status.sources()).filteredOn(s -> s.source().equals("apd")).singleElement()
                .satisfies(apd -> assertThat(apd.freshness()).isEqualTo(Freshness.FRESH));
    }

    @Test
    void statusLooksWhereTheRefreshOfTheSameConfigurationWrote() throws IOException {
        server.serve("/sub/well.zip", BseeArchives.apd(60, 7));
        String yaml = enhancedYaml("/sub/", "well") + "output:\n  base_dir: sub\n";
        assertThat(run(yaml).succeeded()).isTrue();
        assertThat(base.resolve("sub/data/modules/bsee/bin/apd/mv_apddata_all.bin")).isRegularFile();

        StatusReport status = BseeStatus.builder().baseDirectory(base).config(RefreshConfig.fromYaml(yaml, "test.yml"))
                .lockWait(Duration.ZERO).check();

        assertThat(status.sources()).filteredOn(s -> s.source().equals("apd")).singleElement()
                .satisfies(apd -> assertThat(apd.freshness()).isEqualTo(Freshness.FRESH));
        assertThat(status.healthy()).as(status.toString()).isTrue();
    }

    @Test
    void aSourceMovedIntoAnotherSourcesFolderNeverRemovesItsFiles() throws IOException {
        server.serve("/moved/well.zip", BseeArchives.apd(60, 7));
        server.serve("/moved/war.zip", BseeArchives.war(20, 8));
        assertThat(run(enhancedYaml("/moved/", "well").replace(".zip\n", ".zip\n    output: shared\n")).succeeded())
                .isTrue();
        Map<String, String> apdFiles = new TreeMap<>(outputs("shared"));
        apdFiles.remove("(manifest)");
        assertThat(apdFiles).containsKey("mv_apddata_all.bin");

        // The configuration changed: war now writes where apd wrote before, and apd no longer runs.
        String warYaml = enhancedYaml("/moved/", "war").replace(".zip\n", ".zip\n    output: shared\n");
        RefreshReport again = run(warYaml);

        assertThat(again.succeeded()).isTrue();
        SourceReport war = source(again, "war", RefreshPath.ENHANCED);
        assertThat(war.outcome()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(war.removedFiles()).isEmpty();
        assertThat(outputs("shared")).containsAllEntriesOf(apdFiles)
                .hasSizeGreaterThan(apdFiles.size());
    }

    /// Two configurations (two teams) whose sources of other names write one folder, refreshing in
    /// turn: each refresh found the other's files not written by its own source's previous refresh,
    /// and kept a copy of each before replacing it, at every turn, so `.bsee/<folder>/replaced/` grew
    /// for good. Files a refresh wrote, of whichever source, are replaced without copies; a file
    /// edited since is still kept.
    @Test
    void twoSourcesWritingOneFolderInTurnKeepNoCopiesOfEachOthersFiles() throws IOException {
        server.serve("/turns/well.zip", BseeArchives.apd(60, 7));
        String teamA = "data:\n  enhanced_refresh: true\n  teama: true\nsources:\n  teama:\n    url: "
                + server.url("/turns/well.zip") + "\n    output: shared\n";
        String teamB = teamA.replace("teama", "teamb");
        for (int turn = 0; turn < 2; turn++) {
            for (String yaml : List.of(teamA, teamB)) {
                server.serve("/turns/well.zip", BseeArchives.apd(60 + turn, 7 + turn));
                RefreshReport report = run(yaml);
                assertThat(report.succeeded()).as(report.toString()).isTrue();
            }
        }
        Path replaced = base.resolve("data/modules/bsee/bin/.bsee/shared/replaced");
        assertThat(replaced).as("copies of files a refresh wrote").doesNotExist();

        // An edit by hand is still kept before the other team's refresh replaces the file.
        Path edited = bin("shared").resolve("mv_apddata_all.bin");
        byte[] bytes = Files.readAllBytes(edited);
        bytes[bytes.length / 2] ^= 1;
        Files.write(edited, bytes);
        server.serve("/turns/well.zip", BseeArchives.apd(90, 9));
        assertThat(run(teamA).succeeded()).isTrue();
        try (Stream<Path> copies = Files.walk(replaced)) {
            assertThat(copies.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .containsExactly("mv_apddata_all.bin");
        }
    }

    @Test
    void neitherPathRunsNothingAndTouchesNothing() throws IOException {
        RefreshReport report = run("data:\n  refresh: false\n  well: true\n");

        assertThat(report.sources()).isEmpty();
        assertThat(report.succeeded()).as("ran nothing, for which bsee refresh exits 2").isFalse();
        assertThat(report.decision().reasons()).anySatisfy(r -> assertThat(r).startsWith("nothing to do"));
        try (Stream<Path> files = Files.list(base)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aSourceFailingForeverLeavesItsPreviousOutputsByteIdenticalWhileAnotherSucceeds() throws IOException {
        server.serve("/fail/well.zip", BseeArchives.apd(60, 7));
        server.serve("/fail/war.zip", BseeArchives.war(20, 8));
        assertThat(run(enhancedYaml("/fail/", "well", "war")).succeeded()).isTrue();
        Map<String, String> warBefore = outputs("war");
        Map<String, String> wellBefore = outputs("apd");

        server.fail("/fail/war.zip", 500);
        server.serve("/fail/well.zip", BseeArchives.apd(70, 9));
        int requestsBefore = server.requests("/fail/war.zip");
        RefreshReport report = run(enhancedYaml("/fail/", "well", "war"));

        SourceReport war = source(report, "war", RefreshPath.ENHANCED);
        assertThat(war.outcome()).isEqualTo(SourceOutcome.FAILED);
        assertThat(war.attempts()).isEqualTo(3);
        assertThat(server.requests("/fail/war.zip") - requestsBefore).isEqualTo(3);
        assertThat(war.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("500")
                .contains(server.url("/fail/war.zip").toString()));
        assertThat(war.errors().getFirst().kind()).isEqualTo(RefreshError.Kind.DOWNLOAD);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toJson());
        assertThat(json.findValues("errors")).anySatisfy(errors -> assertThat(errors.findValuesAsText("kind"))
                .containsExactly("download"));
        assertThat(outputs("war")).isEqualTo(warBefore);
        SourceReport well = source(report, "apd", RefreshPath.ENHANCED);
        assertThat(well.outcome()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(well.files().getFirst().rows()).isEqualTo(70);
        assertThat(outputs("apd")).isNotEqualTo(wellBefore);

        // A corrupt archive fails the same way, naming the archive.
        server.serve("/fail/war.zip", BseeArchives.corrupt(BseeArchives.war(20, 10)));
        RefreshReport corrupt = run(enhancedYaml("/fail/", "war"));
        SourceReport broken = source(corrupt, "war", RefreshPath.ENHANCED);
        assertThat(broken.outcome()).isEqualTo(SourceOutcome.FAILED);
        assertThat(broken.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("war.zip"));
        assertThat(outputs("war")).isEqualTo(warBefore);
        assertThat(base.resolve("data/modules/bsee/bin/.bsee/war/tmp")).isEmptyDirectory();
    }

    @Test
    void aConditionalRefreshOfAnUnchangedArchiveKeepsEverything() throws IOException {
        server.serve("/cache/well.zip", BseeArchives.apd(30, 11));
        String yaml = enhancedYaml("/cache/", "well") + "cache:\n  enabled: true\n  ttl_hours: 0\n";
        assertThat(run(yaml).succeeded()).isTrue();
        Map<String, String> before = outputs("apd");
        int requests = server.requests("/cache/well.zip");

        RefreshReport report = run(yaml);

        SourceReport well = source(report, "apd", RefreshPath.ENHANCED);
        assertThat(well.outcome()).isEqualTo(SourceOutcome.UNCHANGED);
        assertThat(well.files()).isEmpty();
        assertThat(server.requests("/cache/well.zip")).isEqualTo(requests + 1);
        assertThat(outputs("apd")).isEqualTo(before);

        server.serve("/cache/well.zip", BseeArchives.apd(31, 12));
        assertThat(source(run(yaml), "apd", RefreshPath.ENHANCED).outcome()).isEqualTo(SourceOutcome.UPDATED);
    }

    /// A `.bin` deleted, or cut short, after the refresh that wrote it: the server answers 304 to a
    /// conditional request, and the refresh said "unchanged; kept" with the folder still broken (as
    /// `bsee status` said) until the archive changed. The folder is not intact, so the archive is
    /// downloaded in full and the files are written again.
    @ParameterizedTest
    @ValueSource(strings = {"deleted", "cut short", "a folder"})
    void aConditionalRefreshOfAFolderMissingAFileDownloadsInFullAndRestoresIt(String damage) throws IOException {
        String path = "/heal-" + damage.replace(' ', '-') + "/";
        server.serve(path + "well.zip", BseeArchives.apd(30, 21));
        String yaml = enhancedYaml(path, "well") + "cache:\n  enabled: true\n  ttl_hours: 1\n";
        assertThat(run(yaml).succeeded()).isTrue();
        Map<String, String> written = outputs("apd");
        Path file = bin("apd").resolve("mv_apddata_all.bin");
        Files.delete(file);
        switch (damage) {
            case "cut short" -> Files.write(file, Arrays.copyOf(HexFormat.of().parseHex(written.get("mv_apddata_all.bin")), 100));
            case "a folder" -> Files.createDirectory(file);
            default -> { }
        }
        int conditional = server.conditionalRequests();

        RefreshReport report = run(yaml);

        SourceReport well = source(report, "apd", RefreshPath.ENHANCED);
        if (damage.equals("a folder")) {
            // Not a file this tool wrote: refused, as a folder in place of any .bin it would replace.
            assertThat(well.outcome()).as(report.toJson()).isEqualTo(SourceOutcome.FAILED);
            assertThat(well.errors()).singleElement().extracting(RefreshError::message).asString()
                    .contains("refusing to replace " + file + ": it is a folder");
        } else {
            assertThat(well.outcome()).as(report.toJson()).isEqualTo(SourceOutcome.UPDATED);
            // The same files, byte for byte; the manifest differs in its time only.
            Map<String, String> now = outputs("apd");
            now.remove("(manifest)");
            written.remove("(manifest)");
            assertThat(now).isEqualTo(written);
        }
        assertThat(server.conditionalRequests()).as("downloaded unconditionally, within the cache's TTL too")
                .isEqualTo(conditional);
    }

    /// An archive zipped anew (other bytes, a new ETag) holding the same tables, as BSEE republishes
    /// often: nothing is committed, the source is `unchanged`, and the manifest records the new
    /// validators. Each such refresh replaced every file with a copy of itself and reported the
    /// source `updated`.
    @Test
    void anArchiveZippedAnewWithTheSameTablesLeavesTheSourceUnchanged() throws IOException {
        String path = "/rezipped/";
        byte[] first = BseeArchives.apd(30, 21);
        server.serve(path + "well.zip", first);
        String yaml = enhancedYaml(path, "well") + "cache:\n  enabled: true\n  ttl_hours: 0\n";
        assertThat(run(yaml).succeeded()).isTrue();
        Map<String, String> written = outputs("apd");
        Path file = bin("apd").resolve("mv_apddata_all.bin");
        Object inode = Files.getAttribute(file, "unix:ino");
        RefreshConfig config = RefreshConfig.fromYaml(yaml, "test.yml");
        Optional<String> etagBefore = BseeStatus.builder().baseDirectory(base).config(config).build().check()
                .sources().getFirst().etag();
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        try (var in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(first));
             var out = new java.util.zip.ZipOutputStream(again)) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            out.setComment("zipped anew");
        }
        server.serve(path + "well.zip", again.toByteArray());

        RefreshReport report = run(yaml);

        SourceReport well = source(report, "apd", RefreshPath.ENHANCED);
        assertThat(well.outcome()).as(report.toJson()).isEqualTo(SourceOutcome.UNCHANGED);
        assertThat(Files.getAttribute(file, "unix:ino")).isEqualTo(inode);
        Map<String, String> now = outputs("apd");
        now.remove("(manifest)");
        written.remove("(manifest)");
        assertThat(now).isEqualTo(written);
        SourceStatus status = BseeStatus.builder().baseDirectory(base).config(config).build().check().sources().getFirst();
        assertThat(status.etag()).isPresent().isNotEqualTo(etagBefore);
        assertThat(status.freshness()).isEqualTo(Freshness.FRESH);
    }

    /// A `.bin` no longer as the refresh wrote it at the same size (an edit in place, another file
    /// renamed over it, both with the last-modified time set back) or without a read permission: the
    /// server answering 304, or the cache's TTL, kept it for good, as size alone was checked. The
    /// download is unconditional and the file is written again, byte for byte and mode for mode.
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(OutputChanges.class)
    void aConditionalRefreshOfAFileNoLongerAsWrittenDownloadsInFullAndWritesItAgain(OutputChanges change)
            throws IOException {
        String path = "/rewrite-" + change.name().toLowerCase(java.util.Locale.ROOT) + "/";
        server.serve(path + "well.zip", BseeArchives.apd(30, 22));
        for (String ttl : List.of("0", "1")) {
            String yaml = enhancedYaml(path, "well") + "cache:\n  enabled: true\n  ttl_hours: " + ttl + "\n";
            assertThat(run(yaml).succeeded()).isTrue();
            Map<String, String> written = outputs("apd");
            written.remove("(manifest)");
            Path file = bin("apd").resolve("mv_apddata_all.bin");
            Set<java.nio.file.attribute.PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            change.apply(file);
            int conditional = server.conditionalRequests();

            RefreshReport report = run(yaml);

            SourceReport well = source(report, "apd", RefreshPath.ENHANCED);
            assertThat(well.outcome()).as(ttl + " h: " + report.toJson()).isEqualTo(SourceOutcome.UPDATED);
            Map<String, String> now = outputs("apd");
            now.remove("(manifest)");
            assertThat(now).as(ttl + " h").isEqualTo(written);
            assertThat(Files.getPosixFilePermissions(file)).as(ttl + " h").isEqualTo(mode);
            assertThat(server.conditionalRequests()).as("downloaded unconditionally, ttl " + ttl + " h")
                    .isEqualTo(conditional);
        }
    }

    /// A `.bin` only touched and given to its group to write (a new last-modified time and mode, the
    /// bytes and read permissions as written) is
    /// hashed, found as written and kept: the request stays conditional and the server's 304 keeps
    /// the folder, whose manifest then records the file's new stat, so that it is not hashed again.
    /// A manifest of an earlier version, which records no stat of its files, is read and its files
    /// hashed likewise: an edit in place at the same size is still found, and a folder kept as it is
    /// has every stat recorded.
    @Test
    void aTouchedFileKeepsTheRequestConditionalAndAManifestWithoutStatsFallsBackToHashing() throws IOException {
        server.serve("/touched/well.zip", BseeArchives.apd(30, 23));
        String yaml = enhancedYaml("/touched/", "well") + "cache:\n  enabled: true\n  ttl_hours: 0\n";
        assertThat(run(yaml).succeeded()).isTrue();
        Path file = bin("apd").resolve("mv_apddata_all.bin");
        OutputChanges.touch(file);
        OutputChanges.giveTheGroupWriteAccess(file);
        Map<String, String> before = outputs("apd");
        before.remove("(manifest)");
        int conditional = server.conditionalRequests();

        assertThat(source(run(yaml), "apd", RefreshPath.ENHANCED).outcome()).isEqualTo(SourceOutcome.UNCHANGED);
        assertThat(server.conditionalRequests()).isEqualTo(conditional + 1);
        Map<String, String> after = outputs("apd");
        after.remove("(manifest)");
        assertThat(after).isEqualTo(before);
        assertThat(stat(file).path("modified_ns").asLong()).as("the touched file's stat, recorded")
                .isEqualTo(Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS));

        // As an earlier version wrote it: no "stat" of any file.
        withoutStats();
        assertThat(source(run(yaml), "apd", RefreshPath.ENHANCED).outcome()).isEqualTo(SourceOutcome.UNCHANGED);
        assertThat(server.conditionalRequests()).isEqualTo(conditional + 2);
        assertThat(stat(file).has("modified_ns")).as("recorded once the folder is kept").isTrue();

        withoutStats();
        OutputChanges.EDITED_IN_PLACE.apply(file);
        assertThat(source(run(yaml), "apd", RefreshPath.ENHANCED).outcome()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(server.conditionalRequests()).isEqualTo(conditional + 2);
        assertThat(stat(file).has("modified_ns")).as("the refresh's commit records each file's stat").isTrue();
    }

    /// What the manifest of `apd` records of the stat of `file`.
    private com.fasterxml.jackson.databind.JsonNode stat(Path file) throws IOException {
        for (com.fasterxml.jackson.databind.JsonNode entry : new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(manifest("apd").toFile()).path("files")) {
            if (entry.path("file").asText().equals(file.getFileName().toString())) {
                return entry.path("stat");
            }
        }
        throw new AssertionError(file + " is not in the manifest");
    }

    /// Removes every file's stat from the manifest of `apd`, as an earlier version wrote it.
    private void withoutStats() throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode manifest =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(manifest("apd").toFile());
        manifest.withArray("files").forEach(entry -> ((com.fasterxml.jackson.databind.node.ObjectNode) entry).remove("stat"));
        json.writeValue(manifest("apd").toFile(), manifest);
    }

    /// An untouched folder costs a stat per file, not a read: a file whose stat is the one the
    /// manifest recorded is not hashed (a hash the manifest gets wrong, by hand, goes unseen until the
    /// file's stat changes, when the file is hashed and written again).
    @Test
    void anUntouchedFileIsNotReadToKeepTheRequestConditional() throws IOException {
        server.serve("/untouched/well.zip", BseeArchives.apd(30, 24));
        String yaml = enhancedYaml("/untouched/", "well") + "cache:\n  enabled: true\n  ttl_hours: 0\n";
        assertThat(run(yaml).succeeded()).isTrue();
        String text = Files.readString(manifest("apd"));
        String sha256 = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text).path("files").get(0)
                .path("sha256").asText();
        Files.writeString(manifest("apd"), text.replace(sha256, "0".repeat(64)));
        int conditional = server.conditionalRequests();

        assertThat(source(run(yaml), "apd", RefreshPath.ENHANCED).outcome()).isEqualTo(SourceOutcome.UNCHANGED);
        assertThat(server.conditionalRequests()).isEqualTo(conditional + 1);

        OutputChanges.touch(bin("apd").resolve("mv_apddata_all.bin"));
        assertThat(source(run(yaml), "apd", RefreshPath.ENHANCED).outcome()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(server.conditionalRequests()).isEqualTo(conditional + 1);
    }

    @Test
    void filesOfEntriesGoneFromTheArchiveAreRemovedAndReported() throws IOException {
        server.serve("/gone/well.zip", BseeArchives.apd(20, 13));
        assertThat(run(enhancedYaml("/gone/", "well")).succeeded()).isTrue();
        Files.writeString(bin("apd").resolve("my_notes.bin"), "an analyst's file");
        server.serve("/gone/well.zip", BseeArchives.zip(Map.of("mv_apddata_all.txt", "API_WELL_NUMBER,WELL_NAME\n1,A\n")));

        SourceReport well = source(run(enhancedYaml("/gone/", "well")), "apd", RefreshPath.ENHANCED);

        assertThat(well.removedFiles()).containsExactly("mv_apd_main_all.bin");
        try (Stream<Path> files = Files.list(bin("apd"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("mv_apddata_all.bin",
                    "my_notes.bin");
        }
    }

    /// Another dataset's archive at a source's address (a wrong mirror, a misconfigured proxy) gives
    /// none of the source's tables: committed, it removed every previous file as a table gone from
    /// the archive, with exit 0. Refused now, for a source the catalog lists tables of (apd) and for
    /// one it does not (war, judged by its last refresh alone), leaving the folder byte-identical;
    /// naming the new tables in `entries`, as the message says, lets a real rename through.
    @ParameterizedTest
    @ValueSource(strings = {"well", "war"})
    void anotherDatasetsArchiveAtASourcesAddressIsRefusedAndItsFilesKept(String key) throws IOException {
        String folder = key.equals("well") ? "apd" : "war";
        server.serve("/other/" + key + ".zip", key.equals("well") ? BseeArchives.apd(20, 13) : BseeArchives.war(20, 13));
        assertThat(run(enhancedYaml("/other/", key)).succeeded()).isTrue();
        Files.writeString(bin(folder).resolve("my_notes.bin"), "an analyst's file");
        Map<String, String> before = outputs(folder);
        server.serve("/other/" + key + ".zip", BseeArchives.zip(Map.of(
                "mv_eor_completions.txt", "API_WELL_NUMBER,COMP\n1,A\n", "MV_EOR_GEOMARKERS.TXT", "API_WELL_NUMBER,TOP\n1,2\n")));

        SourceReport refused = source(run(enhancedYaml("/other/", key)), folder, RefreshPath.ENHANCED);

        assertThat(refused.outcome()).as(refused.toString()).isEqualTo(SourceOutcome.FAILED);
        assertThat(refused.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo(RefreshError.Kind.DATA);
            assertThat(error.message()).doesNotContain("\n")
                    .contains(key + ".zip: the download's 2 tables (MV_EOR_GEOMARKERS.bin, mv_eor_completions.bin) include none")
                    .contains(key.equals("well") ? "mv_apd_main_all.bin" : "mv_war_main.bin")
                    .contains("another dataset's archive").contains("previous files are kept")
                    .contains(key.equals("well") ? "sources.apd.entries or sources.well.entries)" : "sources.war.entries)");
        });
        assertThat(outputs(folder)).isEqualTo(before);

        // The tables renamed, and named as the message says: the new files replace the old.
        String renamed = enhancedYaml("/other/", key) + "    entries: [mv_eor_completions, mv_eor_geomarkers]\n";
        SourceReport accepted = source(run(renamed), folder, RefreshPath.ENHANCED);
        assertThat(accepted.outcome()).as(accepted.toString()).isEqualTo(SourceOutcome.UPDATED);
        try (Stream<Path> files = Files.list(bin(folder))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("mv_eor_completions.bin",
                    "MV_EOR_GEOMARKERS.bin", "my_notes.bin");
        }
    }

    /// A first refresh of a source the catalog lists no tables of has nothing to judge a download by:
    /// another dataset's archive served then is taken in, and its tables become what later downloads
    /// are judged by. The refusal of the source's real archive says how to let it in, and it does.
    @Test
    void aFirstRefreshThatTookInAnotherDatasetIsMendedAsTheRefusalSays() throws IOException {
        server.serve("/first/war.zip", BseeArchives.zip(Map.of("ogoradelimit.txt", "A,B\n1,2\n")));
        assertThat(source(run(enhancedYaml("/first/", "war")), "war", RefreshPath.ENHANCED).outcome())
                .isEqualTo(SourceOutcome.UPDATED);
        server.serve("/first/war.zip", BseeArchives.war(20, 13));

        SourceReport refused = source(run(enhancedYaml("/first/", "war")), "war", RefreshPath.ENHANCED);

        assertThat(refused.outcome()).isEqualTo(SourceOutcome.FAILED);
        assertThat(refused.errors()).singleElement().satisfies(error -> assertThat(error.message())
                .contains("none of the last refresh's 1 (ogoradelimit.bin)")
                .contains("if these are this source's tables, because the data center renamed them or the last refresh"
                        + " took in another dataset's, list their names under sources.war.entries)"));
        String named = enhancedYaml("/first/", "war") + "    entries: [mv_war_main]\n";
        SourceReport mended = source(run(named), "war", RefreshPath.ENHANCED);
        assertThat(mended.outcome()).as(mended.toString()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(mended.removedFiles()).containsExactly("ogoradelimit.bin");
        assertThat(bin("war").resolve("mv_war_main.bin")).isRegularFile();
    }

    @Test
    void aSecondRefreshOfTheSameFolderFailsClearlyOrWaits() throws Exception {
        byte[] apd = BseeArchives.apd(400, 14);
        server.stall("/lock/well.zip", apd, apd.length / 3);
        String yaml = enhancedYaml("/lock/", "well");
        ExecutorService refreshes = Executors.newFixedThreadPool(2);
        CompletableFuture<RefreshReport> first = CompletableFuture.supplyAsync(() -> {
            try {
                return run(yaml);
            } catch (ConfigException e) {
                throw new IllegalStateException(e);
            }
        }, refreshes);
        Path lockFile = base.resolve("data/modules/bsee/bin/.bsee/apd/.lock");
        awaitTrue(() -> server.requests("/lock/well.zip") == 1 && Files.exists(lockFile));

        RefreshReport second = BseeRefresh.builder().config(RefreshConfig.fromYaml(yaml, "t.yml")).baseDirectory(base)
                .lockWait(Duration.ZERO).run();

        SourceReport refused = source(second, "apd", RefreshPath.ENHANCED);
        assertThat(refused.outcome()).isEqualTo(SourceOutcome.FAILED);
        assertThat(refused.errors()).singleElement().extracting(RefreshError::kind).isEqualTo(RefreshError.Kind.LOCAL);
        assertThat(refused.errors()).singleElement().satisfies(e -> assertThat(e.message())
                .contains("output folder " + bin("apd") + " is being written by another refresh in this process")
                .contains("pid " + ProcessHandle.current().pid())
                .contains("refresh of source apd, enhanced path"));
        assertThat(server.requests("/lock/well.zip")).isEqualTo(1);

        List<ProgressEvent> waiting = new CopyOnWriteArrayList<>();
        CompletableFuture<RefreshReport> third = CompletableFuture.supplyAsync(() -> {
            try {
                return BseeRefresh.builder().config(RefreshConfig.fromYaml(yaml, "t.yml")).baseDirectory(base)
                        .lockWait(Duration.ofMinutes(5)).listener(waiting::add).run();
            } catch (ConfigException e) {
                throw new IllegalStateException(e);
            }
        }, refreshes);
        // Release the first refresh only once the third has said that it waits for the lock, and for
        // whom: it waited without a word, which looked like a hang.
        awaitTrue(() -> waiting.stream().anyMatch(event -> event instanceof ProgressEvent.Notice notice
                && notice.message().contains("waiting up to")));
        assertThat(waiting).filteredOn(event -> event instanceof ProgressEvent.Notice notice
                        && notice.message().contains("waiting up to")).singleElement()
                .satisfies(event -> assertThat(((ProgressEvent.Notice) event).message())
                        .contains("for output folder " + bin("apd") + ", which is being written by another refresh in"
                                + " this process").contains("pid " + ProcessHandle.current().pid()));
        assertThat(third).isNotDone();
        server.release("/lock/well.zip");

        assertThat(source(first.get(2, TimeUnit.MINUTES), "apd", RefreshPath.ENHANCED).outcome())
                .isEqualTo(SourceOutcome.UPDATED);
        assertThat(third.get(2, TimeUnit.MINUTES).succeeded()).isTrue();
        refreshes.shutdown();
    }

    @Test
    void unknownKeysAreReportedAndTheJsonReportCarriesEverything() throws IOException {
        server.serve("/json/well.zip", BseeArchives.apd(10, 15));
        RefreshReport report = run(enhancedYaml("/json/", "well") + "notify:\n  email: ops@example.com\n");

        assertThat(report.warnings()).singleElement().satisfies(w -> assertThat(w.key()).isEqualTo("notify"));
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(report.toJson());
        assertThat(json.get("succeeded").asBoolean()).isTrue();
        assertThat(json.at("/decision/enhanced_sources/0").asText()).isEqualTo("apd");
        assertThat(json.at("/sources/0/path").asText()).isEqualTo("enhanced");
        assertThat(json.at("/sources/0/attempts").asInt()).isEqualTo(1);
        assertThat(json.at("/sources/0/files/0/rows").asLong()).isEqualTo(10);
        assertThat(json.at("/sources/0/files/0/columns/0").asText()).isEqualTo("API_WELL_NUMBER");
        assertThat(json.at("/warnings/0/key").asText()).isEqualTo("notify");
        assertThat(json.at("/warnings/0/line").asInt()).isPositive();
    }

    @Test
    void withoutABaseDirectoryNothingIsGuessed() throws ConfigException {
        RefreshConfig config = RefreshConfig.fromYaml(enhancedYaml("/none/", "well"), "t.yml");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BseeRefresh.builder().config(config).run())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no base directory");
        assertThat(server.requests("/none/well.zip")).isZero();
    }

    @Test
    void aCatalogFromJavaPointsTheSourcesElsewhere() throws IOException {
        server.serve("/catalog/APDRawData.zip", BseeArchives.apd(5, 16));
        BseeSource well = SourceCatalog.of().find("well").orElseThrow()
                .withUri(server.url("/catalog/APDRawData.zip"));

        RefreshReport report = BseeRefresh.builder()
                .config(RefreshConfig.builder().enhancedRefresh(true).source("well", true).build())
                .catalog(SourceCatalog.of().with(well)).baseDirectory(base).run();

        assertThat(report.succeeded()).as(report.toJson()).isTrue();
        assertThat(BinStore.open(bin("apd")).tables()).containsExactly("mv_apd_main_all", "mv_apddata_all");
    }

    @Test
    void aSpooledDownloadConvertsEntriesInParallelAndLeavesNoSpool() throws IOException {
        byte[] war = BseeArchives.war(60, 17);
        server.serve("/spool/war.zip", war);
        String yaml = enhancedYaml("/spool/", "war").replace("processing:\n",
                "processing:\n  in_memory: false\n  parallel: true\n");

        RefreshReport report = run(yaml);

        SourceReport source = source(report, "war", RefreshPath.ENHANCED);
        assertThat(source.outcome()).as(report.toJson()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(source.bytes()).isEqualTo(war.length);
        assertThat(source.files()).extracting(FileReport::file)
                .containsExactlyInAnyOrder("mv_war_main.bin", "mv_war_main_prop_remark.bin");
        assertThat(base.resolve("data/modules/bsee/bin/.bsee/war/tmp")).isEmptyDirectory();
        assertThat(BinStore.open(bin("war")).read("mv_war_main").rowCount()).isEqualTo(60);
    }

    /// `zip` cut where its central directory begins: every entry whole, no directory after them.
    private static byte[] withoutCentralDirectory(byte[] zip) {
        // The end record (22 bytes, no comment) gives the directory's offset at its byte 16.
        int directory = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).getInt(zip.length - 22 + 16);
        return Arrays.copyOf(zip, directory);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anArchiveRefusedAfterItsDownloadReportsTheBytesAndAttemptsItTook(boolean inMemory) throws IOException {
        // A whole body whose archive lacks its central directory: the download succeeded, the archive
        // did not. The report said "0 bytes read, 0 attempts" for a spooled download.
        byte[] cut = withoutCentralDirectory(BseeArchives.war(60, 19));
        server.serve("/refused-" + inMemory + "/war.zip", cut);
        String yaml = enhancedYaml("/refused-" + inMemory + "/", "war").replace("processing:\n",
                "processing:\n  in_memory: " + inMemory + "\n");

        RefreshReport report = run(yaml);

        SourceReport source = source(report, "war", RefreshPath.ENHANCED);
        assertThat(source.outcome()).as(report.toJson()).isEqualTo(SourceOutcome.FAILED);
        assertThat(source.errors()).singleElement().extracting(RefreshError::message).asString().contains("central directory");
        assertThat(source.errors().getFirst().kind()).isEqualTo(RefreshError.Kind.DATA);
        assertThat(source.bytes()).isEqualTo(cut.length);
        assertThat(source.attempts()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anArchiveRefusedAfterARetryReportsEveryAttemptItTook(boolean inMemory) throws IOException {
        // A server error, then a whole body whose archive lacks its central directory: the archive's
        // failure carries no attempt count, and the report said one attempt after two.
        byte[] cut = withoutCentralDirectory(BseeArchives.war(60, 21));
        String path = "/refused-after-retry-" + inMemory + "/war.zip";
        server.failFirst(path, 1, 503, cut);
        String yaml = enhancedYaml("/refused-after-retry-" + inMemory + "/", "war").replace("processing:\n",
                "processing:\n  in_memory: " + inMemory + "\n");

        RefreshReport report = run(yaml);

        SourceReport source = source(report, "war", RefreshPath.ENHANCED);
        assertThat(source.outcome()).as(report.toJson()).isEqualTo(SourceOutcome.FAILED);
        assertThat(source.errors()).singleElement().extracting(RefreshError::kind).isEqualTo(RefreshError.Kind.DATA);
        assertThat(server.requests(path)).isEqualTo(2);
        assertThat(source.attempts()).as(report.toJson()).isEqualTo(2);
        assertThat(source.bytes()).isEqualTo(cut.length);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aDownloadThatBreaksOffBeforeItsBodyCouldBeToldAZipReportsTheBytesItReceived(boolean inMemory)
            throws IOException {
        // Fewer bytes than tell a zip from an error page, then silence past the source's timeout: the
        // reader never ran, and the report said "0 bytes read" while the error said 10 had arrived.
        SourceReport source = warBrokenOffAfter("/silent-early-" + inMemory + "/", BseeArchives.war(400, 22), 10, inMemory);

        assertThat(source.errors()).singleElement().extracting(RefreshError::message).asString()
                .contains("after 10 of ");
        assertThat(source.bytes()).isEqualTo(10);
        assertThat(source.attempts()).isEqualTo(1);
    }

    /// Refreshes `war` from `folder` on the server, which sends the first `sent` bytes of `war` and then
    /// nothing until the source's one-second timeout, without retries; returns the failed source.
    private SourceReport warBrokenOffAfter(String folder, byte[] war, int sent, boolean inMemory) throws IOException {
        String path = folder + "war.zip";
        server.stall(path, war, sent);
        try {
            String yaml = enhancedYaml(folder, "war")
                    .replace("retries: 2\n", "retries: 0\n  in_memory: " + inMemory + "\n") + "    timeout: 1s\n";
            RefreshReport report = run(yaml);
            SourceReport source = source(report, "war", RefreshPath.ENHANCED);
            assertThat(source.outcome()).as(report.toJson()).isEqualTo(SourceOutcome.FAILED);
            return source;
        } finally {
            server.release(path);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aDownloadThatBreaksOffReportsTheBytesItReceivedSpooledOrNot(boolean inMemory) throws IOException {
        // Half the archive, then silence past the source's timeout: the report said "0 bytes read"
        // for a spooled download, what arrived for a streamed one.
        byte[] war = BseeArchives.war(400, 20);

        SourceReport source = warBrokenOffAfter("/silent-" + inMemory + "/", war, war.length / 2, inMemory);

        assertThat(source.bytes()).isEqualTo(war.length / 2);
        assertThat(source.attempts()).isEqualTo(1);
        assertThat(source.errors()).singleElement().extracting(RefreshError::kind).isEqualTo(RefreshError.Kind.DOWNLOAD);
    }

    @Test
    void aRelativeBaseDirResolvesAgainstTheCallersDirectory() throws IOException {
        server.serve("/relative/well.zip", BseeArchives.apd(5, 18));
        RefreshConfig config = RefreshConfig.fromYaml(
                enhancedYaml("/relative/", "well") + "output:\n  base_dir: ..\\shared\\bsee\n", "t.yml");

        RefreshReport report = BseeRefresh.builder().config(config).baseDirectory(base.resolve("work")).run();

        Path expected = base.resolve("shared/bsee/data/modules/bsee/bin/apd");
        assertThat(source(report, "apd", RefreshPath.ENHANCED).outputDirectory()).isEqualTo(expected);
        assertThat(expected.resolve("mv_apddata_all.bin")).isRegularFile();
        assertThat(base.resolve("work")).doesNotExist();
    }

    @Test
    void aDamagedDownloadStateIsSetAsideAndTheSourceDownloadsAgain() throws IOException {
        server.serve("/state/well.zip", BseeArchives.apd(8, 19));
        String yaml = enhancedYaml("/state/", "well") + "cache:\n  enabled: true\n  ttl_hours: 0\n";
        assertThat(run(yaml).succeeded()).isTrue();
        Path state = base.resolve("data/modules/bsee/bin/.bsee/apd/state");
        assertThat(state).isRegularFile();
        Files.writeString(state, "this\tis not\ta state file\n");
        // A file of the user's at the old fixed name stays as it is.
        Path notes = Files.writeString(state.resolveSibling("state.damaged"), "my notes\n");
        int requests = server.requests("/state/well.zip");

        SourceReport well = source(run(yaml), "apd", RefreshPath.ENHANCED);

        // Downloaded again, unconditionally; the archive gave the files the folder holds.
        assertThat(well.outcome()).as(well.errors().toString()).isEqualTo(SourceOutcome.UNCHANGED);
        assertThat(server.requests("/state/well.zip")).isEqualTo(requests + 1);
        assertThat(notes).hasContent("my notes");
        try (var aside = Files.list(state.getParent())) {
            assertThat(aside.filter(f -> f.getFileName().toString().startsWith("state.damaged-")).toList())
                    .singleElement().satisfies(f -> assertThat(f).hasContent("this\tis not\ta state file"));
        }
        assertThat(Files.readString(manifest("apd"))).contains("\"last_modified\" : \"Wed, 01 May 2024 02:00:00 GMT\"");
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within two minutes");
            }
            Thread.sleep(20);
        }
    }
}
