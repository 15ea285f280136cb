package dev.bsee.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/// Which JDK the jar's entry point picks on a Java older than 21: `JAVA_HOME` when it is 21+, else
/// the newest 21+ among the JDK folders (the later name of two of one version), never one without
/// a `java` or a readable version.
class BseeLauncherTest {

    @TempDir
    Path dir;

    private File jdk(String name, String releaseLine, boolean withJava) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        if (releaseLine != null) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\n" + releaseLine + "\nOS_NAME=\"Linux\"\n");
        }
        if (withJava) {
            Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
            Files.writeString(java, "#!/bin/sh\n");
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home.toFile();
    }

    private static File java(File home) {
        return new File(new File(home, "bin"), "java");
    }

    @Test
    void theNewestJdkOfAtLeast21IsPickedAndJavaHomeFirst() throws IOException {
        File old = jdk("java-17-openjdk-amd64", "JAVA_VERSION=\"17.0.15\"", true);
        File eight = jdk("jdk1.8.0_402", "JAVA_VERSION=\"1.8.0_402\"", true);
        File jdk21 = jdk("java-21-openjdk-amd64", "JAVA_VERSION=\"21.0.5\"", true);
        File openjdk25 = jdk("java-25-openjdk-amd64", "JAVA_VERSION=\"25.0.1\"", true);
        File temurin25 = jdk("temurin-25-jdk-amd64", "JAVA_VERSION=\"25.0.3\"", true);
        File noJava = jdk("jdk-26-jre-broken", "JAVA_VERSION=\"26\"", false);
        File noRelease = jdk("jdk-27", null, true);
        List<File> homes = List.of(old, temurin25, eight, noJava, jdk21, openjdk25, noRelease);

        assertThat(BseeLauncher.newestJdk(null, homes)).isEqualTo(java(temurin25));
        assertThat(BseeLauncher.newestJdk("", List.of(openjdk25, temurin25))).isEqualTo(java(temurin25));
        assertThat(BseeLauncher.newestJdk(jdk21.getPath(), homes)).as("JAVA_HOME of 21+ first").isEqualTo(java(jdk21));
        assertThat(BseeLauncher.newestJdk(old.getPath(), homes)).as("an older JAVA_HOME is passed over")
                .isEqualTo(java(temurin25));
        assertThat(BseeLauncher.newestJdk(noJava.getPath(), List.of(old, eight, noJava, noRelease))).isNull();
        assertThat(BseeLauncher.newestJdk(null, List.of())).isNull();
    }

    @Test
    void specificationVersionsOfEveryEraGiveTheirFeature() {
        assertThat(BseeLauncher.feature("1.8")).isEqualTo(8);
        assertThat(BseeLauncher.feature("17")).isEqualTo(17);
        assertThat(BseeLauncher.feature("25")).isEqualTo(25);
        assertThat(BseeLauncher.feature("26.1")).isEqualTo(26);
        assertThat(BseeLauncher.feature("x")).isZero();
        assertThat(BseeLauncher.feature(System.getProperty("java.specification.version")))
                .isEqualTo(Runtime.version().feature());
    }

    /// The arguments the launcher hands to another JVM through the environment come back as they
    /// were: empty ones, commas, line breaks, non-ASCII text.
    @Test
    void argumentsPassedThroughTheEnvironmentComeBackAsTheyWere() {
        List<String> arguments = List.of("convert", "", "a,b", "x\ny", "\u00fcn\u00ef.zip", "\uD83D\uDE00");
        assertThat(BseeLauncher.unhex(BseeLauncher.hex(arguments))).containsExactlyElementsOf(arguments);
        assertThat(BseeLauncher.unhex("")).isEmpty();
    }

    /// A value the launcher did not write is refused, not taken for arguments: not hex (a stack trace
    /// before), half a byte (taken as an empty command), a NUL byte (no argument holds one).
    @Test
    void aValueTheLauncherDidNotWriteIsRefused() {
        assertThat(BseeLauncher.unhex("zz")).isNull();
        assertThat(BseeLauncher.unhex("6")).isNull();
        assertThat(BseeLauncher.unhex("00")).isNull();
        assertThat(BseeLauncher.unhex("61,6")).isNull();
    }

    /// `refresh --json` and `status --json` get the tool's JSON failure document on standard output
    /// when the launcher cannot run the tool (an older `java` with no JDK 21+ beside it): standard
    /// output was empty where a program expected a document. Other command lines get the line on
    /// standard error alone.
    @Test
    void aFailureBeforeTheToolRunsIsTheToolsJsonDocumentWhereTheCommandLineAsksForOne() throws IOException {
        String message = "needs Java 21 or newer, and this is Java 17.0.15 (/opt/\"q\"\\x\u0001\t\nj\u00e9)";
        for (String line : List.of("status --json --base-dir d", "-v refresh --sources all --json",
                "refresh --config r.yml --json --base-dir d", "status --json=true --base-dir d",
                "refresh --json=TRUE --sources all")) {
            String[] args = line.split(" ");
            assertThat(BseeLauncher.wantsJson(args)).as(line).isTrue();
            Output output = failed(args, message);
            assertThat(output.err()).isEqualTo("bsee: " + message + System.lineSeparator());
            JsonNode json = new ObjectMapper().readTree(output.out());
            assertThat(json.get("error").asText()).isEqualTo(message);
            assertThat(json.get("exit_code").asInt()).isOne();
            // The same bytes as the tool's own document.
            StringWriter tools = new StringWriter();
            JsonFailure.print(new PrintWriter(tools), message, 1);
            assertThat(output.out()).isEqualTo(tools.toString());
        }
        for (String line : List.of("convert --json x.zip", "status -- --json", "--json status", "dump --json",
                "status --base-dir d", "status --json=false --base-dir d", "refresh --JSON --sources all")) {
            String[] args = line.split(" ");
            assertThat(BseeLauncher.wantsJson(args)).as(line).isFalse();
            assertThat(failed(args, message).out()).as(line).isEmpty();
        }
    }

    private record Output(String out, String err) {
    }

    private static Output failed(String[] args, String message) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            BseeLauncher.fail(args, message, 1);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Output(outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    }
}
