package dev.bsee.scraper;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.core.peer.FrameSpecs;
import dev.bsee.core.peer.PandasPeers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// Archives written to a stream their writer cannot seek back in (Python's `zipfile` writing to a
/// pipe or a response, Info-ZIP `zip - files | ...`) put every entry's CRC-32 and sizes after its
/// data in a data descriptor, stored entries too. Both walks (a file, a stream with one and with two
/// threads) must give for each entry the frame pandas reads from it, as the Python system read such an
/// archive through its central directory.
class StreamWrittenArchiveTest {

    @RegisterExtension
    static final PandasPeers peers = new PandasPeers();

    /// Writes the archive through a writer without `tell` and `seek`, as `zipfile` writes to a pipe.
    private static final String WRITE = """
            import io, zipfile
            class Pipe(io.RawIOBase):
                def __init__(self, f): self.f = f
                def writable(self): return True
                def write(self, b): self.f.write(b); return len(b)
                def seekable(self): return False
                def tell(self): raise OSError('a pipe')
            rows = b''.join(b'%d,%d.5,name%d\\n' % (i, i, i % 97) for i in range(3000))
            entries = [
                ('stored.txt', zipfile.ZIP_STORED, False, b'ID,VALUE,LABEL\\n' + rows),
                ('deflated.txt', zipfile.ZIP_DEFLATED, False, b'ID,VALUE,LABEL\\n' + rows),
                ('zip64.txt', zipfile.ZIP_STORED, True, b'ID,VALUE,LABEL\\n' + rows[:5000]),
                # A descriptor's signature in the text, also followed by a local header's: sizes that
                # do not fit the bytes before it make it text.
                ('signature.txt', zipfile.ZIP_STORED, False,
                 b'A,B\\nPK\\x07\\x08,1\\nPK\\x07\\x08CRC!11112222PK\\x03\\x04,2\\n'),
                ('header-only.txt', zipfile.ZIP_STORED, False, b'A,B\\n'),
                ('last.txt', zipfile.ZIP_STORED, False, b'K,V\\n1,2\\n'),
            ]
            with open(args['zip'], 'wb') as f:
                with zipfile.ZipFile(Pipe(f), 'w') as z:
                    for name, method, zip64, text in entries:
                        info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
                        info.compress_type = method
                        with z.open(info, 'w', force_zip64=zip64) as w:
                            w.write(text)
            with zipfile.ZipFile(args['zip']) as z:
                result = {i.filename: {'method': i.compress_type, 'descriptor': bool(i.flag_bits & 8)}
                          for i in z.infolist()}
            """;

    private static final String COMPARE = """
            import io, zipfile
            out = {}
            with zipfile.ZipFile(args['zip']) as z:
                for walk, specs in args['walks'].items():
                    for name in z.namelist():
                        if name not in specs:
                            out[walk + ':' + name] = {'equal': False, 'reason': 'not converted'}
                            continue
                        expected = read_csv_like_legacy_bytes(z.read(name))
                        out[walk + ':' + name] = same_frame(expected, frame_from_spec(specs[name]))
            result = out
            """;

    private static final String READ_BYTES = """
            def read_csv_like_legacy_bytes(raw):
                try:
                    return pd.read_csv(io.BytesIO(raw), low_memory=False, encoding='utf-8')
                except UnicodeDecodeError:
                    return pd.read_csv(io.BytesIO(raw), low_memory=False, encoding='ISO-8859-1')
            """;

    private static Map<String, Object> specs(ZipStreamProcessor processor, Path zip, boolean asStream) throws IOException {
        Map<String, Object> specs = Collections.synchronizedMap(new TreeMap<>());
        EntrySink sink = entry -> specs.put(entry.entryName(), FrameSpecs.spec(entry.table()));
        if (asStream) {
            processor.process(new ByteArrayInputStream(Files.readAllBytes(zip)), zip.getFileName().toString(), sink);
        } else {
            processor.process(zip, sink);
        }
        return specs;
    }

