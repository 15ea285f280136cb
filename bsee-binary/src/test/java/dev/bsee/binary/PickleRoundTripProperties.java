package dev.bsee.binary;

import dev.bsee.core.Table;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/// Java write followed by Java read gives back the same table, in both dialects.
class PickleRoundTripProperties {

    @Provide
    Arbitrary<Table> tables() {
        return TableGenerators.tables(40, 8);
    }

    @Property(tries = 300)
    void writeThenReadIsIdentity(@ForAll("tables") Table table, @ForAll PickleDialect dialect) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PickleWriter.builder().dialect(dialect).build().write(table, bytes);

        Table read = PickleReader.create().read(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(read).isEqualTo(table);
        assertThat(read.index()).isEqualTo(table.index());
    }
}
