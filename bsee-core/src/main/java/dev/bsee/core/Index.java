package dev.bsee.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/// The row labels of a [Table], as pandas has them: a [Range] (the default `RangeIndex`), one
/// column of [Labels] (`Index`), or several levels of labels ([Multi], `MultiIndex`).
public sealed interface Index {

    /// The number of rows labelled.
    ///
    /// @return the row count
    int size();

    /// The default index of `rows` rows: `RangeIndex(0, rows)`.
    ///
    /// @param rows the row count
    /// @return the index
    static Range range(int rows) {
        return new Range(0, rows, 1, Optional.empty());
    }

    /// `RangeIndex(start, stop, step)`, optionally named.
    ///
    /// @param start the first label
    /// @param stop the end, exclusive
    /// @param step the distance between labels, not zero
    /// @param name the index name, if any
    record Range(long start, long stop, long step, Optional<String> name) implements Index {
        /// Validates the range.
        public Range {
            Objects.requireNonNull(name, "name");
            if (step == 0) {
                throw new IllegalArgumentException("RangeIndex step must not be zero");
            }
        }

        @Override
        public int size() {
            long count = step > 0 ? Math.max(0, Math.ceilDiv(stop - start, step)) : Math.max(0, Math.ceilDiv(start - stop, -step));
            return Math.toIntExact(count);
        }
    }

    /// An `Index` of one label per row, optionally named.
    ///
    /// @param labels the labels
    /// @param name the index name, if any
    record Labels(Column labels, Optional<String> name) implements Index {
        /// Validates the labels.
        public Labels {
            Objects.requireNonNull(labels, "labels");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public int size() {
            return labels.size();
        }
    }

    /// A `MultiIndex`: one label column per level, each as long as the table, with level names.
    ///
    /// @param levels the label columns, at least one, all of one size
    /// @param names one optional name per level
    record Multi(List<Column> levels, List<Optional<String>> names) implements Index {
        /// Validates and copies the levels.
        public Multi {
            levels = List.copyOf(levels);
            names = List.copyOf(names);
            if (levels.isEmpty()) {
                throw new IllegalArgumentException("a MultiIndex needs at least one level");
            }
            if (names.size() != levels.size()) {
                throw new IllegalArgumentException(levels.size() + " levels but " + names.size() + " names");
            }
            int size = levels.getFirst().size();
            for (Column level : levels) {
                if (level.size() != size) {
                    throw new IllegalArgumentException("MultiIndex levels differ in length: " + size + " and " + level.size());
                }
            }
        }

        @Override
        public int size() {
            return levels.getFirst().size();
        }
    }
}
