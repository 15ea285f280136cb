package dev.bsee.binary.store;

import dev.bsee.core.Table;

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
/// @param columns the columns to keep, in this order; empty keeps every column
/// @param conditions per column, the conditions a row must pass (all of them)
public record Query(Optional<List<String>> columns, List<ColumnCondition> conditions) {

    /// Validates and copies the query.
    public Query {
        columns = columns.map(List::copyOf);
        conditions = List.copyOf(conditions);
    }

    /// Every column and row.
    ///
    /// @return the query
    public static Query all() {
        return new Query(Optional.empty(), List.of());
    }

    /// Only the named columns, in this order (they need not include the filtered ones).
    ///
    /// @param names the column names
    /// @return the query
    public static Query columns(String... names) {
        return new Query(Optional.of(List.of(names)), List.of());
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

    /// Applies the query to a table.
    ///
    /// @param table the table
    /// @return the rows and columns kept, with their original index labels
    /// @throws java.util.NoSuchElementException when a named column is not in the table
    public Table apply(Table table) {
        return RowSelection.apply(table, this);
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
