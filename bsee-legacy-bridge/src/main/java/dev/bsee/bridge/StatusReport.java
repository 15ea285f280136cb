package dev.bsee.bridge;

import dev.bsee.core.internal.SafeText;
import dev.bsee.bridge.internal.ReportJson;
import dev.bsee.core.internal.OptionChecks;
import dev.bsee.scraper.PortalReport;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/// What [BseeStatus] found: one [SourceStatus] per source in use, and the portal compared with the
/// catalog when asked for.
public final class StatusReport {

    private final Instant checked;
    private final Path binDirectory;
    private final List<SourceStatus> sources;
    private final PortalReport portal;  // null: absent
    private final List<String> errors;

    /// The value; a part that is absent is null (a number: -1).
    ///
    /// @param checked when the check ran (the status clock's time)
    /// @param binDirectory the folder holding the sources' folders, `<base>/data/modules/bsee/bin`
    /// @param sources one status per source in use, in catalog order
    /// @param portal the raw-data portal compared with the catalog, when asked for, or null when absent
    /// @param errors what could not be checked at all: no source refreshed, the portal unreadable
    public StatusReport(Instant checked, Path binDirectory, List<SourceStatus> sources, PortalReport portal,
                        List<String> errors) {
        this.checked = Objects.requireNonNull(checked, "checked");
        this.binDirectory = Objects.requireNonNull(binDirectory, "binDirectory");
        this.sources = OptionChecks.listOf("sources", sources);
        this.portal = portal;
        this.errors = OptionChecks.listOf("errors", errors);
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
    /// @return the problems, unmodifiable
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (SourceStatus source : sources) {
            source.problems().forEach(problem -> problems.add(source.source() + ": " + problem));
        }
        portal().ifPresent(page -> {
            if (page.links().isEmpty()) {
                // A page of no links was not read as the portal (an error page, a new layout): that
                // is one problem, not every source withdrawn.
                problems.add("portal: no \"Delimited\" links found on " + SafeText.url(page.page())
                        + "; the page layout may have changed");
                return;
            }
            page.sources().stream().filter(listing -> !listing.listed()).forEach(listing -> problems.add(
                    listing.sourceId() + ": the portal no longer lists " + SafeText.url(listing.uri())));
        });
        problems.addAll(errors);
        return List.copyOf(problems);
    }

    /// The report as JSON, with snake_case names that scripts can rely on (see `docs/cli.md`).
    ///
    /// @return indented JSON text
    public String toJson() {
        return ReportJson.write(this);
    }

    /// When the check ran (the status clock's time).
    ///
    /// @return the value
    public Instant checked() {
        return checked;
    }

    /// The folder holding the sources' folders, `<base>/data/modules/bsee/bin`.
    ///
    /// @return the value
    public Path binDirectory() {
        return binDirectory;
    }

    /// One status per source in use, in catalog order.
    ///
    /// @return the value
    public List<SourceStatus> sources() {
        return sources;
    }

    /// The raw-data portal compared with the catalog, when asked for.
    ///
    /// @return the value, or empty when absent
    public Optional<PortalReport> portal() {
        return Optional.ofNullable(portal);
    }

    /// What could not be checked at all: no source refreshed, the portal unreadable.
    ///
    /// @return the value
    public List<String> errors() {
        return errors;
    }

    /// Equal when every part is equal.
    ///
    /// @param other the object to compare with
    /// @return whether `other` has the same parts
    @Override
    public boolean equals(Object other) {
        return other instanceof StatusReport that
                && Objects.equals(checked, that.checked)
                && Objects.equals(binDirectory, that.binDirectory)
                && Objects.equals(sources, that.sources)
                && Objects.equals(portal, that.portal)
                && Objects.equals(errors, that.errors);
    }

    /// A hash of every part.
    ///
    /// @return the hash
    @Override
    public int hashCode() {
        return Objects.hash(checked, binDirectory, sources, portal, errors);
    }

    /// The parts, for messages and debugging.
    ///
    /// @return the text
    @Override
    public String toString() {
        return "StatusReport[checked=" + checked + ", binDirectory=" + binDirectory + ", sources=" + sources
                + ", portal=" + portal + ", errors=" + errors + "]";
    }
}
