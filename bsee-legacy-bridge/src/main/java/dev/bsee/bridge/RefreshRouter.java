package dev.bsee.bridge;

import dev.bsee.core.BseeSource;
import dev.bsee.core.SourceCatalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/// Decides which refresh paths run and for which sources, and says why.
///
/// - `data.refresh` runs the legacy path: the zip folders of `parameters.filepath.<source>.zip`.
/// - `data.enhanced_refresh` (or `enhanced_mode`, `data.enhanced`, `data.fresh_data`) runs the
///   enhanced path: every source with a download address, from the catalog or `sources.<id>.url`.
/// - Both run when both are set, each on its own (one failing does not stop the other); neither
///   runs when neither is set.
/// - `data.<source>` flags select sources: when any is given, only sources set to true run;
///   without any, every source the path can run takes part.
///
/// The decision is pure: it reads the configuration and the catalog, never the disk or network.
public final class RefreshRouter {

    private RefreshRouter() {
    }

    /// Decides with the built-in catalog (`well`, `production`, `war`).
    ///
    /// @param config the configuration
    /// @return the decision
    public static RefreshDecision decide(RefreshConfig config) {
        return decide(config, SourceCatalog.defaults());
    }

    /// Decides which paths and sources run.
    ///
    /// @param config the configuration
    /// @param catalog the known sources (addresses may be overridden by `sources.<id>.url`)
    /// @return the decision with its reasons
    public static RefreshDecision decide(RefreshConfig config, SourceCatalog catalog) {
        List<String> reasons = new ArrayList<>();
        Comparator<String> order = catalogOrder(catalog);
        List<String> legacy = List.of();
        List<String> enhanced = List.of();
        if (config.legacyRefresh()) {
            List<String> candidates = config.legacyFolders().entrySet().stream()
                    .filter(e -> e.getValue().zip().isPresent()).map(Map.Entry::getKey).sorted(order).toList();
            legacy = select(config, candidates, RefreshPath.LEGACY, "parameters.filepath.%s.zip is not set", reasons);
            reasons.add(legacy.isEmpty()
                    ? "legacy path runs but has no source to convert: data.refresh is true, and no selected source"
                    + " has parameters.filepath.<source>.zip"
                    : "legacy path runs: data.refresh is true; sources " + String.join(", ", legacy));
        } else {
            reasons.add("legacy path does not run: data.refresh is not true");
        }
        if (config.enhancedRefresh()) {
            Set<String> addressable = new LinkedHashSet<>();
            catalog.sources().stream().map(BseeSource::id).forEach(addressable::add);
            config.sources().forEach((id, settings) -> settings.url().ifPresent(url -> addressable.add(id)));
            List<String> candidates = addressable.stream().sorted(order).toList();
            enhanced = select(config, candidates, RefreshPath.ENHANCED,
                    "it has no download address (set sources.%s.url)", reasons);
            reasons.add(enhanced.isEmpty()
                    ? "enhanced path runs but has no source to download: enhanced refresh is on, and no selected"
                    + " source has a download address"
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

    /// The candidates the `data.<source>` flags let through; says why each other one is left out.
    private static List<String> select(RefreshConfig config, List<String> candidates, RefreshPath path,
                                       String missingReason, List<String> reasons) {
        Map<String, Boolean> flags = config.sourceFlags();
        String label = path.label() + " path";
        if (flags.isEmpty()) {
            if (!candidates.isEmpty()) {
                reasons.add(label + ": no data.<source> flag is set, so every source it can run takes part");
            }
            return candidates;
        }
        List<String> selected = new ArrayList<>();
        for (String id : candidates) {
            Boolean flag = flags.get(id);
            if (Boolean.TRUE.equals(flag)) {
                selected.add(id);
            } else if (flag == null) {
                reasons.add(label + " skips " + id + ": data." + id + " is not set, and other sources are selected");
            } else {
                reasons.add(label + " skips " + id + ": data." + id + " is false");
            }
        }
        flags.entrySet().stream().filter(e -> e.getValue() && !candidates.contains(e.getKey()))
                .map(Map.Entry::getKey).sorted()
                .forEach(id -> reasons.add(label + " skips " + id + ": " + missingReason.formatted(id)));
        return selected;
    }

    /// Catalog sources in catalog order, then the others alphabetically.
    private static Comparator<String> catalogOrder(SourceCatalog catalog) {
        List<String> ids = catalog.sources().stream().map(BseeSource::id).collect(Collectors.toList());
        return Comparator.comparingInt((String id) -> ids.contains(id) ? ids.indexOf(id) : ids.size())
                .thenComparing(Comparator.naturalOrder());
    }
}
