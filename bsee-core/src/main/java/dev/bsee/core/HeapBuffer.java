package dev.bsee.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/// A [GrowableBuffer] on the heap that doubles its array as it grows.
final class HeapBuffer implements GrowableBuffer {

    static final BufferAllocator ALLOCATOR = new BufferAllocator() {
        @Override
        public GrowableBuffer allocate() {
            return new HeapBuffer(64);
        }

        @Override
        public void close() {
            // Heap buffers are reclaimed by the garbage collector.
        }
    };

    /// What an append to a sealed buffer is told: a column builder's `add` after its `build()`.
    static final String SEALED = "the buffer is sealed: its column was built, and a builder takes no values after build()";

    private static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    private byte[] bytes;
    private int size;
    private boolean sealed;

    HeapBuffer(int initialCapacity) {
        bytes = new byte[Math.max(8, initialCapacity)];
    }

    private void ensure(int more) {
        if (sealed) {
            throw new IllegalStateException(SEALED);
        }
        long needed = (long) size + more;
        if (needed > bytes.length) {
            if (needed > MAX_SIZE) {
                throw new dev.bsee.core.internal.ColumnBufferFull(MAX_SIZE);
            }
            bytes = Arrays.copyOf(bytes, (int) Math.min(MAX_SIZE, Math.max(needed, 2L * bytes.length)));
        }
    }

    @Override
    public void reserve(long more) {
        if (sealed) {
            throw new IllegalStateException(SEALED);
        }
        long needed = Math.min(MAX_SIZE, (long) size + Math.max(0, more));
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) needed);
        }
    }

    @Override
    public void putByte(byte value) {
        ensure(1);
        bytes[size++] = value;
    }

    @Override
    public void putLong(long value) {
        ensure(8);
        LongBytes.putLong(bytes, size, value);
        size += 8;
    }

    @Override
    public void put(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public ByteBuffer seal() {
        sealed = true;
        return ByteBuffer.wrap(bytes, 0, size).slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }
}
