package dev.bsee.bridge.internal;

import dev.bsee.core.internal.SafeText;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bsee.bridge.ChangeRecord;
import dev.bsee.bridge.ConfigProblem;
import dev.bsee.bridge.FileChange;
import dev.bsee.bridge.Freshness;
import dev.bsee.bridge.RefreshDecision;
import dev.bsee.bridge.RefreshError;
import dev.bsee.bridge.RefreshReport;
import dev.bsee.bridge.SourceReport;
import dev.bsee.bridge.SourceStatus;
import dev.bsee.bridge.StatusReport;
import dev.bsee.scraper.PortalLink;
import dev.bsee.scraper.PortalReport;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/// Writes a [RefreshReport] and a [StatusReport] as JSON.
public final class ReportJson {

    private ReportJson() {
    }

    /// The report as indented JSON.
    ///
    /// @param report the report
    /// @return the text
    public static String write(RefreshReport report) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("succeeded", report.succeeded());
        root.put("started", report.started().toString());
        root.put("duration_ms", report.duration().toMillis());
        root.set("decision", decision(report.decision()));
        strings(root.putArray("schema_drift"), report.schemaDrift().stream().map(SourceReport::source).distinct().toList());
        ArrayNode sources = root.putArray("sources");
        report.sources().forEach(source -> sources.add(source(source)));
        ArrayNode warnings = root.putArray("warnings");
        report.warnings().forEach(warning -> warnings.add(problem(warning)));
        return Json.text(root);
    }

    /// The status as indented JSON; the names are documented in `docs/cli.md` (`bsee status`).
    ///
    /// @param report the status
    /// @return the text
    public static String write(StatusReport report) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("healthy", report.healthy());
        root.put("checked", report.checked().toString());
        root.put("bin_directory", report.binDirectory().toString());
        strings(root.putArray("problems"), report.problems());
        ArrayNode sources = root.putArray("sources");
        report.sources().forEach(source -> sources.add(status(source)));
        if (report.portal().isPresent()) {
            root.set("portal", portal(report.portal().get()));
        } else {
            root.putNull("portal");
        }
        strings(root.putArray("errors"), report.errors());
        return Json.text(root);
    }

    private static ObjectNode status(SourceStatus source) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("source", source.source());
        node.put("folder", source.folder().toString());
        node.put("freshness", source.freshness().name().toLowerCase(Locale.ROOT));
        text(node, "last_refresh", source.lastRefresh().map(Instant::toString));
        text(node, "written", source.written().map(Instant::toString));
        count(node, "age_seconds", source.age().map(Duration::toSeconds).map(OptionalLong::of).orElse(OptionalLong.empty()));
        node.put("stale_after_seconds", source.staleAfter().toSeconds());
        if (source.freshness() == Freshness.UNKNOWN) {
            // Nothing was counted: 0 would read as a folder that lost its files.
            node.putNull("files");
        } else {
            node.put("files", source.files());
        }
        count(node, "rows", source.rows());
        text(node, "etag", source.etag());
        text(node, "last_modified", source.lastModified());
        strings(node.putArray("missing_entries"), source.missingEntries());
        strings(node.putArray("unexpected_entries"), source.unexpectedEntries());
        strings(node.putArray("tampered_files"), source.tamperedFiles());
        strings(node.putArray("foreign_files"), source.foreignFiles());
        strings(node.putArray("untracked_files"), source.untrackedFiles());
        strings(node.putArray("repairs"), source.repairs());
        text(node, "failed_at", source.failedAt().map(Instant::toString));
        text(node, "failure", source.failure());
        strings(node.putArray("notes"), source.notes());
        strings(node.putArray("problems"), source.problems());
        return node;
    }

    /// The portal compared with the catalog: `unlisted_sources` the site no longer lists,
    /// `unknown_links` it lists that no source downloads.
    private static ObjectNode portal(PortalReport portal) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("page", SafeText.url(portal.page()));
        node.put("links", portal.links().size());
        ArrayNode unlisted = node.putArray("unlisted_sources");
        // A page of no links was not read as the portal: no source is known to be withdrawn.
        portal.sources().stream().filter(listing -> !listing.listed() && !portal.links().isEmpty()).forEach(listing ->
                unlisted.addObject().put("source", listing.sourceId()).put("url", SafeText.url(listing.uri())));
        ArrayNode unknown = node.putArray("unknown_links");
        for (PortalLink link : portal.unknownLinks()) {
            unknown.addObject().put("label", link.label()).put("url", SafeText.url(link.uri()));
        }
        return node;
    }

    private static ObjectNode decision(RefreshDecision decision) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("legacy", decision.legacy());
        node.put("enhanced", decision.enhanced());
        strings(node.putArray("legacy_sources"), decision.legacySources());
        strings(node.putArray("enhanced_sources"), decision.enhancedSources());
        strings(node.putArray("reasons"), decision.reasons());
        return node;
    }

    private static ObjectNode source(SourceReport source) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("source", source.source());
        node.put("path", source.path().label());
        node.put("url", source.url().map(URI::toString).orElse(null));
        node.put("output_directory", source.outputDirectory().toString());
        node.put("outcome", source.outcome().name().toLowerCase(Locale.ROOT));
        node.put("bytes", source.bytes());
        node.put("attempts", source.attempts());
        node.put("duration_ms", source.duration().toMillis());
        node.put("rows", source.rows());
        ArrayNode files = node.putArray("files");
        source.files().forEach(file -> files.add(Json.file(file)));
        strings(node.putArray("removed_files"), source.removedFiles());
        ObjectNode change = change(source.change());
        strings(change.putArray("schema_drift"), source.schemaDrift());
        node.set("change", change);
        ArrayNode fileChanges = node.putArray("file_changes");
        for (FileChange file : source.fileChanges()) {
            ObjectNode entry = Json.MAPPER.createObjectNode().put("file", file.file())
                    .put("status", file.status().name().toLowerCase(Locale.ROOT));
            entry.setAll(change(file.change()));
            // Only where a replaced file could not be read: its "before" is unknown, not empty.
            file.previousUnreadable().ifPresent(why -> entry.put("previous_unreadable", why));
            fileChanges.add(entry);
        }
        ArrayNode errors = node.putArray("errors");
        source.errors().forEach(error -> errors.add(error(error)));
        strings(node.putArray("repairs"), source.repairs());
        return node;
    }

    /// A change record under the names scripts rely on: `rows_before`, `rows_after`,
    /// `columns_added`, `columns_removed`, `columns_reordered`, `dtype_changes` (column -> `[before, after]`),
    /// `newest_production_date_before`, `newest_production_date_after`.
    private static ObjectNode change(ChangeRecord change) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        count(node, "rows_before", change.rowsBefore());
        count(node, "rows_after", change.rowsAfter());
        strings(node.putArray("columns_added"), change.columnsAdded());
        strings(node.putArray("columns_removed"), change.columnsRemoved());
        node.put("columns_reordered", change.columnsReordered());
        ObjectNode dtypes = node.putObject("dtype_changes");
        change.dtypeChanges().forEach((column, dtype) -> dtypes.putArray(column).add(dtype.before().numpyName())
                .add(dtype.after().numpyName()));
        text(node, "newest_production_date_before", change.newestProductionDateBefore());
        text(node, "newest_production_date_after", change.newestProductionDateAfter());
        return node;
    }

    private static void count(ObjectNode node, String field, OptionalLong value) {
        if (value.isPresent()) {
            node.put(field, value.getAsLong());
        } else {
            node.putNull(field);
        }
    }

    private static void text(ObjectNode node, String field, Optional<String> value) {
        node.put(field, value.orElse(null));
    }

    private static ObjectNode error(RefreshError error) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("source", error.source());
        node.put("kind", error.kind().name().toLowerCase(java.util.Locale.ROOT));
        node.put("entry", error.entry().orElse(null));
        count(node, "line", error.line());
        node.put("message", error.message());
        return node;
    }

    private static ObjectNode problem(ConfigProblem problem) {
        return Json.MAPPER.createObjectNode().put("key", problem.key()).put("line", problem.line())
                .put("column", problem.column()).put("message", problem.message());
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
