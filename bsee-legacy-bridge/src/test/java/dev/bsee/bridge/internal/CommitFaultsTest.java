package dev.bsee.bridge.internal;

import dev.bsee.binary.PickleDialect;
import dev.bsee.bridge.FileReport;
import dev.bsee.bridge.RefreshPath;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import dev.bsee.core.faults.ImmutableFile;
import dev.bsee.core.internal.FileTrees;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.bsee.bridge.internal.OutputFolderTest.recover;
import static dev.bsee.bridge.internal.OutputFolderTest.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// A commit that fails at each of its stages (an injected fault, as a read-only folder or a full
/// disk would raise there), and a recovery that fails again at the same stage: the next recovery
/// rolls the commit forward to exactly what an undisturbed commit gives, or, when it failed before
/// its journal was written, leaves the previous version byte-identical.
class CommitFaultsTest {

    private static final Staging.TableWriter TEXT = (table, out) -> out.write(table.toString().getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path base;

    @AfterEach
    void noFaults() {
        OutputFolder.faults = stage -> { };
    }

    /// Has the second commit of `folder` stop once its journal is written, as a kill there leaves it:
    /// the journal and the staged files, for the next run to complete.
    private void leavePendingCommit(OutputFolder folder) {
        failAt(OutputFolder.Stage.JOURNAL_WRITTEN);
        assertThatThrownBy(() -> commitSecond(folder)).hasMessage("injected fault at JOURNAL_WRITTEN");
        noFaults();
    }

    /// The one copy under `replaced/` holds `content`.
    private static void assertOneCopyHolding(OutputFolder folder, String content) throws IOException {
        try (var copies = Files.walk(folder.meta().resolve("replaced"))) {
            assertThat(copies.filter(Files::isRegularFile).toList()).singleElement()
                    .satisfies(copy -> assertThat(copy).hasContent(content));
        }
    }

    private static Table table(String... wells) {
        return Table.builder().column("API_WELL_NUMBER", ObjectColumn.of(wells))
                .column("WATER_DEPTH", Int64Column.of(new long[wells.length])).build();
    }

    private static Manifest manifest(Staging staging) {
        return new Manifest("war", RefreshPath.ENHANCED, Optional.empty(), Optional.of("\"v\""), Optional.empty(),
                Instant.parse("2024-05-01T02:00:00Z"), PickleDialect.PORTABLE, staging.files());
    }

    /// Version 1: a, b, c, d.
    static void commitFirst(OutputFolder folder) throws IOException {
        try (Staging staging = folder.stage()) {
            for (String name : List.of("a", "b", "c", "d")) {
                staging.write(name + ".txt", name + ".bin", table("1" + name), TEXT);
            }
            staging.commit(manifest(staging));
        }
    }

    /// Version 2: a and b changed, e new, c and d gone.
    static OutputFolder.Applied commitSecond(OutputFolder folder) throws IOException {
        try (Staging staging = folder.stage()) {
            for (String name : List.of("a", "b", "e")) {
                staging.write(name + ".txt", name + ".bin", table("2" + name, "2"), TEXT);
            }
            return staging.commit(manifest(staging));
        }
    }

    private static void failAt(OutputFolder.Stage failing) {
        OutputFolder.faults = stage -> {
            if (stage == failing) {
                throw new IOException("injected fault at " + stage);
            }
        };
    }

    @ParameterizedTest
    @EnumSource(value = OutputFolder.Stage.class, mode = EnumSource.Mode.EXCLUDE, names = "JOURNAL_DELETED")
    void aCommitFailingAtAnyStageIsUndoneAtOnceOrCompletedByTheNextRun(OutputFolder.Stage stage) throws IOException {
        OutputFolder reference = OutputFolder.of(base.resolve("reference/bin/war"));
        commitFirst(reference);
        commitSecond(reference);
        OutputFolder folder = OutputFolder.of(base.resolve("data/bin/war"));
        commitFirst(folder);
        Map<String, String> before = snapshot(folder.bin());
        Optional<Manifest> manifestBefore = folder.manifest();

        failAt(stage);
        assertThatThrownBy(() -> commitSecond(folder)).hasMessage("injected fault at " + stage);
        // Before the journal nothing is decided; a failure among the moves has them put back.
        boolean undone = stage == OutputFolder.Stage.BEFORE_JOURNAL || stage == OutputFolder.Stage.FIRST_MOVED;
        if (undone) {
            assertThat(snapshot(folder.bin())).isEqualTo(before);
            assertThat(folder.journalFile()).doesNotExist();
        } else if (stage != OutputFolder.Stage.JOURNAL_WRITTEN) {
            // The recovery itself is interrupted at the same stage, and must still be completed later.
            assertThatThrownBy(() -> recover(folder)).hasMessage("injected fault at " + stage);
        }
        noFaults();
        List<String> done = recover(folder);

        if (undone) {
            assertThat(snapshot(folder.bin())).isEqualTo(before);
            assertThat(folder.manifest()).isEqualTo(manifestBefore);
        } else {
            assertThat(done).contains("completed an interrupted commit into " + folder.bin());
            assertThat(snapshot(folder.bin())).isEqualTo(snapshot(reference.bin()));
            // Each folder's files have their own inodes and times: what a stat gave is compared apart.
            assertThat(folder.manifest().map(m -> m.stamped(Map.of())))
                    .isEqualTo(reference.manifest().map(m -> m.stamped(Map.of())));
            assertThat(folder.manifest().orElseThrow().stamps()).containsOnlyKeys("a.bin", "b.bin", "e.bin");
        }
        assertThat(folder.journalFile()).doesNotExist();
        assertThat(folder.tmp()).isEmptyDirectory();
        assertThat(recover(folder)).isEmpty();
        // And the source is not wedged: the next commit works.
        commitFirst(folder);
        assertThat(folder.binFiles()).containsExactly("a.bin", "b.bin", "c.bin", "d.bin");
    }

    /// The folder of temporaries swapped for a link to someone's folder while a recovery runs, after
    /// it has looked at the folder and before it deletes the leftovers in it: completing a journal, or
    /// reading the manifest in a JVM just started, takes long enough (a refresh's first source, some
    /// hundreds of milliseconds) that a swap then had every file of the other folder deleted as a
    /// stale temporary. The recovery checks the folder is still the one it looked at before it lists
    /// it and before each deletion, and stops naming it.
    @Test
    void aFolderOfTemporariesSwappedForALinkDuringARecoveryHasNothingDeletedThroughIt() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("data/bin/war"));
        commitFirst(folder);
        failAt(OutputFolder.Stage.JOURNAL_WRITTEN);
        assertThatThrownBy(() -> commitSecond(folder)).hasMessage("injected fault at JOURNAL_WRITTEN");
        Path victim = Files.createDirectories(base.resolve("victim"));
        Files.writeString(victim.resolve("keep.txt"), "someone's");
        Files.createDirectories(victim.resolve("run-00000000-0000-0000-0000-000000000000"));
        Map<String, String> victimBefore = snapshot(victim);
        OutputFolder.faults = stage -> {
            if (stage == OutputFolder.Stage.MANIFEST_WRITTEN) {
                Files.move(folder.tmp(), base.resolve("tmp-aside"));
                Files.createSymbolicLink(folder.tmp(), victim);
            }
        };

