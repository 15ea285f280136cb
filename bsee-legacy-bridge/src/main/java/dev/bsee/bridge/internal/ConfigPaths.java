package dev.bsee.bridge.internal;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/// Paths written in configuration files, which come from Windows (`data\modules\bsee\bin`) as often
/// as from Linux.
public final class ConfigPaths {

    private ConfigPaths() {
    }

    /// A path from configuration text: backslashes and slashes both separate folders; a drive-letter
    /// path (`C:\data`) is accepted only where the file system has drive letters.
    ///
    /// @param text the text
    /// @return the path, relative or absolute as written
    /// @throws IllegalArgumentException when the text cannot be a path here
    public static Path parse(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("expected a path but found an empty value");
        }
        String portable = trimmed.replace('\\', '/');
        boolean driveLetter = portable.matches("[A-Za-z]:.*");
        if (driveLetter && File.separatorChar != '\\') {
            throw new IllegalArgumentException("\"" + text + "\" is a Windows drive path, which this system cannot use;"
                    + " write it relative to output.base_dir");
        }
        try {
            return Path.of(portable.replace('/', File.separatorChar)).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a path: " + e.getReason());
        }
    }

    /// `path` when absolute, else `path` under `base`.
    ///
    /// @param base the directory relative paths start from
    /// @param path the path
    /// @return the absolute, normalized path
    public static Path resolve(Path base, Path path) {
        return base.toAbsolutePath().resolve(path).normalize();
    }
}
