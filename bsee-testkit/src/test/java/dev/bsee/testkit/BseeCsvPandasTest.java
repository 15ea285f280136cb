package dev.bsee.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.Table;
import dev.bsee.core.TableLayout;
import dev.bsee.core.peer.FrameSpecs;
import dev.bsee.core.peer.PandasPeer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Shrinkable;
import net.jqwik.api.Example;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/// Real pandas reads the generated text as promised: [BseeCsv] text of the generated tables gives
/// back the tables (names, dtypes, values), and [BseeArbitraries#csvText] text has the records and
/// fields it was generated with, multi-line remarks intact. One batched call per peer.
class BseeCsvPandasTest {

    private static final int SAMPLES = 40;
    private static final TableLayout PRODUCTION = TableLayout.columnNames(SourceCatalog.PRODUCTION_COLUMNS);

    private static final String READ_BACK = """
            import io
            failures = []
            for case in args['tables']:
                names = case.get('names')
                if names is None:
                    df = pd.read_csv(case['path'], low_memory=False)
                else:
                    df = pd.read_csv(case['path'], low_memory=False, header=None, names=names)
                verdict = same_frame(df, frame_from_spec(case['spec']))
                if not verdict['equal']:
                    failures.append(case['path'] + ': ' + verdict['reason'])
            for case in args['texts']:
                names = case.get('names')
                if names is None:
                    df = pd.read_csv(case['path'], low_memory=False, dtype=object)
                else:
                    df = pd.read_csv(case['path'], low_memory=False, header=None, names=names, dtype=object)
                if list(df.shape) != case['shape']:
                    failures.append('%s: shape %r, generated %r' % (case['path'], list(df.shape), case['shape']))
                    continue
                for row, column, value in case['multiline']:
                    if df.iat[row, column] != value:
                        failures.append('%s: [%d, %d] is %r, generated %r' % (case['path'], row, column, df.iat[row, column], value))
            result = failures
            """;

    @Example
    void pandas15ReadsTheGeneratedTextAsGenerated() throws IOException {
        readBack(PandasPeer.Kind.PANDAS15);
    }

    @Example
    void pandas22ReadsTheGeneratedTextAsGenerated() throws IOException {
        readBack(PandasPeer.Kind.PANDAS22);
    }

    private static void readBack(PandasPeer.Kind kind) throws IOException {
        try (PandasPeer peer = PandasPeer.start(kind)) {
            List<Map<String, Object>> tables = new ArrayList<>();
            addTables(peer, tables, "production", BseeArbitraries.productionTables(), PRODUCTION);
            addTables(peer, tables, "well", BseeArbitraries.wellTables(), TableLayout.headerRow());
            addTables(peer, tables, "war", BseeArbitraries.warRemarkTables(), TableLayout.headerRow());
            List<Map<String, Object>> texts = new ArrayList<>();
            addTexts(peer, texts, "header", TableLayout.headerRow());
            addTexts(peer, texts, "headerless", PRODUCTION);

            JsonNode failures = peer.call(READ_BACK, Map.of("tables", tables, "texts", texts));

            assertThat(tables).hasSizeGreaterThan(3 * SAMPLES);
            assertThat(failures).as(peer + " read back").isEmpty();
        }
    }

    private static void addTables(PandasPeer peer, List<Map<String, Object>> cases, String name, Arbitrary<Table> tables,
                                  TableLayout layout) throws IOException {
        List<Table> samples = new ArrayList<>(sample(tables, name.hashCode()));
        StreamSupport.stream(tables.edgeCases().spliterator(), false).limit(10).map(Shrinkable::value).forEach(samples::add);
        for (int i = 0; i < samples.size(); i++) {
            Path file = peer.newFile(name + i + ".txt");
            Files.writeString(file, BseeCsv.format(samples.get(i), layout), StandardCharsets.UTF_8);
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("path", peer.peerPath(file));
            spec.put("spec", FrameSpecs.spec(samples.get(i)));
            if (layout instanceof TableLayout.ColumnNames names) {
                spec.put("names", names.names());
            }
            cases.add(spec);
        }
    }

    private static void addTexts(PandasPeer peer, List<Map<String, Object>> cases, String name, TableLayout layout)
            throws IOException {
        List<String> samples = sample(BseeArbitraries.csvText(layout), name.hashCode());
        for (int i = 0; i < samples.size(); i++) {
            String text = samples.get(i);
            List<List<String>> records = QuotedCsv.records(text);
            boolean header = layout instanceof TableLayout.HeaderRow;
            List<List<String>> data = header ? records.subList(1, records.size()) : records;
            int columns = header ? records.getFirst().size() : ((TableLayout.ColumnNames) layout).names().size();
            List<List<Object>> multiline = new ArrayList<>();
            for (int row = 0; row < data.size(); row++) {
                for (int column = 0; column < columns; column++) {
                    if (data.get(row).get(column).contains("\n")) {
                        multiline.add(List.of(row, column, data.get(row).get(column)));
                    }
                }
            }
            Path file = peer.newFile(name + i + ".txt");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("path", peer.peerPath(file));
            spec.put("shape", List.of(data.size(), columns));
            spec.put("multiline", multiline);
            if (layout instanceof TableLayout.ColumnNames names) {
                spec.put("names", names.names());
            }
            cases.add(spec);
        }
    }

    private static <T> List<T> sample(Arbitrary<T> arbitrary, long seed) {
        Random random = new Random(seed);
        List<T> samples = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            samples.add(arbitrary.generator(100).next(random).value());
        }
        return samples;
    }
}
