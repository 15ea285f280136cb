package dev.bsee.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bsee.bridge.internal.FolderLock;
import dev.bsee.bridge.internal.OutputFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/// `BseeStatus` on folders a real refresh wrote (archives from a loopback HTTP server), with an
/// injected clock for ages.
class BseeStatusTest {

    @RegisterExtension
    static final ArchiveServer server = ArchiveServer.forClass();

    @TempDir
    Path base;

    private long rowsWritten;


    private Path bin(String folder) {
        return base.resolve("data/modules/bsee/bin").resolve(folder);
    }

    /// Refreshes `well` from the server; returns when the manifest says it was written.
    private Instant refreshWell(String path) throws IOException {
        server.serve(path, BseeArchives.apd(25, 7));
        RefreshReport report = refresh(path, Clock.systemUTC());
        assertThat(report.succeeded()).as(report.toJson()).isTrue();
        rowsWritten = report.sources().getFirst().rows();
        return Instant.parse(new ObjectMapper().readTree(manifest("apd").toFile()).path("written").asText());
    }

    /// The configuration of an enhanced refresh of `well` from what the server serves at `path`.
    private RefreshConfig wellConfig(String path) throws ConfigException {
        return RefreshConfig.fromYaml("""
                data:
                  enhanced_refresh: true
                  well: true
                sources:
                  well:
                    url: %s
                """.formatted(server.url(path)), "test.yml");
    }

    /// Refreshes `well` from what the server serves at `path`, at `clock`'s time.
    private RefreshReport refresh(String path, Clock clock) throws IOException {
        return BseeRefresh.builder().config(wellConfig(path)).baseDirectory(base)
                .backoff(Duration.ZERO, Duration.ZERO).clock(clock).run();
    }

    private Path manifest(String folder) {
        return base.resolve("data/modules/bsee/bin/.bsee").resolve(folder).resolve("manifest.json");
    }

    private StatusReport status(Instant now) {
        return BseeStatus.builder().baseDirectory(base).clock(Clock.fixed(now, ZoneOffset.UTC)).lockWait(Duration.ZERO)
                .check();
    }

    /// A clock whose time no year can hold (`Clock.fixed(Instant.MAX, ...)`, a test's mistake) is
    /// refused naming the option, before anything is written; the refresh threw the JDK's
    /// DateTimeException from `Year.now`, which named no option.
    @Test
    void aClockOutsideTheYearsThatCanBeDatedIsRefusedNamingTheOption() throws IOException {
        for (Instant far : new Instant[] {Instant.MAX, Instant.MIN, Instant.parse("+10000-01-01T00:00:00Z")}) {
            Clock clock = Clock.fixed(far, ZoneOffset.UTC);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> refresh("/far/apd.zip", clock))
                    .as(far.toString()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("clock must give a time within the years 1 to 9999: " + far);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> BseeStatus.builder().baseDirectory(base)
                            .clock(clock).check())
                    .as(far.toString()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("clock must give a time within the years 1 to 9999: " + far);
        }
        assertThat(base.resolve("data")).doesNotExist();
        assertThat(refresh("/far/apd.zip", Clock.fixed(Instant.parse("9999-12-31T23:00:00Z"), ZoneOffset.UTC))
                .sources()).isNotEmpty();
    }

