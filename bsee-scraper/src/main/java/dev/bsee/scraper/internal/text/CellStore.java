package dev.bsee.scraper.internal.text;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.GrowableBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/// The raw text of one column while an entry is read. The column's type is only known once every
/// cell has been seen (pandas infers it over the whole column), so the text is kept until then, in
/// buffers from the entry's [BufferAllocator] that may spill to disk rather than on the heap.
///
/// A cell of 1 to 18 ASCII digits and nothing else (`000000000`, `202401`: most cells of BSEE's
/// numeric columns) is stored as one header byte `code << 1 | 1` and its value's [#valueBytes]
/// little-endian bytes, where `code` ([#digitCode]) names the pair of its length and that byte count;
/// [CellCursor] restores the exact text from them, leading zeros included. Any other cell is an
/// unsigned LEB128 varint `length << 1` (low bit 0) and its bytes.
///
/// Why a fixed-width value rather than a varint: writing and reading it is one unaligned `long`
/// store or load, not a loop over 7-bit groups (the varint loops were a tenth of the entry workers'
/// CPU on the production archive), and it is never longer: `ceil(bits / 8) <= ceil(bits / 7)`.
///
/// Cells are collected in a small heap array and moved to the allocator's buffers in blocks, so the
/// per-cell cost is an array copy. That array starts at `FIRST_STAGE_BYTES` and doubles up to
/// `STAGE_BYTES` (less for an entry of very many columns, [#stageLimit]) as the column's text arrives, and the first buffer is taken from the allocator
/// only when it fills: a column's fixed cost is a few dozen bytes, so a row of a hundred thousand
/// short fields costs memory in proportion to its text, not 8 KiB a column. The buffers are chunks of at most 256 KiB (a longer cell gets a
/// chunk of its own): a column's first chunk grows by doubling, the ones after it take their whole
/// size at once, and small chunks keep the unused capacity, which counts against a spilling
/// allocator's heap budget, small.
final class CellStore {

    private static final int STAGE_BYTES = 8 * 1024;
    private static final int FIRST_STAGE_BYTES = 32;
    static final int CHUNK_BYTES = 256 * 1024;
    /// Longest digit run stored as a number: 10^18 - 1 still fits in a long.
    static final int MAX_DIGITS = 18;
    /// Bytes a reader may touch past a digit cell's last byte: its value is loaded as a whole `long`.
    static final int VALUE_SLACK = Long.BYTES;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /// `CODES[length * 9 + valueBytes]`: the code of a digit run's length (1 to 18) and its value's
    /// byte count (0 to the most a value of that length needs); -1 where no value has that pair.
    private static final byte[] CODES = new byte[(MAX_DIGITS + 1) * 9];
    /// The length and the value's byte count of each code: [CellCursor] reads them back.
    static final byte[] CODE_LENGTH = new byte[128];
    static final byte[] CODE_VALUE_BYTES = new byte[128];

    static {
        Arrays.fill(CODES, (byte) -1);
        int code = 0;
        long largest = 9;
        for (int length = 1; length <= MAX_DIGITS; length++, largest = largest * 10 + 9) {
            for (int bytes = 0; bytes <= valueBytes(largest); bytes++) {
                CODES[length * 9 + bytes] = (byte) code;
                CODE_LENGTH[code] = (byte) length;
                CODE_VALUE_BYTES[code] = (byte) bytes;
                code++;
            }
        }
        // 98 codes: each fits in the header byte beside the digit flag.
        assert code <= 128 : code;
    }

    private final BufferAllocator allocator;
    private final List<GrowableBuffer> chunks = new ArrayList<>();
    private GrowableBuffer current;
    private byte[] stage = new byte[FIRST_STAGE_BYTES];
    private int staged;
    private int cells;
    private int digitCells;
    private int emptyCells;
    private long textBytes;

    /// The most bytes this column's stage grows to.
    private final int stageLimit;

    /// The store of one of `columns` columns of an entry read in a heap of at most `maxHeapBytes`.
    ///
    /// @param allocator where the column's buffers come from
    /// @param columns how many columns the entry has
    /// @param maxHeapBytes the JVM's maximum heap
    CellStore(BufferAllocator allocator, int columns, long maxHeapBytes) {
        this.allocator = allocator;
        this.stageLimit = stageLimit(columns, maxHeapBytes);
    }

