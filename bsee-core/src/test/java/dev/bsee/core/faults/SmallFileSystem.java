package dev.bsee.core.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/// A file system of a given size (a tmpfs) mounted on a new folder, for tests of writes that fill
/// a disk on a real file system, not an injected fault. Closing it unmounts it lazily (a mapped
/// file may be released a moment later) and removes the folder.
///
/// ```java
/// try (SmallFileSystem fs = SmallFileSystem.mountOrSkip(dir.resolve("small"), "100m")) { ... fs.root() ... }
/// ```
public final class SmallFileSystem implements AutoCloseable {

    private final Path root;

    private SmallFileSystem(Path root) {
        this.root = root;
    }

    /// Mounts a tmpfs of `size` (`mount`'s notation: `100m`, `64k`) on the new folder `at`.
    ///
    /// @param at a folder to create
    /// @param size the size
    /// @return the file system, or empty where it cannot be mounted (not root, no `CAP_SYS_ADMIN`)
    public static Optional<SmallFileSystem> mount(Path at, String size) {
        return mountWith(at, "size=" + size);
    }

    /// Mounts a tmpfs of `size` with room for `inodes` files and folders, its root included, or
    /// skips the calling test where none can be mounted: a disk that runs out of inodes, not bytes.
    ///
    /// @param at a folder to create
    /// @param size the size
    /// @param inodes the files and folders it holds at most
    /// @return the file system
    public static SmallFileSystem mountOrSkip(Path at, String size, int inodes) {
        Optional<SmallFileSystem> mounted = mountWith(at, "size=" + size + ",nr_inodes=" + inodes);
        org.junit.jupiter.api.Assumptions.assumeTrue(mounted.isPresent(),
                "mounting a tmpfs needs root with CAP_SYS_ADMIN");
        return mounted.get();
    }

    private static Optional<SmallFileSystem> mountWith(Path at, String options) {
        try {
            Files.createDirectory(at);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (SystemCommand.succeeds("mount", "-t", "tmpfs", "-o", options, "tmpfs", at.toString())) {
            return Optional.of(new SmallFileSystem(at));
        }
        try {
            Files.delete(at);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.empty();
    }

    /// Mounts a tmpfs as [#mount] does, or skips the calling test where none can be mounted.
    ///
    /// @param at a folder to create
    /// @param size the size
    /// @return the file system
    public static SmallFileSystem mountOrSkip(Path at, String size) {
        Optional<SmallFileSystem> mounted = mount(at, size);
        org.junit.jupiter.api.Assumptions.assumeTrue(mounted.isPresent(),
                "mounting a tmpfs needs root with CAP_SYS_ADMIN");
        return mounted.get();
    }

    /// The folder the file system is mounted on.
    ///
    /// @return the folder
    public Path root() {
        return root;
    }

    @Override
    public void close() {
        if (!SystemCommand.succeeds("umount", "-l", root.toString())) {
            throw new UncheckedIOException(new IOException("umount -l " + root + " failed"));
        }
        try {
            Files.delete(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
