package dev.bsee.scraper.internal.text;

import java.nio.ByteBuffer;
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
        if (limit - position < 20) {
            refill(20);
        }
        long header = readVarint();
        int cellLength = (int) (header >>> 1);
        if ((header & 1) != 0) {
            digitValue = readVarint();
            length = cellLength;
            digits = true;
            spelled = false;
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
