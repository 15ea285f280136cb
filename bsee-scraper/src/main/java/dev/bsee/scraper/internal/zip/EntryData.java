package dev.bsee.scraper.internal.zip;

import java.io.InputStream;

/// The uncompressed bytes of one entry of a zip stream, with the count of compressed bytes they took
/// so far: the fact an [EntryStream] holds the expansion ratio to, never a size the archive declares.
public abstract sealed class EntryData extends InputStream permits DelimitedData, DescribedData {

    EntryData() {
    }

    /// The compressed bytes consumed so far (for a stored entry, the bytes read).
    ///
    /// @return the count
    public abstract long compressedRead();
}
