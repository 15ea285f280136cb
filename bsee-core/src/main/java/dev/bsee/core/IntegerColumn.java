package dev.bsee.core;

import dev.bsee.core.internal.BufferScope;

import java.nio.ByteBuffer;

/// What the columns of 64-bit integers share, signed ([Int64Column]) or unsigned ([UInt64Column]):
/// a value's 64 bits per row, read by [#get(int)], and never a missing value (pandas makes a column
/// of integers with missing cells `float64`). The subclasses keep how the bits are read: as a
/// `long`, or as unsigned (`value` a `BigInteger`, `format` `Long.toUnsignedString`).
abstract sealed class IntegerColumn extends FixedWidthColumn permits Int64Column, UInt64Column {

    IntegerColumn(ByteBuffer data, DType dtype, BufferScope scope) {
        super(data, Long.BYTES, dtype, scope);
    }

    /// The 64 bits of the value at `row`: the value itself in an `int64` column, to be read as
    /// unsigned in a `uint64` one (`Long.toUnsignedString`, `Long.compareUnsigned`).
    ///
    /// @param row the row, from zero
    /// @return the value's bits
    public final long get(int row) {
        return longAt(row);
    }

    /// Never: a column of integers has no missing values.
    ///
    /// @param row the row, from zero
    /// @return false
    public final boolean isMissing(int row) {
        return neverMissing(row);
    }
}
