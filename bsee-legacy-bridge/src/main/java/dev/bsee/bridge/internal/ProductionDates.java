package dev.bsee.bridge.internal;

import dev.bsee.core.Column;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;

import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// The newest `PRODUCTION_DATE` of production data, as the change record keeps it.
///
/// The values are kept as text (as pandas would print them) and compared as dates where they read as
/// one: `yyyyMM` (the OGOR-A form, e.g. `202401`), `yyyyMMdd`, `M/d/yyyy` with or without a time,
/// `yyyy-MM-dd`. A value that reads as no date is no production date and is left out: a column with
/// none (another column under the name, as when a new leading field shifts every name by one) has
/// no newest date, rather than the greatest of its values compared as text (`9` of the days 0 to 31).
public final class ProductionDates {

    /// The column that marks production data.
    public static final String COLUMN = "PRODUCTION_DATE";

    /// Orders production dates, oldest first.
    public static final Comparator<String> ORDER = Comparator.comparing(ProductionDates::key);

    private static final Pattern DIGITS = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})?");
    private static final Pattern US = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})(?:\\s.*)?");
    private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{2})(?:-(\\d{2}))?(?:[T\\s].*)?");

    private ProductionDates() {
    }

    /// The newest `PRODUCTION_DATE` of a table.
    ///
    /// @param table the table
    /// @return the newest value as text, or empty when the table has no such column or no value in it
    ///     reads as a date
    public static Optional<String> newest(Table table) {
        Optional<Column> found = table.findColumn(COLUMN);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        // Reading text as a date costs a few regular expressions, and a production entry has millions
        // of rows: a value equal to the row after it adds nothing (production rows come in runs of one
        // month), so each run is read once. Nothing is kept but the newest so far, whatever the number
        // of distinct values (a set of them ran a refresh out of heap on two million distinct texts).
        // The rows are visited from the last back, and only a newer value replaces the newest, so among
        // values naming the same date the one on the latest row wins, as folding `newer` over the rows
        // in order would choose.
        Newest newest = new Newest();
        switch (found.get()) {
            case Int64Column ints -> {
                OptionalLong date = newestIntegerDate(ints);
                return date.isPresent() ? Optional.of(Long.toString(date.getAsLong())) : Optional.empty();
            }
            case Float64Column floats -> {
                for (int row = floats.size() - 1; row >= 0; row--) {
                    double value = floats.get(row);
                    if (!Double.isNaN(value) && (row == floats.size() - 1
                            || Double.compare(value, floats.get(row + 1)) != 0)) {
                        newest.consider(value == Math.rint(value) && Math.abs(value) < 1e15
                                ? Long.toString((long) value) : Double.toString(value));
                    }
                }
            }
            case ObjectColumn strings -> {
                for (int row = strings.size() - 1; row >= 0; row--) {
                    if (strings.isString(row) && (row == strings.size() - 1 || !strings.isString(row + 1)
                            || !strings.utf8(row).equals(strings.utf8(row + 1)))) {
                        newest.consider(strings.get(row).strip());
                    }
                }
            }
            case DateTimeColumn times -> {
                for (int row = times.size() - 1; row >= 0; row--) {
                    if (!times.isMissing(row) && (row == times.size() - 1 || times.isMissing(row + 1)
                            || times.epochNanos(row) != times.epochNanos(row + 1))) {
                        newest.consider(times.value(row).orElseThrow().toString());
                    }
                }
            }
            default -> {
                // A bool PRODUCTION_DATE holds no date.
            }
        }
        return Optional.ofNullable(newest.value);
    }

    /// The newest of the values considered that read as dates, with its sort key; a value replaces
    /// it only when newer.
    private static final class Newest {
        private String value;
        private String key;

        void consider(String candidate) {
            String candidateKey = key(candidate);
            if (candidateKey.startsWith("1") && (value == null || candidateKey.compareTo(key) > 0)) {
                value = candidate;
                key = candidateKey;
            }
        }
    }

    /// The newest integer that reads as a date (`yyyyMM` or `yyyyMMdd`, see [#key]), compared as the
    /// text keys compare but without making them: a production entry has hundreds of thousands of
    /// rows. Among values naming the same date the one on the latest row wins, as in [#newest].
    private static OptionalLong newestIntegerDate(Int64Column ints) {
        long bestKey = -1;
        long best = 0;
        for (int row = ints.size() - 1; row >= 0; row--) {
            long value = ints.get(row);
            long key = value >= 100_000 && value <= 999_999 ? value * 100
                    : value >= 10_000_000 && value <= 99_999_999 ? value : -1;
            if (key > bestKey) {
                bestKey = key;
                best = value;
            }
        }
        return bestKey < 0 ? OptionalLong.empty() : OptionalLong.of(best);
    }

    /// The newer of two production dates.
    ///
    /// @param a a date, or null
    /// @param b another, or null
    /// @return the newer (`b` when equal), or null when both are
    public static String newer(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return ORDER.compare(a, b) > 0 ? a : b;
    }

    /// Whether a value reads as a date, in one of the forms [#newest(Table)] knows.
    ///
    /// @param value the value as text
    /// @return true for a date
    static boolean isDate(String value) {
        return key(value).startsWith("1");
    }

    /// `1yyyyMMdd` for a date, `0text` otherwise, so that dates sort after text and by time.
    private static String key(String value) {
        String text = value.strip();
        Matcher m = DIGITS.matcher(text);
        if (m.matches()) {
            return "1" + m.group(1) + m.group(2) + (m.group(3) == null ? "00" : m.group(3));
        }
        m = US.matcher(text);
        if (m.matches()) {
            return "1" + m.group(3) + two(m.group(1)) + two(m.group(2));
        }
        m = ISO.matcher(text);
        if (m.matches()) {
            return "1" + m.group(1) + m.group(2) + (m.group(3) == null ? "00" : m.group(3));
        }
        return "0" + text;
    }

    private static String two(String digits) {
        return digits.length() == 1 ? "0" + digits : digits;
    }
}
