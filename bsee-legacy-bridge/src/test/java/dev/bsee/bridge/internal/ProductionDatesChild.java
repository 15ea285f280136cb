package dev.bsee.bridge.internal;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;

/// Run by [ProductionDatesTest] in a JVM of a small heap: the newest of a `PRODUCTION_DATE` column of
/// `args[0]` distinct texts, printed.
public final class ProductionDatesChild {

    private ProductionDatesChild() {
    }

    public static void main(String[] args) {
        int rows = Integer.parseInt(args[0]);
        ObjectColumn.Builder column = ObjectColumn.builder(BufferAllocator.heap());
        for (int row = 0; row < rows; row++) {
            column.add(row == rows / 2 ? "199601" : row + ".5");
        }
        Table table = Table.builder().column(ProductionDates.COLUMN, column.build()).build();
        System.out.println(ProductionDates.newest(table).orElse("none"));
    }
}
