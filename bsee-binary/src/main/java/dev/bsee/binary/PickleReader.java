package dev.bsee.binary;

import dev.bsee.binary.internal.SpillingAllocator;
import dev.bsee.core.BufferAllocator;
import dev.bsee.core.Table;
import dev.bsee.core.internal.FileErrors;
import dev.bsee.core.internal.MessageText;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/// Reads a pickled pandas `DataFrame` (a `.bin` file written by `pickle.dump`, `DataFrame.to_pickle`
/// or [PickleWriter]) into a [Table], safely.
///
/// What is read: what pandas 1.5 and 2.x write with pickle protocols 2 to 5 (protocol 5 with in-band
/// buffers), with `numpy.core` or `numpy._core` globals; columns of `int64`, `uint64`, `float64`, `bool`,
/// `object` (strings, Python bools and missing values) and `datetime64[ns]`; a `RangeIndex`, an `Index` of labels,
/// or a `MultiIndex`. Column labels must be strings.
///
/// Safety: the pickle is interpreted by a small virtual machine that knows only the globals of such
/// DataFrames; any other global (`os.system`, `builtins.eval`, ...) is refused with an
/// [UnsafePickleException] naming it, when it is met and before anything is built from it. No code is
/// run. Truncated, corrupt or hostile input (huge declared lengths, deep nesting, memo abuse) ends in
/// a [PickleFormatException]: payloads are read as they arrive, nothing recurses on the input's
/// structure, and what the table may expand to is bounded by the input size. `object` columns holding
/// anything but `str` and missing values (NaN, None) are refused with a message naming the column.
///
/// Readers are immutable and thread-safe.
///
/// ```java
/// Table wells = PickleReader.of().read(Path.of("bin/apd/mv_apddata_all.bin"));
/// ```
public final class PickleReader {
    private final BufferAllocator allocator;
    private final boolean fastPaths;
    private final boolean fallback;

    private PickleReader(Builder builder) {
        this.allocator = builder.allocator;
        this.fastPaths = builder.fastPaths;
        this.fallback = builder.fallback;
    }

    /// A reader that keeps column buffers on the heap.
    ///
    /// @return the reader
    public static PickleReader of() {
        return builder().build();
    }

    /// The allocator the column buffers of the tables this reader reads come from
    /// ([Builder#allocator(BufferAllocator)]; the heap's by default). A `BinStore` copies the rows a
    /// query keeps into it, so that they live, and stay off the heap, as the table read does.
    ///
    /// @return the allocator
    public BufferAllocator allocator() {
        return allocator;
    }

    /// A builder for a configured reader.
    ///
    /// @return a new builder
    public static Builder builder() {
        return new Builder();
    }

    /// Reads one pickled DataFrame from `input`, which is not closed; bytes after the pickle's `STOP`
    /// are not read.
    ///
    /// @param input the pickle bytes
    /// @return the table
    /// @throws UnsafePickleException when the pickle names a global outside the allow-list
    /// @throws PickleFormatException when the input is not a readable DataFrame pickle
    /// @throws IOException when reading `input` fails
    public Table read(InputStream input) throws IOException {
        Objects.requireNonNull(input, "input");
        return read(new PickleInput(input, -1), null, null);
    }

    /// Reads the pickled DataFrame in `file`. Error messages name the file.
    ///
    /// A file another program writes in place during the read (truncated and written again, as
    /// `df.to_pickle` and `cp` do) is read again, so the table is one version whole, never columns
    /// of two; one that keeps changing is refused. A file replaced by a rename is read as it was
    /// when opened.
    ///
    /// @param file the `.bin` file
    /// @return the table
    /// @throws UnsafePickleException when the pickle names a global outside the allow-list
    /// @throws PickleFormatException when the file is not a readable DataFrame pickle
    /// @throws ClosedByInterruptException when the calling thread is interrupted during the read
    ///     (the message names the file; the interrupt status stays set)
    /// @throws IOException when the file cannot be read, or keeps changing while it is read
    /// @throws IllegalStateException when the allocator of this reader is closed before or during
    ///     the read (the message names the file)
    public Table read(Path file) throws IOException {
        return readFile(file, null);
    }

