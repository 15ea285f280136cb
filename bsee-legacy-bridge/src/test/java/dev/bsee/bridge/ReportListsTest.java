package dev.bsee.bridge;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// The lists the reports and statuses hand out are unmodifiable, those they work out on each call
/// (problems, schema drift) as much as those they hold: an application that added to one saw it
/// accepted, as if the report now held it.
class ReportListsTest {

    private static SourceStatus stale() {
        return new SourceStatus("apd", Path.of("/srv/bin/apd"), Instant.EPOCH, Instant.EPOCH, Duration.ofDays(3),
                Duration.ofHours(36), Freshness.STALE, 2, 10, null, null, List.of("mv_apd_main_all.bin"), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of("cannot read x"), List.of(), null, null);
    }

    @Test
    void theProblemsOfASourceStatusAndOfAStatusReportAreUnmodifiable() {
        SourceStatus source = stale();
        StatusReport report = new StatusReport(Instant.EPOCH, Path.of("/srv/bin"), List.of(source), null, List.of("e"));

        assertThat(source.problems()).hasSize(3);
        assertThat(report.problems()).hasSize(4);
        assertThatThrownBy(() -> source.problems().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> report.problems().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    /// The row counts of a sharp drop are grouped by thousands, as every count in a summary is: the
    /// CLI's `schema drift:` line printed `rows fell from 2034148 to 1017074`.
    @Test
    void theRowsOfASharpDropAreGroupedByThousands() {
        ChangeRecord halved = new ChangeRecord(2_034_148, 1_017_074, List.of(), List.of(), Map.of(), null, null);
        SourceReport report = new SourceReport("production_raw", RefreshPath.ENHANCED, null, Path.of("/srv/bin/p"),
                SourceOutcome.UPDATED, 0, 1, Duration.ZERO, List.of(), List.of(), List.of(), halved,
                List.of(new FileChange("mv_productiondata.bin", FileChange.Status.CHANGED, halved)));

        assertThat(report.schemaDrift()).containsExactly(
                "mv_productiondata.bin: rows fell from 2,034,148 to 1,017,074 (-50%)");
        assertThat(dev.bsee.core.internal.MessageText.names(java.util.Collections.nCopies(12_345, "c")))
                .endsWith("... and 12,325 more]");
    }

    /// A folder of tens of thousands of stray files is one problem of the first twenty names and a
    /// count, escaped, not a sentence of every name (20,000 made a line of 340,000 characters, which
    /// `bsee status` printed twice); the status keeps every name in its lists (and `--json`).
    @Test
    void aProblemListsTheFirstNamesAndCountsTheRest() {
        List<String> stray = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            stray.add("stray_" + i + ".txt");
        }
        stray.set(0, "a\nb.txt");
        SourceStatus crowded = new SourceStatus("apd", Path.of("/srv/bin/apd"), Instant.EPOCH, Instant.EPOCH,
                Duration.ZERO, Duration.ofHours(36), Freshness.FRESH, 2, 10, null, null, List.of(), List.of(),
                List.of(), stray, List.of(), List.of(), List.of(), List.of(), null, null);

        assertThat(crowded.problems()).singleElement().asString()
                .startsWith("do not belong in the folder (only .bin files may be there): a\\nb.txt, stray_1.txt,")
                .endsWith(", ... and 19,980 more").hasSizeLessThan(1000);
        assertThat(crowded.foreignFiles()).hasSize(20_000);
    }

    /// A report printed whole (`System.out.println(report)`) escapes the names its files and columns
    /// take from the archive and lists a wide table's columns as messages do: a terminal escape in
    /// an entry's name reached the console raw, and every one of 5,000 columns was printed, twice.
    @Test
    void aPrintedReportEscapesTheArchivesNamesAndListsTheFirstColumns() {
        List<String> columns = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            columns.add("C" + i);
        }
        columns.set(0, "C\u001b[2J");
        List<dev.bsee.core.DType> dtypes = java.util.Collections.nCopies(5_000, dev.bsee.core.DType.INT64);
        FileReport file = new FileReport("evil\u001b[2J.txt", "evil\u001b[2J.bin", 1, columns, dtypes, "00", 1);
        ChangeRecord added = new ChangeRecord(-1, 1, columns, List.of(), Map.of(), null, null);
        FileChange change = new FileChange("evil\u001b[2J.bin", FileChange.Status.ADDED, added);

        for (Object printed : List.of(file, added, change)) {
            assertThat(printed.toString()).as(printed.getClass().getSimpleName()).doesNotContain("\u001b")
                    .contains("\\e[2J").contains("... and 4,980 more]").hasSizeLessThan(2_000);
        }
    }

    @Test
    void theSchemaDriftOfASourceReportIsUnmodifiable() {
        ChangeRecord fewer = new ChangeRecord(100, 10, List.of(), List.of(), Map.of(), null, null);
        SourceReport report = new SourceReport("apd", RefreshPath.ENHANCED, null, Path.of("/srv/bin/apd"),
                SourceOutcome.UPDATED, 0, 1, Duration.ZERO, List.of(), List.of(), List.of(), fewer,
                List.of(new FileChange("mv_apddata_all.bin", FileChange.Status.CHANGED, fewer)));

        assertThat(report.schemaDrift()).singleElement().asString().startsWith("mv_apddata_all.bin: rows fell");
        assertThatThrownBy(() -> report.schemaDrift().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
