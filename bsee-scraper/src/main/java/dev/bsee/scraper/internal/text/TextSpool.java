package dev.bsee.scraper.internal.text;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.GrowableBuffer;
import dev.bsee.core.internal.Utf8;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/// A text as it is read, kept in buffers from the entry's allocator so it can be read a second time,
/// and checked for UTF-8 as one byte stream (as Python's codec decodes what pandas reads).
///
/// Why: a text that [TextTokenizer#startsAmbiguously] splits into other records as ISO-8859-1 than as
/// UTF-8, and which charset pandas used is known only once the text has been read. Only such texts
/// are kept; all others are read once.
///
/// An [InputStream] rather than a filter, so that skipping reads (and keeps) the bytes it skips.
final class TextSpool extends InputStream {

    /// One buffer holds at most this much, well inside the 2 GiB a buffer can reach.
    private static final int PART_BYTES = 1 << 30;

    private final InputStream in;
    private final BufferAllocator allocator;
    private final List<GrowableBuffer> parts = new ArrayList<>();
    private GrowableBuffer part;
    /// The bytes of a character that the last read split, prepended to the next check.
    private byte[] pending = new byte[0];
    private boolean utf8 = true;
    private boolean ended;

    /// @param in the text, not closed
    /// @param allocator where the kept bytes are stored
    TextSpool(InputStream in, BufferAllocator allocator) {
        this.in = in;
        this.allocator = allocator;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : Byte.toUnsignedInt(one[0]);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            ended = true;
            utf8 &= pending.length == 0;
            return n;
        }
        keep(b, off, n);
        check(b, off, n);
        return n;
    }

    /// Whether the bytes read so far are UTF-8 (a character still incomplete at the end of the text
    /// counts as invalid once the end has been read).
    boolean utf8() {
        return utf8 && (!ended || pending.length == 0);
    }

    /// The whole text again: the bytes kept so far, then whatever was not yet read. Reading it
    /// keeps nothing more.
    InputStream replay() {
        List<InputStream> streams = new ArrayList<>();
        for (GrowableBuffer kept : parts) {
            streams.add(new BufferInput(kept.seal()));
        }
        parts.clear();
        part = null;
        streams.add(in);
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    private void keep(byte[] b, int off, int n) {
        while (n > 0) {
            if (part == null || part.size() == PART_BYTES) {
                part = allocator.allocate();
                parts.add(part);
            }
            int take = (int) Math.min(n, PART_BYTES - part.size());
            part.put(b, off, take);
            off += take;
            n -= take;
        }
    }

    /// Checks the bytes with the split character of the previous read before them, holding back a
    /// character these bytes end in the middle of.
    private void check(byte[] b, int off, int n) {
        if (!utf8 || n == 0) {
            return;
        }
        byte[] bytes = b;
        int from = off;
        int to = off + n;
        if (pending.length > 0) {
            bytes = new byte[pending.length + n];
            System.arraycopy(pending, 0, bytes, 0, pending.length);
            System.arraycopy(b, off, bytes, pending.length, n);
            from = 0;
            to = bytes.length;
        }
        int whole = wholeCharacters(bytes, from, to);
        utf8 = Utf8.isValid(bytes, from, whole - from);
        pending = Arrays.copyOfRange(bytes, whole, to);
    }

    /// The end of the last complete character in `bytes[from, to)`: `to`, or the start of a
    /// multi-byte character the range cuts short.
    private static int wholeCharacters(byte[] bytes, int from, int to) {
        for (int i = to - 1; i >= Math.max(from, to - 3); i--) {
            int b = bytes[i] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue;
            }
            int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return to - i < length ? i : to;
        }
        return to;
    }

    /// Reads a sealed buffer.
    private static final class BufferInput extends InputStream {
        private final ByteBuffer buffer;

        BufferInput(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public int read() {
            return buffer.hasRemaining() ? buffer.get() & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!buffer.hasRemaining()) {
                return -1;
            }
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }
    }
}
