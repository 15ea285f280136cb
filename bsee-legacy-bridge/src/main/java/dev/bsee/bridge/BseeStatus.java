package dev.bsee.bridge;

import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.SafeText;
import dev.bsee.bridge.internal.ConfigPaths;
import dev.bsee.bridge.internal.Conversions;
import dev.bsee.bridge.internal.SourcePlan;
import dev.bsee.bridge.internal.StatusCheck;
import dev.bsee.core.BseeSource;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.UpdateCadence;
import dev.bsee.core.internal.OptionChecks;
import dev.bsee.scraper.DownloadException;
import dev.bsee.scraper.HttpFetcher;
import dev.bsee.scraper.Portal;
import dev.bsee.scraper.PortalReport;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/// What a scheduler needs to know about the local copy: for every source in use, is it fresh, is
/// everything there, is everything as the refresh wrote it.
///
/// ```java
/// StatusReport status = BseeStatus.builder().baseDirectory(Path.of("/srv/analysis")).check();
/// if (!status.healthy()) {
///     status.problems().forEach(System.err::println);   // "apd: stale: last refreshed ..."
/// }
/// ```
///
/// A source is in use when its folder under `<base>/data/modules/bsee/bin/` exists, a manifest
/// describes it or its last refresh failed, or when the [Builder#config(RefreshConfig)] given
/// downloads it (the enhanced path); sources whose manifest names a source the catalog does not
/// know are checked too. A source in use with no manifest is "never refreshed", a problem.
/// Before looking at a folder, the check takes the folder's lock (waiting up to [Builder#lockWait])
/// and completes a commit a killed refresh left half done, exactly as the next refresh would; a
/// folder without bookkeeping is only read.
///
/// A folder is stale when its last refresh (files written, or the archive confirmed unchanged by the
/// server) is older than one and a half times its source's cadence: 36 hours for a daily source, so
/// a daily schedule that runs a little late is still fresh and one missed run is not. Every `.bin`
/// file the manifest lists is read to compare its SHA-256.
///
/// A `BseeStatus` is immutable and thread-safe; a check waits for a refresh that holds a folder's
/// lock (up to its lock wait), so it never reads a folder half committed.
public final class BseeStatus {

    /// How much older than its cadence's period a folder may be before it is stale: half a period.
    public static final double STALE_FACTOR = 1.5;

    private static final System.Logger LOG = System.getLogger(BseeStatus.class.getName());

    private final Path base;
    private final SourceCatalog catalog;
    private final RefreshConfig config;
    private final Clock clock;
    private final Duration lockWait;
    private final URI portal;  // null: the portal is not checked
    private final java.net.ProxySelector proxy;  // null: the JVM's default selector
    private final java.net.Authenticator authenticator;  // null: a proxy's 407 is not answered

    private BseeStatus(Builder builder) {
        // Where the refresh of the same configuration writes: output.base_dir under the directory given.
        this.base = ConfigPaths.baseDirectory(Optional.ofNullable(builder.baseDirectory), builder.config)
                .orElseThrow(() -> new IllegalStateException("no base directory: name one with baseDirectory(...),"
                        + " or give a configuration whose output.base_dir is absolute"));
        // As the refresh of the same configuration takes it: its addresses are the ones the folders'
        // download states and manifests were recorded for.
        this.catalog = builder.catalog != null ? builder.catalog : SourceCatalog.of(builder.config.site());
        this.config = builder.config;
        this.clock = builder.clock;
        this.lockWait = builder.lockWait;
        this.portal = builder.portal;
        this.proxy = builder.proxy;
        this.authenticator = builder.authenticator;
    }

    /// A status check to configure.
    ///
    /// @return the builder
    public static Builder builder() {
        return new Builder();
    }

    /// The age past which a source's folder is stale: [#STALE_FACTOR] times its cadence's period.
    ///
    /// @param cadence the cadence
    /// @return the age
    public static Duration staleAfter(UpdateCadence cadence) {
        java.util.Objects.requireNonNull(cadence, "cadence");
        return Duration.ofSeconds(Math.round(cadence.period().toSeconds() * STALE_FACTOR));
    }

