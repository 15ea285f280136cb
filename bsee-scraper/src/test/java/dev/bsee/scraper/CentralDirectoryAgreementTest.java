package dev.bsee.scraper;

import dev.bsee.scraper.RawZip.Archive;
import dev.bsee.scraper.RawZip.Item;
import dev.bsee.scraper.SourceDataException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/// Every reader of an archive must read the same entries from it: the streamed walk reads the local
/// headers, the file walk and `java.util.zip.ZipFile` the central directory, and an archive the two
/// read differently is refused by both, whatever way of ending it takes. The directory is found
/// through a zip64 end record when the archive has one (as `ZipFile` and Python's `zipfile` find it),
/// the stream compares every record however large the directory, and an archive whose directory
/// cannot be compared with its local headers (bytes after the end record, data before the archive, a
/// damaged zip64 end record) is refused rather than read unchecked; zero padding after the end record
/// of an archive that is not zip64 is read past, as every reader does.
class CentralDirectoryAgreementTest {

    private static final String ARCHIVE = "lie.zip";

    @TempDir
    Path dir;

    private static Archive honest() {
        return RawZip.of(Item.sized("a.txt", StreamedInflationTest.rows(300, 1)),
                Item.sized("b.txt", StreamedInflationTest.rows(200, 2)),
                Item.sized("c.txt", StreamedInflationTest.rows(100, 3)));
    }

    /// Lies the central directory tells about the second entry, or about where it is.
    static Stream<Arguments> directoryLies() {
        Map<String, UnaryOperator<Archive>> lies = new java.util.LinkedHashMap<>();
        lies.put("crc", a -> put(a, b -> b.putInt(a.directoryRecord(1) + 16, 0xdeadbeef)));
        lies.put("compressed size", a -> put(a, b -> b.putInt(a.directoryRecord(1) + 20, b.getInt(a.directoryRecord(1) + 20) - 3)));
        lies.put("size", a -> put(a, b -> b.putInt(a.directoryRecord(1) + 24, 3)));
        lies.put("method", a -> put(a, b -> b.putShort(a.directoryRecord(1) + 10, (short) 0)));
        lies.put("name", a -> put(a, b -> b.put(a.directoryRecord(1) + 46, (byte) 'x')));
        lies.put("two records for one entry's data", a -> put(a, b -> {
            // The first entry's record under the second one's name: b.txt reads a.txt's bytes.
            b.put(a.directoryRecord(1), a.bytes(), a.directoryRecord(0), 46 + "a.txt".length());
            b.put(a.directoryRecord(1) + 46, (byte) 'b');
        }));
        lies.put("an entry left out of the directory", a -> a.withoutDirectoryRecord(1));
        // Where the directory places an entry: a reader that goes by it reads the header there, one
        // hidden in another's extra field with other data under the same name, say.
        lies.put("offset one byte on", a -> put(a, b -> b.putInt(a.directoryRecord(1) + 42, b.getInt(a.directoryRecord(1) + 42) + 1)));
        lies.put("the first entry's offset one byte on", a -> put(a, b -> b.putInt(a.directoryRecord(0) + 42, 1)));
        // Extra fields `ZipFile` and Python's zipfile refuse.
        lies.put("an extra block longer than the field", a -> a.withDirectoryExtra(1, extra(0xCAFE, 16, 4)));
        lies.put("a zip64 block longer than the field", a -> a.withDirectoryExtra(1, extra(0x0001, 200, 8)));
        lies.put("a zip64 block the record does not need", a -> a.withDirectoryExtra(1, extra(0x0001, 16, 16)));
        lies.put("a size marked zip64 with no zip64 block", a -> put(a, b -> b.putInt(a.directoryRecord(1) + 20, -1)));
        lies.put("a zip64 block of a size beyond 2^63", a -> put(a.withDirectoryExtra(1, extra(0x0001, 8, 8)), b -> {
            int at = a.directoryRecord(1);
            b.putInt(at + 20, -1);
            b.putLong(at + 46 + "b.txt".length() + 4, -5);
        }));
        return lies.entrySet().stream().flatMap(lie -> Stream.of(
                Arguments.of(lie.getKey(), lie.getValue()),
                Arguments.of(lie.getKey() + ", zip64 end record", (UnaryOperator<Archive>) a -> lie.getValue().apply(a).zip64End(true)),
                Arguments.of(lie.getKey() + ", one byte after the end record", (UnaryOperator<Archive>) a -> append(lie.getValue().apply(a), new byte[] {0})),
                Arguments.of(lie.getKey() + ", a directory of more than 64 KiB", (UnaryOperator<Archive>) a -> large(lie.getValue().apply(a)))));
    }

