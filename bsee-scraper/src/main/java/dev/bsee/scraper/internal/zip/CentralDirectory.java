package dev.bsee.scraper.internal.zip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipException;

/// The central directory at the end of a streamed archive, checked against the entries the walk
/// read through their local headers. Why: a stream reader never needs the directory, but every other
/// reader of the same file (`java.util.zip.ZipFile`, Python's `zipfile`, the file walk) goes by it;
/// an archive whose directory names other entries, sizes, checksums or places than its local headers
/// reads differently depending on who reads it, and is refused as corrupt rather than converted by
/// one reading of it. (Overlapping entries, as in the "better zip bomb", are such an archive.)
public final class CentralDirectory {

    /// How many bytes at the end of an archive hold its end records: the end-of-central-directory
    /// record with the longest comment, and before it the zip64 locator and zip64 end record.
    public static final int TAIL_BYTES = 22 + 0xFFFF + 20 + 56;

    private static final int END_SIGNATURE = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_END_SIGNATURE = 0x06064b50;
    private static final int ENTRY_SIGNATURE = 0x02014b50;
    private static final int END_BYTES = 22;
    private static final int ZIP64_LOCATOR_BYTES = 20;
    private static final int ZIP64_END_BYTES = 56;
    private static final int ENTRY_BYTES = 46;
    private static final long ZIP64_MARK = 0xFFFFFFFFL;
    private static final int ZIP64_COUNT_MARK = 0xFFFF;
    private static final int ZIP64_EXTRA = 0x0001;

    private CentralDirectory() {
    }

    /// Where the end records place the central directory: its offset and length, how many records it
    /// holds, and where the records after it start (the zip64 end record, else the end record).
    private record Place(long offset, long bytes, long records, long endsAt) {
    }

