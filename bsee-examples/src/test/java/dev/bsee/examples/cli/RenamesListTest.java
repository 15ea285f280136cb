package dev.bsee.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/// The list of renames a convert writes before its first rename, which the next convert follows
/// when that one was killed among them. An entry's name may hold any character but a slash, a
/// backslash or NUL, so its `.bin` may start with a dot (`.x.txt`) or hold a line break; the list
/// of one name a line could not give those back, and the next convert took it for damaged and
/// dropped the killed run's files.
class RenamesListTest {

    @Property(tries = 300)
    void everyListAConvertWritesIsReadBackAsItsNames(@ForAll("binNames") List<String> names) throws IOException {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        ConvertCommand.writeRenames(list, names);
        assertThat(ConvertCommand.renames(list.toByteArray())).isEqualTo(names);
    }

    @Provide
    Arbitrary<List<String>> binNames() {
        Arbitrary<String> stem = Arbitraries.strings()
                .withChars(".[]\"\\,{} \t\r\n\u0001\u001f\u007f\u2028\u00e9\ud83d\ude00")
                .withCharRange('a', 'c')
                .excludeChars('\\')
                .ofMinLength(1).ofMaxLength(12);
        return stem.map(s -> s + ".bin").list().ofMaxSize(6);
    }

    /// Earlier versions wrote one name a line; a convert of this version completes their renames,
    /// a first name starting with `[` included.
    @Test
    void aListOfOneNameALineIsStillRead() throws IOException {
        assertThat(ConvertCommand.renames("a.bin\nb.bin\n".getBytes(StandardCharsets.UTF_8)))
                .containsExactly("a.bin", "b.bin");
        assertThat(ConvertCommand.renames("[x].bin\nb.bin\n".getBytes(StandardCharsets.UTF_8)))
                .containsExactly("[x].bin", "b.bin");
    }

    /// A list cut short by a crash, or holding a name that leads out of the folder, is damaged.
    @Test
    void aCutOrEscapingListIsDamaged() {
        assertThatThrownBy(() -> ConvertCommand.renames("[\"a.bin\", \"b.b".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ConvertCommand.renames("[\"../escape.bin\"]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("is not the name of a .bin file");
        assertThatThrownBy(() -> ConvertCommand.renames("[\"a.bin\", 3]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
    }
}
