package dev.bsee.binary.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.core.BoolColumn;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Index;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.UInt64Column;
import dev.bsee.core.Table;
import dev.bsee.core.peer.FrameSpecs;
import dev.bsee.core.peer.PandasPeers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryTest {

    @RegisterExtension
    static final PandasPeers peers = new PandasPeers();

    private static Table wells() {
        return Table.builder()
                .column("API_WELL_NUMBER", Int64Column.of(608164000100L, 608164000101L, 177154012300L, 608164000100L))
                .column("WELL_NAME", ObjectColumn.of("A001", null, "SS002", "A001 ST01"))
                .column("WATER_DEPTH", Float64Column.of(120.5, Double.NaN, 2150, -0.0))
                .build();
    }

    /// A set of numbers around zero, whose hashes pair up (`Long.hashCode(k) == Long.hashCode(-k -
    /// 1)`), is taken in linear time and filters as any other: `Set.copyOf` probed it quadratically,
    /// and a million values took minutes (the timeout guards against that hang, not a speed).
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aMillionNumbersAroundZeroMakeASetWithoutHanging() {
        Set<Long> around = java.util.stream.LongStream.range(-500_000, 500_000).boxed()
                .collect(java.util.stream.Collectors.toSet());

        Condition condition = Condition.isIn(around);

        assertThat(((Condition.IsIn) condition).values()).hasSize(1_000_000).contains(-500_000L, 499_999L)
                .doesNotContain(500_000L);
        Table table = Table.builder().column("n", Int64Column.of(-500_001, -500_000, 0, 499_999, 500_000)).build();
        assertThat(Query.rowsWhere("n", condition).apply(table).rowCount()).isEqualTo(3);
    }

    @Test
    void isInKeepsMatchingRowsWithTheirLabels() {
        Table result = Query.columns("API_WELL_NUMBER", "WELL_NAME")
                .where("API_WELL_NUMBER", Condition.isIn(Set.of(608164000100L, 42)))
                .apply(wells());

        assertThat(result.columnNames()).containsExactly("API_WELL_NUMBER", "WELL_NAME");
        assertThat(result.column("API_WELL_NUMBER")).isEqualTo(Int64Column.of(608164000100L, 608164000100L));
        assertThat(result.column("WELL_NAME")).isEqualTo(ObjectColumn.of("A001", "A001 ST01"));
        assertThat(result.index()).isEqualTo(new Index.Labels(Int64Column.of(0, 3)));
    }

    @Test
    void conditionsCombineAndNumbersCompareByValue() {
        Table result = Query.rowsWhere("WATER_DEPTH", Condition.isIn(Set.of(0, 2150L)))
                .where("WELL_NAME", Condition.isMissing().negate())
                .apply(wells());

        assertThat(result.column("API_WELL_NUMBER")).isEqualTo(Int64Column.of(177154012300L, 608164000100L));
        assertThat(result.index()).isEqualTo(new Index.Labels(Int64Column.of(2, 3)));
    }

    /// With a float among the values, pandas compares an int64 column in float64 (both peers give
    /// these rows): 2^53 + 1 is 2.0^53, and 2^63 - 1 is 2.0^63.
    @Test
    void anInt64ColumnComparesWithFloatsInFloat64() {
        Table table = Table.builder().column("I", Int64Column.of((1L << 53) + 1, 1L << 53, 5, Long.MAX_VALUE)).build();

        assertThat(rows(table, Condition.isIn(Set.of(0x1p53)))).containsExactly(0L, 1L);
        assertThat(rows(table, Condition.equalTo(0x1p53))).containsExactly(0L, 1L);
        assertThat(rows(table, Condition.isIn(Set.of((1L << 53) + 1)))).containsExactly(0L);
        assertThat(rows(table, Condition.isIn(Set.of((1L << 53) + 1, 0x1p63)))).containsExactly(0L, 1L, 3L);
        assertThat(rows(table, Condition.isIn(Set.of(5L, 2.5)))).containsExactly(2L);
    }

    private static List<Long> rows(Table table, Condition condition) {
        Index index = Query.rowsWhere("I", condition).apply(table).index();
        List<Long> rows = new ArrayList<>();
        if (index instanceof Index.Labels labels) {
            Int64Column ids = (Int64Column) labels.labels();
            for (int i = 0; i < ids.size(); i++) {
                rows.add(ids.get(i));
            }
        } else {
            for (int i = 0; i < index.size(); i++) {
                rows.add((long) i);
            }
        }
        return rows;
    }

    @Test
    void keepingEveryRowKeepsTheIndex() {
        Table table = wells();
        Table result = Query.rowsWhere("API_WELL_NUMBER", Condition.satisfies(v -> (Long) v > 0)).apply(table);

        assertThat(result).isEqualTo(table);
        assertThat(Query.all().apply(table)).isEqualTo(table);
    }

    @Test
    void unknownColumnsNameTheColumns() {
        assertThatThrownBy(() -> Query.columns("API_WELL_NUMBER", "LEASE").apply(wells()))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("no column LEASE")
                .hasMessageContaining("WELL_NAME");
        assertThatThrownBy(() -> Query.rowsWhere("LEASE", Condition.isMissing()).apply(wells()))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("no column LEASE");
    }

    /// A condition on a name that several columns have is refused, as pandas refuses it (`df['a']` is
    /// then a frame, and `df[df['a'].isin([1])]` raises `ValueError: cannot reindex on an axis with
    /// duplicate labels` in both peers), where the query filtered rows by the first such column
    /// alone. A projection of the name keeps every column of it, as `df[['a']]` does.
    @Test
    void aConditionOnARepeatedColumnNameIsRefused() {
        Table repeated = Table.builder().column("a", Int64Column.of(1, 2, 3)).column("a", Int64Column.of(3, 1, 2))
                .column("b", ObjectColumn.of("x", "y", "z")).build();

        assertThatThrownBy(() -> Query.rowsWhere("a", Condition.isIn(Set.of(1L))).apply(repeated))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a condition on column a cannot apply: 2 columns have that name, and pandas' df[name] is"
                        + " then a frame, not a column");
        assertThatThrownBy(() -> Query.columns("b").where("a", Condition.isMissing()).apply(repeated))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 columns have that name");
        assertThat(Query.columns("a").apply(repeated).columnCount()).isEqualTo(2);
        assertThat(Query.rowsWhere("b", Condition.equalTo("y")).apply(repeated).rowCount()).isEqualTo(1);

        for (var peer : List.of(peers.pandas15(), peers.pandas22())) {
            JsonNode shape = peer.call("""
                    import warnings
                    df = pd.DataFrame([[1, 3, 'x'], [2, 1, 'y'], [3, 2, 'z']], columns=['a', 'a', 'b'])
                    try:
                        with warnings.catch_warnings():
                            # pandas 1.5 warns that such a reindex will raise, then raises.
                            warnings.simplefilter('ignore', FutureWarning)
                            result = 'kept %d rows' % len(df[df['a'].isin([1])])
                    except ValueError as e:
                        result = str(e)
                    """, Map.of());
            assertThat(shape.asText()).as(peer.kind().toString()).isEqualTo("cannot reindex on an axis with duplicate labels");
        }
    }

    @Test
    void datetimeAndBooleanColumnsFilter() {
        Table table = Table.builder()
                .column("SPUD", DateTimeColumn.of(0, DateTimeColumn.NAT, 86_400_000_000_000L))
                .column("ACTIVE", BoolColumn.of(true, false, true))
                .index(new Index.Labels(ObjectColumn.of("a", "b", "c"), "key"))
                .build();

        Table result = Query.rowsWhere("SPUD", Condition.equalTo(Instant.ofEpochSecond(86_400)))
                .where("ACTIVE", Condition.equalTo(true)).apply(table);

        assertThat(result.index()).isEqualTo(new Index.Labels(ObjectColumn.of("c"), "key"));
        assertThat(result.column("SPUD")).isEqualTo(DateTimeColumn.of(86_400_000_000_000L));
    }

    /// pandas parses `isin(["1970-01-02"])` on a datetime64 column; matching no row would be a
    /// silently wrong answer, so a value that is no Instant is refused naming the column.
    @Test
    void aStringForADatetimeColumnIsRefusedNotMatchedToNothing() {
        Table table = Table.builder().column("SPUD", DateTimeColumn.of(0, 86_400_000_000_000L)).build();

        assertThatThrownBy(() -> Query.rowsWhere("SPUD", Condition.isIn(Set.of("1970-01-02"))).apply(table))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("column SPUD: a datetime64[ns] column is compared with Instants, not a String (1970-01-02)")
                .hasMessageEndingWith("; for that moment give Instant.parse(\"1970-01-02T00:00:00Z\")");
    }

    /// The way out a refusal offers is the moment given, not another: the hint named 2024-01-01
    /// for any value, which read as an off-by-one for 2024-01-02.
    @Test
    void theRefusalOfADayOffersThatDay() {
        Table table = Table.builder().column("SPUD", DateTimeColumn.of(0, 86_400_000_000_000L)).build();

        assertThatThrownBy(() -> Query.rowsWhere("SPUD", Condition.equalTo("2024-01-02")).apply(table))
                .hasMessageEndingWith("for that moment give Instant.parse(\"2024-01-02T00:00:00Z\")");
        assertThatThrownBy(() -> Query.rowsWhere("SPUD", Condition.isIn(Set.of("2024-01-02T06:30"))).apply(table))
                .hasMessageEndingWith("for that moment give Instant.parse(\"2024-01-02T06:30:00Z\")");
        assertThatThrownBy(() -> Query.rowsWhere("SPUD", Condition.isIn(Set.of("soon"))).apply(table))
                .hasMessageEndingWith("for midnight of a day give Instant.parse(\"YYYY-MM-DDT00:00:00Z\")");
    }

    /// Random tables and conditions, filtered by Java and by pandas 2.2
    /// (`df[mask][columns]` with `isin`, `isna`, `~`); one peer call for all cases.
    /// A null argument is named, as everywhere else in the API, not left to the JDK's own words.
    @Test
    void nullArgumentsAreNamed() {
        assertThatThrownBy(() -> Query.all().apply(null)).isInstanceOf(NullPointerException.class).hasMessage("table");
        assertThatThrownBy(() -> dev.bsee.core.ObjectColumn.of((String[]) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("values");
    }

    /// A printed query says what it tests: `isMissing()` printed as the enum constant `INSTANCE`.
    @Test
    void aPrintedQueryNamesItsConditions() {
        assertThat(Query.rowsWhere("WELL_NAME", Condition.isMissing()).toString()).contains("isMissing()")
                .doesNotContain("INSTANCE");
    }

    /// A query of many values prints the first ones and counts the rest, escaped: a set of a
    /// hundred thousand wells made a `toString` of 690,000 characters, which a log line of the query
    /// carried whole.
    @Test
    void aPrintedQueryOfManyValuesShowsTheFirstOnes() {
        Set<Long> wells = new java.util.HashSet<>();
        for (long well = 0; well < 100_000; well++) {
            wells.add(608_164_000_000L + well);
        }
        String printed = Query.columns("WELL_NAME").where("API_WELL_NUMBER", Condition.isIn(wells)).toString();

        assertThat(printed).hasSizeLessThan(500).contains("... and 99,980 more").startsWith("Query[columns=[WELL_NAME]");
        assertThat(Condition.isIn(Set.of("a\nb")).toString()).isEqualTo("IsIn[values=[a\\nb]]");
        assertThat(Condition.isIn(Set.of("a\nb"))).isEqualTo(Condition.isIn(Set.of("a\nb")));
    }

    /// A condition its column cannot take is refused on one line: the column's name (a file's, any
    /// character) and the value (often a user's text) are escaped, as the missing column's message
    /// escapes them; a line break in either forged a second log line.
    @Test
    void aConditionItsColumnCannotTakeIsRefusedOnOneLine() {
        Table table = Table.builder().column("WHEN\nX", dev.bsee.core.DateTimeColumn.of(0L, 1L)).build();

        assertThatThrownBy(() -> Query.rowsWhere("WHEN\nX", Condition.isIn(Set.of("2024-01-01\r\nERROR forged")))
                .apply(table)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("column WHEN\\nX: a datetime64[ns] column is compared with Instants, not a String"
                        + " (2024-01-01\\r\\nERROR forged)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r"));
    }

    @Test
    void valuesOfNoColumnTypeAreRefusedNotMatchedToNothing() {
        assertThatThrownBy(() -> Condition.equalTo(java.time.LocalDateTime.of(2020, 1, 1, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("toInstant(ZoneOffset.UTC)");
        assertThatThrownBy(() -> Condition.isIn(Set.of(java.math.BigDecimal.ONE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.math.BigDecimal");
    }

    @Test
    void nullIsRefusedWithAPointerToIsMissing() {
        assertThatThrownBy(() -> Condition.equalTo(null)).hasMessageContaining("isMissing()");
        assertThatThrownBy(() -> Condition.isIn(java.util.Arrays.asList("A001", null))).hasMessageContaining("isMissing()");
    }

    @Test
    void filteringEqualsPandas() {
        Random random = new Random(20240501);
        List<Map<String, Object>> cases = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            cases.add(randomCase(random));
        }
        assertEqualToPandas(cases);
    }

    /// Where pandas' `isin` and `==` part: `isin` compares an integer with a float64 column, and a
    /// float with a uint64 column, exactly; `==` compares both in float64 (2^53 + 1 equals 2.0^53,
    /// 2^64 - 1 equals 2.0^64). `equalTo` was `isIn` of one value.
    @Test
    void equalToAndIsInPartWhereNumpyComparesInFloat64() {
        java.math.BigInteger maxUnsigned = java.math.BigInteger.TWO.pow(64).subtract(java.math.BigInteger.ONE);
        Table table = Table.builder()
                .column("F", Float64Column.of(0x1p53, 0x1p64, 1.0))
                .column("U", UInt64Column.of(-1L, Long.MIN_VALUE + 1, 5))
                .build();
        List<Map<String, Object>> cases = new ArrayList<>();
        for (Object value : List.<Object>of((1L << 53) + 1, 1L << 53, maxUnsigned, java.math.BigInteger.TWO.pow(64), 1L)) {
            cases.add(singleCondition(table, "F", "isin", value, Condition.isIn(List.of(value))));
            cases.add(singleCondition(table, "F", "eq", value, Condition.equalTo(value)));
        }
        for (Object value : List.<Object>of(0x1p64, 0x1p63, 5.0, maxUnsigned, 5L)) {
            cases.add(singleCondition(table, "U", "isin", value, Condition.isIn(List.of(value))));
            cases.add(singleCondition(table, "U", "eq", value, Condition.equalTo(value)));
        }
        assertEqualToPandas(cases);
        // Both sides of the difference are among them.
        assertThat(Query.rowsWhere("F", Condition.equalTo((1L << 53) + 1)).apply(table).rowCount()).isEqualTo(1);
        assertThat(Query.rowsWhere("F", Condition.isIn(List.of((1L << 53) + 1))).apply(table).rowCount()).isZero();
        assertThat(Query.rowsWhere("U", Condition.equalTo(0x1p64)).apply(table).rowCount()).isEqualTo(1);
        assertThat(Query.rowsWhere("U", Condition.isIn(List.of(0x1p64))).apply(table).rowCount()).isZero();
    }

    private static Map<String, Object> singleCondition(Table table, String column, String kind, Object value,
            Condition condition) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("column", column);
        spec.put("negate", false);
        spec.put("kind", kind);
        spec.put("values", List.of(value));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("table", FrameSpecs.spec(table));
        result.put("conditions", List.of(spec));
        result.put("columns", null);
        result.put("java", FrameSpecs.spec(Query.rowsWhere(column, condition).apply(table)));
        return result;
    }

    private static void assertEqualToPandas(List<Map<String, Object>> cases) {
        JsonNode results = peers.pandas22().call("""
                out = []
                for case in args['cases']:
                    df = frame_from_spec(case['table'])
                    mask = pd.Series(True, index=df.index)
                    for cond in case['conditions']:
                        col = df[cond['column']]
                        if cond['kind'] == 'isin':
                            m = col.isin(cond['values'])
                        elif cond['kind'] == 'eq':
                            m = col == cond['values'][0]
                        else:
                            m = col.isna()
                        if cond['negate']:
                            m = ~m
                        mask &= m
                    res = df[mask]
                    if case['columns'] is not None:
                        res = res[case['columns']]
                    out.append(same_frame(res, frame_from_spec(case['java'])))
                result = out
                """, Map.of("cases", cases));

        for (int i = 0; i < cases.size(); i++) {
            assertThat(results.get(i).get("equal").asBoolean())
                    .as("case %d: %s; %s", i, cases.get(i).get("conditions"), results.get(i).get("reason").asText())
                    .isTrue();
        }
    }

    private static Map<String, Object> randomCase(Random random) {
        int rows = random.nextInt(8);
        long[] ints = new long[rows];
        double[] floats = new double[rows];
        String[] strings = new String[rows];
        boolean[] bools = new boolean[rows];
        long[] unsigned = new long[rows];
        // read_csv's True/False column with gaps (Python bools and NaN), with a string now and then
        ObjectColumn.Builder objects = ObjectColumn.builder(dev.bsee.core.BufferAllocator.heap());
        String[] pool = {"A001", "A002", "", "SS003", "ñandú"};
        for (int r = 0; r < rows; r++) {
            // Now and then beyond 2^53, where a long and the double nearest it differ: pandas compares
            // an int64 column with a float in float64.
            ints[r] = random.nextInt(6) == 0 ? List.of(1L << 53, (1L << 53) + 1, Long.MAX_VALUE).get(random.nextInt(3))
                    : random.nextInt(5) - 2;
            floats[r] = switch (random.nextInt(6)) {
                case 0 -> Double.NaN;
                case 1 -> -0.0;
                // Where an integer and the float nearest it differ: isin compares exactly, == in float64.
                case 2 -> random.nextBoolean() ? 0x1p53 : 0x1p64;
                default -> random.nextInt(4) * 0.5;
            };
            strings[r] = random.nextInt(4) == 0 ? null : pool[random.nextInt(pool.length)];
            bools[r] = random.nextBoolean();
            unsigned[r] = List.of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE).get(random.nextInt(5));
            switch (random.nextInt(5)) {
                case 0 -> objects.addMissing();
                case 1 -> objects.add("A001");
                default -> objects.add(random.nextBoolean());
            }
        }
        Table.Builder builder = Table.builder()
                .column("I", Int64Column.of(ints)).column("F", Float64Column.of(floats))
                .column("S", ObjectColumn.of(strings)).column("B", BoolColumn.of(bools))
                .column("O", objects.build()).column("U", UInt64Column.of(unsigned));
        if (random.nextBoolean()) {
            builder.index(new Index.Range(10, 10 + 3L * rows, 3, "row"));
        } else {
            builder.rows(rows);
        }
        Table table = builder.build();

        List<Map<String, Object>> conditions = new ArrayList<>();
        Query query = random.nextBoolean() ? Query.columns("S", "I") : Query.all();
        for (int c = random.nextInt(3); c > 0; c--) {
            String column = List.of("I", "F", "S", "B", "O", "U").get(random.nextInt(6));
            boolean negate = random.nextInt(4) == 0;
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("column", column);
            spec.put("negate", negate);
            Condition condition;
            if (random.nextInt(4) == 0) {
                spec.put("kind", "isna");
                condition = Condition.isMissing();
                spec.put("values", List.of());
            } else {
                List<Object> values = new ArrayList<>();
                for (int v = random.nextInt(4); v > 0; v--) {
                    values.add(switch (column) {
                        case "I" -> random.nextInt(6) == 0 ? (Object) random.nextBoolean()
                                : random.nextInt(6) == 0 ? List.<Object>of(0x1p53, (1L << 53) + 1, 0x1p63).get(random.nextInt(3))
                                : random.nextBoolean() ? (Object) (long) (random.nextInt(5) - 2) : (Object) (random.nextInt(5) - 2.0);
                        case "F" -> random.nextInt(6) == 0 ? (Object) random.nextBoolean()
                                : random.nextInt(4) == 0 ? List.<Object>of(1L << 53, (1L << 53) + 1,
                                        java.math.BigInteger.TWO.pow(64), java.math.BigInteger.TWO.pow(64).subtract(java.math.BigInteger.ONE))
                                        .get(random.nextInt(4))
                                : random.nextInt(5) == 0 ? (Object) Double.NaN : (Object) (random.nextInt(4) * 0.5);
                        // pandas compares booleans with numbers as 1 and 0.
                        case "B" -> List.<Object>of(true, false, 0L, 1L, 1.0, 2L, 0.5).get(random.nextInt(7));
                        // Python bools equal 1 and 0 in an object column too; "True" is text.
                        case "O" -> List.<Object>of(true, false, 1L, 0L, 1.0, 2L, "A001", "True", Double.NaN)
                                .get(random.nextInt(9));
                        // uint64 compares exactly: 2**64 - 1 is not 2.0**64, and -1 matches nothing.
                        case "U" -> List.<Object>of(0L, 1L, -1L, true, 1.0, Long.MAX_VALUE, 0x1p63, 0x1p64,
                                new java.math.BigInteger("18446744073709551615"), new java.math.BigInteger("9223372036854775808"))
                                .get(random.nextInt(10));
                        // A missing text is read_csv's NaN, which isin([nan]) keeps.
                        default -> random.nextInt(5) == 0 ? (Object) Double.NaN : pool[random.nextInt(pool.length)];
                    });
                }
                if (values.size() == 1 && random.nextBoolean()) {
                    // pandas' == keeps no row for NaN, where isin([nan]) keeps the missing ones.
                    spec.put("kind", "eq");
                    condition = Condition.equalTo(values.getFirst());
                } else {
                    spec.put("kind", "isin");
                    condition = Condition.isIn(Set.copyOf(new java.util.HashSet<>(values)));
                }
                spec.put("values", values);
            }
            conditions.add(spec);
            query = query.where(column, negate ? condition.negate() : condition);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("table", FrameSpecs.spec(table));
        result.put("conditions", conditions);
        result.put("columns", query.selectedColumns().orElse(null));
        result.put("java", FrameSpecs.spec(query.apply(table)));
        return result;
    }
}
