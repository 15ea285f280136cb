package dev.bsee.binary.internal;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.internal.BufferScope;
import dev.bsee.core.internal.MessageText;
import dev.bsee.core.GrowableBuffer;
import dev.bsee.core.internal.OwnFolder;
import dev.bsee.core.internal.PathIdentity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/// A [BufferAllocator] that keeps column buffers on the heap until a byte budget, shared by all its
/// buffers, is used up, and continues in memory-mapped temporary files after that: heap use stays
/// within the budget however large an entry is.
///
/// A buffer that would grow past the budget moves to a spill file (copying what it holds) and grows
/// there. A small one takes a slice of a shared slab file ([#SLAB_CAPACITY]), and a new slice twice
/// its size when it outgrows it, up to [#LARGEST_SLICE]; a larger one has a file of its own, which
/// grows in place. An entry of twenty thousand columns that spills needs a few files, not one
/// per column: each file costs an open descriptor (Chronicle keeps it) and a first page fault, and a
/// file per column ran a 32 MB entry out of descriptors. Files are mapped with Chronicle Bytes, or
/// with the JDK's own mapping where Chronicle cannot start (no `--add-opens`; one log line names the
/// flags). Sealed buffers are read-only [java.nio.ByteBuffer] views, heap or mapped, of at most 2 GiB
/// each.
///
/// [#close()] unmaps and deletes every file, also after failures; columns built from this allocator
/// must not be read afterwards. Allocating is thread-safe; each buffer is filled by one thread.
///
/// ```java
/// try (SpillingAllocator buffers = SpillingAllocator.open(spillDir, 256L << 20)) {
///     Table entry = parse(csv, buffers);
///     writer.write(entry, target, spillDir);
/// }
/// ```
public final class SpillingAllocator implements BufferAllocator, BufferScope.Owner {
    /// Smallest file of its own; mappings grow by doubling from here.
    static final long MIN_SPILL_CAPACITY = 1L << 20;
    /// The mapped size of a slab file, which small spilled buffers share (sparse: only the pages
    /// written take disk).
    static final long SLAB_CAPACITY = 64L << 20;
    /// The largest slice of a slab; a buffer that needs more moves to a file of its own.
    static final long LARGEST_SLICE = 4L << 20;
    /// Slices start on page boundaries and are whole pages.
    private static final long SLICE_UNIT = 4096;
    /// A buffer's first array: small, because an entry may have a hundred thousand columns.
    private static final int FIRST_HEAP_CAPACITY = 32;
    /// The share of the maximum heap the column buffers of all running entries may hold together;
    /// the rest is for the JVM's own work, short-lived objects and received bytes.
    private static final long HEAP_SHARE_PERCENT = 70;
    /// The least budget an entry gets, however many share a small heap.
    private static final long MIN_ENTRY_BUDGET = 8L << 20;

    private final Path directory;
    /// The run folder the spill files go into, checked before each is made or deleted; null for a
    /// folder of the caller's own, and until the first spill for one this allocator makes.
    private volatile OwnFolder runFolder;
    /// Whether this allocator makes its folder, `directory`, on its first spill ([#openMakingFolder]).
    private final boolean makesFolder;
    private final long heapBudget;
    private final AtomicLong heapReserved = new AtomicLong();
    private final AtomicLong mappedBytes = new AtomicLong();
    private final List<SpillFile> files = new ArrayList<>();
    private SpillFile slab;  // the slab small buffers take slices of now; null before the first
    private long slabUsed;
    private boolean closed;
    /// Ends with [#close()]: the columns built from this allocator's buffers then refuse to be read.
    private final BufferScope scope;

    private SpillingAllocator(Path directory, OwnFolder runFolder, boolean makesFolder, long heapBudget) {
        this.directory = directory;
        this.runFolder = runFolder;
        this.makesFolder = makesFolder;
        this.heapBudget = heapBudget;
        this.scope = new BufferScope("SpillingBuffers in " + directory);
    }

    /// An allocator spilling to `directory` once `heapBudgetBytes` of heap are in use.
    ///
    /// @param directory where spill files go; must exist
    /// @param heapBudgetBytes heap bytes all buffers of this allocator may hold together, at least 0
    /// @return the allocator; close it when its columns are no longer needed
    /// @throws IllegalArgumentException when the directory does not exist or the budget is negative
    public static SpillingAllocator open(Path directory, long heapBudgetBytes) {
        return new SpillingAllocator(checked(directory, heapBudgetBytes), null, false, heapBudgetBytes);
    }

