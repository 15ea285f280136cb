package dev.bsee.scraper.internal.text;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.Column;
import dev.bsee.core.Index;
import dev.bsee.core.Table;
import dev.bsee.core.TableLayout;
import dev.bsee.core.internal.Utf8;
import dev.bsee.scraper.SourceDataException;
import dev.bsee.scraper.SourceDataException.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Locale;

/// Reads comma-separated text into a [Table] the way `pandas.read_csv(f, low_memory=False)` (the C
/// engine, default options) does, UTF-8 first and ISO-8859-1 when the text is not UTF-8.
///
/// Tokenizing follows the states of pandas' `tokenizer.c` byte for byte: `"` quotes (doubled inside
/// quotes), quotes after the first character of a field are ordinary characters, a closing quote may
/// be followed by more characters of the same field, `\n`, `\r\n` and `\r` end records, blank lines and
/// lines of only spaces and tabs are skipped. A UTF-8 byte order mark at the start is dropped. The
/// structural bytes are all ASCII, so tokenizing does not depend on the charset: the text is read once,
/// checked for UTF-8 on the way, and strings are transcoded from ISO-8859-1 at the end if the check
/// failed (pandas re-reads the whole file with the other charset, with the same result).
///
/// Field counts follow pandas: the first data row may have more fields than the header (the extra
/// leading fields become the row index), later rows may have fewer (the rest is missing) but not more.
/// The cells are kept per column in buffers from the [BufferAllocator], then typed by
/// [ColumnConverter].
///
/// One instance reads one text; it is not thread-safe.
public final class TextTableParser {

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

    private static final int START_RECORD = 0;
    private static final int START_FIELD = 1;
    private static final int IN_FIELD = 2;
    private static final int IN_QUOTED_FIELD = 3;
    private static final int QUOTE_IN_QUOTED_FIELD = 4;
    private static final int EAT_CRNL = 5;
    private static final int EAT_CRNL_NOP = 6;
    private static final int WHITESPACE_LINE = 7;

    private static final int MODE_HEADER = 0;
    private static final int MODE_FIRST_ROW = 1;
    private static final int MODE_DATA = 2;

    private static final int BUFFER_BYTES = 256 * 1024;
    private static final int MAX_FIELD_BYTES = 1 << 30;
    private static final long PROGRESS_EVERY_BYTES = 8L << 20;
    private static final int MAX_ROWS = Integer.MAX_VALUE - 8;
    /// Heap one column takes whatever its length: its cell store, name, typed column and buffer
    /// views (about 470 bytes measured on JDK 25 with a million columns of three rows, rounded up).
    static final long COLUMN_HEAP_BYTES = 600;
    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /// Byte class bits, gathered over a field while it is scanned: a byte at or above 0x80 (the field
    /// needs a UTF-8 check), a byte that is not an ASCII digit (the field is not a digit run).
    private static final int HIGH = 1;
    private static final int NOT_DIGIT = 2;
    /// Ends the fast scan of a field.
    private static final int STOP = 4;
    /// Classes for unquoted fields: delimiter, line ends and NUL stop the scan.
    private static final int[] UNQUOTED = new int[256];
    /// Classes for quoted fields: quote, line feed (counted) and NUL stop the scan.
    private static final int[] QUOTED = new int[256];
    /// Classes without stops, for bytes the state machine handles itself.
    private static final int[] CLASSES = new int[256];

    static {
        for (int b = 0; b < 256; b++) {
            int cls = (b >= 0x80 ? HIGH : 0) | (b >= '0' && b <= '9' ? 0 : NOT_DIGIT);
            CLASSES[b] = cls;
            UNQUOTED[b] = cls | (b == ',' || b == '\n' || b == '\r' || b == 0 ? STOP : 0);
            QUOTED[b] = cls | (b == '"' || b == '\n' || b == 0 ? STOP : 0);
        }
    }

    private final TableLayout layout;
    private final BufferAllocator allocator;
    private final Optional<String> archive;
    private final Optional<String> entry;
    private final Progress progress;
    private final int maxColumns;

    private InputStream in;
    private byte[] buf = new byte[BUFFER_BYTES];
    private int pos;
    private int limit;
    private long consumedBefore;
    private long nextProgress = PROGRESS_EVERY_BYTES;
    private boolean byteOrderMark;

