package dev.bsee.scraper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/// Overlaps the reading of a zip stream with the parsing of its entries. A stream gives its entries
/// one after another, so the thread that reads the archive copies each entry's bytes (compressed,
/// when the worker inflates them, else inflated) into an [EntrySpool] while a worker parses and
/// writes it as it fills: with `workers` parsers, up to `workers` entries are parsed at once while
/// the next one is received. At most
/// `workers + 1` entries are in flight; their buffered bytes share a heap bound and spill to a file
/// beyond it, so the network never waits for the parser and the heap does not grow with the entries.
///
/// With one worker there is nothing to overlap with and each entry runs on the reading thread, as
/// before. Results come back in archive order; a failure, of the reading thread or of a worker,
/// ends the archive (a worker's once the entries before it have ended, so that the one thrown is
/// the first in archive order), and closing the pipeline stops and awaits every worker, so no entry is
/// still being written once the processor returns or throws.
final class EntryPipeline implements AutoCloseable {

    /// Parses one entry from its bytes.
    @FunctionalInterface
    interface EntryWork {
        EntrySummary run(InputStream data) throws IOException;
    }

    private static final System.Logger LOG = System.getLogger(EntryPipeline.class.getName());
    /// The heap share of the buffered entry bytes: the column buffers of the entries being parsed
    /// take most of a small heap.
    private static final int HEAP_SHARE_DIVISOR = 16;
    private static final long MAX_BUFFER_BYTES = 64L << 20;
    /// The heap bytes the spools of every pipeline of the JVM hold at once ([#JVM_BUFFER_BYTES]).
    private static final AtomicLong JVM_BUFFERED = new AtomicLong();
    /// The default buffer bound, a sixteenth of the heap, at most 64 MiB, for all the pipelines of
    /// the JVM together: a refresh streams several archives at once, and a sixteenth for each ran it
    /// out of heap beside the column buffers' share.
    private static final long JVM_BUFFER_BYTES =
            Math.min(MAX_BUFFER_BYTES, Math.max(EntrySpool.CHUNK_BYTES, Runtime.getRuntime().maxMemory() / HEAP_SHARE_DIVISOR));

    private final String archiveName;
    private final int workers;
    private final Path spillDirectory;
    private final EntrySpool.Memory memory;
    private final Semaphore inFlight;
    private final WarmUpGate warmUp;
    private final List<Future<EntrySummary>> running = new ArrayList<>();
    /// The names of the entries of [#running], in the same order.
    private final List<String> names = new ArrayList<>();
    private final List<EntrySpool> spools = new ArrayList<>();
    private final List<EntrySummary> inline = new ArrayList<>();
    private ExecutorService pool;

    /// A pipeline with the default buffer bound, shared with the JVM's other pipelines, whose
    /// entries wait for the JVM's [WarmUpGate] where it holds them back.
    EntryPipeline(String archiveName, int workers, Path spillDirectory) {
        this(archiveName, workers, spillDirectory, new EntrySpool.Memory(JVM_BUFFER_BYTES, JVM_BUFFERED), WarmUpGate.JVM);
    }

    EntryPipeline(String archiveName, int workers, Path spillDirectory, long bufferBytes, WarmUpGate warmUp) {
        this(archiveName, workers, spillDirectory, new EntrySpool.Memory(bufferBytes), warmUp);
    }

    private EntryPipeline(String archiveName, int workers, Path spillDirectory, EntrySpool.Memory memory, WarmUpGate warmUp) {
        this.archiveName = archiveName;
        this.warmUp = warmUp;
        this.workers = workers;
        this.spillDirectory = spillDirectory;
        this.memory = memory;
        // One more than the workers, the entry being received; at the largest parallelism the builder
        // takes (Integer.MAX_VALUE) that count wrapped around to a negative one, which no release fits.
        this.inFlight = new Semaphore(workers == Integer.MAX_VALUE ? workers : workers + 1);
    }

    /// Whether entries are parsed on workers, while the archive is read on.
    boolean parallel() {
        return workers > 1;
    }

