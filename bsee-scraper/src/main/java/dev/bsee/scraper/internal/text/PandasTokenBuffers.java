package dev.bsee.scraper.internal.text;

import java.util.Arrays;
import java.util.function.LongSupplier;

/// Replays how pandas' tokenizer sizes its token buffers, to find the texts it refuses with
/// `Buffer overflow caught - possible malformed input file`.
///
/// Why this exists: `tokenizer.c` makes room in its token stream (the fields' bytes, each ended by a
/// NUL) and its word array (one entry a field) before it tokenizes a read chunk, for as many bytes
/// as the chunk holds, and again when the first call, which reads the header and the first row (or
/// the first row of headerless text), is resumed, for the rest of the chunk. A short row, padded
/// with empty fields up to the width of the row before it, asks for room for those fields only, and
/// takes from the room kept for the rest of the chunk. Many short rows in a wide table can use it
/// up; the next field or byte then finds a buffer full and pandas fails the whole text. Whether it
/// does depends on the exact counts (5 rows of 2 fields under a 19-column header fail, 4 or 10 do
/// not), so they are replayed: the capacities start at 32 stream bytes and 3 words and double until
/// the room asked for fits.
///
/// The records' counts are kept while the text is no longer than one of pandas' 262,144-character
/// read chunks, and replayed at the end, once the charset (and so the bytes pandas tokenizes:
/// ISO-8859-1 text is encoded to UTF-8 again, two bytes for each byte above 127) is known. A longer
/// text is read in chunks whose room depends on where each starts; it is not replayed
/// (docs/text-parsing.md, known limits).
final class PandasTokenBuffers {

    /// pandas' `STREAM_INIT_SIZE`: the token stream's first capacity, in bytes.
    private static final long STREAM_INIT_BYTES = 32;
    /// The word array's first capacity, a tenth of the stream's.
    private static final long WORDS_INIT = STREAM_INIT_BYTES / 10;
    /// A text of at most this many bytes is one of pandas' read chunks in either charset.
    private static final long ONE_CHUNK_BYTES = TextTokenizer.PANDAS_CHUNK_CHARS;
    /// The bytes of a byte order mark pandas reads as ISO-8859-1 text (`ï»¿`) and encodes to UTF-8 again.
    private static final int MARK_AS_LATIN1_BYTES = 6;

    /// Whether the first record is the header, which is never padded; the first call then stops after
    /// the first data row (record 1), else after the first row (record 0).
    private final boolean headerRow;
    /// The number of names of headerless text, which pandas pads the first rows up to.
    private final int names;

    private boolean tracking = true;
    private int records;
    private int[] fields = new int[16];
    private long[] lines = new long[16];
    /// Per record: the stream bytes up to and including the last byte of its last non-empty field
    /// (each earlier field counting its NUL), 0 when no field has a byte; and those bytes above 127.
    private int[] pushedToLast = new int[16];
    private int[] highToLast = new int[16];
    /// Per record: the stream bytes of all its fields with their NULs, and those above 127.
    private int[] pushed = new int[16];
    private int[] high = new int[16];
    private long highTotal;
    /// Where the first call's last record ends (the position of the byte after its line end), or -1.
    private long resumeAt = -1;
    /// The bytes above 127 before `resumeAt`.
    private long highBeforeResume;

    private int recordFields;
    private int recordPushed;
    private int recordHigh;
    private int recordPushedToLast;
    private int recordHighToLast;

    /// @param headerRow whether the text's first record is its header
    /// @param names the number of names of headerless text (ignored with a header row)
    PandasTokenBuffers(boolean headerRow, int names) {
        this.headerRow = headerRow;
        this.names = names;
    }

