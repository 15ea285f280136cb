package dev.bsee.scraper;

import dev.bsee.scraper.SourceDataException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// Zip bombs whose size fields lie: the expansion limits count bytes actually inflated against
/// bytes actually read (or the file's size on disk), in stream and file mode, one entry at a time
/// and in parallel, so no declared size, honest or not, lets a bomb through. Each archive is a real
/// zip made here and then patched in its local header, data descriptor or central directory.
class LyingArchiveSizesTest {

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int DESCRIPTOR = 0x08074b50;
    /// 40 MB of one repeated row: it deflates about 1000-fold.
    private static final byte[] BOMB_TEXT = ("A,B,C,D\n" + "0,0,0,0\n".repeat(5_000_000)).getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private enum Mode { STREAM, STREAM_PARALLEL, FILE, FILE_PARALLEL }

    @Test
    void centralDirectoryOverstatingTheCompressedSizeIsStillABomb() throws IOException {
        // Written with sizes up front: no data descriptor, the local header and the directory carry them.
        byte[] archive = withSizesInHeaders("bomb.txt", BOMB_TEXT);
        assertThat(archive.length).isLessThan(100_000);
        // The directory claims an 8-fold expansion, well inside the limit of 200.
        patchCentral(archive, BOMB_TEXT.length / 8, BOMB_TEXT.length);
        patchLocal(archive, BOMB_TEXT.length / 8, BOMB_TEXT.length);
        for (Mode mode : Mode.values()) {
            assertBombOrOverlap(archive, mode, "bomb.txt");
        }
    }

    @Test
    void centralDirectoryUnderstatingTheSizeIsRefused() throws IOException {
        byte[] archive = withSizesInHeaders("bomb.txt", BOMB_TEXT);
        // Both headers claim 1 MB from the real compressed size: 25-fold, inside the limit.
        patchCentral(archive, -1, 1_000_000);
        patchLocal(archive, -1, 1_000_000);
        for (Mode mode : Mode.values()) {
            assertThatThrownBy(() -> run(archive, "small.zip", mode))
                    .as(mode.name())
                    .isInstanceOfSatisfying(SourceDataException.class, e -> {
                        assertThat(e.problem()).isIn(Problem.ZIP_BOMB, Problem.CORRUPT_ARCHIVE);
                        assertThat(e.entry()).contains("bomb.txt");
                    });
        }
    }

