package dev.bsee.scraper;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.core.peer.PandasPeers;
import dev.bsee.scraper.SourceDataException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// Entry names are read as Python's `zipfile` reads them, since the legacy system named its files
/// after them: UTF-8 when the entry's flag says so, else code page 437, whatever tool made the
/// archive. Both walks (a file, a stream) against `zipfile` in the pandas 2.2 peer.
class EntryNameEncodingTest {

    @RegisterExtension
    static final PandasPeers peers = new PandasPeers();

    private static final String NAMES = """
            import zipfile
            out = {}
            for key, path in args.items():
                try:
                    with zipfile.ZipFile(path) as z:
                        out[key] = {'names': z.namelist()}
                except Exception as e:
                    out[key] = {'error': type(e).__name__}
            result = out
            """;

    /// One archive whose names `ZipOutputStream` writes in `charset`: with UTF-8 it sets the flag,
    /// with any other it does not, and writes the names' bytes in that charset.
    private static byte[] archive(Charset charset, String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, charset)) {
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write("A,B\n1,2\n".getBytes(StandardCharsets.US_ASCII));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /// `text`'s UTF-8 bytes as a string of one char per byte, for a ZipOutputStream in ISO-8859-1:
    /// a name stored as UTF-8 without the flag, as tools that do not set it write one.
    private static String utf8BytesAsLatin1(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /// The file walk calls the sink from two threads at once: the list must take concurrent adds
    /// (an `ArrayList` lost a name now and then).
    private static List<String> namesByFile(Path zip) throws IOException {
        List<String> names = java.util.Collections.synchronizedList(new ArrayList<>());
        ZipStreamProcessor.builder().parallelism(2).build().process(zip, entry -> names.add(entry.entryName()));
        return names.stream().sorted().toList();
    }

    private static List<String> namesByStream(byte[] archive) throws IOException {
        List<String> names = new ArrayList<>();
        ZipStreamProcessor.builder().build().process(new ByteArrayInputStream(archive), "stream.zip",
                entry -> names.add(entry.entryName()));
        return names.stream().sorted().toList();
    }

    @Test
    void namesAreWhatPythonsZipfileReadsByBothWalks() throws IOException {
        Map<String, byte[]> archives = Map.of(
                // Code page 437 as the specification has it: 0x82 is é, 0xE1 is ß.
                "cp437", archive(Charset.forName("IBM437"), "donn\u00e9es.txt", "stra\u00dfe/puits.txt", "plain.txt"),
                // UTF-8 bytes without the flag: Python reads them as code page 437 (├⌐ for é).
                "unflagged-utf8", archive(StandardCharsets.ISO_8859_1, utf8BytesAsLatin1("caf\u00e9.txt"),
                        utf8BytesAsLatin1("\u20ac/z\u00fcrich.txt")),
                // Flagged UTF-8, beyond the BMP too.
                "utf8", archive(StandardCharsets.UTF_8, "donn\u00e9es \u20ac.txt", "\ud83d\udee2\ufe0f well.txt"),
                // Every byte from 0x80 up, unflagged: code page 437 maps each to a character.
                "high-bytes", archive(StandardCharsets.ISO_8859_1, highBytesNames()));
        Map<String, Path> files = new java.util.LinkedHashMap<>();
        Map<String, String> staged = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, byte[]> archive : archives.entrySet()) {
            Path zip = Files.write(peers.pandas22().newFile(archive.getKey() + ".zip"), archive.getValue());
            files.put(archive.getKey(), zip);
            staged.put(archive.getKey(), peers.pandas22().peerPath(zip));
        }
        JsonNode python = peers.pandas22().call(NAMES, staged);

        for (Map.Entry<String, byte[]> archive : archives.entrySet()) {
            JsonNode read = python.get(archive.getKey());
            assertThat(read.has("names")).as("%s: zipfile read it: %s", archive.getKey(), read).isTrue();
            List<String> expected = new ArrayList<>();
            read.get("names").forEach(name -> expected.add(name.asText()));
            assertThat(namesByStream(archive.getValue())).as(archive.getKey() + ", streamed")
                    .isEqualTo(expected.stream().sorted().toList());
            assertThat(namesByFile(files.get(archive.getKey()))).as(archive.getKey() + ", from a file")
                    .isEqualTo(expected.stream().sorted().toList());
        }
        // The names are not what they were written as, but what Python makes of the bytes.
        assertThat(python.get("unflagged-utf8").get("names").get(0).asText()).isEqualTo("caf\u251c\u2310.txt");
    }

    /// Bytes 0x80 to 0xFF, 32 to a name (each becomes a character of up to 3 UTF-8 bytes in the
    /// output file's name, which has a length limit).
    private static String[] highBytesNames() {
        String[] names = new String[4];
        for (int i = 0; i < names.length; i++) {
            StringBuilder name = new StringBuilder();
            for (int b = 0x80 + 32 * i; b < 0x80 + 32 * (i + 1); b++) {
                name.append((char) b);
            }
            names[i] = name.append(".txt").toString();
        }
        return names;
    }

    /// A name flagged UTF-8 whose bytes are not: Python's `zipfile` cannot open the archive, and
    /// both walks refuse it as corrupt.
    @Test
    void aNameFlaggedUtf8ThatIsNotIsRefusedAsPythonRefusesIt() throws IOException {
        byte[] archive = archive(StandardCharsets.UTF_8, "x\u00e9.txt");
        byte[] written = "x\u00e9".getBytes(StandardCharsets.UTF_8);
        int patched = 0;
        for (int at = 0; at + written.length <= archive.length; at++) {
            if (java.util.Arrays.equals(archive, at, at + written.length, written, 0, written.length)) {
                archive[at + 1] = (byte) 0xFF;
                archive[at + 2] = (byte) 0xFE;
                patched++;
            }
        }
        assertThat(patched).as("the name in the local header and in the directory").isEqualTo(2);
        Path zip = Files.write(peers.pandas22().newFile("bad-utf8.zip"), archive);
        JsonNode python = peers.pandas22().call(NAMES, Map.of("bad", peers.pandas22().peerPath(zip)));
        assertThat(python.get("bad").path("error").asText()).isEqualTo("UnicodeDecodeError");

        assertThatThrownBy(() -> namesByStream(archive)).isInstanceOfSatisfying(SourceDataException.class,
                e -> {
                    assertThat(e.problem()).isEqualTo(Problem.CORRUPT_ARCHIVE);
                    assertThat(e.getMessage()).contains("stream.zip").contains("marked as UTF-8 is not valid UTF-8");
                });
        assertThatThrownBy(() -> namesByFile(zip)).isInstanceOfSatisfying(SourceDataException.class,
                e -> {
                    assertThat(e.problem()).isEqualTo(Problem.CORRUPT_ARCHIVE);
                    assertThat(e.getMessage()).contains("bad-utf8.zip").contains("marked as UTF-8 is not valid UTF-8");
                });
    }
}
