package dev.bsee.binary;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.core.Table;
import dev.bsee.core.peer.PandasPeer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// What pandas writes (pandas 1.5 and 2.2; protocols 2, 3, 4 and 5) reads into the table pandas
/// describes, and writing that table back gives a file pandas loads as a DataFrame equal to the one
/// it pickled.
class PandasWrittenPicklesTest {

    /// Frames covering every supported dtype and index kind, plus the layouts pandas produces:
    /// Fortran-ordered blocks, non-contiguous placements, duplicate names, empty frames, large arrays.
    static final String DUMP_FRAMES = """
            import datetime
            n = 7
            base = pd.DataFrame({
                'i': np.array([0, -1, 2**63 - 1, -2**63, 5, 6, 7], dtype='int64'),
                'f': [1.5, np.nan, np.inf, -np.inf, -0.0, 1e300, 5e-324],
                's': np.array(['a', np.nan, None, '', '\\u00fc', '\\U0001F600x', 'long' * 100], dtype=object),
                'b': [True, False, True, True, False, False, True],
                't': np.array(['2020-01-01', 'NaT', '1970-01-01', '2262-04-11', '1677-09-22',
                               '2000-02-29T12:34:56.123456789', '2024-06-01'], dtype='datetime64[ns]'),
                'i2': np.arange(n, dtype='int64'),
                's2': ['k%d' % i for i in range(n)],
            })
            big = 20000
            # Blocks that share string objects (so pickle refers from one block's items to strings
            # stored in the memo by another's), of a length whose last item pickle appends alone.
            shared = pd.DataFrame({'s': ['w%d' % (i % 50) for i in range(1001)]})
            shared['i'] = np.arange(1001, dtype='int64')
            shared['t'] = shared['s']
            frames = {
                'all_dtypes': base,
                'interleaved': base[['i', 's', 'f', 'i2', 'b', 's2', 't']],
                'duplicate_names': base[['i', 'f', 's']].set_axis(['a', 'a', 'b'], axis=1),
                'fortran_int': pd.DataFrame(np.arange(21, dtype='int64').reshape(7, 3), columns=['x', 'y', 'z']),
                'fortran_float': pd.DataFrame(np.linspace(0, 1, 14).reshape(7, 2), columns=['p', 'q']),
                # A C-ordered 2-D object array makes a Fortran-ordered block (its transpose), whose
                # items numpy still pickles in logical order; `values_copy` makes a C-ordered one.
                'fortran_object': pd.DataFrame(np.array([['a%d' % r, np.nan if r == 2 else 'b%d' % r, 'c%d' % r]
                                                         for r in range(n)], dtype=object), columns=['x', 'y', 'z']),
                'values_copy': pd.DataFrame(base[['s', 's2']].values, columns=['s', 's2']),
                'object_index': base.set_index('s2'),
                'object_index_missing': base.set_index('s'),
                'int_index': base.set_index('i'),
                'float_index': base.set_index('f'),
                'datetime_index': base.set_index('t'),
                'multi_index': base.set_index(['s', 'i2']),
                'multi_index3': base.set_index(['t', 'f', 'i']),
                'range_step': pd.DataFrame({'a': [1, 2, 3]}, index=pd.RangeIndex(10, 4, -2, name='r')),
                # A span wider than a long (stop - start overflows one): read as empty, then refused.
                'range_wide': pd.DataFrame({'a': [1, 2]}, index=pd.RangeIndex(-2**62, 2**62, 2**62)),
                'empty': pd.DataFrame(),
                'empty_rows': pd.DataFrame({'a': pd.Series([], dtype='int64'), 'b': pd.Series([], dtype=object)}),
                'no_columns': pd.DataFrame(index=pd.RangeIndex(5)),
                'large': pd.DataFrame({'i': np.arange(big, dtype='int64'), 's': [str(i) for i in range(big)],
                                       'f': np.arange(big) / 7.0, 'b': np.arange(big) % 3 == 0}),
                'shared_strings': shared,
                # read_csv keeps one str object for a repeated value: 2,000 references to one
                # 2,000-character remark, 4 MB of text from a pickle of some 20 KB.
                # date_range and resample give the index a frequency, pickled as an offset object.
                'datetime_index_freq': pd.DataFrame({'v': [1, 2, 3]}, index=pd.date_range('2024-01-01', periods=3)),
                'resampled': pd.DataFrame({'v': [1, 2, 3]}, index=pd.to_datetime(['2024-01-01', '2024-01-05',
                                                                                   '2024-03-01'])).resample('MS').sum(),
                # Business days and hours: the offset's arguments hold a datetime.timedelta and times.
                'business_day_freq': pd.DataFrame({'v': [1, 2, 3]}, index=pd.date_range('2024-01-01', periods=3, freq='B')),
                'business_hour_freq': pd.DataFrame({'v': [1, 2, 3]}, index=pd.date_range(
                    '2024-01-01 09:00', periods=3, freq='bh' if pd.__version__ >= '2.2' else 'BH')),
                'uint64': pd.DataFrame({'u': np.array([0, 2**63, 2**64 - 1], dtype='uint64'), 'i': [1, 2, 3]},
                                       index=pd.Index(np.array([5, 2**64 - 2, 7], dtype='uint64'))),
                'uint64_level': pd.DataFrame({'v': [1, 2, 3]}, index=pd.MultiIndex.from_arrays(
                    [np.array([2**64 - 1, 0, 2**64 - 1], dtype='uint64'), ['a', 'b', 'c']])),
                'bools_with_missing': pd.read_csv(__import__('io').StringIO('FLAG,N\\nTrue,1\\n,2\\nfalse,3\\nTRUE,4\\n')),
                'bool_level_with_missing': pd.DataFrame({'v': [1, 2, 3]}, index=pd.MultiIndex.from_arrays(
                    [[1, 2, 3], np.array([True, np.nan, False], dtype=object)])),
                # Integer levels with missing labels: get_level_values gives float64, the levels
                # keep their integers (past 2**53 too), which a rewrite must keep.
                'int_level_with_missing': pd.DataFrame({'v': [1, 2, 3]}, index=pd.MultiIndex(
                    levels=[pd.Index(np.array([5, 2**60 + 1], dtype='int64')), pd.Index(['a'], dtype=object)],
                    codes=[[-1, 1, 0], [0, 0, 0]])),
                'uint_level_with_missing': pd.DataFrame({'v': [1, 2, 3]}, index=pd.MultiIndex(
                    levels=[pd.Index(np.array([1, 2**64 - 1], dtype='uint64')), pd.Index(['a'], dtype=object)],
                    codes=[[1, -1, 0], [0, 0, 0]])),
                'repeated_remark': pd.read_csv(__import__('io').StringIO(
                    'API,REMARK\\n' + ''.join('%d,%s\\n' % (i, 'R' * 2000) for i in range(2000)))),
            }
            out = []
            for name, frame in frames.items():
                for protocol in (2, 3, 4, 5):
                    path = args['dir'] + '/' + name + '.p' + str(protocol) + '.bin'
                    with open(path, 'wb') as f:
                        pickle.dump(frame, f, protocol=protocol)
                    out.append({'name': name, 'protocol': protocol, 'path': path, 'described': describe(frame)})
            result = out
            """;

