package dev.bsee.binary;

import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/// Which strings of a column the writer memoises ([RepeatedStrings]): every string that comes again
/// in its column, under one number, numbered as they first come; none that comes once, and no value
/// that is not a string. A column planned and one written through the fallback cache read back alike.
class RepeatedStringsProperties {

    @Provide
    Arbitrary<List<Object>> columns() {
        // Few distinct values, so that most repeat; now and then a string longer than a batch (two
        // that repeat, others that do not), a bool or a gap.
        Arbitrary<Object> value = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(40, Arbitraries.strings().withChars("ab\u00e9\u4e2d").ofMaxLength(3).map(Object.class::cast)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withChars("xy").ofMinLength(60_000).ofMaxLength(70_000)
                        .map(Object.class::cast)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("x".repeat(70_000), "y".repeat(66_000)).map(Object.class::cast)),
                net.jqwik.api.Tuple.of(4, Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(Object.class::cast)));
        return value.injectNull(0.1).list().ofMaxSize(1_500);
    }

    @Property(tries = 100)
    void everyStringThatComesAgainHasOneNumberInTheOrderStringsFirstCome(@ForAll("columns") List<Object> values) {
        ObjectColumn column = TableGenerators.objectColumn(values);
        RepeatedStrings repeats = new RepeatedStrings(new byte[64 * 1024], new int[1000]);

        assertThat(repeats.plan(column)).isTrue();

        Map<String, Integer> counts = new HashMap<>();
        values.stream().filter(String.class::isInstance).forEach(v -> counts.merge((String) v, 1, Integer::sum));
        Map<String, Integer> numbers = new HashMap<>();
        for (int row = 0; row < values.size(); row++) {
            if (values.get(row) instanceof String text && counts.get(text) > 1) {
                int expected = numbers.computeIfAbsent(text, t -> numbers.size());
                assertThat(repeats.number(row)).as("row %d", row).isEqualTo(expected);
                assertThat(repeats.memoIndex(expected)).isEqualTo(-1);
            } else {
                assertThat(repeats.number(row)).as("row %d", row).isEqualTo(RepeatedStrings.ONCE);
            }
        }
    }

    @Property(tries = 50)
    void aColumnPastThePlansLimitIsWrittenThroughTheCacheAndReadsTheSame(@ForAll("columns") List<Object> values)
            throws IOException {
        Table table = Table.builder().column("A", TableGenerators.objectColumn(values)).column("B", TableGenerators.objectColumn(values)).build();
        RepeatedStrings tight = new RepeatedStrings(new byte[64 * 1024], new int[1000], 16);
        if (values.size() > 4) {
            assertThat(tight.plan(TableGenerators.objectColumn(values))).as("more rows than 16 bytes number").isFalse();
        }

        for (long limit : new long[] {Long.MAX_VALUE, 16}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new DataFrameEncoder(bytes, PickleDialect.PORTABLE, limit).write(table);
            Table read = PickleReader.of().read(new ByteArrayInputStream(bytes.toByteArray()));
            assertThat(read.column(0)).as("limit %d", limit).isEqualTo(table.column(0));
            assertThat(read.column(1)).as("limit %d", limit).isEqualTo(table.column(1));
        }
    }
}
