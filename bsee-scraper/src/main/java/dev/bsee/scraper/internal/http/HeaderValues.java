package dev.bsee.scraper.internal.http;

import dev.bsee.core.internal.SafeText;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// Reads the response headers a download depends on: lengths, ranges, dates and `Retry-After`.
public final class HeaderValues {

    private static final Pattern CONTENT_RANGE = Pattern.compile("\\s*bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)\\s*",
            Pattern.CASE_INSENSITIVE);

    private HeaderValues() {
    }

    /// A byte range the server says it sent: `Content-Range: bytes first-last/total`.
    ///
    /// @param first the first byte's offset
    /// @param last the last byte's offset (inclusive)
    /// @param total the full length, when the server said (`*` otherwise)
    public record ContentRange(long first, long last, OptionalLong total) {
    }

    /// The `Content-Length`, when present and valid.
    ///
    /// @param headers the headers
    /// @return the length
    public static OptionalLong contentLength(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("Content-Length");
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(value.get().strip());
            return n < 0 ? OptionalLong.empty() : OptionalLong.of(n);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /// Why the response's framing contradicts itself or cannot be read, if so: `Content-Length`
    /// fields with different values, one beside `Transfer-Encoding`, or a transfer coding other than
    /// `chunked`. HTTP/1.1 makes the first two an unrecoverable error for a client (RFC 9112, 6.3):
    /// the JDK would read the first length (and prefer it to the chunked coding), so the reader would
    /// get a cut archive, or the chunk sizes inside it, and blame the archive for what the server
    /// did. The JDK undoes `chunked` alone: under `gzip, chunked` it reads the chunk sizes and the
    /// compressed bytes as the body.
    ///
    /// @param headers the headers
    /// @return what contradicts what, or empty when the framing is consistent
    public static Optional<String> framingConflict(HttpHeaders headers) {
        List<String> lengths = headers.allValues("Content-Length").stream()
                .flatMap(value -> Arrays.stream(value.split(",", -1)))
                .map(String::strip).distinct().toList();
        List<String> codings = headers.allValues("Transfer-Encoding");
        // `identity` (RFC 2616's "no coding", still sent by old servers) and empty list elements
        // code nothing: the JDK then reads the body to the connection's end, as it is.
        List<String> named = codings.stream().flatMap(value -> Arrays.stream(value.split(",", -1)))
                .map(String::strip).filter(coding -> !coding.isEmpty() && !coding.equalsIgnoreCase("identity")).toList();
        List<String> unread = named.stream().filter(coding -> !coding.equalsIgnoreCase("chunked")).toList();
        if (!unread.isEmpty()) {
            return Optional.of("it has Transfer-Encoding " + SafeText.escape(String.join(", ", codings))
                    + ", of which bsee reads only chunked");
        }
        if (named.size() > 1) {
            return Optional.of("it names the chunked Transfer-Encoding more than once");
        }
        // The JDK undoes chunked only where the field is that word alone (`chunked,` or
        // `identity, chunked` it reads as it comes, chunk sizes and all).
        if (named.size() == 1 && !(codings.size() == 1 && codings.get(0).strip().equalsIgnoreCase("chunked"))) {
            return Optional.of("it has Transfer-Encoding \"" + SafeText.escape(String.join(", ", codings))
                    + "\", which the HTTP client does not read as chunked");
        }
        if (!codings.isEmpty() && !lengths.isEmpty()) {
            return Optional.of("it names both Transfer-Encoding " + SafeText.escape(String.join(", ", codings))
                    + " and Content-Length " + SafeText.escape(String.join(", ", lengths)));
        }
        if (lengths.size() > 1) {
            return Optional.of("it has conflicting Content-Length values "
                    + SafeText.escape(String.join(" and ", lengths)));
        }
        // The JDK reads a length with Long.valueOf, which takes "-1" (then reads to the connection's
        // end, as if there were no length) and "+5"; HTTP allows digits only.
        if (lengths.size() == 1 && !lengths.get(0).matches("[0-9]+")) {
            return Optional.of("its Content-Length \"" + SafeText.escape(lengths.get(0)) + "\" is not a number of bytes");
        }
        return Optional.empty();
    }

    /// The `Content-Range` of a 206 response, when well formed.
    ///
    /// @param headers the headers
    /// @return the range
    public static Optional<ContentRange> contentRange(HttpHeaders headers) {
        return headers.firstValue("Content-Range").flatMap(value -> {
            Matcher m = CONTENT_RANGE.matcher(value);
            if (!m.matches()) {
                return Optional.empty();
            }
            try {
                long first = Long.parseLong(m.group(1));
                long last = Long.parseLong(m.group(2));
                OptionalLong total = m.group(3).equals("*") ? OptionalLong.empty()
                        : OptionalLong.of(Long.parseLong(m.group(3)));
                if (last < first || (total.isPresent() && last >= total.getAsLong())) {
                    return Optional.empty();
                }
                return Optional.of(new ContentRange(first, last, total));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /// The obsolete HTTP-date forms RFC 9110 (section 5.6.7) has recipients accept: RFC 850's
    /// `Sunday, 06-Nov-94 08:49:37 GMT` (a two-digit year: 70 to 99 are 19xx, the others 20xx) and
    /// ANSI C's asctime, `Sun Nov  6 08:49:37 1994`.
    private static final List<DateTimeFormatter> OBSOLETE_DATES = List.of(
            new java.time.format.DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(java.time.temporal.ChronoField.YEAR, 2, 2, 1970)
                    .appendPattern(" HH:mm:ss 'GMT'").toFormatter(java.util.Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC),
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", java.util.Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC));

    /// Parses an HTTP-date: RFC 9110's IMF-fixdate (and the RFC 1123 form servers actually send),
    /// and the two obsolete forms it has recipients accept.
    ///
    /// @param value the header value
    /// @return the instant, or empty when it is not a date
    public static Optional<Instant> httpDate(String value) {
        String text = value.strip();
        try {
            return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            for (DateTimeFormatter obsolete : OBSOLETE_DATES) {
                try {
                    return Optional.of(Instant.from(obsolete.parse(text)));
                } catch (java.time.DateTimeException other) {
                    // the next form
                }
            }
            return Optional.empty();
        }
    }

    /// The wait read from a `Retry-After` of more than ten digits (over 300 years).
    static final long LONGEST_RETRY_AFTER = 9_999_999_999L;

    /// How long a `Retry-After` header asks to wait: delay-seconds, or an HTTP-date relative to `now`.
    /// A date in the past means no wait; more than ten digits, the longest wait, 9,999,999,999 s.
    ///
    /// @param headers the headers
    /// @param now the current time
    /// @return the wait, or empty when absent or unreadable
    public static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
        return headers.firstValue("Retry-After").flatMap(value -> {
            String v = value.strip();
            if (v.matches("\\d+")) {
                // More digits than a long holds still asks for a very long wait, not for none.
                return Optional.of(Duration.ofSeconds(v.length() > 10 ? LONGEST_RETRY_AFTER : Long.parseLong(v)));
            }
            return httpDate(v).map(at -> at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        });
    }
}
