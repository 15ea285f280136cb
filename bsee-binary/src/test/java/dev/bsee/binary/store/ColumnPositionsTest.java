package dev.bsee.binary.store;

import org.junit.jupiter.api.Test;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColumnPositionsTest {

    /// A table's column names that count how often a name is read.
    static final class CountedNames extends AbstractList<String> {
        private final List<String> names;
        long reads;

        CountedNames(List<String> names) {
            this.names = names;
        }

        @Override
        public String get(int index) {
            reads++;
            return names.get(index);
        }

        @Override
        public int size() {
            return names.size();
        }
    }

    @Test
    void aProjectionOfTensOfThousandsOfColumnsReadsTheTablesNamesOnce() {
        int width = 20_000;
        List<String> names = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            names.add("c" + i);
        }
        CountedNames counted = new CountedNames(names);
        List<String> selected = new ArrayList<>(names.reversed());

        List<Integer> positions = RowSelection.positionsOf(counted, selected);

        assertThat(positions).hasSize(width).startsWith(width - 1, width - 2).endsWith(1, 0);
        assertThat(counted.reads).isLessThanOrEqualTo(2L * width);
    }

    @Test
    void everyColumnOfARepeatedNameIsKeptInTheTablesOrderAndAMissingNameIsRefused() {
        List<String> names = List.of("a", "b", "a", "c");
        assertThat(RowSelection.positionsOf(names, List.of("c", "a"))).containsExactly(3, 0, 2);
        assertThatThrownBy(() -> RowSelection.positionsOf(names, List.of("b", "d")))
                .isInstanceOf(NoSuchElementException.class).hasMessageStartingWith("no column d; columns are ");
    }
}
