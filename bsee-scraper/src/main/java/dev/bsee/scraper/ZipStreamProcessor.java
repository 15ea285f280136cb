package dev.bsee.scraper;

import dev.bsee.core.BseeSource;
import dev.bsee.core.BufferAllocator;
import dev.bsee.core.ProgressListener;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.TableLayout;
import dev.bsee.core.internal.ListenerGuard;
import dev.bsee.core.internal.OptionChecks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/// Turns a zip archive of BSEE text files into one [dev.bsee.core.Table] per data entry, handed to
/// an [EntrySink], without ever writing the archive to disk:
///
/// ```java
/// ZipStreamProcessor processor = ZipStreamProcessor.builder()
///         .allocators(() -> SpillingBuffers.open(spillDir, 64L << 20))   // bounded heap whatever the entry size
///         .listener(events)
///         .build();
/// try (InputStream body = response.body()) {
///     processor.process(body, "ProductionRawData.zip", entry -> writer.write(entry.table(), out.resolve(entry.outputName()), tmp));
/// }
/// ```
///
/// [#process(InputStream, String, EntrySink)] reads any stream entry by entry, in order (with a
/// parallelism above 1 it inflates and parses entries on other threads while it receives the
/// next); the [#process(Path, EntrySink)] form reads a file through its central directory and can
/// run entries in parallel. Folder entries are skipped, and by default only `.txt` entries are data.
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
/// turns out to be damaged, and with a parallelism above 1 (stream or file) also entries after a
/// damaged one, verified and parsed on other threads meanwhile; the exception then still fails the
/// whole archive.
///
/// A processor is immutable and thread-safe. The library logs through `System.Logger` and reports
/// progress only through the [ProgressListener].
public final class ZipStreamProcessor {

    private final ProcessorSettings settings;

    private ZipStreamProcessor(Builder builder) {
        this.settings = new ProcessorSettings(builder.entryFilter, builder.layouts, builder.allocators,
                builder.maxExpansionRatio, builder.maxEntryBytes, builder.listener, builder.parallelism,
                builder.spoolDirectory, builder.source);
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
    /// @param archiveName the archive's name, for messages and progress events; not blank
    /// @param sink receives each data entry
    /// @return one summary per data entry, in archive order
    /// @throws SourceDataException when the archive or an entry is bad
    /// @throws IOException when reading fails (naming the archive) or the sink fails
    /// @throws IllegalArgumentException when `archiveName` is blank
    public List<EntrySummary> process(InputStream zip, String archiveName, EntrySink sink) throws IOException {
        Objects.requireNonNull(zip, "zip");
        dev.bsee.core.internal.OptionChecks.notBlank("archiveName", archiveName);
        Objects.requireNonNull(sink, "sink");
        return new StreamWalk(settings, archiveName, sink).walk(new ArchiveStream(zip, archiveName));
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
        return new FileWalk(settings, sink).walk(zipFile);
    }

    /// Options of a [ZipStreamProcessor].
    public static final class Builder {
        private Predicate<String> entryFilter = name -> BseeSource.TEXT_ENTRIES.matcher(name).matches();
        private Function<String, TableLayout> layouts = SourceCatalog::layoutForEntry;
        private Supplier<BufferAllocator> allocators = BufferAllocator::heap;
        private double maxExpansionRatio = 200;
        private long maxEntryBytes = 8L << 30;
        private ProgressListener listener = ProgressListener.none();
        private int parallelism = 1;
        private Path spoolDirectory = Path.of(System.getProperty("java.io.tmpdir"));
        private String source;

        private Builder() {
        }

        /// Which entries are data, by their full name (default: [BseeSource#TEXT_ENTRIES], names ending
        /// in `.txt`, any case, whatever characters come before).
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
        /// handled its entry. A spilling allocator (`dev.bsee.binary.SpillingBuffers`, in bsee-binary)
        /// keeps the heap bounded whatever the entry size.
        ///
        /// @param allocators makes one allocator per entry
        /// @return this builder
        public Builder allocators(Supplier<BufferAllocator> allocators) {
            this.allocators = Objects.requireNonNull(allocators, "allocators");
            return this;
        }

        /// The largest uncompressed/compressed ratio an entry (and an archive as a whole) may reach once
        /// past 16 MiB inflated (default 200; BSEE text compresses about ten-fold, and the first
        /// megabytes of an honest entry far better when they hold a long repetitive field).
        ///
        /// @param ratio the ratio, at least 1
        /// @return this builder
        public Builder maxExpansionRatio(double ratio) {
            if (!(ratio >= 1) || Double.isInfinite(ratio)) {
                throw new IllegalArgumentException("maxExpansionRatio must be a finite number >= 1: " + ratio);
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
                throw new IllegalArgumentException("maxEntryBytes must be positive: " + bytes);
            }
            this.maxEntryBytes = bytes;
            return this;
        }

        /// Receives entry started, progress and finished events (default: none).
        ///
        /// @param listener the listener; called from worker threads
        /// @return this builder
        public Builder listener(ProgressListener listener) {
            this.listener = ListenerGuard.of(listener);
            return this;
        }

        /// The source the entry events name ([dev.bsee.core.ProgressEvent#source()]), so that they match the
        /// events of the download that brought the archive (default: the archive's file name, as a
        /// conversion of files without a source names it).
        ///
        /// @param id the source id, such as `production_raw`; not blank
        /// @return this builder
        /// @throws IllegalArgumentException when `id` is blank
        public Builder source(String id) {
            this.source = dev.bsee.core.internal.OptionChecks.notBlank("source", id);
            return this;
        }

        /// How many entries run at once (default 1). A file's entries are read in parallel; a
        /// stream is read by one thread, which buffers each entry for one of `entries` threads
        /// (bounded heap, then a spill file in the [#spoolDirectory(Path)]), so receiving overlaps
        /// with parsing and writing. The buffered bytes are compressed, and inflated by the entry's
        /// thread, when the local header declares the compressed size (no data descriptor, as in
        /// every BSEE archive); an entry with a data descriptor is inflated as it is received.
        ///
        /// Until the JVM has read its first entry (or 32 MiB of its text), at most one entry fewer
        /// than the processors runs and the others wait, so that the JIT has a processor for the
        /// reader's code: on two processors the first entry is read alone, which took a few percent
        /// off the CPU and the wall of the production archive. That entry's table is read before
        /// its sink is called, so sinks never wait for this.
        ///
        /// @param entries the number of entries at once, at least 1
        /// @return this builder
        public Builder parallelism(int entries) {
            this.parallelism = OptionChecks.atLeast("parallelism", entries, 1);
            return this;
        }

        /// Where a stream's entry bytes that are received faster than they are parsed go once their
        /// heap bound is reached (default: `java.io.tmpdir`); the files are deleted as soon as the
        /// entry is parsed. Only used with a [#parallelism(int)] above 1.
        ///
        /// @param directory an existing directory; a stream processed in parallel is refused before its
        ///     first byte is read (an `IOException` naming it) when it is not one
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
