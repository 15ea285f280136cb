package dev.bsee.bridge.internal;

import dev.bsee.binary.PickleWriter;
import dev.bsee.binary.internal.SpillingAllocator;
import dev.bsee.bridge.FileReport;
import dev.bsee.bridge.RefreshConfig;
import dev.bsee.bridge.RefreshPath;
import dev.bsee.core.BseeSource;
import dev.bsee.core.ProgressEvent;
import dev.bsee.core.ProgressListener;
import dev.bsee.core.YearlySeries;
import dev.bsee.core.internal.SafeText;
import dev.bsee.scraper.BodyReader;
import dev.bsee.scraper.ConditionalState;
import dev.bsee.scraper.ConditionalStateStore;
import dev.bsee.scraper.DownloadException;
import dev.bsee.scraper.EntrySink;
import dev.bsee.scraper.EntrySummary;
import dev.bsee.scraper.FetchResult;
import dev.bsee.scraper.HttpFetcher;
import dev.bsee.scraper.ZipStreamProcessor;
import dev.bsee.scraper.internal.report.CountedReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/// The two ways a source's archive becomes staged `.bin` files, composed from the scraper and the
/// codec: the legacy path reads zip files from a folder, the enhanced path downloads and converts the
/// body as it arrives. Both go through the same [ZipStreamProcessor] and [PickleWriter].
public final class Conversions {

    private static final System.Logger LOG = System.getLogger(Conversions.class.getName());

    /// What both paths need from the refresh's settings.
    ///
    /// @param config the configuration
    /// @param listener receives download and entry progress
    /// @param backoff the first retry pause
    /// @param backoffMax the longest retry pause
    /// @param slots bounds the downloads per host
    /// @param concurrentArchives how many archives may be converted at once in this refresh, which
    ///                           shares the heap budget of column buffers between them
    /// @param proxy the proxies of the downloads, or empty for the JVM's default selector
    /// @param authenticator answers a proxy's request for a user and password, or empty for none
    public record Settings(RefreshConfig config, ProgressListener listener, Duration backoff, Duration backoffMax,
                           DownloadSlots slots, int concurrentArchives, Optional<java.net.ProxySelector> proxy,
                           Optional<java.net.Authenticator> authenticator) {
        /// Validates the settings.
        public Settings {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(backoffMax, "backoffMax");
            Objects.requireNonNull(slots, "slots");
            Objects.requireNonNull(proxy, "proxy");
            Objects.requireNonNull(authenticator, "authenticator");
            if (concurrentArchives < 1) {
                throw new IllegalArgumentException("concurrent archives must be at least 1: " + concurrentArchives);
            }
        }
    }

    private Conversions() {
    }

    /// The legacy path: every `*.zip` of the source's zip folder (in name order), or the one zip
    /// file named, converted into the staging area. Each file's entry is `<zip>/<entry>`, so the
    /// manifest says which zip gave it: the files of a zip that is no longer in the folder (a year
    /// its user moved away) are kept, as the Python system kept them, not removed as superseded.
    ///
    /// @param plan the source
    /// @param settings the settings
    /// @return the converter
    public static SourceRunner.Converter legacy(SourcePlan plan, Settings settings) {
        return (staging, tally) -> {
            Path location = plan.zipLocation().orElseThrow(() -> new IllegalStateException(
                    "legacy source " + plan.id() + " has no zip folder"));
            List<Path> zips = zipFiles(plan.id(), location);
            tally.setAttempts(1);
            ZipStreamProcessor processor = processor(plan, settings, staging,
                    settings.config().processing().parallel() ? Runtime.getRuntime().availableProcessors() : 1, plan.id());
            PickleWriter writer = writer(settings);
            Set<String> names = new java.util.HashSet<>();
            for (Path zip : zips) {
                tally.addBytes(Files.size(zip));
                String name = zip.getFileName().toString();
                names.add(name);
                processor.process(zip, sink(staging, writer::write, name + "/"));
            }
            keepFilesOfZipsGone(plan, settings, staging, location, names);
            return new SourceRunner.Conversion(Optional.of(location.toUri()), false, Optional.empty(), Optional.empty(),
                    () -> { });
        };
    }

