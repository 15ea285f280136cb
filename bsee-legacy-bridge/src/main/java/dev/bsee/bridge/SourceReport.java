package dev.bsee.bridge;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
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
public record SourceReport(String source, RefreshPath path, Optional<URI> url, Path outputDirectory,
                           SourceOutcome outcome, long bytes, int attempts, Duration duration, List<FileReport> files,
                           List<String> removedFiles, List<RefreshError> errors) {

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
}
