package dev.bsee.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {

    @Test
    void buildsColumnsWithADefaultRangeIndex() {
        Table table = Table.builder()
                .column("API_WELL_NUMBER", ObjectColumn.of("608164000100", null))
                .column("WATER_DEPTH", Int64Column.of(120, 2150))
                .column("RATE", Float64Column.of(1.5, Double.NaN))
                .column("ACTIVE", BoolColumn.of(true, false))
                .build();

        assertThat(table.rowCount()).isEqualTo(2);
        assertThat(table.columnNames()).containsExactly("API_WELL_NUMBER", "WATER_DEPTH", "RATE", "ACTIVE");
        assertThat(table.dtypes()).containsExactly(DType.OBJECT, DType.INT64, DType.FLOAT64, DType.BOOL);
        assertThat(table.index()).isEqualTo(new Index.Range(0, 2, 1));
        assertThat(table.column("RATE").isMissing(1)).isTrue();
        assertThat(table.column(0).value(1)).isEmpty();
        assertThat(((Int64Column) table.column("WATER_DEPTH")).get(1)).isEqualTo(2150);
    }

    @Test
    void aTypedLookupGivesTheColumnTypeOrNamesTheDtypeItHas() {
        Table table = Table.builder().column("API_WELL_NUMBER", Int64Column.of(608174133800L))
                .column("WELL_NAME", ObjectColumn.of("A001")).build();

        assertThat(table.column("API_WELL_NUMBER", Int64Column.class).get(0)).isEqualTo(608174133800L);
        assertThat(table.column("WELL_NAME", ObjectColumn.class).get(0)).isEqualTo("A001");
        assertThatThrownBy(() -> table.column("WELL_NAME", Int64Column.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column WELL_NAME is object (ObjectColumn), asked for as Int64Column");
        assertThatThrownBy(() -> table.column("NOPE", Int64Column.class)).isInstanceOf(java.util.NoSuchElementException.class)
                .hasMessageContaining("no column NOPE");
    }

    /// A table of a million columns must not make a message of megabytes.
    @Test
    void aMissingColumnOfAWideTableNamesTheFirstColumnsAndCountsTheRest() {
        Table.Builder builder = Table.builder();
        for (int i = 0; i < 1_000; i++) {
            builder.column("c" + i, Int64Column.of(i));
        }
        Table table = builder.build();

        assertThatThrownBy(() -> table.column("NOPE")).isInstanceOf(java.util.NoSuchElementException.class)
                .hasMessageStartingWith("no column NOPE; columns are [c0, c1, c2,")
                .hasMessageEndingWith("c19, ... and 980 more]");
    }

    @Test
    void refusesColumnsOfDifferentLengths() {
        assertThatThrownBy(() -> Table.builder()
                .column("A", Int64Column.of(1, 2))
                .column("B", Int64Column.of(1))
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column B has 1 values but the index has 2 rows");
    }

    @Test
    void duplicateNamesKeepTheirOrderAndLookupFindsTheFirst() {
        Table table = Table.builder()
                .column("A", Int64Column.of(1))
                .column("A", Int64Column.of(2))
                .build();
        assertThat(table.columnNames()).containsExactly("A", "A");
        assertThat(((Int64Column) table.column("A")).get(0)).isEqualTo(1);
        assertThatThrownBy(() -> table.column("B")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("no column B");
    }

    @Test
    void equalityTreatsNanAsEqualAndDistinguishesEmptyFromMissing() {
        assertThat(Float64Column.of(Double.NaN, 1.0)).isEqualTo(Float64Column.of(Double.NaN, 1.0));
        assertThat(Float64Column.of(1.0)).isNotEqualTo(Float64Column.of(2.0));
        assertThat(ObjectColumn.of("", null)).isNotEqualTo(ObjectColumn.of(null, ""));
        assertThat(ObjectColumn.of("x", null)).isEqualTo(ObjectColumn.of("x", null));
        assertThat(Int64Column.of(1)).isNotEqualTo(DateTimeColumn.of(1));
    }

    /// Columns and tables equal by value have one hash, as `Object.hashCode` requires: a `float64`
    /// column holding `-0.0` equals one holding `0.0` (numeric equality, as `DataFrame.equals`), and
    /// hashed differently, so a set of tables held both and a map lost one under the other's key.
    @Test
    void equalColumnsAndTablesHashAlikeWithASignedZero() {
        Column positive = Float64Column.of(0.0, Double.NaN, 1.5);
        Column negative = Float64Column.of(-0.0, Double.NaN, 1.5);

        assertThat(negative).isEqualTo(positive);
        assertThat(negative.hashCode()).isEqualTo(positive.hashCode());
        assertThat(new Index.Labels(Float64Column.of(-0.0)).hashCode())
                .isEqualTo(new Index.Labels(Float64Column.of(0.0)).hashCode());
        assertThat(java.util.Set.of(Table.builder().column("x", positive).build()))
                .contains(Table.builder().column("x", negative).build());
    }

    /// `DataFrame.equals` compares indexes by their labels: a `RangeIndex(0, 3)` equals
    /// `Index([0, 1, 2])` in pandas 1.5 and 2.2. The tables were unequal for the index's kind alone.
    @Test
    void aRangeIndexEqualsTheSameLabelsListedAsInPandas() {
        Column values = ObjectColumn.of("a", "b", "c");
        Table ranged = Table.builder().column("x", values).index(new Index.Range(10, 3, -3, "n")).build();
        Table listed = Table.builder().column("x", values).index(new Index.Labels(Int64Column.of(10, 7, 4), "n")).build();

        assertThat(listed).isEqualTo(ranged).hasSameHashCodeAs(ranged);
        assertThat(ranged).isEqualTo(listed);
        assertThat(Table.builder().column("x", values).build())
                .isEqualTo(Table.builder().column("x", values).index(new Index.Labels(Int64Column.of(0, 1, 2))).build());
        // Ranges are compared by the labels they give, which keeps the equality transitive: a range
        // equal to a list equal to another range is equal to that range.
        Column two = ObjectColumn.of("a", "b");
        Table to3 = Table.builder().column("x", two).index(new Index.Range(0, 3, 2)).build();
        Table to4 = Table.builder().column("x", two).index(new Index.Range(0, 4, 2)).build();
        Table listedTwo = Table.builder().column("x", two).index(new Index.Labels(Int64Column.of(0, 2))).build();
        assertThat(to3).isEqualTo(listedTwo).isEqualTo(to4).hasSameHashCodeAs(to4);
        assertThat(listedTwo).isEqualTo(to4);
        assertThat(Table.builder().index(new Index.Range(5, 5, 1)).build())
                .isEqualTo(Table.builder().index(new Index.Range(0, 0, 1)).build())
                .isNotEqualTo(Table.builder().index(new Index.Range(0, 0, 1, "n")).build());
        assertThat(Table.builder().column("x", ObjectColumn.of("a")).index(new Index.Range(7, 8, 1)).build())
                .isEqualTo(Table.builder().column("x", ObjectColumn.of("a")).index(new Index.Range(7, 100, 93)).build())
                .isNotEqualTo(Table.builder().column("x", ObjectColumn.of("a")).index(new Index.Range(6, 7, 1)).build());
        // Another label, name or dtype is another index, as before.
        assertThat(ranged)
                .isNotEqualTo(Table.builder().column("x", values).index(new Index.Labels(Int64Column.of(10, 7, 5), "n")).build())
                .isNotEqualTo(Table.builder().column("x", values).index(new Index.Labels(Int64Column.of(10, 7, 4))).build())
                .isNotEqualTo(Table.builder().column("x", values).index(new Index.Labels(UInt64Column.of(10, 7, 4), "n")).build())
                .isNotEqualTo(Table.builder().column("x", values).index(new Index.Labels(Float64Column.of(10, 7, 4), "n")).build());
    }

    @Test
    void tableWithoutColumnsCanHaveRows() {
        Table table = Table.builder().rows(3).build();
        assertThat(table.rowCount()).isEqualTo(3);
        assertThat(table.columnCount()).isZero();
    }

    @Test
    void multiIndexLevelsMustAgreeInLength() {
        assertThatThrownBy(() -> new Index.Multi(List.of(Int64Column.of(1, 2), ObjectColumn.of("a")),
                List.of(Optional.empty(), Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class);
        Index.Multi multi = new Index.Multi(List.of(Int64Column.of(1, 2), ObjectColumn.of("a", "b")),
                List.of(Optional.of("k"), Optional.empty()));
        Table table = Table.builder().column("v", Float64Column.of(1, 2)).index(multi).build();
        assertThat(table.toString()).contains("(1, a)").contains("(2, b)");
    }

    /// A string with a lone surrogate has no UTF-8 form: refused, not stored as `?`.
    @Test
    void aLoneSurrogateIsRefusedNotReplaced() {
        assertThatThrownBy(() -> ObjectColumn.of("a\uD800b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone surrogate (U+D800) at index 1");
        assertThatThrownBy(() -> ObjectColumn.of("x\uDC00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectColumn.of("\uD800")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ObjectColumn.of("a\uD83D\uDE00b").get(0)).isEqualTo("a\uD83D\uDE00b");
    }

    @Test
    void rangeIndexSizeFollowsStep() {
        assertThat(new Index.Range(0, 10, 3).size()).isEqualTo(4);
        assertThat(new Index.Range(10, 0, -2).size()).isEqualTo(5);
        assertThat(new Index.Range(5, 0, 1).size()).isZero();
        // Spans wider than a long: stop - start overflowed, and the range read as empty.
        assertThat(new Index.Range(-(1L << 62), 1L << 62, 1L << 62).size()).isEqualTo(2);
        assertThat(new Index.Range(1L << 62, -(1L << 62), -(1L << 62)).size()).isEqualTo(2);
        assertThat(new Index.Range(Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE).size()).isEqualTo(3);
        assertThat(new Index.Range(Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE).size()).isEqualTo(2);
        assertThatThrownBy(() -> new Index.Range(0, 3_000_000_000L, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RangeIndex(0, 3000000000, 1) holds 3,000,000,000 labels, more than a table's 2,147,483,647 rows");
        assertThatThrownBy(() -> Index.range(-5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-5 rows");
        assertThatThrownBy(() -> Table.builder().rows(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIndexNameIsAbsentWhenNullAndPartOfEquality() {
        assertThat(new Index.Range(0, 3, 1, null).name()).isEmpty();
        assertThat(new Index.Range(0, 3, 1, "r").name()).contains("r");
        assertThat(new Index.Range(0, 3, 1, null)).isEqualTo(Index.range(3)).hasSameHashCodeAs(Index.range(3))
                .isNotEqualTo(new Index.Range(0, 3, 1, "r"));
        Column labels = ObjectColumn.of("a", "b");
        assertThat(new Index.Labels(labels).name()).isEmpty();
        assertThat(new Index.Labels(labels, "k").name()).contains("k");
        assertThat(new Index.Labels(labels, "k")).isEqualTo(new Index.Labels(ObjectColumn.of("a", "b"), "k"))
                .isNotEqualTo(new Index.Labels(labels)).hasToString("Labels[labels=" + labels + ", name=k]");
        assertThatThrownBy(() -> new Index.Range(0, 3, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnknownProgressSizeIsMinusOneAndReadsAsEmpty() {
        assertThat(new ProgressEvent.Download("s", 5, -1, 0).totalBytes()).isEmpty();
        assertThat(new ProgressEvent.Download("s", 5, 9, 0).totalBytes()).hasValue(9);
        assertThat(new ProgressEvent.Download("s", 5, -7, 0)).isEqualTo(new ProgressEvent.Download("s", 5, -1, 0))
                .isNotEqualTo(new ProgressEvent.Download("s", 5, 0, 0));
        assertThat(new ProgressEvent.EntryStarted("s", "e.txt", -1).uncompressedSize()).isEmpty();
        assertThat(new ProgressEvent.EntryStarted("s", "e.txt", 0).uncompressedSize()).hasValue(0);
        assertThat(new ProgressEvent.EntryStarted("s", "e.txt", 4))
                .isEqualTo(new ProgressEvent.EntryStarted("s", "e.txt", 4))
                .hasSameHashCodeAs(new ProgressEvent.EntryStarted("s", "e.txt", 4));
    }

    @Test
    void toStringShowsShapeDtypesAndRows() {
        Table table = Table.builder().column("A", Int64Column.of(7)).column("B", ObjectColumn.of((String) null)).build();
        assertThat(table.toString()).startsWith("Table 1 rows x 2 columns [int64, object]").contains("7").contains("NaN");
    }

    /// A table or column printed (the README prints one read from a `.bin`) escapes the control and
    /// bidirectional characters its names and strings hold: a terminal escape, a line break and a
    /// right-to-left override reached the console raw, and a column's line break split its line.
    @Test
    void printingATableEscapesWhatItsFileHolds() {
        Table table = Table.builder().column("NAME\u001b[31m", ObjectColumn.of("ok", "evil\u001b[2J\nFORGED",
                "\u202egnp.exe")).build();

        for (String printed : List.of(table.toString(), table.column(0).toString())) {
            assertThat(printed).doesNotContain("\u001b", "\u202e", "\r").contains("\\e[2J");
        }
        assertThat(table.column(0).toString()).doesNotContain("\n");
        Column labels = ObjectColumn.of("a", "b", "c");
        for (Index index : List.of(new Index.Range(0, 3, 1, "k\u001b[2J"), new Index.Labels(labels, "k\u001b[2J"),
                new Index.Multi(List.of(labels), List.of(Optional.of("k\u001b[2J"))))) {
            assertThat(index.toString()).doesNotContain("\u001b").contains("k\\e[2J");
        }
        assertThat(table.toString().lines()).hasSize(5);
    }
}
