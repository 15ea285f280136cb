package dev.bsee.bridge;

import dev.bsee.bridge.internal.ConfigPaths;
import dev.bsee.bridge.internal.Conversions;
import dev.bsee.bridge.internal.DownloadSlots;
import dev.bsee.bridge.internal.FolderConflicts;
import dev.bsee.bridge.internal.SourcePlan;
import dev.bsee.bridge.internal.SourceRunner;
import dev.bsee.core.ProgressEvent;
import dev.bsee.core.ProgressListener;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.internal.ListenerGuard;
import dev.bsee.core.internal.OptionChecks;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/// The refresh in one call: reads the configuration, lets the [RefreshRouter] decide, runs the
/// legacy and enhanced paths, and reports.
///
/// ```java
/// RefreshReport report = BseeRefresh.fromYaml(Path.of("data_refresh_enhanced.yml"))
///         .baseDirectory(Path.of("/srv/analysis"))
///         .run();
/// if (report.sources().isEmpty()) {
///     System.err.println("no source ran: " + report.decision().reasons());
/// } else if (!report.succeeded()) {
///     report.failures().forEach(f -> System.err.println(f.source() + ": " + f.errors()));
/// }
/// ```
///
/// Each source runs on its own: a failing source is reported and leaves its previous `.bin` files
/// and manifest exactly as they were, and the other sources still run. [#run()] therefore returns a
/// report rather than throwing for a failed source.
///
/// Outputs go to `<base>/data/modules/bsee/bin/<subdirectory>/` (or `parameters.filepath.<source>.bin`),
/// where `<base>` is the directory given to [Builder#baseDirectory(Path)], or a relative
/// `output.base_dir` of the configuration resolved against it; an absolute `output.base_dir` gives
/// way to that directory, and is `<base>` only when none is given. The refresh never guesses a
/// directory: with neither, [#run()] fails before it touches anything.
///
/// A `BseeRefresh` is immutable and thread-safe. Runs of one instance, or of several, may overlap:
/// runs that write the same folder take turns through its lock (waiting up to the configured lock
/// wait, then failing that source with the holder named), and other folders proceed at once.
public final class BseeRefresh {

    private static final System.Logger LOG = System.getLogger(BseeRefresh.class.getName());
    /// How long a refresh whose threads stalled waits for them once stopped: long enough for
    /// threads that can run to remove what they staged, short against the stall it already waited.
    private static final Duration STALLED_THREADS_WAIT = Duration.ofSeconds(5);

    private final RefreshConfig config;
    private final SourceCatalog catalog;
    private final Optional<Path> base;
    private final ProgressListener listener;
    private final Duration lockWait;
    private final Duration backoffFirst;
    private final Duration backoffMax;
    private final Optional<java.net.ProxySelector> proxy;
    private final Optional<java.net.Authenticator> authenticator;
    private final Clock clock;
    private final java.util.function.Supplier<VirtualThreadWatch> watchFactory;

    private BseeRefresh(Builder builder) {
        this.config = builder.config;
        // The configured site moves the catalog's addresses; a catalog given in Java stays as given.
        this.catalog = builder.catalog != null ? builder.catalog : SourceCatalog.of(config.site());
        this.base = ConfigPaths.baseDirectory(Optional.ofNullable(builder.baseDirectory), config);
        this.listener = builder.listener;
        this.lockWait = builder.lockWait;
        this.backoffFirst = builder.backoffFirst;
        this.backoffMax = builder.backoffMax;
        this.proxy = Optional.ofNullable(builder.proxy);
        this.authenticator = Optional.ofNullable(builder.authenticator);
        this.clock = builder.clock;
        this.watchFactory = builder.watchFactory;
    }

    /// A refresh configured by a YAML file (see [RefreshConfig#fromYaml(Path)]).
    ///
    /// @param configFile the file
    /// @return a builder holding the configuration
    /// @throws ConfigException when the file has wrong values (naming key and line)
    /// @throws IOException when the file cannot be read
    public static Builder fromYaml(Path configFile) throws IOException {
        java.util.Objects.requireNonNull(configFile, "configFile");
        return builder().config(RefreshConfig.fromYaml(configFile));
    }

    /// A refresh configured in Java; without [Builder#config(RefreshConfig)] nothing runs.
    ///
    /// @return the builder
    public static Builder builder() {
        return new Builder();
    }

    /// The configuration.
    ///
    /// @return the configuration
    public RefreshConfig config() {
        return config;
    }

