package dev.bsee.scraper;

import dev.bsee.binary.PickleWriter;
import dev.bsee.core.peer.Fixtures;
import dev.bsee.scraper.RawZip.Item;
import dev.bsee.scraper.SourceDataException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// The streamed walk hands an entry whose local header declares its compressed size to a worker as
/// compressed bytes, and the worker inflates them: the outputs are the file walk's, the buffers hold
/// compressed bytes, and every lie a local header can tell about an entry (its compressed size, size
/// or CRC), a truncation and a bomb still fail the archive with the right problem, naming archive and
/// entry, leaving no spool file and never handing the entry to the sink. Each hostile case runs with
/// one thread (inflating as it reads) and with two (the workers inflate).
class StreamedInflationTest {

    private static final String ARCHIVE = "hostile.zip";

    @TempDir
    Path dir;

    static String rows(int count, int seed) {
        StringBuilder text = new StringBuilder("ID,VALUE,LABEL\n");
        for (int i = 0; i < count; i++) {
            text.append(i).append(',').append((i * 7919L + seed) % 100_003).append(",name")
                    .append((i + seed) % 977).append('\n');
        }
        return text.toString();
    }

    /// first.txt, bad.txt, last.txt: honest, deflated, sizes in the local headers.
    private static RawZip.Archive threeEntries(UnaryOperator<Item> bad) {
        return RawZip.of(Item.sized("first.txt", rows(3000, 1)), bad.apply(Item.sized("bad.txt", rows(4000, 2))),
                Item.sized("last.txt", rows(2000, 3)));
    }

    @Test
    void theFixturesTablesAreTheSameStreamedAsFromTheFile() throws IOException {
        for (String name : List.of("eWellEORRawData.zip", "ogora2023delimit.zip")) {
            byte[] archive = Files.readAllBytes(Fixtures.file("bsee-zip/" + name));
            Map<String, String> fromFile = filed(archive, name, 2);
            assertThat(fromFile).as(name).isNotEmpty();
            assertThat(streamed(archive, name, 2, new ArrayList<>())).as(name + ", two threads").isEqualTo(fromFile);
            assertThat(streamed(archive, name, 1, new ArrayList<>())).as(name + ", one thread").isEqualTo(fromFile);
        }
        assertNoSpoolFiles();
    }

    @Test
    void theWorkersInflateSoTheBufferedBytesAreCompressed() throws Exception {
        // big.txt inflates to about 3 MB from a few dozen KB (its rows repeat every thousand, a
        // ratio well inside the limit): received while both workers are held, it fits the 512 KiB
        // bound compressed, and would spill to a file inflated.
        StringBuilder periodic = new StringBuilder("ID,VALUE,LABEL\n");
        for (int i = 0; i < 200_000; i++) {
            periodic.append(i % 1000).append(',').append(i % 1000 * 7919 % 100_003).append(",name").append(i % 1000 % 97).append('\n');
        }
        String big = periodic.toString();
        RawZip.Archive archive = RawZip.of(Item.sized("a.txt", rows(10, 5)), Item.sized("b.txt", rows(10, 6)),
                Item.sized("big.txt", big));
        int compressed = archive.entries().get(2).compressedSize();
        long bound = 8L * EntrySpool.CHUNK_BYTES;
        assertThat((long) compressed).isLessThan(bound / 2);
        assertThat((long) big.length()).isGreaterThan(4 * bound);

        ReadToTheEnd body = new ReadToTheEnd(archive.bytes());
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        StreamWalk walk = new StreamWalk(settings(2), ARCHIVE, e -> {
            if (!e.entryName().equals("big.txt")) {
                // Both workers stay here until the whole archive has been received.
                await(body.reached);
            }
            received.add(e.entryName());
        });
        EntrySpool.Memory memory;
        List<EntrySummary> summaries;
        try (EntryPipeline pipeline = new EntryPipeline(ARCHIVE, 2, spool(), bound, WarmUpGate.JVM)) {
            memory = pipeline.memory();
            summaries = walk.walk(body, pipeline);
        }
        assertThat(summaries).extracting(EntrySummary::rows).containsExactly(10, 10, 200_000);
        assertThat(received).containsExactlyInAnyOrder("a.txt", "b.txt", "big.txt");
        assertThat(memory.spilled()).as("nothing went to a spool file").isZero();
        assertThat(memory.peak()).as("the buffers held about the compressed bytes")
                .isLessThanOrEqualTo(compressed + 3L * EntrySpool.CHUNK_BYTES);
        assertNoSpoolFiles();
    }

