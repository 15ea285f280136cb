package dev.bsee.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class SafeTextTest {

    @Test
    void userInfoIsHiddenAndTheRestKept() {
        assertThat(SafeText.url(URI.create("https://user:pa%40ss@www.data.bsee.gov:8443/a/b.zip?x=1#f")))
                .isEqualTo("https://***@www.data.bsee.gov:8443/a/b.zip?x=1#f");
        assertThat(SafeText.url(URI.create("http://token@127.0.0.1/x"))).isEqualTo("http://***@127.0.0.1/x");
        URI plain = URI.create("https://www.data.bsee.gov/Well/Files/APDRawData.zip");
        assertThat(SafeText.redacted(plain)).isSameAs(plain);
    }

    @Test
    void controlCharactersAreEscapedOnOneLine() {
        assertThat(SafeText.escape("a\u001b[2Jb\r\nc\td\u0000e\u0085f\u2028g\u202Eh\\i"))
                .isEqualTo("a\\e[2Jb\\r\\nc\\td\\x00e\\x85f\\x{2028}g\\x{202e}h\\i");
        assertThat(SafeText.escape("ogora2024delimit.txt ÅØ")).isEqualTo("ogora2024delimit.txt ÅØ");
    }

    @Property(tries = 300)
    void escapedTextHasNoControlCharacters(@ForAll String text) {
        String escaped = SafeText.escape(text);
        assertThat(escaped.chars()).noneMatch(c -> c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0x2028 || c == 0x2029
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069));
    }
}
