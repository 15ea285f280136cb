package dev.bsee.scraper.internal.zip;

import dev.bsee.core.internal.MessageText;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipException;

/// The central directory at the end of an archive, found through its end records (the zip64 ones
/// included) and checked against the entries' local headers, for the streamed walk as it streams past
/// and for the file walk at the offsets it gives. Why: a stream reader never needs the directory, but every other
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
    private static final int PATCHED = 0x20;
    private static final int STRONGLY_ENCRYPTED = 0x40;
    /// The last zip format version Python's zipfile extracts (`MAX_EXTRACT_VERSION`), times ten.
    private static final int LAST_VERSION = 63;

    private CentralDirectory() {
    }

    /// Where the end records place the central directory: its offset and length, how many records it
    /// holds, and where the records after it start (the zip64 end record, else the end record).
    private record Place(long offset, long bytes, long records, long endsAt) {
    }

    /// The central directory's length in bytes as the end records give it, or empty when they
    /// cannot be read (the caller's reader then says why).
    ///
    /// @param archive the whole archive
    /// @return the length
    /// @throws IOException when reading fails
    public static Optional<Long> directoryBytes(SeekableByteChannel archive) throws IOException {
        try {
            return Optional.of(place(archive).bytes());
        } catch (ZipException unreadable) {
            return Optional.empty();
        }
    }

    /// Reads the rest of a streamed archive, the central directory and the end records after its
    /// entries, and tells why the directory disagrees with `entries`, or empty when it agrees. The
    /// records are kept to be compared in the order of the entries they place (a directory may list
    /// them in any order), but no more of their names than the entries' own: a directory whose names
    /// are longer than those disagrees already, and its size then does not matter. It must start
    /// where the entries end and be where the end records place it.
    ///
    /// @param rest the archive's bytes after its last entry, read here to their end
    /// @param archive the archive input below `rest`, whose count and tail give the end records
    /// @param entries the local headers read, in archive order, every entry's data read and checked
    ///     against them, those with a data descriptor completed from it ([LocalEntries#completed()])
    /// @return the disagreement, or empty (also when the archive has no end record: the caller
    ///     reports that, [ArchiveInput#endsWithEndRecord()])
    /// @throws ZipException when more bytes follow the entries than a directory of their records and
    ///     the end records can take (reading stops there: a server that sends bytes without end
    ///     would otherwise be read until its timeout)
    /// @throws IOException when reading fails
    public static Optional<String> disagreement(InputStream rest, ArchiveInput archive, List<LocalHeader> entries)
            throws IOException {
        Optional<String> problem = Optional.empty();
        long after = 0;
        long recordBytes = 0;
        int records = 0;
        List<Record> listed = new ArrayList<>();
        // The first bytes after the entries when they start no record: named in the message.
        byte[] stray = null;
        // A name's characters are at most its bytes, however it was decoded, and the entries' names
        // as UTF-8 at least theirs: names whose bytes are the same pass this bound, whatever their
        // flags say (a record that marks a name UTF-8 where its header does not is named as such).
        long entryNameChars = entries.stream()
                .mapToLong(entry -> entry.name().getBytes(StandardCharsets.UTF_8).length).sum();
        long listedNameChars = 0;
        long bound = restBound(entries.size());
        while (after <= bound) {
            byte[] fixed = rest.readNBytes(ENTRY_BYTES);
            after += fixed.length;
            ByteBuffer head = ByteBuffer.wrap(fixed).order(ByteOrder.LITTLE_ENDIAN);
            if (fixed.length < 4 || head.getInt(0) != ENTRY_SIGNATURE) {
                stray = records == 0 && fixed.length > 0 ? fixed : null;
                break;
            }
            int variable = fixed.length < ENTRY_BYTES ? 0 : Short.toUnsignedInt(head.getShort(28))
                    + Short.toUnsignedInt(head.getShort(30)) + Short.toUnsignedInt(head.getShort(32));
            byte[] more = rest.readNBytes(variable);
            after += more.length;
            if (fixed.length < ENTRY_BYTES || more.length < variable) {
                problem = problem.or(() -> Optional.of("the central directory is cut short"));
                break;
            }
            recordBytes += ENTRY_BYTES + variable;
            ByteBuffer record = ByteBuffer.allocate(ENTRY_BYTES + variable).order(ByteOrder.LITTLE_ENDIAN)
                    .put(fixed).put(more);
            records++;
            if (records <= entries.size() && problem.isEmpty()) {
                Record read = Record.parse(record, 0);
                listedNameChars += read.name().length();
                if (listedNameChars > entryNameChars) {
                    // Kept, records named so would hold the heap: 4,000 names of 64 KiB are 500 MB.
                    problem = Optional.of("the central directory names entries the archive does not hold (its"
                            + " names are longer than the entries' own)");
                    listed.clear();
                } else {
                    listed.add(read);
                }
            }
        }
        after += skip(rest, bound + 1 - Math.min(after, bound + 1));
        if (after > bound) {
            throw new ZipException("more than " + MessageText.count(bound, "byte") + " follow the last of the "
                    + MessageText.count(entries.size(), "entry", "entries") + ", more than their central directory and the end records can hold: the archive is"
                    + " damaged");
        }
        if (!archive.endsWithEndRecord()) {
            return Optional.empty();
        }
        byte[] tail = archive.tail();
        Place place;
        try {
            place = place(ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN), archive.count() - tail.length);
        } catch (ZipException e) {
            return Optional.of(e.getMessage());
        }
        long entriesEnd = archive.count() - after;
        if (stray != null && place.records() > 0) {
            // Neither the next entry nor the directory: bytes the local headers do not account for.
            return Optional.of("the bytes at " + entriesEnd + (entries.isEmpty() ? ""
                    : ", after entry " + entries.getLast().name() + ",") + " are neither a local header nor the"
                    + " central directory (the end record places it at " + place.offset() + "): "
                    + ZipSignature.quoteStart(stray, Math.min(stray.length, 16)));
        }
        if (place.records() != entries.size() || records != entries.size()) {
            return Optional.of("the central directory lists " + MessageText.count(place.records(), "entry", "entries")
                    + " (" + MessageText.count(records, "record") + ") but the archive holds "
                    + MessageText.number(entries.size()));
        }
        if (place.offset() != entriesEnd || place.bytes() != recordBytes) {
            return Optional.of("the end record places the central directory at " + place.offset() + " ("
                    + MessageText.count(place.bytes(), "byte") + "), but the entries end at " + entriesEnd + " and "
                    + MessageText.count(recordBytes, "byte") + " of records follow them");
        }
        // The records in the order of the entries they place: a directory may list them in another
        // order (the format allows it; Python's zipfile, unzip and the file walk read such archives),
        // so each is compared with the entry at its place, and no two may place theirs alike.
        // Not Comparator.comparingLong, whose lambda is spun at first use (see FileWalk).
        listed.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        long previousOffset = -1;
        for (int i = 0; i < listed.size() && problem.isEmpty(); i++) {
            problem = listed.get(i).disagreement(i + 1, entries.get(i), previousOffset);
            previousOffset = listed.get(i).offset();
        }
        long lastOffset = previousOffset;
        return problem.or(() -> lastOffset >= entriesEnd
                ? Optional.of("the central directory places an entry at " + lastOffset + ", outside the entries")
                : Optional.empty());
    }

    /// The most bytes that can follow `entries` entries: a directory record of each with the longest
    /// name, extra field and comment, a digital signature record, and the end records.
    private static long restBound(int entries) {
        return (long) entries * (ENTRY_BYTES + 3L * 0xFFFF) + (6 + 0xFFFF) + TAIL_BYTES;
    }

    /// Reads and drops at most `limit` bytes of `in`.
    private static long skip(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while (total < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total))) > 0) {
            total += n;
        }
        return total;
    }

    /// One record of the central directory, its sizes and offset taken from a zip64 extra field where
    /// marked so.
    ///
    /// @param version the zip format version it needs to extract, times ten (its low byte: 20 is 2.0)
    /// @param damage why its extra field is damaged ([#extraDamage]), or null
    private record Record(String name, int flags, int version, int method, long crc, long size, long compressedSize,
                          long offset, String damage) {

        static Record parse(ByteBuffer view, int at) {
            int nameLength = Short.toUnsignedInt(view.getShort(at + 28));
            int extraLength = Short.toUnsignedInt(view.getShort(at + 30));
            long[] sizes = {Integer.toUnsignedLong(view.getInt(at + 24)), Integer.toUnsignedLong(view.getInt(at + 20)),
                    Integer.toUnsignedLong(view.getInt(at + 42))};
            zip64(view, at + ENTRY_BYTES + nameLength, extraLength, sizes);
            int flags = Short.toUnsignedInt(view.getShort(at + 8));
            return new Record(name(view, at), flags, Byte.toUnsignedInt(view.get(at + 6)),
                    Short.toUnsignedInt(view.getShort(at + 10)), Integer.toUnsignedLong(view.getInt(at + 16)), sizes[0],
                    sizes[1], sizes[2],
                    extraDamage(view, at, at + ENTRY_BYTES + nameLength, extraLength));
        }

        /// The entry name of the record at `at`, whose name lies within `view`.
        static String name(ByteBuffer view, int at) {
            byte[] name = new byte[Short.toUnsignedInt(view.getShort(at + 28))];
            view.get(at + ENTRY_BYTES, name);
            try {
                return EntryNames.decode(name, Short.toUnsignedInt(view.getShort(at + 8)));
            } catch (CharacterCodingException e) {
                // Compared with the local header's name, which could not be this.
                return new String(name, StandardCharsets.UTF_8);
            }
        }

        /// What the record says of its entry that Python's zipfile refuses to read, which `ZipFile` and a
        /// reader of the local headers pass over, or empty: so that no archive is converted that the
        /// Python system could not read.
        Optional<String> unread() {
            if ((flags & PATCHED) != 0) {
                return Optional.of("marks it as patched data (flag bit 5), which is not supported");
            } else if ((flags & STRONGLY_ENCRYPTED) != 0) {
                return Optional.of("marks it as strongly encrypted (flag bit 6), which is not supported");
            } else if (version > LAST_VERSION) {
                return Optional.of("says it needs version " + version / 10 + "." + version % 10 + " of the zip format"
                        + " to extract, past the " + LAST_VERSION / 10 + "." + LAST_VERSION % 10 + " Python's zipfile reads");
            }
            return Optional.empty();
        }

        /// Why this, the `number`th record, disagrees with the local header `seen`, or empty.
        Optional<String> disagreement(int number, LocalHeader seen, long previousOffset) {
            String where = "entry " + number + " (" + seen.name() + "): the central directory ";
            if (damage != null) {
                return Optional.of(where + "record is damaged: " + damage);
            } else if (unread().isPresent()) {
                return Optional.of(where + unread().get());
            } else if (!name.equals(seen.name())) {
                return Optional.of(where + "names it " + name);
            } else if ((flags & 1) != 0) {
                return Optional.of(where + "marks it encrypted");
            } else if (method != seen.method()) {
                return Optional.of(where + "gives compression method " + method + ", its header " + seen.method());
            } else if (known(seen) && crc != seen.crc()) {
                return Optional.of(where + String.format(Locale.ROOT, "declares CRC-32 %08x, the data gives %08x", crc, seen.crc()));
            } else if (known(seen) && (size != seen.size() || compressedSize != seen.compressedSize())) {
                return Optional.of(where + "declares " + MessageText.count(size, "byte") + " from "
                        + MessageText.number(compressedSize) + ", the data is " + MessageText.count(seen.size(), "byte")
                        + " from " + MessageText.number(seen.compressedSize()));
            } else if (offset <= previousOffset) {
                return Optional.of(where + "places it at " + offset + ", outside the entries' order");
            } else if (offset != seen.offset()) {
                // A reader that goes by the directory reads the header there: one hidden in the
                // extra field of another, say, with other data under the same name and checksum.
                return Optional.of(where + "places it at " + offset + ", where no local header is (it is at "
                        + seen.offset() + ")");
            }
            return Optional.empty();
        }
    }

    /// How many bytes follow the end-of-central-directory record of an archive file that does not end
    /// with it, or -1 when it has none in its last bytes (see [#bytesAfterEndRecord(ByteBuffer, long)]).
    ///
    /// @param archive the archive
    /// @return the count, or -1
    /// @throws IOException when reading fails
    public static long bytesAfterEndRecord(SeekableByteChannel archive) throws IOException {
        long archiveBytes = archive.size();
        long tailStart = Math.max(0, archiveBytes - TAIL_BYTES);
        return bytesAfterEndRecord(read(archive, tailStart, archiveBytes), tailStart);
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
        Place place = place(archive);
        List<Record> records = records(archive, place);
        for (Record record : records) {
            if (record.damage() != null) {
                throw RefusedRecord.damaged(record.name(), record.damage());
            }
        }
        for (Record record : records) {
            if (record.unread().isPresent()) {
                throw new RefusedRecord(record.name(), "the central directory " + record.unread().get());
            }
        }
        return new Listing(records.stream().mapToLong(Record::offset).toArray(), place.offset());
    }

    /// The first entry whose central directory record has a damaged extra field, and why: for a
    /// reader whose library refuses the whole archive in its own words (`ZipFile`'s "Invalid CEN
    /// header (invalid extra data field size for tag: 0x0001 at 0)"), naming no entry.
    ///
    /// @param archive the whole archive
    /// @return the entry's name and the damage, or empty
    /// @throws IOException when the directory cannot be found or read
    public static Optional<RefusedRecord> damagedRecord(SeekableByteChannel archive) throws IOException {
        try {
            return records(archive, place(archive)).stream().filter(record -> record.damage() != null).findFirst()
                    .map(record -> RefusedRecord.damaged(record.name(), record.damage()));
        } catch (RefusedRecord first) {
            return Optional.of(first);
        }
    }

    /// A central directory record the walks refuse, naming its entry: one that is damaged (its extra
    /// field, [#extraDamage]; its lengths), or one of an entry Python's zipfile refuses to read.
    public static final class RefusedRecord extends ZipException {
        private final String entry;

        RefusedRecord(String entry, String why) {
            super(why);
            this.entry = entry;
        }

        /// A record that is damaged, for `damage`.
        static RefusedRecord damaged(String entry, String damage) {
            return new RefusedRecord(entry, "the central directory record is damaged: " + damage);
        }

        /// The entry the record names.
        ///
        /// @return the name
        public String entry() {
            return entry;
        }
    }

    /// What is wrong with the end records of an archive that has one: where they place the central
    /// directory, or how many entries they count, against what the archive holds (the streamed
    /// walk's words for it). For a reader whose library says only "invalid END header (total
    /// entries count too large)" of an archive it then calls truncated.
    ///
    /// @param archive the whole archive
    /// @return the problem, or empty when the end records agree with the archive or there is none
    /// @throws IOException when reading fails
    public static Optional<String> endRecordProblem(SeekableByteChannel archive) throws IOException {
        long archiveBytes = archive.size();
        long tailStart = Math.max(0, archiveBytes - TAIL_BYTES);
        ByteBuffer tail = read(archive, tailStart, archiveBytes);
        if (endRecord(tail, tailStart) < 0) {
            return Optional.empty();
        }
        try {
            place(tail, tailStart);
            return Optional.empty();
        } catch (ZipException e) {
            return Optional.of(e.getMessage());
        }
    }

    /// Where the end records at the end of the whole `archive` place its central directory.
    private static Place place(SeekableByteChannel archive) throws IOException {
        long archiveBytes = archive.size();
        long tailStart = Math.max(0, archiveBytes - TAIL_BYTES);
        return place(read(archive, tailStart, archiveBytes), tailStart);
    }

    /// The first entry the central directory marks encrypted or compressed by a method other than
    /// stored or deflated, with what it says of it: for a reader whose library refuses the whole
    /// archive in its own words (`ZipFile`'s "invalid CEN header (encrypted entry)"), naming no entry.
    ///
    /// @param archive the whole archive
    /// @return the entry's name and what the directory says, or empty
    /// @throws IOException when the directory cannot be found or read
    public static Optional<Map.Entry<String, String>> unsupportedEntry(SeekableByteChannel archive) throws IOException {
        for (Record record : records(archive, place(archive))) {
            if ((record.flags() & 1) != 0) {
                return Optional.of(Map.entry(record.name(), "the central directory marks it encrypted"));
            }
            if (record.method() != 0 && record.method() != 8) {
                return Optional.of(Map.entry(record.name(), "the central directory gives compression method "
                        + record.method() + ", which is neither stored nor deflated"));
            }
        }
        return Optional.empty();
    }

    /// The records of the directory `place` locates, in its order.
    private static List<Record> records(SeekableByteChannel archive, Place place) throws IOException {
        if (place.bytes() > Integer.MAX_VALUE - 8) {
            throw new ZipException("the central directory is larger than 2 GiB");
        }
        ByteBuffer directory = read(archive, place.offset(), place.endsAt());
        long count = place.records();
        List<Record> records = new ArrayList<>();
        int at = 0;
        for (long i = 0; i < count; i++) {
            if (at + ENTRY_BYTES > directory.capacity() || directory.getInt(at) != ENTRY_SIGNATURE) {
                throw new ZipException("the central directory is damaged at its record " + (i + 1));
            }
            int nameLength = Short.toUnsignedInt(directory.getShort(at + 28));
            int next = at + ENTRY_BYTES + nameLength
                    + Short.toUnsignedInt(directory.getShort(at + 30)) + Short.toUnsignedInt(directory.getShort(at + 32));
            if (next > directory.capacity()) {
                // The first damage in the directory's order is the one named, as ZipFile meets them.
                for (Record earlier : records) {
                    if (earlier.damage() != null) {
                        throw RefusedRecord.damaged(earlier.name(), earlier.damage());
                    }
                }
                if (at + ENTRY_BYTES + nameLength <= directory.capacity()) {
                    throw RefusedRecord.damaged(Record.name(directory, at), "its name, extra field and comment"
                            + " lengths take it " + MessageText.count(next - directory.capacity(), "byte")
                            + " past the end of the central directory");
                }
                throw new ZipException("the central directory is damaged at its record " + (i + 1));
            }
            records.add(Record.parse(directory, at));
            at = next;
        }
        if (at != directory.capacity()) {
            throw new ZipException("the central directory holds more than the "
                    + MessageText.count(count, "record") + " its end record counts");
        }
        return records;
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
    /// zip64 record just before the locator, searches past trailing bytes and takes the last end
    /// record's signature it finds, even one inside the comment of the record that ends the file; an
    /// archive on which those choices matter is read differently by different readers.
    private static Place place(ByteBuffer tail, long tailStart) throws ZipException {
        int end = endRecord(tail, tailStart);
        if (end < 0) {
            long after = bytesAfterEndRecord(tail, tailStart);
            throw new ZipException(after > 0 ? "the archive does not end with its end-of-central-directory record: "
                    + MessageText.count(after, "byte") + " follow it" : "no end-of-central-directory record ends the archive (bytes follow"
                    + " it, or it is damaged)");
        }
        for (int at = tail.capacity() - 4; at > end; at--) {
            if (tail.getInt(at) == END_SIGNATURE) {
                // Python's zipfile and unzip take the last such signature for the archive's end: a
                // second archive in the comment is what they would read, this record what ZipFile reads.
                throw new ZipException("the archive's comment holds another end-of-central-directory signature,"
                        + " at byte " + (tailStart + at) + ", which other readers take for the archive's end");
            }
        }
        long records = Short.toUnsignedInt(tail.getShort(end + 10));
        long bytes = Integer.toUnsignedLong(tail.getInt(end + 12));
        long offset = Integer.toUnsignedLong(tail.getInt(end + 16));
        long endsAt = tailStart + end;
        int locator = end - ZIP64_LOCATOR_BYTES;
        if (locator >= 0 && tail.getInt(locator) == ZIP64_LOCATOR_SIGNATURE) {
            // Python's zipfile refuses a split archive by its locator; read whole, its parts would be
            // one reader's archive and not another's.
            long disks = Integer.toUnsignedLong(tail.getInt(locator + 16));
            if (tail.getInt(locator + 4) != 0 || disks > 1) {
                throw new ZipException("the zip64 locator says the archive spans " + MessageText.count(disks, "disk") + " (a split archive),"
                        + " which is not supported");
            }
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
        // The zip64 fields are unsigned: 2^64 - 1 is said as it is declared, not as -1.
        if (offset < 0 || bytes < 0 || offset + bytes != endsAt) {
            throw new ZipException("the end record places the central directory at " + Long.toUnsignedString(offset)
                    + " (" + MessageText.unsignedNumber(bytes) + (bytes == 1 ? " byte" : " bytes") + "), but it ends at "
                    + endsAt);
        }
        if (records < 0 || records > bytes / ENTRY_BYTES) {
            throw new ZipException("the end record counts " + MessageText.unsignedNumber(records)
                    + (records == 1 ? " entry" : " entries") + " in a central directory of "
                    + MessageText.count(bytes, "byte"));
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

    /// How many bytes follow the last end-of-central-directory record in `tail` (which starts at
    /// `tailStart` in the archive), or -1 when there is none: one whose central directory ends just
    /// before it (or which a zip64 locator precedes), so that four bytes of compressed data that look
    /// like its signature are not taken for it. Says why an archive that does not end with its end
    /// record (a server's or a transfer's line end after it) is refused, rather than calling it cut short.
    static long bytesAfterEndRecord(ByteBuffer tail, long tailStart) {
        for (int at = tail.capacity() - END_BYTES; at >= 0; at--) {
            if (tail.getInt(at) != END_SIGNATURE) {
                continue;
            }
            long ends = at + END_BYTES + (long) Short.toUnsignedInt(tail.getShort(at + 20));
            if (ends <= tail.capacity() && (zip64Located(tail, at) || directoryEnd(tail, at) == tailStart + at)) {
                return tail.capacity() - ends;
            }
        }
        return -1;
    }

    /// The offset of the end-of-central-directory record that ends `view` (which starts at `viewStart`
    /// in the archive), or -1: one that ends it exactly, or one followed by nothing but zero bytes.
    /// Such padding is what bsdtar writes after an archive it sends to a pipe (up to a whole block of
    /// 10 KiB), and `ZipFile` and Python's `zipfile` read past it; so does this, where the record is no
    /// zip64 archive's (`ZipFile` does not find those behind padding) and its central directory ends
    /// just before it, so that every reader finds the same directory.
    static int endRecord(ByteBuffer view, long viewStart) {
        int zeros = 0;
        while (zeros < view.capacity() && view.get(view.capacity() - 1 - zeros) == 0) {
            zeros++;
        }
        for (int at = view.capacity() - END_BYTES; at >= 0; at--) {
            if (view.getInt(at) != END_SIGNATURE) {
                continue;
            }
            long after = view.capacity() - (at + END_BYTES + (long) Short.toUnsignedInt(view.getShort(at + 20)));
            if (after == 0 || after > 0 && after <= zeros && !zip64Located(view, at)
                    && directoryEnd(view, at) == viewStart + at) {
                return at;
            }
        }
        return -1;
    }

    /// Where the end record at `at` places the end of the central directory (offset plus size).
    private static long directoryEnd(ByteBuffer view, int at) {
        return Integer.toUnsignedLong(view.getInt(at + 16)) + Integer.toUnsignedLong(view.getInt(at + 12));
    }

    /// Whether a zip64 end-of-central-directory locator precedes the end record at `at`.
    private static boolean zip64Located(ByteBuffer view, int at) {
        return at >= ZIP64_LOCATOR_BYTES && view.getInt(at - ZIP64_LOCATOR_BYTES) == ZIP64_LOCATOR_SIGNATURE;
    }

    /// Replaces the sizes and offset marked 0xFFFFFFFF with those of the zip64 extra field, in its order.
    /// Why the extra field of the record at `at` is damaged, or null. The rules are those
    /// `java.util.zip.ZipFile` applies as it opens an archive (JDK 25): every block fits in the field,
    /// and a zip64 block holds exactly the fields the record marks 0xFFFFFFFF (the disk 0xFFFF), none
    /// beyond 2^63; and a record that marks one has a zip64 block. Both walks refuse what this names,
    /// so neither reads an archive the other's library refuses, on any JDK (an older `ZipFile` checks
    /// less). Python's `zipfile` refuses blocks that do not fit too.
    private static String extraDamage(ByteBuffer view, int at, int extra, int length) {
        long compressed = Integer.toUnsignedLong(view.getInt(at + 20));
        long size = Integer.toUnsignedLong(view.getInt(at + 24));
        long offset = Integer.toUnsignedLong(view.getInt(at + 42));
        boolean disk = Short.toUnsignedInt(view.getShort(at + 34)) == 0xFFFF;
        boolean marked = compressed == ZIP64_MARK || size == ZIP64_MARK || offset == ZIP64_MARK || disk;
        boolean zip64 = false;
        int end = extra + length;
        int block = extra;
        while (block + 4 <= end) {
            int id = Short.toUnsignedInt(view.getShort(block));
            int bytes = Short.toUnsignedInt(view.getShort(block + 2));
            if (block + 4 + bytes > end) {
                return String.format(Locale.ROOT, "its extra field's block 0x%04x declares %s, where %s remain", id,
                        MessageText.count(bytes, "byte"), MessageText.number(end - block - 4));
            }
            if (id == ZIP64_EXTRA && bytes > 0) {
                int longs = (size == ZIP64_MARK ? 1 : 0) + (compressed == ZIP64_MARK ? 1 : 0)
                        + (offset == ZIP64_MARK ? 1 : 0);
                int expected = 8 * longs + (disk ? 4 : 0);
                if (bytes != expected) {
                    return "its zip64 extra field holds " + MessageText.count(bytes, "byte") + ", where the fields the record marks"
                            + " 0xFFFFFFFF take " + expected;
                }
                for (int i = 0; i < longs; i++) {
                    if (view.getLong(block + 4 + 8 * i) < 0) {
                        return "its zip64 extra field gives a size or offset beyond 2^63";
                    }
                }
                zip64 = true;
            }
            block += 4 + bytes;
        }
        return marked && !zip64 ? "it marks a size or offset 0xFFFFFFFF (zip64) but has no zip64 extra field" : null;
    }

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
