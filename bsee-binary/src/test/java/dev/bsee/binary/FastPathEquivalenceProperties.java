package dev.bsee.binary;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.binary.internal.SpillingAllocator;
import dev.bsee.core.Column;
import dev.bsee.core.DType;
import dev.bsee.core.Index;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import dev.bsee.core.peer.FrameSpecs;
import dev.bsee.core.peer.PandasPeer;
import dev.bsee.core.peer.PandasPeers;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.bsee.binary.Opcodes.*;
import static org.assertj.core.api.Assertions.assertThat;

/// The reader's fast paths (list items straight into the list, object columns copied range by
/// range) give exactly the table the opcode-by-opcode path gives, and refuse what it refuses with the
/// same message: for pickles Java writes, long ones included (many `APPENDS` batches, strings across
/// read-buffer boundaries, strings longer than the buffer), for mutated ones, for random runs of list
/// items, and for what pandas 1.5 and 2.2 write with protocols 2 to 5 (memo references to repeated
/// strings, `None` beside `NaN`).
class FastPathEquivalenceProperties {
    private static final PickleReader FAST = PickleReader.of();
    private static final PickleReader GENERAL = PickleReader.builder().fastPaths(false).build();

    /// Pickles the frames of a batch with each protocol; every other frame gets interned strings (so
    /// pickle writes memo references to them) and `None` for every other missing value.
    private static final String DUMP_WITH_PROTOCOLS = PickleWriterInteropProperties.EXPECTED_FRAME + """
            import sys
            out = []
            for k, item in enumerate(args['items']):
                frame = expected_frame(item['spec'])
                if k % 2 == 1:
                    for j in range(frame.shape[1]):
                        if frame.dtypes.iloc[j] == object:
                            values = frame.iloc[:, j].to_numpy(copy=True)
                            for r, v in enumerate(values):
                                if isinstance(v, str):
                                    values[r] = sys.intern(v)
                                elif r % 2 == 1:
                                    values[r] = None
                            frame.isetitem(j, values)
                    frame = frame.copy()
                for protocol in (2, 3, 4, 5):
                    path = args['dir'] + '/f' + str(k) + '.p' + str(protocol) + '.bin'
                    with open(path, 'wb') as f:
                        pickle.dump(frame, f, protocol=protocol)
                    out.append(path)
            result = out
            """;

    @Provide
    Arbitrary<Table> tables() {
        return TableGenerators.tables(40, 8);
    }

    @Property(tries = 200)
    void javaWrittenPicklesReadTheSameBothWays(@ForAll("tables") Table table, @ForAll PickleDialect dialect)
            throws IOException {
        byte[] pickle = write(table, dialect);
        assertThat(read(FAST, pickle)).isEqualTo(read(GENERAL, pickle)).isEqualTo(table);
    }

    /// Thousands of rows of object columns: short, repeated, long (`BINUNICODE`) and, rarely, longer
    /// than the read buffer, with missing values; an object index of the same.
    @Provide
    Arbitrary<Table> longTables() {
        return Arbitraries.integers().between(1_500, 4_000).flatMap(rows -> Combinators.combine(
                        manyStrings(rows).list().ofMinSize(1).ofMaxSize(4),
                        TableGenerators.column(DType.INT64, rows),
                        Arbitraries.oneOf(Arbitraries.just(Optional.<Column>empty()), manyStrings(rows).map(Optional::of)))
                .as((strings, ints, labels) -> {
                    Table.Builder table = Table.builder().column("n", ints);
                    for (int i = 0; i < strings.size(); i++) {
                        table.column("s" + i, strings.get(i));
                    }
                    labels.ifPresent(column -> table.index(new Index.Labels(column, "k")));
                    return table.rows(rows).build();
                }));
    }

