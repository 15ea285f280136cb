package dev.bsee.bridge.internal;

import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.SafeText;
import dev.bsee.bridge.FileReport;
import dev.bsee.binary.PickleDialect;
import dev.bsee.bridge.RefreshError;
import dev.bsee.bridge.SourceOutcome;
import dev.bsee.bridge.SourceReport;
import dev.bsee.core.ProgressEvent;
import dev.bsee.core.ProgressListener;
import dev.bsee.core.BseeSource;
import dev.bsee.core.YearlySeries;
import dev.bsee.scraper.SourceDataException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/// Runs one source on one path with the output folder's guarantees: the folder is locked, left
/// overs of a killed refresh are repaired, new files are staged beside the folder and committed
/// only when the whole source succeeded. Whatever fails becomes a failed [SourceReport]; the
/// previous files and manifest are then untouched.
public final class SourceRunner {

    private static final System.Logger LOG = System.getLogger(SourceRunner.class.getName());

    /// Turns a source's archive into staged `.bin` files.
    @FunctionalInterface
    public interface Converter {
        /// Converts the archive, writing every table into `staging` and counting what it reads in
        /// `tally` as it goes (so a failure still reports bytes and attempts).
        ///
        /// @param staging where the files go
        /// @param tally the counts to keep up to date
        /// @return what was read
        /// @throws IOException when the archive cannot be read or converted
        Conversion convert(Staging staging, Tally tally) throws IOException;
    }

    /// Bytes read and attempts made so far; updated by converters, possibly from several threads.
    public static final class Tally {
        private final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();

        /// Counts archive bytes read.
        ///
        /// @param count the bytes
        public void addBytes(long count) {
            bytes.addAndGet(count);
        }

        /// Sets the bytes read when a downloader knows the total.
        ///
        /// @param count the bytes
        public void setBytes(long count) {
            bytes.set(count);
        }

        /// Sets the attempts made.
        ///
        /// @param count the attempts
        public void setAttempts(int count) {
            attempts.set(count);
        }

        long bytes() {
            return bytes.get();
        }

        int attempts() {
            return attempts.get();
        }
    }

    /// What a conversion read, and what to do once its files are committed.
    ///
    /// @param url where the archive came from
    /// @param unchanged the archive has not changed: nothing was staged, nothing is committed
    /// @param etag the archive's ETag
    /// @param lastModified the archive's Last-Modified
    /// @param afterSuccess run after the commit, or after an unchanged answer (saves download state)
    public record Conversion(Optional<URI> url, boolean unchanged, Optional<String> etag,
                             Optional<String> lastModified, AfterSuccess afterSuccess) {
    }

    /// Work done once a source has succeeded: saving the download validators. Its failure is a
    /// warning, not a failed source, since the files are already in place.
    @FunctionalInterface
    public interface AfterSuccess {
        /// Does it.
        ///
        /// @throws IOException when it fails
        void run() throws IOException;
    }

    /// Whether the JSON mapper is made or being made. Jackson's first mapper costs a few tens of
    /// milliseconds of class loading and set-up; the first source to finish needs it for its journal
    /// and manifest, after the conversion, when nothing else is left to run beside it. It is made on
    /// a background thread as the first source starts, while its archive downloads.
    private static final AtomicBoolean JSON_PREPARED = new AtomicBoolean();

    private final Duration lockWait;
    private final PickleDialect dialect;
    private final ProgressListener listener;
    private final Clock clock;

    /// A runner.
    ///
    /// @param lockWait how long to wait for another refresh holding a folder
    /// @param dialect the dialect recorded in manifests
    /// @param listener receives notices
    /// @param clock the clock for manifest times
    public SourceRunner(Duration lockWait, PickleDialect dialect, ProgressListener listener, Clock clock) {
        this.lockWait = lockWait;
        this.dialect = dialect;
        this.listener = listener;
        this.clock = clock;
    }

