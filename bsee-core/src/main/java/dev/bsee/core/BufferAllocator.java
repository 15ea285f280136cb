package dev.bsee.core;

import java.io.IOException;

/// Provides the growable byte buffers that column builders fill.
///
/// The default, [#heap()], keeps everything on the Java heap. Implementations that move buffers
/// into memory-mapped files once a budget is used (as bsee-binary's spilling allocator does for the refresh) keep
/// heap use independent of the size of an entry. Closing the allocator releases every buffer it
/// made, and deletes any file behind them, so columns built from it must not be read afterwards.
public interface BufferAllocator extends AutoCloseable {

    /// A new, empty buffer.
    ///
    /// @return the buffer
    /// @throws java.io.UncheckedIOException when backing storage cannot be created
    GrowableBuffer allocate();

    /// Releases all buffers made by this allocator.
    ///
    /// @throws IOException when backing files cannot be removed
    @Override
    void close() throws IOException;

    /// An allocator that keeps buffers on the heap; closing it does nothing.
    ///
    /// @return the heap allocator
    static BufferAllocator heap() {
        return HeapBuffer.ALLOCATOR;
    }
}
