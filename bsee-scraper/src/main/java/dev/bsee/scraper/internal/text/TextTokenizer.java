package dev.bsee.scraper.internal.text;

import dev.bsee.core.internal.Utf8;
import dev.bsee.scraper.SourceDataException;
import dev.bsee.scraper.SourceDataException.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongConsumer;

/// Splits text into fields and records by the states of pandas' C tokenizer (`tokenize_bytes` in
/// `tokenizer.c`) for `read_csv`'s default options, and emits them to a [FieldSink].
///
/// Why it is separate: these rules (quotes, line ends, blank and white-space lines, the byte order
/// mark) are the part of `read_csv` that works on bytes alone; what a record means (header, names,
/// index columns) and what a column becomes are the [RowShaper]'s and the [TextTableAssembler]'s. The
/// tokenizer keeps no rows: each field is handed over as a slice of its read buffer.
///
/// `"` quotes (doubled inside quotes), quotes after the first character of a field are ordinary
/// characters, a closing quote may be followed by more characters of the same field, `\n`, `\r\n` and
/// `\r` end records, blank lines and lines of only spaces and tabs are skipped. A UTF-8 byte order
/// mark at the start is dropped (unless the caller reads the text a second time as ISO-8859-1, where
/// pandas sees the mark as three characters of text: [#startsAmbiguously]). The structural bytes are
/// all ASCII, so tokenizing does not otherwise depend on the charset: fields are checked for UTF-8 on
/// the way ([#utf8()]), and the caller transcodes from ISO-8859-1 at the end if the check failed
/// (pandas re-reads the whole file with the other charset, with the same result). One exception: the
/// spaces pandas drops from a line that crosses the start of one of its read chunks, which count
/// characters ([#spacesLost]); a line where the charsets differ, in text that is not UTF-8 after it,
/// is refused.
///
/// One instance reads one text; it is not thread-safe.
final class TextTokenizer {

    private static final int START_RECORD = 0;
    private static final int START_FIELD = 1;
    private static final int IN_FIELD = 2;
    private static final int IN_QUOTED_FIELD = 3;
    private static final int QUOTE_IN_QUOTED_FIELD = 4;
    private static final int EAT_CRNL = 5;
    private static final int EAT_CRNL_NOP = 6;
    private static final int WHITESPACE_LINE = 7;

