package dev.bsee.scraper.text;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.GrowableBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/// The raw text of one column while an entry is read: each cell as a length (unsigned LEB128
/// varint, one byte for cells shorter than 128 bytes) followed by its bytes. The column's type is only
/// known once every cell has been seen (pandas infers it over the whole column), so the text is kept
/// until then, in buffers from the entry's [BufferAllocator] that may spill to disk rather than on the
/// heap.
///
/// Cells are collected in a small heap array and moved to the allocator's buffers in blocks, so the
/// per-cell cost is an array copy. The buffers are chunks of at most 1 MiB (a longer cell gets a chunk
/// of its own): buffers grow by doubling, and small chunks keep the unused capacity, which counts
/// against a spilling allocator's heap budget, small.
final class CellStore {

    private static final int STAGE_BYTES = 32 * 1024;
    static final int CHUNK_BYTES = 1 << 20;

    private final BufferAllocator allocator;
    private final List<GrowableBuffer> chunks = new ArrayList<>();
    private GrowableBuffer current;
    private final byte[] stage = new byte[STAGE_BYTES];
    private int staged;
    private int cells;

    CellStore(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    void add(byte[] bytes, int offset, int length) {
        if (STAGE_BYTES - staged < length + 5) {
            flush();
            if (length + 5 > STAGE_BYTES) {
                int header = writeLength(stage, 0, length);
                GrowableBuffer target = chunkFor(header + length);
                target.put(stage, 0, header);
                target.put(bytes, offset, length);
                cells++;
                return;
            }
        }
        int at = writeLength(stage, staged, length);
        System.arraycopy(bytes, offset, stage, at, length);
        staged = at + length;
        cells++;
    }

    void addEmpty() {
        if (staged == STAGE_BYTES) {
            flush();
        }
        stage[staged++] = 0;
        cells++;
    }

    int cells() {
        return cells;
    }

    /// Ends appending; the cells can then be read with a [CellCursor], in order across the chunks.
    List<ByteBuffer> seal() {
        flush();
        List<ByteBuffer> sealed = new ArrayList<>(chunks.size());
        for (GrowableBuffer chunk : chunks) {
            sealed.add(chunk.seal());
        }
        chunks.clear();
        current = null;
        return sealed;
    }

    private void flush() {
        if (staged > 0) {
            chunkFor(staged).put(stage, 0, staged);
            staged = 0;
        }
    }

    /// The chunk the next `length` bytes go to; whole cells never straddle two chunks.
    private GrowableBuffer chunkFor(int length) {
        if (current == null || current.size() + length > CHUNK_BYTES) {
            current = allocator.allocate();
            chunks.add(current);
        }
        return current;
    }

    private static int writeLength(byte[] target, int at, int length) {
        int value = length;
        int w = at;
        while (value >= 0x80) {
            target[w++] = (byte) (value | 0x80);
            value >>>= 7;
        }
        target[w++] = (byte) value;
        return w;
    }
}
