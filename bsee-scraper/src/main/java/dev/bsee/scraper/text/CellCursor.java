package dev.bsee.scraper.text;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/// Reads the cells a [CellStore] wrote, in order, any number of times ([#rewind()]). Each
/// [#next()] exposes the cell as [#bytes], [#offset] and [#length], valid until the next call.
///
/// The store's chunks may be read-only or memory-mapped buffers, so cells are copied in blocks into a
/// heap array rather than read one byte at a time through a buffer. No cell straddles two chunks.
final class CellCursor {

    private static final int BLOCK = 64 * 1024;

    private final List<ByteBuffer> chunks;
    private int chunk;
    private ByteBuffer source;
    private int sourcePosition;
    byte[] bytes = new byte[BLOCK];
    private int position;
    private int limit;
    int offset;
    int length;

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
        if (limit - position < 5) {
            refill(5);
        }
        int value = 0;
        int shift = 0;
        byte b;
        do {
            b = bytes[position++];
            value |= (b & 0x7F) << shift;
            shift += 7;
        } while (b < 0);
        if (limit - position < value) {
            refill(value);
        }
        offset = position;
        length = value;
        position += value;
    }

    private void refill(int wanted) {
        int kept = limit - position;
        if (wanted > bytes.length) {
            byte[] larger = new byte[Math.max(wanted, bytes.length * 2)];
            System.arraycopy(bytes, position, larger, 0, kept);
            bytes = larger;
        } else {
            System.arraycopy(bytes, position, bytes, 0, kept);
        }
        position = 0;
        limit = kept;
        int available = source.limit() - sourcePosition;
        int take = Math.min(available, bytes.length - limit);
        source.get(sourcePosition, bytes, limit, take);
        sourcePosition += take;
        limit += take;
        if (limit < wanted && available > take) {
            throw new IllegalStateException("cell longer than the read buffer");
        }
        // A cell that ends the store may leave fewer than five bytes: zero the rest so a stale
        // byte is never taken for a length continuation.
        if (limit < bytes.length) {
            Arrays.fill(bytes, limit, Math.min(bytes.length, limit + 5), (byte) 0);
        }
    }
}
