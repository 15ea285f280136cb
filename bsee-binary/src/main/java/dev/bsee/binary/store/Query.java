package dev.bsee.binary.store;

import dev.bsee.core.Table;
import dev.bsee.core.internal.OptionChecks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/// Which columns and rows of a table to keep: a projection and conditions that must all hold.
///
/// ```java
/// Query query = Query.columns("API_WELL_NUMBER", "WELL_NAME")
///         .where("API_WELL_NUMBER", Condition.isIn(wells));
/// ```
///
/// is pandas' `df[df['API_WELL_NUMBER'].isin(wells)][['API_WELL_NUMBER', 'WELL_NAME']]`. Kept rows
/// keep their index labels, as in pandas, so a filtered table's index is its rows' original labels.
///
/// Queries are immutable and thread-safe; [#where(String, Condition)] returns a new one.
public final class Query {

    private final List<String> columns;  // null: every column
    private final List<ColumnCondition> conditions;

    private Query(List<String> columns, List<ColumnCondition> conditions) {
        this.columns = columns == null ? null : OptionChecks.listOf("columns", columns);
        this.conditions = OptionChecks.listOf("conditions", conditions);
    }

    /// Every column and row.
    ///
    /// @return the query
    public static Query all() {
        return new Query(null, List.of());
    }

    /// Only the named columns, in this order (they need not include the filtered ones).
    ///
    /// @param names the column names
    /// @return the query
    public static Query columns(String... names) {
        Objects.requireNonNull(names, "names");
        for (String name : names) {
            Objects.requireNonNull(name, "a column name is null");
        }
        return new Query(List.of(names), List.of());
    }

    /// Every column, only rows whose `column` passes `condition`.
    ///
    /// @param column the column tested
    /// @param condition the test
    /// @return the query
    public static Query rowsWhere(String column, Condition condition) {
        return all().where(column, condition);
    }

    /// This query with one more condition; a row must pass all.
    ///
    /// @param column the column tested
    /// @param condition the test
    /// @return the new query
    public Query where(String column, Condition condition) {
        List<ColumnCondition> more = new ArrayList<>(conditions);
        more.add(new ColumnCondition(column, condition));
        return new Query(columns, more);
    }

    /// The columns to keep, in this order: the names given to [#columns(String...)].
    ///
    /// @return the column names, or empty to keep every column
    public Optional<List<String>> selectedColumns() {
        return Optional.ofNullable(columns);
    }

    /// Per column, the conditions a row must pass (all of them).
    ///
    /// @return the conditions, in the order they were added
    public List<ColumnCondition> conditions() {
        return conditions;
    }

    /// Equal when the columns and conditions are equal.
    ///
    /// @param other the object to compare with
    /// @return whether `other` is the same query
    @Override
    public boolean equals(Object other) {
        return other instanceof Query that && Objects.equals(columns, that.columns) && conditions.equals(that.conditions);
    }

    /// A hash of the columns and conditions.
    ///
    /// @return the hash
    @Override
    public int hashCode() {
        return Objects.hash(columns, conditions);
    }

    /// The columns and conditions, for messages and debugging.
    ///
    /// @return the text
    @Override
    public String toString() {
        return "Query[columns=" + (columns == null ? "all" : columns) + ", conditions=" + conditions + "]";
    }

    /// Applies the query to a table.
    ///
    /// @param table the table
    /// @return the rows and columns kept, with their original index labels. Kept columns share the
    ///     table's buffers and the rows a filter keeps are copied to the heap, where they refuse
    ///     reads as the columns they came from do, so the result may be read as long as `table` may
    ///     (until the allocator it was read or built with is closed). [BinStore#read(String, Query)]
    ///     copies them into the allocator of its reader instead.
    /// @throws java.util.NoSuchElementException when a named column is not in the table
    /// @throws IllegalArgumentException when a condition cannot apply to its column's values, or
    ///     tests a name that several columns of the table have (pandas' `df[name]` is then a frame)
    public Table apply(Table table) {
        Objects.requireNonNull(table, "table");
        return RowSelection.apply(table, this, dev.bsee.core.BufferAllocator.heap());
    }

    /// A condition on one column.
    ///
    /// @param column the column name
    /// @param condition the test
    public record ColumnCondition(String column, Condition condition) {
        /// Validates the pair.
        public ColumnCondition {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(condition, "condition");
        }
    }
}
