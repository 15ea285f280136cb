package dev.bsee.bridge;

import dev.bsee.core.DType;

import java.util.List;
import java.util.Objects;

/// One `.bin` file a refresh wrote, as the report and the folder's manifest describe it.
///
/// @param entry the archive entry it came from, e.g. `mv_apddata_all.txt`
/// @param file the file name in the output folder, e.g. `mv_apddata_all.bin`
/// @param rows the row count
/// @param columns the column names in order
/// @param dtypes the column dtypes in order
/// @param sha256 the SHA-256 of the file's bytes, lower-case hex
/// @param bytes the file size
public record FileReport(String entry, String file, long rows, List<String> columns, List<DType> dtypes,
                         String sha256, long bytes) {

    /// Validates and copies the description.
    public FileReport {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(file, "file");
        columns = List.copyOf(columns);
        dtypes = List.copyOf(dtypes);
        Objects.requireNonNull(sha256, "sha256");
        if (columns.size() != dtypes.size()) {
            throw new IllegalArgumentException(columns.size() + " columns but " + dtypes.size() + " dtypes");
        }
    }
}
