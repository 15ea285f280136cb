package dev.bsee.core.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Objects;

/// Failures of writing files that name the file. The JDK reports a full disk or an I/O error from
/// a write as a bare `IOException("No space left on device")`; every `.bin`, manifest, state file
/// and temporary the library writes goes through [#naming(Path, OutputStream)] or
/// [#naming(Path, IOException)], so the message says which file could not be written.
public final class FileErrors {

    private FileErrors() {
    }

    /// `failure` as an exception that names `file`: a plain `IOException` (what the JDK throws for
    /// a full disk or an I/O error) becomes a [FileSystemException] for `file` with the same reason
    /// and `failure` as its cause; any subclass (a [FileSystemException] that names its file already,
    /// an interruption, a closed channel, a data error) is returned as it is, since its type says
    /// what happened.
    ///
    /// @param file the file being written
    /// @param failure what went wrong
    /// @return the exception to throw
    public static IOException naming(Path file, IOException failure) {
        Objects.requireNonNull(file, "file");
        if (failure.getClass() != IOException.class) {
            return failure;
        }
        FileSystemException named = new FileSystemException(file.toString(), null,
                failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage());
        named.initCause(failure);
        return named;
    }

    /// `out`, whose write, flush and close failures name `file`.
    ///
    /// @param file the file `out` writes
    /// @param out the stream
    /// @return the wrapped stream
    public static OutputStream naming(Path file, OutputStream out) {
        Objects.requireNonNull(file, "file");
        return new FilterOutputStream(Objects.requireNonNull(out, "out")) {
            @Override
            public void write(int b) throws IOException {
                try {
                    out.write(b);
                } catch (IOException e) {
                    throw naming(file, e);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw naming(file, e);
                }
            }

            @Override
            public void flush() throws IOException {
                try {
                    out.flush();
                } catch (IOException e) {
                    throw naming(file, e);
                }
            }

            @Override
            public void close() throws IOException {
                try {
                    out.close();
                } catch (IOException e) {
                    throw naming(file, e);
                }
            }
        };
    }
}
