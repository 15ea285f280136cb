package dev.bsee.scraper;

import dev.bsee.core.internal.SafeText;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/// Read failures of a file the application names, worded so that they name it: the JDK opens a
/// folder and then fails its first read with a bare `Is a directory`, and a read error (`EIO`) is
/// as bare.
final class PathMessages {

    private PathMessages() {
    }

    /// `failure`, or one that names `file` when it does not: a folder is said to be one.
    ///
    /// @param file the file read
    /// @param failure what reading it threw
    /// @return the failure to throw
    static IOException naming(Path file, IOException failure) {
        // The JDK's own file errors name the path already; an interrupt keeps its type, which callers test.
        if (failure instanceof FileSystemException || failure instanceof ClosedByInterruptException
                || failure instanceof InterruptedIOException) {
            return failure;
        }
        String why = Files.isDirectory(file) ? "a folder, not a file" : String.valueOf(failure.getMessage());
        return new IOException(SafeText.escape(file.toString()) + ": " + why, failure);
    }
}
