package dev.bsee.scraper.internal.zip;

import dev.bsee.core.internal.MessageText;
import dev.bsee.scraper.SourceDataException;
import dev.bsee.scraper.SourceDataException.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.CharacterCodingException;
import java.util.Objects;
import java.util.Optional;

/// A zip archive read as a stream through its local entry headers, entry after entry.
///
/// Why not `ZipInputStream`: it hands out an entry's bytes only inflated, on the thread that reads
/// the archive, so a streamed download inflates every entry on that one thread while the parsers
/// wait, and it cannot give the compressed bytes themselves. When a local header declares the
/// compressed size (flag bit 3 clear: every BSEE archive), [#compressed()] gives exactly that many
/// bytes as they are in the archive, so another thread can inflate them ([LocalHeader#inflate]) while
/// this one reads on; otherwise (and on request) [#data()] inflates here, and for an entry whose
/// sizes follow it in a data descriptor, reads and checks the descriptor, as `ZipInputStream` does
/// (and, for a stored one, which `ZipInputStream` refuses, finds it: [DescribedData]).
///
/// No declared size is trusted: the compressed size only delimits the bytes (a deflate stream must
/// end exactly there), and the CRC and uncompressed size are checked against the inflated bytes by
/// whoever inflates ([EntryStream] for a delimited entry). Only stored and deflated entries are read;
/// encrypted entries and other methods are refused as corrupt. The
/// central directory is not read: [#next()] ends at the first bytes that are not a local header, and
/// the caller checks the rest ([#rest()], [CentralDirectory]).
public final class LocalEntries {

    /// The bytes the reader can push back: the input a deflate stream read past its end.
    static final int PUSHBACK_BYTES = 1 << 13;

    private static final long LOCAL_SIGNATURE = 0x04034b50L;
    private static final int FIXED_BYTES = 30;
    private static final int ENCRYPTED = 1;
    private static final int ZIP64_EXTRA = 0x0001;
    private static final long ZIP64_MARK = 0xFFFFFFFFL;

    private final PositionedInput in;
    private final String archiveName;
    private LocalHeader current;
    private Compressed raw;
    private DescribedData described;
    private boolean ended;

    /// Reads `archive` from its current position, which must be the first local header.
    ///
    /// @param archive the archive bytes (not closed by this reader)
    /// @param archiveName the archive name, for messages
    public LocalEntries(InputStream archive, String archiveName) {
        this.in = new PositionedInput(archive);
        this.archiveName = Objects.requireNonNull(archiveName, "archiveName");
    }