    /// Hands one entry to the pipeline, on the thread that reads the archive: returns once all of
    /// `data` is read (buffered for its worker, or parsed here with one worker).
    ///
    /// When `data` fails with a [SourceDataException] (the archive ends inside the entry), the
    /// entry's worker is awaited: when it failed for a reason of its own in the bytes it had (a
    /// deflate stream that ended before its declared size, a zip bomb), that is the failure thrown,
    /// unless it is only what the damaged bytes looked like as text ([EntryConverter#reported]).
    void submit(String entryName, InputStream data, EntryWork work) throws IOException {
        if (workers == 1) {
            try {
                inline.add(work.run(data));
            } finally {
                warmUp.open();
            }
            return;
        }
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            throw EntryWorkers.interrupted(archiveName);
        }
        failFast();
        if (pool == null) {
            pool = EntryWorkers.pool(archiveName, workers);
        }
        EntrySpool spool = new EntrySpool(memory, spillDirectory, entryName);
        spools.add(spool);
        // The entries the gate holds back wait for it; the reading thread receives them meanwhile.
        int position = running.size();
        Future<EntrySummary> entry = pool.submit(() -> {
            try (InputStream in = spool.reader()) {
                warmUp.awaitTurn(position, archiveName);
                return work.run(in);
            } finally {
                warmUp.open();
                inFlight.release();
            }
        });
        running.add(entry);
        names.add(entryName);
        try {
            spool.fill(data);
        } catch (SourceDataException e) {
            // An entry before this one that failed is the failure of the archive, whichever came first
            // in time: a later entry's cut named the archive's end while line 3 of an earlier one was bad.
            throwFailureBefore(running.size() - 1);
            throw workersOwnFailure(entry).map(own -> EntryConverter.reported(own, e)).orElse(e);
        }
    }

    /// Waits for the first `count` entries handed over, in archive order, and throws the first
    /// failure among them; returns when they all ended well. The reading thread calls it before it
    /// throws a failure of its own (the archive ending inside a later entry, or its header refused),
    /// so that the failure reported is the first in archive order whichever came first in time.
    ///
    /// @param count how many of the entries handed over come before the reading thread's failure
    /// @throws IOException the first of them that failed
    void throwFailureBefore(int count) throws IOException {
        for (Future<EntrySummary> earlier : running.subList(0, Math.min(count, running.size()))) {
            await(earlier);
        }
    }

    /// As [#throwFailureBefore(int)] for the entries handed over before the one `failure` names
    /// (whose own damage, found by the reading thread, beats what its damaged bytes looked like to its
    /// parser), or for all of them when it names none of them (the next entry's header).
    ///
    /// @param failure the reading thread's failure
    /// @throws IOException the first of the earlier entries that failed
    void throwFailureBefore(SourceDataException failure) throws IOException {
        int at = failure.entry().map(names::indexOf).orElse(-1);
        throwFailureBefore(at < 0 ? running.size() : at);
    }

    /// The entry's failure when it is a [SourceDataException]; the spool's failure has reached its
    /// reader, so the worker ends soon.
    private Optional<SourceDataException> workersOwnFailure(Future<EntrySummary> entry) {
        try {
            entry.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SourceDataException own) {
                return Optional.of(own);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /// Waits for every entry and returns their summaries in archive order.
    List<EntrySummary> finish() throws IOException {
        if (workers == 1) {
            return List.copyOf(inline);
        }
        List<EntrySummary> results = new ArrayList<>(running.size());
        for (Future<EntrySummary> entry : running) {
            results.add(await(entry));
        }
        return results;
    }

    /// A failed worker stops the reading before the next entry once every entry before it has
    /// ended well: the failure thrown is the first in archive order, as [#finish] throws it, not
    /// that of whichever worker failed first.
    private void failFast() throws IOException {
        for (Future<EntrySummary> entry : running) {
            if (!entry.isDone()) {
                return;
            }
            await(entry);
        }
    }

    private EntrySummary await(Future<EntrySummary> entry) throws IOException {
        try {
            return entry.get();
        } catch (InterruptedException e) {
            throw EntryWorkers.interrupted(archiveName);
        } catch (ExecutionException e) {
            throw EntryWorkers.rethrow(e.getCause());
        }
    }

    /// Stops the workers still running (after a failure) and waits for them, then drops every
    /// buffered byte and spill file.
    @Override
    public void close() throws IOException {
        if (pool != null) {
            EntryWorkers.stop(pool, archiveName);
        }
        for (EntrySpool spool : spools) {
            spool.close();
        }
        if (memory.spilled() > 0) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: {1} bytes of entries received ahead of their parser went to spool files",
                    archiveName, memory.spilled());
        }
    }

    /// The buffers' heap and spill use so far.
    EntrySpool.Memory memory() {
        return memory;
    }
}
