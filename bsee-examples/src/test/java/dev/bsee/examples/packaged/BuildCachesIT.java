package dev.bsee.examples.packaged;

import dev.bsee.core.peer.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/// The ahead-of-time caches the build makes beside `bsee.jar` (`src/build/TrainCaches.java`): one
/// per command and launcher, named as `bin/bsee` and the `java -jar` child name them for this very
/// jar, and opened by the first run of each, which then records nothing.
class BuildCachesIT {

    static final Path JAR = Path.of(System.getProperty("bsee.jar", "target/bsee.jar")).toAbsolutePath();
    static final Path LAUNCHER = Path.of("../bin/bsee").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @BeforeAll
    static void onlyWhereTheBuildMakesThem() {
        assumeTrue(Runtime.version().feature() >= 25, "ahead-of-time caches need JDK 25+");
        assumeFalse(Boolean.getBoolean("bsee.aot.skip"), "built with -Dbsee.aot.skip");
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "run", ".out");
        Path err = Files.createTempFile(dir, "run", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("BSEE_AOT");
        builder.environment().remove("BSEE_JAVA_OPTS");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /// The cache of `command` (`convert-jar` for the `java -jar` child's) for this jar and JDK, whose
    /// name ends in its checksum (`bsee-<key>-convert.<CRC>.aot`).
    private static Path cache(String command) throws IOException {
        String stem = "bsee-" + System.getProperty("java.runtime.version") + "-" + Files.size(JAR) + "-"
                + Files.getLastModifiedTime(JAR).to(TimeUnit.SECONDS) + "-" + command + ".";
        try (Stream<Path> files = Files.list(JAR.getParent())) {
            List<Path> caches = files.filter(file -> file.getFileName().toString().startsWith(stem)
                    && file.getFileName().toString().matches(".+\\.[0-9]+\\.aot")).toList();
            assertThat(caches).as("one cache of " + command).hasSize(1);
            return caches.getFirst();
        }
    }

    private static List<String> folder() throws IOException {
        try (Stream<Path> files = Files.list(JAR.getParent())) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.contains(".aot")).sorted().toList();
        }
    }

    @Test
    void theBuildMadeACacheForEachCommandOfThisJar() throws IOException {
        for (String command : List.of("convert", "refresh", "demo", "convert-jar", "refresh-jar", "demo-jar")) {
            assertThat(cache(command)).as("made by the build for this jar: " + command).isNotEmptyFile();
        }
        assertThat(folder()).as("caches only, no recording left behind").allSatisfy(name -> assertThat(name).endsWith(".aot"));
    }

    @Test
    void theFirstConvertOpensTheBuildsCacheAndRecordsNothing() throws IOException, InterruptedException {
        List<String> before = folder();
        Path archive = Fixtures.file("bsee-zip/ogoradelimit.zip");

        Run launcher = run(List.of("bash", LAUNCHER.toString(), "convert", archive.toString(), "--out",
                dir.resolve("launcher").toString(), "--progress", "none"),
                Map.of("BSEE_JAR", JAR.toString(), "BSEE_JAVA_OPTS", "-Xlog:aot=info:stderr"));
        assertThat(launcher.exitCode()).as(launcher.err()).isZero();
        assertThat(launcher.err()).contains("Opened AOT cache " + cache("convert"));

        List<String> jar = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:aot=info:stderr", "-jar", JAR.toString(), "convert", archive.toString(), "--out",
                dir.resolve("jar").toString(), "--progress", "none"));
        Run child = run(jar, Map.of());
        assertThat(child.exitCode()).as(child.err()).isZero();
        assertThat(child.err()).contains("Opened AOT cache " + cache("convert-jar"));

        assertThat(folder()).as("no cache recorded or replaced").isEqualTo(before);
    }
}
