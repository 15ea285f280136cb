package dev.bsee.core.internal;


import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/// Files written into a staging directory that only this run writes (a refresh's or a convert's),
/// made durable in the background: each file's `fsync` runs on its own virtual thread while the
/// writer goes on to its next file, and [#sync()] waits for all of them and syncs the directory,
/// before anything outside the directory comes to depend on the files (a commit's journal, the
/// convert's renames into the output folder).
///
/// Nobody reads the directory while it fills, so a file is written under its own name rather than
/// through a temporary and a rename ([AtomicFiles] does that where readers may look); a file whose
/// content fails is deleted, and one left half-written by a killed process is in the directory the
/// next run removes. The production archive's 17 files waited about 0.4 s in `fsync` when each
/// writer synced its own file; a convert or a refresh without those waits took about 0.3 s less
/// wall (bench/README.md).
public final class StagedFiles implements AutoCloseable {

    /// Makes a file's written bytes durable.
    @FunctionalInterface
    interface Syncer {
        /// Syncs the file.
        ///
        /// @param file the file's name, for messages
        /// @param channel the file, open for writing
        /// @throws IOException when the bytes cannot be made durable
        void sync(Path file, FileChannel channel) throws IOException;
    }

    /// How many written files may wait for their sync at once. Each stays open until its sync ends;
    /// unbounded, an archive of tens of thousands of small entries ran the process out of file
    /// descriptors while the syncs queued. A write past the bound waits for one to finish.
    static final int MAX_OPEN_FILES = 64;

    private static final int BUFFER_SIZE = 1 << 16;

    /// A file whose sync failed, with the order its write was handed over in.
    private record Failed(long order, Path file, Throwable cause) {
    }

    /// Why `file` was not synced, when the sync failed other than by an I/O error: most often the
    /// JVM could start no thread to carry it (a blocked virtual thread's carrier is replaced), at the
    /// process's thread limit (`ulimit -u`), which the JDK words as running out of memory.
    static IOException notSynced(Path file, Throwable cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return cause instanceof OutOfMemoryError && why.contains("native thread")
                ? new IOException("cannot start a thread to sync " + file + " to disk: " + why, cause)
                : new IOException("cannot sync " + file + " to disk: " + why, cause);
    }

