package dev.bsee.scraper.internal.zip;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/// The uncompressed bytes of one entry of a zip stream, with the count of compressed bytes they took
/// so far: the fact an [EntryStream] holds the expansion ratio to, never a size the archive declares.
public abstract sealed class EntryData extends InputStream permits DelimitedData, DescribedData {

    /// Set once the entry's data has all been read (and, where it has one, its descriptor).
    boolean ended;

    EntryData() {
    }

    /// The compressed bytes consumed so far (for a stored entry, the bytes read).
    ///
    /// @return the count
    public abstract long compressedRead();

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (ended) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        return readMore(b, off, len);
    }

    /// Reads at least one byte into `b`, or returns -1 at the end of the data (and sets [#ended]).
    ///
    /// @throws IOException when the data is damaged or ends early
    abstract int readMore(byte[] b, int off, int len) throws IOException;

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    /// Gives the inflater more compressed bytes, or throws when there are none where the entry needs them.
    @FunctionalInterface
    interface Feed {
        void refill() throws IOException;
    }

    /// Inflates into `b` what `inflater` can give, asking `feed` for input when it needs it: the count
    /// inflated, or -1 once the deflate stream has ended. A stream that asks for a dictionary or stops
    /// making progress is damaged data.
    static int inflate(Inflater inflater, byte[] b, int off, int len, Feed feed) throws IOException {
        while (!inflater.finished()) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ZipException(String.valueOf(e.getMessage()));
            }
            if (n > 0) {
                return n;
            }
            if (inflater.finished()) {
                break;
            }
            if (inflater.needsDictionary()) {
                throw new ZipException("the deflate stream asks for a preset dictionary");
            }
            if (!inflater.needsInput()) {
                throw new ZipException("the deflate stream makes no progress");
            }
            feed.refill();
        }
        return -1;
    }
}
