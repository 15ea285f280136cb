package dev.bsee.bridge.internal;

import dev.bsee.bridge.RefreshConfig;
import dev.bsee.bridge.RefreshPath;
import dev.bsee.core.BseeSource;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.TableLayout;
import dev.bsee.core.UpdateCadence;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/// One source on one path with everything resolved: the source (catalog entry with the
/// configuration's overrides), its output folder, and for the legacy path its zip location.
///
/// @param path the refresh path
/// @param source the source
/// @param knownLayout whether the source's layout is known (a catalog source); otherwise each
///                   entry's layout is taken from its name
/// @param outputFolder the absolute folder its `.bin` files go to
/// @param zipLocation the folder of zips (or one zip) of the legacy path, absolute
/// @param currentYear the year the refresh runs in, for a yearly series' archives
public record SourcePlan(RefreshPath path, BseeSource source, boolean knownLayout, Path outputFolder,
                         Optional<Path> zipLocation, int currentYear) {

    /// The folder under the base directory that holds one subdirectory per source.
    public static final Path BIN_ROOT = Path.of("data", "modules", "bsee", "bin");

    /// Why `bin`, a configured output folder (`parameters.filepath.<id>.bin`), cannot take a
    /// source's `.bin` files, or empty when it can: it may not lie in the tool's bookkeeping
    /// (`.bsee`, where manifests, journals and temporaries live: a status run would delete the
    /// files there as stale temporaries) or in a convert's temporaries (`.NAME.tmp`), nor be the
    /// folder that holds every source's folder. Absolute folders and folders outside the base
    /// directory are the user's to choose.
    ///
    /// @param bin the configured folder
    /// @return the reason, or empty
    public static Optional<String> unusableBin(Path bin) {
        for (Path name : bin) {
            String text = name.toString();
            if (text.equals(OutputFolder.BOOKKEEPING)) {
                return Optional.of("a folder outside the tool's bookkeeping folders ('" + OutputFolder.BOOKKEEPING + "')");
            }
            if (text.length() > 5 && text.startsWith(".") && text.endsWith(".tmp")) {
                return Optional.of("a folder outside bsee convert's temporaries ('.NAME.tmp')");
            }
        }
        if (!bin.isAbsolute() && bin.normalize().equals(BIN_ROOT)) {
            return Optional.of("a folder of its own, not " + BIN_ROOT.toString().replace('\\', '/')
                    + " (which holds every source's folder)");
        }
        return Optional.empty();
    }

    /// Timeout of a source the catalog does not know.
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);

    /// Validates the plan.
    public SourcePlan {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(outputFolder, "outputFolder");
        Objects.requireNonNull(zipLocation, "zipLocation");
    }

    /// Resolves a source the router selected.
    ///
    /// @param path the path it runs on
    /// @param id the source id (a catalog id, as the router gives it)
    /// @param config the configuration
    /// @param catalog the catalog, its addresses already relative to the configured site
    /// @param base the absolute base directory
    /// @param currentYear the current year
    /// @return the plan
    /// @throws IllegalArgumentException when the configuration cannot describe the source (an
    ///                                  output subdirectory the source model refuses)
    public static SourcePlan resolve(RefreshPath path, String id, RefreshConfig config, SourceCatalog catalog, Path base,
                                     int currentYear) {
        Optional<RefreshConfig.LegacyFolders> folders = lookUp(config.legacyFolders(), id, catalog);
        Optional<Path> zip = path == RefreshPath.LEGACY
                ? folders.flatMap(RefreshConfig.LegacyFolders::zip).map(p -> ConfigPaths.resolve(base, p))
                : Optional.empty();
        Optional<BseeSource> known = catalog.find(id);
        Optional<RefreshConfig.SourceSettings> settings = lookUp(config.sources(), id, catalog);
        // A relative address is relative to the site, like the catalog's own.
        Optional<URI> configured = settings.flatMap(RefreshConfig.SourceSettings::url).map(catalog.site()::resolve);
        // A source the catalog does not know is described by its address, or by its zip folder.
        Optional<URI> address = configured.or(() -> zip.map(Path::toUri));
        BseeSource source = known.orElseGet(() -> new BseeSource(id,
                address.orElseThrow(() -> new IllegalArgumentException("source " + id
                        + " is not in the catalog and has neither sources." + id + ".url nor parameters.filepath."
                        + id + ".zip")),
                UpdateCadence.IRREGULAR, DEFAULT_TIMEOUT, id, BseeSource.TEXT_ENTRIES, TableLayout.headerRow()));
        if (settings.isPresent()) {
            RefreshConfig.SourceSettings given = settings.get();
            if (configured.isPresent()) {
                source = source.withUri(configured.get());
            }
            if (given.timeout().isPresent()) {
                source = source.withRequestTimeout(given.timeout().get());
            }
            if (given.output().isPresent()) {
                source = source.withOutputSubdirectory(given.output().get());
            }
            if (given.entries().isPresent()) {
                source = source.withExpectedEntries(given.entries().get());
            }
            if (!given.years().isEmpty()) {
                source = source.withYearly(source.yearly().map(series -> series.only(given.years())).orElse(null));
            }
        }
        Path output = folders.flatMap(RefreshConfig.LegacyFolders::bin)
                .map(bin -> ConfigPaths.resolve(base, bin))
                .orElse(ConfigPaths.resolve(base, BIN_ROOT.resolve(source.outputSubdirectory())));
        return new SourcePlan(path, source, known.isPresent(), output, zip, currentYear);
    }

    /// The value configured under the id, or else under one of its aliases (`sources.well` for `apd`).
    /// The settings of source `id` in a map keyed as the configuration wrote it: under the id, else
    /// under one of its aliases (`production` for `production_raw`). The refresh's router and its
    /// plans look folders up this one way, so both see the same zip folder.
    ///
    /// @param <T> the settings' type
    /// @param byName the settings by key as written
    /// @param id the source id
    /// @param catalog the catalog, for the aliases
    /// @return the settings, or empty
    public static <T> Optional<T> lookUp(Map<String, T> byName, String id, SourceCatalog catalog) {
        return Optional.ofNullable(byName.get(id)).or(() -> catalog.aliases().entrySet().stream()
                .filter(alias -> alias.getValue().equals(id) && byName.containsKey(alias.getKey()))
                .map(alias -> byName.get(alias.getKey())).findFirst());
    }

    /// The source id.
    ///
    /// @return the id
    public String id() {
        return source.id();
    }

    /// The archives the enhanced path downloads: the source's one archive, or a yearly series' years
    /// and its latest-month archive.
    ///
    /// @return the archives
    public List<BseeSource.Archive> archives() {
        return source.archives(currentYear);
    }

    /// The layout of an entry: the production columns for a production entry (`ogora*delimit.txt`,
    /// `mv_productiondata.txt`) under any source, as `bsee convert` reads it; else the source's, or
    /// for an unknown source a header row. A yearly archive put in the folder of a source whose
    /// entries have a header row (`eor`, `apm`) lost its first record to the header, the Python
    /// system's defect, and took that record's values for column names.
    ///
    /// @param entryName the entry name
    /// @return the layout
    public TableLayout layoutFor(String entryName) {
        TableLayout byName = SourceCatalog.layoutForEntry(entryName);
        return knownLayout && byName == TableLayout.headerRow() ? source.layout() : byName;
    }
}
