package dev.bsee.bridge;

import dev.bsee.core.Column;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Index;
import dev.bsee.core.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/// A [Table] as the spec the pandas peer's `frame_from_spec` builds a DataFrame from.
final class TableSpec {

    private TableSpec() {
    }

    static Map<String, Object> of(Table table) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("columns", table.columnNames());
        spec.put("dtypes", table.dtypes().stream().map(d -> d.numpyName()).toList());
        spec.put("data", table.columns().stream().map(TableSpec::values).toList());
        spec.put("rows", table.rowCount());
        spec.put("index", index(table.index()));
        return spec;
    }

    static List<Object> values(Column column) {
        List<Object> values = new ArrayList<>(column.size());
        for (int row = 0; row < column.size(); row++) {
            if (column instanceof Float64Column floats) {
                values.add(floats.get(row));
            } else if (column instanceof DateTimeColumn times) {
                values.add(times.isMissing(row) ? null : times.epochNanos(row));
            } else {
                values.add(column.value(row).orElse(null));
            }
        }
        return values;
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
                spec.put("dtype", labels.labels().dtype().numpyName());
                spec.put("name", labels.name().orElse(null));
            }
            case Index.Multi multi -> {
                spec.put("kind", "multi");
                spec.put("levels", multi.levels().stream().map(TableSpec::values).toList());
                spec.put("dtypes", multi.levels().stream().map(l -> l.dtype().numpyName()).toList());
                spec.put("names", multi.names().stream().map(n -> n.orElse(null)).toList());
            }
        }
        return spec;
    }
}
