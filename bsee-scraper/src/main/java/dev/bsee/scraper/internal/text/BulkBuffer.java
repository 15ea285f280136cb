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
/// The buffer is told the expected size first ([GrowableBuffer#reserve(long)]), so it takes that
/// room in one step instead of growing by doubling (a copy at every step, and up to twice the memory
/// at the end); values are collected in a heap array of at most 64 KiB and handed over a block at a
/// time, so a column costs one copy of its bytes and no heap array of its size.
final class BulkBuffer {

    private static final int BLOCK = 64 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final GrowableBuffer out;
    private final byte[] stage;
    private int staged;

    /// @param allocator where the buffer comes from
    /// @param expectedBytes the size the content will have, or a bound above it; the buffer takes
    ///     this much room at once
    BulkBuffer(BufferAllocator allocator, long expectedBytes) {
        this(allocator, expectedBytes, expectedBytes);
    }

    /// @param allocator where the buffer comes from
    /// @param expectedBytes the size the content will have, or a bound above it
    /// @param reservedBytes the room the buffer takes at once: the expected size, or less when the
    ///     bound is loose (it grows by doubling beyond)
    BulkBuffer(BufferAllocator allocator, long expectedBytes, long reservedBytes) {
        this.out = allocator.allocate();
        out.reserve(reservedBytes);
        this.stage = new byte[(int) Math.min(Math.max(expectedBytes, Long.BYTES), BLOCK)];
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
