package dev.bsee.bridge.internal;

import dev.bsee.binary.PickleDialect;
import dev.bsee.bridge.RefreshPath;
import dev.bsee.bridge.SourceStatus;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.bsee.bridge.internal.OutputFolderTest.recover;
import static dev.bsee.bridge.internal.OutputFolderTest.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// Links planted in place of every folder and file the refresh uses under the base directory: the
/// refresh stops with an error naming the link, and nothing outside is written, moved or deleted;
/// a `.bin` file the tool cannot prove it wrote (a link, or content whose hash differs from the
/// manifest) is left alone and reported.
class PlantedLinkTest {

    private static final Staging.TableWriter TEXT = (table, out) -> out.write(table.toString().getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path base;

    private Path victim;
    private Map<String, String> victimBefore;
    private OutputFolder folder;

    @BeforeEach
    void victimAndAFirstVersion() throws IOException {
        victim = Files.createDirectories(base.resolve("victim"));
        Files.writeString(victim.resolve("a.bin"), "the victim's own a.bin");
        Files.writeString(victim.resolve("notes.txt"), "the victim's notes");
        victimBefore = snapshot(victim);
        folder = OutputFolder.of(base.resolve("data/modules/bsee/bin/war"));
        refresh(folder, "a", "b");
    }

    /// What a refresh does with the folder: lock, recover, stage and commit.
    private static OutputFolder.Applied refresh(OutputFolder folder, String... names) throws IOException {
        try (FolderLock lock = folder.lock("test", Duration.ZERO)) {
            folder.recover();
            try (Staging staging = folder.stage()) {
                for (String name : names) {
                    staging.write(name + ".txt", name + ".bin", Table.builder()
                            .column("NAME", ObjectColumn.of(name, String.valueOf(System.nanoTime()))).build(), TEXT);
                }
                return staging.commit(new Manifest("war", RefreshPath.ENHANCED, Optional.empty(), Optional.empty(),
                        Optional.empty(), Instant.parse("2024-05-01T02:00:00Z"), PickleDialect.PORTABLE, staging.files()));
            }
        }
    }

    private Path planted(String which) throws IOException {
        return switch (which) {
            case "bin root" -> folder.bin().getParent();
            case ".bsee" -> folder.meta().getParent();
            case "meta" -> folder.meta();
            case "tmp" -> folder.tmp();
            case "output folder" -> folder.bin();
            default -> throw new IllegalArgumentException(which);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"bin root", ".bsee", "meta", "tmp", "output folder"})
    void aFolderReplacedByALinkStopsTheRefreshAndNothingOutsideChanges(String which) throws IOException {
        Path path = planted(which);
        Path moved = Files.move(path, base.resolve("moved-away"));
        Files.createSymbolicLink(path, victim);

        // The next version drops a.bin, which the victim also has (with other content).
        assertThatThrownBy(() -> refresh(folder, "b")).as(which)
                .hasMessageContaining("refusing to use " + path + ": it is a symbolic link")
                .hasMessageContaining("(remove the link or put a folder in its place)")
                .hasMessageNotContaining("\n");
        assertThat(snapshot(victim)).isEqualTo(victimBefore);
        assertThat(moved).exists();
    }

    /// A bookkeeping folder swapped for a link to another folder that holds a `commit.json`: the
    /// refresh's failure line said a commit was pending, read from the other folder's journal.
    @Test
    void aJournalBehindALinkInPlaceOfTheBookkeepingIsNoPendingCommit() throws IOException {
        Files.writeString(victim.resolve("commit.json"), "{}");
        Files.move(folder.meta(), base.resolve("moved-meta"));
        Files.createSymbolicLink(folder.meta(), victim);
        assertThat(folder.hasJournal()).isFalse();
    }

    /// A source's bookkeeping folder linked to another's (two base directories made to share it):
    /// `bsee status` reported the other folder's freshness for this one, "all well" while every
    /// refresh of it failed on the link.
    @Test
    void statusRefusesABookkeepingFolderThatIsALinkAsTheRefreshDoes() throws IOException {
        OutputFolder other = OutputFolder.of(base.resolve("other/data/modules/bsee/bin/war"));
        refresh(other, "a", "b");
        dev.bsee.core.internal.FileTrees.delete(folder.meta());
        Files.createSymbolicLink(folder.meta(), other.meta());
        String refused = "refusing to use " + folder.meta() + ": it is a symbolic link";

        assertThatThrownBy(() -> refresh(folder, "a", "b")).hasMessageContaining(refused);
        SourceStatus status = StatusCheck.check(new StatusCheck.Target("war", folder.bin(), Duration.ofDays(1),
                List.of("a.bin", "b.bin"), List.of(), List.of("war")), Instant.now(), Duration.ZERO);
        assertThat(status.freshness()).isEqualTo(dev.bsee.bridge.Freshness.UNKNOWN);
        assertThat(status.errors()).singleElement().asString().contains(refused);
    }

    /// The run's staging folder swapped while the refresh goes on: moved aside with a link to
    /// someone's folder in its place, holding a file of a staged name. The commit renamed that file
    /// into the output as the refresh's own, and a failed run's clean-up deleted through the link.
    @ParameterizedTest
    @ValueSource(strings = {"link", "parent link"})
    void aStagingFolderSwappedDuringTheRefreshIsNeitherCommittedNorDeletedThrough(String how) throws IOException {
        Map<String, String> outputBefore = snapshot(folder.bin());
        Path run;
        try (FolderLock lock = folder.lock("test", Duration.ZERO)) {
            try (Staging staging = folder.stage()) {
                staging.write("a.txt", "a.bin", Table.builder().column("NAME", ObjectColumn.of("new")).build(), TEXT);
                run = staging.directory();
                if (how.equals("link")) {
                    Files.move(run, base.resolve("aside"));
                    Files.createDirectories(victim.resolve(run.getFileName()));
                    Files.writeString(victim.resolve(run.getFileName()).resolve("b.bin"), "the victim's b.bin");
                    Files.createSymbolicLink(run, victim.resolve(run.getFileName()));
                } else {
                    // tmp/ made a link to the victim's folder, the run folder moved in there.
                    Files.move(folder.tmp(), base.resolve("tmp-aside"));
                    Files.move(base.resolve("tmp-aside").resolve(run.getFileName()), victim.resolve(run.getFileName()));
                    Files.createSymbolicLink(folder.tmp(), victim);
                }
                victimBefore = snapshot(victim);

                assertThatThrownBy(() -> staging.write("b.txt", "b.bin", Table.builder()
                        .column("NAME", ObjectColumn.of("new")).build(), TEXT)).as(how)
                        .hasMessageContaining("refusing to go on with " + run);
                assertThatThrownBy(() -> staging.commit(new Manifest("war", RefreshPath.ENHANCED, Optional.empty(),
                        Optional.empty(), Optional.empty(), Instant.parse("2024-05-02T02:00:00Z"), PickleDialect.PORTABLE,
                        staging.files()))).as(how).hasMessageContaining("refusing to go on with " + run);
                assertThatThrownBy(staging::close).as(how).hasMessageContaining("refusing to go on with " + run);
            }
        } catch (IOException closing) {
            assertThat(closing).hasMessageContaining("refusing to go on with");
        }
        assertThat(snapshot(victim)).as(how).isEqualTo(victimBefore);
        assertThat(snapshot(folder.bin())).as(how).isEqualTo(outputBefore);
    }

    /// The output folder or the run folder swapped for a link to someone's folder between two renames
    /// of a commit: every later rename followed the link, replacing the other folder's files of the
    /// same names with the refresh's, or moving them into the output as the refresh's own, and the
    /// refresh succeeded. Each rename now checks both folders, and the commit stops at the swap.
    @ParameterizedTest
    @ValueSource(strings = {"output folder", "run folder"})
    void aFolderSwappedBetweenTwoRenamesOfTheCommitTakesNoFileThroughTheLink(String which) throws IOException {
        Files.writeString(victim.resolve("b.bin"), "the victim's b.bin");
        Files.writeString(victim.resolve("c.bin"), "the victim's c.bin");
        victimBefore = snapshot(victim);
        Path[] swapped = new Path[1];
        OutputFolder.faults = stage -> {
            if (stage == OutputFolder.Stage.FIRST_MOVED && swapped[0] == null) {
                if (which.equals("output folder")) {
                    swapped[0] = folder.bin();
                } else {
                    try (java.util.stream.Stream<Path> runs = Files.list(folder.tmp())) {
                        swapped[0] = runs.filter(p -> p.getFileName().toString().startsWith("run-")).findFirst()
                                .orElseThrow();
                    }
                }
                Files.move(swapped[0], base.resolve("aside"));
                Files.createSymbolicLink(swapped[0], victim);
            }
        };
        try {
            assertThatThrownBy(() -> refresh(folder, "a", "b", "c")).hasMessageContaining("refusing to go on with "
                    + swapped[0]);
        } finally {
            OutputFolder.faults = stage -> { };
        }
        assertThat(swapped[0]).isSymbolicLink();
        assertThat(snapshot(victim)).isEqualTo(victimBefore);
    }

    /// The run folder swapped once the commit is made (its files in place, the manifest written):
    /// the commit stands and nothing is deleted through the link; the refresh failed on it, so a
    /// folder holding the new files reported nothing changed.
    @Test
    void aStagingFolderSwappedAfterTheCommitLeavesTheCommitStanding() throws IOException {
        Path[] run = new Path[1];
        Files.writeString(victim.resolve("b.bin"), "the victim's b.bin");
        victimBefore = snapshot(victim);
        OutputFolder.faults = stage -> {
            if (stage == OutputFolder.Stage.MANIFEST_WRITTEN) {
                try (java.util.stream.Stream<Path> runs = Files.list(folder.tmp())) {
                    run[0] = runs.filter(p -> p.getFileName().toString().startsWith("run-")).findFirst().orElseThrow();
                }
                Files.move(run[0], base.resolve("aside"));
                Files.createSymbolicLink(run[0], victim);
            }
        };
        try {
            OutputFolder.Applied applied = refresh(folder, "a", "b");
            assertThat(applied.removed()).isEmpty();
        } finally {
            OutputFolder.faults = stage -> { };
        }
        assertThat(run[0]).isSymbolicLink();
        assertThat(snapshot(victim)).isEqualTo(victimBefore);
        assertThat(folder.manifest().orElseThrow().fileNames()).containsExactly("a.bin", "b.bin");
    }

    /// A commit journal left by a killed refresh whose run folder is now a link to someone's
    /// folder: completing the commit moved that folder's file over the output's.
    @Test
    void anInterruptedCommitWhoseRunFolderBecameALinkIsNotCompletedThroughIt() throws IOException {
        Map<String, String> outputBefore = snapshot(folder.bin());
        Staging killed = folder.stage();
        killed.write("a.txt", "a.bin", Table.builder().column("NAME", ObjectColumn.of("new")).build(), TEXT);
        Manifest next = new Manifest("war", RefreshPath.ENHANCED, Optional.empty(), Optional.empty(), Optional.empty(),
                Instant.parse("2024-05-02T02:00:00Z"), PickleDialect.PORTABLE, killed.files());
        folder.writeJournal(folder.journal(killed.directory(), List.of("a.bin"), next));
        Path run = killed.directory();
        Files.move(run, base.resolve("aside"));
        Files.createDirectories(victim.resolve("run"));
        Files.writeString(victim.resolve("run/a.bin"), "not a pickle");
        Files.createSymbolicLink(run, victim.resolve("run"));
        victimBefore = snapshot(victim);

        assertThatThrownBy(() -> recover(folder)).hasMessageContaining("refusing to use " + run + ": it is a symbolic link");

        assertThat(snapshot(victim)).isEqualTo(victimBefore);
        assertThat(snapshot(folder.bin())).isEqualTo(outputBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = {".lock", "manifest.json", "state", "commit.json"})
    void aBookkeepingFileReplacedByALinkStopsTheRefreshAndItsTargetIsUntouched(String name) throws IOException {
        Path path = folder.meta().resolve(name);
        Files.deleteIfExists(path);
        Files.createSymbolicLink(path, victim.resolve("a.bin"));

        assertThatThrownBy(() -> refresh(folder, "b")).as(name)
                .hasMessageContaining("refusing to use " + path + ": it is a symbolic link")
                .hasMessageContaining("(remove the link)");
        assertThat(snapshot(victim)).isEqualTo(victimBefore);
    }

    /// A pipe or a folder in place of a bookkeeping file: reading the pipe waited for a writer
    /// forever, so `bsee status` and every refresh of the folder hung (a pipe as the lock file failed
    /// with "Illegal seek" alone). Now both stop at once naming the file, and the files stay as they
    /// were. The timeout only keeps a regression from hanging the build.
    @ParameterizedTest
    @CsvSource({".lock, pipe", "manifest.json, pipe", "state, pipe", "commit.json, pipe", "last-failure.json, pipe",
            ".lock, folder", "manifest.json, folder", "state, folder", "commit.json, folder", "last-failure.json, folder"})
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aBookkeepingFileReplacedByAPipeOrAFolderStopsRefreshAndStatusNamingIt(String name, String kind)
            throws Exception {
        Path path = folder.meta().resolve(name);
        Files.deleteIfExists(path);
        if (kind.equals("pipe")) {
            assertThat(new ProcessBuilder("mkfifo", path.toString()).start().waitFor()).as("mkfifo").isZero();
        } else {
            Files.createDirectory(path);
        }
        Map<String, String> before = snapshot(folder.bin());
        String refused = "refusing to use " + path + ": it is " + (kind.equals("pipe") ? "a pipe, socket or device"
                : "a folder") + ", not a file this tool wrote (move it away or remove it)";

        assertThatThrownBy(() -> refresh(folder, "b")).as(name).hasMessage(refused);
        SourceStatus status = StatusCheck.check(new StatusCheck.Target("war", folder.bin(), Duration.ofDays(1),
                List.of("a.bin", "b.bin"), List.of(), List.of("war")), Instant.now(), Duration.ZERO);
        assertThat(status.errors()).as(name).anySatisfy(error -> assertThat(error).contains(refused));
        assertThat(snapshot(folder.bin())).isEqualTo(before);
        assertThat(path).as("left where it was planted").satisfies(p -> assertThat(Files.exists(p,
                java.nio.file.LinkOption.NOFOLLOW_LINKS)).isTrue());
    }

    @Test
    void aLinkInsideTheTemporariesIsLeftAloneNotFollowed() throws IOException {
        Path planted = folder.tmp().resolve("run-" + java.util.UUID.randomUUID());
        Files.createSymbolicLink(planted, victim);

        assertThat(recover(folder)).singleElement().asString().startsWith("left " + planted + " alone");
        assertThat(snapshot(victim)).isEqualTo(victimBefore);
        assertThat(Files.isSymbolicLink(planted)).isTrue();
    }

    @Test
    void aSupersededBinThatIsALinkIsLeftAloneAndReported() throws IOException {
        Path b = folder.bin().resolve("b.bin");
        Files.delete(b);
        Files.createSymbolicLink(b, victim.resolve("a.bin"));

        OutputFolder.Applied applied = refresh(folder, "a");

        assertThat(applied.removed()).isEmpty();
        assertThat(applied.leftAlone()).singleElement().asString().contains(b.toString()).contains("symbolic link");
        assertThat(Files.isSymbolicLink(b)).isTrue();
        assertThat(snapshot(victim)).isEqualTo(victimBefore);
    }

    @Test
    void aStagedFileWhosePlaceIsALinkStopsTheCommitBeforeAnythingMoves() throws IOException {
        Path b = folder.bin().resolve("b.bin");
        Files.delete(b);
        Files.createSymbolicLink(b, victim.resolve("a.bin"));
        Map<String, String> before = snapshot(folder.bin());
        Optional<Manifest> manifestBefore = folder.manifest();

        assertThatThrownBy(() -> refresh(folder, "a", "b")).hasMessageContaining("refusing to use " + b);
        assertThat(snapshot(victim)).isEqualTo(victimBefore);
        assertThat(snapshot(folder.bin())).isEqualTo(before);
        assertThat(folder.manifest()).isEqualTo(manifestBefore);
        assertThat(folder.journalFile()).doesNotExist();
    }

    @Test
    void aStagedFileWhosePlaceIsTakenByAFolderStopsTheCommitBeforeAnythingMoves() throws IOException {
        // b.bin sorts after a.bin: had the commit started, a.bin would have been replaced before b.bin
        // failed, leaving a journal that every later refresh and status would trip over.
        Path b = folder.bin().resolve("b.bin");
        Files.delete(b);
        Files.writeString(Files.createDirectory(b).resolve("notes.txt"), "an analyst's folder called b.bin");
        Map<String, String> before = snapshot(folder.bin());
        Optional<Manifest> manifestBefore = folder.manifest();

        assertThatThrownBy(() -> refresh(folder, "a", "b")).hasMessage("refusing to replace " + b
                + ": it is a folder, not a .bin file (move it away or remove it)");
        assertThat(snapshot(folder.bin())).isEqualTo(before);
        assertThat(folder.manifest()).isEqualTo(manifestBefore);
        assertThat(folder.journalFile()).doesNotExist();

        // Nothing is left for the next run to trip over: once the folder is gone, the refresh commits.
        Files.delete(b.resolve("notes.txt"));
        Files.delete(b);
        refresh(folder, "a", "b");
        assertThat(folder.binFiles()).containsExactly("a.bin", "b.bin");
        assertThat(folder.tmp()).isEmptyDirectory();
    }

    @Test
    void aSupersededBinWhoseContentChangedIsLeftAloneAndReported() throws IOException {
        Path b = folder.bin().resolve("b.bin");
        Files.writeString(b, "an analyst's file that happens to be called b.bin");

        OutputFolder.Applied applied = refresh(folder, "a");

        assertThat(applied.removed()).isEmpty();
        assertThat(applied.leftAlone()).singleElement().asString().contains(b.toString()).contains("sha256 differs");
        assertThat(b).hasContent("an analyst's file that happens to be called b.bin");
        assertThat(folder.manifest().orElseThrow().fileNames()).containsExactly("a.bin");
    }

    @Test
    void aSupersededBinWithTheManifestsHashIsRemoved() throws IOException {
        OutputFolder.Applied applied = refresh(folder, "a");

        assertThat(applied.removed()).containsExactly("b.bin");
        assertThat(applied.leftAlone()).isEmpty();
        assertThat(folder.binFiles()).containsExactly("a.bin");
        assertThat(List.of(victim.toFile().list())).hasSize(2);
    }
}
