package dev.bsee.scraper.internal.zip;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/// The raw bytes of a zip archive read as a stream: counts them (so an entry's compressed size is
/// known even when its header leaves it out) and keeps the last 64 KiB, where the end records of a
/// complete archive sit, so a truncated download is recognised after the last entry although the walk
/// through the local headers never reads the central directory.
public final class ArchiveInput extends FilterInputStream {

    private static final int TAIL_BYTES = CentralDirectory.TAIL_BYTES;

    private final byte[] tail = new byte[TAIL_BYTES];
    /// Written by the reading thread only; volatile because the entries' workers read it for the
    /// archive's [InflationBudget].
    private volatile long count;

    /// Wraps the archive stream.
    ///
    /// @param archive the stream
    public ArchiveInput(InputStream archive) {
        super(archive);
    }

    /// The number of bytes read so far.
    ///
    /// @return the count
    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            remember(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            remember(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must pass through the tail window too.
        byte[] sink = new byte[(int) Math.min(8192, Math.max(0, n))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /// Once the stream was read to its end: whether it ends with an end-of-central-directory record (a truncated
    /// archive does not), or with one and zero bytes of padding ([CentralDirectory#endRecord]).
    ///
    /// @return whether the end record is there
    public boolean endsWithEndRecord() {
        byte[] last = tail();
        return CentralDirectory.endRecord(ByteBuffer.wrap(last).order(ByteOrder.LITTLE_ENDIAN), count - last.length) >= 0;
    }

    /// Once the stream was read to its end without ending in an end-of-central-directory record: how
    /// many bytes follow the one in its last bytes, or -1 when there is none (the archive is cut short).
    ///
    /// @return the count of bytes after the end record, or -1
    public long bytesAfterEndRecord() {
        byte[] last = tail();
        return CentralDirectory.bytesAfterEndRecord(ByteBuffer.wrap(last).order(ByteOrder.LITTLE_ENDIAN),
                count - last.length);
    }

    /// The last bytes read, up to [CentralDirectory#TAIL_BYTES]: at the end of the stream, the end records.
    ///
    /// @return a copy of the bytes, oldest first
    public byte[] tail() {
        int held = (int) Math.min(count, TAIL_BYTES);
        byte[] last = new byte[held];
        // The window is circular: its oldest byte sits at count % TAIL_BYTES once it has wrapped.
        int start = count > TAIL_BYTES ? (int) (count % TAIL_BYTES) : 0;
        for (int i = 0; i < held; i++) {
            last[i] = tail[(start + i) % TAIL_BYTES];
        }
        return last;
    }

    private void remember(byte[] b, int off, int len) {
        long total = count;
        int from = off;
        int n = len;
        if (n > TAIL_BYTES) {
            from = off + n - TAIL_BYTES;
            total += n - TAIL_BYTES;
            n = TAIL_BYTES;
        }
        while (n > 0) {
            int at = (int) (total % TAIL_BYTES);
            int chunk = Math.min(n, TAIL_BYTES - at);
            System.arraycopy(b, from, tail, at, chunk);
            from += chunk;
            n -= chunk;
            total += chunk;
        }
        count = total;
    }
}
