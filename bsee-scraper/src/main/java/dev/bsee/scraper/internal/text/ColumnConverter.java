package dev.bsee.scraper.internal.text;

import dev.bsee.core.BoolColumn;
import dev.bsee.core.BufferAllocator;
import dev.bsee.core.Column;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.UInt64Column;
import dev.bsee.core.internal.Utf8;

import java.util.List;
import java.util.Optional;

/// Turns the text of one column into a typed [Column] by pandas' inference (`TextReader._convert_tokens`
/// with no dtype given): each dtype is tried in turn over the whole column, and the first that takes
/// every cell wins.
///
/// 1. `int64`: every cell an integer or missing. With missing cells the column becomes `float64`,
///    each integer cast to double and each missing cell NaN; pandas marks missing cells with
///    `Long.MIN_VALUE`, so that value also turns into NaN then.
/// 2. `uint64`, only when an `int64` overflowed and every cell is an unsigned integer; a negative
///    or missing cell next to a value above `Long.MAX_VALUE`
///    gives an `object` column of the raw text with missing-value strings kept as text; another
///    overflow gives `object` with missing values.
/// 3. `float64` through [PandasNumbers#parseDouble], missing cells NaN.
/// 4. `bool`: every cell `true`/`false` in any casing; with missing cells pandas makes an `object`
///    column of Python bools and NaN.
/// 5. `object`: the strings, missing cells missing.
///
/// A column without rows is `object`, as pandas makes it.
final class ColumnConverter {

    private final BufferAllocator allocator;
    private final boolean latin1;
    private final PandasNumbers numbers = new PandasNumbers();
    private byte[] scratch = new byte[256];
    private long textBytes;

    /// @param allocator where the typed columns are stored
    /// @param latin1 whether the entry's bytes are ISO-8859-1 (strings are then transcoded to UTF-8)
    ColumnConverter(BufferAllocator allocator, boolean latin1) {
        this.allocator = allocator;
        this.latin1 = latin1;
    }

    /// Converts the `rows` cells of a column. `firstCellPrefix`, when present, is raw text that pandas
    /// sees before the first cell (an undecoded byte order mark), which makes the column text.
    Column convert(CellStore.Sealed text, int rows, Optional<byte[]> firstCellPrefix) {
        this.textBytes = text.textBytes() + firstCellPrefix.map(p -> p.length).orElse(0);
        CellCursor cells = new CellCursor(text.chunks());
        if (rows == 0) {
            return ObjectColumn.builder(allocator).build();
        }
        if (firstCellPrefix.isPresent()) {
            return strings(cells, rows, true, firstCellPrefix.get());
        }
        if (text.digitsOrEmpty()) {
            // Digit runs parse as int64 and empty cells are missing: checkInt64 would say so, and
            // int64s or int64sAsDoubles would give these values.
            BulkBuffer values = new BulkBuffer(allocator, (long) rows * Long.BYTES);
            boolean missing = text.emptyCells() > 0;
            cells.digitColumn(values, missing);
            return missing ? Float64Column.wrap(values.seal()) : Int64Column.wrap(values.seal());
        }
        // Each dtype is first checked over the whole column without storing anything, and only the
        // winner is built: a failed attempt costs a pass over the text, not a column of buffers.
        int ints = checkInt64(cells, rows);
        if (ints == INT64_COMPLETE) {
            return int64s(cells, rows);
        }
        if (ints == INT64_WITH_MISSING) {
            return int64sAsDoubles(cells, rows);
        }
        if (ints == PandasNumbers.OVERFLOW) {
            int unsigned = checkUint64(cells, rows);
            if (unsigned == UINT64_CONFLICT) {
                return strings(cells, rows, false, new byte[0]);
            }
            if (unsigned == UINT64_OVERFLOW) {
                return strings(cells, rows, true, new byte[0]);
            }
            if (unsigned == PandasNumbers.OK) {
                return uint64s(cells, rows);
            }
        }
        if (checkFloat64(cells, rows)) {
            return float64s(cells, rows);
        }
        int bools = checkBool(cells, rows);
        if (bools == BOOL_WITH_MISSING) {
            return boolsWithMissing(cells, rows);
        }
        if (bools == BOOL_COMPLETE) {
            return bools(cells, rows);
        }
        return strings(cells, rows, true, new byte[0]);
    }

