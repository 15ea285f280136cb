package dev.bsee.scraper;

import dev.bsee.core.BoolColumn;
import dev.bsee.core.Column;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Index;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/// Turns a Java [Table] into the spec the pandas peer's `frame_from_spec` builds a DataFrame from, so
/// a Java result can be compared with pandas' own with `same_frame` in the peer.
public final class FrameSpecs {

    private FrameSpecs() {
    }

    /// The spec of `table`: column names, dtypes, values per column and the index.
    public static Map<String, Object> spec(Table table) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("columns", table.columnNames());
        spec.put("dtypes", table.dtypes().stream().map(Object::toString).toList());
        List<List<Object>> data = new ArrayList<>();
        for (Column column : table.columns()) {
            data.add(values(column));
        }
        spec.put("data", data);
        spec.put("rows", table.rowCount());
        spec.put("index", index(table.index()));
        return spec;
    }

    private static Map<String, Object> index(Index index) {
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
                spec.put("dtype", labels.labels().dtype().toString());
                spec.put("name", labels.name().orElse(null));
            }
            case Index.Multi multi -> {
                spec.put("kind", "multi");
                spec.put("levels", multi.levels().stream().map(FrameSpecs::values).toList());
                spec.put("dtypes", multi.levels().stream().map(c -> c.dtype().toString()).toList());
                spec.put("names", multi.names().stream().map(n -> n.orElse(null)).toList());
            }
        }
        return spec;
    }

    /// The values of a column as JSON-ready objects (NaN and infinities stay doubles).
    public static List<Object> values(Column column) {
        List<Object> values = new ArrayList<>(column.size());
        for (int row = 0; row < column.size(); row++) {
            values.add(switch (column) {
                case Int64Column ints -> ints.get(row);
                case Float64Column floats -> floats.get(row);
                case BoolColumn bools -> bools.get(row);
                case ObjectColumn strings -> strings.isMissing(row) ? null : strings.get(row);
                default -> throw new IllegalArgumentException("unexpected column " + column.dtype());
            });
        }
        return values;
    }
}
