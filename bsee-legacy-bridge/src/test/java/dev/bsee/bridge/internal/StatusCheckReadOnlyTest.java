package dev.bsee.bridge.internal;

import dev.bsee.binary.PickleDialect;
import dev.bsee.bridge.Freshness;
import dev.bsee.bridge.RefreshPath;
import dev.bsee.bridge.SourceStatus;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.bsee.bridge.internal.OutputFolderTest.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/// `bsee status` on a folder whose lock file cannot be created for want of write access (file
/// modes, a read-only file system): status only reads, so it inspects without the lock and says so,
/// repairs nothing, reports a pending commit as a problem, and still refuses links.
///
/// Tests run as root, whose writes file modes do not stop, so the failure to open the lock file is
/// injected where the operating system reports it ([FolderLock#openFault]), with the exception the
/// JDK throws for each cause.
class StatusCheckReadOnlyTest {

    private static final Staging.TableWriter TEXT = (table, out) -> out.write(table.toString().getBytes(StandardCharsets.UTF_8));
    private static final Instant WRITTEN = Instant.parse("2024-05-01T02:00:00Z");

    @TempDir
    Path base;

    private OutputFolder folder;

    @BeforeEach
    void aRefreshedFolder() throws IOException {
        folder = OutputFolder.of(base.resolve("data/modules/bsee/bin/war"));
        try (FolderLock lock = folder.lock("test", Duration.ZERO)) {
            folder.recover();
            commitAB(name -> name);
        }
    }

    /// Commits `a.bin` and `b.bin` into the folder, each a table of one cell, `valueOf` its name.
    private void commitAB(java.util.function.UnaryOperator<String> valueOf) throws IOException {
        try (Staging staging = folder.stage()) {
            for (String name : List.of("a", "b")) {
                staging.write(name + ".txt", name + ".bin", Table.builder()
                        .column("NAME", ObjectColumn.of(valueOf.apply(name))).build(), TEXT);
            }
            staging.commit(new Manifest("war", RefreshPath.ENHANCED, Optional.empty(), Optional.empty(),
                    Optional.empty(), WRITTEN, PickleDialect.PORTABLE, staging.files()));
        }
    }

    @AfterEach
    void noFault() {
        FolderLock.openFault = key -> { };
        StatusCheck.writable = WRITABLE;
    }

    private static final java.util.function.Predicate<Path> WRITABLE = StatusCheck.writable;

    private void lockCannotBeCreated(String cause) {
        FolderLock.openFault = key -> {
            throw cause.equals("access denied") ? new AccessDeniedException(key.toString())
                    : new FileSystemException(key.toString(), null, "Read-only file system");
        };
    }

    /// The reason of a read-only file system is the C library's, in the locale's language (the JVM
    /// gave `Das Dateisystem ist nur lesbar` under `LC_ALL=de_DE.UTF-8`): status took it for another
    /// failure, and every source of a read-only mount was `unknown`, exit 1, where it is checked
    /// without the lock under `C`. Whether the folder may be written is asked of the system.
    @Test
    void aReadOnlyFileSystemIsKnownWhateverTheLanguageOfItsReason() throws IOException {
        FolderLock.openFault = key -> {
            throw new FileSystemException(key.toString(), null, "Das Dateisystem ist nur lesbar");
        };
        // What access(2) answers for a folder of a read-only mount, to root too.
        StatusCheck.writable = file -> !file.startsWith(base);

        SourceStatus status = status();

        assertThat(status.freshness()).as(status.toString()).isEqualTo(Freshness.FRESH);
        assertThat(status.problems()).isEmpty();
        assertThat(status.files()).isEqualTo(2);
        assertThat(status.notes()).singleElement().asString().startsWith("checked without the folder's lock")
                .contains("Das Dateisystem ist nur lesbar");
    }