    /// Runs one source.
    ///
    /// @param plan the source and its folders
    /// @param converter how its archive becomes files
    /// @return the report; failed when anything failed, never thrown
    public SourceReport run(SourcePlan plan, Converter converter) {
        Instant start = clock.instant();
        if (JSON_PREPARED.compareAndSet(false, true)) {
            Thread.ofVirtual().name("bsee-json-setup").start(() -> Json.text(Json.MAPPER.createObjectNode()));
        }
        OutputFolder folder = OutputFolder.of(plan.outputFolder());
        // Reports, JSON and manifests show the address without its password.
        // The legacy path's is its zip folder, as its successful reports give: a failed one gave the
        // catalog's download address, though nothing was downloaded.
        Optional<URI> sourceUrl = Optional.of(plan.path() == dev.bsee.bridge.RefreshPath.LEGACY && plan.zipLocation().isPresent()
                ? plan.zipLocation().get().toUri() : SafeText.redacted(plan.source().uri()));
        String owner = "refresh of source " + plan.id() + ", " + plan.path().label() + " path";
        Tally tally = new Tally();
        Optional<List<FileReport>> previous = Optional.empty();
        // In the report whatever follows: a run that completed an earlier refresh's commit and then
        // failed said "nothing changed" of a folder it had changed.
        List<String> repaired = new ArrayList<>();
        try (FolderLock lock = lockApart(plan, folder, owner)) {
            try {
                List<OutputFolder.Repair> repairs;
                try {
                    repairs = folder.recover();
                } catch (IOException e) {
                    throw folder.explainDenied(e);
                }
                for (OutputFolder.Repair repair : repairs) {
                    repaired.add(repair.text());
                    if (repair.warning()) {
                        warn(plan, repair.text());
                    } else {
                        notice(plan, repair.text());
                    }
                }
                Optional<Manifest> last = previousManifest(plan, folder);
                previous = last.map(Manifest::files);
                try (Staging staging = folder.stage(replacing(plan, last))) {
                    Conversion conversion = converter.convert(staging, tally);
                    Optional<URI> url = conversion.url().map(SafeText::redacted).or(() -> sourceUrl);
                    if (conversion.unchanged()) {
                        last.ifPresent(manifest -> restamp(plan, folder, manifest));
                        afterSuccess(plan, conversion);
                        forgetFailure(plan, folder);
                        notice(plan, "unchanged since the last refresh; " + folder.bin() + " kept as it is");
                        return report(plan, url, SourceOutcome.UNCHANGED, tally, start, List.of(), List.of(), List.of(),
                                Changes.kept(previous)).withRepairs(repaired);
                    }
                    List<FileReport> files = staging.files();
                    if (last.isPresent() && last.get().dialect() == dialect
                            && repaired.stream().noneMatch(OutputFolder::completedCommit)
                            && writtenAgain(plan, folder, last.get(), url, conversion, files, staging.keptFiles())) {
                        // The zips of the legacy path, read on every run, or an archive downloaded
                        // again (no validators, `cache.enabled: false`) gave the very files the folder
                        // holds: a commit would replace each with a copy of itself and report the
                        // source updated, every run. A folder this run changed by completing an
                        // earlier commit is reported updated, as it was.
                        // An archive zipped anew (BSEE does so often) has new validators for the same
                        // tables: recorded with the refresh's time, and the source is unchanged. It
                        // was a commit of the same files, and the source `updated`, almost daily.
                        confirm(plan, folder, last.get().withValidators(conversion.etag(), conversion.lastModified()));
                        afterSuccess(plan, conversion);
                        forgetFailure(plan, folder);
                        notice(plan, "the " + (plan.path() == dev.bsee.bridge.RefreshPath.LEGACY ? "zips gave" : "archive gave")
                                + " the files of the last refresh again, byte for byte; " + folder.bin() + " kept as it is");
                        return report(plan, url, SourceOutcome.UNCHANGED, tally, start, List.of(), List.of(), List.of(),
                                Changes.kept(previous)).withRepairs(repaired);
                    }
                    refuseOtherDataset(plan, files, last);
                    int kept = staging.keptCount();
                    Manifest manifest = new Manifest(plan.id(), plan.path(), url, conversion.etag(), conversion.lastModified(),
                            clock.instant(), dialect, files);
                    // Read before the commit replaces them: what the change record compares with
                    // where the folder's file is not what this source's manifest lists.
                    Map<String, Changes.Standing> standing = Changes.standing(folder.bin(), files, last,
                            staging.keptFiles(), staging.runFolder());
                    lock.requireInPlace();
                    OutputFolder.Applied applied = staging.commit(manifest);
                    List<String> removed = applied.removed();
                    applied.leftAlone().forEach(line -> warn(plan, line));
                    warnOfMissingEntries(plan, files);
                    afterSuccess(plan, conversion);
                    forgetFailure(plan, folder);
                    notice(plan, "wrote " + MessageText.count(files.size() - kept, "file") + " to " + folder.bin()
                            + (kept == 0 ? "" : ", kept " + kept + " as " + (kept == 1 ? "it was" : "they were"))
                            + (removed.isEmpty() ? "" : "; removed " + String.join(", ", removed)));
                    // A file the previous manifest lists that this commit neither wrote, removed nor
                    // left in the folder was gone before it: "left in the folder" was said of it.
                    Set<String> written = files.stream().map(FileReport::file).collect(java.util.stream.Collectors.toSet());
                    List<String> missing = previous.orElse(List.of()).stream().map(FileReport::file)
                            .filter(name -> !written.contains(name) && !removed.contains(name)
                                    && !Files.exists(folder.binFile(name), LinkOption.NOFOLLOW_LINKS))
                            .toList();
                    return report(plan, url, SourceOutcome.UPDATED, tally, start, files, removed, List.of(),
                            Changes.of(previous, files, removed, missing, standing)).withRepairs(repaired);
                }
            } catch (IOException | RuntimeException e) {
                recordFailure(plan, folder, e);
                throw e;
            } catch (OutOfMemoryError e) {
                // What the conversion held is garbage once its stack has unwound: the JVM can still
                // record the failure as this source's, leave its previous files as they are, and go on
                // with the other sources. Rethrown, it ended the whole refresh in a line naming no
                // source, with no record for `bsee status`.
                IOException failure = new IOException(Failures.outOfMemory(e), e);
                recordFailure(plan, folder, failure);
                throw failure;
            }
        } catch (IOException | RuntimeException e) {
            return failed(plan, sourceUrl, tally, start, previous, e).withRepairs(repaired);
        } catch (OutOfMemoryError e) {
            // Taking the lock, or releasing it, ran out of heap (other sources' conversions holding
            // it): this source's failure, said as any other source that runs out of heap, while the
            // other sources go on. It ended the whole refresh in a line naming no source, and their
            // reports with it. Nothing is recorded for `bsee status`: the record is written under the
            // lock alone, as for a lock another refresh keeps.
            return failed(plan, sourceUrl, tally, start, previous, new IOException(Failures.outOfMemory(e), e))
                    .withRepairs(repaired);
        }
    }