    /// Checks every source in use, and the portal when asked for.
    ///
    /// @return the report; what it finds is reported, never thrown
    /// @throws IllegalArgumentException when the clock gives a time outside the years 1 to 9999
    public StatusReport check() {
        // As the refresh of the same configuration says them: a misspelt key is why a source is
        // missing from the report.
        OptionChecks.datable("clock", clock);
        config.warnings().forEach(warning -> LOG.log(System.Logger.Level.WARNING, "configuration: " + warning));
        int year = Year.now(clock).getValue();
        Path binRoot = ConfigPaths.resolve(base, SourcePlan.BIN_ROOT);
        List<SourceStatus> sources = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        Set<String> ids = new HashSet<>();
        List<String> candidates = new ArrayList<>();
        catalog.sources().forEach(source -> candidates.add(source.id()));
        config.sources().keySet().stream().filter(id -> catalog.find(id).isEmpty()).forEach(candidates::add);
        // A source the configuration downloads is expected, whatever its folder holds: a refresh that
        // never ran, or died before it recorded anything, is "never refreshed", not absent.
        Set<String> configured = new HashSet<>(RefreshRouter.decide(config, catalog).enhancedSources());
        for (String id : candidates) {
            SourcePlan plan;
            try {
                plan = SourcePlan.resolve(RefreshPath.ENHANCED, id, config, catalog, base, year);
            } catch (IllegalArgumentException e) {
                errors.add(id + ": " + e.getMessage());
                continue;
            }
            // A folder the refresh refuses (the base directory, `/`): checked as the source's, its
            // other files would be reported as not belonging there.
            java.util.Optional<String> refused = dev.bsee.bridge.internal.FolderConflicts.unusable(plan, base);
            if (refused.isPresent()) {
                // Only a configured folder can be one (the catalog's are under the root).
                errors.add(refused.get() + "; not checked");
                continue;
            }
            if ((StatusCheck.inUse(plan.outputFolder()) || configured.contains(id)) && seen.add(plan.outputFolder())) {
                ids.add(id);
                sources.add(StatusCheck.check(target(plan, year), clock::instant, lockWait));
            }
        }
        // Folders a refresh wrote for a source this catalog does not know (e.g. one from sources.<id>.url).
        for (StatusCheck.Found found : StatusCheck.manifestFolders(binRoot)) {
            if (!seen.contains(found.folder()) && !ids.contains(found.source())) {
                seen.add(found.folder());
                sources.add(StatusCheck.check(new StatusCheck.Target(found.source(), found.folder(),
                        staleAfter(UpdateCadence.IRREGULAR), List.of(), List.of(), List.of(found.source())), clock::instant, lockWait));
            }
        }
        // Worded as `bsee refresh` words it; a base directory too long for the folders a refresh makes
        // below it is refused by every refresh, so status says so too.
        Optional<String> unusableBase = MessageText.notAFolder(base);
        // A base directory that no checked folder lies in (every source's `bin` absolute, elsewhere)
        // need not exist: a refresh never makes it then, and every check of a healthy setup failed.
        boolean holdsNoCheckedFolder = !sources.isEmpty() && !Files.exists(base, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && sources.stream().noneMatch(source -> source.folder().startsWith(base));
        if ((!Files.isDirectory(base) && !holdsNoCheckedFolder) || unusableBase.isPresent()) {
            errors.add("the base directory " + (Files.isSymbolicLink(base) && !Files.exists(base)
                    ? SafeText.escape(base.toString()) + " is a link " + MessageText.whereLinkLeads(base)
                    : unusableBase.orElse(SafeText.escape(base.toString()) + " does not exist")));
        } else if (sources.isEmpty()) {
            errors.add(unreachable(binRoot).orElse("no source has been refreshed under " + binRoot));
        }
        PortalReport portalReport = null;
        if (portal != null) {
            HttpFetcher.Builder fetcherBuilder = HttpFetcher.builder().maxAttempts(3);
            if (proxy != null) {
                fetcherBuilder.proxy(proxy);
            }
            if (authenticator != null) {
                fetcherBuilder.authenticator(authenticator);
            }
            try (HttpFetcher fetcher = fetcherBuilder.build()) {
                portalReport = new Portal(fetcher).discover(portal, catalog, Portal.Probe.NONE);
            } catch (DownloadException e) {
                errors.add("portal " + SafeText.url(portal) + " cannot be read: " + e.getMessage());
            }
        }
        // When the checks ended: a folder's lock may have been waited for while a refresh committed.
        return new StatusReport(clock.instant(), binRoot, sources, portalReport, errors);
    }

    /// Why the folder of the sources' folders cannot be looked at, when something is there: a
    /// folder on the way that this user may not enter looks like no folder at all to
    /// `Files.isDirectory`, and "no source has been refreshed" sent a monitoring account looking
    /// for a refresh that had run.
    private static Optional<String> unreachable(Path binRoot) {
        try (java.nio.file.DirectoryStream<Path> folders = Files.newDirectoryStream(binRoot)) {
            return Optional.empty();
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (java.nio.file.FileSystemException e) {
            return Optional.of("cannot look in " + binRoot + ": " + MessageText.systemReason(e));
        } catch (java.io.IOException e) {
            return Optional.of("cannot look in " + binRoot + ": " + e.getMessage());
        }
    }

    private static StatusCheck.Target target(SourcePlan plan, int year) {
        BseeSource source = plan.source();
        List<String> expected = source.expectedEntries(year).stream().map(name -> name + ".bin").sorted().toList();
        List<String> optional = new ArrayList<>(source.optionalEntries(year).stream().map(name -> name + ".bin").toList());
        // The years of a series the configuration leaves out: a refresh keeps their files where the
        // folder holds them, so they are not "not expected by the catalog" either.
        source.yearly().ifPresent(series -> {
            Set<Integer> chosen = Set.copyOf(series.years(year));
            for (int left = series.firstYear(); left <= year; left++) {
                if (!chosen.contains(left)) {
                    String archive = series.fileName(left);
                    int dot = archive.lastIndexOf('.');
                    optional.add((dot < 0 ? archive : archive.substring(0, dot)) + ".bin");
                }
            }
        });
        optional.sort(null);
        List<String> stateIds = source.yearly().isEmpty() ? List.of(source.id())
                : plan.archives().stream().map(Conversions::archiveId).toList();
        return new StatusCheck.Target(source.id(), plan.outputFolder(), staleAfter(source.cadence()), expected, optional,
                stateIds, Optional.of(source.uri()));
    }

    /// Collects a [BseeStatus].
    public static final class Builder {
        // baseDirectory, catalog, config, clock and lockWait are BseeRefresh.Builder's options under
        // the same names with the same checks (OptionChecks) on purpose: one vocabulary. The setters
        // stay one line each rather than a shared public base class; their documentation differs
        // because the defaults and what a check does with them differ.
        private Path baseDirectory;  // null: the configuration's absolute output.base_dir
        private SourceCatalog catalog;  // null: SourceCatalog.of(config.site()), as the refresh takes it
        private RefreshConfig config = RefreshConfig.builder().build();
        private Clock clock = Clock.systemUTC();
        private Duration lockWait = Duration.ofSeconds(10);
        private URI portal;  // null: not checked
        private java.net.ProxySelector proxy;  // null: the JVM's default selector
        private java.net.Authenticator authenticator;  // null: a proxy's 407 is not answered

        private Builder() {
        }

        /// The directory the refresh wrote under (`<base>/data/modules/bsee/bin/...`), as it is given
        /// to [BseeRefresh.Builder#baseDirectory(Path)]: a configuration's relative `output.base_dir`
        /// is resolved against it and an absolute one gives way to it, as in the refresh. Required
        /// unless the configuration has an absolute `output.base_dir`.
        ///
        /// @param directory the directory, without control characters
        /// @return this builder
        /// @throws IllegalArgumentException when it holds a control character
        public Builder baseDirectory(Path directory) {
            this.baseDirectory = ConfigPaths.baseDirectoryOption(directory);
            return this;
        }

        /// The sources to look for. The default is the refresh's: [SourceCatalog#of(java.net.URI)] the
        /// configuration's `site.base_url` (the live site unless configured). A catalog given here is
        /// used as it is, `site.base_url` aside.
        ///
        /// @param catalog the catalog
        /// @return this builder
        public Builder catalog(SourceCatalog catalog) {
            this.catalog = OptionChecks.present("catalog", catalog);
            return this;
        }

        /// The refresh configuration, for its `sources.<id>.output` and `parameters.filepath.<id>.bin`
        /// folders; the default has none.
        ///
        /// @param config the configuration
        /// @return this builder
        public Builder config(RefreshConfig config) {
            this.config = OptionChecks.present("config", config);
            return this;
        }

        /// The clock ages are measured with; [BseeStatus#check()] refuses one whose time is outside
        /// the years 1 to 9999.
        ///
        /// @param clock the clock
        /// @return this builder
        public Builder clock(Clock clock) {
            this.clock = OptionChecks.present("clock", clock);
            return this;
        }

        /// How long to wait for a refresh that holds a folder; ten seconds by default. A folder
        /// still locked then is reported as a problem.
        ///
        /// @param wait the longest wait, zero or more
        /// @return this builder
        public Builder lockWait(Duration wait) {
            this.lockWait = OptionChecks.wait("lockWait", wait);
            return this;
        }

        /// Also compares the raw-data portal page's "Delimited" links with the catalog: catalog
        /// sources it no longer lists are problems, archives it lists that no source downloads are
        /// reported.
        ///
        /// @param page the portal page, usually [SourceCatalog#PORTAL]
        /// @return this builder
        public Builder portal(URI page) {
            this.portal = OptionChecks.present("portal", page);
            return this;
        }

        /// The proxies of the portal check, as [dev.bsee.scraper.HttpFetcher.Builder#proxy] takes
        /// them. Default: the JVM's [java.net.ProxySelector#getDefault()].
        ///
        /// @param selector the selector
        /// @return this builder
        public Builder proxy(java.net.ProxySelector selector) {
            this.proxy = OptionChecks.present("proxy", selector);
            return this;
        }

        /// What gives the user and password a proxy of the portal check asks for (407), as
        /// [dev.bsee.scraper.HttpFetcher.Builder#authenticator] takes it: asked for the proxy
        /// alone, never for the data center's servers. Default: none, and a proxy's 407 fails the
        /// portal check. The command-line tool passes one answering with the user and password of the
        /// proxy variable (`https_proxy=http://USER:PASSWORD@HOST:PORT`).
        ///
        /// @param authenticator the authenticator
        /// @return this builder
        public Builder authenticator(java.net.Authenticator authenticator) {
            this.authenticator = OptionChecks.present("authenticator", authenticator);
            return this;
        }

        /// The check.
        ///
        /// @return the check
        /// @throws IllegalStateException without a base directory
        public BseeStatus build() {
            return new BseeStatus(this);
        }

        /// Builds and runs the check.
        ///
        /// @return the report
        /// @throws IllegalStateException without a base directory
        public StatusReport check() {
            return build().check();
        }
    }
}
