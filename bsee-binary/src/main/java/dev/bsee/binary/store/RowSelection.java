package dev.bsee.binary.store;

import dev.bsee.core.BoolColumn;
import dev.bsee.core.BufferAllocator;
import dev.bsee.core.Column;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Float64Column;
import dev.bsee.core.GrowableBuffer;
import dev.bsee.core.Index;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.UInt64Column;
import dev.bsee.core.internal.BufferScope;
import dev.bsee.core.Table;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/// Projection and boolean-mask row selection on [Table]s, with pandas' index rules: kept rows keep
/// their labels (a `RangeIndex` becomes an `int64` `Index` of the kept labels), and a mask that keeps
/// every row keeps the index as it was (pandas 2.x).
///
/// Columns are told apart by their dtype and conditions and indexes by `instanceof`, not by pattern
/// `switch`es: each of those spins a class at run time on its first use (about 25 ms for the first in
/// a fresh JVM), which a short query pays in full.
final class RowSelection {

    /// Values read at once from a column's buffer.
    private static final int CHUNK = 4096;

    private RowSelection() {
    }

    /// The positions of the columns named `selected`, in its order, every column of a repeated name
    /// in the table's order. The positions of each name are found in one pass over `columnNames`: a
    /// pass per selected name took time growing with the product of the two counts (a projection
    /// of 100,000 columns of 100,000 took half a minute).
    ///
    /// @throws NoSuchElementException when a selected name is no column's
    static List<Integer> positionsOf(List<String> columnNames, List<String> selected) {
        Map<String, List<Integer>> byName = new HashMap<>();
        int position = 0;
        for (String name : columnNames) {
            byName.computeIfAbsent(name, n -> new ArrayList<>(1)).add(position++);
        }
        List<Integer> positions = new ArrayList<>(selected.size());
        for (String name : selected) {
            List<Integer> named = byName.get(name);
            if (named == null) {
                throw new NoSuchElementException("no column " + dev.bsee.core.internal.SafeText.escape(name) + "; columns are "
                        + dev.bsee.core.internal.MessageText.names(columnNames));
            }
            positions.addAll(named);
        }
        return positions;
    }

    /// Applies a query.
    ///
    /// @param table the table
    /// @param query the query
    /// @param allocator where the rows a filter keeps are copied: the allocator the table was read
    ///     with, so that a filtered table larger than the heap stays off it as the table did
    /// @return the selected table
    static Table apply(Table table, Query query, BufferAllocator allocator) {
        int rows = table.rowCount();
        BitSet keep = new BitSet(rows);
        keep.set(0, rows);
        for (Query.ColumnCondition condition : query.conditions()) {
            Column column = table.column(condition.column());
            long named = table.columnNames().stream().filter(condition.column()::equals).count();
            if (named > 1) {
                // pandas' df[name] is then a frame of those columns, and a mask made of it is refused
                // (cannot reindex on an axis with duplicate labels): testing the first one alone
                // would be an answer pandas never gives.
                throw new IllegalArgumentException("a condition on column "
                        + dev.bsee.core.internal.SafeText.escape(condition.column()) + " cannot apply: " + named
                        + " columns have that name, and pandas' df[name] is then a frame, not a column");
            }
            try {
                keep.and(mask(column, condition.condition()));
            } catch (IllegalArgumentException e) {
                // The name is the file's (any character), as in the messages above: escaped.
                throw new IllegalArgumentException("column " + dev.bsee.core.internal.SafeText.escape(condition.column())
                        + ": " + e.getMessage(), e);
            }
        }
        List<Integer> positions;
        if (query.selectedColumns().isPresent()) {
            positions = positionsOf(table.columnNames(), query.selectedColumns().get());
        } else {
            positions = new ArrayList<>(table.columnCount());
            for (int i = 0; i < table.columnCount(); i++) {
                positions.add(i);
            }
        }
        // The kept rows stay a mask, not an array of positions: 4 bytes a row on the heap for a
        // table whose columns may all be in mapped files.
        Kept kept = new Kept(keep, keep.cardinality(), allocator);
        boolean everyRow = kept.count() == rows;
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
        if (condition instanceof Condition.IsIn isIn) {
            isIn(column, isIn.values(), mask);
        } else if (condition instanceof Condition.EqualTo equal) {
            equalTo(column, equal.value(), mask);
        } else if (condition instanceof Condition.Not not) {
            mask = mask(column, not.condition());
            mask.flip(0, rows);
        } else if (condition instanceof Condition.Satisfies satisfies) {
            for (int row = 0; row < rows; row++) {
                mask.set(row, column.value(row).map(v -> satisfies.test().test(v)).orElse(false));
            }
        } else if (condition == Condition.IsMissing.INSTANCE) {
            for (int row = 0; row < rows; row++) {
                mask.set(row, column.isMissing(row));
            }
        } else {
            throw new IllegalStateException("unknown condition " + condition);
        }
        return mask;
    }