    /// A size mismatch is told in exact, grouped counts, in every mode: a size rounded to a unit
    /// would hide a difference of a few bytes, and ungrouped digits are hard to compare.
    @Test
    void aSizeMismatchGivesBothSizesExactlyWithTheirDigitsGrouped() throws IOException {
        byte[] text = ("A,B\n" + "1,2\n".repeat(2_000)).getBytes(StandardCharsets.US_ASCII);
        assertThat(text.length).isEqualTo(8_004);
        byte[] archive = withSizesInHeaders("data.txt", text);
        patchCentral(archive, -1, text.length + 1);
        patchLocal(archive, -1, text.length + 1);
        for (Mode mode : Mode.values()) {
            assertThatThrownBy(() -> run(archive, "sizes.zip", mode))
                    .as(mode.name())
                    .isInstanceOfSatisfying(SourceDataException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.CORRUPT_ARCHIVE);
                        assertThat(e.getMessage()).startsWith("sizes.zip: data.txt: ")
                                .containsPattern("8,004 bytes.* 8,005\\b").doesNotContainPattern("\\d{4}");
                    });
        }
    }

    @Test
    void dataDescriptorUnderstatingTheSizeIsStillABomb() throws IOException {
        // ZipOutputStream writes a deflated entry's sizes after its data, in a data descriptor.
        byte[] archive = withDescriptor("bomb.txt", BOMB_TEXT);
        int at = indexOf(archive, DESCRIPTOR, 0);
        assertThat(at).isPositive();
        ByteBuffer view = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN);
        view.putInt(at + 8, BOMB_TEXT.length / 8);
        view.putInt(at + 12, BOMB_TEXT.length / 40);
        patchCentral(archive, BOMB_TEXT.length / 8, BOMB_TEXT.length);
        for (Mode mode : Mode.values()) {
            assertBombOrOverlap(archive, mode, "bomb.txt");
        }
    }

    @Test
    void manyEntriesEachBelowTheGraceSizeAreABombTogether() throws IOException {
        // 64 entries of just under 1 MiB each: every one alone is too small to be held to the ratio.
        byte[] part = ("A\n" + "0\n".repeat(500_000)).getBytes(StandardCharsets.US_ASCII);
        assertThat((long) part.length).isLessThan(dev.bsee.scraper.internal.zip.EntryStream.RATIO_GRACE_BYTES);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < 64; i++) {
                out.putNextEntry(new ZipEntry("part" + i + ".txt"));
                out.write(part);
                out.closeEntry();
            }
        }
        byte[] archive = bytes.toByteArray();
        assertThat(archive.length).isLessThan(200_000);
        for (Mode mode : Mode.values()) {
            assertThatThrownBy(() -> run(archive, "pieces.zip", mode))
                    .as(mode.name())
                    .isInstanceOfSatisfying(SourceDataException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.ZIP_BOMB);
                        assertThat(e.getMessage()).startsWith("pieces.zip: part").contains("bytes inflated")
                                .contains("beyond the limit of 200");
                    });
        }
    }

    @Test
    void entriesSharingOneCompressedStreamAreRefused() throws IOException {
        // 64 directory records point at the same compressed data, each just under 1 MiB inflated:
        // a seekable reader inflates it 64 times, from a file of a few kilobytes.
        byte[] part = ("A\n" + "0\n".repeat(500_000)).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("p00.txt"));
            out.write(part);
            out.closeEntry();
        }
        byte[] single = bytes.toByteArray();
        ByteBuffer view = ByteBuffer.wrap(single).order(ByteOrder.LITTLE_ENDIAN);
        int end = single.length - 22;
        assertThat(view.getInt(end)).isEqualTo(0x06054b50);
        int directory = view.getInt(end + 16);
        byte[] record = java.util.Arrays.copyOfRange(single, directory, end);
        ByteArrayOutputStream overlapping = new ByteArrayOutputStream();
        overlapping.write(single, 0, directory);
        for (int i = 0; i < 64; i++) {
            byte[] copy = record.clone();
            byte[] name = String.format("p%02d.txt", i).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(name, 0, copy, 46, name.length);
            overlapping.write(copy);
        }
        ByteBuffer eocd = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
        eocd.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 64).putShort((short) 64)
                .putInt(64 * record.length).putInt(directory).putShort((short) 0);
        overlapping.write(eocd.array());
        byte[] archive = overlapping.toByteArray();
        assertThat(archive.length).isLessThan(100_000);
        // The file walk no longer inflates it at all: the local header the 63 other records point at
        // names p00.txt, so the first of them is refused before any byte is inflated.
        for (Mode mode : new Mode[] {Mode.FILE, Mode.FILE_PARALLEL}) {
            assertThatThrownBy(() -> run(archive, "shared.zip", mode))
                    .as(mode.name())
                    .isInstanceOfSatisfying(SourceDataException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.CORRUPT_ARCHIVE);
                        assertThat(e.getMessage()).startsWith("shared.zip: p01.txt: ")
                                .contains("the local header names it p00.txt");
                    });
        }
        for (Mode mode : new Mode[] {Mode.STREAM, Mode.STREAM_PARALLEL}) {
            assertThatThrownBy(() -> run(archive, "shared.zip", mode)).as(mode.name())
                    .isInstanceOf(SourceDataException.class);
        }
    }

    @Test
    void honestArchivesWithinTheLimitPass() throws IOException {
        // Varied rows compress a few-fold, like BSEE text: 8 entries together well past the grace size.
        StringBuilder text = new StringBuilder("A,B,C\n");
        for (int i = 0; i < 60_000; i++) {
            text.append(i).append(',').append(i * 7919 % 100_003).append(",name").append(i % 977).append('\n');
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < 8; i++) {
                out.putNextEntry(new ZipEntry("t" + i + ".txt"));
                out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
                out.closeEntry();
            }
        }
        for (Mode mode : Mode.values()) {
            assertThat(run(bytes.toByteArray(), "honest.zip", mode)).as(mode.name()).hasSize(8)
                    .allSatisfy(s -> assertThat(s.rows()).isEqualTo(60_000));
        }
    }

    /// A compressed size overstated in the directory is a bomb to the stream walk, which counts what it
    /// inflates; the file walk refuses it before inflating, since the entry's bytes would then run into
    /// the next entry or the directory (the entries must follow one another as the directory lists them).
    private void assertBombOrOverlap(byte[] archive, Mode mode, String entry) {
        if (mode == Mode.STREAM || mode == Mode.STREAM_PARALLEL) {
            assertBomb(archive, mode, entry);
            return;
        }
        assertThatThrownBy(() -> run(archive, "liar.zip", mode))
                .as(mode.name())
                .isInstanceOfSatisfying(SourceDataException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.CORRUPT_ARCHIVE);
                    assertThat(e.archive()).contains("liar.zip");
                    assertThat(e.entry()).contains(entry);
                    assertThat(e.getMessage()).contains("do not follow one another");
                });
    }

    private void assertBomb(byte[] archive, Mode mode, String entry) {
        assertThatThrownBy(() -> run(archive, "liar.zip", mode))
                .as(mode.name())
                .isInstanceOfSatisfying(SourceDataException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.ZIP_BOMB);
                    assertThat(e.archive()).contains("liar.zip");
                    assertThat(e.entry()).contains(entry);
                    assertThat(e.getMessage()).contains("bytes inflated").contains("beyond the limit of 200");
                });
    }

    private List<EntrySummary> run(byte[] archive, String name, Mode mode) throws IOException {
        List<String> received = new ArrayList<>();
        if (mode == Mode.STREAM || mode == Mode.STREAM_PARALLEL) {
            return ZipStreamProcessor.builder().parallelism(mode == Mode.STREAM ? 1 : 2).build()
                    .process(new ByteArrayInputStream(archive), name, e -> {
                        synchronized (received) {
                            received.add(e.entryName());
                        }
                    });
        }
        Path file = Files.createDirectories(dir.resolve(mode.name())).resolve(name);
        Files.write(file, archive);
        return ZipStreamProcessor.builder().parallelism(mode == Mode.FILE_PARALLEL ? 2 : 1).build()
                .process(file, e -> {
                    synchronized (received) {
                        received.add(e.entryName());
                    }
                });
    }

    /// A zip whose one deflated entry has its sizes and CRC in the local header (no descriptor).
    private static byte[] withSizesInHeaders(String name, byte[] text) throws IOException {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(text);
        deflater.finish();
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        byte[] chunk = new byte[65536];
        while (!deflater.finished()) {
            deflated.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(text);
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.DEFLATED);
        entry.setSize(text.length);
        entry.setCompressedSize(deflated.size());
        entry.setCrc(crc.getValue());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(entry);
            out.write(text);
            out.closeEntry();
        }
        byte[] archive = bytes.toByteArray();
        assertThat(indexOf(archive, DESCRIPTOR, 0)).as("no data descriptor").isNegative();
        return archive;
    }

    private static byte[] withDescriptor(String name, byte[] text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry(name));
            out.write(text);
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    /// Sets the compressed size (unless negative) and size of the first central directory record.
    private static void patchCentral(byte[] archive, long compressed, long size) {
        int at = indexOf(archive, CENTRAL_HEADER, 0);
        assertThat(at).isPositive();
        ByteBuffer view = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN);
        if (compressed >= 0) {
            view.putInt(at + 20, (int) compressed);
        }
        view.putInt(at + 24, (int) size);
    }

    /// Sets the compressed size (unless negative) and size of the first local header.
    private static void patchLocal(byte[] archive, long compressed, long size) {
        ByteBuffer view = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(view.getInt(0)).isEqualTo(LOCAL_HEADER);
        if (compressed >= 0) {
            view.putInt(18, (int) compressed);
        }
        view.putInt(22, (int) size);
    }

    private static int indexOf(byte[] archive, int signature, int from) {
        ByteBuffer view = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i <= archive.length - 4; i++) {
            if (view.getInt(i) == signature) {
                return i;
            }
        }
        return -1;
    }
}
