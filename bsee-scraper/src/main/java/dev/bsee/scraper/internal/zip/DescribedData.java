package dev.bsee.scraper.internal.zip;

import dev.bsee.core.internal.MessageText;

import java.io.EOFException;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/// The data of an entry whose sizes follow it in a data descriptor (flag bit 3), read and checked
/// against that descriptor (CRC-32, both sizes) as `ZipInputStream` does.
///
/// A deflated entry: only the deflate stream itself says where the data ends, so it is inflated on
/// the thread that reads the archive, the input it did not use is pushed back, and the descriptor
/// after it is read.
///
/// A stored entry (what Info-ZIP `zip -0` and Python's `zipfile` write to a pipe or another stream
/// they cannot seek back in): nothing in the data says where it ends, so the data ends at the first
/// descriptor signature whose sizes (4 or 8 bytes each, whatever the local header implies) both equal
/// the bytes before it and which is followed by the next local header or the central directory (or
/// the end of the stream), as Commons Compress delimits such entries. The descriptor's signature is optional (APPNOTE 4.3.9.3): one without it is its
/// CRC-32 of the bytes before it and both sizes equal to their count, followed by the next local
/// header or the central directory. Text that held such a descriptor by chance would end the entry
/// early; its CRC-32, and then the central directory, still refuse the archive rather than hand out
/// a wrong table.
final class DescribedData extends EntryData {

    private static final int DESCRIPTOR_SIGNATURE = 0x08074b50;
    private static final long LOCAL_SIGNATURE = 0x04034b50L;
    private static final long CENTRAL_SIGNATURE = 0x02014b50L;
    private static final int SIGNATURE_BYTES = 4;
    private static final long ZIP32_MAX = 0xFFFFFFFFL;
    /// A descriptor with its signature, CRC-32 and 4-byte sizes; with 8-byte sizes.
    private static final int NARROW_SIGNED = SIGNATURE_BYTES + 4 + 8;
    private static final int WIDE_SIGNED = SIGNATURE_BYTES + 4 + 16;

    private final PushbackInputStream archive;
    private final boolean zip64;
    /// Null for a stored entry.
    private final Inflater inflater;
    private final CRC32 crc = new CRC32();
    /// A deflated entry's input; a stored entry's bytes read from the archive but not yet known to
    /// be data or its descriptor.
    private final byte[] input = new byte[LocalEntries.PUSHBACK_BYTES];
    private int inputLength;
    private boolean archiveEnded;
    private long consumed;
    private boolean complete;
    private long inflated;

    DescribedData(PushbackInputStream archive, boolean zip64, boolean stored) {
        this.archive = archive;
        this.zip64 = zip64;
        this.inflater = stored ? null : new Inflater(true);
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
        return ended || inflater == null ? consumed : inflater.getBytesRead();
    }

    @Override
    int readMore(byte[] b, int off, int len) throws IOException {
        if (inflater == null) {
            return readStored(b, off, len);
        }
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
            throw new EOFException("after " + MessageText.count(inflater.getBytesRead(), "compressed byte"));
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
        // Writers disagree on the sizes' width (8-byte sizes in an entry without zip64, 4-byte ones in
        // one with it), and Python's zipfile, like the file walk, goes by the central directory: the
        // width whose sizes are the entry's own is the descriptor's; the bytes after it go back.
        byte[] sizes = archive.readNBytes(16);
        boolean narrowFits = fits(sizes, false, consumed, produced);
        boolean wideFits = fits(sizes, true, consumed, produced);
        // Both fit only where the high halves are zero and the entry empty: the narrow reading is the
        // descriptor's when a record's signature follows its 8 bytes.
        int width = narrowFits && wideFits ? (sizes.length >= 12 && (LocalEntries.u32(sizes, 8) & 0xffff) == PK ? 8 : 16)
                : wideFits ? 16 : narrowFits ? 8 : -1;
        if (width > 0) {
            archive.unread(sizes, width, sizes.length - width);
            wide = width == 16;
        } else if (sizes.length < (wide ? 16 : 8)) {
            throw new EOFException("inside its data descriptor");
        }
        long declaredCompressed = wide ? LocalEntries.u64(sizes, 0) : LocalEntries.u32(sizes, 0);
        long declaredSize = wide ? LocalEntries.u64(sizes, 8) : LocalEntries.u32(sizes, 4);
        if (declaredSize != produced) {
            throw new ZipException("the entry holds " + MessageText.count(produced, "byte")
                    + " but its data descriptor declares " + MessageText.unsignedNumber(declaredSize));
        }
        if (declaredCompressed != consumed) {
            throw new ZipException("the deflate stream takes " + MessageText.count(consumed, "byte")
                    + " but the data descriptor declares " + MessageText.unsignedNumber(declaredCompressed));
        }
        if (declaredCrc != crc.getValue()) {
            throw new ZipException(String.format(Locale.ROOT, "CRC-32 mismatch: the data gives %08x, the data"
                    + " descriptor declares %08x", crc.getValue(), declaredCrc));
        }
        inflated = produced;
        complete = true;
    }

    /// The first two bytes of every zip record's signature, `PK`, as a little-endian number.
    private static final long PK = 0x4b50;

