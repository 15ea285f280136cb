package dev.bsee.testkit;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.Column;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/// Builds tables row by row, so jqwik shrinks them by dropping rows and simplifying cells, then
/// gives each column the dtype pandas would infer from the published text.
final class TableShape {

    private TableShape() {
    }

    static Arbitrary<Table> of(List<ColumnSpec> specs, int maxRows) {
        List<Arbitrary<Object>> cells = specs.stream().map(ColumnSpec::values).toList();
        Arbitrary<List<Object>> rows = Combinators.combine(cells).as(row -> Collections.unmodifiableList(new ArrayList<>(row)));
        return rows.list().ofMinSize(1).ofMaxSize(maxRows).map(list -> build(specs, list));
    }

    static Table build(List<ColumnSpec> specs, List<List<Object>> rows) {
        Table.Builder table = Table.builder();
        for (int position = 0; position < specs.size(); position++) {
            int at = position;
            List<Object> values = rows.stream().map(row -> row.get(at)).toList();
            table.column(specs.get(position).name(), column(specs.get(position).kind(), values));
        }
        return table.rows(rows.size()).build();
    }

    /// The column pandas makes of these values: whole numbers with a missing one, and text that is
    /// all missing, become `float64`.
    static Column column(ColumnSpec.Kind kind, List<Object> values) {
        boolean anyMissing = values.contains(null);
        boolean allMissing = values.stream().allMatch(Objects::isNull);
        if (kind == ColumnSpec.Kind.INTEGER && !anyMissing) {
            Int64Column.Builder column = Int64Column.builder(BufferAllocator.heap());
            values.forEach(value -> column.add((Long) value));
            return column.build();
        }
        if (kind == ColumnSpec.Kind.TEXT && !allMissing) {
            ObjectColumn.Builder column = ObjectColumn.builder(BufferAllocator.heap());
            values.forEach(value -> {
                if (value == null) {
                    column.addMissing();
                } else {
                    column.add((String) value);
                }
            });
            return column.build();
        }
        Float64Column.Builder column = Float64Column.builder(BufferAllocator.heap());
        values.forEach(value -> column.add(value == null ? Double.NaN : ((Number) value).doubleValue()));
        return column.build();
    }
}
