package dev.bsee.binary;

import dev.bsee.binary.internal.SpillingAllocator;
import dev.bsee.core.Column;
import dev.bsee.core.Index;
import dev.bsee.core.Table;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// Any table read with spilling buffers, of any shape and dtypes, with or without rows: once the
/// allocator is closed, each of its columns and index levels refuses every read, naming the
/// allocator, and the same table read on the heap is unaffected.
class ClosedBuffersProperties {

    @Provide
    Arbitrary<Table> tables() {
        return TableGenerators.tables(40, 6);
    }

    @Property(tries = 60)
    void everyColumnOfAClosedAllocatorsTableRefusesToBeRead(@ForAll("tables") Table table) throws IOException {
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        PickleWriter.of().write(table, pickle);
        Path spill = Files.createTempDirectory("bsee-closed-");
        try {
            SpillingAllocator buffers = SpillingAllocator.open(spill, 0);
            Table read = PickleReader.builder().allocator(buffers).build().read(new ByteArrayInputStream(pickle.toByteArray()));
            assertThat(read).isEqualTo(table);
            buffers.close();

            String named = "(SpillingBuffers in " + spill + ") was closed";
            for (Column column : columnsAndLevels(read)) {
                assertThatThrownBy(column::toString).hasMessageContaining(named);
                assertThatThrownBy(column::hashCode).hasMessageContaining(named);
                assertThatThrownBy(() -> column.equals(column)).hasMessageContaining(named);
                for (int row : column.size() == 0 ? new int[0] : new int[] {0, column.size() - 1}) {
                    assertThatThrownBy(() -> column.value(row)).isInstanceOf(IllegalStateException.class).hasMessageContaining(named);
                    assertThatThrownBy(() -> column.format(row)).isInstanceOf(IllegalStateException.class).hasMessageContaining(named);
                    assertThatThrownBy(() -> column.isMissing(row)).isInstanceOf(IllegalStateException.class).hasMessageContaining(named);
                }
            }
            assertThat(PickleReader.of().read(new ByteArrayInputStream(pickle.toByteArray()))).isEqualTo(table);
        } finally {
            try (var files = Files.list(spill)) {
                assertThat(files).isEmpty();
            }
            Files.delete(spill);
        }
    }

    private static List<Column> columnsAndLevels(Table table) {
        List<Column> columns = new ArrayList<>(table.columns());
        switch (table.index()) {
            case Index.Labels labels -> columns.add(labels.labels());
            case Index.Multi multi -> columns.addAll(multi.levels());
            case Index.Range ignored -> {
            }
        }
        return columns;
    }
}
