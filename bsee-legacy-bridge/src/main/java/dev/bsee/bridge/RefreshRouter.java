package dev.bsee.bridge;

import dev.bsee.core.BseeSource;
import dev.bsee.core.SourceCatalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/// Decides which refresh paths run and for which sources, and says why.
///
/// - `data.refresh` runs the legacy path: the zip folders of `parameters.filepath.<source>.zip`.
/// - `data.enhanced_refresh` (or `enhanced_mode`, `data.enhanced`, `data.fresh_data`) runs the
///   enhanced path: every selected source with a download address, from the catalog or
///   `sources.<id>.url`.
/// - Both run when both are set, each on its own (one failing does not stop the other); neither
///   runs when neither is set.
/// - `data.<source>` flags select sources: when any is given, only sources set to true run
///   (`data.all: true` selects every catalog source, and a `data.<source>: false` beside it still
///   leaves that one out); without any, the catalog's default selection runs (the seed's `apd`,
///   `production_raw`, `war`: [SourceCatalog#defaultSelection()]) and every source only the
///   configuration names (by `sources.<id>.url` or `parameters.filepath.<id>.zip`).
/// - The Python names are aliases: `data.well`, `sources.well`, `parameters.filepath.well` mean
///   the catalog source `apd`, `production` means `production_raw`. Decisions and reports use the
///   catalog id.
///
/// The decision is pure: it reads the configuration and the catalog, never the disk or network.
public final class RefreshRouter {

    /// The `data.<id>` flag that selects every catalog source.
    public static final String ALL = "all";

    private RefreshRouter() {
    }

    /// Decides with the built-in catalog ([SourceCatalog#of()]).
    ///
    /// @param config the configuration
    /// @return the decision
    public static RefreshDecision decide(RefreshConfig config) {
        java.util.Objects.requireNonNull(config, "config");
        return decide(config, SourceCatalog.of());
    }

    /// Decides which paths and sources run.
    ///
    /// @param config the configuration
    /// @param catalog the known sources (addresses may be overridden by `sources.<id>.url`)
    /// @return the decision with its reasons
    public static RefreshDecision decide(RefreshConfig config, SourceCatalog catalog) {
        java.util.Objects.requireNonNull(config, "config");
        java.util.Objects.requireNonNull(catalog, "catalog");
        List<String> reasons = new ArrayList<>();
        Comparator<String> order = catalogOrder(catalog);
        Map<String, Boolean> flags = flags(config, catalog);
        List<String> legacy = List.of();
        List<String> enhanced = List.of();
        if (config.legacyRefresh()) {
            // The folders the plan will use: the id's own before an alias's (a zip folder under the
            // alias beside a bin folder under the id ran a source that then had no zip folder).
            List<String> candidates = config.legacyFolders().keySet().stream().map(catalog::canonicalId).distinct()
                    .filter(id -> dev.bsee.bridge.internal.SourcePlan.lookUp(config.legacyFolders(), id, catalog)
                            .flatMap(RefreshConfig.LegacyFolders::zip).isPresent())
                    .sorted(order).toList();
            legacy = select(flags, catalog, candidates, RefreshPath.LEGACY, "parameters.filepath.%s.zip is not set",
                    reasons);
            reasons.add(legacy.isEmpty()
                    ? "legacy path runs but has no source to convert: data.refresh is true, and " + (flags.containsValue(true)
                    ? "no selected source has parameters.filepath.<source>.zip" : NO_FLAG_TRUE)
                    : "legacy path runs: data.refresh is true; sources " + String.join(", ", legacy));
        } else {
            reasons.add("legacy path does not run: data.refresh is not true");
        }
        if (config.enhancedRefresh()) {
            Set<String> addressable = new LinkedHashSet<>();
            catalog.sources().stream().map(BseeSource::id).forEach(addressable::add);
            config.sources().forEach((id, settings) -> settings.url()
                    .ifPresent(url -> addressable.add(catalog.canonicalId(id))));
            List<String> candidates = addressable.stream().sorted(order).toList();
            enhanced = select(flags, catalog, candidates, RefreshPath.ENHANCED,
                    "it has no download address (set sources.%s.url)", reasons);
            reasons.add(enhanced.isEmpty()
                    ? "enhanced path runs but has no source to download: enhanced refresh is on, and "
                    + (flags.containsValue(true) ? "no selected source has a download address" : NO_FLAG_TRUE)
                    : "enhanced path runs: enhanced refresh is on (data.enhanced_refresh, enhanced_mode,"
                    + " data.enhanced or data.fresh_data); sources " + String.join(", ", enhanced));
        } else {
            reasons.add("enhanced path does not run: none of data.enhanced_refresh, enhanced_mode, data.enhanced,"
                    + " data.fresh_data is true");
        }
        if (!config.legacyRefresh() && !config.enhancedRefresh()) {
            reasons.add("nothing to do: neither the legacy nor the enhanced refresh is switched on");
        }
        return new RefreshDecision(config.legacyRefresh(), config.enhancedRefresh(), legacy, enhanced, reasons);
    }

