package dev.bsee.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/// Follows the README literally in a fresh clone: its first command builds the project and runs
/// the demo, which must print a report listing every `.bin` file it wrote. The second command runs
/// the whole test suite, this test included, so it is not run again here: the test checks instead
/// that it is the command CI runs.
class ReadmeTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern CODE_BLOCK = Pattern.compile("```sh\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern LISTED_BIN = Pattern.compile("^\\s+(\\S+\\.bin)\\s+[\\d,]+ rows\\s+\\d+ columns", Pattern.MULTILINE);

    /// The code blocks of the README's "Two commands" section, in order.
    static List<String> twoCommands() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("\n## Two commands");
        assertThat(start).as("README has a 'Two commands' section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> commands = new ArrayList<>();
        Matcher block = CODE_BLOCK.matcher(section);
        while (block.find()) {
            commands.add(block.group(1).strip());
        }
        return commands;
    }

    /// The Java snippet of the README is the body of `FacadeQuickstart.quickstart`, so it compiles
    /// and runs in the build (`ExamplesTest`).
    @Test
    void theJavaSnippetIsTheCompiledExample() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher java = Pattern.compile("## Use it from Java.*?```java\\n(.*?)\\n```", Pattern.DOTALL).matcher(readme);
        assertThat(java.find()).as("README has a Java snippet").isTrue();
        List<String> snippet = java.group(1).lines().map(String::strip).toList();

        String example = Files.readString(ROOT.resolve("bsee-examples/src/main/java/dev/bsee/examples/FacadeQuickstart.java"));
        int start = example.indexOf('\n', example.indexOf("// The README shows the lines from here")) + 1;
        int end = example.indexOf("\n    }\n", start);
        List<String> body = example.substring(start, end).lines().map(String::strip).toList();

        assertThat(snippet).hasSizeLessThanOrEqualTo(10).isEqualTo(body);
    }

    @Test
    void theSecondCommandIsWhatContinuousIntegrationRuns() throws IOException {
        List<String> commands = twoCommands();
        assertThat(commands).hasSize(2);
        assertThat(commands.get(1)).isEqualTo("bash scripts/test.sh");
        List<String> ciSteps = Files.readAllLines(ROOT.resolve(".ci/run")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertThat(ciSteps).as(".ci/run runs the README's test command").contains(commands.get(1));
        assertThat(Files.readString(ROOT.resolve("scripts/test.sh"))).contains("mvn -B verify");
    }

    @Test
    void theFirstCommandBuildsAndRunsTheDemoInAFreshClone(@TempDir Path temp) throws Exception {
        String command = twoCommands().getFirst();
        assertThat(command).isEqualTo("bash scripts/demo.sh");
        assertThat(Files.readString(ROOT.resolve("scripts/demo.sh"))).contains("java -jar bsee-examples/target/bsee.jar demo");
        Path clone = temp.resolve("bsee-java");
        run(temp, List.of("git", "clone", "--quiet", ROOT.toString(), clone.toString()), temp.resolve("clone.log"), true);
        // The local repository is warm: the clone's build need not go to the network.
        Files.writeString(clone.resolve(".mvn/maven.config"), System.lineSeparator() + "-o",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);

        Path log = temp.resolve("readme-command.log");
        // As on a fresh machine: no JAVA_HOME, and the system's own java (which may be older than 21)
        // first on the path; the script must find a JDK 21+ by itself.
        run(clone, List.of("bash", "-c", command), log, false);

        String output = Files.readString(log, StandardCharsets.UTF_8);
        Path baseDir = clone.resolve("bsee-demo");
        List<String> listed = new ArrayList<>();
        Matcher bin = LISTED_BIN.matcher(output);
        while (bin.find()) {
            listed.add(bin.group(1));
        }
        TreeSet<String> written = new TreeSet<>();
        try (Stream<Path> files = Files.walk(baseDir)) {
            files.filter(p -> p.toString().endsWith(".bin")).forEach(p -> written.add(baseDir.relativize(p).toString()));
        }
        assertThat(written).as("the demo wrote .bin files under ./bsee-demo").isNotEmpty();
        assertThat(new TreeSet<>(listed)).as("the report lists every .bin written\n" + output).isEqualTo(written);
        assertThat(output).contains(baseDir.toRealPath().toString());
    }

    /// The first command in a shell that exports `CDPATH` with `.` in it (a common `.bashrc` line):
    /// `cd` to a relative folder found through it prints the folder, so `scripts/demo.sh` took its
    /// root as that line twice and stopped at once (`/x\n/x/scripts/jdk.sh: No such file or
    /// directory`). Run with stand-ins for the JDK's `java` and for `mvn` that note their calls.
    @Test
    void theFirstCommandFindsItsFolderWhateverCdpathSays(@TempDir Path temp) throws Exception {
        Path clone = Files.createDirectories(temp.resolve("clone/scripts")).getParent();
        for (String script : List.of("demo.sh", "jdk.sh")) {
            Files.copy(ROOT.resolve("scripts").resolve(script), clone.resolve("scripts").resolve(script));
        }
        Path bin = Files.createDirectories(temp.resolve("jdk/bin"));
        Path calls = temp.resolve("calls.log");
        Files.writeString(bin.resolve("java"), """
                #!/bin/sh
                if [ "$1" = -version ]; then echo 'openjdk version "25" 2025-09-16' >&2; exit 0; fi
                echo "java $*" >> '%s'
                """.formatted(calls));
        Files.writeString(bin.resolve("mvn"), "#!/bin/sh\necho \"mvn $(pwd) $*\" >> '%s'\n".formatted(calls));
        for (String program : List.of("java", "mvn")) {
            Files.setPosixFilePermissions(bin.resolve(program), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        ProcessBuilder builder = new ProcessBuilder("bash", "scripts/demo.sh").directory(clone.toFile())
                .redirectErrorStream(true).redirectOutput(temp.resolve("demo.log").toFile());
        builder.environment().put("CDPATH", ".:" + temp);
        builder.environment().put("JAVA_HOME", bin.getParent().toString());
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process process = builder.start();
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(Files.readString(temp.resolve("demo.log"))).isZero();
        assertThat(Files.readAllLines(calls)).containsExactly("mvn " + clone + " -B -q package -DskipTests",
                "java -jar " + clone + "/bsee-examples/target/bsee.jar demo");
    }

    private static void run(Path directory, List<String> command, Path log, boolean withTestJdk)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        if (withTestJdk) {
            String javaHome = Path.of(System.getProperty("java.home")).toString();
            env.put("JAVA_HOME", javaHome);
            env.put("PATH", javaHome + "/bin:" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        } else {
            env.remove("JAVA_HOME");
            env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        }
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in 10 minutes; output in " + log);
        }
        assertThat(process.exitValue()).as(command + " in " + directory + ":\n" + Files.readString(log)).isZero();
    }
}
