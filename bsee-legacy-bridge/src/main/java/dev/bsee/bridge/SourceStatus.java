package dev.bsee.bridge;

import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.OptionChecks;
import dev.bsee.core.internal.SafeText;

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
/// read, a last refresh that failed (until one succeeds). Reported without being problems: entries the catalog does not expect, `.bin` files no
/// refresh wrote (an analyst's own), and repairs of an interrupted commit.
public final class SourceStatus {

    private final String source;
    private final Path folder;
    private final Instant lastRefresh;  // null: absent
    private final Instant written;  // null: absent
    private final Duration age;  // null: absent
    private final Duration staleAfter;
    private final Freshness freshness;
    private final int files;
    private final long rows;  // negative: absent
    private final String etag;  // null: absent
    private final String lastModified;  // null: absent
    private final List<String> missingEntries;
    private final List<String> unexpectedEntries;
    private final List<String> tamperedFiles;
    private final List<String> foreignFiles;
    private final List<String> untrackedFiles;
    private final List<String> repairs;
    private final List<String> errors;
    private final List<String> notes;
    private final Instant failedAt;  // null: the last refresh did not fail
    private final String failure;  // null: the last refresh did not fail

    /// The value; a part that is absent is null (a number: -1).
    ///
    /// @param source the source id
    /// @param folder the folder of `.bin` files
    /// @param lastRefresh when a refresh last wrote the folder or the server last confirmed it unchanged, or null when
    ///     absent
    /// @param written when the files were last written (the manifest's time), or null when absent
    /// @param age the time since `lastRefresh`, when known, or null when absent
    /// @param staleAfter the age past which the folder is stale
    /// @param freshness fresh, stale or never refreshed
    /// @param files the `.bin` files in the folder
    /// @param rows the rows the manifest lists for the files present as written, or -1 when absent
    /// @param etag the archive's ETag the last refresh saw, or null when absent
    /// @param lastModified the archive's Last-Modified the last refresh saw, or null when absent
    /// @param missingEntries expected `.bin` files (the catalog's entries, and the manifest's files) that are not in
    ///     the folder
    /// @param unexpectedEntries files the manifest lists that the catalog does not expect
    /// @param tamperedFiles files whose size or SHA-256 no longer matches the manifest, or that lost a read permission they were written with
    /// @param foreignFiles names in the folder that are not regular `.bin` files
    /// @param untrackedFiles `.bin` files no refresh wrote
    /// @param repairs what was repaired before looking (an interrupted commit completed)
    /// @param errors what could not be checked, e.g. a locked folder or a damaged manifest
    /// @param notes how the folder was checked, where that is not the usual way (e.g. without the lock on a folder
    ///     the user may not write); not problems
    /// @param failedAt when the last refresh that took the folder's lock failed, or null when the last one did not
    /// @param failure why it failed, in one line, or null when the last one did not
    public SourceStatus(String source, Path folder, Instant lastRefresh, Instant written, Duration age,
                        Duration staleAfter, Freshness freshness, int files, long rows, String etag,
                        String lastModified, List<String> missingEntries, List<String> unexpectedEntries,
                        List<String> tamperedFiles, List<String> foreignFiles, List<String> untrackedFiles,
                        List<String> repairs, List<String> errors, List<String> notes, Instant failedAt,
                        String failure) {
        this.source = Objects.requireNonNull(source, "source");
        this.folder = Objects.requireNonNull(folder, "folder");
        this.lastRefresh = lastRefresh;
        this.written = written;
        this.age = age;
        this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
        this.freshness = Objects.requireNonNull(freshness, "freshness");
        this.files = files;
        this.rows = rows < 0 ? -1 : rows;
        this.etag = etag;
        this.lastModified = lastModified;
        this.missingEntries = OptionChecks.listOf("missingEntries", missingEntries);
        this.unexpectedEntries = OptionChecks.listOf("unexpectedEntries", unexpectedEntries);
        this.tamperedFiles = OptionChecks.listOf("tamperedFiles", tamperedFiles);
        this.foreignFiles = OptionChecks.listOf("foreignFiles", foreignFiles);
        this.untrackedFiles = OptionChecks.listOf("untrackedFiles", untrackedFiles);
        this.repairs = OptionChecks.listOf("repairs", repairs);
        this.errors = OptionChecks.listOf("errors", errors);
        this.notes = OptionChecks.listOf("notes", notes);
        if ((failedAt == null) != (failure == null)) {
            throw new IllegalArgumentException("failedAt and failure are given together or not at all");
        }
        this.failedAt = failedAt;
        this.failure = failure;
    }

