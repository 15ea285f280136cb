package dev.bsee.bridge;

import java.util.Objects;
import java.util.Optional;

/// One `.bin` file compared with the previous refresh of its folder.
///
/// @param file the file name, e.g. `mv_apddata_all.bin`
/// @param status whether it is new, gone (removed, left alone or missing), replaced, changed or unchanged
/// @param change rows, columns, dtypes and newest production date before and after
/// @param previousUnreadable for a [Status#REPLACED] file, why the file that stood under its name
///     could not be read (so the record's "before" is not known, not empty); otherwise empty
public record FileChange(String file, Status status, ChangeRecord change, Optional<String> previousUnreadable) {

    /// How a file compares with the previous refresh.
    public enum Status {
        /// The previous manifest did not list it, and no file of its name stood in the folder.
        ADDED,
        /// A file of its name stood in the folder, not as the previous manifest lists it, and was
        /// replaced: one the Python system wrote (the first refresh of a folder has no manifest), an
        /// analyst's own or one rewritten since the last refresh, or one of a manifest that was
        /// damaged. The [ChangeRecord] compares with what that file held; where it could not be
        /// read, [FileChange#previousUnreadable()] says why.
        REPLACED,
        /// The previous manifest listed it and this refresh removed it: its entry is gone.
        REMOVED,
        /// The previous manifest listed it and its entry is gone, but the file was left in the folder
        /// (its content was no longer what the refresh wrote, or it could not be removed); the new
        /// manifest does not list it.
        LEFT_ALONE,
        /// The previous manifest listed it, but the folder no longer held it (deleted since that
        /// refresh) and this refresh did not write it again; the new manifest does not list it.
        MISSING,
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
        Objects.requireNonNull(previousUnreadable, "previousUnreadable");
    }

    /// A record whose previous file, if any, was read.
    ///
    /// @param file the file name
    /// @param status how it compares
    /// @param change what changed
    public FileChange(String file, Status status, ChangeRecord change) {
        this(file, status, change, Optional.empty());
    }

    /// The parts, the file's name escaped (it is the archive's entry's, any character).
    ///
    /// @return the text
    @Override
    public String toString() {
        return "FileChange[file=" + dev.bsee.core.internal.SafeText.escape(file) + ", status=" + status + ", change="
                + change + ", previousUnreadable=" + previousUnreadable.map(dev.bsee.core.internal.SafeText::escape)
                + "]";
    }
}
