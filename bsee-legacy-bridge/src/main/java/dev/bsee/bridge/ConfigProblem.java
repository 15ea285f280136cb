package dev.bsee.bridge;

import java.util.Objects;

/// Something wrong or doubtful in a configuration file, located by key and line.
///
/// A wrong type or an impossible value is an error ([ConfigException]); a key the refresh does not
/// know is a warning ([RefreshConfig#warnings()], repeated in the [RefreshReport]), because the
/// Python system's files carry keys that only the Python code read.
///
/// @param key the dotted key path, e.g. `processing.retries`
/// @param line the line in the file, from 1
/// @param column the column in the line, from 1
/// @param message what is wrong, e.g. `expected a whole number but found "three"`
public record ConfigProblem(String key, int line, int column, String message) {

    /// Validates the problem.
    public ConfigProblem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    /// `key (line L, column C): message`.
    @Override
    public String toString() {
        return key + " (line " + line + ", column " + column + "): " + message;
    }
}