    private static Arbitrary<Column> manyStrings(int rows) {
        Arbitrary<String> value = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(600, TableGenerators.text()),
                net.jqwik.api.Tuple.of(300, Arbitraries.of("OIL", "GAS", " 00016", "G12345", "")),
                net.jqwik.api.Tuple.of(30, TableGenerators.text().map(text -> text.repeat(40))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("ü".repeat(40_000), "x".repeat(70_000))));
        return value.injectNull(0.15).list().ofSize(rows).map(values -> ObjectColumn.of(values.toArray(String[]::new)));
    }

    @Property(tries = 25)
    void longPicklesReadTheSameBothWays(@ForAll("longTables") Table table, @ForAll PickleDialect dialect)
            throws IOException {
        byte[] pickle = write(table, dialect);
        Statistics.collect(pickle.length < 64 << 10 ? "within one read buffer" : "several read buffers");
        assertThat(read(FAST, pickle)).isEqualTo(read(GENERAL, pickle)).isEqualTo(table);
        // From a file (payloads sized by the file) into buffers that spill.
        Path directory = Files.createTempDirectory("bsee-fast-path");
        Path file = directory.resolve("t.bin");
        try (SpillingAllocator allocator = SpillingAllocator.open(directory, 16 << 10)) {
            Files.write(file, pickle);
            assertThat(PickleReader.builder().allocator(allocator).build().read(file)).isEqualTo(table);
        } finally {
            Files.deleteIfExists(file);
            Files.delete(directory);
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedPickles() {
        return new HostilePickleProperties().mutatedPickles();
    }

    @Property(tries = 600)
    void mutatedPicklesReadTheSameOrAreRefusedAlikeBothWays(@ForAll("mutatedPickles") byte[] input) throws IOException {
        String fast = described(FAST, input);
        Statistics.collect(fast.startsWith("table") ? "read" : "refused");
        assertThat(fast).isEqualTo(described(GENERAL, input));
    }

    /// Runs the fast path must hand back to the stack path, each ending in the same table or the same
    /// refusal, message included.
    @Example
    void runsHandedBackToTheStackPathEndAsOnTheStack() throws IOException {
        List<PickleBytes> pickles = List.of(
                PickleBytes.protocol(4).op(EMPTY_LIST).op(MARK).op(MEMOIZE).op(STOP),
                PickleBytes.protocol(4).op(EMPTY_LIST).op(MARK).op(BINPUT).raw(0).op(STOP),
                PickleBytes.protocol(4).op(EMPTY_LIST).op(MARK).str("a").op(NONE).op(TUPLE).op(APPEND).op(STOP),
                PickleBytes.protocol(4).op(EMPTY_LIST).op(MARK).op(NONE).op(BINGET).raw(5).op(APPENDS).op(STOP),
                PickleBytes.protocol(4).op(EMPTY_LIST).op(MARK).op(SHORT_BINUNICODE).raw(2, 0xed, 0xa0).op(APPENDS).op(STOP),
                PickleBytes.protocol(4).op(EMPTY_LIST).op(MARK).op(BINFLOAT).int64(Long.reverseBytes(Double.doubleToLongBits(1.5)))
                        .op(APPENDS).op(STOP),
                PickleBytes.protocol(4).op(EMPTY_LIST).op(MEMOIZE).op(MARK).op(BINGET).raw(0).op(NONE).op(APPENDS).op(STOP),
                PickleBytes.protocol(4).op(EMPTY_LIST).op(MARK).op(SHORT_BINUNICODE).raw(5, 'a', 'b'),
                PickleBytes.protocol(4).op(EMPTY_LIST).op(MARK).op(NONE).op(NONE));
        for (PickleBytes pickle : pickles) {
            byte[] bytes = pickle.toByteArray();
            assertThat(described(FAST, bytes)).isEqualTo(described(GENERAL, bytes)).startsWith("refused");
        }
    }

    /// Whole opcodes (with operands) of list items and of what may interrupt them, after a list and
    /// its `MARK`: memo stores and references (defined or not), strings (some not UTF-8, some cut
    /// short), floats, `None`, frames, and opcodes that end or break a run.
    @Provide
    Arbitrary<byte[]> runSoup() {
        Arbitrary<byte[]> item = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(op(NONE), op(MEMOIZE), op(APPENDS), op(MARK),
                        op(BINFLOAT, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0), op(BINFLOAT, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0))),
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, 6).map(i -> op(BINGET, i))),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 6).map(i -> op(LONG_BINGET, i, 0, 0, 0))),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 6).map(i -> op(BINPUT, i))),
                net.jqwik.api.Tuple.of(6, Arbitraries.of("a", "OIL", "", "ü", "x".repeat(20)).map(text -> {
                    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                    byte[] string = new byte[utf8.length + 2];
                    string[0] = (byte) SHORT_BINUNICODE;
                    string[1] = (byte) utf8.length;
                    System.arraycopy(utf8, 0, string, 2, utf8.length);
                    return string;
                })),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(op(SHORT_BINUNICODE, 2, 0xed, 0xa0), op(SHORT_BINUNICODE, 9, 'a'),
                        op(FRAME, 9, 0, 0, 0, 0, 0, 0, 0), op(BINUNICODE, 1, 0, 0, 0, 'b'), op(APPEND), op(TUPLE), op(POP),
                        op(EMPTY_LIST), op(STOP))));
        return item.list().ofMaxSize(40).map(items -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(op(PROTO, 4, EMPTY_LIST, MEMOIZE, MARK));
            items.forEach(bytes::writeBytes);
            return bytes.toByteArray();
        });
    }

    private static byte[] op(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    @Property(tries = 1000)
    void randomRunsEndAsOnTheStack(@ForAll("runSoup") byte[] pickle) throws IOException {
        assertThat(described(FAST, pickle)).isEqualTo(described(GENERAL, pickle));
    }

    private static String described(PickleReader reader, byte[] pickle) throws IOException {
        try {
            return "table " + read(reader, pickle);
        } catch (PickleFormatException refused) {
            return "refused: " + refused.getMessage();
        }
    }

    @Provide
    Arbitrary<List<Table>> batches() {
        return TableGenerators.tables(30, 7).list().ofSize(80);
    }

    /// One batch, for the peers' sake: each pandas pickles its frames with each protocol in one call.
    @Property(tries = 1)
    void pandasPicklesOfEveryProtocolReadTheSameBothWays(@ForAll("batches") List<Table> tables) throws IOException {
        try (PandasPeers peers = new PandasPeers()) {
            assertPandasPicklesReadTheSame(peers.pandas15(), tables);
            assertPandasPicklesReadTheSame(peers.pandas22(), tables);
        }
    }

    private static void assertPandasPicklesReadTheSame(PandasPeer peer, List<Table> tables) throws IOException {
        Path dir = peer.newFile("frames");
        Files.createDirectories(dir);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Table table : tables) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("spec", FrameSpecs.spec(table));
            items.add(item);
        }
        JsonNode paths = peer.call(DUMP_WITH_PROTOCOLS, Map.of("items", items, "dir", peer.peerPath(dir)));
        assertThat(paths.size()).isEqualTo(tables.size() * 4);
        for (JsonNode path : paths) {
            Path file = dir.resolve(Path.of(path.asText()).getFileName().toString());
            Table fast = FAST.read(file);
            assertThat(fast).as(peer + " " + file.getFileName()).isEqualTo(GENERAL.read(file));
        }
    }

    private static byte[] write(Table table, PickleDialect dialect) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PickleWriter.builder().dialect(dialect).build().write(table, bytes);
        return bytes.toByteArray();
    }

    private static Table read(PickleReader reader, byte[] pickle) throws IOException {
        return reader.read(new ByteArrayInputStream(pickle));
    }
}
