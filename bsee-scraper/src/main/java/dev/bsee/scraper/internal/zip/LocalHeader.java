package dev.bsee.scraper.internal.zip;

import java.io.InputStream;
import java.util.OptionalLong;

/// What one local entry header of a zip stream states, as [LocalEntries] read it: the name, the
/// general-purpose flags, the compression method and, unless the sizes follow the data in a data
/// descriptor (flag bit 3), the CRC-32 and both sizes, a zip64 extra field applied. Nothing here is
/// trusted: whoever reads the entry's data checks every one of these against the bytes.
///
/// @param name the entry name, decoded as UTF-8
/// @param flags the general-purpose bit flags
/// @param method [#STORED] or [#DEFLATED] (the reader refuses any other)
/// @param crc the CRC-32 the header declares (0 when a data descriptor follows the data)
/// @param compressedSize the compressed size the header declares (0 when a data descriptor follows)
/// @param size the uncompressed size the header declares (0 when a data descriptor follows)
/// @param zip64 whether the header has a zip64 extra field (a data descriptor then has 8-byte sizes)
/// @param offset where the header starts in the archive
public record LocalHeader(String name, int flags, int method, long crc, long compressedSize, long size,
                          boolean zip64, long offset) {

    /// The compression method of stored (uncompressed) data.
    public static final int STORED = 0;
    /// The compression method of deflated data.
    public static final int DEFLATED = 8;
    /// Flag bit 3: the CRC and sizes follow the data in a data descriptor.
    static final int DATA_DESCRIPTOR = 1 << 3;

    /// Whether the entry is a folder ([EntryNames#isFolder(String)]).
    ///
    /// @return true for a folder entry
    public boolean isDirectory() {
        return EntryNames.isFolder(name);
    }

    /// Whether the header declares the compressed size, so that the entry's compressed bytes can be
    /// taken off the stream without inflating them (flag bit 3 clear).
    ///
    /// @return true when the sizes are in the header
    public boolean delimited() {
        return (flags & DATA_DESCRIPTOR) == 0;
    }

    /// The uncompressed size the header declares, or -1 when a data descriptor gives it after the data.
    ///
    /// @return the size, or -1
    public long declaredSize() {
        return delimited() ? size : -1;
    }

    /// The CRC-32 the header declares, or empty when a data descriptor gives it after the data.
    ///
    /// @return the CRC
    public OptionalLong declaredCrc() {
        return delimited() ? OptionalLong.of(crc) : OptionalLong.empty();
    }

    /// The uncompressed bytes of this entry's compressed bytes, as [LocalEntries#compressed()] took them
    /// off the archive (possibly on another thread, through a buffer). The stream ends exactly where the
    /// compressed size ends: a deflate stream that ends earlier, or needs more, fails with a
    /// `ZipException`. The uncompressed size and CRC are not checked here ([EntryStream] does).
    ///
    /// @param compressed exactly the [#compressedSize()] bytes of this entry's data
    /// @return the uncompressed bytes
    /// @throws IllegalStateException when the header does not declare the compressed size
    public EntryData inflate(InputStream compressed) {
        if (!delimited()) {
            throw new IllegalStateException(name + " has its sizes in a data descriptor");
        }
        return new DelimitedData(compressed, compressedSize, method == STORED);
    }
}
