package dev.bsee.examples.cli;

import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.internal.PythonText;

/// How pandas writes the timestamps of a column, in `DataFrame.to_csv` and in a frame it prints
/// (`df.head()`, a `DatetimeIndex`'s labels): all of them in one form, the date alone when every
/// value is midnight, else the time with the fraction digits the finest value needs (3, 6 or 9;
/// milliseconds when no value needs more, unlike `str(Timestamp)`).
final class PandasTimestamps {

    private PandasTimestamps() {
    }

    /// The fraction digits for the first `rows` values of `column`, as [PythonText#timestamp(long, int)]
    /// takes them: -1 for the date alone.
    ///
    /// @param column the column
    /// @param rows how many of its first values are written or shown
    /// @return -1, or 0 to 9
    static int digits(DateTimeColumn column, int rows) {
        return digits(column, 0, rows);
    }

    /// The fraction digits for the values of `column` from row `from` to row `to` (exclusive), as
    /// [PythonText#timestamp(long, int)] takes them: -1 for the date alone.
    ///
    /// @param column the column
    /// @param from the first row
    /// @param to the row after the last
    /// @return -1, or 0 to 9
    static int digits(DateTimeColumn column, int from, int to) {
        boolean datesOnly = true;
        int fractionDigits = 0;
        for (int row = from; row < to; row++) {
            if (!column.isMissing(row)) {
                long nanos = column.epochNanos(row);
                datesOnly &= PythonText.isMidnight(nanos);
                fractionDigits = Math.max(fractionDigits, fractionDigits(nanos));
            }
        }
        return datesOnly ? -1 : fractionDigits;
    }

    private static int fractionDigits(long nanos) {
        long fraction = Math.floorMod(nanos, 1_000_000_000L);
        return fraction % 1000 != 0 ? 9 : fraction % 1_000_000 != 0 ? 6 : fraction != 0 ? 3 : 0;
    }
}
