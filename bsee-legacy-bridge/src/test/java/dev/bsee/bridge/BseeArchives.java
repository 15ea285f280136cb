package dev.bsee.bridge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/// Zip archives shaped like BSEE's "Delimited" downloads: the real entry names and header rows (from
/// the fixtures README), generated values. Deterministic for a given seed.
final class BseeArchives {

    static final List<String> APD_COLUMNS = List.of("API_WELL_NUMBER", "MMS_COMPANY_NUM", "BUS_ASC_NAME",
            "BOTM_AREA_CODE", "BOTM_BLOCK_NUM", "BOTM_LEASE_NUM", "DISTRICT_CODE", "APD_RECEIVED_DT", "SURF_N_S_DIST",
            "SURF_N_S_CODE", "SURF_E_W_DIST", "SURF_E_W_CODE", "SURF_AREA_CODE", "SURF_BLOCK_NUM", "SURF_LEASE_NUM",
            "WELL_NAME", "WELL_NAME_SFIX", "WATER_DEPTH", "RIG_ID_NUM", "RIG_NAME", "SURF_X_COORD_LOC",
            "SURF_Y_COORD_LOC", "SURF_LATITUDE", "SURF_LONGITUDE", "APD_APRV_DATE", "REGION_CODE");

    static final List<String> WAR_MAIN_COLUMNS = List.of("SN_WAR", "WAR_START_DT", "WAR_END_DT", "CONTACT_NAME",
            "PHONE_NUMBER", "RIG_NAME", "WATER_DEPTH", "RKB_ELEVATION", "BOP_TEST_DATE", "RAM_TST_PRSS",
            "ANNULAR_TST_PRSS", "BUS_ASC_NAME", "MMS_COMPANY_NUM", "API_WELL_NUMBER", "WELL_NAME", "WELL_NM_BP_SFIX",
            "WELL_NM_ST_SFIX", "SURF_LEASE_NUM", "SURF_AREA_CODE", "SURF_BLOCK_NUM", "BOTM_LEASE_NUM",
            "BOTM_AREA_CODE", "BOTM_BLOCK_NUM");

    private static final String[] AREAS = {"GC", "MC", "GB", "EW", "WR", "KC", "AT"};
    private static final String[] OPERATORS = {"Shell Offshore Inc.", "BP Exploration & Production Inc.",
            "Chevron U.S.A. Inc.", "Talos ERT LLC", "W & T Offshore, Inc."};
    private static final String[] RIGS = {"DEEPWATER ASGARD", "NOBLE GLOBETROTTER II", "VALARIS DS-16", "WEST VELA"};

    private BseeArchives() {
    }

    /// The well-known API numbers the generated APD tables start with, so tests can filter on them.
    static long apiWellNumber(int row) {
        return 608_164_000_100L + row * 7L;
    }

    /// `APDRawData.zip`: `mv_apddata_all.txt` (the 26 documented columns) and `mv_apd_main_all.txt`.
    static byte[] apd(int rows, long seed) {
        Random random = new Random(seed);
        StringBuilder data = new StringBuilder(String.join(",", APD_COLUMNS)).append("\r\n");
        for (int row = 0; row < rows; row++) {
            String area = AREAS[random.nextInt(AREAS.length)];
            String date = date(random);
            data.append(String.join(",", List.of(
                    Long.toString(apiWellNumber(row)),
                    String.format(Locale.ROOT, "%05d", 689 + random.nextInt(3000)),
                    quote(OPERATORS[random.nextInt(OPERATORS.length)]),
                    area, Integer.toString(1 + random.nextInt(999)), "G" + (10_000 + random.nextInt(30_000)),
                    random.nextBoolean() ? "N" : "L",
                    date,
                    Integer.toString(random.nextInt(8000)), random.nextBoolean() ? "N" : "S",
                    Integer.toString(random.nextInt(8000)), random.nextBoolean() ? "E" : "W",
                    area, Integer.toString(1 + random.nextInt(999)),
                    random.nextInt(10) == 0 ? "" : "G" + (10_000 + random.nextInt(30_000)),
                    quote(String.format(Locale.ROOT, "%s%03d", random.nextBoolean() ? "A" : "SS", row % 1000)),
                    random.nextInt(3) == 0 ? "ST01BP00" : "",
                    Integer.toString(50 + random.nextInt(9000)),
                    Integer.toString(random.nextInt(60_000)),
                    RIGS[random.nextInt(RIGS.length)],
                    String.format(Locale.ROOT, "%.2f", 1_000_000 + random.nextDouble() * 900_000),
                    String.format(Locale.ROOT, "%.2f", 10_000_000 + random.nextDouble() * 900_000),
                    String.format(Locale.ROOT, "%.8f", 26 + random.nextDouble() * 3),
                    String.format(Locale.ROOT, "%.8f", -94 + random.nextDouble() * 6),
                    random.nextInt(8) == 0 ? "" : date,
                    "G"))).append("\r\n");
        }
        StringBuilder main = new StringBuilder("SN_APD,API_WELL_NUMBER,MMS_COMPANY_NUM,KICKOFF_POINT_MD,WELL_NAME\r\n");
        for (int row = 0; row < Math.max(1, rows / 2); row++) {
            main.append(-(400_000 + row)).append(',').append(apiWellNumber(row)).append(',')
                    .append(String.format(Locale.ROOT, "%05d", 689 + random.nextInt(3000))).append(',')
                    .append(random.nextInt(5) == 0 ? "" : Integer.toString(random.nextInt(20_000))).append(',')
                    .append('"').append("A").append(row % 100).append('"').append("\r\n");
        }
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("mv_apddata_all.txt", data.toString());
        entries.put("mv_apd_main_all.txt", main.toString());
        return zip(entries);
    }

