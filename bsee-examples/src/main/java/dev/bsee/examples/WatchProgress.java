package dev.bsee.examples;

import dev.bsee.core.BseeSource;
import dev.bsee.core.ProgressEvent;
import dev.bsee.core.ProgressListener;
import dev.bsee.examples.mirror.DemoMirror;
import dev.bsee.scraper.BodyReaders;
import dev.bsee.scraper.HttpFetcher;
import dev.bsee.scraper.ZipStreamProcessor;

import java.io.IOException;

/// Follows a download and its conversion through [ProgressEvent]s: a [ProgressListener] is one
/// method, and the events are a sealed set, so a `switch` covers them all. The same listener can be
/// given to the fetcher, the processor and the `BseeRefresh` facade; `bsee` renders the events as
/// progress bars with `ConsoleProgress`.
///
/// Run: `java -cp bsee.jar dev.bsee.examples.WatchProgress`. It downloads the production archive from
/// the embedded demo mirror and parses it without writing anything.
public final class WatchProgress {

    private WatchProgress() {
    }

    /// Prints every event of one download and conversion.
    ///
    /// @param args none
    /// @throws IOException when the download fails
    public static void main(String[] args) throws IOException {
        ProgressListener print = event -> {
            String line = switch (event) {
                case ProgressEvent.Download d -> "downloaded " + d.bytesReceived() + " of "
                        + (d.totalBytes().isPresent() ? d.totalBytes().getAsLong() : "?") + " bytes";
                case ProgressEvent.EntryStarted s -> "started " + s.entry();
                case ProgressEvent.EntryProgress p -> p.entry() + ": " + p.rows() + " rows so far";
                case ProgressEvent.EntryFinished f -> "finished " + f.entry() + ": " + f.rows() + " rows, dtypes " + f.dtypes();
                case ProgressEvent.Notice n -> "notice: " + n.message();
            };
            System.out.println(event.source() + ": " + line);
        };

        try (DemoMirror mirror = DemoMirror.open();
             HttpFetcher fetcher = HttpFetcher.builder().listener(print).build()) {
            BseeSource production = mirror.catalog().find("production").orElseThrow();
            ZipStreamProcessor processor = ZipStreamProcessor.builder().listener(print).build();
            fetcher.fetch(production, BodyReaders.ofEntries(processor, entry -> entry.table().rowCount()));
        }
    }
}