    private int fieldStart;
    private int write;
    private int fieldClass;
    private long line = 1;
    private long recordLine = 1;

    private int mode;
    private int fieldIndex;
    private final List<byte[]> pending = new ArrayList<>();
    private List<byte[]> headerFields;
    /// The layout's names as bytes when a first record equal to them is the header, else null.
    private final byte[][] namesAsHeader;
    private int width;
    private int leadingColumns;
    private CellStore[] stores;
    private long rows;
    private boolean utf8 = true;

    /// A parser for one text.
    ///
    /// @param layout header row, or column names for headerless text
    /// @param allocator where column buffers come from
    /// @param archive the archive name, for error messages
    /// @param entry the entry or file name, for error messages
    /// @param progress told every few megabytes
    public TextTableParser(TableLayout layout, BufferAllocator allocator, Optional<String> archive,
                           Optional<String> entry, Progress progress) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.archive = Objects.requireNonNull(archive, "archive");
        this.entry = Objects.requireNonNull(entry, "entry");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.maxColumns = maxColumns(Runtime.getRuntime().maxMemory());
        if (layout instanceof TableLayout.ColumnNames names) {
            if (new HashSet<>(names.names()).size() != names.names().size()) {
                throw new IllegalArgumentException("duplicate column names are not allowed: " + names.names());
            }
            mode = MODE_FIRST_ROW;
            namesAsHeader = names.headerWhenNamed()
                    ? names.names().stream().map(n -> n.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new) : null;
        } else {
            mode = MODE_HEADER;
            namesAsHeader = null;
        }
    }

    /// Reads the whole stream (it is not closed) into a table.
    ///
    /// @param input the text
    /// @return the table and what was learned about the text
    /// @throws SourceDataException when the text is malformed
    /// @throws IOException when reading fails
    public Result parse(InputStream input) throws IOException {
        this.in = Objects.requireNonNull(input, "input");
        try {
            tokenize();
        } catch (IllegalStateException full) {
            // A column buffer cannot grow past 2 GiB.
            throw failure(Problem.TOO_LARGE, "a column holds more text than one buffer can: " + full.getMessage(),
                    OptionalLong.empty(), full);
        }
        progress.update(rows, bytesRead());
        Table table = assemble();
        return new Result(table, utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1, bytesRead());
    }

    private long bytesRead() {
        return consumedBefore + limit;
    }

    // ---------------------------------------------------------------- tokenizing

    private void tokenize() throws IOException {
        int state = START_RECORD;
        readByteOrderMark();
        while (true) {
            if (pos >= limit && !fill(state)) {
                break;
            }
            byte c = buf[pos++];
            switch (state) {
                case START_RECORD:
                    recordLine = line;
                    if (c == '\n') {
                        line++;
                        continue;
                    }
                    if (c == '\r') {
                        line++;
                        state = EAT_CRNL_NOP;
                        continue;
                    }
                    if (c == ' ' || c == '\t') {
                        fieldStart = pos - 1;
                        write = pos;
                        fieldClass = NOT_DIGIT;
                        state = WHITESPACE_LINE;
                        continue;
                    }
                    state = START_FIELD;
                    // a normal character starts the first field
                case START_FIELD:
                    if (c == ',') {
                        emptyField();
                        continue;
                    }
                    if (c == '\n') {
                        emptyField();
                        endRecord();
                        line++;
                        state = START_RECORD;
                        continue;
                    }
                    if (c == '\r') {
                        emptyField();
                        line++;
                        state = EAT_CRNL;
                        continue;
                    }
                    if (c == '"') {
                        state = quotedFields();
                        continue;
                    }
                    if (c == 0) {
                        throw nulByte();
                    }
                    fieldStart = pos - 1;
                    write = pos;
                    fieldClass = CLASSES[c & 0xFF];
                    state = IN_FIELD;
                    scanUnquoted();
                    continue;
                case IN_FIELD: {
                    int next = afterFieldEnd(c);
                    if (next >= 0) {
                        state = next;
                        continue;
                    }
                    if (c == 0) {
                        throw nulByte();
                    }
                    buf[write++] = c;
                    fieldClass |= CLASSES[c & 0xFF];
                    scanUnquoted();
                    continue;
                }
                case IN_QUOTED_FIELD:
                    if (c == '"') {
                        state = QUOTE_IN_QUOTED_FIELD;
                        continue;
                    }
                    if (c == 0) {
                        throw nulByte();
                    }
                    if (c == '\n') {
                        line++;
                    }
                    buf[write++] = c;
                    fieldClass |= CLASSES[c & 0xFF];
                    scanQuoted();
                    continue;
                case QUOTE_IN_QUOTED_FIELD: {
                    if (c == '"') {
                        // A doubled quote is one quote of the field's text.
                        buf[write++] = c;
                        fieldClass |= NOT_DIGIT;
                        state = IN_QUOTED_FIELD;
                        scanQuoted();
                        continue;
                    }
                    int next = afterFieldEnd(c);
                    if (next >= 0) {
                        state = next;
                        continue;
                    }
                    if (c == 0) {
                        throw nulByte();
                    }
                    // Text after the closing quote continues the field.
                    buf[write++] = c;
                    fieldClass |= CLASSES[c & 0xFF];
                    state = IN_FIELD;
                    scanUnquoted();
                    continue;
                }
                case EAT_CRNL:
                    endRecord();
                    state = START_RECORD;
                    if (c != '\n') {
                        pos--;
                    }
                    continue;
                case EAT_CRNL_NOP:
                    // After a skipped blank line ended by \r, pandas also swallows a delimiter that
                    // follows it.
                    state = START_RECORD;
                    if (c != '\n' && c != ',') {
                        pos--;
                    }
                    continue;
                case WHITESPACE_LINE:
                    if (c == '\n') {
                        line++;
                        state = START_RECORD;
                        continue;
                    }
                    if (c == '\r') {
                        line++;
                        state = EAT_CRNL_NOP;
                        continue;
                    }
                    if (c == ' ' || c == '\t') {
                        buf[write++] = c;
                        continue;
                    }
                    // Not blank after all: the spaces start an unquoted field (a quote here is text).
                    state = IN_FIELD;
                    pos--;
                    continue;
                default:
                    throw new IllegalStateException("tokenizer state " + state);
            }
        }
        finish(state);
    }

    private void finish(int state) throws SourceDataException {
        switch (state) {
            case IN_QUOTED_FIELD -> throw failure(Problem.UNTERMINATED_QUOTE,
                    "the text ends inside a quoted field that starts on this line", OptionalLong.of(recordLine), null);
            case IN_FIELD, QUOTE_IN_QUOTED_FIELD -> {
                endField();
                endRecord();
            }
            case START_FIELD -> {
                emptyField();
                endRecord();
            }
            case EAT_CRNL -> endRecord();
            default -> {
                // START_RECORD, WHITESPACE_LINE, EAT_CRNL_NOP: nothing pending
            }
        }
    }

    /// Ends the current field when `c` is a delimiter or a line end, and returns the state that
    /// follows; -1 when `c` does not end a field.
    private int afterFieldEnd(byte c) throws SourceDataException {
        if (c == ',') {
            endField();
            return START_FIELD;
        }
        if (c == '\n') {
            endField();
            endRecord();
            line++;
            return START_RECORD;
        }
        if (c == '\r') {
            endField();
            line++;
            return EAT_CRNL;
        }
        return -1;
    }

    /// The common case of BSEE text, every field quoted: reads quoted fields one after the other, each
    /// ended by a delimiter or a line end, while they lie whole in the buffer and hold no line break,
    /// NUL or doubled quote. Returns the state in which the general state machine goes on: the same
    /// states it would have reached byte by byte.
    private int quotedFields() throws SourceDataException {
        while (true) {
            fieldStart = pos;
            write = pos;
            fieldClass = 0;
            scanQuoted();
            int p = pos;
            if (p + 2 >= limit || buf[p] != '"') {
                return IN_QUOTED_FIELD;
            }
            byte after = buf[p + 1];
            if (after == ',') {
                pos = p + 2;
                endField();
                if (buf[pos] == '"') {
                    pos++;
                    continue;
                }
                return START_FIELD;
            }
            if (after == '\n' || (after == '\r' && buf[p + 2] == '\n')) {
                pos = p + (after == '\n' ? 2 : 3);
                endField();
                endRecord();
                line++;
                return START_RECORD;
            }
            pos = p + 1;
            return QUOTE_IN_QUOTED_FIELD;
        }
    }

    private void scanUnquoted() {
        scan(UNQUOTED);
    }

    private void scanQuoted() {
        scan(QUOTED);
    }

    /// Moves over the bytes of the current field up to the next byte with the `STOP` class, gathering
    /// the classes of the field's bytes; shifts them down when an earlier doubled quote left a gap.
    private void scan(int[] classes) {
        byte[] b = buf;
        int p = pos;
        int w = write;
        int lim = limit;
        int acc = fieldClass;
        if (p == w) {
            while (p < lim) {
                int cls = classes[b[p] & 0xFF];
                if ((cls & STOP) != 0) {
                    break;
                }
                acc |= cls;
                p++;
            }
            w = p;
        } else {
            while (p < lim) {
                byte x = b[p];
                int cls = classes[x & 0xFF];
                if ((cls & STOP) != 0) {
                    break;
                }
                b[w++] = x;
                acc |= cls;
                p++;
            }
        }
        pos = p;
        write = w;
        fieldClass = acc;
    }

    /// Reads the first bytes and drops a UTF-8 byte order mark.
    private void readByteOrderMark() throws IOException {
        while (limit < BYTE_ORDER_MARK.length) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                break;
            }
            limit += n;
        }
        if (limit >= 3 && buf[0] == BYTE_ORDER_MARK[0] && buf[1] == BYTE_ORDER_MARK[1] && buf[2] == BYTE_ORDER_MARK[2]) {
            byteOrderMark = true;
            pos = 3;
        }
    }

    /// Refills the buffer, keeping the bytes of a field in progress.
    private boolean fill(int state) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("reading " + entry.orElse("text") + " was interrupted");
        }
        boolean inField = state == IN_FIELD || state == IN_QUOTED_FIELD || state == QUOTE_IN_QUOTED_FIELD
                || state == WHITESPACE_LINE;
        int keep = inField ? fieldStart : pos;
        if (keep > 0) {
            System.arraycopy(buf, keep, buf, 0, limit - keep);
            consumedBefore += keep;
            fieldStart -= keep;
            write -= keep;
            pos -= keep;
            limit -= keep;
        }
        if (limit == buf.length) {
            if (buf.length >= MAX_FIELD_BYTES) {
                throw failure(Problem.TOO_LARGE, "a field is longer than " + MAX_FIELD_BYTES + " bytes",
                        OptionalLong.of(recordLine), null);
            }
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n;
        do {
            n = in.read(buf, limit, buf.length - limit);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        limit += n;
        long read = bytesRead();
        if (read >= nextProgress) {
            nextProgress = read + PROGRESS_EVERY_BYTES;
            progress.update(rows, read);
        }
        return true;
    }

    // ---------------------------------------------------------------- records

    private void endField() throws SourceDataException {
        field(buf, fieldStart, write - fieldStart, fieldClass);
    }

    private void emptyField() throws SourceDataException {
        field(buf, 0, 0, NOT_DIGIT);
    }

    private void field(byte[] bytes, int offset, int length, int classes) throws SourceDataException {
        if ((classes & HIGH) != 0 && utf8) {
            utf8 = Utf8.isValid(bytes, offset, length);
        }
        if (mode == MODE_DATA) {
            if (fieldIndex < width) {
                if ((classes & NOT_DIGIT) == 0 && length > 0 && length <= CellStore.MAX_DIGITS) {
                    stores[fieldIndex].addDigits(bytes, offset, length);
                } else {
                    stores[fieldIndex].addText(bytes, offset, length);
                }
            }
        } else {
            if (pending.size() == maxColumns) {
                throw failure(Problem.TOO_LARGE, String.format(Locale.ROOT, "the row has more than %,d fields: every column takes"
                        + " about %d bytes of heap whatever its length, and %,d columns fill half of this JVM's heap"
                        + " (%,d MiB); a larger -Xmx reads it", maxColumns, COLUMN_HEAP_BYTES, maxColumns,
                        Runtime.getRuntime().maxMemory() >> 20), OptionalLong.of(recordLine), null);
            }
            pending.add(Arrays.copyOfRange(bytes, offset, offset + length));
        }
        fieldIndex++;
    }

    /// The most columns an entry may have in a heap of `maxHeapBytes`: their fixed cost may take
    /// half of it, the rest is for the data (whose buffers spill to disk past their budget).
    static int maxColumns(long maxHeapBytes) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(1, maxHeapBytes / 2 / COLUMN_HEAP_BYTES));
    }

    private void endRecord() throws SourceDataException {
        switch (mode) {
            case MODE_DATA -> {
                if (fieldIndex > width) {
                    throw failure(Problem.MALFORMED_ROW, "expected " + width + " fields, saw " + fieldIndex,
                            OptionalLong.of(recordLine), null);
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
                for (int i = 0; i < width; i++) {
                    stores[i] = new CellStore(allocator);
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
            if (!Arrays.equals(pending.get(i), namesAsHeader[i])) {
                return false;
            }
        }
        return true;
    }

    private void countRow() throws SourceDataException {
        if (++rows > MAX_ROWS) {
            throw failure(Problem.TOO_LARGE, "more than " + MAX_ROWS + " rows", OptionalLong.of(recordLine), null);
        }
    }

    private SourceDataException nulByte() {
        return failure(Problem.UNDECODABLE_TEXT, "a NUL byte: this is binary data, not text",
                OptionalLong.of(line), null);
    }

    private SourceDataException failure(Problem problem, String detail, OptionalLong where, Throwable cause) {
        SourceDataException.Builder failure = SourceDataException.builder(problem, detail)
                .archive(archive.orElse(null)).entry(entry.orElse(null)).cause(cause);
        where.ifPresent(failure::line);
        return failure.build();
    }

    // ---------------------------------------------------------------- table

    private Table assemble() throws SourceDataException {
        // Decided before the header's bytes are released below: without a header row the byte order
        // mark belongs to the first data cell.
        boolean headerless = headerFields == null;
        boolean latin1 = !utf8;
        List<String> names;
        if (layout instanceof TableLayout.ColumnNames given && headerless) {
            names = given.names();
        } else {
            if (headerFields == null) {
                throw failure(Problem.EMPTY_TEXT, "no header row: the text is empty", OptionalLong.empty(), null);
            }
            List<String> raw = new ArrayList<>(headerFields.size());
            for (int i = 0; i < headerFields.size(); i++) {
                byte[] name = headerFields.get(i);
                if (i == 0 && latin1 && byteOrderMark) {
                    name = prefixed(name);
                }
                raw.add(new String(name, latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
            }
            names = HeaderNames.mangle(raw);
            headerFields = null;
        }
        int rowCount = (int) rows;
        if (stores == null) {
            width = names.size();
            stores = new CellStore[width];
            for (int i = 0; i < width; i++) {
                stores[i] = new CellStore(allocator);
            }
        }
        boolean prefixFirstCell = latin1 && byteOrderMark && headerless && rowCount > 0;
        ColumnConverter converter = new ColumnConverter(allocator, latin1);
        List<Column> columns = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            long textBytes = stores[i].textBytes();
            List<ByteBuffer> text = stores[i].seal();
            // The raw text is not needed once the column is typed; let it go before the next one.
            stores[i] = null;
            Optional<byte[]> prefix = i == 0 && prefixFirstCell ? Optional.of(BYTE_ORDER_MARK) : Optional.empty();
            try {
                columns.add(converter.convert(text, textBytes, rowCount, prefix));
            } catch (ColumnConverter.Unsupported e) {
                String label = i < leadingColumns ? "index column " + i : "column " + names.get(i - leadingColumns);
                throw failure(Problem.UNSUPPORTED_COLUMN, label + ": " + e.getMessage(), OptionalLong.empty(), null);
            }
        }
        Table.Builder table = Table.builder();
        if (leadingColumns == 1) {
            table.index(new Index.Labels(columns.getFirst(), Optional.empty()));
        } else if (leadingColumns > 1) {
            List<Optional<String>> levelNames = new ArrayList<>();
            for (int i = 0; i < leadingColumns; i++) {
                levelNames.add(Optional.empty());
            }
            table.index(new Index.Multi(columns.subList(0, leadingColumns), levelNames));
        } else {
            table.rows(rowCount);
        }
        for (int i = leadingColumns; i < width; i++) {
            table.column(names.get(i - leadingColumns), columns.get(i));
        }
        return table.build();
    }

    private static byte[] prefixed(byte[] name) {
        byte[] joined = new byte[BYTE_ORDER_MARK.length + name.length];
        System.arraycopy(BYTE_ORDER_MARK, 0, joined, 0, BYTE_ORDER_MARK.length);
        System.arraycopy(name, 0, joined, BYTE_ORDER_MARK.length, name.length);
        return joined;
    }
}
