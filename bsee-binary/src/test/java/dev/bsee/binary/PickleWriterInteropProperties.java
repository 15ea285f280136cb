package dev.bsee.binary;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.core.Table;
import dev.bsee.core.peer.FrameSpecs;
import dev.bsee.core.peer.PandasPeer;
import dev.bsee.core.peer.PandasPeers;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/// Files written by [PickleWriter] load with `pickle.load` in pandas 1.5 and 2.2 with every warning
/// an error, and equal (`same_blocks`: names, dtypes, index, values, and the blocks in pandas' order)
/// the DataFrame pandas builds from the same values. Tables are checked in batches: one peer call loads and compares a whole batch.
class PickleWriterInteropProperties {
    /// frame_from_spec builds an object `Index` without a dtype, and pandas 1.5 then guesses a float
    /// index (with a FutureWarning) when all labels are missing; `expected_frame` gives the expected
    /// index `dtype=object`.
    static final String EXPECTED_FRAME = """
            def expected_frame(spec):
                labels = spec['index']
                if labels['kind'] != 'labels' or labels['dtype'] != 'object':
                    return frame_from_spec(spec)
                frame = frame_from_spec(dict(spec, index={'kind': 'range', 'start': 0, 'stop': spec['rows'], 'step': 1}))
                values = np.empty(len(labels['values']), dtype=object)
                for i, v in enumerate(labels['values']):
                    values[i] = np.nan if v is None else v
                frame.index = pd.Index(values, dtype=object, name=labels.get('name'))
                return frame
            """;

    static final String LOAD_AND_COMPARE = EXPECTED_FRAME + """
            results = []
            for item in args['items']:
                try:
                    with open(item['path'], 'rb') as f:
                        loaded = pickle.load(f)
                    results.append(same_blocks(loaded, expected_frame(item['spec'])))
                except BaseException as e:
                    results.append({'equal': False, 'reason': type(e).__name__ + ': ' + str(e)})
            result = results
            """;

    /// Started by the first property that asks; jqwik runs no JUnit extensions, so its container
    /// hook closes them.
    private static final PandasPeers peers = new PandasPeers();

    @AfterContainer
    static void stopPeers() {
        peers.close();
    }

    @Provide
    Arbitrary<List<Table>> batches() {
        return TableGenerators.tables(12, 7).list().ofSize(100);
    }

    @Property(tries = 2)
    void portableFilesLoadInBothPandasAsTheSameFrame(@ForAll("batches") List<Table> tables) throws IOException {
        for (Table table : tables) {
            Statistics.label("index").collect(table.index().getClass().getSimpleName());
            Statistics.label("rows").collect(table.rowCount() == 0 ? "0" : table.rowCount() < 5 ? "1-4" : "5+");
            table.dtypes().forEach(dtype -> Statistics.label("dtypes").collect(dtype.numpyName()));
        }
        assertLoadEqual(peers.pandas15(), PickleDialect.PORTABLE, tables);
        assertLoadEqual(peers.pandas22(), PickleDialect.PORTABLE, tables);
    }

    @Property(tries = 2)
    void numpy2FilesLoadInPandas22AsTheSameFrame(@ForAll("batches") List<Table> tables) throws IOException {
        assertLoadEqual(peers.pandas22(), PickleDialect.NUMPY2, tables);
    }

    /// Equal strings load as `read_csv` makes them: one object per value in a column, not shared
    /// across columns, whatever their length. A string per cell made the production files load in
    /// Python at 2.4 times the memory; a cache of recent strings (the writer's way until then) left
    /// two objects or more per value, a string per cell past 64 bytes, and shared values across
    /// columns.
    @net.jqwik.api.Example
    void equalStringsLoadAsReadCsvMakesThem() throws IOException {
        String mid = "CNOOC PETROLEUM USA INC, SUITE 100";
        String longer = "x".repeat(65);
        String[] values = new String[6000];
        for (int row = 0; row < values.length; row++) {
            values[row] = switch (row % 6) {
                case 0 -> "WD030";
                case 1 -> "EW" + row;
                case 2 -> mid;
                case 3 -> longer;
                case 4 -> null;
                default -> "00" + (row % 5000);
            };
        }
        Table table = Table.builder().column("A", dev.bsee.core.ObjectColumn.of(values))
                .column("B", dev.bsee.core.ObjectColumn.of(values)).build();
        StringBuilder csv = new StringBuilder("A,B\n");
        for (String value : values) {
            String cell = value == null ? "" : '"' + value + '"';
            csv.append(cell).append(',').append(cell).append('\n');
        }
        PandasPeer peer = peers.pandas22();
        Path file = peer.newFile("shared.bin");
        try (OutputStream out = Files.newOutputStream(file)) {
            PickleWriter.of().write(table, out);
        }
        Path text = Files.writeString(peer.newFile("shared.csv"), csv);
        JsonNode result = peer.call("""
                written = load_pickle(args['bin'])
                read = read_csv_like_legacy(args['csv'])
                result = same_objects(written, read)
                result['objects'] = len({id(v) for v in written['A'] if v == args['mid']})
                """, Map.of("bin", peer.peerPath(file), "csv", peer.peerPath(text), "mid", mid));
        assertThat(result.get("equal").asBoolean()).as(result.get("reason").asText()).isTrue();
        assertThat(result.get("objects").asInt()).isOne();
        assertLoadEqual(peer, PickleDialect.PORTABLE, List.of(table));
    }

