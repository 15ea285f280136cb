package dev.bsee.scraper.internal.http;

import java.io.IOException;

/// Thrown by a reader that kept nothing of the body it read (the spool of
/// [dev.bsee.scraper.HttpFetcher#spooled], which deletes its copy before any of it was parsed; a
/// refresh's streamed reader, which withdraws the files it staged), with the failure that stopped
/// it as the cause. The download may then start over from byte 0 where starting over helps: the
/// archive was replaced during the download, or a body without a length ended inside the archive.
/// A streamed reader that cannot take back what it gave its sink ([dev.bsee.scraper.BodyReaders])
/// does not throw it, so for it both stay failures. Where starting over would not help, the
/// download fails with the cause, as it would have without this wrapper.
public final class BodyDiscarded extends IOException {

    private static final long serialVersionUID = 1L;

    /// @param cause the failure that stopped the reader
    public BodyDiscarded(IOException cause) {
        super(cause.getMessage(), cause);
    }
}