    /// A check on a thread already interrupted (an application cancelling it) says so: it said
    /// `cannot check DIR: null`, the message of the lock's `ClosedByInterruptException`.
    @Test
    void aCheckOnAnInterruptedThreadSaysItWasInterrupted() throws IOException {
        refreshWell("/interrupted/apd.zip");
        SourceStatus status;
        Thread.currentThread().interrupt();
        try {
            status = BseeStatus.builder().baseDirectory(base).lockWait(Duration.ZERO)
                    .config(wellConfig("/interrupted/apd.zip")).check().sources().getFirst();
        } finally {
            Thread.interrupted();
        }
        assertThat(status.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem).doesNotEndWith(": null"));
        assertThat(status.problems()).anySatisfy(problem -> assertThat(problem).contains("interrupted"));
    }

    /// Validators belong to the address they came from: after `sources.well.url` names another, the
    /// next refresh downloads unconditionally, and status says the ETag it shows is the former
    /// address's. It showed that ETag beside the new address as if it were its.
    @Test
    void aSourceWhoseAddressChangedSaysItsValidatorsAreTheFormerAddresss() throws IOException {
        Instant written = refreshWell("/before/apd.zip");

        SourceStatus same = BseeStatus.builder().baseDirectory(base).lockWait(Duration.ZERO)
                .config(wellConfig("/before/apd.zip"))
                .clock(Clock.fixed(written.plusSeconds(60), ZoneOffset.UTC)).check().sources().getFirst();
        SourceStatus moved = BseeStatus.builder().baseDirectory(base).lockWait(Duration.ZERO)
                .config(wellConfig("/after/apd.zip"))
                .clock(Clock.fixed(written.plusSeconds(60), ZoneOffset.UTC)).check().sources().getFirst();

        assertThat(same.notes()).isEmpty();
        assertThat(moved.etag()).isEqualTo(same.etag()).isPresent();
        assertThat(moved.notes()).containsExactly("the files are those downloaded from " + server.url("/before/apd.zip")
                + ", not from " + server.url("/after/apd.zip") + " (the source's address in this check): the ETag and"
                + " Last-Modified are the former address's, and a refresh from " + server.url("/after/apd.zip")
                + " downloads it unconditionally");
    }

    /// A configuration's `site.base_url` (a mirror) is the site status takes the catalog's addresses
    /// from, as the refresh of that configuration does. Status took them from the live site: every
    /// source refreshed from the mirror (all of `bsee demo`'s) was said to have validators of a
    /// former address, and its next refresh to download unconditionally, which it does not.
    @Test
    void theConfigurationsSiteIsTheOneStatusComparesAddressesWith() throws IOException {
        server.serve("/mirror/Well/Files/APDRawData.zip", BseeArchives.apd(25, 7));
        RefreshConfig mirrored = RefreshConfig.fromYaml("""
                data:
                  enhanced_refresh: true
                  well: true
                site:
                  base_url: %s
                """.formatted(server.url("/mirror/")), "test.yml");
        RefreshReport report = BseeRefresh.builder().config(mirrored).baseDirectory(base)
                .backoff(Duration.ZERO, Duration.ZERO).run();
        assertThat(report.succeeded()).as(report.toJson()).isTrue();

        SourceStatus well = BseeStatus.builder().baseDirectory(base).lockWait(Duration.ZERO).config(mirrored)
                .check().sources().getFirst();
        SourceStatus live = BseeStatus.builder().baseDirectory(base).lockWait(Duration.ZERO).check()
                .sources().getFirst();

        assertThat(well.source()).isEqualTo("apd");
        assertThat(well.notes()).isEmpty();
        assertThat(well.etag()).isPresent();
        // Without the configuration the catalog's address is the live site's, which the files are not
        // from; no configuration names it, and the note says of it only what it is.
        assertThat(live.notes()).singleElement().asString().startsWith("the files are those downloaded from "
                + server.url("/mirror/Well/Files/APDRawData.zip") + ", not from https://www.data.bsee.gov/Well/Files/"
                + "APDRawData.zip (the source's address in this check): ").doesNotContain("configuration");
    }

    /// A refresh stopped between its commit and saving its download state leaves the state of the
    /// version before: status showed that version's ETag beside the new files.
    @Test
    void theValidatorsShownAreThoseOfTheFilesTheFolderHolds() throws IOException {
        Instant written = refreshWell("/validators/apd.zip");
        String etag = new ObjectMapper().readTree(manifest("apd").toFile()).path("etag").asText();
        Path state = manifest("apd").resolveSibling("state");
        dev.bsee.scraper.ConditionalStateStore.open(state).save(dev.bsee.scraper.ConditionalState.of("apd",
                server.url("/validators/apd.zip"), dev.bsee.scraper.Validators.of("\"an-older-version\"",
                        "Mon, 01 Jan 2024 00:00:00 GMT"), written));

        SourceStatus well = status(written.plus(Duration.ofHours(1))).sources().getFirst();

        assertThat(etag).startsWith("\"");
        assertThat(well.etag()).hasValue(etag);
        assertThat(well.lastModified()).hasValue("Wed, 01 May 2024 02:00:00 GMT");
    }

    @Test
    void aFreshFolderIsHealthyAndItsAgeCountsAgainstItsCadence() throws IOException {
        Instant written = refreshWell("/fresh/apd.zip");

        StatusReport fresh = status(written.plus(Duration.ofHours(35)));

        assertThat(fresh.healthy()).as(fresh.toJson()).isTrue();
        SourceStatus well = fresh.sources().getFirst();
        assertThat(well.source()).isEqualTo("apd");
        assertThat(well.folder()).isEqualTo(bin("apd"));
        assertThat(well.freshness()).isEqualTo(Freshness.FRESH);
        assertThat(well.lastRefresh()).hasValue(written);
        assertThat(well.age()).hasValue(Duration.ofHours(35));
        assertThat(well.staleAfter()).isEqualTo(Duration.ofHours(36));
        assertThat(well.files()).isEqualTo(2);
        assertThat(well.rows()).hasValue(rowsWritten);
        assertThat(well.etag()).hasValueSatisfying(etag -> assertThat(etag).startsWith("\""));
        assertThat(well.lastModified()).hasValue("Wed, 01 May 2024 02:00:00 GMT");

        StatusReport stale = status(written.plus(Duration.ofHours(37)));

        assertThat(stale.healthy()).isFalse();
        assertThat(stale.sources().getFirst().freshness()).isEqualTo(Freshness.STALE);
        assertThat(stale.problems()).singleElement().asString().startsWith("apd: stale: last refreshed " + written)
                .contains("37 h ago (stale after 36 h)");
        JsonNode json = new ObjectMapper().readTree(stale.toJson());
        assertThat(json.path("healthy").asBoolean()).isFalse();
        JsonNode source = json.path("sources").get(0);
        assertThat(source.path("freshness").asText()).isEqualTo("stale");
        assertThat(source.path("age_seconds").asLong()).isEqualTo(37 * 3600);
        assertThat(source.path("stale_after_seconds").asLong()).isEqualTo(36 * 3600);
        assertThat(source.path("files").asInt()).isEqualTo(2);
        assertThat(source.path("rows").asLong()).isEqualTo(rowsWritten);
        assertThat(source.path("last_refresh").asText()).isEqualTo(written.toString());
        assertThat(source.path("etag").asText()).startsWith("\"");
        assertThat(source.path("last_modified").asText()).isEqualTo("Wed, 01 May 2024 02:00:00 GMT");
    }

    /// A refresh recorded in the future (a clock set wrong, a hand edit) counted as fresh for ever;
    /// past an hour's difference between clocks its freshness cannot be told, which is a problem.
    @Test
    void aRefreshRecordedInTheFutureIsAProblemNotFresh() throws IOException {
        Instant written = refreshWell("/future/apd.zip");

        StatusReport slightlyAhead = status(written.minus(Duration.ofMinutes(30)));
        assertThat(slightlyAhead.healthy()).as(slightlyAhead.toJson()).isTrue();

        StatusReport behind = status(written.minus(Duration.ofDays(3)));
        assertThat(behind.healthy()).isFalse();
        SourceStatus well = behind.sources().getFirst();
        assertThat(well.freshness()).isEqualTo(Freshness.UNKNOWN);
        assertThat(behind.problems()).singleElement().asString().contains("is recorded at " + written)
                .contains("later than now");
    }

    /// A manifest a newer version wrote: status said "never refreshed: no manifest" and listed every
    /// file as not written by a refresh, then named the format twice.
    @Test
    void aManifestOfANewerVersionIsNamedOnceWithItsRemedyNotTakenForNone() throws IOException {
        Instant written = refreshWell("/newer/apd.zip");
        Path manifest = manifest("apd");
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"format\" ?: ?1,", "\"format\" : 2,"));

        StatusReport report = status(written.plus(Duration.ofMinutes(5)));

        SourceStatus well = report.sources().getFirst();
        assertThat(well.freshness()).isEqualTo(Freshness.UNKNOWN);
        assertThat(report.problems()).singleElement().asString().contains("written by a newer version of bsee (format 2")
                .contains("refresh the folder with that version").doesNotContain("never refreshed");
    }

    /// A download state line of a newer version (a field more) is read, no problem; a damaged state
    /// is a problem naming the file once. It was called damaged, and the path said twice (`download
    /// state P is damaged: P, line 2: ...`).
    @Test
    void aDownloadStateOfANewerVersionIsReadAndADamagedOneNamedOnce() throws IOException {
        Instant written = refreshWell("/state/apd.zip");
        Path state = base.resolve("data/modules/bsee/bin/.bsee/apd/state");
        String line = Files.readAllLines(state).stream().filter(l -> l.startsWith("apd\t")).findFirst().orElseThrow();
        Files.writeString(state, line + "\tsha256:ab\n");

        assertThat(status(written.plus(Duration.ofMinutes(5))).problems()).isEmpty();

        Files.writeString(state, "# state\n" + line.substring(0, line.lastIndexOf('\t')) + "\n");
        assertThat(status(written.plus(Duration.ofMinutes(5))).problems()).singleElement().asString()
                .isEqualTo("apd: download state " + state + " is damaged: line 2: malformed conditional state: expected 5"
                        + " tab-separated fields, found 4");
    }

    /// The first versions named a source in its manifest by the Python configuration's name (`well`,
    /// `production`), the catalog's id since (`apd`, `production_raw`). Status took such a folder
    /// for another source's ("the manifest ... is source well's"), unknown, every file not written by
    /// a refresh; the next refresh kept a copy of each file it replaced as not its own and called it
    /// replaced, and no file of an entry gone was ever removed. The manifest is the source's own.
    @Test
    void aManifestNamingTheSourceByItsPythonNameIsTheSourcesOwn() throws IOException {
        Instant written = refreshWell("/first/apd.zip");
        Path manifest = manifest("apd");
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"source\" ?: ?\"apd\"", "\"source\" : \"well\""));
        assertThat(Files.readString(manifest)).contains("\"well\"");

        StatusReport report = status(written.plus(Duration.ofMinutes(5)));

        SourceStatus well = report.sources().getFirst();
        assertThat(well.freshness()).as(report.problems().toString()).isEqualTo(Freshness.FRESH);
        assertThat(report.problems()).isEmpty();
        assertThat(well.untrackedFiles()).isEmpty();

        server.serve("/first/apd.zip", BseeArchives.apd(20, 8));
        RefreshReport next = refresh("/first/apd.zip", Clock.systemUTC());
        assertThat(next.succeeded()).as(next.toJson()).isTrue();
        assertThat(next.sources().getFirst().fileChanges()).isNotEmpty()
                .allSatisfy(change -> assertThat(change.status()).as(change.file()).isEqualTo(FileChange.Status.CHANGED));
        assertThat(manifest.resolveSibling("replaced")).doesNotExist();
        assertThat(new ObjectMapper().readTree(manifest.toFile()).path("source").asText()).isEqualTo("apd");
    }

    @Test
    void aFailedRefreshIsAProblemUntilARefreshSucceeds() throws IOException {
        Instant written = refreshWell("/failing/apd.zip");
        byte[] manifestBefore = Files.readAllBytes(manifest("apd"));
        server.serve("/failing/apd.zip", "<html><body>Service unavailable</body></html>".getBytes(StandardCharsets.UTF_8));
        Instant failedAt = written.plus(Duration.ofHours(2));
        RefreshReport failed = refresh("/failing/apd.zip", Clock.fixed(failedAt, ZoneOffset.UTC));
        assertThat(failed.succeeded()).isFalse();

        StatusReport afterFailure = status(failedAt.plus(Duration.ofMinutes(5)));

        assertThat(afterFailure.healthy()).as(afterFailure.toJson()).isFalse();
        SourceStatus well = afterFailure.sources().getFirst();
        assertThat(well.freshness()).as("the files are those of the refresh before").isEqualTo(Freshness.FRESH);
        assertThat(well.files()).isEqualTo(2);
        assertThat(well.failedAt()).hasValue(failedAt);
        assertThat(well.failure()).hasValueSatisfying(message -> assertThat(message).contains("not a zip archive"));
        assertThat(well.problems()).singleElement().asString().startsWith("the last refresh failed at " + failedAt + ": ")
                .contains("not a zip archive").endsWith("(the files are those of the refresh before it)");
        JsonNode json = new ObjectMapper().readTree(afterFailure.toJson()).path("sources").path(0);
        assertThat(json.path("failed_at").asText()).isEqualTo(failedAt.toString());
        assertThat(json.path("failure").asText()).isEqualTo(well.failure().orElseThrow());
        assertThat(Files.readAllBytes(manifest("apd"))).as("the manifest is as it was").isEqualTo(manifestBefore);

        refreshWell("/failing/apd.zip");

        StatusReport afterSuccess = status(failedAt.plus(Duration.ofMinutes(10)));
        assertThat(afterSuccess.healthy()).as(afterSuccess.toJson()).isTrue();
        assertThat(afterSuccess.sources().getFirst().failedAt()).isEmpty();
        assertThat(afterSuccess.sources().getFirst().failure()).isEmpty();
    }

    /// A first refresh that failed leaves no folder and no manifest, only its failure record: the
    /// source is still reported, never refreshed and failed. With the configuration given, a source
    /// it downloads is reported even when nothing at all was recorded for it.
    @Test
    void aSourceWhoseFirstRefreshFailedIsReportedNotLeftOut() throws IOException {
        server.serve("/first-failure/apd.zip", "<html>down</html>".getBytes(StandardCharsets.UTF_8));
        Instant failedAt = Instant.parse("2026-03-01T00:00:00Z");
        assertThat(refresh("/first-failure/apd.zip", Clock.fixed(failedAt, ZoneOffset.UTC)).succeeded()).isFalse();
        assertThat(bin("apd")).doesNotExist();

        StatusReport report = status(failedAt.plusSeconds(60));

        assertThat(report.healthy()).as(report.toJson()).isFalse();
        SourceStatus well = report.sources().stream().filter(s -> s.source().equals("apd")).findFirst()
                .orElseThrow(() -> new AssertionError("apd is left out: " + report.toJson()));
        assertThat(well.freshness()).isEqualTo(Freshness.NEVER);
        assertThat(well.failedAt()).hasValue(failedAt);
        // No earlier refresh wrote files for the failed one to leave in place.
        assertThat(well.problems()).anySatisfy(problem -> assertThat(problem).startsWith("the last refresh failed at")
                .endsWith("(no manifest records an earlier refresh's files)"));

        String yaml = "data:\n  enhanced_refresh: true\n  war: true\n";
        StatusReport configured = BseeStatus.builder().baseDirectory(base).config(RefreshConfig.fromYaml(yaml, "t.yml"))
                .clock(Clock.fixed(failedAt, ZoneOffset.UTC)).lockWait(Duration.ZERO).check();
        assertThat(configured.sources()).extracting(SourceStatus::source).contains("war", "apd");
        assertThat(configured.sources().stream().filter(s -> s.source().equals("war")).findFirst().orElseThrow()
                .problems()).singleElement().asString().startsWith("never refreshed");
    }

    /// A first refresh stopped before its commit (Ctrl-C) leaves only its staged files in
    /// `.bsee/<folder>/tmp`; the refresh says the next refresh or `bsee status` removes them, but the
    /// check passed over a folder that did not exist and left 29 MB where they were.
    @Test
    void theStagedFilesOfAStoppedFirstRefreshAreRemovedByTheCheck() throws IOException {
        Path staged = base.resolve("data/modules/bsee/bin/.bsee/production_raw/tmp/run-"
                + java.util.UUID.randomUUID() + "/ogora2008delimit.bin");
        Files.createDirectories(staged.getParent());
        Files.writeString(staged, "half written");

        StatusReport report = status(Instant.parse("2026-03-01T00:00:00Z"));

        SourceStatus production = report.sources().stream().filter(s -> s.source().equals("production_raw")).findFirst()
                .orElseThrow(() -> new AssertionError("production_raw is left out: " + report.toJson()));
        assertThat(production.freshness()).isEqualTo(Freshness.NEVER);
        assertThat(production.repairs()).anySatisfy(r -> assertThat(r).startsWith("removed stale temporary"));
        assertThat(staged.getParent()).doesNotExist();
        assertThat(bin("production_raw")).doesNotExist();
    }

    /// A file in the temporaries that the tool did not make is left alone, and said as a note: it
    /// was listed among the repairs (`repaired: left ... alone`), at every check, though nothing
    /// was done.
    @Test
    void aStrangerLeftAloneInTheTemporariesIsANoteNotARepair() throws IOException {
        Path stranger = base.resolve("data/modules/bsee/bin/.bsee/production_raw/tmp/notes.txt");
        Path staged = stranger.resolveSibling("run-" + java.util.UUID.randomUUID() + "/ogora2008delimit.bin");
        Files.createDirectories(staged.getParent());
        Files.writeString(stranger, "mine");
        Files.writeString(staged, "half written");

        StatusReport report = status(Instant.parse("2026-03-01T00:00:00Z"));

        SourceStatus production = report.sources().stream().filter(s -> s.source().equals("production_raw")).findFirst()
                .orElseThrow(() -> new AssertionError("production_raw is left out: " + report.toJson()));
        assertThat(production.repairs()).singleElement().asString().startsWith("removed stale temporary");
        assertThat(production.notes()).singleElement().asString().startsWith("left " + stranger + " alone");
        assertThat(stranger).hasContent("mine");
    }

    @Test
    void aDamagedFailureRecordIsAProblemNamingTheFile() throws IOException {
        Instant written = refreshWell("/damaged-record/apd.zip");
        Path record = manifest("apd").resolveSibling("last-failure.json");
        Files.writeString(record, "{\"failed_at\": \"yesterday\", \"message\": \"x\"}");

        StatusReport report = status(written.plus(Duration.ofMinutes(1)));

        assertThat(report.healthy()).isFalse();
        assertThat(report.sources().getFirst().failure()).isEmpty();
        assertThat(report.sources().getFirst().problems()).singleElement().asString()
                .startsWith("failure record " + record + " is damaged: ");
    }

    @Test
    void tamperedMissingAndForeignFilesAreProblemsButAnAnalystsOwnBinIsNot() throws Exception {
        Instant written = refreshWell("/tamper/apd.zip");
        Path data = bin("apd").resolve("mv_apddata_all.bin");
        byte[] bytes = Files.readAllBytes(data);
        Files.write(bin("apd").resolve("my_own_table.bin"), bytes);
        bytes[bytes.length / 2] ^= 1; // same size, different content
        Files.write(data, bytes);
        Files.delete(bin("apd").resolve("mv_apd_main_all.bin"));
        Files.writeString(bin("apd").resolve("notes.txt"), "an analyst's notes");
        Files.createDirectory(bin("apd").resolve("old"));
        // A name with an escape sequence: the problem sentence is escaped, the field keeps the name.
        Files.writeString(bin("apd").resolve("x\u001b[2J"), "");
        // Named with what they are: `extra.bin` alone read as a .bin refused for nothing.
        Files.createSymbolicLink(bin("apd").resolve("linked.bin"), Path.of("/dev/zero"));
        assertThat(new ProcessBuilder("mkfifo", bin("apd").resolve("piped.bin").toString()).start().waitFor()).isZero();

        StatusReport report = status(written.plusSeconds(60));

        SourceStatus well = report.sources().getFirst();
        assertThat(well.tamperedFiles()).containsExactly("mv_apddata_all.bin");
        assertThat(well.missingEntries()).containsExactly("mv_apd_main_all.bin");
        assertThat(well.foreignFiles()).containsExactly("linked.bin (a symbolic link)", "notes.txt", "old/",
                "piped.bin (a pipe, socket or device)", "x\u001b[2J");
        assertThat(well.untrackedFiles()).containsExactly("my_own_table.bin");
        assertThat(report.healthy()).isFalse();
        assertThat(report.problems()).containsExactly(
                "apd: missing mv_apd_main_all.bin",
                "apd: no longer as written (size or SHA-256 differs from the manifest, or a read permission was removed): mv_apddata_all.bin",
                "apd: do not belong in the folder (only .bin files may be there): linked.bin (a symbolic link),"
                        + " notes.txt, old/, piped.bin (a pipe, socket or device), x\\e[2J");
        JsonNode source = new ObjectMapper().readTree(report.toJson()).path("sources").get(0);
        assertThat(source.path("tampered_files").toString()).isEqualTo("[\"mv_apddata_all.bin\"]");
        assertThat(source.path("missing_entries").toString()).isEqualTo("[\"mv_apd_main_all.bin\"]");
        assertThat(source.path("foreign_files").toString()).isEqualTo("[\"linked.bin (a symbolic link)\",\"notes.txt\","
                + "\"old/\",\"piped.bin (a pipe, socket or device)\",\"x\\u001B[2J\"]");
        assertThat(source.path("untracked_files").toString()).isEqualTo("[\"my_own_table.bin\"]");
    }

    /// `status` and the refresh give one answer of whether a file is as written: a file the next
    /// refresh writes again (an edit in place or a rename over it at the same size and last-modified
    /// time, a read permission removed) is no longer as written, in the text and in `--json`; a file only
    /// touched and given to its group to write is as written, and its rows count.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(OutputChanges.class)
    void aFileTheNextRefreshWritesAgainIsNoLongerAsWrittenAndATouchedOneIs(OutputChanges change) throws IOException {
        Instant written = refreshWell("/as-written-" + change.ordinal() + "/apd.zip");
        Path data = bin("apd").resolve("mv_apddata_all.bin");
        OutputChanges.touch(bin("apd").resolve("mv_apd_main_all.bin"));
        OutputChanges.giveTheGroupWriteAccess(bin("apd").resolve("mv_apd_main_all.bin"));
        change.apply(data);

        StatusReport report = status(written.plusSeconds(60));

        SourceStatus well = report.sources().getFirst();
        assertThat(well.tamperedFiles()).as(report.toJson()).containsExactly("mv_apddata_all.bin");
        assertThat(report.problems()).containsExactly("apd: no longer as written (size or SHA-256 differs from the"
                + " manifest, or a read permission was removed): mv_apddata_all.bin");
        JsonNode source = new ObjectMapper().readTree(report.toJson()).path("sources").get(0);
        assertThat(source.path("tampered_files").toString()).isEqualTo("[\"mv_apddata_all.bin\"]");
        assertThat(well.rows().orElseThrow()).as("the touched file's rows count").isPositive().isLessThan(rowsWritten);
    }

    /// An untracked `.bin` that cannot be a whole pickle stops the analysis code that loads every
    /// file of the folder: status said "all well" of an empty one, a cut one and an AppleDouble file.
    /// A file the folder lists under another spelling of the name the manifest gives it: on a file
    /// system that ignores case, where a refresh moved `MV_X.bin` over `mv_x.bin` and the listing
    /// goes on showing `mv_x.bin`, status called the manifest's name missing and the listed one not
    /// written by a refresh. A hard link of another case stands for the listing's name here.
    @Test
    void aFileListedUnderAnotherSpellingOfItsNameIsTheManifestsFile() throws IOException {
        Instant written = refreshWell("/spelling/apd.zip");
        Path bin = bin("apd");
        Files.createLink(bin.resolve("MV_APDDATA_ALL.bin"), bin.resolve("mv_apddata_all.bin"));

        StatusReport report = status(written.plusSeconds(60));

        assertThat(report.sources().getFirst().untrackedFiles()).isEmpty();
        assertThat(report.problems()).isEmpty();
        assertThat(report.healthy()).isTrue();
    }

    @Test
    void anUntrackedBinThatIsNoWholePickleIsAProblem() throws IOException {
        Instant written = refreshWell("/unloadable/apd.zip");
        Path bin = bin("apd");
        byte[] pickle = Files.readAllBytes(bin.resolve("mv_apddata_all.bin"));
        Files.write(bin.resolve("my_own_table.bin"), pickle);
        // pickle.load stops at STOP: a line end after it loads the same.
        Files.write(bin.resolve("with_newline.bin"), pickle);
        Files.write(bin.resolve("with_newline.bin"), new byte[] {'\n'}, java.nio.file.StandardOpenOption.APPEND);
        Files.write(bin.resolve("cut.bin"), java.util.Arrays.copyOf(pickle, pickle.length / 2));
        Files.write(bin.resolve("empty.bin"), new byte[0]);
        Files.write(bin.resolve("._mv_apddata_all.bin"), new byte[] {0, 5, 22, 7, 0, 2, 0, 0});

        StatusReport report = status(written.plusSeconds(60));

        assertThat(report.sources().getFirst().untrackedFiles())
                .containsExactly("._mv_apddata_all.bin", "cut.bin", "empty.bin", "my_own_table.bin", "with_newline.bin");
        assertThat(report.healthy()).isFalse();
        assertThat(report.problems()).containsExactly(
                "apd: " + bin.resolve("._mv_apddata_all.bin") + " is not a whole pickle (it is macOS metadata, an"
                        + " AppleDouble file): code that loads every file of the folder fails on it",
                "apd: " + bin.resolve("cut.bin") + " is not a whole pickle (it does not end with the pickle STOP"
                        + " opcode: cut short?): code that loads every file of the folder fails on it",
                "apd: " + bin.resolve("empty.bin") + " is not a whole pickle (it is empty): code that loads every file"
                        + " of the folder fails on it");
    }

    @Test
    void anInterruptedCommitIsCompletedBeforeTheFolderIsChecked() throws IOException {
        Instant written = refreshWell("/commit/apd.zip");
        // What a refresh killed between its journal and its moves leaves: a staged file, the journal.
        Path meta = base.resolve("data/modules/bsee/bin/.bsee/apd");
        String run = "tmp/run-" + java.util.UUID.randomUUID();
        Files.createDirectories(meta.resolve(run));
        Files.move(bin("apd").resolve("mv_apd_main_all.bin"), meta.resolve(run + "/mv_apd_main_all.bin"));
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode journal = mapper.createObjectNode();
        journal.putArray("moves").addObject().put("from", run + "/mv_apd_main_all.bin").put("to", "mv_apd_main_all.bin");
        journal.putArray("remove");
        journal.set("manifest", mapper.readTree(manifest("apd").toFile()));
        Files.writeString(meta.resolve("commit.json"), mapper.writeValueAsString(journal));

        StatusReport report = status(written.plusSeconds(60));

        assertThat(report.healthy()).as(report.toJson()).isTrue();
        SourceStatus well = report.sources().getFirst();
        assertThat(well.repairs()).contains("completed an interrupted commit into " + bin("apd"));
        assertThat(bin("apd").resolve("mv_apd_main_all.bin")).isRegularFile();
        assertThat(meta.resolve("commit.json")).doesNotExist();
        assertThat(meta.resolve("tmp")).isEmptyDirectory();
    }

    /// A file where the bookkeeping goes (`.bsee`, or its folder of the source): status said the source
    /// was never refreshed and that the next refresh would replace its files, a refresh that fails
    /// on that file.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {".bsee", ".bsee/apd"})
    void aFileInPlaceOfTheBookkeepingIsNamedAsSuch(String replaced) throws IOException {
        Instant written = refreshWell("/bookkeeping-" + replaced.length() + "/apd.zip");
        Path bookkeeping = base.resolve("data/modules/bsee/bin").resolve(replaced);
        dev.bsee.core.internal.FileTrees.delete(bookkeeping);
        Files.writeString(bookkeeping, "a file where the bookkeeping was");

        StatusReport report = status(written);

        assertThat(report.healthy()).isFalse();
        assertThat(report.problems()).contains("apd: cannot check " + bin("apd") + ": its bookkeeping folder "
                + bookkeeping + " is a file, not a folder (move it away or remove it), so a refresh of it fails there");
        assertThat(report.toJson()).doesNotContain("never refreshed");
        assertThat(bookkeeping).hasContent("a file where the bookkeeping was");
    }

    /// A file where the output folder was: status said that every file was missing and called the
    /// source fresh. It cannot be checked, in the refresh's words.
    @Test
    void anOutputFolderReplacedByAFileIsNamedAsSuch() throws IOException {
        Instant written = refreshWell("/replaced/apd.zip");
        Path folder = bin("apd");
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(folder);
        Files.writeString(folder, "a file where the folder was");

        StatusReport report = status(written);

        assertThat(report.healthy()).isFalse();
        assertThat(report.problems()).containsExactly(
                "apd: cannot check " + folder + ": it is a file, not a folder (move it away or remove it)");
        assertThat(report.sources()).filteredOn(source -> source.source().equals("apd")).singleElement()
                .satisfies(source -> assertThat(source.freshness()).isEqualTo(Freshness.UNKNOWN));
        assertThat(folder).hasContent("a file where the folder was");
    }

    @Test
    void aFolderBeingRefreshedIsReportedNotGuessed() throws IOException {
        Instant written = refreshWell("/locked/apd.zip");

        try (FolderLock lock = OutputFolder.of(bin("apd")).lock("refresh of source well, enhanced path", Duration.ZERO)) {
            StatusReport report = status(written);

            assertThat(report.healthy()).isFalse();
            assertThat(report.sources().getFirst().freshness()).isEqualTo(Freshness.UNKNOWN);
            assertThat(report.problems()).singleElement().asString().startsWith("apd: cannot check " + bin("apd"))
                    .contains("refresh of source well");
            // Nothing was counted: the JSON says so of the files as of the rows, not 0 files.
            com.fasterxml.jackson.databind.JsonNode source = new ObjectMapper().readTree(report.toJson())
                    .path("sources").path(0);
            assertThat(source.path("files").isNull()).as(report.toJson()).isTrue();
            assertThat(source.path("rows").isNull()).isTrue();
        }
    }

    @Test
    void aHandCopiedFolderWasNeverRefreshedAndNothingAtAllIsAProblemToo() throws IOException {
        StatusReport empty = status(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(empty.healthy()).isFalse();
        assertThat(empty.sources()).isEmpty();
        assertThat(empty.problems()).containsExactly("no source has been refreshed under " + base.resolve("data/modules/bsee/bin"));

        Files.createDirectories(bin("war"));
        Files.write(bin("war").resolve("mv_war_main.bin"), new byte[] {(byte) 0x80, 4, 'N', '.'}); // pickle of None

        StatusReport report = status(Instant.parse("2026-01-01T00:00:00Z"));

        SourceStatus war = report.sources().getFirst();
        assertThat(war.source()).isEqualTo("war");
        assertThat(war.freshness()).isEqualTo(Freshness.NEVER);
        assertThat(war.untrackedFiles()).containsExactly("mv_war_main.bin");
        assertThat(report.problems()).containsExactly("war: never refreshed: no manifest beside " + bin("war"));

        // A folder of a source with expected files (apd) lacks them all when it was never refreshed:
        // that is one problem, not a second listing every expected file as missing.
        Files.createDirectories(bin("apd"));
        Files.write(bin("apd").resolve("my_notes.bin"), new byte[] {(byte) 0x80, 4, 'N', '.'});
        SourceStatus apd = status(Instant.parse("2026-01-01T00:00:00Z")).sources().stream()
                .filter(s -> s.source().equals("apd")).findFirst().orElseThrow();
        assertThat(apd.missingEntries()).isNotEmpty();
        assertThat(apd.problems()).containsExactly("never refreshed: no manifest beside " + bin("apd"));
        // Status only reads a folder without bookkeeping: it creates none.
        assertThat(base.resolve("data/modules/bsee/bin/.bsee")).doesNotExist();
    }

    @Test
    void expectedEntriesTheArchiveLacksAreMissingAndEntriesTheCatalogDoesNotKnowAreListed() throws IOException {
        server.serve("/entries/apd.zip", BseeArchives.zip(java.util.Map.of("mv_apddata_all.txt", "API_WELL_NUMBER\r\n1\r\n",
                "mv_apd_new_table.txt", "A\r\n1\r\n")));
        RefreshReport report = BseeRefresh.builder().config(RefreshConfig.fromYaml("""
                data:
                  enhanced_refresh: true
                  well: true
                sources:
                  well:
                    url: %s
                """.formatted(server.url("/entries/apd.zip")), "test.yml")).baseDirectory(base).run();
        assertThat(report.succeeded()).as(report.toJson()).isTrue();

        StatusReport status = status(report.started().plusSeconds(1));

        SourceStatus apd = status.sources().getFirst();
        assertThat(apd.missingEntries()).containsExactly("mv_apd_main_all.bin");
        assertThat(apd.unexpectedEntries()).containsExactly("mv_apd_new_table.bin");
        assertThat(status.problems()).containsExactly("apd: missing mv_apd_main_all.bin");
        assertThat(new ObjectMapper().readTree(status.toJson()).path("sources").get(0).path("unexpected_entries").toString())
                .isEqualTo("[\"mv_apd_new_table.bin\"]");
    }
}
