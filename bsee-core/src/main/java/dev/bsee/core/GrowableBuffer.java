package dev.bsee.core;

import java.nio.ByteBuffer;

/// An append-only, little-endian byte buffer that a column builder fills, then seals into a
/// read-only [ByteBuffer] view that the finished column reads from.
///
/// Buffers are limited to `Integer.MAX_VALUE` bytes, the reach of one [ByteBuffer].
public interface GrowableBuffer {

    /// Appends one byte.
    ///
    /// @param value the byte
    void putByte(byte value);

    /// Appends a little-endian 64-bit integer.
    ///
    /// @param value the value
    void putLong(long value);

    /// Appends a little-endian 64-bit float.
    ///
    /// @param value the value
    default void putDouble(double value) {
        putLong(Double.doubleToRawLongBits(value));
    }

    /// Appends `length` bytes of `source` starting at `offset`.
    ///
    /// @param source the bytes
    /// @param offset where to start in `source`
    /// @param length how many bytes
    void put(byte[] source, int offset, int length);

    /// Makes room for `bytes` more bytes in one step, when the caller knows how many it is about to
    /// append: the buffer then holds about that much rather than growing by doubling, which copies
    /// what it holds at every step and may end with twice the room it needs. A hint only: appending
    /// works without it, and beyond it. The default does nothing.
    ///
    /// @param bytes how many more bytes will be appended
    default void reserve(long bytes) {
    }

    /// The number of bytes appended so far.
    ///
    /// @return the size in bytes
    long size();

    /// Ends appending and returns a read-only little-endian view of exactly the appended bytes.
    ///
    /// @return the contents, positioned at zero
    ByteBuffer seal();
}
