package dev.bsee.scraper.internal.text;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.GrowableBuffer;
import dev.bsee.scraper.internal.zip.BulkInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
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
final class TextSpool extends BulkInputStream {

    /// One buffer holds at most this much, well inside the 2 GiB a buffer can reach.
    private static final int PART_BYTES = 1 << 30;

    private final InputStream in;
    private final BufferAllocator allocator;
    private final List<GrowableBuffer> parts = new ArrayList<>();
    /// Parts already sealed for a reading from the start ([#fromStart()]), in order before `parts`.
    private final List<ByteBuffer> sealed = new ArrayList<>();
    private GrowableBuffer part;
    private final PandasDecoding.Decoder decoder = new PandasDecoding.Decoder();
    private boolean utf8 = true;
    private boolean ended;

    /// @param in the text, not closed
    /// @param allocator where the kept bytes are stored
    TextSpool(InputStream in, BufferAllocator allocator) {
        this.in = in;
        this.allocator = allocator;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            if (!ended && utf8) {
                utf8 = decoder.decode(new byte[0], 0, 0, true) >= 0;
            }
            ended = true;
            return n;
        }
        keep(b, off, n);
        if (utf8) {
            utf8 = decoder.decode(b, off, n, false) >= 0;
        }
        return n;
    }

    /// Whether the bytes read so far are UTF-8 as Python's decoder reads them (a character still
    /// incomplete at the end of the text counts as invalid once the end has been read).
    boolean utf8() {
        return utf8;
    }

    /// The whole text again: the bytes kept so far, then whatever was not yet read. Reading it
    /// keeps nothing more.
    InputStream replay() {
        List<InputStream> streams = keptSoFar();
        streams.add(in);
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    /// The whole text from its start without using it up: the bytes kept so far, then this spool,
    /// which keeps what it reads on for [#replay()].
    InputStream fromStart() {
        List<InputStream> streams = keptSoFar();
        streams.add(this);
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    /// Streams over the bytes kept so far, which are sealed for it.
    private List<InputStream> keptSoFar() {
        for (GrowableBuffer kept : parts) {
            sealed.add(kept.seal());
        }
        parts.clear();
        part = null;
        List<InputStream> streams = new ArrayList<>();
        for (ByteBuffer kept : sealed) {
            streams.add(new BufferInput(kept.duplicate()));
        }
        return streams;
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