    /// Reads the next local header. The previous entry's data must have been read to its end through
    /// [#compressed()] or [#data()].
    ///
    /// @return the header, or empty when the next bytes are not a local header (the central directory,
    ///     or the end of a stream that stops between entries: the caller tells which)
    /// @throws SourceDataException when the header is cut short or describes an entry that cannot be read
    /// @throws IOException when reading fails
    /// @throws IllegalStateException when the previous entry's data was not read to its end
    public Optional<LocalHeader> next() throws IOException {
        if (current != null && !consumed()) {
            throw new IllegalStateException("the data of " + current.name() + " was not read to its end");
        }
        current = null;
        raw = null;
        described = null;
        long offset = in.position;
        byte[] fixed = in.readNBytes(FIXED_BYTES);
        if (fixed.length < 4 || u32(fixed, 0) != LOCAL_SIGNATURE) {
            // Left for [#rest()]: the bytes after the entries are the central directory.
            in.unread(fixed);
            ended = true;
            return Optional.empty();
        }
        if (fixed.length < FIXED_BYTES) {
            throw truncatedHeader(null);
        }
        int flags = u16(fixed, 6);
        int method = u16(fixed, 8);
        long crc = u32(fixed, 14);
        long compressedSize = u32(fixed, 18);
        long size = u32(fixed, 22);
        byte[] nameBytes = readHeaderPart(u16(fixed, 26), null);
        String name = decodeName(nameBytes, flags);
        byte[] extra = readHeaderPart(u16(fixed, 28), name);
        boolean zip64 = false;
        for (int at = 0; at + 4 <= extra.length; at += 4 + u16(extra, at + 2)) {
            int length = u16(extra, at + 2);
            if (u16(extra, at) != ZIP64_EXTRA || at + 4 + length > extra.length) {
                continue;
            }
            zip64 = true;
            if (size == ZIP64_MARK || compressedSize == ZIP64_MARK) {
                // A local header's zip64 field holds both sizes (APPNOTE 4.5.3).
                if (length < 16) {
                    throw corrupt(name, "the zip64 extra field of the local header is too short for the sizes");
                }
                size = u64(extra, at + 4);
                compressedSize = u64(extra, at + 12);
            }
        }
        if ((flags & ENCRYPTED) != 0) {
            // Not damage either: a password-protected archive (zip -e, 7-Zip -p), which Python's
            // zipfile does not read without the password.
            throw SourceDataException.builder(Problem.CORRUPT_ARCHIVE, "the entry is encrypted (password-protected),"
                    + " which is not supported").archive(archiveName).entry(name).build();
        }
        if (method != LocalHeader.STORED && method != LocalHeader.DEFLATED) {
            // Not damage: another tool's choice, which Python's zipfile may read; say which, so the
            // archive can be made again with deflate.
            throw SourceDataException.builder(Problem.CORRUPT_ARCHIVE, "the entry uses compression method "
                    + method + methodName(method) + ", which is not supported (only stored and deflated)")
                    .archive(archiveName).entry(name).build();
        }
        LocalHeader header = new LocalHeader(name, flags, method, crc, compressedSize, size, zip64, offset);
        if (header.delimited() && (size < 0 || compressedSize < 0)) {
            throw corrupt(name, "the local header declares a size beyond 2^63 bytes");
        }
        if (method == LocalHeader.STORED && header.delimited() && size != compressedSize) {
            throw corrupt(name, "the stored entry declares " + MessageText.count(size, "byte") + " but "
                    + MessageText.count(compressedSize, "stored byte"));
        }
        current = header;
        return Optional.of(header);
    }

    /// The archive's bytes after its last entry (the central directory and the end records), once
    /// [#next()] found no further local header there.
    ///
    /// @return the bytes, from the first one that is not a local header
    /// @throws IllegalStateException when [#next()] has not reached the end of the entries
    public InputStream rest() {
        if (!ended) {
            throw new IllegalStateException("the entries were not read to their end");
        }
        return in;
    }

    /// The current entry's header, with the CRC-32 and sizes of its data descriptor once its data was
    /// read and checked against them (for the comparison with the central directory).
    ///
    /// @return the header
    /// @throws IllegalStateException when there is no current entry
    public LocalHeader completed() {
        if (current == null) {
            throw new IllegalStateException("no current entry");
        }
        if (described != null && described.complete()) {
            return new LocalHeader(current.name(), current.flags(), current.method(), described.crc(),
                    described.compressedRead(), described.size(), current.zip64(), current.offset());
        }
        return current;
    }

    /// The current entry's compressed bytes as they are in the archive: exactly the compressed size its
    /// header declares. Reading them is what moves the archive on to the next header.
    ///
    /// @return the bytes; they fail with a [Problem#TRUNCATED_ARCHIVE] when the archive ends first
    /// @throws IllegalStateException when there is no current entry, its data was opened already, or
    ///     its header does not declare the compressed size
    public InputStream compressed() {
        requireUnopened();
        if (!current.delimited()) {
            throw new IllegalStateException(current.name() + " has its sizes in a data descriptor");
        }
        raw = new Compressed(current.name(), current.compressedSize());
        return raw;
    }

    /// The current entry's uncompressed bytes, inflated on the calling thread: for an entry whose sizes
    /// follow it in a data descriptor, the descriptor is read and checked at the end.
    ///
    /// @return the bytes
    /// @throws IllegalStateException when there is no current entry or its data was opened already
    public EntryData data() {
        requireUnopened();
        if (current.delimited()) {
            raw = new Compressed(current.name(), current.compressedSize());
            return current.inflate(raw);
        }
        described = new DescribedData(in, current.zip64(), current.method() == LocalHeader.STORED);
        return described;
    }

