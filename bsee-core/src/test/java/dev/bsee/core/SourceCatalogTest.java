package dev.bsee.core;

import dev.bsee.core.peer.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceCatalogTest {

    private final SourceCatalog catalog = SourceCatalog.of();

    /// Every row of the shared catalog facts is a source with the same folder, address and expected
    /// entries; read from the facts file itself, so a row added there and not here fails.
    @Test
    void everyArchiveOfTheFactsIsACatalogSourceWithItsFolderAddressAndEntries() throws IOException {
        String facts = Files.readString(Fixtures.root().getParent().resolve("bsee-catalog.md"), StandardCharsets.UTF_8);
        Pattern row = Pattern.compile("(?m)^\\| (\\w+) \\| (\\S+/Files/\\S+)[^|]*\\| ([^|]*) \\|$");
        Matcher matcher = row.matcher(facts);
        Map<String, String> seen = new LinkedHashMap<>();
        while (matcher.find()) {
            String folder = matcher.group(1);
            BseeSource source = catalog.find(folder).orElseThrow(() -> new AssertionError("no source " + folder));
            assertThat(source.outputSubdirectory()).isEqualTo(folder);
            assertThat(source.uri()).isEqualTo(URI.create("https://www.data.bsee.gov/" + matcher.group(2)));
            assertThat(source.expectedEntries()).as(folder).isEqualTo(expected(matcher.group(3)));
            seen.put(folder, matcher.group(2));
        }
        assertThat(seen).hasSize(38).containsEntry("dsptsdelimit", "Well/Files/dsptsdelimit.ZIP")
                .containsEntry("apm", "Well/Files/eWellAPMRawData.zip");
        assertThat(catalog.sources()).hasSize(seen.size() + 1);
    }

    /// The live site's catalog asked for by its address (a refresh's configuration names it) is the
    /// one made once, with or without its final `/`; another site's is a catalog of its own.
    @Test
    void theLiveSitesCatalogIsMadeOnce() {
        assertThat(SourceCatalog.of(SourceCatalog.SITE)).isSameAs(catalog);
        assertThat(SourceCatalog.of(URI.create("https://www.data.bsee.gov"))).isSameAs(catalog);
        SourceCatalog mirror = SourceCatalog.of(URI.create("http://127.0.0.1:8080/bsee/"));
        assertThat(mirror).isNotSameAs(catalog);
        assertThat(mirror.find("production_raw").orElseThrow().uri().toString()).startsWith("http://127.0.0.1:8080/bsee/");
    }

    /// The folders the Python analysis code walks are all written by some source.
    @Test
    void everyFolderThePythonLeaseSearchReadsHasASource() throws IOException {
        String facts = Files.readString(Fixtures.root().getParent().resolve("bsee-catalog.md"), StandardCharsets.UTF_8);
        Matcher list = Pattern.compile("`(apd, apichanges[^`]+)`").matcher(facts);
        assertThat(list.find()).isTrue();
        List<String> folders = Arrays.stream(list.group(1).split(",")).map(String::strip).toList();
        assertThat(folders).hasSize(26);
        List<String> written = catalog.sources().stream().map(BseeSource::outputSubdirectory).toList();
        assertThat(written).containsAll(folders);
    }

    @Test
    void seedTimeoutsStayAndPythonNamesAreAliases() {
        assertThat(catalog.find("well")).get().extracting(BseeSource::id).isEqualTo("apd");
        assertThat(catalog.find("production")).get().extracting(BseeSource::id).isEqualTo("production_raw");
        assertThat(catalog.find("war")).get().extracting(BseeSource::id).isEqualTo("war");
        assertThat(catalog.find("apm")).get().extracting(BseeSource::uri)
                .isEqualTo(URI.create("https://www.data.bsee.gov/Well/Files/eWellAPMRawData.zip"));
        assertThat(catalog.find("well").orElseThrow().requestTimeout()).isEqualTo(Duration.ofSeconds(600));
        assertThat(catalog.find("production").orElseThrow().requestTimeout()).isEqualTo(Duration.ofSeconds(1200));
        assertThat(catalog.find("war").orElseThrow().requestTimeout()).isEqualTo(Duration.ofSeconds(2400));
        assertThat(catalog.canonicalId("well")).isEqualTo("apd");
        assertThat(catalog.canonicalId("fmp")).isEqualTo("fmp");
        assertThat(catalog.defaultSelection()).containsExactly("apd", "war", "production_raw");
        assertThat(catalog.find("production").orElseThrow().layout())
                .isEqualTo(TableLayout.columnNamesOrHeader(SourceCatalog.PRODUCTION_COLUMNS));
        catalog.sources().forEach(source -> assertThat(source.requestTimeout()).as(source.id())
                .isBetween(Duration.ofMinutes(5), Duration.ofMinutes(40)));
    }

    @Test
    void everyAddressIsRelativeToTheSiteBase() {
        SourceCatalog mirror = SourceCatalog.of(URI.create("http://127.0.0.1:8080/bsee"));
        assertThat(mirror.site()).isEqualTo(URI.create("http://127.0.0.1:8080/bsee/"));
        for (BseeSource source : mirror.sources()) {
            BseeSource live = catalog.find(source.id()).orElseThrow();
            assertThat(source.uri().toString()).isEqualTo(live.uri().toString()
                    .replace("https://www.data.bsee.gov/", "http://127.0.0.1:8080/bsee/"));
        }
        assertThatThrownBy(() -> SourceCatalog.of(URI.create("ftp://example.org/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http");
        assertThatThrownBy(() -> SourceCatalog.of(URI.create("relative/path")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /// A site whose server no download can reach is refused as the configuration's `site.base_url`
    /// is, saying why: `--site` and the Java API come here.
    @Test
    void aSiteWithAHostNameThatIsNotAsciiOrAPortOutOfRangeIsRefusedSayingWhy() {
        assertThatThrownBy(() -> SourceCatalog.of(URI.create("http://b\u00fccher.example/bsee/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the host name b\u00fccher.example is not ASCII: write it as its xn-- form"
                        + " (xn--bcher-kva.example)");
        assertThatThrownBy(() -> SourceCatalog.of(URI.create("http://example.org:99999/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the port 99999 is not one (1 to 65535)");
        assertThat(SourceCatalog.of(URI.create("http://xn--bcher-kva.example:8080/")).site())
                .isEqualTo(URI.create("http://xn--bcher-kva.example:8080/"));
    }

    /// A current year no clock gives is refused naming the parameter, at once: counting up to it
    /// built a set of every year between (a heap's worth for 100,000,000) and never ended at
    /// `Integer.MAX_VALUE`. The years are unmodifiable, as the archives are.
    @Test
    void aCurrentYearNoClockGivesIsRefusedAtOnceAndTheYearsAreUnmodifiable() {
        BseeSource ogora = catalog.find("ogora").orElseThrow();
        YearlySeries series = ogora.yearly().orElseThrow();
        for (int year : new int[] {Integer.MAX_VALUE, 100_000_000, 10_000, 0, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> series.years(year)).as("%d", year).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("currentYear must be within the years 1 to 9999: " + year);
            assertThatThrownBy(() -> ogora.archives(year)).as("%d", year).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ogora.expectedEntries(year)).as("%d", year).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(series.years(9999)).hasSize(9999 - 1996 + 1);
        assertThat(series.years(1995)).isEmpty();
        assertThatThrownBy(() -> series.years(2026).add(2027)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void yearlyProductionIsOneSourceWithAnArchivePerYearAndTheLatestMonth() {
        BseeSource ogora = SourceCatalog.of(URI.create("http://mirror.test/")).find("ogora").orElseThrow();
        assertThat(ogora.outputSubdirectory()).isEqualTo("historical_production_yearly");
        List<BseeSource.Archive> archives = ogora.archives(2026);
        assertThat(archives).hasSize(2026 - 1996 + 1 + 1);
        assertThat(archives.getFirst()).isEqualTo(new BseeSource.Archive("ogora1996delimit.zip",
                URI.create("http://mirror.test/Production/Files/ogora1996delimit.zip"), false));
        assertThat(archives.get(archives.size() - 2)).isEqualTo(new BseeSource.Archive("ogora2026delimit.zip",
                URI.create("http://mirror.test/Production/Files/ogora2026delimit.zip"), true));
        assertThat(archives.getLast()).isEqualTo(new BseeSource.Archive("ogoradelimit.zip",
                URI.create("http://mirror.test/Production/Files/ogoradelimit.zip"), false));
        assertThat(archives.stream().filter(BseeSource.Archive::mayBeAbsent)).hasSize(1);

        BseeSource narrowed = ogora.withYearly(ogora.yearly().map(s -> s.only(Set.of(2019, 2020, 1990))).orElse(null));
        assertThat(narrowed.archives(2026)).extracting(BseeSource.Archive::name)
                .containsExactly("ogora2019delimit.zip", "ogora2020delimit.zip", "ogoradelimit.zip");
        assertThat(narrowed.expectedEntries(2026))
                .containsExactlyInAnyOrder("ogora2019delimit", "ogora2020delimit", "ogoradelimit");
        assertThat(narrowed.expectedEntries(2020)).containsExactlyInAnyOrder("ogora2019delimit", "ogoradelimit");
        // The current year may be there or not: optional, not expected; a year not selected is neither.
        assertThat(narrowed.optionalEntries(2020)).containsExactly("ogora2020delimit");
        assertThat(narrowed.optionalEntries(2026)).isEmpty();
        assertThat(ogora.optionalEntries(2026)).containsExactly("ogora2026delimit");
        assertThat(ogora.expectedEntries(2026)).doesNotContain("ogora2026delimit").contains("ogora2025delimit");
        // Mirrored elsewhere, the years follow the latest-month archive's address.
        BseeSource moved = narrowed.withUri(URI.create("http://other.test/x/ogoradelimit.zip"));
        assertThat(moved.archives(2026).getFirst().uri()).isEqualTo(URI.create("http://other.test/x/ogora2019delimit.zip"));
    }

    @Test
    void aSourceOfOneArchiveHasOneArchiveNamedByItsAddress() {
        BseeSource apd = catalog.find("apd").orElseThrow();
        assertThat(apd.archives(2026)).containsExactly(new BseeSource.Archive("APDRawData.zip", apd.uri(), false));
        assertThat(apd.expectedEntries(2026)).isEqualTo(apd.expectedEntries())
                .containsExactlyInAnyOrder("mv_apddata_all", "mv_apd_main_all");
        assertThat(apd.optionalEntries(2026)).isEmpty();
        assertThat(catalog.find("war").orElseThrow().expectedEntries()).isEmpty();
    }

    @Test
    void productionEntriesAreRecognisedByNameWhereverTheySitInTheArchive() {
        TableLayout production = TableLayout.columnNamesOrHeader(SourceCatalog.PRODUCTION_COLUMNS);
        assertThat(SourceCatalog.layoutForEntry("ogora2019delimit.txt")).isEqualTo(production);
        assertThat(SourceCatalog.layoutForEntry("ProductionRawData/mv_productiondata.txt")).isEqualTo(production);
        assertThat(SourceCatalog.layoutForEntry("ProductionRawData\\MV_PRODUCTIONDATA.TXT")).isEqualTo(production);
        assertThat(SourceCatalog.layoutForEntry("FMPRawData/mv_fmplist.txt")).isEqualTo(TableLayout.headerRow());
    }

    @Test
    void addedSourcesReplaceByIdAndRunByDefault() {
        BseeSource extra = new BseeSource("extra", URI.create("http://x.test/extra.zip"), UpdateCadence.IRREGULAR,
                Duration.ofSeconds(5), "extra", BseeSource.TEXT_ENTRIES, TableLayout.headerRow());
        SourceCatalog more = catalog.with(extra).with(catalog.find("fmp").orElseThrow().withRequestTimeout(Duration.ofSeconds(9)));
        assertThat(more.find("extra")).contains(extra);
        assertThat(more.defaultSelection()).contains("extra").doesNotContain("fmp");
        assertThat(more.find("fmp").orElseThrow().requestTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(more.sources()).hasSize(catalog.sources().size() + 1);
        assertThat(catalog.find("extra")).isEmpty();
    }

    /// Two sources made of the same parts are equal and hash alike: the entry pattern was compared
    /// by identity (a `Pattern` has no `equals`), so only copies of one instance were equal.
    @Test
    void sourcesOfTheSamePartsAreEqualWhateverPatternInstanceTheyHold() {
        java.util.function.Function<Pattern, BseeSource> source = pattern -> new BseeSource("extra",
                URI.create("http://x.test/extra.zip"), UpdateCadence.IRREGULAR, Duration.ofSeconds(5), "extra",
                pattern, TableLayout.headerRow());
        BseeSource one = source.apply(Pattern.compile("mv_.*\\.txt"));
        BseeSource same = source.apply(Pattern.compile("mv_.*\\.txt"));

        assertThat(one).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(one).isNotEqualTo(source.apply(Pattern.compile("mv_.*\\.csv")))
                .isNotEqualTo(source.apply(Pattern.compile("mv_.*\\.txt", Pattern.CASE_INSENSITIVE)));
    }

    /// A yearly file name is resolved against the source's address, so it may hold only what a name
    /// in an address holds: `#` and `?` made the year a fragment or query of another address, `:` a
    /// scheme, and a space failed only when the archives were listed.
    @Test
    void aYearlyFileNameThatIsNoNameInAnAddressIsRefusedWhenTheSeriesIsMade() {
        for (String template : List.of("ogora#{YYYY}.zip", "ogora?{YYYY}.zip", "c:{YYYY}.zip", "ogora {YYYY}.zip",
                "ogora{YYYY}%zz.zip", "donn\u00e9es{YYYY}.zip", "a\\{YYYY}.zip")) {
            assertThatThrownBy(() -> new YearlySeries(template, 1996, Set.of())).as(template)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("a yearly file name is resolved against the source's address")
                    .hasMessageNotContaining("\n");
        }
        YearlySeries escaped = new YearlySeries("ogora%20{YYYY}_delimit(1).zip", 1996, Set.of());
        // Every year's digits make `%{YYYY}` an escape (`%2024` is `%20` and `24`).
        assertThat(new YearlySeries("a%{YYYY}.zip", 1996, Set.of()).fileName(2024)).isEqualTo("a%2024.zip");
        BseeSource ogora = catalog.find("ogora").orElseThrow();
        BseeSource series = new BseeSource("s", URI.create("https://x.test/data/s.zip"), UpdateCadence.MONTHLY,
                Duration.ofSeconds(5), "s", BseeSource.TEXT_ENTRIES, ogora.layout(), Set.of(), escaped);
        assertThat(series.archives(1997).getFirst().uri())
                .isEqualTo(URI.create("https://x.test/data/ogora%201996_delimit(1).zip"));
    }

    private static Set<String> expected(String cell) {
        String names = cell.strip();
        if (names.startsWith("-")) {
            return Set.of();
        }
        List<String> out = new ArrayList<>();
        // mv_incs_shutins_{alaska,gulf,pacific} stands for three names.
        Matcher braces = Pattern.compile("([\\w]+)\\{([^}]+)}|([\\w]+)").matcher(names);
        while (braces.find()) {
            if (braces.group(1) != null) {
                for (String tail : braces.group(2).split(",")) {
                    out.add(braces.group(1) + tail.strip());
                }
            } else {
                out.add(braces.group(3));
            }
        }
        return Set.copyOf(out);
    }
}