    /// Reads the columns of the pickled DataFrame in `file` whose names are in `columns`, in the
    /// file's order, with the row index: the table [#read(Path)] gives without the other columns,
    /// whose values are never made into columns. Every check of [#read(Path)] still applies to the
    /// whole file, the columns left out included, so this refuses the files that one refuses, with the
    /// same message.
    ///
    /// @param file the `.bin` file
    /// @param columns the names of the columns to keep (every column of a repeated name is kept)
    /// @return the table of those columns
    /// @throws NoSuchElementException when a name is not a column of the file (the first such in the
    ///     set's iteration order; the message names the file and lists its columns)
    /// @throws UnsafePickleException when the pickle names a global outside the allow-list
    /// @throws PickleFormatException when the file is not a readable DataFrame pickle
    /// @throws ClosedByInterruptException when the calling thread is interrupted during the read
    ///     (the message names the file; the interrupt status stays set)
    /// @throws IOException when the file cannot be read, or keeps changing while it is read
    /// @throws IllegalStateException when the allocator of this reader is closed before or during
    ///     the read (the message names the file)
    public Table read(Path file, Set<String> columns) throws IOException {
        Objects.requireNonNull(columns, "columns");
        return readFile(file, Collections.unmodifiableSet(new LinkedHashSet<>(columns)));
    }

