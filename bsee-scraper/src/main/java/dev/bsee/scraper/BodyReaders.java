package dev.bsee.scraper;

import dev.bsee.core.internal.AtomicFiles;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/// The common [BodyReader]s, as [java.net.http.HttpResponse.BodyHandlers] has the common body
/// handlers; [HttpFetcher#spooled] is the one that needs the fetcher's spool directory. Composing a
/// refresh by hand is one line with [#ofEntries]:
///
/// ```java
/// FetchResult<List<EntrySummary>> result = fetcher.fetch(source, BodyReaders.ofEntries(processor, source.id(), sink));
/// ```
public final class BodyReaders {

    private BodyReaders() {
    }

    /// A reader that reads the whole body and keeps none of it: for checking that an archive
    /// downloads whole, or for a conditional request whose state is all that matters.
    ///
    /// @return the reader; its value is the number of bytes read
    public static BodyReader<Long> discarding() {
        return (body, info) -> body.transferTo(OutputStream.nullOutputStream());
    }

    /// A reader that writes the body to `file`, replacing it atomically once the whole body has
    /// arrived: a download that fails leaves whatever `file` held before. The temporary file goes
    /// in the same directory, which must exist.
    ///
    /// @param file where the archive goes
    /// @return the reader; its value is `file`
    public static BodyReader<Path> ofFile(Path file) {
        Objects.requireNonNull(file, "file");
        return (body, info) -> {
            Path target = file.toAbsolutePath();
            AtomicFiles.write(target, target.getParent(), body::transferTo);
            return file;
        };
    }

    /// A reader that hands the body to `processor` as it arrives, so each data entry becomes a
    /// table given to `sink` while the archive downloads.
    ///
    /// @param processor turns entries into tables
    /// @param archiveName what errors and entry progress events call the archive, such as the
    ///     source id (so they group with the download's events) or its file name; not blank
    /// @param sink receives each entry's table, typically to write a `.bin` file
    /// @return the reader; its value is the summaries of the entries, in archive order
    /// @throws IllegalArgumentException when `archiveName` is blank
    public static BodyReader<List<EntrySummary>> ofEntries(ZipStreamProcessor processor, String archiveName,
                                                           EntrySink sink) {
        Objects.requireNonNull(processor, "processor");
        dev.bsee.core.internal.OptionChecks.notBlank("archiveName", archiveName);
        Objects.requireNonNull(sink, "sink");
        return (body, info) -> processor.process(body, archiveName, sink);
    }
}