    /// Locks `folder` once it is known not to nest with another refresh's folder
    /// ([OutputFolder#refuseNesting]); a refusal is not recorded for `bsee status`, as its record
    /// would go into the other folder, like the lock.
    private FolderLock lockApart(SourcePlan plan, OutputFolder folder, String owner) throws IOException {
        folder.refuseNesting();
        // Said once the lock is found held: a refresh waiting up to a minute for another printed
        // nothing meanwhile, which looked like a hang.
        FolderLock lock = folder.lock(owner, lockWait, waiting -> notice(plan, waiting));
        try {
            // Again under the lock: a refresh of a folder that nests with this one, begun after the
            // first check, made its bookkeeping meanwhile. Each finds the other's now, and neither
            // writes into the other.
            folder.refuseNesting();
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return lock;
    }

    /// The report of a source that failed with `e`, said once in the log.
    private SourceReport failed(SourcePlan plan, Optional<URI> sourceUrl, Tally tally, Instant start,
                                Optional<List<FileReport>> previous, Exception e) {
        RefreshError error = Failures.describe(plan.id(), e);
        // Said once: the error line is the diagnostic (with its trace where the failure is this
        // machine's, for a logger that shows traces)
        // and the report carries the error; a notice as well would print the failure twice.
        // The message names the archive, entry and line itself; the error's own text would repeat them.
        // A source stopped on purpose (the caller interrupted the refresh) is no error to trace.
        boolean stopped = Thread.currentThread().isInterrupted() || e instanceof java.io.InterruptedIOException;
        List<String> subjects = new ArrayList<>(List.of(plan.id()));
        if (plan.source().yearly().isPresent()) {
            plan.archives().forEach(archive -> subjects.add(Conversions.archiveId(archive)));
        }
        String why = withoutSubject(subjects, error.message());
        // An archive's damage names the archive by its file name: the address says where it came
        // from, which two sources serving one file name would otherwise not tell.
        String address = SafeText.url(sourceUrl.orElseThrow());
        if (error.kind() == RefreshError.Kind.DATA && plan.path() == dev.bsee.bridge.RefreshPath.ENHANCED
                && plan.archives().size() <= 1 && !why.contains(address)) {
            why += " (downloaded from " + address + ")";
        }
        String line = "source " + plan.id() + " (" + plan.path().label() + ") " + (stopped ? "stopped: " : "failed: ") + why;
        // A failed read or write of this machine's files (a zip folder that is not there, a full
        // disk, a folder this user may not write) is said whole by the line too, which names the
        // file and the reason: an app's default logger printed some ten lines of trace under it for
        // a folder misspelt in the configuration. What is no I/O failure is a fault of the tool.
        boolean fault = error.kind() == RefreshError.Kind.LOCAL && !(e instanceof IOException)
                && !(e instanceof java.io.UncheckedIOException);
        if (stopped || !fault) {
            // A download or the data center's data that failed is said whole by the line: its trace
            // would add some fifty lines a failure to a service's log for a network that blinked.
            LOG.log(stopped ? System.Logger.Level.INFO : System.Logger.Level.ERROR, line);
            LOG.log(System.Logger.Level.DEBUG, "source " + plan.id() + ": the failure's trace", e);
        } else {
            LOG.log(System.Logger.Level.ERROR, line, e);
        }
        if (plan.archives().size() <= 1) {
            // One download: its attempts are the failure's. A series counted all its archives'.
            Failures.attempts(e).ifPresent(tally::setAttempts);
        }
        return report(plan, sourceUrl, SourceOutcome.FAILED, tally, start, List.of(), List.of(), List.of(error),
                Changes.kept(previous));
    }

    /// Reports a source that cannot run, for `why`, without touching its folder.
    ///
    /// @param plan the source
    /// @param why the reason, a sentence that names the source
    /// @return the failed report
    public SourceReport refuse(SourcePlan plan, String why) {
        Instant start = clock.instant();
        String message = SafeText.escape(why);
        LOG.log(System.Logger.Level.ERROR, message);
        return report(plan, Optional.of(SafeText.redacted(plan.source().uri())), SourceOutcome.FAILED, new Tally(), start,
                List.of(), List.of(), List.of(RefreshError.of(RefreshError.Kind.LOCAL, plan.id(), message)), Changes.kept(Optional.empty()));
    }

    /// Refuses a download that gives none of the tables of the source's last refresh nor any the
    /// catalog (or `sources.<id>.entries`) expects of it: another dataset's archive, served at the
    /// source's address by a wrong mirror or a misconfigured proxy. Committed, it would remove every
    /// previous file as a table gone from the archive; refused before the commit, the previous files
    /// stay, and the download state is not saved, so the next refresh downloads in full. Only when
    /// both this refresh and the last one downloaded: a legacy folder of zips holds what its user puts
    /// there (a year's zip, where the download has them all), and a first refresh replaces nothing
    /// (it warns of the expected entries it lacks). Names are compared ignoring case, as BSEE's
    /// entry names vary in case. A first refresh that took in another dataset's archive, of a source
    /// the catalog lists no tables of, makes that dataset's tables the reference: the refusal's
    /// remedy, naming the source's tables under `entries`, mends that too.
    static void refuseOtherDataset(SourcePlan plan, List<FileReport> files, Optional<Manifest> last)
            throws SourceDataException {
        if (plan.path() != dev.bsee.bridge.RefreshPath.ENHANCED || last.isEmpty()
                || last.get().path() != dev.bsee.bridge.RefreshPath.ENHANCED || last.get().files().isEmpty()) {
            return;
        }
        List<String> expected = new ArrayList<>();
        plan.source().expectedEntries(plan.currentYear()).forEach(name -> expected.add(name + ".bin"));
        plan.source().optionalEntries(plan.currentYear()).forEach(name -> expected.add(name + ".bin"));
        List<BseeSource.Archive> archives = plan.archives();
        if (archives.size() == 1) {
            refuseUnlessKnown(plan, files, last.get().files(), expected, Optional.of(archives.get(0).name()));
            return;
        }
        // A series: each archive by itself (its files' entries are `<archive>/<entry>`). One year's
        // archive replaced by another dataset's passed with the other years' tables, and its commit
        // removed that year's file and put the other dataset's tables in the folder.
        for (BseeSource.Archive archive : archives) {
            String prefix = archive.name() + "/";
            String own = Conversions.archiveId(archive) + ".bin";
            List<FileReport> given = files.stream().filter(file -> file.entry().startsWith(prefix)).toList();
            List<FileReport> before = last.get().files().stream().filter(file -> file.entry().startsWith(prefix)).toList();
            if (given.isEmpty() && before.stream().noneMatch(file -> Files.isRegularFile(
                    OutputFolder.of(plan.outputFolder()).binFile(file.file()), LinkOption.NOFOLLOW_LINKS))) {
                // Nothing of it to protect: a withdrawn year whose file the team deleted gives none
                // and keeps none, and was refused as another dataset's at every refresh.
                continue;
            }
            List<FileReport> reference = before;
            if (before.isEmpty() && archive == archives.getLast()) {
                // The latest-month archive under a new name (its url changed) is judged by the files
                // of the former latest-month archive: it was refused for giving none of its own "0
                // previous" tables, though it gave the very file the former name gave. Never by the
                // years' files, which another dataset's archive could name to pass.
                YearlySeries series = plan.source().yearly().orElseThrow();
                reference = last.get().files().stream().filter(file -> file.entry().indexOf('/') > 0
                        && !Conversions.isYear(series, file.entry().substring(0, file.entry().indexOf('/')))).toList();
            }
            if (!given.isEmpty() || !before.isEmpty()) {
                refuseUnlessKnown(plan, given, reference,
                        expected.stream().filter(name -> name.equalsIgnoreCase(own)).toList(), Optional.of(archive.name()));
            }
        }
    }

    /// Refuses `files` (of one archive, or of the whole source) when none is among the `previous`
    /// files of the last refresh nor the `expected` names.
    private static void refuseUnlessKnown(SourcePlan plan, List<FileReport> files, List<FileReport> previous,
                                          List<String> expected, Optional<String> archive) throws SourceDataException {
        Set<String> known = new HashSet<>();
        previous.forEach(file -> known.add(file.file().toLowerCase(Locale.ROOT)));
        expected.forEach(name -> known.add(name.toLowerCase(Locale.ROOT)));
        if (files.stream().anyMatch(file -> known.contains(file.file().toLowerCase(Locale.ROOT)))) {
            return;
        }
        List<String> given = files.stream().map(FileReport::file).sorted().toList();
        List<String> before = previous.stream().map(FileReport::file).sorted().toList();
        List<String> others = expected.stream().filter(name -> !before.contains(name)).sorted().toList();
        String detail = (given.isEmpty() ? "the download gives no table, and so"
                : "the download's " + MessageText.count(given.size(), "table") + " (" + few(given) + ")"
                        + (given.size() == 1 ? " includes" : " include"))
                + " none of the last refresh's " + before.size() + " (" + few(before) + ")"
                + (others.isEmpty() ? "" : " nor " + few(others) + ", which " + EXPECTED_BY)
                + ": refused as another dataset's archive; the previous files are kept (if these are this source's"
                + " tables, because the data center renamed them or the last refresh took in another dataset's, list"
                + " their names under " + entriesKeys(plan.id()) + ")";
        SourceDataException.Builder refusal = SourceDataException.builder(SourceDataException.Problem.OTHER_DATASET, detail);
        archive.ifPresent(refusal::archive);
        throw refusal.build();
    }

    /// Where a configuration lists a source's tables: `sources.apd.entries`, and for a source the
    /// Python configurations call by another name, that name's key too (`or sources.well.entries`),
    /// since a configuration holding both keys uses the id's settings alone.
    private static String entriesKeys(String id) {
        StringBuilder keys = new StringBuilder("sources.").append(id).append(".entries");
        dev.bsee.core.SourceCatalog.of().aliases().forEach((alias, source) -> {
            if (source.equals(id) && !alias.equals(id)) {
                keys.append(" or sources.").append(alias).append(".entries");
            }
        });
        return keys.toString();
    }

    /// Who expects a source's tables: the catalog, or the configuration's `entries`, which replace
    /// the catalog's names. "the catalog expects" was said of names only the configuration gave.
    private static final String EXPECTED_BY = "the source is expected to give (the catalog's names, or those its"
            + " configured entries list)";

    /// The first three of `names` for a one-line message: `a, b, c and 14 more`.
    private static String few(List<String> names) {
        int shown = Math.min(3, names.size());
        String text = String.join(", ", names.subList(0, shown));
        return names.size() == shown ? text : text + " and " + (names.size() - shown) + " more";
    }

    /// The source succeeded, but its download lacks entries the catalog expects (an entry BSEE dropped
    /// or renamed): `bsee status` reports them missing, so the refresh says so too, once. Only on the
    /// enhanced path, which downloads what the catalog lists: a legacy folder of zips holds what its
    /// user keeps there (two years of a yearly series, say).
    private static void warnOfMissingEntries(SourcePlan plan, List<FileReport> files) {
        if (plan.path() != dev.bsee.bridge.RefreshPath.ENHANCED) {
            return;
        }
        java.util.Set<String> written = new java.util.HashSet<>();
        files.forEach(file -> written.add(file.file()));
        List<String> missing = plan.source().expectedEntries(plan.currentYear()).stream().map(name -> name + ".bin")
                .filter(name -> !written.contains(name)).sorted().toList();
        if (!missing.isEmpty()) {
            warn(plan, "the download gave no " + String.join(", ", missing) + ", which " + EXPECTED_BY
                    + "; bsee status reports " + (missing.size() == 1 ? "it" : "them") + " missing (if the data"
                    + " center renamed the source's tables, list their current names under " + entriesKeys(plan.id()) + ")");
        }
    }

    /// The `.bin` files the refresh is all but sure to write again, which the staging checks before
    /// anything is downloaded ([OutputFolder#stage(java.util.Collection)]): those of its previous
    /// refresh, and on the enhanced path those the catalog expects. A link or a folder in place of
    /// one failed the commit only after the whole download and conversion, at every refresh.
    private static Set<String> replacing(SourcePlan plan, Optional<Manifest> last) {
        Set<String> names = new java.util.LinkedHashSet<>();
        last.ifPresent(manifest -> names.addAll(manifest.fileNames()));
        if (plan.path() == dev.bsee.bridge.RefreshPath.ENHANCED) {
            plan.source().expectedEntries(plan.currentYear()).stream().map(name -> name + ".bin")
                    .filter(OutputFolder::isPlainBinName).forEach(names::add);
        }
        return names;
    }

    /// A download's message without its leading `source ID (ADDRESS): `, which the line naming the
    /// source would repeat: `source eor (enhanced) failed: https://.../eor.zip: gave up ...`.
    static String withoutSubject(String id, String message) {
        String subject = "source " + id + " (";
        int end = message.startsWith(subject) ? message.indexOf("): ", subject.length()) : -1;
        return end < 0 ? message : message.substring(subject.length(), end) + ": " + message.substring(end + 3);
    }

    /// [#withoutSubject(String, String)] for any of `ids`: a yearly series' archive fails as a source
    /// of its own (`source ogora2023delimit (ADDRESS): `), an id that is no source's, which the line
    /// naming the series printed as such; its address alone names it.
    static String withoutSubject(List<String> ids, String message) {
        for (String id : ids) {
            String without = withoutSubject(id, message);
            if (!without.equals(message)) {
                return without;
            }
        }
        return message;
    }

    /// Saves the download state once the files are in place. The state only spares the next
    /// download, so failing to write it (a disk that filled up just then) fails nothing: the source
    /// did what it reports, and the next refresh downloads it in full. A refresh stopped on purpose
    /// just after its commit (the caller's interrupt) cannot write the state through its interrupted
    /// channel: that is no fault, and is said on one line at debug level, as [#recordFailure] says
    /// such stops.
    private static void afterSuccess(SourcePlan plan, Conversion conversion) {
        try {
            conversion.afterSuccess().run();
        } catch (IOException | RuntimeException e) {
            String line = "source " + plan.id() + " (" + plan.path().label() + "): could not save the download state ("
                    + Failures.message(e) + "); the next refresh downloads the source in full";
            if (stopped(e)) {
                LOG.log(System.Logger.Level.DEBUG, line);
            } else {
                LOG.log(System.Logger.Level.WARNING, line, e);
            }
        }
    }

    /// Whether `failure` comes of the thread's interrupt (the refresh was stopped) rather than of the
    /// disk or the file system.
    private static boolean stopped(Throwable failure) {
        return Thread.currentThread().isInterrupted() || dev.bsee.core.internal.Causes.of(failure).stream()
                .anyMatch(cause -> cause instanceof java.io.InterruptedIOException
                        || cause instanceof java.nio.channels.ClosedByInterruptException
                        || cause instanceof InterruptedException);
    }

    /// Records the failure of a refresh that held the lock, so that `bsee status` reports it until
    /// a refresh succeeds. The failure itself is reported already; a record that cannot be written
    /// (the disk that just filled up) is a warning, since without it `bsee status` says all is well.
    private void recordFailure(SourcePlan plan, OutputFolder folder, Exception e) {
        try {
            folder.recordFailure(new OutputFolder.Failure(clock.instant(), Failures.describe(plan.id(), e).message()));
        } catch (IOException | RuntimeException notRecorded) {
            // A source stopped on purpose (the refresh interrupted it: a signal, or another source that
            // ended unexpectedly) writes nothing through its interrupted channels, and its stop is no
            // error to report: a warning then named a ClosedByInterruptException of a failure never said.
            boolean stopped = Thread.currentThread().isInterrupted() || e instanceof java.io.InterruptedIOException
                    || notRecorded instanceof java.nio.channels.ClosedByInterruptException;
            // A failure about the record's own place (a folder there) is said as the source's failure
            // already; the same refusal again as a warning would be one fault said twice.
            boolean saidAlready = Failures.message(e).contains(Failures.message(notRecorded));
            LOG.log(stopped || saidAlready ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING, "source " + plan.id() + " ("
                    + plan.path().label() + "): could not"
                    + " record this failure in " + folder.failureFile() + " (" + Failures.message(notRecorded)
                    + "), so bsee status will not report it");
        }
    }

    /// Forgets an earlier failure once a refresh has succeeded; a record left behind would make
    /// `bsee status` report a failure the folder no longer has, so that is a warning.
    private static void forgetFailure(SourcePlan plan, OutputFolder folder) {
        try {
            folder.clearFailure();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "source " + plan.id() + ": could not remove the record of an earlier"
                    + " failure, " + folder.failureFile() + " (" + Failures.message(e) + ")");
        }
    }

