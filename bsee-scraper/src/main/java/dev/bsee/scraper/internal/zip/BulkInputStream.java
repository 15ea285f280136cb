package dev.bsee.scraper.internal.zip;

import java.io.IOException;
import java.io.InputStream;

/// A stream that reads in bulk: a single byte is a bulk read of one. The streams of archives,
/// entries, downloads and text all do their work in [#read(byte[], int, int)]; this is their one
/// [#read()].
public abstract class BulkInputStream extends InputStream {

    /// For subclasses.
    protected BulkInputStream() {
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
