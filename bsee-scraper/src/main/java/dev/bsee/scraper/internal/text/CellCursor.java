package dev.bsee.scraper.internal.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/// Reads the cells a [CellStore] wrote, in order, any number of times ([#rewind()]). After
/// [#next()], a cell stored as a digit run has [#digits] set and its value in [#digitValue]; its text
/// is only restored by [#text()], so integer columns never spell their digits out. After [#text()]
/// the cell's text is [#bytes], [#offset] and [#length], valid until the next call.
///
/// The store's chunks may be read-only or memory-mapped buffers, so they are copied in blocks into a
/// heap array rather than read one byte at a time through a buffer. No cell straddles two chunks.
final class CellCursor {

    private static final int BLOCK = 64 * 1024;
    /// A cell's header and value are read in one piece when this much is left in the block.
    private static final int CELL_HEAD = 20;
    /// The low `n` bytes of a long, for `n` from 0 to 8.
    private static final long[] VALUE_MASKS = {0, 0xFFL, 0xFFFFL, 0xFF_FFFFL, 0xFFFF_FFFFL, 0xFF_FFFF_FFFFL,
        0xFFFF_FFFF_FFFFL, 0xFF_FFFF_FFFF_FFFFL, -1L};
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final List<ByteBuffer> chunks;
    private int chunk;
    private ByteBuffer source;
    private int sourcePosition;
    /// The cells' bytes up to `limit`, then at least [CellStore#VALUE_SLACK] bytes more: a digit
    /// cell's value is loaded as a whole `long`.
    private byte[] block = new byte[BLOCK + CellStore.VALUE_SLACK];
    private int position;
    private int limit;
    private final byte[] digitText = new byte[CellStore.MAX_DIGITS];

    byte[] bytes;
    int offset;
    int length;
    boolean digits;
    long digitValue;
    private boolean spelled;

    CellCursor(List<ByteBuffer> chunks) {
        this.chunks = chunks;
        rewind();
    }

    void rewind() {
        chunk = 0;
        source = chunks.isEmpty() ? ByteBuffer.allocate(0) : chunks.getFirst();
        sourcePosition = 0;
        position = 0;
        limit = 0;
    }

    void next() {
        if (position == limit && sourcePosition == source.limit() && chunk + 1 < chunks.size()) {
            source = chunks.get(++chunk);
            sourcePosition = 0;
        }
        if (limit - position < CELL_HEAD) {
            refill(CELL_HEAD);
        }
        byte first = block[position];
        if ((first & 1) != 0) {
            int code = (first & 0xFF) >>> 1;
            int valueBytes = CellStore.CODE_VALUE_BYTES[code];
            digitValue = (long) LONGS.get(block, position + 1) & VALUE_MASKS[valueBytes];
            position += 1 + valueBytes;
            length = CellStore.CODE_LENGTH[code];
            digits = true;
            spelled = false;
            return;
        }
        int cellLength = (int) (readVarint() >>> 1);
        if (limit - position < cellLength) {
            refill(cellLength);
        }
        bytes = block;
        offset = position;
        length = cellLength;
        digits = false;
        position += cellLength;
    }

    /// Appends every cell of a column of digit runs and empty cells ([CellStore.Sealed#digitsOrEmpty])
    /// to `values`: each run's value as a `long`, or with `asDoubles` as a `double` with NaN for an
    /// empty cell. The cursor is spent afterwards.
    ///
    /// Why not [#next()] cell by cell: that keeps the cell's state in fields for any kind of cell,
    /// five stores a cell; such a column has two kinds, decoded a block at a time in one loop.
    void digitColumn(BulkBuffer values, boolean asDoubles) {
        int capacity = block.length - CellStore.VALUE_SLACK;
        for (ByteBuffer stored : chunks) {
            int size = stored.limit();
            int from = 0;
            while (from < size) {
                int take = Math.min(size - from, capacity);
                stored.get(from, block, 0, take);
                // Short of the block's end, a cell that starts there may go on past it: such cells
                // are left for the next block.
                int end = from + take == size ? take : take - DIGIT_CELL_BYTES;
                from += digitCells(block, end, values, asDoubles);
            }
        }
        position = 0;
        limit = 0;
    }

    /// The most bytes a digit run's cell takes: its header and a value of eight bytes.
    private static final int DIGIT_CELL_BYTES = 1 + Long.BYTES;

    /// Decodes the cells that start before `end`, and returns where the next one starts.
    private static int digitCells(byte[] cells, int end, BulkBuffer values, boolean asDoubles) {
        int at = 0;
        while (at < end) {
            int header = cells[at] & 0xFF;
            if (header == 0) {
                // An empty cell: its varint length, 0.
                values.putDouble(Double.NaN);
                at++;
                continue;
            }
            int valueBytes = CellStore.CODE_VALUE_BYTES[header >>> 1];
            long value = (long) LONGS.get(cells, at + 1) & VALUE_MASKS[valueBytes];
            at += 1 + valueBytes;
            if (asDoubles) {
                values.putDouble(value);
            } else {
                values.putLong(value);
            }
        }
        return at;
    }

    /// Makes [#bytes], [#offset] and [#length] the cell's text, restoring a digit run with its leading
    /// zeros.
    void text() {
        if (digits && !spelled) {
            long rest = digitValue;
            for (int i = length - 1; i >= 0; i--) {
                digitText[i] = (byte) ('0' + rest % 10);
                rest /= 10;
            }
            bytes = digitText;
            offset = 0;
            spelled = true;
        }
    }

    private long readVarint() {
        byte first = block[position++];
        if (first >= 0) {
            return first;
        }
        position--;
        long value = 0;
        int shift = 0;
        byte b;
        do {
            b = block[position++];
            value |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while (b < 0);
        return value;
    }

    private void refill(int wanted) {
        int kept = limit - position;
        int capacity = block.length - CellStore.VALUE_SLACK;
        if (wanted > capacity) {
            byte[] larger = new byte[Math.max(wanted, capacity * 2) + CellStore.VALUE_SLACK];
            System.arraycopy(block, position, larger, 0, kept);
            block = larger;
        } else {
            System.arraycopy(block, position, block, 0, kept);
        }
        position = 0;
        limit = kept;
        int take = Math.min(source.limit() - sourcePosition, block.length - CellStore.VALUE_SLACK - limit);
        source.get(sourcePosition, block, limit, take);
        sourcePosition += take;
        limit += take;
        // The last cell of a chunk may leave fewer bytes than asked for: zero the rest so a stale byte
        // is never taken for a varint continuation.
        Arrays.fill(block, limit, Math.min(block.length, limit + CELL_HEAD), (byte) 0);
    }
}
