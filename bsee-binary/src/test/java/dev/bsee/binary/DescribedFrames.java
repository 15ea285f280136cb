package dev.bsee.binary;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.core.Column;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Index;
import dev.bsee.core.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/// Compares a Java [Table] value by value with what the peer's `describe(df)` reports of a DataFrame:
/// column names, dtypes, index (kind, names, labels) and every cell.
final class DescribedFrames {
    private DescribedFrames() {
    }

    static void assertMatches(Table table, JsonNode described, String what) {
        List<String> columns = new ArrayList<>();
        described.get("columns").forEach(c -> columns.add(c.asText()));
        assertThat(table.columnNames()).as(what + ": column names").isEqualTo(columns);
        List<String> dtypes = new ArrayList<>();
        described.get("dtypes").forEach(d -> dtypes.add(d.asText()));
        assertThat(table.dtypes().stream().map(d -> d.numpyName()).toList()).as(what + ": dtypes").isEqualTo(dtypes);
        assertThat(table.rowCount()).as(what + ": rows").isEqualTo(described.get("shape").get(0).asInt());
        for (int i = 0; i < table.columnCount(); i++) {
            assertColumn(table.column(i), described.get("data").get(i), what + ": column " + columns.get(i));
        }
        JsonNode index = described.get("index");
        String kind = index.get("kind").asText();
        switch (table.index()) {
            case Index.Range range -> {
                assertThat(kind).as(what + ": index kind").isEqualTo("range");
                assertThat(List.of(range.start(), range.stop(), range.step())).as(what + ": RangeIndex")
                        .isEqualTo(List.of(index.get("start").asLong(), index.get("stop").asLong(), index.get("step").asLong()));
                assertThat(range.name()).as(what + ": index name").isEqualTo(name(index.get("name")));
            }
            case Index.Labels labels -> {
                assertThat(kind).as(what + ": index kind").isEqualTo("labels");
                assertThat(labels.labels().dtype().numpyName()).as(what + ": index dtype").isEqualTo(index.get("dtype").asText());
                assertThat(labels.name()).as(what + ": index name").isEqualTo(name(index.get("name")));
                assertColumn(labels.labels(), index.get("values"), what + ": index labels");
            }
            case Index.Multi multi -> {
                assertThat(kind).as(what + ": index kind").isEqualTo("multi");
                List<Optional<String>> names = new ArrayList<>();
                index.get("names").forEach(n -> names.add(name(n)));
                assertThat(multi.names()).as(what + ": level names").isEqualTo(names);
                for (int level = 0; level < multi.levels().size(); level++) {
                    assertThat(multi.levels().get(level).dtype().numpyName()).as(what + ": level " + level + " dtype")
                            .isEqualTo(index.get("dtypes").get(level).asText());
                    assertColumn(multi.levels().get(level), index.get("levels").get(level), what + ": level " + level);
                }
            }
        }
    }

    private static Optional<String> name(JsonNode node) {
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }

    static void assertColumn(Column column, JsonNode values, String what) {
        assertThat(column.size()).as(what + ": length").isEqualTo(values.size());
        for (int row = 0; row < column.size(); row++) {
            JsonNode expected = values.get(row);
            String cell = what + " row " + row;
            boolean missing = expected.isNull() || expected.isDouble() && Double.isNaN(expected.asDouble());
            assertThat(column.isMissing(row)).as(cell + " missing (expected " + expected + ")").isEqualTo(missing);
            if (missing) {
                continue;
            }
            Object actual = column.value(row).orElseThrow();
            switch (column) {
                case DateTimeColumn times -> assertThat(times.epochNanos(row)).as(cell).isEqualTo(expected.get("datetime_ns").asLong());
                default -> {
                    if (expected.isTextual()) {
                        assertThat(actual).as(cell).isEqualTo(expected.asText());
                    } else if (expected.isBoolean()) {
                        assertThat(actual).as(cell).isEqualTo(expected.asBoolean());
                    } else if (expected.isIntegralNumber() && actual instanceof java.math.BigInteger) {
                        assertThat(actual).as(cell).isEqualTo(expected.bigIntegerValue());
                    } else if (expected.isIntegralNumber()) {
                        assertThat(actual).as(cell).isEqualTo(expected.asLong());
                    } else if (expected.isNumber()) {
                        assertThat(actual).as(cell).isEqualTo(expected.asDouble());
                    } else {
                        throw new AssertionError(cell + ": pandas holds " + expected + ", which the table cannot");
                    }
                }
            }
        }
    }
}