    /// What is wrong with the folder, one sentence each; empty when all is well.
    ///
    /// @return the problems, unmodifiable
    public List<String> problems() {
        // File names come from archives and from whoever writes in the folder: any character, so
        // the sentences are escaped for a terminal or a log line (SafeText.escape).
        List<String> problems = new ArrayList<>();
        switch (freshness) {
            case STALE -> problems.add("stale: last refreshed " + lastRefresh + ", "
                    + MessageText.age(age) + " ago (stale after " + MessageText.age(staleAfter) + ")");
            case NEVER -> problems.add("never refreshed: no manifest beside " + SafeText.escape(folder.toString()));
            case FRESH, UNKNOWN -> {
                // Fresh is well; why it is unknown is among the errors.
            }
        }
        // A folder never refreshed lacks every expected file: the one problem is that it never was.
        if (!missingEntries.isEmpty() && freshness != Freshness.NEVER) {
            problems.add("missing " + MessageText.joined(missingEntries));
        }
        if (!tamperedFiles.isEmpty()) {
            problems.add("no longer as written (size or SHA-256 differs from the manifest, or a read permission was removed): "
                    + MessageText.joined(tamperedFiles));
        }
        if (!foreignFiles.isEmpty()) {
            problems.add("do not belong in the folder (only .bin files may be there): "
                    + MessageText.joined(foreignFiles));
        }
        if (failure != null) {
            problems.add("the last refresh failed at " + failedAt + ": " + failure + (freshness == Freshness.NEVER
                    ? " (no manifest records an earlier refresh's files)" : " (the files are those of the refresh before it)"));
        }
        problems.addAll(errors);
        return List.copyOf(problems);
    }

    /// The source id.
    ///
    /// @return the value
    public String source() {
        return source;
    }

    /// The folder of `.bin` files.
    ///
    /// @return the value
    public Path folder() {
        return folder;
    }

    /// When a refresh last wrote the folder or the server last confirmed it unchanged.
    ///
    /// @return the value, or empty when absent
    public Optional<Instant> lastRefresh() {
        return Optional.ofNullable(lastRefresh);
    }

    /// When the files were last written (the manifest's time).
    ///
    /// @return the value, or empty when absent
    public Optional<Instant> written() {
        return Optional.ofNullable(written);
    }

    /// The time since `lastRefresh`, when known.
    ///
    /// @return the value, or empty when absent
    public Optional<Duration> age() {
        return Optional.ofNullable(age);
    }

    /// The age past which the folder is stale.
    ///
    /// @return the value
    public Duration staleAfter() {
        return staleAfter;
    }

    /// Fresh, stale or never refreshed.
    ///
    /// @return the value
    public Freshness freshness() {
        return freshness;
    }

    /// The `.bin` files in the folder; 0 when it was not checked ([Freshness#UNKNOWN]), which the
    /// JSON of [StatusReport#toJson()] writes as `null`.
    ///
    /// @return the value
    public int files() {
        return files;
    }

    /// The rows the manifest lists for the files present as a refresh wrote them: a file changed
    /// since (or that could not be read to tell) is not counted, since its rows are not known.
    ///
    /// @return the value, or empty when absent
    public OptionalLong rows() {
        return rows < 0 ? OptionalLong.empty() : OptionalLong.of(rows);
    }

    /// The archive's ETag the last refresh saw.
    ///
    /// @return the value, or empty when absent
    public Optional<String> etag() {
        return Optional.ofNullable(etag);
    }

    /// The archive's Last-Modified the last refresh saw.
    ///
    /// @return the value, or empty when absent
    public Optional<String> lastModified() {
        return Optional.ofNullable(lastModified);
    }

    /// Expected `.bin` files (the catalog's entries, and the manifest's files) that are not in the folder.
    ///
    /// @return the value
    public List<String> missingEntries() {
        return missingEntries;
    }

