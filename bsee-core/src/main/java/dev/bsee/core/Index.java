package dev.bsee.core;

import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.OptionChecks;

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
        if (rows < 0) {
            throw new IllegalArgumentException("an index of " + rows + " rows: the count must not be negative");
        }
        return new Range(0, rows, 1);
    }

    /// `RangeIndex(start, stop, step)`, optionally named.
    final class Range implements Index {

        private final long start;
        private final long stop;
        private final long step;
        private final int size;
        private final String name;  // null: absent

        /// The range; an absent name is null.
        ///
        /// @param start the first label
        /// @param stop the end, exclusive
        /// @param step the distance between labels, not zero
        /// @param name the index name, or null when unnamed
        /// @throws IllegalArgumentException when the step is zero, or the range holds more labels than a
        ///     table has rows (2^31 - 1)
        public Range(long start, long stop, long step, String name) {
            if (step == 0) {
                throw new IllegalArgumentException("RangeIndex step must not be zero");
            }
            // The distance as an unsigned number: `stop - start` of a range from -2^62 to 2^62
            // overflows a long, and the range read as empty.
            long labels = step > 0 ? (stop > start ? Long.divideUnsigned(stop - start - 1, step) + 1 : 0)
                    : (start > stop ? Long.divideUnsigned(start - stop - 1, -step) + 1 : 0);
            if (Long.compareUnsigned(labels, Integer.MAX_VALUE) > 0) {
                throw new IllegalArgumentException("RangeIndex(" + start + ", " + stop + ", " + step + ") holds "
                        + MessageText.unsignedNumber(labels) + " labels, more than a table's "
                        + MessageText.count(Integer.MAX_VALUE, "row"));
            }
            this.start = start;
            this.stop = stop;
            this.step = step;
            this.size = (int) labels;
            this.name = name;
        }

        /// An unnamed range.
        ///
        /// @param start the first label
        /// @param stop the end, exclusive
        /// @param step the distance between labels, not zero
        public Range(long start, long stop, long step) {
            this(start, stop, step, null);
        }

        /// The first label.
        ///
        /// @return the value
        public long start() {
            return start;
        }

        /// The end, exclusive.
        ///
        /// @return the value
        public long stop() {
            return stop;
        }

        /// The distance between labels, not zero.
        ///
        /// @return the value
        public long step() {
            return step;
        }

        /// The index name, if any.
        ///
        /// @return the value, or empty when unnamed
        public Optional<String> name() {
            return Optional.ofNullable(name);
        }

        @Override
        public int size() {
            return size;
        }

        /// Equal when every part is equal.
        ///
        /// @param other the object to compare with
        /// @return whether `other` has the same parts
        @Override
        public boolean equals(Object other) {
            return other instanceof Range that
                    && start == that.start
                    && stop == that.stop
                    && step == that.step
                    && Objects.equals(name, that.name);
        }

        /// A hash of every part.
        ///
        /// @return the hash
        @Override
        public int hashCode() {
            return Objects.hash(start, stop, step, name);
        }

        /// The parts, for messages and debugging.
        ///
        /// @return the text
        @Override
        public String toString() {
            // The name is the file's, any character: escaped, as the table's rendering escapes it.
            return "Range[start=" + start + ", stop=" + stop + ", step=" + step + ", name="
                    + (name == null ? null : dev.bsee.core.internal.SafeText.escape(name)) + "]";
        }
    }

    /// An `Index` of one label per row, optionally named.
    final class Labels implements Index {

        private final Column labels;
        private final String name;  // null: absent

        /// The labels; an absent name is null.
        ///
        /// @param labels the labels
        /// @param name the index name, or null when unnamed
        public Labels(Column labels, String name) {
            this.labels = Objects.requireNonNull(labels, "labels");
            this.name = name;
        }

        /// Unnamed labels.
        ///
        /// @param labels the labels
        public Labels(Column labels) {
            this(labels, null);
        }

        /// The labels, one per row.
        ///
        /// @return the value
        public Column labels() {
            return labels;
        }

        /// The index name, if any.
        ///
        /// @return the value, or empty when unnamed
        public Optional<String> name() {
            return Optional.ofNullable(name);
        }

        @Override
        public int size() {
            return labels.size();
        }

        /// Equal when every part is equal.
        ///
        /// @param other the object to compare with
        /// @return whether `other` has the same parts
        @Override
        public boolean equals(Object other) {
            return other instanceof Labels that
                    && labels.equals(that.labels)
                    && Objects.equals(name, that.name);
        }

        /// A hash of every part.
        ///
        /// @return the hash
        @Override
        public int hashCode() {
            return Objects.hash(labels, name);
        }

        /// The parts, for messages and debugging.
        ///
        /// @return the text
        @Override
        public String toString() {
            return "Labels[labels=" + labels + ", name=" + (name == null ? null : dev.bsee.core.internal.SafeText.escape(name)) + "]";
        }
    }

    /// A `MultiIndex`: one label column per level, each as long as the table, with level names.
    ///
    /// `levels` holds the labels as `MultiIndex.get_level_values` gives them, so a level pandas keeps
    /// as `int64` or `uint64` with labels missing in some rows is a `float64` column there, its
    /// missing labels `NaN`. pandas still writes and prints such a level's labels as the integers it
    /// holds (`DataFrame.to_csv` writes `1`, not `1.0`, and `9223372036854775813` exactly), so
    /// `integerLevels` keeps them: for such a level, the labels in their own dtype, one per row,
    /// exact (a row whose label is missing holds 0; `levels` tells which rows those are); empty for
    /// every other level.
    ///
    /// @param levels the label columns, at least one, all of one size
    /// @param names one optional name per level
    /// @param integerLevels per level, the exact integer labels of an `int64` or `uint64` level with
    ///     missing labels, else empty
    record Multi(List<Column> levels, List<Optional<String>> names, List<Optional<Column>> integerLevels)
            implements Index {
        /// Validates and copies the levels.
        public Multi {
            levels = OptionChecks.listOf("levels", levels);
            names = OptionChecks.listOf("names", names);
            integerLevels = OptionChecks.listOf("integerLevels", integerLevels);
            if (levels.isEmpty()) {
                throw new IllegalArgumentException("a MultiIndex needs at least one level");
            }
            if (names.size() != levels.size()) {
                throw new IllegalArgumentException(levels.size() + " levels but " + names.size() + " names");
            }
            if (integerLevels.size() != levels.size()) {
                throw new IllegalArgumentException(levels.size() + " levels but " + integerLevels.size()
                        + " integer levels");
            }
            int size = levels.getFirst().size();
            for (Column level : levels) {
                if (level.size() != size) {
                    throw new IllegalArgumentException("MultiIndex levels differ in length: " + size + " and " + level.size());
                }
            }
            for (int i = 0; i < levels.size(); i++) {
                Optional<Column> integers = integerLevels.get(i);
                if (integers.isPresent() && (!(levels.get(i) instanceof Float64Column)
                        || !(integers.get() instanceof IntegerColumn) || integers.get().size() != size)) {
                    throw new IllegalArgumentException("the integer labels of MultiIndex level " + i + " must be an"
                            + " int64 or uint64 column of " + size + " rows beside a float64 level");
                }
            }
        }

        /// A `MultiIndex` of the labels `levels`, none of them an integer level with missing labels.
        ///
        /// @param levels the label columns, at least one, all of one size
        /// @param names one optional name per level
        public Multi(List<Column> levels, List<Optional<String>> names) {
            this(levels, names,
                    java.util.Collections.nCopies(Objects.requireNonNull(levels, "levels").size(), Optional.empty()));
        }

        @Override
        public int size() {
            return levels.getFirst().size();
        }

        /// The parts, the names escaped (a file's, any character), for messages and debugging.
        ///
        /// @return the text
        @Override
        public String toString() {
            return "Multi[levels=" + levels + ", names=" + names.stream()
                    .map(name -> name.map(dev.bsee.core.internal.SafeText::escape)).toList()
                    + ", integerLevels=" + integerLevels + "]";
        }
    }
}
