package dev.bsee.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/// Shared storage of the fixed-width columns: `width` little-endian bytes per row in one buffer.
abstract class FixedWidthColumn {
    final ByteBuffer data;
    final int size;

    FixedWidthColumn(ByteBuffer data, int width) {
        Objects.requireNonNull(data, "data");
        if (data.remaining() % width != 0) {
            throw new IllegalArgumentException("buffer of " + data.remaining() + " bytes is not a whole number of "
                    + width + "-byte values");
        }
        this.data = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        this.size = data.remaining() / width;
    }

    /// The raw little-endian values, read-only, positioned at zero; the pickle writer copies them as
    /// they are.
    ///
    /// @return a new view of the values
    public ByteBuffer rawBytes() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /// The number of values.
    ///
    /// @return the row count
    public int size() {
        return size;
    }

    static void checkIndex(int row, int size) {
        Objects.checkIndex(row, size);
    }
}
