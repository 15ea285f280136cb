package dev.bsee.bridge;

import dev.bsee.core.internal.OptionChecks;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/// What happened to one source on one path.
public final class SourceReport {

    private final String source;
    private final RefreshPath path;
    private final URI url;  // null: absent
    private final Path outputDirectory;
    private final SourceOutcome outcome;
    private final long bytes;
    private final int attempts;
    private final Duration duration;
    private final List<FileReport> files;
    private final List<String> removedFiles;
    private final List<RefreshError> errors;
    private final ChangeRecord change;
    private final List<FileChange> fileChanges;
    private final List<String> repairs;

    /// A report.
    ///
    /// @param source the source id
    /// @param path the path taken
    /// @param url where the archive came from: the download address, or the zip folder's `file:` address; null when
    ///     unknown
    /// @param outputDirectory the folder its `.bin` files are in
    /// @param outcome updated, unchanged or failed
    /// @param bytes archive bytes read (downloaded, or read from disk)
    /// @param attempts download attempts (1 for the legacy path)
    /// @param duration time taken, the wait for the folder's lock included
    /// @param files the `.bin` files of the update (empty unless updated): those written and those
    ///     kept as they were (a yearly series' unchanged years, the files of a legacy zip gone), as the
    ///     new manifest lists them
    /// @param removedFiles `.bin` files of an earlier refresh whose entries the archive no longer has, removed from the
    ///     folder
    /// @param errors why it failed (empty unless failed)
    /// @param change the folder compared with the previous refresh: rows summed over its files, columns named
    ///     `file:COLUMN`; for an unchanged or failed source, before and after are the files the folder keeps
    /// @param fileChanges one record per file written or removed (empty unless updated), written files first in entry
    ///     order, then removed ones
    public SourceReport(String source, RefreshPath path, URI url, Path outputDirectory, SourceOutcome outcome,
                        long bytes, int attempts, Duration duration, List<FileReport> files, List<String> removedFiles,
                        List<RefreshError> errors, ChangeRecord change, List<FileChange> fileChanges) {
        this.source = Objects.requireNonNull(source, "source");
        this.path = Objects.requireNonNull(path, "path");
        this.url = url;
        this.outputDirectory = Objects.requireNonNull(outputDirectory, "outputDirectory");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.bytes = bytes;
        this.attempts = attempts;
        this.duration = Objects.requireNonNull(duration, "duration");
        this.files = OptionChecks.listOf("files", files);
        this.removedFiles = OptionChecks.listOf("removedFiles", removedFiles);
        this.errors = OptionChecks.listOf("errors", errors);
        this.change = Objects.requireNonNull(change, "change");
        this.fileChanges = OptionChecks.listOf("fileChanges", fileChanges);
        this.repairs = List.of();
        if ((outcome == SourceOutcome.FAILED) == errors.isEmpty()) {
            throw new IllegalArgumentException("a source fails exactly when it has errors: " + outcome + ", " + errors);
        }
    }

    private SourceReport(SourceReport report, List<String> repairs) {
        this.source = report.source;
        this.path = report.path;
        this.url = report.url;
        this.outputDirectory = report.outputDirectory;
        this.outcome = report.outcome;
        this.bytes = report.bytes;
        this.attempts = report.attempts;
        this.duration = report.duration;
        this.files = report.files;
        this.removedFiles = report.removedFiles;
        this.errors = report.errors;
        this.change = report.change;
        this.fileChanges = report.fileChanges;
        this.repairs = OptionChecks.listOf("repairs", repairs);
    }

    /// This report with what the run repaired in the folder before it ran ([#repairs()]).
    ///
    /// @param repairs one sentence per repair, as [SourceStatus#repairs()] says them
    /// @return a report equal to this one but for its repairs
    public SourceReport withRepairs(List<String> repairs) {
        return new SourceReport(this, repairs);
    }

    /// What the run repaired in the folder before it ran, one sentence each, as `bsee status` says
    /// them ([SourceStatus#repairs()]): the interrupted commit of an earlier refresh completed (the
    /// folder then holds that refresh's files, whatever this run did after), a damaged manifest set
    /// aside, stale temporaries removed. Empty when there was nothing to repair.
    ///
    /// @return the sentences, unmodifiable
    public List<String> repairs() {
        return repairs;
    }

    /// Whether the source failed.
    ///
    /// @return true when failed
    public boolean failed() {
        return outcome == SourceOutcome.FAILED;
    }

    /// The total rows of [#files()]: of the files written and of those kept as they were.
    ///
    /// @return the sum of the files' rows
    public long rows() {
        return files.stream().mapToLong(FileReport::rows).sum();
    }

    /// A report without a comparison with the previous refresh ([ChangeRecord#none()]).
    ///
    /// @param source the source id
    /// @param path the path taken
    /// @param url where the archive came from, or null when unknown
    /// @param outputDirectory the folder its `.bin` files are in
    /// @param outcome updated, unchanged or failed
    /// @param bytes archive bytes read
    /// @param attempts download attempts
    /// @param duration time taken
    /// @param files the `.bin` files of the update: written, or kept as they were
    /// @param removedFiles `.bin` files removed
    /// @param errors why it failed
    public SourceReport(String source, RefreshPath path, URI url, Path outputDirectory, SourceOutcome outcome,
                        long bytes, int attempts, Duration duration, List<FileReport> files, List<String> removedFiles,
                        List<RefreshError> errors) {
        this(source, path, url, outputDirectory, outcome, bytes, attempts, duration, files, removedFiles, errors,
                ChangeRecord.none(), List.of());
    }

