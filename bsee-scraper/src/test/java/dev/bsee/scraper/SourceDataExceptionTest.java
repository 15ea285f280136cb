package dev.bsee.scraper;

import dev.bsee.scraper.SourceDataException.Problem;
import org.junit.jupiter.api.Test;

import java.io.EOFException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// The factories and the builder of [SourceDataException]: the message names the parts that are
/// set, in the order archive, entry, line; the accessors give back exactly those parts.
class SourceDataExceptionTest {

    @Test
    void anArchiveProblemNamesOnlyTheArchive() {
        SourceDataException e = SourceDataException.inArchive(Problem.TRUNCATED_ARCHIVE, "a.zip", "it ends early");
        assertThat(e).hasMessage("a.zip: it ends early").hasNoCause();
        assertThat(e.problem()).isEqualTo(Problem.TRUNCATED_ARCHIVE);
        assertThat(e.detail()).isEqualTo("it ends early");
        assertThat(e.archive()).contains("a.zip");
        assertThat(e.entry()).isEmpty();
        assertThat(e.line()).isEmpty();
    }

    @Test
    void anEntryProblemNamesArchiveAndEntry() {
        SourceDataException e = SourceDataException.inEntry(Problem.ZIP_BOMB, "a.zip", "dir/b.txt", "too big");
        assertThat(e).hasMessage("a.zip: dir/b.txt: too big");
        assertThat(e.archive()).contains("a.zip");
        assertThat(e.entry()).contains("dir/b.txt");
        assertThat(e.line()).isEmpty();
    }

    /// An entry whose name is empty was joined as any other: `name-empty.zip: : the entry name is empty`.
    @Test
    void anEmptyEntryNameIsWordedNotJoinedAsAnEmptyPart() {
        String unsafe = dev.bsee.scraper.internal.zip.EntryNames.unsafeBecause("").orElseThrow();
        assertThat(SourceDataException.inEntry(Problem.UNSAFE_ENTRY_NAME, "name-empty.zip", "", unsafe))
                .hasMessage("name-empty.zip: an entry's name is empty");
        SourceDataException other = SourceDataException.builder(Problem.ZIP_BOMB, "too big").archive("a.zip").entry("")
                .line(3).build();
        assertThat(other).hasMessage("a.zip: an entry with an empty name: line 3: too big");
        assertThat(other.entry()).contains("");
    }

    @Test
    void theBuilderSetsLineAndCauseAndLeavesOutWhatIsUnknown() {
        EOFException cause = new EOFException("eof");
        SourceDataException e = SourceDataException.builder(Problem.MALFORMED_ROW, "expected 7 fields, saw 8")
                .archive("eWellEORRawData.zip").entry("mv_eor_completions.txt").line(12).cause(cause).build();
        assertThat(e).hasMessage("eWellEORRawData.zip: mv_eor_completions.txt: line 12: expected 7 fields, saw 8")
                .hasCause(cause);
        assertThat(e.line()).hasValue(12);

        SourceDataException plainFile = SourceDataException.builder(Problem.EMPTY_TEXT, "no header row")
                .archive(null).entry("wells.txt").line(3).build();
        assertThat(plainFile).hasMessage("wells.txt: line 3: no header row");
        assertThat(plainFile.archive()).isEmpty();
        assertThat(SourceDataException.builder(Problem.EMPTY_TEXT, "nothing").build()).hasMessage("nothing");
    }

    @Test
    void controlCharactersOfNamesAndDetailsAreEscaped() {
        SourceDataException e = SourceDataException.inEntry(Problem.UNSAFE_ENTRY_NAME, "a\u001b[2J.zip", "b\nc.txt",
                "bad\r");
        assertThat(e.getMessage()).doesNotContain("\u001b", "\n", "\r").startsWith("a");
    }

    /// An entry may be named with 65,535 characters: the message shows its start and end, and the
    /// accessor the whole name.
    @Test
    void aLongNameIsCutInTheMiddleOfTheMessage() {
        String name = "a".repeat(30_000) + "/" + "b".repeat(30_000) + ".txt";
        SourceDataException e = SourceDataException.inEntry(Problem.UNSAFE_ENTRY_NAME, "c".repeat(500) + ".zip", name,
                "refused");
        assertThat(e.getMessage()).hasSizeLessThan(600).startsWith("ccc").endsWith("bbb.txt: refused")
                .contains("…(59,765 characters)…", "…(264 characters)…");
        assertThat(e.entry()).contains(name);
    }

    @Test
    void requiredPartsAndLinesAreChecked() {
        assertThatThrownBy(() -> SourceDataException.builder(Problem.MALFORMED_ROW, "x").line(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from 1");
        assertThatThrownBy(() -> SourceDataException.inArchive(Problem.NOT_A_ZIP, null, "x"))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SourceDataException.inEntry(Problem.NOT_A_ZIP, "a.zip", null, "x"))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SourceDataException.builder(null, "x")).isInstanceOf(NullPointerException.class);
    }
}
