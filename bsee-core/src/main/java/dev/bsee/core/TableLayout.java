package dev.bsee.core;

import dev.bsee.core.internal.OptionChecks;

import java.util.List;
import java.util.Objects;

/// How the text of a source's entries is laid out: a header row naming the columns, or no header
/// with the column names known in advance.
public sealed interface TableLayout {

    /// The first line of each entry names the columns (`pandas.read_csv(f)`).
    ///
    /// @return the layout
    static TableLayout headerRow() {
        return HeaderRow.INSTANCE;
    }

    /// Entries have no header; every line is a record (`pandas.read_csv(f, header=None, names=...)`).
    ///
    /// @param names the column names in order
    /// @return the layout
    static TableLayout columnNames(List<String> names) {
        return new ColumnNames(names, false);
    }

    /// Entries are headerless with these names, unless the first record *is* exactly these names, in
    /// order: then it is the header. Decided by each entry's content, so a data center that starts
    /// (or stops) writing a header row is read right either way: `read_csv(f, header=None,
    /// names=...)` for a headerless entry, `read_csv(f)` for one with the header.
    ///
    /// @param names the column names in order
    /// @return the layout
    static TableLayout columnNamesOrHeader(List<String> names) {
        return new ColumnNames(names, true);
    }

    /// A header row names the columns.
    enum HeaderRow implements TableLayout {
        /// The only instance.
        INSTANCE
    }

    /// No header row: the columns are named in advance.
    ///
    /// @param names the column names in order, at least one
    /// @param headerWhenNamed a first record equal to `names` is the header row, not data
    record ColumnNames(List<String> names, boolean headerWhenNamed) implements TableLayout {
        /// Validates and copies the names.
        public ColumnNames {
            names = OptionChecks.listOf("names", names);
            if (names.isEmpty()) {
                throw new IllegalArgumentException("a headerless layout needs at least one column name");
            }
        }

        /// Strictly headerless: every record is data.
        ///
        /// @param names the column names in order, at least one
        public ColumnNames(List<String> names) {
            this(names, false);
        }
    }
}
