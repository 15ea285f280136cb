package dev.bsee.bridge;

import dev.bsee.bridge.internal.ReportJson;
import dev.bsee.core.internal.OptionChecks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/// What a refresh did: the router's decision and its reasons, then one [SourceReport] per source
/// and path, in the order they ran. Reports are immutable.
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
        sources = OptionChecks.listOf("sources", sources);
        warnings = OptionChecks.listOf("warnings", warnings);
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(duration, "duration");
    }

    /// Whether the refresh did its job: at least one source ran and every one that ran succeeded
    /// (updated or unchanged). A refresh that ran no source (no source selected, a misspelt id, the
    /// path that would run them switched off; [RefreshDecision#reasons()] says why) has not, as
    /// `bsee refresh` exits 2 for it: a scheduler that checks this alone is told.
    ///
    /// @return true when a source ran and none failed
    public boolean succeeded() {
        return !sources.isEmpty() && failures().isEmpty();
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
