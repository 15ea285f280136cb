package dev.bsee.binary;

import dev.bsee.core.internal.SafeText;

import java.io.IOException;

/// The input is not a pickle of a pandas DataFrame that [PickleReader] can read: truncated, corrupt,
/// hostile, or holding types outside the supported set. The message says what and where (the file,
/// the byte offset and, once the reader knows it, the column), on one line: names from the file
/// (columns, globals) and paths may hold any character, so control characters are escaped (`\n`,
/// `\e`, `\x{202e}`) as in every message of the library.
public class PickleFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /// A new exception.
    ///
    /// @param message what is wrong and where
    public PickleFormatException(String message) {
        super(SafeText.escape(message));
    }

    /// A new exception with a cause.
    ///
    /// @param message what is wrong and where
    /// @param cause the underlying failure
    public PickleFormatException(String message, Throwable cause) {
        super(SafeText.escape(message), cause);
    }
}
