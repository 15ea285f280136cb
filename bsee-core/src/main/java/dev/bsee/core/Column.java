package dev.bsee.core;

import java.util.Optional;

/// One typed column of a [Table]: a sequence of values of one [DType], stored without a boxed object
/// per cell (fixed-width values in little-endian buffers, strings as UTF-8 bytes with offsets).
///
/// Columns are immutable. Equality is by dtype and values, with missing equal to missing (as
/// `DataFrame.equals` treats NaN), so two columns built from the same text are equal.
public sealed interface Column permits Int64Column, UInt64Column, Float64Column, BoolColumn, ObjectColumn, DateTimeColumn {

    /// The dtype of every value.
    ///
    /// @return the dtype
    DType dtype();

    /// The number of values.
    ///
    /// @return the row count
    int size();

    /// Whether the value at `row` is missing: NaN for `float64`, NaT for `datetime64[ns]`, NaN or None
    /// for `object`; never for `int64` or `bool`.
    ///
    /// @param row the row, from zero
    /// @return true when missing
    boolean isMissing(int row);

    /// The value at `row` boxed (a `Long`, a `BigInteger` of a `uint64` column, `Double`, `Boolean`,
    /// `String` or `java.time.Instant`), or empty when missing. Meant for tests, display and small tables; hot paths use the typed getters.
    ///
    /// @param row the row, from zero
    /// @return the value, or empty when missing
    Optional<Object> value(int row);

    /// The value at `row` as text, as pandas shows it: a float as Python's `repr` (`0.1`, `1e-05`,
    /// `inf`), a timestamp as `str(Timestamp)` (`2024-03-03 00:01:00`), a missing value as `NaN`
    /// (`NaT` for timestamps), whatever the JVM's default locale.
    ///
    /// @param row the row, from zero
    /// @return the text
    String format(int row);
}
