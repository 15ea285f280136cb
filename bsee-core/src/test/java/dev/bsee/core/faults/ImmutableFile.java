package dev.bsee.core.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/// A file the file system will let no one rename over, delete or write (`chattr +i`), for tests of a
/// rename that fails part-way on a real file, not an injected fault. Closing it makes the file
/// ordinary again, so the test's folder can be deleted.
///
/// ```java
/// Optional<ImmutableFile> immutable = ImmutableFile.of(file);
/// assumeTrue(immutable.isPresent(), "chattr +i works here");
/// try (ImmutableFile held = immutable.get()) { ... }
/// ```
public final class ImmutableFile implements AutoCloseable {

    private final Path file;

    private ImmutableFile(Path file) {
        this.file = file;
    }

    /// Makes `file` immutable.
    ///
    /// @param file a regular file
    /// @return the immutable file, or empty where that cannot be done (no `chattr`, not root, a file
    ///     system without the flag, such as tmpfs)
    public static Optional<ImmutableFile> of(Path file) {
        return chattr("+i", file) ? Optional.of(new ImmutableFile(file)) : Optional.empty();
    }

    @Override
    public void close() {
        if (!chattr("-i", file)) {
            throw new UncheckedIOException(new IOException("chattr -i " + file + " failed"));
        }
    }

    private static boolean chattr(String flag, Path file) {
        try {
            Process process = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor() == 0;
        } catch (IOException noChattr) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