        assertThatThrownBy(() -> recover(folder)).hasMessageContaining("refusing to go on with " + folder.tmp());

        assertThat(snapshot(victim)).isEqualTo(victimBefore);
        assertThat(victim.resolve("run-00000000-0000-0000-0000-000000000000")).isDirectory();
        noFaults();
        Files.delete(folder.tmp());
        Files.move(base.resolve("tmp-aside"), folder.tmp());
        recover(folder);
        assertThat(folder.tmp()).isEmptyDirectory();
        assertThat(folder.binFiles()).containsExactly("a.bin", "b.bin", "e.bin");
    }

    /// A commit that keeps aside an analyst's own file under an entry's name and stops once its
    /// journal is written: the recovery that completes it says where the file went, as the commit
    /// would have; the copy was made and never mentioned.
    @Test
    void aRecoveryCompletingACommitReportsTheFilesItKeptAside() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("data/bin/war"));
        commitFirst(folder);
        Files.writeString(folder.bin().resolve("e.bin"), "an analyst's own e.bin");

        leavePendingCommit(folder);
        List<String> done = recover(folder);

        assertThat(done).anySatisfy(line -> assertThat(line).startsWith("replaced " + folder.bin().resolve("e.bin")
                + ", which the previous refresh did not write; its earlier content is kept as "));
        assertOneCopyHolding(folder, "an analyst's own e.bin");
    }

    /// A commit killed before its moves, then files written into the folder (pandas saving over a
    /// name the commit replaces, in place or by a rename; an analyst's own file under a name it
    /// adds): the recovery keeps each aside before its move, as the commit keeps what it did not
    /// write, and leaves no copy of a file that is still the previous refresh's. The moves went over
    /// them without a copy or a word.
    @Test
    void aRecoveryKeepsAsideWhatWasWrittenIntoTheFolderAfterTheKill() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("data/bin/war"));
        commitFirst(folder);
        leavePendingCommit(folder);
        Path a = folder.bin().resolve("a.bin");
        Path b = folder.bin().resolve("b.bin");
        Path e = folder.bin().resolve("e.bin");
        Files.writeString(a, "a.bin saved over in place by the team");
        Path renamed = Files.writeString(folder.bin().resolve(".b.tmp"), "b.bin saved by a rename");
        Files.move(renamed, b, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(e, "the team's own e.bin");

        List<String> done = recover(folder);

        for (Path file : List.of(a, b, e)) {
            assertThat(done).anySatisfy(line -> assertThat(line).startsWith("replaced " + file + ", "));
        }
        Map<String, String> copies = new java.util.TreeMap<>();
        try (var walk = Files.walk(folder.meta().resolve("replaced"))) {
            for (Path copy : walk.filter(Files::isRegularFile).toList()) {
                copies.put(copy.getFileName().toString(), Files.readString(copy));
            }
        }
        assertThat(copies).containsExactly(Map.entry("a.bin", "a.bin saved over in place by the team"),
                Map.entry("b.bin", "b.bin saved by a rename"), Map.entry("e.bin", "the team's own e.bin"));
        assertThat(folder.hasJournal()).isFalse();
        assertThat(Files.size(a)).isEqualTo(folder.manifest().orElseThrow().filesByName().get("a.bin").bytes());
    }

    /// A file the commit kept a copy of when it was planned, untouched since, is not kept a second
    /// time by the recovery; one written again since is.
    @Test
    void aRecoveryDoesNotKeepAgainWhatTheCommitKeptWhenItWasPlanned() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("data/bin/war"));
        commitFirst(folder);
        Path e = Files.writeString(folder.bin().resolve("e.bin"), "an analyst's own e.bin");
        leavePendingCommit(folder);

        List<String> done = recover(folder);

        assertThat(done.stream().filter(line -> line.startsWith("replaced " + e))).hasSize(1);
        assertOneCopyHolding(folder, "an analyst's own e.bin");
    }

    /// A recovery killed after it kept aside a file written since the kill (its first move done):
    /// the recovery that completes the commit names the copy, as it names those the commit kept.
    /// The copy was made and never mentioned.
    @Test
    void aRecoveryCompletingAKilledRecoveryNamesTheCopyThatOneKept() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("data/bin/war"));
        commitFirst(folder);
        leavePendingCommit(folder);
        Path b = folder.bin().resolve("b.bin");
        Files.writeString(b, "b.bin saved by the team after the kill");
        failAt(OutputFolder.Stage.FIRST_MOVED);
        assertThatThrownBy(() -> recover(folder)).hasMessageContaining("injected fault at FIRST_MOVED");
        noFaults();

        List<String> done = recover(folder);

        assertThat(done).anySatisfy(line -> assertThat(line).startsWith("replaced " + b + ", written into the folder"
                + " since the commit was planned; its earlier content is kept as "));
        assertOneCopyHolding(folder, "b.bin saved by the team after the kill");
    }

    /// A file the killed commit had moved in, then saved over by the team: the recovery completes the
    /// commit without calling that file lost "before it was moved in" (beside "completed").
    @Test
    void aFileMovedInAndSavedOverSinceIsNotCalledLost() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("data/bin/war"));
        commitFirst(folder);
        leavePendingCommit(folder);
        try (var runs = Files.list(folder.tmp())) {
            for (Path run : runs.toList()) {
                Files.move(run.resolve("a.bin"), folder.bin().resolve("a.bin"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(folder.bin().resolve("a.bin"), "a.bin saved over by the team");

        List<String> done = recover(folder);

        assertThat(done).contains("completed an interrupted commit into " + folder.bin());
        assertThat(done).noneSatisfy(line -> assertThat(line).contains("lost"));
        assertThat(folder.manifest().orElseThrow().fileNames()).containsExactly("a.bin", "b.bin", "e.bin");
        assertThat(folder.bin().resolve("a.bin")).hasContent("a.bin saved over by the team");
    }

    /// A link put after the kill where a later move of the commit goes: the recovery refuses before
    /// its first move, so the folder is not left with the moves before the link done.
    @Test
    void aRecoveryChecksEveryTargetBeforeItsFirstMove() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("data/bin/war"));
        commitFirst(folder);
        leavePendingCommit(folder);
        Map<String, String> before = snapshot(folder.bin());
        Path elsewhere = Files.writeString(base.resolve("elsewhere.bin"), "not the folder's");
        Files.createSymbolicLink(folder.bin().resolve("e.bin"), elsewhere);

        assertThatThrownBy(() -> recover(folder)).hasMessageContaining("e.bin");

        Files.delete(folder.bin().resolve("e.bin"));
        assertThat(snapshot(folder.bin())).isEqualTo(before);
        assertThat(elsewhere).hasContent("not the folder's");
        assertThat(folder.hasJournal()).isTrue();
    }

    /// A commit whose moves and removals are done but whose manifest cannot be replaced (made
    /// immutable): `bsee status` cannot complete it either, and says so; the failure on record (the
    /// commit's) said the files were those of the refresh before it, which the commit had replaced.
    @Test
    void aStatusThatCannotCompleteAPendingCommitDoesNotSayTheFilesAreTheOlderOnes() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("data/bin/war"));
        commitFirst(folder);
        leavePendingCommit(folder);
        try (FolderLock lock = folder.lock("test", java.time.Duration.ZERO)) {
            folder.recordFailure(new OutputFolder.Failure(Instant.now(), folder.manifestFile() + ": Operation not permitted"));
        }
        Optional<ImmutableFile> immutable = ImmutableFile.of(folder.manifestFile());
        org.junit.jupiter.api.Assumptions.assumeTrue(immutable.isPresent(), "chattr +i works here (root, ext4 or xfs)");
        try (ImmutableFile held = immutable.get()) {
            dev.bsee.bridge.SourceStatus status = StatusCheck.check(new StatusCheck.Target("war", folder.bin(),
                    java.time.Duration.ofDays(30), List.of(), List.of(), List.of("war")), Instant.now(), java.time.Duration.ZERO);

            assertThat(folder.hasJournal()).isTrue();
            assertThat(folder.binFiles()).containsExactly("a.bin", "b.bin", "e.bin");
            assertThat(status.problems()).anySatisfy(problem -> assertThat(problem)
                    .startsWith("an interrupted commit into " + folder.bin() + " is pending (")
                    .contains("manifest.json: Operation not permitted").contains("may hold files of two versions"));
            assertThat(status.problems()).noneSatisfy(problem -> assertThat(problem).contains("the refresh before it"));
        }
        assertThat(recover(folder)).contains("completed an interrupted commit into " + folder.bin());
    }

    /// A refresh that failed (its failure recorded), then one killed in its commit: completing that
    /// commit makes the folder the newer refresh's, so the record of the failure before it goes too.
    /// `bsee status` went on saying the last refresh had failed and the files were older ones.
    @Test
    void completingAnInterruptedCommitForgetsTheFailureBeforeIt() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("data/bin/war"));
        commitFirst(folder);
        try (FolderLock lock = folder.lock("test", java.time.Duration.ZERO)) {
            folder.recordFailure(new OutputFolder.Failure(Instant.parse("2024-05-01T01:00:00Z"), "HTTP 404"));
        }
        leavePendingCommit(folder);

        assertThat(recover(folder)).contains("completed an interrupted commit into " + folder.bin());

        assertThat(folder.failure()).isEmpty();
        assertThat(folder.failureFile()).doesNotExist();
    }

    /// A process killed while it wrote the download state left its temporary beside the state, where
    /// no recovery looked: one more file for each such kill, for ever. A link of that name is no
    /// temporary and stays.
    @Test
    void aTemporaryOfTheDownloadStateLeftByAKillIsRemovedByTheNextRecovery() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("data/bin/war"));
        commitFirst(folder);
        Path leftover = Files.writeString(folder.meta().resolve(".state.0123456789abcdef.tmp"), "half a state");
        Path link = Files.createSymbolicLink(folder.meta().resolve(".state.fedcba9876543210.tmp"), leftover);
        Path other = Files.writeString(folder.meta().resolve("notes.tmp"), "not ours");

        assertThat(recover(folder)).contains("removed stale temporary " + leftover);

        assertThat(leftover).doesNotExist();
        assertThat(link).isSymbolicLink();
        assertThat(other).hasContent("not ours");
    }

    /// A rename the file system refuses part-way (a `.bin` made immutable): the file moved before it
    /// is put back and the journal deleted, so the folder and its manifest are the previous refresh's.
    @Test
    void aMoveTheFileSystemRefusesHasTheCommitUndone() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        commitFirst(folder);
        Map<String, String> before = snapshot(folder.bin());
        Optional<Manifest> manifestBefore = folder.manifest();
        Path manifestFile = folder.meta().resolve("manifest.json");
        byte[] manifestBytes = Files.readAllBytes(manifestFile);
        Object manifestKey = Files.readAttributes(manifestFile, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        Path b = folder.bin().resolve("b.bin");
        Optional<ImmutableFile> immutable = ImmutableFile.of(b);
        org.junit.jupiter.api.Assumptions.assumeTrue(immutable.isPresent(), "chattr +i works here (root, ext4 or xfs)");
        try (ImmutableFile held = immutable.get()) {
            assertThatThrownBy(() -> commitSecond(folder))
                    .hasMessageStartingWith("cannot move b.bin to " + b + ": ")
                    .hasMessageEndingWith("; the file moved before it was put back");
            assertThat(snapshot(folder.bin())).isEqualTo(before);
            assertThat(folder.manifest()).isEqualTo(manifestBefore);
            // Another file of the same bytes: a reader that read while a.bin was moved in and back
            // sees the manifest change, as after any commit.
            assertThat(Files.readAllBytes(manifestFile)).isEqualTo(manifestBytes);
            assertThat(Files.readAttributes(manifestFile, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                    .isNotEqualTo(manifestKey);
            assertThat(folder.journalFile()).doesNotExist();
            assertThat(folder.tmp()).isEmptyDirectory();
        }
        assertThat(recover(folder)).isEmpty();
        commitSecond(folder);
        assertThat(folder.binFiles()).containsExactly("a.bin", "b.bin", "e.bin");
    }

    /// A journal the file system will not let in place (its temporaries' folder made append-only),
    /// or a download state it will not let go (immutable): the failure says which step it was and
    /// the folder is as it was. It named a temporary of the journal (`.commit.json.0123.tmp:
    /// Operation not permitted`) or the state with the system's reason alone, after the download.
    @ParameterizedTest
    @ValueSource(strings = {"journal", "state"})
    void aJournalOrStateTheFileSystemRefusesIsSaidAsThatStep(String refused) throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        commitFirst(folder);
        Files.writeString(folder.stateFile(), "{}");
        Map<String, String> before = snapshot(folder.bin());
        boolean journal = refused.equals("journal");
        Optional<ImmutableFile> fault = journal ? ImmutableFile.appendOnly(folder.tmp()) : ImmutableFile.of(folder.stateFile());
        org.junit.jupiter.api.Assumptions.assumeTrue(fault.isPresent(), "chattr works here (root, ext4 or xfs)");
        try (ImmutableFile held = fault.get()) {
            if (journal) {
                Files.delete(folder.stateFile());
                assertThatThrownBy(() -> commitSecond(folder))
                        .hasMessageStartingWith("cannot write the commit's journal " + folder.journalFile() + " (")
                        .hasMessageEndingWith("); nothing was moved into " + folder.bin());
            } else {
                assertThatThrownBy(() -> commitSecond(folder))
                        .hasMessage("cannot remove the download state " + folder.stateFile() + " (Operation not permitted)");
            }
            assertThat(snapshot(folder.bin())).isEqualTo(before);
            assertThat(folder.hasJournal()).isFalse();
        }
    }

    /// A superseded file the file system will not let go (immutable): left alone and reported, as a
    /// file whose content changed is, and the commit completes. It stopped every commit of the folder
    /// at the same unlink, and each refresh's report said the commit was pending.
    @Test
    void aSupersededFileThatCannotBeRemovedIsLeftAloneAndTheCommitCompletes() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        commitFirst(folder);
        Path c = folder.bin().resolve("c.bin");
        Optional<ImmutableFile> immutable = ImmutableFile.of(c);
        org.junit.jupiter.api.Assumptions.assumeTrue(immutable.isPresent(), "chattr +i works here (root, ext4 or xfs)");
        try (ImmutableFile held = immutable.get()) {
            OutputFolder.Applied applied = commitSecond(folder);

            assertThat(applied.removed()).containsExactly("d.bin");
            assertThat(applied.leftAlone()).singleElement().asString().isEqualTo("left " + c + " alone: it could not be"
                    + " removed (Operation not permitted); the new manifest does not list it");
            assertThat(folder.journalFile()).doesNotExist();
            assertThat(folder.manifest().orElseThrow().fileNames()).containsExactly("a.bin", "b.bin", "e.bin");
            assertThat(folder.binFiles()).containsExactly("a.bin", "b.bin", "c.bin", "e.bin");
        }
    }

    @Test
    void aJournalWhoseStagedFilesWereLostIsRolledForwardAsFarAsTheFilesProve() throws IOException {
        // What a commit killed after its first move left, once its staged files were deleted (as
        // earlier versions did): the journal, a.bin moved in, b.bin and e.bin gone.
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        commitFirst(folder);
        leavePendingCommit(folder);
        Files.writeString(folder.stateFile(), "# state\n");
        try (var runs = Files.list(folder.tmp())) {
            for (Path run : runs.toList()) {
                Files.move(run.resolve("a.bin"), folder.bin().resolve("a.bin"), StandardCopyOption.REPLACE_EXISTING);
                FileTrees.delete(run);
            }
        }

        List<String> done = recover(folder);

        assertThat(done).anySatisfy(line -> assertThat(line).contains("could not complete the interrupted commit")
                .contains("b.bin").contains("e.bin").contains("downloads the source in full"));
        Manifest manifest = folder.manifest().orElseThrow();
        assertThat(manifest.etag()).isEmpty();
        // a.bin moved in (new), b.bin is still the previous version; e.bin never arrived; c and d removed.
        assertThat(manifest.fileNames()).containsExactly("a.bin", "b.bin");
        for (var file : manifest.files()) {
            assertThat(OutputFolder.hashIs(folder.bin().resolve(file.file()), Optional.of(file.sha256()))).isTrue();
        }
        assertThat(folder.binFiles()).containsExactly("a.bin", "b.bin");
        assertThat(folder.stateFile()).doesNotExist();
        assertThat(folder.journalFile()).doesNotExist();
    }

    @Test
    void aDamagedJournalIsSetAsideNamedAndTheSourceRefreshedInFull() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        commitFirst(folder);
        Files.writeString(folder.stateFile(), "# state\n");
        Files.writeString(folder.journalFile(), "{\"moves\": [{\"from\": \"../../../../etc/passwd\", \"to\": \"a.bin\"}]");

        List<String> done = recover(folder);

        assertThat(done).singleElement().asString().contains("commit journal " + folder.journalFile() + " is damaged")
                .contains("commit.json.damaged-").contains("downloads the source in full");
        assertThat(folder.journalFile()).doesNotExist();
        try (var aside = Files.list(folder.meta())) {
            assertThat(aside.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("commit.json.damaged-"));
        }
        assertThat(folder.stateFile()).doesNotExist();
        assertThat(folder.binFiles()).containsExactly("a.bin", "b.bin", "c.bin", "d.bin");
    }

    /// A journal's move or removal that lacks a field, or is no object, is damage said in those words:
    /// the reason read `Cannot invoke "...JsonNode.asText()" because the return value of ... is null`.
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"moves\": [{}]                                      | a move has no text \"from\"",
            "\"moves\": [{\"from\": \"tmp/run-1/a.bin\"}]     | a move has no text \"to\"",
            "\"moves\": [5]                                       | a move is number, not a JSON object",
            "\"remove\": [{}]                                     | a removal has no text \"file\"",
            "\"remove\": [{\"file\": \"a.bin\", \"sha256\": 5}] | a removal has no text \"sha256\"",
            "\"kept_copies\": [{}]                                | \"kept_copies\" holds object, not a line of text"})
    void aJournalItemWithoutItsFieldsIsDamageSaidInWords(String items, String reason) throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        commitFirst(folder);
        Files.writeString(folder.journalFile(), "{\"format\": 1, " + items + "}");

        List<String> done = recover(folder);

        assertThat(done).singleElement().asString()
                .contains("commit journal " + folder.journalFile() + " is damaged (" + reason + ")")
                .doesNotContain("JsonNode", "Cannot invoke", "null");
        assertThat(folder.journalFile()).doesNotExist();
        assertThat(folder.binFiles()).containsExactly("a.bin", "b.bin", "c.bin", "d.bin");
    }

    /// A manifest whose list of files holds a number is damaged as such, not as a file without columns.
    @Test
    void aManifestFileThatIsNoObjectIsNamedAsSuch() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        commitFirst(folder);
        String text = Files.readString(folder.manifestFile());
        Files.writeString(folder.manifestFile(), text.replaceFirst("\"files\"\\s*:\\s*\\[", "\"files\": [1, "));

        assertThatThrownBy(folder::manifest).hasMessageContaining("is damaged: a file of the list is number, not a JSON object");
    }

    /// The journal of a commit a newer version left pending (killed in its commit, then this version
    /// run on the folder): its own format, or the manifest it carries, is one this version does not
    /// read. It was called damaged and set aside, and the staged files it was to move in, the only
    /// copies of the new version's files, were deleted as stale temporaries, by `bsee status` too,
    /// leaving the folder of two versions. It is left as it is, with the staged files and the
    /// download state, and the recovery says in one line what wrote it and how to go on.
    @ParameterizedTest
    @ValueSource(strings = {"journal", "manifest"})
    void aJournalANewerVersionLeftIsNamedAndKeptWithItsStagedFiles(String newer) throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        commitFirst(folder);
        leavePendingCommit(folder);
        Files.writeString(folder.stateFile(), "# state\n");
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode journal =
                (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(folder.journalFile().toFile());
        if (newer.equals("journal")) {
            com.fasterxml.jackson.databind.node.ObjectNode first = mapper.createObjectNode().put("format", 2);
            first.setAll(journal);
            first.put("format", 2);
            journal = first;
        } else {
            ((com.fasterxml.jackson.databind.node.ObjectNode) journal.get("manifest")).put("format", 2);
        }
        Files.writeString(folder.journalFile(), journal.toString());
        // The bookkeeping but the lock file, whose holder each recovery writes.
        Map<String, String> before = snapshot(folder.meta());
        before.remove(".lock");
        Map<String, String> files = snapshot(folder.bin());

        assertThatThrownBy(() -> recover(folder)).hasMessage("commit journal " + folder.journalFile() + " was written by"
                + " a newer version of bsee (format 2; this version reads format 1): let that version complete the"
                + " commit (its next refresh or bsee status does), or move the journal away to have this one refresh"
                + " the folder in full");

        Map<String, String> after = snapshot(folder.meta());
        after.remove(".lock");
        assertThat(after).isEqualTo(before).containsKey("state").anySatisfy((name, bytes) -> assertThat(name).endsWith("e.bin"));
        assertThat(snapshot(folder.bin())).isEqualTo(files);
    }

    @Test
    void aJournalMovingFromOutsideTheTemporariesIsDamagedNotFollowed() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        commitFirst(folder);
        Path outside = Files.writeString(base.resolve("outside.bin"), "not ours");
        String journal = "{\"moves\": [{\"from\": \"../../../outside.bin\", \"to\": \"a.bin\"}], \"remove\": [],"
                + " \"manifest\": " + Json.text(folder.manifest().orElseThrow().toJson()) + "}";
        Files.writeString(folder.journalFile(), journal);

        assertThat(recover(folder)).anySatisfy(line -> assertThat(line).contains("is damaged").contains("outside"));
        assertThat(outside).hasContent("not ours");
    }

    @Test
    void aDamagedManifestIsSetAsideWithAWarningNamingItAndNothingIsRemovedOnItsWord() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        commitFirst(folder);
        Files.writeString(folder.stateFile(), "# state\n");
        Files.writeString(folder.manifestFile(), "{\"format\": 1, \"files\": [");

        assertThatThrownBy(folder::manifest).hasMessageContaining(folder.manifestFile().toString());
        List<String> done = recover(folder);

        assertThat(done).singleElement().asString().contains("manifest " + folder.manifestFile() + " is damaged")
                .contains("manifest.json.damaged-").contains("downloads the source in full");
        assertThat(folder.manifest()).isEmpty();
        assertThat(folder.stateFile()).doesNotExist();
        OutputFolder.Applied applied = commitSecond(folder);
        assertThat(applied.removed()).isEmpty();
        assertThat(folder.binFiles()).containsExactly("a.bin", "b.bin", "c.bin", "d.bin", "e.bin");
        assertThat(folder.manifest().orElseThrow().fileNames()).containsExactly("a.bin", "b.bin", "e.bin");
    }

    /// A manifest whose format no version wrote (none, 0, a text) is damage: set aside, the source
    /// downloaded in full. One a later version wrote is not: the folder stays as that version left
    /// it, and the refresh and `bsee status` say how to go on. Every refresh failed on either,
    /// with no remedy named, and status reported a folder with a manifest as never refreshed.
    @ParameterizedTest
    @ValueSource(strings = {"missing", "0", "\"1\"", "2"})
    void aManifestOfAnotherFormatIsSetAsideOrNamedWithItsRemedy(String format) throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        commitFirst(folder);
        com.fasterxml.jackson.databind.node.ObjectNode manifest = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(folder.manifestFile().toFile());
        if (format.equals("missing")) {
            manifest.remove("format");
        } else {
            manifest.set("format", new com.fasterxml.jackson.databind.ObjectMapper().readTree(format));
        }
        Files.writeString(folder.manifestFile(), manifest.toString());

        if (format.equals("2")) {
            byte[] before = Files.readAllBytes(folder.manifestFile());
            assertThatThrownBy(() -> recover(folder)).hasMessage("manifest " + folder.manifestFile() + " was written by a"
                    + " newer version of bsee (format 2; this version reads format 1): refresh the folder with that version,"
                    + " or move the manifest away to have this one write the folder anew (it then reads the whole source"
                    + " again)");
            assertThat(Files.readAllBytes(folder.manifestFile())).isEqualTo(before);
        } else {
            assertThat(recover(folder)).singleElement().asString().contains("is damaged (its format is")
                    .contains("manifest.json.damaged-");
            assertThat(folder.manifest()).isEmpty();
        }
    }

    /// A manifest padded past any size this tool writes (a 4 GiB sparse file ran every refresh and
    /// `bsee status` out of heap) is damaged and set aside, without being read into the heap.
    @Test
    void aManifestFarLargerThanAnyThisToolWritesIsDamagedNotReadWhole() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        commitFirst(folder);
        try (java.io.RandomAccessFile padded = new java.io.RandomAccessFile(folder.manifestFile().toFile(), "rw")) {
            padded.setLength(4L << 30);
        }
        assertThatThrownBy(folder::manifest).hasMessageContaining(folder.manifestFile() + " is damaged: larger than 128 MiB");
        assertThat(recover(folder)).singleElement().asString().contains("manifest.json.damaged-");
        assertThat(folder.manifestFile()).doesNotExist();
    }

    /// A commit whose manifest would be larger than its reader takes (an entry of 135 column names
    /// of a mebibyte each) fails before anything moves, saying why, and the folder keeps its version
    /// and a manifest it can read. The manifest was written, and every later refresh and `bsee
    /// status` set it aside as damaged ("larger than 16 MiB, far more than this tool writes"),
    /// leaving a copy each time. A manifest within the limit is written and read back.
    @Test
    void aManifestLargerThanItsReaderTakesFailsTheCommitBeforeAnythingMoves() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        commitFirst(folder);
        Map<String, String> before = snapshot(base);
        java.io.ByteArrayOutputStream measured = new java.io.ByteArrayOutputStream();
        folder.manifest().orElseThrow().write(measured);
        assertThat(measured.toByteArray()).isEqualTo(Files.readAllBytes(folder.manifestFile()));

        try (Staging staging = folder.stage()) {
            staging.write("a.txt", "a.bin", table("2a"), TEXT);
            Manifest wide = withColumnNames(manifest(staging), java.util.Collections.nCopies(135, "x".repeat(1 << 20)));
            assertThatThrownBy(() -> staging.commit(wide)).isInstanceOf(IOException.class)
                    .hasMessage("the manifest of the 1 file (135 columns in all) would take more than 128 MiB,"
                            + " more than a refresh or bsee status reads back from " + folder.manifestFile()
                            + "; nothing was moved into " + folder.bin());
        }
        assertThat(snapshot(base)).isEqualTo(before);
        assertThat(folder.manifest()).get().extracting(Manifest::fileNames).isEqualTo(List.of("a.bin", "b.bin", "c.bin", "d.bin"));

        try (Staging staging = folder.stage()) {
            staging.write("a.txt", "a.bin", table("3a"), TEXT);
            staging.commit(withColumns(manifest(staging), 90_000, 170));
        }
        assertThat(Files.size(folder.manifestFile())).isBetween(15L << 20, 16L << 20);
        assertThat(folder.manifest()).get().extracting(m -> m.files().getFirst().columns().size()).isEqualTo(90_000);
        measured.reset();
        folder.manifest().orElseThrow().write(measured);
        assertThat(measured.toByteArray()).as("the manifest as measured, a file at a time, is the one written")
                .isEqualTo(Files.readAllBytes(folder.manifestFile()));
    }

    /// A manifest that fits what its reader takes without the stat of each file, but not with them,
    /// is written without them once the files are in place. It was refused after the moves: the
    /// new files were in the folder, its manifest not written, and every later refresh failed the
    /// same way completing the commit (an archive of 70,000 one-row entries: each stat adds about a
    /// hundred bytes).
    @Test
    void aManifestThatFitsOnlyWithoutItsFilesStatsIsWrittenWithoutThem() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        commitFirst(folder);
        try (Staging staging = folder.stage()) {
            staging.write("a.txt", "a.bin", table("2a"), TEXT);
            Manifest wide = manifest(staging);
            // 120 columns of a mebibyte, and one more named to leave the listing 40 bytes short of the limit.
            List<String> columns = new java.util.ArrayList<>(java.util.Collections.nCopies(120, "x".repeat(1 << 20)));
            columns.add("");
            int room = (OutputFolder.MAX_MANIFEST_BYTES - 40) - measuredSize(withColumnNames(wide, columns));
            columns.set(columns.size() - 1, "x".repeat(room));
            Manifest full = withColumnNames(wide, columns);
            assertThat(measuredSize(full)).isEqualTo(OutputFolder.MAX_MANIFEST_BYTES - 40);

            staging.commit(full);
        }
        assertThat(folder.hasJournal()).isFalse();
        assertThat(Files.size(folder.manifestFile())).isEqualTo(OutputFolder.MAX_MANIFEST_BYTES - 40);
        Manifest written = folder.manifest().orElseThrow();
        assertThat(written.fileNames()).isEqualTo(List.of("a.bin"));
        assertThat(written.files().getFirst().columns()).hasSize(121);
        assertThat(written.stamps()).isEmpty();
        assertThat(written.standing(folder.bin(), written.files().getFirst())).isEqualTo(WrittenFile.Standing.AS_WRITTEN);
    }

    /// The journal of a commit of 40,000 files over a manifest of the same 40,000, and the manifest
    /// with their stats: each file is looked up by name, not by a scan of the other list, which made
    /// a commit of 70,000 files (an archive of one-row entries refreshed a second time) spend over a
    /// minute. Each step takes a tenth of a second here; a scan per file took over five seconds for
    /// the journal. That time is not asserted (a shared machine's speed is no test's business); the
    /// run at this size is what shows it.
    @Test
    void theJournalAndTheStatsOfTensOfThousandsOfFilesOverAsMany() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/many"));
        int count = 40_000;
        List<FileReport> files = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            files.add(new FileReport("e" + i + ".txt", "e" + i + ".bin", 1, List.of("a"),
                    List.of(dev.bsee.core.DType.INT64), String.format("%064x", i), 600, null));
        }
        Manifest manifest = new Manifest("many", dev.bsee.bridge.RefreshPath.ENHANCED, java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), java.time.Instant.parse("2024-05-01T02:00:00Z"),
                dev.bsee.binary.PickleDialect.PORTABLE, files);
        folder.writeAtomically(folder.manifestFile(), manifest.toJson());
        List<String> names = manifest.fileNames();

        OutputFolder.Journal journal = folder.journal(folder.tmp().resolve("run"), names, manifest);
        assertThat(journal.moves()).hasSize(count);
        assertThat(journal.removals()).isEmpty();

        Map<String, WrittenFile.Stamp> stamps = new java.util.HashMap<>();
        names.forEach(name -> stamps.put(name, new WrittenFile.Stamp(600, 1, 2, "3:4", 0644)));
        Manifest stamped = manifest.stamped(stamps);
        assertThat(stamped.stamps()).hasSize(count);
    }

    private static int measuredSize(Manifest manifest) throws IOException {
        java.io.ByteArrayOutputStream measured = new java.io.ByteArrayOutputStream();
        manifest.write(measured);
        return measured.size();
    }

    /// `manifest` with its first file listing `columns`.
    private static Manifest withColumnNames(Manifest manifest, List<String> columns) {
        FileReport file = manifest.files().getFirst();
        FileReport wide = new FileReport(file.entry(), file.file(), file.rows(), columns,
                java.util.Collections.nCopies(columns.size(), dev.bsee.core.DType.INT64), file.sha256(), file.bytes(), null);
        return new Manifest(manifest.source(), manifest.path(), manifest.url(), manifest.etag(), manifest.lastModified(),
                manifest.written(), manifest.dialect(), List.of(wide));
    }

    /// The journal of a commit of 60,000 files, which carries the new manifest and the previous one
    /// (28 MB), is written in a heap of 64 MiB that holds the files' descriptions: it is written a
    /// file at a time. Built as a tree first, it ran out of heap (a refresh of an archive of 70,000
    /// one-row entries failed so after minutes, in bsee's default heap of 193 MiB).
    @Test
    void theJournalOfTensOfThousandsOfFilesIsWrittenWithoutHoldingItsTree() throws Exception {
        Files.createDirectories(base.resolve("bin/many"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), JournalHeapChild.class.getName(),
                base.resolve("bin/many").toString(), "60000");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(output).isZero();
        assertThat(output).startsWith("journal of ");
        assertThat(Long.parseLong(output.replaceAll("\\D", ""))).isGreaterThan(25L << 20);
    }

    /// A commit of 80,000 files (an archive of one-row entries) lists more than the 16 MiB its
    /// manifest's reader took: the commit refused it, after the whole download and conversion, at
    /// every refresh. Its journal and manifest are now written, read back a file at a time (the
    /// next refresh completing the commit, then reading the manifest), in a heap of 128 MiB that
    /// holds their files' descriptions but not a tree of them.
    @Test
    void aManifestOfTensOfThousandsOfFilesIsWrittenAndReadBackAFileAtATime() throws Exception {
        Files.createDirectories(base.resolve("bin/many"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), JournalHeapChild.class.getName(),
                base.resolve("bin/many").toString(), "80000", "recover");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(output).isZero();
        assertThat(output).contains("recovered: [completed an interrupted commit into " + base.resolve("bin/many") + "]")
                .contains("listing 80000 files");
        long manifestBytes = Long.parseLong(output.replaceAll("(?s).*manifest of (\\d+) bytes.*", "$1"));
        assertThat(manifestBytes).isGreaterThan(16L << 20);
    }

    /// `manifest` with its first file listing `count` columns of names `length` characters long.
    private static Manifest withColumns(Manifest manifest, int count, int length) {
        FileReport file = manifest.files().getFirst();
        List<String> columns = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> String.format("%0" + length + "d", i)).toList();
        FileReport wide = new FileReport(file.entry(), file.file(), file.rows(), columns,
                java.util.Collections.nCopies(count, dev.bsee.core.DType.INT64), file.sha256(), file.bytes(), null);
        return new Manifest(manifest.source(), manifest.path(), manifest.url(), manifest.etag(), manifest.lastModified(),
                manifest.written(), manifest.dialect(), List.of(wide));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"format\": 1, \"files\": [", "{\"format\": 1, \"files\": []}"})
    void aDamagedManifestIsNamedOnceWhetherItIsNotJsonOrLacksAField(String damagedText) throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        commitFirst(folder);
        Files.writeString(folder.manifestFile(), damagedText);
        String name = folder.manifestFile().toString();

        assertThatThrownBy(folder::manifest).satisfies(e -> assertThat(occurrences(e.getMessage(), name)).isOne());
        List<String> done = recover(folder);

        assertThat(done).singleElement().satisfies(line -> {
            assertThat(occurrences(line, " is damaged")).isOne();
            assertThat(line).startsWith("manifest " + name + " is damaged (").contains("manifest.json.damaged-")
                    .as("the place in the file, not the parser's settings").doesNotContain("Source:", "REDACTED");
            if (damagedText.endsWith("[")) {
                assertThat(line).contains("(not JSON: line 1, column 25: Unexpected end-of-input: expected close marker"
                        + " for Array (start marker at line 1, column 24))");
            }
        });
    }

    /// Values a hand edit can give that the manifest's reader took as they were: a negative count, one
    /// past a long (read wrapped around), a fraction, a file listed twice, a list that is a text
    /// (refused with Jackson's class names in the message), a digest that is none (which `status`
    /// took as it was while the file's stamp held). Each is damage, named in one line.
    @ParameterizedTest
    @ValueSource(strings = {"\"rows\": -5", "\"rows\": 10000000000000000000000000", "\"rows\": 2.5",
            "\"bytes\": \"many\"", "TWICE", "\"columns\": \"X\"", "\"sha256\": \"zz\"", "\"sha256\": \"\"",
            "\"sha256\": \"1693DE8DCA390D9753F6329BEB6BDF41A59C6080C2327CEDFD04100CD9C85468\"",
            "\"sha256\": \"1693de8dca390d9753f6329beb6bdf41a59c6080c2327cedfd04100cd9c8546\"", "\"sha256\": 5"})
    void aManifestWithValuesNoRefreshWritesIsDamaged(String edit) throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        commitFirst(folder);
        com.fasterxml.jackson.databind.node.ObjectNode manifest = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(folder.manifestFile().toFile());
        com.fasterxml.jackson.databind.node.ArrayNode files = (com.fasterxml.jackson.databind.node.ArrayNode) manifest.get("files");
        if (edit.equals("TWICE")) {
            files.add(files.get(0).deepCopy());
        } else {
            com.fasterxml.jackson.databind.node.ObjectNode file = (com.fasterxml.jackson.databind.node.ObjectNode) files.get(0);
            setFields(file, "{" + edit + "}");
        }
        Files.writeString(folder.manifestFile(), manifest.toString());

        assertThatThrownBy(folder::manifest).hasMessageStartingWith("manifest " + folder.manifestFile() + " is damaged: ")
                .hasMessageNotContaining("com.fasterxml").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    /// Sets the fields of the JSON object text `json` on `node`, numbers as written (a big one too).
    private static void setFields(com.fasterxml.jackson.databind.node.ObjectNode node, String json) throws IOException {
        com.fasterxml.jackson.databind.JsonNode fields = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_INTEGER_FOR_INTS).readTree(json);
        fields.fieldNames().forEachRemaining(name -> node.set(name, fields.get(name)));
    }

    /// A manifest is a file anyone can edit: one that names a file outside the folder, in a subfolder
    /// or without `.bin` (with that file's true hash) is damaged, set aside like any other, and
    /// neither wedges the source nor removes the file it names.
    @ParameterizedTest
    @ValueSource(strings = {"../precious.bin", "../../precious.txt", "ABSOLUTE", "sub/precious.bin", "precious.txt",
            "..\\precious.bin", ".bin"})
    void aManifestNamingAFileOutsideTheFolderIsDamagedAndThatFileIsLeftAlone(String listed) throws Exception {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        commitFirst(folder);
        Path precious = Files.createDirectories(folder.bin().resolve("sub")).resolve("precious.bin");
        Files.writeString(precious, "an analyst's file");
        for (Path copy : List.of(base.resolve("bin/precious.bin"), base.resolve("precious.txt"),
                folder.bin().resolve("precious.txt"))) {
            Files.copy(precious, copy);
        }
        String name = listed.equals("ABSOLUTE") ? precious.toAbsolutePath().toString() : listed;
        String hash = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(precious)));
        com.fasterxml.jackson.databind.node.ObjectNode manifest = (com.fasterxml.jackson.databind.node.ObjectNode)
                Json.MAPPER.readTree(folder.manifestFile().toFile());
        com.fasterxml.jackson.databind.node.ObjectNode last = (com.fasterxml.jackson.databind.node.ObjectNode)
                manifest.withArray("files").get(3);
        last.put("file", name).put("sha256", hash);
        Files.writeString(folder.manifestFile(), Json.MAPPER.writeValueAsString(manifest));
        Map<String, String> before = snapshot(base);

        assertThatThrownBy(folder::manifest).hasMessageContaining(folder.manifestFile() + " is damaged")
                .hasMessageContaining(name);
        assertThat(recover(folder)).singleElement().asString().contains("manifest.json.damaged-");
        OutputFolder.Applied applied = commitSecond(folder);

        assertThat(applied.removed()).isEmpty();
        Map<String, String> after = snapshot(base);
        before.forEach((file, content) -> {
            if (!file.contains("war/") || file.contains("precious")) {
                assertThat(after).as(file).containsEntry(file, content);
            }
        });
        assertThat(folder.manifest().orElseThrow().fileNames()).containsExactly("a.bin", "b.bin", "e.bin");
    }

    /// An archive entry renamed only by case between two refreshes (`mv_x.txt`, then `MV_X.txt`) on a
    /// file system that ignores case (macOS, Windows, Linux with casefolding): the rename of the new
    /// `MV_X.bin` lands on the file `mv_x.bin` names, and that name, superseded, was then deleted as
    /// the previous refresh's file, taking the new file with it; a recovery completing the commit did
    /// the same. Where this process can mount a tmpfs that folds case, the folder is on one; elsewhere
    /// hard links make the two names one file, as the folding does: `MV_X.bin` a name of `mv_x.bin`
    /// before the commit, `mv_x.bin` a name of the new `MV_X.bin` once it is moved in.
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"true, false", "false, false", "true, true", "false, true"})
    void aFileRenamedOnlyByCaseIsNotDeletedAsSuperseded(boolean sameContent, boolean recovering) throws Exception {
        Path root = base.resolve("fold");
        Files.createDirectories(root);
        boolean folds = CaseFolding.mount(root);
        try {
            OutputFolder folder = OutputFolder.of(root.resolve("bin/war"));
            try (Staging staging = folder.stage()) {
                staging.write("mv_x.txt", "mv_x.bin", table("1"), TEXT);
                staging.commit(manifest(staging));
            }
            Path lower = folder.bin().resolve("mv_x.bin");
            Path upper = folder.bin().resolve("MV_X.bin");
            if (!folds) {
                Files.createLink(upper, lower);
            }
            OutputFolder.faults = stage -> {
                if (stage == OutputFolder.Stage.MOVED) {
                    if (!folds) {
                        Files.delete(lower);
                        Files.createLink(lower, upper);
                    }
                    if (recovering) {
                        throw new IOException("injected fault at " + stage);
                    }
                }
            };
            OutputFolder.Applied applied = null;
            try (Staging staging = folder.stage()) {
                staging.write("MV_X.txt", "MV_X.bin", table(sameContent ? "1" : "2"), TEXT);
                if (recovering) {
                    assertThatThrownBy(() -> staging.commit(manifest(staging))).hasMessage("injected fault at MOVED");
                } else {
                    applied = staging.commit(manifest(staging));
                }
            }
            if (recovering) {
                noFaults();
                assertThat(recover(folder)).contains("completed an interrupted commit into " + folder.bin())
                        .noneMatch(line -> line.startsWith("replaced ") || line.startsWith("left "));
            }

            String expected = table(sameContent ? "1" : "2").toString();
            assertThat(upper).hasContent(expected);
            assertThat(Files.isSameFile(lower, upper)).isTrue();
            if (applied != null) {
                // Nothing removed, and no copy kept of a file the previous refresh wrote.
                assertThat(applied.removed()).isEmpty();
                assertThat(applied.leftAlone()).isEmpty();
            }
            assertThat(folder.meta().resolve("replaced")).doesNotExist();
            assertThat(folder.manifest().orElseThrow().fileNames()).containsExactly("MV_X.bin");
            assertThat(folder.journalFile()).doesNotExist();
        } finally {
            if (folds) {
                CaseFolding.unmount(root);
            }
        }
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
