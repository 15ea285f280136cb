package dev.bsee.bridge.internal;

import dev.bsee.bridge.FileReport;
import dev.bsee.bridge.Freshness;
import dev.bsee.bridge.RefreshPath;
import dev.bsee.bridge.SourceStatus;
import dev.bsee.scraper.ConditionalState;
import dev.bsee.scraper.ConditionalStateStore;

import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.SameFileNames;
import dev.bsee.core.internal.SafeText;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/// Checks one output folder for `bsee status`: repairs an interrupted commit under the folder's
/// lock (or, where the lock cannot be created for want of write access, inspects without it), then compares what is in the folder with its manifest, the catalog's expected entries and
/// the source's cadence.
public final class StatusCheck {

    private static final System.Logger LOG = System.getLogger(StatusCheck.class.getName());
    private static final String BIN = ".bin";

    /// What the check needs to know about the source.
    ///
    /// @param id the source id
    /// @param folder the folder of `.bin` files
    /// @param staleAfter the age past which the folder is stale
    /// @param expectedFiles the `.bin` names the catalog expects (empty when it publishes none)
    /// @param optionalFiles `.bin` names the catalog knows that may be there or not (a yearly
    ///                      series' current year): neither missing nor unexpected
    /// @param stateIds the ids the download state keeps the source's validators under: the source's
    ///                 own, or one per archive of a yearly series
    /// @param url the address the configuration downloads the source from, empty when not known
    public record Target(String id, Path folder, Duration staleAfter, List<String> expectedFiles,
                         List<String> optionalFiles, List<String> stateIds, Optional<java.net.URI> url) {

        /// A target whose configured address is not known (a folder only a manifest names).
        ///
        /// @param id the source id
        /// @param folder the folder of `.bin` files
        /// @param staleAfter the age past which the folder is stale
        /// @param expectedFiles the `.bin` names the catalog expects
        /// @param optionalFiles `.bin` names that may be there or not
        /// @param stateIds the ids the download state keeps the source's validators under
        public Target(String id, Path folder, Duration staleAfter, List<String> expectedFiles,
                      List<String> optionalFiles, List<String> stateIds) {
            this(id, folder, staleAfter, expectedFiles, optionalFiles, stateIds, Optional.empty());
        }
    }

    /// A folder a manifest describes.
    ///
    /// @param source the source id the manifest names
    /// @param folder the folder of `.bin` files
    public record Found(String source, Path folder) {
    }

    private StatusCheck() {
    }