    /// A long text in every row is shared too, but the memo references stay within what every
    /// reader's expansion budget allows ([ExpansionBudget#guaranteedForStrings]), writing the text
    /// whole again where one more reference would pass it: the file reads in a JVM of 64 MiB, whose
    /// heap's share alone would not allow the 9 or 10 MB its references expand to. With a column of
    /// short codes beside the text, the read also charges each cell's offset and flag; a writer that
    /// counted only the strings wrote a file its own reader refused there.
    @net.jqwik.api.Example
    void aLongTextInEveryRowIsSharedWithinWhatEveryReaderAllows() throws Exception {
        String remark = "REMARK " + "0123456789".repeat(200);
        String[] remarks = new String[5000];
        java.util.Arrays.fill(remarks, remark);
        String shorter = "R".repeat(1500);
        String[] codes = new String[6000];
        String[] beside = new String[6000];
        for (int row = 0; row < codes.length; row++) {
            codes[row] = "k" + row % 3;
            beside[row] = shorter;
        }
        Map<String, Table> tables = Map.of(
                "remarks", Table.builder().column("TEXT_REMARK", dev.bsee.core.ObjectColumn.of(remarks)).build(),
                "codes", Table.builder().column("CODE", dev.bsee.core.ObjectColumn.of(codes))
                        .column("TEXT_REMARK", dev.bsee.core.ObjectColumn.of(beside)).build());
        PandasPeer peer = peers.pandas22();
        for (Map.Entry<String, Table> named : tables.entrySet()) {
            Table table = named.getValue();
            Path file = peer.newFile(named.getKey() + ".bin");
            try (OutputStream out = Files.newOutputStream(file)) {
                PickleWriter.of().write(table, out);
            }
            assertThat(Files.size(file)).as("written whole once per budget's worth of references").isLessThan(200_000);
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                    "-cp", System.getProperty("java.class.path"), ReadChild.class.getName(), file.toString());
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(child.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
            assertThat(output.strip()).as(output).isEqualTo("rows " + table.rowCount());
            int last = table.columnCount() - 1;
            JsonNode objects = peer.call("""
                    frame = load_pickle(args['bin'])
                    texts = frame.iloc[:, args['column']]
                    result = {'objects': len({id(v) for v in texts}), 'same': bool((texts == args['text']).all())}
                    """, Map.of("bin", peer.peerPath(file), "column", last, "text", ((dev.bsee.core.ObjectColumn) table.column(last)).get(0)));
            assertThat(objects.get("same").asBoolean()).isTrue();
            assertThat(objects.get("objects").asInt()).isBetween(2, 60);
        }
    }

    /// A column whose rows' numbers would pass the plan's share of the heap (millions of rows under
    /// a small heap) is planned by its distinct strings alone: one object for each value, as pandas
    /// makes them, and none shared with another column.
    @net.jqwik.api.Example
    void aColumnPlannedByItsValuesLoadsAsReadCsvMakesIt() throws IOException {
        String[] values = new String[3000];
        for (int row = 0; row < values.length; row++) {
            values[row] = "k" + row % 3;
        }
        JsonNode result = objectsOfTwoEqualColumns(values, "values.bin");
        assertThat(result.get("equal").asBoolean()).isTrue();
        assertThat(result.get("shared").asInt()).isZero();
        assertThat(result.get("a").asInt()).isEqualTo(3);
    }

    /// A column whose distinct strings pass the plan's share of the heap too is written through the
    /// cache of recent strings, which shares most short values that repeat close together; never a
    /// value of another column, which in pandas' frames is an object of its own.
    @net.jqwik.api.Example
    void unplannedColumnsShareNoStringWithEachOther() throws IOException {
        // 750 distinct values, each in four rows in a row: more than the plan's 16 bytes hold.
        String[] values = new String[3000];
        for (int row = 0; row < values.length; row++) {
            values[row] = "k" + row / 4;
        }
        JsonNode result = objectsOfTwoEqualColumns(values, "unplanned.bin");
        assertThat(result.get("equal").asBoolean()).isTrue();
        assertThat(result.get("shared").asInt()).isZero();
        // Written whole the first time, memoised the second, referred to from then on.
        assertThat(result.get("a").asInt()).as("the cache shares the repeats").isEqualTo(2 * 750);
    }

