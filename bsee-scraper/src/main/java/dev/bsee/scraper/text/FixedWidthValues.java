package dev.bsee.scraper.text;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.GrowableBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/// Writes a column of fixed-width little-endian values (`int64`, `float64`, `bool`) whose row count is
/// known, into one buffer from the allocator.
///
/// Buffers grow by doubling, so a column appended value by value ends with up to twice the memory it
/// needs. A column of up to 16 MiB is therefore collected in a heap array of exactly its size and
/// handed over in one piece, which gives a buffer of exactly that size; longer columns go through a
/// 64 KiB array, keeping the heap bounded.
final class FixedWidthValues {

    private static final int WHOLE_COLUMN_LIMIT = 16 << 20;
    private static final int BLOCK = 64 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final GrowableBuffer out;
    private final byte[] stage;
    private int staged;

    FixedWidthValues(BufferAllocator allocator, int rows, int width) {
        long total = (long) rows * width;
        this.out = allocator.allocate();
        this.stage = new byte[(int) (total <= WHOLE_COLUMN_LIMIT ? total : BLOCK)];
    }

    void putLong(long value) {
        if (staged + Long.BYTES > stage.length) {
            flush();
        }
        LONGS.set(stage, staged, value);
        staged += Long.BYTES;
    }

    void putDouble(double value) {
        putLong(Double.doubleToRawLongBits(value));
    }

    void putByte(byte value) {
        if (staged == stage.length) {
            flush();
        }
        stage[staged++] = value;
    }

    /// The values, read-only, little-endian.
    ByteBuffer seal() {
        flush();
        return out.seal();
    }

    private void flush() {
        if (staged > 0) {
            out.put(stage, 0, staged);
            staged = 0;
        }
    }
}
