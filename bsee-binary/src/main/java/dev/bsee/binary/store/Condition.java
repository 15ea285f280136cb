package dev.bsee.binary.store;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/// A test on the values of one column, used by [Query#where(String, Condition)] to keep rows, as
/// pandas keeps them with a boolean mask: `df[df['API_WELL_NUMBER'].isin(wells)]` is
/// `Query.rowsWhere("API_WELL_NUMBER", Condition.isIn(wells))`.
///
/// Values compare as pandas compares them: numbers by numeric value (an `int64` column matches
/// `Long`, `Integer` or a whole `Double`; with a `Double` or `Float` among the values, in float64 as
/// pandas compares them, so 2^53 + 1 matches 2.0^53; a `float64` column matches an integer only
/// when it equals it exactly, as `isin` compares; a `uint64` column exactly, its values past a long
/// given as `BigInteger`; [#equalTo(Object)] compares as pandas' `==` does, in float64 where numpy
/// does), strings exactly (a `String` never equals a number: tested against a numeric column, as
/// an API well number given as text against the `int64` `API_WELL_NUMBER`, it matches no row, as
/// in pandas), booleans as booleans and as the numbers 1 and 0
/// (a Python bool of an `object` column too), timestamps as [Instant]s. Values of another type (a `LocalDateTime`, a `BigDecimal`)
/// are refused, rather than matching no row, and so is anything but an `Instant` for a
/// `datetime64[ns]` column when the query runs (pandas would parse a string there). A missing value matches [#isMissing()], and a missing
/// float (`NaN`) also matches `isIn` of a set holding `Double.NaN`, as pandas' `isin` matches it
/// (in an `object` column `None` and `NaN` both read as missing and both match it, where pandas
/// matches only `NaN`); [#equalTo(Object)] of `NaN` keeps no row, as `df[col] == float("nan")`
/// keeps none.
public sealed interface Condition {

    /// Rows whose value is one of `values` (pandas `isin`).
    ///
    /// @param values strings, numbers, booleans or instants; no nulls ([#isMissing()] finds missing values)
    /// @return the condition
    static Condition isIn(Collection<?> values) {
        return new IsIn(IsIn.copied(IsIn.checked(values)));
    }

    /// Rows whose value equals `value` (pandas `df[col] == value`).
    ///
    /// @param value a string, number, boolean or instant
    /// @return the condition
    static Condition equalTo(Object value) {
        Objects.requireNonNull(value, "equalTo(null): isMissing() finds missing values");
        return new EqualTo(value);
    }

    /// Rows whose value is missing (pandas `isna`).
    ///
    /// @return the condition
    static Condition isMissing() {
        return IsMissing.INSTANCE;
    }

    /// Rows whose value is present and passes `test` (`Long`, `BigInteger` of a `uint64` column,
    /// `Double`, `Boolean`, `String` or [Instant], as [dev.bsee.core.Column#value(int)] gives it).
    ///
    /// @param test the test
    /// @return the condition
    static Condition satisfies(Predicate<Object> test) {
        return new Satisfies(test);
    }

    /// Rows this condition does not keep (pandas `~mask`).
    ///
    /// @return the negation
    default Condition negate() {
        return this instanceof Not not ? not.condition() : new Not(this);
    }

    /// Rows whose value is one of a set.
    ///
    /// @param values the values
    record IsIn(Set<Object> values) implements Condition {
        /// Copies the values.
        public IsIn {
            values = copied(checked(values));
        }

        /// An unmodifiable copy in a hash set, not `Set.copyOf`: the JDK's immutable set probes
        /// linearly, and `Long.hashCode(k) == Long.hashCode(-k - 1)`, so a set of numbers around
        /// zero took time quadratic in its size (80,000 values a second, four million never ended).
        private static Set<Object> copied(Collection<?> values) {
            return java.util.Collections.unmodifiableSet(new java.util.HashSet<>(values));
        }

        private static <T extends Collection<?>> T checked(T values) {
            Objects.requireNonNull(values, "values");
            // contains(null) throws for some collections (Set.of), so each value is looked at.
            for (Object value : values) {
                if (value == null) {
                    throw new NullPointerException("isIn: the values hold null; isMissing() finds missing values");
                }
                // Any other type would silently match no row.
                if (!(value instanceof String || value instanceof Long || value instanceof Integer
                        || value instanceof Short || value instanceof Byte || value instanceof java.math.BigInteger
                        || value instanceof Double
                        || value instanceof Float || value instanceof Boolean || value instanceof Instant)) {
                    throw new IllegalArgumentException("a " + value.getClass().getName() + " ("
                            + dev.bsee.core.internal.SafeText.escape(String.valueOf(value)) + ") is no"
                            + " value a column holds: give a String, a Long or Integer (a BigInteger past a long),"
                            + " a Double, a Boolean or an Instant" + (value instanceof java.time.LocalDateTime || value instanceof java.time.LocalDate
                            ? " (a timestamp column holds UTC instants: toInstant(ZoneOffset.UTC))" : ""));
                }
            }
            return values;
        }

        /// The first values, escaped, and how many more there are (`IsIn[values=[a, b, ... and 99,980
        /// more]]`): a set of a hundred thousand wells printed hundreds of kilobytes into the log
        /// line of a query.
        ///
        /// @return the text
        @Override
        public String toString() {
            return "IsIn[values=" + dev.bsee.core.internal.MessageText.names(values) + "]";
        }
    }

    /// Rows whose value equals one value (pandas `==`). It differs from [IsIn] of that value where
    /// numpy compares in float64 and `isin` compares exactly: a `float64` column against an integer
    /// (2^53 + 1 equals 2.0^53), a `uint64` column against a float (2^64 - 1 equals 2.0^64). `NaN`
    /// equals nothing.
    ///
    /// @param value the value
    record EqualTo(Object value) implements Condition {
        /// Validates the value.
        public EqualTo {
            Objects.requireNonNull(value, "equalTo(null): isMissing() finds missing values");
            IsIn.checked(Set.of(value));
        }
    }

    /// Rows whose value is missing.
    enum IsMissing implements Condition {
        /// The only instance.
        INSTANCE;

        /// As the factory method reads, so that a printed [Query] says what it tests.
        @Override
        public String toString() {
            return "isMissing()";
        }
    }

    /// Rows whose value is present and passes a test.
    ///
    /// @param test the test
    record Satisfies(Predicate<Object> test) implements Condition {
        /// Validates the test.
        public Satisfies {
            Objects.requireNonNull(test, "test");
        }
    }

    /// Rows another condition does not keep.
    ///
    /// @param condition the condition negated
    record Not(Condition condition) implements Condition {
        /// Validates the condition.
        public Not {
            Objects.requireNonNull(condition, "condition");
        }
    }
}
