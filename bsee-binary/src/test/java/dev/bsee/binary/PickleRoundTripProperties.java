package dev.bsee.binary;

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
}
