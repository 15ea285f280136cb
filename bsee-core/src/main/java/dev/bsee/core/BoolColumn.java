package dev.bsee.core;

import dev.bsee.core.internal.BufferScope;

import java.nio.ByteBuffer;
import java.util.Optional;

/// A column of `bool` values, one byte each (0 or 1, as numpy stores them). Never has missing values:
/// pandas makes such a column `object`.
public final class BoolColumn extends FixedWidthColumn implements Column {

    private BoolColumn(ByteBuffer data, BufferScope scope) {
        super(data, 1, DType.BOOL, scope);
    }

    @Override
    BoolColumn within(BufferScope scope) {
        return new BoolColumn(data, scope);
    }

    /// A column reading one byte per value (zero is false).
    ///
    /// The buffer's remaining bytes are used without copying and must not change afterwards.
    ///
    /// @param values the bytes
    /// @return the column
    public static BoolColumn wrap(ByteBuffer values) {
        return new BoolColumn(values, BufferScope.OPEN);
    }

    /// A column of the given values.
    ///
    /// @param values the values
    /// @return the column
    public static BoolColumn of(boolean... values) {
        java.util.Objects.requireNonNull(values, "values");
        Builder builder = builder(BufferAllocator.heap());
        for (boolean value : values) {
            builder.add(value);
        }
        return builder.build();
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
    public boolean get(int row) {
        return byteAt(row) != 0;
    }

    @Override
    public boolean isMissing(int row) {
        return neverMissing(row);
    }

    @Override
    public Optional<Object> value(int row) {
        return Optional.of(get(row));
    }

    @Override
    public String format(int row) {
        return get(row) ? "True" : "False";
    }

    /// Appends `bool` values; not thread-safe.
    public static final class Builder extends ValueBuilder {

        private Builder(BufferAllocator allocator) {
            super(allocator, 1);
        }

        /// Appends a value.
        ///
        /// @param value the value
        /// @return this builder
        public Builder add(boolean value) {
            buffer.putByte(value ? (byte) 1 : (byte) 0);
            return this;
        }

        /// The finished column; the builder must not be used afterwards.
        ///
        /// @return the column
        public BoolColumn build() {
            return new BoolColumn(buffer.seal(), scope);
        }
    }
}