    /// Keeps the files the previous legacy refresh wrote from zips no longer in the folder (`names`
    /// are those there now), as the Python system kept them; a zip still there whose entry is gone
    /// has that file superseded. A manifest of an earlier version, whose entries name no zip, cannot
    /// tell which zip gave a file: such files are kept unless written again. Only a legacy manifest
    /// counts: files the download path wrote into the same folder are not this path's to keep.
    private static void keepFilesOfZipsGone(SourcePlan plan, Settings settings, Staging staging, Path location,
                                            Set<String> names) throws IOException {
        OutputFolder folder = OutputFolder.of(plan.outputFolder());
        Optional<Manifest> previous = folder.manifestOf(plan.id()).filter(m -> m.path() == RefreshPath.LEGACY);
        Map<String, List<FileReport>> byZip = new java.util.LinkedHashMap<>();
        for (FileReport file : previous.map(Manifest::files).orElse(List.of())) {
            int slash = file.entry().indexOf('/');
            String zip = slash > 0 ? file.entry().substring(0, slash) : "";
            // A zip of this refresh is one whatever its name ends in (a single file configured as
            // `APMRawData.zip.1`): taken for an earlier version's entry, its gone entries were kept.
            boolean namesAZip = names.contains(zip) || zip.toLowerCase(Locale.ROOT).endsWith(".zip");
            byZip.computeIfAbsent(namesAZip ? zip : "", k -> new ArrayList<>()).add(file);
        }
        // A file another zip gives now (the years packed anew) is that zip's, also under another
        // case (`WELLS.bin` for `wells.bin`): kept, the two names clashed on every later run.
        Set<String> written = new java.util.HashSet<>(staging.files().stream()
                .map(file -> dev.bsee.core.internal.SameFileNames.key(file.file())).toList());
        for (Map.Entry<String, List<FileReport>> gone : byZip.entrySet()) {
            if (names.contains(gone.getKey())) {
                continue;
            }
            List<FileReport> present = new ArrayList<>();
            for (FileReport file : gone.getValue()) {
                if (!written.contains(dev.bsee.core.internal.SameFileNames.key(file.file()))
                        && Files.isRegularFile(folder.binFile(file.file()), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    present.add(file);
                }
            }
            keepAll(staging, present);
            if (!present.isEmpty()) {
                String kept = "kept " + present.stream().map(FileReport::file).toList() + (gone.getKey().isEmpty()
                        ? ", whose zip an earlier version did not record" : " of " + gone.getKey()
                        + ", which is no longer in " + location);
                notice(settings, plan.id(), kept);
            }
        }
    }

    /// The enhanced path: the source's archive downloaded (conditionally when `cache.enabled`) and
    /// converted as its body arrives, or from a spool file beside the output folder when
    /// `processing.in_memory` is false. A yearly series runs as [#series] describes.
    ///
    /// @param plan the source
    /// @param settings the settings
    /// @return the converter
    public static SourceRunner.Converter enhanced(SourcePlan plan, Settings settings) {
        return plan.source().yearly().isPresent() ? series(plan, settings) : single(plan, settings);
    }

    private static SourceRunner.Converter single(SourcePlan plan, Settings settings) {
        return (staging, tally) -> {
            RefreshConfig config = settings.config();
            BseeSource source = plan.source();
            OutputFolder folder = OutputFolder.of(plan.outputFolder());
            Optional<ConditionalStateStore> states = openStates(folder, settings);
            String archiveName = archiveName(source);
            boolean inMemory = config.processing().inMemory();
            ZipStreamProcessor processor = processor(plan, settings, staging,
                    config.processing().parallel() ? Runtime.getRuntime().availableProcessors() : 1, plan.id());
            EntrySink sink = sink(staging, writer(settings)::write, "");
            // The slot first: a source waiting for its turn holds no HTTP client.
            try (DownloadSlots.Slot slot = settings.slots().acquire(source.uri());
                 HttpFetcher fetcher = fetcher(settings, staging)) {
                BodyReader<List<EntrySummary>> convert = inMemory
                        ? streamed(processor, archiveName, staging, sink)
                        : fetcher.spooled((file, info) -> processor.process(file, sink));
                Counted<List<EntrySummary>> reader = new Counted<>(convert);
                // Conditional only on files a download wrote: after a legacy refresh into the same
                // folder its manifest lists the legacy files, and a 304 kept those in place of the
                // download's, which the legacy commit had removed.
                Optional<Manifest> previous = folder.manifestOf(plan.id())
                        .filter(manifest -> manifest.path() == dev.bsee.bridge.RefreshPath.ENHANCED);
                FetchResult<List<EntrySummary>> result;
                try {
                    result = config.cache().enabled()
                            ? fetcher.fetch(source, states.isPresent() && previous.isPresent()
                                    && intact(folder, previous.get(), previous.get().files())
                                    ? states.get().state(source) : ConditionalState.initial(source), reader)
                            : fetcher.fetch(source, reader);
                } finally {
                    // What the download took, whether it, the archive or the conversion failed.
                    tally.setAttempts(reader.attempts());
                    tally.setBytes(reader.bytes());
                }
                ConditionalState state = result.state();
                return new SourceRunner.Conversion(Optional.of(source.uri()),
                        result.status() != FetchResult.Status.FETCHED, result.validators().etag(),
                        result.validators().lastModified(), () -> {
                            if (states.isPresent()) {
                                states.get().save(state);
                            }
                        });
            }
        };
    }

    /// A source of several archives, such as the yearly production series `ogora`: one folder,
    /// many archives.
    ///
    /// - Each archive is its own download, with its own conditional request (when `cache.enabled`),
    ///   timeout, retries and resume, and its own validators in the folder's state file (keyed by
    ///   the archive's name, e.g. `ogora2019delimit`). Archives download at once up to
    ///   `processing.downloads_per_host`.
    /// - An archive the server reports unchanged keeps its files as they are: the previous manifest
    ///   says which files came from which archive (each file's entry is `<archive>/<entry>`, e.g.
    ///   `ogora2019delimit.zip/ogora2019delimit.txt`). Its request is conditional only when the
    ///   folder still holds every file the manifest lists for it; otherwise it is downloaded again.
    /// - The archives that changed are converted into the staging area, and the folder's commit
    ///   stays all-or-nothing: the changed archives' files move in together with one new manifest
    ///   listing them and the kept files. When nothing changed, nothing is committed at all.
    /// - One archive failing fails the source: nothing is committed and every previous file stays.
    ///   The exception is an archive that may be absent (the current year, early in the year): a
    ///   404 for it is "not published yet", and whatever the folder held for it is kept.
    /// - Files of archives outside this refresh (years left out by `sources.ogora.years`) are kept.
    private static SourceRunner.Converter series(SourcePlan plan, Settings settings) {
        return (staging, tally) -> {
            RefreshConfig config = settings.config();
            BseeSource source = plan.source();
            OutputFolder folder = OutputFolder.of(plan.outputFolder());
            Optional<ConditionalStateStore> states = openStates(folder, settings);
            List<BseeSource.Archive> archives = plan.archives();
            Map<String, List<FileReport>> previous = previousFilesByArchive(folder, plan.id());
            // As for one archive: conditional only on files a download wrote.
            Optional<Manifest> downloaded = folder.manifestOf(plan.id())
                    .filter(manifest -> manifest.path() == dev.bsee.bridge.RefreshPath.ENHANCED);
            Set<String> inThisRefresh = new java.util.HashSet<>();
            archives.forEach(archive -> inThisRefresh.add(archive.name()));
            List<ConditionalState> learned = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean changed = new java.util.concurrent.atomic.AtomicBoolean();
            // A kept file the folder no longer holds: the manifest is written anew without it, though
            // no archive changed (the notice said "no longer listed" while it stayed listed).
            java.util.concurrent.atomic.AtomicBoolean dropped = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
            try (HttpFetcher fetcher = fetcher(settings, staging);
                 java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                java.util.concurrent.CompletionService<Void> done = new java.util.concurrent.ExecutorCompletionService<>(pool);
                List<java.util.concurrent.Future<Void>> downloads = new ArrayList<>();
                for (BseeSource.Archive archive : archives) {
                    downloads.add(done.submit(() -> {
                        List<FileReport> before = previous.getOrDefault(archive.name(), List.of());
                        BseeSource one = archiveSource(source, archive);
                        ConditionalState state = states.isPresent() && downloaded.isPresent()
                                && intact(folder, downloaded.get(), before)
                                ? states.get().state(one)
                                : ConditionalState.initial(one);
                        ZipStreamProcessor processor = processor(plan, settings, staging, 1, one.id());
                        EntrySink sink = sink(staging, writer(settings)::write, archive.name() + "/");
                        BodyReader<List<EntrySummary>> convert = config.processing().inMemory()
                                ? streamed(processor, archive.name(), staging, sink)
                                : fetcher.spooled((file, info) -> processor.process(file, sink));
                        Counted<List<EntrySummary>> reader = new Counted<>(convert);
                        FetchResult<List<EntrySummary>> result;
                        try (DownloadSlots.Slot slot = settings.slots().acquire(archive.uri())) {
                            result = config.cache().enabled() ? fetcher.fetch(one, state, reader)
                                    : fetcher.fetch(one, reader);
                        } catch (DownloadException e) {
                            if (archive.mayBeAbsent() && e.httpStatus().orElse(0) == 404) {
                                // Named as every address the refresh names, without its user info.
                                // A file the folder holds for it says it was published: the data
                                // center withdrew it since, which "not yet" would hide.
                                List<FileReport> present = present(folder, before);
                                List<String> held = present.stream().map(file -> SafeText.escape(file.file())).toList();
                                String notPublished = SafeText.url(archive.uri()) + (before.isEmpty()
                                        ? " is not published yet (HTTP 404); kept what the folder holds for it"
                                        : " is no longer published (HTTP 404), though a refresh downloaded it"
                                        + " before; " + (held.isEmpty() ? "" : "kept " + String.join(", ", held)
                                        + (held.size() == 1 ? " as it was" : " as they were"))
                                        + gone(before, present, held.isEmpty() ? "" : "; "));
                                notice(settings, source.id(), notPublished);
                                keepAll(staging, present);
                                if (present.size() < before.size()) {
                                    dropped.set(true);
                                }
                                return null;
                            }
                            throw e;
                        } finally {
                            // The series' attempts and bytes are those of all its archives, however
                            // each ended: the failing one's, and those stopped with it.
                            attempts.addAndGet(reader.attempts());
                            tally.addBytes(reader.bytes());
                        }
                        learned.add(result.state());
                        if (result.status() == FetchResult.Status.FETCHED) {
                            changed.set(true);
                        } else {
                            keepAll(staging, before);
                        }
                        return null;
                    }));
                }
                await(done, downloads);
                // Archives this refresh does not ask for (years left out) keep the files the folder
                // still holds: one the team deleted failed every later refresh ("cannot keep a file
                // that is gone"). A year's file is never given up to another archive: the refresh
                // fails on the two names, as before. A former latest-month archive (no year's: its
                // url named another) is superseded by this refresh's: none of its files is kept. Kept,
                // one the new archive also gave failed every refresh on "both give ogoradelimit.bin",
                // and one it does not give stayed in the folder for good, listed and "all well",
                // while the data center no longer published it.
                BseeSource.Archive latest = archives.getLast();
                for (Map.Entry<String, List<FileReport>> other : previous.entrySet()) {
                    if (inThisRefresh.contains(other.getKey())) {
                        continue;
                    }
                    if (!isYear(source.yearly().orElseThrow(), other.getKey())) {
                        dropped.set(true);
                        if (downloaded.isEmpty()) {
                            // The legacy path's zip of the same folder, never a latest-month archive: its
                            // files are superseded by the download's, as legacy-bridge.md says, no notice.
                            continue;
                        }
                        List<String> gone = other.getValue().stream()
                                .filter(file -> staging.claimant(file.file()).isEmpty())
                                .map(file -> SafeText.escape(file.file())).toList();
                        String notice = other.getKey() + " is no longer the source's latest-month archive ("
                                + latest.name() + " is)" + (gone.isEmpty() ? "" : "; " + String.join(", ", gone)
                                + (gone.size() == 1 ? ", which it gave, goes" : ", which it gave, go"));
                        notice(settings, source.id(), notice);
                        continue;
                    }
                    List<FileReport> present = present(folder, other.getValue());
                    keepAll(staging, present);
                    if (present.size() < other.getValue().size()) {
                        // The manifest lists the file no more, which is a new version of the folder.
                        dropped.set(true);
                        String notice = other.getKey() + " is not asked for by this refresh; "
                                + gone(other.getValue(), present, "");
                        notice(settings, source.id(), notice);
                    }
                }
                // Listed by archive, in the series' order, as whichever download finished first
                // had them in another order at each refresh; the years kept come after, as before.
                Map<String, Integer> position = new java.util.HashMap<>();
                archives.forEach(archive -> position.put(archive.name() + "/", position.size()));
                // One lambda, not Comparator.comparingInt, whose own lambda is spun at first use.
                staging.order((a, b) -> Integer.compare(archivePosition(position, a, archives.size()),
                        archivePosition(position, b, archives.size())));
            } finally {
                tally.setAttempts(attempts.get());
            }
            return new SourceRunner.Conversion(Optional.of(source.uri()), !changed.get() && !dropped.get(), Optional.empty(),
                    Optional.empty(), () -> {
                        if (states.isPresent()) {
                            for (ConditionalState state : learned) {
                                states.get().save(state);
                            }
                        }
                    });
        };
    }

    /// One archive of a series as a source of its own, so the fetcher's state, messages and
    /// progress name the archive: id `ogora2019delimit` for `ogora2019delimit.zip`.
    private static BseeSource archiveSource(BseeSource source, BseeSource.Archive archive) {
        return new BseeSource(archiveId(archive), archive.uri(), source.cadence(), source.requestTimeout(),
                source.outputSubdirectory(), source.entryPattern(), source.layout());
    }

    /// The id an archive of a series has in the download state and in messages: its file name
    /// without extension, lower-case, e.g. `ogora2019delimit`.
    ///
    /// @param archive the archive
    /// @return the id
    public static String archiveId(BseeSource.Archive archive) {
        String name = archive.name().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^a-z0-9_-]", "_");
    }

