package dev.bsee.bridge.internal;

import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProductionDatesTest {

    private static Table table(String name, dev.bsee.core.Column column) {
        return Table.builder().column(name, column).build();
    }

    @Test
    void theNewestValueOfEachDtypeIsFoundAndMissingValuesAreSkipped() {
        assertThat(ProductionDates.newest(table("PRODUCTION_DATE", Int64Column.of(202312, 202401, 199601))))
                .hasValue("202401");
        assertThat(ProductionDates.newest(table("PRODUCTION_DATE", Float64Column.of(Double.NaN, 202402, 202312))))
                .hasValue("202402");
        assertThat(ProductionDates.newest(table("PRODUCTION_DATE", ObjectColumn.of(" 202311", null, "202310"))))
                .hasValue("202311");
        assertThat(ProductionDates.newest(table("PRODUCTION_DATE", DateTimeColumn.of(DateTimeColumn.NAT, 0))))
                .hasValue("1970-01-01T00:00:00Z");
        assertThat(ProductionDates.newest(table("PRODUCTION_DATE", ObjectColumn.of((String) null)))).isEmpty();
        assertThat(ProductionDates.newest(table("OTHER", Int64Column.of(202401)))).isEmpty();
    }

    @Test
    void datesCompareAsDatesWhateverTheirForm() {
        // Month-first text would sort wrongly as text: 12/1/2023 > 2/1/2024 lexically.
        assertThat(List.of("12/1/2023", "2/1/2024 12:00:00 AM", "1/31/2024").stream()
                .max(ProductionDates.ORDER)).hasValue("2/1/2024 12:00:00 AM");
        assertThat(ProductionDates.newer("2024-01-15", "202401")).isEqualTo("2024-01-15");
        assertThat(ProductionDates.newer("20231231", "202401")).isEqualTo("202401");
        assertThat(ProductionDates.newer("not a date", "199601")).isEqualTo("199601");
        assertThat(ProductionDates.newer(null, "199601")).isEqualTo("199601");
    }
}