    private static final int BUFFER_BYTES = 256 * 1024;
    /// The first bytes, read before anything else, that tell UTF-16 text ([#utf16]): four characters.
    private static final int HEAD_BYTES = 8;
    /// The read buffer never grows past 1 GiB, whatever the heap.
    private static final int MAX_FIELD_BYTES = 1 << 30;
    /// The share of the heap one field may take: the read buffer holding it, and the copy the cell
    /// store or the header keeps, must fit beside the columns of the entries converted at once.
    private static final int FIELD_HEAP_SHARE = 8;
    private static final long PROGRESS_EVERY_BYTES = 8L << 20;
    /// pandas' tokenizer reads its text in chunks of this many characters (`parsers.pyx` asks the
    /// text stream for 256 Ki at a time): the backtracking of a white-space line stops at a chunk's start.
    static final int PANDAS_CHUNK_CHARS = 256 * 1024;
    /// The UTF-8 byte order mark.
    static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /// Byte class bits, gathered over a field while it is scanned: a byte at or above 0x80 (the field
    /// needs a UTF-8 check), a byte that is not an ASCII digit (the field is not a digit run).
    static final int HIGH = 1;
    static final int NOT_DIGIT = 2;
    /// Ends the fast scan of a field.
    static final int STOP = 4;
    /// Classes for unquoted fields: delimiter, line ends and NUL stop the scan.
    static final int[] UNQUOTED = new int[256];
    /// Classes for quoted fields: quote, line ends (counted) and NUL stop the scan.
    static final int[] QUOTED = new int[256];
    /// Classes without stops, for bytes the state machine handles itself.
    static final int[] CLASSES = new int[256];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (int b = 0; b < 256; b++) {
            int cls = (b >= 0x80 ? HIGH : 0) | (b >= '0' && b <= '9' ? 0 : NOT_DIGIT);
            CLASSES[b] = cls;
            UNQUOTED[b] = cls | (b == ',' || b == '\n' || b == '\r' || b == 0 ? STOP : 0);
            QUOTED[b] = cls | (b == '"' || b == '\n' || b == '\r' || b == 0 ? STOP : 0);
        }
    }

    private final InputStream in;
    /// The marks pandas drops at the start of its chunks of a first line, or null when a mark is text.
    private final ChunkStartMarks marks;
    private final FieldSink sink;
    private final TextOrigin origin;
    private final LongConsumer progress;
    private final int maxFieldBytes;
    private final boolean markIsText;
    /// Whether a carriage return ended a line or a record since the last line feed. pandas, finding
    /// a line of spaces or tabs not blank after all, reads the text again from the last line feed,
    /// so what a lone carriage return ended before it is read twice or shifted: such text is refused.
    private boolean carriageSinceLineFeed;

    private byte[] buf = new byte[BUFFER_BYTES];
    private int pos;
    private int limit;
    private long consumedBefore;
    private boolean ended;
    private long nextProgress = PROGRESS_EVERY_BYTES;
    private boolean byteOrderMark;
    /// What the first bytes say of UTF-16 text (whose NULs refuse it, rather than cut fields), or null.
    private String utf16;
    private boolean utf8 = true;
    /// The continuation bytes of the text before the current field while it is UTF-8 (a dropped
    /// byte order mark's two included): a byte's position less this is its character's index.
    private long continuationBytes;
    /// The first line whose leading spaces pandas keeps differently in UTF-8 and in ISO-8859-1, or -1.
    private long charsetDependentLine = -1;

    private int fieldStart;
    private int write;
    private int fieldClass;
    /// The bytes of the current field before its first NUL, and their classes; -1 while it has none.
    private int keptLength = -1;
    private int keptClass;
    private long cutFields;
    private long firstCutLine;
    private long line = 1;
    /// Whether the record being ended was ended by a lone `\r` and the byte after it was read.
    private boolean pastCarriage;
    /// Whether the last byte of the quoted field being read is a `\r`, which counted its line.
    private boolean carriageInQuotes;
    private long recordLine = 1;

    /// @param in the text, not closed
    /// @param sink receives the fields and records
    /// @param origin names the text in errors
    /// @param progress told the number of bytes read every few megabytes
    /// @param markIsText whether a byte order mark at the start is text (the second reading of a text
    ///     that [#startsAmbiguously] and is not UTF-8) rather than dropped
    TextTokenizer(InputStream in, FieldSink sink, TextOrigin origin, LongConsumer progress, boolean markIsText) {
        this(in, sink, origin, progress, maxFieldBytes(Runtime.getRuntime().maxMemory()), markIsText);
    }

    /// As above, with the longest field (or run of bytes within one record's field) to accept.
    TextTokenizer(InputStream in, FieldSink sink, TextOrigin origin, LongConsumer progress, int maxFieldBytes,
                  boolean markIsText) {
        this.marks = markIsText ? null : new ChunkStartMarks(in);
        this.in = marks == null ? in : marks;
        this.sink = sink;
        this.origin = origin;
        this.progress = progress;
        this.maxFieldBytes = Math.max(BUFFER_BYTES, maxFieldBytes);
        this.markIsText = markIsText;
    }

    /// Whether a text starting with `head` (its first four bytes, or all of a shorter text) reads
    /// into other records when it is not UTF-8: a byte order mark followed by a quote, a line end, a
    /// space or a tab. pandas drops the mark only when it reads UTF-8; read as ISO-8859-1 the mark is
    /// the text `ï»¿` at the start of the first field, so a quote after it is text (`ï»¿"a,b"` is two
    /// fields) and the line after it is not blank. After any other byte the mark only prefixes the
    /// first field, which the assembler adds.
    static boolean startsAmbiguously(byte[] head) {
        if (head.length < 4 || head[0] != BYTE_ORDER_MARK[0] || head[1] != BYTE_ORDER_MARK[1]
                || head[2] != BYTE_ORDER_MARK[2]) {
            return false;
        }
        byte next = head[3];
        return next == '"' || next == '\n' || next == '\r' || next == ' ' || next == '\t';
    }

    /// The longest field a heap of `maxHeapBytes` reads: an eighth of it, at most 1 GiB. A longer
    /// one (a 100 MB line of an entry that is not the data it claims to be) is refused by name
    /// rather than ending the JVM with an `OutOfMemoryError`.
    static int maxFieldBytes(long maxHeapBytes) {
        return (int) Math.max(BUFFER_BYTES, Math.min(MAX_FIELD_BYTES, maxHeapBytes / FIELD_HEAP_SHARE));
    }

    /// The number of text bytes read so far.
    long bytesRead() {
        return consumedBefore + limit + droppedBytes();
    }

    /// The bytes of the marks dropped after the text's start ([ChunkStartMarks]).
    private long droppedBytes() {
        return marks == null ? 0 : (long) marks.dropped() * BYTE_ORDER_MARK.length;
    }

    /// The position in the text of the byte last read, where a failure was found; `Long.MAX_VALUE`
    /// once the text has ended (pandas, too, has then read all of it).
    long position() {
        return ended ? Long.MAX_VALUE : consumedBefore + pos - 1 + droppedBytes();
    }

    /// The position of the byte after the line end of the record being ended, where pandas goes on
    /// when it stops after that record; the end of the text for a last line without a line end.
    long afterRecordEnd() {
        return consumedBefore + pos - (pastCarriage ? 1 : 0) + droppedBytes();
    }

    /// Whether the text read so far is UTF-8 as pandas decodes it: every field valid, and no
    /// character split by a quote the tokenizer removed.
    boolean utf8() {
        return utf8;
    }

    /// Whether the text started with a UTF-8 byte order mark (which is not part of any field).
    boolean byteOrderMark() {
        return byteOrderMark;
    }

    /// Reads the whole stream (it is not closed), emitting every record to the sink.
    ///
    /// @throws SourceDataException when the text is malformed
    /// @throws IOException when reading fails
    void run() throws IOException {
        int state = START_RECORD;
        readByteOrderMark();
        while (true) {
            if (pos >= limit && !fill(state)) {
                ended = true;
                break;
            }
            byte c = buf[pos++];
            switch (state) {
                case START_RECORD:
                    recordLine = line;
                    if (c == '\n') {
                        line++;
                        carriageSinceLineFeed = false;
                        continue;
                    }
                    if (c == '\r') {
                        line++;
                        carriageSinceLineFeed = true;
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
                    sink.beginRecord(recordLine);
                    state = START_FIELD;
                    // a normal character starts the first field
                case START_FIELD:
                    if (c == ',') {
                        emptyField();
                        continue;
                    }
                    if (c == '\n') {
                        emptyField();
                        sink.endRecord();
                        line++;
                        carriageSinceLineFeed = false;
                        state = START_RECORD;
                        continue;
                    }
                    if (c == '\r') {
                        emptyField();
                        line++;
                        carriageSinceLineFeed = true;
                        state = EAT_CRNL;
                        continue;
                    }
                    if (c == '"') {
                        state = quotedFields();
                        continue;
                    }
                    fieldStart = pos - 1;
                    write = pos;
                    if (c == 0) {
                        nulByte(0, NOT_DIGIT);
                    }
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
                    unquotedByte(c);
                    continue;
                }
                case IN_QUOTED_FIELD:
                    if (c == '"') {
                        carriageInQuotes = false;
                        state = QUOTE_IN_QUOTED_FIELD;
                        continue;
                    }
                    if (c == 0) {
                        nulByte(write - fieldStart, fieldClass);
                    }
                    if (c == '\n') {
                        // After a \r in the field the two are one line break, counted at the \r.
                        if (!carriageInQuotes) {
                            line++;
                        }
                        carriageSinceLineFeed = false;
                    }
                    // A lone \r breaks a line as it does outside quotes, though it ends no record.
                    carriageInQuotes = c == '\r';
                    if (carriageInQuotes) {
                        line++;
                    }
                    buf[write++] = c;
                    fieldClass |= CLASSES[c & 0xFF];
                    int scanned = pos;
                    scanQuoted();
                    carriageInQuotes &= pos == scanned;
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
                    // Text after the closing quote continues the field. pandas decodes the bytes
                    // as a whole, where a continuation byte after the quote is not UTF-8, even when it
                    // completes the field's last character (`"\xc3"\xa9`).
                    if ((c & 0xC0) == 0x80) {
                        utf8 = false;
                    }
                    state = IN_FIELD;
                    unquotedByte(c);
                    continue;
                }
                case EAT_CRNL:
                    // pandas ends a record after a lone \r at the byte that follows, and goes on from it.
                    pastCarriage = c != '\n';
                    sink.endRecord();
                    pastCarriage = false;
                    state = START_RECORD;
                    if (c == '\n') {
                        carriageSinceLineFeed = false;
                    } else {
                        pos--;
                    }
                    continue;
                case EAT_CRNL_NOP:
                    // After a skipped blank line ended by \r, pandas also swallows a delimiter that
                    // follows it.
                    state = START_RECORD;
                    if (c == '\n') {
                        carriageSinceLineFeed = false;
                    } else if (c != ',') {
                        pos--;
                    }
                    continue;
                case WHITESPACE_LINE:
                    // A line end here skips the line as START_RECORD skips an empty one: two states of
                    // tokenizer.c kept apart, as there, so each reads like its original.
                    if (c == '\n') {
                        line++;
                        carriageSinceLineFeed = false;
                        state = START_RECORD;
                        continue;
                    }
                    if (c == '\r') {
                        line++;
                        carriageSinceLineFeed = true;
                        state = EAT_CRNL_NOP;
                        continue;
                    }
                    if (c == ' ' || c == '\t') {
                        buf[write++] = c;
                        continue;
                    }
                    if (carriageSinceLineFeed) {
                        throw origin.failure(Problem.MALFORMED_ROW, "a line that starts with a space or a tab follows"
                                + " a line ended by a lone carriage return (\\r): pandas reads such text again from"
                                + " the last line feed (\\n), repeating or shifting records, which bsee does not"
                                + " reproduce", recordLine);
                    }
                    // Not blank after all: pandas reads the line again from its start, but not from
                    // before the start of the chunk it is tokenizing; the spaces before that are lost.
                    // Those left start an unquoted field (a quote after them is text); with none left,
                    // this byte starts the record afresh.
                    sink.beginRecord(recordLine);
                    pos--;
                    int lost = spacesLost(consumedBefore + fieldStart, consumedBefore + pos);
                    if (lost == pos - fieldStart) {
                        state = START_FIELD;
                    } else {
                        fieldStart += lost;
                        state = IN_FIELD;
                    }
                    continue;
                default:
                    throw new IllegalStateException("tokenizer state " + state);
            }
        }
        finish(state);
        if (!utf8 && marks != null && marks.dropped() > 0) {
            throw origin.failure(Problem.MALFORMED_ROW, "a byte order mark starts one of the 262,144-character"
                    + " chunks pandas reads of the first line, where pandas drops it when the text is UTF-8; the text"
                    + " is not UTF-8, and bsee does not read such text again as ISO-8859-1", 1);
        }
        if (!utf8 && charsetDependentLine >= 0) {
            throw origin.failure(Problem.MALFORMED_ROW, "a line that starts with spaces or tabs crosses the"
                    + " start of one of the 262,144-character chunks pandas reads, where pandas drops the spaces"
                    + " before the chunk; where the chunk starts depends on the charset, and text after this line"
                    + " is not UTF-8: bsee does not read such text again as ISO-8859-1", charsetDependentLine);
        }
    }

    /// How many of the spaces and tabs from `lineStart` up to `at` (absolute byte positions; the byte
    /// at `at` is the line's first other one) pandas drops: those before the start of the chunk the
    /// byte at `at` is in. Chunks count characters: bytes in ISO-8859-1, characters in UTF-8 (the
    /// spaces are one byte each in both). While the text is UTF-8 so far it is read as UTF-8; a line
    /// for which the two charsets differ is remembered, and refused if the text turns out not to be.
    private int spacesLost(long lineStart, long at) {
        long latin1 = spacesBeforeChunk(lineStart, at, 0);
        if (markIsText || !utf8) {
            return (int) latin1;
        }
        // A dropped mark is one character of pandas' text that the positions here lack.
        long utf8Lost = spacesBeforeChunk(lineStart, at, continuationBytes - (marks == null ? 0 : marks.dropped()));
        if (utf8Lost != latin1 && charsetDependentLine < 0) {
            charsetDependentLine = recordLine;
        }
        return (int) utf8Lost;
    }

    private static long spacesBeforeChunk(long lineStart, long at, long continuations) {
        long chunkStart = (at - continuations) / PANDAS_CHUNK_CHARS * PANDAS_CHUNK_CHARS;
        return Math.max(0, chunkStart - (lineStart - continuations));
    }

    private void finish(int state) throws SourceDataException {
        switch (state) {
            case IN_QUOTED_FIELD -> throw origin.failure(Problem.UNTERMINATED_QUOTE,
                    "the text ends inside a quoted field that starts on this line", recordLine);
            case IN_FIELD, QUOTE_IN_QUOTED_FIELD -> {
                endField();
                sink.endRecord();
            }
            case START_FIELD -> {
                emptyField();
                sink.endRecord();
            }
            case EAT_CRNL -> sink.endRecord();
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
            sink.endRecord();
            line++;
            carriageSinceLineFeed = false;
            return START_RECORD;
        }
        if (c == '\r') {
            endField();
            line++;
            carriageSinceLineFeed = true;
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
            carriageInQuotes = false;
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
                sink.endRecord();
                line++;
                carriageSinceLineFeed = false;
                return START_RECORD;
            }
            pos = p + 1;
            return QUOTE_IN_QUOTED_FIELD;
        }
    }

    /// Appends `c`, a byte of an unquoted field or of text after a closing quote, and scans on.
    private void unquotedByte(byte c) throws SourceDataException {
        if (c == 0) {
            nulByte(write - fieldStart, fieldClass);
        }
        buf[write++] = c;
        fieldClass |= CLASSES[c & 0xFF];
        scanUnquoted();
    }

    private void scanUnquoted() {
        scan(false);
    }

    private void scanQuoted() {
        scan(true);
    }

    /// Moves over the bytes of the current field up to the next byte with the `STOP` class, gathering
    /// the classes of the field's bytes; shifts them down when an earlier doubled quote left a gap.
    ///
    /// Why eight bytes at a time where no gap is open: a field is a few bytes, so a byte loop spends
    /// most of its time on its own bookkeeping; one word load finds the first stop among eight bytes
    /// ([#quotedStops]) and the classes of the bytes before it ([#wordClasses]) in a few operations each.
    private void scan(boolean quoted) {
        int[] classes = quoted ? QUOTED : UNQUOTED;
        byte[] b = buf;
        int p = pos;
        int w = write;
        int lim = limit;
        int acc = fieldClass;
        if (p == w) {
            while (lim - p >= Long.BYTES) {
                long word = (long) LONGS.get(b, p);
                long stops = quoted ? quotedStops(word) : unquotedStops(word);
                if (stops != 0) {
                    int before = Long.numberOfTrailingZeros(stops) >>> 3;
                    acc |= wordClasses(word, (1L << (before * Byte.SIZE)) - 1);
                    p += before;
                    lim = p;
                    break;
                }
                acc |= wordClasses(word, -1L);
                p += Long.BYTES;
            }
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

    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final long HIGH_NIBBLES = 0xF0F0_F0F0_F0F0_F0F0L;

    /// The bytes of a little-endian `word` that end the scan of a quoted field (a quote, a line end,
    /// NUL), each flagged by its high bit. Above the first such byte a flag may be false (a borrow
    /// carries up), so only the lowest one counts.
    static long quotedStops(long word) {
        return zeroBytes(word ^ ONES * '"') | zeroBytes(word ^ ONES * '\n') | zeroBytes(word ^ ONES * '\r')
                | zeroBytes(word);
    }

    /// As [#quotedStops], for an unquoted field: a delimiter, a line end or NUL.
    static long unquotedStops(long word) {
        return zeroBytes(word ^ ONES * ',') | zeroBytes(word ^ ONES * '\n') | zeroBytes(word ^ ONES * '\r')
                | zeroBytes(word);
    }

    private static long zeroBytes(long word) {
        return (word - ONES) & ~word & HIGH_BITS;
    }

    /// The byte classes of the bytes of `word` that `mask` keeps: [#HIGH] for a byte at or above
    /// 0x80, [#NOT_DIGIT] for one outside `0`-`9` (high nibble 3, low nibble at most 9, which adding
    /// 6 leaves below 0x10 without carrying into the next byte).
    static int wordClasses(long word, long mask) {
        long notDigits = (((word & HIGH_NIBBLES) ^ ONES * '0')
                | (((word & ~HIGH_NIBBLES) + ONES * 6) & HIGH_NIBBLES)) & mask;
        long high = word & mask & HIGH_BITS;
        return (int) ((high | -high) >>> 63) * HIGH | (int) ((notDigits | -notDigits) >>> 63) * NOT_DIGIT;
    }

    /// Reads the first bytes and drops a UTF-8 byte order mark, unless it is text. Eight bytes, or
    /// all of a shorter text, however the stream hands them out: [#utf16] decides on them.
    private void readByteOrderMark() throws IOException {
        while (limit < HEAD_BYTES) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                break;
            }
            limit += n;
        }
        if (!markIsText && limit >= 3 && buf[0] == BYTE_ORDER_MARK[0] && buf[1] == BYTE_ORDER_MARK[1]
                && buf[2] == BYTE_ORDER_MARK[2]) {
            byteOrderMark = true;
            pos = 3;
            // One character of pandas' UTF-8 text (U+FEFF), though no field's.
            continuationBytes = 2;
        }
        utf16 = utf16(buf, limit);
    }

    /// Why the text that starts with `bytes` is UTF-16 (Excel's "Unicode text", PowerShell's
    /// `Out-File`), or null: its byte order mark followed by a NUL on the mark's side in one of the next
    /// three characters, or at least two first characters (up to four, the first of them ASCII) each
    /// with a NUL on the same side of it. pandas reads such a text as ISO-8859-1 into junk; the reader
    /// refuses it at its first NUL, saying what it is. A mark followed by text without such NULs is
    /// not UTF-16 (pandas reads the mark as `ÿþ` and the rest as it is, and so does the reader), nor is
    /// one character and a NUL alone: `A\0Z,B` and `A\0`, headers with a stray NUL, are refused as such.
    private static String utf16(byte[] bytes, int length) {
        if (length < 4) {
            return null;
        }
        int first = bytes[0] & 0xFF;
        int second = bytes[1] & 0xFF;
        boolean markLittle = first == 0xFF && second == 0xFE;
        if (markLittle || first == 0xFE && second == 0xFF) {
            for (int at = 2; at + 1 < Math.min(length, HEAD_BYTES); at += 2) {
                if (bytes[markLittle ? at + 1 : at] == 0) {
                    return "the text is UTF-16 (it starts with a UTF-16 byte order mark)";
                }
            }
            return null;
        }
        // The first character ASCII, the next ones (up to three) any of Latin-1 (`é` is E9 00).
        boolean littleEndian = second == 0 && asciiText(first);
        boolean bigEndian = first == 0 && asciiText(second);
        for (int at = 2; at + 1 < Math.min(length, HEAD_BYTES); at += 2) {
            int low = bytes[at] & 0xFF;
            int high = bytes[at + 1] & 0xFF;
            littleEndian &= high == 0 && low != 0;
            bigEndian &= low == 0 && high != 0;
        }
        return littleEndian || bigEndian ? "the text looks like UTF-16 (a NUL beside each ASCII character)" : null;
    }

    private static boolean asciiText(int c) {
        return c >= 0x20 && c < 0x7F || c == '\t' || c == '\n' || c == '\r';
    }

    /// Refills the buffer, keeping the bytes of a field in progress.
    private boolean fill(int state) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("reading " + origin.name() + " was interrupted");
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
            if (buf.length >= maxFieldBytes) {
                throw origin.failure(Problem.TOO_LARGE, String.format(Locale.ROOT, "a field is longer than %,d bytes,"
                        + " an eighth of this JVM's heap (%,d MiB); a larger -Xmx reads it", maxFieldBytes,
                        Runtime.getRuntime().maxMemory() >> 20), recordLine);
            }
            buf = Arrays.copyOf(buf, (int) Math.min(maxFieldBytes, 2L * buf.length));
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
            progress.accept(read);
        }
        return true;
    }

    private void endField() throws SourceDataException {
        int length = write - fieldStart;
        if (keptLength < 0) {
            field(buf, fieldStart, length, length, fieldClass, fieldClass);
        } else {
            field(buf, fieldStart, length, keptLength, fieldClass, keptClass);
            keptLength = -1;
        }
    }

    private void emptyField() throws SourceDataException {
        field(buf, 0, 0, 0, NOT_DIGIT, NOT_DIGIT);
    }

    /// Emits a field: `classes` are those of all its bytes, `keptClasses` those of its first `kept`.
    private void field(byte[] bytes, int offset, int length, int kept, int classes, int keptClasses)
            throws SourceDataException {
        // pandas decodes the whole text before its tokenizer sees it, bytes after a NUL included.
        if ((classes & HIGH) != 0 && utf8) {
            utf8 = Utf8.isValid(bytes, offset, length);
            // Quotes a field loses are ASCII: its continuation bytes are the text's.
            continuationBytes += Utf8.continuationBytes(bytes, offset, length);
        }
        sink.field(bytes, offset, length, kept, (keptClasses & NOT_DIGIT) == 0);
    }

    /// A NUL byte in the current field, which holds `kept` bytes before it of the classes `classes`.
    /// pandas' tokenizer keeps it as any other byte, but the field's string ends at its first NUL
    /// (`ab\0cd` is `ab`, `12\0` the integer 12, `\0x` missing): the field keeps what comes before
    /// it. In UTF-16 text, every other byte a NUL, the text is refused instead.
    private void nulByte(int kept, int classes) throws SourceDataException {
        if (utf16 != null) {
            throw origin.failure(Problem.UNDECODABLE_TEXT, "a NUL byte: " + utf16 + ", which is not read: only"
                    + " UTF-8 and ISO-8859-1 text is; save it as UTF-8", line);
        }
        if (keptLength < 0) {
            keptLength = kept;
            keptClass = classes;
            if (cutFields++ == 0) {
                firstCutLine = line;
            }
        }
    }

    /// How many fields a NUL byte cut short ([#nulByte]).
    long cutFields() {
        return cutFields;
    }

    /// The line of the first NUL byte that cut a field short, or 0 when none did.
    long firstCutLine() {
        return firstCutLine;
    }
}