    @Test
    void storedDescribedZip64AndFolderEntriesMixedWithSizedOnesGiveTheFilesTables() throws IOException {
        RawZip.Archive archive = RawZip.of(
                new Item("folder/", new byte[0], RawZip.STORED, false, false),
                Item.sized("folder/sized.txt", rows(3000, 7)),
                new Item("described.txt", bytes(rows(2500, 8)), RawZip.DEFLATED, true, false),
                new Item("stored.txt", bytes(rows(1500, 9)), RawZip.STORED, false, false),
                new Item("zip64.txt", bytes(rows(2000, 10)), RawZip.DEFLATED, false, true),
                new Item("described64.txt", bytes(rows(1000, 11)), RawZip.DEFLATED, true, true),
                new Item("stored64.txt", bytes(rows(800, 12)), RawZip.STORED, false, true),
                new Item("notes.pdf", bytes("not data"), RawZip.DEFLATED, false, false));
        Map<String, String> fromFile = filed(archive.bytes(), ARCHIVE, 2);
        assertThat(fromFile).hasSize(6);
        for (int threads : new int[] {1, 2}) {
            assertThat(streamed(archive.bytes(), ARCHIVE, threads, new ArrayList<>())).as(threads + " threads")
                    .isEqualTo(fromFile);
        }
        assertNoSpoolFiles();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aCompressedSizeTooSmallIsCorrupt(int threads) {
        RawZip.Archive archive = threeEntries(item -> item);
        archive.localCompressedSize(1, archive.entries().get(1).compressedSize() - 7);
        assertRefused(archive.bytes(), threads, Problem.CORRUPT_ARCHIVE, "needs more than");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aCompressedSizeTooLargeIsCorrupt(int threads) {
        RawZip.Archive archive = threeEntries(item -> item);
        archive.localCompressedSize(1, archive.entries().get(1).compressedSize() + 7);
        assertRefused(archive.bytes(), threads, Problem.CORRUPT_ARCHIVE, "ends after");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aCompressedSizeBeyondTheArchivesEndIsCorruptNotTruncated(int threads) {
        RawZip.Archive archive = RawZip.of(Item.sized("first.txt", rows(3000, 1)), Item.sized("bad.txt", rows(4000, 2)));
        archive.localCompressedSize(1, archive.entries().get(1).compressedSize() + 1_000_000);
        assertRefused(archive.bytes(), threads, Problem.CORRUPT_ARCHIVE, "ends after");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aZip64CompressedSizeThatLiesIsCorrupt(int threads) {
        RawZip.Archive archive = threeEntries(item -> new Item(item.name(), item.text(), item.method(), false, true));
        archive.localCompressedSize(1, archive.entries().get(1).compressedSize() + 7);
        assertRefused(archive.bytes(), threads, Problem.CORRUPT_ARCHIVE, "ends after");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aCrcMismatchIsCorrupt(int threads) {
        RawZip.Archive archive = threeEntries(item -> item);
        archive.localCrc(1, archive.entries().get(1).crc() ^ 1);
        assertRefused(archive.bytes(), threads, Problem.CORRUPT_ARCHIVE, "CRC-32 mismatch");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aStoredEntrysCrcMismatchIsCorrupt(int threads) {
        RawZip.Archive archive = threeEntries(item -> new Item(item.name(), item.text(), RawZip.STORED, false, false));
        archive.localCrc(1, archive.entries().get(1).crc() ^ 0x100);
        assertRefused(archive.bytes(), threads, Problem.CORRUPT_ARCHIVE, "CRC-32 mismatch");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aDescriptorsCrcMismatchIsCorrupt(int threads) {
        RawZip.Archive archive = threeEntries(item -> new Item(item.name(), item.text(), item.method(), true, false));
        RawZip.Placed bad = archive.entries().get(1);
        archive.view().putInt(bad.data() + bad.compressedSize() + 4, (int) (bad.crc() ^ 1));
        assertRefused(archive.bytes(), threads, Problem.CORRUPT_ARCHIVE, "CRC-32 mismatch");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void anUncompressedSizeThatLiesIsCorrupt(int threads) {
        for (int delta : new int[] {-1, 1}) {
            RawZip.Archive archive = threeEntries(item -> item);
            archive.localSize(1, archive.entries().get(1).item().text().length + delta);
            assertRefused(archive.bytes(), threads, Problem.CORRUPT_ARCHIVE, "declares");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aStoredEntryWhoseSizesDisagreeIsCorrupt(int threads) {
        RawZip.Archive archive = threeEntries(item -> new Item(item.name(), item.text(), RawZip.STORED, false, false));
        archive.localSize(1, archive.entries().get(1).item().text().length + 1);
        assertRefused(archive.bytes(), threads, Problem.CORRUPT_ARCHIVE, "stored");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void anArchiveCutInsideTheCompressedDataIsTruncated(int threads) {
        RawZip.Archive archive = threeEntries(item -> item);
        RawZip.Placed bad = archive.entries().get(1);
        assertRefused(archive.cut(bad.data() + bad.compressedSize() / 2), threads, Problem.TRUNCATED_ARCHIVE,
                "ends inside this entry");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void bombsAreStoppedWhetherTheHeaderAdmitsThemOrNot(int threads) {
        String bomb = "A,B,C,D\n" + "0,0,0,0\n".repeat(5_000_000);
        RawZip.Archive honest = threeEntries(item -> Item.sized(item.name(), bomb));
        assertRefused(honest.bytes(), threads, Problem.ZIP_BOMB, "beyond the limit of 200");
        // The header claims an 8-fold expansion: the bytes inflated from the bytes read tell the truth.
        RawZip.Archive lying = threeEntries(item -> Item.sized(item.name(), bomb));
        lying.localCompressedSize(1, bomb.length() / 8);
        assertRefused(lying.bytes(), threads, Problem.ZIP_BOMB, "bytes inflated");
    }

    private void assertRefused(byte[] archive, int threads, Problem problem, String detail) {
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> streamed(archive, ARCHIVE, threads, received))
                .isInstanceOfSatisfying(SourceDataException.class, e -> {
                    assertThat(e.problem()).as(e.getMessage()).isEqualTo(problem);
                    assertThat(e.archive()).contains(ARCHIVE);
                    assertThat(e.entry()).contains("bad.txt");
                    assertThat(e.getMessage()).startsWith(ARCHIVE + ": bad.txt: ").contains(detail).doesNotContain("\n");
                });
        assertThat(received).as("the entry never reaches the sink").doesNotContain("bad.txt");
        assertNoSpoolFiles();
    }

    private ProcessorSettings settings(int threads) throws IOException {
        return new ProcessorSettings(name -> name.endsWith(".txt"), dev.bsee.core.SourceCatalog::layoutForEntry,
                dev.bsee.core.BufferAllocator::heap, 200, 8L << 30, dev.bsee.core.ProgressListener.none(), threads, spool(), null);
    }

    private Path spool() throws IOException {
        return Files.createDirectories(dir.resolve("spool"));
    }

    private void assertNoSpoolFiles() {
        try (Stream<Path> left = Files.list(spool())) {
            assertThat(left).as("no spool file is left").isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /// Each data entry's pickle digest, streamed with `threads` threads; entries handed to the sink
    /// are added to `received`.
    private Map<String, String> streamed(byte[] archive, String name, int threads, List<String> received)
            throws IOException {
        Map<String, String> pickles = Collections.synchronizedMap(new TreeMap<>());
        ZipStreamProcessor.builder().parallelism(threads).spoolDirectory(spool()).build()
                .process(new ByteArrayInputStream(archive), name, e -> {
                    received.add(e.entryName());
                    pickles.put(e.entryName(), pickleDigest(e));
                });
        return pickles;
    }

    private Map<String, String> filed(byte[] archive, String name, int threads) throws IOException {
        Path file = Files.createDirectories(dir.resolve("files")).resolve(name);
        Files.write(file, archive);
        Map<String, String> pickles = Collections.synchronizedMap(new TreeMap<>());
        ZipStreamProcessor.builder().parallelism(threads).build()
                .process(file, e -> pickles.put(e.entryName(), pickleDigest(e)));
        return pickles;
    }

    static String pickleDigest(EntryTable entry) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            PickleWriter.of().write(entry.table(), out);
        }
        return entry.table().rowCount() + " rows " + HexFormat.of().formatHex(digest.digest());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void await(CountDownLatch latch) throws InterruptedIOException {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new InterruptedIOException("the archive was not read to its end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }

}
