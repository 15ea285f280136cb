package dev.bsee.testkit;

import dev.bsee.core.Int64Column;
import dev.bsee.core.Table;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/// The example property of the [BseeArbitraries] documentation, as a downstream team writes it: its
/// own analysis code (here [OilTotals]) checked on BSEE-shaped tables.
class DownstreamExampleProperties {

    @Property(tries = 200)
    void wellTotalsAddUpToTheTableTotal(@ForAll("production") Table production) {
        Map<Long, Long> perWell = OilTotals.byWell(production);

        long tableTotal = 0;
        Int64Column oil = (Int64Column) production.column("MON_O_PROD_VOL");
        for (int row = 0; row < production.rowCount(); row++) {
            tableTotal += oil.get(row);
        }
        assertThat(perWell.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(tableTotal);
    }

    @Provide
    Arbitrary<Table> production() {
        return BseeArbitraries.productionTables();
    }

    /// Downstream analysis code under test: monthly oil per well.
    static final class OilTotals {
        private OilTotals() {
        }

        static Map<Long, Long> byWell(Table production) {
            Int64Column wells = (Int64Column) production.column("API_WELL_NUMBER");
            Int64Column oil = (Int64Column) production.column("MON_O_PROD_VOL");
            Map<Long, Long> totals = new TreeMap<>();
            for (int row = 0; row < production.rowCount(); row++) {
                totals.merge(wells.get(row), oil.get(row), Long::sum);
            }
            return totals;
        }
    }
}
