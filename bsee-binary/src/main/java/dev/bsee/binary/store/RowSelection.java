package dev.bsee.binary.store;

import dev.bsee.core.BoolColumn;
import dev.bsee.core.BufferAllocator;
import dev.bsee.core.Column;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Index;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/// Projection and boolean-mask row selection on [Table]s, with pandas' index rules: kept rows keep
/// their labels (a `RangeIndex` becomes an `int64` `Index` of the kept labels), and a mask that keeps
/// every row keeps the index as it was (pandas 2.x).
final class RowSelection {

    private RowSelection() {
    }

    /// Applies a query.
    ///
    /// @param table the table
    /// @param query the query
    /// @return the selected table
    static Table apply(Table table, Query query) {
        int rows = table.rowCount();
        BitSet keep = new BitSet(rows);
        keep.set(0, rows);
        for (Query.ColumnCondition condition : query.conditions()) {
            Column column = table.column(condition.column());
            keep.and(mask(column, condition.condition()));
        }
        List<Integer> positions = new ArrayList<>();
        if (query.columns().isPresent()) {
            for (String name : query.columns().get()) {
                int before = positions.size();
                for (int i = 0; i < table.columnCount(); i++) {
                    if (table.columnNames().get(i).equals(name)) {
                        positions.add(i);
                    }
                }
                if (positions.size() == before) {
                    throw new NoSuchElementException("no column " + name + "; columns are " + table.columnNames());
                }
            }
        } else {
            for (int i = 0; i < table.columnCount(); i++) {
                positions.add(i);
            }
        }
        boolean everyRow = keep.cardinality() == rows;
        int[] kept = keep.stream().toArray();
        Table.Builder result = Table.builder();
        for (int position : positions) {
            Column column = table.column(position);
            result.column(table.columnNames().get(position), everyRow ? column : take(column, kept));
        }
        return result.index(everyRow ? table.index() : take(table.index(), kept)).build();
    }

    private static BitSet mask(Column column, Condition condition) {
        int rows = column.size();
        BitSet mask = new BitSet(rows);
        switch (condition) {
            case Condition.IsMissing missing -> {
                for (int row = 0; row < rows; row++) {
                    mask.set(row, column.isMissing(row));
                }
            }
            case Condition.Not not -> {
                mask = mask(column, not.condition());
                mask.flip(0, rows);
            }
            case Condition.Satisfies satisfies -> {
                for (int row = 0; row < rows; row++) {
                    mask.set(row, column.value(row).map(v -> satisfies.test().test(v)).orElse(false));
                }
            }
            case Condition.IsIn isIn -> isIn(column, isIn.values(), mask);
        }
        return mask;
    }

    /// `isin` per dtype, with the set converted once to the column's value type.
    private static void isIn(Column column, Set<Object> values, BitSet mask) {
        switch (column) {
            case Int64Column ints -> {
                Set<Long> wanted = new HashSet<>();
                for (Object value : values) {
                    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                        wanted.add(((Number) value).longValue());
                    } else if (value instanceof Double || value instanceof Float) {
                        double d = ((Number) value).doubleValue();
                        if (d == Math.rint(d) && Math.abs(d) <= 0x1p63) {
                            wanted.add((long) d);
                        }
                    }
                }
                for (int row = 0; row < ints.size(); row++) {
                    mask.set(row, wanted.contains(ints.get(row)));
                }
            }
            case Float64Column floats -> {
                Set<Double> wanted = new HashSet<>();
                for (Object value : values) {
                    if (value instanceof Number number && !(value instanceof java.math.BigDecimal)
                            && !(value instanceof java.math.BigInteger)) {
                        wanted.add(number.doubleValue() + 0.0);
                    }
                }
                for (int row = 0; row < floats.size(); row++) {
                    // + 0.0 turns -0.0 into 0.0, which pandas treats as equal; NaN boxes to one value.
                    mask.set(row, wanted.contains(floats.get(row) + 0.0));
                }
            }
            case BoolColumn bools -> {
                for (int row = 0; row < bools.size(); row++) {
                    mask.set(row, values.contains(bools.get(row)));
                }
            }
            case ObjectColumn strings -> {
                for (int row = 0; row < strings.size(); row++) {
                    mask.set(row, !strings.isMissing(row) && values.contains(strings.get(row)));
                }
            }
            case DateTimeColumn times -> {
                Set<Instant> wanted = new HashSet<>();
                values.stream().filter(Instant.class::isInstance).map(Instant.class::cast).forEach(wanted::add);
                for (int row = 0; row < times.size(); row++) {
                    mask.set(row, times.value(row).map(wanted::contains).orElse(false));
                }
            }
        }
    }

    /// The rows at `kept` (ascending positions) of a column.
    static Column take(Column column, int[] kept) {
        return switch (column) {
            case Int64Column c -> Int64Column.wrap(takeFixed(c.rawBytes(), Long.BYTES, kept));
            case Float64Column c -> Float64Column.wrap(takeFixed(c.rawBytes(), Long.BYTES, kept));
            case DateTimeColumn c -> DateTimeColumn.wrap(takeFixed(c.rawBytes(), Long.BYTES, kept));
            case BoolColumn c -> BoolColumn.wrap(takeFixed(c.rawBytes(), 1, kept));
            case ObjectColumn c -> {
                ObjectColumn.Builder builder = ObjectColumn.builder(BufferAllocator.heap());
                for (int row : kept) {
                    if (c.isMissing(row)) {
                        builder.addMissing();
                    } else {
                        ByteBuffer utf8 = c.utf8(row);
                        byte[] bytes = new byte[utf8.remaining()];
                        utf8.get(bytes);
                        builder.addUtf8(bytes, 0, bytes.length);
                    }
                }
                yield builder.build();
            }
        };
    }

    private static ByteBuffer takeFixed(ByteBuffer source, int width, int[] kept) {
        ByteBuffer target = ByteBuffer.allocate(kept.length * width).order(ByteOrder.LITTLE_ENDIAN);
        for (int row : kept) {
            target.put(source.slice(row * width, width));
        }
        return target.flip();
    }

    static Index take(Index index, int[] kept) {
        return switch (index) {
            case Index.Range range -> {
                long[] labels = new long[kept.length];
                for (int i = 0; i < kept.length; i++) {
                    labels[i] = range.start() + kept[i] * range.step();
                }
                yield new Index.Labels(Int64Column.of(labels), range.name());
            }
            case Index.Labels labels -> new Index.Labels(take(labels.labels(), kept), labels.name());
            case Index.Multi multi -> new Index.Multi(multi.levels().stream().map(level -> take(level, kept)).toList(),
                    multi.names());
        };
    }
}
