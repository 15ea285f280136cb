import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/// Makes the ahead-of-time caches of the jar just built (JDK 25+), so that a user's first `convert`
/// or `refresh` runs as fast as the later ones and every later one runs on profiles of a
/// production-sized workload, whatever the user happened to convert first.
///
/// Without them the launcher records a cache from the first run of each command: that run takes
/// about three times as long (the recording and the making of the cache), and a first convert of a
/// small archive trains the JIT's profiles on a few megabytes, which left every later production
/// convert 17% more user time (bench/README.md, "first-run.sh").
///
/// It writes a production-shaped archive (headerless, every field quoted, the 19 OGOR-A columns,
/// records ending in `\r\n`) with deterministic values, converts it with `bin/bsee` and with
/// `java -jar` (each makes its own caches), serves it from a loopback HTTP server and refreshes it
/// the same two ways, runs the demo both ways, then removes its work folder. The caches land beside
/// the jar, named as the launchers name them. A step that fails prints why and the build goes on:
/// the launcher then makes that cache on its first run, as before.
///
/// `java TrainCaches.java JAR LAUNCHER WORK` (the package phase of this module runs it unless
/// `-Dbsee.aot.skip`).
public class TrainCaches {

    private static final int ENTRIES = 5;
    private static final int ROWS_PER_ENTRY = 120_000;
    private static final long STEP_TIMEOUT_SECONDS = 300;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        Path launcher = Path.of(args[1]).toAbsolutePath();
        Path work = Path.of(args[2]).toAbsolutePath();
        int feature = Runtime.version().feature();
        if (feature < 25) {
            System.out.println("[bsee] JDK " + feature + ": no ahead-of-time caches to make (JDK 25+)");
            return;
        }
        if ("0".equals(System.getenv("BSEE_AOT"))) {
            System.out.println("[bsee] BSEE_AOT=0: no ahead-of-time caches made");
            return;
        }
        try {
            train(jar, launcher, work);
        } catch (Exception e) {
            System.out.println("[bsee] no ahead-of-time caches made (" + e + "); the first run of each command makes its own");
            return;
        }
        try (Stream<Path> files = Files.list(jar.getParent())) {
            files.filter(file -> file.getFileName().toString().endsWith(".aot"))
                    .forEach(file -> System.out.println("[bsee] ahead-of-time cache " + file.getFileName()));
        }
    }

    private static void train(Path jar, Path launcher, Path work) throws Exception {
        // The caches of earlier builds of the jar (another size or time in their names) would stay
        // forever: the launchers remove stale caches only when they record one, which they no longer
        // need to. Files only; a link there is not the build's.
        try (Stream<Path> files = Files.list(jar.getParent())) {
            for (Path file : files.filter(file -> file.getFileName().toString().matches("bsee-.+\\.aot")
                    && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).toList()) {
                Files.delete(file);
            }
        }
        deleteTree(work);
        Files.createDirectories(work);
        try {
            Path zip = work.resolve("training.zip");
            writeArchive(zip);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/Production/Files/ProductionRawData.zip", exchange -> {
                byte[] body = Files.readAllBytes(zip);
                exchange.getResponseHeaders().add("Content-Type", "application/x-zip-compressed");
                exchange.sendResponseHeaders(200, "HEAD".equals(exchange.getRequestMethod()) ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    if (!"HEAD".equals(exchange.getRequestMethod())) {
                        out.write(body);
                    }
                }
            });
            server.start();
            try {
                String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/Production/Files/ProductionRawData.zip";
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                List<String> viaLauncher = List.of("bash", launcher.toString());
                List<String> viaJar = List.of(java, "-jar", jar.toString());
                for (List<String> tool : List.of(viaLauncher, viaJar)) {
                    // Each in folders of its own: a second refresh into the first one's folder would
                    // find the archive unchanged and parse nothing.
                    String how = tool == viaLauncher ? "bin/bsee" : "java -jar";
                    Path folder = Files.createDirectories(work.resolve(tool == viaLauncher ? "launcher" : "jar"));
                    run(jar, work, how + " convert", tool, "convert", zip.toString(), "--out", folder.resolve("out").toString(),
                            "--progress", "none");
                    Path config = Files.writeString(folder.resolve("refresh.yml"), """
                            data:
                              enhanced_refresh: true
                              production: true
                            sources:
                              production:
                                url: %s
                            processing:
                              in_memory: true
                              parallel: true
                            output:
                              base_dir: %s
                            """.formatted(url, folder.resolve("refreshed")));
                    run(jar, work, how + " refresh", tool, "refresh", "--config", config.toString(), "--progress", "none");
                    run(jar, work, how + " demo", tool, "demo", "--base-dir", folder.resolve("demo").toString(), "--progress", "none");
                }
            } finally {
                server.stop(0);
            }
        } finally {
            deleteTree(work);
        }
    }

    /// Runs one command of the tool with the build's JDK; its output goes to a log, shown when it fails.
    private static void run(Path jar, Path work, String what, List<String> tool, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(tool);
        command.addAll(List.of(arguments));
        Path log = work.resolve("step.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("BSEE_JAVA_OPTS");
        builder.environment().put("BSEE_JAR", jar.toString());
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            System.out.println("[bsee] " + what + ": no cache, the training run took over " + STEP_TIMEOUT_SECONDS + " s");
            return;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // The launchers make a cache only from a run that succeeded.
        if (process.exitValue() != 0) {
            System.out.println("[bsee] " + what + ": no cache, the training run exited with " + process.exitValue() + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        } else {
            System.out.println("[bsee] " + what + ": trained in " + millis + " ms");
        }
    }

    /// A production-shaped archive: [#ENTRIES] headerless entries of [#ROWS_PER_ENTRY] records.
    private static void writeArchive(Path zip) throws IOException {
        Random random = new Random(20_250_201);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (int entry = 0; entry < ENTRIES; entry++) {
                int year = 2021 + entry;
                out.putNextEntry(new ZipEntry("ogora" + year + "delimit.txt"));
                StringBuilder text = new StringBuilder(ROWS_PER_ENTRY * 170);
                for (int row = 0; row < ROWS_PER_ENTRY; row++) {
                    record(text, random, year, row);
                }
                out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.closeEntry();
            }
        }
    }

    private static final String[] AREAS = {"EI", "EW", "GC", "MC", "SS", "ST", "VR", "WD", "GB", "MP", "SM", "HI"};
    /// Operator names as many and as varied in length as a production entry's (72 names of 13 to 34
    /// characters in 2016): the writer's table of long strings then meets names that share a slot
    /// with another of another length, or of the same length and another hash, as production does.
    /// Trained on a few names alone, those branches were never taken, and the compiled string
    /// writer met them in every user's convert, went back to the interpreter and was compiled again.
    private static final String[] OPERATORS = operators();

    private static String[] operators() {
        String[] names = {"COCHON PROPERTIES", "ENERGY XXI GOM", "SHELL OFFSHORE", "TALOS ENERGY OFFSHORE", "W & T OFFSHORE",
                "ARENA OFFSHORE", "RENAISSANCE OFFSHORE", "WALTER OIL & GAS", "COX OPERATING", "ARRAY PETROLEUM",
                "FIELDWOOD ENERGY", "LLOG EXPLORATION OFFSHORE", "BP EXPLORATION & PRODUCTION", "CHEVRON U.S.A.",
                "MURPHY EXPLORATION & PRODUCTION CO", "HESS", "ENI US OPERATING CO", "KOSMOS ENERGY GULF OF MEXICO"};
        String[] forms = {" LLC", " INC.", " LP", " CORPORATION"};
        String[] operators = new String[names.length * forms.length];
        for (int name = 0; name < names.length; name++) {
            for (int form = 0; form < forms.length; form++) {
                operators[name * forms.length + form] = names[name] + forms[form];
            }
        }
        return operators;
    }

    /// One record of the 19 production columns, with about the shares of the 2016 entry: padded
    /// lease and completion names (a fifth of the leases start with a blank), digit runs (dates,
    /// days, nine-digit volumes, API numbers; two thirds of the days zero), short codes, operator
    /// names, and the empty fields of the last three columns (a third, four fifths, four fifths).
    private static void record(StringBuilder text, Random random, int year, int row) {
        int well = random.nextInt(4_000);
        boolean producing = random.nextInt(100) < 36;
        String area = AREAS[well % AREAS.length];
        int block = 1 + well % 900;
        field(text, well % 5 == 0 ? " " + digits(well % 100, 5) : "G" + digits(well * 3 + 1_000, 5));
        field(text, (well % 3 == 0 ? "  " : " " + (char) ('A' + well % 5)) + digits(1 + row % 40, 3));
        field(text, year + digits(1 + row % 12, 2));
        field(text, digits(producing ? 1 + random.nextInt(31) : 0, 2));
        int product = random.nextInt(100);
        field(text, product < 43 ? "O" : product < 77 ? "U" : product < 99 ? "G" : "S");
        for (int volume = 0; volume < 3; volume++) {
            field(text, digits(producing ? random.nextInt(250_000) : 0, 9));
        }
        field(text, "177" + digits(well * 7_919L % 1_000_000_000L, 9));
        field(text, digits(8 + random.nextInt(7), 2));
        field(text, String.format("%-3s%4d", area, block));
        field(text, digits(well % 4_000, 5));
        field(text, OPERATORS[well % OPERATORS.length]);
        field(text, area + digits(block, 3));
        field(text, "000000000");
        field(text, (producing ? "S0" : "X0") + (1 + random.nextInt(4)));
        boolean unit = well % 100 < 19;
        field(text, random.nextInt(100) < 64 ? "19" + digits(700_000 + random.nextInt(299_999), 6) : "");
        field(text, unit ? "754" + digits(random.nextInt(1_000_000), 6) : "");
        int kind = random.nextInt(100);
        text.append('"').append(unit ? (kind < 70 ? "0" : kind < 99 ? "A" : "D") : "").append("\"\r\n");
    }

    private static void field(StringBuilder text, String value) {
        text.append('"').append(value).append("\",");
    }

    private static String digits(long value, int width) {
        String plain = Long.toString(value);
        return "0".repeat(Math.max(0, width - plain.length())) + plain;
    }

    /// A small deterministic generator (xorshift), so the archive is the same on every build.
    private static final class Random {
        private long state;

        Random(long seed) {
            state = seed * 0x9E3779B97F4A7C15L + 1;
        }

        int nextInt(int bound) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            return (int) Long.remainderUnsigned(state, bound);
        }

        boolean nextBoolean() {
            return nextInt(2) == 1;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