    /// A status that waited for the lock while a refresh committed measured age from before the
    /// wait: `Status of ... at 22:05:03`, `last refreshed 22:05:04 (0 min ago)`. It measures from when
    /// the lock is held.
    @Test
    void ageIsMeasuredFromWhenTheLockIsHeld() {
        java.util.Iterator<Instant> times = List.of(WRITTEN.minusSeconds(60), WRITTEN.plusSeconds(120)).iterator();
        Instant[] last = {null};
        SourceStatus status = StatusCheck.check(new StatusCheck.Target("war", folder.bin(), Duration.ofDays(1),
                List.of("a.bin", "b.bin"), List.of(), List.of("war")), () -> last[0] = times.hasNext() ? times.next()
                : last[0], Duration.ZERO);
        assertThat(status.lastRefresh()).hasValue(WRITTEN);
        assertThat(status.age()).hasValue(Duration.ofSeconds(120));
    }

    private SourceStatus status() {
        return StatusCheck.check(new StatusCheck.Target("war", folder.bin(), Duration.ofDays(1), List.of("a.bin", "b.bin"),
                List.of(), List.of("war")), WRITTEN.plusSeconds(60), Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"access denied", "read-only file system"})
    void aFolderItMayNotWriteIsInspectedWithoutTheLockAndSaysSo(String cause) throws IOException {
        lockCannotBeCreated(cause);
        Map<String, String> before = snapshot(base);

        SourceStatus status = status();

        assertThat(status.freshness()).as(status.toString()).isEqualTo(Freshness.FRESH);
        assertThat(status.problems()).isEmpty();
        assertThat(status.files()).isEqualTo(2);
        assertThat(status.repairs()).isEmpty();
        assertThat(status.notes()).singleElement().asString()
                .startsWith("checked without the folder's lock")
                .contains(cause.equals("access denied") ? "access denied" : "Read-only file system")
                .contains(folder.lockFile().toString());
        assertThat(snapshot(base)).isEqualTo(before);
    }

    @Test
    void aCommitItCannotCompleteIsAProblemAndNothingIsMoved() throws IOException {
        Files.createDirectories(folder.tmp().resolve("run-1"));
        Files.move(folder.bin().resolve("a.bin"), folder.tmp().resolve("run-1/a.bin"));
        Files.writeString(folder.journalFile(), "{\"moves\":[{\"from\":\"tmp/run-1/a.bin\",\"to\":\"a.bin\"}],"
                + "\"remove\":[],\"manifest\":" + Files.readString(folder.manifestFile()) + "}");
        lockCannotBeCreated("access denied");
        Map<String, String> before = snapshot(base);

        SourceStatus status = status();

        assertThat(status.repairs()).isEmpty();
        assertThat(status.problems()).anySatisfy(problem -> assertThat(problem)
                .startsWith("an interrupted commit into " + folder.bin() + " is pending (" + folder.journalFile() + ")")
                .contains("may hold files of two versions"));
        assertThat(status.missingEntries()).containsExactly("a.bin");
        assertThat(snapshot(base)).isEqualTo(before);
        // A journal that stays all through a check is said once, not checked again as a change.
        assertThat(status.notes()).singleElement().asString().startsWith("checked without the folder's lock, which"
                + " this user cannot open");
    }

