package dev.bsee.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.binary.PickleReader;
import dev.bsee.binary.PickleWriter;
import dev.bsee.core.BoolColumn;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Index;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.UInt64Column;
import dev.bsee.core.Table;
import dev.bsee.core.peer.Fixtures;
import dev.bsee.core.peer.PandasPeers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/// `bsee dump` prints what pandas sees: its split JSON reads back with `pandas.read_json` as the
/// original frame, and its CSV is the text `DataFrame.to_csv()` writes.
class DumpCommandTest {
    /// Reads split JSON as a DataFrame: pandas does not know the `dtypes` key, so it is removed and
    /// applied column by column (no type guessing); JSON has no RangeIndex, so after checking the labels the index is made one;
    /// `read_json` renames repeated column names, so they are restored.
    private static final String READ_SPLIT_JSON = """
            import io, json
            results = []
            for item in args['items']:
                try:
                    original = load_pickle(item['bin'])
                    with open(item['json'], encoding='utf-8') as f:
                        split = json.load(f)
                    dtypes = split.pop('dtypes')
                    assert dtypes == [str(t) for t in original.dtypes], 'dtypes %r' % dtypes
                    assert split['index'] == list(original.index), 'index labels differ'
                    frame = pd.read_json(io.StringIO(json.dumps(split)), orient='split', precise_float=True,
                                         dtype=False, convert_dates=False, keep_default_dates=False)
                    for position, dtype in enumerate(dtypes):
                        frame.isetitem(position, frame.iloc[:, position].astype(dtype))
                    frame.index = pd.RangeIndex(original.index.start, original.index.stop, original.index.step)
                    # read_json renames repeated column names ('f' -> 'f.1'); the JSON has the real ones.
                    frame.columns = pd.Index(split['columns'], dtype=object)
                    results.append(same_frame(frame, original))
                except BaseException as e:
                    results.append({'equal': False, 'reason': type(e).__name__ + ': ' + str(e)})
            result = results
            """;
    private static final String TO_CSV = "result = [load_pickle(p).to_csv() for p in args['paths']]";

    @RegisterExtension
    static final PandasPeers peers = new PandasPeers();

    record Run(int exitCode, String out, String err) {
    }

    static Run dump(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] command = new String[args.length + 1];
        command[0] = "dump";
        System.arraycopy(args, 0, command, 1, args.length);
        int exit = BseeCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(command);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void splitJsonOfEveryRangeIndexFixtureReadsBackAsTheFixture() throws IOException {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Path file : Fixtures.legacyBins()) {
            if (!(PickleReader.of().read(file).index() instanceof Index.Range)) {
                continue;
            }
            Run run = dump(file.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            items.add(jsonItem(file, run.out()));
        }
        assertThat(items).hasSizeGreaterThanOrEqualTo(12);
        assertAllEqual(peers.pandas22().call(READ_SPLIT_JSON, Map.of("items", items)), items);
    }

    @Test
    void pandasJsonIsReadByReadJsonAsItIsAndSplitJsonIsNot() throws IOException {
        List<Path> files = Fixtures.legacyBins().stream().sorted(java.util.Comparator.comparingLong(DumpCommandTest::size)).limit(4).toList();
        List<Map<String, Object>> items = new ArrayList<>();
        for (Path file : files) {
            Run pandas = dump(file.toString(), "--format", "pandas-json");
            Run typed = dump(file.toString());
            assertThat(pandas.exitCode()).as(pandas.err()).isZero();
            assertThat(pandas.out()).doesNotContain("\"dtypes\"");
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("bin", peers.pandas22().stage(file));
            item.put("pandas", pandas.out());
            item.put("typed", typed.out());
            items.add(item);
        }
        // What docs/cli.md tells a reader to run: read_json(orient="split") on the text, nothing removed.
        JsonNode results = peers.pandas22().call("""
                import io
                results = []
                for item in args['items']:
                    expected = load_pickle(item['bin'])
                    frame = pd.read_json(io.StringIO(item['pandas']), orient='split')
                    try:
                        pd.read_json(io.StringIO(item['typed']), orient='split')
                        typed_refused = False
                    except ValueError:
                        typed_refused = True
                    results.append({'shape': list(frame.shape) == list(expected.shape),
                                    'columns': [str(c) for c in frame.columns] == [str(c) for c in expected.columns],
                                    'typed_refused': typed_refused})
                result = results
                """, Map.of("items", items));
        assertThat(results).hasSize(files.size()).allSatisfy(result -> {
            assertThat(result.get("shape").asBoolean()).isTrue();
            assertThat(result.get("columns").asBoolean()).isTrue();
            assertThat(result.get("typed_refused").asBoolean()).as("pandas refuses the dtypes key").isTrue();
        });
    }

