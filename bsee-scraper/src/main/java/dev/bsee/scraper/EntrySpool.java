package dev.bsee.scraper;

import dev.bsee.core.internal.DiskReserve;
import dev.bsee.scraper.internal.zip.BulkInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/// The bytes of one entry (compressed, or inflated; see [EntryPipeline]) on their way from the
/// thread that reads the archive to the thread that parses them: a queue of chunks that never blocks
/// the writer. Chunks stay on the heap
/// while the pipeline's shared [Memory] allows, and go to a spill file (deleted when the spool
/// closes) beyond it, so an entry received faster than it is parsed costs bounded heap whatever its
/// size. The reader sees the bytes in order and blocks only until the next chunk arrives.
final class EntrySpool implements AutoCloseable {

    static final int CHUNK_BYTES = 1 << 16;

    /// Heap chunks shared by the spools of one pipeline: at most `limit` bytes in use at once, counted
    /// in `used` (which several pipelines may share), and released chunks kept for reuse rather
    /// than left to the garbage collector.
    static final class Memory {
        private final long limit;
        private final AtomicLong used;
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong spilled = new AtomicLong();
        private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();

        Memory(long limit) {
            this(limit, new AtomicLong());
        }

        /// Chunks counted in `used` together with those of the other pipelines given the same counter.
        Memory(long limit, AtomicLong used) {
            this.limit = limit;
            this.used = used;
        }

        /// A chunk within the limit, or `null` when the limit is reached.
        byte[] take() {
            long now = used.addAndGet(CHUNK_BYTES);
            if (now > limit) {
                used.addAndGet(-CHUNK_BYTES);
                return null;
            }
            peak.accumulateAndGet(now, Math::max);
            byte[] chunk = free.poll();
            return chunk != null ? chunk : new byte[CHUNK_BYTES];
        }

        void give(byte[] chunk) {
            free.offer(chunk);
            used.addAndGet(-CHUNK_BYTES);
        }

        /// The most heap bytes the chunks held at once.
        long peak() {
            return peak.get();
        }

        /// The bytes that went to spill files.
        long spilled() {
            return spilled.get();
        }
    }

    private sealed interface Segment {
    }

    private record HeapChunk(byte[] bytes, int length) implements Segment {
    }

    private record FileRange(long position, int length) implements Segment {
    }

    private record End() implements Segment {
    }

    private record Failed(Throwable cause) implements Segment {
    }

    private final Memory memory;
    private final Path spillDirectory;
    private final String entryName;
    private final BlockingQueue<Segment> segments = new LinkedBlockingQueue<>();
    private FileChannel spill;
    private DiskReserve.Meter spillMeter;
    private long spillEnd;
    private volatile boolean closed;

    EntrySpool(Memory memory, Path spillDirectory, String entryName) {
        this.memory = memory;
        this.spillDirectory = spillDirectory;
        this.entryName = entryName;
    }

    /// Copies `data` to its end into the spool, on the calling thread. Once the reader has closed
    /// the spool (it failed, or it stopped early), the rest is still read, to keep the archive
    /// moving and its checks running, but no longer kept. When reading `data` fails, the bytes read
    /// before the failure still reach the reader, then the failure: the reader may find its own
    /// reason to fail in them (a deflate stream that ends before the archive does).
    ///
    /// @return the bytes copied
    long fill(InputStream data) throws IOException {
        long total = 0;
        // Made when the heap's share runs out, and dropped with this call: a pipeline keeps every
        // spool of an archive until it closes, and a buffer per spool made an archive of a few
        // thousand small entries run out of heap.
        byte[] spillChunk = null;
        try {
            boolean end = false;
            while (!end) {
                byte[] chunk = closed ? null : memory.take();
                if (chunk == null && spillChunk == null) {
                    spillChunk = new byte[CHUNK_BYTES];
                }
                byte[] target = chunk != null ? chunk : spillChunk;
                int length = 0;
                try {
                    while (length < CHUNK_BYTES) {
                        int n = data.read(target, length, CHUNK_BYTES - length);
                        if (n < 0) {
                            end = true;
                            break;
                        }
                        length += n;
                    }
                } finally {
                    total += length;
                    keep(chunk, spillChunk, length);
                }
            }
            segments.add(new End());
            return total;
        } catch (IOException | RuntimeException | Error e) {
            segments.add(new Failed(e));
            throw e;
        }
    }