    /// Why the directory at the end of `tail` disagrees with `entries`, or empty when it agrees.
    ///
    /// @param tail the last bytes of the archive ([#TAIL_BYTES] or all of it), ending with the
    ///     end-of-central-directory record
    /// @param archiveBytes the length of the whole archive
    /// @param entries the local headers read, in archive order, every entry's data read and checked
    ///     against them, those with a data descriptor completed from it ([LocalEntries#completed()])
    /// @return the disagreement, or empty
    public static Optional<String> disagreement(byte[] tail, long archiveBytes, List<LocalHeader> entries) {
        ByteBuffer view = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN);
        long tailStart = archiveBytes - tail.length;
        Place place;
        try {
            place = place(view, tailStart);
        } catch (ZipException e) {
            return Optional.of(e.getMessage());
        }
        if (place.records() != entries.size()) {
            return Optional.of("the central directory lists " + place.records() + " entries but the archive holds "
                    + entries.size());
        }
        if (place.offset() < tailStart) {
            // Larger than the bytes kept: nothing more to compare (the entry count was checked).
            return Optional.empty();
        }
        int at = (int) (place.offset() - tailStart);
        int end = (int) (place.endsAt() - tailStart);
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
            } else if (sizes[2] <= previousOffset || sizes[2] >= place.offset()) {
                problems.add(where + "places it at " + sizes[2] + ", outside the entries' order");
            }
            previousOffset = sizes[2];
            at = next;
        }
        return problems.stream().findFirst();
    }

    /// Where the central directory of `archive` places each entry's local header, in directory order,
    /// for a reader that goes by the directory (the file walk) to compare each header with it. The
    /// directory is found as the stream walk finds it: through the end record that ends the file
    /// exactly and, when a zip64 locator precedes it, the zip64 end record; it must end where those
    /// records begin. An archive where it cannot be found so is refused, since other readers
    /// (`java.util.zip.ZipFile` among them) search further and would read it unchecked.
    ///
    /// @param archive the whole archive
    /// @return the offsets, and where the directory starts
    /// @throws ZipException when the directory cannot be found so, or is damaged
    /// @throws IOException when reading fails
    public static Listing localHeaderOffsets(SeekableByteChannel archive) throws IOException {
        long archiveBytes = archive.size();
        long tailStart = Math.max(0, archiveBytes - TAIL_BYTES);
        Place place = place(read(archive, tailStart, archiveBytes), tailStart);
        if (place.bytes() > Integer.MAX_VALUE - 8) {
            throw new ZipException("the central directory is larger than 2 GiB");
        }
        ByteBuffer directory = read(archive, place.offset(), place.endsAt());
        long[] offsets = new long[(int) place.records()];
        int at = 0;
        for (int i = 0; i < offsets.length; i++) {
            if (at + ENTRY_BYTES > directory.capacity() || directory.getInt(at) != ENTRY_SIGNATURE) {
                throw new ZipException("the central directory is damaged at its record " + (i + 1));
            }
            int nameLength = Short.toUnsignedInt(directory.getShort(at + 28));
            int extraLength = Short.toUnsignedInt(directory.getShort(at + 30));
            int next = at + ENTRY_BYTES + nameLength + extraLength + Short.toUnsignedInt(directory.getShort(at + 32));
            if (next > directory.capacity()) {
                throw new ZipException("the central directory is damaged at its record " + (i + 1));
            }
            long[] sizes = {Integer.toUnsignedLong(directory.getInt(at + 24)),
                    Integer.toUnsignedLong(directory.getInt(at + 20)), Integer.toUnsignedLong(directory.getInt(at + 42))};
            zip64(directory, at + ENTRY_BYTES + nameLength, extraLength, sizes);
            offsets[i] = sizes[2];
            at = next;
        }
        if (at != directory.capacity()) {
            throw new ZipException("the central directory holds more than the " + offsets.length
                    + " records its end record counts");
        }
        return new Listing(offsets, place.offset());
    }

    /// Where a central directory places the local headers, in its order, and where it starts itself.
    ///
    /// @param offsets each entry's local header offset, in directory order
    /// @param directoryOffset where the central directory starts: the entries' data ends there
    public record Listing(long[] offsets, long directoryOffset) {
    }

    /// Where the end records at the end of `tail` (which starts at `tailStart` in the archive) place the
    /// central directory. Why so strict: `ZipFile` takes a zip64 end record wherever the locator points
    /// and falls back to the end record's values when the two disagree, Python's `zipfile` reads the
    /// zip64 record just before the locator and searches past trailing bytes; an archive on which those
    /// choices matter is read differently by different readers.
    private static Place place(ByteBuffer tail, long tailStart) throws ZipException {
        int end = endRecord(tail);
        if (end < 0) {
            throw new ZipException("no end-of-central-directory record ends the archive (bytes follow it, or it is"
                    + " damaged)");
        }
        long records = Short.toUnsignedInt(tail.getShort(end + 10));
        long bytes = Integer.toUnsignedLong(tail.getInt(end + 12));
        long offset = Integer.toUnsignedLong(tail.getInt(end + 16));
        long endsAt = tailStart + end;
        int locator = end - ZIP64_LOCATOR_BYTES;
        if (locator >= 0 && tail.getInt(locator) == ZIP64_LOCATOR_SIGNATURE) {
            int record = locator - ZIP64_END_BYTES;
            if (record < 0 || tail.getLong(locator + 8) != tailStart + record || tail.getInt(record) != ZIP64_END_SIGNATURE
                    || tail.getLong(record + 4) != ZIP64_END_BYTES - 12) {
                throw new ZipException("the zip64 end-of-central-directory record is not where its locator places it,"
                        + " just before the locator");
            }
            long records64 = tail.getLong(record + 32);
            long bytes64 = tail.getLong(record + 40);
            long offset64 = tail.getLong(record + 48);
            if (tail.getLong(record + 24) != records64 || records != ZIP64_COUNT_MARK && records != records64
                    || bytes != ZIP64_MARK && bytes != bytes64 || offset != ZIP64_MARK && offset != offset64) {
                throw new ZipException("the end record and the zip64 end record give different entry counts or"
                        + " central directory places");
            }
            records = records64;
            bytes = bytes64;
            offset = offset64;
            endsAt = tailStart + record;
        }
        if (offset < 0 || bytes < 0 || offset + bytes != endsAt) {
            throw new ZipException("the end record places the central directory at " + offset + " (" + bytes
                    + " bytes), but it ends at " + endsAt);
        }
        if (records < 0 || records > bytes / ENTRY_BYTES) {
            throw new ZipException("the end record counts " + records + " entries in a central directory of " + bytes
                    + " bytes");
        }
        return new Place(offset, bytes, records, endsAt);
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