    @Test
    void aCommitTheFolderRefusesToCompleteIsAProblemAndTheFolderIsStillInspected() throws IOException {
        // The lock can be taken, but the output folder refuses the second rename of the recovery (a
        // read-only output folder under a writable .bsee, a file held open on Windows): the folder
        // then holds the new a.bin beside the previous b.bin, and status must say so, not "0 files".
        Path run = Files.createDirectories(folder.tmp().resolve("run-1"));
        for (String name : List.of("a", "b")) {
            Files.writeString(run.resolve(name + ".bin"), "version 2 of " + name);
        }
        Files.writeString(folder.journalFile(), "{\"moves\":[{\"from\":\"tmp/run-1/a.bin\",\"to\":\"a.bin\"},"
                + "{\"from\":\"tmp/run-1/b.bin\",\"to\":\"b.bin\"}],\"remove\":[],\"manifest\":"
                + Files.readString(folder.manifestFile()) + "}");
        OutputFolder.faults = stage -> {
            if (stage == OutputFolder.Stage.FIRST_MOVED) {
                throw new AccessDeniedException(run.resolve("b.bin").toString(), folder.bin().resolve("b.bin").toString(), null);
            }
        };
        try {
            SourceStatus status = status();

            assertThat(status.freshness()).as(status.toString()).isEqualTo(Freshness.FRESH);
            assertThat(status.files()).isEqualTo(2);
            assertThat(status.tamperedFiles()).containsExactly("a.bin");
            assertThat(status.problems()).anySatisfy(problem -> assertThat(problem)
                    .startsWith("an interrupted commit into " + folder.bin() + " is pending (" + folder.journalFile()
                            + ") and could not be completed (access denied: moving " + run.resolve("b.bin") + " to "
                            + folder.bin().resolve("b.bin") + ")")
                    .contains("may hold files of two versions"));
        } finally {
            OutputFolder.faults = stage -> { };
        }
        assertThat(folder.journalFile()).exists();
    }

    /// Without the lock, a refresh may commit while status hashes the files: status read the
    /// manifest of one version and hashed files of the next, and called every file "no longer as
    /// written", exit 1, for a read-only account watching a folder refreshed under another. A check
    /// whose folder changed under it (another manifest, a journal) is taken again.
    @Test
    void aCommitWhileItChecksWithoutTheLockIsNoTampering() throws Exception {
        Thread checker = Thread.currentThread();
        FolderLock.openFault = key -> {
            if (Thread.currentThread() == checker) {
                throw new AccessDeniedException(key.toString());
            }
        };
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger commits = new java.util.concurrent.atomic.AtomicInteger();
        Thread refresher = Thread.ofPlatform().start(() -> {
            try {
                for (int version = 0; !done.get(); version++) {
                    commitVersion(version);
                    commits.incrementAndGet();
                    // A refresh commits once a run, seconds apart; here five times a second.
                    Thread.sleep(200);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<String> problems = new java.util.ArrayList<>();
        try {
            for (int check = 0; check < 40 || commits.get() < 20; check++) {
                SourceStatus status = status();
                problems.addAll(status.problems());
                assertThat(status.files()).as(status.toString()).isEqualTo(2);
            }
        } finally {
            done.set(true);
            refresher.join();
        }
        assertThat(commits.get()).isGreaterThanOrEqualTo(20);
        assertThat(problems).isEmpty();
    }

    /// Commits two files of a few MiB each, whose text differs from version to version. Not under
    /// the lock: a thread of this process that holds it is seen by the check as a refresh here, and
    /// the check waits for it or gives up instead of reading without it, as it does for another
    /// process's refresh.
    private void commitVersion(int version) throws IOException {
        String text = ("version " + version + " ").repeat(400_000);
        commitAB(name -> text);
    }

    @Test
    void aLinkedOutputFolderIsRefusedAsUnderTheLock() throws IOException {
        Path elsewhere = Files.move(folder.bin(), base.resolve("elsewhere"));
        Files.createSymbolicLink(folder.bin(), elsewhere);
        lockCannotBeCreated("access denied");

        SourceStatus status = status();

        assertThat(status.freshness()).isEqualTo(Freshness.UNKNOWN);
        assertThat(status.problems()).singleElement().asString()
                .startsWith("cannot check " + folder.bin() + ": refusing to use " + folder.bin());
    }

    @Test
    void aLinkedLockFileIsRefusedNotReadAround() throws IOException {
        Path target = Files.writeString(base.resolve("target"), "untouched");
        Files.delete(folder.lockFile());
        Files.createSymbolicLink(folder.lockFile(), target);
        lockCannotBeCreated("read-only file system");

        SourceStatus status = status();

        assertThat(status.freshness()).isEqualTo(Freshness.UNKNOWN);
        assertThat(status.problems()).singleElement().asString().contains("refusing to use " + folder.lockFile());
        assertThat(target).hasContent("untouched");
    }
}
