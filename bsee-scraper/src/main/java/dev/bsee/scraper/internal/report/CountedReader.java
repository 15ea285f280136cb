package dev.bsee.scraper.internal.report;

import dev.bsee.scraper.BodyReader;

/// A [BodyReader] that also hears, as its download ends, however it ends, the requests it made and
/// the body bytes that arrived. A failure the reader throws reaches the caller as it was (see
/// [BodyReader]), and a download that fails before its body reaches the reader never calls it: a
/// report of either said one attempt after several, or no bytes after some arrived.
///
/// @param <T> what the reader makes of the body
public interface CountedReader<T> extends BodyReader<T> {

    /// Called once, when the download returns or throws (from the thread that called the fetch).
    ///
    /// @param attempts HTTP requests made, resumptions and restarts included (0 when none was made,
    ///                 as for a fresh cache)
    /// @param bytesReceived body bytes received of the version the download ended on, as
    ///                      [dev.bsee.scraper.FetchResult#bytes()] counts them (coded, as they came)
    void ended(int attempts, long bytesReceived);
}
