package dev.bsee.scraper;

import dev.bsee.core.SafeText;
import dev.bsee.core.BufferAllocator;
import dev.bsee.core.ProgressEvent;
import dev.bsee.core.ProgressListener;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.TableLayout;
import dev.bsee.scraper.SourceDataException.Problem;
import dev.bsee.scraper.internal.text.TextTableParser;
import dev.bsee.scraper.internal.zip.ArchiveInput;
import dev.bsee.scraper.internal.zip.EntryNames;
import dev.bsee.scraper.internal.zip.ZipSignature;
import dev.bsee.scraper.internal.zip.EntryStream;
import dev.bsee.scraper.internal.zip.InflationBudget;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/// Turns a zip archive of BSEE text files into one [dev.bsee.core.Table] per data entry, handed to
/// an [EntrySink], without ever writing the archive to disk:
///
/// ```java
/// ZipStreamProcessor processor = ZipStreamProcessor.builder()
///         .allocators(() -> spillingAllocator())   // bounded heap whatever the entry size
///         .listener(events)
///         .build();
/// try (InputStream body = response.body()) {
///     processor.process(body, "ProductionRawData.zip", entry -> writer.write(entry.table(), out.resolve(entry.outputName()), tmp));
/// }
/// ```
///
/// [#process(InputStream, String, EntrySink)] reads any stream entry by entry, in order (with a
/// parallelism above 1 it parses entries on other threads while it receives the next); the
/// [#process(Path, EntrySink)] form reads a file through its central directory and can run
/// entries in parallel. Folder entries are skipped, and by default only `.txt` entries are data.
/// Each entry is parsed like `pandas.read_csv` (see [CsvTableReader]) with the layout the builder
/// chooses for its name (by default [SourceCatalog#layoutForEntry(String)]: production
/// `ogora*delimit.txt` files are headerless), into buffers from a fresh allocator that is closed once
/// the sink returns, whether it succeeded or not.
///
/// Whatever is wrong with the input ends processing with a [SourceDataException] naming the archive
/// and entry: not a zip at all (the first bytes are quoted, so an HTML error page is recognisable),
/// a bad CRC or damaged data, a truncated archive (including one that ends after a complete entry but
/// lacks its central directory), a zip bomb, an entry name with `..` or an absolute path, an archive
/// without data entries, malformed text. The sink only ever sees complete, verified entries. In
/// stream mode the sink may already have received earlier entries when a later part of the archive
/// turns out to be damaged; the exception then still fails the whole archive.
///
/// A processor is immutable and thread-safe. The library logs through `System.Logger` and reports
/// progress only through the [ProgressListener].
public final class ZipStreamProcessor {

    private static final System.Logger LOG = System.getLogger(ZipStreamProcessor.class.getName());
    private static final int SNIFF_BYTES = 64;
    private static final int ZIP64_ENTRY_COUNT = 0xFFFF;

    private final Predicate<String> entryFilter;
    private final Function<String, TableLayout> layouts;
    private final Supplier<BufferAllocator> allocators;
    private final double maxExpansionRatio;
    private final long maxEntryBytes;
    private final ProgressListener listener;
    private final int parallelism;
    private final Path spoolDirectory;

    private ZipStreamProcessor(Builder builder) {
        this.entryFilter = builder.entryFilter;
        this.layouts = builder.layouts;
        this.allocators = builder.allocators;
        this.maxExpansionRatio = builder.maxExpansionRatio;
        this.maxEntryBytes = builder.maxEntryBytes;
        this.listener = builder.listener;
        this.parallelism = builder.parallelism;
        this.spoolDirectory = builder.spoolDirectory;
    }

    /// A builder with the defaults: `.txt` entries, layouts by entry name, heap buffers, at most
    /// 8 GiB and a 200-fold expansion per entry, no progress listener, one entry at a time.
    ///
    /// @return the builder
    public static Builder builder() {
        return new Builder();
    }

    /// Reads an archive from a stream, entry by entry, in archive order; the stream is read to its end
    /// (to check the central directory) but not closed.
    ///
    /// With a parallelism above 1 the sink is called from several threads at once, and every
    /// entry handed to it has been parsed and written before this method returns or throws.
    ///
    /// @param zip the archive bytes
    /// @param archiveName the archive's name, for messages and progress events
    /// @param sink receives each data entry
    /// @return one summary per data entry, in archive order
    /// @throws SourceDataException when the archive or an entry is bad
    /// @throws IOException when reading fails or the sink fails
    public List<EntrySummary> process(InputStream zip, String archiveName, EntrySink sink) throws IOException {
        Objects.requireNonNull(zip, "zip");
        Objects.requireNonNull(archiveName, "archiveName");
        Objects.requireNonNull(sink, "sink");
        try (EntryPipeline pipeline = new EntryPipeline(archiveName, parallelism, spoolDirectory)) {
            return processStream(zip, archiveName, sink, pipeline);
        }
    }

