package dev.bsee.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/// `bsee status` after a real refresh: exit 0 when all is well, 1 naming what is wrong, `--json`.
class StatusCommandTest {

    @TempDir
    Path dir;

    private static CliRun bsee(String... args) {
        return CliRun.of(args);
    }

    /// Refreshes `well` from a zip folder (the legacy path), so the folder has a manifest.
    private Path refreshed() throws IOException {
        Path work = dir.resolve("work");
        Path zip = work.resolve("zips/APDRawData.zip");
        Files.createDirectories(zip.getParent());
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream archive = new ZipOutputStream(out)) {
            archive.putNextEntry(new ZipEntry("mv_apddata_all.txt"));
            archive.write("API_WELL_NUMBER,WELL_NAME\r\n608164000100,A001\r\n608164000101,A002\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            archive.closeEntry();
            archive.putNextEntry(new ZipEntry("mv_apd_main_all.txt"));
            archive.write("API_WELL_NUMBER,SN_APD\r\n608164000100,-1\r\n".getBytes(StandardCharsets.UTF_8));
            archive.closeEntry();
        }
        Path config = CliRun.legacyWellConfig(dir);
        CliRun refresh = bsee("refresh", "--config", config.toString(), "--base-dir", work.toString());
        assertThat(refresh.exitCode()).as(refresh.err()).isZero();
        return work;
    }

