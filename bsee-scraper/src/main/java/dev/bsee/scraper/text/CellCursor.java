package dev.bsee.scraper.text;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/// Reads the cells a [CellStore] wrote, in order, any number of times ([#rewind()]). Each
/// [#next()] exposes the cell's text as [#bytes], [#offset] and [#length], valid until the next call;
/// a cell stored as a digit run also has [#digits] set and its value in [#digitValue].
///
/// The store's chunks may be read-only or memory-mapped buffers, so they are copied in blocks into a
/// heap array rather than read one byte at a time through a buffer. No cell straddles two chunks.
final class CellCursor {

    private static final int BLOCK = 64 * 1024;

    private final List<ByteBuffer> chunks;
    private int chunk;
    private ByteBuffer source;
    private int sourcePosition;
    private byte[] block = new byte[BLOCK];
    private int position;
    private int limit;
    private final byte[] digitText = new byte[CellStore.MAX_DIGITS];

    byte[] bytes;
    int offset;
    int length;
    boolean digits;
    long digitValue;

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
        if (limit - position < 20) {
            refill(20);
        }
        long header = readVarint();
        int cellLength = (int) (header >>> 1);
        if ((header & 1) != 0) {
            long value = readVarint();
            // Restore the digits, leading zeros included.
            long rest = value;
            for (int i = cellLength - 1; i >= 0; i--) {
                digitText[i] = (byte) ('0' + rest % 10);
                rest /= 10;
            }
            bytes = digitText;
            offset = 0;
            length = cellLength;
            digits = true;
            digitValue = value;
            return;
        }
        if (limit - position < cellLength) {
            refill(cellLength);
        }
        bytes = block;
        offset = position;
        length = cellLength;
        digits = false;
        position += cellLength;
    }

    private long readVarint() {
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
        if (wanted > block.length) {
            byte[] larger = new byte[Math.max(wanted, block.length * 2)];
            System.arraycopy(block, position, larger, 0, kept);
            block = larger;
        } else {
            System.arraycopy(block, position, block, 0, kept);
        }
        position = 0;
        limit = kept;
        int take = Math.min(source.limit() - sourcePosition, block.length - limit);
        source.get(sourcePosition, block, limit, take);
        sourcePosition += take;
        limit += take;
        // The last cell of a chunk may leave fewer bytes than asked for: zero the rest so a stale byte
        // is never taken for a varint continuation.
        Arrays.fill(block, limit, Math.min(block.length, limit + 20), (byte) 0);
    }
}