    /// The files of the source's previous manifest by the archive they came from (`<archive>/<entry>`).
    private static Map<String, List<FileReport>> previousFilesByArchive(OutputFolder folder, String source)
            throws IOException {
        Map<String, List<FileReport>> byArchive = new java.util.LinkedHashMap<>();
        Optional<Manifest> manifest = folder.manifestOf(source);
        for (FileReport file : manifest.map(Manifest::files).orElse(List.of())) {
            int slash = file.entry().indexOf('/');
            if (slash > 0) {
                byArchive.computeIfAbsent(file.entry().substring(0, slash), k -> new ArrayList<>()).add(file);
            }
        }
        return byArchive;
    }

    /// The files of `files` the folder still holds.
    private static List<FileReport> present(OutputFolder folder, List<FileReport> files) {
        return files.stream().filter(file -> Files.isRegularFile(folder.binFile(file.file()),
                java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
    }

    /// What becomes of the files of `files` not in `present`: the folder no longer holds them (the
    /// team deleted them), so the new manifest no longer lists them. Empty when none is gone.
    private static String gone(List<FileReport> files, List<FileReport> present, String separator) {
        List<String> gone = files.stream().filter(file -> !present.contains(file))
                .map(file -> SafeText.escape(file.file())).toList();
        return gone.isEmpty() ? "" : separator + String.join(", ", gone) + (gone.size() == 1 ? " is" : " are")
                + " no longer in the folder and no longer listed";
    }

    /// Whether `archiveName` is the archive of a year of `series` (`ogora2019delimit.zip`), not its
    /// latest-month archive (`ogoradelimit.zip`, or the name its url gave before).
    static boolean isYear(YearlySeries series, String archiveName) {
        String template = series.fileTemplate();
        int at = template.indexOf(YearlySeries.YEAR);
        String prefix = template.substring(0, at);
        String suffix = template.substring(at + YearlySeries.YEAR.length());
        return archiveName.length() == prefix.length() + 4 + suffix.length() && archiveName.startsWith(prefix)
                && archiveName.endsWith(suffix)
                && archiveName.substring(prefix.length(), prefix.length() + 4).chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /// Says `text` of the source: logged, and given to the listener as a notice.
    private static void notice(Settings settings, String sourceId, String text) {
        LOG.log(System.Logger.Level.INFO, "source " + sourceId + ": " + text);
        settings.listener().onEvent(new ProgressEvent.Notice(sourceId, text));
    }

    private static void keepAll(Staging staging, List<FileReport> files) throws IOException {
        for (FileReport file : files) {
            staging.keep(file);
        }
    }

    /// Waits for every download, in the order they end; the first to fail cancels the rest and is
    /// thrown as it was. Waiting in the order they were started held a year that failed at once (a
    /// 404, an HTML page) until every archive listed before it had finished or used all its attempts
    /// (300 s each), and then reported the failure of whichever came first in the list.
    private static void await(java.util.concurrent.CompletionService<Void> done,
                              List<java.util.concurrent.Future<Void>> downloads) throws IOException {
        try {
            for (int waiting = downloads.size(); waiting > 0; waiting--) {
                try {
                    done.take().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    downloads.forEach(d -> d.cancel(true));
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new IOException(cause);
                }
            }
        } catch (InterruptedException e) {
            downloads.forEach(d -> d.cancel(true));
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while downloading");
        }
    }

    private static HttpFetcher fetcher(Settings settings, Staging staging) {
        RefreshConfig config = settings.config();
        HttpFetcher.Builder builder = HttpFetcher.builder()
                .maxAttempts(config.processing().retries() + 1)
                .backoff(settings.backoff(), settings.backoffMax())
                .listener(settings.listener())
                .spoolDirectory(staging.directory())
                .cacheTtl(config.cache().enabled() ? config.cache().ttl() : Duration.ZERO);
        settings.proxy().ifPresent(builder::proxy);
        settings.authenticator().ifPresent(builder::authenticator);
        return builder.build();
    }

    /// Whether the folder still holds every file `files` lists (of `manifest`) as the refresh wrote
    /// it ([WrittenFile]): only then may a conditional request, or the cache's TTL, keep the files as
    /// they are. A file deleted, cut short, edited in place at the same size, replaced, made
    /// unreadable or given other permissions makes the download unconditional, so the refresh writes
    /// it again instead of reporting the folder unchanged until the archive changes. An untouched
    /// file costs a stat: only one whose stat is not the one the manifest recorded is hashed.
    private static boolean intact(OutputFolder folder, Manifest manifest, List<FileReport> files) {
        return !files.isEmpty() && files.stream().allMatch(file ->
                WrittenFile.asWritten(folder.bin().resolve(file.file()), file, manifest.stampOf(file.file())));
    }

    /// The download state beside the folder, or empty when it cannot be read. It only saves
    /// downloads, so either way the source is fetched unconditionally rather than failed:
    ///
    /// - Damaged content (a malformed line, not text) is set aside, renamed for whoever wants to look.
    /// - A file that cannot be read at all (access denied, an I/O error) may be intact: it is neither
    ///   moved nor replaced, and no state is saved over it, so the warning repeats until it can be
    ///   read or is removed. It was taken for damaged and moved aside.
    private static Optional<ConditionalStateStore> openStates(OutputFolder folder, Settings settings) throws IOException {
        Path file = folder.stateFile();
        try {
            return Optional.of(ConditionalStateStore.open(file));
        } catch (ConditionalStateStore.Damaged damaged) {
            // A name of its own, as a damaged manifest gets: an earlier damaged state, or anything else
            // at a fixed name, is never replaced.
            Path aside = OutputFolder.setAside(file);
            LOG.log(System.Logger.Level.WARNING, "download state " + file + " is damaged and was moved to "
                    + aside + "; the next download is unconditional: " + damaged.detail());
            return Optional.of(ConditionalStateStore.open(file));
        } catch (IOException unreadable) {
            LOG.log(System.Logger.Level.WARNING, "download state " + file + " could not be read ("
                    + Failures.why(unreadable) + "); the download is unconditional, and the file is left as it is"
                    + " and not updated until this user can read it or it is removed");
            return Optional.empty();
        }
    }

    /// A processor whose column buffers spill into the staging area past a heap budget
    /// ([SpillingAllocator#entryBudget], as for `bsee convert`), so an entry of any size fits the
    /// heap, and spill files left by a killed refresh are removed with its other temporaries. The
    /// bytes a streamed refresh receives ahead of its parsers take a sixteenth of the heap besides,
    /// shared by every archive the JVM receives at once
    /// (see `ZipStreamProcessor.Builder.spoolDirectory`). Its entry events name `eventSource`, as
    /// the download's events do.
    private static ZipStreamProcessor processor(SourcePlan plan, Settings settings, Staging staging, int parallelism,
            String eventSource) {
        // Archives converted at once share the budget with the entries of each; each archive's
        // parallelism is cut so that together they parse no more entries than the heap gives each its
        // least budget (three archives of eight processors under 200 MiB ran sources out of heap).
        int perArchive = Math.max(1, Math.min(parallelism, SpillingAllocator.maxEntriesAtOnce() / settings.concurrentArchives()));
        int entries = perArchive * settings.concurrentArchives();
        long budget = SpillingAllocator.entryBudget(entries);
        Path spill = staging.directory();
        return ZipStreamProcessor.builder()
                .entryFilter(plan.source().entryFilter())
                .layouts(plan::layoutFor)
                .allocators(() -> SpillingAllocator.open(staging.runFolder(), budget))
                .listener(settings.listener())
                .source(eventSource)
                .parallelism(perArchive)
                .spoolDirectory(spill)
                .build();
    }

    private static PickleWriter writer(Settings settings) {
        return PickleWriter.builder().dialect(settings.config().output().dialect()).build();
    }

    /// Writes each entry's table as a staged file; `archivePrefix` (`ogora2019delimit.zip/`) records
    /// in the manifest which archive of a series the entry came from. Writing a table that runs the
    /// JVM out of heap is that entry's failure, named as a parse that does is: the error alone named
    /// no entry.
    /// The reader that converts an archive as its body arrives. A body without a length that ended
    /// inside the archive was cut (HTTP cannot tell a closed connection from the body's end): the
    /// files this reading staged are withdrawn and the download starts over from byte 0, as another
    /// attempt, as a spooled one does. The source failed at once, a streamed reader having parsed
    /// what it read, on a connection that one retry would have carried whole.
    private static BodyReader<List<EntrySummary>> streamed(ZipStreamProcessor processor, String archiveName,
                                                           Staging staging, EntrySink sink) {
        return (body, info) -> {
            // Entries are written on worker threads.
            Set<String> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
            try {
                return processor.process(body, archiveName, entry -> {
                    sink.accept(entry);
                    written.add(entry.outputName());
                });
            } catch (dev.bsee.scraper.SourceDataException e) {
                if (e.problem() == dev.bsee.scraper.SourceDataException.Problem.TRUNCATED_ARCHIVE
                        && info.contentLength().isEmpty()) {
                    staging.withdraw(written);
                    throw new dev.bsee.scraper.internal.http.BodyDiscarded(e);
                }
                throw e;
            }
        };
    }

    static EntrySink sink(Staging staging, Staging.TableWriter writer, String archivePrefix) {
        return entry -> {
            try {
                staging.write(archivePrefix + entry.entryName(), entry.outputName(), entry.table(), writer);
            } catch (OutOfMemoryError e) {
                throw dev.bsee.scraper.SourceDataException.builder(dev.bsee.scraper.SourceDataException.Problem.TOO_LARGE,
                                String.format(Locale.ROOT, "writing the entry's file needs more heap than this JVM has"
                                        + " (%,d MiB: %s); a larger -Xmx or fewer sources at once writes it",
                                        Runtime.getRuntime().maxMemory() >> 20, e.getMessage()))
                        .archive(entry.archive()).entry(entry.entryName()).cause(e).build();
            }
        };
    }

    /// The zip files of a legacy location: the file itself, or a folder's `*.zip` in name order. A
    /// `*.zip` that is not a file (a folder, a pipe, a device, a link to nothing) stops the source,
    /// named, rather than being left out: the refresh would otherwise succeed without its data.
    static List<Path> zipFiles(String sourceId, Path location) throws IOException {
        if (Files.isRegularFile(location)) {
            return List.of(location);
        }
        if (!Files.exists(location)) {
            throw new NoSuchFileException(location.toString(), null,
                    "the zip folder of parameters.filepath." + sourceId + ".zip does not exist");
        }
        if (!Files.isDirectory(location)) {
            throw new IOException(location + ": parameters.filepath." + sourceId + ".zip names " + notAFile(location)
                    + ", neither a zip archive nor a folder of them");
        }
        List<Path> zips = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(location,
                file -> file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip"))) {
            for (Path file : files) {
                if (Files.isRegularFile(file) && AppleDouble.is(file)) {
                    // `._x.zip` beside `x.zip` in a folder copied from a Mac: it failed the source as "not a
                    // zip archive", every run.
                    LOG.log(System.Logger.Level.DEBUG, () -> "left out " + file + ": macOS metadata (an AppleDouble"
                            + " file), not an archive");
                    continue;
                }
                if (!Files.isRegularFile(file)) {
                    throw new IOException(file + ": " + notAFile(file) + " in the zip folder of parameters.filepath."
                            + sourceId + ".zip, not a zip archive");
                }
                zips.add(file);
            }
        }
        if (zips.isEmpty()) {
            // The folder exists: "no such file" would send the user looking for it.
            throw new IOException(location + ": no zip archives in the folder of parameters.filepath." + sourceId + ".zip");
        }
        zips.sort(null);
        return zips;
    }

    /// What a path that is not a regular file is, for a message.
    private static String notAFile(Path path) {
        if (Files.isDirectory(path)) {
            return "a folder";
        }
        return Files.exists(path) ? "a pipe, socket or device" : "a link to nothing";
    }

    /// The archive's file name from its address, e.g. `APDRawData.zip`.
    static String archiveName(BseeSource source) {
        String path = Optional.ofNullable(source.uri().getPath()).orElse("");
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? source.id() + ".zip" : name;
    }

    /// A download's reader that keeps what the download took, told by the fetcher as it ends
    /// however it ends: the attempts and bytes of a failure of the archive's or of the conversion's
    /// own, which the exception does not carry, and the bytes that arrived before the reader ran.
    /// The report said one attempt after several, and `0 bytes read` after some had arrived.
    private static final class Counted<T> implements CountedReader<T> {
        private final BodyReader<T> reader;
        private volatile int attempts;
        private volatile long bytes;

        Counted(BodyReader<T> reader) {
            this.reader = reader;
        }

        @Override
        public T read(InputStream body, dev.bsee.scraper.BodyInfo info) throws IOException {
            return reader.read(body, info);
        }

        @Override
        public void ended(int attempts, long bytesReceived) {
            this.attempts = attempts;
            this.bytes = bytesReceived;
        }

        int attempts() {
            return attempts;
        }

        long bytes() {
            return bytes;
        }
    }

    /// Where the archive of `file` (its entry's first path element) stands in the series' order;
    /// after every archive of it, `archives`, for the files of years kept from before.
    private static int archivePosition(Map<String, Integer> position, FileReport file, int archives) {
        return position.getOrDefault(file.entry().substring(0, file.entry().indexOf('/') + 1), archives);
    }
}
