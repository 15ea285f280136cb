package dev.bsee.scraper.internal.text;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.GrowableBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/// The raw text of one column while an entry is read. The column's type is only known once every
/// cell has been seen (pandas infers it over the whole column), so the text is kept until then, in
/// buffers from the entry's [BufferAllocator] that may spill to disk rather than on the heap.
///
/// Each cell starts with an unsigned LEB128 varint `length << 1 | digits`. A cell of 1 to 18 ASCII
/// digits and nothing else (`000000000`, `202401`: most cells of BSEE's numeric columns) is stored as
/// that header and the varint of its value, from which [CellCursor] restores the exact text, leading
/// zeros included; any other cell as the header and its bytes.
///
/// Cells are collected in a small heap array and moved to the allocator's buffers in blocks, so the
/// per-cell cost is an array copy. That array starts at `FIRST_STAGE_BYTES` and doubles up to
/// `STAGE_BYTES` as the column's text arrives, and the first buffer is taken from the allocator
/// only when it fills: a column's fixed cost is a few dozen bytes, so a row of a hundred thousand
/// short fields costs memory in proportion to its text, not 8 KiB a column. The buffers are chunks of at most 256 KiB (a longer cell gets a
/// chunk of its own): buffers grow by doubling, and small chunks keep the unused capacity, which
/// counts against a spilling allocator's heap budget, small.
final class CellStore {

    private static final int STAGE_BYTES = 8 * 1024;
    private static final int FIRST_STAGE_BYTES = 32;
    static final int CHUNK_BYTES = 256 * 1024;
    /// Longest digit run stored as a number: 10^18 - 1 still fits in a long.
    static final int MAX_DIGITS = 18;

    private final BufferAllocator allocator;
    private final List<GrowableBuffer> chunks = new ArrayList<>();
    private GrowableBuffer current;
    private byte[] stage = new byte[FIRST_STAGE_BYTES];
    private int staged;
    private int cells;
    private int digitCells;
    private int emptyCells;
    private long textBytes;

    CellStore(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    /// Adds a cell, finding out whether it is a digit run.
    void add(byte[] bytes, int offset, int length) {
        if (length > 0 && length <= MAX_DIGITS) {
            int i = offset;
            int end = offset + length;
            while (i < end && bytes[i] >= '0' && bytes[i] <= '9') {
                i++;
            }
            if (i == end) {
                addDigits(bytes, offset, length);
                return;
            }
        }
        addText(bytes, offset, length);
    }

    /// Adds a cell of 1 to [#MAX_DIGITS] ASCII digits, which the caller has checked.
    void addDigits(byte[] bytes, int offset, int length) {
        textBytes += length;
        long value = 0;
        for (int i = offset; i < offset + length; i++) {
            value = value * 10 + (bytes[i] - '0');
        }
        if (stage.length - staged < 15) {
            makeRoom(15);
        }
        staged = writeVarint(stage, writeVarint(stage, staged, ((long) length << 1) | 1), value);
        cells++;
        digitCells++;
    }

    /// Adds a cell as text.
    void addText(byte[] bytes, int offset, int length) {
        if (length == 0) {
            addEmpty();
            return;
        }
        textBytes += length;
        if (stage.length - staged < length + 5) {
            makeRoom(length + 5);
            if (length + 5 > stage.length) {
                int header = writeVarint(stage, 0, (long) length << 1);
                GrowableBuffer target = chunkFor(header + length);
                target.put(stage, 0, header);
                target.put(bytes, offset, length);
                cells++;
                return;
            }
        }
        int at = writeVarint(stage, staged, (long) length << 1);
        System.arraycopy(bytes, offset, stage, at, length);
        staged = at + length;
        cells++;
    }

    void addEmpty() {
        if (staged == stage.length) {
            makeRoom(1);
        }
        stage[staged++] = 0;
        cells++;
        emptyCells++;
    }

    /// Ends appending; the cells can then be read with a [CellCursor], in order across the chunks.
    Sealed seal() {
        flush();
        List<ByteBuffer> sealed = new ArrayList<>(chunks.size());
        for (GrowableBuffer chunk : chunks) {
            sealed.add(chunk.seal());
        }
        chunks.clear();
        current = null;
        return new Sealed(sealed, textBytes, cells, digitCells, emptyCells);
    }

    /// A column's cells once appending has ended, and what was counted while they were added.
    ///
    /// Why the counts: a column whose cells are all digit runs or empty is `int64` (or, with an empty
    /// cell, integers cast to `float64`) whatever the digits are, so the converter can build it
    /// without first reading every cell back to check.
    ///
    /// @param chunks the cells, for a [CellCursor]
    /// @param textBytes the bytes of all cells' text together
    /// @param cells the number of cells
    /// @param digitCells the cells of 1 to [#MAX_DIGITS] ASCII digits
    /// @param emptyCells the empty cells (missing values)
    record Sealed(List<ByteBuffer> chunks, long textBytes, int cells, int digitCells, int emptyCells) {

        /// Whether every cell is a digit run or empty.
        boolean digitsOrEmpty() {
            return digitCells + emptyCells == cells;
        }
    }

    /// Makes room for `needed` more staged bytes: a larger stage while it is below its full size,
    /// else a flush into the allocator's buffers.
    private void makeRoom(int needed) {
        if (stage.length < STAGE_BYTES) {
            int grown = stage.length;
            while (grown < STAGE_BYTES && grown - staged < needed) {
                grown *= 2;
            }
            if (grown - staged >= needed) {
                stage = Arrays.copyOf(stage, grown);
                return;
            }
            stage = Arrays.copyOf(stage, STAGE_BYTES);
        }
        flush();
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

    private static int writeVarint(byte[] target, int at, long value) {
        if (value < 0x80) {
            target[at] = (byte) value;
            return at + 1;
        }
        long rest = value;
        int w = at;
        while (rest >= 0x80) {
            target[w++] = (byte) (rest | 0x80);
            rest >>>= 7;
        }
        target[w++] = (byte) rest;
        return w;
    }
}