    /// The cache finds a string by a hash of all its bytes and its length: values alike but for
    /// their middle bytes or their length (dates of one month and hour, a run of spaces or of one
    /// letter of another length) each keep a slot of their own and are shared as they repeat, among
    /// values that come once. Hashed by their first and last eight bytes alone, they all fell into
    /// one slot, evicted each other, and were written whole in every row.
    @net.jqwik.api.Example
    void unplannedValuesAlikeButForTheirMiddleOrLengthAreSharedAsTheyRepeat() throws IOException {
        List<String> alike = new ArrayList<>();
        for (int day = 10; day < 20; day++) {
            alike.add("2024-01-" + day + " 00:00:00");
        }
        for (int spaces = 7; spaces < 12; spaces++) {
            alike.add("A" + " ".repeat(spaces) + "B");
        }
        alike.addAll(List.of("\u00e9".repeat(20), "\u00e9".repeat(31), "\u00e9".repeat(32), "y".repeat(16), "y".repeat(17),
                "abcdefgh-1-ijklmnop", "abcdefgh-2-ijklmnop"));
        String[] values = new String[20_000];
        java.util.Random random = new java.util.Random(7);
        for (int row = 0; row < values.length; row++) {
            values[row] = row % 2 == 0 ? alike.get(random.nextInt(alike.size())) : "once " + row;
        }
        Table table = Table.builder().column("A", dev.bsee.core.ObjectColumn.of(values)).build();
        PandasPeer peer = peers.pandas22();
        Path file = peer.newFile("alike.bin");
        try (OutputStream out = Files.newOutputStream(file)) {
            new DataFrameEncoder(out, PickleDialect.PORTABLE, 16).write(table);
        }
        JsonNode result = peer.call("""
                frame = load_pickle(args['bin'])
                alike = set(args['alike'])
                result = {'objects': len({id(v) for v in frame['A'] if v in alike}),
                          'equal': list(frame['A']) == args['values']}
                """, Map.of("bin", peer.peerPath(file), "alike", alike, "values", List.of(values)));
        assertThat(result.get("equal").asBoolean()).isTrue();
        // Two objects each (written whole the first time, memoised the second), a few more where a
        // value that comes once evicted one before it came again: not one per row (about 10,000).
        assertThat(result.get("objects").asInt()).as("objects of the %d values alike", alike.size())
                .isLessThanOrEqualTo(4 * alike.size());
    }

    /// Two columns of `values` written with a plan limit of 16 bytes, loaded in pandas 2.2: the
    /// string objects of the first, those it shares with the second, and whether they are equal.
    private JsonNode objectsOfTwoEqualColumns(String[] values, String name) throws IOException {
        Table table = Table.builder().column("A", dev.bsee.core.ObjectColumn.of(values))
                .column("B", dev.bsee.core.ObjectColumn.of(values)).build();
        PandasPeer peer = peers.pandas22();
        Path file = peer.newFile(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            new DataFrameEncoder(out, PickleDialect.PORTABLE, 16).write(table);
        }
        return peer.call("""
                frame = load_pickle(args['bin'])
                a = {id(v) for v in frame['A']}
                b = {id(v) for v in frame['B']}
                result = {'shared': len(a & b), 'a': len(a), 'equal': bool(frame['A'].equals(frame['B']))}
                """, Map.of("bin", peer.peerPath(file)));
    }

    static void assertLoadEqual(PandasPeer peer, PickleDialect dialect, List<Table> tables) throws IOException {
        PickleWriter writer = PickleWriter.builder().dialect(dialect).build();
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            Path file = peer.newFile("t" + i + ".bin");
            try (OutputStream out = Files.newOutputStream(file)) {
                writer.write(tables.get(i), out);
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("path", peer.peerPath(file));
            item.put("spec", FrameSpecs.spec(tables.get(i)));
            items.add(item);
        }
        JsonNode results = peer.call(LOAD_AND_COMPARE, Map.of("items", items));
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            JsonNode result = results.get(i);
            if (!result.get("equal").asBoolean()) {
                failures.add(result.get("reason").asText() + "\n" + tables.get(i));
            }
        }
        assertThat(failures).as(dialect + " files in " + peer).isEmpty();
    }
}