    /// Queues the first `length` bytes of `chunk` (a heap chunk), or of `spillChunk` when `chunk` is
    /// null.
    private void keep(byte[] chunk, byte[] spillChunk, int length) throws IOException {
        if (length == 0) {
            if (chunk != null) {
                memory.give(chunk);
            }
        } else if (chunk != null) {
            segments.add(new HeapChunk(chunk, length));
            if (closed) {
                releaseQueued();
            }
        } else {
            spill(spillChunk, length);
        }
    }

    private synchronized void spill(byte[] spillChunk, int length) throws IOException {
        if (closed) {
            return;
        }
        if (spill == null) {
            // Deleted on close (on Linux at once, so even a killed process leaves nothing behind).
            Path file = Files.createTempFile(spillDirectory, ".bsee-entry-", ".spool");
            spill = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
            spillMeter = new DiskReserve.Meter(file);
        }
        spillMeter.add(length);
        ByteBuffer buffer = ByteBuffer.wrap(spillChunk, 0, length);
        long position = spillEnd;
        while (buffer.hasRemaining()) {
            position += spill.write(buffer, position);
        }
        memory.spilled.addAndGet(length);
        segments.add(new FileRange(spillEnd, length));
        spillEnd = position;
    }

    private synchronized int readSpill(long position, byte[] into, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into, 0, length);
        while (buffer.hasRemaining()) {
            if (spill.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("the spool file of " + entryName + " ended early");
            }
        }
        return length;
    }

    /// The bytes as they arrive; closing it closes the spool.
    InputStream reader() {
        return new Reader();
    }

    /// Releases the heap chunks not yet read and deletes the spill file; the writer keeps
    /// draining its input without keeping it.
    @Override
    public void close() throws IOException {
        synchronized (this) {
            closed = true;
            if (spill != null) {
                spill.close();
            }
        }
        releaseQueued();
    }

    private void releaseQueued() {
        Segment segment;
        while ((segment = segments.poll()) != null) {
            if (segment instanceof HeapChunk chunk) {
                memory.give(chunk.bytes());
            }
        }
    }

    private final class Reader extends BulkInputStream {
        private byte[] current = new byte[0];
        private boolean fromMemory;
        private int position;
        private int limit;
        private boolean ended;
        private byte[] fileBuffer;

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (position == limit) {
                if (ended || !advance()) {
                    return -1;
                }
            }
            int n = Math.min(length, limit - position);
            System.arraycopy(current, position, into, offset, n);
            position += n;
            return n;
        }

        private boolean advance() throws IOException {
            if (fromMemory) {
                memory.give(current);
                fromMemory = false;
            }
            Segment next;
            try {
                next = segments.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("reading " + entryName + " was interrupted");
            }
            position = 0;
            limit = 0;
            switch (next) {
                case HeapChunk chunk -> {
                    current = chunk.bytes();
                    fromMemory = true;
                    limit = chunk.length();
                }
                case FileRange range -> {
                    if (fileBuffer == null) {
                        fileBuffer = new byte[CHUNK_BYTES];
                    }
                    current = fileBuffer;
                    limit = readSpill(range.position(), fileBuffer, range.length());
                }
                case End end -> ended = true;
                case Failed failed -> {
                    ended = true;
                    throw new IOException("reading " + entryName + " from the archive failed: " + failed.cause().getMessage(),
                            failed.cause());
                }
            }
            return !ended;
        }

        @Override
        public void close() throws IOException {
            if (fromMemory) {
                memory.give(current);
                fromMemory = false;
            }
            current = new byte[0];
            position = limit = 0;
            ended = true;
            EntrySpool.this.close();
        }
    }
}
