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
    /// The bytes handed to `out` so far.
    private long flushed;

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
                flushed += length;
                return;
            }
        }
        copy(bytes, offset, stage, staged, length);
        staged += length;
    }

    /// Cells up to this long are copied as two words.
    static final int SHORT = 2 * Long.BYTES;

    /// Copies `length` bytes. Most cells are short, and for them two word moves cost less than a call
    /// of the array copy: when both arrays reach [#SHORT] bytes past the offsets, that is how they go,
    /// and `target` then holds stray bytes after the copy, which its owner overwrites or never reads.
    static void copy(byte[] source, int offset, byte[] target, int at, int length) {
        if (length <= SHORT && offset + SHORT <= source.length && at + SHORT <= target.length) {
            LONGS.set(target, at, (long) LONGS.get(source, offset));
            LONGS.set(target, at + Long.BYTES, (long) LONGS.get(source, offset + Long.BYTES));
        } else {
            System.arraycopy(source, offset, target, at, length);
        }
    }

    /// The number of bytes written so far.
    long size() {
        return flushed + staged;
    }

    /// The content, read-only, little-endian.
    ByteBuffer seal() {
        flush();
        return out.seal();
    }

    private void flush() {
        if (staged > 0) {
            out.put(stage, 0, staged);
            flushed += staged;
            staged = 0;
        }
    }
}