    /// Files the manifest lists that the catalog does not expect.
    ///
    /// @return the value
    public List<String> unexpectedEntries() {
        return unexpectedEntries;
    }

    /// Files whose size or SHA-256 no longer match the manifest.
    ///
    /// @return the value
    public List<String> tamperedFiles() {
        return tamperedFiles;
    }

    /// Names in the folder that are not regular `.bin` files: a folder's with `/` after it, a link's
    /// or a pipe's with what it is (`extra.bin (a symbolic link)`).
    ///
    /// @return the value
    public List<String> foreignFiles() {
        return foreignFiles;
    }

    /// `.bin` files no refresh wrote.
    ///
    /// @return the value
    public List<String> untrackedFiles() {
        return untrackedFiles;
    }

    /// What was repaired before looking (an interrupted commit completed).
    ///
    /// @return the value
    public List<String> repairs() {
        return repairs;
    }

    /// What could not be checked, e.g. a locked folder or a damaged manifest.
    ///
    /// @return the value
    public List<String> errors() {
        return errors;
    }

    /// How the folder was checked, where that is not the usual way (e.g. without the lock on a folder the user may
    /// not write); not problems.
    ///
    /// @return the value
    public List<String> notes() {
        return notes;
    }

    /// When the last refresh that took the folder's lock failed; empty once a refresh succeeds.
    ///
    /// @return the time, or empty
    public Optional<Instant> failedAt() {
        return Optional.ofNullable(failedAt);
    }

    /// Why the last refresh failed, in one line; empty once a refresh succeeds.
    ///
    /// @return the message, or empty
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /// Equal when every part is equal.
    ///
    /// @param other the object to compare with
    /// @return whether `other` has the same parts
    @Override
    public boolean equals(Object other) {
        return other instanceof SourceStatus that
                && Objects.equals(source, that.source)
                && Objects.equals(folder, that.folder)
                && Objects.equals(lastRefresh, that.lastRefresh)
                && Objects.equals(written, that.written)
                && Objects.equals(age, that.age)
                && Objects.equals(staleAfter, that.staleAfter)
                && Objects.equals(freshness, that.freshness)
                && files == that.files
                && rows == that.rows
                && Objects.equals(etag, that.etag)
                && Objects.equals(lastModified, that.lastModified)
                && Objects.equals(missingEntries, that.missingEntries)
                && Objects.equals(unexpectedEntries, that.unexpectedEntries)
                && Objects.equals(tamperedFiles, that.tamperedFiles)
                && Objects.equals(foreignFiles, that.foreignFiles)
                && Objects.equals(untrackedFiles, that.untrackedFiles)
                && Objects.equals(repairs, that.repairs)
                && Objects.equals(errors, that.errors)
                && Objects.equals(notes, that.notes)
                && Objects.equals(failedAt, that.failedAt)
                && Objects.equals(failure, that.failure);
    }

    /// A hash of every part.
    ///
    /// @return the hash
    @Override
    public int hashCode() {
        return Objects.hash(source, folder, lastRefresh, written, age, staleAfter, freshness, files, rows, etag,
                            lastModified, missingEntries, unexpectedEntries, tamperedFiles, foreignFiles,
                            untrackedFiles, repairs, errors, notes, failedAt, failure);
    }

    /// The parts, for messages and debugging.
    ///
    /// @return the text
    @Override
    public String toString() {
        return "SourceStatus[source=" + source + ", folder=" + folder + ", lastRefresh=" + lastRefresh + ", written="
                + written + ", age=" + age + ", staleAfter=" + staleAfter + ", freshness=" + freshness + ", files="
                + files + ", rows=" + rows + ", etag=" + etag + ", lastModified=" + lastModified + ", missingEntries="
                + missingEntries + ", unexpectedEntries=" + unexpectedEntries + ", tamperedFiles=" + tamperedFiles
                + ", foreignFiles=" + foreignFiles + ", untrackedFiles=" + untrackedFiles + ", repairs=" + repairs
                + ", errors=" + errors + ", notes=" + notes + ", failedAt=" + failedAt + ", failure=" + failure + "]";
    }
}
