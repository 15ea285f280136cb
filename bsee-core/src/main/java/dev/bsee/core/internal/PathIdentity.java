package dev.bsee.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/// A folder or regular file as the tool made it, told apart from whatever takes its name later: a
/// link, something of another kind, another file or folder moved into its place, or a link put in
/// place of a folder above it. It is known by its identity on disk (device and inode) and by where
/// its path resolves. [OwnFolder] and the conversion's spill files check it before each step that
/// writes, maps, renames or deletes by path.
public final class PathIdentity {

    private final Path path;
    private final Path realPath;
    private final Object fileKey;
    private final boolean folder;

    private PathIdentity(Path path, Path realPath, Object fileKey, boolean folder) {
        this.path = path;
        this.realPath = realPath;
        this.fileKey = fileKey;
        this.folder = folder;
    }

    /// Remembers the folder or regular file at `path` as it is now.
    ///
    /// @param path the folder or file; a link there is not followed
    /// @return its identity
    /// @throws IOException when it cannot be looked at, or is neither a folder nor a regular file
    public static PathIdentity of(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        BasicFileAttributes attributes = Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory() && !attributes.isRegularFile()) {
            throw new IOException(absolute + " is " + MessageText.fileKind(absolute) + ", not a folder or a file");
        }
        return new PathIdentity(absolute, absolute.toRealPath(), attributes.fileKey(), attributes.isDirectory());
    }

    /// The absolute path.
    ///
    /// @return the path
    public Path path() {
        return path;
    }

    /// What stands at the path instead of what was made there, in words, or empty when the path
    /// still leads to it.
    ///
    /// @return `it is gone`, `it is now a symbolic link to /x`, `it is now a pipe`, `a link now stands
    ///     in place of a folder above it, so it leads to /y`, or `another folder was moved into its place`
    /// @throws IOException when it cannot be looked at
    public Optional<String> replacement() throws IOException {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return Optional.of("it is gone");
        }
        if (now.isSymbolicLink()) {
            return Optional.of("it is now a symbolic link to " + Files.readSymbolicLink(path));
        }
        if (folder ? !now.isDirectory() : !now.isRegularFile()) {
            return Optional.of("it is now " + MessageText.fileKind(path));
        }
        Path resolved = path.toRealPath();
        if (!resolved.equals(realPath)) {
            return Optional.of("a link now stands in place of a folder above it, so it leads to " + resolved);
        }
        if (fileKey != null && !fileKey.equals(now.fileKey())) {
            return Optional.of("another " + (folder ? "folder" : "file") + " was moved into its place");
        }
        return Optional.empty();
    }
}
