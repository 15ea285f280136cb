package dev.bsee.bridge;

import dev.bsee.core.internal.SafeText;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/// Why a source failed, located as precisely as the failure allows.
public final class RefreshError {

    private final String source;
    private final String entry;  // null: absent
    private final long line;  // negative: absent
    private final String message;

    /// An error located in an entry and line, as far as known.
    ///
    /// @param source the source id
    /// @param entry the archive entry, or null when the failure belongs to none
    /// @param line the line of the entry's text, or -1 when the failure belongs to none
    /// @param message what went wrong, naming the archive, address or folder concerned
    public RefreshError(String source, String entry, long line, String message) {
        this.source = Objects.requireNonNull(source, "source");
        this.entry = entry;
        this.line = line < 0 ? -1 : line;
        this.message = Objects.requireNonNull(message, "message");
    }

    /// An error about the source as a whole.
    ///
    /// @param source the source id
    /// @param message what went wrong
    /// @return the error
    public static RefreshError of(String source, String message) {
        return new RefreshError(source, null, -1, message);
    }

    /// `source: message`, with `, entry E` and `, line N` after the source where the message does not
    /// name them itself. A refresh's errors come from a [dev.bsee.scraper.SourceDataException],
    /// whose message names its place (`archive: entry: line N: ...`), so they read
    /// `apd: APDRawData.zip: mv_apddata_all.txt: line 12: expected 7 fields, saw 8`.
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(source);
        String entryText = entry == null ? null : SafeText.escape(entry);
        // As a SourceDataException names them: `entry: ` and `line N: `, whole.
        if (entryText != null && !message.startsWith(entryText + ": ") && !message.contains(": " + entryText + ": ")) {
            text.append(", entry ").append(entryText);
        }
        if (line >= 0 && !message.startsWith("line " + line + ": ") && !message.contains(": line " + line + ": ")) {
            text.append(", line ").append(line);
        }
        return text.append(": ").append(message).toString();
    }

    /// The source id.
    ///
    /// @return the value
    public String source() {
        return source;
    }

    /// The archive entry, when the failure belongs to one.
    ///
    /// @return the value, or empty when absent
    public Optional<String> entry() {
        return Optional.ofNullable(entry);
    }

    /// The line of the entry's text, when the failure belongs to one.
    ///
    /// @return the value, or empty when absent
    public OptionalLong line() {
        return line < 0 ? OptionalLong.empty() : OptionalLong.of(line);
    }

    /// What went wrong, naming the archive, address or folder concerned.
    ///
    /// @return the value
    public String message() {
        return message;
    }

    /// Equal when every part is equal.
    ///
    /// @param other the object to compare with
    /// @return whether `other` has the same parts
    @Override
    public boolean equals(Object other) {
        return other instanceof RefreshError that
                && Objects.equals(source, that.source)
                && Objects.equals(entry, that.entry)
                && line == that.line
                && Objects.equals(message, that.message);
    }

    /// A hash of every part.
    ///
    /// @return the hash
    @Override
    public int hashCode() {
        return Objects.hash(source, entry, line, message);
    }
}
