package dev.bsee.scraper;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/// An archive's bytes as a stream that releases a latch once it has been read to its end: the tests
/// of the streamed walk wait on it to see that entries were parsed while the rest still arrived.
final class ReadToTheEnd extends FilterInputStream {
    final CountDownLatch reached = new CountDownLatch(1);

    ReadToTheEnd(byte[] bytes) {
        super(new ByteArrayInputStream(bytes));
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            reached.countDown();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            reached.countDown();
        }
        return n;
    }
}
