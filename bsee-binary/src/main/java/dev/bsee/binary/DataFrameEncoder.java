package dev.bsee.binary;

import dev.bsee.core.Column;
import dev.bsee.core.DType;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Index;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.bsee.binary.Opcodes.*;

/// Writes one [Table] as the pickle of a pandas DataFrame, in the shape pandas itself pickles one:
///
/// ```text
/// DataFrame.__new__(DataFrame) with state {
///   "_mgr": BlockManager((_unpickle_block(values, placement, 2), ...), [columns, index]),
///   "_typ": "dataframe", "_metadata": [], "attrs": {}, "_flags": {"allows_duplicate_labels": True}}
/// ```
///
/// Columns of one dtype form one consolidated 2-D block (`values[i]` is the i-th column of the block,
/// `placement` its positions in the frame), in pandas' order of blocks. Arrays are rebuilt by
/// `_reconstruct` plus a `__setstate__` tuple, exactly as numpy pickles them. One encoder writes one
/// table; it is not thread-safe.
final class DataFrameEncoder {
    private static final String INDEXES_BASE = "pandas.core.indexes.base";
    /// CPython's pickler batches list items in groups of this size.
    private static final int BATCH = 1000;
    /// The most bytes of strings [#items] takes from a column at once.
    private static final int BATCH_BYTES = 64 * 1024;

    private final FramedPickleOutput out;
    private final PickleDialect dialect;
    private final Map<String, Integer> memo = new HashMap<>();
    /// A batch of a text column's strings, and their lengths ([#items]).
    private final byte[] batchBytes = new byte[BATCH_BYTES];
    private final int[] batchLengths = new int[BATCH];
    /// Which strings of an object column come again in it ([#string]).
    private final RepeatedStrings repeats;

    DataFrameEncoder(OutputStream stream, PickleDialect dialect) {
        this(stream, dialect, RepeatedStrings.HEAP_SHARE);
    }

    /// An encoder whose plans of repeated strings may hold `planLimit` bytes (tests write columns
    /// past it, as a large table under a small heap would be).
    DataFrameEncoder(OutputStream stream, PickleDialect dialect, long planLimit) {
        this.out = new FramedPickleOutput(stream);
        this.dialect = dialect;
        this.repeats = new RepeatedStrings(batchBytes, batchLengths, planLimit);
    }

    void write(Table table) throws IOException {
        out.protocol4();
        global("pandas.core.frame", "DataFrame");
        out.opcode(EMPTY_TUPLE);
        out.opcode(NEWOBJ);
        out.opcode(EMPTY_DICT);
        out.opcode(MARK);
        out.string("_mgr");
        blockManager(table);
        out.string("_typ");
        out.string("dataframe");
        out.string("_metadata");
        out.opcode(EMPTY_LIST);
        out.string("attrs");
        out.opcode(EMPTY_DICT);
        out.string("_flags");
        out.opcode(EMPTY_DICT);
        out.string("allows_duplicate_labels");
        out.bool(true);
        out.opcode(SETITEM);
        out.opcode(SETITEMS);
        out.opcode(BUILD);
        out.finish();
    }

    private void blockManager(Table table) throws IOException {
        global("pandas.core.internals.managers", "BlockManager");
        out.opcode(MARK);
        // One block per dtype, in pandas' order. Its frame makes a block of each run of columns of one
        // dtype, in column order; only when a dtype comes in more than one run does it consolidate
        // them, sorting every block by dtype name (`_form_blocks`, then `_consolidate`).
        Map<DType, List<Integer>> positionsByType = new LinkedHashMap<>();
        int runs = 0;
        for (int position = 0; position < table.columnCount(); position++) {
            DType dtype = table.column(position).dtype();
            if (position == 0 || dtype != table.column(position - 1).dtype()) {
                runs++;
            }
            positionsByType.computeIfAbsent(dtype, t -> new ArrayList<>()).add(position);
        }
        List<DType> order = new ArrayList<>(positionsByType.keySet());
        if (runs > order.size()) {
            order.sort((a, b) -> a.numpyName().compareTo(b.numpyName()));
        }
        for (DType dtype : order) {
            List<Integer> positions = positionsByType.get(dtype);
            List<Column> columns = new ArrayList<>(positions.size());
            for (int position : positions) {
                columns.add(table.column(position));
            }
            global("pandas._libs.internals", "_unpickle_block");
            array(NumpyType.of(dtype), columns, true);
            placement(positions);
            out.integer(2);
            out.opcode(TUPLE3);
            out.opcode(REDUCE);
        }
        out.opcode(TUPLE);
        out.opcode(EMPTY_LIST);
        out.opcode(MARK);
        columnLabels(table.columnNames());
        rowIndex(table.index());
        out.opcode(APPENDS);
        out.opcode(TUPLE2);
        out.opcode(REDUCE);
    }

