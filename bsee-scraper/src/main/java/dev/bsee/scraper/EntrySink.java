package dev.bsee.scraper;

import java.io.IOException;

/// Receives each data entry of an archive as a table, typically to write it as a `.bin` file.
///
/// The table's buffers belong to the entry's allocator, which is closed as soon as `accept` returns:
/// write or copy what is needed before returning. When a [ZipStreamProcessor] runs entries in
/// parallel, `accept` is called from several threads at once.
@FunctionalInterface
public interface EntrySink {

    /// Handles one entry.
    ///
    /// @param entry the entry and its table
    /// @throws IOException when handling fails; processing stops with this exception
    void accept(EntryTable entry) throws IOException;
}