    private final OwnFolder folder;
    private final Path directory;
    private final Syncer syncer;
    private final ExecutorService syncs = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("bsee-fsync-", 0).factory());
    /// The syncs that failed. A sync that succeeds leaves nothing behind: keeping each sync's future
    /// (which keeps its finished thread) until [#sync()] took about 350 bytes a file, and an archive
    /// of 70,000 one-row entries ran a refresh that also held the previous manifest out of heap.
    private final List<Failed> failed = new ArrayList<>();
    private final AtomicLong writesHandedOver = new AtomicLong();
    /// A permit per file open for its sync: [#sync()] holds them all once every sync has ended.
    private final Semaphore openFiles = new Semaphore(MAX_OPEN_FILES);

    /// Refuses to rename a staged file onto `target` when a folder, a pipe, a socket or a device is
    /// there: not a file a run wrote, and a folder would fail the rename halfway through a run's
    /// renames, after the files before it were replaced. Called for every target before the first
    /// rename. Links are each caller's to refuse first (the rename would replace the link itself).
    ///
    /// @param target where a staged file is to go
    /// @throws IOException when something other than a regular file or a link is there
    public static void requireReplaceable(Path target) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                && !Files.isSymbolicLink(target)) {
            throw new IOException("refusing to replace " + target + ": it is " + MessageText.fileKind(target)
                    + ", not a .bin file (move it away or remove it)");
        }
    }

    /// Adds to `staged` the permission bits of the regular file it is to replace, `target`, and gives
    /// it that file's group and owner where this process may; nothing when no regular file is there,
    /// or the file system has no POSIX modes. The Python system wrote each `.bin` over the previous
    /// one, which kept its mode, group and owner whatever the umask and user of the run: a file an
    /// administrator made `rw-r-----` for the group `analysts` stayed theirs to read under a
    /// service's umask `077`, and under a refresh run by `root` from cron. A rename puts a file of the
    /// run's umask and user in its place, `rw-------` or `root:root`, which the analysts could no
    /// longer read. The mode is added, not copied: a file someone took a read permission from is
    /// written again with the permissions a run gives, so that others can load it again. The group
    /// and owner are given as `chown(2)` allows: any by `root`; a group the user belongs to by others,
    /// whose files keep the user's own otherwise (as a file of theirs that `cp` replaces would).
    /// Called once the staged file is written and its folder verified, before the first rename.
    ///
    /// @param target where the staged file is to go
    /// @param staged the staged file, which this run wrote
    /// @throws IOException when a mode cannot be read or given
    public static void keepModeOf(Path target, Path staged) throws IOException {
        java.nio.file.attribute.PosixFileAttributes was;
        try {
            was = Files.readAttributes(target, java.nio.file.attribute.PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException | UnsupportedOperationException nothingToKeep) {
            return;
        }
        if (!was.isRegularFile()) {
            return;
        }
        java.nio.file.attribute.PosixFileAttributeView view = Files.getFileAttributeView(staged,
                java.nio.file.attribute.PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view != null) {
            java.nio.file.attribute.PosixFileAttributes is = view.readAttributes();
            keepOwnership(staged, is.group(), was.group(), () -> view.setGroup(was.group()));
            keepOwnership(staged, is.owner(), was.owner(), () -> view.setOwner(was.owner()));
            java.util.Set<java.nio.file.attribute.PosixFilePermission> mode = is.permissions();
            if (mode.addAll(was.permissions())) {
                view.setPermissions(mode);
            }
        }
    }

    private interface OwnershipChange {
        void apply() throws IOException;
    }

    /// Gives the staged file the previous file's group or owner where it differs and the system lets
    /// this process. A refusal (`EPERM`: a user who is not `root` giving a file away, or to a group
    /// they are not in; `EINVAL`: an id a container does not map) leaves the run's own, as writing
    /// over such a file in place could not have changed it either. The refusal's text is the C
    /// library's, in the user's language, so any failure of the change counts as one: the file is
    /// then as it was before this step, and the rename decides whether the commit goes on.
    private static void keepOwnership(Path staged, java.security.Principal is, java.security.Principal was,
            OwnershipChange change) {
        if (is.equals(was)) {
            return;
        }
        try {
            change.apply();
        } catch (IOException refused) {
            System.getLogger(StagedFiles.class.getName()).log(System.Logger.Level.DEBUG,
                    () -> staged + " keeps " + is.getName() + " instead of " + was.getName()
                            + " of the file it replaces: " + refused.getMessage());
        }
    }

    /// Stages files in `folder`, which each write and [#sync()] first check is still the folder made
    /// ([OwnFolder#verify()]).
    ///
    /// @param folder the staging folder this run made
    public StagedFiles(OwnFolder folder) {
        this(folder, (file, channel) -> channel.force(true));
    }

    StagedFiles(OwnFolder folder, Syncer syncer) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.directory = folder.path();
        this.syncer = syncer;
    }

    /// Writes a new file of the directory with what `content` writes to the stream it is given, and
    /// starts making it durable. Safe to call from several threads at once.
    ///
    /// @param file the file; must be directly in the directory and not exist (a link there is refused)
    /// @param content writes the file's bytes; need not close the stream
    /// @throws IOException when writing fails (the file is then removed), or the file exists
    public void write(Path file, AtomicFiles.Content content) throws IOException {
        Path target = file.toAbsolutePath();
        if (!directory.equals(target.getParent())) {
            throw new IllegalArgumentException(file + " is not in the staging directory " + directory);
        }
        try {
            openFiles.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to write " + target);
        }
        FileChannel channel = null;
        boolean handedOver = false;
        try {
            folder.verify();
            // CREATE_NEW never opens an existing file, nor follows a link planted in its place.
            channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            // A full disk or an I/O error names the file being written, not only its errno.
            OutputStream stream = new BufferedOutputStream(FileErrors.naming(target,
                    new AtomicFiles.KeepOpen(Channels.newOutputStream(channel))), BUFFER_SIZE);
            content.write(stream);
            stream.flush();
            FileChannel written = channel;
            long order = writesHandedOver.getAndIncrement();
            syncs.execute(() -> {
                try (written) {
                    syncer.sync(target, written);
                } catch (Throwable e) {
                    // Recorded for sync() to throw, never left to the thread's uncaught handler.
                    synchronized (failed) {
                        failed.add(new Failed(order, target, e));
                    }
                } finally {
                    openFiles.release();
                }
            });
            handedOver = true;
        } finally {
            if (!handedOver) {
                openFiles.release();
                if (channel != null) {
                    channel.close();
                    deleteUnlessMoved(target);
                }
            }
        }
    }

    /// Deletes a file that failed, unless its folder was swapped meanwhile: the file went with the
    /// folder, and its path now leads into the folder that took its place, maybe to a file of the
    /// same name.
    private void deleteUnlessMoved(Path target) throws IOException {
        try {
            folder.verify();
        } catch (OwnFolder.Replaced replaced) {
            return;
        }
        Files.deleteIfExists(target);
    }

    /// Waits until every file written so far is on disk, then syncs the directory.
    ///
    /// @throws IOException the first file that could not be made durable, by name
    public void sync() throws IOException {
        // Each sync holds a permit until it ends, after recording a failure: all of them free means
        // every file handed over so far has ended its sync.
        try {
            openFiles.acquire(MAX_OPEN_FILES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the files of " + directory + " were synced to disk");
        }
        openFiles.release(MAX_OPEN_FILES);
        Failed first;
        synchronized (failed) {
            // Not Comparator.comparingLong, whose lambda is spun at first use, at the end of every
            // convert and refresh (the ahead-of-time cache keeps this class's lambdas, not the JDK's).
            first = failed.stream().min((a, b) -> Long.compare(a.order(), b.order())).orElse(null);
        }
        if (first != null) {
            throw first.cause() instanceof IOException io ? FileErrors.naming(first.file(), io)
                    : notSynced(first.file(), first.cause());
        }
        folder.verify();
        AtomicFiles.syncDirectory(directory);
    }

    /// Waits for the syncs still running (their failures no longer matter: the files are being
    /// given up), so none holds a file of a directory the caller is about to delete.
    @Override
    public void close() {
        syncs.close();
    }
}
