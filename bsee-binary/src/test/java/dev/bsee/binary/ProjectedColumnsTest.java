package dev.bsee.binary;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectedColumnsTest {

    @Test
    void keepingTensOfThousandsOfColumnsReadsTheFilesNamesOnce() {
        int width = 20_000;
        List<String> names = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            names.add("c" + i);
        }
        CountedNames counted = new CountedNames(names);

        PickleReader.requireColumns(counted, new LinkedHashSet<>(names.reversed()));

        assertThat(counted.reads()).isLessThanOrEqualTo(2L * width);
    }

    @Test
    void aNameTheFileDoesNotHaveIsRefusedByName() {
        assertThatThrownBy(() -> PickleReader.requireColumns(List.of("a", "b"), Set.of("x")))
                .isInstanceOf(NoSuchElementException.class).hasMessage("no column x; columns are [a, b]");
    }
}