    /// Zip64 end records that disagree with the directory or with the end record.
    static Stream<Arguments> endRecordLies() {
        return Stream.of(
                Arguments.of("zip64 record counts one entry fewer", (UnaryOperator<Archive>) a -> zip64(a, (b, z) -> b.putLong(z + 32, 2).putLong(z + 24, 2))),
                Arguments.of("zip64 record counts one entry more", (UnaryOperator<Archive>) a -> zip64(a, (b, z) -> b.putLong(z + 32, 4).putLong(z + 24, 4))),
                Arguments.of("zip64 record moves the directory", (UnaryOperator<Archive>) a -> zip64(a, (b, z) -> b.putLong(z + 48, b.getLong(z + 48) + 46))),
                Arguments.of("locator points before the zip64 record", (UnaryOperator<Archive>) a -> zip64(a, (b, z) -> b.putLong(z + 56 + 8, z - 8))),
                // A split archive, which Python's zipfile refuses.
                Arguments.of("locator counts two disks", (UnaryOperator<Archive>) a -> zip64(a, (b, z) -> b.putInt(z + 56 + 16, 2))),
                Arguments.of("end record counts other than the zip64 record", (UnaryOperator<Archive>) a -> {
                    Archive z64 = a.zip64End(false);
                    return put(z64, b -> b.putShort(z64.bytes().length - 22 + 8, (short) 2).putShort(z64.bytes().length - 22 + 10, (short) 2));
                }),
                Arguments.of("another archive before the archive", (UnaryOperator<Archive>) a -> {
                    ByteArrayOutputStream both = new ByteArrayOutputStream();
                    both.writeBytes(RawZip.of(Item.sized("x.txt", StreamedInflationTest.rows(10, 4))).bytes());
                    both.writeBytes(a.bytes());
                    return new Archive(both.toByteArray(), a.entries());
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"directoryLies", "endRecordLies"})
    void anArchiveTheWalksWouldReadDifferentlyIsRefusedByBoth(String lie, UnaryOperator<Archive> tell) throws IOException {
        byte[] archive = tell.apply(honest()).bytes();
        for (boolean stream : new boolean[] {true, false}) {
            String what = lie + (stream ? ", stream" : ", file");
            Throwable thrown = catchThrowable(() -> read(archive, stream));
            assertThat(thrown).as(what).isInstanceOfSatisfying(SourceDataException.class, e -> {
                assertThat(e.problem()).as(what).isIn(Problem.CORRUPT_ARCHIVE, Problem.TRUNCATED_ARCHIVE);
                assertThat(e.archive()).as(what).contains(ARCHIVE);
            });
        }
    }

    /// An end record that counts more entries than its directory holds, or places the directory
    /// where it does not end, is named so by both walks: the file walk called both a file cut short
    /// (`ZipFile`'s "total entries count too large"), which fetching again would not mend.
    @Test
    void endRecordsThatContradictTheArchiveAreNamedAlikeByBothWalks() {
        Archive honest = honest();
        int end = honest.bytes().length - 22;
        Map<String, Archive> archives = new java.util.LinkedHashMap<>();
        archives.put("the end record counts 4 entries in a central directory of",
                put(honest, b -> b.putShort(end + 8, (short) 4).putShort(end + 10, (short) 4)));
        archives.put("the end record places the central directory at",
                put(honest, b -> b.putInt(end + 12, 30)));
        archives.forEach((saying, archive) -> bothWalksRefuse(saying, archive, saying));
        // A zip64 end record's fields are unsigned: 2^64 - 1 is said as declared, not as -1.
        Archive z64 = honest.zip64End(true);
        int record = z64.bytes().length - 22 - 20 - 56;
        bothWalksRefuse("zip64 count 2^64 - 1", put(z64, b -> b.putLong(record + 24, -1).putLong(record + 32, -1)),
                "the end record counts 18,446,744,073,709,551,615 entries in a central directory of");
        bothWalksRefuse("zip64 offset 2^64 - 1", put(z64, b -> b.putLong(record + 48, -1)),
                "the end record places the central directory at 18446744073709551615 (");
    }

    /// An end record that counts fewer records than the directory holds is refused with the count
    /// grouped, as every count in a message is.
    @Test
    void aDirectoryHoldingMoreRecordsThanItsEndRecordCountsIsRefusedWithTheCountGrouped() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
            for (int i = 0; i < 1_001; i++) {
                out.putNextEntry(new java.util.zip.ZipEntry("mv_" + i + ".txt"));
                out.write("A\n1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.closeEntry();
            }
        }
        byte[] bytes = zip.toByteArray();
        ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int end = bytes.length - 22;
        assertThat(view.getInt(end)).isEqualTo(0x06054b50);
        view.putShort(end + 8, (short) 1_000).putShort(end + 10, (short) 1_000);
        Map<Boolean, String> saying = Map.of(false, "the central directory holds more than the 1,000 records its end"
                + " record counts", true, "the central directory lists 1,000 entries (1,001 records) but the archive holds 1,001");
        for (boolean stream : new boolean[] {true, false}) {
            Throwable thrown = catchThrowable(() -> read(bytes, stream));
            assertThat(thrown).as(stream ? "stream" : "file").isInstanceOfSatisfying(SourceDataException.class, e -> {
                assertThat(e.problem()).isEqualTo(Problem.CORRUPT_ARCHIVE);
                assertThat(e.getMessage()).startsWith(ARCHIVE + ": ").contains(saying.get(stream));
            });
        }
    }

    /// Both walks refuse `archive` as corrupt, in a message that names it and says `saying`.
    private void bothWalksRefuse(String what, Archive archive, String saying) {
        for (boolean stream : new boolean[] {true, false}) {
            String walk = what + (stream ? ", stream" : ", file");
            Throwable thrown = catchThrowable(() -> read(archive.bytes(), stream));
            assertThat(thrown).as(walk).isInstanceOfSatisfying(SourceDataException.class, e -> {
                assertThat(e.problem()).as(walk).isEqualTo(Problem.CORRUPT_ARCHIVE);
                assertThat(e.getMessage()).as(walk).startsWith(ARCHIVE + ": ").contains(saying);
            });
        }
    }

    /// An archive comment holding an end record's signature. Python's zipfile and unzip take the last
    /// such signature in the file for the archive's end, so a second archive hidden in the comment (its
    /// end record followed by a byte or two, which `ZipFile` passes over) is what they read, and a stray
    /// signature makes them fail; both walks refuse either. A comment without one reads as the archive.
    @Test
    void anEndRecordSignatureInTheArchiveCommentIsRefusedByBothWalks() throws IOException {
        Archive honest = honest();
        ByteArrayOutputStream hidden = new ByteArrayOutputStream();
        hidden.writeBytes(RawZip.of(Item.sized("a.txt", StreamedInflationTest.rows(1, 1))).bytes());
        hidden.writeBytes(new byte[] {'Z', 'Z'});
        String saying = "the archive's comment holds another end-of-central-directory signature, at byte "
                + (honest.bytes().length + hidden.size() - 2 - 22);
        bothWalksRefuse("a second archive in the comment", withComment(honest, hidden.toByteArray()), saying);
        byte[] stray = "made by PK\u0005\u0006 tools for the BSEE raw data, version 2".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        bothWalksRefuse("a stray signature in the comment", withComment(honest, stray),
                "the archive's comment holds another end-of-central-directory signature, at byte "
                        + (honest.bytes().length + "made by ".length()));
        Archive commented = withComment(honest, "BSEE raw data, PK\u0005".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        for (boolean stream : new boolean[] {true, false}) {
            assertThat(read(commented.bytes(), stream)).as(stream ? "stream" : "file").isEqualTo(read(honest.bytes(), stream))
                    .hasSize(3);
        }
    }

    /// `archive` with `comment` as its end record's comment.
    private static Archive withComment(Archive archive, byte[] comment) {
        return put(append(archive, comment), b -> b.putShort(archive.bytes().length - 2, (short) comment.length));
    }

    /// What the directory says of an entry that Python's zipfile refuses to read (it raises
    /// `NotImplementedError`), though `ZipFile` and a reader of the local headers read it: patched
    /// data, strong encryption, a zip format version past 6.3. Both walks converted such archives,
    /// which the Python system could not read. A version of 6.3 reads.
    @Test
    void whatPythonsZipfileRefusesToReadIsRefusedByBothWalks() throws IOException {
        Archive honest = honest();
        int record = honest.directoryRecord(1);
        Map<String, Archive> archives = new java.util.LinkedHashMap<>();
        archives.put("marks it as patched data (flag bit 5)", put(honest, b -> b.putShort(record + 8, (short) (b.getShort(record + 8) | 0x20))));
        archives.put("marks it as strongly encrypted (flag bit 6)", put(honest, b -> b.putShort(record + 8, (short) (b.getShort(record + 8) | 0x40))));
        archives.put("says it needs version 6.4 of the zip format to extract, past the 6.3 Python's zipfile reads",
                put(honest, b -> b.put(record + 6, (byte) 64)));
        archives.forEach((saying, archive) -> {
            bothWalksRefuse(saying, archive, "the central directory " + saying);
            bothWalksRefuse(saying, archive, "b.txt");
        });
        for (boolean stream : new boolean[] {true, false}) {
            assertThat(read(put(honest, b -> b.put(record + 6, (byte) 63)).bytes(), stream)).hasSize(3);
        }
    }

    /// A name whose bytes are the same in both records but which only the local header marks UTF-8:
    /// each walk names the entry and the name the directory gives it. The streamed walk said the
    /// directory's names were longer than the entries' own, naming none, since it bounded them by
    /// their characters, which the two decodings count apart.
    @Test
    void aNameOnlyTheLocalHeaderMarksUtf8IsNamedByBothWalks() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
            out.putNextEntry(new java.util.zip.ZipEntry("donn\u00e9es.txt"));
            out.write("A\n1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.closeEntry();
        }
        byte[] bytes = zip.toByteArray();
        ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int record = bytes.length - 22 - (46 + "donn\u00e9es.txt".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat(view.getInt(record)).isEqualTo(0x02014b50);
        view.putShort(record + 8, (short) (view.getShort(record + 8) & ~0x800));
        // Each walk names the entry by the name its reader decodes, and the other one beside it.
        for (String name : List.of("donn\u00e9es.txt", "donn\u251c\u2310es.txt")) {
            bothWalksRefuse("the flag in the local header alone", new Archive(bytes, List.of()), name);
        }
    }

    /// Bytes after a whole archive (a line end a server or a text-mode transfer added) are refused by
    /// both walks, saying so: the stream did not call it a download cut short, which fetching again
    /// would not mend.
    @Test
    void bytesAfterTheEndRecordAreNamedByBothWalks() {
        Map<String, Archive> archives = new java.util.LinkedHashMap<>();
        archives.put("plain", append(honest(), new byte[] {'\r', '\n'}));
        archives.put("zip64", append(honest().zip64End(true), new byte[] {'\r', '\n'}));
        archives.put("directory of more than 64 KiB", append(large(honest()), new byte[] {'\r', '\n'}));
        // Zero padding after a zip64 archive: ZipFile does not find its directory behind it.
        archives.put("zip64, zero padding", append(honest().zip64End(true), new byte[2]));
        archives.forEach((what, archive) -> bothWalksRefuse(what, archive,
                "the archive does not end with its end-of-central-directory record: 2 bytes follow it"));
    }

    /// A stream that goes on after the entries (a server that sends bytes without end, with no
    /// length) is refused once more bytes have followed the entries than their directory and the end
    /// records can hold, instead of being read until the server or a timeout stops it.
    @Test
    void aStreamWithoutEndAfterTheEntriesIsRefusedAfterBoundedReading() {
        Archive honest = honest();
        int entriesEnd = honest.directoryRecord(0);
        byte[] record = java.util.Arrays.copyOfRange(honest.bytes(), entriesEnd, honest.directoryRecord(1));
        Map<String, byte[][]> streams = new java.util.LinkedHashMap<>();
        streams.put("zeros after the entries", new byte[][] {java.util.Arrays.copyOf(honest.bytes(), entriesEnd), new byte[1]});
        streams.put("text after the whole archive", new byte[][] {honest.bytes(), "x".getBytes()});
        streams.put("one directory record over and over", new byte[][] {java.util.Arrays.copyOf(honest.bytes(), entriesEnd), record});
        long allowed = honest.bytes().length + 2L * (3 * (46 + 3 * 0xFFFF) + 6 + 0xFFFF + 22 + 0xFFFF + 20 + 56) + (1 << 20);
        for (var stream : streams.entrySet()) {
            EndlessStream in = new EndlessStream(stream.getValue()[0], stream.getValue()[1], 64L << 20);
            Throwable thrown = catchThrowable(() -> ZipStreamProcessor.builder().parallelism(2).spoolDirectory(dir).build()
                    .process(in, ARCHIVE, e -> StreamedInflationTest.pickleDigest(e)));
            assertThat(thrown).as(stream.getKey()).isInstanceOfSatisfying(SourceDataException.class, e -> {
                assertThat(e.problem()).as(stream.getKey()).isEqualTo(Problem.CORRUPT_ARCHIVE);
                assertThat(e.getMessage()).as(stream.getKey()).startsWith(ARCHIVE + ": ").contains("bytes follow the last of the 3 entries");
            });
            assertThat(in.served).as(stream.getKey()).isLessThan(allowed);
        }
    }

    /// `head`, then `repeated` over and over; fails after `limit` bytes, so that a reader that never
    /// stops ends too.
    private static final class EndlessStream extends java.io.InputStream {
        private final byte[] head;
        private final byte[] repeated;
        private final long limit;
        long served;

        EndlessStream(byte[] head, byte[] repeated, long limit) {
            this.head = head;
            this.repeated = repeated;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            if (served >= limit) {
                throw new IOException("read " + served + " bytes of an endless stream");
            }
            long at = served++;
            return (at < head.length ? head[(int) at] : repeated[(int) ((at - head.length) % repeated.length)]) & 0xFF;
        }
    }

    @Test
    void honestZip64EndRecordsAndLargeDirectoriesAreReadAlikeByBothWalks() throws IOException {
        Map<String, String> plain = read(honest().bytes(), false);
        assertThat(plain).hasSize(3);
        Map<String, byte[]> archives = new java.util.LinkedHashMap<>();
        archives.put("zip64, end record marked", honest().zip64End(true).bytes());
        archives.put("zip64, end record repeating the values", honest().zip64End(false).bytes());
        archives.put("directory of more than 64 KiB", large(honest()).bytes());
        archives.put("directory of more than 64 KiB, zip64", large(honest()).zip64End(true).bytes());
        // As bsdtar pads what it writes to a pipe: to a whole block of 10 KiB.
        archives.put("zero padding to 10 KiB", padded(honest()));
        archives.put("directory of more than 64 KiB, zero padding", padded(large(honest())));
        for (var archive : archives.entrySet()) {
            assertThat(read(archive.getValue(), false)).as("file, " + archive.getKey()).isEqualTo(plain);
            assertThat(read(archive.getValue(), true)).as("stream, " + archive.getKey()).isEqualTo(plain);
        }
    }

    /// An extra field block: its tag, the size it declares, and `present` bytes of it.
    private static byte[] extra(int tag, int declared, int present) {
        return ByteBuffer.allocate(4 + present).order(ByteOrder.LITTLE_ENDIAN).putShort((short) tag)
                .putShort((short) declared).array();
    }

    /// Bytes after an entry's deflate stream, inside the compressed size both its header and its
    /// record declare: `ZipFile` and Python's `zipfile` drop them, and so do both walks, which read
    /// the same entries as from the archive without them. Bytes there that start a zip record mean
    /// the size lies about where the next record is: the stream refuses that.
    @Test
    void bytesAfterADeflateStreamInsideItsDeclaredSizeAreDroppedByBothWalks() throws IOException {
        Map<String, String> plain = read(honest().bytes(), false);
        for (byte[] junk : List.of(new byte[8], "trailing junk".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                new byte[] {'P', 'K', 9, 9, 0, 0})) {
            byte[] archive = honest().withJunkAfterLastData(junk).bytes();
            assertThat(read(archive, false)).as("file").isEqualTo(plain);
            assertThat(read(archive, true)).as("stream").isEqualTo(plain);
        }
        byte[] record = honest().withJunkAfterLastData(new byte[] {'P', 'K', 1, 2, 0, 0, 0, 0}).bytes();
        assertThat(catchThrowable(() -> read(record, true))).isInstanceOfSatisfying(SourceDataException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.CORRUPT_ARCHIVE);
            assertThat(e.entry()).contains("c.txt");
            assertThat(e.getMessage()).contains("where a zip record starts");
        });
    }

