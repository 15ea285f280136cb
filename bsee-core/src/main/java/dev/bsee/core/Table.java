package dev.bsee.core;

import dev.bsee.core.internal.OptionChecks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/// A named, typed, columnar table with a row [Index]: the in-Java form of a pandas `DataFrame`.
///
/// Column names may repeat (pandas allows it) and keep their order. Tables are immutable; build them
/// with [#builder()]:
///
/// ```java
/// Table wells = Table.builder()
///         .column("API_WELL_NUMBER", Int64Column.of(608164000100L, 608164000101L))
///         .column("WELL_NAME", ObjectColumn.of("A001", "A002"))
///         .build();
/// ```
///
/// Two tables are equal when they have the same column names, dtypes, values and index, which is
/// `DataFrame.equals` plus identical dtypes and names (as in `DataFrame.equals`, a `RangeIndex` equals
/// an `int64` index of the same labels).
///
/// Tables and their columns are immutable and safe to read from any number of threads.
public final class Table {

    static {
        dev.bsee.core.internal.BufferScope.binder(Table::within);
        dev.bsee.core.internal.BufferScope.columnBinder(Table::scopeOf, Table::within);
    }

    private final List<String> columnNames;
    private final List<Column> columns;
    private final Index index;

    private Table(List<String> columnNames, List<Column> columns, Index index) {
        this.columnNames = OptionChecks.listOf("columnNames", columnNames);
        this.columns = OptionChecks.listOf("columns", columns);
        this.index = index;
    }

    /// A new builder.
    ///
    /// @return the builder
    public static Builder builder() {
        return new Builder();
    }

    /// The column names in order.
    ///
    /// @return the names (unmodifiable)
    public List<String> columnNames() {
        return columnNames;
    }

    /// The columns in order.
    ///
    /// @return the columns (unmodifiable)
    public List<Column> columns() {
        return columns;
    }

    /// The column at `position`.
    ///
    /// @param position the position, from zero
    /// @return the column
    public Column column(int position) {
        return columns.get(position);
    }

    /// The first column named `name`.
    ///
    /// @param name the column name
    /// @return the column
    /// @throws NoSuchElementException when there is no such column
    public Column column(String name) {
        return findColumn(name).orElseThrow(() -> new NoSuchElementException(
                "no column " + dev.bsee.core.internal.SafeText.escape(name) + "; columns are " + dev.bsee.core.internal.MessageText.names(columnNames)));
    }

    /// The first column named `name`, as the column type its dtype has:
    /// `table.column("API_WELL_NUMBER", Int64Column.class).get(row)`.
    ///
    /// @param <C> the column type
    /// @param name the column name
    /// @param type the column type expected, e.g. [Int64Column] for an `int64` column
    /// @return the column
    /// @throws NoSuchElementException when there is no such column
    /// @throws IllegalArgumentException when the column has another dtype, naming both (a column
    ///     of text where numbers were expected reads as `object`, as in pandas)
    public <C extends Column> C column(String name, Class<C> type) {
        Objects.requireNonNull(type, "type");
        Column column = column(name);
        if (!type.isInstance(column)) {
            throw new IllegalArgumentException("column " + name + " is " + column.dtype() + " ("
                    + column.getClass().getSimpleName() + "), asked for as " + type.getSimpleName());
        }
        return type.cast(column);
    }

    /// The first column named `name`, if any.
    ///
    /// @param name the column name
    /// @return the column, or empty
    public Optional<Column> findColumn(String name) {
        Objects.requireNonNull(name, "name");
        int position = columnNames.indexOf(name);
        return position < 0 ? Optional.empty() : Optional.of(columns.get(position));
    }

    /// The dtypes of the columns in order.
    ///
    /// @return the dtypes
    public List<DType> dtypes() {
        return columns.stream().map(Column::dtype).toList();
    }

    /// The row index.
    ///
    /// @return the index
    public Index index() {
        return index;
    }

    /// The number of rows.
    ///
    /// @return the row count
    public int rowCount() {
        return index.size();
    }

    /// The number of columns.
    ///
    /// @return the column count
    public int columnCount() {
        return columns.size();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Table that && columnNames.equals(that.columnNames)
                && columns.equals(that.columns) && sameLabels(index, that.index);
    }