    private static final int INT64_COMPLETE = 20;
    private static final int INT64_WITH_MISSING = 21;

    /// @return [#INT64_COMPLETE], [#INT64_WITH_MISSING], or the first parse failure
    private int checkInt64(CellCursor cells, int rows) {
        cells.rewind();
        boolean missing = false;
        for (int row = 0; row < rows; row++) {
            cells.next();
            if (cells.digits) {
                continue;
            }
            cells.text();
            if (NaTokens.isNa(cells.bytes, cells.offset, cells.length)) {
                missing = true;
                continue;
            }
            int status = numbers.parseInt64(cells.bytes, cells.offset, cells.length);
            if (status != PandasNumbers.OK) {
                return status;
            }
        }
        return missing ? INT64_WITH_MISSING : INT64_COMPLETE;
    }

    private Column int64s(CellCursor cells, int rows) {
        cells.rewind();
        BulkBuffer values = new BulkBuffer(allocator, (long) rows * Long.BYTES);
        for (long done = 0; done < rows; done += BATCH_ROWS) {
            int64s(cells, batch(done, rows), values);
        }
        return Int64Column.wrap(values.seal());
    }

    /// The next `count` cells as int64 values (a batch: see [#BATCH_ROWS]).
    private void int64s(CellCursor cells, int count, BulkBuffer values) {
        for (int i = 0; i < count; i++) {
            cells.next();
            if (cells.digits) {
                values.putLong(cells.digitValue);
            } else {
                cells.text();
                numbers.parseInt64(cells.bytes, cells.offset, cells.length);
                values.putLong(numbers.longValue);
            }
        }
    }

    /// pandas' `_maybe_upcast`: missing integers are marked with `Long.MIN_VALUE`, the column is cast
    /// to double, and every marked value (a real `Long.MIN_VALUE` too) becomes NaN.
    private Column int64sAsDoubles(CellCursor cells, int rows) {
        cells.rewind();
        BulkBuffer values = new BulkBuffer(allocator, (long) rows * Long.BYTES);
        for (long done = 0; done < rows; done += BATCH_ROWS) {
            int64sAsDoubles(cells, batch(done, rows), values);
        }
        return Float64Column.wrap(values.seal());
    }

    /// The next `count` cells as int64 values cast to doubles (a batch: see [#BATCH_ROWS]).
    private void int64sAsDoubles(CellCursor cells, int count, BulkBuffer values) {
        for (int i = 0; i < count; i++) {
            cells.next();
            if (cells.digits) {
                values.putDouble(cells.digitValue);
                continue;
            }
            cells.text();
            if (NaTokens.isNa(cells.bytes, cells.offset, cells.length)) {
                values.putDouble(Double.NaN);
                continue;
            }
            numbers.parseInt64(cells.bytes, cells.offset, cells.length);
            long value = numbers.longValue;
            values.putDouble(value == Long.MIN_VALUE ? Double.NaN : (double) value);
        }
    }

    private static final int UINT64_CONFLICT = 10;
    private static final int UINT64_OVERFLOW = 11;

    private int checkUint64(CellCursor cells, int rows) {
        cells.rewind();
        numbers.seenSignedInt = false;
        numbers.seenUnsignedInt = false;
        boolean seenMissing = false;
        for (int row = 0; row < rows; row++) {
            cells.next();
            cells.text();
            if (NaTokens.isNa(cells.bytes, cells.offset, cells.length)) {
                seenMissing = true;
                continue;
            }
            int status = numbers.parseUint64(cells.bytes, cells.offset, cells.length);
            if (status == PandasNumbers.OVERFLOW) {
                return UINT64_OVERFLOW;
            }
            if (status != PandasNumbers.OK) {
                return status;
            }
        }
        if (numbers.seenUnsignedInt && (numbers.seenSignedInt || seenMissing)) {
            return UINT64_CONFLICT;
        }
        if (numbers.seenSignedInt) {
            return UINT64_OVERFLOW;
        }
        return PandasNumbers.OK;
    }

