package dev.bsee.binary.store;

import dev.bsee.binary.CountedNames;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColumnPositionsTest {

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
        assertThat(counted.reads()).isLessThanOrEqualTo(2L * width);
    }

    @Test
    void everyColumnOfARepeatedNameIsKeptInTheTablesOrderAndAMissingNameIsRefused() {
        List<String> names = List.of("a", "b", "a", "c");
        assertThat(RowSelection.positionsOf(names, List.of("c", "a"))).containsExactly(3, 0, 2);
        assertThatThrownBy(() -> RowSelection.positionsOf(names, List.of("b", "d")))
                .isInstanceOf(NoSuchElementException.class).hasMessageStartingWith("no column d; columns are ");
    }
}
