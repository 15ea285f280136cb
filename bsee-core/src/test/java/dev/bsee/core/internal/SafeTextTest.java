package dev.bsee.core.internal;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
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
    void userInfoIsHiddenInEveryAddressOfAText() {
        assertThat(SafeText.withoutUserInfo("HTTP 200 from http://u:pw@127.0.0.1:8080/a.zip?x=1 is not a zip;"
                + " redirect to ftp://p@ss:w@rd@host/x refused; see https://www.data.bsee.gov/a@b and mail@host"))
                .isEqualTo("HTTP 200 from http://***@127.0.0.1:8080/a.zip?x=1 is not a zip;"
                        + " redirect to ftp://***@host/x refused; see https://www.data.bsee.gov/a@b and mail@host");
        assertThat(SafeText.withoutUserInfo("http://***@host/")).isEqualTo("http://***@host/");
    }

    @Property(tries = 300)
    void noPasswordSurvivesInAnyAddressOfAText(@ForAll("userInfo") String user, @ForAll("userInfo") String password,
                                               @ForAll String before, @ForAll String after) {
        String text = before + " https://" + user + ":" + password + "@host.example:8443/x?q=1 " + after;
        assertThat(SafeText.withoutUserInfo(text)).contains("https://***@host.example:8443/x?q=1")
                .doesNotContain(":" + password + "@host");
    }

    /// The scan hides exactly what the regular expression it replaced hid, on text made of the
    /// characters that matter to it.
    @Property(tries = 2000)
    void theScanAgreesWithTheRegularExpressionItReplaced(@ForAll("addressLike") String text) {
        String expected = java.util.regex.Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\\s]*@").matcher(text)
                .replaceAll("$1***@");
        assertThat(SafeText.withoutUserInfo(text)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> addressLike() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("aZ1+.-:/@?# \t\n").ofMaxLength(40),
                Arbitraries.of("http://", "://", "u:p@", "@", "1a", "-x", "/", " ", "a@b@c", "h?#")
                        .list().ofMaxSize(12).map(parts -> String.join("", parts)));
    }

    @Test
    void aLongRunOfLettersIsScannedOnce() {
        String letters = "a".repeat(1_000_000);
        // Minutes with the regular expression, which tried every start of the run as a scheme.
        assertThat(SafeText.withoutUserInfo(letters)).isSameAs(letters);
        assertThat(SafeText.withoutUserInfo(letters + "://u:p@h/" + letters)).isEqualTo(letters + "://***@h/" + letters);
    }

    @Provide
    Arbitrary<String> userInfo() {
        return Arbitraries.strings().withChars("abcXYZ019%:@!$&'()*+,;=-._~").ofMinLength(1).ofMaxLength(20);
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
