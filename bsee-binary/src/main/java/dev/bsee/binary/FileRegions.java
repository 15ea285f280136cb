package dev.bsee.binary;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.GrowableBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/// Reads ranges of the file a projected read is reading, by position: the parts of it the read left
/// where they are until it knew which columns it keeps ([Py.Bytes#inFile], [SkimmedItems]).
///
/// A file that ends early or cannot be read here abandons the shortcut ([LazyReadAbandoned]), so the
/// ordinary read meets, and reports, the same condition.
final class FileRegions {
    /// At most this much per read: a channel reads into a heap array through a temporary native
    /// buffer of the request's size.
    private static final int CHUNK = 1 << 16;

    private final FileChannel channel;
    private final BufferAllocator allocator;

    FileRegions(FileChannel channel, BufferAllocator allocator) {
        this.channel = channel;
        this.allocator = allocator;
    }

    /// The `length` bytes at `offset` as a read-only little-endian buffer: an array of exactly
    /// their size with the heap allocator, else one of the allocator's buffers.
    ByteBuffer read(long offset, int length) {
        if (allocator == BufferAllocator.heap() || length < PickleInput.LARGE_PAYLOAD) {
            byte[] bytes = new byte[length];
            readFully(offset, bytes, 0, length);
            return ByteBuffer.wrap(bytes).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        GrowableBuffer target = allocator.allocate();
        byte[] chunk = new byte[CHUNK];
        for (int done = 0; done < length; ) {
            int count = Math.min(CHUNK, length - done);
            readFully(offset + done, chunk, 0, count);
            target.put(chunk, 0, count);
            done += count;
        }
        return target.seal().order(ByteOrder.LITTLE_ENDIAN);
    }

    /// Reads exactly `length` bytes at `offset` into `target` from `at`.
    void readFully(long offset, byte[] target, int at, int length) {
        try {
            for (int done = 0; done < length; ) {
                int read = channel.read(ByteBuffer.wrap(target, at + done, Math.min(CHUNK, length - done)), offset + done);
                if (read <= 0) {
                    throw LazyReadAbandoned.INSTANCE;
                }
                done += read;
            }
        } catch (IOException e) {
            throw LazyReadAbandoned.INSTANCE;
        }
    }
}
