package dev.bsee.scraper.internal.zip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/// The central directory at the end of a streamed archive, checked against the entries the walk
/// read through their local headers. Why: a stream reader never needs the directory, but every other
/// reader of the same file (`java.util.zip.ZipFile`, Python's `zipfile`, the file walk) goes by it;
/// an archive whose directory names other entries, sizes, checksums or places than its local headers
/// reads differently depending on who reads it, and is refused as corrupt rather than converted by
/// one reading of it. (Overlapping entries, as in the "better zip bomb", are such an archive.)
public final class CentralDirectory {

    private static final int END_SIGNATURE = 0x06054b50;
    private static final int ENTRY_SIGNATURE = 0x02014b50;
    private static final int END_BYTES = 22;
    private static final int ENTRY_BYTES = 46;
    private static final long ZIP64_MARK = 0xFFFFFFFFL;
    private static final int ZIP64_EXTRA = 0x0001;

    private CentralDirectory() {
    }

    /// Why the directory at the end of `tail` disagrees with `entries`, or empty when it agrees.
    ///
    /// @param tail the last bytes of the archive, ending with the end-of-central-directory record
    /// @param archiveBytes the length of the whole archive
    /// @param entries the local headers read, in archive order, every entry's data read and checked
    ///     against them, those with a data descriptor completed from it ([LocalEntries#completed()])
    /// @return the disagreement, or empty
    public static Optional<String> disagreement(byte[] tail, long archiveBytes, List<LocalHeader> entries) {
        ByteBuffer view = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN);
        int end = endRecord(view);
        if (end < 0) {
            return Optional.empty();
        }
        long directoryBytes = Integer.toUnsignedLong(view.getInt(end + 12));
        long directoryOffset = Integer.toUnsignedLong(view.getInt(end + 16));
        int count = Short.toUnsignedInt(view.getShort(end + 10));
        if (count == 0xFFFF || directoryBytes == ZIP64_MARK || directoryOffset == ZIP64_MARK) {
            // A zip64 archive keeps the true values in records this check does not read.
            return Optional.empty();
        }
        long endOffset = archiveBytes - (tail.length - end);
        if (directoryOffset + directoryBytes != endOffset) {
            return Optional.of("the end record places the central directory at " + directoryOffset + " (" + directoryBytes
                    + " bytes), but it ends at " + endOffset);
        }
        if (directoryBytes > end) {
            // Larger than the bytes kept: nothing more to compare (the entry count was checked).
            return Optional.empty();
        }
        int at = (int) (end - directoryBytes);
        long previousOffset = -1;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < entries.size() && problems.isEmpty(); i++) {
            LocalHeader seen = entries.get(i);
            if (at + ENTRY_BYTES > end || view.getInt(at) != ENTRY_SIGNATURE) {
                return Optional.of("the central directory is damaged at its record " + (i + 1));
            }
            int nameLength = Short.toUnsignedInt(view.getShort(at + 28));
            int extraLength = Short.toUnsignedInt(view.getShort(at + 30));
            int commentLength = Short.toUnsignedInt(view.getShort(at + 32));
            int next = at + ENTRY_BYTES + nameLength + extraLength + commentLength;
            if (next > end) {
                return Optional.of("the central directory is damaged at its record " + (i + 1));
            }
            String name = new String(tail, at + ENTRY_BYTES, nameLength, StandardCharsets.UTF_8);
            long[] sizes = {Integer.toUnsignedLong(view.getInt(at + 24)), Integer.toUnsignedLong(view.getInt(at + 20)),
                    Integer.toUnsignedLong(view.getInt(at + 42))};
            zip64(view, at + ENTRY_BYTES + nameLength, extraLength, sizes);
            long crc = Integer.toUnsignedLong(view.getInt(at + 16));
            int flags = Short.toUnsignedInt(view.getShort(at + 8));
            int method = Short.toUnsignedInt(view.getShort(at + 10));
            String where = "entry " + (i + 1) + " (" + seen.name() + "): the central directory ";
            if (!name.equals(seen.name())) {
                problems.add(where + "names it " + name);
            } else if ((flags & 1) != 0) {
                problems.add(where + "marks it encrypted");
            } else if (method != seen.method()) {
                problems.add(where + "gives compression method " + method + ", its header " + seen.method());
            } else if (known(seen) && crc != seen.crc()) {
                problems.add(where + String.format("declares CRC-32 %08x, the data gives %08x", crc, seen.crc()));
            } else if (known(seen) && (sizes[0] != seen.size() || sizes[1] != seen.compressedSize())) {
                problems.add(where + "declares " + sizes[0] + " bytes from " + sizes[1] + ", the data is "
                        + seen.size() + " from " + seen.compressedSize());
            } else if (sizes[2] <= previousOffset || sizes[2] >= directoryOffset) {
                problems.add(where + "places it at " + sizes[2] + ", outside the entries' order");
            }
            previousOffset = sizes[2];
            at = next;
        }
        return problems.stream().findFirst();
    }

    /// Where the central directory of `archive` places each entry's local header, in directory order,
    /// for a reader that goes by the directory (the file walk) to compare each header with it. Empty
    /// when there is nothing to compare by: no end record ends the file exactly (a trailing comment
    /// of other length, or junk), a zip64 archive (its true values are in records this reader does
    /// not read), or a directory that does not fit the file or is damaged (the directory's own reader
    /// refuses those).
    ///
    /// @param archive the whole archive
    /// @return the offsets, or empty
    /// @throws IOException when reading fails
    public static Optional<long[]> localHeaderOffsets(SeekableByteChannel archive) throws IOException {
        long archiveBytes = archive.size();
        ByteBuffer tail = read(archive, Math.max(0, archiveBytes - END_BYTES - 0xFFFF), archiveBytes);
        int end = endRecord(tail);
        if (end < 0) {
            return Optional.empty();
        }
        int count = Short.toUnsignedInt(tail.getShort(end + 10));
        long directoryBytes = Integer.toUnsignedLong(tail.getInt(end + 12));
        long directoryOffset = Integer.toUnsignedLong(tail.getInt(end + 16));
        if (count == 0xFFFF || directoryBytes == ZIP64_MARK || directoryOffset == ZIP64_MARK
                || directoryOffset + directoryBytes > archiveBytes || directoryBytes > Integer.MAX_VALUE - 8) {
            return Optional.empty();
        }
        ByteBuffer directory = read(archive, directoryOffset, directoryOffset + directoryBytes);
        long[] offsets = new long[count];
        int at = 0;
        for (int i = 0; i < count; i++) {
            if (at + ENTRY_BYTES > directory.capacity() || directory.getInt(at) != ENTRY_SIGNATURE) {
                return Optional.empty();
            }
            int nameLength = Short.toUnsignedInt(directory.getShort(at + 28));
            int extraLength = Short.toUnsignedInt(directory.getShort(at + 30));
            int next = at + ENTRY_BYTES + nameLength + extraLength + Short.toUnsignedInt(directory.getShort(at + 32));
            if (next > directory.capacity()) {
                return Optional.empty();
            }
            long[] sizes = {Integer.toUnsignedLong(directory.getInt(at + 24)),
                    Integer.toUnsignedLong(directory.getInt(at + 20)), Integer.toUnsignedLong(directory.getInt(at + 42))};
            zip64(directory, at + ENTRY_BYTES + nameLength, extraLength, sizes);
            offsets[i] = sizes[2];
            at = next;
        }
        return Optional.of(offsets);
    }

    private static ByteBuffer read(SeekableByteChannel archive, long from, long to) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate((int) (to - from)).order(ByteOrder.LITTLE_ENDIAN);
        archive.position(from);
        while (bytes.hasRemaining() && archive.read(bytes) >= 0) {
            // read on until full or the end
        }
        if (bytes.hasRemaining()) {
            throw new java.io.EOFException("the archive ended while its central directory was read");
        }
        return bytes.clear();
    }

    /// Whether the header carries the entry's CRC and sizes: in the header itself, or completed from
    /// its data descriptor ([LocalEntries#completed()]).
    private static boolean known(LocalHeader seen) {
        return seen.delimited() || seen.crc() != 0 || seen.size() != 0 || seen.compressedSize() != 0;
    }

    /// The offset of the end-of-central-directory record that ends `view` exactly, or -1.
    private static int endRecord(ByteBuffer view) {
        for (int at = view.capacity() - END_BYTES; at >= 0; at--) {
            if (view.getInt(at) == END_SIGNATURE
                    && at + END_BYTES + Short.toUnsignedInt(view.getShort(at + 20)) == view.capacity()) {
                return at;
            }
        }
        return -1;
    }

    /// Replaces the sizes and offset marked 0xFFFFFFFF with those of the zip64 extra field, in its order.
    private static void zip64(ByteBuffer view, int extra, int length, long[] sizes) {
        int at = extra;
        while (at + 4 <= extra + length) {
            int id = Short.toUnsignedInt(view.getShort(at));
            int size = Short.toUnsignedInt(view.getShort(at + 2));
            if (id == ZIP64_EXTRA) {
                int field = at + 4;
                for (int i = 0; i < sizes.length; i++) {
                    if (sizes[i] == ZIP64_MARK && field + 8 <= at + 4 + size) {
                        sizes[i] = view.getLong(field);
                        field += 8;
                    }
                }
                return;
            }
            at += 4 + size;
        }
    }
}
