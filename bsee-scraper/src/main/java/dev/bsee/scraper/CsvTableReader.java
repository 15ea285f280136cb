package dev.bsee.scraper;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.Table;
import dev.bsee.core.TableLayout;
import dev.bsee.scraper.internal.text.TextTableParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/// Reads comma-separated text into a [Table] exactly as `pandas.read_csv(f, low_memory=False)` does
/// with its default options (UTF-8, and ISO-8859-1 when the text is not UTF-8, as the Python system
/// read BSEE files):
///
/// ```java
/// CsvTableReader reader = CsvTableReader.builder()
///         .layout(TableLayout.columnNames(SourceCatalog.PRODUCTION_COLUMNS))
///         .entryName("ogora2024delimit.txt")
///         .build();
/// Table production = reader.read(Path.of("ogora2024delimit.txt"));
/// ```
///
/// Types are inferred per column as pandas infers them (`int64`, `float64` with NaN for missing
/// values, `bool`, or `object` strings); missing values are pandas' default strings (`""`, `NA`,
/// `NULL`, `nan`, `None`, ...); duplicate and empty header names become `A.1` and `Unnamed: 3`;
/// short rows are padded with missing values; a first data row longer than the header makes the
/// extra leading fields the row index. The rules, and where they come from, are in
/// `docs/text-parsing.md`.
///
/// A reader is immutable and may be shared; each read is independent. Tables it returns keep their
/// values in buffers from the configured [BufferAllocator] and must not be used after that
/// allocator is closed.
public final class CsvTableReader {

    private final TableLayout layout;
    private final BufferAllocator allocator;
    private final Optional<String> archiveName;
    private final Optional<String> entryName;

    private CsvTableReader(Builder builder) {
        this.layout = builder.layout;
        this.allocator = builder.allocator;
        this.archiveName = builder.archiveName;
        this.entryName = builder.entryName;
    }

    /// A builder with a header-row layout, heap buffers and no source names.
    ///
    /// @return the builder
    public static Builder builder() {
        return new Builder();
    }

    /// Reads the whole stream into a table; the stream is not closed.
    ///
    /// @param text the text
    /// @return the table
    /// @throws SourceDataException when the text is malformed (a row with too many fields, an
    ///         unterminated quote, binary data, no header) or has a column a table cannot hold
    /// @throws IOException when reading fails
    public Table read(InputStream text) throws IOException {
        return new TextTableParser(layout, allocator, archiveName.orElse(null), entryName.orElse(null), (rows, bytes) -> { })
                .parse(text).table();
    }

    /// Reads a file into a table.
    ///
    /// @param file the file
    /// @return the table
    /// @throws SourceDataException when the text is malformed
    /// @throws IOException when reading fails
    public Table read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream text = Files.newInputStream(file)) {
            String name = entryName.orElseGet(() -> file.getFileName().toString());
            return new TextTableParser(layout, allocator, archiveName.orElse(null), name, (rows, bytes) -> { })
                    .parse(text).table();
        } catch (SourceDataException e) {
            throw e;
        } catch (IOException e) {
            // A folder opens and then fails its first read with the bare "Is a directory", as other
            // read errors do: the message names the file.
            throw PathMessages.naming(file, e);
        }
    }

    /// Options of a [CsvTableReader].
    public static final class Builder {
        private TableLayout layout = TableLayout.headerRow();
        private BufferAllocator allocator = BufferAllocator.heap();
        private Optional<String> archiveName = Optional.empty();
        private Optional<String> entryName = Optional.empty();

        private Builder() {
        }

        /// How the text is laid out: a header row (the default) or column names for headerless text.
        /// Headerless names must be distinct, as pandas requires.
        ///
        /// @param layout the layout
        /// @return this builder
        public Builder layout(TableLayout layout) {
            this.layout = Objects.requireNonNull(layout, "layout");
            if (layout instanceof TableLayout.ColumnNames names
                    && names.names().stream().distinct().count() != names.names().size()) {
                throw new IllegalArgumentException("duplicate column names are not allowed: " + names.names());
            }
            return this;
        }

        /// Where column buffers come from (default: the heap).
        ///
        /// @param allocator the allocator; the caller closes it
        /// @return this builder
        public Builder allocator(BufferAllocator allocator) {
            this.allocator = Objects.requireNonNull(allocator, "allocator");
            return this;
        }

        /// The archive the text comes from, named in error messages.
        ///
        /// @param name the archive name
        /// @return this builder
        public Builder archiveName(String name) {
            this.archiveName = Optional.of(requireText(name, "archive name"));
            return this;
        }

        /// The entry or file the text comes from, named in error messages.
        ///
        /// @param name the entry name
        /// @return this builder
        public Builder entryName(String name) {
            this.entryName = Optional.of(requireText(name, "entry name"));
            return this;
        }

        /// The reader.
        ///
        /// @return the reader
        public CsvTableReader build() {
            return new CsvTableReader(this);
        }

        private static String requireText(String value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return value;
        }
    }
}
