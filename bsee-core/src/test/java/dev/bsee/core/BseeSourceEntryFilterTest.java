package dev.bsee.core;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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

    /// The AppleDouble files macOS adds to an archive it makes (`__MACOSX/._name.txt`, or `._name.txt`
    /// beside the file) hold attributes in binary: neither filter takes them for data.
    @ParameterizedTest
    @ValueSource(strings = {"__MACOSX/._ogora2008delimit.txt", "__MACOSX/eWellEORRawData/._mv_eor.TXT", "._mv_cd.txt",
            "eWellEORRawData\\._mv_cd.txt", "._.txt"})
    void macOsMetadataIsNotData(String name) {
        assertThat(BseeSource.TEXT_ENTRIES.matcher(name).matches()).isFalse();
        assertThat(source.entryFilter().test(name)).isFalse();
    }

    /// Only a base name that starts with `._` is metadata: the same characters elsewhere are a name.
    @ParameterizedTest
    @ValueSource(strings = {"a._b.txt", "._folder/mv_cd.txt", "__MACOSX/mv_cd.txt", ".hidden.txt", "_.txt", "._x/y._z.txt"})
    void namesThatOnlyResembleMetadataAreData(String name) {
        assertThat(BseeSource.TEXT_ENTRIES.matcher(name).matches()).isTrue();
        assertThat(source.entryFilter().test(name)).isTrue();
    }

    /// `bsee convert` matches the whole entry name, a refresh the base name: they agree on every name.
    @Property(tries = 2000)
    void aWholeNameAndItsBaseNameAreDataAlike(@ForAll("entryNames") String name) {
        assertThat(source.entryFilter().test(name)).isEqualTo(BseeSource.TEXT_ENTRIES.matcher(name).matches());
    }

    @Provide
    Arbitrary<String> entryNames() {
        Arbitrary<String> piece = Arbitraries.of("._", ".", "_", "/", "\\", "__MACOSX", "txt", ".txt", ".TXT", "a",
                "\n", "\u2028", "\u00e9");
        return piece.list().ofMaxSize(8).map(pieces -> String.join("", pieces));
    }
}
