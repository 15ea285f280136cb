package dev.bsee.binary.store;

import dev.bsee.binary.PickleWriter;
import dev.bsee.binary.ScratchFolder;
import dev.bsee.core.Column;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Index;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import dev.bsee.testkit.BseeArbitraries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// A query through [BinStore#read(String, Query)], which builds only the columns the query uses, gives
/// what the query gives on the whole table, and `isIn` on `int64` columns keeps the rows whose value
/// is in the set, extremes and zero included.
class BinStoreQueryProperties {
    private static final Path DIR = ScratchFolder.create("bsee-store-query");

    @AfterContainer
    static void removeFolder() throws IOException {
        ScratchFolder.delete(DIR);
    }

    @Provide
    Arbitrary<Table> productionTables() {
        return BseeArbitraries.productionTables();
    }

    @Property(tries = 100)
    void aQueryReadsWhatItGivesOnTheWholeTable(@ForAll("productionTables") Table table, @ForAll Random random)
            throws IOException {
        write("ogora2023delimit", table);
        BinStore store = BinStore.open(DIR);
        Column wells = table.column("API_WELL_NUMBER");
        Set<Object> wanted = new HashSet<>(List.of(Long.MIN_VALUE, 0L, 608164000100L));
        for (int row = 0; row < table.rowCount(); row++) {
            if (random.nextBoolean()) {
                wanted.add(wells.value(row).orElseThrow());
            }
        }
        List<String> columns = new ArrayList<>();
        for (String name : table.columnNames()) {
            if (random.nextInt(4) == 0) {
                columns.add(name);
            }
        }
        Query query = Query.columns(columns.toArray(String[]::new))
                .where("API_WELL_NUMBER", Condition.isIn(wanted))
                .where("PRODUCT_CODE", Condition.isIn(Set.of("O", "G")).negate());

        assertThat(store.read("ogora2023delimit", query)).isEqualTo(query.apply(table));
    }

    @Example
    void aQueryNamingAColumnTheTableLacksFailsAsOnTheWholeTable() throws IOException {
        Table table = Table.builder().column("API_WELL_NUMBER", Int64Column.of(1, 2))
                .column("WELL_NAME", ObjectColumn.of("A", "B")).build();
        write("wells", table);
        BinStore store = BinStore.open(DIR);
        Query projection = Query.columns("WELL_NAME", "RIG_NAME").where("API_WELL_NUMBER", Condition.isIn(Set.of(1L)));
        Query condition = Query.columns("WELL_NAME").where("RIG_ID", Condition.isMissing());

        for (Query query : List.of(projection, condition)) {
            NoSuchElementException expected = org.junit.jupiter.api.Assertions.assertThrows(NoSuchElementException.class,
                    () -> query.apply(table));
            assertThatThrownBy(() -> store.read("wells", query)).isInstanceOf(NoSuchElementException.class)
                    .hasMessage(DIR.resolve("wells.bin") + ": " + expected.getMessage());
        }
    }

    /// A reader of many tables learns from the message which file the condition failed on.
    @Example
    void aConditionTheColumnCannotMeetNamesTheFile() throws IOException {
        write("spuds", Table.builder().column("SPUD", DateTimeColumn.of(0, 86_400_000_000_000L)).build());
        Query query = Query.rowsWhere("SPUD", Condition.isIn(Set.of("1970-01-02")));

        assertThatThrownBy(() -> BinStore.open(DIR).read("spuds", query)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(DIR.resolve("spuds.bin") + ": column SPUD: a datetime64[ns] column");
    }

    @Provide
    Arbitrary<List<Long>> values() {
        return Arbitraries.longs().list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void isInKeepsTheRowsOfInt64ValuesInTheSet(@ForAll("values") List<Long> column, @ForAll("values") List<Long> set,
            @ForAll Random random) {
        long[] values = column.stream().mapToLong(Long::longValue).toArray();
        Set<Object> wanted = new HashSet<>();
        for (long value : set) {
            // Each number kind that means the same integer: int when it fits, a whole double when exact.
            wanted.add(value == (int) value && random.nextBoolean() ? (Object) (int) value
                    : Math.abs(value) < 1L << 52 && random.nextBoolean() ? (Object) (double) value : (Object) value);
        }
        if (!column.isEmpty() && random.nextBoolean()) {
            wanted.add(column.get(random.nextInt(column.size())));
        }
        Table table = Table.builder().column("n", Int64Column.of(values)).build();

        Table kept = Query.rowsWhere("n", Condition.isIn(wanted)).apply(table);

        // As pandas compares: in int64, or in float64 once a double is among the values (where two
        // longs beyond 2^53 may be one double).
        boolean asDoubles = wanted.stream().anyMatch(value -> value instanceof Double);
        Set<Long> reference = new HashSet<>();
        Set<Double> referenceDoubles = new HashSet<>();
        wanted.forEach(value -> reference.add(((Number) value).longValue()));
        wanted.forEach(value -> referenceDoubles.add(((Number) value).doubleValue()));
        List<Long> labels = new ArrayList<>();
        List<Long> keptValues = new ArrayList<>();
        for (int row = 0; row < values.length; row++) {
            if (asDoubles ? referenceDoubles.contains((double) values[row]) : reference.contains(values[row])) {
                labels.add((long) row);
                keptValues.add(values[row]);
            }
        }
        assertThat(kept.column("n")).isEqualTo(labels.size() == values.length ? table.column("n")
                : Int64Column.of(keptValues.stream().mapToLong(Long::longValue).toArray()));
        if (labels.size() < values.length) {
            assertThat(kept.index()).isEqualTo(new Index.Labels(
                    Int64Column.of(labels.stream().mapToLong(Long::longValue).toArray())));
        }
    }

    private static void write(String name, Table table) throws IOException {
        try (OutputStream out = Files.newOutputStream(DIR.resolve(name + ".bin"))) {
            PickleWriter.of().write(table, out);
        }
    }
}
