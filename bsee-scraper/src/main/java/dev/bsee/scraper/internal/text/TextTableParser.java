package dev.bsee.scraper.internal.text;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.Table;
import dev.bsee.core.TableLayout;
import dev.bsee.core.internal.ColumnBufferFull;
import dev.bsee.core.internal.MessageText;
import dev.bsee.scraper.SourceDataException;
import dev.bsee.scraper.SourceDataException.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/// Reads comma-separated text into a [Table] the way `pandas.read_csv(f, low_memory=False)` (the C
/// engine, default options) does, UTF-8 first and ISO-8859-1 when the text is not UTF-8.
///
/// Three parts do the work, in the order pandas does it: [TextTokenizer] splits the bytes into fields
/// and records (`tokenizer.c`) and emits them to [RowShaper], which applies the rules about records
/// (header, names, implicit index, short and long rows) and keeps each cell in its column's
/// [CellStore]; at the end [TextTableAssembler] names and types the columns ([ColumnConverter]) and builds
/// the table. The rules are listed in `docs/text-parsing.md`.
///
/// One instance reads one text; it is not thread-safe.
public final class TextTableParser {

    private static final System.Logger LOG = System.getLogger(TextTableParser.class.getName());

    /// Receives progress while the text is read.
    @FunctionalInterface
    public interface Progress {
        /// Called every few megabytes.
        ///
        /// @param rows data rows read so far
        /// @param bytes text bytes read so far
        void update(long rows, long bytes);
    }

    /// The result of reading one text.
    ///
    /// @param table the table
    /// @param charset the charset the text was read in (UTF-8 or ISO-8859-1)
    /// @param bytes the number of text bytes read
    public record Result(Table table, Charset charset, long bytes) {
    }

    private final TableLayout layout;
    private final BufferAllocator allocator;
    private final TextOrigin origin;
    private final Progress progress;
    private final RowShaper shaper;
    /// The most bytes reported so far: a second reading of the text reports only once it is past them,
    /// so progress never goes back.
    private long reportedBytes = -1;
    /// The tokenizer of the reading under way, or of the last one.
    private TextTokenizer reading;

    /// A parser for one text.
    ///
    /// @param layout header row, or column names for headerless text
    /// @param allocator where column buffers come from
    /// @param archive the archive name, for error messages, or null when there is none
    /// @param entry the entry or file name, for error messages, or null when there is none
    /// @param progress told every few megabytes
    public TextTableParser(TableLayout layout, BufferAllocator allocator, String archive, String entry,
                           Progress progress) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.origin = new TextOrigin(archive, entry);
        this.progress = Objects.requireNonNull(progress, "progress");
        this.shaper = new RowShaper(layout, allocator, origin, false);
    }

    /// Reads the whole stream (it is not closed) into a table.
    ///
    /// A text that starts with a byte order mark and a quote, a line end or white space
    /// ([TextTokenizer#startsAmbiguously]) is kept while it is read: when it turns out not to be UTF-8,
    /// it is read again with the mark as text, as pandas reads it in ISO-8859-1. Its first reading
    /// failing (say, a quote the mark would have made text is never closed) counts only when pandas
    /// would not have met a byte that is not UTF-8 first: it decodes ahead of its tokenizer and falls
    /// back to ISO-8859-1 as soon as it does ([PandasDecoding]).
    ///
    /// @param input the text
    /// @return the table and what was learned about the text
    /// @throws SourceDataException when the text is malformed
    /// @throws IOException when reading fails
    public Result parse(InputStream input) throws IOException {
        PushbackInputStream text = new PushbackInputStream(Objects.requireNonNull(input, "input"), 4);
        byte[] head = text.readNBytes(4);
        text.unread(head);
        if (!TextTokenizer.startsAmbiguously(head)) {
            return read(text, shaper, false, false);
        }
        TextSpool spool = new TextSpool(text, allocator);
        try {
            Result first = read(spool, shaper, false, true);
            if (spool.utf8()) {
                return first;
            }
        } catch (SourceDataException e) {
            if (!PandasDecoding.failsBefore(spool.fromStart(), reading.position())) {
                throw e;
            }
        }
        return read(spool.replay(), new RowShaper(layout, allocator, origin, true), true, false);
    }

    private void report(RowShaper rows, long bytes) {
        if (bytes >= reportedBytes) {
            reportedBytes = bytes;
            progress.update(rows.rows(), bytes);
        }
    }

    /// Reads `text` once; `markIsText` reads a byte order mark as ISO-8859-1 text; `readAgainUnlessUtf8`
    /// says that text found not to be UTF-8 is read a second time, whose reading then counts.
    private Result read(InputStream text, RowShaper rows, boolean markIsText, boolean readAgainUnlessUtf8)
            throws IOException {
        TextTokenizer tokenizer = new TextTokenizer(text, rows, origin, bytes -> report(rows, bytes), markIsText);
        rows.recordEnds(tokenizer::afterRecordEnd);
        reading = tokenizer;
        try {
            tokenizer.run();
            report(rows, tokenizer.bytesRead());
            boolean utf8 = tokenizer.utf8() && !markIsText;
            if (utf8 || !readAgainUnlessUtf8) {
                rows.checkTokenBuffers(utf8, tokenizer.byteOrderMark(), tokenizer.bytesRead());
            }
            Table table = new TextTableAssembler(layout, allocator, origin).assemble(rows, utf8, tokenizer.byteOrderMark());
            if (tokenizer.cutFields() > 0) {
                long cut = tokenizer.cutFields();
                LOG.log(System.Logger.Level.WARNING, origin.notice(cut == 1
                        ? "a field holds a NUL byte: it keeps only its text before the NUL, as pandas reads it"
                        : MessageText.count(cut, "field") + " hold a NUL byte, the first on this line: each keeps only"
                        + " its text before its first NUL, as pandas reads them", tokenizer.firstCutLine()));
            }
            return new Result(table, utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1, tokenizer.bytesRead());
        } catch (ColumnBufferFull full) {
            // A column's text while it is read, or its values once typed (8 bytes a number).
            throw origin.failure(Problem.TOO_LARGE, full.getMessage() + " (2 GiB): the entry is too large to convert", full);
        }
    }
}
