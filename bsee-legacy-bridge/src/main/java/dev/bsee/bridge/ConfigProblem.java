package dev.bsee.bridge;

import dev.bsee.core.internal.SafeText;

import java.util.Objects;

/// Something wrong or doubtful in a configuration file, located by key and line.
///
/// A wrong type or an impossible value is an error ([ConfigException]); a key the refresh does not
/// know is a warning ([RefreshConfig#warnings()], repeated in the [RefreshReport]), because the
/// Python system's files carry keys that only the Python code read.
///
/// @param key the dotted key path, e.g. `processing.retries`
/// @param line the line in the file, from 1; 0 when the problem is the whole file (its size, its
///        encoding), which has no position
/// @param column the column in the line, from 1; 0 with line 0
/// @param message what is wrong, e.g. `expected a whole number but found "three"`
public record ConfigProblem(String key, int line, int column, String message) {

    /// The key of a problem that concerns the file as a whole rather than one key.
    public static final String WHOLE_FILE = "(document)";

    /// Validates the problem.
    public ConfigProblem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    /// `key (line L, column C): message`; a problem without a position is only its message when it
    /// concerns the whole file, else `key: message`. One line: the key and the message quote the
    /// file, where YAML's escapes put any character, so control characters are escaped
    /// (`\n` for a line break, `\x1b` for an escape); the fields keep the text as it is.
    @Override
    public String toString() {
        String text = SafeText.escape(message);
        if (line > 0) {
            return SafeText.escape(key) + " (line " + line + ", column " + column + "): " + text;
        }
        return WHOLE_FILE.equals(key) ? text : SafeText.escape(key) + ": " + text;
    }
}
