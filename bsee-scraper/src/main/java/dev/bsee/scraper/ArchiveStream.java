package dev.bsee.scraper;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;

/// The caller's archive stream, whose own read failures name the archive: the JDK's say nothing of
/// it (a closed file's stream throws a `ClosedChannelException` without a message). Failures that
/// already say what they are about (a [DownloadException] naming its source, a reader's own) pass as
/// they are, and so do interrupts, which the walk reports as the stop they are.
final class ArchiveStream extends FilterInputStream {
    private final String archiveName;

    ArchiveStream(InputStream in, String archiveName) {
        super(in);
        this.archiveName = archiveName;
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (IOException e) {
            throw named(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            throw named(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return in.skip(n);
        } catch (IOException e) {
            throw named(e);
        }
    }

    @Override
    public int available() throws IOException {
        try {
            return in.available();
        } catch (IOException e) {
            throw named(e);
        }
    }

    /// The stream is the caller's to close (see [ZipStreamProcessor#process(InputStream, String, EntrySink)]).
    @Override
    public void close() {
    }

    private IOException named(IOException e) {
        if (!e.getClass().getName().startsWith("java.") || e instanceof InterruptedIOException
                || e instanceof ClosedByInterruptException) {
            return e;
        }
        String why = e instanceof ClosedChannelException ? "the stream is closed"
                : e.getMessage() != null ? e.getMessage() : e.getClass().getName();
        return new IOException(archiveName + ": cannot read the archive: " + why, e);
    }
}
