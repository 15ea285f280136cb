package dev.bsee.scraper.internal.zip;

import java.io.EOFException;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/// The data of a deflated entry whose sizes follow it in a data descriptor (flag bit 3): only the
/// deflate stream itself says where the data ends, so it is inflated on the thread that reads the
/// archive, the input it did not use is pushed back, and the descriptor after it is read and checked
/// against what was inflated (CRC-32, both sizes), as `ZipInputStream` does.
final class DescribedData extends EntryData {

    private static final int DESCRIPTOR_SIGNATURE = 0x08074b50;
    private static final long ZIP32_MAX = 0xFFFFFFFFL;

    private final PushbackInputStream archive;
    private final boolean zip64;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] input = new byte[LocalEntries.PUSHBACK_BYTES];
    private int inputLength;
    private long consumed;
    private boolean complete;
    private long inflated;

    DescribedData(PushbackInputStream archive, boolean zip64) {
        this.archive = archive;
        this.zip64 = zip64;
    }

    /// Whether the data and its descriptor have been read and agree.
    boolean complete() {
        return complete;
    }

    /// Once [#complete()]: the CRC-32 of the data, which its descriptor declares too.
    long crc() {
        return crc.getValue();
    }

    /// Once [#complete()]: the number of bytes inflated, which its descriptor declares too.
    long size() {
        return inflated;
    }

    @Override
    public long compressedRead() {
        return ended ? consumed : inflater.getBytesRead();
    }

    @Override
    int readMore(byte[] b, int off, int len) throws IOException {
        int n = inflate(inflater, b, off, len, this::refill);
        if (n < 0) {
            readDescriptor();
            return -1;
        }
        crc.update(b, off, n);
        return n;
    }

    private void refill() throws IOException {
        inputLength = archive.read(input, 0, input.length);
        if (inputLength < 0) {
            throw new EOFException("after " + inflater.getBytesRead() + " compressed bytes");
        }
        inflater.setInput(input, 0, inputLength);
    }

    private void readDescriptor() throws IOException {
        consumed = inflater.getBytesRead();
        long produced = inflater.getBytesWritten();
        int unused = inflater.getRemaining();
        ended = true;
        inflater.end();
        if (unused > 0) {
            archive.unread(input, inputLength - unused, unused);
        }
        long first = LocalEntries.u32(readFully(4), 0);
        long declaredCrc = first == DESCRIPTOR_SIGNATURE ? LocalEntries.u32(readFully(4), 0) : first;
        boolean wide = zip64 || consumed > ZIP32_MAX || produced > ZIP32_MAX;
        byte[] sizes = readFully(wide ? 16 : 8);
        long declaredCompressed = wide ? LocalEntries.u64(sizes, 0) : LocalEntries.u32(sizes, 0);
        long declaredSize = wide ? LocalEntries.u64(sizes, 8) : LocalEntries.u32(sizes, 4);
        if (declaredSize != produced) {
            throw new ZipException("the entry holds " + produced + " bytes but its data descriptor declares "
                    + declaredSize);
        }
        if (declaredCompressed != consumed) {
            throw new ZipException("the deflate stream takes " + consumed + " bytes but the data descriptor declares "
                    + declaredCompressed);
        }
        if (declaredCrc != crc.getValue()) {
            throw new ZipException(String.format(Locale.ROOT, "CRC-32 mismatch: the data gives %08x, the data"
                    + " descriptor declares %08x", crc.getValue(), declaredCrc));
        }
        inflated = produced;
        complete = true;
    }

    private byte[] readFully(int length) throws IOException {
        byte[] bytes = archive.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("inside its data descriptor");
        }
        return bytes;
    }

    /// Frees the inflater; the archive stays open.
    @Override
    public void close() {
        if (!ended) {
            consumed = inflater.getBytesRead();
        }
        ended = true;
        inflater.end();
    }
}
