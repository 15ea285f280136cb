package dev.bsee.bridge;

import dev.bsee.core.DType;
import dev.bsee.core.internal.OptionChecks;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/// One `.bin` file a refresh wrote, as the report and the folder's manifest describe it.
public final class FileReport {

    private final String entry;
    private final String file;
    private final long rows;
    private final List<String> columns;
    private final List<DType> dtypes;
    private final String sha256;
    private final long bytes;
    private final String newestProductionDate;  // null: absent

    /// The value; a part that is absent is null (a number: -1).
    ///
    /// @param entry the archive entry it came from, e.g. `mv_apddata_all.txt`
    /// @param file the file name in the output folder, e.g. `mv_apddata_all.bin`
    /// @param rows the row count
    /// @param columns the column names in order
    /// @param dtypes the column dtypes in order
    /// @param sha256 the SHA-256 of the file's bytes, lower-case hex
    /// @param bytes the file size
    /// @param newestProductionDate the greatest `PRODUCTION_DATE` value, for a table with that column (see
    ///     [ChangeRecord]); kept in the manifest so the next refresh can compare without reading this file, or null
    ///     when absent
    public FileReport(String entry, String file, long rows, List<String> columns, List<DType> dtypes, String sha256,
                      long bytes, String newestProductionDate) {
        this.entry = Objects.requireNonNull(entry, "entry");
        this.file = Objects.requireNonNull(file, "file");
        this.rows = rows;
        this.columns = OptionChecks.listOf("columns", columns);
        this.dtypes = OptionChecks.listOf("dtypes", dtypes);
        this.sha256 = Objects.requireNonNull(sha256, "sha256");
        this.bytes = bytes;
        this.newestProductionDate = newestProductionDate;
        if (columns.size() != dtypes.size()) {
            throw new IllegalArgumentException(columns.size() + " columns but " + dtypes.size() + " dtypes");
        }
    }

    /// A description of a file without a `PRODUCTION_DATE` column.
    ///
    /// @param entry the archive entry it came from
    /// @param file the file name in the output folder
    /// @param rows the row count
    /// @param columns the column names in order
    /// @param dtypes the column dtypes in order
    /// @param sha256 the SHA-256 of the file's bytes, lower-case hex
    /// @param bytes the file size
    public FileReport(String entry, String file, long rows, List<String> columns, List<DType> dtypes, String sha256,
                      long bytes) {
        this(entry, file, rows, columns, dtypes, sha256, bytes, null);
    }

    /// The archive entry it came from, e.g. `mv_apddata_all.txt`.
    ///
    /// @return the value
    public String entry() {
        return entry;
    }

    /// The file name in the output folder, e.g. `mv_apddata_all.bin`.
    ///
    /// @return the value
    public String file() {
        return file;
    }

    /// The row count.
    ///
    /// @return the value
    public long rows() {
        return rows;
    }

    /// The column names in order.
    ///
    /// @return the value
    public List<String> columns() {
        return columns;
    }

    /// The column dtypes in order.
    ///
    /// @return the value
    public List<DType> dtypes() {
        return dtypes;
    }

    /// The SHA-256 of the file's bytes, lower-case hex.
    ///
    /// @return the value
    public String sha256() {
        return sha256;
    }

    /// The file size.
    ///
    /// @return the value
    public long bytes() {
        return bytes;
    }

    /// The greatest `PRODUCTION_DATE` value, for a table with that column (see [ChangeRecord]); kept in the manifest so
    /// the next refresh can compare without reading this file.
    ///
    /// @return the value, or empty when absent
    public Optional<String> newestProductionDate() {
        return Optional.ofNullable(newestProductionDate);
    }

    /// Equal when every part is equal.
    ///
    /// @param other the object to compare with
    /// @return whether `other` has the same parts
    @Override
    public boolean equals(Object other) {
        return other instanceof FileReport that
                && Objects.equals(entry, that.entry)
                && Objects.equals(file, that.file)
                && rows == that.rows
                && Objects.equals(columns, that.columns)
                && Objects.equals(dtypes, that.dtypes)
                && Objects.equals(sha256, that.sha256)
                && bytes == that.bytes
                && Objects.equals(newestProductionDate, that.newestProductionDate);
    }

    /// A hash of every part.
    ///
    /// @return the hash
    @Override
    public int hashCode() {
        return Objects.hash(entry, file, rows, columns, dtypes, sha256, bytes, newestProductionDate);
    }

    /// The parts, for messages and debugging.
    ///
    /// @return the text
    @Override
    public String toString() {
        // Names are the archive's (any character) and a table may have thousands of columns: escaped,
        // and listed as messages list them.
        return "FileReport[entry=" + dev.bsee.core.internal.SafeText.escape(entry) + ", file="
                + dev.bsee.core.internal.SafeText.escape(file) + ", rows=" + rows + ", columns="
                + dev.bsee.core.internal.MessageText.names(columns) + ", dtypes="
                + dev.bsee.core.internal.MessageText.names(dtypes) + ", sha256=" + sha256 + ", bytes=" + bytes + ", newestProductionDate=" + newestProductionDate
                + "]";
    }
}
