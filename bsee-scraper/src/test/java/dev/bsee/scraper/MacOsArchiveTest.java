package dev.bsee.scraper;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/// An archive re-zipped on a Mac (Finder's Compress, `ditto -c -k --sequesterRsrc`) carries an
/// AppleDouble file `__MACOSX/._name` beside each file: the file's attributes, in binary with NUL
/// bytes. Both walks convert such an archive as they convert the original: the same entries, the
/// same tables, the metadata left out rather than failing the archive on its first NUL byte.
class MacOsArchiveTest {

    private static final Map<String, String> DATA = Map.of(
            "mv_a.txt", "A,B\n1,x\n2,y\n",
            "eWellEORRawData/mv_b.txt", "C\n3.5\n4.5\n5.5\n");

    /// What Finder writes for a file with extended attributes: the AppleDouble header (magic
    /// 0x00051607, version 2, "Mac OS X" filler, two entries), then zeros and an `ATTR` block.
    private static byte[] appleDouble() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(new byte[] {0, 5, 0x16, 7, 0, 2, 0, 0});
        bytes.writeBytes("Mac OS X        ".getBytes(StandardCharsets.US_ASCII));
        bytes.writeBytes(new byte[] {0, 2, 0, 0, 0, 9, 0, 0, 0, 0x32, 0, 0, 0x0e, (byte) 0xb0});
        bytes.writeBytes(new byte[3700]);
        bytes.writeBytes("ATTR".getBytes(StandardCharsets.US_ASCII));
        bytes.writeBytes(new byte[300]);
        return bytes.toByteArray();
    }

    private static byte[] archive(boolean macOs, String metadataFolder) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> data : new TreeMap<>(DATA).entrySet()) {
                zip.putNextEntry(new ZipEntry(data.getKey()));
                zip.write(data.getValue().getBytes(StandardCharsets.US_ASCII));
                zip.closeEntry();
                if (macOs) {
                    String name = data.getKey();
                    int slash = name.lastIndexOf('/');
                    zip.putNextEntry(new ZipEntry(metadataFolder + name.substring(0, slash + 1) + "._"
                            + name.substring(slash + 1)));
                    zip.write(appleDouble());
                    zip.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    /// Each entry's name with its rows and columns.
    private static Map<String, String> byFile(Path zip) throws IOException {
        Map<String, String> tables = new ConcurrentHashMap<>();
        ZipStreamProcessor.builder().parallelism(2).build().process(zip, entry -> tables.put(entry.entryName(),
                entry.outputName() + " " + entry.table().rowCount() + " " + entry.table().columnNames()));
        return new TreeMap<>(tables);
    }

    private static Map<String, String> byStream(byte[] archive) throws IOException {
        Map<String, String> tables = new ConcurrentHashMap<>();
        ZipStreamProcessor.builder().parallelism(2).build().process(new ByteArrayInputStream(archive), "mac.zip",
                entry -> tables.put(entry.entryName(), entry.outputName() + " " + entry.table().rowCount() + " "
                        + entry.table().columnNames()));
        return new TreeMap<>(tables);
    }

    /// `__MACOSX/` is where Finder puts them; `ditto` without `--sequesterRsrc` puts each beside its file.
    @ParameterizedTest
    @ValueSource(strings = {"__MACOSX/", ""})
    void anArchiveRezippedOnAMacConvertsAsTheOriginal(String metadataFolder, @TempDir Path dir) throws IOException {
        byte[] original = archive(false, metadataFolder);
        byte[] rezipped = archive(true, metadataFolder);
        Path originalFile = Files.write(dir.resolve("original.zip"), original);
        Path rezippedFile = Files.write(dir.resolve("rezipped.zip"), rezipped);

        Map<String, String> expected = byFile(originalFile);
        assertThat(expected).containsOnlyKeys(DATA.keySet())
                .containsEntry("mv_a.txt", "mv_a.bin 2 [A, B]")
                .containsEntry("eWellEORRawData/mv_b.txt", "mv_b.bin 3 [C]");
        assertThat(byFile(rezippedFile)).as("from a file").isEqualTo(expected);
        assertThat(byStream(rezipped)).as("streamed").isEqualTo(expected);
        assertThat(byStream(original)).as("the original, streamed").isEqualTo(expected);
    }
}
