package dev.bsee.binary;

import java.io.IOException;

/// The input is not a pickle of a pandas DataFrame that [PickleReader] can read: truncated, corrupt,
/// hostile, or holding types outside the supported set. The message says what and where (byte offset,
/// column, file).
public class PickleFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /// A new exception.
    ///
    /// @param message what is wrong and where
    public PickleFormatException(String message) {
        super(message);
    }

    /// A new exception with a cause.
    ///
    /// @param message what is wrong and where
    /// @param cause the underlying failure
    public PickleFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
