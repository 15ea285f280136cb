package dev.bsee.bridge;

import java.util.Objects;

/// One `.bin` file compared with the previous refresh of its folder.
///
/// @param file the file name, e.g. `mv_apddata_all.bin`
/// @param status whether it is new, gone (removed or left alone), changed or unchanged
/// @param change rows, columns, dtypes and newest production date before and after
public record FileChange(String file, Status status, ChangeRecord change) {

    /// How a file compares with the previous refresh.
    public enum Status {
        /// The previous manifest did not list it.
        ADDED,
        /// The previous manifest listed it and this refresh removed it: its entry is gone.
        REMOVED,
        /// The previous manifest listed it and its entry is gone, but the file was left in the folder
        /// (its content was no longer what the refresh wrote, or it could not be removed); the new
        /// manifest does not list it.
        LEFT_ALONE,
        /// The file's bytes differ from what the previous refresh wrote: rows, columns or dtypes,
        /// or, where the [ChangeRecord] shows none of those, values.
        CHANGED,
        /// The file's bytes are what the previous refresh wrote (the same SHA-256).
        UNCHANGED
    }

    /// Checks for nulls.
    public FileChange {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(change, "change");
    }
}