    /// An entry that is not data (a folder, a file the filter leaves out, a macOS metadata file) is
    /// read and checked by both walks, as the data is: damaged, with a CRC-32 that does not fit it in
    /// both its header and its record, or a bomb, it fails the archive naming it. The file walk never
    /// read such entries and converted archives the stream refused.
    @Test
    void entriesThatAreNotDataAreCheckedByBothWalksAlike() throws IOException {
        Item data = Item.sized("b.txt", StreamedInflationTest.rows(50, 2));
        Map<String, Archive> archives = new java.util.LinkedHashMap<>();
        Archive folder = RawZip.of(Item.sized("d/", "not empty\n"), data);
        archives.put("d/", put(folder, b -> {
            b.putInt(folder.entries().get(0).header() + 14, 1);
            b.putInt(folder.directoryRecord(0) + 16, 1);
        }));
        Archive pdf = RawZip.of(Item.sized("d/x.pdf", StreamedInflationTest.rows(300, 1)), data);
        archives.put("d/x.pdf", put(pdf, b -> b.put(pdf.entries().get(0).data() + 5,
                (byte) ~b.get(pdf.entries().get(0).data() + 5))));
        archives.put("__MACOSX/._b.txt", RawZip.of(new Item("__MACOSX/._b.txt", new byte[64 << 20], RawZip.DEFLATED,
                false, false), data));
        Map<String, String> honest = read(RawZip.of(data).bytes(), false);
        assertThat(honest).hasSize(1);
        archives.forEach((entry, archive) -> {
            for (boolean stream : new boolean[] {true, false}) {
                String walk = entry + (stream ? ", stream" : ", file");
                Throwable thrown = catchThrowable(() -> read(archive.bytes(), stream));
                assertThat(thrown).as(walk).isInstanceOfSatisfying(SourceDataException.class, e -> {
                    assertThat(e.problem()).as(walk).isIn(Problem.CORRUPT_ARCHIVE, Problem.ZIP_BOMB);
                    assertThat(e.archive()).as(walk).contains(ARCHIVE);
                    assertThat(e.entry()).as(walk).contains(entry);
                });
            }
        });
    }

