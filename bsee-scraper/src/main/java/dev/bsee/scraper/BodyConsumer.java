package dev.bsee.scraper;

import java.io.IOException;
import java.io.InputStream;

/// Reads the body of a download and turns it into a value, the way a
/// [java.net.http.HttpResponse.BodyHandler] does, but over one blocking [InputStream] that stays
/// continuous across retries: when a connection drops, [HttpFetcher] resumes or restarts the
/// transfer behind the stream, so the consumer never sees a duplicated or missing byte. A
/// `ZipStreamProcessor`-style reader can therefore consume the body directly.
///
/// The stream belongs to the fetcher: closing it is allowed and harmless, and whatever the consumer
/// leaves unread is read and checked by the fetcher afterwards (length, truncation), so a result is
/// only returned for a body that arrived whole. An [IOException] thrown by the consumer ends the
/// download without a retry and reaches the caller unchanged, unless it was caused by the transfer
/// failing, in which case the caller gets the [DownloadException] that explains why.
///
/// @param <T> what the consumer makes of the body
@FunctionalInterface
public interface BodyConsumer<T> {

    /// Reads the body.
    ///
    /// @param body the body: one continuous stream of the whole archive
    /// @param info the status, length, type and validators of the response
    /// @return the value the fetch result carries
    /// @throws IOException when the body cannot be read or is not what the consumer expects
    T accept(InputStream body, ResponseInfo info) throws IOException;

    /// Reads a body that has been copied to a file, for consumers that need random access (a
    /// [java.util.zip.ZipFile] read by several threads). See [HttpFetcher#spooled(FromFile)].
    ///
    /// @param <T> what the reader makes of the file
    @FunctionalInterface
    interface FromFile<T> {

        /// Reads the spooled body. The file is deleted when this returns or throws.
        ///
        /// @param file the complete, verified body
        /// @param info the status, length, type and validators of the response
        /// @return the value the fetch result carries
        /// @throws IOException when the file cannot be read
        T accept(java.nio.file.Path file, ResponseInfo info) throws IOException;
    }
}