    /// Whether `sizes` read as a descriptor's sizes of that width are `compressed` and `size`.
    private static boolean fits(byte[] sizes, boolean wide, long compressed, long size) {
        return sizes.length >= (wide ? 16 : 8)
                && (wide ? LocalEntries.u64(sizes, 0) : LocalEntries.u32(sizes, 0)) == compressed
                && (wide ? LocalEntries.u64(sizes, 8) : LocalEntries.u32(sizes, 4)) == size;
    }

    private int readStored(byte[] b, int off, int len) throws IOException {
        // Writers disagree on the sizes' width here as well (8-byte sizes in an entry without zip64,
        // 4-byte ones in one with it; the file walk and Python's zipfile take either): both widths
        // are looked for, the one the local header implies first.
        boolean wideFirst = zip64 || consumed > ZIP32_MAX;
        while (inputLength < WIDE_SIGNED + SIGNATURE_BYTES && !archiveEnded) {
            int n = archive.read(input, inputLength, input.length - inputLength);
            if (n < 0) {
                archiveEnded = true;
            } else {
                inputLength += n;
            }
        }
        for (boolean wide : wideFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
            int descriptor = wide ? WIDE_SIGNED : NARROW_SIGNED;
            int unsigned = descriptor - SIGNATURE_BYTES;
            boolean signed = startsWithDescriptor(descriptor);
            if (signed || startsWithUnsignedDescriptor(unsigned)) {
                int length = signed ? descriptor : unsigned;
                long declaredCrc = LocalEntries.u32(input, signed ? SIGNATURE_BYTES : 0);
                ended = true;
                archive.unread(input, length, inputLength - length);
                if (declaredCrc != crc.getValue()) {
                    throw new ZipException(String.format(Locale.ROOT, "CRC-32 mismatch: the data gives %08x, the data"
                            + " descriptor declares %08x", crc.getValue(), declaredCrc));
                }
                inflated = consumed;
                complete = true;
                return -1;
            }
        }
        if (inputLength == 0) {
            throw new EOFException("before the data descriptor of this stored entry, after "
                    + MessageText.count(consumed, "byte"));
        }
        // Up to the next possible descriptor, signed or not (one without a signature is known by the
        // record after it), of either width; the last bytes, which may begin one, wait for the rest.
        int next = -1;
        for (int at = 1; at + SIGNATURE_BYTES <= inputLength && next < 0; at++) {
            next = LocalEntries.u32(input, at) == DESCRIPTOR_SIGNATURE || unsignedAt(at, NARROW_SIGNED - SIGNATURE_BYTES)
                    || unsignedAt(at, WIDE_SIGNED - SIGNATURE_BYTES) ? at : -1;
        }
        int data = next > 0 ? next : archiveEnded ? inputLength : inputLength - (WIDE_SIGNED - 1);
        int n = Math.min(len, data);
        System.arraycopy(input, 0, b, off, n);
        System.arraycopy(input, n, input, 0, inputLength - n);
        inputLength -= n;
        crc.update(b, off, n);
        consumed += n;
        return n;
    }

    /// Whether the unread bytes start with a data descriptor of `length` bytes for the data read so
    /// far: its sizes both the count read, followed by the next header or the end of the stream.
    private boolean startsWithDescriptor(int length) {
        if (inputLength < length || LocalEntries.u32(input, 0) != DESCRIPTOR_SIGNATURE) {
            return false;
        }
        boolean wide = length > 16;
        long compressed = wide ? LocalEntries.u64(input, 8) : LocalEntries.u32(input, 8);
        long size = wide ? LocalEntries.u64(input, 16) : LocalEntries.u32(input, 12);
        if (compressed != consumed || size != consumed) {
            return false;
        }
        if (inputLength >= length + SIGNATURE_BYTES) {
            long following = LocalEntries.u32(input, length);
            return following == LOCAL_SIGNATURE || following == CENTRAL_SIGNATURE;
        }
        return archiveEnded && inputLength == length;
    }

    /// Whether the unread bytes start with a data descriptor without a signature, of `length` bytes,
    /// for the data read so far: its CRC-32 and both sizes the data's, followed by the next local
    /// header or the central directory.
    private boolean startsWithUnsignedDescriptor(int length) {
        return unsignedAt(0, length) && LocalEntries.u32(input, 0) == crc.getValue();
    }

    /// Whether a descriptor without a signature may start `at` bytes into the unread ones: sizes both
    /// the count of data bytes before it, then a local header's or the central directory's signature.
    private boolean unsignedAt(int at, int length) {
        if (at + length + SIGNATURE_BYTES > inputLength) {
            return false;
        }
        long following = LocalEntries.u32(input, at + length);
        if (following != LOCAL_SIGNATURE && following != CENTRAL_SIGNATURE) {
            return false;
        }
        boolean wide = length > 12;
        long compressed = wide ? LocalEntries.u64(input, at + 4) : LocalEntries.u32(input, at + 4);
        long size = wide ? LocalEntries.u64(input, at + 12) : LocalEntries.u32(input, at + 8);
        return compressed == consumed + at && size == consumed + at;
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
        if (inflater != null) {
            if (!ended) {
                consumed = inflater.getBytesRead();
            }
            inflater.end();
        }
        ended = true;
    }
}
