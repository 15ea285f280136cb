package dev.bsee.scraper;

import dev.bsee.core.Table;
import dev.bsee.core.internal.SafeText;

import java.nio.charset.Charset;
import java.util.Objects;

/// One data entry of an archive, read into a table.
///
/// @param archive the archive name
/// @param entryName the entry name as stored in the archive (may include folders)
/// @param outputName the file the table belongs in: the entry's base name with `.bin`
/// @param table the table
/// @param charset the charset the text was read in: UTF-8, or ISO-8859-1 when it is not UTF-8
/// @param textBytes the size of the entry's text
public record EntryTable(String archive, String entryName, String outputName, Table table, Charset charset,
                         long textBytes) {
    /// Checks the parts.
    public EntryTable {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(entryName, "entryName");
        Objects.requireNonNull(outputName, "outputName");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(charset, "charset");
    }

    /// The parts, the names escaped (an archive's names may hold any character); the table as its
    /// own `toString` gives it, escaped and cut to its first rows.
    ///
    /// @return the text
    @Override
    public String toString() {
        return "EntryTable[archive=" + SafeText.escape(archive) + ", entryName=" + SafeText.escape(entryName)
                + ", outputName=" + SafeText.escape(outputName) + ", table=" + table + ", charset=" + charset
                + ", textBytes=" + textBytes + "]";
    }
}
