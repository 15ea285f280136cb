package dev.bsee.bridge;

import dev.bsee.core.BseeSource;
import dev.bsee.core.SourceCatalog;
import dev.bsee.scraper.BodyInfo;
import dev.bsee.scraper.ConditionalState;
import dev.bsee.scraper.FetchResult;
import dev.bsee.scraper.PortalLink;
import dev.bsee.scraper.Validators;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/// A password in an address (`https://user:secret@mirror/...`) is left out of what the API's
/// objects print, as it is left out of every message, report and manifest: a configuration, a
/// source, a download's result or body, a portal link. An application logging its configuration
/// (`LOG.info("refresh " + config)`) printed the password.
class PrintedAddressesTest {

    private static final URI SITE = URI.create("https://reader:s3cret@mirror.example/");
    private static final URI WAR = SITE.resolve("Well/Files/eWellWARRawData.zip");

    @Test
    void aPasswordInAnAddressIsInNoPrintedObject() throws ConfigException {
        RefreshConfig built = RefreshConfig.builder().site(SITE)
                .sourceSettings("war", new RefreshConfig.SourceSettings(WAR, null, null)).build();
        RefreshConfig read = RefreshConfig.fromYaml("site:\n  base_url: " + SITE + "\nsources:\n  war:\n    url: " + WAR
                + "\n", "x.yml");
        BseeSource war = SourceCatalog.of(SITE).find("war").orElseThrow();
        FetchResult<Long> result = new FetchResult<>("war", FetchResult.Status.FETCHED, 1L, 1, 1, 1, 200,
                Validators.none(), Duration.ZERO, WAR, ConditionalState.initial(war));

        List<Object> printed = List.of(built, read, built.sources().get("war"), war, result,
                BodyInfo.of(WAR, 200, "application/zip", 1, Validators.none()), new PortalLink("WAR", WAR));
        for (Object object : printed) {
            assertThat(object.toString()).as(object.getClass().getSimpleName()).doesNotContain("s3cret")
                    .contains("***@mirror.example");
        }
        // The values themselves keep the address as given: the download needs it.
        assertThat(built.site()).isEqualTo(SITE);
        assertThat(war.uri()).isEqualTo(WAR);
    }
}
