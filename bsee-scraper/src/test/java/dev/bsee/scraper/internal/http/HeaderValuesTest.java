package dev.bsee.scraper.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderValuesTest {

    private static HttpHeaders headers(String name, String value) {
        return HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true);
    }

    @Test
    void contentRangeIsReadAndCheckedForSense() {
        assertThat(HeaderValues.contentRange(headers("Content-Range", "bytes 100-199/200")))
                .contains(new HeaderValues.ContentRange(100, 199, OptionalLong.of(200)));
        assertThat(HeaderValues.contentRange(headers("Content-Range", "bytes 0-9/*")))
                .contains(new HeaderValues.ContentRange(0, 9, OptionalLong.empty()));
        assertThat(HeaderValues.contentRange(headers("Content-Range", "bytes 10-5/200"))).isEmpty();
        assertThat(HeaderValues.contentRange(headers("Content-Range", "bytes 0-200/200"))).isEmpty();
        assertThat(HeaderValues.contentRange(headers("Content-Range", "bytes */200"))).isEmpty();
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2025-03-06T09:30:00Z");
        assertThat(HeaderValues.retryAfter(headers("Retry-After", " 120 "), now)).contains(Duration.ofSeconds(120));
        assertThat(HeaderValues.retryAfter(headers("Retry-After", "Thu, 06 Mar 2025 09:31:30 GMT"), now))
                .contains(Duration.ofSeconds(90));
        assertThat(HeaderValues.retryAfter(headers("Retry-After", "Thu, 06 Mar 2025 09:00:00 GMT"), now))
                .contains(Duration.ZERO);
        assertThat(HeaderValues.retryAfter(headers("Retry-After", "soon"), now)).isEmpty();
        // The obsolete forms RFC 9110 has recipients accept were read as no date, so no wait.
        assertThat(HeaderValues.retryAfter(headers("Retry-After", "Thursday, 06-Mar-25 09:31:30 GMT"), now))
                .contains(Duration.ofSeconds(90));
        assertThat(HeaderValues.retryAfter(headers("Retry-After", "Thu Mar  6 09:31:30 2025"), now))
                .contains(Duration.ofSeconds(90));
        assertThat(HeaderValues.httpDate("Sunday, 06-Nov-94 08:49:37 GMT")).contains(Instant.parse("1994-11-06T08:49:37Z"));
        assertThat(HeaderValues.httpDate("Wed Nov 16 08:49:37 1994")).contains(Instant.parse("1994-11-16T08:49:37Z"));
        assertThat(HeaderValues.httpDate("Sun Nov  6 08:49:37")).isEmpty();
        // A number too long for a long asks for longer than any limit, not for nothing.
        for (String huge : new String[] {"10000000000", "99999999999999999999", "9".repeat(400)}) {
            assertThat(HeaderValues.retryAfter(headers("Retry-After", huge), now)).as(huge)
                    .hasValueSatisfying(wait -> assertThat(wait).isGreaterThan(Duration.ofDays(365 * 300)));
        }
        assertThat(HeaderValues.retryAfter(headers("Other", "1"), now)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "http://a.gov/x.zip,  https://b.gov/y.zip,  follow",
            "https://a.gov/x.zip, https://b.gov/y.zip,  follow",
            "http://a.gov/x.zip,  http://A.GOV/y.zip,   follow",
            "http://a.gov/x.zip,  http://b.gov/y.zip,   refuse",
            "https://a.gov/x.zip, http://a.gov/y.zip,   refuse",
            "http://a.gov/x.zip,  ftp://a.gov/y.zip,    refuse",
            "http://a.gov/x.zip,  file:///etc/passwd,   refuse"})
    void redirectPolicy(String from, String to, String expected) {
        assertThat(Redirects.refusal(URI.create(from), URI.create(to)).isEmpty()).isEqualTo(expected.equals("follow"));
    }

    /// A redirect to another kind of address is refused naming its scheme: a `file:` target was
    /// refused because "the target has no host", as if the address were malformed.
    @ParameterizedTest
    @CsvSource({"file:///etc/passwd, file", "mailto:x@a.gov, mailto", "ftp://a.gov/y.zip, ftp",
            "'data:application/zip;base64,UEsFBg==', data"})
    void aRedirectToAnotherSchemeIsRefusedNamingIt(String to, String scheme) {
        assertThat(Redirects.refusal(URI.create("http://a.gov/x.zip"), URI.create(to)))
                .contains("its scheme is " + scheme + ":, and only http and https are followed");
    }

    /// A `Location` is encoded as `requests` encodes it before following it: what a URI may not hold
    /// as it is becomes an escape (UTF-8 bytes the client read as ISO-8859-1 are read as UTF-8
    /// first); an escaped unreserved character is that character (`%41` is `A`); what else it may
    /// hold, other escapes and bytes that are not UTF-8 included, is kept.
    @ParameterizedTest
    @CsvSource(delimiter = '!', value = {
            "/Files/x.zip?a=1&b=%41%2F#top! /Files/x.zip?a=1&b=A%2F#top",
            "/Files/a b.zip! /Files/a%20b.zip",
            "/Files/x.zip?v={1}|2^3! /Files/x.zip?v=%7B1%7D%7C2%5E3",
            "/Files/x.zip?p=100%! /Files/x.zip?p=100%25",
            "/Files/x.zip?p=%zz%4! /Files/x.zip?p=%25zz%254",
            "https://[::1]:8443/Files/x.zip! https://[::1]:8443/Files/x.zip",
            "/Files/Donn\u00c3\u00a9es.zip! /Files/Donn%C3%A9es.zip",
            "/Files/Donn\u00e9es.zip! /Files/Donn%C3%A9es.zip"})
    void aLocationIsEncodedAsRequestsEncodesIt(String location, String reference) {
        assertThat(Redirects.reference(location)).isEqualTo(reference);
        assertThat(URI.create("http://a.gov/Well/x.zip").resolve(reference)).isNotNull();
    }

    /// A redirect's target has no `.` or `..` segments, as `requests` (urllib3) sends it: `..` above
    /// the root goes, and so do those of a reference that starts with `/` or names a host. They were
    /// sent as written and the server answered 404 for a redirect the Python system followed.
    @ParameterizedTest
    @CsvSource(delimiter = '!', value = {
            "../../../elsewhere/x.zip! http://a.gov/elsewhere/x.zip",
            "../../x.zip! http://a.gov/x.zip",
            "/Well/Files/../Files/./x.zip! http://a.gov/Well/Files/x.zip",
            "/../../x.zip?a=1#b! http://a.gov/x.zip?a=1#b",
            "/..! http://a.gov/",
            "https://b.gov/a/./b/../c.zip! https://b.gov/a/c.zip",
            "https://b.gov/../c%20d.zip! https://b.gov/c%20d.zip",
            "./y.zip! http://a.gov/Well/Files/y.zip",
            "y.zip?v=%7B1%7D! http://a.gov/Well/Files/y.zip?v=%7B1%7D",
            "/b/%2e%2e/c.zip! http://a.gov/c.zip",
            "/b/.%2E/c.zip! http://a.gov/c.zip",
            "?only=../q! http://a.gov/Well/Files/x.zip?only=../q",
            "?page=2#f! http://a.gov/Well/Files/x.zip?page=2#f",
            "#top! http://a.gov/Well/Files/x.zip#top"})
    void aRedirectsTargetHasNoDotSegments(String location, String target) {
        assertThat(Redirects.target(URI.create("http://a.gov/Well/Files/x.zip"), location)).isEqualTo(URI.create(target));
    }
}