    /// The base directory outputs and relative paths resolve against.
    ///
    /// @return the absolute directory, or empty when neither the caller nor the configuration named one
    public Optional<Path> baseDirectory() {
        return base;
    }

    /// What the refresh will run, without running it.
    ///
    /// @return the router's decision
    public RefreshDecision decision() {
        return RefreshRouter.decide(config, catalog);
    }

    /// Runs the refresh: the legacy path's sources one after the other, then the enhanced path's
    /// at once, each on its own; the calling thread waits for them, and its interrupt cancels them.
    ///
    /// Enhanced sources run concurrently, their downloads bounded per host by
    /// `processing.downloads_per_host` (each archive of a yearly series counts as one download);
    /// sources whose folders coincide or nest fail before any runs. Each keeps its own timeout,
    /// retries, resume, folder lock, staging and commit, and a failure stays its own. The report
    /// lists the sources in the decision's order, whatever order they finished in.
    ///
    /// @return what happened, source by source
    /// @throws IllegalStateException when something is to run and no base directory is known
    /// @throws IllegalArgumentException when the clock gives a time outside the years 1 to 9999
    /// @throws CancellationException when the calling thread is interrupted while sources run: they are
    ///     stopped, each folder keeps a complete version, and the thread's interrupt status is set
    /// @throws Error an `Error` thrown while sources run (the JVM's, or one the listener threw, which
    ///     [dev.bsee.core.ProgressListener] does not catch), on whichever thread: the other sources are
    ///     stopped and each folder keeps a complete version, as when the run is cancelled (the new one
    ///     where the source's commit was done: the listener hears what a source wrote after it)
    public RefreshReport run() {
        // The caller's interrupt cancels this run; a listener that swallows it (sleeps and catches
        // the InterruptedException) on a worker's thread must not undo that.
        ListenerGuard listener = ListenerGuard.forRun(this.listener, Thread.currentThread());
        Instant started = OptionChecks.datable("clock", clock);
        RefreshDecision decision = decision();
        decision.reasons().forEach(reason -> LOG.log(System.Logger.Level.INFO, reason));
        notice(decision.reasons(), listener);
        config.warnings().forEach(warning -> LOG.log(System.Logger.Level.WARNING, "configuration: " + warning));
        List<SourceReport> reports = new ArrayList<>();
        if (decision.runsAnything()) {
            Path baseDir = base.orElseThrow(() -> new IllegalStateException("no base directory: set output.base_dir"
                    + " to an absolute path in the configuration, or name one with baseDirectory(...)"));
            SourceRunner runner = new SourceRunner(lockWait, config.output().dialect(), listener, clock);
            int year = java.time.Year.now(clock).getValue();
            DownloadSlots slots = new DownloadSlots(config.processing().downloadsPerHost());
            Conversions.Settings sequential = new Conversions.Settings(config, listener, backoffFirst, backoffMax,
                    slots, 1, proxy, authenticator);
            List<SourcePlan> legacy = decision.legacySources().stream()
                    .map(id -> SourcePlan.resolve(RefreshPath.LEGACY, id, config, catalog, baseDir, year)).toList();
            List<SourcePlan> enhanced = decision.enhancedSources().stream()
                    .map(id -> SourcePlan.resolve(RefreshPath.ENHANCED, id, config, catalog, baseDir, year)).toList();
            List<SourcePlan> all = new ArrayList<>(legacy);
            all.addAll(enhanced);
            Map<String, Path> zipFolders = new java.util.LinkedHashMap<>();
            config.legacyFolders().forEach((id, folders) -> folders.zip()
                    .ifPresent(zips -> zipFolders.put(id, dev.bsee.bridge.internal.ConfigPaths.resolve(baseDir, zips))));
            Map<Integer, String> conflicts = FolderConflicts.find(all, baseDir, catalogFolders(catalog, baseDir, year),
                    zipFolders);
            Map<SourcePlan, SourceReport> refused = new java.util.IdentityHashMap<>();
            conflicts.forEach((i, why) -> refused.put(all.get(i), runner.refuse(all.get(i), why)));
            reports.addAll(runLegacy(legacy, refused, runner, sequential, listener));
            List<SourcePlan> runnable = enhanced.stream().filter(plan -> !refused.containsKey(plan)).toList();
            Iterator<SourceReport> ran = runConcurrently(runnable, runner, new Conversions.Settings(config, listener,
                    backoffFirst, backoffMax, slots, concurrentArchives(runnable), proxy, authenticator), listener).iterator();
            for (SourcePlan plan : enhanced) {
                reports.add(refused.containsKey(plan) ? refused.get(plan) : ran.next());
            }
        }
        return new RefreshReport(decision, reports, config.warnings(), started, Duration.between(started, clock.instant()));
    }

