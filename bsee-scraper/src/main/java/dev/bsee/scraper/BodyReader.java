package dev.bsee.scraper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/// Reads the body of a download and turns it into a value, the way a
/// [java.net.http.HttpResponse.BodyHandler] does, but over one blocking [InputStream] that stays
/// continuous across retries: when a connection drops, [HttpFetcher] resumes or restarts the
/// transfer behind the stream, so the reader never sees a duplicated or missing byte. A
/// [ZipStreamProcessor] can therefore read the body directly. [BodyReaders] has the common ones:
/// discard the body, write it to a file, or turn its entries into tables.
///
/// The stream belongs to the fetcher: closing it is allowed and harmless, and whatever the reader
/// leaves unread is read and checked by the fetcher afterwards (length, truncation), so a result is
/// only returned for a body that arrived whole. An [IOException] thrown by the reader ends the
/// download without a retry and reaches the caller unchanged, unless it was caused by the transfer
/// failing, in which case the caller gets the [DownloadException] that explains why.
///
/// @param <T> what the reader makes of the body
@FunctionalInterface
public interface BodyReader<T> {

    /// Reads the body.
    ///
    /// @param body the body: one continuous stream of the whole archive
    /// @param info the address, status, length, type and validators of the body
    /// @return the value the fetch result carries
    /// @throws IOException when the body cannot be read or is not what the reader expects
    T read(InputStream body, BodyInfo info) throws IOException;

    /// Reads a body that has been copied to a file, for readers that need random access (a
    /// [java.util.zip.ZipFile] read by several threads). See [HttpFetcher#spooled(FromFile)].
    ///
    /// @param <T> what the reader makes of the file
    @FunctionalInterface
    interface FromFile<T> {

        /// Reads the spooled body. The file is deleted when this returns or throws.
        ///
        /// @param file the complete, verified body
        /// @param info the address, status, length, type and validators of the body
        /// @return the value the fetch result carries
        /// @throws IOException when the file cannot be read
        T read(Path file, BodyInfo info) throws IOException;
    }
}
