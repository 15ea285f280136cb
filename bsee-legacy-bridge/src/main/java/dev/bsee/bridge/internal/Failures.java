package dev.bsee.bridge.internal;

import dev.bsee.bridge.RefreshError;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.OptionalLong;

/// Turns what went wrong into a [RefreshError] that names the source, entry and line where known.
final class Failures {

    private Failures() {
    }

    static RefreshError describe(String source, Exception failure) {
        return new RefreshError(source, Optional.empty(), OptionalLong.empty(), message(failure));
    }

    static long bytes(Exception failure) {
        return 0;
    }

    static int attempts(Exception failure) {
        return 0;
    }

    /// A message that stands on its own: file system exceptions say which file and what happened,
    /// anything unexpected names its type.
    static String message(Throwable failure) {
        String text = failure.getMessage();
        return switch (failure) {
            case NoSuchFileException e -> "no such file or folder: " + e.getFile()
                    + (e.getReason() == null ? "" : " (" + e.getReason() + ")");
            case AccessDeniedException e -> "access denied: " + e.getFile();
            case FileSystemException e -> e.getMessage();
            case java.io.IOException e when text != null && !text.isBlank() -> text;
            default -> failure.getClass().getSimpleName() + (text == null ? "" : ": " + text);
        };
    }
}
