package dev.bsee.core;

import dev.bsee.core.internal.BufferScope;

import java.nio.ByteBuffer;
import java.util.Optional;

/// A column of `float64` values; NaN is missing.
public final class Float64Column extends FixedWidthColumn implements Column {

    private Float64Column(ByteBuffer data, BufferScope scope) {
        super(data, Long.BYTES, DType.FLOAT64, scope);
    }

    @Override
    Float64Column within(BufferScope scope) {
        return new Float64Column(data, scope);
    }

    /// A column reading the given little-endian 8-byte IEEE values.
    ///
    /// The buffer's remaining bytes are used without copying and must not change afterwards.
    ///
    /// @param littleEndianValues the values; its remaining bytes must be a multiple of 8
    /// @return the column
    public static Float64Column wrap(ByteBuffer littleEndianValues) {
        return new Float64Column(littleEndianValues, BufferScope.OPEN);
    }

    /// A column of the given values.
    ///
    /// @param values the values
    /// @return the column
    public static Float64Column of(double... values) {
        java.util.Objects.requireNonNull(values, "values");
        return new Float64Column(littleEndian(values), BufferScope.OPEN);
    }

    /// A builder that appends into a buffer from `allocator`.
    ///
    /// @param allocator where the values are stored
    /// @return the builder
    public static Builder builder(BufferAllocator allocator) {
        return new Builder(java.util.Objects.requireNonNull(allocator, "allocator"));
    }

    /// The value at `row`.
    ///
    /// @param row the row, from zero
    /// @return the value
    public double get(int row) {
        return doubleAt(row);
    }

    @Override
    public boolean isMissing(int row) {
        return Double.isNaN(get(row));
    }

    @Override
    public Optional<Object> value(int row) {
        double value = get(row);
        return Double.isNaN(value) ? Optional.empty() : Optional.of(value);
    }

    @Override
    public String format(int row) {
        return Columns.formatDouble(get(row));
    }

    /// Appends `float64` values; not thread-safe.
    public static final class Builder extends ValueBuilder {

        private Builder(BufferAllocator allocator) {
            super(allocator, Long.BYTES);
        }

        /// Appends a value.
        ///
        /// @param value the value
        /// @return this builder
        public Builder add(double value) {
            buffer.putDouble(value);
            return this;
        }

        /// The finished column; the builder must not be used afterwards.
        ///
        /// @return the column
        public Float64Column build() {
            return new Float64Column(buffer.seal(), scope);
        }
    }
}