    /// Whether two indexes label the rows alike, as `Index.equals` judges them in pandas: by the
    /// labels and the name, so a `RangeIndex` and an `int64` index of the same labels are alike (a
    /// file pandas wrote with `Index([0, 1, ...])` is then equal to the same table read from text),
    /// and so are two ranges that give the same labels (`RangeIndex(5, 5)` and `RangeIndex(0, 0)`;
    /// `RangeIndex(0, 3, 2)` and `RangeIndex(0, 4, 2)`), which keeps the equality transitive.
    private static boolean sameLabels(Index a, Index b) {
        if (a instanceof Index.Range one && b instanceof Index.Range other) {
            return one.name().equals(other.name()) && one.size() == other.size()
                    && (one.size() == 0 || one.start() == other.start())
                    && (one.size() <= 1 || one.step() == other.step());
        }
        if (a.equals(b)) {
            return true;
        }
        Index.Range range = a instanceof Index.Range r ? r : b instanceof Index.Range r ? r : null;
        Index.Labels labels = a instanceof Index.Labels l ? l : b instanceof Index.Labels l ? l : null;
        if (range == null || labels == null || !range.name().equals(labels.name())
                || !(labels.labels() instanceof Int64Column values) || values.size() != range.size()) {
            return false;
        }
        for (int row = 0; row < values.size(); row++) {
            if (values.get(row) != range.start() + row * range.step()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        // The index by its size alone: a range and the same labels listed are equal (above).
        return Objects.hash(columnNames, columns, index.size());
    }

    /// The shape, the dtypes and the first rows, like pandas prints a frame.
    @Override
    public String toString() {
        return TableFormat.format(this, 10);
    }

    /// `table` with its columns and index labels in `scope`, sharing their buffers.
    private static Table within(Table table, dev.bsee.core.internal.BufferScope scope) {
        List<Column> columns = table.columns.stream().map(column -> within(column, scope)).toList();
        Index index = switch (table.index) {
            case Index.Range range -> range;
            case Index.Labels labels -> new Index.Labels(within(labels.labels(), scope), labels.name().orElse(null));
            case Index.Multi multi -> new Index.Multi(
                    multi.levels().stream().map(level -> within(level, scope)).toList(), multi.names(),
                    multi.integerLevels().stream().map(level -> level.map(integers -> within(integers, scope))).toList());
        };
        return new Table(table.columnNames, columns, index);
    }

    private static dev.bsee.core.internal.BufferScope scopeOf(Column column) {
        return column instanceof ObjectColumn strings ? strings.scope() : ((FixedWidthColumn) column).scope;
    }

    private static Column within(Column column, dev.bsee.core.internal.BufferScope scope) {
        return column instanceof ObjectColumn strings ? strings.within(scope) : (Column) ((FixedWidthColumn) column).within(scope);
    }

    /// Collects columns and an index into a [Table]; checks that all lengths agree.
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<Column> columns = new ArrayList<>();
        private Index index;

        private Builder() {
        }

        /// Appends a column.
        ///
        /// @param name the column name (may repeat an earlier one)
        /// @param column the values
        /// @return this builder
        public Builder column(String name, Column column) {
            names.add(Objects.requireNonNull(name, "name"));
            columns.add(Objects.requireNonNull(column, "column"));
            return this;
        }

        /// Sets the row index; without one the table has `RangeIndex(0, rows)`.
        ///
        /// @param index the index
        /// @return this builder
        public Builder index(Index index) {
            this.index = Objects.requireNonNull(index, "index");
            return this;
        }

        /// Sets a `RangeIndex(0, rows)` explicitly, which a table without columns needs to have rows.
        ///
        /// @param rows the row count
        /// @return this builder
        public Builder rows(int rows) {
            return index(Index.range(rows));
        }

        /// The table.
        ///
        /// @return the table
        /// @throws IllegalArgumentException when column and index lengths differ
        public Table build() {
            Index rowIndex = index != null ? index : Index.range(columns.isEmpty() ? 0 : columns.getFirst().size());
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).size() != rowIndex.size()) {
                    throw new IllegalArgumentException("column " + names.get(i) + " has " + columns.get(i).size()
                            + " values but the index has " + rowIndex.size() + " rows");
                }
            }
            return new Table(Collections.unmodifiableList(names), columns, rowIndex);
        }
    }
}