    /// A loopback server answering `/Main/RawData.aspx` with `page`, started.
    private static HttpServer portalPage(byte[] page) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/Main/RawData.aspx", exchange -> {
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
        return server;
    }

    /// `--portal` with a password in the page's and the site's addresses: neither reaches the text or
    /// the JSON, and a label on the page that carries an escape sequence reaches the terminal escaped.
    @Test
    void thePortalComparisonPrintsNoPasswordAndEscapesThePagesLabels() throws IOException {
        Path work = refreshed();
        byte[] page = """
                <html><body><table class="rawdata">
                  <tr><td>New&#27;[2J data&#8238;</td><td><a href="/Other/NewRawData.zip">Delimited</a></td></tr>
                </table></body></html>
                """.getBytes(StandardCharsets.UTF_8);
        HttpServer server = portalPage(page);
        try {
            String host = "reader:s3cret@127.0.0.1:" + server.getAddress().getPort();
            String[] args = {"status", "--base-dir", work.toString(), "--site", "http://" + host + "/",
                    "--portal=http://" + host + "/Main/RawData.aspx"};
            CliRun text = bsee(args);
            CliRun json = bsee(List.of(args, new String[] {"--json"}).stream().flatMap(java.util.Arrays::stream)
                    .toArray(String[]::new));

            assertThat(text.exitCode()).as(text.err()).isEqualTo(1);
            assertThat(text.out()).contains("new on the site, not in the catalog: New\\e[2J data\\x{202e} http://***@127.0.0.1:"
                    + server.getAddress().getPort() + "/Other/NewRawData.zip",
                    "no longer listed: apd http://***@127.0.0.1:" + server.getAddress().getPort() + "/Well/Files/APDRawData.zip");
            assertThat(text.out() + text.err()).doesNotContain("s3cret", "\u001b", "\u202e");
            assertThat(json.out() + json.err()).doesNotContain("s3cret").contains("***@127.0.0.1");
            assertThat(new ObjectMapper().readTree(json.out()).path("portal").path("unknown_links").get(0).path("label")
                    .asText()).isEqualTo("New\u001b[2J data\u202e");
        } finally {
            server.stop(0);
        }
    }

    /// A page with no "Delimited" links (an error page served with 200, a new layout) is one problem,
    /// as `bsee portal` says it: every catalog source was reported as no longer listed.
    @Test
    void aPortalPageWithoutLinksIsOneProblemNotEverySourceWithdrawn() throws IOException {
        Path work = refreshed();
        byte[] page = "<html><body><h1>Service unavailable</h1></body></html>".getBytes(StandardCharsets.UTF_8);
        HttpServer server = portalPage(page);
        try {
            String site = "http://127.0.0.1:" + server.getAddress().getPort();
            CliRun text = bsee("status", "--base-dir", work.toString(), "--site", site + "/", "--portal=" + site
                    + "/Main/RawData.aspx");

            assertThat(text.exitCode()).as(text.err()).isEqualTo(1);
            assertThat(text.out()).contains("1 problem:", "portal: no \"Delimited\" links found on " + site
                    + "/Main/RawData.aspx; the page layout may have changed").doesNotContain("no longer list");
            CliRun json = bsee("status", "--base-dir", work.toString(), "--site", site + "/", "--portal=" + site
                    + "/Main/RawData.aspx", "--json");
            assertThat(new ObjectMapper().readTree(json.out()).path("portal").path("unlisted_sources")).isEmpty();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFreshFolderExitsZeroAndATamperedOneExitsOneNamingTheFile() throws IOException {
        Path work = refreshed();

        CliRun fine = bsee("status", "--base-dir", work.toString());

        assertThat(fine.exitCode()).as(fine.out() + fine.err()).isZero();
        assertThat(fine.out()).contains("  apd  fresh    apd: 2 files, 3 rows, last refreshed")
                .contains("all well: 1 source fresh and as written");

        Path bin = work.resolve("data/modules/bsee/bin/apd");
        Files.writeString(bin.resolve("mv_apddata_all.bin"), "not a pickle");
        Files.writeString(bin.resolve("README.md"), "notes");

        CliRun broken = bsee("status", "--base-dir", work.toString());

        assertThat(broken.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(broken.out()).contains("2 problems:")
                .contains("apd: no longer as written (size or SHA-256 differs from the manifest, or a read permission was removed): mv_apddata_all.bin")
                .contains("apd: do not belong in the folder (only .bin files may be there): README.md");

        CliRun json = bsee("status", "--base-dir", work.toString(), "--json");

        assertThat(json.exitCode()).isEqualTo(BseeCommand.FAILED);
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.path("healthy").asBoolean()).isFalse();
        assertThat(report.path("problems")).hasSize(2);
        JsonNode well = report.path("sources").get(0);
        assertThat(well.path("source").asText()).isEqualTo("apd");
        assertThat(well.path("folder").asText()).isEqualTo(bin.toString());
        assertThat(well.path("freshness").asText()).isEqualTo("fresh");
        assertThat(well.path("files").asInt()).isEqualTo(2);
        assertThat(well.path("rows").asLong()).isEqualTo(1);  // mv_apd_main_all.bin; the file that is no pickle now has no known rows
        assertThat(well.path("tampered_files").toString()).isEqualTo("[\"mv_apddata_all.bin\"]");
        assertThat(well.path("foreign_files").toString()).isEqualTo("[\"README.md\"]");
        assertThat(well.has("etag")).isTrue();
        assertThat(well.has("last_modified")).isTrue();
        assertThat(well.has("missing_entries")).isTrue();
        assertThat(well.has("unexpected_entries")).isTrue();
    }

    /// A refresh recorded a little ahead of this machine's clock (within the tolerance past which it
    /// is a problem) is said to be so: it was "0 min ago", which hid the skew.
    @Test
    void aRefreshRecordedAheadOfTheClockIsSaidToBeAhead() throws IOException {
        Path work = refreshed();
        Path manifest = work.resolve("data/modules/bsee/bin/.bsee/apd/manifest.json");
        String ahead = java.time.Instant.now().plus(java.time.Duration.ofMinutes(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"written\" : \"[^\"]+\"", "\"written\" : \"" + ahead + "\""));

        CliRun status = bsee("status", "--base-dir", work.toString());

        assertThat(status.out()).as(status.err()).contains("last refreshed " + ahead + " (29 min ahead of this machine's clock;")
                .doesNotContain("0 min ago");
    }

    /// A status waiting for a refresh that holds a folder says so once on standard error, naming
    /// the folder and the holder, as a refresh waiting for another says it: it printed nothing for
    /// up to its lock wait (10 s by default), which looked like a hang.
    @Test
    void aStatusWaitingForAFolderHeldByARefreshSaysSoOnce() throws IOException {
        Path work = refreshed();
        Path bin = work.resolve("data/modules/bsee/bin/apd");

        CliRun status;
        try (var lock = dev.bsee.bridge.internal.OutputFolder.of(bin)
                .lock("refresh of source well (enhanced)", java.time.Duration.ZERO)) {
            status = bsee("status", "--base-dir", work.toString(), "--lock-wait", "1");
        }

        assertThat(status.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(status.err().lines().filter(line -> line.contains("waiting"))).as(status.err()).singleElement()
                .asString().startsWith("bsee: warning: source apd: waiting up to 1.0 s for output folder " + bin + ", which ")
                .contains("refresh of source well (enhanced)");
        assertThat(status.out()).contains("apd: cannot check " + bin);
    }

    /// A folder the user may not list (mode 000, checked as nobody) cannot be checked: it was taken
    /// for an empty one, fresh with 0 files and both expected files missing, which were there.
    @Test
    void aFolderThatCannotBeListedIsNotReportedAsMissingItsFiles() throws Exception {
        Path work = refreshed();
        Path bin = work.resolve("data/modules/bsee/bin/apd");
        ProcessBuilder child = CliRun.unprivilegedChild(dir, "status", "--base-dir", work.toString(), "--json");
        java.nio.file.Files.setPosixFilePermissions(bin, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        try {
            Process status = child.redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(status.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();

            assertThat(status.exitValue()).as(out).isEqualTo(BseeCommand.FAILED);
            JsonNode apd = new ObjectMapper().readTree(out).path("sources").get(0);
            assertThat(apd.path("freshness").asText()).as(out).isEqualTo("unknown");
            assertThat(apd.path("files").isNull()).as(out).isTrue();
            assertThat(apd.path("missing_entries").toString()).as(out).isEqualTo("[]");
            assertThat(apd.path("problems").toString()).as(out).contains("cannot check " + bin + ": cannot list it: ");
        } finally {
            java.nio.file.Files.setPosixFilePermissions(bin, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /// A configuration whose every source writes to an absolute `bin` folder outside the base
    /// directory: the refresh never makes the base directory, and status of the healthy folders is
    /// all well. It said the base directory did not exist, exit 1, at every check.
    @Test
    void aBaseDirectoryNoSourceWritesUnderNeedNotExist() throws IOException {
        Path zips = Files.createDirectories(dir.resolve("zips"));
        try (OutputStream out = Files.newOutputStream(zips.resolve("APDRawData.zip")); ZipOutputStream archive = new ZipOutputStream(out)) {
            archive.putNextEntry(new ZipEntry("mv_apddata_all.txt"));
            archive.write("API_WELL_NUMBER,WELL_NAME\r\n608164000100,A001\r\n".getBytes(StandardCharsets.UTF_8));
            archive.closeEntry();
            archive.putNextEntry(new ZipEntry("mv_apd_main_all.txt"));
            archive.write("API_WELL_NUMBER,SN_APD\r\n608164000100,-1\r\n".getBytes(StandardCharsets.UTF_8));
            archive.closeEntry();
        }
        Path analysis = dir.resolve("analysis/apd");
        Path base = dir.resolve("base");
        Path config = Files.writeString(dir.resolve("absolute.yml"), "data:\n  refresh: true\n  well: true\n"
                + "parameters:\n  filepath:\n    well:\n      zip: " + zips + "\n      bin: " + analysis + "\n");
        CliRun refresh = bsee("refresh", "--config", config.toString(), "--base-dir", base.toString());
        assertThat(refresh.exitCode()).as(refresh.err()).isZero();
        assertThat(base).doesNotExist();

        CliRun status = bsee("status", "--config", config.toString(), "--base-dir", base.toString());

        assertThat(status.exitCode()).as(status.out() + status.err()).isZero();
        assertThat(status.out()).contains("all well").doesNotContain("does not exist");
        // With nothing checked, a base directory that is not there is still the problem.
        Files.delete(config);
        CliRun none = bsee("status", "--base-dir", base.toString());
        assertThat(none.out()).contains("the base directory " + base + " does not exist");
    }

    /// A damaged manifest is set aside and said once: by status as a repair in its report on standard
    /// output; by a refresh as a warning on standard error, whatever its progress mode.
    /// A misspelt key is why a source is missing from the report: status said "all well" and kept
    /// the configuration's warnings to itself, which the refresh prints.
    @Test
    void theConfigurationsWarningsAreSaidOnStandardError() throws IOException {
        Path work = refreshed();
        Path config = Files.writeString(dir.resolve("typo.yml"), "data:\n  refresh: true\n  well: true\n  fmpp: true\n"
                + "parameters:\n  filepath:\n    well:\n      zip: zips\n");

        CliRun status = bsee("status", "--config", config.toString(), "--base-dir", work.toString());

        assertThat(status.err().lines().filter(line -> line.contains("fmpp"))).singleElement().asString()
                .startsWith("bsee: warning: configuration: data.fmpp (line 4");
        assertThat(status.out()).doesNotContain("fmpp");
    }

    @Test
    void aDamagedManifestSetAsideIsSaidOnce() throws IOException {
        Path work = refreshed();
        Path manifest = work.resolve("data/modules/bsee/bin/.bsee/apd/manifest.json");
        Files.writeString(manifest, "garbage");

        CliRun status = bsee("status", "--base-dir", work.toString());

        assertThat(status.out().lines().filter(line -> line.contains("is damaged"))).singleElement().asString()
                .startsWith("      repaired: manifest " + manifest + " is damaged");
        assertThat(status.err()).doesNotContain("is damaged");
        // The folder was refreshed: its freshness is unknown until a refresh writes a new manifest,
        // in this run and the next. It was "never refreshed", and the damage left no trace after.
        for (CliRun run : List.of(status, bsee("status", "--base-dir", work.toString()))) {
            assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
            assertThat(run.out()).contains("  apd  unknown", "1 problem:", "apd: the manifest of "
                    + work.resolve("data/modules/bsee/bin/apd") + " was damaged and set aside as manifest.json.damaged-")
                    .doesNotContain("never");
        }

        Path config = dir.resolve("refresh.yml");
        for (String progress : List.of("lines", "none")) {
            Files.writeString(manifest, "garbage");
            CliRun refresh = bsee("refresh", "--config", config.toString(), "--base-dir", work.toString(),
                    "--progress", progress);
            assertThat(refresh.exitCode()).as(refresh.err()).isZero();
            assertThat(refresh.out()).doesNotContain("is damaged");
            assertThat(refresh.err().lines().filter(line -> line.contains("is damaged"))).as(progress)
                    .singleElement().asString().startsWith("bsee: warning: source apd (legacy): manifest " + manifest);
        }
    }

    /// A folder the configuration puts outside the base directory's (`parameters.filepath.well.bin`)
    /// is named by its whole path: its name alone read as a folder under the heading's, which does
    /// not hold it.
    @Test
    void aFolderTheConfigurationPutsElsewhereIsNamedByItsPath() throws IOException {
        Path work = refreshed();
        Path elsewhere = dir.resolve("elsewhere/apd");
        Path config = Files.writeString(dir.resolve("elsewhere.yml"), "data:\n  refresh: true\n  well: true\n"
                + "parameters:\n  filepath:\n    well:\n      zip: zips\n      bin: " + elsewhere + "\n");
        CliRun refresh = bsee("refresh", "--config", config.toString(), "--base-dir", work.toString());
        assertThat(refresh.exitCode()).as(refresh.err()).isZero();

        CliRun run = bsee("status", "--config", config.toString(), "--base-dir", work.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Status of " + work.resolve("data/modules/bsee/bin"))
                .contains("  apd  fresh    " + elsewhere + ": 2 files, 3 rows, last refreshed");
    }

    /// A `.bin` file no refresh wrote is counted in the folder's files, but its rows are in no
    /// manifest: the rows are said to be the refresh's files'.
    @Test
    void theRowsOfAFolderWithAFileNoRefreshWroteAreSaidToBeTheRefreshs() throws IOException {
        Path work = refreshed();
        Files.copy(work.resolve("data/modules/bsee/bin/apd/mv_apddata_all.bin"),
                work.resolve("data/modules/bsee/bin/apd/my_wells.bin"));

        CliRun run = bsee("status", "--base-dir", work.toString());

        assertThat(run.out()).as(run.err()).contains("apd: 3 files, 3 rows in the 2 a refresh wrote, last refreshed",
                "not written by a refresh (the next replaces those it writes, keeps the others): my_wells.bin");
    }

    /// A file cut short since the refresh wrote it holds rows nobody counted: the folder's rows are
    /// those of the files as written, and said so. They were the manifest's for every file, so a
    /// folder whose table was cut to nothing still showed its rows.
    @Test
    void theRowsOfAFileChangedSinceWrittenAreNotCounted() throws IOException {
        Path work = refreshed();
        Path cut = work.resolve("data/modules/bsee/bin/apd/mv_apddata_all.bin");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(cut), 100));

        CliRun run = bsee("status", "--base-dir", work.toString());
        CliRun json = bsee("status", "--base-dir", work.toString(), "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).as(run.err()).contains("apd: 2 files, 1 row in the 1 as a refresh wrote them, last refreshed",
                "no longer as written: mv_apddata_all.bin");
        com.fasterxml.jackson.databind.JsonNode source = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.out()).path("sources").get(0);
        assertThat(source.path("rows").asLong()).isEqualTo(1);
        assertThat(source.path("tampered_files").toString()).isEqualTo("[\"mv_apddata_all.bin\"]");
    }

    /// Files someone put in the folder may have any name: status prints them escaped, on one line.
    @Test
    void aForeignFileWithControlCharactersInItsNameIsPrintedEscaped() throws IOException {
        Path work = refreshed();
        Files.writeString(work.resolve("data/modules/bsee/bin/apd/evil\u001b[31m\nred.md"), "not ours");

        CliRun run = bsee("status", "--base-dir", work.toString());

        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.out().chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
        assertThat(run.out()).contains("evil\\e[31m\\nred.md");
        assertThat(run.out().lines().filter(line -> line.contains("evil"))).allSatisfy(line -> assertThat(line).contains("red.md"));
    }

    /// A folder status could not check (here a link planted as its manifest) is said to be not
    /// checked, not counted: "0 files" read as if the folder had lost its files.
    @Test
    void aFolderThatCouldNotBeCheckedIsNotReportedAsEmpty() throws IOException {
        Path work = refreshed();
        Path manifest = work.resolve("data/modules/bsee/bin/.bsee/apd/manifest.json");
        Path elsewhere = Files.move(manifest, dir.resolve("elsewhere.json"));
        Files.createSymbolicLink(manifest, elsewhere);

        CliRun run = bsee("status", "--base-dir", work.toString());

        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.out()).contains("  apd  unknown  apd: not checked (see the problem below)")
                .doesNotContain("0 files")
                .contains("apd: cannot check " + work.resolve("data/modules/bsee/bin/apd") + ": refusing to use " + manifest);
    }

    @Test
    void nothingRefreshedIsAProblemToo() {
        CliRun run = bsee("status", "--base-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.out()).contains("no source has been refreshed under " + dir.resolve("data/modules/bsee/bin"));
    }

    @Test
    void aMissingBaseDirectoryIsNamedAsSuchAndNothingIsCreated() {
        Path absent = dir.resolve("no-such-folder");

        CliRun run = bsee("status", "--base-dir", absent.toString());

        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.out()).contains("the base directory " + absent + " does not exist")
                .doesNotContain("no source has been refreshed");
        assertThat(absent).doesNotExist();

        // Links that lead to one another do not exist either, and are named for what they are.
        Path loop = dir.resolve("loop1");
        try {
            Files.createSymbolicLink(loop, Files.createSymbolicLink(dir.resolve("loop2"), loop));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CliRun looping = bsee("status", "--base-dir", loop.toString());
        assertThat(looping.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(looping.out()).contains("the base directory " + loop + " is a link which leads back through links"
                + " to itself");
    }

    /// A base directory whose path is past `PATH_MAX` exists (made a folder at a time), but no system
    /// call takes its path: status said it "does not exist", and refresh failed the source on "File
    /// name too long"; both now say what is wrong, and refresh refuses it before it runs.
    @Test
    void aBaseDirectoryPastTheLongestPathIsSaidToBeTooLong() throws Exception {
        String relative = String.join("/", java.util.Collections.nCopies(45, "d".repeat(100)));
        Process mkdir = new ProcessBuilder("mkdir", "-p", relative).directory(dir.toFile()).inheritIO().start();
        assertThat(mkdir.waitFor()).isZero();
        Path deep = dir.resolve(relative);
        String tooLong = " is " + dev.bsee.core.internal.MessageText.number(deep.toString()
                .getBytes(StandardCharsets.UTF_8).length) + " bytes long: with the 512 the tool's own folders and files below"
                + " it may take, past the 4,095 a path may have; give a shorter path";
        CliRun status;
        CliRun refresh;
        try {
            status = bsee("status", "--base-dir", deep.toString());
            refresh = bsee("refresh", "--base-dir", deep.toString(), "--sources", "eor");
        } finally {
            // By relative paths, as it was made: the temporary folder's own clean-up cannot reach it.
            new ProcessBuilder("rm", "-rf", "d".repeat(100)).directory(dir.toFile()).inheritIO().start().waitFor();
        }

        assertThat(status.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(status.out()).contains("the base directory " + deep + tooLong).doesNotContain("does not exist");
        assertThat(refresh.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(refresh.err()).contains("the base directory " + deep + tooLong).doesNotContain("File name too long");

        // Short of the limit, but leaving no room for what a refresh makes below it: status says what
        // every refresh says of it, where it said all was well.
        Path almost = Files.createDirectories(dir.resolve(String.join("/", java.util.Collections.nCopies(36,
                "a".repeat(99)))));
        CliRun near = bsee("status", "--base-dir", almost.toString());
        assertThat(near.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(near.out()).contains("the base directory " + almost + " is ").contains("past the 4,095 a path may have");
    }

    /// Worded as `bsee refresh` words the same base directory.
    @Test
    void aBaseDirectoryThatIsAFileIsNamedAsOne() throws IOException {
        Path file = Files.writeString(dir.resolve("base"), "");

        CliRun run = bsee("status", "--base-dir", file.toString());

        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.out()).contains("the base directory " + file + " is a file, not a folder");

        Path under = file.resolve("sub");
        CliRun below = bsee("status", "--base-dir", under.toString());
        assertThat(below.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(below.out()).contains("the base directory " + under + " is under " + file + ", which is a file, not a folder");
    }

    /// A portal address no download could fetch is wrong usage, as `bsee portal --url` says of its
    /// own, not a portal problem with exit 1.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"--portal=", "--portal=notaurl", "--portal=ftp://x/"})
    void aPortalAddressNoDownloadCanFetchIsAUsageError(String option) throws IOException {
        java.nio.file.Files.createDirectories(dir.resolve("base"));

        CliRun run = bsee("status", "--base-dir", dir.resolve("base").toString(), option);

        assertThat(run.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(run.err()).contains("--portal must be an absolute http or https address");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void withoutABaseDirectoryStatusRefusesAsRefreshDoes() {
        CliRun run = bsee("status");

        assertThat(run.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(run.err()).contains("bsee status: no base directory: pass --base-dir DIR");
        assertThat(run.err()).containsAnyOf(", or --config FILE whose output.base_dir is an absolute path",
                ", or set output.base_dir to an absolute path in ");
        assertThat(run.out()).isEmpty();
    }
}
