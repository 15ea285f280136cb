package dev.bsee.core;

import dev.bsee.core.internal.OptionChecks;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/// A source published as one archive per year, such as the OGOR-A production archives
/// `ogora1996delimit.zip` ... `ogora2026delimit.zip`.
///
/// @param fileTemplate the file name of one year's archive with `{YYYY}` for the year, resolved
///                     against the source's address: ASCII letters, digits, `-._~!$&'()*+,;=@` and
///                     `%`-escapes (no `/`, `?`, `#`, `:` or space)
/// @param firstYear the first year published
/// @param only the years to download; empty for every year from `firstYear` to the current one
public record YearlySeries(String fileTemplate, int firstYear, Set<Integer> only) {

    /// The placeholder of the year in [#fileTemplate()].
    public static final String YEAR = "{YYYY}";

    private static final int LAST_YEAR = 9999;

    /// Validates the series.
    public YearlySeries {
        Objects.requireNonNull(fileTemplate, "fileTemplate");
        only = OptionChecks.setOf("only", only);
        if (!fileTemplate.contains(YEAR) || fileTemplate.contains("/")) {
            throw new IllegalArgumentException("a yearly file name must contain " + YEAR + " and no '/': "
                    + dev.bsee.core.internal.SafeText.escape(fileTemplate));
        }
        // Checked with a year in it: `%{YYYY}` is an escape of the year's first two digits.
        String name = fileTemplate.replace(YEAR, "2000");
        for (int i = 0; i < name.length(); i++) {
            // The name is resolved against the source's address: a '#' or '?' made the year a fragment
            // or a query of another address, a ':' a scheme, and a space failed only at the download.
            char c = name.charAt(i);
            boolean escape = c == '%' && i + 2 < name.length() && isHex(name.charAt(i + 1)) && isHex(name.charAt(i + 2));
            if (!escape && !(c < 128 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=@".indexOf(c) >= 0))) {
                throw new IllegalArgumentException("a yearly file name is resolved against the source's address and"
                        + " may hold only letters, digits, -._~!$&'()*+,;=@ and %-escapes, not '"
                        + dev.bsee.core.internal.SafeText.escape(String.valueOf(c)) + "': "
                        + dev.bsee.core.internal.SafeText.escape(fileTemplate));
            }
        }
        if (firstYear < 1900 || firstYear > LAST_YEAR) {
            throw new IllegalArgumentException("first year out of range: " + firstYear);
        }
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /// The same series narrowed to some years.
    ///
    /// @param years the years; empty for all
    /// @return the copy
    public YearlySeries only(Set<Integer> years) {
        return new YearlySeries(fileTemplate, firstYear, years);
    }

    /// The years to download by `currentYear`, ascending: the selected ones, or all from the first.
    /// Selected years outside the published range are left out.
    ///
    /// @param currentYear the current year, 1 to 9999 (the years a clock can date)
    /// @return the years, unmodifiable
    /// @throws IllegalArgumentException when `currentYear` is outside 1 to 9999
    public List<Integer> years(int currentYear) {
        // A year past 9999 comes from no clock (the refresh and the check refuse one), and counting up
        // to it would build a set of up to two billion years, or never end at Integer.MAX_VALUE.
        if (currentYear < 1 || currentYear > LAST_YEAR) {
            throw new IllegalArgumentException("currentYear must be within the years 1 to " + LAST_YEAR + ": " + currentYear);
        }
        SortedSet<Integer> years = new TreeSet<>();
        for (int year = firstYear; year <= currentYear; year++) {
            if (only.isEmpty() || only.contains(year)) {
                years.add(year);
            }
        }
        return List.copyOf(years);
    }

    /// One year's archive file name.
    ///
    /// @param year the year
    /// @return the name, e.g. `ogora2019delimit.zip`
    public String fileName(int year) {
        return fileTemplate.replace(YEAR, Integer.toString(year));
    }
}
