package dev.bsee.testkit;

import dev.bsee.core.Int64Column;
import dev.bsee.core.Table;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/// The example property of the [BseeArbitraries] documentation, as a downstream team writes it: its
/// own analysis code (here [OilTotals]) checked on BSEE-shaped tables.
class DownstreamExampleProperties {

    /// Each well reports several months, so the generated rows are repeated (each 1 to 3 times, well
    /// and volume alike): a well's total must then be its volumes times their repeats, which code that
    /// keeps the last value, groups by another column or drops a row gets wrong.
    @Property(tries = 200)
    void eachWellsTotalIsItsOwnRowsSummed(@ForAll("production") Table production,
                                          @ForAll("repeats") List<Integer> repeats) {
        Int64Column wells = (Int64Column) production.column("API_WELL_NUMBER");
        Int64Column oil = (Int64Column) production.column("MON_O_PROD_VOL");
        List<Long> repeatedWells = new ArrayList<>();
        List<Long> repeatedOil = new ArrayList<>();
        Map<Long, Long> expected = new TreeMap<>();
        for (int row = 0; row < production.rowCount(); row++) {
            int copies = repeats.get(row % repeats.size());
            for (int copy = 0; copy < copies; copy++) {
                repeatedWells.add(wells.get(row));
                repeatedOil.add(oil.get(row));
            }
            expected.merge(wells.get(row), oil.get(row) * copies, Long::sum);
        }
        Table monthly = Table.builder()
                .column("API_WELL_NUMBER", Int64Column.of(repeatedWells.stream().mapToLong(Long::longValue).toArray()))
                .column("MON_O_PROD_VOL", Int64Column.of(repeatedOil.stream().mapToLong(Long::longValue).toArray()))
                .build();

        assertThat(OilTotals.byWell(monthly)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<List<Integer>> repeats() {
        return Arbitraries.integers().between(1, 3).list().ofMinSize(1).ofMaxSize(10);
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
