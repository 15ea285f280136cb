package dev.bsee.core;

import dev.bsee.core.internal.BufferScope;

import java.nio.ByteBuffer;
import java.util.Optional;

/// A column of `int64` values. Never has missing values: pandas makes such a column `float64`.
public final class Int64Column extends IntegerColumn implements Column {

    private Int64Column(ByteBuffer data, BufferScope scope) {
        super(data, DType.INT64, scope);
    }

    @Override
    Int64Column within(BufferScope scope) {
        return new Int64Column(data, scope);
    }

    /// A column reading the given little-endian 8-byte values.
    ///
    /// The buffer's remaining bytes are used without copying and must not change afterwards.
    ///
    /// @param littleEndianValues the values; its remaining bytes must be a multiple of 8
    /// @return the column
    public static Int64Column wrap(ByteBuffer littleEndianValues) {
        return new Int64Column(littleEndianValues, BufferScope.OPEN);
    }

    /// A column of the given values.
    ///
    /// @param values the values
    /// @return the column
    public static Int64Column of(long... values) {
        java.util.Objects.requireNonNull(values, "values");
        return new Int64Column(littleEndian(values), BufferScope.OPEN);
    }

    /// A builder that appends into a buffer from `allocator`.
    ///
    /// @param allocator where the values are stored
    /// @return the builder
    public static Builder builder(BufferAllocator allocator) {
        return new Builder(java.util.Objects.requireNonNull(allocator, "allocator"));
    }

    @Override
    public Optional<Object> value(int row) {
        return Optional.of(get(row));
    }

    @Override
    public String format(int row) {
        return Long.toString(get(row));
    }

    /// Appends `int64` values; not thread-safe.
    public static final class Builder extends ValueBuilder {

        private Builder(BufferAllocator allocator) {
            super(allocator, Long.BYTES);
        }

        /// Appends a value.
        ///
        /// @param value the value
        /// @return this builder
        public Builder add(long value) {
            buffer.putLong(value);
            return this;
        }

        /// The finished column; the builder must not be used afterwards.
        ///
        /// @return the column
        public Int64Column build() {
            return new Int64Column(buffer.seal(), scope);
        }
    }
}
