package dev.bsee.core.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Objects;

/// Failures of writing files that name the file. The JDK reports a full disk or an I/O error from
/// a write as a bare `IOException("No space left on device")`; every `.bin`, manifest, state file
/// and temporary the library writes goes through [#naming(Path, OutputStream)] or
/// [#naming(Path, IOException)], so the message says which file could not be written. A channel
/// that an interrupt closed is named too ([#interrupted(Path, java.nio.channels.ClosedChannelException)]): the
/// JDK's exception has no message at all.
public final class FileErrors {

    private FileErrors() {
    }

    /// `failure` as an exception that names `file`: a plain `IOException` (what the JDK throws for
    /// a full disk or an I/O error) becomes a [FileSystemException] for `file` with the same reason
    /// and `failure` as its cause; a channel closed by an interrupt becomes one that names `file`
    /// ([#interrupted(Path, java.nio.channels.ClosedChannelException)]); any other subclass (a [FileSystemException]
    /// that names its file already, a closed channel, a data error) is returned as it is, since its
    /// type says what happened.
    ///
    /// @param file the file being written
    /// @param failure what went wrong
    /// @return the exception to throw
    public static IOException naming(Path file, IOException failure) {
        Objects.requireNonNull(file, "file");
        if (failure instanceof ClosedByInterruptException closed) {
            return interrupted(file, closed);
        }
        if (failure.getClass() != IOException.class) {
            return failure;
        }
        FileSystemException named = new FileSystemException(file.toString(), null,
                failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage());
        named.initCause(failure);
        return named;
    }

    /// `failure`, said of `file` instead of the path it names: a temporary or staging path the tool
    /// made for `file`, which the user never gave. The type (access denied, no such file, another
    /// reason) and the system's reason stay; the original is kept as a suppressed exception, for a
    /// stack trace, and not as the cause, whose message a one-line error adds to its own: the line
    /// named the temporary after all.
    ///
    /// @param file the file the user knows
    /// @param failure the failure on the tool's own path
    /// @return the same failure, of `file`
    public static FileSystemException saidOf(Path file, FileSystemException failure) {
        String reason = failure.getReason();
        FileSystemException said = switch (failure) {
            case java.nio.file.AccessDeniedException denied -> new java.nio.file.AccessDeniedException(file.toString(), null, reason);
            case java.nio.file.NoSuchFileException missing -> new java.nio.file.NoSuchFileException(file.toString(), null, reason);
            default -> new FileSystemException(file.toString(), null, MessageText.systemReason(failure));
        };
        said.addSuppressed(failure);
        return said;
    }

    /// `failure`, a file that could not be written for an archive's entry (a full disk, a folder
    /// that refuses files, an I/O error), said with the entry it was written for: the file is a
    /// temporary in a staging folder, whose path alone does not tell a user which data it was, and
    /// the one-line error names the entry as a data error does. The type says where it went wrong:
    /// a failure that is not the file system's (an interrupt, a data error) is returned as it is.
    ///
    /// @param entry the entry, as the message names it (`ogora2024delimit.zip: ogora2024delimit.txt`)
    /// @param failure what went wrong writing the entry's file
    /// @return the exception to throw
    public static IOException writingEntry(String entry, IOException failure) {
        if (!(failure instanceof FileSystemException fs)) {
            return failure;
        }
        return new EntryWriteFailure(entry, entry + ": could not write its .bin file: " + MessageText.fileFailure(fs), fs);
    }

    /// A file that could not be written for an archive's entry, its message naming the entry
    /// ([#writingEntry]); the file system's failure is its cause. A convert says of it, as of a
    /// damaged entry, that its output folder is as it was; a refresh's report gives the entry as the
    /// error's, as it does a damaged entry's.
    public static final class EntryWriteFailure extends IOException {
        private static final long serialVersionUID = 1L;
        private final String entry;

        private EntryWriteFailure(String entry, String message, FileSystemException cause) {
            super(message, cause);
            this.entry = entry;
        }

        /// The entry whose file could not be written, as the caller named it.
        ///
        /// @return the entry
        public String entry() {
            return entry;
        }
    }

    /// `failure`, the JDK's report that the thread's interrupt closed a file's channel (or that a
    /// channel the interrupt had closed was used again), as one whose message names `file`: the JDK's
    /// has no message, so an application's log line read `null` and a refresh's
    /// `ClosedByInterruptException` alone. It is a [ClosedByInterruptException], which callers test
    /// for; one that names its file already is returned as it is.
    ///
    /// @param file the file whose channel was closed
    /// @param failure the JDK's exception
    /// @return the exception to throw
    public static ClosedByInterruptException interrupted(Path file, java.nio.channels.ClosedChannelException failure) {
        Objects.requireNonNull(file, "file");
        if (failure instanceof FileClosedByInterrupt named) {
            return named;
        }
        FileClosedByInterrupt named = new FileClosedByInterrupt(file.toString());
        named.initCause(failure);
        return named;
    }

    /// A [ClosedByInterruptException] that names the file whose channel the interrupt closed.
    public static final class FileClosedByInterrupt extends ClosedByInterruptException {
        private static final long serialVersionUID = 1L;

        private final String file;

        private FileClosedByInterrupt(String file) {
            this.file = file;
        }

        /// The file and what happened to it.
        ///
        /// @return the message
        @Override
        public String getMessage() {
            return file + ": the thread was interrupted, which closed the file (its interrupt status stays set)";
        }
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
