package dev.bsee.bridge.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// Durations as people write them in configuration: seconds (`600`, `2.5`), units (`10m`, `1h30m`,
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
        if (value.matches("\\d+(\\.\\d+)?")) {
            return ofSeconds(new BigDecimal(value));
        }
        if (value.startsWith("p")) {
            try {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        if (!WHOLE.matcher(value).matches()) {
            throw invalid(text);
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(value);
        while (part.find()) {
            BigDecimal amount = new BigDecimal(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> ofSeconds(amount.movePointLeft(3));
                case "s" -> ofSeconds(amount);
                case "m" -> ofSeconds(amount.multiply(BigDecimal.valueOf(60)));
                case "h" -> ofSeconds(amount.multiply(BigDecimal.valueOf(3600)));
                default -> ofSeconds(amount.multiply(BigDecimal.valueOf(86_400)));
            });
        }
        return total;
    }

    private static Duration ofSeconds(BigDecimal seconds) {
        return Duration.ofNanos(seconds.movePointRight(9).longValue());
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("expected seconds or a duration such as 90s, 10m, 1h30m or PT10M but found \""
                + text + "\"");
    }
}