    /// The folder of every catalog source, as the configuration places it; a source the configuration
    /// cannot describe is left out (it cannot run either).
    private Map<String, Path> catalogFolders(SourceCatalog catalog, Path baseDir, int year) {
        Map<String, Path> folders = new java.util.LinkedHashMap<>();
        for (dev.bsee.core.BseeSource source : catalog.sources()) {
            try {
                folders.put(source.id(), SourcePlan.resolve(RefreshPath.ENHANCED, source.id(), config, catalog, baseDir,
                        year).outputFolder());
            } catch (RuntimeException cannotDescribe) {
                // Said where the source is run, if it is.
            }
        }
        return folders;
    }

    /// The refresh stopped because its caller's thread was interrupted; the interrupt status stays set.
    private static CancellationException cancelled(InterruptedException cause) {
        CancellationException cancelled = new CancellationException("the refresh was interrupted while sources were"
                + " refreshing; each folder keeps a complete version, and the next refresh finishes or removes what"
                + " the stopped sources left");
        cancelled.initCause(cause);
        return cancelled;
    }

    /// Gives the decision's reasons to the listener from a thread of their own while the caller
    /// waits, as the sources' events are given: the caller's interrupt then lands in the wait, not in
    /// a listener that might swallow it. What the listener throws beyond its guard (an `Error`) is
    /// thrown here, as when it was called on the caller's thread.
    private void notice(List<String> reasons, ListenerGuard listener) {
        java.util.concurrent.FutureTask<Void> noticing = new java.util.concurrent.FutureTask<>(() -> {
            reasons.forEach(reason -> listener.onEvent(new ProgressEvent.Notice("refresh", reason)));
            return null;
        });
        Thread.ofVirtual().start(noticing);
        try {
            watch(listener).get(noticing);
        } catch (VirtualThreadWatch.Stalled e) {
            throw e.error();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listener.cancel();
            noticing.cancel(true);
            throw cancelled(e);
        }
    }

