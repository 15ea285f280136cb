package dev.bsee.scraper.internal.text;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.GrowableBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/// Fills one buffer from the allocator with little-endian values and bytes whose total size is known
/// in advance, or bounded from above: the parts of a column (fixed-width values, a string column's
/// offsets, flags and bytes).
///
/// Buffers grow by doubling, so a buffer appended piece by piece ends with up to twice the memory it
/// needs. Up to 8 MiB, the content is therefore collected in a heap array of the expected size and
/// handed over in one piece, which gives a buffer of exactly the size used; more goes through a
/// 64 KiB array, keeping the heap bounded.
final class BulkBuffer {

    private static final int WHOLE_COLUMN_LIMIT = 8 << 20;
    private static final int BLOCK = 64 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final GrowableBuffer out;
    private final byte[] stage;
    private int staged;

    /// @param allocator where the buffer comes from
    /// @param expectedBytes the size the content will have, or a bound above it
    BulkBuffer(BufferAllocator allocator, long expectedBytes) {
        this.out = allocator.allocate();
        this.stage = new byte[(int) (expectedBytes <= WHOLE_COLUMN_LIMIT ? expectedBytes : BLOCK)];
    }

    void putLong(long value) {
        if (stage.length - staged < Long.BYTES) {
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

    void put(byte[] bytes, int offset, int length) {
        if (stage.length - staged < length) {
            flush();
            if (length > stage.length) {
                out.put(bytes, offset, length);
                return;
            }
        }
        System.arraycopy(bytes, offset, stage, staged, length);
        staged += length;
    }

    /// The number of bytes written so far.
    long size() {
        return out.size() + staged;
    }

    /// The content, read-only, little-endian.
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