    private List<EntrySummary> processStream(InputStream zip, String archiveName, EntrySink sink, EntryPipeline pipeline)
            throws IOException {
        PushbackInputStream sniffable = new PushbackInputStream(zip, SNIFF_BYTES);
        byte[] first = new byte[SNIFF_BYTES];
        int length = 0;
        while (length < SNIFF_BYTES) {
            int n = sniffable.read(first, length, SNIFF_BYTES - length);
            if (n < 0) {
                break;
            }
            length += n;
        }
        checkSignature(archiveName, first, length, "stream");
        sniffable.unread(first, 0, length);

        ArchiveInput archive = new ArchiveInput(sniffable);
        InflationBudget budget = new InflationBudget(archiveName, archive::count, maxExpansionRatio);
        ZipInputStream entries = new ZipInputStream(archive, StandardCharsets.UTF_8);
        Set<String> outputs = new HashSet<>();
        int seen = 0;
        while (true) {
            ZipEntry entry = nextEntry(entries, archiveName);
            if (entry == null) {
                break;
            }
            seen++;
            String name = entry.getName();
            checkName(archiveName, name);
            long start = archive.count();
            EntryStream data = new EntryStream(entries, archiveName, name, () -> archive.count() - start,
                    maxEntryBytes, maxExpansionRatio, OptionalLong.empty(), OptionalLong.empty(), budget);
            if (entry.isDirectory() || !entryFilter.test(name)) {
                // Read skipped entries through the same guard: a bomb must not be inflated blindly.
                data.transferTo(OutputStreamDiscard.INSTANCE);
                continue;
            }
            claimOutput(archiveName, name, outputs);
            OptionalLong size = entry.getSize() >= 0 ? OptionalLong.of(entry.getSize()) : OptionalLong.empty();
            if (size.isPresent() && size.getAsLong() > maxEntryBytes) {
                throw new SourceDataException(Problem.ZIP_BOMB, "the entry declares " + size.getAsLong()
                        + " bytes, beyond the limit of " + maxEntryBytes, Optional.of(archiveName), Optional.of(name),
                        OptionalLong.empty());
            }
            pipeline.submit(name, data, in -> processEntry(archiveName, name, size, in, sink));
        }
        archive.drain();
        OptionalInt declared = archive.centralDirectoryEntries();
        if (declared.isEmpty()) {
            throw new SourceDataException(Problem.TRUNCATED_ARCHIVE, "the archive ends without its central directory"
                    + " (after " + archive.count() + " bytes and " + seen + " entries): the download is incomplete",
                    Optional.of(archiveName), Optional.empty(), OptionalLong.empty());
        }
        if (declared.getAsInt() != ZIP64_ENTRY_COUNT && declared.getAsInt() != seen) {
            throw new SourceDataException(Problem.CORRUPT_ARCHIVE, "the central directory lists " + declared.getAsInt()
                    + " entries but the archive holds " + seen, Optional.of(archiveName), Optional.empty(),
                    OptionalLong.empty());
        }
        List<EntrySummary> results = pipeline.finish();
        requireData(archiveName, seen, results.size());
        return results;
    }

