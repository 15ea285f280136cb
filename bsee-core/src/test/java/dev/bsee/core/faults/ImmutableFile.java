package dev.bsee.core.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/// A file the file system will let no one rename over, delete or write (`chattr +i`), or a folder
/// whose entries no one can remove or rename (`chattr +a`), for tests of a rename or a deletion that
/// fails on a real file, not an injected fault. Closing it makes the file ordinary again, so the
/// test's folder can be deleted.
///
/// ```java
/// Optional<ImmutableFile> immutable = ImmutableFile.of(file);
/// assumeTrue(immutable.isPresent(), "chattr +i works here");
/// try (ImmutableFile held = immutable.get()) { ... }
/// ```
public final class ImmutableFile implements AutoCloseable {

    private final Path file;
    private final String flag;

    private ImmutableFile(Path file, String flag) {
        this.file = file;
        this.flag = flag;
    }

    /// Makes `file` immutable.
    ///
    /// @param file a regular file
    /// @return the immutable file, or empty where that cannot be done (no `chattr`, not root, a file
    ///     system without the flag, such as tmpfs)
    public static Optional<ImmutableFile> of(Path file) {
        return chattr("+i", file) ? Optional.of(new ImmutableFile(file, "i")) : Optional.empty();
    }

    /// Makes `folder` append-only: files can be made in it, but none removed or renamed.
    ///
    /// @param folder a folder
    /// @return the append-only folder, or empty where that cannot be done
    public static Optional<ImmutableFile> appendOnly(Path folder) {
        return chattr("+a", folder) ? Optional.of(new ImmutableFile(folder, "a")) : Optional.empty();
    }

    @Override
    public void close() {
        if (!chattr("-" + flag, file)) {
            throw new UncheckedIOException(new IOException("chattr -" + flag + " " + file + " failed"));
        }
    }

    private static boolean chattr(String flag, Path file) {
        return SystemCommand.succeeds("chattr", flag, file.toString());
    }
}
