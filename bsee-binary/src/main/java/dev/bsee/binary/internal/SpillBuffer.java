package dev.bsee.binary.internal;

import dev.bsee.core.GrowableBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/// A [GrowableBuffer] of a [SpillingAllocator]: a heap array while the shared budget allows, then a
/// slice of a shared slab file while it is small, then a mapped spill file of its own.
final class SpillBuffer implements GrowableBuffer {
    static final int MAX_SIZE = Integer.MAX_VALUE - 8;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /// What an append to a sealed buffer is told: a column builder's `add` after its `build()`.
    static final String SEALED = "the buffer is sealed: its column was built, and a builder takes no values after build()";

    private final SpillingAllocator owner;
    private byte[] heap;
    private SpillingAllocator.SpillFile file;  // null while on the heap or in a slab
    private ByteBuffer mapped;  // the file's or the slab slice's view; null while on the heap
    private int size;
    private boolean sealed;

    SpillBuffer(SpillingAllocator owner) {
        this.owner = owner;
        this.heap = new byte[owner.firstHeapCapacity()];
        owner.reserveHeapUnconditionally(heap.length);
    }

    @Override
    public void reserve(long more) {
        ensure(Math.min(more, MAX_SIZE - size), true);
    }

    private void ensure(int more) {
        ensure(more, false);
    }

    /// Makes room for `more` bytes: by doubling, or to exactly the size needed when `exact` (a
    /// [#reserve(long)]).
    private void ensure(long more, boolean exact) {
        if (sealed) {
            throw new IllegalStateException(SEALED);
        }
        if (owner.bufferScope().closedUnordered()) {
            // The memory a write would go to is released, or is being released.
            throw SpillingAllocator.closed();
        }
        long needed = (long) size + Math.max(0, more);
        if (needed > MAX_SIZE) {
            throw new dev.bsee.core.internal.ColumnBufferFull(MAX_SIZE);
        }
        if (file != null) {
            if (needed > file.capacity()) {
                try {
                    file.grow(needed);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot grow spill file " + file.path() + ": " + SpillingAllocator.reason(e), e);
                }
                mapped = file.buffer();
            }
            return;
        }
        if (heap == null) {
            // In a slab slice.
            if (needed <= mapped.capacity()) {
                return;
            }
            moveToSpill(needed);
            return;
        }
        if (needed <= heap.length) {
            return;
        }
        long grown = exact ? needed : Math.min(MAX_SIZE, Math.max(needed, 2L * heap.length));
        if (owner.tryReserveHeap(grown - heap.length)) {
            heap = Arrays.copyOf(heap, (int) grown);
            return;
        }
        moveToSpill(needed);
    }

    /// Moves the content to a new slab slice, or to a file of its own once a slice would be larger
    /// than [SpillingAllocator#LARGEST_SLICE].
    private void moveToSpill(long needed) {
        long capacity = Math.max(needed, 2L * size);
        ByteBuffer target;
        if (capacity <= SpillingAllocator.LARGEST_SLICE) {
            target = owner.slice(capacity);
        } else {
            file = owner.spill(capacity);
            target = file.buffer();
        }
        if (heap != null) {
            target.put(0, heap, 0, size);
            owner.releaseHeap(heap.length);
            heap = null;
        } else {
            target.put(0, mapped, 0, size);
        }
        mapped = target;
    }

    @Override
    public void putByte(byte value) {
        ensure(1);
        if (heap != null) {
            heap[size] = value;
        } else {
            mapped.put(size, value);
        }
        size++;
    }

    @Override
    public void putLong(long value) {
        ensure(8);
        if (heap != null) {
            LONGS.set(heap, size, value);
        } else {
            mapped.putLong(size, value);
        }
        size += 8;
    }

    @Override
    public void put(byte[] source, int offset, int length) {
        ensure(length);
        if (heap != null) {
            System.arraycopy(source, offset, heap, size, length);
        } else {
            mapped.put(size, source, offset, length);
        }
        size += length;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public ByteBuffer seal() {
        sealed = true;
        ByteBuffer view = heap != null ? ByteBuffer.wrap(heap, 0, size).slice() : mapped.slice(0, size);
        return view.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }
}