    /// An allocator spilling into a run's staging folder once `heapBudgetBytes` of heap are in use:
    /// before a spill file is made or deleted, the folder is checked to be still the one the run made
    /// ([OwnFolder#verify()]), so a folder swapped for a link is neither
    /// written nor emptied through it.
    ///
    /// @param runFolder the run's staging folder
    /// @param heapBudgetBytes heap bytes all buffers of this allocator may hold together, at least 0
    /// @return the allocator; close it when its columns are no longer needed
    /// @throws UncheckedIOException with [OwnFolder.Replaced] when the folder is no longer
    ///     the one the run made (moved away, or a link in its place)
    public static SpillingAllocator open(OwnFolder runFolder, long heapBudgetBytes) {
        try {
            // Checked before `checked`'s plain "does not exist": a folder swapped for a link while
            // the entries before were parsed is named as such.
            runFolder.verify();
        } catch (IOException e) {
            // Its own words: the wrapper's default message is the cause's class name before them.
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return new SpillingAllocator(checked(runFolder.path(), heapBudgetBytes), runFolder, false, heapBudgetBytes);
    }

    /// An allocator spilling into a folder of its own, `folder`, which it makes ([OwnFolder#create])
    /// only when a buffer first spills: a table that fits its heap budget (most do) needs no
    /// writable temporary folder, so reading a small file works where the temporary folder is
    /// read-only or missing. Once made, the folder is checked before each spill file is made or
    /// deleted, as a run folder is; the caller deletes it after [#close()] ([#madeFolder()]).
    ///
    /// @param folder the folder to make; its parent should exist by the first spill
    /// @param heapBudgetBytes heap bytes all buffers of this allocator may hold together, at least 0
    /// @return the allocator; close it when its columns are no longer needed
    public static SpillingAllocator openMakingFolder(Path folder, long heapBudgetBytes) {
        Objects.requireNonNull(folder, "folder");
        if (heapBudgetBytes < 0) {
            throw new IllegalArgumentException("heap budget must not be negative: " + heapBudgetBytes);
        }
        return new SpillingAllocator(folder.toAbsolutePath(), null, true, heapBudgetBytes);
    }

    /// The folder an allocator of [#openMakingFolder] made on its first spill.
    ///
    /// @return the folder, or empty when nothing spilled (or the allocator was not opened so)
    public Optional<OwnFolder> madeFolder() {
        return makesFolder ? Optional.ofNullable(runFolder) : Optional.empty();
    }

    /// The folder spill files go into, made now by an allocator of [#openMakingFolder] that has not
    /// spilled before, and checked to be still the one made. Called holding this allocator's lock.
    private Path spillFolder() throws IOException {
        if (makesFolder && runFolder == null) {
            runFolder = OwnFolder.create(directory);
        }
        verifyFolder();
        return directory;
    }

    private static Path checked(Path directory, long heapBudgetBytes) {
        Objects.requireNonNull(directory, "directory");
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("spill directory " + directory + " does not exist");
        }
        if (heapBudgetBytes < 0) {
            throw new IllegalArgumentException("heap budget must not be negative: " + heapBudgetBytes);
        }
        return directory;
    }

    private void verifyFolder() throws IOException {
        if (runFolder != null) {
            runFolder.verify();
        }
    }

    /// How many entries may be parsed at once in this JVM, each with at least the smallest budget
    /// [#entryBudget] gives: beyond that, the budgets together pass the heap's share (24 entries
    /// of at least 8 MiB under the launcher's 200 MiB, three archives of eight processors each, ran
    /// sources out of heap). A refresh and `bsee convert` parse no more entries at once than this.
    ///
    /// @return at least 1
    public static int maxEntriesAtOnce() {
        return (int) Math.max(1, Runtime.getRuntime().maxMemory() / 100 * HEAP_SHARE_PERCENT / MIN_ENTRY_BUDGET);
    }

    /// The heap budget of one entry's allocator when `entriesAtOnce` entries are parsed at once:
    /// 70% of the maximum heap shared among them, at least 8 MiB each. A production entry needs
    /// about 60 MB of buffers; a budget smaller than an entry makes it spill, which is slower and,
    /// through the mapped pages, no smaller in resident memory (at 60% the largest production entry
    /// spilled under the launcher's 200 MiB heap).
    ///
    /// @param entriesAtOnce the entries whose buffers share the heap, at least 1
    /// @return bytes
    public static long entryBudget(int entriesAtOnce) {
        if (entriesAtOnce < 1) {
            throw new IllegalArgumentException("at least one entry shares the heap: " + entriesAtOnce);
        }
        return Math.max(MIN_ENTRY_BUDGET, Runtime.getRuntime().maxMemory() / 100 * HEAP_SHARE_PERCENT / entriesAtOnce);
    }