    /// Why this refresh counts as schema drift, one sentence per file; empty when it does not. A
    /// file counts when its columns were added, removed or reordered or changed dtype, when its rows fell by
    /// more than [ChangeRecord#SHARP_DROP] (10 %), or when its entry is gone from the archive
    /// (whether the file was removed or left alone). New files, and files the folder no longer held
    /// ([FileChange.Status#MISSING]: deleted since the last refresh), are reported in [#fileChanges()] but
    /// are not drift.
    ///
    /// @return the reasons, in file order, unmodifiable
    public List<String> schemaDrift() {
        List<String> reasons = new ArrayList<>();
        for (FileChange file : fileChanges) {
            ChangeRecord change = file.change();
            List<String> what = new ArrayList<>();
            if (file.status() == FileChange.Status.REMOVED) {
                what.add("removed (its entry is gone from the archive)");
            } else if (file.status() == FileChange.Status.LEFT_ALONE) {
                what.add("its entry is gone from the archive; the file was left in the folder");
            }
            if (change.rowsDroppedSharply()) {
                long before = change.rowsBefore().orElseThrow();
                long after = change.rowsAfter().orElseThrow();
                // Counts grouped by thousands, as every summary groups them.
                what.add(String.format(java.util.Locale.ROOT, "rows fell from %,d to %,d (-%.0f%%)", before, after,
                        100.0 * (before - after) / before));
            }
            if (!change.columnsAdded().isEmpty()) {
                what.add("columns added " + change.columnsAdded());
            }
            if (!change.columnsRemoved().isEmpty()) {
                what.add("columns removed " + change.columnsRemoved());
            }
            if (change.columnsReordered()) {
                what.add("columns reordered");
            }
            change.dtypeChanges().forEach((column, dtypes) -> what.add("column " + column + " changed from "
                    + dtypes.before().numpyName() + " to " + dtypes.after().numpyName()));
            if (!what.isEmpty()) {
                reasons.add(file.file() + ": " + String.join(", ", what));
            }
        }
        return List.copyOf(reasons);
    }

    /// The source id.
    ///
    /// @return the value
    public String source() {
        return source;
    }

    /// The path taken.
    ///
    /// @return the value
    public RefreshPath path() {
        return path;
    }

    /// Where the archive came from: the download address, or the zip folder's `file:` address.
    ///
    /// @return the value, or empty when absent
    public Optional<URI> url() {
        return Optional.ofNullable(url);
    }

    /// The folder its `.bin` files are in.
    ///
    /// @return the value
    public Path outputDirectory() {
        return outputDirectory;
    }

    /// Updated, unchanged or failed.
    ///
    /// @return the value
    public SourceOutcome outcome() {
        return outcome;
    }

    /// Archive bytes read (downloaded, or read from disk).
    ///
    /// @return the value
    public long bytes() {
        return bytes;
    }

    /// Download attempts (1 for the legacy path).
    ///
    /// @return the value
    public int attempts() {
        return attempts;
    }

    /// Time taken, the wait for the folder's lock included.
    ///
    /// @return the value
    public Duration duration() {
        return duration;
    }

    /// The `.bin` files of the update (empty unless updated): those written and those kept as they
    /// were (a yearly series' unchanged years, the files of a legacy zip gone), as the new manifest
    /// lists them.
    ///
    /// @return the value
    public List<FileReport> files() {
        return files;
    }

    /// `.bin` files of an earlier refresh whose entries the archive no longer has, removed from the folder.
    ///
    /// @return the value
    public List<String> removedFiles() {
        return removedFiles;
    }

    /// Why it failed (empty unless failed).
    ///
    /// @return the value
    public List<RefreshError> errors() {
        return errors;
    }

    /// The folder compared with the previous refresh: rows summed over its files, columns named `file:COLUMN`; for an
    /// unchanged or failed source, before and after are the files the folder keeps.
    ///
    /// @return the value
    public ChangeRecord change() {
        return change;
    }

    /// One record per file written or removed (empty unless updated), written files first in entry order, then removed
    /// ones.
    ///
    /// @return the value
    public List<FileChange> fileChanges() {
        return fileChanges;
    }

    /// Equal when every part is equal.
    ///
    /// @param other the object to compare with
    /// @return whether `other` has the same parts
    @Override
    public boolean equals(Object other) {
        return other instanceof SourceReport that
                && Objects.equals(source, that.source)
                && Objects.equals(path, that.path)
                && Objects.equals(url, that.url)
                && Objects.equals(outputDirectory, that.outputDirectory)
                && Objects.equals(outcome, that.outcome)
                && bytes == that.bytes
                && attempts == that.attempts
                && Objects.equals(duration, that.duration)
                && Objects.equals(files, that.files)
                && Objects.equals(removedFiles, that.removedFiles)
                && Objects.equals(errors, that.errors)
                && Objects.equals(change, that.change)
                && Objects.equals(fileChanges, that.fileChanges)
                && Objects.equals(repairs, that.repairs);
    }

    /// A hash of every part.
    ///
    /// @return the hash
    @Override
    public int hashCode() {
        return Objects.hash(source, path, url, outputDirectory, outcome, bytes, attempts, duration, files, removedFiles,
                            errors, change, fileChanges, repairs);
    }

    /// The parts, for messages and debugging.
    ///
    /// @return the text
    @Override
    public String toString() {
        return "SourceReport[source=" + source + ", path=" + path + ", url=" + url + ", outputDirectory="
                + outputDirectory + ", outcome=" + outcome + ", bytes=" + bytes + ", attempts=" + attempts
                + ", duration=" + duration + ", files=" + files + ", removedFiles=" + removedFiles + ", errors="
                + errors + ", change=" + change + ", fileChanges=" + fileChanges + ", repairs=" + repairs + "]";
    }
}
