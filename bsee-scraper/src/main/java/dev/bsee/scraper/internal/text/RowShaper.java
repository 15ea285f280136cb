package dev.bsee.scraper.internal.text;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.TableLayout;
import dev.bsee.core.internal.MessageText;
import dev.bsee.scraper.SourceDataException;
import dev.bsee.scraper.SourceDataException.Problem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/// Gives the records of a text the shape `read_csv` gives them: the header row (or the layout's
/// names), the width, the implicit index columns, short rows padded with missing cells, long rows
/// rejected; and keeps each cell in its column's [CellStore].
///
/// Why it is separate: these are pandas' rules about records (`_get_header`, the implicit index of
/// `_infer_columns`, "Expected n fields, saw m"), which the tokenizer's byte states know nothing about
/// and the typing of columns needs only the outcome of: the stores, their width, how many leading
/// columns are index and how many rows there are.
///
/// The first data row may have more fields than the header (the extra leading fields become the row
/// index), later rows may have fewer (the rest is missing) but not more.
final class RowShaper implements FieldSink {

    private static final int MODE_HEADER = 0;
    private static final int MODE_FIRST_ROW = 1;
    private static final int MODE_DATA = 2;

    private static final int MAX_ROWS = Integer.MAX_VALUE - 8;
    /// Heap one column takes whatever its length: its cell store, name, typed column and buffer
    /// views (about 470 bytes measured on JDK 25 with a million columns of three rows, rounded up).
    static final long COLUMN_HEAP_BYTES = 600;

    private final TableLayout layout;
    private final BufferAllocator allocator;
    private final TextOrigin origin;
    private final int maxColumns;
    /// The layout's names as bytes when a first record equal to them is the header, else null.
    private final byte[][] namesAsHeader;
    /// Whether the text is read with a byte order mark as ISO-8859-1 text ([TextTokenizer#startsAmbiguously]).
    private final boolean markIsText;

    private int mode;
    private long recordLine;
    private int fieldIndex;
    private final List<byte[]> pending = new ArrayList<>();
    private List<byte[]> headerFields;
    private int width;
    private int leadingColumns;
    private CellStore[] stores;
    private long rows;
    /// pandas' token buffers, replayed to refuse what it refuses when short rows fill them.
    private final PandasTokenBuffers tokenBuffers;
    /// Where the record being ended ends, from the tokenizer.
    private LongSupplier recordEnd = () -> 0;

    /// @param layout header row, or column names for headerless text
    /// @param allocator where the cell stores' buffers come from
    /// @param origin names the text in errors
    /// @param markIsText whether a byte order mark at the start is read as text: the first field
    ///     then holds it, and a names record behind it is still the header
    /// @throws IllegalArgumentException when the layout names a column twice
    RowShaper(TableLayout layout, BufferAllocator allocator, TextOrigin origin, boolean markIsText) {
        this.layout = layout;
        this.allocator = allocator;
        this.origin = origin;
        this.markIsText = markIsText;
        this.maxColumns = maxColumns(Runtime.getRuntime().maxMemory());
        if (layout instanceof TableLayout.ColumnNames names) {
            if (new HashSet<>(names.names()).size() != names.names().size()) {
                throw new IllegalArgumentException("duplicate column names are not allowed: " + names.names());
            }
            mode = MODE_FIRST_ROW;
            namesAsHeader = names.headerWhenNamed()
                    ? names.names().stream().map(n -> n.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new) : null;
            // pandas reads a names record as a row (header=None); only the Java reading takes it as the header.
            tokenBuffers = new PandasTokenBuffers(false, names.names().size());
        } else {
            mode = MODE_HEADER;
            namesAsHeader = null;
            tokenBuffers = new PandasTokenBuffers(true, 0);
        }
    }

