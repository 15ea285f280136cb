package dev.bsee.bridge;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/// Why a source failed, located as precisely as the failure allows.
///
/// @param source the source id
/// @param entry the archive entry, when the failure belongs to one
/// @param line the line of the entry's text, when the failure belongs to one
/// @param message what went wrong, naming the archive, address or folder concerned
public record RefreshError(String source, Optional<String> entry, OptionalLong line, String message) {

    /// Validates the error.
    public RefreshError {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(message, "message");
    }

    /// An error about the source as a whole.
    ///
    /// @param source the source id
    /// @param message what went wrong
    /// @return the error
    public static RefreshError of(String source, String message) {
        return new RefreshError(source, Optional.empty(), OptionalLong.empty(), message);
    }

    /// `source[, entry][, line N]: message`.
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(source);
        entry.ifPresent(e -> text.append(", entry ").append(e));
        line.ifPresent(l -> text.append(", line ").append(l));
        return text.append(": ").append(message).toString();
    }
}
