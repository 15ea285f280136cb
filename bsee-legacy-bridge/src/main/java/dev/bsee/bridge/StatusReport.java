package dev.bsee.bridge;

import dev.bsee.bridge.internal.ReportJson;
import dev.bsee.scraper.PortalReport;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/// What [BseeStatus] found: one [SourceStatus] per source in use, and the portal compared with the
/// catalog when asked for.
///
/// @param checked when the check ran (the status clock's time)
/// @param binDirectory the folder holding the sources' folders, `<base>/data/modules/bsee/bin`
/// @param sources one status per source in use, in catalog order
/// @param portal the raw-data portal compared with the catalog, when asked for
/// @param errors what could not be checked at all: no source refreshed, the portal unreadable
public record StatusReport(Instant checked, Path binDirectory, List<SourceStatus> sources,
                           Optional<PortalReport> portal, List<String> errors) {

    /// Validates and copies the report.
    public StatusReport {
        Objects.requireNonNull(checked, "checked");
        Objects.requireNonNull(binDirectory, "binDirectory");
        sources = List.copyOf(sources);
        Objects.requireNonNull(portal, "portal");
        errors = List.copyOf(errors);
    }

    /// Whether all is well: no source has a problem and the portal, when checked, lists every
    /// catalog source.
    ///
    /// @return true when nothing is stale, missing, tampered or unlisted
    public boolean healthy() {
        return problems().isEmpty();
    }

    /// Every problem, each prefixed with its source id (`well: stale: ...`), then the catalog
    /// sources the portal no longer lists, then what could not be checked.
    ///
    /// @return the problems
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (SourceStatus source : sources) {
            source.problems().forEach(problem -> problems.add(source.source() + ": " + problem));
        }
        portal.ifPresent(page -> page.sources().stream().filter(listing -> !listing.listed())
                .forEach(listing -> problems.add(listing.sourceId() + ": the portal no longer lists " + listing.uri())));
        problems.addAll(errors);
        return problems;
    }

    /// The report as JSON, with snake_case names that scripts can rely on (see `docs/cli.md`).
    ///
    /// @return indented JSON text
    public String toJson() {
        return ReportJson.write(this);
    }
}
