package dev.bsee.binary;

import dev.bsee.core.BoolColumn;
import dev.bsee.core.Column;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.UInt64Column;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/// Turns one materialised `MultiIndex` level (a label per row) into what pandas stores: the sorted
/// distinct labels and, per row, a code into them (`-1` for a missing label), as
/// `MultiIndex.from_arrays` does.
final class LevelFactorizer {

    /// The distinct labels and the codes, little-endian in the width of `codesType`.
    record Level(Column uniques, NumpyType codesType, ByteBuffer codes) {
    }

    private LevelFactorizer() {
    }

    private static boolean hasBools(ObjectColumn column) {
        for (int row = 0; row < column.size(); row++) {
            if (!column.isString(row) && !column.isMissing(row)) {
                return true;
            }
        }
        return false;
    }

    /// A level whose labels are `labels`, or, for an `int64` or `uint64` level with missing labels
    /// ([dev.bsee.core.Index.Multi#integerLevels()]), the integers `integers` holds in the rows where
    /// `labels` (float64) is not missing: such a level is written as the integer level it was, its
    /// missing labels coded -1, not as a `float64` one.
    static Level factorize(Column labels, java.util.Optional<Column> integers) {
        if (integers.isEmpty()) {
            return factorize(labels);
        }
        int rows = labels.size();
        boolean unsigned = integers.get() instanceof UInt64Column;
        // With the sign bit flipped, signed order is unsigned order.
        long flip = unsigned ? Long.MIN_VALUE : 0;
        long[] present = new long[rows];
        int count = 0;
        for (int row = 0; row < rows; row++) {
            if (!labels.isMissing(row)) {
                present[count++] = integer(integers.get(), row) ^ flip;
            }
        }
        long[] sorted = distinctSorted(present, count);
        int[] codes = new int[rows];
        for (int row = 0; row < rows; row++) {
            codes[row] = labels.isMissing(row) ? -1 : Arrays.binarySearch(sorted, integer(integers.get(), row) ^ flip);
        }
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] ^= flip;
        }
        return level(unsigned ? UInt64Column.of(sorted) : Int64Column.of(sorted), codes);
    }

    private static long integer(Column integers, int row) {
        return integers instanceof Int64Column ints ? ints.get(row) : ((UInt64Column) integers).get(row);
    }

    static Level factorize(Column labels) {
        int rows = labels.size();
        int[] codes = new int[rows];
        Column uniques = switch (labels) {
            case Int64Column ints -> {
                long[] values = new long[rows];
                for (int row = 0; row < rows; row++) {
                    values[row] = ints.get(row);
                }
                long[] sorted = distinctSorted(values, values.length);
                for (int row = 0; row < rows; row++) {
                    codes[row] = Arrays.binarySearch(sorted, values[row]);
                }
                yield Int64Column.of(sorted);
            }
            case UInt64Column unsigned -> {
                // With the sign bit flipped, signed order is unsigned order.
                long[] values = new long[rows];
                for (int row = 0; row < rows; row++) {
                    values[row] = unsigned.get(row) ^ Long.MIN_VALUE;
                }
                long[] sorted = distinctSorted(values, values.length);
                for (int row = 0; row < rows; row++) {
                    codes[row] = Arrays.binarySearch(sorted, values[row]);
                }
                for (int i = 0; i < sorted.length; i++) {
                    sorted[i] ^= Long.MIN_VALUE;
                }
                yield UInt64Column.of(sorted);
            }
            case DateTimeColumn times -> {
                long[] present = new long[rows];
                int count = 0;
                for (int row = 0; row < rows; row++) {
                    if (!times.isMissing(row)) {
                        present[count++] = times.epochNanos(row);
                    }
                }
                long[] sorted = distinctSorted(present, count);
                for (int row = 0; row < rows; row++) {
                    codes[row] = times.isMissing(row) ? -1 : Arrays.binarySearch(sorted, times.epochNanos(row));
                }
                yield DateTimeColumn.of(sorted);
            }
            case Float64Column floats -> {
                double[] present = new double[rows];
                int count = 0;
                // -0.0 and 0.0 are one label in pandas' hash tables, which keep the first one seen.
                double firstZero = Double.NaN;
                for (int row = 0; row < rows; row++) {
                    if (!floats.isMissing(row)) {
                        double value = floats.get(row);
                        if (value == 0 && Double.isNaN(firstZero)) {
                            firstZero = value;
                        }
                        present[count++] = value + 0.0;
                    }
                }
                double[] sorted = Arrays.copyOf(present, count);
                Arrays.sort(sorted);
                int distinct = 0;
                for (int i = 0; i < sorted.length; i++) {
                    if (distinct == 0 || sorted[i] != sorted[distinct - 1]) {
                        sorted[distinct++] = sorted[i];
                    }
                }
                double[] levels = Arrays.copyOf(sorted, distinct);
                for (int row = 0; row < rows; row++) {
                    codes[row] = floats.isMissing(row) ? -1 : Arrays.binarySearch(levels, floats.get(row) + 0.0);
                }
                if (!Double.isNaN(firstZero)) {
                    levels[Arrays.binarySearch(levels, 0.0)] = firstZero;
                }
                yield Float64Column.of(levels);
            }
            case BoolColumn bools -> {
                boolean seenFalse = false;
                boolean seenTrue = false;
                for (int row = 0; row < rows; row++) {
                    if (bools.get(row)) {
                        seenTrue = true;
                    } else {
                        seenFalse = true;
                    }
                }
                boolean[] levels = seenFalse && seenTrue ? new boolean[] {false, true}
                        : seenTrue ? new boolean[] {true} : seenFalse ? new boolean[] {false} : new boolean[0];
                for (int row = 0; row < rows; row++) {
                    codes[row] = bools.get(row) && seenFalse ? 1 : 0;
                }
                yield BoolColumn.of(levels);
            }
            case ObjectColumn objects when hasBools(objects) -> {
                // Python bools and missing labels (read_csv's True/False column with gaps): pandas
                // sorts the distinct bools, False before True, into a level of dtype bool (the Index
                // of the uniques infers it), the missing labels coded -1. Bools beside strings cannot
                // be sorted in Python either.
                boolean seenFalse = false;
                boolean seenTrue = false;
                for (int row = 0; row < rows; row++) {
                    Object value = objects.value(row).orElse(null);
                    if (value instanceof String) {
                        throw new IllegalArgumentException("an index level holds strings and bools at once, which"
                                + " Python cannot sort into levels");
                    }
                    seenTrue |= Boolean.TRUE.equals(value);
                    seenFalse |= Boolean.FALSE.equals(value);
                }
                boolean[] levels = seenFalse && seenTrue ? new boolean[] {false, true}
                        : seenTrue ? new boolean[] {true} : new boolean[] {false};
                for (int row = 0; row < rows; row++) {
                    Object value = objects.value(row).orElse(null);
                    codes[row] = value == null ? -1 : (Boolean) value && seenFalse ? 1 : 0;
                }
                yield BoolColumn.of(levels);
            }
            case ObjectColumn strings -> {
                Map<String, Integer> firstSeen = new HashMap<>();
                List<String> distinct = new ArrayList<>();
                for (int row = 0; row < rows; row++) {
                    if (!strings.isMissing(row)) {
                        String value = strings.get(row);
                        if (firstSeen.putIfAbsent(value, distinct.size()) == null) {
                            distinct.add(value);
                        }
                    }
                }
                // Python orders str by code point, which UTF-16 order gets wrong for astral characters.
                distinct.sort(LevelFactorizer::compareCodePoints);
                Map<String, Integer> position = new HashMap<>();
                for (int i = 0; i < distinct.size(); i++) {
                    position.put(distinct.get(i), i);
                }
                for (int row = 0; row < rows; row++) {
                    codes[row] = strings.isMissing(row) ? -1 : position.get(strings.get(row));
                }
                yield ObjectColumn.of(distinct.toArray(String[]::new));
            }
        };
        return level(uniques, codes);
    }

    /// The level of `uniques` and `codes`, the codes packed in the narrowest type pandas gives them.
    private static Level level(Column uniques, int[] codes) {
        NumpyType codesType = NumpyType.codesFor(uniques.size());
        ByteBuffer packed = ByteBuffer.allocate(codes.length * codesType.itemSize).order(ByteOrder.LITTLE_ENDIAN);
        for (int code : codes) {
            switch (codesType) {
                case INT8 -> packed.put((byte) code);
                case INT16 -> packed.putShort((short) code);
                default -> packed.putInt(code);
            }
        }
        return new Level(uniques, codesType, packed.flip());
    }

    private static long[] distinctSorted(long[] values, int count) {
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (distinct == 0 || sorted[i] != sorted[distinct - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, distinct);
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
