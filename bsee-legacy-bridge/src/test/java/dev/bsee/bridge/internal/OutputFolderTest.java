package dev.bsee.bridge.internal;

import dev.bsee.bridge.FileReport;
import dev.bsee.binary.PickleDialect;
import dev.bsee.bridge.RefreshPath;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import dev.bsee.core.internal.FileTrees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// The folder mechanics on their own, with a plain-text table writer standing in for the pickle
/// codec (which has its own tests): staging, commit, removal of superseded files, recovery.
class OutputFolderTest {

    private static final Staging.TableWriter TEXT = (table, out) -> out.write(table.toString().getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path base;

    private static Table table(String... wells) {
        long[] depths = new long[wells.length];
        for (int i = 0; i < wells.length; i++) {
            depths[i] = 100L * i;
        }
        return Table.builder().column("API_WELL_NUMBER", ObjectColumn.of(wells)).column("WATER_DEPTH", Int64Column.of(depths)).build();
    }

    private static Manifest manifest(Staging staging) {
        return new Manifest("well", RefreshPath.ENHANCED, Optional.empty(), Optional.of("\"v1\""), Optional.empty(),
                Instant.parse("2024-05-01T02:00:00Z"), PickleDialect.PORTABLE, staging.files());
    }

    /// What a command does first: recover the folder under its lock.
    static List<String> recover(OutputFolder folder) throws IOException {
        try (FolderLock lock = folder.lock("test", java.time.Duration.ZERO)) {
            return folder.recover().stream().map(OutputFolder.Repair::text).toList();
        }
    }

    /// Another refresh's bookkeeping is found at every depth the walk promises (six levels below the
    /// folder: the deepest level came to the walk as a file and was passed over), and a stray file
    /// named `.bsee` is none (it was taken for one).
    @org.junit.jupiter.api.Test
    void nestingFindsBookkeepingSixLevelsDownAndNotAFileNamedLikeIt(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve(".bsee"), "a stray file");
        OutputFolder.of(out).refuseNesting();

        Path deep = Files.createDirectories(out.resolve("a/b/c/d/e/.bsee"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutputFolder.of(out).refuseNesting())
                .hasMessageContaining("it holds " + deep + ", the bookkeeping of a folder inside it");
    }

    /// Every file under `dir` with its bytes, to compare whole trees.
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString(), HexFormat.of().formatHex(Files.readAllBytes(file)));
            }
        }
        return files;
    }

    /// A file the commit replaces keeps the permissions of its mode, its owner and its group, as the
    /// Python system's writes over the previous file kept them: under a service's umask `077` a file an
    /// administrator had made readable for the analysts became `rw-------`, and run by `root` it became
    /// `root:root`. The manifest records the file as written
    /// with that mode, so `bsee status` finds it as the refresh left it.
    @Test
    void aReplacedFileKeepsItsModeOwnerAndGroup() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("data/modules/bsee/bin/apd"));
        Path file = folder.binFile("mv_apddata_all.bin");
        try (FolderLock lock = folder.lock("test", java.time.Duration.ZERO); Staging staging = folder.stage()) {
            staging.write("mv_apddata_all.txt", "mv_apddata_all.bin", table("608164000100"), TEXT);
            staging.commit(manifest(staging));
        }
        java.util.Set<java.nio.file.attribute.PosixFilePermission> chosen = dev.bsee.core.faults.FileModes.moreThanANewFileGets(file);
        Files.setPosixFilePermissions(file, chosen);
        dev.bsee.core.faults.FileOwnership given = dev.bsee.core.faults.FileOwnership.giveAway(file);

        FileReport report;
        try (FolderLock lock = folder.lock("test", java.time.Duration.ZERO); Staging staging = folder.stage()) {
            report = staging.write("mv_apddata_all.txt", "mv_apddata_all.bin", table("608164000100", "608164000101"), TEXT);
            staging.commit(manifest(staging));
        }

        assertThat(Files.readString(file)).as("the new file").contains("608164000101");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(chosen);
        assertThat(dev.bsee.core.faults.FileOwnership.of(file)).as("owner and group").isEqualTo(given);
        assertThat(folder.manifestOf("well").orElseThrow().standing(folder.bin(), report))
                .isEqualTo(WrittenFile.Standing.AS_WRITTEN);
    }

    @Test
    void commitMovesFilesInAndKeepsBookkeepingBeside() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("data/modules/bsee/bin/apd"));
        FileReport report;
        try (Staging staging = folder.stage()) {
            report = staging.write("mv_apddata_all.txt", "mv_apddata_all.bin", table("608164000100", "608164000101"), TEXT);
            assertThat(folder.binFiles()).isEmpty();
            assertThat(staging.commit(manifest(staging)).removed()).isEmpty();
        }

        assertThat(snapshot(folder.bin()).keySet()).containsExactly("mv_apddata_all.bin");
        assertThat(folder.meta()).isEqualTo(base.resolve("data/modules/bsee/bin/.bsee/apd"));
        assertThat(report.rows()).isEqualTo(2);
        assertThat(report.columns()).containsExactly("API_WELL_NUMBER", "WATER_DEPTH");
        byte[] written = Files.readAllBytes(folder.bin().resolve("mv_apddata_all.bin"));
        assertThat(report.bytes()).isEqualTo(written.length);
        assertThat(report.sha256()).isEqualTo(HexFormat.of().formatHex(
                sha256(written)));
        Manifest manifest = folder.manifest().orElseThrow();
        assertThat(manifest.files()).containsExactly(report);
        assertThat(manifest.etag()).contains("\"v1\"");
        // Written to the file as it is made, the same UTF-8 text as the JSON of the manifest read back.
        assertThat(Files.readString(folder.manifestFile())).isEqualTo(Json.text(manifest.toJson()));
        assertThat(Files.list(folder.tmp()).toList()).isEmpty();
        assertThat(folder.journalFile()).doesNotExist();
    }

    /// Staged files sit in a run folder only its owner may enter, inside a folder of temporaries
    /// no one else may write; one that anyone may write is refused before anything is staged.
    @Test
    void stagedFilesSitWhereNoOneElseCanSwapThem() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/apd"));
        try (Staging staging = folder.stage()) {
            assertThat(Files.getPosixFilePermissions(staging.directory()))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
        Files.setPosixFilePermissions(folder.tmp(), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(folder::stage).hasMessageStartingWith("refusing to stage files in " + folder.tmp()
                + ": anyone may write it");
        assertThat(Files.list(folder.tmp()).toList()).isEmpty();
    }

    @Test
    void anUncommittedRefreshLeavesTheFolderByteIdentical() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/apd"));
        commitOne(folder, "a", "1");
        Map<String, String> before = snapshot(base.resolve("bin"));

        try (Staging staging = folder.stage()) {
            staging.write("a.txt", "a.bin", table("2", "3"), TEXT);
            staging.write("b.txt", "b.bin", table("4"), TEXT);
        }

        assertThat(snapshot(base.resolve("bin"))).isEqualTo(before);
    }

    @Test
    void filesOfThePreviousManifestThatAreGoneAreRemovedOthersKept(@TempDir Path other) throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        try (Staging staging = folder.stage()) {
            staging.write("a.txt", "a.bin", table("1"), TEXT);
            staging.write("b.txt", "b.bin", table("2"), TEXT);
            staging.commit(manifest(staging));
        }
        Files.writeString(folder.bin().resolve("analysis_output.bin"), "written by someone else");

        List<String> removed;
        try (Staging staging = folder.stage()) {
            staging.write("a.txt", "a.bin", table("5"), TEXT);
            removed = staging.commit(manifest(staging)).removed();
        }

        assertThat(removed).containsExactly("b.bin");
        assertThat(folder.binFiles()).containsExactly("a.bin", "analysis_output.bin");
        assertThat(folder.manifest().orElseThrow().fileNames()).containsExactly("a.bin");
    }

    /// A commit replaces only what a refresh wrote, as it removes only that: an analyst's own file
    /// under an entry's name, or one rewritten since to another size, is copied aside first. (One
    /// rewritten at the same size is not: that would take hashing every file replaced, and `bsee
    /// status` reports it.) A folder's first refresh keeps what the Python system wrote there alike:
    /// it replaced those files without a copy, an analysis output saved under an entry's name too.
    @Test
    void replacedFilesNoRefreshWroteAsTheyAreAreCopiedAsideFirst() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        Files.createDirectories(folder.bin());
        Files.writeString(folder.bin().resolve("a.bin"), "written by the Python system");
        // What the refresh writes already (a convert of the archive before): nothing to keep.
        Files.writeString(folder.bin().resolve("b.bin"), table("2").toString());
        List<String> first;
        try (Staging staging = folder.stage()) {
            staging.write("a.txt", "a.bin", table("1"), TEXT);
            staging.write("b.txt", "b.bin", table("2"), TEXT);
            first = staging.commit(manifest(staging)).leftAlone();
        }
        List<Path> kept;
        try (Stream<Path> walk = Files.walk(folder.meta().resolve("replaced"))) {
            kept = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(kept).singleElement().satisfies(copy -> {
            assertThat(copy.getFileName()).hasToString("a.bin");
            assertThat(copy).hasContent("written by the Python system");
        });
        assertThat(first).singleElement().asString().isEqualTo("replaced " + folder.bin().resolve("a.bin")
                + ", which no refresh of the source wrote (the folder has no manifest); its earlier content is kept as "
                + kept.getFirst());
        FileTrees.delete(folder.meta().resolve("replaced"));
        Files.writeString(folder.bin().resolve("a.bin"), "rewritten by an analyst");
        Files.writeString(folder.bin().resolve("c.bin"), "an analyst's own file");
        Path b = folder.bin().resolve("b.bin");
        Files.writeString(b, "x".repeat((int) Files.size(b)));

        List<String> lines;
        try (Staging staging = folder.stage()) {
            staging.write("a.txt", "a.bin", table("5"), TEXT);
            staging.write("b.txt", "b.bin", table("6"), TEXT);
            staging.write("c.txt", "c.bin", table("7"), TEXT);
            lines = staging.commit(manifest(staging)).leftAlone();
        }

        List<Path> copies;
        try (Stream<Path> walk = Files.walk(folder.meta().resolve("replaced"))) {
            copies = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(copies).extracting(path -> path.getFileName().toString()).containsExactly("a.bin", "b.bin", "c.bin");
        assertThat(copies.get(0)).hasContent("rewritten by an analyst");
        // Edited in place at the same size: only the hash tells, and it is kept too.
        assertThat(copies.get(1)).hasContent("x".repeat((int) Files.size(copies.get(1))));
        assertThat(copies.get(2)).hasContent("an analyst's own file");
        assertThat(lines).containsExactly(
                "replaced " + folder.bin().resolve("a.bin") + ", whose size is not what the previous refresh wrote;"
                        + " its earlier content is kept as " + copies.get(0),
                "replaced " + folder.bin().resolve("b.bin") + ", whose content is not what the previous refresh wrote"
                        + " (sha256 differs from the manifest); its earlier content is kept as " + copies.get(1),
                "replaced " + folder.bin().resolve("c.bin") + ", which the previous refresh did not write; its earlier"
                        + " content is kept as " + copies.get(2));
        assertThat(folder.bin().resolve("a.bin")).hasContent(table("5").toString());
        assertThat(folder.bin().resolve("c.bin")).hasContent(table("7").toString());
        assertThat(recover(folder)).isEmpty();
        assertThat(copies).allSatisfy(copy -> assertThat(copy).exists());
    }

    @Test
    void recoveryCompletesACommitInterruptedWhileMoving() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/production_raw"));
        commitOne(folder, "old", "0");
        Staging staging = folder.stage();
        staging.write("a.txt", "a.bin", table("1"), TEXT);
        staging.write("b.txt", "b.bin", table("2"), TEXT);
        Manifest next = manifest(staging);
        folder.writeJournal(folder.journal(staging.directory(), List.of("a.bin", "b.bin"), next));
        // The process dies after the first rename.
        Files.move(staging.directory().resolve("a.bin"), folder.bin().resolve("a.bin"));

        List<String> done = recover(folder);

        assertThat(done).anySatisfy(line -> assertThat(line).contains("completed an interrupted commit"));
        assertThat(folder.binFiles()).containsExactly("a.bin", "b.bin");
        assertThat(folder.manifest().map(m -> m.stamped(Map.of()))).contains(next);
        // The file the interrupted commit moved, and the one the recovery moved, as they are in place.
        assertThat(folder.manifest().orElseThrow().stamps()).containsOnlyKeys("a.bin", "b.bin")
                .containsEntry("a.bin", WrittenFile.Stamp.of(folder.bin().resolve("a.bin")));
        assertThat(folder.journalFile()).doesNotExist();
        assertThat(Files.list(folder.tmp()).toList()).isEmpty();
    }

    @Test
    void recoveryRemovesStaleTemporariesAndNothingElse() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/apd"));
        commitOne(folder, "a", "1");
        Map<String, String> committed = snapshot(folder.bin());
        Staging killed = folder.stage();
        killed.write("a.txt", "a.bin", table("9"), TEXT);
        Files.writeString(folder.tmp().resolve(".manifest.json.0123456789abcdef.tmp"), "{");

        List<String> done = recover(folder);

        assertThat(done).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("removed stale temporary"));
        assertThat(Files.list(folder.tmp()).toList()).isEmpty();
        assertThat(snapshot(folder.bin())).isEqualTo(committed);
        assertThat(recover(folder)).isEmpty();
    }

    /// What the refresh did not make in `tmp/` stays there, said once per recovery: a note, a folder,
    /// a file or link named like a run folder, a temporary of a file the refresh does not write, a
    /// hard link to a file elsewhere. Every one of them was deleted as a stale temporary.
    @Test
    void recoveryLeavesAloneWhatTheRefreshDidNotMakeInItsTemporaries() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/apd"));
        commitOne(folder, "a", "1");
        Path tmp = folder.tmp();
        Path elsewhere = Files.writeString(base.resolve("elsewhere.bin"), "not the tool's");
        List<Path> foreign = List.of(
                Files.writeString(tmp.resolve("notes.txt"), "mine"),
                Files.createDirectories(tmp.resolve("mydir")),
                Files.createDirectories(tmp.resolve("run-mine")),
                Files.writeString(tmp.resolve("run-" + java.util.UUID.randomUUID()), "a file, not a run folder"),
                Files.createSymbolicLink(tmp.resolve("previous-" + java.util.UUID.randomUUID()), base),
                Files.writeString(tmp.resolve(".other.json.0123456789abcdef.tmp"), "{"),
                Files.createLink(tmp.resolve("hl.bin"), elsewhere));
        Files.writeString(tmp.resolve("mydir/a.txt"), "mine");

        List<String> done = recover(folder);

        assertThat(done).hasSize(foreign.size()).allSatisfy(line -> assertThat(line).startsWith("left ")
                .endsWith(" alone: it is not a temporary the refresh writes (staged runs, set-aside files and the"
                        + " bookkeeping's temporaries), so not the tool's to remove"));
        assertThat(foreign).allSatisfy(path -> assertThat(Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .as(path.toString()).isTrue());
        assertThat(tmp.resolve("mydir/a.txt")).hasContent("mine");
        assertThat(elsewhere).hasContent("not the tool's");
        commitOne(folder, "a", "2");
        assertThat(Files.list(tmp).toList()).containsExactlyInAnyOrderElementsOf(foreign);
    }

    @Test
    void twoEntriesGivingOneFileNameIsAnError() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        try (Staging staging = folder.stage()) {
            staging.write("2023/mv_war_main.txt", "mv_war_main.bin", table("1"), TEXT);
            assertThatThrownBy(() -> staging.write("2024/mv_war_main.txt", "mv_war_main.bin", table("2"), TEXT))
                    .isInstanceOf(FileAlreadyExistsException.class)
                    .hasMessageContaining("2023/mv_war_main.txt").hasMessageContaining("2024/mv_war_main.txt");
        }
    }

    @Test
    void aFailingWriterLeavesNoStagedFile() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        try (Staging staging = folder.stage()) {
            assertThatThrownBy(() -> staging.write("x.txt", "x.bin", table("1"), (t, out) -> {
                out.write(1);
                throw new IOException("disk full");
            })).hasMessage("disk full");
            assertThat(staging.files()).isEmpty();
            assertThat(Files.list(staging.directory()).toList()).isEmpty();
            staging.write("x.txt", "x.bin", table("1"), TEXT);
            assertThat(staging.files()).hasSize(1);
        }
    }

    @Test
    void fileNamesThatLeaveTheFolderOrAreNotBinAreRefused() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("bin/war"));
        try (Staging staging = folder.stage()) {
            for (String name : List.of("../escape.bin", "sub/x.bin", "notes.txt", ".bin")) {
                assertThatThrownBy(() -> staging.write("e", name, table("1"), TEXT)).as(name)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void keptFilesStayInPlaceAreListedAndOnlyFilesThatAreThereCanBeKept() throws IOException {
        OutputFolder folder = OutputFolder.of(base.resolve("data/modules/bsee/bin/historical_production_yearly"));
        try (Staging staging = folder.stage()) {
            staging.write("ogora2019delimit.zip/ogora2019delimit.txt", "ogora2019delimit.bin", table("1"), TEXT);
            staging.write("ogora2020delimit.zip/ogora2020delimit.txt", "ogora2020delimit.bin", table("2"), TEXT);
            staging.commit(manifest(staging));
        }
        Manifest first = folder.manifest().orElseThrow();
        Path kept = folder.bin().resolve("ogora2019delimit.bin");
        java.nio.file.attribute.FileTime keptTime = Files.getLastModifiedTime(kept);
        byte[] keptBytes = Files.readAllBytes(kept);

        List<String> removed;
        try (Staging staging = folder.stage()) {
            staging.keep(first.files().getFirst());
            staging.write("ogora2020delimit.zip/ogora2020delimit.txt", "ogora2020delimit.bin", table("2", "3"), TEXT);
            assertThatThrownBy(() -> staging.keep(first.files().getFirst()))
                    .isInstanceOf(FileAlreadyExistsException.class);
            removed = staging.commit(manifest(staging)).removed();
        }

        assertThat(removed).isEmpty();
        assertThat(Files.getLastModifiedTime(kept)).isEqualTo(keptTime);
        assertThat(Files.readAllBytes(kept)).isEqualTo(keptBytes);
        assertThat(folder.manifest().orElseThrow().fileNames())
                .containsExactlyInAnyOrder("ogora2019delimit.bin", "ogora2020delimit.bin");
        assertThat(folder.manifest().orElseThrow().files().get(1).rows()).isEqualTo(2);

        Files.delete(kept);
        try (Staging staging = folder.stage()) {
            assertThatThrownBy(() -> staging.keep(first.files().getFirst()))
                    .isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining("ogora2019delimit.bin");
        }
    }

    /// A refresh refused its manifest or commit journal is told what the file is and what to do;
    /// any other denial (another file, a move) is left as the file system said it.
    @Test
    void aDeniedManifestOrJournalIsNamedForWhatItIs() {
        OutputFolder folder = OutputFolder.of(base.resolve("apd"));
        IOException manifest = folder.explainDenied(new java.nio.file.AccessDeniedException(folder.manifestFile().toString()));
        assertThat(manifest).hasMessage("cannot read " + folder.manifestFile() + ", the record of the files a refresh"
                + " wrote (access denied): run the refresh as the user who owns " + base.resolve("apd")
                + ", or restore the file's read permission; it was left as it is");
        assertThat(folder.explainDenied(new java.nio.file.AccessDeniedException(folder.journalFile().toString())))
                .hasMessageStartingWith("cannot read " + folder.journalFile() + ", the record of an interrupted commit"
                        + " to complete (access denied): run the refresh as the user who owns");
        IOException other = new java.nio.file.AccessDeniedException(folder.lockFile().toString());
        assertThat(folder.explainDenied(other)).isSameAs(other);
        IOException move = new java.nio.file.AccessDeniedException(folder.manifestFile().toString(), "x", null);
        assertThat(folder.explainDenied(move)).isSameAs(move);
    }

    /// Commits one file, `NAME.bin` of the one-cell table `value`, written from `NAME.txt`.
    private static void commitOne(OutputFolder folder, String name, String value) throws IOException {
        try (Staging staging = folder.stage()) {
            staging.write(name + ".txt", name + ".bin", table(value), TEXT);
            staging.commit(manifest(staging));
        }
    }
}
