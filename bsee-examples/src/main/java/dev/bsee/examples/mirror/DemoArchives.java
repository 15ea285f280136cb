package dev.bsee.examples.mirror;

import dev.bsee.core.SourceCatalog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Year;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/// Small archives shaped like the BSEE downloads, generated deterministically (the same bytes on
/// every run), for the demo mirror, the examples and tests.
///
/// | source | archive | entries |
/// | --- | --- | --- |
/// | `well` | `APDRawData.zip` | `mv_apddata_all.txt` (its 26 columns), `mv_apd_main_all.txt` (the first five of its 66 columns) |
/// | `production` | `ProductionRawData.zip` | `ProductionRawData/mv_productiondata.txt`: no header, the 19 production columns, 2023 and 2024 |
/// | `war` | `eWellWARRawData.zip` | eight `mv_war_*.txt` entries in an `eWellWARRawData/` folder |
/// | every other catalog source | its archive, at its path | the catalog's expected entries, generated ([CatalogArchives]) |
/// | `ogora` | `ogora{YYYY}delimit.zip` from 1996 to this year, `ogoradelimit.zip` | one headerless production entry each |
///
/// Entry names and header rows are those recorded from the real downloads, except the WAR entries
/// other than `mv_war_main` and `mv_war_main_prop_remark`, whose columns are representative. Values
/// are generated: every field quoted, records ending in `\r\n`, dates like `3/3/2024 12:01:00 AM`,
/// negative surrogate keys, multi-line remarks with doubled quotes, leading spaces kept
/// (`" A003"`), missing values as empty fields, volumes as nine zero-padded digits. The same 40
/// wells appear in all three sources; [#SAMPLE_WELL] is one of them.
public final class DemoArchives {

    /// An API well number present in every demo source.
    public static final String SAMPLE_WELL = DemoValues.WELLS.getFirst().api();

    /// When the demo archives were "published": their Last-Modified and zip entry times.
    public static final Instant PUBLISHED = Instant.parse("2025-04-17T09:30:00Z");

    private static final int APD_ROWS = 240;
    private static final int PRODUCTION_ROWS = 600;
    private static final int WAR_ROWS = 160;

    private static volatile List<Archive> archives;

    private DemoArchives() {
    }

    /// One data entry of a demo archive.
    ///
    /// @param name the entry name in the archive, folders included
    /// @param header the header row, or empty for a headerless entry
    /// @param rows the number of records (not counting the header)
    public record Entry(String name, List<String> header, int rows) {
        /// Copies the header.
        public Entry {
            header = List.copyOf(header);
        }

        /// The entry's file name without folders, e.g. `mv_war_main.txt`.
        ///
        /// @return the base name
        public String baseName() {
            return name.substring(name.lastIndexOf('/') + 1);
        }
    }

    /// A demo archive: which source it stands for, where the real site publishes it, its entries
    /// and its bytes.
    ///
    /// @param sourceId the source id (`well`, `production`, `war`)
    /// @param path the URL path of the real download, e.g. `/Well/Files/APDRawData.zip`
    /// @param entries the data entries in archive order
    /// @param zip the archive's bytes (do not modify)
    public record Archive(String sourceId, String path, List<Entry> entries, byte[] zip) {
        /// Copies the entries.
        public Archive {
            entries = List.copyOf(entries);
        }

        /// The archive's file name, e.g. `APDRawData.zip`.
        ///
        /// @return the file name
        public String fileName() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /// Every demo archive, generated on first use: the three above, then one per other catalog
    /// source and one per year of the yearly production series ([CatalogArchives]).
    ///
    /// @return the archives
    public static List<Archive> all() {
        List<Archive> result = archives;
        if (result == null) {
            synchronized (DemoArchives.class) {
                result = archives;
                if (result == null) {
                    result = generate();
                    archives = result;
                }
            }
        }
        return result;
    }

    static List<Archive> generate() {
        List<Archive> all = new ArrayList<>(List.of(well(), production(), war()));
        all.addAll(CatalogArchives.generate(SourceCatalog.of(), Year.now(ZoneOffset.UTC).getValue(),
                Set.of("apd", "production_raw", "war")));
        return List.copyOf(all);
    }

