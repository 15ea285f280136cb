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

    /// A string longer than a batch of the writer's (64 KiB), kept short in a report of a failing
    /// sample: `length` times `letter`.
    record LongText(char letter, int length) {
        String text() {
            return String.valueOf(letter).repeat(length);
        }
    }

    @Provide
    Arbitrary<List<Object>> columns() {
        // Few distinct values, so that most repeat, of every length around the eight bytes that
        // decide how a string is looked up (NUL bytes too, which a short string's key holds as it
        // holds the bytes past its end); now and then a string longer than a batch (of a few
        // lengths, so that some repeat), one that leaves a few bytes of the batch for the strings
        // after it, a bool or a gap.
        Arbitrary<Object> value = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, Arbitraries.strings().withChars("ab\u00e9\u4e2d").ofMaxLength(3).map(Object.class::cast)),
                net.jqwik.api.Tuple.of(10, Arbitraries.strings().withChars("a\u0000").ofMinLength(6).ofMaxLength(18).map(Object.class::cast)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of('x', 'y').flatMap(letter -> Arbitraries.of(66_000, 70_000, 65_537, 65_530)
                        .map(length -> (Object) new LongText(letter, length)))),
                net.jqwik.api.Tuple.of(4, Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(Object.class::cast)));
        return value.injectNull(0.1).list().ofMaxSize(1_500);
    }

    /// The values with each [LongText] as its string.
    private static List<Object> expanded(List<Object> values) {
        return values.stream().map(value -> value instanceof LongText text ? text.text() : value).toList();
    }

    @Property(tries = 100)
    void everyStringThatComesAgainHasOneNumberInTheOrderStringsFirstCome(@ForAll("columns") List<Object> sample) {
        List<Object> values = expanded(sample);
        ObjectColumn column = TableGenerators.objectColumn(values);
        RepeatedStrings repeats = new RepeatedStrings(new byte[64 * 1024], new int[1000], RepeatedStrings.HEAP_SHARE);

        assertThat(repeats.plan(column)).isEqualTo(RepeatedStrings.Plan.ROWS);
        assertNumbered(repeats, values);
    }

    /// Short strings alone, fewer than a hundred of them distinct (so that the distinct strings fit
    /// where the rows' numbers do not), a few around eight bytes long with NUL bytes.
    @Provide
    Arbitrary<List<Object>> shortColumns() {
        Arbitrary<Object> value = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, Arbitraries.strings().withChars("ab\u00e9\u4e2d").ofMaxLength(3).map(Object.class::cast)),
                net.jqwik.api.Tuple.of(5, Arbitraries.of("a\u0000a\u0000a\u0000a", "aaaaaaaa", "aaaaaaaaa", "\u0000".repeat(8),
                        "\u0000".repeat(9), "a" + "\u0000".repeat(7), "a" + "\u0000".repeat(8), "aaaaaaaaaaaaaaaaa").map(Object.class::cast)),
                net.jqwik.api.Tuple.of(4, Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(Object.class::cast)));
        return value.injectNull(0.1).list().ofMinSize(20).ofMaxSize(1_500);
    }

    /// A column whose rows' numbers would pass the limit is planned by its distinct strings alone,
    /// numbers them as a plan of its rows does, and is written to the same bytes.
    @Property(tries = 100)
    void aColumnPlannedByItsValuesIsNumberedAndWrittenAsOnePlannedByItsRows(@ForAll("shortColumns") List<Object> values)
            throws IOException {
        ObjectColumn column = TableGenerators.objectColumn(values);
        long limit = 4L * values.size() - 1;
        RepeatedStrings repeats = new RepeatedStrings(new byte[64 * 1024], new int[1000], limit);

        assertThat(repeats.plan(column)).isEqualTo(RepeatedStrings.Plan.VALUES);
        assertNumbered(repeats, values);
        Table table = Table.builder().column("A", column).column("B", TableGenerators.objectColumn(values)).build();
        ByteArrayOutputStream byRows = new ByteArrayOutputStream();
        new DataFrameEncoder(byRows, PickleDialect.PORTABLE, Long.MAX_VALUE).write(table);
        ByteArrayOutputStream byValues = new ByteArrayOutputStream();
        new DataFrameEncoder(byValues, PickleDialect.PORTABLE, limit).write(table);
        assertThat(byValues.toByteArray()).isEqualTo(byRows.toByteArray());
    }

    /// How many distinct strings a plan holds within its limit: 30,000 short ones, each in three
    /// rows, fit 1 MiB (13 bytes a string and 8 to 16 of the table: 692 KB with the table grown to
    /// its power of two), and are numbered as they come. At 24 bytes a string they took 1.05 MB,
    /// and the column went through the cache.
    @net.jqwik.api.Example
    void thirtyThousandDistinctStringsArePlannedWithinOneMebibyte() {
        List<Object> values = new java.util.ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 30_000; i++) {
                values.add("v" + i);
            }
        }
        RepeatedStrings repeats = new RepeatedStrings(new byte[64 * 1024], new int[1000], 1L << 20);

        assertThat(repeats.plan(TableGenerators.objectColumn(values))).isEqualTo(RepeatedStrings.Plan.VALUES);
        assertNumbered(repeats, values);
    }

    /// Each string that comes again has its number, in the order they first come; the others, none.
    private static void assertNumbered(RepeatedStrings repeats, List<Object> values) {
        Map<String, Integer> counts = new HashMap<>();
        values.stream().filter(String.class::isInstance).forEach(v -> counts.merge((String) v, 1, Integer::sum));
        Map<String, Integer> numbers = new HashMap<>();
        for (int row = 0; row < values.size(); row++) {
            if (!(values.get(row) instanceof String text)) {
                continue;
            }
            byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int number = repeats.number(row, utf8, 0, utf8.length);
            if (counts.get(text) > 1) {
                int expected = numbers.computeIfAbsent(text, t -> numbers.size());
                assertThat(number).as("row %d", row).isEqualTo(expected);
                assertThat(repeats.memoIndex(expected)).isEqualTo(-1);
            } else {
                assertThat(number).as("row %d", row).isEqualTo(RepeatedStrings.ONCE);
            }
        }
    }

    @Property(tries = 50)
    void aColumnPastThePlansLimitIsWrittenThroughTheCacheAndReadsTheSame(@ForAll("columns") List<Object> sample)
            throws IOException {
        List<Object> values = expanded(sample);
        Table table = Table.builder().column("A", TableGenerators.objectColumn(values)).column("B", TableGenerators.objectColumn(values)).build();
        RepeatedStrings tight = new RepeatedStrings(new byte[64 * 1024], new int[1000], 16);
        if (values.size() > 4) {
            assertThat(tight.plan(TableGenerators.objectColumn(values))).as("more rows than 16 bytes number")
                    .isNotEqualTo(RepeatedStrings.Plan.ROWS);
        }
        if (values.stream().anyMatch(LongText.class::isInstance)) {
            assertThat(tight.plan(TableGenerators.objectColumn(values))).as("a string longer than the limit")
                    .isEqualTo(RepeatedStrings.Plan.NONE);
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
