package dev.bsee.core.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;

/// Values as Python and pandas write them, the one rule for every place that shows a number or a
/// timestamp (column display, `bsee inspect`, `bsee dump`, the testkit's CSV text): a double as
/// Python's `repr` (`0.1`, `1.0`, `1e-05`, `1e+16`, `nan`, `inf`), a `datetime64[ns]` value as
/// pandas' `str(Timestamp)` (`2024-03-03 00:01:00`, `2024-03-03 00:01:00.500000`). Built from digits
/// only, so the JVM's default locale never changes the text.
public final class PythonText {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_DAY = 86_400 * NANOS_PER_SECOND;

    private PythonText() {
    }

    /// Python's `repr(float)`: the shortest digits that read back to the same double, positional for
    /// decimal exponents from -4 to 15, scientific (`1e+16`, `1e-05`) otherwise.
    ///
    /// @param value the double
    /// @return the text
    public static String repr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        String sign = Double.doubleToRawLongBits(value) < 0 ? "-" : "";
        if (value == 0) {
            return sign + "0.0";
        }
        double magnitude = Math.abs(value);
        BigDecimal shortest = new BigDecimal(Double.toString(magnitude)).stripTrailingZeros();
        if (shortest.precision() == 2) {
            // Double.toString keeps two digits where one may do (4.9E-324 for 5e-324).
            BigDecimal oneDigit = new BigDecimal(magnitude).round(new MathContext(1, RoundingMode.HALF_EVEN));
            if (oneDigit.doubleValue() == magnitude) {
                shortest = oneDigit.stripTrailingZeros();
            }
        }
        String digits = shortest.unscaledValue().toString();
        int pointPosition = digits.length() - shortest.scale();
        StringBuilder text = new StringBuilder(sign);
        if (pointPosition > -4 && pointPosition <= 16) {
            if (pointPosition <= 0) {
                text.append("0.").append("0".repeat(-pointPosition)).append(digits);
            } else if (pointPosition >= digits.length()) {
                text.append(digits).append("0".repeat(pointPosition - digits.length())).append(".0");
            } else {
                text.append(digits, 0, pointPosition).append('.').append(digits, pointPosition, digits.length());
            }
            return text.toString();
        }
        text.append(digits.charAt(0));
        if (digits.length() > 1) {
            text.append('.').append(digits, 1, digits.length());
        }
        int exponent = Math.abs(pointPosition - 1);
        text.append(pointPosition - 1 < 0 ? "e-" : "e+");
        appendPadded(text, exponent, 2);
        return text.toString();
    }

    /// How many fraction digits pandas shows for a timestamp: none, microseconds or nanoseconds.
    ///
    /// @param epochNanos nanoseconds since the epoch
    /// @return 0, 6 or 9
    public static int timestampFractionDigits(long epochNanos) {
        long fraction = Math.floorMod(epochNanos, NANOS_PER_SECOND);
        return fraction == 0 ? 0 : fraction % 1000 != 0 ? 9 : 6;
    }

    /// Whether the timestamp is midnight, so a column of such values is written as dates only.
    ///
    /// @param epochNanos nanoseconds since the epoch
    /// @return whether it falls on 00:00:00 exactly
    public static boolean isMidnight(long epochNanos) {
        return Math.floorMod(epochNanos, NANOS_PER_DAY) == 0;
    }

    /// pandas' `str(Timestamp)`: `YYYY-MM-DD HH:MM:SS`, with six fraction digits when there are
    /// microseconds and nine when there are nanoseconds.
    ///
    /// @param epochNanos nanoseconds since 1970-01-01T00:00Z
    /// @return the text
    public static String timestamp(long epochNanos) {
        return timestamp(epochNanos, timestampFractionDigits(epochNanos));
    }

    /// A timestamp with exactly `fractionDigits` fraction digits (0 for none, up to 9), or the date
    /// alone when `fractionDigits` is negative, as `DataFrame.to_csv` writes a column at the finest
    /// resolution any of its values needs.
    ///
    /// @param epochNanos nanoseconds since 1970-01-01T00:00Z
    /// @param fractionDigits -1 for the date alone, else 0 to 9
    /// @return the text
    public static String timestamp(long epochNanos, int fractionDigits) {
        long days = Math.floorDiv(epochNanos, NANOS_PER_DAY);
        long nanosOfDay = Math.floorMod(epochNanos, NANOS_PER_DAY);
        StringBuilder text = new StringBuilder(29);
        // ISO-8601 text, never localized; pandas' range (1677 to 2262) always has four-digit years.
        text.append(LocalDate.ofEpochDay(days));
        if (fractionDigits < 0) {
            return text.toString();
        }
        long seconds = nanosOfDay / NANOS_PER_SECOND;
        text.append(' ');
        appendPadded(text, seconds / 3600, 2);
        text.append(':');
        appendPadded(text, seconds / 60 % 60, 2);
        text.append(':');
        appendPadded(text, seconds % 60, 2);
        if (fractionDigits > 0) {
            text.append('.');
            long fraction = nanosOfDay % NANOS_PER_SECOND;
            for (int i = fractionDigits; i < 9; i++) {
                fraction /= 10;
            }
            appendPadded(text, fraction, fractionDigits);
        }
        return text.toString();
    }

    private static void appendPadded(StringBuilder text, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        text.append(digits);
    }
}
