package dev.bsee.testkit;

import dev.bsee.core.Int64Column;
import dev.bsee.core.Table;
import dev.bsee.core.TableLayout;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCases;
import net.jqwik.api.Example;
import net.jqwik.api.Shrinkable;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/// Failing examples shrink to small, still valid values, as jqwik would report them; edge cases are
/// the ones a tester expects.
class ShrinkingTest {

    private static final int GEN_SIZE = 1000;

    /// Generates until `falsifier` fails, then takes the first shrink candidate that still fails
    /// until none does: what jqwik's shrinker does, greedily.
    private static <T> T shrinkToMinimal(Arbitrary<T> arbitrary, Predicate<T> falsifier) {
        Random random = new Random(20240303L);
        Shrinkable<T> current = null;
        for (int attempt = 0; attempt < 10_000 && current == null; attempt++) {
            Shrinkable<T> candidate = arbitrary.generator(GEN_SIZE).next(random);
            if (falsifier.test(candidate.value())) {
                current = candidate;
            }
        }
        assertThat(current).as("an example that fails").isNotNull();
        for (int step = 0; step < 10_000; step++) {
            Optional<Shrinkable<T>> smaller = current.shrink().filter(s -> falsifier.test(s.value())).findFirst();
            if (smaller.isEmpty()) {
                return current.value();
            }
            current = smaller.get();
        }
        throw new AssertionError("shrinking did not end");
    }

    @Example
    void aProductionTableWithAHighVolumeShrinksToOneRowWithTheSmallestSuchVolume() {
        Table minimal = shrinkToMinimal(BseeArbitraries.productionTables(), table -> {
            Int64Column oil = (Int64Column) table.column("MON_O_PROD_VOL");
            return IntStream.range(0, table.rowCount()).anyMatch(row -> oil.get(row) > 1_000);
        });
        assertThat(minimal.rowCount()).isEqualTo(1);
        assertThat(((Int64Column) minimal.column("MON_O_PROD_VOL")).get(0)).isEqualTo(1_001);
        assertThat(minimal.column("LEASE_NUMBER").format(0)).matches("G\\d{5}|OCS-G \\d{4}");
        assertThat(minimal.column("API_WELL_NUMBER").format(0)).hasSize(12);
    }

    @Example
    void aTableNeedingThreeRowsShrinksToExactlyThree() {
        Table minimal = shrinkToMinimal(BseeArbitraries.warRemarkTables(), table -> table.rowCount() >= 3);
        assertThat(minimal.rowCount()).isEqualTo(3);
    }

    @Example
    void aMultiLineRemarkShrinksToTwoShortParagraphs() {
        String minimal = shrinkToMinimal(BseeArbitraries.remarks(), remark -> remark.contains("\n"));
        assertThat(minimal.split("\r?\n")).hasSize(2).allMatch(paragraph -> !paragraph.isBlank());
        assertThat(minimal).doesNotContain("\n\n", "\r\n\r\n");
    }

    @Example
    void csvTextWithAMissingProductionValueShrinksToOneRecord() {
        String minimal = shrinkToMinimal(BseeArbitraries.csvText(TableLayout.columnNames(List.of("A", "B", "C"))),
                text -> QuotedCsv.records(text).stream().flatMap(List::stream).anyMatch(String::isEmpty));
        List<List<String>> records = QuotedCsv.records(minimal);
        assertThat(records).hasSize(1);
        assertThat(records.getFirst()).hasSize(3).contains("");
    }

    @Example
    void edgeCasesIncludeTheBoundsAndStayValid() {
        List<Long> volumes = values(BseeArbitraries.volumes().edgeCases());
        assertThat(volumes).contains(0L, 999_999_999L).allMatch(v -> v >= 0 && v <= 999_999_999L);
        List<Long> keys = values(BseeArbitraries.surrogateKeys().edgeCases());
        assertThat(keys).contains(-1L, -999_999L).allMatch(k -> k < 0);
        assertThat(values(BseeArbitraries.apiWellNumbers().edgeCases()))
                .isNotEmpty().allMatch(api -> api.matches("(17|42|60|61)\\d{10}"));
        List<Table> tables = values(BseeArbitraries.productionTables().edgeCases());
        assertThat(tables).as("the smallest tables").isNotEmpty().allMatch(table -> table.rowCount() == 1)
                .allMatch(table -> table.columnCount() == 19);
    }

    private static <T> List<T> values(EdgeCases<T> edgeCases) {
        return StreamSupport.stream(edgeCases.spliterator(), false).map(Shrinkable::value).toList();
    }
}