    /// The demo archive of a source.
    ///
    /// @param sourceId `well`, `production`, `war` or another catalog id (the first archive of a series)
    /// @return the archive
    /// @throws NoSuchElementException for another id
    public static Archive of(String sourceId) {
        return all().stream().filter(a -> a.sourceId().equals(sourceId)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no demo archive for source " + sourceId
                        + "; there are well, production, war and the other catalog ids"));
    }

    private static Archive well() {
        ArchiveBuilder zip = new ArchiveBuilder("well", "/Well/Files/APDRawData.zip");
        zip.add("mv_apddata_all.txt", List.of("API_WELL_NUMBER", "MMS_COMPANY_NUM", "BUS_ASC_NAME", "BOTM_AREA_CODE",
                "BOTM_BLOCK_NUM", "BOTM_LEASE_NUM", "DISTRICT_CODE", "APD_RECEIVED_DT", "SURF_N_S_DIST", "SURF_N_S_CODE",
                "SURF_E_W_DIST", "SURF_E_W_CODE", "SURF_AREA_CODE", "SURF_BLOCK_NUM", "SURF_LEASE_NUM", "WELL_NAME",
                "WELL_NAME_SFIX", "WATER_DEPTH", "RIG_ID_NUM", "RIG_NAME", "SURF_X_COORD_LOC", "SURF_Y_COORD_LOC",
                "SURF_LATITUDE", "SURF_LONGITUDE", "APD_APRV_DATE", "REGION_CODE"), APD_ROWS, values -> row -> {
                    DemoValues.Well well = values.well(row);
                    return List.of(well.api(), String.format(Locale.ROOT, "%05d", well.operatorNumber()), well.operator(),
                            well.area(), Integer.toString(well.block()), well.lease(), Integer.toString(values.between(1, 5)),
                            values.dateTime(2010, 2024), values.orEmpty(Integer.toString(values.between(100, 8000)), 0.1),
                            values.orEmpty(values.chance(0.5) ? "N" : "S", 0.1),
                            values.orEmpty(Integer.toString(values.between(100, 8000)), 0.1),
                            values.orEmpty(values.chance(0.5) ? "E" : "W", 0.1), well.area(), Integer.toString(well.block()),
                            well.lease(), well.name(), values.orEmpty("ST0" + values.between(1, 3) + "BP00", 0.7),
                            Integer.toString(values.between(10, 9_800)), values.orEmpty(Integer.toString(values.between(1, 99_999)), 0.3),
                            values.orEmpty(values.rig(), 0.3), values.decimal(1_000_000, 3_900_000, 2),
                            values.decimal(-100_000, 900_000, 2), values.decimal(26, 30, 8), values.decimal(-96, -86, 8),
                            values.orEmpty(values.dateTime(2010, 2024), 0.2), "G");
                });
        zip.add("mv_apd_main_all.txt", List.of("SN_APD", "API_WELL_NUMBER", "MMS_COMPANY_NUM", "KICKOFF_POINT_MD", "WELL_NAME"),
                APD_ROWS, values -> row -> {
                    DemoValues.Well well = values.well(row);
                    return List.of(DemoValues.key(300_000, row), well.api(), String.format(Locale.ROOT, "%05d", well.operatorNumber()),
                            values.orEmpty(Integer.toString(values.between(500, 12_000)), 0.4), well.name());
                });
        return zip.build();
    }

    private static Archive production() {
        // One entry in a folder, as the real *RawData.zip archives and the catalog have it: two years
        // of records, 2023 then 2024.
        ArchiveBuilder zip = new ArchiveBuilder("production", "/Production/Files/ProductionRawData.zip");
        zip.folder("ProductionRawData/");
        zip.add("ProductionRawData/mv_productiondata.txt", List.of(), 2 * PRODUCTION_ROWS, values -> {
            IntFunction<List<String>> first = productionRow(values, 2023);
            IntFunction<List<String>> second = productionRow(values, 2024);
            return row -> row < PRODUCTION_ROWS ? first.apply(row) : second.apply(row);
        });
        return zip.build();
    }

