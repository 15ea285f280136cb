package dev.bsee.bridge;

import dev.bsee.core.BseeSource;
import dev.bsee.core.SourceCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipInputStream;

import static dev.bsee.bridge.RefreshEndToEndTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/// The whole catalog against a loopback site (`site.base_url`): every archive at its catalog path,
/// consolidated archives with their entries in a subfolder, and the yearly production series with
/// the current year not published yet. A repeat makes one small conditional request per archive
/// and rewrites nothing; a changed year rewrites that year only; a failing year fails its source
/// alone; downloads overlap up to the per-host bound.
class CatalogRefreshTest {

    /// The refresh runs "in" 2026; the series then spans 1996-2026, and 2026 is absent.
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);
    private static final int YEAR = 2026;
    private static final SourceCatalog LIVE = SourceCatalog.of();

    @TempDir
    Path base;

    private ArchiveServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = ArchiveServer.start();
        for (BseeSource source : LIVE.sources()) {
            for (BseeSource.Archive archive : source.archives(YEAR)) {
                if (archive.mayBeAbsent()) {
                    continue;
                }
                server.serve(archive.uri().getPath(), archiveFor(source, archive, 1));
            }
        }
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /// The notices of the last refresh.
    private final List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
    /// Every event of the last refresh.
    private final List<dev.bsee.core.ProgressEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    private RefreshReport refresh(String extraYaml) throws ConfigException {
        return refresh("all", extraYaml);
    }

    private RefreshReport refresh(String selected, String extraYaml) throws ConfigException {
        return refresh(selected, extraYaml, 0);
    }

    /// [#refresh(String, String)] on another thread, for a test to act while it runs.
    private CompletableFuture<RefreshReport> refreshInBackground(String selected, String extraYaml) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return refresh(selected, extraYaml);
            } catch (ConfigException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private RefreshReport refresh(String selected, String extraYaml, int retries) throws ConfigException {
        RefreshConfig config = RefreshConfig.fromYaml("""
                data:
                  enhanced_refresh: true
                  %s: true
                site:
                  base_url: %s
                cache:
                  enabled: true
                  ttl_hours: 0
                processing:
                  retries: %d
                """.formatted(selected, server.url("/"), retries) + extraYaml, "catalog.yml");
        notices.clear();
        events.clear();
        return BseeRefresh.builder().config(config).baseDirectory(base).clock(CLOCK)
                .listener(event -> {
                    events.add(event);
                    if (event instanceof dev.bsee.core.ProgressEvent.Notice notice) {
                        notices.add(notice.source() + ": " + notice.message());
                    }
                })
                .backoff(Duration.ZERO, Duration.ZERO).run();
    }

    /// The archive of `source` named `name` in the catalog of [#YEAR].
    private static BseeSource.Archive archive(BseeSource source, String name) {
        return source.archives(YEAR).stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    /// A download state of the first versions keys the source's line by the Python configuration's
    /// name (`well`), and one of a newer version has a field more: either is read, so the next
    /// request is conditional, and neither is set aside; the alias's line is rewritten under the
    /// source's id. The first was ignored (one unconditional download) and stayed for good; the
    /// second was called damaged and renamed aside.
    @ParameterizedTest
    @ValueSource(strings = {"alias", "newer"})
    void aDownloadStateOfAnotherVersionKeepsTheRequestConditional(String kind) throws Exception {
        assertThat(refresh("apd", "").succeeded()).isTrue();
        Path state = base.resolve("data/modules/bsee/bin/.bsee/apd/state");
        String text = Files.readString(state);
        Files.writeString(state, kind.equals("alias") ? text.replace("\napd\t", "\nwell\t")
                : text.replaceFirst("(\napd\t[^\n]*)", "$1\tsha256:ab"));
        int conditional = server.conditionalRequests();

        RefreshReport second = refresh("apd", "");

        assertThat(second.sources()).singleElement().extracting(SourceReport::outcome).isEqualTo(SourceOutcome.UNCHANGED);
        assertThat(server.conditionalRequests()).isEqualTo(conditional + 1);
        try (Stream<Path> files = Files.list(state.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.startsWith("state."));
        }
        assertThat(Files.readAllLines(state)).filteredOn(line -> !line.startsWith("#")).singleElement().asString()
                .startsWith("apd\t").endsWith(kind.equals("alias") ? "Z" : "\tsha256:ab");
    }

    /// A listener follows a source by the name its events carry: an archive's entries are named as
    /// its download is, the source id, or the archive's id in a series. They were named by the
    /// archive's file name (`APDRawData.zip`), which no download event carries.
    @Test
    void entryEventsNameTheSourceTheirDownloadNames() throws Exception {
        assertThat(refresh("apd", "").succeeded()).isTrue();
        assertThat(events).filteredOn(e -> !(e instanceof dev.bsee.core.ProgressEvent.Notice))
                .extracting(dev.bsee.core.ProgressEvent::source).containsOnly("apd");
        assertThat(events).hasAtLeastOneElementOfType(dev.bsee.core.ProgressEvent.Download.class)
                .hasAtLeastOneElementOfType(dev.bsee.core.ProgressEvent.EntryFinished.class);

        assertThat(refresh("ogora", "sources:\n  ogora:\n    years: [2019-2020]\n").succeeded()).isTrue();
        java.util.function.Function<Class<?>, Set<String>> sources = type -> events.stream().filter(type::isInstance)
                .map(dev.bsee.core.ProgressEvent::source).collect(java.util.stream.Collectors.toSet());
        assertThat(sources.apply(dev.bsee.core.ProgressEvent.EntryFinished.class))
                .containsExactlyInAnyOrder("ogora2019delimit", "ogora2020delimit", "ogoradelimit");
        assertThat(sources.apply(dev.bsee.core.ProgressEvent.EntryStarted.class))
                .isEqualTo(sources.apply(dev.bsee.core.ProgressEvent.EntryFinished.class));
        assertThat(sources.apply(dev.bsee.core.ProgressEvent.Download.class))
                .containsAll(sources.apply(dev.bsee.core.ProgressEvent.EntryFinished.class));
    }

    @Test
    void aRepeatOfTheWholeCatalogMakesOneConditionalRequestPerArchiveAndRewritesNothing() throws Exception {
        int archives = LIVE.sources().stream().mapToInt(s -> s.archives(YEAR).size()).sum();
        assertThat(archives).isEqualTo(38 + (YEAR - 1996 + 1) + 1);

        RefreshReport first = refresh("");

        assertThat(first.succeeded()).as(first.toJson()).isTrue();
        assertThat(first.sources()).hasSize(39).allMatch(s -> s.outcome() == SourceOutcome.UPDATED);
        assertThat(server.requests()).isEqualTo(archives);
        for (BseeSource source : LIVE.sources()) {
            Path folder = base.resolve("data/modules/bsee/bin").resolve(source.outputSubdirectory());
            Set<String> expected = source.expectedEntries(YEAR);
            if (!expected.isEmpty()) {
                assertThat(binNames(folder)).as(source.id()).isEqualTo(expected);
            }
        }
        // The yearly series: every published year and the latest month, nothing for the absent year.
        assertThat(binNames(base.resolve("data/modules/bsee/bin/historical_production_yearly")))
                .hasSize(YEAR - 1996 + 1).contains("ogora1996delimit", "ogora2025delimit", "ogoradelimit")
                .doesNotContain("ogora2026delimit");
        Map<String, String> before = snapshot();
        int requestsBefore = server.requests();
        long bytesBefore = server.bodyBytes();

        RefreshReport second = refresh("");

        assertThat(second.succeeded()).as(second.toJson()).isTrue();
        assertThat(second.sources()).allMatch(s -> s.outcome() == SourceOutcome.UNCHANGED);
        assertThat(server.requests() - requestsBefore).isEqualTo(archives);
        // Every archive with validators asked "changed since?"; the unpublished year has none.
        assertThat(server.conditionalRequests()).isEqualTo(archives - 1);
        assertThat(server.bodyBytes()).isEqualTo(bytesBefore);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aChangedYearRewritesThatYearAloneAndAFailingYearFailsTheSeriesWithoutTouchingIt() throws Exception {
        RefreshReport first = refresh("");
        assertThat(first.succeeded()).as(first.toJson()).isTrue();
        Map<String, String> before = snapshot();
        BseeSource ogora = LIVE.find("ogora").orElseThrow();
        BseeSource.Archive year2020 = archive(ogora, "ogora2020delimit.zip");

        server.serve(year2020.uri().getPath(), archiveFor(ogora, year2020, 2));
        RefreshReport second = refresh("");

        SourceReport series = second.sources().stream().filter(s -> s.source().equals("ogora")).findFirst().orElseThrow();
        assertThat(series.outcome()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(series.files()).hasSize(YEAR - 1996 + 1);
        // One year written, the others kept: the notice said it wrote them all.
        assertThat(notices).contains("ogora: enhanced path: wrote 1 file to " + base.resolve("data/modules/bsee/bin/historical_production_yearly")
                + ", kept " + (YEAR - 1996) + " as they were");
        assertThat(second.sources()).filteredOn(s -> !s.source().equals("ogora"))
                .allMatch(s -> s.outcome() == SourceOutcome.UNCHANGED);
        Map<String, String> after = snapshot();
        String changed = "historical_production_yearly/ogora2020delimit.bin";
        String manifest = ".bsee/historical_production_yearly/manifest.json";
        assertThat(after.get(changed)).isNotEqualTo(before.get(changed));
        assertThat(after.get(manifest)).isNotEqualTo(before.get(manifest));
        Map<String, String> othersBefore = new TreeMap<>(before);
        Map<String, String> othersAfter = new TreeMap<>(after);
        othersBefore.keySet().removeAll(List.of(changed, manifest));
        othersAfter.keySet().removeAll(List.of(changed, manifest));
        assertThat(othersAfter).isEqualTo(othersBefore);

        // A year that fails (not the current one) fails the series; its folder stays as it was.
        server.fail(LIVE.find("ogora").orElseThrow().archives(YEAR).get(5).uri().getPath(), 500);
        server.serve(year2020.uri().getPath(), archiveFor(ogora, year2020, 3));
        Map<String, String> beforeFailure = snapshot();
        RefreshReport third = refresh("");

        assertThat(third.failures()).extracting(SourceReport::source).containsExactly("ogora");
        assertThat(third.failures().getFirst().errors().getFirst().message()).contains("ogora2001delimit.zip");
        // The series' attempts are all its archives', not the failing one's alone (which the
        // message counts), as its bytes are.
        java.util.regex.Matcher failing = java.util.regex.Pattern.compile("\\[(\\d+) attempts?\\]")
                .matcher(third.failures().getFirst().errors().getFirst().message());
        assertThat(failing.find()).as(third.failures().getFirst().errors().getFirst().message()).isTrue();
        assertThat(third.failures().getFirst().attempts()).isGreaterThan(Integer.parseInt(failing.group(1)));
        assertThat(snapshot()).isEqualTo(beforeFailure);
    }

    /// One year's file of a series edited in place at the same size (the last-modified time set
    /// back), or without a read permission: that year alone is downloaded unconditionally and written
    /// again; the other years ask "changed since?" and keep their files, which carry the stat their
    /// manifest recorded into the new one, so a repeat reads none of them and asks for every year.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = OutputChanges.class, names = {"EDITED_IN_PLACE", "READ_PERMISSION_REMOVED"})
    void aYearsFileNoLongerAsWrittenIsDownloadedAgainAndTheOtherYearsStayConditional(OutputChanges change)
            throws Exception {
        String years = "sources:\n  ogora:\n    years: [2018-2020]\n";
        assertThat(refresh("ogora", years).succeeded()).isTrue();
        Path folder = base.resolve("data/modules/bsee/bin/historical_production_yearly");
        Map<String, String> before = snapshot();
        change.apply(folder.resolve("ogora2019delimit.bin"));
        int conditional = server.conditionalRequests();

        RefreshReport second = refresh("ogora", years);

        assertThat(second.sources().getFirst().outcome()).as(second.toJson()).isEqualTo(SourceOutcome.UPDATED);
        // 2018, 2020 and the latest month asked; 2019 downloaded in full.
        assertThat(server.conditionalRequests()).isEqualTo(conditional + 3);
        assertThat(notices).contains("ogora: enhanced path: wrote 1 file to " + folder + ", kept 3 as they were");
        Map<String, String> after = snapshot();
        String manifest = ".bsee/historical_production_yearly/manifest.json";
        String rewritten = "historical_production_yearly/ogora2019delimit.bin";
        // The year written again holds what it was written with; the others were not touched.
        assertThat(after.remove(rewritten).split(" ")[1]).isEqualTo(before.remove(rewritten).split(" ")[1]);
        after.remove(manifest);
        before.remove(manifest);
        after.keySet().removeIf(name -> name.contains("/replaced/"));
        assertThat(after).isEqualTo(before);

        com.fasterxml.jackson.databind.JsonNode files = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(base.resolve("data/modules/bsee/bin").resolve(manifest).toFile()).path("files");
        assertThat(files).hasSize(4).allSatisfy(file -> assertThat(file.has("stat")).as(file.toString()).isTrue());
        conditional = server.conditionalRequests();
        RefreshReport third = refresh("ogora", years);
        assertThat(third.sources().getFirst().outcome()).isEqualTo(SourceOutcome.UNCHANGED);
        assertThat(server.conditionalRequests()).isEqualTo(conditional + 4);
    }

    /// Another dataset's archive at one year's address fails the series as such (`DATA`, naming that
    /// year's archive), and the folder stays as it was. The check was on the series as a whole, which
    /// the other years' tables passed: the commit removed that year's file and put the other
    /// dataset's tables in the production folder, parsed as production text, with exit 0.
    @Test
    void anotherDatasetsArchiveAtOneYearsAddressFailsTheSeriesAndKeepsTheFolder() throws Exception {
        assertThat(refresh("ogora", "").succeeded()).isTrue();
        Map<String, String> before = snapshot();
        BseeSource ogora = LIVE.find("ogora").orElseThrow();
        BseeSource.Archive year2010 = ogora.archives(YEAR).stream()
                .filter(a -> a.name().equals("ogora2010delimit.zip")).findFirst().orElseThrow();
        BseeSource fmp = LIVE.find("fmp").orElseThrow();
        server.serve(year2010.uri().getPath(), archiveFor(fmp, fmp.archives(YEAR).getFirst(), 1));

        RefreshReport refused = refresh("ogora", "");

        SourceReport series = refused.sources().stream().filter(s -> s.source().equals("ogora")).findFirst().orElseThrow();
        assertThat(series.outcome()).as(refused.toJson()).isEqualTo(SourceOutcome.FAILED);
        assertThat(series.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo(dev.bsee.bridge.RefreshError.Kind.DATA);
            assertThat(error.message()).contains("ogora2010delimit.zip: the download's").contains("ogora2010delimit.bin")
                    .contains("another dataset's archive");
        });
        assertThat(snapshot()).isEqualTo(before);
    }

    /// A year that fails at once fails the series at once, naming that year, while an archive listed
    /// before it still downloads: the series waited for its archives in list order, so a 404 for
    /// 2019 went unheeded until 1996 had used every attempt of its timeout (300 s each), and the
    /// failure then reported was 1996's timeout, not the 404.
    @Test
    void aYearFailingAtOnceFailsTheSeriesWithoutWaitingForTheArchivesListedBeforeIt() throws Exception {
        String years = "sources:\n  ogora:\n    years: [1996, 2019]\n";
        assertThat(refresh("ogora", years).succeeded()).isTrue();
        Map<String, String> before = snapshot();
        BseeSource ogora = LIVE.find("ogora").orElseThrow();
        BseeSource.Archive first = ogora.archives(YEAR).getFirst();
        assertThat(first.name()).isEqualTo("ogora1996delimit.zip");
        byte[] zip = archiveFor(ogora, first, 2);
        server.stall(first.uri().getPath(), zip, zip.length / 2);
        server.fail("/Production/Files/ogora2019delimit.zip", 404);

        CompletableFuture<RefreshReport> run = refreshInBackground("ogora", years);
        RefreshReport failed;
        try {
            failed = run.get(60, TimeUnit.SECONDS);
        } finally {
            server.release(first.uri().getPath());
        }

        assertThat(failed.failures()).extracting(SourceReport::source).containsExactly("ogora");
        assertThat(failed.failures().getFirst().errors()).singleElement()
                .satisfies(error -> assertThat(error.message()).contains("ogora2019delimit.zip", "HTTP 404"));
        assertThat(snapshot()).isEqualTo(before);
    }

    /// A series lists its files by archive in the series' order, whichever download ends first:
    /// they were listed as each download got to them, so two refreshes of the same archives gave
    /// the report (`refresh --json`) and the manifest in two orders.
    @Test
    void aSeriesListsItsFilesInTheSeriesOrderWhicheverDownloadEndsFirst() throws Exception {
        String years = "sources:\n  ogora:\n    years: [1996, 2019]\n";
        BseeSource ogora = LIVE.find("ogora").orElseThrow();
        BseeSource.Archive first = archive(ogora, "ogora1996delimit.zip");
        byte[] zip = archiveFor(ogora, first, 1);
        // 1996 waits, half sent, until 2019 has been converted.
        server.stall(first.uri().getPath(), zip, zip.length / 2);
        CompletableFuture<RefreshReport> run = refreshInBackground("ogora", years);
        RefreshReport report;
        try {
            awaitTrue(() -> events.stream().anyMatch(event -> event instanceof dev.bsee.core.ProgressEvent.EntryFinished
                    finished && finished.source().equals("ogora2019delimit")));
        } finally {
            server.release(first.uri().getPath());
            report = run.get(60, TimeUnit.SECONDS);
        }

        assertThat(report.succeeded()).as(report.toJson()).isTrue();
        List<String> inOrder = List.of("ogora1996delimit.bin", "ogora2019delimit.bin", "ogoradelimit.bin");
        SourceReport series = report.sources().stream().filter(s -> s.source().equals("ogora")).findFirst().orElseThrow();
        assertThat(series.files()).extracting(FileReport::file).containsExactlyElementsOf(inOrder);
        String manifest = Files.readString(base.resolve("data/modules/bsee/bin/.bsee/historical_production_yearly/manifest.json"));
        assertThat(inOrder.stream().map(manifest::indexOf).toList()).isSorted().doesNotContain(-1);
    }

    /// The ETag and Last-Modified status shows for a series are those of the archive at the source's
    /// own address, whichever of its archives the server confirmed last: they were the last
    /// confirmed one's, so two identical refreshes showed the validators of two archives.
    @Test
    void aSeriesShowsTheValidatorsOfTheArchiveAtItsOwnAddress() throws Exception {
        RefreshReport report = refresh("ogora", "sources:\n  ogora:\n    years: [1996, 2019]\n");
        assertThat(report.succeeded()).as(report.toJson()).isTrue();
        Path stateFile = base.resolve("data/modules/bsee/bin/.bsee/historical_production_yearly/state");
        dev.bsee.scraper.ConditionalStateStore states = dev.bsee.scraper.ConditionalStateStore.open(stateFile);
        dev.bsee.scraper.ConditionalState own = states.find("ogoradelimit").orElseThrow();
        dev.bsee.scraper.ConditionalState year1996 = states.find("ogora1996delimit").orElseThrow();
        assertThat(own.validators().etag()).isPresent().isNotEqualTo(year1996.validators().etag());
        // The downloads run at once: 1996's may be the one confirmed last, as here.
        states.save(dev.bsee.scraper.ConditionalState.of(year1996.sourceId(), year1996.uri(), year1996.validators(),
                own.checkedAt().orElseThrow().plusSeconds(1)));

        SourceStatus status = BseeStatus.builder().baseDirectory(base).clock(CLOCK).lockWait(Duration.ZERO).check()
                .sources().stream().filter(source -> source.source().equals("ogora")).findFirst().orElseThrow();
        assertThat(status.etag()).isEqualTo(own.validators().etag());
        assertThat(status.lastModified()).isEqualTo(own.validators().lastModified());
    }

    /// A series that fails reports the bytes its archives received, as a single archive does: it
    /// reported none however much arrived (`failed 0 bytes read`), since only archives that
    /// succeeded were counted.
    @Test
    void aFailedSeriesStillReportsTheBytesItReceived() throws Exception {
        String years = "sources:\n  ogora:\n    years: [2019, 2020]\n";
        BseeSource ogora = LIVE.find("ogora").orElseThrow();
        BseeSource.Archive year2020 = archive(ogora, "ogora2020delimit.zip");
        // Far larger than the other archives (a few hundred bytes each), and cut short: the whole
        // body arrives, and the archive is refused as truncated.
        byte[] zip = BseeArchives.production(2020, 20_000, 7);
        byte[] cut = java.util.Arrays.copyOf(zip, zip.length - 30);
        server.serve(year2020.uri().getPath(), cut);

        RefreshReport failed = refresh("ogora", years);

        SourceReport series = failed.failures().stream().filter(s -> s.source().equals("ogora")).findFirst().orElseThrow();
        assertThat(series.errors().getFirst().message()).contains("ogora2020delimit.zip");
        assertThat(series.bytes()).as(failed.toJson()).isGreaterThanOrEqualTo(cut.length);
    }

    /// A series that fails reports the attempts of all its archives, the failing one's too: an
    /// archive refused after retries carries no attempt count of its own, and the series counted only
    /// the other archives'.
    @Test
    void aFailedSeriesReportsEveryAttemptOfTheArchiveThatFailedAfterARetry() throws Exception {
        String years = "sources:\n  ogora:\n    years: [2019, 2020]\n";
        BseeSource ogora = LIVE.find("ogora").orElseThrow();
        BseeSource.Archive year2020 = archive(ogora, "ogora2020delimit.zip");
        byte[] zip = archiveFor(ogora, year2020, 2);
        byte[] cut = java.util.Arrays.copyOf(zip, zip.length - 30);
        server.failFirst(year2020.uri().getPath(), 3, 503, cut);

        RefreshReport failed = refresh("ogora", years, 3);

        SourceReport series = failed.failures().stream().filter(s -> s.source().equals("ogora")).findFirst().orElseThrow();
        assertThat(series.errors().getFirst().message()).contains("ogora2020delimit.zip");
        assertThat(server.requests(year2020.uri().getPath())).isEqualTo(4);
        // The other archives (2019's and the current one's, one request each) may be stopped before
        // they ask when the failing one ends first; the failing one's four count whatever.
        assertThat(series.attempts()).as(failed.toJson()).isBetween(4, 6);
    }

    @Test
    void yearsNarrowTheSeriesAndTheCurrentYearMayBeAbsentOrPresent() throws Exception {
        RefreshReport narrowed = refresh("ogora", "sources:\n  ogora:\n    years: [2019-2020, 2026]\n");
        assertThat(narrowed.succeeded()).as(narrowed.toJson()).isTrue();
        assertThat(binNames(base.resolve("data/modules/bsee/bin/historical_production_yearly")))
                .containsExactlyInAnyOrder("ogora2019delimit", "ogora2020delimit", "ogoradelimit");
        assertThat(server.requests("/Production/Files/ogora2018delimit.zip")).isZero();
        assertThat(server.requests("/Production/Files/ogora2026delimit.zip")).isOne();

        BseeSource ogora = LIVE.find("ogora").orElseThrow();
        BseeSource.Archive current = ogora.archives(YEAR).get(YEAR - 1996);
        assertThat(current.name()).isEqualTo("ogora2026delimit.zip");
        server.serve(current.uri().getPath(), archiveFor(ogora, current, 1));
        RefreshReport published = refresh("ogora", "sources:\n  ogora:\n    years: [2019, 2020, 2026]\n");
        assertThat(published.succeeded()).as(published.toJson()).isTrue();
        assertThat(binNames(base.resolve("data/modules/bsee/bin/historical_production_yearly")))
                .containsExactlyInAnyOrder("ogora2019delimit", "ogora2020delimit", "ogora2026delimit", "ogoradelimit");

        // The current year's file is the catalog's own, whether published yet or not: status neither
        // misses it nor calls it unexpected.
        SourceStatus status = BseeStatus.builder().baseDirectory(base).clock(CLOCK).lockWait(Duration.ZERO).check()
                .sources().stream().filter(source -> source.source().equals("ogora")).findFirst().orElseThrow();
        assertThat(status.unexpectedEntries()).isEmpty();
        assertThat(status.missingEntries()).doesNotContain("ogora2026delimit.bin").contains("ogora2025delimit.bin");
    }

    /// A current year the folder holds a file of, answered with a 404 (the data center withdrew
    /// it), keeps that file, and the notice says so: it said the year was "not published yet", which
    /// the file downloaded from it showed to be untrue.
    @Test
    void aCurrentYearWithdrawnAfterItWasPublishedIsSaidToBeNoLongerPublished() throws Exception {
        BseeSource ogora = LIVE.find("ogora").orElseThrow();
        BseeSource.Archive current = archive(ogora, "ogora2026delimit.zip");
        server.serve(current.uri().getPath(), archiveFor(ogora, current, 1));
        String years = "sources:\n  ogora:\n    years: [2019, 2026]\n";
        RefreshReport published = refresh("ogora", years);
        assertThat(published.succeeded()).as(published.toJson()).isTrue();
        Path folder = base.resolve("data/modules/bsee/bin/historical_production_yearly");
        byte[] kept = Files.readAllBytes(folder.resolve("ogora2026delimit.bin"));

        server.fail(current.uri().getPath(), 404);
        RefreshReport withdrawn = refresh("ogora", years);

        assertThat(withdrawn.succeeded()).as(withdrawn.toJson()).isTrue();
        assertThat(Files.readAllBytes(folder.resolve("ogora2026delimit.bin"))).isEqualTo(kept);
        String address = server.url(current.uri().getPath()).toString();
        assertThat(notices).contains("ogora: " + address + " is no longer published (HTTP 404), though a refresh"
                + " downloaded it before; kept ogora2026delimit.bin as it was")
                .noneMatch(notice -> notice.contains("not published yet"));
    }

    /// A file of the series the refresh keeps (a withdrawn current year's, a year left out of
    /// `years`) that the team deleted is no longer listed, whether another year changed (it is
    /// written) or no archive did (the manifest is written anew without the file): every later
    /// refresh failed on "cannot keep a file that is gone" and threw the new data away, and once
    /// that was mended, a refresh where no archive changed kept listing the file, and `bsee status`
    /// said it was missing at every check.
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"withdrawn, true", "withdrawn, false", "left out, true", "left out, false"})
    void aKeptFileTheTeamDeletedIsNoLongerListed(String how, boolean anotherYearChanged) throws Exception {
        BseeSource ogora = LIVE.find("ogora").orElseThrow();
        BseeSource.Archive current = archive(ogora, "ogora2026delimit.zip");
        BseeSource.Archive y2019 = archive(ogora, "ogora2019delimit.zip");
        server.serve(current.uri().getPath(), archiveFor(ogora, current, 1));
        assertThat(refresh("ogora", "sources:\n  ogora:\n    years: [2019, 2020, 2026]\n").succeeded()).isTrue();
        Path folder = base.resolve("data/modules/bsee/bin/historical_production_yearly");
        byte[] first2019 = Files.readAllBytes(folder.resolve("ogora2019delimit.bin"));
        String deleted = how.equals("withdrawn") ? "ogora2026delimit.bin" : "ogora2020delimit.bin";
        Files.delete(folder.resolve(deleted));
        if (how.equals("withdrawn")) {
            server.fail(current.uri().getPath(), 404);
        }
        if (anotherYearChanged) {
            server.serve(y2019.uri().getPath(), archiveFor(ogora, y2019, 2));
        }
        String years = "sources:\n  ogora:\n    years: " + (how.equals("withdrawn") ? "[2019, 2020, 2026]" : "[2019, 2026]") + "\n";

        RefreshReport next = refresh("ogora", years);

        assertThat(next.succeeded()).as(next.toJson()).isTrue();
        assertThat(next.sources().getFirst().files()).extracting(FileReport::file).doesNotContain(deleted)
                .contains("ogora2019delimit.bin");
        assertThat(Arrays.equals(Files.readAllBytes(folder.resolve("ogora2019delimit.bin")), first2019))
                .isEqualTo(!anotherYearChanged);
        assertThat(folder.resolve(deleted)).doesNotExist();
        assertThat(notices).anyMatch(notice -> notice.contains(deleted + " is no longer in the folder and no longer listed"));
        RefreshConfig config = RefreshConfig.fromYaml("data:\n  enhanced_refresh: true\n  ogora: true\nsite:\n"
                + "  base_url: " + server.url("/") + "\n" + years, "catalog.yml");
        SourceStatus status = BseeStatus.builder().baseDirectory(base).config(config).check().sources().getFirst();
        assertThat(status.missingEntries()).doesNotContain(deleted);
        assertThat(status.problems()).as(status.problems().toString()).isEmpty();
        RefreshReport after = refresh("ogora", years);
        assertThat(after.sources().getFirst().outcome()).isEqualTo(SourceOutcome.UNCHANGED);
        assertThat(notices).noneMatch(notice -> notice.contains("no longer listed"));
    }

    /// A year's file the refresh keeps (a year left out of `years`) is not given up to another
    /// archive that gives a table of its name, nor does an archive new to the folder pass as this
    /// source's by naming a year's table: the refresh fails and the year's file stays as it is. Both
    /// replaced the year's file, exit 0, once the latest-month archive's new name was provided for.
    @ParameterizedTest
    @ValueSource(strings = {"an archive of the refresh", "a year new to the folder"})
    void aYearsKeptFileIsNotTakenOverByAnotherArchive(String by) throws Exception {
        BseeSource ogora = LIVE.find("ogora").orElseThrow();
        assertThat(refresh("ogora", "sources:\n  ogora:\n    years: [2019, 2020]\n").succeeded()).isTrue();
        Path folder = base.resolve("data/modules/bsee/bin/historical_production_yearly");
        byte[] kept = Files.readAllBytes(folder.resolve("ogora2019delimit.bin"));
        String taker = by.equals("an archive of the refresh") ? "ogora2020delimit.zip" : "ogora2021delimit.zip";
        Map<String, String> entries = new LinkedHashMap<>();
        if (by.equals("an archive of the refresh")) {
            entries.put("ogora2020delimit.txt", productionText(2020, 8, 5));
        }
        entries.put("ogora2019delimit.txt", productionText(2019, 3, 9));
        server.serve(archive(ogora, taker).uri().getPath(), BseeArchives.zip(entries));
        String years = by.equals("an archive of the refresh") ? "[2020]" : "[2020, 2021]";

        RefreshReport next = refresh("ogora", "sources:\n  ogora:\n    years: " + years + "\n");

        assertThat(next.succeeded()).as(next.toJson()).isFalse();
        assertThat(Files.readAllBytes(folder.resolve("ogora2019delimit.bin"))).isEqualTo(kept);
    }

    /// The series' latest-month archive under a new name (`sources.ogora.url`), giving the file the
    /// former one gave: that file is the new archive's. Kept as the former archive's, it failed
    /// every refresh on "both give ogoradelimit.bin".
    @Test
    void aLatestMonthArchiveUnderANewNameReplacesTheFileTheFormerGave() throws Exception {
        String years = "sources:\n  ogora:\n    years: [2019]\n";
        assertThat(refresh("ogora", years).succeeded()).isTrue();
        Path folder = base.resolve("data/modules/bsee/bin/historical_production_yearly");
        byte[] former = Files.readAllBytes(folder.resolve("ogoradelimit.bin"));
        server.serve("/Production/Files/ogoradelimit_v2.zip",
                BseeArchives.zip(Map.of("ogoradelimit.txt", productionText(YEAR, 9, 7))));

        String moved = years + "    url: " + server.url("/Production/Files/ogoradelimit_v2.zip") + "\n";
        // Status shows the validators of the archive at the source's address: none yet for the new
        // name. It showed those of whichever archive's state came last (a year's).
        RefreshConfig movedConfig = RefreshConfig.fromYaml("data:\n  enhanced_refresh: true\n  ogora: true\nsite:\n"
                + "  base_url: " + server.url("/") + "\n" + moved, "catalog.yml");
        SourceStatus before = BseeStatus.builder().baseDirectory(base).config(movedConfig).clock(CLOCK).check()
                .sources().getFirst();
        assertThat(before.etag()).isEmpty();
        assertThat(before.lastModified()).isEmpty();
        // Its note speaks of no ETag it does not show.
        assertThat(before.notes()).singleElement().asString().contains("ogoradelimit_v2.zip (the source's address in"
                + " this check): a refresh from ").doesNotContain("ETag");

        RefreshReport renamed = refresh("ogora", moved);

        assertThat(renamed.succeeded()).as(renamed.toJson()).isTrue();
        assertThat(Files.readAllBytes(folder.resolve("ogoradelimit.bin"))).isNotEqualTo(former);
        assertThat(renamed.sources().getFirst().files()).filteredOn(file -> file.file().equals("ogoradelimit.bin"))
                .singleElement().extracting(FileReport::entry).isEqualTo("ogoradelimit_v2.zip/ogoradelimit.txt");
    }

    /// The latest-month archive under a new name that no longer gives a table the former one gave:
    /// that table's file goes, as a table gone from an archive under its own name goes, and
    /// `bsee status` shows the new archive's validators, never the former's. Kept, the file stayed
    /// in the folder and the manifest for good, month-old, with status "all well"; and after the
    /// url was changed back, status showed the ETag of the archive at the first address, which the
    /// folder no longer held anything of.
    @Test
    void aLatestMonthArchiveUnderANewNameTakesAwayTheTablesItNoLongerGives() throws Exception {
        String years = "sources:\n  ogora:\n    years: [2019]\n";
        server.serve("/Production/Files/ogoradelimit.zip", BseeArchives.zip(Map.of(
                "ogoradelimit.txt", productionText(YEAR, 9, 3), "ogoradelimit_prev.txt", productionText(YEAR - 1, 4, 5))));
        assertThat(refresh("ogora", years).succeeded()).isTrue();
        Path folder = base.resolve("data/modules/bsee/bin/historical_production_yearly");
        assertThat(folder.resolve("ogoradelimit_prev.bin")).isRegularFile();
        server.serve("/Production/Files/ogoradelimit_v2.zip",
                BseeArchives.zip(Map.of("ogoradelimit.txt", productionText(YEAR, 9, 7))));
        String moved = years + "    url: " + server.url("/Production/Files/ogoradelimit_v2.zip") + "\n";

        RefreshReport renamed = refresh("ogora", moved);

        assertThat(renamed.succeeded()).as(renamed.toJson()).isTrue();
        SourceReport source = renamed.sources().getFirst();
        assertThat(folder.resolve("ogoradelimit_prev.bin")).doesNotExist();
        assertThat(source.files()).extracting(FileReport::entry).noneMatch(entry -> entry.startsWith("ogoradelimit.zip/"));
        assertThat(source.removedFiles()).containsExactly("ogoradelimit_prev.bin");
        assertThat(source.fileChanges()).filteredOn(file -> file.file().equals("ogoradelimit_prev.bin"))
                .singleElement().extracting(FileChange::status).isEqualTo(FileChange.Status.REMOVED);
        assertThat(notices).contains("ogora: ogoradelimit.zip is no longer the source's latest-month archive"
                + " (ogoradelimit_v2.zip is); ogoradelimit_prev.bin, which it gave, goes");
        assertThat(refresh("ogora", moved).sources().getFirst().outcome()).isEqualTo(SourceOutcome.UNCHANGED);

        // Back to the first address, whose archive has changed since: status before that refresh
        // shows no ETag (the files are the second address's), and after it the first address's.
        server.serve("/Production/Files/ogoradelimit.zip",
                BseeArchives.zip(Map.of("ogoradelimit.txt", productionText(YEAR, 10, 2))));
        RefreshConfig back = RefreshConfig.fromYaml("data:\n  enhanced_refresh: true\n  ogora: true\nsite:\n"
                + "  base_url: " + server.url("/") + "\n" + years, "catalog.yml");
        SourceStatus between = BseeStatus.builder().baseDirectory(base).config(back).clock(CLOCK).check()
                .sources().getFirst();
        assertThat(between.etag()).isEmpty();
        assertThat(between.notes()).singleElement().asString().contains("ogoradelimit_v2.zip, not from")
                .doesNotContain("ETag");
        assertThat(refresh("ogora", years).succeeded()).isTrue();
        SourceStatus after = BseeStatus.builder().baseDirectory(base).config(back).check().sources().getFirst();
        assertThat(after.etag()).hasValue(server.etag("/Production/Files/ogoradelimit.zip"));
        assertThat(after.problems()).as(after.problems().toString()).isEmpty();
    }

    /// A year the configuration leaves out whose file the folder holds (the refresh keeps it) is the
    /// catalog's as much as the years configured: `bsee status` listed it as "not expected by the
    /// catalog".
    @Test
    void aYearLeftOutWhoseFileIsKeptIsNotUnexpected() throws Exception {
        assertThat(refresh("ogora", "sources:\n  ogora:\n    years: [2019, 2020]\n").succeeded()).isTrue();
        String narrower = "sources:\n  ogora:\n    years: [2020]\n";
        assertThat(refresh("ogora", narrower).succeeded()).isTrue();
        RefreshConfig config = RefreshConfig.fromYaml("data:\n  enhanced_refresh: true\n  ogora: true\nsite:\n"
                + "  base_url: " + server.url("/") + "\n" + narrower, "catalog.yml");

        SourceStatus status = BseeStatus.builder().baseDirectory(base).config(config).check().sources().getFirst();

        assertThat(base.resolve("data/modules/bsee/bin/historical_production_yearly/ogora2019delimit.bin")).isRegularFile();
        assertThat(status.unexpectedEntries()).isEmpty();
        assertThat(status.missingEntries()).isEmpty();
    }

    /// A kept file of the series the team deleted is reported as missing from the folder, not as a
    /// gone entry whose file "was left in the folder", and is no schema drift: the archive was not
    /// read, and the file was not in the folder.
    @ParameterizedTest
    @ValueSource(strings = {"withdrawn", "left out"})
    void aKeptFileTheTeamDeletedIsNoSchemaDrift(String how) throws Exception {
        BseeSource ogora = LIVE.find("ogora").orElseThrow();
        BseeSource.Archive current = archive(ogora, "ogora2026delimit.zip");
        server.serve(current.uri().getPath(), archiveFor(ogora, current, 1));
        assertThat(refresh("ogora", "sources:\n  ogora:\n    years: [2019, 2020, 2026]\n").succeeded()).isTrue();
        Path folder = base.resolve("data/modules/bsee/bin/historical_production_yearly");
        String deleted = how.equals("withdrawn") ? "ogora2026delimit.bin" : "ogora2020delimit.bin";
        Files.delete(folder.resolve(deleted));
        if (how.equals("withdrawn")) {
            server.fail(current.uri().getPath(), 404);
        }

        RefreshReport next = refresh("ogora", "sources:\n  ogora:\n    years: "
                + (how.equals("withdrawn") ? "[2019, 2020, 2026]" : "[2019, 2026]") + "\n");

        assertThat(next.succeeded()).as(next.toJson()).isTrue();
        SourceReport source = next.sources().getFirst();
        assertThat(source.fileChanges()).filteredOn(file -> file.file().equals(deleted))
                .singleElement().extracting(FileChange::status).isEqualTo(FileChange.Status.MISSING);
        assertThat(source.schemaDrift()).isEmpty();
        assertThat(next.toJson()).contains("\"status\" : \"missing\"").doesNotContain("left_alone");
    }

    /// The notice of a year not published yet names its address without the user info, as every
    /// address the refresh names: with a mirror's password in `site.base_url`, every refresh of the
    /// series early in the year printed it.
    @Test
    void aYearNotPublishedYetIsNamedWithoutThePasswordInItsAddress() throws Exception {
        String site = "http://mirror-user:s3cret@" + server.url("/").getRawAuthority() + "/";
        RefreshConfig config = RefreshConfig.fromYaml("""
                data:
                  enhanced_refresh: true
                  ogora: true
                site:
                  base_url: %s
                sources:
                  ogora:
                    years: [2019, 2026]
                """.formatted(site), "catalog.yml");
        RefreshReport report = BseeRefresh.builder().config(config).baseDirectory(base).clock(CLOCK)
                .listener(event -> {
                    if (event instanceof dev.bsee.core.ProgressEvent.Notice notice) {
                        notices.add(notice.source() + ": " + notice.message());
                    }
                })
                .backoff(Duration.ZERO, Duration.ZERO).run();

        assertThat(report.succeeded()).as(report.toJson()).isTrue();
        assertThat(notices).noneMatch(notice -> notice.contains("s3cret")).contains("ogora: http://***@"
                + server.url("/").getRawAuthority() + "/Production/Files/ogora2026delimit.zip is not published yet"
                + " (HTTP 404); kept what the folder holds for it");
    }

    @Test
    void downloadsOverlapUpToTheBoundPerHost() throws Exception {
        List<String> ids = List.of("fmp", "lab", "osfr", "incinv", "deepqual");
        for (String id : ids) {
            BseeSource source = LIVE.find(id).orElseThrow();
            byte[] zip = archiveFor(source, source.archives(YEAR).getFirst(), 1);
            server.stall(source.uri().getPath(), zip, zip.length / 2);
        }
        StringBuilder flags = new StringBuilder();
        ids.forEach(id -> flags.append("  ").append(id).append(": true\n"));
        RefreshConfig config = RefreshConfig.fromYaml("data:\n  enhanced_refresh: true\n" + flags
                + "site:\n  base_url: " + server.url("/") + "\nprocessing:\n  downloads_per_host: 2\n", "t.yml");
        CompletableFuture<RefreshReport> run = CompletableFuture.supplyAsync(() -> BseeRefresh.builder().config(config)
                .baseDirectory(base).clock(CLOCK).run());

        awaitTrue(() -> server.inFlight() == 2);
        for (String id : ids) {
            server.release(LIVE.find(id).orElseThrow().uri().getPath());
        }
        RefreshReport report = run.get(2, TimeUnit.MINUTES);

        assertThat(report.succeeded()).as(report.toJson()).isTrue();
        assertThat(report.sources()).extracting(SourceReport::source).containsExactlyElementsOf(
                LIVE.sources().stream().map(BseeSource::id).filter(ids::contains).toList());
        assertThat(server.maxInFlight()).isEqualTo(2);
        assertThat(server.requests()).isEqualTo(ids.size());
    }

    /// A generated archive shaped like the real one: the catalog's expected entries (or one entry
    /// named after the source), in a subfolder for the consolidated `*RawData.zip` archives, with a
    /// header row; the production archives headerless with the 19 columns.
    static byte[] archiveFor(BseeSource source, BseeSource.Archive archive, int version) {
        String name = archive.name();
        String stem = name.substring(0, name.lastIndexOf('.'));
        boolean production = !source.layout().equals(dev.bsee.core.TableLayout.headerRow());
        Map<String, String> entries = new LinkedHashMap<>();
        if (source.yearly().isPresent()) {
            int year = stem.matches(".*\\d{4}.*") ? Integer.parseInt(stem.replaceAll("\\D", "")) : YEAR;
            entries.put(stem + ".txt", productionText(year, 5 + version, version));
        } else {
            String folder = name.contains("RawData") ? stem + "/" : "";
            List<String> names = source.expectedEntries().isEmpty() ? List.of("mv_" + source.id() + "_all")
                    : source.expectedEntries().stream().sorted().toList();
            for (String entry : names) {
                entries.put(folder + entry + ".txt", production ? productionText(2024, 6, version)
                        : "ID,NAME,AMOUNT\r\n1,\"" + entry + "\",10\r\n2,B," + version + "\r\n");
            }
        }
        return BseeArchives.zip(entries);
    }

    private static String productionText(int year, int rows, long seed) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(BseeArchives.production(year, rows, seed)))) {
            zip.getNextEntry();
            return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> binNames(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).peek(n -> assertThat(n).endsWith(".bin"))
                    .map(n -> n.substring(0, n.length() - 4)).collect(java.util.stream.Collectors.toSet());
        }
    }

    /// Every `.bin` and manifest under the bin root with its modification time and bytes (the
    /// download state is left out: a confirmation updates its "checked at").
    private Map<String, String> snapshot() throws IOException {
        Path root = base.resolve("data/modules/bsee/bin");
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String name = root.relativize(file).toString().replace('\\', '/');
                if (name.endsWith(".bin") || name.endsWith("manifest.json")) {
                    FileTime time = Files.getLastModifiedTime(file);
                    files.put(name, time.toInstant() + " " + HexFormat.of().formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
                }
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        return files;
    }
}
