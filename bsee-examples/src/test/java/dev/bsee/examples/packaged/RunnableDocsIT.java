package dev.bsee.examples.packaged;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/// Every code block of `docs/*.md` marked ` ```sh runnable ` runs as it is, with bash in strict mode
/// (`set -euo pipefail`), in a fresh folder that has the repository's `bin/` (so `bin/bsee` works as
/// the docs write it) and the jar this build packaged (`BSEE_JAR`). A block passes when it exits 0:
/// the docs put their expectations in the block itself (`grep`, `test`).
class RunnableDocsIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern RUNNABLE = Pattern.compile("^```sh runnable\\n(.*?)\\n```", Pattern.DOTALL | Pattern.MULTILINE);

    record Block(Path page, int line, String script) {
    }

    static List<Block> blocks() throws IOException {
        List<Block> blocks = new ArrayList<>();
        try (Stream<Path> pages = Files.list(ROOT.resolve("docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                String text = Files.readString(page, StandardCharsets.UTF_8);
                Matcher block = RUNNABLE.matcher(text);
                while (block.find()) {
                    int line = (int) text.substring(0, block.start()).lines().count() + 1;
                    blocks.add(new Block(page, line, block.group(1)));
                }
            }
        }
        return blocks;
    }

    @TestFactory
    Stream<DynamicTest> everyRunnableBlockOfTheDocsRuns() throws IOException {
        List<Block> blocks = blocks();
        assertThat(blocks).as("docs have runnable blocks").isNotEmpty();
        return blocks.stream().map(block -> DynamicTest.dynamicTest(
                ROOT.relativize(block.page()) + ":" + block.line(), () -> run(block)));
    }

    /// The interpreter of the pandas 1.5 peer (`BSEE_PEER_PANDAS15` in the peers file), when it is a
    /// plain executable.
    private static java.util.Optional<Path> pandasPython() throws IOException {
        Path peers = Path.of(System.getProperty("bsee.peers.file", "/var/cache/bsee-peers/peers.env"));
        if (!Files.isRegularFile(peers)) {
            return java.util.Optional.empty();
        }
        return Files.readAllLines(peers).stream().filter(line -> line.startsWith("BSEE_PEER_PANDAS15="))
                .map(line -> line.substring(line.indexOf('=') + 1).strip())
                .filter(value -> !value.contains(" ")).map(Path::of).filter(Files::isExecutable).findFirst();
    }

    private static void run(Block block) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("bsee-docs-");
        Files.createSymbolicLink(dir.resolve("bin"), ROOT.resolve("bin"));
        Path log = dir.resolve("block.log");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + block.script())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("BSEE_JAR", QuietStderrIT.JAR.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // `python3` in a block is a Python with pandas: the pandas 1.5 peer's, when the machine has one.
        pandasPython().ifPresent(python -> builder.environment().put("PATH",
                python.getParent() + ":" + builder.environment().getOrDefault("PATH", "/usr/bin:/bin")));
        Process process = builder.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("finished in 5 minutes:\n" + output).isTrue();
        assertThat(process.exitValue()).as(ROOT.relativize(block.page()) + ":" + block.line() + " in " + dir + "\n"
                + block.script() + "\n---\n" + output).isZero();
        // Kept for a look when the block failed; removed (the bin link, not its target) when it passed.
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