    /// pandas' `==`: `isin` of the one value, except where numpy compares in float64 and `isin`
    /// exactly (a float64 column against an integer, a uint64 column against a float); NaN equals
    /// nothing.
    private static void equalTo(Column column, Object value, BitSet mask) {
        if (value instanceof Double d && d.isNaN() || value instanceof Float f && f.isNaN()) {
            return;
        }
        boolean floating = value instanceof Double || value instanceof Float;
        if (column instanceof Float64Column floats && value instanceof Number number && !floating) {
            double wanted = number.doubleValue();
            for (int row = 0; row < floats.size(); row++) {
                mask.set(row, floats.get(row) == wanted);
            }
        } else if (column instanceof UInt64Column unsigned && floating) {
            double wanted = ((Number) value).doubleValue();
            for (int row = 0; row < unsigned.size(); row++) {
                mask.set(row, unsigned.toDouble(row) == wanted);
            }
        } else {
            isIn(column, Set.of(value), mask);
        }
    }

    /// `isin` of an int64 column with values that include a float, in float64 as pandas compares them.
    private static void isInAsDoubles(Int64Column ints, Set<Object> values, BitSet mask) {
        Set<Double> wanted = new HashSet<>();
        for (Object value : values) {
            if (value instanceof Boolean b) {
                wanted.add(b ? 1.0 : 0.0);
            } else if (value instanceof Number number) {
                // + 0.0: -0.0 is 0.0, as a long's 0 converts.
                wanted.add(number.doubleValue() + 0.0);
            }
        }
        for (int row = 0; row < ints.size(); row++) {
            if (wanted.contains((double) ints.get(row))) {
                mask.set(row);
            }
        }
    }