    private static Path written() {
        Path zip = peers.pandas22().newFile("piped.zip");
        JsonNode entries = peers.pandas22().call(WRITE, Map.of("zip", peers.pandas22().peerPath(zip)));
        // The case at hand: stored entries whose sizes follow their data.
        assertThat(entries.get("stored.txt").get("method").asInt()).isZero();
        assertThat(entries.get("stored.txt").get("descriptor").asBoolean()).isTrue();
        assertThat(entries.get("zip64.txt").get("descriptor").asBoolean()).isTrue();
        return zip;
    }

    @Test
    void storedEntriesWithDataDescriptorsConvertAsPandasReadsThem() throws IOException {
        convertsAsPandasReadsIt(written());
    }

    /// bsdtar pads what it writes to a pipe with zero bytes up to a whole block of 10 KiB; Python's
    /// `zipfile` reads past the padding to the end record, and so do both walks.
    @Test
    void anArchivePaddedWithZerosAsBsdtarPadsItConvertsAsPandasReadsIt() throws IOException {
        Path zip = written();
        byte[] archive = Files.readAllBytes(zip);
        byte[] padded = Arrays.copyOf(archive, archive.length + 10_240 - archive.length % 10_240);
        convertsAsPandasReadsIt(Files.write(zip.resolveSibling("padded.zip"), padded));
    }