    /// Why no source runs when the `data.<source>` flags that are set are all false.
    private static final String NO_FLAG_TRUE = "no data.<source> flag is true (nor data.all)";

    /// The `data.<source>` flags by catalog id (`well` becomes `apd`); `all` kept as it is. A flag
    /// given under both names counts as selected when either says true.
    private static Map<String, Boolean> flags(RefreshConfig config, SourceCatalog catalog) {
        Map<String, Boolean> flags = new LinkedHashMap<>();
        config.sourceFlags().forEach((name, on) -> flags.merge(catalog.canonicalId(name), on, Boolean::logicalOr));
        return flags;
    }

    /// The candidates the `data.<source>` flags let through; says why each other one is left out.
    private static List<String> select(Map<String, Boolean> flags, SourceCatalog catalog, List<String> candidates,
                                       RefreshPath path, String missingReason, List<String> reasons) {
        String label = path.label() + " path";
        boolean all = Boolean.TRUE.equals(flags.get(ALL));
        if (flags.isEmpty() || flags.keySet().equals(Set.of(ALL)) && !all) {
            // Only the seed's sources by default: a Python configuration without flags keeps
            // refreshing what it refreshed before the catalog grew. Sources only the configuration
            // names (not in the catalog) run too, since naming them is asking for them.
            List<String> selected = candidates.stream()
                    .filter(id -> catalog.defaultSelection().contains(id) || catalog.find(id).isEmpty()).toList();
            if (!selected.isEmpty()) {
                reasons.add(label + ": no data.<source> flag is set, so the default sources take part ("
                        + String.join(", ", selected) + "); data.all: true selects every catalog source");
            }
            if (path == RefreshPath.LEGACY) {
                // A zip folder the configuration names, left out: said, as every source left out is.
                candidates.stream().filter(id -> !selected.contains(id)).forEach(id -> reasons.add(label + " skips " + id
                        + ": no data.<source> flag is set, and " + id + " is not a default source (data." + id
                        + ": true or data.all: true selects it)"));
            }
            catalog.defaultSelection().stream().filter(id -> !candidates.contains(id)).sorted()
                    .forEach(id -> reasons.add(label + " skips " + id + ": " + missingReason.formatted(id)));
            return selected;
        }
        List<String> selected = new ArrayList<>();
        for (String id : candidates) {
            Boolean flag = flags.get(id);
            if (Boolean.TRUE.equals(flag) || flag == null && all) {
                selected.add(id);
            } else if (Boolean.FALSE.equals(flag)) {
                reasons.add(label + " skips " + id + ": data." + id + " is false");
            } else if (catalog.defaultSelection().contains(id) || catalog.find(id).isEmpty()) {
                // Said only of the sources that would run without flags, not of every catalog source.
                reasons.add(label + " skips " + id + ": data." + id + " is not set, and "
                        + (flags.containsValue(true) ? "other sources are selected" : "the flags that are set are false"));
            }
        }
        flags.entrySet().stream().filter(e -> e.getValue() && !e.getKey().equals(ALL) && !candidates.contains(e.getKey()))
                .map(Map.Entry::getKey).sorted()
                .forEach(id -> reasons.add(label + " skips " + id + ": " + missingReason.formatted(id)));
        return selected;
    }

    /// Catalog sources in catalog order, then the others alphabetically.
    private static Comparator<String> catalogOrder(SourceCatalog catalog) {
        List<String> ids = catalog.sources().stream().map(BseeSource::id).collect(Collectors.toList());
        // One lambda, not Comparator's combinators, whose own lambdas are spun at first use (see
        // YamlConfigReader.firstInFileOrder).
        return (a, b) -> {
            int byCatalog = Integer.compare(catalogPosition(ids, a), catalogPosition(ids, b));
            return byCatalog != 0 ? byCatalog : a.compareTo(b);
        };
    }

    /// Where `id` stands in the catalog's order; after every catalog source when it is none.
    private static int catalogPosition(List<String> ids, String id) {
        int at = ids.indexOf(id);
        return at < 0 ? ids.size() : at;
    }
}
