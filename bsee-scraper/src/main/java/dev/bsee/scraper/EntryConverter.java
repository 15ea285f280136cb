package dev.bsee.scraper;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.ProgressEvent;
import dev.bsee.core.ProgressListener;
import dev.bsee.core.internal.SafeText;
import dev.bsee.core.TableLayout;
import dev.bsee.scraper.internal.text.TextTableParser;
import dev.bsee.scraper.internal.zip.EntryNames;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/// One data entry's bytes to one [EntryTable] handed to the sink, whichever walk found the entry:
/// the layout for its name, a fresh allocator closed once the sink returns (whether it succeeded or
/// not), the parse, and the started, progress and finished events.
final class EntryConverter {

    private static final System.Logger LOG = System.getLogger(EntryConverter.class.getName());

    /// What damaged bytes look like once read as text.
    private static final Set<SourceDataException.Problem> TEXT_PROBLEMS = EnumSet.of(SourceDataException.Problem.MALFORMED_ROW,
            SourceDataException.Problem.UNTERMINATED_QUOTE, SourceDataException.Problem.UNDECODABLE_TEXT);

    /// What reading the rest of such an entry can find instead: the archive itself is at fault.
    private static final Set<SourceDataException.Problem> ARCHIVE_PROBLEMS = EnumSet.of(
            SourceDataException.Problem.CORRUPT_ARCHIVE, SourceDataException.Problem.TRUNCATED_ARCHIVE);

    private final ProcessorSettings settings;
    private final String archiveName;
    private final EntrySink sink;

    EntryConverter(ProcessorSettings settings, String archiveName, EntrySink sink) {
        this.settings = settings;
        this.archiveName = archiveName;
        this.sink = sink;
    }

    /// Parses `data` to its end and hands the table to the sink.
    ///
    /// @param name the entry name
    /// @param declaredSize the uncompressed size the archive declares, negative when it declares none
    /// @param data the entry's verified bytes
    EntrySummary convert(String name, long declaredSize, InputStream data) throws IOException {
        long started = System.nanoTime();
        ProgressListener listener = settings.listener();
        String source = settings.eventSource(archiveName);
        listener.onEvent(new ProgressEvent.EntryStarted(source, name, declaredSize));
        LOG.log(System.Logger.Level.DEBUG, "{0}: reading {1}", SafeText.escape(archiveName), SafeText.escape(name));
        TableLayout layout = Objects.requireNonNull(settings.layouts().apply(name), "layout for " + name);
        try (BufferAllocator allocator = Objects.requireNonNull(settings.allocators().get(), "allocator")) {
            TextTableParser parser = new TextTableParser(layout, allocator, archiveName, name,
                    (rows, bytes) -> {
                        WarmUpGate.JVM.textRead(bytes);
                        listener.onEvent(new ProgressEvent.EntryProgress(source, name, rows, bytes));
                    });
            TextTableParser.Result result;
            try {
                result = parser.parse(data);
            } catch (SourceDataException e) {
                throw damageBehind(e, data);
            } catch (UncheckedIOException e) {
                // A spilling allocator that cannot create or grow its backing file reports it
                // unchecked, naming only the spill file ("Too many open files", a full disk).
                IOException cause = e.getCause();
                throw new IOException(archiveName + ": " + name + ": the column buffers spilled to disk failed: "
                        + (cause instanceof java.nio.file.FileSystemException fs
                        ? dev.bsee.core.internal.MessageText.fileFailure(fs) : cause.getMessage()), cause);
            } catch (InternalError e) {
                // A write into a memory-mapped spill file that the file system cannot back (a full
                // disk) faults, and the JVM reports it as an InternalError: named here, not a trace.
                if (!String.valueOf(e.getMessage()).contains("unsafe memory access")) {
                    throw e;
                }
                throw new IOException(archiveName + ": " + name + ": could not write "
                        + "the column buffers spilled to disk (is the disk of the output folder full?)", e);
            } catch (OutOfMemoryError e) {
                // The parse is bounded by shares of the heap, but entries run side by side: what this
                // one held is garbage once the stack unwinds, and the failure names the entry.
                throw SourceDataException.builder(SourceDataException.Problem.TOO_LARGE, String.format(Locale.ROOT,
                        "the entry needs more heap than this JVM has (%,d MiB); a larger -Xmx or fewer entries at"
                                + " once reads it", Runtime.getRuntime().maxMemory() >> 20))
                        .archive(archiveName).entry(name).cause(e).build();
            }
            String output = EntryNames.outputName(name);
            // The table is read: the entries held back for the compiler may start ([WarmUpGate]).
            WarmUpGate.JVM.open();
            sink.accept(new EntryTable(archiveName, name, output, result.table(), result.charset(), result.bytes()));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            listener.onEvent(new ProgressEvent.EntryFinished(source, name, result.table().rowCount(),
                    result.table().dtypes(), result.bytes(), elapsed));
            LOG.log(System.Logger.Level.DEBUG, "{0}: {1} gave {2} rows in {3} ms", SafeText.escape(archiveName),
                    SafeText.escape(name), result.table().rowCount(), elapsed.toMillis());
            return new EntrySummary(name, output, result.table().rowCount(), result.table().columnNames(),
                    result.table().dtypes(), result.charset(), result.bytes(), elapsed);
        }
    }

    /// Of an entry's own failure (its parse, on a worker) and the failure the thread that reads the
    /// archive met in the same entry's bytes (it inflates an entry with a data descriptor, and finds
    /// where a stored one ends), the one to report: a text failure gives way to a damaged or
    /// truncated archive, the text's failure attached, as [#damageBehind] decides on one thread,
    /// where the worker cannot find the damage itself (its bytes end in the reading thread's failure).
    static SourceDataException reported(SourceDataException entryFailure, SourceDataException readFailure) {
        if (entryFailure == readFailure) {
            return entryFailure;
        }
        if (TEXT_PROBLEMS.contains(entryFailure.problem()) && ARCHIVE_PROBLEMS.contains(readFailure.problem())) {
            readFailure.addSuppressed(entryFailure);
            return readFailure;
        }
        entryFailure.addSuppressed(readFailure);
        return entryFailure;
    }

    /// The failure to report when the text of an entry is wrong. Damaged compressed or stored bytes
    /// read as a row with a field too many or text that is not text, usually long before the entry's
    /// end, where its CRC is checked; so the rest of the entry is read, through the same limits, and a
    /// damaged archive is named as such (the text's failure attached), not as data the source got
    /// wrong. Text that is wrong in an intact archive is reported as it was found.
    private static SourceDataException damageBehind(SourceDataException textFailure, InputStream data) {
        if (!TEXT_PROBLEMS.contains(textFailure.problem())) {
            return textFailure;
        }
        try {
            data.transferTo(OutputStream.nullOutputStream());
        } catch (SourceDataException archiveFailure) {
            if (ARCHIVE_PROBLEMS.contains(archiveFailure.problem())) {
                archiveFailure.addSuppressed(textFailure);
                return archiveFailure;
            }
        } catch (IOException unread) {
            // The rest could not be read (a download that broke off): the text's failure stands.
            textFailure.addSuppressed(unread);
        }
        return textFailure;
    }
}
