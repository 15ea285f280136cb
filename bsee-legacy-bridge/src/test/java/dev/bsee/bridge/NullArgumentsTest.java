package dev.bsee.bridge;

import dev.bsee.core.BoolColumn;
import dev.bsee.core.BufferAllocator;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Index;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.UInt64Column;
import dev.bsee.core.YearlySeries;
import dev.bsee.scraper.ConditionalState;
import dev.bsee.scraper.Portal;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// A null argument of the public API is a `NullPointerException` whose message is the parameter's
/// name, thrown by the call that was given it: these threw from inside the JDK's collections or
/// the library's internals, naming a variable of theirs (`"coll" is null`, `"m" is null`,
/// `"<local2>" is null`) or, for a configuration's name, reading the text as `invalid configuration null`.
class NullArgumentsTest {

    @Test
    void eachNullArgumentIsNamedByTheCallGivenIt() {
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        SourceCatalog catalog = SourceCatalog.of();
        var well = catalog.find("well").orElseThrow();
        calls.put("siteBase", () -> SourceCatalog.of(null));
        calls.put("source", () -> catalog.with(null));
        calls.put("idsOrAliases", () -> catalog.select(null));
        calls.put("entryName", () -> SourceCatalog.layoutForEntry(null));
        calls.put("entries", () -> well.withExpectedEntries(null));
        calls.put("only", () -> new YearlySeries("x{YYYY}.zip", 2000, null));
        calls.put("values", () -> Int64Column.of((long[]) null));
        calls.put("unsignedValues", () -> UInt64Column.of((long[]) null));
        calls.put("epochNanos", () -> DateTimeColumn.of((long[]) null));
        calls.put("allocator", () -> ObjectColumn.builder(null));
        calls.put("target", () -> ObjectColumn.of("a").copyUtf8(0, null, 0));
        calls.put("levels", () -> new Index.Multi(null, List.of()));
        calls.put("config", () -> RefreshRouter.decide(null));
        calls.put("catalog", () -> RefreshRouter.decide(RefreshConfig.builder().build(), null));
        calls.put("cadence", () -> BseeStatus.staleAfter(null));
        calls.put("file", () -> RefreshConfig.fromYaml((Path) null));
        calls.put("name", () -> RefreshConfig.fromYaml("data:\n  war: true\n", null));
        calls.put("baseUrl", () -> RefreshConfig.builder().site(null));
        calls.put("warnings", () -> RefreshConfig.builder().warnings(null));
        calls.put("years", () -> new RefreshConfig.SourceSettings(null, null, null, null, null));
        calls.put("problems", () -> new ConfigException("x.yml", null));
        calls.put("reasons", () -> new RefreshDecision(false, false, List.of(), List.of(), null));
        calls.put("dtypeChanges", () -> new ChangeRecord(1, 1, List.of(), List.of(), null, null, null));
        calls.put("errors", () -> new SourceReport("apd", RefreshPath.ENHANCED, null, Path.of("/srv"),
                SourceOutcome.UPDATED, 0, 1, Duration.ZERO, List.of(), List.of(), null));
        calls.put("sources", () -> new StatusReport(Instant.EPOCH, Path.of("/srv"), null, null, List.of()));
        calls.put("links", () -> Portal.report(SourceCatalog.PORTAL, null, catalog));
        calls.put("source ", () -> ConditionalState.initial(null));
        calls.put("idOrAlias", () -> catalog.find(null));
        calls.put("idOrAlias ", () -> catalog.canonicalId(null));
        calls.put("idOrAlias  ", () -> catalog.select(java.util.Arrays.asList("war", null)));
        calls.forEach((parameter, call) -> assertThatThrownBy(call).as(parameter)
                .isInstanceOf(NullPointerException.class).hasMessage(parameter.strip()));
        // The heap allocator and the column factories that check already, for the record.
        assertThatThrownBy(() -> BoolColumn.of((boolean[]) null)).hasMessage("values");
        assertThatThrownBy(() -> Float64Column.builder(null)).hasMessage("allocator");
        assertThatThrownBy(() -> Int64Column.builder((BufferAllocator) null)).hasMessage("allocator");
        assertThatThrownBy(() -> Portal.report(URI.create("https://x/"), List.of(), null)).hasMessage("catalog");
    }

    /// A null element of a list or set argument is named by the argument and its place: the JDK's
    /// copies threw with no message (`List.copyOf`) or with their own variable's (`"e0" is null`).
    @Test
    void eachNullElementIsNamedByTheCallGivenIt() {
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        var war = SourceCatalog.of().find("war").orElseThrow();
        calls.put("names[1] is null", () -> dev.bsee.core.TableLayout.columnNames(java.util.Arrays.asList("A", null)));
        calls.put("names[0] is null", () -> new Index.Multi(List.of(Int64Column.of(1)),
                java.util.Arrays.asList((java.util.Optional<String>) null), List.of(java.util.Optional.empty())));
        calls.put("warnings[0] is null", () -> RefreshConfig.builder().warnings(java.util.Arrays.asList((ConfigProblem) null)));
        calls.put("expectedEntries holds null", () -> war.withExpectedEntries(new java.util.HashSet<>(java.util.Arrays.asList("a", null))));
        calls.put("value (addMissing() appends a missing value)", () -> ObjectColumn.builder(BufferAllocator.heap()).add((String) null));
        calls.put("bytes", () -> ObjectColumn.builder(BufferAllocator.heap()).addUtf8(null, 0, 0));
        calls.forEach((message, call) -> assertThatThrownBy(call).as(message)
                .isInstanceOf(NullPointerException.class).hasMessage(message));
    }
}
