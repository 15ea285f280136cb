package dev.bsee.core;

import dev.bsee.core.internal.BufferScope;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Optional;

/// A column of `uint64` values: what `pandas.read_csv` makes of a column of integers some of which
/// are above `Long.MAX_VALUE` (20-digit numbers up to 18446744073709551615), when no cell is negative
/// or missing. Never has missing values.
///
/// [#get(int)] gives a value's 64 bits as a `long`, to be read as unsigned (`Long.toUnsignedString`,
/// `Long.compareUnsigned`); [#value(int)] gives it as a `BigInteger`.
public final class UInt64Column extends IntegerColumn implements Column {

    private UInt64Column(ByteBuffer data, BufferScope scope) {
        super(data, DType.UINT64, scope);
    }

    @Override
    UInt64Column within(BufferScope scope) {
        return new UInt64Column(data, scope);
    }

    /// A column reading the given little-endian 8-byte unsigned values.
    ///
    /// The buffer's remaining bytes are used without copying and must not change afterwards.
    ///
    /// @param littleEndianValues the values; its remaining bytes must be a multiple of 8
    /// @return the column
    public static UInt64Column wrap(ByteBuffer littleEndianValues) {
        return new UInt64Column(littleEndianValues, BufferScope.OPEN);
    }

    /// A column of the given values, each `long` read as unsigned (`-1L` is 18446744073709551615).
    ///
    /// @param unsignedValues the values' bits
    /// @return the column
    public static UInt64Column of(long... unsignedValues) {
        java.util.Objects.requireNonNull(unsignedValues, "unsignedValues");
        return new UInt64Column(littleEndian(unsignedValues), BufferScope.OPEN);
    }

    /// The value at `row` as the nearest double, as numpy's `astype(float64)` gives it.
    ///
    /// @param row the row, from zero
    /// @return the value, rounded to a double
    public double toDouble(int row) {
        long bits = get(row);
        // Halving keeps the lost bit as a sticky bit, so the one rounding is the direct conversion's.
        return bits >= 0 ? bits : ((double) ((bits >>> 1) | (bits & 1))) * 2.0;
    }

    /// The value at `row` as a `BigInteger` (never negative).
    @Override
    public Optional<Object> value(int row) {
        long bits = get(row);
        return Optional.of(bits >= 0 ? BigInteger.valueOf(bits) : new BigInteger(Long.toUnsignedString(bits)));
    }

    @Override
    public String format(int row) {
        return Long.toUnsignedString(get(row));
    }
}
