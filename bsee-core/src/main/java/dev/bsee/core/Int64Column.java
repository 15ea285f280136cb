package dev.bsee.core;

import java.nio.ByteBuffer;
import java.util.Optional;

/// A column of `int64` values. Never has missing values: pandas makes such a column `float64`.
public final class Int64Column extends FixedWidthColumn implements Column {

    private Int64Column(ByteBuffer data) {
        super(data, Long.BYTES);
    }

    /// A column reading the given little-endian 8-byte values.
    ///
    /// @param littleEndianValues the values; its remaining bytes must be a multiple of 8
    /// @return the column
    public static Int64Column wrap(ByteBuffer littleEndianValues) {
        return new Int64Column(littleEndianValues);
    }

    /// A column of the given values.
    ///
    /// @param values the values
    /// @return the column
    public static Int64Column of(long... values) {
        Builder builder = builder(BufferAllocator.heap());
        for (long value : values) {
            builder.add(value);
        }
        return builder.build();
    }

    /// A builder that appends into a buffer from `allocator`.
    ///
    /// @param allocator where the values are stored
    /// @return the builder
    public static Builder builder(BufferAllocator allocator) {
        return new Builder(allocator.allocate());
    }

    /// The value at `row`.
    ///
    /// @param row the row, from zero
    /// @return the value
    public long get(int row) {
        checkIndex(row, size);
        return data.getLong(row * Long.BYTES);
    }

    @Override
    public DType dtype() {
        return DType.INT64;
    }

    @Override
    public boolean isMissing(int row) {
        checkIndex(row, size);
        return false;
    }

    @Override
    public Optional<Object> value(int row) {
        return Optional.of(get(row));
    }

    @Override
    public String format(int row) {
        return Long.toString(get(row));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Int64Column that && Columns.equalValues(this, that);
    }

    @Override
    public int hashCode() {
        return Columns.hash(this);
    }

    @Override
    public String toString() {
        return Columns.describe(this);
    }

    /// Appends `int64` values; not thread-safe.
    public static final class Builder {
        private final GrowableBuffer buffer;

        private Builder(GrowableBuffer buffer) {
            this.buffer = buffer;
        }

        /// Appends a value.
        ///
        /// @param value the value
        /// @return this builder
        public Builder add(long value) {
            buffer.putLong(value);
            return this;
        }

        /// The number of values appended.
        ///
        /// @return the count
        public int size() {
            return (int) (buffer.size() / Long.BYTES);
        }

        /// The finished column; the builder must not be used afterwards.
        ///
        /// @return the column
        public Int64Column build() {
            return new Int64Column(buffer.seal());
        }
    }
}
