package dev.bsee.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.bsee.core.BoolColumn;
import dev.bsee.core.Column;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Index;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import dev.bsee.core.internal.PythonText;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategies;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/// `bsee dump FILE.bin [--format split-json|pandas-json|csv]`: prints a `.bin` file (a pickled pandas
/// DataFrame) as JSON in pandas' "split" layout, with or without dtypes, or as the CSV
/// `DataFrame.to_csv()` writes.
///
/// JSON: `{"columns":[...],"dtypes":[...],"index":[...],"data":[[...],...]}` with one array per row;
/// missing values are `null`, infinities `Infinity`/`-Infinity` (`null` in `pandas-json`, as
/// `DataFrame.to_json` writes them: strict JSON), timestamps ISO-8601 text, and MultiIndex labels
/// arrays. `pandas-json` leaves out `dtypes`, a key `pandas.read_json(text,
/// orient="split")` refuses, so pandas reads it as it is; `split-json` keeps them, and with
/// `dtype=False` plus `astype` per column they restore the exact types (pandas' own guessing turns
/// `1.0` into `int64`).
///
/// CSV: the text `DataFrame.to_csv()` writes (index first, missing values empty, floats as Python's
/// `repr`, timestamps at the resolution the column needs), UTF-8.
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Prints a .bin file (a pickled pandas DataFrame) as split JSON (typed, or as pandas reads it) or as CSV.",
        footer = {"", "Examples:", "  bsee dump bsee-demo/data/modules/bsee/bin/apd/mv_apddata_all.bin",
                "  bsee dump mv_eor_completions.bin --format pandas-json > completions.json",
                "  bsee dump mv_eor_completions.bin --format csv > mv_eor_completions.csv"})