    /// How far a column's stage grows: [#STAGE_BYTES], or less for an entry of so many columns that
    /// their stages would take more than an eighth of the heap. No allocator's budget counts the
    /// stages, which are the heap's own: fifty thousand columns of four hundred short cells held
    /// 4 KiB each, 200 MiB, and ran a 193 MiB heap out of memory where their buffers would have
    /// spilled.
    static int stageLimit(int columns, long maxHeapBytes) {
        long share = maxHeapBytes / 8 / Math.max(1, columns);
        return (int) Math.max(2 * FIRST_STAGE_BYTES, Math.min(STAGE_BYTES, Long.highestOneBit(Math.max(1, share))));
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
        long value = digitsValue(bytes, offset, length);
        if (stage.length - staged < 1 + VALUE_SLACK) {
            makeRoom(1 + VALUE_SLACK);
        }
        int valueBytes = valueBytes(value);
        stage[staged] = (byte) (digitCode(length, valueBytes) << 1 | 1);
        // The whole long is stored; the bytes past the value's are overwritten by the next cell or
        // never read.
        LONGS.set(stage, staged + 1, value);
        staged += 1 + valueBytes;
        cells++;
        digitCells++;
    }

    /// The value of a run of 1 to [#MAX_DIGITS] ASCII digits. Up to sixteen digits take one or two
    /// word loads where the array holds the words: the digits a word has beyond the run are shifted
    /// out, which leaves zero bytes in front that count as leading zeros ([#eightDigits]). A digit at a
    /// time, the six digits of a month cost a chain of six multiplications.
    static long digitsValue(byte[] bytes, int offset, int length) {
        if (length <= Long.BYTES && offset + Long.BYTES <= bytes.length) {
            return eightDigits((long) LONGS.get(bytes, offset) << ((Long.BYTES - length) * Byte.SIZE));
        }
        if (length <= 2 * Long.BYTES && offset + 2 * Long.BYTES <= bytes.length) {
            int rest = length - Long.BYTES;
            return eightDigits((long) LONGS.get(bytes, offset)) * POWERS_OF_TEN[rest]
                    + eightDigits((long) LONGS.get(bytes, offset + Long.BYTES) << ((Long.BYTES - rest) * Byte.SIZE));
        }
        long value = 0;
        int i = offset;
        int end = offset + length;
        for (; end - i >= Long.BYTES; i += Long.BYTES) {
            value = value * 100_000_000L + eightDigits((long) LONGS.get(bytes, i));
        }
        for (; i < end; i++) {
            value = value * 10 + (bytes[i] - '0');
        }
        return value;
    }

    /// `10^n` for `n` from 0 to 8.
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000};

    /// The value of eight ASCII digits read as a little-endian word (the first digit in the lowest
    /// byte): pairs, then quadruples, then the eight combined by multiplication, three steps in all.
    static long eightDigits(long word) {
        long pairs = ((word & 0x0F0F_0F0F_0F0F_0F0FL) * 2561) >>> 8;
        long quads = ((pairs & 0x00FF_00FF_00FF_00FFL) * 6553601) >>> 16;
        return ((quads & 0x0000_FFFF_0000_FFFFL) * 42949672960001L) >>> 32;
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
        BulkBuffer.copy(bytes, offset, stage, at, length);
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
        if (stage.length < stageLimit) {
            int grown = stage.length;
            while (grown < stageLimit && grown - staged < needed) {
                grown *= 2;
            }
            if (grown - staged >= needed) {
                stage = Arrays.copyOf(stage, grown);
                return;
            }
            stage = Arrays.copyOf(stage, stageLimit);
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
            boolean first = chunks.isEmpty();
            current = allocator.allocate();
            chunks.add(current);
            // A column that has filled a chunk fills the next one too: it takes the chunk's room at
            // once. Grown by doubling from the allocator's first array, every chunk cost thirteen
            // copies and as many zeroed arrays (a tenth of a second of a production convert's CPU).
            // The first chunk still grows, so a column of a few cells holds a few bytes.
            if (!first) {
                current.reserve(Math.max(length, CHUNK_BYTES));
            }
        }
        return current;
    }

    /// The bytes a digit run's non-negative value takes: 0 for zero, else its significant bytes.
    static int valueBytes(long value) {
        return (Long.SIZE - Long.numberOfLeadingZeros(value) + 7) >>> 3;
    }

    /// The code of a digit run of `length` digits whose value takes `valueBytes` bytes.
    static int digitCode(int length, int valueBytes) {
        return CODES[length * 9 + valueBytes];
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