    /// One record of the 19 production columns for `year`, as OGOR-A publishes them.
    static IntFunction<List<String>> productionRow(DemoValues values, int year) {
        return row -> {
            DemoValues.Well well = values.well(row);
            boolean producing = values.chance(0.7);
            String product = producing ? (values.chance(0.6) ? "O" : "G") : "U";
            String unit = values.chance(0.3) ? Integer.toString(754_300_000 + values.between(0, 99_999)) : "";
            return List.of(
                    row % 50 == 0 ? " 00016" : well.lease(),
                    String.format(Locale.ROOT, " %s%03d%s", row % 3 == 0 ? "A" : "E", 1 + row % 40, row % 11 == 0 ? "D" : ""),
                    String.format(Locale.ROOT, "%d%02d", year, 1 + row % 12),
                    String.format(Locale.ROOT, "%02d", producing ? values.between(1, 31) : 0), product,
                    volume(values, producing), volume(values, producing), volume(values, producing), well.api(),
                    String.format(Locale.ROOT, "%02d", values.between(1, 14)),
                    String.format(Locale.ROOT, "%-3s%4d", well.area(), well.block()),
                    String.format(Locale.ROOT, "%05d", well.operatorNumber()), well.operator(),
                    String.format(Locale.ROOT, "%s%03d", well.area(), well.block()), "000000000",
                    String.format(Locale.ROOT, "S%02d", values.between(1, 9)),
                    values.orEmpty(values.compactDate(1965, 2022), 0.25), unit,
                    unit.isEmpty() ? "" : (values.chance(0.5) ? "0" : "A"));
        };
    }

    private static String volume(DemoValues values, boolean producing) {
        return String.format(Locale.ROOT, "%09d", producing ? values.between(0, 250_000) : 0);
    }

