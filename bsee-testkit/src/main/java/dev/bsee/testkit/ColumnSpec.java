package dev.bsee.testkit;

import net.jqwik.api.Arbitrary;

/// One column of a generated table: its name, what kind of values it holds, and where the values
/// come from (`null` meaning missing).
record ColumnSpec(String name, Kind kind, Arbitrary<Object> values) {

    /// What the column holds, which decides the dtype pandas gives it.
    enum Kind {
        /// Strings that never look like numbers, booleans or NA markers: `object`, or `float64` when all missing.
        TEXT,
        /// Whole numbers (`Long`): `int64`, or `float64` when one is missing.
        INTEGER,
        /// Decimal numbers (`Double`): `float64`.
        DECIMAL
    }

    static ColumnSpec text(String name, Arbitrary<String> values) {
        return new ColumnSpec(name, Kind.TEXT, values.asGeneric());
    }

    static ColumnSpec integer(String name, Arbitrary<Long> values) {
        return new ColumnSpec(name, Kind.INTEGER, values.asGeneric());
    }

    static ColumnSpec decimal(String name, Arbitrary<Double> values) {
        return new ColumnSpec(name, Kind.DECIMAL, values.asGeneric());
    }
}
