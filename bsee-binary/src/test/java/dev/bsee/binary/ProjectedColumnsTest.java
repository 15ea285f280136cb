package dev.bsee.binary;

import org.junit.jupiter.api.Test;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectedColumnsTest {

    /// A file's column names that count how often a name is read.
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
    void keepingTensOfThousandsOfColumnsReadsTheFilesNamesOnce() {
        int width = 20_000;
        List<String> names = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            names.add("c" + i);
        }
        CountedNames counted = new CountedNames(names);

        PickleReader.requireColumns(counted, new LinkedHashSet<>(names.reversed()));

        assertThat(counted.reads).isLessThanOrEqualTo(2L * width);
    }

    @Test
    void aNameTheFileDoesNotHaveIsRefusedByName() {
        assertThatThrownBy(() -> PickleReader.requireColumns(List.of("a", "b"), Set.of("x")))
                .isInstanceOf(NoSuchElementException.class).hasMessage("no column x; columns are [a, b]");
    }
}