    /// Runs the legacy path's plans one after the other on a thread of their own, the caller's
    /// thread waiting for them as the enhanced path's does: the caller's interrupt then always
    /// lands in that wait and cancels the run. Run on the caller's thread, the interrupt could land
    /// in a progress listener that swallowed it, and the refresh ran to its end.
    private List<SourceReport> runLegacy(List<SourcePlan> plans, Map<SourcePlan, SourceReport> refused,
                                         SourceRunner runner, Conversions.Settings settings, ListenerGuard listener) {
        if (plans.isEmpty()) {
            return List.of();
        }
        return onVirtualThreads(worker -> {
            Future<List<SourceReport>> ran = worker.submit(() -> {
                List<SourceReport> reports = new ArrayList<>();
                for (SourcePlan plan : plans) {
                    if (listener.cancelled()) {
                        // Not each remaining source tried with the run cancelled.
                        break;
                    }
                    reports.add(refused.containsKey(plan) ? refused.get(plan)
                            : runner.run(plan, Conversions.legacy(plan, settings)));
                }
                return reports;
            });
            try {
                List<SourceReport> reports = watch(listener).get(ran);
                // Sources left out because the run was cancelled: cancelled, as when the wait is interrupted.
                if (listener.cancelled()) {
                    Thread.currentThread().interrupt();
                    throw cancelled(null);
                }
                return reports;
            } catch (ExecutionException e) {
                // An Error (the JVM's, or one the caller's listener threw) is thrown as it is, as
                // on the calling thread.
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                // SourceRunner reports every failure; anything else is a defect worth surfacing.
                throw new IllegalStateException("the legacy refresh ended unexpectedly", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                listener.cancel();
                ran.cancel(true);
                // The worker's close waits for the sources to stop: each folder keeps a complete version.
                throw cancelled(e);
            }
        });
    }

    /// How many archives can be in flight at once: the per-host bound over the hosts involved,
    /// and never more than there are archives.
    private int concurrentArchives(List<SourcePlan> plans) {
        long archives = plans.stream().mapToLong(plan -> plan.archives().size()).sum();
        long hosts = plans.stream().flatMap(plan -> plan.archives().stream())
                .map(archive -> DownloadSlots.hostOf(archive.uri())).distinct().count();
        return (int) Math.max(1, Math.min(archives, hosts * config.processing().downloadsPerHost()));
    }

    /// Runs the plans, one task each (their folders are apart: [FolderConflicts] refused the
    /// others), and returns their reports in the plans' order.
    private List<SourceReport> runConcurrently(List<SourcePlan> plans, SourceRunner runner,
                                               Conversions.Settings settings, ListenerGuard listener) {
        SourceReport[] reports = new SourceReport[plans.size()];
        return onVirtualThreads(pool -> {
            // Taken as they end, not in order: a task that ends unexpectedly is seen while the ones
            // before it still run.
            CompletionService<Integer> ended = new ExecutorCompletionService<>(pool);
            Map<Future<Integer>, Integer> tasks = new HashMap<>();
            for (int i = 0; i < plans.size(); i++) {
                int index = i;
                tasks.put(ended.submit(() -> {
                    SourcePlan plan = plans.get(index);
                    reports[index] = runner.run(plan, Conversions.enhanced(plan, settings));
                    return index;
                }), index);
            }
            VirtualThreadWatch watch = watch(listener);
            for (int left = tasks.size(); left > 0; left--) {
                Future<Integer> task = null;
                try {
                    task = watch.take(ended);
                    task.get();
                } catch (ExecutionException e) {
                    // The pool's close waits for every task: the others are stopped rather than
                    // waited for, since one may wait minutes on a server (the demo's mirror, out of
                    // open files, accepts no connection). Each folder keeps a complete version.
                    tasks.keySet().forEach(t -> t.cancel(true));
                    // A source that ran out of memory is its own failure (SourceRunner): one that
                    // escaped even that, the JVM too short to report it, is the JVM's to report. Any
                    // other Error (one the caller's listener threw) is thrown as it is, as it is
                    // when the listener throws it on the calling thread.
                    if (e.getCause() instanceof Error error) {
                        LOG.log(System.Logger.Level.ERROR, "the refresh of " + plans.get(tasks.get(task)).id()
                                + " ended with " + error);
                        throw error;
                    }
                    // SourceRunner reports every failure; anything else is a defect worth surfacing.
                    throw new IllegalStateException("the refresh of " + plans.get(tasks.get(task)).id()
                            + " ended unexpectedly", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    listener.cancel();
                    tasks.keySet().forEach(t -> t.cancel(true));
                    throw cancelled(e);
                }
            }
            return List.of(reports);
        });
    }

    /// Runs `work` with an executor of virtual threads and closes it as a try-with-resources would,
    /// waiting for its threads, unless [VirtualThreadWatch] found they cannot run: then they are
    /// stopped and waited for a few seconds only, since they may never run again, and the run ends
    /// with the JDK's error for a thread it cannot start. Each folder keeps a complete version, or a
    /// commit journal the next refresh completes.
    private static <T> T onVirtualThreads(java.util.function.Function<ExecutorService, T> work) {
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        T result;
        try {
            result = work.apply(threads);
        } catch (VirtualThreadWatch.Stalled e) {
            threads.shutdownNow();
            // Threads that can still run (the limit eased) remove their runs' staged files now,
            // not after the caller has moved on to the folder.
            try {
                threads.awaitTermination(STALLED_THREADS_WAIT.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e.error();
        } catch (RuntimeException | Error e) {
            threads.close();
            throw e;
        }
        threads.close();
        return result;
    }

    /// The watch on the refresh's virtual threads while the caller waits for them; the run's
    /// listener tells it when the run last moved.
    VirtualThreadWatch watch(ListenerGuard listener) {
        return watchFactory != null ? watchFactory.get() : new VirtualThreadWatch(listener::lastEventNanos);
    }

    /// Collects a [BseeRefresh].
    public static final class Builder {
        private RefreshConfig config = RefreshConfig.builder().build();
        private SourceCatalog catalog;  // null: the configuration's site decides
        private Path baseDirectory;     // null: only the configuration's output.base_dir
        private ProgressListener listener = ProgressListener.none();
        private Duration lockWait = Duration.ofMinutes(1);
        private Duration backoffFirst = Duration.ofSeconds(1);
        private Duration backoffMax = Duration.ofMinutes(1);
        private java.net.ProxySelector proxy;  // null: the JVM's default selector
        private java.net.Authenticator authenticator;  // null: a proxy's 407 is not answered
        private Clock clock = Clock.systemUTC();
        private java.util.function.Supplier<VirtualThreadWatch> watchFactory;  // null: the watch on the run's listener

        private Builder() {
        }

        /// Sets the configuration.
        ///
        /// @param config the configuration
        /// @return this builder
        public Builder config(RefreshConfig config) {
            this.config = OptionChecks.present("config", config);
            return this;
        }

        /// Names the directory outputs and relative paths resolve against (a relative
        /// `output.base_dir` resolves against it too; an absolute one gives way to it, the directory
        /// named for this run). The command-line tool passes its `--base-dir`; nothing is guessed,
        /// so without one only an absolute `output.base_dir` gives the outputs a place.
        ///
        /// @param directory the directory, without control characters
        /// @return this builder
        /// @throws IllegalArgumentException when it holds a control character
        public Builder baseDirectory(Path directory) {
            this.baseDirectory = ConfigPaths.baseDirectoryOption(directory);
            return this;
        }

        /// Sets the sources known before `sources.<id>` overrides apply; the default is
        /// [SourceCatalog#of(java.net.URI)] the configuration's `site.base_url` (the live site
        /// unless configured). A catalog given here is used as it is, `site.base_url` aside.
        ///
        /// @param catalog the catalog
        /// @return this builder
        public Builder catalog(SourceCatalog catalog) {
            this.catalog = OptionChecks.present("catalog", catalog);
            return this;
        }

        /// Receives progress: downloads, entries, and a notice per decision and per source.
        ///
        /// @param listener the listener (called from worker threads)
        /// @return this builder
        public Builder listener(ProgressListener listener) {
            this.listener = ListenerGuard.of(OptionChecks.present("listener", listener));
            return this;
        }

        /// How long a source waits for another refresh or convert writing the same output folder
        /// before it fails; one minute by default, zero fails at once.
        ///
        /// @param wait the longest wait, zero or more
        /// @return this builder
        public Builder lockWait(Duration wait) {
            this.lockWait = OptionChecks.wait("lockWait", wait);
            return this;
        }

        /// Retry delays of every download: `first`, doubling after each failure up to `max`, each
        /// with up to half of it replaced by random jitter; the same option, meaning and default as
        /// [dev.bsee.scraper.HttpFetcher.Builder#backoff]. Default 1 s and 1 min.
        ///
        /// @param first the first delay, zero or more
        /// @param max the largest delay, at least `first`, at most 292 years
        /// @return this builder
        public Builder backoff(Duration first, Duration max) {
            OptionChecks.range("backoff", first, max);
            this.backoffFirst = first;
            this.backoffMax = max;
            return this;
        }

        /// The proxies of every download, as [dev.bsee.scraper.HttpFetcher.Builder#proxy] takes
        /// them. Default: the JVM's [java.net.ProxySelector#getDefault()] (the `https.proxyHost`
        /// properties). The environment's `https_proxy` is read by the command-line tool, which
        /// passes its selector here, not by the library.
        ///
        /// @param selector the selector
        /// @return this builder
        public Builder proxy(java.net.ProxySelector selector) {
            this.proxy = OptionChecks.present("proxy", selector);
            return this;
        }

        /// What gives the user and password a proxy of the downloads asks for (407), as
        /// [dev.bsee.scraper.HttpFetcher.Builder#authenticator] takes it: asked for the proxy
        /// alone, never for the data center's servers. Default: none, and a proxy's 407 fails the
        /// source. The command-line tool passes one answering with the user and password of the
        /// proxy variable (`https_proxy=http://USER:PASSWORD@HOST:PORT`).
        ///
        /// @param authenticator the authenticator
        /// @return this builder
        public Builder authenticator(java.net.Authenticator authenticator) {
            this.authenticator = OptionChecks.present("authenticator", authenticator);
            return this;
        }

        /// Sets the clock used for manifest and report times; [BseeRefresh#run()] refuses one whose
        /// time is outside the years 1 to 9999.
        ///
        /// @param clock the clock
        /// @return this builder
        public Builder clock(Clock clock) {
            this.clock = OptionChecks.present("clock", clock);
            return this;
        }

        /// Sets how the caller watches the refresh's virtual threads (tests give a scheduler that runs nothing).
        Builder watch(java.util.function.Supplier<VirtualThreadWatch> factory) {
            this.watchFactory = factory;
            return this;
        }

        /// The refresh.
        ///
        /// @return the refresh
        public BseeRefresh build() {
            return new BseeRefresh(this);
        }

        /// Builds and runs the refresh: `BseeRefresh.fromYaml(file).baseDirectory(dir).run()`.
        ///
        /// @return the report
        /// @throws IllegalStateException when something is to run and no base directory is known
        public RefreshReport run() {
            return build().run();
        }
    }
}
