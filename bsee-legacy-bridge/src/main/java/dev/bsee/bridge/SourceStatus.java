package dev.bsee.bridge;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/// The state of one source's output folder, as [BseeStatus] finds it.
///
/// Problems (they make [StatusReport#healthy()] false): a stale or never refreshed folder, expected
/// entries missing, files the manifest lists that are gone or no longer match their SHA-256, files
/// that do not belong in the folder (anything but a regular `.bin` file: the Python analysis code
/// loads every file it lists there), a folder locked by a refresh or whose bookkeeping cannot be
/// read. Reported without being problems: entries the catalog does not expect, `.bin` files no
/// refresh wrote (an analyst's own), and repairs of an interrupted commit.
///
/// @param source the source id
/// @param folder the folder of `.bin` files
/// @param lastRefresh when a refresh last wrote the folder or the server last confirmed it unchanged
/// @param written when the files were last written (the manifest's time)
/// @param age the time since `lastRefresh`, when known
/// @param staleAfter the age past which the folder is stale
/// @param freshness fresh, stale or never refreshed
/// @param files the `.bin` files in the folder
/// @param rows the rows the manifest lists for the files present
/// @param etag the archive's ETag the last refresh saw
/// @param lastModified the archive's Last-Modified the last refresh saw
/// @param missingEntries expected `.bin` files (the catalog's entries, and the manifest's files) that are not in the folder
/// @param unexpectedEntries files the manifest lists that the catalog does not expect
/// @param tamperedFiles files whose size or SHA-256 no longer match the manifest
/// @param foreignFiles names in the folder that are not regular `.bin` files
/// @param untrackedFiles `.bin` files no refresh wrote
/// @param repairs what was repaired before looking (an interrupted commit completed)
/// @param errors what could not be checked, e.g. a locked folder or a damaged manifest
public record SourceStatus(String source, Path folder, Optional<Instant> lastRefresh, Optional<Instant> written,
                           Optional<Duration> age, Duration staleAfter, Freshness freshness, int files,
                           OptionalLong rows, Optional<String> etag, Optional<String> lastModified,
                           List<String> missingEntries, List<String> unexpectedEntries, List<String> tamperedFiles,
                           List<String> foreignFiles, List<String> untrackedFiles, List<String> repairs,
                           List<String> errors) {

    /// Validates and copies the status.
    public SourceStatus {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(lastRefresh, "lastRefresh");
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(age, "age");
        Objects.requireNonNull(staleAfter, "staleAfter");
        Objects.requireNonNull(freshness, "freshness");
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
        missingEntries = List.copyOf(missingEntries);
        unexpectedEntries = List.copyOf(unexpectedEntries);
        tamperedFiles = List.copyOf(tamperedFiles);
        foreignFiles = List.copyOf(foreignFiles);
        untrackedFiles = List.copyOf(untrackedFiles);
        repairs = List.copyOf(repairs);
        errors = List.copyOf(errors);
    }

    /// What is wrong with the folder, one sentence each; empty when all is well.
    ///
    /// @return the problems
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        switch (freshness) {
            case STALE -> problems.add("stale: last refreshed " + lastRefresh.orElseThrow() + ", "
                    + hours(age.orElseThrow()) + " ago (stale after " + hours(staleAfter) + ")");
            case NEVER -> problems.add("never refreshed: no manifest beside " + folder);
            case FRESH, UNKNOWN -> {
                // Fresh is well; why it is unknown is among the errors.
            }
        }
        if (!missingEntries.isEmpty()) {
            problems.add("missing " + String.join(", ", missingEntries));
        }
        if (!tamperedFiles.isEmpty()) {
            problems.add("no longer as written (size or SHA-256 differ from the manifest): "
                    + String.join(", ", tamperedFiles));
        }
        if (!foreignFiles.isEmpty()) {
            problems.add("do not belong in the folder (only .bin files may be there): " + String.join(", ", foreignFiles));
        }
        problems.addAll(errors);
        return problems;
    }

    private static String hours(Duration duration) {
        long hours = duration.toHours();
        return hours >= 48 ? duration.toDays() + " d" : hours + " h";
    }
}
