package dev.bsee.bridge;

import dev.bsee.bridge.internal.ReportJson;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/// What a refresh did: the router's decision and its reasons, then one [SourceReport] per source
/// and path, in the order they ran.
///
/// @param decision which paths and sources ran, and why
/// @param sources what happened to each source
/// @param warnings configuration keys that were not understood
/// @param started when the refresh started
/// @param duration how long it took
public record RefreshReport(RefreshDecision decision, List<SourceReport> sources, List<ConfigProblem> warnings,
                            Instant started, Duration duration) {

    /// Validates and copies the report.
    public RefreshReport {
        Objects.requireNonNull(decision, "decision");
        sources = List.copyOf(sources);
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(duration, "duration");
    }

    /// Whether every source that ran succeeded (updated or unchanged); true when nothing ran.
    ///
    /// @return true when no source failed
    public boolean succeeded() {
        return failures().isEmpty();
    }

    /// The sources that failed.
    ///
    /// @return the failed sources, in run order
    public List<SourceReport> failures() {
        return sources.stream().filter(SourceReport::failed).toList();
    }

    /// The sources whose refresh counts as schema drift ([SourceReport#schemaDrift()]).
    ///
    /// @return those sources, in run order
    public List<SourceReport> schemaDrift() {
        return sources.stream().filter(source -> !source.schemaDrift().isEmpty()).toList();
    }

    /// The report as JSON: the same fields, snake_case, durations in milliseconds, optional values
    /// as `null`.
    ///
    /// @return indented JSON text
    public String toJson() {
        return ReportJson.write(this);
    }
}