    /// The name of a compression method other than stored and deflated that archivers write (APPNOTE
    /// 4.4.5), in parentheses: Windows' built-in zip writes Deflate64 for large files, 7-Zip the
    /// others on request.
    private static String methodName(int method) {
        String name = switch (method) {
            case 9 -> "Deflate64";
            case 12 -> "bzip2";
            case 14 -> "LZMA";
            case 93 -> "Zstandard";
            case 95 -> "XZ";
            case 98 -> "PPMd";
            default -> null;
        };
        return name == null ? "" : " (" + name + ")";
    }

    private void requireUnopened() {
        if (current == null) {
            throw new IllegalStateException("no current entry");
        }
        if (raw != null || described != null) {
            throw new IllegalStateException("the data of " + current.name() + " was opened already");
        }
    }

    private boolean consumed() {
        return raw != null ? raw.remaining == 0 : described != null && described.complete();
    }

    private byte[] readHeaderPart(int length, String entry) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw truncatedHeader(entry);
        }
        return bytes;
    }

    private String decodeName(byte[] bytes, int flags) throws SourceDataException {
        try {
            return EntryNames.decode(bytes, flags);
        } catch (CharacterCodingException e) {
            throw SourceDataException.builder(Problem.CORRUPT_ARCHIVE, "an entry name marked as UTF-8 is not valid UTF-8")
                    .archive(archiveName).cause(e).build();
        }
    }

    private SourceDataException truncatedHeader(String entry) {
        return SourceDataException.builder(Problem.TRUNCATED_ARCHIVE, "the archive ends inside an entry header")
                .archive(archiveName).entry(entry).build();
    }

    private SourceDataException corrupt(String entry, String detail) {
        return SourceDataException.builder(Problem.CORRUPT_ARCHIVE, "a local entry header is damaged: " + detail)
                .archive(archiveName).entry(entry).build();
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int at) {
        return (u16(b, at) | (long) u16(b, at + 2) << 16) & 0xFFFFFFFFL;
    }

    static long u64(byte[] b, int at) {
        return u32(b, at) | u32(b, at + 4) << 32;
    }

    /// The archive as this reader takes it: bytes can be pushed back (what a deflate stream read past
    /// its end), and it knows where it stands in the archive, so that each header knows where it
    /// starts, which the central directory must say too.
    private static final class PositionedInput extends PushbackInputStream {
        long position;

        PositionedInput(InputStream archive) {
            super(archive, PUSHBACK_BYTES);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                position++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            position += skipped;
            return skipped;
        }

        @Override
        public void unread(int b) throws IOException {
            super.unread(b);
            position--;
        }

        // unread(byte[]) calls this one.
        @Override
        public void unread(byte[] b, int off, int len) throws IOException {
            super.unread(b, off, len);
            position -= len;
        }

        // PushbackInputStream's own transferTo hands the stream below to `out` without these reads.
        @Override
        public long transferTo(java.io.OutputStream out) throws IOException {
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = read(buffer, 0, buffer.length)) >= 0) {
                out.write(buffer, 0, n);
                total += n;
            }
            return total;
        }
    }

    /// Exactly one entry's compressed bytes, read straight from the archive; closing it leaves the
    /// archive open.
    private final class Compressed extends BulkInputStream {
        private final String entry;
        private final long size;
        private long remaining;

        Compressed(String entry, long size) {
            this.entry = entry;
            this.size = size;
            this.remaining = size;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (remaining == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw SourceDataException.inEntry(Problem.TRUNCATED_ARCHIVE, archiveName, entry,
                        "the archive ends inside this entry (after " + MessageText.number(size - remaining) + " of its "
                                + MessageText.count(size, "compressed byte") + ")");
            }
            remaining -= n;
            return n;
        }
    }
}