    private static Archive war() {
        ArchiveBuilder zip = new ArchiveBuilder("war", "/Well/Files/eWellWARRawData.zip");
        zip.folder("eWellWARRawData/");
        zip.add("eWellWARRawData/mv_war_main.txt", List.of("SN_WAR", "WAR_START_DT", "WAR_END_DT", "CONTACT_NAME",
                "PHONE_NUMBER", "RIG_NAME", "WATER_DEPTH", "RKB_ELEVATION", "BOP_TEST_DATE", "RAM_TST_PRSS", "ANNULAR_TST_PRSS",
                "BUS_ASC_NAME", "MMS_COMPANY_NUM", "API_WELL_NUMBER", "WELL_NAME", "WELL_NM_BP_SFIX", "WELL_NM_ST_SFIX",
                "SURF_LEASE_NUM", "SURF_AREA_CODE", "SURF_BLOCK_NUM", "BOTM_LEASE_NUM", "BOTM_AREA_CODE", "BOTM_BLOCK_NUM"),
                WAR_ROWS, values -> row -> {
                    DemoValues.Well well = values.well(row);
                    return List.of(DemoValues.key(407_200, row), values.dateTime(2023, 2024), values.dateTime(2023, 2024),
                            "J. DOE", String.format(Locale.ROOT, "(504) 555-%04d", values.between(0, 9_999)), values.rig(),
                            Integer.toString(values.between(10, 9_800)), Integer.toString(values.between(60, 110)),
                            values.orEmpty(values.dateTime(2023, 2024), 0.2), Integer.toString(values.between(5, 15) * 1_000),
                            Integer.toString(values.between(3, 10) * 1_000), well.operator(),
                            String.format(Locale.ROOT, "%05d", well.operatorNumber()), well.api(), well.name(),
                            String.format(Locale.ROOT, "%02d", values.between(0, 2)), String.format(Locale.ROOT, "%02d", values.between(0, 2)),
                            well.lease(), well.area(), Integer.toString(well.block()), well.lease(), well.area(),
                            Integer.toString(well.block()));
                });
        zip.add("eWellWARRawData/mv_war_main_prop.txt", List.of("SN_WAR", "API_WELL_NUMBER", "TOTAL_MD", "TOTAL_TVD",
                "DRILLING_DAYS"), WAR_ROWS, values -> row -> List.of(DemoValues.key(407_200, row), values.well(row).api(),
                Integer.toString(values.between(2_000, 30_000)), Integer.toString(values.between(2_000, 28_000)),
                values.orEmpty(Integer.toString(values.between(1, 90)), 0.2)));
        zip.add("eWellWARRawData/mv_war_main_prop_remark.txt", List.of("SN_WAR", "TEXT_REMARK"), WAR_ROWS,
                values -> row -> List.of(DemoValues.key(407_200, row), values.orEmpty(values.remark(), 0.05)));
        zip.add("eWellWARRawData/mv_war_boreholes_view.txt", List.of("SN_WAR", "API_WELL_NUMBER", "BOREHOLE_STAT_CD",
                "BOREHOLE_STAT_DT", "TOTAL_MD", "TOTAL_TVD"), WAR_ROWS, values -> row -> List.of(DemoValues.key(407_200, row),
                values.well(row).api(), values.chance(0.5) ? "DRL" : "COM", values.dateTime(2023, 2024),
                Integer.toString(values.between(2_000, 30_000)), Integer.toString(values.between(2_000, 28_000))));
        zip.add("eWellWARRawData/mv_war_open_hole_runs.txt", List.of("SN_WAR", "SN_OPEN_HOLE_RUN", "RUN_DATE", "TOP_MD",
                "BOTTOM_MD"), WAR_ROWS / 2, values -> row -> List.of(DemoValues.key(407_200, row * 2),
                DemoValues.key(91_000, row), values.dateTime(2023, 2024), Integer.toString(values.between(1_000, 9_000)),
                Integer.toString(values.between(9_001, 25_000))));
        zip.add("eWellWARRawData/mv_war_open_hole_tools.txt", List.of("SN_OPEN_HOLE_RUN", "TOOL_NAME"), WAR_ROWS,
                values -> row -> List.of(DemoValues.key(91_000, row / 2), row % 2 == 0 ? "GR" : "RES/DEN/NEU"));
        zip.add("eWellWARRawData/mv_war_tubular_summaries.txt", List.of("SN_WAR", "SN_TUBULAR", "CSNG_INTV_TYPE_CD",
                "CSNG_HOLE_SIZE", "CSNG_SETTING_TOP_MD", "CSNG_SETTING_BOTM_MD", "CSNG_SIZE", "CSNG_WEIGHT", "CSNG_GRADE"),
                WAR_ROWS, values -> row -> List.of(DemoValues.key(407_200, row), DemoValues.key(55_000, row),
                        row % 2 == 0 ? "C" : "L", values.chance(0.5) ? "12.25" : "8.5", Integer.toString(values.between(0, 5_000)),
                        Integer.toString(values.between(5_001, 20_000)), values.chance(0.5) ? "9 5/8\"" : "7\"",
                        values.chance(0.5) ? "53.5" : "32", values.chance(0.5) ? "P-110" : "Q-125"));
        zip.add("eWellWARRawData/mv_war_tubular_summaries_prop.txt", List.of("SN_TUBULAR", "CSNG_CEMENT_VOL",
                "CSNG_MUD_WEIGHT"), WAR_ROWS, values -> row -> List.of(DemoValues.key(55_000, row),
                values.orEmpty(Integer.toString(values.between(100, 3_000)), 0.15), values.decimal(9, 16, 1)));
        return zip.build();
    }

    /// Collects entries and zips them with fixed times, so the bytes never change.
    static final class ArchiveBuilder {
        private final String sourceId;
        private final String path;
        private final Map<String, byte[]> files = new LinkedHashMap<>();
        private final List<Entry> entries = new ArrayList<>();

        ArchiveBuilder(String sourceId, String path) {
            this.sourceId = sourceId;
            this.path = path;
        }

        void folder(String name) {
            files.put(name, null);
        }

        void add(String name, List<String> header, int rows, Function<DemoValues, IntFunction<List<String>>> row) {
            String baseName = name.substring(name.lastIndexOf('/') + 1);
            IntFunction<List<String>> rowSource = row.apply(new DemoValues(baseName));
            files.put(name, EntryText.write(header, rows, rowSource).getBytes(StandardCharsets.UTF_8));
            entries.add(new Entry(name, header, rows));
        }

        Archive build() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    ZipEntry entry = new ZipEntry(file.getKey());
                    entry.setTimeLocal(LocalDateTime.ofInstant(PUBLISHED, ZoneOffset.UTC));
                    zip.putNextEntry(entry);
                    if (file.getValue() != null) {
                        zip.write(file.getValue());
                    }
                    zip.closeEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not build the demo archive " + path, e);
            }
            return new Archive(sourceId, path, entries, bytes.toByteArray());
        }
    }
}