    /// Reads an archive file through its central directory; entries run in parallel up to the
    /// configured parallelism. The sink is then called from several threads at once.
    ///
    /// @param zipFile the archive
    /// @param sink receives each data entry
    /// @return one summary per data entry, in archive order
    /// @throws SourceDataException when the archive or an entry is bad
    /// @throws IOException when reading fails or the sink fails
    public List<EntrySummary> process(Path zipFile, EntrySink sink) throws IOException {
        Objects.requireNonNull(zipFile, "zipFile");
        Objects.requireNonNull(sink, "sink");
        String archiveName = zipFile.getFileName().toString();
        byte[] first = new byte[SNIFF_BYTES];
        int length;
        try (InputStream head = Files.newInputStream(zipFile)) {
            length = head.readNBytes(first, 0, SNIFF_BYTES);
        }
        checkSignature(archiveName, first, length, "file");
        ZipFile archive;
        try {
            archive = new ZipFile(zipFile.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            boolean noEnd = String.valueOf(e.getMessage()).contains("END header");
            throw new SourceDataException(noEnd ? Problem.TRUNCATED_ARCHIVE : Problem.CORRUPT_ARCHIVE,
                    noEnd ? "the archive has no central directory: the file is truncated or not a whole zip"
                            : "the archive cannot be opened: " + e.getMessage(),
                    Optional.of(archiveName), Optional.empty(), OptionalLong.empty(), e);
        }
        try (archive) {
            List<ZipEntry> all;
            try {
                all = new ArrayList<>(Collections.list(archive.entries()));
            } catch (IllegalArgumentException e) {
                throw new SourceDataException(Problem.CORRUPT_ARCHIVE, "an entry name is not valid UTF-8",
                        Optional.of(archiveName), Optional.empty(), OptionalLong.empty(), e);
            }
            List<ZipEntry> data = new ArrayList<>();
            Set<String> outputs = new HashSet<>();
            for (ZipEntry entry : all) {
                checkName(archiveName, entry.getName());
                if (!entry.isDirectory() && entryFilter.test(entry.getName())) {
                    claimOutput(archiveName, entry.getName(), outputs);
                    checkDeclaredSizes(archiveName, entry);
                    data.add(entry);
                }
            }
            requireData(archiveName, all.size(), data.size());
            // ZipFile does not tell how many compressed bytes an entry really took: no entry can take
            // more than the whole file, and the budget holds all entries to the file's real size.
            long fileBytes = Files.size(zipFile);
            InflationBudget budget = new InflationBudget(archiveName, () -> fileBytes, maxExpansionRatio);
            return runAll(archiveName, data, entry -> {
                InputStream raw = archive.getInputStream(entry);
                long compressed = Math.min(entry.getCompressedSize(), fileBytes);
                EntryStream guarded = new EntryStream(raw, archiveName, entry.getName(), () -> compressed,
                        maxEntryBytes, maxExpansionRatio, OptionalLong.of(entry.getSize()),
                        OptionalLong.of(entry.getCrc()), budget);
                try (guarded) {
                    return processEntry(archiveName, entry.getName(), OptionalLong.of(entry.getSize()), guarded, sink);
                }
            });
        }
    }

    @FunctionalInterface
    private interface EntryTask {
        EntrySummary run(ZipEntry entry) throws IOException;
    }

    private List<EntrySummary> runAll(String archiveName, List<ZipEntry> entries, EntryTask task) throws IOException {
        if (parallelism == 1 || entries.size() == 1) {
            List<EntrySummary> results = new ArrayList<>();
            for (ZipEntry entry : entries) {
                results.add(task.run(entry));
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, entries.size()),
                new Workers(archiveName));
        CompletionService<Integer> done = new ExecutorCompletionService<>(pool);
        EntrySummary[] results = new EntrySummary[entries.size()];
        try {
            for (int i = 0; i < entries.size(); i++) {
                int index = i;
                done.submit(() -> {
                    results[index] = task.run(entries.get(index));
                    return index;
                });
            }
            for (int i = 0; i < entries.size(); i++) {
                try {
                    done.take().get();
                } catch (ExecutionException e) {
                    pool.shutdownNow();
                    awaitQuietly(pool);
                    throw rethrow(e.getCause());
                }
            }
            return List.of(results);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
            awaitQuietly(pool);
            throw new InterruptedIOException("processing " + archiveName + " was interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            // Let running entries see the interrupt and close their allocators before returning.
            if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
                LOG.log(System.Logger.Level.WARNING, "entry workers did not stop within 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static IOException rethrow(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException(cause);
    }

    private EntrySummary processEntry(String archiveName, String name, OptionalLong size, InputStream data,
                                      EntrySink sink) throws IOException {
        long started = System.nanoTime();
        listener.onEvent(new ProgressEvent.EntryStarted(archiveName, name, size));
        LOG.log(System.Logger.Level.DEBUG, "{0}: reading {1}", SafeText.escape(archiveName), SafeText.escape(name));
        TableLayout layout = Objects.requireNonNull(layouts.apply(name), "layout for " + name);
        try (BufferAllocator allocator = Objects.requireNonNull(allocators.get(), "allocator")) {
            TextTableParser parser = new TextTableParser(layout, allocator, Optional.of(archiveName), Optional.of(name),
                    (rows, bytes) -> listener.onEvent(new ProgressEvent.EntryProgress(archiveName, name, rows, bytes)));
            TextTableParser.Result result;
            try {
                result = parser.parse(data);
            } catch (UncheckedIOException e) {
                // A spilling allocator that cannot create its backing file reports it unchecked.
                throw e.getCause();
            }
            String output = EntryNames.outputName(name);
            sink.accept(new EntryTable(archiveName, name, output, result.table(), result.charset(), result.bytes()));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            listener.onEvent(new ProgressEvent.EntryFinished(archiveName, name, result.table().rowCount(),
                    result.table().dtypes(), result.bytes(), elapsed));
            LOG.log(System.Logger.Level.DEBUG, "{0}: {1} gave {2} rows in {3} ms", SafeText.escape(archiveName),
                    SafeText.escape(name), result.table().rowCount(), elapsed.toMillis());
            return new EntrySummary(name, output, result.table().rowCount(), result.table().columnNames(),
                    result.table().dtypes(), result.charset(), result.bytes(), elapsed);
        }
    }

    private static ZipEntry nextEntry(ZipInputStream entries, String archiveName) throws IOException {
        try {
            return entries.getNextEntry();
        } catch (ZipException e) {
            throw new SourceDataException(Problem.CORRUPT_ARCHIVE, "a local entry header is damaged: " + e.getMessage(),
                    Optional.of(archiveName), Optional.empty(), OptionalLong.empty(), e);
        } catch (java.io.EOFException e) {
            throw new SourceDataException(Problem.TRUNCATED_ARCHIVE, "the archive ends inside an entry header",
                    Optional.of(archiveName), Optional.empty(), OptionalLong.empty(), e);
        } catch (IllegalArgumentException e) {
            throw new SourceDataException(Problem.CORRUPT_ARCHIVE, "an entry name is not valid UTF-8",
                    Optional.of(archiveName), Optional.empty(), OptionalLong.empty(), e);
        }
    }

    private static void checkSignature(String archiveName, byte[] first, int length, String what)
            throws SourceDataException {
        if (ZipSignature.startsWithEntry(first, length)) {
            return;
        }
        if (ZipSignature.isEmptyArchive(first, length)) {
            throw new SourceDataException(Problem.EMPTY_ARCHIVE, "the archive has no entries",
                    Optional.of(archiveName), Optional.empty(), OptionalLong.empty());
        }
        String detail = length == 0 ? "not a zip archive: the " + what + " is empty"
                : "not a zip archive: " + ZipSignature.describeStart(first, length);
        throw new SourceDataException(Problem.NOT_A_ZIP, detail, Optional.of(archiveName), Optional.empty(),
                OptionalLong.empty());
    }

    private static void checkName(String archiveName, String name) throws SourceDataException {
        Optional<String> unsafe = EntryNames.unsafeBecause(name);
        if (unsafe.isPresent()) {
            throw new SourceDataException(Problem.UNSAFE_ENTRY_NAME, unsafe.get(), Optional.of(archiveName),
                    Optional.of(name), OptionalLong.empty());
        }
    }

    private static void claimOutput(String archiveName, String name, Set<String> outputs) throws SourceDataException {
        String output = EntryNames.outputName(name);
        if (!outputs.add(output)) {
            throw new SourceDataException(Problem.UNSAFE_ENTRY_NAME, "another entry already gives " + output,
                    Optional.of(archiveName), Optional.of(name), OptionalLong.empty());
        }
    }

    private void checkDeclaredSizes(String archiveName, ZipEntry entry) throws SourceDataException {
        long size = entry.getSize();
        long compressed = Math.max(1, entry.getCompressedSize());
        if (size > maxEntryBytes) {
            throw new SourceDataException(Problem.ZIP_BOMB, "the entry declares " + size
                    + " bytes, beyond the limit of " + maxEntryBytes, Optional.of(archiveName),
                    Optional.of(entry.getName()), OptionalLong.empty());
        }
        if (size > EntryStream.RATIO_GRACE_BYTES && size > maxExpansionRatio * compressed) {
            throw new SourceDataException(Problem.ZIP_BOMB, String.format(Locale.ROOT, "the entry declares a %.0f-fold expansion"
                    + " (%d bytes from %d), beyond the limit of %.0f", (double) size / compressed, size, compressed,
                    maxExpansionRatio), Optional.of(archiveName), Optional.of(entry.getName()), OptionalLong.empty());
        }
    }

    private static void requireData(String archiveName, int entries, int dataEntries) throws SourceDataException {
        if (entries == 0) {
            throw new SourceDataException(Problem.EMPTY_ARCHIVE, "the archive has no entries",
                    Optional.of(archiveName), Optional.empty(), OptionalLong.empty());
        }
        if (dataEntries == 0) {
            throw new SourceDataException(Problem.EMPTY_ARCHIVE, "none of the " + entries
                    + " entries is a data entry the filter accepts", Optional.of(archiveName), Optional.empty(),
                    OptionalLong.empty());
        }
    }

    static final class Workers implements ThreadFactory {
        private final String archiveName;
        private final AtomicInteger count = new AtomicInteger();

        Workers(String archiveName) {
            this.archiveName = archiveName;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "bsee-zip-" + archiveName + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }

    private static final class OutputStreamDiscard extends java.io.OutputStream {
        static final OutputStreamDiscard INSTANCE = new OutputStreamDiscard();

        @Override
        public void write(int b) {
            // discarded
        }

        @Override
        public void write(byte[] b, int off, int len) {
            // discarded
        }
    }

    /// Options of a [ZipStreamProcessor].
    public static final class Builder {
        private Predicate<String> entryFilter = name -> EntryNames.baseName(name).toLowerCase(Locale.ROOT).endsWith(".txt");
        private Function<String, TableLayout> layouts = SourceCatalog::layoutForEntry;
        private Supplier<BufferAllocator> allocators = BufferAllocator::heap;
        private double maxExpansionRatio = 200;
        private long maxEntryBytes = 8L << 30;
        private ProgressListener listener = ProgressListener.none();
        private int parallelism = 1;
        private Path spoolDirectory = Path.of(System.getProperty("java.io.tmpdir"));

        private Builder() {
        }

        /// Which entries are data, by their full name (default: names ending in `.txt`, any case).
        /// Folder entries are always skipped.
        ///
        /// @param filter accepts data entry names
        /// @return this builder
        public Builder entryFilter(Predicate<String> filter) {
            this.entryFilter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /// The text layout of each entry, by its full name (default:
        /// [SourceCatalog#layoutForEntry(String)]).
        ///
        /// @param layouts gives the layout for an entry name
        /// @return this builder
        public Builder layouts(Function<String, TableLayout> layouts) {
            this.layouts = Objects.requireNonNull(layouts, "layouts");
            return this;
        }

        /// A fresh allocator for each entry (default: the heap); each is closed after the sink has
        /// handled its entry. A spilling allocator keeps the heap bounded whatever the entry size.
        ///
        /// @param allocators makes one allocator per entry
        /// @return this builder
        public Builder allocators(Supplier<BufferAllocator> allocators) {
            this.allocators = Objects.requireNonNull(allocators, "allocators");
            return this;
        }

        /// The largest uncompressed/compressed ratio an entry may reach once past 1 MiB (default 200;
        /// BSEE text compresses about ten-fold).
        ///
        /// @param ratio the ratio, at least 1
        /// @return this builder
        public Builder maxExpansionRatio(double ratio) {
            if (!(ratio >= 1) || Double.isInfinite(ratio)) {
                throw new IllegalArgumentException("the expansion ratio must be a finite number >= 1: " + ratio);
            }
            this.maxExpansionRatio = ratio;
            return this;
        }

        /// The most uncompressed bytes one entry may have (default 8 GiB).
        ///
        /// @param bytes the limit, positive
        /// @return this builder
        public Builder maxEntryBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("the entry size limit must be positive: " + bytes);
            }
            this.maxEntryBytes = bytes;
            return this;
        }

        /// Receives entry started, progress and finished events (default: none).
        ///
        /// @param listener the listener; called from worker threads
        /// @return this builder
        public Builder listener(ProgressListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /// How many entries run at once (default 1). A file's entries are read in parallel; a
        /// stream is read by one thread, which buffers each entry for one of `entries` parsing
        /// threads (bounded heap, then a spill file in the [#spoolDirectory(Path)]), so receiving
        /// and inflating overlap with parsing and writing.
        ///
        /// @param entries the number of entries at once, at least 1
        /// @return this builder
        public Builder parallelism(int entries) {
            if (entries < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1: " + entries);
            }
            this.parallelism = entries;
            return this;
        }

        /// Where a stream's entry bytes that are received faster than they are parsed go once their
        /// heap bound is reached (default: `java.io.tmpdir`); the files are deleted as soon as the
        /// entry is parsed. Only used with a [#parallelism(int)] above 1.
        ///
        /// @param directory an existing directory
        /// @return this builder
        public Builder spoolDirectory(Path directory) {
            this.spoolDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /// The processor.
        ///
        /// @return the processor
        public ZipStreamProcessor build() {
            return new ZipStreamProcessor(this);
        }
    }
}
