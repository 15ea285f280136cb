package dev.bsee.scraper.internal.zip;

import dev.bsee.core.internal.MessageText;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/// The data of an entry whose local header declares its compressed size: exactly that many bytes of
/// `compressed`, passed through (stored) or inflated. A deflate stream that needs more than the
/// declared size is damaged data (a `ZipException`). One that ends earlier leaves the rest of the
/// declared bytes unread by the inflater: they are read and dropped, as `ZipFile` (the file walk)
/// and Python's `zipfile` drop them, so the walks read such an entry alike (the central directory
/// must declare the same size). Unless a zip record starts right after the stream: then the size
/// lies, and the bytes it would drop are the next entry's or the directory's, which is damage too.
/// Works on any thread: the compressed bytes may have been taken off the archive by another.
final class DelimitedData extends EntryData {

    private static final int INPUT_BYTES = 1 << 15;

    private final InputStream compressed;
    private final long compressedSize;
    private final Inflater inflater;
    private final byte[] input;
    private long fed;
    private int inputLength;
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
            throw new EOFException("the stored data ends after " + MessageText.number(fed) + " of its "
                    + MessageText.count(compressedSize, "byte"));
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
            throw new EOFException("the compressed data ends after " + MessageText.number(fed) + " of its "
                    + MessageText.count(compressedSize, "byte"));
        }
        fed += r;
        inputLength = r;
        inflater.setInput(input, 0, r);
    }

    private void finish() throws IOException {
        long used = inflater.getBytesRead();
        int unused = inflater.getRemaining();
        ended = true;
        inflater.end();
        consumed = used;
        if (used == compressedSize) {
            return;
        }
        // The first bytes after the stream's end: those the inflater was given and left, then more.
        byte[] after = new byte[(int) Math.min(4, compressedSize - used)];
        int have = Math.min(unused, after.length);
        System.arraycopy(input, inputLength - unused, after, 0, have);
        while (have < after.length) {
            int r = compressed.read(after, have, after.length - have);
            if (r < 0) {
                break;
            }
            fed += r;
            have += r;
        }
        if (have == 4 && after[0] == 'P' && after[1] == 'K' && ZipSignature.isRecord(after[2], after[3])) {
            throw new ZipException("the deflate stream ends after " + MessageText.number(used) + " of the "
                    + MessageText.count(compressedSize, "compressed byte") + " the header declares, where a zip record starts");
        }
        byte[] rest = new byte[(int) Math.min(INPUT_BYTES, Math.max(1, compressedSize - fed))];
        while (fed < compressedSize) {
            int r = compressed.read(rest, 0, (int) Math.min(rest.length, compressedSize - fed));
            if (r < 0) {
                throw new EOFException("the compressed data ends after " + MessageText.number(fed) + " of its "
                        + MessageText.count(compressedSize, "byte"));
            }
            fed += r;
        }
        consumed = compressedSize;
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
