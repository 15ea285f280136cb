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

    /// A column under the name whose values are no dates (a new leading field shifted every name by
    /// one, and `PRODUCTION_DATE` holds the days on production) has no newest date: it gave the
    /// greatest value compared as text, `9` of 0 to 31.
    @Test
    void valuesThatAreNoDatesGiveNoNewestDate() {
        assertThat(ProductionDates.newest(table("PRODUCTION_DATE", Int64Column.of(0, 31, 9, 28)))).isEmpty();
        assertThat(ProductionDates.newest(table("PRODUCTION_DATE", Float64Column.of(0.5, 31, 9, Double.NaN)))).isEmpty();
        assertThat(ProductionDates.newest(table("PRODUCTION_DATE", ObjectColumn.of("O", "G", "", " ")))).isEmpty();
        // Beside dates they are left out, whatever their order as text.
        assertThat(ProductionDates.newest(table("PRODUCTION_DATE", ObjectColumn.of("zzz", "202401", "999")))).hasValue("202401");
        assertThat(ProductionDates.newest(table("PRODUCTION_DATE", Float64Column.of(999999.5, 202312, 9)))).hasValue("202312");
    }

    /// Two million distinct texts (a production source re-pointed at other data) once went into a set
    /// that ran the tool's heap out; the newest is found keeping nothing but the newest so far: here
    /// in a 128 MiB heap, where the column takes about 34 MiB (a set of the texts, about 200 MiB).
    /// One text in the middle is a date, the newest.
    @Test
    void millionsOfDistinctTextsNeedNoMoreHeapThanTheColumn() throws Exception {
        List<String> command = List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), ProductionDatesChild.class.getName(), "2000000");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(child.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output.strip()).isEqualTo("199601");
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

    /// The newest value is what folding `newer` over the rows in order gives, also among values
    /// that name the same date in different forms (`202401` and `20240100`, ` 202401` and
    /// `202401`), where the one on the latest row wins, and in columns whose values come in runs
    /// (as production data's months do) or mixed with missing values.
    @Test
    void theNewestIsTheRowByRowFoldWhateverTheOrderAndTheTies() {
        java.util.Random random = new java.util.Random(20261201);
        long[] dates = {202401, 20240100, 202312, 20231231, 199601, 7, 123456789, 202401};
        String[] texts = {"202401", " 202401", "2024-01", "1/1/2024", "not a date", "20240100", "12/31/2023", ""};
        for (int round = 0; round < 300; round++) {
            int rows = 1 + random.nextInt(40);
            long[] ints = new long[rows];
            double[] doubles = new double[rows];
            String[] strings = new String[rows];
            for (int row = 0; row < rows; row++) {
                boolean run = row > 0 && random.nextBoolean();
                ints[row] = run ? ints[row - 1] : dates[random.nextInt(dates.length)];
                doubles[row] = run ? doubles[row - 1] : random.nextInt(6) == 0 ? Double.NaN
                        : random.nextInt(6) == 0 ? dates[random.nextInt(dates.length)] + 0.5 : dates[random.nextInt(dates.length)];
                strings[row] = random.nextInt(8) == 0 ? null : texts[random.nextInt(texts.length)];
            }
            String expectedInt = null;
            String expectedDouble = null;
            String expectedText = null;
            for (int row = 0; row < rows; row++) {
                expectedInt = newerDate(expectedInt, Long.toString(ints[row]));
                double value = doubles[row];
                expectedDouble = Double.isNaN(value) ? expectedDouble : newerDate(expectedDouble,
                        value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value));
                expectedText = strings[row] == null ? expectedText : newerDate(expectedText, strings[row].strip());
            }
            assertThat(ProductionDates.newest(table("PRODUCTION_DATE", Int64Column.of(ints))))
                    .isEqualTo(java.util.Optional.ofNullable(expectedInt));
            assertThat(ProductionDates.newest(table("PRODUCTION_DATE", Float64Column.of(doubles))))
                    .isEqualTo(java.util.Optional.ofNullable(expectedDouble));
            assertThat(ProductionDates.newest(table("PRODUCTION_DATE", ObjectColumn.of(strings))))
                    .isEqualTo(java.util.Optional.ofNullable(expectedText));
        }
    }

    /// The fold's step: `value` when it is a date newer than `newest`, else `newest`.
    private static String newerDate(String newest, String value) {
        return ProductionDates.isDate(value) ? ProductionDates.newer(newest, value) : newest;
    }
}