    private SourceReport report(SourcePlan plan, Optional<URI> url, SourceOutcome outcome, Tally tally,
                                Instant start, List<FileReport> files, List<String> removed, List<RefreshError> errors,
                                Changes changes) {
        return new SourceReport(plan.id(), plan.path(), url.orElse(null), plan.outputFolder(), outcome, tally.bytes(),
                tally.attempts(), Duration.between(start, clock.instant()), files, removed, new ArrayList<>(errors),
                changes.source(), changes.files());
    }

    /// This source's previous refresh, which this one is compared with; empty when
    /// the folder's manifest is another source's (sources sharing a folder). A manifest that cannot
    /// be read is no reason to stop the refresh that replaces it: the changes are then reported
    /// against nothing, with a warning.
    /// Records the stat of files a kept folder holds as written under other stats, so that the next
    /// refresh and `bsee status` need not hash them again. It only saves reads: a manifest that
    /// cannot be written fails nothing, and the files are hashed next time as this time.
    /// Whether the conversion gave exactly the files `last` lists (the same entries, bytes and
    /// description), under the same path, address and validators (the caller compares the dialect),
    /// and the folder still holds each file it wrote as it was written: the commit would then change
    /// nothing but the files' inodes and times. A file an analyst rewrote or removed since is not as
    /// written, so the commit puts it back; a file `kept` as the folder holds it (one of a zip gone
    /// from the zip folder) is left as it is by a commit too.
    private static boolean writtenAgain(SourcePlan plan, OutputFolder folder, Manifest last, Optional<URI> url,
                                        Conversion conversion, List<FileReport> files, Set<String> kept) {
        return last.path() == plan.path() && last.url().equals(url)
                && files.size() == last.files().size() && new HashSet<>(files).equals(new HashSet<>(last.files()))
                && files.stream().allMatch(file -> kept.contains(file.file())
                        || WrittenFile.asWritten(folder.bin().resolve(file.file()), file, last.stampOf(file.file())));
    }

