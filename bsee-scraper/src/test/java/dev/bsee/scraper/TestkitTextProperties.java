package dev.bsee.scraper;

import dev.bsee.core.SourceCatalog;
import dev.bsee.core.Table;
import dev.bsee.core.TableLayout;
import dev.bsee.testkit.BseeArbitraries;
import dev.bsee.testkit.BseeCsv;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/// The reader on the text the published testkit writes, the way a downstream team tests its own
/// parser ([BseeCsv]'s documentation): BSEE-shaped tables ([BseeArbitraries]) rendered as BSEE
/// publishes them read back as the tables themselves. The testkit's own tests check with pandas that
/// the same text reads back so; a failure shrinks to one small table.
class TestkitTextProperties {

    @Property(tries = 150)
    void wellTextReadsBackAsTheTable(@ForAll("wells") Table wells) throws IOException {
        assertThat(read(BseeCsv.format(wells, TableLayout.headerRow()), TableLayout.headerRow())).isEqualTo(wells);
    }

    @Property(tries = 150)
    void headerlessProductionTextReadsBackAsTheTable(@ForAll("production") Table production) throws IOException {
        TableLayout names = TableLayout.columnNames(SourceCatalog.PRODUCTION_COLUMNS);
        assertThat(read(BseeCsv.format(production, names), names)).isEqualTo(production);
    }

    @Property(tries = 150)
    void multiLineRemarksReadBackAsTheTable(@ForAll("remarks") Table remarks) throws IOException {
        assertThat(read(BseeCsv.format(remarks, TableLayout.headerRow()), TableLayout.headerRow())).isEqualTo(remarks);
    }

    @Provide
    Arbitrary<Table> wells() {
        return BseeArbitraries.wellTables();
    }

    @Provide
    Arbitrary<Table> production() {
        return BseeArbitraries.productionTables();
    }

    @Provide
    Arbitrary<Table> remarks() {
        return BseeArbitraries.warRemarkTables();
    }

    private static Table read(String text, TableLayout layout) throws IOException {
        return CsvTableReader.builder().layout(layout).build()
                .read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
