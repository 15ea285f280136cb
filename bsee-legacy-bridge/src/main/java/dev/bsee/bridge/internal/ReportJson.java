package dev.bsee.bridge.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bsee.bridge.ConfigProblem;
import dev.bsee.bridge.RefreshDecision;
import dev.bsee.bridge.RefreshError;
import dev.bsee.bridge.RefreshReport;
import dev.bsee.bridge.SourceReport;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/// Writes a [RefreshReport] as JSON.
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
        ArrayNode sources = root.putArray("sources");
        report.sources().forEach(source -> sources.add(source(source)));
        ArrayNode warnings = root.putArray("warnings");
        report.warnings().forEach(warning -> warnings.add(problem(warning)));
        return Json.text(root);
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
        ArrayNode errors = node.putArray("errors");
        source.errors().forEach(error -> errors.add(error(error)));
        return node;
    }

    private static ObjectNode error(RefreshError error) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("source", error.source());
        node.put("entry", error.entry().orElse(null));
        if (error.line().isPresent()) {
            node.put("line", error.line().getAsLong());
        } else {
            node.putNull("line");
        }
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
