package dev.bsee.examples.mirror;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/// Deterministic BSEE-looking values for the demo archives: one seeded [Random] per entry, so the
/// archives are byte-identical from run to run.
final class DemoValues {

    private static final DateTimeFormatter BSEE_DATE_TIME = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);
    private static final List<String> AREAS = List.of("EI", "EW", "GC", "MC", "SS", "ST", "VR", "WD", "GB", "MP", "SM", "HI");
    private static final List<String> OPERATORS = List.of(
            "COX OPERATING LLC", "RENAISSANCE OFFSHORE LLC", "WALTER OIL & GAS CORPORATION", "SHELL OFFSHORE INC.",
            "TALOS ENERGY OFFSHORE LLC", "W & T OFFSHORE INC", "ARENA OFFSHORE LP", "LLOG EXPLORATION OFFSHORE, L.L.C.");
    private static final List<String> RIGS = List.of(
            "ENSCO 8503", "DIAMOND OCEAN BLACKHAWK", "NOBLE GLOBETROTTER II", "VALARIS DS-16", "HERCULES 264");
    private static final List<String> SENTENCES = List.of(
            "Rigged up wireline; ran GR/CCL log from 9,400' to 8,100'.",
            "Made up 13-3/8\" float shoe and float collar, ran in hole.",
            "Spotted 50 bbl \"HI-VIS\" pill on bottom, pulled 10 stands.",
            "Pressure tested casing to 3,500 psi for 30 min, held.",
            "Slipped and cut 110' of drill line.",
            "Installed 5\" liner hanger; set with 2,800 psi, sheared at 3,400 psi.",
            "Flow checked well: static.",
            "Held pre-job safety meeting with all crews.");

    /// The wells every demo source talks about, so a well can be followed from its permit to its
    /// production and its activity reports.
    static final List<Well> WELLS = wells();

    private final Random random;

    DemoValues(String entryName) {
        this.random = new Random(entryName.hashCode() * 31L + 2024);
    }

    /// A well of the demo: its API number, lease, area, block, operator and name.
    record Well(String api, String lease, String area, int block, int operatorNumber, String operator, String name) {
    }

    private static List<Well> wells() {
        Random random = new Random(1947);
        List<Well> wells = new ArrayList<>();
        String[] states = {"60", "17", "42"};
        for (int i = 0; i < 40; i++) {
            String api = String.format(Locale.ROOT, "%s8%02d%05d%02d", states[i % states.length], 10 + random.nextInt(10),
                    10_000 + random.nextInt(89_999), i % 7 == 6 ? 1 : 0);
            int operator = random.nextInt(OPERATORS.size());
            wells.add(new Well(api, String.format(Locale.ROOT, "G%05d", 1_000 + random.nextInt(38_000)),
                    AREAS.get(random.nextInt(AREAS.size())), 1 + random.nextInt(999), 600 + operator * 331,
                    OPERATORS.get(operator), String.format(Locale.ROOT, "%s%03d", i % 3 == 0 ? "A" : "SS", 1 + random.nextInt(40))));
        }
        return List.copyOf(wells);
    }

    Well well(int row) {
        return WELLS.get(row % WELLS.size());
    }

    int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    /// A date as BSEE writes it, `3/3/2024 12:01:00 AM`; mostly midnight.
    String dateTime(int fromYear, int toYear) {
        LocalDate day = LocalDate.of(fromYear, 1, 1).plusDays(random.nextInt(365 * (toYear - fromYear + 1)));
        LocalDateTime time = chance(0.8) ? day.atStartOfDay() : day.atTime(random.nextInt(24), random.nextInt(60));
        return time.format(BSEE_DATE_TIME);
    }

    String compactDate(int fromYear, int toYear) {
        return LocalDate.of(fromYear, 1, 1).plusDays(random.nextInt(365 * (toYear - fromYear + 1)))
                .format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    String rig() {
        return RIGS.get(random.nextInt(RIGS.size()));
    }

    String decimal(double min, double max, int scale) {
        return String.format(Locale.ROOT, "%." + scale + "f", min + random.nextDouble() * (max - min));
    }

    /// A negative surrogate key such as `-407200`, unique per row.
    static String key(int base, int row) {
        return Integer.toString(-(base + row * 7));
    }

    /// Free text of one to three paragraphs with inch marks and quoted words.
    String remark() {
        List<String> paragraphs = new ArrayList<>();
        int count = between(1, 3);
        for (int p = 0; p < count; p++) {
            StringBuilder paragraph = new StringBuilder();
            int sentences = between(1, 3);
            for (int s = 0; s < sentences; s++) {
                paragraph.append(s == 0 ? "" : " ").append(SENTENCES.get(random.nextInt(SENTENCES.size())));
            }
            paragraphs.add(paragraph.toString());
        }
        return String.join("\r\n", paragraphs);
    }

    /// `value` or an empty field (missing) with probability `missing`.
    String orEmpty(String value, double missing) {
        return chance(missing) ? "" : value;
    }
}
