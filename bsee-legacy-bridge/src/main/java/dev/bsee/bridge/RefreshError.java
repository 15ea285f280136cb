package dev.bsee.bridge;

import dev.bsee.core.internal.SafeText;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/// Why a source failed, located as precisely as the failure allows, and of what [Kind], so a
/// scheduler can tell a failure worth retrying soon from one that waits for the data center or for
/// someone on this machine.
public final class RefreshError {

    /// Where a failure lies.
    public enum Kind {
        /// The data center's bytes: the archive or an entry is not what the source's data must be (a
        /// damaged or truncated archive, a malformed row, an entry past the limits). The same bytes
        /// fail the same way, so it waits for the data center to publish them again.
        DATA,
        /// Fetching: the server answered with an error or with something that is not the archive, the
        /// network failed, a timeout passed or a body ended early. A later attempt may succeed.
        DOWNLOAD,
        /// This machine: the output folder or its lock, the disk, the configuration, the refresh
        /// being stopped, or an entry that needed more heap than the JVM has. Someone here has to act.
        LOCAL
    }

    private final Kind kind;
    private final String source;
    private final String entry;  // null: absent
    private final long line;  // negative: absent
    private final String message;

    /// An error located in an entry and line, as far as known.
    ///
    /// @param kind where the failure lies
    /// @param source the source id
    /// @param entry the archive entry, or null when the failure belongs to none
    /// @param line the line of the entry's text, or -1 when the failure belongs to none
    /// @param message what went wrong, naming the archive, address or folder concerned
    public RefreshError(Kind kind, String source, String entry, long line, String message) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.source = Objects.requireNonNull(source, "source");
        this.entry = entry;
        this.line = line < 0 ? -1 : line;
        this.message = Objects.requireNonNull(message, "message");
    }

    /// An error about the source as a whole.
    ///
    /// @param kind where the failure lies
    /// @param source the source id
    /// @param message what went wrong
    /// @return the error
    public static RefreshError of(Kind kind, String source, String message) {
        return new RefreshError(kind, source, null, -1, message);
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

    /// Where the failure lies.
    ///
    /// @return the kind
    public Kind kind() {
        return kind;
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
                && kind == that.kind
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
        return Objects.hash(kind, source, entry, line, message);
    }
}