    /// The most columns an entry may have in a heap of `maxHeapBytes`: their fixed cost may take
    /// half of it, the rest is for the data (whose buffers spill to disk past their budget).
    static int maxColumns(long maxHeapBytes) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(1, maxHeapBytes / 2 / COLUMN_HEAP_BYTES));
    }

    /// Where the record being ended ends (the position of the byte after its line end), asked at
    /// each record's end.
    void recordEnds(LongSupplier position) {
        recordEnd = position;
    }

    /// Refuses the text, as pandas does, when its short rows fill pandas' token buffers
    /// ([PandasTokenBuffers]).
    ///
    /// @param utf8 whether the text is read as UTF-8
    /// @param markDropped whether a byte order mark was dropped from its start
    /// @param textBytes its length in bytes
    /// @throws SourceDataException naming the line where pandas fails
    void checkTokenBuffers(boolean utf8, boolean markDropped, long textBytes) throws SourceDataException {
        long line = tokenBuffers.overflowLine(utf8, markDropped, textBytes);
        if (line >= 0) {
            throw origin.failure(Problem.MALFORMED_ROW, "pandas refuses this text (\"Buffer overflow caught -"
                    + " possible malformed input file\"): its tokenizer pads each short row with empty fields beyond"
                    + " the room it kept, and the rows up to this one fill its buffers", line);
        }
    }

    @Override
    public void beginRecord(long line) {
        recordLine = line;
    }

    @Override
    public void field(byte[] bytes, int offset, int length, int kept, boolean digitsOnly) throws SourceDataException {
        tokenBuffers.field(bytes, offset, length);
        if (mode == MODE_DATA) {
            if (fieldIndex < width) {
                if (digitsOnly && kept > 0 && kept <= CellStore.MAX_DIGITS) {
                    stores[fieldIndex].addDigits(bytes, offset, kept);
                } else {
                    stores[fieldIndex].addText(bytes, offset, kept);
                }
            }
        } else {
            if (kept < length && mode == MODE_HEADER) {
                // pandas would cut the name there too, but a header is written by a program, not typed:
                // a NUL in it says the entry is not the text it claims to be.
                throw origin.failure(Problem.UNDECODABLE_TEXT, "a NUL byte in the header, which no column name"
                        + " holds: binary data or a damaged file", recordLine);
            }
            if (pending.size() == maxColumns) {
                throw origin.failure(Problem.TOO_LARGE, String.format(Locale.ROOT, "the row has more than %,d fields:"
                        + " every column takes about %d bytes of heap whatever its length, and %,d columns fill half"
                        + " of this JVM's heap (%,d MiB); a larger -Xmx reads it", maxColumns, COLUMN_HEAP_BYTES,
                        maxColumns, Runtime.getRuntime().maxMemory() >> 20), recordLine);
            }
            pending.add(Arrays.copyOfRange(bytes, offset, offset + kept));
        }
        fieldIndex++;
    }

    @Override
    public void endRecord() throws SourceDataException {
        tokenBuffers.endRecord(recordLine, recordEnd);
        switch (mode) {
            case MODE_DATA -> {
                if (fieldIndex > width) {
                    throw origin.failure(Problem.MALFORMED_ROW, "expected " + width + " fields, saw " + fieldIndex,
                            recordLine);
                }
                for (int i = fieldIndex; i < width; i++) {
                    stores[i].addEmpty();
                }
                countRow();
            }
            case MODE_HEADER -> {
                headerFields = new ArrayList<>(pending);
                pending.clear();
                mode = MODE_FIRST_ROW;
            }
            default -> {
                if (headerFields == null && namesAsHeader != null && isNamesRecord()) {
                    // The first record is the layout's names: it is the header, as read_csv() reads it.
                    headerFields = new ArrayList<>(pending);
                    pending.clear();
                    fieldIndex = 0;
                    return;
                }
                int named = headerFields != null ? headerFields.size()
                        : ((TableLayout.ColumnNames) layout).names().size();
                width = Math.max(named, pending.size());
                leadingColumns = Math.max(0, pending.size() - named);
                stores = new CellStore[width];
                long maxHeap = Runtime.getRuntime().maxMemory();
                for (int i = 0; i < width; i++) {
                    stores[i] = new CellStore(allocator, width, maxHeap);
                    if (i < pending.size()) {
                        byte[] cell = pending.get(i);
                        stores[i].add(cell, 0, cell.length);
                    } else {
                        stores[i].addEmpty();
                    }
                }
                pending.clear();
                mode = MODE_DATA;
                countRow();
            }
        }
        fieldIndex = 0;
    }

    /// Whether the pending first record is exactly the layout's names, field by field.
    private boolean isNamesRecord() {
        if (pending.size() != namesAsHeader.length) {
            return false;
        }
        for (int i = 0; i < namesAsHeader.length; i++) {
            byte[] field = i == 0 && markIsText ? withoutMark(pending.get(i)) : pending.get(i);
            if (!Arrays.equals(field, namesAsHeader[i])) {
                return false;
            }
        }
        return true;
    }

    /// The first field of a text whose byte order mark was read as text, as the first reading saw it
    /// with the mark dropped: a first name quoted behind the mark, `ï»¿"LEASE_NUMBER"` in
    /// ISO-8859-1, is the name, so the mark does not make the names data whatever the text's
    /// encoding. The names hold no quote, so a quoted name is the name between two quotes.
    private static byte[] withoutMark(byte[] field) {
        byte[] mark = TextTokenizer.BYTE_ORDER_MARK;
        if (field.length < mark.length || !Arrays.equals(field, 0, mark.length, mark, 0, mark.length)) {
            return field;
        }
        int start = mark.length;
        int end = field.length;
        if (end - start >= 2 && field[start] == '"' && field[end - 1] == '"') {
            start++;
            end--;
        }
        return Arrays.copyOfRange(field, start, end);
    }

    private void countRow() throws SourceDataException {
        if (++rows > MAX_ROWS) {
            throw origin.failure(Problem.TOO_LARGE, "more than " + MessageText.count(MAX_ROWS, "row"), recordLine);
        }
    }

    /// The data rows so far.
    long rows() {
        return rows;
    }

    /// The header row's fields, raw, or null when the text has none (headerless, or empty).
    List<byte[]> headerFields() {
        return headerFields;
    }

    /// Forgets the header row's fields once they are names.
    void releaseHeader() {
        headerFields = null;
    }

    /// The columns' cell stores, index columns first, or null when no data row was read.
    CellStore[] stores() {
        return stores;
    }

    /// How many of the leading columns are the implicit index (the first data row's extra fields).
    int leadingColumns() {
        return leadingColumns;
    }
}
