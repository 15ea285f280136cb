package dev.bsee.bridge;

/// Which of the two refresh paths produced a [SourceReport].
public enum RefreshPath {
    /// `data.refresh`: zip archives already on disk (`parameters.filepath.<source>.zip`), converted
    /// to `.bin` files.
    LEGACY,
    /// `data.enhanced_refresh`: the archive downloaded from its address and converted as it arrives.
    ENHANCED;

    /// `legacy` or `enhanced`, as the report's JSON writes it.
    ///
    /// @return the lower-case name
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
