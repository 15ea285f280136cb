package dev.bsee.testkit;

import dev.bsee.core.SourceCatalog;
import dev.bsee.core.Table;
import dev.bsee.core.TableLayout;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/// jqwik arbitraries for data shaped like the BSEE raw-data downloads: single values (API well
/// numbers, lease numbers, dates as BSEE writes them, volumes, surrogate keys, multi-line remarks),
/// whole [Table]s as `pandas.read_csv` reads the published files, and BSEE-style CSV text.
///
/// The tables carry the dtypes pandas infers from the text: a column of whole numbers is `int64`,
/// and `float64` with NaN as soon as one value is missing; a text column is `object`, and an
/// all-missing one is `float64`. So code that works on these tables works on what the SDK writes and
/// on the `.bin` files the Python system wrote. Every table has 1 to 25 rows and shrinks towards
/// fewer rows and simpler values.
///
/// A property a downstream team writes, here checking that totals per well add up (it runs as
/// `DownstreamExampleProperties` in this module's tests):
///
/// ```java
/// class OilTotalsProperties {
///
///     @Property(tries = 200)
///     void wellTotalsAddUpToTheTableTotal(@ForAll("production") Table production) {
///         Map<Long, Long> perWell = OilTotals.byWell(production);
///
///         long tableTotal = 0;
///         Int64Column oil = (Int64Column) production.column("MON_O_PROD_VOL");
///         for (int row = 0; row < production.rowCount(); row++) {
///             tableTotal += oil.get(row);
///         }
///         assertThat(perWell.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(tableTotal);
///     }
///
///     @Provide
///     Arbitrary<Table> production() {
///         return BseeArbitraries.productionTables();
///     }
/// }
/// ```
///
/// To test a parser against what BSEE publishes, render a table with [BseeCsv#format(Table, TableLayout)]
/// and compare what the parser reads with the table itself.
public final class BseeArbitraries {