    /// One field of the current record, as the tokenizer emits it (the bytes pandas pushes).
    void field(byte[] bytes, int offset, int length) {
        if (!tracking) {
            return;
        }
        int above127 = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            above127 += bytes[i] >>> 31;
        }
        recordFields++;
        recordPushed += length + 1;
        recordHigh += above127;
        if (length > 0) {
            recordPushedToLast = recordPushed - 1;
            recordHighToLast = recordHigh;
        }
    }

    /// The current record ends; `line` is where it starts, `position` tells the position of the byte
    /// after its line end (the end of the text for a last line without one), asked only while the
    /// text is short enough to replay.
    void endRecord(long line, LongSupplier position) {
        if (!tracking) {
            return;
        }
        long after = position.getAsLong();
        if (after > ONE_CHUNK_BYTES) {
            stop();
            return;
        }
        if (records == fields.length) {
            int grown = records * 2;
            fields = Arrays.copyOf(fields, grown);
            lines = Arrays.copyOf(lines, grown);
            pushedToLast = Arrays.copyOf(pushedToLast, grown);
            highToLast = Arrays.copyOf(highToLast, grown);
            pushed = Arrays.copyOf(pushed, grown);
            high = Arrays.copyOf(high, grown);
        }
        fields[records] = recordFields;
        lines[records] = line;
        pushedToLast[records] = recordPushedToLast;
        highToLast[records] = recordHighToLast;
        pushed[records] = recordPushed;
        high[records] = recordHigh;
        highTotal += recordHigh;
        if (records == firstCallRecords() - 1) {
            resumeAt = after;
            highBeforeResume = highTotal;
        }
        records++;
        recordFields = 0;
        recordPushed = 0;
        recordHigh = 0;
        recordPushedToLast = 0;
        recordHighToLast = 0;
    }

    /// The number of records pandas' first call reads: the header and one row, or one row.
    private int firstCallRecords() {
        return headerRow ? 2 : 1;
    }

    /// The text is longer than one chunk: nothing more is kept.
    private void stop() {
        tracking = false;
        fields = null;
        lines = null;
        pushedToLast = null;
        highToLast = null;
        pushed = null;
        high = null;
    }

    /// The line of the record where pandas finds a token buffer full, or -1 when it does not (or the
    /// text is longer than one chunk, which is not replayed).
    ///
    /// @param utf8 whether the text is read as UTF-8 (else ISO-8859-1, which pandas tokenizes as UTF-8)
    /// @param markDropped whether a byte order mark was dropped from the text's start (pandas keeps it
    ///     as the text `ï»¿` of the first field when the text is ISO-8859-1)
    /// @param textBytes the text's length in bytes, the mark included
    long overflowLine(boolean utf8, boolean markDropped, long textBytes) {
        if (!tracking || textBytes > ONE_CHUNK_BYTES) {
            return -1;
        }
        // The mark's three bytes, each above 127, take two bytes each.
        long markExtra = !utf8 && markDropped ? MARK_AS_LATIN1_BYTES / 2 : 0;
        long chunk = textBytes + (utf8 ? 0 : highTotal + markExtra);
        long resume = resumeAt < 0 ? -1 : resumeAt + (utf8 ? 0 : highBeforeResume + markExtra);
        Room room = new Room();
        room.make(chunk);
        int previous = -1;
        for (int r = 0; r < records; r++) {
            long toLast = pushedToLast[r] + (utf8 ? 0 : highToLast[r]);
            long all = pushed[r] + (utf8 ? 0 : high[r]);
            if (markExtra > 0 && r == 0) {
                // The mark is the first characters of the first field, six bytes of it.
                toLast = toLast > 0 ? toLast + MARK_AS_LATIN1_BYTES : MARK_AS_LATIN1_BYTES - 1;
                all += MARK_AS_LATIN1_BYTES;
            }
            int count = fields[r];
            // Each field takes a word and each of its bytes a stream byte, below the capacities.
            if (room.words + count > room.wordsCap || toLast > 0 && room.stream + toLast > room.streamCap) {
                return lines[r];
            }
            room.words += count;
            room.stream += all;
            int expected = headerRow ? (r == 0 ? -1 : previous) : (r == 0 ? names : Math.max(previous, names));
            if (count < expected) {
                // Padding: room for the missing fields only, then an empty field (a NUL) for each.
                long missing = expected - count;
                room.make(missing);
                room.words += missing;
                room.stream += missing;
                previous = expected;
            } else {
                previous = count;
            }
            if (r == firstCallRecords() - 1 && resume >= 0 && resume < chunk) {
                room.make(chunk - resume);
            }
        }
        return -1;
    }

    /// The buffers' fill and capacities as pandas' `make_stream_space` grows them.
    private static final class Room {
        long stream;
        long streamCap = STREAM_INIT_BYTES;
        long words;
        long wordsCap = WORDS_INIT;

        /// Room for `bytes` more bytes of text: twice as many stream bytes, as many words.
        void make(long bytes) {
            while (stream + 2 * bytes >= streamCap) {
                streamCap *= 2;
            }
            while (words + bytes >= wordsCap) {
                wordsCap *= 2;
            }
        }
    }
}
