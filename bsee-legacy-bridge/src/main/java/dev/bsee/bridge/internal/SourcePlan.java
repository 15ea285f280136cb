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
public record SourcePlan(RefreshPath path, BseeSource source, boolean knownLayout, Path outputFolder,
                         Optional<Path> zipLocation) {

    /// The folder under the base directory that holds one subdirectory per source.
    public static final Path BIN_ROOT = Path.of("data", "modules", "bsee", "bin");

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
    /// @param id the source id
    /// @param config the configuration
    /// @param catalog the catalog
    /// @param base the absolute base directory
    /// @return the plan
    /// @throws IllegalArgumentException when the configuration cannot describe the source (an
    ///                                  output subdirectory the source model refuses)
    public static SourcePlan resolve(RefreshPath path, String id, RefreshConfig config, SourceCatalog catalog, Path base) {
        Optional<RefreshConfig.LegacyFolders> folders = Optional.ofNullable(config.legacyFolders().get(id));
        Optional<Path> zip = path == RefreshPath.LEGACY
                ? folders.flatMap(RefreshConfig.LegacyFolders::zip).map(p -> ConfigPaths.resolve(base, p))
                : Optional.empty();
        Optional<BseeSource> known = catalog.find(id);
        RefreshConfig.SourceSettings settings = config.sources().get(id);
        // A source the catalog does not know is described by its address, or by its zip folder.
        Optional<URI> address = Optional.ofNullable(settings).flatMap(RefreshConfig.SourceSettings::url)
                .or(() -> zip.map(Path::toUri));
        BseeSource source = known.orElseGet(() -> new BseeSource(id,
                address.orElseThrow(() -> new IllegalArgumentException("source " + id
                        + " is not in the catalog and has neither sources." + id + ".url nor parameters.filepath."
                        + id + ".zip")),
                UpdateCadence.IRREGULAR, DEFAULT_TIMEOUT, id, BseeSource.TEXT_ENTRIES, TableLayout.headerRow()));
        if (settings != null) {
            if (settings.url().isPresent()) {
                source = source.withUri(settings.url().get());
            }
            if (settings.timeout().isPresent()) {
                source = source.withRequestTimeout(settings.timeout().get());
            }
            if (settings.output().isPresent()) {
                source = source.withOutputSubdirectory(settings.output().get());
            }
        }
        Path output = folders.flatMap(RefreshConfig.LegacyFolders::bin)
                .map(bin -> ConfigPaths.resolve(base, bin))
                .orElse(ConfigPaths.resolve(base, BIN_ROOT.resolve(source.outputSubdirectory())));
        return new SourcePlan(path, source, known.isPresent(), output, zip);
    }

    /// The source id.
    ///
    /// @return the id
    public String id() {
        return source.id();
    }

    /// The layout of an entry: the source's, or for an unknown source the one its name suggests
    /// (headerless production columns for `ogora*delimit.txt`, a header row otherwise).
    ///
    /// @param entryName the entry name
    /// @return the layout
    public TableLayout layoutFor(String entryName) {
        return knownLayout ? source.layout() : SourceCatalog.layoutForEntry(entryName);
    }
}
