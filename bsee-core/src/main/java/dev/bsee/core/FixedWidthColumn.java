package dev.bsee.core;

import dev.bsee.core.internal.BufferScope;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/// What the fixed-width columns share: `width` little-endian bytes per row in one read-only buffer,
/// bounds-checked reads of a row, value equality, and a builder that appends to a [GrowableBuffer].
///
/// The subclasses keep what differs (the value type, what is missing, how a value prints) and their
/// typed factories (`of(long...)`, `of(double...)`, `of(boolean...)`: one per primitive type, as
/// sharing them would box every value).
abstract sealed class FixedWidthColumn permits IntegerColumn, Float64Column, BoolColumn, DateTimeColumn {
    final ByteBuffer data;
    final int size;
    private final DType dtype;
    /// Until when `data` may be read: the allocator's that made it.
    final BufferScope scope;

    FixedWidthColumn(ByteBuffer data, int width, DType dtype, BufferScope scope) {
        Objects.requireNonNull(data, "data");
        if (data.remaining() % width != 0) {
            throw new IllegalArgumentException("buffer of " + data.remaining() + " bytes is not a whole number of "
                    + width + "-byte values");
        }
        this.data = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        this.size = data.remaining() / width;
        this.dtype = dtype;
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    /// This column's values in `scope` (see [BufferScope#bind]), sharing its buffer.
    abstract FixedWidthColumn within(BufferScope scope);

    /// The dtype pandas gives this column.
    ///
    /// @return the dtype
    public final DType dtype() {
        return dtype;
    }

    /// The raw little-endian values, read-only, positioned at zero; the pickle writer copies them as
    /// they are.
    ///
    /// @return a new view of the values
    /// @throws IllegalStateException when the allocator that held the values was closed
    public ByteBuffer rawBytes() {
        scope.checkAcquire();
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /// The number of values.
    ///
    /// @return the row count
    public int size() {
        return size;
    }

    /// The 8-byte value at `row`, bounds-checked.
    final long longAt(int row) {
        Objects.checkIndex(row, size);
        scope.check();
        try {
            return data.getLong(row * Long.BYTES);
        } catch (IllegalStateException released) {
            // The JDK's mapping, released by a close on another thread since the check.
            throw scope.released(released);
        }
    }

    /// The 8-byte IEEE value at `row`, bounds-checked.
    final double doubleAt(int row) {
        Objects.checkIndex(row, size);
        scope.check();
        try {
            return data.getDouble(row * Long.BYTES);
        } catch (IllegalStateException released) {
            // The JDK's mapping, released by a close on another thread since the check.
            throw scope.released(released);
        }
    }

    /// The byte at `row`, bounds-checked.
    final byte byteAt(int row) {
        Objects.checkIndex(row, size);
        scope.check();
        try {
            return data.get(row);
        } catch (IllegalStateException released) {
            // The JDK's mapping, released by a close on another thread since the check.
            throw scope.released(released);
        }
    }

    /// `isMissing` of a column without missing values: false for a row of the column, as long as
    /// its buffer may be read.
    final boolean neverMissing(int row) {
        Objects.checkIndex(row, size);
        scope.check();
        return false;
    }

    /// The values of `values` as a little-endian buffer, for the `of(long...)` factories.
    static ByteBuffer littleEndian(long[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asLongBuffer().put(values);
        return buffer;
    }

    /// The values of `values` as a little-endian buffer, for the `of(double...)` factory.
    static ByteBuffer littleEndian(double[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asDoubleBuffer().put(values);
        return buffer;
    }

    /// Equal to a column of the same type with the same values (NaN equal to NaN, as in
    /// `DataFrame.equals`).
    @Override
    public final boolean equals(Object other) {
        // Checked first, so that a column without rows fails as one with rows does.
        scope.check();
        return other instanceof FixedWidthColumn that && that.getClass() == getClass() && Columns.equalValues(this, that);
    }

    @Override
    public final int hashCode() {
        scope.check();
        return Columns.hash((Column) this);
    }

    @Override
    public final String toString() {
        scope.check();
        return Columns.describe((Column) this);
    }

    /// What the builders of the fixed-width columns share: the buffer they append to, and their count.
    abstract static class ValueBuilder {
        final GrowableBuffer buffer;
        /// The scope of the buffer, which the built column keeps.
        final BufferScope scope;
        private final int width;

        ValueBuilder(BufferAllocator allocator, int width) {
            this.buffer = allocator.allocate();
            this.scope = BufferScope.of(allocator);
            this.width = width;
        }

        /// The number of values appended.
        ///
        /// @return the count
        public int size() {
            return (int) (buffer.size() / width);
        }
    }
}