    /// A column [#checkUint64] took whole: every cell an unsigned integer, none missing.
    private Column uint64s(CellCursor cells, int rows) {
        cells.rewind();
        BulkBuffer values = new BulkBuffer(allocator, (long) rows * Long.BYTES);
        for (int row = 0; row < rows; row++) {
            cells.next();
            cells.text();
            numbers.parseUint64(cells.bytes, cells.offset, cells.length);
            values.putLong(numbers.longValue);
        }
        return UInt64Column.wrap(values.seal());
    }

    private boolean checkFloat64(CellCursor cells, int rows) {
        cells.rewind();
        for (int row = 0; row < rows; row++) {
            cells.next();
            if (cells.digits) {
                // Every digit run is a float.
                continue;
            }
            cells.text();
            if (!NaTokens.isNa(cells.bytes, cells.offset, cells.length)
                    && !numbers.parseDouble(cells.bytes, cells.offset, cells.length)) {
                return false;
            }
        }
        return true;
    }

    private Column float64s(CellCursor cells, int rows) {
        cells.rewind();
        BulkBuffer values = new BulkBuffer(allocator, (long) rows * Long.BYTES);
        for (long done = 0; done < rows; done += BATCH_ROWS) {
            float64s(cells, batch(done, rows), values);
        }
        return Float64Column.wrap(values.seal());
    }

    /// The next `count` cells as float64 values (a batch: see [#BATCH_ROWS]).
    private void float64s(CellCursor cells, int count, BulkBuffer values) {
        for (int i = 0; i < count; i++) {
            cells.next();
            if (cells.digits && cells.length <= PandasNumbers.EXACT_DIGITS) {
                // What parseDouble gives for these digits, without spelling them out.
                values.putDouble(cells.digitValue);
                continue;
            }
            cells.text();
            if (NaTokens.isNa(cells.bytes, cells.offset, cells.length)) {
                values.putDouble(Double.NaN);
            } else {
                numbers.parseDouble(cells.bytes, cells.offset, cells.length);
                values.putDouble(numbers.doubleValue);
            }
        }
    }

    private static final int BOOL_COMPLETE = 30;
    private static final int BOOL_WITH_MISSING = 31;
    private static final int NOT_BOOL = 32;

    private int checkBool(CellCursor cells, int rows) {
        cells.rewind();
        boolean missing = false;
        for (int row = 0; row < rows; row++) {
            cells.next();
            cells.text();
            if (NaTokens.isNa(cells.bytes, cells.offset, cells.length)) {
                missing = true;
            } else if (PandasNumbers.parseBool(cells.bytes, cells.offset, cells.length) < 0) {
                return NOT_BOOL;
            }
        }
        return missing ? BOOL_WITH_MISSING : BOOL_COMPLETE;
    }

    /// pandas' `_maybe_upcast` of a bool column with missing cells: an object column of Python bools,
    /// each missing cell NaN.
    private Column boolsWithMissing(CellCursor cells, int rows) {
        cells.rewind();
        ObjectColumn.Builder column = ObjectColumn.builder(allocator);
        for (int row = 0; row < rows; row++) {
            cells.next();
            cells.text();
            if (NaTokens.isNa(cells.bytes, cells.offset, cells.length)) {
                column.addMissing();
            } else {
                column.add(PandasNumbers.parseBool(cells.bytes, cells.offset, cells.length) == 1);
            }
        }
        return column.build();
    }

    private Column bools(CellCursor cells, int rows) {
        cells.rewind();
        BulkBuffer values = new BulkBuffer(allocator, rows);
        for (int row = 0; row < rows; row++) {
            cells.next();
            cells.text();
            values.putByte(PandasNumbers.parseBool(cells.bytes, cells.offset, cells.length) == 1 ? (byte) 1 : 0);
        }
        return BoolColumn.wrap(values.seal());
    }