    /// One monthly production archive, `ogora<year>delimit.zip`: one headerless entry of the 19
    /// production columns, every field quoted, leading spaces kept.
    static byte[] production(int year, int rows, long seed) {
        return zip(Map.of("ogora" + year + "delimit.txt", productionText(year, rows, seed)));
    }

    /// The text of `ogora<year>delimit.txt` as [#production] zips it.
    static String productionText(int year, int rows, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        for (int row = 0; row < rows; row++) {
            List<String> fields = List.of(
                    "G" + (10_000 + random.nextInt(30_000)),
                    String.format(Locale.ROOT, " %05d", random.nextInt(100)),
                    String.format(Locale.ROOT, "%d%02d", year, 1 + random.nextInt(12)),
                    Integer.toString(random.nextInt(32)),
                    random.nextBoolean() ? "OIL" : "GAS",
                    Integer.toString(random.nextInt(200_000)),
                    Integer.toString(random.nextInt(900_000)),
                    Integer.toString(random.nextInt(50_000)),
                    Long.toString(apiWellNumber(random.nextInt(Math.max(1, rows)))),
                    random.nextBoolean() ? "PR" : "SI",
                    AREAS[random.nextInt(AREAS.length)] + String.format(Locale.ROOT, "%04d", random.nextInt(1000)),
                    String.format(Locale.ROOT, "%05d", random.nextInt(3000)),
                    OPERATORS[random.nextInt(OPERATORS.length)],
                    "FIELD" + random.nextInt(40),
                    random.nextInt(4) == 0 ? "" : Integer.toString(random.nextInt(1000)),
                    String.format(Locale.ROOT, "%03d", random.nextInt(999)),
                    "19" + (70 + random.nextInt(30)) + "0101",
                    random.nextInt(3) == 0 ? "" : "UNIT" + random.nextInt(9),
                    random.nextInt(3) == 0 ? "" : "A");
            text.append(fields.stream().map(f -> '"' + f + '"').reduce((a, b) -> a + "," + b).orElseThrow()).append("\r\n");
        }
        return text.toString();
    }

    /// `eWellWARRawData.zip`: `mv_war_main.txt` and `mv_war_main_prop_remark.txt` (quoted remarks
    /// of several paragraphs with doubled quotes).
    static byte[] war(int rows, long seed) {
        Random random = new Random(seed);
        StringBuilder main = new StringBuilder(String.join(",", WAR_MAIN_COLUMNS)).append("\r\n");
        StringBuilder remarks = new StringBuilder("SN_WAR,TEXT_REMARK\r\n");
        for (int row = 0; row < rows; row++) {
            long sn = -(407_200 + row);
            String area = AREAS[random.nextInt(AREAS.length)];
            main.append(String.join(",", List.of(Long.toString(sn), date(random), date(random),
                    quote("J. Doe"), "(504) 555-01" + String.format(Locale.ROOT, "%02d", row % 100),
                    RIGS[random.nextInt(RIGS.length)], Integer.toString(100 + random.nextInt(9000)),
                    Integer.toString(70 + random.nextInt(40)), date(random),
                    Integer.toString(5000 + random.nextInt(10_000)), Integer.toString(3000 + random.nextInt(5000)),
                    quote(OPERATORS[random.nextInt(OPERATORS.length)]), String.format(Locale.ROOT, "%05d", random.nextInt(3000)),
                    Long.toString(apiWellNumber(row)), "A" + String.format(Locale.ROOT, "%03d", row % 1000),
                    "BP0" + random.nextInt(3), "ST0" + random.nextInt(3), "G" + (10_000 + random.nextInt(30_000)),
                    area, Integer.toString(random.nextInt(999)), "G" + (10_000 + random.nextInt(30_000)), area,
                    Integer.toString(random.nextInt(999))))).append("\r\n");
            remarks.append(sn).append(",\"Ran 9-5/8\"\" casing to ").append(1000 + random.nextInt(20_000))
                    .append(" ft.\r\nTested BOPs, \"\"good test\"\".\r\n\r\nWaiting on weather.\"\r\n");
        }
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("mv_war_main.txt", main.toString());
        entries.put("mv_war_main_prop_remark.txt", remarks.toString());
        return zip(entries);
    }

    static byte[] zip(Map<String, String> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /// A zip's first half: a download cut short, which no zip reader can take for a whole archive.
    static byte[] corrupt(byte[] zip) {
        byte[] broken = java.util.Arrays.copyOf(zip, zip.length / 2);
        List<Integer> positions = new ArrayList<>();
        for (int i = 60; i < broken.length; i += 97) {
            positions.add(i);
        }
        positions.forEach(i -> broken[i] ^= 0x5A);
        return broken;
    }

    static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String date(Random random) {
        int hour = 1 + random.nextInt(12);
        return String.format(Locale.ROOT, "%d/%d/%d %d:%02d:00 %s", 1 + random.nextInt(12), 1 + random.nextInt(28),
                2015 + random.nextInt(10), hour, random.nextInt(60), random.nextBoolean() ? "AM" : "PM");
    }

    private static String quote(String text) {
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