    /// Records a refresh whose conversion gave the files `manifest` lists again: the manifest is
    /// written anew with this refresh's time, which `bsee status` counts as the last refresh (a
    /// legacy source has no download state whose check time would), and the stat of files written
    /// under other stats. Its failure is a warning: the files stand as they are.
    private void confirm(SourcePlan plan, OutputFolder folder, Manifest manifest) {
        try {
            folder.confirm(manifest, clock.instant());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "source " + plan.id() + ": the time of this refresh could not be"
                    + " recorded in " + folder.manifestFile() + " (" + Failures.message(e) + "); `bsee status` counts"
                    + " the refresh before it");
        }
    }

    private static void restamp(SourcePlan plan, OutputFolder folder, Manifest manifest) {
        try {
            List<String> restamped = folder.restamp(manifest);
            if (!restamped.isEmpty()) {
                LOG.log(System.Logger.Level.DEBUG, "source " + plan.id() + ": recorded the stat of "
                        + String.join(", ", restamped) + ", as written under other stats than the manifest's");
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.INFO, "source " + plan.id() + ": the stat of files as written under other"
                    + " stats than the manifest's could not be recorded (" + Failures.message(e) + "); they are"
                    + " hashed again next time");
        }
    }

    private Optional<Manifest> previousManifest(SourcePlan plan, OutputFolder folder) {
        try {
            return folder.manifestOf(plan.id());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "source " + plan.id() + ": " + Failures.message(e)
                    + "; changes are reported as if there were no previous refresh");
            return Optional.empty();
        }
    }

    /// Something the user should look at: a warning, which every front end shows (the command line
    /// on standard error whatever its progress mode), and not a notice too, so it is said once.
    private static void warn(SourcePlan plan, String message) {
        LOG.log(System.Logger.Level.WARNING, "source " + plan.id() + " (" + plan.path().label() + "): " + message);
    }

    private void notice(SourcePlan plan, String message) {
        LOG.log(System.Logger.Level.INFO, "source " + plan.id() + " (" + plan.path().label() + "): " + message);
        listener.onEvent(new ProgressEvent.Notice(plan.id(), plan.path().label() + " path: " + message));
    }
}
