package dev.bsee.testkit;

import dev.bsee.core.TableLayout;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/// Generates BSEE-style CSV text: columns of one kind of value each, rows of quoted fields.
final class CsvTextShape {

    private static final int MAX_COLUMNS = 8;
    private static final int MAX_RECORDS = 20;
    private static final double MISSING = 0.15;

    private static final List<String> HEADER_NAMES = List.of(
            "API_WELL_NUMBER", "SN_WAR", "SN_EOR", "LEASE_NUMBER", "WELL_NAME", "TEXT_REMARK", "WATER_DEPTH",
            "SURF_LATITUDE", "BOP_TEST_DATE", "RIG_NAME", "MMS_COMPANY_NUM", "BOTM_LEASE_NUM", "COMP_STATUS_CD",
            "RAM_TST_PRSS", "WAR_START_DT", "INTERVAL", "MON_O_PROD_VOL", "UNIT_ALOC_SUFFIX", "BUS_ASC_NAME");

    /// What one column of the text holds.
    enum CellKind {
        PADDED_VOLUME, PLAIN_NUMBER, DECIMAL, SURROGATE_KEY, API_NUMBER, LEASE, DATE, COMPACT_DATE, CODE, NAME,
        REMARK, NUMBERS_AND_LETTERS, ALWAYS_EMPTY;

        Arbitrary<String> cells() {
            Arbitrary<String> values = switch (this) {
                case PADDED_VOLUME -> BseeArbitraries.volumes().map(v -> String.format(Locale.ROOT, "%09d", v));
                case PLAIN_NUMBER -> Arbitraries.longs().between(-1_000_000, 1_000_000_000_000L).map(String::valueOf);
                case DECIMAL -> BseeArbitraries.decimals(-180, 180, 8).map(String::valueOf);
                case SURROGATE_KEY -> BseeArbitraries.surrogateKeys().map(String::valueOf);
                case API_NUMBER -> BseeArbitraries.apiWellNumbers();
                case LEASE -> Arbitraries.oneOf(BseeArbitraries.leaseNumbers(),
                        Arbitraries.integers().between(1, 99_999).map(n -> String.format(Locale.ROOT, " %05d", n)));
                case DATE -> BseeArbitraries.bseeDates();
                case COMPACT_DATE -> BseeArbitraries.compactDates();
                case CODE -> Arbitraries.of("O", "G", "U", "S", "OSI", "POW", "N", "E");
                case NAME -> BseeArbitraries.operatorNames();
                case REMARK -> BseeArbitraries.remarks();
                case NUMBERS_AND_LETTERS -> Arbitraries.of("0", "A", "B", "D", "12");
                case ALWAYS_EMPTY -> Arbitraries.just("");
            };
            return this == ALWAYS_EMPTY ? values : values.injectNull(MISSING).map(value -> value == null ? "" : value);
        }
    }

    /// A column: its header name and kind.
    record TextColumn(String name, CellKind kind) {
    }

    private CsvTextShape() {
    }

    static Arbitrary<String> of(TableLayout layout) {
        boolean header = !(layout instanceof TableLayout.ColumnNames);
        Arbitrary<List<TextColumn>> columns = switch (layout) {
            case TableLayout.ColumnNames names -> kinds().list().ofSize(names.names().size())
                    .map(kinds -> kinds.stream().map(kind -> new TextColumn("", kind)).toList());
            case TableLayout.HeaderRow ignored -> Combinators.combine(Arbitraries.of(HEADER_NAMES), kinds())
                    .as(TextColumn::new).list().ofMinSize(1).ofMaxSize(MAX_COLUMNS).uniqueElements(TextColumn::name);
        };
        Arbitrary<String> lineEnd = Arbitraries.frequency(Tuple.of(3, "\r\n"), Tuple.of(1, "\n"));
        return Combinators.combine(columns, lineEnd).flatAs((cols, end) -> {
            Arbitrary<List<String>> record = Combinators.combine(cols.stream().map(c -> c.kind().cells()).toList())
                    .as(List::copyOf);
            return record.list().ofMinSize(header ? 0 : 1).ofMaxSize(MAX_RECORDS)
                    .map(records -> render(header ? cols.stream().map(TextColumn::name).toList() : List.of(), records, end));
        });
    }

    /// Column kinds, remarks more often than the others: they are what breaks naive readers.
    private static Arbitrary<CellKind> kinds() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(CellKind.REMARK)), Tuple.of(12, Arbitraries.of(CellKind.class)));
    }

    static String render(List<String> header, List<List<String>> records, String lineEnd) {
        List<List<String>> lines = new ArrayList<>();
        if (!header.isEmpty()) {
            lines.add(header);
        }
        lines.addAll(records);
        StringBuilder text = new StringBuilder();
        for (List<String> line : lines) {
            text.append(String.join(",", line.stream().map(BseeCsv::quote).toList())).append(lineEnd);
        }
        return text.toString();
    }
}
