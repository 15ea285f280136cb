package dev.bsee.examples.packaged;

import dev.bsee.core.peer.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/// The packaged tool, `java -jar bsee.jar convert`, on an entry that spills its column buffers to
/// mapped files through Chronicle Bytes (a 20 MiB heap): standard error holds what the tool itself
/// says and nothing from the libraries or the JVM (SLF4J's missing-binding block, jffi's
/// "restricted method" block, JDK internals), and Chronicle's own log records arrive as the tool's
/// one-line format.
class QuietStderrIT {

    static final Path JAR = Path.of(System.getProperty("bsee.jar", "target/bsee.jar")).toAbsolutePath();

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private Run convert(String name, String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx24m"));
        if (Runtime.version().feature() >= 23) {
            // JDK 24+ warns about sun.misc.Unsafe memory access, which Chronicle uses, and no manifest
            // attribute can allow it: bin/bsee passes this flag; `java -jar` users add it (docs/cli.md).
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-jar", JAR.toString(), "convert",
                Fixtures.file("bsee-zip/ogora2024delimit.zip").toString(), "--out", dir.resolve(name).toString(),
                "--parallel", "1", "--progress", "none"));
        command.addAll(List.of(extra));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theManifestGrantsWhatChronicleNeeds() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");
            assertThat(main.getValue("Add-Opens")).contains("java.base/java.lang ", "java.base/sun.nio.ch");
            assertThat(main.getValue("Add-Exports")).contains("jdk.unsupported/sun.misc");
            assertThat(jar.getEntry("org/slf4j/impl/StaticLoggerBinder.class")).as("an SLF4J 1.7 binding").isNotNull();
        }
    }

    @Test
    void aSpillingConversionPrintsItsResultAndNothingOnStderr() throws Exception {
        Run quiet = convert("quiet");
        assertThat(quiet.exitCode()).as(quiet.err()).isZero();
        assertThat(quiet.out()).contains("ogora2024delimit.txt -> ogora2024delimit.bin: 62,591 rows, 19 columns");
        assertThat(quiet.err()).isEmpty();

        // -vv shows Chronicle's records: proof that the entry spilled through Chronicle, and that its
        // SLF4J logging arrives as the tool's plain lines.
        Run detailed = convert("detailed", "-vv");
        assertThat(detailed.exitCode()).as(detailed.err()).isZero();
        List<String> lines = detailed.err().lines().toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("bsee: ").contains("Chronicle core loaded"));
        assertThat(detailed.err()).doesNotContain("SLF4J", "StaticLoggerBinder", "restricted method", "Unsafe::", "WARNING:");
    }
}
