package dev.bsee.core.peer;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Locates the shared real-data fixtures ({@code ../shared/fixtures} beside the project, or the
 * system property {@code bsee.fixtures}). They are never copied into the project.
 *
 * <p>When they are absent, tests abort loudly (skipped, with a message on stderr); with
 * {@code -Dbsee.peers.required=true} (CI) they fail instead.
 */
public final class Fixtures {
    private Fixtures() {
    }

    /**
     * The fixtures folder.
     *
     * @return the folder holding {@code bsee-zip/} and {@code legacy-bin/}
     */
    public static Path root() {
        Path root = Path.of(System.getProperty("bsee.fixtures", "../shared/fixtures")).toAbsolutePath().normalize();
        if (Files.isDirectory(root.resolve("bsee-zip")) && Files.isDirectory(root.resolve("legacy-bin"))) {
            return root;
        }
        String message = "shared fixtures not found at " + root + " (expected ../shared/fixtures beside the project)";
        if (Boolean.getBoolean("bsee.peers.required")) {
            throw new AssertionError(message);
        }
        System.err.println("!!! SKIPPING FIXTURE TEST: " + message);
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /**
     * The {@code .bin} files the Python system wrote, in {@code legacy-bin/}, sorted by name.
     *
     * @return the files
     */
    public static List<Path> legacyBins() {
        try (Stream<Path> files = Files.list(root().resolve("legacy-bin"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".bin")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A file under the fixtures folder, e.g. {@code bsee-zip/eWellEORRawData.zip}.
     *
     * @param relative the path below the fixtures folder
     * @return the file
     */
    public static Path file(String relative) {
        Path file = root().resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("fixture missing: " + file);
        }
        return file;
    }
}
