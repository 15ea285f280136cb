package dev.bsee.binary;

import dev.bsee.core.BoolColumn;
import dev.bsee.core.Column;
import dev.bsee.core.DType;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Index;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/// Random tables for the codec properties: 0..N rows, 0..M columns of every dtype, Unicode (astral
/// characters, empty strings, missing values), int64 extremes, NaN and infinities, repeated column
/// names, and each kind of row index.
final class TableGenerators {
    private TableGenerators() {
    }

    static Arbitrary<Table> tables(int maxRows, int maxColumns) {
        // Edge cases stay in the values (int64 extremes, NaN, empty strings); for the shape they would
        // make most tables empty.
        return Arbitraries.integers().between(0, maxRows).withoutEdgeCases()
                .flatMap(rows -> Combinators.combine(
                                namedColumn(rows).list().ofMaxSize(maxColumns).withoutEdgeCases(),
                                index(rows))
                        .as((columns, index) -> {
                            Table.Builder table = Table.builder().index(index);
                            columns.forEach(c -> table.column(c.name(), c.column()));
                            return table.build();
                        }));
    }

    record NamedColumn(String name, Column column) {
    }

    static Arbitrary<NamedColumn> namedColumn(int rows) {
        Arbitrary<String> names = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of("a", "b", "API_WELL_NUMBER", "")),
                net.jqwik.api.Tuple.of(1, text()));
        return Combinators.combine(names, column(rows)).as(NamedColumn::new);
    }

    static Arbitrary<Column> column(int rows) {
        return Arbitraries.of(DType.values()).withoutEdgeCases().flatMap(dtype -> column(dtype, rows));
    }

    static Arbitrary<Column> column(DType dtype, int rows) {
        return switch (dtype) {
            case INT64 -> Arbitraries.longs().list().ofSize(rows)
                    .map(values -> Int64Column.of(values.stream().mapToLong(Long::longValue).toArray()));
            case UINT64 -> Arbitraries.frequencyOf(
                            net.jqwik.api.Tuple.of(4, Arbitraries.longs()),
                            net.jqwik.api.Tuple.of(1, Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE)))
                    .list().ofSize(rows)
                    .map(values -> dev.bsee.core.UInt64Column.of(values.stream().mapToLong(Long::longValue).toArray()));
            case FLOAT64 -> doubles().list().ofSize(rows)
                    .map(values -> Float64Column.of(values.stream().mapToDouble(Double::doubleValue).toArray()));
            case BOOL -> Arbitraries.of(true, false).list().ofSize(rows).map(values -> {
                boolean[] array = new boolean[values.size()];
                for (int i = 0; i < array.length; i++) {
                    array[i] = values.get(i);
                }
                return BoolColumn.of(array);
            });
            case OBJECT -> objects(rows);
            case DATETIME64 -> Arbitraries.frequencyOf(
                            net.jqwik.api.Tuple.of(5, Arbitraries.longs().between(-9_000_000_000_000_000_000L, 9_000_000_000_000_000_000L)),
                            net.jqwik.api.Tuple.of(1, Arbitraries.just(DateTimeColumn.NAT)))
                    .list().ofSize(rows)
                    .map(values -> DateTimeColumn.of(values.stream().mapToLong(Long::longValue).toArray()));
        };
    }

    /// Strings, missing values and, now and then, Python bools (read_csv's True/False with gaps).
    private static Arbitrary<Column> objects(int rows) {
        Arbitrary<Object> value = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, text().map(Object.class::cast)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(Object.class::cast)));
        return value.injectNull(0.2).list().ofSize(rows).map(TableGenerators::objectColumn);
    }

    /// An object column of these values: strings, Python bools, and `null` for a missing value.
    static ObjectColumn objectColumn(List<Object> values) {
        ObjectColumn.Builder column = ObjectColumn.builder(dev.bsee.core.BufferAllocator.heap());
        for (Object item : values) {
            switch (item) {
                case null -> column.addMissing();
                case Boolean bool -> column.add(bool);
                default -> column.add((String) item);
            }
        }
        return column.build();
    }

    static Arbitrary<Double> doubles() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.doubles()),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                        -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 0.1, 1e16, 1e-5)));
    }

    /// Strings of valid code points: ASCII, Latin-1, other BMP characters (no surrogates), astral
    /// characters; often empty.
    static Arbitrary<String> text() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0x20, 0x7e)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 0x1f)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0xa0, 0xff)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x100, 0xd7ff)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xe000, 0xffff)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10ffff)));
        return codePoint.list().ofMaxSize(12).map(points -> {
            StringBuilder text = new StringBuilder();
            points.forEach(text::appendCodePoint);
            return text.toString();
        });
    }

    static Arbitrary<Index> index(int rows) {
        Arbitrary<Optional<String>> name = Arbitraries.oneOf(Arbitraries.just(Optional.<String>empty()),
                Arbitraries.of("idx", "API_WELL_NUMBER", "ü😀").map(Optional::of));
        Arbitrary<Index> range = Combinators.combine(Arbitraries.integers().between(-1000, 1000),
                        Arbitraries.of(1, 1, 2, 7, -1, -3), name)
                .as((start, step, n) -> new Index.Range(start, start + (long) rows * step, step, n.orElse(null)));
        Arbitrary<Index> labels = Combinators.combine(column(rows), name)
                .as((column, n) -> new Index.Labels(column, n.orElse(null)));
        Arbitrary<Index> multi = Arbitraries.integers().between(1, 3).flatMap(levels -> Combinators.combine(
                        multiLevel(rows).list().ofSize(levels), name.list().ofSize(levels))
                .as(Index.Multi::new));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, range),
                net.jqwik.api.Tuple.of(2, labels),
                net.jqwik.api.Tuple.of(2, multi)).withoutEdgeCases();
    }

    /// Levels repeat labels, as real MultiIndex levels do.
    private static Arbitrary<Column> multiLevel(int rows) {
        return Arbitraries.of(DType.values()).withoutEdgeCases().flatMap(dtype -> switch (dtype) {
            case INT64 -> Arbitraries.longs().between(-3, 3).list().ofSize(rows)
                    .map(values -> (Column) Int64Column.of(values.stream().mapToLong(Long::longValue).toArray()));
            case OBJECT -> Arbitraries.of("x", "y", "", "😀", "z").injectNull(0.2).list().ofSize(rows)
                    .map(values -> (Column) ObjectColumn.of(values.toArray(String[]::new)));
            default -> column(dtype, rows);
        });
    }

    static List<Table> sample(Arbitrary<Table> tables, int count) {
        List<Table> sample = new ArrayList<>();
        tables.sampleStream().limit(count).forEach(sample::add);
        return sample;
    }
}