    /// A stored entry's data descriptor without its optional signature (APPNOTE 4.3.9.3), as some
    /// streaming writers leave it out: the streamed walk read on past it, into the next entry, and
    /// refused the archive as ending inside the entry, or as binary text, while the file walk and
    /// Python's `zipfile` read it. A descriptor without a signature is known by the record after it.
    @Test
    void storedEntriesWhoseDescriptorsHaveNoSignatureConvertAsPandasReadsThem() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a.txt", "A,B\n1,2\n3,4\n".getBytes(StandardCharsets.US_ASCII));
        // Bytes that look like a descriptor and a header, but whose sizes are not the bytes before them.
        entries.put("b.txt", "K,V\n1,PK\u0003\u0004\n2,x\n".getBytes(StandardCharsets.US_ASCII));
        entries.put("c.txt", ("ID,NAME\n" + "7,seven\n".repeat(2000)).getBytes(StandardCharsets.US_ASCII));
        Path zip = peers.pandas22().newFile("unsigned.zip");
        Files.write(zip, storedWithUnsignedDescriptors(entries));
        convertsAsPandasReadsIt(zip, entries.size());
    }

    /// An archive of stored entries, each with its CRC-32 and sizes in a data descriptor without
    /// signature after its data, and a central directory that agrees.
    private static byte[] storedWithUnsignedDescriptors(Map<String, byte[]> entries) {
        return storedWithDescriptors(entries, false, false, false);
    }

    /// An archive of stored entries, each with its CRC-32 and sizes in a data descriptor after its
    /// data (with its signature or not, its sizes of 8 bytes or 4), each local header with a zip64
    /// extra field or not, and a central directory that agrees.
    private static byte[] storedWithDescriptors(Map<String, byte[]> entries, boolean signed, boolean wideSizes,
            boolean zip64Headers) {
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(1 << 20).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.nio.ByteBuffer central = java.nio.ByteBuffer.allocate(1 << 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            byte[] name = entry.getKey().getBytes(StandardCharsets.US_ASCII);
            byte[] data = entry.getValue();
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(data);
            int offset = out.position();
            int marked = zip64Headers ? -1 : 0;
            out.putInt(0x04034b50).putShort((short) (zip64Headers ? 45 : 20)).putShort((short) 8).putShort((short) 0)
                    .putInt(0).putInt(0).putInt(marked).putInt(marked).putShort((short) name.length)
                    .putShort((short) (zip64Headers ? 20 : 0)).put(name);
            if (zip64Headers) {
                out.putShort((short) 1).putShort((short) 16).putLong(0).putLong(0);
            }
            out.put(data);
            if (signed) {
                out.putInt(0x08074b50);
            }
            out.putInt((int) crc.getValue());
            if (wideSizes) {
                out.putLong(data.length).putLong(data.length);
            } else {
                out.putInt(data.length).putInt(data.length);
            }
            central.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 8).putShort((short) 0)
                    .putInt(0).putInt((int) crc.getValue()).putInt(data.length).putInt(data.length)
                    .putShort((short) name.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putInt(0).putInt(offset).put(name);
        }
        int centralOffset = out.position();
        out.put(central.array(), 0, central.position());
        out.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt(central.position()).putInt(centralOffset).putShort((short) 0);
        return Arrays.copyOf(out.array(), out.position());
    }

    /// A stored entry's descriptor whose sizes are of the other width than its local header implies
    /// (8 bytes without a zip64 extra field, 4 with one), as writers disagree, with and without its
    /// signature: Python's `zipfile` and the file walk read the entries by the central directory, and
    /// the streamed walk, which looked for one width alone, ran past every descriptor and refused the
    /// archive as cut short (with two threads, as binary text).
    @Test
    void storedEntriesWhoseDescriptorsHaveSizesOfTheOtherWidthConvertAsPandasReadsThem() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a.txt", "A,B\n1,2\n3,4\n".getBytes(StandardCharsets.US_ASCII));
        entries.put("c.txt", ("ID,NAME\n" + "7,seven\n".repeat(2000)).getBytes(StandardCharsets.US_ASCII));
        for (boolean signed : new boolean[] {true, false}) {
            for (boolean zip64Headers : new boolean[] {true, false}) {
                Path zip = peers.pandas22().newFile("width-" + signed + "-" + zip64Headers + ".zip");
                Files.write(zip, storedWithDescriptors(entries, signed, !zip64Headers, zip64Headers));
                convertsAsPandasReadsIt(zip, entries.size());
            }
        }
    }

    /// Both walks give every entry of `zip` as the frame pandas reads from it.
    private static void convertsAsPandasReadsIt(Path zip) throws IOException {
        convertsAsPandasReadsIt(zip, 6);
    }

    private static void convertsAsPandasReadsIt(Path zip, int entries) throws IOException {
        Map<String, Object> walks = new LinkedHashMap<>();
        walks.put("file", specs(ZipStreamProcessor.builder().parallelism(2).build(), zip, false));
        walks.put("stream, one thread", specs(ZipStreamProcessor.builder().build(), zip, true));
        walks.put("stream, two threads", specs(ZipStreamProcessor.builder().parallelism(2).build(), zip, true));

        JsonNode results = peers.pandas22().call(READ_BYTES + COMPARE,
                Map.of("zip", peers.pandas22().peerPath(zip), "walks", walks));

        assertThat(results.size()).isEqualTo(3 * entries);
        results.fields().forEachRemaining(r -> assertThat(r.getValue().get("equal").asBoolean())
                .as("%s: %s", r.getKey(), r.getValue().get("reason").asText()).isTrue());
    }

    /// A stored entry's data descriptor whose CRC-32 does not fit the data is damage, found by both
    /// walks: the stream by the descriptor itself, the file by the central directory's CRC-32.
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aStoredEntrysDescriptorWithAWrongCrcIsRefused(boolean asStream) throws IOException {
        Path zip = written();
        byte[] archive = Files.readAllBytes(zip);
        byte[] last = "K,V\n1,2\n".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(archive, last) + last.length;
        assertThat(archive[at]).isEqualTo((byte) 'P');
        archive[at + 4] ^= 1;
        Path damaged = Files.write(zip.resolveSibling("damaged.zip"), archive);

        assertThatThrownBy(() -> specs(ZipStreamProcessor.builder().build(), damaged, asStream))
                .isInstanceOfSatisfying(SourceDataException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SourceDataException.Problem.CORRUPT_ARCHIVE);
                    assertThat(e.getMessage()).contains("damaged.zip").contains("last.txt");
                });
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int at = 0; at + part.length <= bytes.length; at++) {
            if (Arrays.equals(bytes, at, at + part.length, part, 0, part.length)) {
                return at;
            }
        }
        throw new AssertionError("not found");
    }
}
