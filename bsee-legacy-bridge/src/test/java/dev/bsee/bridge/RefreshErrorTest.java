package dev.bsee.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bsee.scraper.SourceDataException;
import org.junit.jupiter.api.Test;

class RefreshErrorTest {

    /// A refresh's error about a line: its message names the archive, entry and line, which the
    /// text does not repeat.
    @Test
    void anErrorWhoseMessageNamesItsPlaceSaysItOnce() {
        SourceDataException failure = SourceDataException.builder(SourceDataException.Problem.MALFORMED_ROW,
                "expected 7 fields, saw 8").archive("APDRawData.zip").entry("mv_apddata_all.txt").line(12).build();

        RefreshError error = new RefreshError(RefreshError.Kind.DATA, "apd", "mv_apddata_all.txt", 12, failure.getMessage());

        assertThat(error).hasToString("apd: APDRawData.zip: mv_apddata_all.txt: line 12: expected 7 fields, saw 8");
    }

    @Test
    void anErrorWhoseMessageDoesNotNameItsPlaceIsGivenIt() {
        assertThat(new RefreshError(RefreshError.Kind.DATA, "apd", "a.txt", 3, "bad row")).hasToString("apd, entry a.txt, line 3: bad row");
        assertThat(new RefreshError(RefreshError.Kind.DATA, "apd", "a\nb.txt", -1, "bad")).hasToString("apd, entry a\\nb.txt: bad");
        assertThat(RefreshError.of(RefreshError.Kind.DOWNLOAD, "apd", "HTTP 404")).hasToString("apd: HTTP 404");
        // A name or a number inside other words is not the place named.
        assertThat(new RefreshError(RefreshError.Kind.DATA, "apd", "a.txt", 1, "near line 10 of b.a.txt: bad")).hasToString(
                "apd, entry a.txt, line 1: near line 10 of b.a.txt: bad");
    }
}
