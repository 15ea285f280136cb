package dev.bsee.binary;

import dev.bsee.core.Float64Column;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import dev.bsee.core.peer.Fixtures;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/// [PickleReader#read(InputStream)] reads one pickle and no byte after it, as `pickle.load` does: a
/// caller's stream that holds more (a second pickle, anything else) is left at the pickle's end. It
/// read ahead by up to 64 KiB, so the second of two pickles in one stream was lost to the caller.
class StreamedPickleReadProperties {

    @Provide
    Arbitrary<Table> tables() {
        return TableGenerators.tables(40, 8);
    }

    @Property(tries = 200)
    void aStreamIsLeftAtTheEndOfEachPickle(@ForAll("tables") Table first, @ForAll("tables") Table second,
            @ForAll PickleDialect dialect, @ForAll @Size(max = 100) byte[] after,
            @ForAll @IntRange(min = 1, max = 100_000) int largestRead) throws IOException {
        byte[] one = pickle(first, dialect);
        byte[] two = pickle(second, dialect);
        ChunkedStream stream = new ChunkedStream(concat(one, two, after), largestRead);

        assertThat(PickleReader.of().read(stream)).isEqualTo(first);
        assertThat(stream.position()).isEqualTo(one.length);
        assertThat(PickleReader.of().read(stream)).isEqualTo(second);
        assertThat(stream.readAllBytes()).isEqualTo(after);
    }

    /// Columns of more than 64 KiB, whose bytes a framed pickle writes between its frames.
    @Property(tries = 10)
    void columnsWrittenBetweenFramesAreReadToTheirEndOnly(@ForAll @IntRange(min = 8_000, max = 60_000) int rows,
            @ForAll PickleDialect dialect, @ForAll @IntRange(min = 1, max = 300_000) int largestRead) throws IOException {
        Table table = Table.builder()
                .column("n", Int64Column.of(IntStream.range(0, rows).asLongStream().toArray()))
                .column("x", Float64Column.of(IntStream.range(0, rows).asDoubleStream().map(v -> v / 3).toArray()))
                .column("s", ObjectColumn.of(IntStream.range(0, rows).mapToObj(i -> "w" + i % 977).toArray(String[]::new)))
                .build();
        byte[] one = pickle(table, dialect);
        byte[] after = "not a pickle".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ChunkedStream stream = new ChunkedStream(concat(one, after), largestRead);

        assertThat(PickleReader.of().read(stream)).isEqualTo(table);
        assertThat(stream.readAllBytes()).isEqualTo(after);
    }

    /// The files pandas wrote (framed by Python's pickler), and the same files without their frames.
    @Example
    void pandasWrittenFilesAreReadToTheirEndOnlyFramedOrNot() throws IOException {
        for (Path file : Fixtures.legacyBins()) {
            byte[] framed = Files.readAllBytes(file);
            for (byte[] pickle : new byte[][] {framed, PickleOpcodes.unframed(framed)}) {
                Table expected = PickleReader.of().read(file);
                ChunkedStream stream = new ChunkedStream(concat(pickle, pickle), 1 << 20);
                assertThat(PickleReader.of().read(stream)).as("%s", file).isEqualTo(expected);
                assertThat(stream.position()).as("%s", file).isEqualTo(pickle.length);
                assertThat(PickleReader.of().read(stream)).as("%s, second", file).isEqualTo(expected);
                assertThat(stream.position()).as("%s, second", file).isEqualTo(2L * pickle.length);
            }
        }
    }

    private static byte[] pickle(Table table, PickleDialect dialect) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PickleWriter.builder().dialect(dialect).build().write(table, bytes);
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(all::writeBytes);
        return all.toByteArray();
    }

    /// A stream that cannot be marked (nothing read can be given back) and hands out at most
    /// `largestRead` bytes a read, as a socket does.
    private static final class ChunkedStream extends InputStream {
        private final byte[] bytes;
        private final int largestRead;
        private int position;

        ChunkedStream(byte[] bytes, int largestRead) {
            this.bytes = bytes;
            this.largestRead = largestRead;
        }

        long position() {
            return position;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (position == bytes.length) {
                return -1;
            }
            int count = Math.min(Math.min(length, largestRead), bytes.length - position);
            System.arraycopy(bytes, position, target, offset, count);
            position += count;
            return count;
        }
    }
}
