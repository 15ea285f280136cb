package dev.bsee.testkit;

import dev.bsee.core.BoolColumn;
import dev.bsee.core.Column;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import dev.bsee.core.TableLayout;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.IntFunction;

/// Writes a [Table] as BSEE publishes its delimited text: every field in double quotes (quotes inside
/// doubled), records ending in `\r\n`, a missing value as an empty field (`""`), with a header row or
/// without one (the production files).
///
/// For the tables of [BseeArbitraries], `pandas.read_csv` of the text gives back the table itself
/// (same names, dtypes and values), which makes the text a test input with a known answer:
///
/// ```java
/// @Property
/// void parserReadsWhatBseePublishes(@ForAll("production") Table production) {
///     String text = BseeCsv.format(production, TableLayout.columnNames(SourceCatalog.PRODUCTION_COLUMNS));
///     assertThat(MyParser.read(text)).isEqualTo(production);
/// }
/// ```
///
/// Values are written so pandas infers the same dtype: `int64` as digits; `float64` with the shortest
/// decimal that reads back exactly (whole numbers without a fraction when the column has a missing
/// value, since pandas makes such a column `float64` anyway, and with `.0` otherwise), `inf`/`-inf`;
/// `bool` as `True`/`False`; `datetime64[ns]` as ISO-8601 text (pandas reads it back as strings). The
/// index is not written. An empty string is written as an empty field, which readers take as missing,
/// like strings that are NA markers (`NA`, `NULL`, `nan`, ...). pandas' default float parser is not
/// exact for every 17-digit decimal; values with up to 15 significant digits (all the generated ones
/// have at most 10) read back exactly.
public final class BseeCsv {

    /// The record separator BSEE uses.
    public static final String LINE_END = "\r\n";

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC);

    private BseeCsv() {
    }

    /// The table as BSEE-style text.
    ///
    /// @param table the table
    /// @param layout [TableLayout#headerRow()] to start with a header of the column names; a
    ///               [TableLayout.ColumnNames] layout for headerless text, whose name count must
    ///               match the table's column count
    /// @return the text
    /// @throws IllegalArgumentException when a headerless layout names another number of columns
    public static String format(Table table, TableLayout layout) {
        StringBuilder text = new StringBuilder();
        if (layout instanceof TableLayout.ColumnNames names) {
            if (names.names().size() != table.columnCount()) {
                throw new IllegalArgumentException("the layout names " + names.names().size() + " columns but the table has "
                        + table.columnCount());
            }
        } else {
            appendRecord(text, table.columnNames().size(), table.columnNames()::get);
        }
        List<IntFunction<String>> writers = table.columns().stream().map(BseeCsv::writer).toList();
        for (int row = 0; row < table.rowCount(); row++) {
            int at = row;
            appendRecord(text, writers.size(), column -> writers.get(column).apply(at));
        }
        return text.toString();
    }

    /// One quoted field, quotes inside doubled.
    ///
    /// @param value the field's text; empty for a missing value
    /// @return the quoted field
    public static String quote(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static void appendRecord(StringBuilder text, int fields, IntFunction<String> field) {
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(quote(field.apply(i)));
        }
        text.append(LINE_END);
    }

    private static IntFunction<String> writer(Column column) {
        return switch (column) {
            case Int64Column ints -> row -> Long.toString(ints.get(row));
            case Float64Column floats -> {
                boolean anyMissing = false;
                for (int row = 0; row < floats.size() && !anyMissing; row++) {
                    anyMissing = floats.isMissing(row);
                }
                String wholeSuffix = anyMissing ? "" : ".0";
                yield row -> formatDouble(floats.get(row), wholeSuffix);
            }
            case BoolColumn bools -> row -> bools.get(row) ? "True" : "False";
            case ObjectColumn strings -> row -> strings.isMissing(row) ? "" : strings.get(row);
            case DateTimeColumn times -> row -> times.value(row).map(instant -> ISO.format((Instant) instant)).orElse("");
        };
    }

    private static String formatDouble(double value, String wholeSuffix) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return (long) value + wholeSuffix;
        }
        return Double.toString(value);
    }
}
