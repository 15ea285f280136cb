package dev.bsee.examples.cli;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CliLoggingTest {

    /// The scan joins lines exactly as the regular expression it replaced did.
    @Property(tries = 2000)
    void linesAreJoinedAsTheRegularExpressionJoinedThem(@ForAll("spacedText") String text) {
        assertThat(CliLogging.joinLines(text)).isEqualTo(text.replaceAll("\\s*\\R\\s*", " "));
    }

    @Provide
    Arbitrary<String> spacedText() {
        return Arbitraries.strings().withChars("a \t\n\r\u000B\f\u0085\u2028\u2029\u00A0").ofMaxLength(30);
    }

    @Test
    void aLongRunOfSpacesIsScannedOnce() {
        String spaces = " ".repeat(1_000_000);
        // Minutes with the regular expression, which tried every start of the run.
        assertThat(CliLogging.joinLines("a" + spaces + "b")).isEqualTo("a" + spaces + "b");
        assertThat(CliLogging.joinLines("a" + spaces + "\n" + spaces + "b")).isEqualTo("a b");
    }
}
