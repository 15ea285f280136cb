package dev.bsee.core;

import java.util.ArrayList;
import java.util.List;

/// Renders a table as aligned text for `toString`.
final class TableFormat {
    private static final int MAX_CELL = 24;

    private TableFormat() {
    }

    static String format(Table table, int maxRows) {
        int rows = Math.min(table.rowCount(), maxRows);
        List<List<String>> cells = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("");
        header.addAll(table.columnNames());
        cells.add(header);
        for (int row = 0; row < rows; row++) {
            List<String> line = new ArrayList<>();
            line.add(label(table.index(), row));
            for (Column column : table.columns()) {
                line.add(column.format(row));
            }
            cells.add(line);
        }
        int[] widths = new int[header.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], clip(line.get(i)).length());
            }
        }
        StringBuilder text = new StringBuilder("Table ").append(table.rowCount()).append(" rows x ")
                .append(table.columnCount()).append(" columns ").append(table.dtypes()).append('\n');
        for (List<String> line : cells) {
            for (int i = 0; i < line.size(); i++) {
                String cell = clip(line.get(i));
                text.append(i == 0 ? "" : "  ").append(" ".repeat(widths[i] - cell.length())).append(cell);
            }
            text.append('\n');
        }
        if (table.rowCount() > rows) {
            text.append("... ").append(table.rowCount() - rows).append(" more rows\n");
        }
        return text.toString();
    }

    private static String label(Index index, int row) {
        return switch (index) {
            case Index.Range range -> Long.toString(range.start() + row * range.step());
            case Index.Labels labels -> labels.labels().format(row);
            case Index.Multi multi -> {
                List<String> parts = new ArrayList<>();
                for (int level = 0; level < multi.levels().size(); level++) {
                    Column labels = multi.levels().get(level);
                    // An integer level with missing labels shows its integers, as pandas prints them.
                    parts.add(multi.integerLevels().get(level).filter(integers -> !labels.isMissing(row))
                            .orElse(labels).format(row));
                }
                yield "(" + String.join(", ", parts) + ")";
            }
        };
    }

    private static String clip(String cell) {
        // Names and values come from files (any character): escaped, so that printing a table read
        // from a .bin sends no terminal escape, line break or bidirectional override to the console.
        String flat = dev.bsee.core.internal.SafeText.escape(cell);
        return flat.length() <= MAX_CELL ? flat : flat.substring(0, MAX_CELL - 1) + "…";
    }
}
