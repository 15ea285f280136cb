package dev.bsee.scraper;

import dev.bsee.core.DType;
import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.OptionChecks;
import dev.bsee.core.internal.SafeText;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/// What processing one entry produced, kept after its table is gone.
///
/// @param entryName the entry name as stored in the archive
/// @param outputName the output file name (`.bin`)
/// @param rows the number of rows
/// @param columns the column names
/// @param dtypes the column dtypes
/// @param charset the charset the text was read in
/// @param textBytes the size of the entry's text
/// @param elapsed the time from the start of reading to the sink's return
public record EntrySummary(String entryName, String outputName, int rows, List<String> columns, List<DType> dtypes,
                           Charset charset, long textBytes, Duration elapsed) {
    /// Copies the lists.
    public EntrySummary {
        Objects.requireNonNull(entryName, "entryName");
        Objects.requireNonNull(outputName, "outputName");
        columns = OptionChecks.listOf("columns", columns);
        dtypes = OptionChecks.listOf("dtypes", dtypes);
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /// The parts, the names escaped and the columns listed as messages list them (the first twenty
    /// and a count): an archive's entry and column names may hold any character, and an entry may
    /// have thousands of columns.
    ///
    /// @return the text
    @Override
    public String toString() {
        return "EntrySummary[entryName=" + SafeText.escape(entryName) + ", outputName=" + SafeText.escape(outputName)
                + ", rows=" + rows + ", columns=" + MessageText.names(columns) + ", dtypes="
                + MessageText.names(dtypes) + ", charset=" + charset + ", textBytes=" + textBytes
                + ", elapsed=" + elapsed + "]";
    }
}