    @Override
    public GrowableBuffer allocate() {
        synchronized (this) {
            if (closed) {
                throw closed();
            }
        }
        return new SpillBuffer(this);
    }

    @Override
    public BufferScope bufferScope() {
        return scope;
    }

    /// The heap budget.
    ///
    /// @return bytes
    public long heapBudget() {
        return heapBudget;
    }

    /// Heap bytes the buffers hold now (capacity, not only content); never more than the budget
    /// except for buffers' first 32 bytes.
    ///
    /// @return bytes
    public long heapBytes() {
        return heapReserved.get();
    }

    /// Bytes mapped from spill files now (capacity of the mappings).
    ///
    /// @return bytes
    public long mappedBytes() {
        return mappedBytes.get();
    }

    /// The spill files currently open, slabs included.
    ///
    /// @return the files, in creation order
    public synchronized List<Path> spillFiles() {
        return files.stream().map(SpillFile::path).toList();
    }

    /// Unmaps and deletes all spill files and forgets all buffers. Idempotent.
    ///
    /// @throws IOException when a file cannot be deleted (all others are still deleted)
    @Override
    public void close() throws IOException {
        List<SpillFile> toRelease;
        // First, so that no column reads what is released next.
        scope.close();
        synchronized (this) {
            closed = true;
            toRelease = new ArrayList<>(files);
            files.clear();
            slab = null;
        }
        IOException failure = null;
        for (SpillFile file : toRelease) {
            try {
                file.release();
            } catch (IOException | RuntimeException e) {
                IOException wrapped = e instanceof IOException io ? io
                        : new IOException("cannot release spill file " + file.path() + ": " + e, e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        heapReserved.set(0);
        mappedBytes.set(0);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "SpillingAllocator[" + directory + ", heap " + heapBytes() + "/" + heapBudget + " bytes, mapped "
                + mappedBytes() + " bytes in " + spillFiles().size() + " files]";
    }

    // ---- for SpillBuffer --------------------------------------------------------------------

    /// Reserves heap bytes if the budget allows.
    boolean tryReserveHeap(long bytes) {
        while (true) {
            long used = heapReserved.get();
            if (used + bytes > heapBudget) {
                return false;
            }
            if (heapReserved.compareAndSet(used, used + bytes)) {
                return true;
            }
        }
    }

    /// A buffer's first, small array is always granted so that tiny buffers never need a file.
    void reserveHeapUnconditionally(long bytes) {
        heapReserved.addAndGet(bytes);
    }

    void releaseHeap(long bytes) {
        heapReserved.addAndGet(-bytes);
    }

    int firstHeapCapacity() {
        return FIRST_HEAP_CAPACITY;
    }

    /// A new spill file mapped with at least `capacity` bytes.
    SpillFile spill(long capacity) {
        Path path = null;
        try {
            synchronized (this) {
                if (closed) {
                    throw closed();
                }
                path = Files.createTempFile(spillFolder(), "bsee-spill-", ".bin");
                SpillFile file = new SpillFile(path, this);
                files.add(file);
                file.grow(capacity);
                return file;
            }
        } catch (IOException e) {
            throw spillFailed(path, e);
        }
    }

    /// A little-endian view of a slice of a slab with room for `needed` bytes (at most
    /// [#LARGEST_SLICE]), taken after the slices given before it; a new slab when this one is full.
    /// Slices are never given back: a buffer that outgrows one leaves it behind, which costs at most
    /// as much disk again as the slices in use, as a doubling array does.
    ByteBuffer slice(long needed) {
        long capacity = Math.max(SLICE_UNIT, (needed + SLICE_UNIT - 1) / SLICE_UNIT * SLICE_UNIT);
        Path path = null;
        try {
            synchronized (this) {
                if (closed) {
                    throw closed();
                }
                if (slab == null || slabUsed + capacity > SLAB_CAPACITY) {
                    path = Files.createTempFile(spillFolder(), "bsee-spill-", ".bin");
                    SpillFile next = new SpillFile(path, this);
                    files.add(next);
                    next.map(SLAB_CAPACITY);
                    slab = next;
                    slabUsed = 0;
                }
                path = slab.path();
                // The slab is mapped whole and sparse: the disk it will take is checked slice by slice.
                dev.bsee.core.internal.DiskReserve.check(path, slabUsed, capacity);
                ByteBuffer view = slab.buffer().slice((int) slabUsed, (int) capacity).order(ByteOrder.LITTLE_ENDIAN);
                slabUsed += capacity;
                return view;
            }
        } catch (IOException e) {
            throw spillFailed(path, e);
        }
    }

    /// The failure to spill to `path` (null before the file was made).
    private UncheckedIOException spillFailed(Path path, IOException e) {
        if (path == null && makesFolder && runFolder == null) {
            // The folder of its own could not be made: the JDK names only that folder, which the user
            // never named; the folder it goes in is the one missing, read-only or full.
            return new UncheckedIOException("cannot spill a column buffer to a folder in " + directory.getParent() + ": "
                    + (e instanceof java.nio.file.FileSystemException fs ? MessageText.fileFailure(fs) : e.getMessage()), e);
        }
        return new UncheckedIOException("cannot spill a column buffer to " + (path == null ? directory : path)
                + ": " + reason(e), e);
    }

    /// Why a spill failed, without the path the message names already.
    static String reason(IOException e) {
        return e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
    }

    void mapped(long delta) {
        mappedBytes.addAndGet(delta);
    }

    /// One spill file and its current mapping.
    static final class SpillFile {
        private final Path path;
        private final SpillingAllocator owner;
        /// The file made: it is mapped again by path as it grows, and a link put in its place
        /// meanwhile had the mapping write and grow the file the link led to.
        private final PathIdentity identity;
        private MappedRegions.Region region;
        private long capacity;

        SpillFile(Path path, SpillingAllocator owner) throws IOException {
            this.path = path;
            this.owner = owner;
            this.identity = PathIdentity.of(path);
        }

        /// Refuses to go on when the path no longer leads to the file made: a link, another file.
        private void verify() throws IOException {
            Optional<String> replacement = identity.replacement();
            if (replacement.isPresent()) {
                throw new IOException("refusing to go on with the spill file " + path + ": " + replacement.get()
                        + ", and the tool never writes, moves or deletes through a link it did not create");
            }
        }

        Path path() {
            return path;
        }

        long capacity() {
            return capacity;
        }

        java.nio.ByteBuffer buffer() {
            return region.buffer();
        }

        /// Remaps the file with at least `needed` bytes: the content stays in the file, so nothing is
        /// copied.
        void grow(long needed) throws IOException {
            long next = Math.max(MIN_SPILL_CAPACITY, capacity);
            while (next < needed) {
                next *= 2;
            }
            next = Math.min(next, SpillBuffer.MAX_SIZE);
            // An entry of endless rows would grow its spill files until the disk is full.
            dev.bsee.core.internal.DiskReserve.check(path, capacity, next - capacity);
            map(next);
        }

        /// Maps the file (sparse) with `next` bytes, without asking the file system for them: a slab
        /// asks slice by slice.
        void map(long next) throws IOException {
            verify();
            MappedRegions.Region grown = MappedRegions.map(path, next);
            if (region != null) {
                region.unmap();
            }
            owner.mapped(next - capacity);
            region = grown;
            capacity = next;
        }

        void release() throws IOException {
            try {
                if (region != null) {
                    // Columns built from it may still view it.
                    region.release();
                    region = null;
                }
            } finally {
                try {
                    owner.verifyFolder();
                    verify();
                } catch (OwnFolder.Replaced replaced) {
                    // The file went with the folder it was made in; the path now leads elsewhere.
                    return;
                } catch (IOException notOurs) {
                    // What stands at the path now is not the file made: not the tool's to delete.
                    if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        System.getLogger(SpillingAllocator.class.getName()).log(System.Logger.Level.WARNING,
                                "left " + path + " alone: " + notOurs.getMessage());
                    }
                    return;
                }
                Files.deleteIfExists(path);
            }
        }
    }

    /// The failure of a closed allocator asked for a buffer or for more room: the caller's mistake,
    /// in a type of the JDK's (an application cannot name a type of this package).
    ///
    /// @return the failure to throw
    public static IllegalStateException closed() {
        return new IllegalStateException("the allocator is closed: the buffers it gave are released, and it gives no more");
    }
}
