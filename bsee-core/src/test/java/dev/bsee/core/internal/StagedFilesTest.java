package dev.bsee.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Staged files: whole after [StagedFiles#sync()], synced before it returns, a failed content or a
/// failed sync said by file, nothing written outside the directory or over a file or link there.
class StagedFilesTest {

    @TempDir
    Path temp;

    private OwnFolder run;
    private Path dir;

    @org.junit.jupiter.api.BeforeEach
    void makeRunFolder() throws IOException {
        run = OwnFolder.create(temp.resolve("run"));
        dir = run.path();
    }

    private static byte[] bytes(int file) {
        byte[] content = new byte[100_000 + file * 7_919];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + file);
        }
        return content;
    }

    @Test
    void filesWrittenFromSeveralThreadsAreWholeAndEachSyncedBeforeSyncReturns() throws Exception {
        List<Path> synced = Collections.synchronizedList(new ArrayList<>());
        try (StagedFiles staged = new StagedFiles(run, (file, channel) -> {
            channel.force(true);
            synced.add(file);
        }); ExecutorService writers = Executors.newFixedThreadPool(4)) {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int file = i;
                writes.add(writers.submit(() -> {
                    staged.write(dir.resolve("f" + file + ".bin"), out -> out.write(bytes(file)));
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get(30, TimeUnit.SECONDS);
            }
            staged.sync();
            assertThat(synced).hasSize(24);
        }
        for (int i = 0; i < 24; i++) {
            assertThat(Files.readAllBytes(dir.resolve("f" + i + ".bin"))).isEqualTo(bytes(i));
        }
    }

    @Test
    void syncWaitsForASlowSync() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (StagedFiles staged = new StagedFiles(run, (file, channel) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            channel.force(true);
        })) {
            staged.write(dir.resolve("a.bin"), out -> out.write(1));
            Thread syncing = Thread.ofPlatform().start(() -> {
                try {
                    staged.sync();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            syncing.join(300);
            assertThat(syncing.isAlive()).as("sync() returned before the file was synced").isTrue();
            release.countDown();
            syncing.join(30_000);
            assertThat(syncing.isAlive()).isFalse();
        }
    }

    /// Each file stays open until its sync ends. With syncs slower than the writes (an archive of tens
    /// of thousands of small entries) the open files must stay bounded rather than grow until the
    /// process runs out of file descriptors: a write waits while the most files it may keep open are
    /// still syncing, and goes on as they finish.
    @Test
    void writesWaitWhileTheMostFilesTheyMayKeepOpenAreSyncing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger syncing = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        int files = StagedFiles.MAX_OPEN_FILES + 10;
        AtomicInteger written = new AtomicInteger();
        try (StagedFiles staged = new StagedFiles(run, (file, channel) -> {
            most.accumulateAndGet(syncing.incrementAndGet(), Math::max);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            syncing.decrementAndGet();
        })) {
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < files; i++) {
                        staged.write(dir.resolve("f" + i + ".bin"), out -> out.write(1));
                        written.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (writer.getState() != Thread.State.WAITING && writer.isAlive() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertThat(written).as("files written while none was synced").hasValue(StagedFiles.MAX_OPEN_FILES);
            } finally {
                release.countDown();
            }
            writer.join(30_000);
            assertThat(writer.isAlive()).isFalse();
            staged.sync();
        }
        assertThat(written).hasValue(files);
        assertThat(most.get()).isLessThanOrEqualTo(StagedFiles.MAX_OPEN_FILES);
    }

    /// A sync that ended is not kept until [StagedFiles#sync()]: an archive of tens of thousands of
    /// one-row entries kept each finished sync's thread and future (about 350 bytes a file), and
    /// with the rest of a refresh's bookkeeping ran it out of heap.
    @Test
    void aFinishedSyncKeepsNeitherItsThreadNorItsFuture() throws Exception {
        List<java.lang.ref.WeakReference<Thread>> threads = Collections.synchronizedList(new ArrayList<>());
        try (StagedFiles staged = new StagedFiles(run, (file, channel) -> {
            channel.force(false);
            threads.add(new java.lang.ref.WeakReference<>(Thread.currentThread()));
        })) {
            for (int i = 0; i < 200; i++) {
                staged.write(dir.resolve("f" + i + ".bin"), out -> out.write(1));
            }
            staged.sync();
            assertThat(threads).hasSize(200);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (threads.stream().anyMatch(thread -> thread.get() != null) && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(20);
            }
            assertThat(threads.stream().filter(thread -> thread.get() != null).count())
                    .as("finished sync threads still reachable from the staged files").isZero();
            staged.write(dir.resolve("last.bin"), out -> out.write(2));
            staged.sync();
        }
    }

    @Test
    void aFailedSyncFailsSyncNamingTheFile() throws IOException {
        try (StagedFiles staged = new StagedFiles(run, (file, channel) -> {
            if (file.getFileName().toString().equals("bad.bin")) {
                throw new IOException("Input/output error");
            }
            channel.force(true);
        })) {
            staged.write(dir.resolve("good.bin"), out -> out.write(1));
            staged.write(dir.resolve("bad.bin"), out -> out.write(2));

            assertThatThrownBy(staged::sync).isInstanceOf(IOException.class)
                    .hasMessageContaining("bad.bin").hasMessageContaining("Input/output error");
        }
    }

    @Test
    void aFailedContentLeavesNoFileAndReachesTheWriter() throws IOException {
        try (StagedFiles staged = new StagedFiles(run)) {
            assertThatThrownBy(() -> staged.write(dir.resolve("half.bin"), out -> {
                out.write(new byte[70_000]);
                throw new IOException("the entry broke off");
            })).isInstanceOf(IOException.class).hasMessage("the entry broke off");
            staged.sync();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void neitherAnExistingFileNorALinkNorAFileOutsideTheDirectoryIsWritten() throws IOException {
        Path outside = Files.createTempFile("outside", ".bin");
        try (StagedFiles staged = new StagedFiles(run)) {
            Files.writeString(dir.resolve("there.bin"), "someone's");
            Files.createSymbolicLink(dir.resolve("link.bin"), outside);

            assertThatThrownBy(() -> staged.write(dir.resolve("there.bin"), out -> out.write(1)))
                    .isInstanceOf(FileAlreadyExistsException.class);
            assertThatThrownBy(() -> staged.write(dir.resolve("link.bin"), out -> out.write(1)))
                    .isInstanceOf(FileAlreadyExistsException.class);
            assertThatThrownBy(() -> staged.write(dir.resolveSibling("elsewhere.bin"), out -> out.write(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in the staging directory");
            staged.sync();
        } finally {
            assertThat(Files.size(outside)).as("the link's target").isZero();
            Files.delete(outside);
        }
        assertThat(Files.readString(dir.resolve("there.bin"), StandardCharsets.UTF_8)).isEqualTo("someone's");
        assertThat(Files.exists(dir.resolveSibling("elsewhere.bin"))).isFalse();
    }

    /// At the process's thread limit the sync's carrier thread could not start, and the failure
    /// said `cannot sync X to disk: java.lang.OutOfMemoryError: unable to create native thread`.
    @Test
    void aSyncWithNoThreadToRunItSaysSoWithoutTheJavaClass() {
        Path file = Path.of("/out/.o.tmp/run-1/a.bin");
        IOException noThread = StagedFiles.notSynced(file, new OutOfMemoryError(
                "unable to create native thread: possibly out of memory or process/resource limits reached"));
        IOException other = StagedFiles.notSynced(file, new IllegalStateException());

        assertThat(noThread).hasMessage("cannot start a thread to sync " + file + " to disk: unable to create native"
                + " thread: possibly out of memory or process/resource limits reached");
        assertThat(other).hasMessage("cannot sync " + file + " to disk: IllegalStateException");
    }
}
