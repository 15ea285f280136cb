package dev.bsee.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/// A refresh keeps the entries [BseeSource#entryFilter] accepts; `bsee convert` keeps every entry whose
/// base name ends in `.txt`. An entry name may hold any character once unflagged names decode as code
/// page 437 (`\n` is byte 0x0A) or flagged ones as UTF-8 (`\u2028`): such an entry must be data for both,
/// or a refresh skips it without a word while `bsee convert` of the same archive writes it.
class BseeSourceEntryFilterTest {

    private final BseeSource source = new BseeSource("extra", URI.create("http://127.0.0.1/x.zip"),
            UpdateCadence.IRREGULAR, Duration.ofSeconds(5), "extra", BseeSource.TEXT_ENTRIES, TableLayout.headerRow());

    /// Every character `.` of a regular expression leaves out by default: the line terminators.
    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r", "\u0085", "\u2028", "\u2029"})
    void aTextEntryWhoseNameHoldsALineTerminatorIsData(String terminator) {
        assertThat(source.entryFilter().test("eWellEORRawData/mv_c" + terminator + "d.txt")).isTrue();
        assertThat(source.entryFilter().test(terminator + "mv_cd.TXT")).isTrue();
        assertThat(source.entryFilter().test("mv_cd.txt" + terminator)).isFalse();
    }
}
