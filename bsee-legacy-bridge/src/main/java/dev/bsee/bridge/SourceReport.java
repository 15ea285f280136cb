package dev.bsee.bridge;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/// What happened to one source on one path.
///
/// @param source the source id
/// @param path the path taken
/// @param url where the archive came from: the download address, or the zip folder's `file:` address
/// @param outputDirectory the folder its `.bin` files are in
/// @param outcome updated, unchanged or failed
/// @param bytes archive bytes read (downloaded, or read from disk)
/// @param attempts download attempts (1 for the legacy path)
/// @param duration time taken, the wait for the folder's lock included
/// @param files the `.bin` files written (empty unless updated)
/// @param removedFiles `.bin` files of an earlier refresh whose entries the archive no longer has,
///                     removed from the folder
/// @param errors why it failed (empty unless failed)
/// @param change the folder compared with the previous refresh: rows summed over its files, columns
///               named `file:COLUMN`; for an unchanged or failed source, before and after are the
///               files the folder keeps
/// @param fileChanges one record per file written or removed (empty unless updated), written files
///                    first in entry order, then removed ones
public record SourceReport(String source, RefreshPath path, Optional<URI> url, Path outputDirectory,
                           SourceOutcome outcome, long bytes, int attempts, Duration duration, List<FileReport> files,
                           List<String> removedFiles, List<RefreshError> errors, ChangeRecord change,
                           List<FileChange> fileChanges) {

    /// Validates and copies the report.
    public SourceReport {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(duration, "duration");
        files = List.copyOf(files);
        removedFiles = List.copyOf(removedFiles);
        errors = List.copyOf(errors);
        Objects.requireNonNull(change, "change");
        fileChanges = List.copyOf(fileChanges);
        if ((outcome == SourceOutcome.FAILED) == errors.isEmpty()) {
            throw new IllegalArgumentException("a source fails exactly when it has errors: " + outcome + ", " + errors);
        }
    }

    /// Whether the source failed.
    ///
    /// @return true when failed
    public boolean failed() {
        return outcome == SourceOutcome.FAILED;
    }

    /// The total rows written.
    ///
    /// @return the sum of the files' rows
    public long rows() {
        return files.stream().mapToLong(FileReport::rows).sum();
    }

    /// A report without a comparison with the previous refresh ([ChangeRecord#none()]).
    ///
    /// @param source the source id
    /// @param path the path taken
    /// @param url where the archive came from
    /// @param outputDirectory the folder its `.bin` files are in
    /// @param outcome updated, unchanged or failed
    /// @param bytes archive bytes read
    /// @param attempts download attempts
    /// @param duration time taken
    /// @param files the `.bin` files written
    /// @param removedFiles `.bin` files removed
    /// @param errors why it failed
    public SourceReport(String source, RefreshPath path, Optional<URI> url, Path outputDirectory, SourceOutcome outcome,
                        long bytes, int attempts, Duration duration, List<FileReport> files, List<String> removedFiles,
                        List<RefreshError> errors) {
        this(source, path, url, outputDirectory, outcome, bytes, attempts, duration, files, removedFiles, errors,
                ChangeRecord.none(), List.of());
    }

    /// Why this refresh counts as schema drift, one sentence per file; empty when it does not. A
    /// file counts when its columns were added or removed or changed dtype, when its rows fell by
    /// more than [ChangeRecord#SHARP_DROP] (10 %), or when it was removed because its entry is gone
    /// from the archive. New files are reported in [#fileChanges()] but are not drift.
    ///
    /// @return the reasons, in file order
    public List<String> schemaDrift() {
        List<String> reasons = new ArrayList<>();
        for (FileChange file : fileChanges) {
            ChangeRecord change = file.change();
            List<String> what = new ArrayList<>();
            if (file.status() == FileChange.Status.REMOVED) {
                what.add("removed (its entry is gone from the archive)");
            }
            if (change.rowsDroppedSharply()) {
                long before = change.rowsBefore().orElseThrow();
                long after = change.rowsAfter().orElseThrow();
                what.add(String.format(java.util.Locale.ROOT, "rows fell from %d to %d (-%.0f%%)", before, after,
                        100.0 * (before - after) / before));
            }
            if (!change.columnsAdded().isEmpty()) {
                what.add("columns added " + change.columnsAdded());
            }
            if (!change.columnsRemoved().isEmpty()) {
                what.add("columns removed " + change.columnsRemoved());
            }
            change.dtypeChanges().forEach((column, dtypes) -> what.add("column " + column + " changed from "
                    + dtypes.before().numpyName() + " to " + dtypes.after().numpyName()));
            if (!what.isEmpty()) {
                reasons.add(file.file() + ": " + String.join(", ", what));
            }
        }
        return reasons;
    }
}