    static final String COMPARE_REWRITTEN = """
            results = []
            for item in args['items']:
                try:
                    with open(item['original'], 'rb') as f:
                        original = pickle.load(f)
                    with open(item['rewritten'], 'rb') as f:
                        rewritten = pickle.load(f)
                    results.append(same_frame(rewritten, original))
                except BaseException as e:
                    results.append({'equal': False, 'reason': type(e).__name__ + ': ' + str(e)})
            result = results
            """;

    @ParameterizedTest
    @EnumSource(PandasPeer.Kind.class)
    void pandasPicklesReadAsDescribedAndSurviveAJavaRewrite(PandasPeer.Kind kind) throws IOException {
        try (PandasPeer peer = PandasPeer.start(kind)) {
            Path dir = peer.newFile("frames");
            Files.createDirectories(dir);
            JsonNode dumped = peer.call(DUMP_FRAMES, Map.of("dir", peer.peerPath(dir)));
            assertThat(dumped.size()).isEqualTo(32 * 4);

            List<PickleDialect> dialects = kind == PandasPeer.Kind.PANDAS15
                    ? List.of(PickleDialect.PORTABLE) : List.of(PickleDialect.PORTABLE, PickleDialect.NUMPY2);
            List<Map<String, Object>> items = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (JsonNode frame : dumped) {
                String label = kind + " " + frame.get("name").asText() + " protocol " + frame.get("protocol").asInt();
                Path original = dir.resolve(Path.of(frame.get("path").asText()).getFileName().toString());
                Table table = PickleReader.of().read(original);
                DescribedFrames.assertMatches(table, frame.get("described"), label);
                assertEachColumnReadsAloneByTheShortcuts(original, table, label);
                for (PickleDialect dialect : dialects) {
                    Path rewritten = dir.resolve(original.getFileName() + "." + dialect + ".java.bin");
                    PickleWriter.builder().dialect(dialect).build().write(table, rewritten, dir);
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("original", frame.get("path").asText());
                    item.put("rewritten", peer.peerPath(rewritten));
                    items.add(item);
                    labels.add(label + " rewritten " + dialect);
                }
            }
            JsonNode results = peer.call(COMPARE_REWRITTEN, Map.of("items", items));
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                if (!results.get(i).get("equal").asBoolean()) {
                    failures.add(labels.get(i) + ": " + results.get(i).get("reason").asText());
                }
            }
            assertThat(failures).isEmpty();
            // A rewrite keeps an integer level with missing labels an integer level, its labels exact.
            List<String> originals = new ArrayList<>();
            List<String> rewrites = new ArrayList<>();
            for (Map<String, Object> item : items) {
                // Each original once per dialect, beside its rewrite in that dialect.
                if (item.get("original").toString().contains("int_level_with_missing")) {
                    originals.add(item.get("original").toString());
                    rewrites.add(item.get("rewritten").toString());
                }
            }
            assertThat(rewrites).hasSize(2 * 4 * dialects.size());
            assertThat(peer.call(LEVELS, Map.of("paths", rewrites)).toString())
                    .isEqualTo(peer.call(LEVELS, Map.of("paths", originals)).toString());

            // A frame pandas never consolidated (as one built column by column is): a block per
            // column, about seven containers each, 140,000 for 20,000 columns.
            Path fragmented = dir.resolve("fragmented.bin");
            JsonNode blocks = peer.call(FRAGMENTED_FRAME, Map.of("path", peer.peerPath(fragmented), "columns", 20_000));
            assertThat(blocks.asInt()).isEqualTo(20_000);
            Table table = PickleReader.of().read(fragmented);
            assertThat(table.columnCount()).isEqualTo(20_000);
            assertThat(table.column("c3", dev.bsee.core.Int64Column.class).get(2)).isEqualTo(3);
            assertThat(table.column("c19998", dev.bsee.core.Float64Column.class).get(0)).isEqualTo(19998.0);

            // An offset is dropped only as a DatetimeIndex's frequency: as a value, a label or a name
            // it is refused, never read as a missing value.
            Path offsets = peer.newFile("offsets");
            Files.createDirectories(offsets);
            JsonNode written = peer.call(OFFSETS_ELSEWHERE, Map.of("dir", peer.peerPath(offsets)));
            for (JsonNode path : written) {
                Path file = offsets.resolve(Path.of(path.asText()).getFileName().toString());
                assertThatThrownBy(() -> PickleReader.of().read(file)).as(file.toString())
                        .isInstanceOf(PickleFormatException.class).hasMessageContaining("pandas offset");
            }
            assertThat(written.size()).isEqualTo(4);
        }
    }

    /// The dtypes, labels and codes of the levels of each file's `MultiIndex`.
    static final String LEVELS = """
            result = []
            for path in args['paths']:
                index = load_pickle(path).index
                result.append([[str(level.dtype), [str(label) for label in level], [int(c) for c in codes]]
                               for level, codes in zip(index.levels, index.codes)])
            """;

    static final String OFFSETS_ELSEWHERE = """
            day = pd.offsets.Day()
            frames = {
                'values': pd.DataFrame({'a': [day, pd.offsets.Day(2)]}),
                'index': pd.DataFrame({'a': [1, 2]}, index=pd.Index([day, pd.offsets.Day(2)], dtype=object)),
                'index_name': pd.DataFrame({'a': [1, 2]}, index=pd.Index(['x', 'y'], name=pd.offsets.Day(3))),
                'label': pd.DataFrame({day: [1, 2]}),
            }
            result = []
            for name, frame in frames.items():
                path = args['dir'] + '/' + name + '.bin'
                with open(path, 'wb') as f:
                    pickle.dump(frame, f, protocol=4)
                result.append(path)
            """;

    static final String FRAGMENTED_FRAME = """
            import warnings
            from pandas.core.internals import make_block, BlockManager
            n = args['columns']
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                blocks = [make_block(np.full((1, 3), i, dtype='int64') if i % 2 else np.full((1, 3), float(i)),
                                     placement=[i], ndim=2) for i in range(n)]
                frame = pd.DataFrame(BlockManager(blocks, [pd.Index(['c%d' % i for i in range(n)]), pd.RangeIndex(3)]))
            with open(args['path'], 'wb') as f:
                pickle.dump(frame, f, protocol=4)
            result = len(frame._mgr.blocks)
            """;

    /// Each column read alone by a projected read's shortcuts (payloads left in the file, object
    /// lists skimmed and read again), with no ordinary read to fall back on, is the whole read's.
    private static void assertEachColumnReadsAloneByTheShortcuts(Path file, Table whole, String label) throws IOException {
        PickleReader shortcutsOnly = PickleReader.builder().fallback(false).build();
        for (String name : new java.util.LinkedHashSet<>(whole.columnNames())) {
            Table.Builder alone = Table.builder().index(whole.index());
            for (int i = 0; i < whole.columnCount(); i++) {
                if (whole.columnNames().get(i).equals(name)) {
                    alone.column(name, whole.column(i));
                }
            }
            assertThat(shortcutsOnly.read(file, java.util.Set.of(name))).as(label + " column " + name).isEqualTo(alone.build());
        }
    }
}
