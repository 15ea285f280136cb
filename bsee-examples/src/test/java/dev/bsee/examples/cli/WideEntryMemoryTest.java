package dev.bsee.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.core.peer.PandasPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/// Memory grows with the data, not with the number of columns: `bsee convert` in a JVM with a
/// 256 MiB heap reads a row of 100,000 fields (pandas reads it in about 120 MB) into a `.bin` that
/// pandas loads as its own `read_csv` of the entry, and refuses a row of a million fields with a
/// message naming the limit instead of running out of memory.
class WideEntryMemoryTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String output) {
    }

    @Test
    void aHundredThousandColumnsConvertInA256MiBHeapAsPandasReadsThem() throws Exception {
        Path archive = wideArchive("wide.zip", 100_000);
        Path out = dir.resolve("out");
        Run run = convertInChild(archive, out);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("wide.txt -> wide.bin: 3 rows, 100,000 columns");
        try (PandasPeer peer = PandasPeer.start(PandasPeer.Kind.PANDAS22)) {
            JsonNode same = peer.call("""
                    import zipfile, io
                    with zipfile.ZipFile(args['zip']) as archive:
                        text = archive.read('wide.txt')
                    path = args['zip'] + '.txt'
                    with open(path, 'wb') as f:
                        f.write(text)
                    result = same_frame(read_csv_like_legacy(path), load_pickle(args['bin']))
                    """, Map.of("zip", peer.stage(archive), "bin", peer.stage(out.resolve("wide.bin"))));
            assertThat(same.get("equal").asBoolean()).as(same.get("reason").asText()).isTrue();
        }
    }

    @Test
    void aMillionColumnsAreRefusedWithTheLimitNotAnOutOfMemoryError() throws Exception {
        Path archive = wideArchive("wider.zip", 1_000_000);
        Path out = dir.resolve("out");
        Run run = convertInChild(archive, out);
        assertThat(run.output()).doesNotContain("OutOfMemoryError");
        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("wider.zip: wide.txt: line 1: the row has more than")
                .contains("fields").contains("-Xmx");
        assertThat(out.resolve("wide.bin")).doesNotExist();
    }

    /// One entry `wide.txt`: a header of `columns` names and three rows of one-digit numbers.
    private Path wideArchive(String name, int columns) throws IOException {
        StringBuilder text = new StringBuilder(columns * 8);
        for (int i = 0; i < columns; i++) {
            text.append(i == 0 ? "" : ",").append('c').append(i);
        }
        for (int row = 0; row < 3; row++) {
            text.append('\n');
            for (int i = 0; i < columns; i++) {
                text.append(i == 0 ? "" : ",").append((char) ('0' + (i * (row + 3)) % 10));
            }
        }
        text.append('\n');
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("wide.txt"));
            zip.write(text.toString().getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return Files.write(dir.resolve(name), bytes.toByteArray());
    }

    private static Run convertInChild(Path archive, Path out) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BseeCommand.class.getName());
        command.addAll(List.of("convert", archive.toString(), "--out", out.toString(), "--progress", "none"));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Run(child.exitValue(), output);
    }
}
