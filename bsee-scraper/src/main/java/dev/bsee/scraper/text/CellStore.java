package dev.bsee.scraper.text;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.GrowableBuffer;

import java.nio.ByteBuffer;

/// The raw text of one column while an entry is read: each cell as a length (unsigned LEB128
/// varint, one byte for cells shorter than 128 bytes) followed by its bytes, appended to one buffer
/// from the entry's [BufferAllocator]. The column's type is only known once every cell has been seen
/// (pandas infers it over the whole column), so the text is kept until then, in buffers that may
/// spill to disk rather than on the heap.
///
/// Cells are collected in a small heap array first and moved to the buffer in blocks, so the
/// per-cell cost is an array copy.
final class CellStore {

    private static final int STAGE_BYTES = 32 * 1024;

    private final GrowableBuffer out;
    private final byte[] stage = new byte[STAGE_BYTES];
    private int staged;
    private int cells;

    CellStore(BufferAllocator allocator) {
        this.out = allocator.allocate();
    }

    void add(byte[] bytes, int offset, int length) {
        if (STAGE_BYTES - staged < length + 5) {
            flush();
            if (length + 5 > STAGE_BYTES) {
                int header = writeLength(stage, 0, length);
                out.put(stage, 0, header);
                out.put(bytes, offset, length);
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

    /// Ends appending; the cells can then be read with a [CellCursor].
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