    /// The folders under `binRoot` that have a readable manifest, by folder name.
    ///
    /// @param binRoot the folder holding the sources' folders
    /// @return the folders and the sources their manifests name
    public static List<Found> manifestFolders(Path binRoot) {
        Path meta = binRoot.resolve(OutputFolder.BOOKKEEPING);
        List<Found> found = new ArrayList<>();
        if (!Files.isDirectory(meta, LinkOption.NOFOLLOW_LINKS)) {
            return found;
        }
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(meta, Files::isDirectory)) {
            for (Path folder : folders) {
                Path bin = binRoot.resolve(folder.getFileName().toString());
                try {
                    OutputFolder.of(bin).manifest().ifPresent(manifest -> found.add(new Found(manifest.source(), bin)));
                } catch (IOException damaged) {
                    found.add(new Found(folder.getFileName().toString(), bin));
                }
            }
        } catch (IOException e) {
            return found;
        }
        found.sort(java.util.Comparator.comparing(Found::folder));
        return found;
    }

    /// Whether a folder is in use: it exists, a manifest describes it, a refresh of it failed (a
    /// first refresh that failed leaves only its failure record), or a stopped refresh left a
    /// journal or staged files for the check to finish or remove.
    ///
    /// @param folder the folder of `.bin` files
    /// @return true when in use
    public static boolean inUse(Path folder) {
        OutputFolder bookkeeping = OutputFolder.of(folder);
        return Files.exists(folder, LinkOption.NOFOLLOW_LINKS) || Files.exists(bookkeeping.manifestFile())
                || Files.exists(bookkeeping.failureFile(), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(bookkeeping.journalFile(), LinkOption.NOFOLLOW_LINKS) || holdsAnything(bookkeeping.tmp());
    }

    /// Whether `folder` is a folder with something in it: a first refresh stopped before its commit
    /// leaves its staged files there and nothing else, which the check then removes.
    private static boolean holdsAnything(Path folder) {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (java.util.stream.Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isPresent();
        } catch (java.io.IOException e) {
            return true;
        }
    }

    /// Checks one folder; never throws for what it finds, only reports it.
    ///
    /// @param target the source and its folder
    /// @param now the time to measure age against
    /// @param lockWait how long to wait for a refresh holding the folder
    /// @return the status
    public static SourceStatus check(Target target, Instant now, Duration lockWait) {
        return check(target, () -> now, lockWait);
    }

    /// Checks one folder, measuring age from when the folder's lock is held: a refresh waited for
    /// commits meanwhile, and its time was reported after the status's own.
    ///
    /// @param target the source and its folder
    /// @param clock the time now
    /// @param lockWait how long to wait for a refresh holding the folder
    /// @return the status
    public static SourceStatus check(Target target, java.util.function.Supplier<Instant> clock, Duration lockWait) {
        Instant now = clock.get();
        OutputFolder folder = OutputFolder.of(target.folder());
        List<String> repairs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (Files.isSymbolicLink(folder.meta())) {
            // Another folder's bookkeeping, reached through a link: its manifest says nothing of
            // this folder's files, and the refresh refuses the link too.
            return unknown(target, folder, repairs, errors, new OutputFolder.LinkRefusedException(folder.meta(), true));
        }
        Optional<String> blocked = folder.notAFolder();
        if (blocked.isPresent()) {
            // A file, pipe or device where the folder should be holds none of the folder's files: it
            // was "fresh" with all of them missing, and the refresh refuses it in these words.
            return unknown(target, folder, repairs, errors, new IOException(blocked.get()));
        }
        for (Path bookkeeping : List.of(folder.meta().getParent(), folder.meta())) {
            if (Files.exists(bookkeeping, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(bookkeeping, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isSymbolicLink(bookkeeping)) {
                // A file where the bookkeeping goes looked like no bookkeeping: the folder was "never
                // refreshed" and the next refresh would replace its files, yet that refresh fails on it.
                return unknown(target, folder, repairs, errors, new IOException("its bookkeeping folder " + bookkeeping
                        + " is " + MessageText.fileKind(bookkeeping) + ", not a folder (move it away or remove it),"
                        + " so a refresh of it fails there"));
            }
        }
        try {
            OutputFolder.present(folder.manifestFile());
        } catch (AccessDeniedException e) {
            // Bookkeeping this user may not read (a service account's `.bsee`, mode 700) looks
            // absent: the folder was reported never refreshed, every file not the refresh's.
            return unknown(target, folder, repairs, errors, new IOException("its bookkeeping cannot be read ("
                    + Failures.message(e) + "): run bsee status as the user who refreshes it, or let this user"
                    + " read " + folder.meta(), e));
        } catch (IOException e) {
            // Not a folder, a link on the way: the steps below name it as the refresh does.
        }
        if (!Files.isDirectory(folder.meta(), LinkOption.NOFOLLOW_LINKS)) {
            // No bookkeeping: nothing to repair, and no reason to create any.
            return inspect(target, folder, now, repairs, errors, List.of());
        }
        FolderLock lock;
        try {
            // Said once the lock is found held, as a refresh says it: a status waiting for a commit
            // printed nothing for up to its lock wait, which looked like a hang.
            lock = folder.lock("status check of source " + target.id(), lockWait,
                    waiting -> LOG.log(System.Logger.Level.WARNING, "source " + target.id() + ": " + waiting));
        } catch (IOException e) {
            if (!refused(e) && cannotWrite(e)) {
                return inspectReadOnly(target, folder, now, e);
            }
            return unknown(target, folder, repairs, errors, e);
        } catch (RuntimeException e) {
            return unknown(target, folder, repairs, errors, e);
        }
        List<String> leftAlone = new ArrayList<>();
        now = clock.get();
        try (lock) {
            try {
                // What the recovery left alone (a stranger in the temporaries) is no repair: said
                // as a note, it was listed as `repaired: left ... alone` at every check.
                folder.recover().forEach(repair -> (repair.done() ? repairs : leftAlone).add(repair.text()));
            } catch (IOException e) {
                if (refused(e) || e instanceof Manifest.NewerFormatException) {
                    return unknown(target, folder, repairs, errors, e);
                }
                if (folder.deniedManifest(e) && !folder.hasJournal()) {
                    // A manifest this user may not read: the inspection below says so, once. A
                    // "could not repair" beside it was a second problem for the one cause.
                    return inspect(target, folder, now, repairs, errors, leftAlone);
                }
                // A step the folder refuses (a read-only output folder under a writable .bsee, a
                // full disk): the folder is still there to be read, and may hold two versions.
                errors.add(notRepaired(folder, e));
            }
            return inspect(target, folder, now, repairs, errors, leftAlone);
        } catch (IOException | RuntimeException e) {
            return unknown(target, folder, repairs, errors, e);
        }
    }

    /// Whether the folder was refused for what was planted in it (a link, a pipe or a folder in place
    /// of a bookkeeping file): reading on could follow the link or wait on the pipe forever.
    private static boolean refused(IOException e) {
        return e instanceof OutputFolder.LinkRefusedException || e instanceof OutputFolder.PlantedException;
    }

    private static String notRepaired(OutputFolder folder, IOException e) {
        if (!folder.hasJournal()) {
            return "could not repair " + folder.bin() + " (" + Failures.message(e) + ")";
        }
        return "an interrupted commit into " + folder.bin() + " is pending (" + folder.journalFile()
                + ") and could not be completed (" + Failures.message(e) + "): the folder may hold files of two "
                + "versions until a refresh or `bsee status` completes it, once that step can succeed";
    }

    private static SourceStatus unknown(Target target, OutputFolder folder, List<String> repairs, List<String> errors,
                                        Exception e) {
        // A failure without a message (the ClosedByInterruptException of a check whose thread was
        // interrupted) said "cannot check DIR: null".
        errors.add("cannot check " + folder.bin() + ": " + (e.getMessage() == null ? Failures.message(e) : e.getMessage()));
        return new SourceStatus(target.id(), folder.bin(), null, null, null, target.staleAfter(),
                Freshness.UNKNOWN, 0, -1, null, null, List.of(), List.of(), List.of(), List.of(), List.of(),
                repairs, errors, List.of(), null, null);
    }

    /// Whether opening the lock failed because this user may not write there (file modes, a
    /// read-only file system), as opposed to a link, a lock held by a refresh or a damaged folder.
    /// A read-only file system is known by asking the system whether the folder may be written, not
    /// by the failure's reason alone: the JVM takes that from the C library in the locale's language
    /// (`Das Dateisystem ist nur lesbar` under `de_DE.UTF-8`), and under such a locale every source
    /// of a read-only mount was `unknown`, exit 1, where it is checked without the lock under `C`.
    private static boolean cannotWrite(IOException e) {
        return e instanceof AccessDeniedException
                || e instanceof FileSystemException fs && ("Read-only file system".equals(fs.getReason())
                        || fs.getFile() != null && !folderWritable(Path.of(fs.getFile())));
    }

    /// Whether this user may write the nearest existing folder at or above `file`, as the system
    /// answers (`access(2)`, which says no for a read-only mount to root too); a test replaces it, as
    /// root may write any folder of a writable file system.
    static volatile java.util.function.Predicate<Path> writable = file -> {
        Path folder = file.getParent();
        while (folder != null && !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            folder = folder.getParent();
        }
        return folder == null || Files.isWritable(folder);
    };

    private static boolean folderWritable(Path file) {
        try {
            return writable.test(file);
        } catch (RuntimeException e) {
            return true;
        }
    }

    /// Status only reads, so a folder it may not write is inspected without the lock, and says so:
    /// nothing is repaired, and an interrupted commit it cannot complete is a problem (the folder may
    /// hold files of two versions). Links are refused as under the lock.
    ///
    /// Without the lock a refresh may commit while the files are hashed: the check read one
    /// version's manifest and hashed the next version's files, and called every file "no longer as
    /// written" (exit 1) for a read-only account watching a folder another user refreshes. A check
    /// during which the folder's manifest was replaced, or its commit's journal came or went, is
    /// taken again, and a journal there is waited for before the files are hashed, up to
    /// [#UNLOCKED_CHECKS] times in all (0.75 s of waits); a journal there at the last is an
    /// interrupted commit.
    private static SourceStatus inspectReadOnly(Target target, OutputFolder folder, Instant now, IOException denied) {
        String why = denied instanceof AccessDeniedException ? "access denied" : ((FileSystemException) denied).getReason();
        try {
            folder.refusePlanted();
        } catch (IOException link) {
            return unknown(target, folder, new ArrayList<>(), new ArrayList<>(), link);
        }
        String note = "checked without the folder's lock, which "
                + (!Files.exists(folder.lockFile(), LinkOption.NOFOLLOW_LINKS) ? "cannot be created here"
                        : denied instanceof AccessDeniedException ? "this user cannot open" : "cannot be opened for writing here")
                + " (" + why + ": " + folder.lockFile() + "); nothing was repaired";
        boolean changedUnderOne = false;
        for (int check = 1; ; check++) {
            CommitMark before = CommitMark.of(folder);
            boolean last = check == UNLOCKED_CHECKS;
            // A refresh's commit holds its journal for milliseconds: waited for before the files are
            // hashed, not hashed mid-way. One still there at the last check was interrupted.
            if (!(before.journal() && !last)) {
                List<String> errors = new ArrayList<>();
                if (before.journal()) {
                    errors.add("an interrupted commit into " + folder.bin() + " is pending (" + folder.journalFile()
                            + ") and cannot be completed without write access (" + why + "): the folder may hold files of"
                            + " two versions until a refresh or `bsee status` that may write there completes it");
                }
                List<String> notes = !(last && changedUnderOne) ? List.of(note) : List.of(note, "the folder changed"
                        + " under an earlier check (a refresh committing into it): what this last one says of its files"
                        + " may mix two versions");
                SourceStatus status = inspect(target, folder, now, new ArrayList<>(), errors, notes);
                if (before.equals(CommitMark.of(folder)) || last) {
                    return status;
                }
                changedUnderOne = true;
            }
            try {
                Thread.sleep(25L << check);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return inspect(target, folder, now, new ArrayList<>(), new ArrayList<>(), List.of(note));
            }
        }
    }

    /// How many times a check without the lock is taken while the folder changes under it.
    static final int UNLOCKED_CHECKS = 5;

    /// What a commit changes in the bookkeeping: the manifest, which every commit replaces by
    /// another file (a new file key, time and size), and the journal, there while it runs.
    private record CommitMark(boolean journal, Object manifestKey, long manifestTime, long manifestSize) {

        static CommitMark of(OutputFolder folder) {
            boolean journal = Files.exists(folder.journalFile(), LinkOption.NOFOLLOW_LINKS);
            try {
                java.nio.file.attribute.BasicFileAttributes manifest = Files.readAttributes(folder.manifestFile(),
                        java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return new CommitMark(journal, manifest.fileKey(), manifest.lastModifiedTime().to(
                        java.util.concurrent.TimeUnit.NANOSECONDS), manifest.size());
            } catch (IOException none) {
                return new CommitMark(journal, null, -1, -1);
            }
        }
    }

    /// How far past now a recorded refresh may lie (clocks of machines sharing a folder differ a
    /// little) before its time is taken for a wrong clock or a wrong record.
    private static final Duration FUTURE_TOLERANCE = Duration.ofHours(1);

    private static SourceStatus inspect(Target target, OutputFolder folder, Instant now, List<String> repairs,
                                        List<String> errors, List<String> notes) {
        Optional<Manifest> read;
        // A damaged manifest, there or set aside: the folder was refreshed, and what it holds cannot
        // be checked until the next refresh writes a new one. "Never refreshed" would be wrong.
        boolean damaged = false;
        try {
            read = folder.manifest();
        } catch (Manifest.NewerFormatException newer) {
            // Without the manifest nothing can be said of the files; "never refreshed" would be wrong.
            return unknown(target, folder, repairs, errors, newer);
        } catch (IOException e) {
            if (!(e instanceof OutputFolder.Damaged) && !refused(e)) {
                // A manifest this user may not read (mode 000, a service account's file) may be
                // intact: without it the files were judged as if it were none, every one "not written
                // by a refresh", and entries it did not list "missing".
                return unknown(target, folder, repairs, errors, new IOException("its bookkeeping cannot be read ("
                        + Failures.message(e) + "): run bsee status as the user who refreshes it, or let this user"
                        + " read " + folder.manifestFile(), e));
            }
            errors.add(e.getMessage());
            read = Optional.empty();
            damaged = true;
        }
        if (read.isEmpty() && !damaged) {
            Optional<Path> aside = folder.damagedManifest();
            aside.ifPresent(file -> errors.add("the manifest of " + folder.bin() + " was damaged and set aside as "
                    + file.getFileName() + ": its files cannot be checked until the next refresh writes a new one"
                    + " (it downloads the source in full)"));
            damaged = aside.isPresent();
        }
        // A folder another source refreshed last (sources configured to share it, now or before):
        // its manifest says nothing of this source's files or freshness.
        Optional<Manifest> other = read.filter(m -> !m.source().equals(target.id()));
        other.ifPresent(m -> errors.add("the manifest beside " + folder.bin() + " is source " + m.source()
                + "'s, which refreshed the folder last: a folder shared by sources tracks only the last one's files"));
        Optional<Manifest> manifest = read.filter(m -> m.source().equals(target.id()));
        List<ConditionalState> states = states(target, folder, errors);
        // For a series, the archive the server confirmed last (every successful refresh confirms all
        // of them, so that is when the last one ran).
        Optional<ConditionalState> state = states.stream()
                .max(java.util.Comparator.comparing(s -> s.checkedAt().orElse(Instant.MIN)));
        // The validators shown for a series are those of the archive at the source's own address (the
        // last of its archives, the one its url names): those of whichever download ended last
        // differed between two identical refreshes. None when that archive has no state yet (an
        // address just configured): the last state found was another year's. None either when the
        // state is of another address than the files' (the url was changed and changed back): the
        // ETag of an archive the folder no longer holds anything of was shown as the files'.
        Optional<java.net.URI> filesFrom = manifest.flatMap(Manifest::url);
        Optional<ConditionalState> shown = states.stream()
                .filter(s -> !target.stateIds().isEmpty() && s.sourceId().equals(target.stateIds().getLast()))
                .filter(s -> filesFrom.isEmpty() || SafeText.redacted(s.uri()).equals(SafeText.redacted(filesFrom.get())))
                .findFirst();
        // A commit still pending (one this check could not complete: a manifest that cannot be
        // replaced) leaves the folder between the manifest's version and the journal's, which its
        // own problem says. The failure on record, that commit's as a rule, was said to have left
        // the files of the refresh before it, which its moves had replaced.
        Optional<OutputFolder.Failure> failure = folder.hasJournal() ? Optional.empty() : failure(folder, errors);
        List<String> binFiles = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        try {
            list(folder.bin(), binFiles, foreign);
        } catch (IOException e) {
            // A folder that cannot be listed cannot be checked: taken for an empty one, it was fresh
            // with 0 files and every expected file missing, which were all there.
            return unknown(target, folder, repairs, errors, new IOException("cannot list it: " + Failures.message(e), e));
        }
        Map<String, FileReport> listed = manifest.map(m -> m.files().stream()
                .collect(Collectors.toMap(FileReport::file, Function.identity(), (a, b) -> a, TreeMap::new)))
                .orElse(new TreeMap<>());
        Set<String> present = new TreeSet<>(binFiles);
        spelledAsListed(folder.bin(), present, listed.keySet());
        Set<String> missing = new LinkedHashSet<>();
        // The catalog's entries are what a download gives; a legacy folder of zips holds whatever
        // its user keeps there (one year of a series, say), so only its manifest says what is due.
        List<String> expected = manifest.filter(m -> m.path() == RefreshPath.LEGACY).isPresent() ? List.of()
                : target.expectedFiles();
        expected.stream().filter(name -> !present.contains(name)).forEach(missing::add);
        listed.keySet().stream().filter(name -> !present.contains(name)).forEach(missing::add);
        List<String> unexpected = expected.isEmpty() ? List.of()
                : listed.keySet().stream().filter(name -> !expected.contains(name)
                        && !target.optionalFiles().contains(name)).toList();
        List<String> tampered = new ArrayList<>();
        List<String> untracked = new ArrayList<>();
        long rows = 0;
        for (String name : present) {
            FileReport file = listed.get(name);
            if (file == null) {
                untracked.add(name);
                notAPickle(folder.bin().resolve(name)).ifPresent(why -> errors.add(folder.bin().resolve(name)
                        + " is not a whole pickle (" + why + "): code that loads every file of the folder fails on it"));
                continue;
            }
            try {
                // One answer with the refresh's: a file the next refresh would write again is no
                // longer as written.
                if (!manifest.orElseThrow().standing(folder.bin(), file).asWritten()) {
                    tampered.add(name);
                } else {
                    // Only a file as written holds the rows the manifest lists; a changed one (cut
                    // short, overwritten) holds rows nobody counted. Saturating: counts a
                    // hand-edited manifest gives could wrap around.
                    rows = Changes.plus(rows, file.rows());
                }
            } catch (IOException e) {
                errors.add("cannot read " + folder.bin().resolve(name) + ": " + Failures.why(e));
            }
        }
        Optional<Instant> written = manifest.map(Manifest::written);
        Optional<Instant> checked = state.flatMap(ConditionalState::checkedAt);
        Optional<Instant> lastRefresh = manifest.isEmpty() ? Optional.empty()
                : Optional.of(checked.filter(at -> at.isAfter(written.orElseThrow())).orElse(written.orElseThrow()));
        // A time past now counted as fresh for ever: the clock, or the bookkeeping, is wrong.
        lastRefresh.filter(at -> at.isAfter(now.plus(FUTURE_TOLERANCE))).ifPresent(at -> errors.add("the last refresh"
                + " of " + folder.bin() + " is recorded at " + at + ", later than now (" + now + "): the clock or the"
                + " bookkeeping is wrong, and its freshness cannot be told"));
        Optional<Duration> age = lastRefresh.map(at -> at.isAfter(now) ? Duration.ZERO : Duration.between(at, now));
        Freshness freshness = lastRefresh.filter(at -> at.isAfter(now.plus(FUTURE_TOLERANCE))).isPresent()
                ? Freshness.UNKNOWN
                : age.map(a -> a.compareTo(target.staleAfter()) > 0 ? Freshness.STALE : Freshness.FRESH)
                        .orElse(other.isPresent() || damaged ? Freshness.UNKNOWN : Freshness.NEVER);
        // The manifest's validators are those of the files the folder holds; the download state's
        // may be a version before them (a refresh stopped between its commit and saving the state).
        Optional<String> etag = manifest.flatMap(Manifest::etag).or(() -> shown.flatMap(s -> s.validators().etag()));
        Optional<String> lastModified = manifest.flatMap(Manifest::lastModified)
                .or(() -> shown.flatMap(s -> s.validators().lastModified()));
        // Validators belong to the address they came from: after the configuration names another,
        // the next refresh downloads unconditionally, and the ETag shown is the former address's.
        List<String> allNotes = new ArrayList<>(notes);
        manifest.filter(m -> m.path() == RefreshPath.ENHANCED).flatMap(Manifest::url)
                .filter(was -> target.url().isPresent()
                        && !SafeText.redacted(was).equals(SafeText.redacted(target.url().get())))
                // Said of the address this check has, which the configuration, --site or (with
                // neither) the live site gave: "the configuration now names" it was said without one.
                .ifPresent(was -> allNotes.add("the files are those downloaded from " + SafeText.url(was)
                        + ", not from " + SafeText.url(target.url().get()) + " (the source's address in this"
                        + " check): " + (etag.isPresent() || lastModified.isPresent()
                        ? "the ETag and Last-Modified are the former address's, and " : "")
                        + "a refresh from " + SafeText.url(target.url().get()) + " downloads it unconditionally"));
        return new SourceStatus(target.id(), folder.bin(), lastRefresh.orElse(null), written.orElse(null),
                age.orElse(null), target.staleAfter(), freshness, present.size(), manifest.isPresent() ? rows : -1,
                etag.orElse(null), lastModified.orElse(null), List.copyOf(missing), unexpected, tampered, foreign,
                untracked, repairs, errors, allNotes, failure.map(OutputFolder.Failure::at).orElse(null),
                failure.map(OutputFolder.Failure::message).orElse(null));
    }

    /// The last refresh's failure, when it failed after taking the folder's lock.
    private static Optional<OutputFolder.Failure> failure(OutputFolder folder, List<String> errors) {
        try {
            return folder.failure();
        } catch (IOException e) {
            // What happened to it: a file system failure's own message is the path alone.
            errors.add(e instanceof OutputFolder.Damaged ? e.getMessage()
                    : "the record of the last failed refresh cannot be read: " + Failures.message(e));
            return Optional.empty();
        }
    }

    /// The source's download states, in the order of [Target#stateIds()] (a series' order), those
    /// recorded only.
    private static List<ConditionalState> states(Target target, OutputFolder folder, List<String> errors) {
        try {
            // Only "no such file" is no state: one whose folder may not be searched is not absent.
            if (!OutputFolder.present(folder.stateFile())) {
                return List.of();
            }
            ConditionalStateStore store = ConditionalStateStore.open(folder.stateFile());
            return target.stateIds().stream().map(store::find).flatMap(Optional::stream).toList();
        } catch (ConditionalStateStore.Damaged e) {
            errors.add("download state " + folder.stateFile() + " is damaged: " + e.detail());
            return List.of();
        } catch (IOException e) {
            errors.add("download state " + folder.stateFile() + " cannot be read (" + Failures.why(e) + ")");
            return List.of();
        }
    }

    /// Sorts the folder's names into regular `.bin` files and everything else (other files,
    /// folders, links: the Python code would try to load them, or trip over them).
    /// Takes each name in `present` that the manifest does not list, but that is the file of a name
    /// it lists under another spelling, for that name. On a file system that ignores case the
    /// listing shows the name a file was first made under: a refresh whose archive renamed
    /// `mv_x.txt` to `MV_X.txt` moves `MV_X.bin` over `mv_x.bin`, and the folder goes on listing
    /// `mv_x.bin`, which read as a file missing and another no refresh wrote.
    private static void spelledAsListed(Path bin, Set<String> present, Set<String> listed) {
        Map<String, List<String>> listedByKey = new java.util.HashMap<>();
        listed.forEach(name -> listedByKey.computeIfAbsent(SameFileNames.key(name), key -> new ArrayList<>()).add(name));
        for (String name : List.copyOf(present)) {
            if (listed.contains(name)) {
                continue;
            }
            for (String spelling : listedByKey.getOrDefault(SameFileNames.key(name), List.of())) {
                Path file = bin.resolve(spelling);
                try {
                    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(bin.resolve(name), file)) {
                        present.remove(name);
                        present.add(spelling);
                        break;
                    }
                } catch (IOException unknown) {
                    // Not known to be that file: listed as it is.
                }
            }
        }
    }

    private static void list(Path bin, List<String> binFiles, List<String> foreign) throws IOException {
        if (!Files.isDirectory(bin, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.exists(bin, LinkOption.NOFOLLOW_LINKS)) {
                // A file where the folder should be: not the same as a folder whose files are all missing.
                throw new NotDirectoryException(bin.toString());
            }
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(bin)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean regular = Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS);
                if (regular && name.endsWith(BIN) && name.length() > BIN.length()) {
                    binFiles.add(name);
                } else {
                    // Said of what is not a file: `extra.bin` alone read as a .bin file refused for nothing.
                    foreign.add(Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) ? name + "/"
                            : regular ? name : name + " (" + MessageText.fileKind(entry) + ")");
                }
            }
        }
        binFiles.sort(null);
        foreign.sort(null);
    }

    /// Why an untracked `.bin` cannot be a whole pickle, from its first and last bytes, or empty
    /// when it may be one: the analysis code loads every file of the folder, and an empty file (a
    /// `pickle.dump` that crashed), one cut short or a macOS AppleDouble `._` file stops it. Files a
    /// refresh wrote are checked by their hash instead.
    private static Optional<String> notAPickle(Path file) {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size == 0) {
                return Optional.of("it is empty");
            }
            java.nio.ByteBuffer first = java.nio.ByteBuffer.allocate(4);
            channel.read(first, 0);
            if (first.position() == 4 && first.getInt(0) == AppleDouble.MAGIC) {
                return Optional.of("it is macOS metadata, an AppleDouble file");
            }
            // Every pickle ends with the STOP opcode; pickle.load stops there, so a line end a tool
            // added after it is harmless.
            java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate((int) Math.min(size, 8));
            channel.read(tail, size - tail.capacity());
            int end = tail.capacity() - 1;
            while (end > 0 && Character.isWhitespace(tail.get(end))) {
                end--;
            }
            return tail.get(end) == '.' ? Optional.empty() : Optional.of("it does not end with the pickle STOP opcode: cut short?");
        } catch (IOException e) {
            // Reading it is the tampered-or-readable check's business; this one only warns.
            return Optional.empty();
        }
    }
}