public final class DumpCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE.bin", description = "the .bin file to print")
    private Path file;

    @Option(names = "--format", defaultValue = "split-json", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "split-json (default): {columns, dtypes, index, data}, typed; pandas-json: the same without"
                    + " dtypes, as pandas.read_json(orient=\"split\") reads it; csv: as DataFrame.to_csv()")
    private Format format;

    @Spec
    private CommandSpec spec;

    /// Creates the command; picocli sets its options.
    public DumpCommand() {
    }

    /// Output formats.
    enum Format {
        SPLIT_JSON, PANDAS_JSON, CSV
    }

    /// Takes the format in any case, as `--dialect` and `--progress` take theirs (`--format CSV`).
    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "split-json" -> Format.SPLIT_JSON;
                case "pandas-json" -> Format.PANDAS_JSON;
                case "csv" -> Format.CSV;
                default -> throw new CommandLine.TypeConversionException("unknown format '" + value
                        + "' (expected split-json, pandas-json or csv)");
            };
        }
    }

    /// A file that cannot be read fails through the tool's handler of failures, as `inspect`'s do:
    /// one line with the path escaped (a name may hold a line break or a terminal's escape), and
    /// the stack trace under `-v`.
    @Override
    public Integer call() throws IOException {
        try (BinFiles.Opened opened = BinFiles.read(file)) {
            return print(opened.table());
        }
    }

    private int print(Table table) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Writer checked = new ClosedOutputCheck(out);
        try {
            switch (format) {
                case CSV -> writeCsv(table, checked);
                case SPLIT_JSON -> writeSplitJson(table, checked, true);
                case PANDAS_JSON -> writeSplitJson(table, checked, false);
            }
        } catch (ClosedOutputCheck.Closed | UncheckedIOException e) {
            // FastCSV passes the writer's failure on unchecked.
            if (!(e instanceof ClosedOutputCheck.Closed) && !(e.getCause() instanceof ClosedOutputCheck.Closed)) {
                throw e;
            }
            // The reader went away (`bsee dump big.bin | head`) or the disk is full: stop writing rows
            // nobody reads. The output's error stays set, and the tool's one check of every command's
            // output (BseeCommand.execute) tells the two apart: a pipe's reader that had what it
            // wanted is no failure, a full disk or a closed stdout is.
            return BseeCommand.OK;
        }
        out.flush();
        return BseeCommand.OK;
    }

    /// Passes everything to the command's output and, every 64 Ki characters, asks it whether
    /// writing still works (asking flushes it): a `PrintWriter` keeps its errors to itself, so a dump
    /// into a pipe whose reader had exited went on to the last row.
    private static final class ClosedOutputCheck extends FilterWriter {
        private static final int CHARS_BETWEEN_CHECKS = 1 << 16;
        private final PrintWriter target;
        private long unchecked;

        ClosedOutputCheck(PrintWriter target) {
            super(target);
            this.target = target;
        }

        @Override
        public void write(int c) throws IOException {
            super.write(c);
            check(1);
        }

        @Override
        public void write(char[] chars, int off, int len) throws IOException {
            super.write(chars, off, len);
            check(len);
        }

        @Override
        public void write(String text, int off, int len) throws IOException {
            super.write(text, off, len);
            check(len);
        }

        @Override
        public void close() {
            // The command's output is not this writer's to close.
        }

        private void check(int written) throws Closed {
            unchecked += written;
            if (unchecked >= CHARS_BETWEEN_CHECKS) {
                unchecked = 0;
                if (target.checkError()) {
                    throw new Closed();
                }
            }
        }

        static final class Closed extends IOException {
            Closed() {
                super("the output could not be written");
            }
        }
    }

    // ---- split JSON ---------------------------------------------------------------------------

    /// Split JSON, with the numpy dtypes of the columns (`split-json`) or without them (`pandas-json`,
    /// which `pandas.read_json(orient="split")` refuses no key of).
    static void writeSplitJson(Table table, Writer out, boolean withDtypes) throws IOException {
        JsonFactory factory = JsonFactory.builder().disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();
        try (JsonGenerator json = factory.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            json.writeArrayFieldStart("columns");
            for (String name : table.columnNames()) {
                json.writeString(name);
            }
            json.writeEndArray();
            if (withDtypes) {
                json.writeArrayFieldStart("dtypes");
                for (var dtype : table.dtypes()) {
                    json.writeString(dtype.numpyName());
                }
                json.writeEndArray();
            }
            json.writeArrayFieldStart("index");
            for (int row = 0; row < table.rowCount(); row++) {
                switch (table.index()) {
                    case Index.Range range -> json.writeNumber(range.start() + row * range.step());
                    case Index.Labels labels -> jsonValue(json, labels.labels(), row, withDtypes);
                    case Index.Multi multi -> {
                        json.writeStartArray();
                        for (Column level : multi.levels()) {
                            jsonValue(json, level, row, withDtypes);
                        }
                        json.writeEndArray();
                    }
                }
            }
            json.writeEndArray();
            json.writeArrayFieldStart("data");
            for (int row = 0; row < table.rowCount(); row++) {
                json.writeStartArray();
                for (Column column : table.columns()) {
                    jsonValue(json, column, row, withDtypes);
                }
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        out.write('\n');
    }

    /// One value; an infinity is `Infinity` in the typed JSON (which restores it) and `null` in
    /// pandas' (as `DataFrame.to_json` writes it: strict JSON, which has no infinities).
    private static void jsonValue(JsonGenerator json, Column column, int row, boolean typed) throws IOException {
        if (column.isMissing(row)) {
            json.writeNull();
            return;
        }
        switch (column) {
            case Int64Column c -> json.writeNumber(c.get(row));
            case dev.bsee.core.UInt64Column c -> json.writeNumber((java.math.BigInteger) c.value(row).orElseThrow());
            case Float64Column c when !typed && Double.isInfinite(c.get(row)) -> json.writeNull();
            case Float64Column c -> json.writeNumber(c.get(row));
            case BoolColumn c -> json.writeBoolean(c.get(row));
            case ObjectColumn c when c.isString(row) -> json.writeString(c.get(row));
            case ObjectColumn c -> json.writeBoolean((Boolean) c.value(row).orElseThrow());
            case DateTimeColumn c -> json.writeString(isoTimestamp(c.epochNanos(row)));
        }
    }

    private static String isoTimestamp(long nanos) {
        return PythonText.timestamp(nanos, 9).replace(' ', 'T');
    }

    // ---- CSV as DataFrame.to_csv() --------------------------------------------------------------

    /// The rows `DataFrame.to_csv` formats at once: 100,000 cells' worth of its columns (the index
    /// not counted), at least one row. pandas chooses the form of a chunk's timestamps from that
    /// chunk's alone, so a column of midnights whose later rows hold times is written as dates in
    /// the chunks that hold only midnights.
    static int csvChunkRows(int columns) {
        return Math.max(1, 100_000 / Math.max(1, columns));
    }

    static void writeCsv(Table table, Writer out) throws IOException {
        int chunkRows = csvChunkRows(table.columnCount());
        List<CellFormat> indexFormats = new ArrayList<>();
        List<String> header = new ArrayList<>();
        switch (table.index()) {
            case Index.Range range -> header.add(range.name().orElse(""));
            case Index.Labels labels -> {
                indexFormats.add(CellFormat.of(labels.labels(), chunkRows));
                header.add(labels.name().orElse(""));
            }
            case Index.Multi multi -> {
                // A MultiIndex formats each level's distinct labels once (to_csv drops the unused
                // ones first), so a level's timestamps take one form through the whole file, and an
                // int64 or uint64 level with missing labels writes its integers, not the floats
                // get_level_values makes of them.
                for (int level = 0; level < multi.levels().size(); level++) {
                    Column labels = multi.levels().get(level);
                    indexFormats.add(multi.integerLevels().get(level)
                            .map(integers -> CellFormat.integers(labels, integers))
                            .orElseGet(() -> CellFormat.of(labels, Integer.MAX_VALUE)));
                }
                multi.names().forEach(name -> header.add(name.orElse("")));
            }
        }
        header.addAll(table.columnNames());
        CsvWriter csv = CsvWriter.builder()
                .lineDelimiter(LineDelimiter.LF)
                // Python's csv module (QUOTE_MINIMAL) quotes a record's only field when it is empty,
                // so that the record is not a blank line; FastCSV would write nothing.
                .quoteStrategy(header.size() == 1 ? QuoteStrategies.EMPTY : QuoteStrategies.REQUIRED)
                // FastCSV quotes a first field that starts with its comment character; Python quotes
                // no such field, so the character is one that BSEE text does not hold (a Unicode
                // noncharacter). Such a field would still read back the same, only quoted.
                .commentCharacter('\uFFFF')
                .build(out);
        csv.writeRecord(header);
        List<CellFormat> formats = table.columns().stream().map(column -> CellFormat.of(column, chunkRows)).toList();
        List<String> record = new ArrayList<>(header.size());
        for (int row = 0; row < table.rowCount(); row++) {
            record.clear();
            if (table.index() instanceof Index.Range range) {
                record.add(Long.toString(range.start() + row * range.step()));
            }
            for (CellFormat cells : indexFormats) {
                record.add(cells.format(row));
            }
            for (CellFormat cells : formats) {
                record.add(cells.format(row));
            }
            csv.writeRecord(record);
        }
        // Not closed: the stream is the caller's.
        csv.flush();
    }

    /// Formats the cells of one column as pandas' `to_csv` does: missing values empty, floats as
    /// Python's `repr`, booleans `True`/`False`, timestamps at the finest resolution the rows
    /// formatted with them need.
    private interface CellFormat {
        String format(int row);

        /// The cells of `column`, whose timestamps take their form from each run of `chunkRows` rows.
        static CellFormat of(Column column, int chunkRows) {
            return switch (column) {
                case Int64Column c -> row -> Long.toString(c.get(row));
                case dev.bsee.core.UInt64Column c -> c::format;
                case Float64Column c -> row -> c.isMissing(row) ? "" : PythonText.repr(c.get(row));
                case BoolColumn c -> row -> c.get(row) ? "True" : "False";
                case ObjectColumn c -> row -> c.isMissing(row) ? "" : c.format(row);
                case DateTimeColumn c -> timestamps(c, chunkRows);
            };
        }

        /// The labels of an integer level with missing labels: empty where `labels` is missing,
        /// else the integer `integers` holds.
        static CellFormat integers(Column labels, Column integers) {
            CellFormat exact = of(integers, Integer.MAX_VALUE);
            return row -> labels.isMissing(row) ? "" : exact.format(row);
        }

        private static CellFormat timestamps(DateTimeColumn column, int chunkRows) {
            return new CellFormat() {
                private int chunk = -1;
                private int digits;

                @Override
                public String format(int row) {
                    if (row / chunkRows != chunk) {
                        chunk = row / chunkRows;
                        int first = chunk * chunkRows;
                        digits = PandasTimestamps.digits(column, first, (int) Math.min(column.size(), (long) first + chunkRows));
                    }
                    return column.isMissing(row) ? "" : PythonText.timestamp(column.epochNanos(row), digits);
                }
            };
        }
    }
}
