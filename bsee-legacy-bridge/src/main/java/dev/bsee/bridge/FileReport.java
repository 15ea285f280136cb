package dev.bsee.bridge;

import dev.bsee.core.DType;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/// One `.bin` file a refresh wrote, as the report and the folder's manifest describe it.
///
/// @param entry the archive entry it came from, e.g. `mv_apddata_all.txt`
/// @param file the file name in the output folder, e.g. `mv_apddata_all.bin`
/// @param rows the row count
/// @param columns the column names in order
/// @param dtypes the column dtypes in order
/// @param sha256 the SHA-256 of the file's bytes, lower-case hex
/// @param bytes the file size
/// @param newestProductionDate the greatest `PRODUCTION_DATE` value, for a table with that column
///                             (see [ChangeRecord]); kept in the manifest so the next refresh can
///                             compare without reading this file
public record FileReport(String entry, String file, long rows, List<String> columns, List<DType> dtypes,
                         String sha256, long bytes, Optional<String> newestProductionDate) {

    /// Validates and copies the description.
    public FileReport {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(file, "file");
        columns = List.copyOf(columns);
        dtypes = List.copyOf(dtypes);
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(newestProductionDate, "newestProductionDate");
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
        this(entry, file, rows, columns, dtypes, sha256, bytes, Optional.empty());
    }
}
