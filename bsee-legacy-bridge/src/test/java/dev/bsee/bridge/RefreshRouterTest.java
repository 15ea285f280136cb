package dev.bsee.bridge;

import dev.bsee.core.SourceCatalog;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

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
        assertThat(decision.legacySources()).containsExactly("production");
        assertThat(decision.enhancedSources()).isEmpty();
        assertThat(decision.reasons())
                .contains("legacy path skips apm: data.apm is false")
                .contains("legacy path skips well: parameters.filepath.well.zip is not set")
                .anySatisfy(r -> assertThat(r).startsWith("legacy path runs: data.refresh is true; sources production"))
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
                """);

        assertThat(decision.enhancedSources()).containsExactly("well", "production");
        assertThat(decision.legacySources()).isEmpty();
        assertThat(decision.reasons())
                .contains("enhanced path skips war: data.war is false")
                .contains("enhanced path skips apm: it has no download address (set sources.apm.url)");
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

        assertThat(decision.enhancedSources()).containsExactly("well", "production", "war", "pipelines");
        assertThat(decision.reasons()).contains("enhanced path: no data.<source> flag is set, so every source it can run takes part");
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
        assertThat(decision.legacySources()).containsExactly("production");
        assertThat(decision.enhancedSources()).containsExactly("well", "production");
    }

    @Test
    void anUnsetFlagIsLeftOutWhenOthersAreSet() throws ConfigException {
        RefreshDecision decision = decide("data:\n  enhanced: true\n  well: true\n");

        assertThat(decision.enhancedSources()).containsExactly("well");
        assertThat(decision.reasons()).contains("enhanced path skips war: data.war is not set, and other sources are selected");
    }

    @Test
    void aCatalogGivenInJavaDecidesTheSources() {
        SourceCatalog catalog = SourceCatalog.defaults().with(SourceCatalog.defaults().find("well").orElseThrow()
                .withUri(URI.create("http://127.0.0.1:8080/APDRawData.zip")));
        RefreshConfig config = RefreshConfig.builder().enhancedRefresh(true).legacyRefresh(true).source("well", true)
                .legacyFolders("well", Path.of("zips"), Optional.empty()).build();

        RefreshDecision decision = RefreshRouter.decide(config, catalog);

        assertThat(decision.enhancedSources()).containsExactly("well");
        assertThat(decision.legacySources()).containsExactly("well");
    }
}