    /// The strings of the column, written straight into the three buffers of an [ObjectColumn]; their
    /// sizes are known or bounded (the column's text, twice that when ISO-8859-1 is transcoded).
    private Column strings(CellCursor cells, int rows, boolean missingValues, byte[] firstCellPrefix) {
        cells.rewind();
        // ISO-8859-1 text is nearly always ASCII, as long in UTF-8: room for that, doubling beyond.
        BulkBuffer utf8 = new BulkBuffer(allocator, latin1 ? 2 * textBytes : textBytes, textBytes);
        BulkBuffer ends = new BulkBuffer(allocator, (long) rows * Long.BYTES);
        BulkBuffer flags = new BulkBuffer(allocator, rows);
        int row = 0;
        if (firstCellPrefix.length > 0) {
            // pandas sees the prefix as part of the first cell, which is then never missing.
            cells.next();
            cells.text();
            byte[] joined = new byte[firstCellPrefix.length + cells.length];
            System.arraycopy(firstCellPrefix, 0, joined, 0, firstCellPrefix.length);
            System.arraycopy(cells.bytes, cells.offset, joined, firstCellPrefix.length, cells.length);
            putString(utf8, joined, 0, joined.length);
            ends.putLong(utf8.size());
            flags.putByte(PRESENT);
            row = 1;
        }
        for (long done = row; done < rows; done += BATCH_ROWS) {
            if (latin1) {
                latin1Strings(cells, batch(done, rows), missingValues, utf8, ends, flags);
            } else {
                utf8Strings(cells, batch(done, rows), missingValues, utf8, ends, flags);
            }
        }
        return ObjectColumn.wrap(utf8.seal(), ends.seal(), flags.seal());
    }

    /// Columns are converted this many rows per call of a small method rather than in one loop over
    /// all their rows: the JIT compiles a short, hot method sooner and better than a long loop it
    /// must replace while it runs (about 8% less CPU on the production convert with the same change
    /// in the pickle writer's strings, bench/ab.sh).
    private static final int BATCH_ROWS = 4096;

    /// The rows of the batch that starts after `done` of a column's `rows`.
    private static int batch(long done, int rows) {
        return (int) Math.min(BATCH_ROWS, rows - done);
    }

    /// The next `count` cells as strings; the common case, kept lean: UTF-8 text is copied as it is.
    private static void utf8Strings(CellCursor cells, int count, boolean missingValues, BulkBuffer utf8,
                                    BulkBuffer ends, BulkBuffer flags) {
        for (int i = 0; i < count; i++) {
            cells.next();
            cells.text();
            boolean missing = missingValues && NaTokens.isNa(cells.bytes, cells.offset, cells.length);
            if (!missing) {
                utf8.put(cells.bytes, cells.offset, cells.length);
            }
            flags.putByte(missing ? MISSING : PRESENT);
            ends.putLong(utf8.size());
        }
    }

    /// The next `count` cells as strings of ISO-8859-1 text, transcoded to UTF-8.
    private void latin1Strings(CellCursor cells, int count, boolean missingValues, BulkBuffer utf8,
                               BulkBuffer ends, BulkBuffer flags) {
        for (int i = 0; i < count; i++) {
            cells.next();
            cells.text();
            if (missingValues && NaTokens.isNa(cells.bytes, cells.offset, cells.length)) {
                flags.putByte(MISSING);
            } else {
                putString(utf8, cells.bytes, cells.offset, cells.length);
                flags.putByte(PRESENT);
            }
            ends.putLong(utf8.size());
        }
    }

    private static final byte PRESENT = 0;
    private static final byte MISSING = 1;

    /// Appends a string whose bytes are in the entry's charset, as UTF-8.
    private void putString(BulkBuffer utf8, byte[] bytes, int offset, int length) {
        if (!latin1) {
            utf8.put(bytes, offset, length);
            return;
        }
        int needed = Utf8.latin1Utf8Length(bytes, offset, length);
        if (needed == length) {
            utf8.put(bytes, offset, length);
            return;
        }
        if (scratch.length < needed) {
            scratch = new byte[Math.max(needed, scratch.length * 2)];
        }
        utf8.put(scratch, 0, Utf8.latin1ToUtf8(bytes, offset, length, scratch, 0));
    }
}