    /// `isin` per dtype, with the set converted once to the column's value type.
    private static void isIn(Column column, Set<Object> values, BitSet mask) {
        switch (column.dtype()) {
            case INT64 -> {
                Int64Column ints = (Int64Column) column;
                if (values.stream().anyMatch(value -> value instanceof Double || value instanceof Float)) {
                    // pandas compares an int64 column with values that include a float in float64:
                    // 2**53 + 1 is 2.0**53 then.
                    isInAsDoubles(ints, values, mask);
                    return;
                }
                LongSet wanted = new LongSet(values.size());
                for (Object value : values) {
                    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                        wanted.add(((Number) value).longValue());
                    } else if (value instanceof java.math.BigInteger big && big.bitLength() < Long.SIZE) {
                        wanted.add(big.longValue());
                    } else if (value instanceof Boolean b) {
                        // pandas compares booleans as 1 and 0.
                        wanted.add(b ? 1 : 0);
                    }
                }
                // In chunks of plain longs: one bulk copy each instead of a buffer read per row.
                LongBuffer longs = ints.rawBytes().asLongBuffer();
                long[] chunk = new long[Math.min(CHUNK, ints.size())];
                for (int first = 0; first < ints.size(); first += chunk.length) {
                    int count = Math.min(chunk.length, ints.size() - first);
                    longs.get(first, chunk, 0, count);
                    for (int i = 0; i < count; i++) {
                        if (wanted.contains(chunk[i])) {
                            mask.set(first + i);
                        }
                    }
                }
            }
            case UINT64 -> {
                // pandas compares a uint64 column with the values as Python objects (GH#46485),
                // so exactly: 2**64 - 1 is not 2.0**64, and -1 matches nothing.
                UInt64Column unsigned = (UInt64Column) column;
                LongSet wanted = new LongSet(values.size());
                for (Object value : values) {
                    unsignedBits(value).ifPresent(wanted::add);
                }
                for (int row = 0; row < unsigned.size(); row++) {
                    mask.set(row, wanted.contains(unsigned.get(row)));
                }
            }
            case FLOAT64 -> {
                Float64Column floats = (Float64Column) column;
                Set<Double> wanted = new HashSet<>();
                for (Object value : values) {
                    if (value instanceof Double || value instanceof Float) {
                        wanted.add(((Number) value).doubleValue() + 0.0);
                    } else if (value instanceof Number integer) {
                        // isin compares an integer with the floats exactly, as Python objects
                        // (GH#46485): 2**53 + 1 is no float, where == rounds it to 2.0**53.
                        exactDouble(integer).ifPresent(exact -> wanted.add(exact + 0.0));
                    } else if (value instanceof Boolean b) {
                        wanted.add(b ? 1.0 : 0.0);
                    }
                }
                for (int row = 0; row < floats.size(); row++) {
                    // + 0.0 turns -0.0 into 0.0, which pandas treats as equal; NaN boxes to one value.
                    mask.set(row, wanted.contains(floats.get(row) + 0.0));
                }
            }
            case BOOL -> {
                BoolColumn bools = (BoolColumn) column;
                // pandas compares booleans with numbers as 1 and 0: isin([1]) keeps the True rows.
                boolean wantTrue = false;
                boolean wantFalse = false;
                for (Object value : values) {
                    if (value instanceof Boolean b) {
                        wantTrue |= b;
                        wantFalse |= !b;
                    } else if (value instanceof Number number) {
                        wantTrue |= number.doubleValue() == 1.0;
                        wantFalse |= number.doubleValue() == 0.0;
                    }
                }
                for (int row = 0; row < bools.size(); row++) {
                    mask.set(row, bools.get(row) ? wantTrue : wantFalse);
                }
            }
            case OBJECT -> {
                ObjectColumn strings = (ObjectColumn) column;
                // A missing text is NaN (read_csv's), which pandas' isin([nan]) matches.
                boolean wantMissing = values.stream().anyMatch(value -> value instanceof Double d && d.isNaN()
                        || value instanceof Float f && f.isNaN());
                // A Python bool equals the bool and the number 1 or 0, as in the bool column above.
                boolean wantTrue = values.stream().anyMatch(value -> Boolean.TRUE.equals(value)
                        || value instanceof Number number && number.doubleValue() == 1.0);
                boolean wantFalse = values.stream().anyMatch(value -> Boolean.FALSE.equals(value)
                        || value instanceof Number number && number.doubleValue() == 0.0);
                for (int row = 0; row < strings.size(); row++) {
                    Object value = strings.value(row).orElse(null);
                    mask.set(row, value == null ? wantMissing
                            : value instanceof Boolean b ? (b ? wantTrue : wantFalse)
                            : values.contains(value));
                }
            }
            case DATETIME64 -> {
                DateTimeColumn times = (DateTimeColumn) column;
                // pandas parses a string given for a datetime64 column ("2024-01-01" matches that
                // midnight); matching no row instead would be a silently wrong answer.
                values.stream().filter(value -> !(value instanceof Instant)).findFirst().ifPresent(value -> {
                    throw new IllegalArgumentException("a datetime64[ns] column is compared with Instants, not a "
                            + value.getClass().getSimpleName() + " (" + dev.bsee.core.internal.SafeText.escape(
                                    String.valueOf(value)) + "); " + instantHint(value));
                });
                Set<Instant> wanted = new HashSet<>();
                values.stream().filter(Instant.class::isInstance).map(Instant.class::cast).forEach(wanted::add);
                for (int row = 0; row < times.size(); row++) {
                    mask.set(row, times.value(row).map(wanted::contains).orElse(false));
                }
            }
        }
    }

    /// A set of longs without a box per value or per lookup: open addressing in a table at most half
    /// full, with one value kept aside as the mark of an empty slot.
    static final class LongSet {
        private static final long EMPTY = Long.MIN_VALUE;
        private final long[] slots;
        private final int mask;
        private boolean holdsEmpty;

        LongSet(int expected) {
            int capacity = Integer.highestOneBit(Math.max(4, Math.min(1 << 29, expected)) * 2 - 1) << 1;
            slots = new long[capacity];
            Arrays.fill(slots, EMPTY);
            mask = capacity - 1;
        }

        void add(long value) {
            if (value == EMPTY) {
                holdsEmpty = true;
                return;
            }
            int slot = slot(value);
            while (slots[slot] != EMPTY && slots[slot] != value) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = value;
        }

        boolean contains(long value) {
            if (value == EMPTY) {
                return holdsEmpty;
            }
            int slot = slot(value);
            while (true) {
                long held = slots[slot];
                if (held == value) {
                    return true;
                }
                if (held == EMPTY) {
                    return false;
                }
                slot = (slot + 1) & mask;
            }
        }

        private int slot(long value) {
            long mixed = value * 0x9E3779B97F4A7C15L;
            return (int) (mixed >>> 32) & mask;
        }
    }

    /// The rows a filter keeps, the set bits of `rows`, and the allocator their copies go to.
    ///
    /// @param rows the kept rows
    /// @param count how many there are
    /// @param allocator where copies of them are made
    record Kept(BitSet rows, int count, BufferAllocator allocator) {
    }

    /// The kept rows of a column, copied into the buffers of the allocator the table was read with,
    /// where they refuse reads once it is closed, as the columns a projection shares do: one rule for
    /// every result of a query, where a filtered result alone (copied to the heap) had stayed readable
    /// and a filter keeping most of a table larger than the heap ran out of it. Copies to the heap
    /// (a query applied to a table of the application's) are put in the scope of the column they
    /// come from, so they too may be read exactly as long as it may.
    static Column take(Column column, Kept kept) {
        Column copy = copy(column, kept);
        BufferScope scope = BufferScope.of(kept.allocator());
        return BufferScope.bind(copy, scope == BufferScope.OPEN ? BufferScope.of(column) : scope);
    }

    private static Column copy(Column column, Kept kept) {
        return switch (column.dtype()) {
            case INT64 -> Int64Column.wrap(takeFixed(((Int64Column) column).rawBytes(), Long.BYTES, kept));
            case UINT64 -> UInt64Column.wrap(takeFixed(((UInt64Column) column).rawBytes(), Long.BYTES, kept));
            case FLOAT64 -> Float64Column.wrap(takeFixed(((Float64Column) column).rawBytes(), Long.BYTES, kept));
            case DATETIME64 -> DateTimeColumn.wrap(takeFixed(((DateTimeColumn) column).rawBytes(), Long.BYTES, kept));
            case BOOL -> BoolColumn.wrap(takeFixed(((BoolColumn) column).rawBytes(), 1, kept));
            case OBJECT -> {
                ObjectColumn c = (ObjectColumn) column;
                ObjectColumn.Builder builder = ObjectColumn.builder(kept.allocator());
                for (int row = kept.rows().nextSetBit(0); row >= 0; row = kept.rows().nextSetBit(row + 1)) {
                    builder.addFrom(c, row);
                }
                yield builder.build();
            }
        };
    }

    /// The double that equals the integer `value` exactly, if there is one.
    private static java.util.OptionalDouble exactDouble(Number value) {
        java.math.BigDecimal exact = value instanceof java.math.BigInteger big ? new java.math.BigDecimal(big)
                : java.math.BigDecimal.valueOf(value.longValue());
        double nearest = value.doubleValue();
        return Double.isFinite(nearest) && new java.math.BigDecimal(nearest).compareTo(exact) == 0
                ? java.util.OptionalDouble.of(nearest) : java.util.OptionalDouble.empty();
    }

    /// The bits of `value` as an unsigned 64-bit integer when it is one exactly (a bool as 1 or 0).
    private static java.util.OptionalLong unsignedBits(Object value) {
        java.math.BigInteger exact = switch (value) {
            case Boolean b -> java.math.BigInteger.valueOf(b ? 1 : 0);
            case Long l -> java.math.BigInteger.valueOf(l);
            case Integer i -> java.math.BigInteger.valueOf(i);
            case Short s -> java.math.BigInteger.valueOf(s);
            case Byte b -> java.math.BigInteger.valueOf(b);
            case java.math.BigInteger big -> big;
            case Double d when Double.isFinite(d) && d == Math.rint(d) -> new java.math.BigDecimal(d).toBigInteger();
            case Float f when Float.isFinite(f) && f == Math.rint(f) -> new java.math.BigDecimal(f).toBigInteger();
            default -> null;
        };
        return exact == null || exact.signum() < 0 || exact.bitLength() > Long.SIZE
                ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(exact.longValue());
    }

    /// The kept values of `width` bytes each, gathered a chunk at a time into a buffer of the allocator.
    private static ByteBuffer takeFixed(ByteBuffer source, int width, Kept kept) {
        GrowableBuffer target = kept.allocator().allocate();
        target.reserve((long) kept.count() * width);
        byte[] chunk = new byte[CHUNK * Long.BYTES];
        int filled = 0;
        for (int row = kept.rows().nextSetBit(0); row >= 0; row = kept.rows().nextSetBit(row + 1)) {
            if (filled == chunk.length) {
                target.put(chunk, 0, filled);
                filled = 0;
            }
            source.get(row * width, chunk, filled, width);
            filled += width;
        }
        target.put(chunk, 0, filled);
        return target.seal();
    }

    static Index take(Index index, Kept kept) {
        if (index instanceof Index.Range range) {
            // The labels of the kept rows, in the allocator as the columns are.
            GrowableBuffer labels = kept.allocator().allocate();
            labels.reserve((long) kept.count() * Long.BYTES);
            for (int row = kept.rows().nextSetBit(0); row >= 0; row = kept.rows().nextSetBit(row + 1)) {
                labels.putLong(range.start() + row * range.step());
            }
            Column column = BufferScope.bind(Int64Column.wrap(labels.seal()), BufferScope.of(kept.allocator()));
            return new Index.Labels(column, range.name().orElse(null));
        }
        if (index instanceof Index.Labels labels) {
            return new Index.Labels(take(labels.labels(), kept), labels.name().orElse(null));
        }
        Index.Multi multi = (Index.Multi) index;
        List<Column> levels = new ArrayList<>(multi.levels().size());
        List<java.util.Optional<Column>> integerLevels = new ArrayList<>(multi.levels().size());
        for (int level = 0; level < multi.levels().size(); level++) {
            levels.add(take(multi.levels().get(level), kept));
            integerLevels.add(multi.integerLevels().get(level).map(integers -> take(integers, kept)));
        }
        return new Index.Multi(levels, multi.names(), integerLevels);
    }

    /// How to give `value` as the column compares it: a text that is a day or a time of day names
    /// that moment (UTC, as pandas reads a naive one), any other value the form for a midnight.
    private static String instantHint(Object value) {
        java.time.LocalDateTime moment = null;
        try {
            moment = switch (value) {
                case String text when text.length() == 10 -> java.time.LocalDate.parse(text).atStartOfDay();
                case String text -> java.time.LocalDateTime.parse(text);
                default -> null;
            };
        } catch (java.time.DateTimeException notADate) {
            // Not a date: the general form below.
        }
        return moment == null ? "for midnight of a day give Instant.parse(\"YYYY-MM-DDT00:00:00Z\")"
                : "for that moment give Instant.parse(\"" + moment.toInstant(java.time.ZoneOffset.UTC) + "\")";
    }
}