    /// `slice(start, stop, step)` when the positions are evenly spaced, as pandas' `BlockPlacement`
    /// keeps them; otherwise an `intp` array.
    private void placement(List<Integer> positions) throws IOException {
        int first = positions.getFirst();
        int step = positions.size() > 1 ? positions.get(1) - first : 1;
        boolean even = true;
        for (int i = 1; i < positions.size() && even; i++) {
            even = positions.get(i) - positions.get(i - 1) == step;
        }
        if (even) {
            global("builtins", "slice");
            out.integer(first);
            out.integer(first + (long) step * positions.size());
            out.integer(step);
            out.opcode(TUPLE3);
            out.opcode(REDUCE);
            return;
        }
        ByteBuffer packed = ByteBuffer.allocate(positions.size() * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        positions.forEach(position -> packed.putLong(position));
        reconstruct();
        arrayState(NumpyType.INT64, List.of(), positions.size(), false);
        out.bytesHeader(packed.capacity());
        out.payload(packed.flip());
        out.opcode(TUPLE);
        out.opcode(BUILD);
    }

    private void columnLabels(List<String> names) throws IOException {
        newIndex("Index");
        out.opcode(EMPTY_DICT);
        out.opcode(MARK);
        out.string("data");
        array(NumpyType.OBJECT, List.of(ObjectColumn.of(names.toArray(String[]::new))), false);
        out.string("name");
        out.opcode(NONE);
        out.opcode(SETITEMS);
        out.opcode(TUPLE2);
        out.opcode(REDUCE);
    }

    private void rowIndex(Index index) throws IOException {
        switch (index) {
            case Index.Range range -> {
                newIndex("RangeIndex", "pandas.core.indexes.range");
                out.opcode(EMPTY_DICT);
                out.opcode(MARK);
                out.string("name");
                optionalString(range.name());
                out.string("start");
                out.integer(range.start());
                out.string("stop");
                out.integer(range.stop());
                out.string("step");
                out.integer(range.step());
                out.opcode(SETITEMS);
                out.opcode(TUPLE2);
                out.opcode(REDUCE);
            }
            case Index.Labels labels -> labelIndex(labels.labels(), labels.name());
            case Index.Multi multi -> multiIndex(multi);
        }
    }

    private void labelIndex(Column labels, Optional<String> name) throws IOException {
        newIndex("Index");
        out.opcode(EMPTY_DICT);
        out.opcode(MARK);
        out.string("data");
        array(NumpyType.of(labels.dtype()), List.of(labels), false);
        out.string("name");
        optionalString(name);
        out.opcode(SETITEMS);
        out.opcode(TUPLE2);
        out.opcode(REDUCE);
    }

    private void multiIndex(Index.Multi multi) throws IOException {
        List<LevelFactorizer.Level> levels = new ArrayList<>();
        for (int level = 0; level < multi.levels().size(); level++) {
            levels.add(LevelFactorizer.factorize(multi.levels().get(level), multi.integerLevels().get(level)));
        }
        newIndex("MultiIndex", "pandas.core.indexes.multi");
        out.opcode(EMPTY_DICT);
        out.opcode(MARK);
        out.string("levels");
        out.opcode(EMPTY_LIST);
        out.opcode(MARK);
        for (int i = 0; i < levels.size(); i++) {
            labelIndex(levels.get(i).uniques(), multi.names().get(i));
        }
        out.opcode(APPENDS);
        out.string("codes");
        out.opcode(EMPTY_LIST);
        out.opcode(MARK);
        for (LevelFactorizer.Level level : levels) {
            reconstruct();
            arrayState(level.codesType(), List.of(), multi.size(), false);
            out.bytesHeader(level.codes().remaining());
            out.payload(level.codes());
            out.opcode(TUPLE);
            out.opcode(BUILD);
        }
        out.opcode(APPENDS);
        out.string("sortorder");
        out.opcode(NONE);
        out.string("names");
        out.opcode(EMPTY_LIST);
        out.opcode(MARK);
        for (Optional<String> name : multi.names()) {
            optionalString(name);
        }
        out.opcode(APPENDS);
        out.opcode(SETITEMS);
        out.opcode(TUPLE2);
        out.opcode(REDUCE);
    }

    private void newIndex(String type) throws IOException {
        newIndex(type, INDEXES_BASE);
    }

    /// Pushes `_new_Index` and the index class; the caller adds the state dict.
    private void newIndex(String type, String module) throws IOException {
        global(INDEXES_BASE, "_new_Index");
        global(module, type);
    }

    /// An ndarray holding `columns` of one type: 2-D `(columns, rows)` for a block, else 1-D.
    private void array(NumpyType type, List<Column> columns, boolean twoDimensional) throws IOException {
        int rows = columns.getFirst().size();
        reconstruct();
        arrayState(type, twoDimensional ? columns : List.of(), rows, false);
        if (type.isObject()) {
            objectItems(columns);
        } else {
            long total = 0;
            for (Column column : columns) {
                total += (long) rows * type.itemSize;
            }
            out.bytesHeader(total);
            for (Column column : columns) {
                out.payload(rawBytes(column));
            }
        }
        out.opcode(TUPLE);
        out.opcode(BUILD);
    }

    /// `_reconstruct(ndarray, (0,), b"b")`: the empty array that `__setstate__` then fills.
    private void reconstruct() throws IOException {
        global(dialect.multiarrayModule(), "_reconstruct");
        global("numpy", "ndarray");
        out.integer(0);
        out.opcode(TUPLE1);
        out.bytes(new byte[] {'b'});
        out.opcode(TUPLE3);
        out.opcode(REDUCE);
    }

    /// Opens the `__setstate__` tuple `(1, shape, dtype, is_fortran, data)` up to the data; the caller
    /// writes the data, `TUPLE` and `BUILD`. The shape is `(len(blockColumns), rows)` for a block and
    /// `(rows,)` when `blockColumns` is empty.
    private void arrayState(NumpyType type, List<Column> blockColumns, int rows, boolean fortran) throws IOException {
        out.opcode(MARK);
        out.integer(1);
        if (blockColumns.isEmpty()) {
            out.integer(rows);
            out.opcode(TUPLE1);
        } else {
            out.integer(blockColumns.size());
            out.integer(rows);
            out.opcode(TUPLE2);
        }
        dtype(type);
        out.bool(fortran);
    }

    private static ByteBuffer rawBytes(Column column) {
        return switch (column) {
            case dev.bsee.core.Int64Column c -> c.rawBytes();
            case dev.bsee.core.UInt64Column c -> c.rawBytes();
            case dev.bsee.core.Float64Column c -> c.rawBytes();
            case dev.bsee.core.BoolColumn c -> c.rawBytes();
            case DateTimeColumn c -> c.rawBytes();
            case ObjectColumn c -> throw new IllegalArgumentException("object columns have no raw bytes");
        };
    }

    /// The items of an object array, column after column (C order of a `(columns, rows)` block):
    /// strings from their UTF-8 bytes, bools as Python bools, missing values as float NaN like
    /// `pandas.read_csv` makes them.
    private void objectItems(List<Column> columns) throws IOException {
        out.opcode(EMPTY_LIST);
        int inBatch = 0;
        for (Column column : columns) {
            ObjectColumn strings = (ObjectColumn) column;
            boolean planned = repeats.plan(strings) != RepeatedStrings.Plan.NONE;
            if (!planned) {
                out.forgetShared();
            }
            int rows = strings.size();
            for (int row = 0; row < rows; ) {
                if (inBatch == 0) {
                    out.opcode(MARK);
                }
                // A batch may span two columns, as pickle's own batching of one list would.
                int take = Math.min(BATCH - inBatch, rows - row);
                items(strings, planned, row, row + take);
                row += take;
                inBatch += take;
                if (inBatch == BATCH) {
                    out.opcode(APPENDS);
                    inBatch = 0;
                }
            }
        }
        if (inBatch > 0) {
            out.opcode(APPENDS);
        }
    }

    /// Rows `from` to `to` of one column. A small method called a batch at a time rather than one
    /// loop over millions of rows inside the loop over the columns, as the text parser converts its
    /// columns (`ColumnConverter.BATCH_ROWS`): the JIT compiles a short, hot method sooner and better
    /// than a long loop it must replace while it runs.
    ///
    /// The strings come out of the column a batch at a time into one array, one copy per batch
    /// rather than one per string; a string longer than that array is written on its own.
    private void items(ObjectColumn strings, boolean planned, int from, int to) throws IOException {
        for (int row = from; row < to; ) {
            int copied = strings.copyUtf8(row, to, batchBytes, batchLengths);
            if (copied == 0) {
                // A string longer than the batch, from the column's buffer as it is unless it repeats.
                if (!planned || repeats.knownOnce(row)) {
                    out.unicode(strings.utf8(row));
                } else {
                    byte[] alone = new byte[strings.utf8Length(row)];
                    strings.copyUtf8(row, alone, 0);
                    string(planned, row, alone, 0, alone.length);
                }
                row++;
                continue;
            }
            int offset = 0;
            for (int i = 0; i < copied; i++) {
                int length = batchLengths[i];
                if (length == ObjectColumn.COPIED_MISSING) {
                    out.binfloat(Double.NaN);
                } else if (length < 0) {
                    out.bool(length == ObjectColumn.COPIED_TRUE);
                } else {
                    string(planned, row + i, batchBytes, offset, length);
                    offset += length;
                }
            }
            row += copied;
        }
    }

    /// The string at `row`: memoised where it first comes when it comes again in its column, and a
    /// reference to that from then on, as `pickle` writes pandas' one object per value of a column.
    /// Unplanned ([RepeatedStrings#plan] found even the column's distinct strings too many), through
    /// the output's cache of recent strings.
    private void string(boolean planned, int row, byte[] source, int offset, int length) throws IOException {
        if (!planned) {
            out.sharedUnicode(source, offset, length);
            return;
        }
        int number = repeats.number(row, source, offset, length);
        if (number == RepeatedStrings.ONCE) {
            out.unicode(source, offset, length);
            return;
        }
        int index = repeats.memoIndex(number);
        if (index >= 0 && out.mayRefer(length)) {
            out.referTo(index, length);
            return;
        }
        // The first time, or a reference that would pass what every reader allows: written whole,
        // and referred to from here on.
        out.unicode(source, offset, length);
        repeats.memoised(number, out.memoize());
    }

    /// `numpy.dtype(code, False, True)` with the `__setstate__` tuple numpy pickles, memoised so
    /// every array of one type shares it as in pandas' own pickles.
    private void dtype(NumpyType type) throws IOException {
        String key = "dtype " + type.code;
        Integer index = memo.get(key);
        if (index != null) {
            out.memoGet(index);
            return;
        }
        global("numpy", "dtype");
        out.string(type.code);
        out.bool(false);
        out.bool(true);
        out.opcode(TUPLE3);
        out.opcode(REDUCE);
        out.opcode(MARK);
        boolean datetime = type == NumpyType.DATETIME64_NS;
        out.integer(datetime ? 4 : 3);
        out.string(String.valueOf(type.byteOrder));
        out.opcode(NONE);
        out.opcode(NONE);
        out.opcode(NONE);
        out.integer(-1);
        out.integer(-1);
        out.integer(type.isObject() ? 63 : 0);
        if (datetime) {
            // Metadata ({}, (unit, count, 1, 1)): nanoseconds, one per tick.
            out.opcode(EMPTY_DICT);
            out.opcode(MARK);
            out.bytes(new byte[] {'n', 's'});
            out.integer(1);
            out.integer(1);
            out.integer(1);
            out.opcode(TUPLE);
            out.opcode(TUPLE2);
        }
        out.opcode(TUPLE);
        out.opcode(BUILD);
        memoize(key);
    }

    private void optionalString(Optional<String> value) throws IOException {
        if (value.isPresent()) {
            out.string(value.get());
        } else {
            out.opcode(NONE);
        }
    }

    /// Pushes `module.name`, memoised after its first use.
    private void global(String module, String name) throws IOException {
        String key = module + ' ' + name;
        Integer index = memo.get(key);
        if (index != null) {
            out.memoGet(index);
            return;
        }
        out.string(module);
        out.string(name);
        out.opcode(STACK_GLOBAL);
        memoize(key);
    }

    private void memoize(String key) throws IOException {
        memo.put(key, out.memoize());
    }
}
