package dev.bsee.core.peer;

import dev.bsee.core.BoolColumn;
import dev.bsee.core.Column;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Index;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of a {@link Table} as the JSON spec that the peer's {@code frame_from_spec} turns into
 * the DataFrame pandas builds from the same values, so a Java table can be compared with pandas' own
 * frame with {@code same_frame} in the peer.
 */
public final class FrameSpecs {
    private FrameSpecs() {
    }

    /**
     * The spec of a table: column names, dtypes, values per column, row count and index.
     *
     * @param table the table
     * @return the spec, ready for {@link PandasPeer#call}
     */
    public static Map<String, Object> spec(Table table) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("columns", table.columnNames());
        spec.put("dtypes", table.dtypes().stream().map(d -> d.numpyName()).toList());
        spec.put("data", table.columns().stream().map(FrameSpecs::values).toList());
        spec.put("rows", table.rowCount());
        spec.put("index", index(table.index()));
        return spec;
    }

    /**
     * The spec of a row index ({@code kind} range, labels or multi).
     *
     * @param index the index
     * @return the spec
     */
    public static Map<String, Object> index(Index index) {
        Map<String, Object> spec = new LinkedHashMap<>();
        switch (index) {
            case Index.Range range -> {
                spec.put("kind", "range");
                spec.put("start", range.start());
                spec.put("stop", range.stop());
                spec.put("step", range.step());
                spec.put("name", range.name().orElse(null));
            }
            case Index.Labels labels -> {
                spec.put("kind", "labels");
                spec.put("values", values(labels.labels()));
                spec.put("dtype", labels.labels().dtype().numpyName());
                spec.put("name", labels.name().orElse(null));
            }
            case Index.Multi multi -> {
                spec.put("kind", "multi");
                spec.put("levels", multi.levels().stream().map(FrameSpecs::values).toList());
                spec.put("dtypes", multi.levels().stream().map(c -> c.dtype().numpyName()).toList());
                spec.put("names", multi.names().stream().map(n -> n.orElse(null)).toList());
            }
        }
        return spec;
    }

    /**
     * A column's values for JSON: numbers, booleans, strings; {@code null} for missing objects and
     * NaT; NaN and the infinities as the bare literals Python's json module reads.
     *
     * @param column the column
     * @return the values
     */
    public static List<Object> values(Column column) {
        List<Object> values = new ArrayList<>(column.size());
        for (int row = 0; row < column.size(); row++) {
            values.add(switch (column) {
                case Int64Column c -> c.get(row);
                case dev.bsee.core.UInt64Column c -> c.value(row).orElseThrow();
                case Float64Column c -> c.get(row);
                case BoolColumn c -> c.get(row);
                case ObjectColumn c -> c.value(row).orElse(null);
                case DateTimeColumn c -> c.isMissing(row) ? null : c.epochNanos(row);
            });
        }
        return values;
    }
}
