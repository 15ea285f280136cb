package dev.bsee.bridge.internal;

import dev.bsee.core.internal.OptionChecks;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// Durations as people write them in configuration: seconds (`600`, `2.5`, `1.0e+3`), units (`10m`, `1h30m`,
/// `90s`, `250ms`, `2d`) or ISO-8601 (`PT10M`).
public final class DurationText {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?\\s*(?:ms|s|m|h|d)\\s*)+");

    private DurationText() {
    }

    /// Parses a duration.
    ///
    /// @param text the text
    /// @return the duration
    /// @throws IllegalArgumentException when the text is none of the accepted forms
    public static Duration parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        // With an exponent too: YAML writes a float such as 1.0e+3 that way.
        if (value.matches("\\d+(\\.\\d+)?(e[+-]?\\d{1,3})?")) {
            return ofSeconds(new BigDecimal(value), text);
        }
        // No duration of units is written longer; the pattern below matches a run of parts by
        // recursion, and a configuration's `1s1s1s...` of a thousand parts overflowed the stack.
        if (value.length() > MAX_TEXT) {
            throw invalid(text);
        }
        if (value.startsWith("p")) {
            Duration iso;
            try {
                iso = Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                if (e.getCause() instanceof ArithmeticException) {
                    throw tooLarge(text);
                }
                throw invalid(text);
            }
            if (iso.compareTo(OptionChecks.LONGEST) > 0) {
                throw tooLarge(text);
            }
            return iso;
        }
        if (!WHOLE.matcher(value).matches()) {
            throw invalid(text);
        }
        BigDecimal seconds = BigDecimal.ZERO;
        Matcher part = PART.matcher(value);
        while (part.find()) {
            BigDecimal amount = new BigDecimal(part.group(1));
            seconds = seconds.add(switch (part.group(2)) {
                case "ms" -> amount.movePointLeft(3);
                case "s" -> amount;
                case "m" -> amount.multiply(BigDecimal.valueOf(60));
                case "h" -> amount.multiply(BigDecimal.valueOf(3600));
                default -> amount.multiply(BigDecimal.valueOf(86_400));
            });
        }
        return ofSeconds(seconds, text);
    }

    /// A decimal number (`60`, `0.5`, `.5`, `1.0e-9`, a sign), exactly, as [BigDecimal] reads it; empty
    /// when the text is no such number. An exponent beyond what a [BigDecimal] holds (`1e-2147483648`,
    /// `1e2147483648`) gives the nearest value one holds, of the same sign, rather than no number:
    /// such a number of seconds is too long, or shorter than a nanosecond, not "not a number".
    ///
    /// @param text the number
    /// @return its value
    public static java.util.Optional<BigDecimal> decimal(String text) {
        try {
            return java.util.Optional.of(new BigDecimal(text));
        } catch (NumberFormatException e) {
            Matcher number = NUMBER.matcher(text);
            if (!number.matches()) {
                return java.util.Optional.empty();
            }
            // A valid number whose exponent or scale overflows an int: zero when its digits are
            // (0e99999999999 is 0), else 10 to the largest power of the exponent's sign a BigDecimal holds.
            if (number.group(2).chars().allMatch(c -> c == '0' || c == '.')) {
                return java.util.Optional.of(BigDecimal.ZERO);
            }
            BigDecimal edge = BigDecimal.ONE.scaleByPowerOfTen("-".equals(number.group(3))
                    ? -(Integer.MAX_VALUE - 1) : Integer.MAX_VALUE - 1);
            return java.util.Optional.of("-".equals(number.group(1)) ? edge.negate() : edge);
        }
    }

    /// A decimal number with an exponent: its sign, its digits, then the exponent's sign.
    private static final Pattern NUMBER = Pattern.compile("([+-]?)(\\d+\\.?\\d*|\\.\\d+)[eE]([+-]?)\\d+");

    /// A number of hours (`cache.ttl_hours`) as a duration.
    ///
    /// @param hours the hours, not negative
    /// @param text the value as written, for the message
    /// @return the duration
    /// @throws IllegalArgumentException when it is longer than the longest duration
    public static Duration ofHours(BigDecimal hours, String text) {
        return ofSeconds(hours.multiply(BigDecimal.valueOf(3600)), text + " hours");
    }

    /// A number of seconds as a duration, to the nanosecond, without writing the number out: a
    /// value such as `1e99999999` or `1e-99999999` costs no more than `60`. The configuration's
    /// numbers and the CLI's `--lock-wait` come through here.
    ///
    /// @param seconds the seconds; zero or less gives [Duration#ZERO]
    /// @param text the value as written, for the message
    /// @return the duration, truncated to the nanosecond
    /// @throws IllegalArgumentException when it is longer than [OptionChecks#LONGEST]
    public static Duration ofSeconds(BigDecimal seconds, String text) {
        // The nanoseconds' digits before the point, counted in a long without expanding `1e99999999`:
        // comparing or truncating such a number (or movePointRight, which drops a negative scale)
        // computes its hundred million digits first, and scaling 1e2147483640 overflows the scale.
        long integerDigits = (long) seconds.precision() - seconds.scale() + 9;
        if (seconds.signum() <= 0 || integerDigits <= 0) {
            return Duration.ZERO;
        }
        if (integerDigits > 19) {
            throw tooLarge(text);
        }
        BigDecimal nanos = seconds.scaleByPowerOfTen(9);
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw tooLarge(text);
        }
        return Duration.ofNanos(nanos.longValue());
    }

    private static IllegalArgumentException tooLarge(String text) {
        return new IllegalArgumentException("too large: " + text.strip() + " is more than the longest duration, "
                + OptionChecks.LONGEST.getSeconds() + " seconds (about 292 years)");
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("expected seconds or a duration such as 90s, 10m, 1h30m or PT10M but found \""
                + dev.bsee.core.internal.SafeText.clipped(text, MAX_TEXT) + "\"");
    }

    /// The most characters a duration is read from: `1h 30m 15s 250ms` and `PT10M` are far shorter.
    static final int MAX_TEXT = 64;
}
