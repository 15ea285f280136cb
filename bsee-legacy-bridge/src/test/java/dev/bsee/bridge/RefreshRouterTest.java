package dev.bsee.bridge;

import dev.bsee.core.SourceCatalog;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RefreshRouterTest {

    private static RefreshDecision decide(String yaml) throws ConfigException {
        return RefreshRouter.decide(RefreshConfig.fromYaml(yaml, "t.yml"));
    }

    @Test
    void neitherSwitchRunsNothing() throws ConfigException {
        RefreshDecision decision = decide("data:\n  well: true\n");

        assertThat(decision.legacy()).isFalse();
        assertThat(decision.enhanced()).isFalse();
        assertThat(decision.runsAnything()).isFalse();
        assertThat(decision.reasons()).anySatisfy(r -> assertThat(r).startsWith("nothing to do"));
    }

    /// The id's folders win over its alias's, for the router as for the plan: a zip folder under
    /// the alias beside a bin folder under the id ran a source whose plan then had no zip folder.
    @Test
    void aZipFolderUnderTheAliasBesideTheIdsBinFolderRunsNothing() throws ConfigException {
        RefreshDecision decision = decide("""
                data:
                  refresh: true
                  production: true
                parameters:
                  filepath:
                    production:
                      zip: z1
                    production_raw:
                      bin: out/pr
                """);

        assertThat(decision.legacySources()).isEmpty();
        assertThat(decision.reasons()).contains("legacy path skips production_raw: parameters.filepath.production_raw.zip is not set");

        RefreshDecision aliasAlone = decide("data:\n  refresh: true\n  production: true\nparameters:\n  filepath:\n"
                + "    production:\n      zip: z1\n");
        assertThat(aliasAlone.legacySources()).containsExactly("production_raw");
    }

    @Test
    void legacyOnlyConvertsTheSelectedSourcesWithZipFolders() throws ConfigException {
        RefreshDecision decision = decide("""
                data:
                  refresh: true
                  apm: false
                  production: true
                  well: true
                parameters:
                  filepath:
                    production:
                      zip: data\\modules\\bsee\\zip\\production
                    apm:
                      zip: data\\modules\\bsee\\zip\\apm
                """);

        assertThat(decision.legacy()).isTrue();
        assertThat(decision.enhanced()).isFalse();
        assertThat(decision.legacySources()).containsExactly("production_raw");
        assertThat(decision.enhancedSources()).isEmpty();
        assertThat(decision.reasons())
                .contains("legacy path skips apm: data.apm is false")
                .contains("legacy path skips apd: parameters.filepath.apd.zip is not set")
                .anySatisfy(r -> assertThat(r).startsWith("legacy path runs: data.refresh is true; sources production_raw"))
                .anySatisfy(r -> assertThat(r).startsWith("enhanced path does not run"));
    }

    @Test
    void enhancedOnlyDownloadsTheSelectedCatalogSources() throws ConfigException {
        RefreshDecision decision = decide("""
                enhanced_mode: true
                data:
                  well: true
                  production: true
                  war: false
                  apm: true
                  platstruc: true
                  rigs: true
                """);

        // Every catalog id is a flag; a name the catalog does not know needs an address.
        assertThat(decision.enhancedSources()).containsExactly("apd", "apm", "production_raw", "platstruc");
        assertThat(decision.legacySources()).isEmpty();
        assertThat(decision.reasons())
                .contains("enhanced path skips war: data.war is false")
                .contains("enhanced path skips rigs: it has no download address (set sources.rigs.url)")
                // Unselected catalog sources beyond the default three are not listed one by one.
                .noneMatch(r -> r.contains("skips fmp"));
    }

    @Test
    void withoutSourceFlagsEverySourceThePathCanRunTakesPart() throws ConfigException {
        RefreshDecision decision = decide("""
                data:
                  enhanced_refresh: true
                sources:
                  pipelines:
                    url: https://www.data.bsee.gov/Pipeline/Files/PipelineRawData.zip
                """);

        // Without flags: the seed's three (not the whole catalog) and what only the configuration names.
        assertThat(decision.enhancedSources()).containsExactly("apd", "war", "production_raw", "pipelines");
        assertThat(decision.reasons()).contains("enhanced path: no data.<source> flag is set, so the default sources"
                + " take part (apd, war, production_raw, pipelines); data.all: true selects every catalog source");
    }

    @Test
    void bothPathsRunIndependentlyWithTheirOwnSources() throws ConfigException {
        RefreshDecision decision = decide("""
                data:
                  refresh: true
                  fresh_data: true
                  production: true
                  well: true
                parameters:
                  filepath:
                    production:
                      zip: zips/production
                """);

        assertThat(decision.legacy()).isTrue();
        assertThat(decision.enhanced()).isTrue();
        assertThat(decision.legacySources()).containsExactly("production_raw");
        assertThat(decision.enhancedSources()).containsExactly("apd", "production_raw");
    }

    @Test
    void anUnsetFlagIsLeftOutWhenOthersAreSet() throws ConfigException {
        RefreshDecision decision = decide("data:\n  enhanced: true\n  well: true\n");

        assertThat(decision.enhancedSources()).containsExactly("apd");
        assertThat(decision.reasons()).contains("enhanced path skips war: data.war is not set, and other sources are selected");
    }

    /// With no flag the legacy path converts the default sources whose zip folders are given; every
    /// source left out gets a reason: a default source without a zip folder, and a zip folder of a
    /// source that is not a default one. Neither had one.
    @Test
    void withoutFlagsEverySourceLeftOutOfTheLegacyPathIsNamed() throws ConfigException {
        RefreshDecision decision = decide("""
                data:
                  refresh: true
                parameters:
                  filepath:
                    production:
                      zip: zips/production
                    apm:
                      zip: zips/apm
                """);

        assertThat(decision.legacySources()).containsExactly("production_raw");
        assertThat(decision.reasons()).contains(
                "legacy path skips apm: no data.<source> flag is set, and apm is not a default source (data.apm: true"
                        + " or data.all: true selects it)",
                "legacy path skips apd: parameters.filepath.apd.zip is not set",
                "legacy path skips war: parameters.filepath.war.zip is not set");
    }

    /// Flags that are all false select nothing, and the reasons say so: they said other sources were
    /// selected, and that no selected source had a download address.
    @Test
    void flagsThatAreAllFalseAreNamedAsTheReasonNothingRuns() throws ConfigException {
        RefreshDecision decision = decide("data:\n  enhanced_refresh: true\n  apd: false\n");

        assertThat(decision.enhancedSources()).isEmpty();
        assertThat(decision.reasons()).contains("enhanced path skips apd: data.apd is false",
                "enhanced path skips war: data.war is not set, and the flags that are set are false",
                "enhanced path runs but has no source to download: enhanced refresh is on, and no data.<source> flag"
                        + " is true (nor data.all)")
                .noneMatch(reason -> reason.contains("other sources are selected") || reason.contains("download address"));
    }

    @Test
    void dataAllSelectsEveryCatalogSourceAndAFalseFlagStillLeavesOneOut() throws ConfigException {
        RefreshDecision decision = decide("""
                data:
                  enhanced_refresh: true
                  all: true
                  war: false
                sources:
                  pipelines:
                    url: Pipeline/Files/PipelineRawData.zip
                """);

        List<String> expected = new java.util.ArrayList<>(SourceCatalog.of().sources().stream()
                .map(dev.bsee.core.BseeSource::id).filter(id -> !id.equals("war")).toList());
        expected.add("pipelines");
        assertThat(decision.enhancedSources()).containsExactlyElementsOf(expected).hasSize(39);
        assertThat(decision.reasons()).contains("enhanced path skips war: data.war is false");
    }

    @Test
    void pythonNamesAndCatalogIdsSelectTheSameSourceOnce() throws ConfigException {
        RefreshDecision decision = decide("""
                data:
                  refresh: true
                  enhanced: true
                  well: true
                  apd: true
                  production: true
                parameters:
                  filepath:
                    well:
                      zip: zips/well
                    production_raw:
                      zip: zips/production
                """);

        assertThat(decision.enhancedSources()).containsExactly("apd", "production_raw");
        assertThat(decision.legacySources()).containsExactly("apd", "production_raw");
    }

    @Test
    void aCatalogGivenInJavaDecidesTheSources() {
        SourceCatalog catalog = SourceCatalog.of().with(SourceCatalog.of().find("well").orElseThrow()
                .withUri(URI.create("http://127.0.0.1:8080/APDRawData.zip")));
        RefreshConfig config = RefreshConfig.builder().enhancedRefresh(true).legacyRefresh(true).source("well", true)
                .legacyFolders("well", Path.of("zips"), null).build();

        RefreshDecision decision = RefreshRouter.decide(config, catalog);

        assertThat(decision.enhancedSources()).containsExactly("apd");
        assertThat(decision.legacySources()).containsExactly("apd");
    }
}
