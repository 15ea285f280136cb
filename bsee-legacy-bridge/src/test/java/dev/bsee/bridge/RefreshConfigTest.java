package dev.bsee.bridge;

import dev.bsee.binary.PickleDialect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RefreshConfigTest {

    static Path resource(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = RefreshConfigTest.class.getResourceAsStream(name)) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void readsThePythonLegacyFileAsItIs(@TempDir Path dir) throws IOException {
        RefreshConfig config = RefreshConfig.fromYaml(resource(dir, "data_refresh.yml"));

        assertThat(config.legacyRefresh()).isTrue();
        assertThat(config.enhancedRefresh()).isFalse();
        assertThat(config.sourceFlags()).containsExactlyInAnyOrderEntriesOf(Map.of("apm", false, "production", true));
        RefreshConfig.LegacyFolders production = config.legacyFolders().get("production");
        assertThat(production.zip()).contains(Path.of("data", "modules", "bsee", "zip", "production"));
        assertThat(production.bin()).contains(Path.of("data", "modules", "bsee", "bin", "production_raw"));
        assertThat(config.legacyFolders().get("apm").zip()).contains(Path.of("data", "modules", "bsee", "zip", "apm"));
        assertThat(config.warnings()).isEmpty();
        assertThat(config.processing()).isEqualTo(RefreshConfig.Processing.DEFAULTS);
    }

    /// A bin folder without a zip folder warns that the legacy path has nothing to convert only
    /// where the legacy path runs (`data.refresh: true`, before or after `parameters`): it warned in
    /// a file that leaves the legacy path off, where the folder is the enhanced path's alone.
    @Test
    void aBinFolderWithoutAZipFolderWarnsOfTheLegacyPathOnlyWhenItRuns() throws ConfigException {
        String parameters = "parameters:\n  filepath:\n    well:\n      bin: out/apd\n";
        RefreshConfig enhanced = RefreshConfig.fromYaml("data:\n  enhanced_refresh: true\n  well: true\n" + parameters,
                "e.yml");
        RefreshConfig legacyAfter = RefreshConfig.fromYaml(parameters + "data:\n  refresh: true\n  well: true\n", "l.yml");
        RefreshConfig legacyBefore = RefreshConfig.fromYaml("data:\n  refresh: true\n  well: true\n" + parameters, "b.yml");

        assertThat(enhanced.warnings()).isEmpty();
        assertThat(enhanced.legacyFolders().get("well").bin()).contains(Path.of("out/apd"));
        for (RefreshConfig legacy : List.of(legacyAfter, legacyBefore)) {
            assertThat(legacy.warnings()).extracting(ConfigProblem::message).containsExactly("no zip folder given, so"
                    + " the legacy path has nothing to convert for this source; the enhanced path writes to its bin folder");
        }
    }

    @Test
    void readsThePythonEnhancedFileAsItIs(@TempDir Path dir) throws IOException {
        RefreshConfig config = RefreshConfig.fromYaml(resource(dir, "data_refresh_enhanced.yml"));

        assertThat(config.enhancedRefresh()).isTrue();
        assertThat(config.legacyRefresh()).isFalse();
        assertThat(config.sourceFlags()).containsExactlyInAnyOrderEntriesOf(
                Map.of("well", true, "production", true, "war", false, "apm", false));
        assertThat(config.processing()).isEqualTo(new RefreshConfig.Processing(3, true, true));
        assertThat(config.cache()).isEqualTo(new RefreshConfig.Cache(true, Duration.ofHours(24)));
        assertThat(config.meta()).containsEntry("owner", "reservoir-engineering")
                .containsEntry("schedule", "0 2 * * *")
                .containsEntry("contacts", List.of("data-team@example.com"))
                .containsEntry("version", 2L);
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void readsEveryKeyOfTheFullFile(@TempDir Path dir) throws IOException {
        RefreshConfig config = RefreshConfig.fromYaml(resource(dir, "data_refresh_full.yml"));

        assertThat(config.legacyRefresh()).isTrue();
        assertThat(config.enhancedRefresh()).isTrue();
        assertThat(config.processing()).isEqualTo(new RefreshConfig.Processing(5, false, true));
        assertThat(config.cache()).isEqualTo(new RefreshConfig.Cache(false, Duration.ofMinutes(750)));
        assertThat(config.sources().get("well")).isEqualTo(new RefreshConfig.SourceSettings(
                URI.create("https://www.data.bsee.gov/Well/Files/APDRawData.zip"),
                Duration.ofMinutes(10), "apd"));
        assertThat(config.sources().get("war").timeout()).contains(Duration.ofSeconds(2400));
        assertThat(config.sources().get("war").output()).contains("war/raw");
        assertThat(config.sources().get("production").timeout()).contains(Duration.ofMinutes(30));
        assertThat(config.output()).isEqualTo(new RefreshConfig.Output(Path.of("/srv/bsee"),
                PickleDialect.NUMPY2));
        assertThat(config.legacyFolders().get("production").zip()).contains(Path.of("archive", "production"));
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void everyEnhancedSynonymTurnsTheEnhancedPathOn() throws ConfigException {
        for (String yaml : List.of("enhanced_mode: true", "data:\n  enhanced_refresh: yes",
                "data:\n  enhanced: true", "data:\n  fresh_data: True")) {
            assertThat(RefreshConfig.fromYaml(yaml, "t.yml").enhancedRefresh()).as(yaml).isTrue();
        }
        assertThat(RefreshConfig.fromYaml("enhanced_mode: false\ndata:\n  refresh: true", "t.yml").enhancedRefresh())
                .isFalse();
    }

    /// `sources.Rig` with `data.Rig: true`: the switch reached the builder's id check, which threw
    /// an `IllegalArgumentException` naming neither file, key nor line.
    @Test
    void aSourceIdThatIsNoIdIsAnErrorWithItsKeyAndLineEvenWhenSwitchedOn() {
        String yaml = """
                data:
                  enhanced_refresh: true
                  Rig: true
                sources:
                  Rig:
                    url: https://example.org/Rig/Files/RigMoveRawData.zip
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RefreshConfig.fromYaml(yaml, "rig.yml"));

        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.key()).isEqualTo("sources.Rig");
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.message()).contains("lower-case");
        });
        assertThat(e.getMessage()).contains("rig.yml");
    }

    /// `sources.<id>.output: $HOME` made a folder named `$HOME`; `parameters.filepath.<id>.bin`
    /// refused it already.
    @ParameterizedTest
    @ValueSource(strings = {"'$HOME'", "'~rig'", "'a/${X}/b'", "'%USERPROFILE%'"})
    void anOutputFolderNothingExpandsIsAnErrorWithItsKeyAndLine(String output) {
        String yaml = "data:\n  enhanced_refresh: true\nsources:\n  rig:\n    url: https://example.org/r.zip\n    output: "
                + output + "\n";
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RefreshConfig.fromYaml(yaml, "o.yml"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("sources.rig.output");
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.message()).contains("environment variables");
        });
    }

    @Test
    void wrongTypeIsAnErrorNamingKeyAndLine() {
        String yaml = """
                data:
                  refresh: true
                processing:
                  retries: three
                  parallel: false
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RefreshConfig.fromYaml(yaml, "bad.yml"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("processing.retries");
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).contains("whole number").contains("three");
        });
        assertThat(e.getMessage()).contains("bad.yml").contains("processing.retries (line 4");
    }

    @Test
    void everyWrongValueIsReportedNotJustTheFirst() {
        String yaml = """
                data:
                  refresh: "sometimes"
                  well: 3
                sources:
                  well:
                    url: ftp://example.com/x.zip
                    timeout: soon
                    output: ../elsewhere
                output:
                  dialect: numpy3
                cache:
                  ttl_hours: -1e99999999
                processing:
                  retries: 2.5
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RefreshConfig.fromYaml(yaml, "bad.yml"));

        assertThat(e.problems()).extracting(ConfigProblem::key, ConfigProblem::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("data.refresh", 2),
                org.assertj.core.groups.Tuple.tuple("data.well", 3),
                org.assertj.core.groups.Tuple.tuple("sources.well.url", 6),
                org.assertj.core.groups.Tuple.tuple("sources.well.timeout", 7),
                org.assertj.core.groups.Tuple.tuple("sources.well.output", 8),
                org.assertj.core.groups.Tuple.tuple("output.dialect", 10),
                org.assertj.core.groups.Tuple.tuple("cache.ttl_hours", 12),
                org.assertj.core.groups.Tuple.tuple("processing.retries", 14));
    }

    /// A source's output must name a folder of its own below `bin`: not `bin` itself (which holds
    /// every source's folder), nothing inside the bookkeeping folder `.bsee`, and no control
    /// character, which the JDK refuses only when the path is first used, without naming the key.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {".", "./", ".bsee", "a/.bsee", ".bsee/apd", "a/./b",
            "x\\0y", "tab\\there"})
    void anOutputThatIsNoFolderOfItsOwnIsRefusedWithItsKeyAndLine(String output) {
        String yaml = """
                data:
                  enhanced_refresh: true
                sources:
                  apd:
                    output: "%s"
                """.formatted(output);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RefreshConfig.fromYaml(yaml, "c.yml"));

        assertThat(e).as(output).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("sources.apd.output");
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.message()).startsWith("expected a relative folder name").doesNotContain("\0");
        });
    }

    /// A legacy bin folder (`parameters.filepath.<id>.bin`) went unchecked: inside `.bsee/.../tmp`
    /// a refresh wrote its files there and the next `bsee status` deleted them as stale temporaries.
    /// Inside the bookkeeping, a convert's temporaries or the root of every source's folder is refused
    /// with its key and line, from YAML and from the builder; a folder elsewhere is the user's choice.
    /// A key given twice: the warning stands at the value that is ignored and names the line of the
    /// one used; it said "the later value is used" at the earlier line, which read as the wrong one.
    @Test
    void aKeyGivenTwiceIsWarnedOfWhereItIsIgnoredNamingTheLineUsed() throws ConfigException {
        RefreshConfig config = RefreshConfig.fromYaml("data:\n  war: false\n  enhanced_refresh: true\n  war: true\n",
                "twice.yml");

        assertThat(config.warnings()).extracting(ConfigProblem::key, ConfigProblem::line, ConfigProblem::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("data.war", 2,
                        "given twice; this value is ignored, the one at line 4 is used"));
        // Under meta too, which took the later value without a word.
        RefreshConfig meta = RefreshConfig.fromYaml("meta:\n  owner: a\n  owner: b\n  team:\n    name: x\n    name: y\n"
                + "  flow: {k: 1, k: 2}\n", "meta.yml");
        assertThat(meta.meta()).containsEntry("owner", "b").containsEntry("team", java.util.Map.of("name", "y"));
        assertThat(meta.warnings()).extracting(ConfigProblem::key, ConfigProblem::line, ConfigProblem::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("meta.owner", 2,
                        "given twice; this value is ignored, the one at line 3 is used"),
                        org.assertj.core.groups.Tuple.tuple("meta.team.name", 5,
                                "given twice; this value is ignored, the one at line 6 is used"),
                        org.assertj.core.groups.Tuple.tuple("meta.flow.k", 7,
                                "given twice; this value is ignored, the one at line 7 is used"));
    }

    /// Each refusal says what is wrong with the name: an empty one was refused as "without '..'". A
    /// source made in Java is held to the same rule in the same words: it took `.` (the folder of
    /// every source's folder), `.bsee` and `C:x`.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {"'' | that is not empty",
            "/srv/apd | below data/modules/bsee/bin, not an absolute path", "../apd | without '..'",
            "a/.bsee | other than '.' and without '.bsee'", ". | other than '.' and without '.bsee'",
            ".bsee | other than '.' and without '.bsee'", "C:x | below data/modules/bsee/bin, not an absolute path",
            "./apd | without '.' as a part of it (apd, not ./apd)", "data/./apd | without '.' as a part of it (data/apd, not data/./apd)"})
    void anUnusableOutputIsRefusedSayingWhy(String output, String why) {
        String yaml = "data:\n  enhanced_refresh: true\nsources:\n  apd:\n    output: \"" + output + "\"\n";
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RefreshConfig.fromYaml(yaml, "c.yml"));

        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("expected a relative folder name " + why + " but found \"" + output + "\""));
        assertThatThrownBy(() -> new dev.bsee.core.BseeSource("apd", java.net.URI.create("http://x.test/a.zip"),
                dev.bsee.core.UpdateCadence.DAILY, java.time.Duration.ofSeconds(5), output,
                dev.bsee.core.BseeSource.TEXT_ENTRIES, dev.bsee.core.TableLayout.headerRow()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("output subdirectory of source apd must be a relative folder name " + why + ": " + output);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"data/modules/bsee/bin/.bsee/production_raw/tmp",
            "data/modules/bsee/bin/.bsee/apd", "/srv/.bsee/x", "data/modules/bsee/bin", "data/modules/bsee/bin/",
            "data\\\\modules\\\\bsee\\\\bin\\\\.bsee", "out/.eor.tmp/run-1"})
    void aBinFolderInTheToolsBookkeepingIsRefusedWithItsKeyAndLine(String bin) {
        String yaml = """
                data:
                  refresh: true
                parameters:
                  filepath:
                    eor:
                      zip: zips
                      bin: "%s"
                """.formatted(bin);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RefreshConfig.fromYaml(yaml, "c.yml"));

        assertThat(e).as(bin).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("parameters.filepath.eor.bin");
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.message()).startsWith("expected a folder");
        });
        assertThatThrownBy(() -> RefreshConfig.builder().binFolder("eor", Path.of(bin.replace("\\\\", "/"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("expected a folder");
    }

    /// `sources.<id>.entries` took any text (`../../x`, `/etc/passwd`), and status then reported
    /// "missing ../../x.bin". A name no `.bin` file of the folder can have is refused with key and line.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"../../x", "/etc/passwd", "a/b", ".hidden", "x\\\\y"})
    void anEntryNameNoFileCanHaveIsRefusedWithItsKeyAndLine(String name) {
        String yaml = """
                sources:
                  apd:
                    entries: [mv_apddata_all, "%s"]
                """.formatted(name);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RefreshConfig.fromYaml(yaml, "c.yml"));

        assertThat(e).as(name).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("sources.apd.entries");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).startsWith("expected entry names");
        });
    }

    /// An item of the wrong type in the list of `entries` or `years` is named, where it is: the
    /// message said "but found a list", of the list the key asks for.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "entries | [mv_apddata_all, {a: 1}] | a mapping | 31",
            "entries | [mv_apddata_all, true] | the boolean true | 31",
            "years | [2019, [2020]] | a list | 19"})
    void aListItemOfTheWrongTypeIsNamedWhereItIs(String key, String list, String found, int column) {
        String yaml = "sources:\n  apd:\n    " + key + ": " + list + "\n";
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RefreshConfig.fromYaml(yaml, "c.yml"));

        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("sources.apd." + key);
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.column()).isEqualTo(column);
            assertThat(p.message()).endsWith("but found " + found + " in the list");
        });
    }

    @Test
    void aBinFolderOutsideTheBaseDirectoryIsTheUsersChoice() throws ConfigException {
        RefreshConfig config = RefreshConfig.fromYaml("""
                parameters:
                  filepath:
                    eor:
                      bin: /srv/analysis/eor
                    apd:
                      bin: ../shared/bin/apd
                """, "c.yml");

        assertThat(config.legacyFolders().get("eor").bin()).contains(Path.of("/srv/analysis/eor"));
        assertThat(config.legacyFolders().get("apd").bin()).contains(Path.of("../shared/bin/apd"));
    }

    @Test
    void anOutputBelowBinIsKept() throws ConfigException {
        RefreshConfig config = RefreshConfig.fromYaml("""
                sources:
                  apd:
                    output: a/b.c/.d
                """, "c.yml");

        assertThat(config.sources().get("apd").output()).contains("a/b.c/.d");
    }

    @Test
    void unknownKeysAreWarningsWithTheirLine() throws ConfigException {
        String yaml = """
                data:
                  refresh: true
                  chunk_size: 5000
                notify:
                  email: ops@example.com
                processing:
                  retries: 1
                  max_workers: 4
                """;
        RefreshConfig config = RefreshConfig.fromYaml(yaml, "extra.yml");

        assertThat(config.legacyRefresh()).isTrue();
        assertThat(config.processing().retries()).isEqualTo(1);
        assertThat(config.warnings()).extracting(ConfigProblem::key, ConfigProblem::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("data.chunk_size", 3),
                org.assertj.core.groups.Tuple.tuple("notify", 4),
                org.assertj.core.groups.Tuple.tuple("processing.max_workers", 8));
        assertThat(config.warnings()).allSatisfy(w -> assertThat(w.message()).contains("unknown key"));
    }

    /// A mistyped key of any section names the key it is nearest to, in its own warning, and one that
    /// is near none gets none.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "dat:\\n  eor: true\\n|dat|data",
        "Processing:\\n  retries: 1\\n|Processing|processing",
        "processing:\\n  retires: 1\\n|processing.retires|retries",
        "cache:\\n  ttl_hour: 3\\n|cache.ttl_hour|ttl_hours",
        "output:\\n  base_dri: x\\n|output.base_dri|base_dir",
        "sources:\\n  eor:\\n    tiemout: 5m\\n|sources.eor.tiemout|timeout",
        "parameters:\\n  filepath:\\n    eor:\\n      Zip: z\\n|parameters.filepath.eor.Zip|zip",
        "site:\\n  base_ulr: http://x/\\n|site.base_ulr|base_url",
        "data:\\n  prodution: true\\n|data.prodution|production",
        "data:\\n  FMP: yes please\\n|data.FMP|fmp",
    })
    void aMistypedKeyNamesTheNearestKnownOne(String yaml, String key, String meant) throws ConfigException {
        RefreshConfig config = RefreshConfig.fromYaml(yaml.replace("\\n", "\n"), "typo.yml");

        assertThat(config.warnings()).filteredOn(w -> w.key().equals(key)).singleElement()
                .satisfies(w -> assertThat(w.message()).endsWith("did you mean `" + meant + "`?"));
    }

    @Test
    void aKeyNearNoKnownOneGetsNoGuess() throws ConfigException {
        RefreshConfig config = RefreshConfig.fromYaml("processing:\n  chunk_size: 4\n", "typo.yml");

        assertThat(config.warnings()).singleElement().satisfies(w -> assertThat(w.message()).isEqualTo("unknown key, ignored"));
    }

    @Test
    void aFlagForAnUnknownSourceIsKeptAndWarnedAbout() throws ConfigException {
        RefreshConfig config = RefreshConfig.fromYaml("data:\n  pipelines: true\n", "t.yml");

        assertThat(config.sourceFlags()).containsEntry("pipelines", true);
        assertThat(config.warnings()).singleElement().satisfies(w -> {
            assertThat(w.key()).isEqualTo("data.pipelines");
            assertThat(w.message()).contains("no source 'pipelines' is known");
        });
    }

    /// A false flag for a source no one names (a key of the Python system's own, `debug: false`)
    /// selects nothing: kept as a flag, it made the router run only the sources set to true, none,
    /// and the Python file that ran the default sources ended in "no source ran".
    @Test
    void aFalseFlagForAnUnknownSourceLeavesTheDefaultSourcesRunning() throws ConfigException {
        RefreshConfig config = RefreshConfig.fromYaml("data:\n  refresh: true\n  debug: false\n"
                + "parameters:\n  filepath:\n    production:\n      zip: zips\n", "t.yml");

        assertThat(config.sourceFlags()).doesNotContainKey("debug");
        assertThat(config.warnings()).singleElement().satisfies(w -> {
            assertThat(w.key()).isEqualTo("data.debug");
            assertThat(w.message()).contains("no source 'debug' is known").contains("false, it selects nothing and is"
                    + " ignored");
        });
        assertThat(RefreshRouter.decide(config).legacySources()).containsExactly("production_raw");
    }

    /// A processing key under a source is pointed to where it is set: `sources.eor.retries` got
    /// "did you mean `entries`?".
    @Test
    void aProcessingKeyUnderASourceNamesWhereItIsSet() throws ConfigException {
        RefreshConfig config = RefreshConfig.fromYaml("sources:\n  eor:\n    retries: 5\n", "t.yml");

        assertThat(config.warnings()).singleElement().satisfies(w -> {
            assertThat(w.key()).isEqualTo("sources.eor.retries");
            assertThat(w.message()).isEqualTo("unknown key, ignored: a source has no retries of its own;"
                    + " processing.retries sets it for every source");
        });
    }

    @Test
    void aSourceDefinedUnderSourcesIsKnownToData() throws ConfigException {
        RefreshConfig config = RefreshConfig.fromYaml("""
                data:
                  pipelines: true
                sources:
                  pipelines:
                    url: https://www.data.bsee.gov/Pipeline/Files/PipelineRawData.zip
                """, "t.yml");

        assertThat(config.warnings()).isEmpty();
        assertThat(config.sourceFlags()).containsEntry("pipelines", true);
    }

    @Test
    void windowsPathsWork() throws ConfigException {
        RefreshConfig config = RefreshConfig.fromYaml("""
                parameters:
                  filepath:
                    well:
                      zip: 'data\\modules\\bsee\\zip\\apd\\'
                      bin: "data/modules/bsee/bin/apd"
                output:
                  base_dir: ..\\shared\\bsee
                """, "win.yml");

        assertThat(config.legacyFolders().get("well").zip()).contains(Path.of("data/modules/bsee/zip/apd"));
        assertThat(config.legacyFolders().get("well").bin()).contains(Path.of("data/modules/bsee/bin/apd"));
        assertThat(config.output().baseDirectory()).contains(Path.of("../shared/bsee"));
    }

    /// A source flag whose name is no id (`EOR`) was an unknown key, ignored with a warning: no
    /// flag was left set, so the default sources ran, three archives the file did not ask for, and
    /// not the one it did.
    @Test
    void aSourceFlagThatIsNoIdIsRefusedNamingTheIdMeant() throws ConfigException {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RefreshConfig.fromYaml(
                "data:\n  enhanced_refresh: true\n  EOR: true\n", "case.yml"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("data.EOR");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).startsWith("true, but 'EOR' is neither a switch of data nor a source id")
                    .endsWith("did you mean `eor`?");
        });
        // Turned off, such a key changes nothing: an unknown key's warning, as before.
        RefreshConfig off = RefreshConfig.fromYaml("data:\n  enhanced_refresh: true\n  eor: true\n  dryRun: false\n",
                "off.yml");
        assertThat(off.warnings()).singleElement().satisfies(w -> assertThat(w.key()).isEqualTo("data.dryRun"));
    }

    @Test
    void aDrivePathIsRefusedWhereThereAreNoDrives() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.io.File.separatorChar == '/');
        assertThatThrownBy(() -> RefreshConfig.fromYaml("output:\n  base_dir: C:\\bsee\\data\n", "win.yml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("output.base_dir (line 2").hasMessageContaining("Windows drive path");
    }

    /// A network share and a path from a drive's root turned into folders at this system's root:
    /// `\\hunt\share\bsee` as `bin` wrote thirteen files into `/hunt/share/bsee` with exit 0.
    @Test
    void aNetworkShareOrADriveRootPathIsRefusedWhereThereAreNoDrives() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.io.File.separatorChar == '/');
        assertThatThrownBy(() -> RefreshConfig.fromYaml("parameters:\n  filepath:\n    eor:\n      zip: zips\n"
                + "      bin: \\\\server\\share\\bsee\n", "unc.yml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("parameters.filepath.eor.bin (line 5").hasMessageContaining("Windows network share path");
        assertThatThrownBy(() -> RefreshConfig.fromYaml("output:\n  base_dir: \\data\\bsee\n", "root.yml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("output.base_dir (line 2").hasMessageContaining("path from the root of a drive");
        // Windows reads a share written with slashes alike; this system would read /server/share.
        assertThatThrownBy(() -> RefreshConfig.fromYaml("output:\n  base_dir: //server/share/bsee\n", "slashes.yml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("output.base_dir (line 2").hasMessageContaining("Windows network share path");
    }

    @Test
    void brokenYamlNamesTheLine() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> RefreshConfig.fromYaml("data:\n  refresh: true\n   well: [1,\n", "broken.yml"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isBetween(2, 4);
            assertThat(p.message()).startsWith("not valid YAML");
        });
    }

    /// A Windows path in double quotes is a YAML escape: `\m` is none (the parser refuses it), `\b` a
    /// backspace. Both say to write the path in single quotes; the parser's own words did not say why.
    @Test
    void aWindowsPathInDoubleQuotesSaysToQuoteItOtherwise() {
        ConfigException unknown = catchThrowableOfType(ConfigException.class, () -> RefreshConfig.fromYaml(
                "data:\n  refresh: true\nparameters:\n  filepath:\n    well:\n      zip: \"data\\modules\\zip\"\n", "q.yml"));
        ConfigException backspace = catchThrowableOfType(ConfigException.class, () -> RefreshConfig.fromYaml(
                "data:\n  refresh: true\nparameters:\n  filepath:\n    well:\n      zip: \"zip\\bsee\"\n", "q.yml"));

        assertThat(unknown.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.message()).startsWith("not valid YAML: ").contains("unknown escape character")
                    .endsWith("; in double quotes a backslash starts an escape: write a Windows path in single quotes"
                            + " ('data\\modules\\bsee') or with forward slashes");
        });
        assertThat(backspace.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("parameters.filepath.well.zip");
            assertThat(p.message()).contains("control character (U+0008)")
                    .contains("if the path is in double quotes, a backslash there starts an escape, such as \\b or"
                            + " \\t: write a Windows path in single quotes or with forward slashes");
        });
        // `\U` asks for eight hexadecimal digits; `\L` and `\P` are a line and a paragraph separator,
        // which made a folder of that name.
        ConfigException users = catchThrowableOfType(ConfigException.class, () -> RefreshConfig.fromYaml(
                "data:\n  refresh: true\nparameters:\n  filepath:\n    well:\n      zip: \"C:\\Users\\me\"\n", "q.yml"));
        assertThat(users.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("escape sequence").contains("write a Windows path in single quotes"));
        ConfigException separators = catchThrowableOfType(ConfigException.class, () -> RefreshConfig.fromYaml(
                "data:\n  refresh: true\nparameters:\n  filepath:\n    well:\n      zip: zips\n"
                        + "      bin: \"data\\Legacy\\Production\"\n", "q.yml"));
        assertThat(separators.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("parameters.filepath.well.bin");
            assertThat(p.message()).contains("holds a line or paragraph separator (U+2028)")
                    .contains("write a Windows path in single quotes");
        });
        ConfigException noBreak = catchThrowableOfType(ConfigException.class, () -> RefreshConfig.fromYaml(
                "data:\n  refresh: true\nparameters:\n  filepath:\n    well:\n      zip: zips\n"
                        + "      bin: \"data\\_archive\"\n", "q.yml"));
        assertThat(noBreak.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("holds a no-break space (U+00A0)").contains("write a Windows path in single quotes"));
    }

    /// The line and column where the parser met the problem, as PyYAML reports them (checked against
    /// PyYAML 6): Jackson's location is where the token it read began.
    @Test
    void brokenYamlNamesTheLineAndColumnOfTheProblem() {
        ConfigException tab = catchThrowableOfType(ConfigException.class,
                () -> RefreshConfig.fromYaml("data:\n\trefresh: true\n", "tab.yml"));
        assertThat(tab.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo(1);
        });
        ConfigException escape = catchThrowableOfType(ConfigException.class, () -> RefreshConfig.fromYaml(
                "parameters:\n  filepath:\n    production:\n      bin: \"data\\modules\"\n", "escape.yml"));
        assertThat(escape.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.column()).isEqualTo(18);
        });
    }

    @Test
    void anEmptyFileIsTheDefaults() throws ConfigException {
        RefreshConfig config = RefreshConfig.fromYaml("# nothing yet\n", "empty.yml");

        assertThat(config).isEqualTo(RefreshConfig.builder().build());
    }

    /// A key with nothing after it is not set, as PyYAML reads it (None) and as `~` is: the Python
    /// files leave keys empty. Before, the YAML reader gave the empty text, and `refresh:` was the
    /// error `expected true or false but found ""`. A quoted empty text stays text.
    @Test
    void aKeyWithNothingAfterItIsNotSet() throws ConfigException {
        RefreshConfig empty = RefreshConfig.fromYaml("data:\n  refresh:\n  enhanced_refresh:\n  war:\n"
                + "processing:\n  retries:\ncache:\n  ttl_hours:\nsources:\n  fmp:\n  apd:\n    url:\n"
                + "parameters:\n  filepath:\n    war:\n", "empty-values.yml");
        RefreshConfig tilde = RefreshConfig.fromYaml("data:\n  refresh: ~\n  enhanced_refresh: ~\n  war: ~\n"
                + "processing:\n  retries: ~\ncache:\n  ttl_hours: ~\nsources:\n  fmp: ~\n  apd:\n    url: ~\n"
                + "parameters:\n  filepath:\n    war: ~\n", "empty-values.yml");
        assertThat(empty).isEqualTo(tilde);
        assertThat(empty.legacyRefresh()).isFalse();
        assertThat(empty.processing()).isEqualTo(RefreshConfig.Processing.DEFAULTS);

        ConfigException quoted = catchThrowableOfType(ConfigException.class,
                () -> RefreshConfig.fromYaml("data:\n  refresh: ''\n", "quoted.yml"));
        assertThat(quoted.problems()).singleElement().satisfies(p ->
                assertThat(p.message()).isEqualTo("expected true or false but found \"\""));
    }

    @Test
    void duplicateKeysKeepTheLaterValueWithAWarning() throws ConfigException {
        RefreshConfig config = RefreshConfig.fromYaml("data:\n  refresh: false\n  refresh: true\n", "dup.yml");

        assertThat(config.legacyRefresh()).isTrue();
        assertThat(config.warnings()).singleElement().satisfies(w -> {
            assertThat(w.key()).isEqualTo("data.refresh");
            assertThat(w.line()).isEqualTo(2);
        });
    }

    @Test
    void fileIsReadAsUtf8(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("u.yml");
        Files.writeString(file, "meta:\n  owner: Zoë Ødegård\n", StandardCharsets.UTF_8);

        assertThat(RefreshConfig.fromYaml(file).meta()).containsEntry("owner", "Zoë Ødegård");
    }

    @Test
    void theBuilderMakesWhatTheFileSays() throws IOException {
        RefreshConfig built = RefreshConfig.builder()
                .enhancedRefresh(true)
                .source("well", true).source("production", true).source("war", false).source("apm", false)
                .processing(new RefreshConfig.Processing(3, true, true))
                .cache(new RefreshConfig.Cache(true, Duration.ofHours(24)))
                .meta("owner", "reservoir-engineering")
                .meta("description", "Nightly refresh of APD and production tables")
                .meta("schedule", "0 2 * * *")
                .meta("contacts", List.of("data-team@example.com"))
                .meta("version", 2L)
                .build();
        RefreshConfig read = RefreshConfig.fromYaml(
                new String(RefreshConfigTest.class.getResourceAsStream("data_refresh_enhanced.yml").readAllBytes(),
                        StandardCharsets.UTF_8), "data_refresh_enhanced.yml");

        assertThat(read).isEqualTo(built);
        assertThat(built.toBuilder().build()).isEqualTo(built);
    }

    @Test
    void catalogKeysExtendAndMoveTheSources() throws ConfigException {
        RefreshConfig config = RefreshConfig.fromYaml("""
                data:
                  all: true
                  fmp: true
                site:
                  base_url: http://127.0.0.1:8080/bsee
                processing:
                  downloads_per_host: 5
                sources:
                  ogora:
                    years: [1999, "2019-2021"]
                  fmp:
                    url: Production/Files/FMPRawData2.zip
                    entries: [mv_fmplist.bin, mv_fmp_new]
                  rigs:
                    url: https://mirror.example/Rig/RigRawData.zip
                    entries: mv_rigs, mv_rig_moves.txt
                """, "t.yml");

        assertThat(config.warnings()).isEmpty();
        assertThat(config.site()).isEqualTo(URI.create("http://127.0.0.1:8080/bsee/"));
        assertThat(config.processing().downloadsPerHost()).isEqualTo(5);
        assertThat(config.sourceFlags()).containsEntry("all", true).containsEntry("fmp", true);
        assertThat(config.sources().get("ogora").years()).containsExactlyInAnyOrder(1999, 2019, 2020, 2021);
        assertThat(config.sources().get("fmp").url()).contains(URI.create("Production/Files/FMPRawData2.zip"));
        assertThat(config.sources().get("fmp").entries()).contains(java.util.Set.of("mv_fmplist", "mv_fmp_new"));
        assertThat(config.sources().get("rigs").entries()).contains(java.util.Set.of("mv_rigs", "mv_rig_moves"));
        assertThat(RefreshConfig.builder().build().site()).isEqualTo(dev.bsee.core.SourceCatalog.SITE);
        assertThat(RefreshConfig.builder().build().processing().downloadsPerHost()).isEqualTo(3);
    }

    /// `sources.well` beside `sources.apd`, or `data.well: true` beside `data.apd: false`: one of
    /// each pair was dropped without a word.
    @Test
    void aSourceConfiguredUnderItsIdAndItsAliasIsAWarningSayingWhichCounts() throws ConfigException {
        RefreshConfig config = RefreshConfig.fromYaml("""
                data:
                  enhanced_refresh: true
                  well: true
                  apd: false
                  war: true
                sources:
                  well:
                    url: https://mirror.example/well.zip
                  apd:
                    url: https://mirror.example/apd.zip
                  war:
                    url: https://mirror.example/war.zip
                parameters:
                  filepath:
                    production_raw:
                      zip: raw
                    production:
                      zip: old
                """, "alias.yml");

        assertThat(config.warnings()).extracting(w -> w.key() + " (line " + w.line() + "): " + w.message()).containsExactly(
                "data.apd (line 4): data.well and data.apd both name source apd; they disagree, and either being true runs it",
                "sources.apd (line 9): sources.well and sources.apd both name source apd; sources.apd is"
                        + " used and sources.well ignored",
                "parameters.filepath.production (line 17): parameters.filepath.production_raw and"
                        + " parameters.filepath.production both name source production_raw; parameters.filepath.production_raw"
                        + " is used and parameters.filepath.production ignored");
    }

    /// `years: 1900` matched no archive of the series and was dropped without a word.
    @Test
    void yearsOutsideTheSeriesAreAWarningNamingThem() throws ConfigException {
        RefreshConfig config = RefreshConfig.fromYaml("""
                data:
                  enhanced_refresh: true
                  ogora: true
                sources:
                  ogora:
                    years: [1900, 2019, "2098-2099"]
                """, "y.yml");

        assertThat(config.warnings()).singleElement().satisfies(w -> {
            assertThat(w.key()).isEqualTo("sources.ogora.years");
            assertThat(w.line()).isEqualTo(6);
            assertThat(w.message()).contains("years 1900, 2098, 2099 are outside it and ignored").contains("1996 to this year");
        });
    }

    @Test
    void wrongCatalogKeysAreNamedWithTheirLine() throws ConfigException {
        ConfigException wrong = catchThrowableOfType(ConfigException.class, () -> RefreshConfig.fromYaml("""
                site:
                  base_url: ftp://mirror.example/
                processing:
                  downloads_per_host: 0
                sources:
                  ogora:
                    years: "2021-2019"
                  fmp:
                    years: 2020
                    url: "http://"
                """, "t.yml"));

        assertThat(wrong).isNotNull();
        assertThat(wrong.problems()).extracting(ConfigProblem::key).containsExactly("site.base_url",
                "processing.downloads_per_host", "sources.ogora.years", "sources.fmp.url");
        RefreshConfig narrowedElsewhere = RefreshConfig.fromYaml("sources:\n  fmp:\n    years: 2020\n", "t.yml");
        assertThat(narrowedElsewhere.warnings()).singleElement().satisfies(w -> assertThat(w.toString())
                .contains("sources.fmp.years").contains("only a yearly series (ogora)"));
    }

    /// A duration built in Java is bounded as the configuration file's are (a count of nanoseconds,
    /// about 292 years), with the option named: `Cache(true, Duration.ofSeconds(Long.MAX_VALUE))`
    /// failed every refresh after the first, a source timeout that long every refresh, with
    /// `ArithmeticException: long overflow` naming nothing. A lock wait of any length still waits.
    @Test
    void durationsBuiltInJavaAreBoundedAsTheFileBoundsThemNamingTheOption() {
        Duration endless = Duration.ofSeconds(Long.MAX_VALUE);
        Duration longest = Duration.ofNanos(Long.MAX_VALUE);
        assertThatThrownBy(() -> new RefreshConfig.Cache(true, endless)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cache ttl must be at most 9223372036 seconds (about 292 years): " + endless);
        assertThatThrownBy(() -> new RefreshConfig.SourceSettings(null, endless, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must be at most 9223372036 seconds (about 292 years): " + endless);
        assertThatThrownBy(() -> BseeRefresh.builder().backoff(Duration.ZERO, endless))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("backoff must be at most ");
        assertThatThrownBy(() -> dev.bsee.core.SourceCatalog.of().find("well").orElseThrow().withRequestTimeout(endless))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("request timeout of source apd must be at most ");

        assertThat(new RefreshConfig.Cache(true, longest).ttl()).isEqualTo(longest);
        assertThat(new RefreshConfig.SourceSettings(null, longest, null).timeout()).hasValue(longest);
        BseeRefresh.builder().backoff(longest, longest).lockWait(endless);
        BseeStatus.builder().lockWait(endless);
    }

    /// A `meta` value given in Java is copied all the way down when the configuration is built, as
    /// the YAML's is read into unmodifiable lists and maps: a configuration changed when the caller
    /// changed the list it had given, and took any object (a `Thread`) where only a configuration
    /// file's values belong.
    @Test
    void metaGivenInJavaIsCopiedAndHoldsOnlyWhatAFileCan() {
        List<Object> tags = new java.util.ArrayList<>(List.of("a", Map.of("depth", 3L)));
        RefreshConfig config = RefreshConfig.builder().meta("tags", tags).build();
        tags.add("added afterwards");

        assertThat(config.meta()).isEqualTo(Map.of("tags", List.of("a", Map.of("depth", 3L))));
        assertThatThrownBy(() -> ((List<Object>) config.meta().get("tags")).add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> RefreshConfig.builder().meta("owner", List.of(Thread.currentThread())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("meta.owner[0]: expected a string, number, boolean, list or map but found a java.lang.Thread");
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }
}
