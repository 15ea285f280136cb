package dev.bsee.binary;

import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import dev.bsee.testkit.BseeArbitraries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/// Java write followed by Java read gives back the same table, in both dialects: on the codec's own
/// edge-case tables ([TableGenerators]: every dtype and index kind, extremes, astral text) and on the
/// published BSEE-shaped tables of the testkit, as downstream teams generate them.
class PickleRoundTripProperties {

    @Provide
    Arbitrary<Table> tables() {
        return TableGenerators.tables(40, 8);
    }

    @Provide
    Arbitrary<Table> bseeTables() {
        return Arbitraries.oneOf(BseeArbitraries.wellTables(), BseeArbitraries.productionTables(),
                BseeArbitraries.warRemarkTables());
    }

    @Property(tries = 100)
    void bseeShapedTablesRoundTrip(@ForAll("bseeTables") Table table, @ForAll PickleDialect dialect) throws IOException {
        writeThenReadIsIdentity(table, dialect);
    }

    @Property(tries = 300)
    void writeThenReadIsIdentity(@ForAll("tables") Table table, @ForAll PickleDialect dialect) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PickleWriter.builder().dialect(dialect).build().write(table, bytes);

        Table read = PickleReader.of().read(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(read).isEqualTo(table);
        assertThat(read.index()).isEqualTo(table.index());
    }

    /// Text columns are written a batch of strings at a time, short ones once and then by reference:
    /// strings of every length the writer treats apart (shared, written each time, with a one-byte or
    /// a four-byte length, longer than a batch) and missing values, repeated and mixed, come back.
    @Property(tries = 60)
    void stringsOfEveryLengthClassRoundTrip(@ForAll("textColumns") List<String> values) throws IOException {
        Table table = Table.builder().column("s", ObjectColumn.of(values.toArray(String[]::new))).build();
        writeThenReadIsIdentity(table, PickleDialect.PORTABLE);
    }

    @Provide
    Arbitrary<List<String>> textColumns() {
        // Long strings are rare, as in real columns, so that a column of thousands stays small.
        Arbitrary<Integer> lengths = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(200, Arbitraries.of(0, 1, 7, 8, 9, 16, 17, 63, 64, 65, 255, 256)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(40_000, 64 * 1024, 64 * 1024 + 1, 100_000)));
        Arbitrary<String> text = lengths.flatMap(length -> Arbitraries.of('a', 'b', '\u00e9')
                .map(c -> String.valueOf(c).repeat(length)));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, text),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just((String) null)))
                .list().ofMaxSize(3_000);
    }
}