    @Test
    void csvOfEveryFixtureIsWhatToCsvWrites() throws IOException {
        List<Path> files = Fixtures.legacyBins();
        JsonNode expected = peers.pandas22().call(TO_CSV, Map.of("paths", files.stream().map(peers.pandas22()::stage).toList()));
        for (int i = 0; i < files.size(); i++) {
            Run run = dump(files.get(i).toString(), "--format", "csv");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).as(files.get(i).getFileName().toString()).isEqualTo(expected.get(i).asText());
        }
    }

    /// Values whose text pandas writes in particular ways; `tiny` is the smallest float in it.
    static Table trickyTable(Index index, double tiny) {
        return Table.builder()
                .column("f", Float64Column.of(0.1, 1e16, 1e15, 1e-5, 1e-4, -0.0, Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY, Double.NaN, 123456789.123, tiny, -1.7976931348623157e308))
                .column("s", ObjectColumn.of("a,b", "q\"q", "l\nl", "", null, " sp", "x\ry", "\u00fc\uD83D\uDE00", "tab\t", "'",
                        "", "last"))
                .column("i", Int64Column.of(Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, 2, 3, 4, 5, 6, 7, 8))
                .column("b", BoolColumn.of(true, false, true, false, true, false, true, false, true, false, true, false))
                .column("flags", objectsWithBools())
                .column("u", UInt64Column.of(-1L, Long.MIN_VALUE, 0, Long.MAX_VALUE, 1, 2, 3, 4, 5, 6, 7, 8))
                .column("dates", DateTimeColumn.of(0, DateTimeColumn.NAT, 86_400_000_000_000L, -86_400_000_000_000L,
                        0, 0, 0, 0, 0, 0, 0, 0))
                .column("nanos", DateTimeColumn.of(1, 2_000, 3_000_000, DateTimeColumn.NAT, 1_577_836_800_123_456_789L,
                        -1, 0, 0, 0, 0, 0, 0))
                .column("micros", DateTimeColumn.of(1_000, 2_000_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
                .column("seconds", DateTimeColumn.of(1_000_000_000L, 3_661_000_000_000L, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
                .column("f", Float64Column.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))
                .index(index)
                .build();
    }

    /// read_csv's True/False column with gaps (Python bools and NaN), with a string beside them.
    private static ObjectColumn objectsWithBools() {
        ObjectColumn.Builder column = ObjectColumn.builder(dev.bsee.core.BufferAllocator.heap());
        column.add(true).addMissing().add(false).add("True");
        for (int row = 4; row < 12; row++) {
            column.add(row % 3 == 0);
        }
        return column.build();
    }

    @Test
    void trickyValuesDumpAsPandasPrintsThem(@TempDir Path temp) throws IOException {
        List<Table> tables = List.of(
                // pandas' JSON reader refuses subnormal numbers (its own output too), so JSON gets a normal one.
                trickyTable(new Index.Range(5, 5 + 12 * 3, 3, "r"), Double.MIN_NORMAL),
                trickyTable(new Index.Range(0, 12, 1), Double.MIN_VALUE),
                trickyTable(new Index.Labels(Float64Column.of(1.5, Double.NaN, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)),
                        Double.MIN_VALUE),
                trickyTable(new Index.Multi(List.of(ObjectColumn.of("a", null, "c", "a", "b", "c", "a", "b", "c", "a", "b", "c"),
                        DateTimeColumn.of(0, 1_000, 0, 0, 0, 0, 0, 0, 0, DateTimeColumn.NAT, 0, 0)),
                        List.of(Optional.of("k"), Optional.empty())), Double.MIN_VALUE));
        List<Path> bins = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            Path bin = peers.pandas22().newFile("tricky" + i + ".bin");
            PickleWriter.of().write(tables.get(i), bin, bin.getParent());
            bins.add(bin);
        }
        JsonNode expected = peers.pandas22().call(TO_CSV, Map.of("paths", bins.stream().map(peers.pandas22()::peerPath).toList()));
        for (int i = 0; i < bins.size(); i++) {
            Run run = dump(bins.get(i).toString(), "--format", "csv");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).as("CSV of table " + i).isEqualTo(expected.get(i).asText());
        }
        Run json = dump(bins.getFirst().toString(), "--format", "split-json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.out()).contains("Infinity", "-Infinity", "null").doesNotContain("NaN");
        // pandas-json is strict JSON, infinities null as DataFrame.to_json writes them.
        Run pandasJson = dump(bins.getFirst().toString(), "--format", "pandas-json");
        assertThat(pandasJson.out()).doesNotContain("Infinity");
        JsonNode strict = new com.fasterxml.jackson.databind.ObjectMapper().readTree(pandasJson.out());
        assertThat(strict.path("data").get(6).get(0).isNull()).isTrue();
        assertThat(strict.path("data").get(7).get(0).isNull()).isTrue();
        List<Map<String, Object>> items = List.of(jsonItem(bins.getFirst(), json.out()));
        assertAllEqual(peers.pandas22().call(READ_SPLIT_JSON, Map.of("items", items)), items);
    }

    /// Frames whose index labels pandas writes in particular ways: a `MultiIndex` level of every dtype
    /// with and without missing labels (pandas' own levels, as `MultiIndex(levels, codes)` keeps them),
    /// an `Index` of every dtype, and timestamps in a column, a `DatetimeIndex` and a level whose form
    /// changes past the first chunk of rows `to_csv` formats at once. Each is pickled to `NAME.bin`
    /// beside the CSV `to_csv` writes of it, `NAME.csv`.
    private static final String INDEX_FRAMES = """
            import os
            out = args['dir']
            t = pd.Timestamp
            kinds = {
                'int64': pd.Index(np.array([7, -3, 2**62 + 1], dtype='int64')),
                'uint64': pd.Index(np.array([1, 2**63 + 5, 2**64 - 1], dtype='uint64')),
                'float64': pd.Index(np.array([1.0, 2.5, 1e16])),
                'bool': pd.Index(np.array([False, True])),
                'object': pd.Index(np.array(['a', 'b,c', ''], dtype=object)),
                'dates': pd.DatetimeIndex([t('2024-01-01'), t('2024-01-02'), t('1969-12-31')]),
                'times': pd.DatetimeIndex([t('2024-01-01'), t('2024-01-02 10:00:00.5'), t('2024-01-03 00:00:00.000001')]),
            }
            names = []
            def save(name, frame):
                frame.to_pickle(os.path.join(out, name + '.bin'))
                with open(os.path.join(out, name + '.csv'), 'w', encoding='utf-8', newline='') as f:
                    f.write(frame.to_csv())
                names.append(name)
            for kind, uniques in kinds.items():
                n = len(uniques)
                for missing in (False, True):
                    codes = [0, 1, n - 1, 0] if not missing else [0, -1, n - 1, -1]
                    mi = pd.MultiIndex(levels=[uniques, pd.Index(['x', 'y'], dtype=object)],
                                       codes=[codes, [0, 1, 0, 1]], names=['k', None])
                    save('level_' + kind + ('_missing' if missing else ''), pd.DataFrame({'v': [1, 2, 3, 4]}, index=mi))
                save('index_' + kind, pd.DataFrame({'v': np.arange(n)}, index=uniques))
            save('index_float64_missing', pd.DataFrame({'v': [1, 2]}, index=pd.Index([1.5, np.nan])))
            save('index_object_missing', pd.DataFrame({'v': [1, 2]}, index=pd.Index(['a', np.nan], dtype=object)))
            save('index_dates_missing', pd.DataFrame({'v': [1, 2]}, index=pd.DatetimeIndex([t('2024-01-01'), pd.NaT])))
            # Three columns: to_csv formats 33,333 rows at once; the times begin in the second chunk.
            rows = 40000
            stamps = pd.DatetimeIndex(np.where(np.arange(rows) < 35000, np.datetime64('2024-01-01', 'ns'),
                                               np.datetime64('2024-01-01T10:00:00.5', 'ns')))
            save('chunks_column', pd.DataFrame({'t': stamps, 'u': np.arange(rows), 'w': np.arange(rows)}))
            save('chunks_index', pd.DataFrame({'u': np.arange(rows), 'v': np.arange(rows), 'w': np.arange(rows)}, index=stamps))
            save('chunks_level', pd.DataFrame({'u': np.arange(rows), 'v': np.arange(rows), 'w': np.arange(rows)},
                                              index=pd.MultiIndex.from_arrays([stamps, np.arange(rows) % 3])))
            result = names
            """;

    /// `--format csv` writes the index as `to_csv` does for every dtype of index and level: an `int64`
    /// or `uint64` level with missing labels as its integers (it was written as the floats
    /// `get_level_values` makes of it, `1.0`, `9.223372036854776e+18`), and timestamps in the form of
    /// the chunk of rows pandas formats them in (a column and a `DatetimeIndex` per 100,000 cells of
    /// columns, a level as a whole). Checked against pandas 1.5 and 2.2.
    @Test
    void everyDtypeOfIndexAndLevelIsWrittenAsToCsvWritesIt() throws IOException {
        for (dev.bsee.core.peer.PandasPeer peer : List.of(peers.pandas15(), peers.pandas22())) {
            Path dir = peer.newFile("frames").getParent();
            JsonNode names = peer.call(INDEX_FRAMES, Map.of("dir", peer.peerPath(dir)));
            assertThat(names.size()).isEqualTo(27);
            for (JsonNode name : names) {
                Run run = dump(dir.resolve(name.asText() + ".bin").toString(), "--format", "csv");
                assertThat(run.exitCode()).as(run.err()).isZero();
                assertThat(run.out()).as(peer.kind() + " " + name.asText())
                        .isEqualTo(Files.readString(dir.resolve(name.asText() + ".csv")));
            }
        }
    }

    /// `-Duser.language=ar` once made dump print Arabic-Indic digits in exponents and timestamps.
    @Test
    void csvIsTheSameUnderALocaleWithOtherDigits() throws IOException {
        Path bin = peers.pandas22().newFile("tricky-locale.bin");
        PickleWriter.of().write(trickyTable(new Index.Range(0, 12, 1), Double.MIN_VALUE), bin,
                bin.getParent());
        String expected = peers.pandas22().call(TO_CSV, Map.of("paths", List.of(peers.pandas22().peerPath(bin)))).get(0).asText();
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            for (String tag : List.of("ar-EG", "hi-IN-u-nu-deva", "de-DE")) {
                java.util.Locale.setDefault(java.util.Locale.forLanguageTag(tag));
                Run csv = dump(bin.toString(), "--format", "csv");
                assertThat(csv.out()).as(tag).isEqualTo(expected);
                Run json = dump(bin.toString());
                assertThat(json.out()).as(tag).contains("\"1970-01-01T00:00:00.000000000\"")
                        .doesNotContainPattern("[\\u0660-\\u0669\\u06F0-\\u06F9\\u0966-\\u096F]");
            }
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    /// `--format` takes its value in any case, as `--dialect` and `--progress` take theirs (`--format
    /// CSV` was refused as an unknown format), under a locale whose capital I is no i (Turkish) too.
    @Test
    void theFormatIsTakenInAnyCase(@TempDir Path temp) throws IOException {
        Path bin = temp.resolve("wells.bin");
        PickleWriter.of().write(Table.builder().column("API_WELL_NUMBER", Int64Column.of(608164000100L))
                .column("WELL_NAME", ObjectColumn.of("A001")).build(), bin, temp);
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
            for (String format : List.of("csv", "pandas-json", "split-json")) {
                String expected = dump(bin.toString(), "--format", format).out();
                for (String typed : List.of(format.toUpperCase(java.util.Locale.ROOT),
                        Character.toUpperCase(format.charAt(0)) + format.substring(1))) {
                    Run run = dump(bin.toString(), "--format", typed);
                    assertThat(run.exitCode()).as(typed + ": " + run.err()).isZero();
                    assertThat(run.out()).as(typed).isEqualTo(expected);
                }
            }
        } finally {
            java.util.Locale.setDefault(before);
        }
        assertThat(dump(bin.toString(), "--format", "xml").exitCode()).isEqualTo(BseeCommand.USAGE);
    }

    @Test
    void multiIndexLabelsAreArraysInSplitJson(@TempDir Path temp) throws IOException {
        Path bin = temp.resolve("multi.bin");
        PickleWriter.of().write(Table.builder().column("v", Int64Column.of(1, 2))
                .index(new Index.Multi(List.of(ObjectColumn.of("a", null), Int64Column.of(7, 8)),
                        List.of(Optional.of("k"), Optional.empty())))
                .build(), bin, temp);
        Run run = dump(bin.toString());
        assertThat(run.out().strip()).isEqualTo(
                "{\"columns\":[\"v\"],\"dtypes\":[\"int64\"],\"index\":[[\"a\",7],[null,8]],\"data\":[[1],[2]]}");
    }

    @Test
    void badInputFailsWithOneLineAndNoOutput(@TempDir Path temp) throws IOException {
        Path text = Files.writeString(temp.resolve("notes.bin"), "LEASE_NUMBER,COMPLETION_NAME\n");
        Path truncated = temp.resolve("truncated.bin");
        Path complete = temp.resolve("complete.bin");
        PickleWriter.of().write(trickyTable(Index.range(12), 1), complete, temp);
        byte[] bytes = Files.readAllBytes(complete);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path unsafe = temp.resolve("unsafe.bin");
        Files.write(unsafe, new byte[] {(byte) 0x80, 2, 'c', 'o', 's', '\n', 's', 'y', 's', 't', 'e', 'm', '\n', '.'});

        // Two million nested marks (each above a list) in 4 MB: refused at the limit, not the heap's end.
        byte[] marks = new byte[2 + 2 * 2_000_000 + 1];
        marks[0] = (byte) 0x80;
        marks[1] = 4;
        for (int at = 2; at < marks.length - 1; at += 2) {
            marks[at] = '(';
            marks[at + 1] = ']';
        }
        marks[marks.length - 1] = '.';
        Path nested = Files.write(temp.resolve("nested.bin"), marks);

        Map<Path, String> expectedReason = new LinkedHashMap<>();
        expectedReason.put(temp.resolve("absent.bin"), "no such file");
        expectedReason.put(text, "not a pickle file: " + text + " starts with \"LEASE_NU\"...");
        expectedReason.put(truncated, "truncated");
        expectedReason.put(unsafe, "os.system");
        expectedReason.put(nested, "MARKs open at once");
        for (Map.Entry<Path, String> bad : expectedReason.entrySet()) {
            for (String format : List.of("split-json", "csv")) {
                Run run = dump(bad.getKey().toString(), "--format", format);
                assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
                assertThat(run.out()).isEmpty();
                assertThat(run.err().lines().toList()).singleElement().asString()
                        .startsWith("bsee dump: ").contains(bad.getValue()).contains(bad.getKey().toString());
            }
        }
        Run wrongFormat = dump(complete.toString(), "--format", "xml");
        assertThat(wrongFormat.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(wrongFormat.err()).contains("unknown format 'xml'");
    }

    /// A folder named like a `.bin` file is called a folder, a pickle of protocol 0 is told from a
    /// file that is no pickle, and a name holding a line break still gives one line: dump's failures
    /// go through the tool's one handler, as inspect's do.
    @Test
    void refusalsSayWhatThePathIsOnOneLine(@TempDir Path temp) throws IOException {
        Path folder = Files.createDirectory(temp.resolve("folder.bin"));
        Run onFolder = dump(folder.toString());
        assertThat(onFolder.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(onFolder.err().lines().toList()).singleElement().asString()
                .isEqualTo("bsee dump: " + folder + " is not a regular file (it is a folder): the command takes .bin files");

        // A link that leads nowhere is called a link, as inspect calls it, not a file that is missing.
        Path dangling = Files.createSymbolicLink(temp.resolve("dangling.bin"), temp.resolve("nowhere.bin"));
        Run onDangling = dump(dangling.toString());
        assertThat(onDangling.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(onDangling.err().lines().toList()).singleElement().asString().isEqualTo("bsee dump: " + dangling
                + " is not a regular file (it is a symbolic link): the command takes .bin files");

        // pickle.dumps({'a': 1}, protocol=0)
        Path protocol0 = Files.writeString(temp.resolve("old.bin"), "(dp0\nVa\np1\nI1\ns.");
        Run old = dump(protocol0.toString());
        assertThat(old.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(old.err().lines().toList()).singleElement().asString()
                .contains("a pickle of protocol 0 or 1").contains("protocols 2 to 5 are read");

        Path broken = Files.writeString(temp.resolve("two\nlines.bin"), "LEASE_NUMBER,A\n");
        Run named = dump("-v", broken.toString());
        assertThat(named.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(named.err().lines().findFirst()).hasValueSatisfying(first -> assertThat(first)
                .startsWith("bsee dump: not a pickle file: ").contains("lines.bin starts with \"LEASE_NU\"..."));
        assertThat(named.err()).as("-v adds the stack trace").contains("\tat dev.bsee.examples.cli.BinFiles.read");
    }

    /// `bsee dump big.bin | head`: once the output is closed, the dump stops instead of writing every
    /// remaining row into it.
    @Test
    void aClosedOutputStopsTheDump(@TempDir Path temp) throws IOException {
        int rows = 200_000;
        long[] values = new long[rows];
        java.util.Arrays.setAll(values, i -> i * 7L);
        Path bin = temp.resolve("big.bin");
        try (var out = Files.newOutputStream(bin)) {
            dev.bsee.binary.PickleWriter.builder().build().write(
                    dev.bsee.core.Table.builder().column("A", dev.bsee.core.Int64Column.of(values)).build(), out);
        }
        long[] written = {0};
        java.io.Writer closed = new java.io.Writer() {
            @Override
            public void write(char[] chars, int off, int len) throws IOException {
                written[0] += len;
                if (written[0] > 10_000) {
                    throw new IOException("Broken pipe");
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        String[] args = {"dump", bin.toString(), "--format", "csv"};
        StringWriter err = new StringWriter();
        int exit = BseeCommand.execute(args, new PrintWriter(closed), new PrintWriter(err, true), () -> false);
        assertThat(exit).isEqualTo(BseeCommand.FAILED);
        assertThat(err.toString()).isEqualTo("bsee dump: the output could not be written (standard output closed, or its disk full)" + System.lineSeparator());
        assertThat(written[0]).as("characters offered to the closed output").isLessThan(1_000_000);

        // Into a pipe whose reader had what it wanted (`| head`): no failure and no word, as with
        // every other command.
        written[0] = 0;
        StringWriter piped = new StringWriter();
        assertThat(BseeCommand.execute(args, new PrintWriter(closed), new PrintWriter(piped, true), () -> true))
                .isEqualTo(BseeCommand.OK);
        assertThat(piped.toString()).isEmpty();
        assertThat(written[0]).as("characters offered to the pipe").isLessThan(1_000_000);
    }

    /// A `.bin` at `bin` of one object column `name` holding `values`.
    private static Path binOfOneTextColumn(Path bin, String name, String... values) throws IOException {
        try (var out = Files.newOutputStream(bin)) {
            dev.bsee.binary.PickleWriter.builder().build().write(dev.bsee.core.Table.builder()
                    .column(name, ObjectColumn.of(values)).build(), out);
        }
        return bin;
    }

    /// Under a locale that gives ASCII (C, POSIX, or one not installed, which falls back to C) the
    /// JVM wrote every other character as `?`, exit 0: the output is UTF-8 then, as Python's is.
    @Test
    void textIsWrittenInUtf8WhereTheLocaleGivesAscii(@TempDir Path temp) throws Exception {
        Path bin = binOfOneTextColumn(temp.resolve("u.bin"), "s", "ünïcødé ☃ 日本", "emoji 😀");
        for (String locale : List.of("C", "xx_XX.UTF-8")) {
            ProcessBuilder child = CliRun.child("dump", bin.toString(), "--format", "csv");
            child.environment().remove("LANG");
            child.environment().remove("LC_CTYPE");
            child.environment().put("LC_ALL", locale);
            Process process = child.redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).isZero();
            assertThat(out).as(locale).isEqualTo(",s\n0,ünïcødé ☃ 日本\n1,emoji 😀\n");
        }
    }

    /// Under a locale of another charset than UTF-8 (`de_DE.ISO-8859-1`, whose `stdout.encoding` the
    /// child is given here) `dump` wrote the characters Latin-1 lacks as `?`, exit 0, and the others
    /// in Latin-1, which `pandas.read_csv` cannot read: its JSON and CSV are UTF-8 whatever the
    /// locale, while `inspect`, read by a person on that terminal, keeps the locale's charset.
    @Test
    void jsonAndCsvAreUtf8UnderALocaleOfAnotherCharset(@TempDir Path temp) throws Exception {
        Path bin = binOfOneTextColumn(temp.resolve("u.bin"), "Größe", "café", "€5 — 日本");
        Map<String, String> expected = Map.of(
                "csv", ",Größe\n0,café\n1,€5 — 日本\n",
                "split-json", "{\"columns\":[\"Größe\"],\"dtypes\":[\"object\"],\"index\":[0,1],"
                        + "\"data\":[[\"café\"],[\"€5 — 日本\"]]}\n",
                "pandas-json", "{\"columns\":[\"Größe\"],\"index\":[0,1],\"data\":[[\"café\"],[\"€5 — 日本\"]]}\n");
        for (var format : expected.entrySet()) {
            byte[] out = latin1Child("dump", bin.toString(), "--format", format.getKey());
            assertThat(new String(out, StandardCharsets.UTF_8)).as(format.getKey()).isEqualTo(format.getValue());
        }
        String inspected = new String(latin1Child("inspect", bin.toString()), StandardCharsets.ISO_8859_1);
        assertThat(inspected).contains("Größe", "café");
    }

    /// What `bsee ARGS...` printed on standard output in a child JVM whose standard output is
    /// Latin-1, as under `LC_ALL=de_DE.ISO-8859-1`; it must exit 0.
    private static byte[] latin1Child(String... args) throws Exception {
        ProcessBuilder child = CliRun.child(args);
        child.command().add(1, "-Dstdout.encoding=ISO-8859-1");
        Process process = child.redirectError(ProcessBuilder.Redirect.PIPE).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", args) + ": " + err).isZero();
        return out;
    }

    /// The same as a user meets it: `bsee dump big.bin | head -c 100` in a child JVM, a file far
    /// larger than the pipe's buffer, exits 0 without a word.
    @Test
    void aDumpIntoAPipeItsReaderClosedExitsZero(@TempDir Path temp) throws Exception {
        long[] values = new long[200_000];
        java.util.Arrays.setAll(values, i -> i * 7L);
        Path bin = temp.resolve("big.bin");
        try (var out = Files.newOutputStream(bin)) {
            dev.bsee.binary.PickleWriter.builder().build().write(
                    dev.bsee.core.Table.builder().column("A", dev.bsee.core.Int64Column.of(values)).build(), out);
        }
        for (String format : List.of("csv", "split-json")) {
            Process process = CliRun.child("dump", bin.toString(), "--format", format)
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
            byte[] head = process.getInputStream().readNBytes(100);
            process.getInputStream().close();
            String err = new String(process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(head).hasSize(100);
            assertThat(process.waitFor()).as(format + ": " + err).isEqualTo(BseeCommand.OK);
            assertThat(err).as(format).isEmpty();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Object> jsonItem(Path bin, String json) throws IOException {
        Path jsonFile = peers.pandas22().newFile(bin.getFileName() + ".json");
        Files.writeString(jsonFile, json, StandardCharsets.UTF_8);
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("bin", peers.pandas22().stage(bin));
        item.put("json", peers.pandas22().peerPath(jsonFile));
        return item;
    }

    private static void assertAllEqual(JsonNode results, List<Map<String, Object>> items) {
        for (int i = 0; i < items.size(); i++) {
            assertThat(results.get(i).get("equal").asBoolean()).as(items.get(i).get("bin") + ": "
                    + results.get(i).get("reason").asText()).isTrue();
        }
    }
}
