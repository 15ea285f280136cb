package dev.bsee.scraper.internal.http;

import dev.bsee.core.internal.MessageText;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/// One response body as a blocking stream with the two timeouts `java.net.http` does not apply to a
/// body: the longest silence between bytes, and a deadline for the whole exchange. The request
/// timeout of [java.net.http.HttpRequest] stops counting once the headers arrive; without these a
/// server that stalls mid-body would block a download forever.
///
/// It is its own [HttpResponse.BodySubscriber] and completes at once, so `HttpClient.send` returns
/// as soon as the headers are in, like `BodyHandlers.ofInputStream()`. At most two buffers lists are
/// held: one being read and one requested.
final class BodyStream implements HttpResponse.BodySubscriber<BodyStream> {

    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    private final long idleNanos;
    private final Duration timeout;
    private final long deadlineNanos;
    private boolean pastDeadline;
    private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
    private ByteBuffer current;
    private boolean ended;

    /// @param idle the longest wait for the next bytes
    /// @param timeout the request timeout, as messages name it
    /// @param deadlineNanos the [System#nanoTime()] by which the whole body must have arrived
    BodyStream(Duration idle, Duration timeout, long deadlineNanos) {
        this.idleNanos = idle.toNanos();
        this.timeout = timeout;
        this.deadlineNanos = deadlineNanos;
    }

    /// Whether reading ended because the request timeout passed, rather than because the server
    /// fell silent: a body that keeps arriving too slowly has not stalled, and saying so would send
    /// the user looking for a dead server instead of a timeout to raise.
    ///
    /// @return true once a read failed at the deadline
    boolean pastDeadline() {
        return pastDeadline;
    }

    @Override
    public CompletionStage<BodyStream> getBody() {
        return CompletableFuture.completedStage(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        Objects.requireNonNull(s, "subscription");
        if (!subscription.complete(s)) {
            s.cancel();
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        queue.add(throwable);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    /// Reads up to `len` bytes, waiting at most the idle timeout and never past the deadline.
    ///
    /// @return the bytes read, or -1 at the end of the body
    /// @throws HttpTimeoutException when no bytes arrive in time (the exchange is cancelled)
    /// @throws IOException when the connection fails
    int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (System.nanoTime() - deadlineNanos >= 0) {
            // Past the deadline nothing more is read, however much is waiting: a reader slower than
            // the network (a coded body decoded a byte at a time) always finds bytes queued, and
            // went on for many times the timeout.
            throw deadlinePassed();
        }
        while (current == null || !current.hasRemaining()) {
            if (buffers.hasNext()) {
                current = buffers.next();
                continue;
            }
            if (ended) {
                return -1;
            }
            next();
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    private void next() throws IOException {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw deadlinePassed();
        }
        long wait = Math.min(idleNanos, remaining);
        Object item;
        try {
            item = queue.poll(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the response body");
        }
        if (item == null) {
            cancel();
            pastDeadline = remaining <= idleNanos;
            throw new HttpTimeoutException(pastDeadline
                    ? "the response did not arrive whole within the request timeout of " + MessageText.duration(timeout)
                    : "no bytes arrived for " + MessageText.duration(Duration.ofNanos(idleNanos)));
        }
        if (item == END) {
            ended = true;
            return;
        }
        if (item instanceof Throwable t) {
            ended = true;
            Engine.rethrowOutOfMemory(t);
            throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
        }
        @SuppressWarnings("unchecked")
        List<ByteBuffer> list = (List<ByteBuffer>) item;
        buffers = list.iterator();
        subscription.join().request(1);
    }

    private HttpTimeoutException deadlinePassed() {
        cancel();
        pastDeadline = true;
        return new HttpTimeoutException("the response did not arrive whole within the request timeout of "
                + MessageText.duration(timeout));
    }

    /// Abandons the body: the connection is closed rather than drained.
    void cancel() {
        subscription.thenAccept(Flow.Subscription::cancel);
    }
}