    /// A projected read first leaves large payloads in the file and skims the items of object arrays
    /// ([SkimmedItems]), reading again only what the columns it keeps need; when that cannot give
    /// exactly what the ordinary read gives ([LazyReadAbandoned]), it reads the file the ordinary way.
    ///
    /// @param kept the names of the columns to build, null for every column
    private Table readFile(Path file, Set<String> kept) throws IOException {
        Objects.requireNonNull(file, "file");
        // Opening a pipe waits for a writer that may never come, and a folder has no bytes: both are
        // refused by name before anything is opened.
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new FileSystemException(file.toString(), null, "not a .bin file: it is "
                    + MessageText.fileKind(file.toRealPath()));
        }
        // A file written in place while it is read (`df.to_pickle` or `cp` over it truncate and
        // write the same file) gives bytes of both versions: columns of each, one column cut between
        // them. Its identity and times before and after the read tell; the read is then tried again,
        // and refused while the file keeps changing. A file replaced by a rename is no such case:
        // the open channel reads the old file whole.
        for (int attempt = 1; ; attempt++) {
            FileVersion before = FileVersion.of(file);
            Table table;
            try (FileChannel channel = FileChannel.open(file)) {
                // Its messages name the file already.
                PickleStart.check(file, channel);
                table = read(file, channel, kept);
            } catch (ClosedChannelException e) {
                // The caller's interrupt closed the channel: no finding about the file, and no
                // reason to read it again. The JDK's exception has no message; this one names the file.
                // A projected read's shortcut that met the interrupt gives way to the ordinary read,
                // whose first use of the closed channel then throws the plain ClosedChannelException.
                if (e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
                    throw FileErrors.interrupted(file, e);
                }
                throw e;
            } catch (IOException | RuntimeException e) {
                if (!before.sameFileChanged(FileVersion.of(file))) {
                    throw e;
                }
                if (attempt < CHANGED_FILE_ATTEMPTS) {
                    continue;
                }
                // What the bytes of a file being rewritten looked like is no finding about the file.
                FileSystemException changed = changedWhileRead(file);
                changed.initCause(e);
                throw changed;
            }
            if (!before.sameFileChanged(FileVersion.of(file))) {
                return table;
            }
            if (attempt == CHANGED_FILE_ATTEMPTS) {
                throw changedWhileRead(file);
            }
        }
    }

    private static FileSystemException changedWhileRead(Path file) {
        return new FileSystemException(file.toString(), null, "the file changed while it was read"
                + " (another program is writing it in place); read it once it is written");
    }

    private static final int CHANGED_FILE_ATTEMPTS = 3;

    /// A file's identity (device and inode), size and times, read through its path.
    private record FileVersion(Object key, long size, java.nio.file.attribute.FileTime modified, Object changed) {

        static FileVersion of(Path file) {
            try {
                java.nio.file.attribute.BasicFileAttributes basic = Files.readAttributes(file,
                        java.nio.file.attribute.BasicFileAttributes.class);
                Object changed = null;
                try {
                    changed = Files.getAttribute(file, "unix:ctime");
                } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
                    // The size and modification time still tell most rewrites.
                }
                return new FileVersion(basic.fileKey(), basic.size(), basic.lastModifiedTime(), changed);
            } catch (IOException gone) {
                return new FileVersion(null, -1, null, null);
            }
        }

        /// Whether `later` is this same file (by identity) with other content.
        ///
        /// Field by field rather than through the record's `equals`: that one is made by
        /// `ObjectMethods` on first use, about 10 ms of method handles spun in a fresh JVM, which
        /// was a tenth of reading one production year in a small analysis app.
        boolean sameFileChanged(FileVersion later) {
            return key != null && key.equals(later.key) && (size != later.size
                    || !Objects.equals(modified, later.modified) || !Objects.equals(changed, later.changed));
        }
    }

    private Table read(Path file, FileChannel channel, Set<String> kept) throws IOException {
        try {
            long size = channel.size();
            if (kept != null && fastPaths) {
                try {
                    return read(new PickleInput(new ShortReads(Channels.newInputStream(channel)), size), kept,
                            new FileRegions(channel, allocator));
                } catch (LazyReadAbandoned e) {
                    if (!fallback) {
                        throw e;
                    }
                    channel.position(0);
                }
            }
            return read(new PickleInput(new ShortReads(Channels.newInputStream(channel)), size), kept, null);
        } catch (UnsafePickleException e) {
            throw new UnsafePickleException(e.global(), file + ": " + e.getMessage());
        } catch (PickleFormatException e) {
            throw new PickleFormatException(file + ": " + e.getMessage(), e);
        } catch (NoSuchElementException e) {
            throw new NoSuchElementException(file + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            // Only the allocator's: closed before the read, or while the read filled its buffers.
            // The caller's mistake, in a type of the JDK's, naming the file as every other failure.
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }

    /// @param kept the names of the columns to build, null for every column
    /// @param file the file being read, for a projected read's shortcuts; null for none
    private Table read(PickleInput input, Set<String> kept, FileRegions file) throws IOException {
        ExpansionBudget budget = new ExpansionBudget();
        dev.bsee.core.internal.BufferScope buffers = dev.bsee.core.internal.BufferScope.of(allocator);
        if (buffers.isClosed()) {
            // Closed before the read: said as such, not as a close while the read filled its buffers.
            throw SpillingAllocator.closed();
        }
        Object root;
        try {
            root = new PickleMachine(input, allocator, budget, fastPaths, file).run();
        } catch (PickleFormatException | LazyReadAbandoned e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw beyondTheHeap(input.offset(), e);
        } catch (RuntimeException e) {
            if (buffers.isClosed()) {
                // The allocator was closed while the read filled its buffers: nothing about the file.
                throw buffers.closedWhileFilled(e);
            }
            if (e instanceof java.io.UncheckedIOException io) {
                // The allocator's failure (a column buffer that cannot spill to a full disk), not the file's.
                throw new IOException(io.getMessage(), io.getCause());
            }
            throw new PickleFormatException("malformed pickle near byte " + input.offset() + ": " + e, e);
        }
        TableAssembler assembler = new TableAssembler(allocator, budget, input.offset(), fastPaths);
        Table table;
        try {
            table = assembler.assemble(root, kept);
        } catch (PickleFormatException | LazyReadAbandoned e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw beyondTheHeap(input.offset(), e);
        } catch (RuntimeException e) {
            if (buffers.isClosed()) {
                throw buffers.closedWhileFilled(e);
            }
            if (e instanceof java.io.UncheckedIOException io) {
                throw new IOException(io.getMessage(), io.getCause());
            }
            throw new PickleFormatException("the pickled DataFrame is inconsistent: " + e.getMessage(), e);
        }
        if (kept != null) {
            requireColumns(assembler.columnNames(), kept);
        }
        // The columns are wrapped over the allocator's buffers: they are readable as long as it is open.
        return dev.bsee.core.internal.BufferScope.bind(table, dev.bsee.core.internal.BufferScope.of(allocator));
    }

    /// A read the heap could not hold: a small file may declare (a string's length, a sparse file's
    /// hole) or build (a label repeated for a million rows, memo slots) more than any heap holds
    /// within the expansion budget, which is a multiple of the input. What the read allocated is
    /// garbage once this is thrown, so the application goes on; the `OutOfMemoryError` escaped the
    /// reader's documented exceptions.
    private static PickleFormatException beyondTheHeap(long offset, OutOfMemoryError e) {
        return new PickleFormatException(String.format(java.util.Locale.ROOT,
                "reading it takes more than this JVM's heap (%,d MiB) holds, near byte %,d; a larger heap (-Xmx)"
                        + " may read it", Runtime.getRuntime().maxMemory() >> 20, offset), e);
    }

    /// Refuses a projection naming a column the file does not have, naming the first such in
    /// `kept`'s order. The file's names are put in a set once: looking each kept name up in the list
    /// took time growing with the product of the two counts (minutes for 100,000 columns of 100,000).
    static void requireColumns(List<String> columnNames, Set<String> kept) {
        Set<String> names = new HashSet<>(columnNames);
        for (String name : kept) {
            if (!names.contains(name)) {
                throw new NoSuchElementException("no column " + dev.bsee.core.internal.SafeText.escape(name) + "; columns are "
                        + MessageText.names(columnNames));
            }
        }
    }

    @Override
    public String toString() {
        return "PickleReader";
    }

    /// A file's stream read at most 64 KiB at a time. A channel reads into a heap array through a
    /// temporary native buffer of the request's size: a payload of megabytes read in one request costs
    /// a native buffer as large (fresh pages, a second copy) that stays until the thread ends.
    private static final class ShortReads extends FilterInputStream {
        private static final int MAX_READ = 1 << 16;

        ShortReads(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            return in.read(bytes, offset, Math.min(length, MAX_READ));
        }
    }

    /// Configures a [PickleReader]; not thread-safe, reusable.
    public static final class Builder {
        private BufferAllocator allocator = BufferAllocator.heap();
        private boolean fastPaths = true;
        private boolean fallback = true;

        private Builder() {
        }

        /// Sets where large column buffers go, e.g. an allocator that keeps big tables off the heap;
        /// the heap by default. Columns of the tables read must not be used after the allocator
        /// is closed.
        ///
        /// @param allocator the allocator
        /// @return this builder
        public Builder allocator(BufferAllocator allocator) {
            this.allocator = Objects.requireNonNull(allocator, "allocator");
            return this;
        }

        /// Whether the reader takes its fast paths for object arrays (on by default); off, every
        /// opcode goes through the machine's stack and every string through an object, which the
        /// tests use as the reference for the fast paths.
        Builder fastPaths(boolean enabled) {
            this.fastPaths = enabled;
            return this;
        }

        /// Whether a projected read whose shortcuts do not apply reads the file again the ordinary
        /// way (on by default); off, it throws the [LazyReadAbandoned] instead, which the tests use
        /// to see that the shortcuts alone gave the result.
        Builder fallback(boolean enabled) {
            this.fallback = enabled;
            return this;
        }

        /// The reader.
        ///
        /// @return an immutable reader
        public PickleReader build() {
            return new PickleReader(this);
        }
    }
}
