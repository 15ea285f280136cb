package dev.bsee.binary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/// A temporary folder of files for a jqwik container (which has no `@TempDir`): made when the class
/// loads, deleted with its files after the last property.
public final class ScratchFolder {
    private ScratchFolder() {
    }

    /// A new empty folder under the system's temporary folder.
    ///
    /// @param prefix the start of its name
    /// @return the folder
    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /// Deletes the files in `folder`, then the folder.
    ///
    /// @param folder a folder [#create(String)] made
    /// @throws IOException when a file cannot be deleted
    public static void delete(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(folder);
    }
}
