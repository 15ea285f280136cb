package dev.bsee.scraper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bsee.core.BseeSource;
import dev.bsee.core.SourceCatalog;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConditionalStateStoreTest {

    @TempDir
    Path dir;

    private final BseeSource well = SourceCatalog.of().find("well").orElseThrow();
    private final BseeSource war = SourceCatalog.of().find("war").orElseThrow();

    /// A folder given as the state file, or as a text file to read, is named in the failure: both
    /// failed with the JDK's bare `Is a directory`, which says neither which path nor which call.
    @Test
    void aFolderGivenAsTheFileIsNamedInTheFailure() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("state.d"));

        assertThatThrownBy(() -> ConditionalStateStore.open(folder)).isInstanceOf(IOException.class)
                .isNotInstanceOf(ConditionalStateStore.Damaged.class)
                .hasMessage(folder + ": a folder, not a file");
        assertThatThrownBy(() -> CsvTableReader.builder().build().read(folder)).isInstanceOf(IOException.class)
                .hasMessage(folder + ": a folder, not a file");
    }

    /// A state file padded far past what a state holds (64 MiB of zeros ran the refresh out of heap)
    /// or not UTF-8 is refused naming the file, without being read whole.
    @Test
    void aStateFileFarTooLargeOrNotTextIsRefusedByName() throws IOException {
        Path padded = dir.resolve("padded");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(padded.toFile(), "rw")) {
            file.setLength(1L << 30);
        }
        assertThatThrownBy(() -> ConditionalStateStore.open(padded)).isInstanceOf(IOException.class)
                .hasMessage(padded + ": larger than 4 MiB, far more than a download state this tool writes");
        Path latin1 = Files.write(dir.resolve("latin1"), new byte[] {'w', 'e', 'l', 'l', '\t', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> ConditionalStateStore.open(latin1)).isInstanceOf(IOException.class)
                .hasMessage(latin1 + ": not UTF-8 text, so not a download state this tool writes");
    }

    @Test
    void statesSurviveAReopen() throws IOException {
        Path file = dir.resolve("state/http-cache.tsv");
        ConditionalState full = ConditionalState.of(well.id(), well.uri(),
                Validators.of("W/\"a b\"", "Tue, 04 Mar 2025 06:15:02 GMT"),
                Instant.parse("2025-03-06T09:30:00.123Z"));
        ConditionalState bare = ConditionalState.of("war", war.uri(), Validators.none(), null);

        ConditionalStateStore store = ConditionalStateStore.open(file);
        store.save(full);
        store.save(bare);
        ConditionalStateStore reopened = ConditionalStateStore.open(file);

        assertThat(reopened.find(well.id())).contains(full);
        assertThat(reopened.find("well")).as("the Python configurations' name of the source").contains(full);
        assertThat(reopened.find("war")).contains(bare);
        assertThat(reopened.find("production")).isEmpty();
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(3).element(2)
                .isEqualTo("war\t" + war.uri() + "\t-\t-\t-");
        assertThat(TestArchives.filesIn(file.getParent())).containsExactly(file);
    }

    @Test
    void aStoredStateAppliesOnlyToTheSameAddress() throws IOException {
        ConditionalStateStore store = ConditionalStateStore.open(dir.resolve("s.tsv"));
        ConditionalState state = ConditionalState.of(well.id(), well.uri(),
                Validators.of("\"x\"", null), Instant.EPOCH);
        store.save(state);

        assertThat(store.state(well)).isEqualTo(state);
        BseeSource moved = well.withUri(URI.create("https://mirror.example/APDRawData.zip"));
        assertThat(store.state(moved)).isEqualTo(ConditionalState.initial(moved));
    }

    @Test
    void credentialsInASourceAddressNeverReachTheStateFileYetTheStateStillApplies() throws IOException {
        Path file = dir.resolve("s.tsv");
        BseeSource secret = well.withUri(URI.create("https://analyst:s3cr%40t@mirror.example/APDRawData.zip?x=1"));
        ConditionalStateStore store = ConditionalStateStore.open(file);
        store.save(ConditionalState.of(secret.id(), secret.uri(), Validators.of("\"x\"", null), Instant.EPOCH));

        assertThat(Files.readString(file)).doesNotContain("analyst", "s3cr").contains("mirror.example/APDRawData.zip?x=1");
        ConditionalState reopened = ConditionalStateStore.open(file).state(secret);
        assertThat(reopened.validators().etag()).as("the validators apply to the same address").contains("\"x\"");
        assertThat(ConditionalStateStore.open(file).state(well).validators().etag()).as("another address").isEmpty();
    }

    @Test
    void forgettingASourceMakesItsNextFetchUnconditional() throws IOException {
        Path file = dir.resolve("s.tsv");
        ConditionalStateStore store = ConditionalStateStore.open(file);
        store.save(ConditionalState.of("well", well.uri(), Validators.none(), Instant.EPOCH));
        store.forget("well");

        assertThat(ConditionalStateStore.open(file).state(well)).isEqualTo(ConditionalState.initial(well));
    }

    /// The first versions keyed a line by the Python configurations' name of its source (`well`,
    /// `production`): it is the state of the source that name stands for, so its next request is
    /// conditional, and the next write keys it by the source's id. A line of the id itself says more
    /// than one of its alias, whichever comes first.
    @Test
    void aLineKeyedByAnAliasIsTheSourcesStateAndIsRewrittenUnderItsId() throws IOException {
        Path file = dir.resolve("s.tsv");
        BseeSource production = SourceCatalog.of().find("production").orElseThrow();
        Files.write(file, List.of("# state of an early version",
                "production\t" + production.uri() + "\t\"p\"\t-\t2025-03-06T09:30:00Z",
                "well\t" + well.uri() + "\t\"old\"\t-\t-",
                "apd\t" + well.uri() + "\t\"new\"\t-\t-"));

        ConditionalStateStore store = ConditionalStateStore.open(file);

        assertThat(store.state(production).validators().etag()).contains("\"p\"");
        assertThat(store.state(production).sourceId()).isEqualTo("production_raw");
        assertThat(store.state(well).validators().etag()).contains("\"new\"");
        store.save(ConditionalState.of(war.id(), war.uri(), Validators.none(), null));
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(4).filteredOn(line -> !line.startsWith("#"))
                .extracting(line -> line.substring(0, line.indexOf('\t')))
                .containsExactly("apd", "production_raw", "war");
        assertThat(ConditionalStateStore.open(file).state(production).validators().etag()).contains("\"p\"");
    }

    /// A line of more fields than five was written by a newer version: its five are read (the
    /// request stays conditional), the file is neither refused nor set aside, and the fields after
    /// them stay while their download does; a state of another download drops them.
    @Test
    void aLineOfANewerVersionIsReadAndItsFurtherFieldsKeptWhileItsDownloadIs() throws IOException {
        Path file = dir.resolve("s.tsv");
        String newer = "war\t" + war.uri() + "\t\"w\"\t-\t2025-03-06T09:30:00Z\tsha256:ab\tmore";
        Files.write(file, List.of(newer, "apd\t" + well.uri() + "\t\"a\"\t-\t-\tsha256:cd"));

        ConditionalStateStore store = ConditionalStateStore.open(file);

        assertThat(store.state(war).validators().etag()).contains("\"w\"");
        assertThat(store.state(war).checkedAt()).contains(Instant.parse("2025-03-06T09:30:00Z"));
        // Confirmed by a 304: the same download, checked again.
        store.save(ConditionalState.of(war.id(), war.uri(), Validators.of("\"w\"", null), Instant.EPOCH));
        // Downloaded anew: other validators.
        store.save(ConditionalState.of(well.id(), well.uri(), Validators.of("\"b\"", null), Instant.EPOCH));
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).containsExactly(
                "# bsee-java conditional download state: source id, address, ETag, Last-Modified, checked at; '-' when absent",
                "apd\t" + well.uri() + "\t\"b\"\t-\t" + Instant.EPOCH,
                "war\t" + war.uri() + "\t\"w\"\t-\t" + Instant.EPOCH + "\tsha256:ab\tmore");
    }

    /// A damaged file's detail leaves the path out, for a message that names the file itself once.
    @Test
    void aDamagedFilesDetailLeavesItsPathOut() throws IOException {
        Path file = dir.resolve("s.tsv");
        Files.write(file, List.of("war\thttps://x/b.zip\t-\t-"));

        assertThatThrownBy(() -> ConditionalStateStore.open(file)).isInstanceOfSatisfying(ConditionalStateStore.Damaged.class,
                damaged -> assertThat(damaged.detail()).doesNotContain(file.toString())
                        .isEqualTo("line 1: malformed conditional state: expected 5 tab-separated fields, found 4"));
    }

    @Test
    void aMalformedLineIsReportedWithFileAndLine() throws IOException {
        Path file = dir.resolve("s.tsv");
        Files.write(file, List.of("# comment", "well\thttps://x/a.zip\t-\t-\t-", "war\thttps://x/b.zip\t-\t-\tyesterday"));

        assertThatThrownBy(() -> ConditionalStateStore.open(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file + ", line 3: malformed conditional state");
    }

    @Test
    void freshnessNeedsACheckWithinTheTtl() {
        Instant checked = Instant.parse("2025-03-06T00:00:00Z");
        ConditionalState state = ConditionalState.of(well.id(), well.uri(), Validators.none(), checked);

        assertThat(state.isFresh(checked.plusSeconds(3599), Duration.ofHours(1))).isTrue();
        assertThat(state.isFresh(checked.plusSeconds(3600), Duration.ofHours(1))).isFalse();
        assertThat(state.isFresh(checked, Duration.ZERO)).isFalse();
        // Checked "later" than now: a clock that was fast. Not trusted, however long the TTL.
        assertThat(state.isFresh(checked.minusSeconds(1), Duration.ofHours(1))).isFalse();
        assertThat(state.isFresh(checked.minus(Duration.ofDays(365)), Duration.ofDays(3650))).isFalse();
        assertThat(ConditionalState.initial(well).isFresh(checked, Duration.ofDays(1))).isFalse();
    }

    @Test
    void validatorsAreTrimmedAndRefuseInnerLineBreaks() {
        assertThat(Validators.of(" \"a\"\r\n", " "))
                .isEqualTo(Validators.of("\"a\"", null));
        assertThatThrownBy(() -> Validators.of("\"a\nb\"", null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