    /// Bytes between two entries, or between the last entry and the directory, are named as bytes
    /// that belong to no entry, with their place, by both walks: the stream said that the directory
    /// "lists 3 entries (0 records) but the archive holds 1", which the archive does not say.
    @Test
    void bytesThatBelongToNoEntryAreNamedAsSuchByBothWalks() {
        byte[] junk = "JUNKJUNK".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int before : new int[] {1, 3}) {
            Archive honest = honest();
            int at = before < honest.entries().size() ? honest.entries().get(before).header()
                    : honest.directoryRecord(0);
            String what = before < honest.entries().size() ? "before entry " + before : "before the directory";
            Archive gapped = withBytesAt(honest, at, junk);
            for (boolean stream : new boolean[] {true, false}) {
                String walk = what + (stream ? ", stream" : ", file");
                Throwable thrown = catchThrowable(() -> read(gapped.bytes(), stream));
                assertThat(thrown).as(walk).isInstanceOfSatisfying(SourceDataException.class, e -> {
                    assertThat(e.problem()).as(walk).isEqualTo(Problem.CORRUPT_ARCHIVE);
                    assertThat(e.getMessage()).as(walk).startsWith(ARCHIVE + ": ").contains(String.valueOf(at))
                            .containsAnyOf("belong to no entry", "are neither a local header nor the central directory")
                            .doesNotContain("but the archive holds");
                    if (stream) {
                        assertThat(e.getMessage()).as(walk).contains("JUNKJUNK");
                    }
                });
            }
        }
    }

    /// The archive with `more` inserted at `at`, a local header or the directory's start, and the
    /// directory's offsets of what follows moved on.
    private static Archive withBytesAt(Archive archive, int at, byte[] more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(archive.bytes(), 0, at);
        out.writeBytes(more);
        out.write(archive.bytes(), at, archive.bytes().length - at);
        byte[] bytes = out.toByteArray();
        ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int end = bytes.length - 22;
        int directory = view.getInt(end + 16) + more.length;
        view.putInt(end + 16, directory);
        for (int record = directory; record < end; ) {
            if (view.getInt(record + 42) >= at) {
                view.putInt(record + 42, view.getInt(record + 42) + more.length);
            }
            record += 46 + Short.toUnsignedInt(view.getShort(record + 28)) + Short.toUnsignedInt(view.getShort(record + 30))
                    + Short.toUnsignedInt(view.getShort(record + 32));
        }
        return new Archive(bytes, archive.entries());
    }

    /// A stored entry whose sizes follow it in a data descriptor ends, for a reader of the local
    /// headers, at the first descriptor that fits the bytes before it: data that holds one followed
    /// by a local header (another archive written to a stream, inside it) is read by the stream as
    /// entries the directory does not list, while `ZipFile` and Python's `zipfile` read past it. Both
    /// walks refuse it; the file walk converted the archive the stream refused.
    @Test
    void aStoredEntryHoldingWhatReadsAsItsDescriptorIsRefusedByBothWalks() {
        byte[] start = "%PDF-1.4\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(start);
        ByteBuffer fake = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(0x08074b50)
                .putInt((int) crc.getValue()).putInt(start.length).putInt(start.length);
        Archive inner = RawZip.of(new Item("hidden.txt", "A\n1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                RawZip.STORED, true, false));
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        pdf.writeBytes(start);
        pdf.writeBytes(fake.array());
        pdf.writeBytes(inner.bytes());
        Archive archive = RawZip.of(new Item("x.pdf", pdf.toByteArray(), RawZip.STORED, true, false),
                Item.sized("b.txt", StreamedInflationTest.rows(20, 2)));
        for (boolean stream : new boolean[] {true, false}) {
            String walk = stream ? "stream" : "file";
            Throwable thrown = catchThrowable(() -> read(archive.bytes(), stream));
            assertThat(thrown).as(walk).isInstanceOfSatisfying(SourceDataException.class, e -> {
                assertThat(e.problem()).as(walk).isIn(Problem.CORRUPT_ARCHIVE, Problem.TRUNCATED_ARCHIVE);
                assertThat(e.archive()).as(walk).contains(ARCHIVE);
            });
        }
    }

    /// A central directory larger than an eighth of the heap (entries of names of 60,000 bytes) is
    /// refused by both walks as too large, before it is read into memory: the file walk by the size
    /// its end record gives, the stream by the names of the entries it has read, which their directory
    /// must hold. Both ran the JVM out of memory (the tool's 200 MiB heap on a 180 MB directory).
    @Test
    void aCentralDirectoryLargerThanTheHeapsShareIsRefusedByBothWalks() throws IOException {
        long max = ArchiveChecks.maxDirectoryBytes();
        int nameBytes = 60_000;
        int entries = (int) (max / (46 + nameBytes)) + 2;
        Path file = dir.resolve(ARCHIVE);
        long localBytes = (long) entries * (30 + nameBytes);
        long directoryBytes = (long) entries * (46 + nameBytes);
        try (java.io.RandomAccessFile out = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            out.write(folderHeader(0, nameBytes));
            // The rest of the entries and the directory are left sparse: only the end record is read.
            out.seek(localBytes + directoryBytes);
            ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN).putInt(0x06054b50).putInt(0)
                    .putShort((short) 0xFFFF).putShort((short) 0xFFFF).putInt((int) directoryBytes).putInt((int) localBytes)
                    .putShort((short) 0);
            out.write(end.array());
        }
        java.io.InputStream headers = new java.io.InputStream() {
            private int entry;
            private byte[] current = new byte[0];
            private int at;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at == current.length) {
                    if (entry == entries) {
                        return -1;
                    }
                    current = folderHeader(entry++, nameBytes);
                    at = 0;
                }
                int n = Math.min(len, current.length - at);
                System.arraycopy(current, at, b, off, n);
                at += n;
                return n;
            }
        };
        ZipStreamProcessor processor = ZipStreamProcessor.builder().build();
        for (boolean stream : new boolean[] {true, false}) {
            String walk = stream ? "stream" : "file";
            Throwable thrown = catchThrowable(() -> {
                if (stream) {
                    processor.process(headers, ARCHIVE, e -> { });
                } else {
                    processor.process(file, e -> { });
                }
            });
            assertThat(thrown).as(walk).isInstanceOfSatisfying(SourceDataException.class, e -> {
                assertThat(e.problem()).as(walk).isEqualTo(Problem.TOO_LARGE);
                assertThat(e.getMessage()).as(walk).startsWith(ARCHIVE + ": the central directory takes ")
                        .contains(String.format(java.util.Locale.ROOT, "more than the %,d bytes this reader holds in memory", max));
            });
        }
    }

    /// The local header of a folder entry without data whose name is `length` bytes long.
    private static byte[] folderHeader(int index, int length) {
        byte[] name = ("%08d".formatted(index) + "x".repeat(length - 9) + "/")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(30 + name.length).order(ByteOrder.LITTLE_ENDIAN).putInt(0x04034b50)
                .putShort((short) 20).putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).putInt(0).putInt(0)
                .putShort((short) name.length).putShort((short) 0).put(name).array();
    }

    /// The archive followed by zero bytes up to a whole block of 10 KiB.
    private static byte[] padded(Archive archive) {
        int length = archive.bytes().length;
        return append(archive, new byte[10_240 - length % 10_240]).bytes();
    }

    /// The archive with comments in its directory making it larger than the tail a stream keeps.
    private static Archive large(Archive archive) {
        int last = archive.entries().size() - 1;
        return archive.withDirectoryComment(last, 40_000).withDirectoryComment(0, 40_000);
    }

    private Map<String, String> read(byte[] archive, boolean stream) throws IOException {
        Map<String, String> tables = Collections.synchronizedMap(new TreeMap<>());
        ZipStreamProcessor processor = ZipStreamProcessor.builder().parallelism(2).spoolDirectory(dir).build();
        if (stream) {
            processor.process(new ByteArrayInputStream(archive), ARCHIVE,
                    e -> tables.put(e.entryName(), StreamedInflationTest.pickleDigest(e)));
        } else {
            Path file = Files.write(dir.resolve(ARCHIVE), archive);
            processor.process(file, e -> tables.put(e.entryName(), StreamedInflationTest.pickleDigest(e)));
        }
        return tables;
    }

    private static Archive put(Archive archive, Consumer<ByteBuffer> change) {
        byte[] bytes = archive.bytes().clone();
        change.accept(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        return new Archive(bytes, archive.entries());
    }

    private static Archive append(Archive archive, byte[] more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(archive.bytes());
        out.writeBytes(more);
        return new Archive(out.toByteArray(), archive.entries());
    }

    /// The archive ended as zip64 (the end record marked), then `change` given the zip64 record's offset.
    private static Archive zip64(Archive archive, java.util.function.BiConsumer<ByteBuffer, Integer> change) {
        Archive z64 = archive.zip64End(true);
        int record = z64.bytes().length - 22 - 20 - 56;
        return put(z64, b -> change.accept(b, record));
    }
}