    private static final DateTimeFormatter BSEE_DATE_TIME = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);
    private static final DateTimeFormatter COMPACT_DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final LocalDate FIRST_DAY = LocalDate.of(1947, 1, 1);
    private static final LocalDate LAST_DAY = LocalDate.of(2025, 12, 31);
    private static final long LARGEST_VOLUME = 999_999_999L;
    private static final int MAX_ROWS = 25;

    private static final List<String> AREA_CODES = List.of(
            "AT", "EB", "EC", "EI", "EW", "GA", "GB", "GC", "GI", "HI", "KC", "MC", "MI", "MP", "MU",
            "PL", "SA", "SM", "SP", "SS", "ST", "VK", "VR", "WC", "WD", "WR");
    private static final List<String> OPERATORS = List.of(
            "COX OPERATING LLC", "RENAISSANCE OFFSHORE LLC", "WALTER OIL & GAS CORPORATION", "SHELL OFFSHORE INC.",
            "TALOS ENERGY OFFSHORE LLC", "W & T OFFSHORE INC", "ARENA OFFSHORE LP", "FIELDWOOD ENERGY, LLC",
            "BP EXPLORATION & PRODUCTION INC.", "CHEVRON U.S.A. INC.", "LLOG EXPLORATION OFFSHORE, L.L.C.");
    private static final List<String> RIGS = List.of(
            "ENSCO 8503", "DIAMOND OCEAN BLACKHAWK", "NOBLE GLOBETROTTER II", "TRANSOCEAN DEEPWATER ASGARD",
            "VALARIS DS-16", "PLATFORM RIG 23", "HERCULES 264", "NABORS MODS 201");
    private static final List<String> REMARK_SENTENCES = List.of(
            "Ran 9-5/8\" casing to 13,500 ft MD.",
            "Tested BOP rams to 250 psi low / 7,500 psi high, good tests.",
            "Pumped 450 bbls of 14.2 ppg \"TAIL\" cement; full returns.",
            "Waited on weather; wind 35 kts, seas 12 ft.",
            "Drilled 12-1/4\" hole from 10,210' to 11,034'.",
            "Set \"RTTS\" packer at 9,870 ft and tested annulus, OK.",
            "POOH, laid down BHA #4.",
            "Displaced well to 10.8 ppg SBM.",
            "Per BSEE approval dated 3/3/2024, proceed with sidetrack.",
            "Circulated bottoms up; no gas observed.");

    private BseeArbitraries() {
    }

    /// API well numbers as BSEE writes them: 12 digits, a state code (`17`, `42`, `60`, `61`), a
    /// three-digit county or area code, a five-digit well number and a two-digit sidetrack code,
    /// e.g. `608174133800`.
    ///
    /// @return the arbitrary
    public static Arbitrary<String> apiWellNumbers() {
        return Combinators.combine(
                        Arbitraries.of("17", "42", "60", "61"),
                        Arbitraries.integers().between(700, 820),
                        Arbitraries.integers().between(1, 99_999),
                        Arbitraries.frequency(Tuple.of(8, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(1, 3)))
                .as((state, area, well, sidetrack) -> String.format(Locale.ROOT, "%s%03d%05d%02d", state, area, well, sidetrack));
    }

    /// Lease numbers: `G` and five digits (`G12345`), mostly, or the long form `OCS-G 1234`.
    ///
    /// @return the arbitrary
    public static Arbitrary<String> leaseNumbers() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(1, 39_999).map(n -> String.format(Locale.ROOT, "G%05d", n))),
                Tuple.of(1, Arbitraries.integers().between(1, 9_999).map(n -> String.format(Locale.ROOT, "OCS-G %04d", n))));
    }

    /// Dates and times as the well and WAR files write them, e.g. `3/3/2024 12:01:00 AM`, between
    /// 1947 and 2025; most are midnight, as most BSEE dates carry no time.
    ///
    /// @return the arbitrary
    public static Arbitrary<String> bseeDates() {
        Arbitrary<Integer> secondOfDay = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(0, 86_399)));
        return Combinators.combine(days(), secondOfDay)
                .as((day, second) -> LocalDateTime.of(day, java.time.LocalTime.ofSecondOfDay(second)).format(BSEE_DATE_TIME));
    }

    /// Dates as the production files write them, `yyyyMMdd` (e.g. `19720331`).
    ///
    /// @return the arbitrary
    public static Arbitrary<String> compactDates() {
        return days().map(COMPACT_DATE::format);
    }

    /// Production months, `yyyyMM` (e.g. `202401`), from 1947 to 2025.
    ///
    /// @return the arbitrary
    public static Arbitrary<String> productionMonths() {
        return Combinators.combine(Arbitraries.integers().between(1947, 2025), Arbitraries.integers().between(1, 12))
                .as((year, month) -> String.format(Locale.ROOT, "%04d%02d", year, month));
    }

    /// Monthly volumes (barrels, thousand cubic feet) as the production files hold them: whole,
    /// non-negative, at most nine digits, often zero.
    ///
    /// @return the arbitrary
    public static Arbitrary<Long> volumes() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0L)),
                Tuple.of(3, Arbitraries.longs().between(0, LARGEST_VOLUME)));
    }

    /// Surrogate keys of the eWell tables (`SN_WAR`, `SN_EOR`, ...): negative numbers such as `-407200`.
    ///
    /// @return the arbitrary
    public static Arbitrary<Long> surrogateKeys() {
        return Arbitraries.longs().between(-999_999, -1);
    }

    /// Free-text remarks like the WAR `TEXT_REMARK` column: one to three paragraphs separated by line
    /// breaks (`\r\n` or `\n`), with commas, inch marks (`9-5/8"`) and quoted words.
    ///
    /// @return the arbitrary
    public static Arbitrary<String> remarks() {
        Arbitrary<String> paragraph = Arbitraries.of(REMARK_SENTENCES).list().ofMinSize(1).ofMaxSize(3)
                .map(sentences -> String.join(" ", sentences));
        Arbitrary<String> lineBreak = Arbitraries.of("\r\n", "\n", "\r\n\r\n");
        return Combinators.combine(paragraph.list().ofMinSize(1).ofMaxSize(3), lineBreak)
                .as((paragraphs, separator) -> String.join(separator, paragraphs));
    }

    /// Tables shaped like `mv_apddata_all.txt` of the well (APD) source: its 26 columns in order.
    /// `API_WELL_NUMBER`, `MMS_COMPANY_NUM` and `DISTRICT_CODE` are `int64`; the distances, block
    /// numbers, water depth and rig id are whole numbers with missing values (so `float64` when one
    /// is missing); coordinates are `float64`; names, codes, leases and the `APD_RECEIVED_DT` /
    /// `APD_APRV_DATE` date strings are `object`.
    ///
    /// @return the arbitrary
    public static Arbitrary<Table> wellTables() {
        return TableShape.of(List.of(
                ColumnSpec.integer("API_WELL_NUMBER", apiWellNumbers().map(Long::parseLong)),
                ColumnSpec.integer("MMS_COMPANY_NUM", operatorNumbers()),
                ColumnSpec.text("BUS_ASC_NAME", Arbitraries.of(OPERATORS)),
                ColumnSpec.text("BOTM_AREA_CODE", Arbitraries.of(AREA_CODES)),
                ColumnSpec.integer("BOTM_BLOCK_NUM", blocks().injectNull(0.1)),
                ColumnSpec.text("BOTM_LEASE_NUM", leaseNumbers().injectNull(0.1)),
                ColumnSpec.integer("DISTRICT_CODE", Arbitraries.longs().between(1, 5)),
                ColumnSpec.text("APD_RECEIVED_DT", bseeDates()),
                ColumnSpec.integer("SURF_N_S_DIST", Arbitraries.longs().between(0, 9_999).injectNull(0.2)),
                ColumnSpec.text("SURF_N_S_CODE", Arbitraries.of("N", "S").injectNull(0.2)),
                ColumnSpec.integer("SURF_E_W_DIST", Arbitraries.longs().between(0, 9_999).injectNull(0.2)),
                ColumnSpec.text("SURF_E_W_CODE", Arbitraries.of("E", "W").injectNull(0.2)),
                ColumnSpec.text("SURF_AREA_CODE", Arbitraries.of(AREA_CODES)),
                ColumnSpec.integer("SURF_BLOCK_NUM", blocks()),
                ColumnSpec.text("SURF_LEASE_NUM", leaseNumbers()),
                ColumnSpec.text("WELL_NAME", wellNames()),
                ColumnSpec.text("WELL_NAME_SFIX", Arbitraries.of("BP01", "ST01BP00", "ST02BP01").injectNull(0.7)),
                ColumnSpec.integer("WATER_DEPTH", Arbitraries.longs().between(5, 10_500).injectNull(0.1)),
                ColumnSpec.integer("RIG_ID_NUM", Arbitraries.longs().between(1, 99_999).injectNull(0.3)),
                ColumnSpec.text("RIG_NAME", Arbitraries.of(RIGS).injectNull(0.3)),
                ColumnSpec.decimal("SURF_X_COORD_LOC", decimals(-2_000_000, 4_000_000, 2).injectNull(0.1)),
                ColumnSpec.decimal("SURF_Y_COORD_LOC", decimals(-1_000_000, 2_000_000, 2).injectNull(0.1)),
                ColumnSpec.decimal("SURF_LATITUDE", decimals(25, 31, 8)),
                ColumnSpec.decimal("SURF_LONGITUDE", decimals(-98, -84, 8)),
                ColumnSpec.text("APD_APRV_DATE", bseeDates().injectNull(0.2)),
                ColumnSpec.text("REGION_CODE", Arbitraries.of("G", "P"))), MAX_ROWS);
    }

    /// Tables shaped like the production files (`ogora*delimit.txt`) as pandas reads them with the
    /// 19 column names of [SourceCatalog#PRODUCTION_COLUMNS]: `PRODUCTION_DATE`, `DAYS_ON_PROD`,
    /// the volumes, `API_WELL_NUMBER`, `WELL_STAT_CD` and `OPERATOR_NUM` are `int64`;
    /// `FIRST_PROD_DATE` (`yyyyMMdd`) and `UNIT_AGT_NUMBER` are whole numbers with missing values;
    /// `UNIT_ALOC_SUFFIX` is mostly missing; the rest is `object`, e.g. `COMPLETION_NAME` with its
    /// leading space (`" A003"`) and `AREA_CODE_BLOCK_NUM` like `"SS  243"`.
    ///
    /// @return the arbitrary
    public static Arbitrary<Table> productionTables() {
        List<String> names = SourceCatalog.PRODUCTION_COLUMNS;
        return TableShape.of(List.of(
                ColumnSpec.text(names.get(0), leaseNumbers()),
                ColumnSpec.text(names.get(1), completionNames()),
                ColumnSpec.integer(names.get(2), productionMonths().map(Long::parseLong)),
                ColumnSpec.integer(names.get(3), Arbitraries.longs().between(0, 31)),
                ColumnSpec.text(names.get(4), Arbitraries.of("O", "G", "U", "S")),
                ColumnSpec.integer(names.get(5), volumes()),
                ColumnSpec.integer(names.get(6), volumes()),
                ColumnSpec.integer(names.get(7), volumes()),
                ColumnSpec.integer(names.get(8), apiWellNumbers().map(Long::parseLong)),
                ColumnSpec.integer(names.get(9), Arbitraries.longs().between(1, 14)),
                ColumnSpec.text(names.get(10), areaBlocks()),
                ColumnSpec.integer(names.get(11), operatorNumbers()),
                ColumnSpec.text(names.get(12), Arbitraries.of(OPERATORS)),
                ColumnSpec.text(names.get(13), Combinators.combine(Arbitraries.of(AREA_CODES), Arbitraries.integers().between(1, 999))
                        .as((area, block) -> String.format(Locale.ROOT, "%s%03d", area, block))),
                ColumnSpec.integer(names.get(14), volumes()),
                ColumnSpec.text(names.get(15), Combinators.combine(Arbitraries.of("S", "Q", "X"), Arbitraries.integers().between(1, 64))
                        .as((kind, n) -> String.format(Locale.ROOT, "%s%02d", kind, n))),
                ColumnSpec.integer(names.get(16), compactDates().map(Long::parseLong).injectNull(0.3)),
                ColumnSpec.integer(names.get(17), Arbitraries.longs().between(754_300_000, 754_399_999).injectNull(0.6)),
                ColumnSpec.text(names.get(18), Arbitraries.of("A", "B", "D").injectNull(0.6))), MAX_ROWS);
    }

    /// Tables shaped like the WAR `mv_war_main_prop_remark.txt`: `SN_WAR` (negative surrogate keys,
    /// `int64`) and `TEXT_REMARK` (multi-line remarks, sometimes missing).
    ///
    /// @return the arbitrary
    public static Arbitrary<Table> warRemarkTables() {
        return TableShape.of(List.of(
                ColumnSpec.integer("SN_WAR", surrogateKeys()),
                ColumnSpec.text("TEXT_REMARK", remarks().injectNull(0.1))), MAX_ROWS);
    }

    /// BSEE-style CSV text in `layout`: every field quoted (`"..."`, quotes doubled inside), records
    /// ending in `\r\n` (or `\n`, as some entries do), empty quoted fields for missing values.
    ///
    /// With [TableLayout#headerRow()] the text starts with a header of 1 to 8 distinct BSEE-like
    /// column names and has 0 to 20 records; with [TableLayout#columnNames(List)] there is no header,
    /// each record has one field per name and there are 1 to 20 records, like the production files.
    /// Each column holds one kind of value (zero-padded or plain whole numbers, decimals, negative
    /// keys, API numbers, leases, dates, short codes, multi-line remarks), some columns mix numbers
    /// with text, and some are empty in every record.
    ///
    /// @param layout header row or headerless
    /// @return the arbitrary
    public static Arbitrary<String> csvText(TableLayout layout) {
        return CsvTextShape.of(java.util.Objects.requireNonNull(layout, "layout"));
    }

    static Arbitrary<LocalDate> days() {
        return Arbitraries.longs().between(FIRST_DAY.toEpochDay(), LAST_DAY.toEpochDay()).map(LocalDate::ofEpochDay);
    }

    static Arbitrary<Long> operatorNumbers() {
        return Arbitraries.longs().between(1, 3_999);
    }

    static Arbitrary<Long> blocks() {
        return Arbitraries.longs().between(1, 999);
    }

    static Arbitrary<String> wellNames() {
        return Combinators.combine(Arbitraries.of("", "A", "B", "SS", "JA"), Arbitraries.integers().between(1, 999))
                .as((prefix, number) -> (prefix.isEmpty() ? "W" : prefix) + String.format(Locale.ROOT, "%03d", number));
    }

    static Arbitrary<String> completionNames() {
        return Combinators.combine(Arbitraries.of("A", "B", "C", "D", "E", "H", "S"), Arbitraries.integers().between(1, 99),
                        Arbitraries.of("", "D", "Q", "Z"))
                .as((platform, number, suffix) -> String.format(Locale.ROOT, " %s%03d%s", platform, number, suffix));
    }

    static Arbitrary<String> areaBlocks() {
        return Combinators.combine(Arbitraries.of(AREA_CODES), Arbitraries.integers().between(1, 999))
                .as((area, block) -> String.format(Locale.ROOT, "%-3s%4d", area, block));
    }

    static Arbitrary<String> operatorNames() {
        return Arbitraries.of(OPERATORS);
    }

    static Arbitrary<Double> decimals(long min, long max, int scale) {
        return Arbitraries.bigDecimals().between(BigDecimal.valueOf(min), BigDecimal.valueOf(max)).ofScale(scale)
                .map(BigDecimal::doubleValue);
    }
}
