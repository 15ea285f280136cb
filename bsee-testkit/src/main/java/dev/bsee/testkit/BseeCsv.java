package dev.bsee.testkit;

import dev.bsee.core.BoolColumn;
import dev.bsee.core.Column;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import dev.bsee.core.TableLayout;

import dev.bsee.core.internal.PythonText;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategies;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
/// Values are written so pandas infers the same dtype: `int64` as digits; `float64` as Python's
/// `repr` (the shortest decimal that reads back exactly: `1.0`, `0.1`, `1e-05`, `inf`); `bool` as
/// `True`/`False`; `datetime64[ns]` as pandas prints a `Timestamp` (`2024-03-03 00:01:00`; pandas
/// reads it back as strings). The
/// index is not written. An empty string is written as an empty field, which readers take as missing,
/// like strings that are NA markers (`NA`, `NULL`, `nan`, ...). pandas' default float parser is not
/// exact for every 17-digit decimal; values with up to 15 significant digits (all the generated ones
/// have at most 10) read back exactly.
public final class BseeCsv {

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
        StringWriter text = new StringWriter();
        CsvWriter csv = CsvWriter.builder().quoteStrategy(QuoteStrategies.ALWAYS).lineDelimiter(LineDelimiter.CRLF)
                .build(text);
        if (layout instanceof TableLayout.ColumnNames names) {
            if (names.names().size() != table.columnCount()) {
                throw new IllegalArgumentException("the layout names " + names.names().size() + " columns but the table has "
                        + table.columnCount());
            }
        } else {
            csv.writeRecord(table.columnNames());
        }
        List<IntFunction<String>> writers = table.columns().stream().map(BseeCsv::writer).toList();
        String[] record = new String[writers.size()];
        for (int row = 0; row < table.rowCount(); row++) {
            for (int column = 0; column < record.length; column++) {
                record[column] = writers.get(column).apply(row);
            }
            csv.writeRecord(record);
        }
        try {
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /// One quoted field, quotes inside doubled, as FastCSV's `QuoteStrategies.ALWAYS` writes it in
    /// [#format]; for the text arbitraries, which quote fields one by one.
    static String quote(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static IntFunction<String> writer(Column column) {
        return switch (column) {
            case Int64Column ints -> row -> Long.toString(ints.get(row));
            case dev.bsee.core.UInt64Column unsigned -> unsigned::format;
            case Float64Column floats -> row -> floats.isMissing(row) ? "" : PythonText.repr(floats.get(row));
            case BoolColumn bools -> row -> bools.get(row) ? "True" : "False";
            case ObjectColumn strings -> row -> strings.isMissing(row) ? "" : strings.format(row);
            case DateTimeColumn times -> row -> times.isMissing(row) ? "" : PythonText.timestamp(times.epochNanos(row));
        };
    }
}
