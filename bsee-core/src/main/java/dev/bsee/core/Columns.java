package dev.bsee.core;

import dev.bsee.core.internal.PythonText;

/// Equality, hashing and display shared by the column types.
final class Columns {
    private static final int SHOWN = 10;

    private Columns() {
    }

    static boolean equalValues(FixedWidthColumn a, FixedWidthColumn b) {
        if (a.size != b.size) {
            return false;
        }
        if (a instanceof Float64Column fa && b instanceof Float64Column fb) {
            for (int row = 0; row < a.size; row++) {
                double x = fa.get(row);
                double y = fb.get(row);
                // NaN equals NaN, as in DataFrame.equals; otherwise numeric equality (0.0 == -0.0).
                if (!(x == y || (Double.isNaN(x) && Double.isNaN(y)))) {
                    return false;
                }
            }
            return true;
        }
        return a.rawBytes().equals(b.rawBytes());
    }

    static int hash(Column column) {
        int hash = column.dtype().hashCode() * 31 + column.size();
        int rows = Math.min(column.size(), SHOWN);
        for (int row = 0; row < rows; row++) {
            // -0.0 equals 0.0 (equalValues compares numerically) but prints as -0.0: both hash as zero.
            boolean zero = column instanceof Float64Column floats && floats.get(row) == 0.0;
            hash = hash * 31 + (column.isMissing(row) || zero ? 0 : column.format(row).hashCode());
        }
        return hash;
    }

    static String describe(Column column) {
        StringBuilder text = new StringBuilder(column.dtype().numpyName()).append('[');
        int rows = Math.min(column.size(), SHOWN);
        for (int row = 0; row < rows; row++) {
            if (row > 0) {
                text.append(", ");
            }
            // A string is any character of a file: escaped, as the table's rendering escapes it.
            text.append(column instanceof ObjectColumn strings && strings.isString(row)
                    ? '"' + dev.bsee.core.internal.SafeText.escape(column.format(row)) + '"' : column.format(row));
        }
        if (column.size() > rows) {
            text.append(", ... (").append(column.size()).append(" values)");
        }
        return text.append(']').toString();
    }

    /// A double as Python's `repr` writes it ([PythonText#repr]); a missing value (NaN) as pandas
    /// shows it, `NaN`.
    static String formatDouble(double value) {
        return Double.isNaN(value) ? "NaN" : PythonText.repr(value);
    }
}
