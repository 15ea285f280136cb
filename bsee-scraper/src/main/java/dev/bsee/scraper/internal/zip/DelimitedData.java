package dev.bsee.scraper.internal.zip;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/// The data of an entry whose local header declares its compressed size: exactly that many bytes of
/// `compressed`, passed through (stored) or inflated. The deflate stream must end exactly at the
/// declared size: one that ends earlier or needs more is damaged data (a `ZipException`), so a lying
/// size is caught whichever way it lies. Works on any thread: the compressed bytes may have been
/// taken off the archive by another.
final class DelimitedData extends EntryData {

    private static final int INPUT_BYTES = 1 << 15;

    private final InputStream compressed;
    private final long compressedSize;
    private final Inflater inflater;
    private final byte[] input;
    private long fed;
    private long consumed;

    DelimitedData(InputStream compressed, long compressedSize, boolean stored) {
        this.compressed = compressed;
        this.compressedSize = compressedSize;
        this.inflater = stored ? null : new Inflater(true);
        this.input = stored ? null : new byte[(int) Math.min(INPUT_BYTES, Math.max(1, compressedSize))];
    }

    @Override
    public long compressedRead() {
        return inflater == null || ended ? consumed : inflater.getBytesRead();
    }

    @Override
    int readMore(byte[] b, int off, int len) throws IOException {
        return inflater == null ? readStored(b, off, len) : inflate(b, off, len);
    }

    private int readStored(byte[] b, int off, int len) throws IOException {
        if (fed == compressedSize) {
            ended = true;
            return -1;
        }
        int n = compressed.read(b, off, (int) Math.min(len, compressedSize - fed));
        if (n < 0) {
            throw new EOFException("the stored data ends after " + fed + " of its " + compressedSize + " bytes");
        }
        fed += n;
        consumed = fed;
        return n;
    }

    private int inflate(byte[] b, int off, int len) throws IOException {
        int n = inflate(inflater, b, off, len, this::refill);
        if (n < 0) {
            finish();
        }
        return n;
    }

    private void refill() throws IOException {
        if (fed == compressedSize) {
            throw new ZipException("the deflate stream needs more than the " + compressedSize
                    + " compressed bytes the header declares");
        }
        int r = compressed.read(input, 0, (int) Math.min(input.length, compressedSize - fed));
        if (r < 0) {
            throw new EOFException("the compressed data ends after " + fed + " of its " + compressedSize + " bytes");
        }
        fed += r;
        inflater.setInput(input, 0, r);
    }

    private void finish() throws ZipException {
        consumed = inflater.getBytesRead();
        ended = true;
        inflater.end();
        if (consumed != compressedSize) {
            throw new ZipException("the deflate stream ends after " + consumed + " of the " + compressedSize
                    + " compressed bytes the header declares");
        }
    }

    @Override
    public void close() throws IOException {
        if (inflater != null) {
            if (!ended) {
                consumed = inflater.getBytesRead();
            }
            ended = true;
            inflater.end();
        }
        ended = true;
        compressed.close();
    }
}
