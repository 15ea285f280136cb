package dev.bsee.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/// The checks every builder applies to its options, with one wording: each message starts with
/// the option's name as its setter spells it (`maxAttempts must be at least 1: 0`), so a caller
/// can find the call that passed the value. Builders keep checks that are theirs alone (a user
/// agent's characters, a ratio's range) next to their setter.
public final class OptionChecks {

    private OptionChecks() {
    }

    /// Checks that an option was given.
    ///
    /// @param <T> the option's type
    /// @param option the option's name
    /// @param value the value
    /// @return `value`
    /// @throws NullPointerException when `value` is null
    public static <T> T present(String option, T value) {
        return Objects.requireNonNull(value, () -> option + " must be given");
    }

    /// An unmodifiable copy of a list given to a builder, factory or record, refusing null elements
    /// by their place: `List.copyOf` throws a `NullPointerException` with no message, which named
    /// neither the argument nor the element.
    ///
    /// @param <T> the elements' type
    /// @param option the argument's name
    /// @param values the list
    /// @return the copy
    /// @throws NullPointerException when `values` or one of its elements is null (`names[1] is null`)
    public static <T> java.util.List<T> listOf(String option, java.util.Collection<? extends T> values) {
        Objects.requireNonNull(values, option);
        java.util.List<T> copy = new java.util.ArrayList<>(values.size());
        for (T value : values) {
            if (value == null) {
                throw new NullPointerException(option + "[" + copy.size() + "] is null");
            }
            copy.add(value);
        }
        return java.util.Collections.unmodifiableList(copy);
    }

    /// An unmodifiable copy of a set, as [#listOf] copies a list: a null element is refused by name
    /// (`Set.copyOf` said `e0 is null`), and the iteration order of `values` is kept.
    ///
    /// @param <T> the elements' type
    /// @param option the argument's name
    /// @param values the set
    /// @return the copy
    /// @throws NullPointerException when `values` or one of its elements is null
    public static <T> java.util.Set<T> setOf(String option, java.util.Collection<? extends T> values) {
        Objects.requireNonNull(values, option);
        java.util.Set<T> copy = new java.util.LinkedHashSet<>();
        for (T value : values) {
            if (value == null) {
                throw new NullPointerException(option + " holds null");
            }
            copy.add(value);
        }
        return java.util.Collections.unmodifiableSet(copy);
    }

    /// Checks that a name was given and is not blank: messages that name it would start with `: `.
    ///
    /// @param option the option's name
    /// @param value the value
    /// @return `value`
    /// @throws NullPointerException when `value` is null
    /// @throws IllegalArgumentException when `value` is empty or only white space
    public static String notBlank(String option, String value) {
        if (present(option, value).isBlank()) {
            throw new IllegalArgumentException(option + " must not be blank: \"" + value + "\"");
        }
        return value;
    }

    /// The longest timeout, delay or time to live an option takes: a count of nanoseconds in a
    /// `long`, about 292 years, which is also the longest a configuration file's durations may be.
    /// The HTTP client, the retry delays and the cache's expiry count in nanoseconds or add the
    /// duration to the current time, so a longer one (`Duration.ofSeconds(Long.MAX_VALUE)`, a
    /// caller's "no limit") failed each download with an `ArithmeticException` naming no option.
    public static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

    /// Checks that a duration is above zero and at most [#LONGEST].
    ///
    /// @param option the option's name
    /// @param value the value
    /// @return `value`
    /// @throws IllegalArgumentException when `value` is zero, negative or longer than [#LONGEST]
    public static Duration positive(String option, Duration value) {
        if (!present(option, value).isPositive()) {
            throw new IllegalArgumentException(option + " must be positive: " + value);
        }
        return atMostLongest(option, value);
    }

    /// Checks that a duration is zero or more and at most [#LONGEST].
    ///
    /// @param option the option's name
    /// @param value the value
    /// @return `value`
    /// @throws IllegalArgumentException when `value` is negative or longer than [#LONGEST]
    public static Duration notNegative(String option, Duration value) {
        return atMostLongest(option, wait(option, value));
    }

    /// Checks that a wait is zero or more, of any length: one longer than the calendar holds waits
    /// without end, which is what a caller asking for it means.
    ///
    /// @param option the option's name
    /// @param value the value
    /// @return `value`
    /// @throws IllegalArgumentException when `value` is negative
    public static Duration wait(String option, Duration value) {
        if (present(option, value).isNegative()) {
            throw new IllegalArgumentException(option + " must not be negative: " + value);
        }
        return value;
    }

    /// Checks that a duration is at most [#LONGEST].
    ///
    /// @param option the option's name
    /// @param value the value
    /// @return `value`
    /// @throws IllegalArgumentException when `value` is longer than [#LONGEST]
    public static Duration atMostLongest(String option, Duration value) {
        if (present(option, value).compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(option + " must be at most " + LONGEST.getSeconds()
                    + " seconds (about 292 years): " + value);
        }
        return value;
    }

    /// Checks that `first` is zero or more and `max` is at least `first`, as a range of waits.
    ///
    /// @param option the option's name
    /// @param first the shortest
    /// @param max the longest
    /// @throws IllegalArgumentException when the range is out of order or negative, or `max` is longer
    ///     than [#LONGEST]
    public static void range(String option, Duration first, Duration max) {
        notNegative(option, first);
        if (present(option, max).compareTo(first) < 0) {
            throw new IllegalArgumentException(option + " needs 0 <= first <= max: " + first + ", " + max);
        }
        atMostLongest(option, max);
    }

    /// Checks that a count is at least `min`.
    ///
    /// @param option the option's name
    /// @param value the value
    /// @param min the least allowed value
    /// @return `value`
    /// @throws IllegalArgumentException when `value` is below `min`
    public static int atLeast(String option, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ": " + value);
        }
        return value;
    }

    /// The first instant a clock may give, 0001-01-01T00:00:00Z: dates are written with four-digit
    /// years (manifests, reports, HTTP dates) and the current year names the yearly archives. In
    /// seconds rather than parsed: every program that builds a `Query` of `bsee-binary` loads
    /// this class, and `Instant.parse` loads the JDK's date-time formatting first, 15 ms of a
    /// one-year read's 0.3 s.
    static final Instant FIRST_DATABLE = Instant.ofEpochSecond(-62_135_596_800L);
    /// The last instant a clock may give, 9999-12-31T23:59:59.999999999Z, the end of the year 9999.
    static final Instant LAST_DATABLE = Instant.ofEpochSecond(253_402_300_799L, 999_999_999L);

    /// Reads a clock that dates the work, refusing a time outside the years 1 to 9999: a fixed clock
    /// far off (`Clock.fixed(Instant.MAX, ...)`) otherwise fails deep inside with a date-time error
    /// that names no option. A clock's time is known only when read, so this is checked when the
    /// work starts rather than by the setter.
    ///
    /// @param option the option's name
    /// @param clock the clock
    /// @return the clock's instant now
    /// @throws IllegalArgumentException when the instant is outside the years 1 to 9999
    public static Instant datable(String option, Clock clock) {
        Instant now = present(option, clock).instant();
        if (now == null || now.isBefore(FIRST_DATABLE) || now.isAfter(LAST_DATABLE)) {
            throw new IllegalArgumentException(option + " must give a time within the years 1 to 9999: " + now);
        }
        return now;
    }
}
