package dev.bsee.scraper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/// The threads that convert an archive's entries: daemon threads named after the archive
/// (`bsee-zip-<archive>-<n>`), started per archive and stopped with it. [#runAll] runs the entries of
/// a file; [EntryPipeline] uses the same threads for a stream. A failure stops the entries after it;
/// those before it run to their end, and the failure thrown is that of the first entry in archive
/// order that failed, whichever thread failed first: two runs of an archive with several bad
/// entries named one or the other. The workers are awaited, so no entry is still being written
/// once the processor returns or throws.
final class EntryWorkers {

    private static final System.Logger LOG = System.getLogger(EntryWorkers.class.getName());
    private static final long STOP_MINUTES = 5;

    /// Converts one entry.
    @FunctionalInterface
    interface Task<T> {
        EntrySummary run(T entry) throws IOException;
    }

    private EntryWorkers() {
    }

    /// A pool of `threads` entry workers for the archive.
    static ExecutorService pool(String archiveName, int threads) {
        return Executors.newFixedThreadPool(threads, new Names(archiveName));
    }

    /// Runs `task` for every entry, up to `parallelism` at once (one entry, or a parallelism of 1,
    /// runs on the calling thread), and returns the summaries in the entries' order. In parallel the
    /// entries `warmUp` holds back wait until it is open.
    static <T> List<EntrySummary> runAll(String archiveName, int parallelism, List<T> entries, WarmUpGate warmUp,
                                         Task<T> task) throws IOException {
        if (parallelism == 1 || entries.size() == 1) {
            List<EntrySummary> results = new ArrayList<>();
            for (T entry : entries) {
                results.add(run(task, entry, warmUp));
            }
            return results;
        }
        ExecutorService pool = pool(archiveName, Math.min(parallelism, entries.size()));
        CompletionService<Integer> done = new ExecutorCompletionService<>(pool);
        EntrySummary[] results = new EntrySummary[entries.size()];
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                int index = i;
                Future<Integer> future = done.submit(() -> {
                    warmUp.awaitTurn(index, archiveName);
                    results[index] = run(task, entries.get(index), warmUp);
                    return index;
                });
                futures.add(future);
            }
            int firstFailed = entries.size();
            Throwable failure = null;
            for (int i = 0; i < entries.size(); i++) {
                Future<Integer> next = done.take();
                try {
                    next.get();
                } catch (CancellationException stoppedByAnEarlierFailure) {
                    // Its failure, if any, comes after the one kept.
                } catch (ExecutionException e) {
                    // A lookup on the failure path only.
                    int index = futures.indexOf(next);
                    if (index < firstFailed) {
                        firstFailed = index;
                        failure = e.getCause();
                        futures.subList(index + 1, futures.size()).forEach(later -> later.cancel(true));
                    }
                }
            }
            if (failure != null) {
                stop(pool, archiveName);
                throw rethrow(failure);
            }
            return List.of(results);
        } catch (InterruptedException e) {
            InterruptedIOException interrupted = interrupted(archiveName);
            stop(pool, archiveName);
            throw interrupted;
        } finally {
            pool.shutdownNow();
        }
    }

    /// Runs one entry's task; an entry that ended without its table read opens `warmUp` too.
    private static <T> EntrySummary run(Task<T> task, T entry, WarmUpGate warmUp) throws IOException {
        try {
            return task.run(entry);
        } finally {
            warmUp.open();
        }
    }

    /// Interrupts the pool's workers and waits for them, so running entries see the interrupt and
    /// close their allocators before the caller goes on. The wait holds when the caller was itself
    /// interrupted, which is why it stops them most often: an interrupted wait returned at once, and
    /// the caller went on (and deleted its spill folder) while sinks still ran. The interrupt is kept.
    static void stop(ExecutorService pool, String archiveName) {
        pool.shutdownNow();
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(STOP_MINUTES);
        try {
            while (true) {
                try {
                    if (!pool.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                        LOG.log(System.Logger.Level.WARNING, "entry workers of " + archiveName + " did not stop within "
                                + STOP_MINUTES + " minutes");
                    }
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /// What a thread that was interrupted while it processed or waited for `archiveName`'s entries
    /// throws; the thread keeps its interrupt.
    static InterruptedIOException interrupted(String archiveName) {
        Thread.currentThread().interrupt();
        return new InterruptedIOException("processing " + archiveName + " was interrupted");
    }

    /// A worker's failure as the caller throws it: I/O and unchecked failures as they were.
    static IOException rethrow(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException(cause);
    }

    private static final class Names implements ThreadFactory {
        private final String archiveName;
        private final AtomicInteger count = new AtomicInteger();

        Names(String archiveName) {
            this.archiveName = archiveName;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "bsee-zip-" + archiveName + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
