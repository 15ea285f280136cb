package dev.bsee.bridge;

import dev.bsee.core.DType;
import dev.bsee.core.internal.OptionChecks;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/// What changed in one `.bin` file, or in a whole source, since the previous refresh of its folder.
///
/// For a file, the columns and dtypes compare it with the file of the same name the previous
/// manifest lists. For a source, the rows are the sums over its files and the columns are named
/// `file:COLUMN` (e.g. `mv_apddata_all.bin:WELL_NAME`). A file that is new or gone has empty column
/// lists: its [FileChange.Status] says it all.
///
/// The newest `PRODUCTION_DATE` is kept for production data (tables with a `PRODUCTION_DATE`
/// column): the greatest value, compared as a date where it reads as one (`202401`, `20240115`,
/// `1/15/2024`, `2024-01-15`), as text otherwise. It is recorded in the manifest when the file is
/// written, so the next refresh compares without reading old files.
public final class ChangeRecord {

    private final long rowsBefore;  // negative: absent
    private final long rowsAfter;  // negative: absent
    private final List<String> columnsAdded;
    private final List<String> columnsRemoved;
    private final Map<String, DTypeChange> dtypeChanges;
    private final String newestProductionDateBefore;  // null: absent
    private final String newestProductionDateAfter;  // null: absent
    private final boolean columnsReordered;

    /// The value; a part that is absent is null (a number: -1).
    ///
    /// @param rowsBefore the rows before, or -1 when there was nothing before
    /// @param rowsAfter the rows after, or -1 when nothing is left
    /// @param columnsAdded columns present now and not before, in the new order
    /// @param columnsRemoved columns present before and not now, in the old order
    /// @param dtypeChanges columns present before and after whose dtype changed, in the new order
    /// @param newestProductionDateBefore the newest `PRODUCTION_DATE` before, for production data, or null when absent
    /// @param newestProductionDateAfter the newest `PRODUCTION_DATE` after, for production data, or null when absent
    public ChangeRecord(long rowsBefore, long rowsAfter, List<String> columnsAdded, List<String> columnsRemoved,
                        Map<String, DTypeChange> dtypeChanges, String newestProductionDateBefore,
                        String newestProductionDateAfter) {
        this(rowsBefore, rowsAfter, columnsAdded, columnsRemoved, dtypeChanges, newestProductionDateBefore,
                newestProductionDateAfter, false);
    }

    /// The value, saying also whether the columns kept moved among themselves.
    ///
    /// @param rowsBefore the rows before, or -1 when there was nothing before
    /// @param rowsAfter the rows after, or -1 when nothing is left
    /// @param columnsAdded columns present now and not before, in the new order
    /// @param columnsRemoved columns present before and not now, in the old order
    /// @param dtypeChanges columns present before and after whose dtype changed, in the new order
    /// @param newestProductionDateBefore the newest `PRODUCTION_DATE` before, for production data, or null when absent
    /// @param newestProductionDateAfter the newest `PRODUCTION_DATE` after, for production data, or null when absent
    /// @param columnsReordered whether the columns present before and after are in another order
    public ChangeRecord(long rowsBefore, long rowsAfter, List<String> columnsAdded, List<String> columnsRemoved,
                        Map<String, DTypeChange> dtypeChanges, String newestProductionDateBefore,
                        String newestProductionDateAfter, boolean columnsReordered) {
        this.columnsReordered = columnsReordered;
        this.rowsBefore = rowsBefore < 0 ? -1 : rowsBefore;
        this.rowsAfter = rowsAfter < 0 ? -1 : rowsAfter;
        this.columnsAdded = OptionChecks.listOf("columnsAdded", columnsAdded);
        this.columnsRemoved = OptionChecks.listOf("columnsRemoved", columnsRemoved);
        this.dtypeChanges = java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(Objects.requireNonNull(dtypeChanges, "dtypeChanges")));
        this.newestProductionDateBefore = newestProductionDateBefore;
        this.newestProductionDateAfter = newestProductionDateAfter;
    }

    /// How far the rows of a file may fall between two refreshes before it counts as schema drift:
    /// more than 10 % fewer rows. BSEE tables grow or stay level between publications; a large
    /// drop means a truncated or reorganised publication.
    public static final double SHARP_DROP = 0.10;

    /// A change of one column's dtype.
    ///
    /// @param before the dtype before
    /// @param after the dtype now
    public record DTypeChange(DType before, DType after) {
        /// Checks for nulls.
        public DTypeChange {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }
    }

    /// Nothing known before or after: the record of a report made without a previous state.
    ///
    /// @return the empty record
    public static ChangeRecord none() {
        return new ChangeRecord(-1, -1, List.of(), List.of(), Map.of(), null, null);
    }

    /// Whether columns were added or removed or changed their dtype.
    ///
    /// @return true when the columns changed
    public boolean columnsChanged() {
        return !columnsAdded.isEmpty() || !columnsRemoved.isEmpty() || !dtypeChanges.isEmpty();
    }

    /// Whether the columns present before and after stand in another order among themselves (code
    /// that takes columns by position, as the Python system's renaming of headerless production
    /// tables does, reads other columns then). For a source: whether any of its files' did.
    ///
    /// @return true when they were reordered
    public boolean columnsReordered() {
        return columnsReordered;
    }

    /// Whether the rows fell by more than [#SHARP_DROP] of what there was before.
    ///
    /// @return true for a sharp drop
    public boolean rowsDroppedSharply() {
        return rowsBefore >= 0 && rowsAfter >= 0 && rowsAfter < rowsBefore * (1 - SHARP_DROP);
    }

    /// The rows before, empty when there was nothing before.
    ///
    /// @return the value, or empty when absent
    public OptionalLong rowsBefore() {
        return rowsBefore < 0 ? OptionalLong.empty() : OptionalLong.of(rowsBefore);
    }

    /// The rows after, empty when nothing is left.
    ///
    /// @return the value, or empty when absent
    public OptionalLong rowsAfter() {
        return rowsAfter < 0 ? OptionalLong.empty() : OptionalLong.of(rowsAfter);
    }

    /// Columns present now and not before, in the new order.
    ///
    /// @return the value
    public List<String> columnsAdded() {
        return columnsAdded;
    }

    /// Columns present before and not now, in the old order.
    ///
    /// @return the value
    public List<String> columnsRemoved() {
        return columnsRemoved;
    }

    /// Columns present before and after whose dtype changed, in the new order.
    ///
    /// @return the value
    public Map<String, DTypeChange> dtypeChanges() {
        return dtypeChanges;
    }

    /// The newest `PRODUCTION_DATE` before, for production data.
    ///
    /// @return the value, or empty when absent
    public Optional<String> newestProductionDateBefore() {
        return Optional.ofNullable(newestProductionDateBefore);
    }

    /// The newest `PRODUCTION_DATE` after, for production data.
    ///
    /// @return the value, or empty when absent
    public Optional<String> newestProductionDateAfter() {
        return Optional.ofNullable(newestProductionDateAfter);
    }

    /// Equal when every part is equal.
    ///
    /// @param other the object to compare with
    /// @return whether `other` has the same parts
    @Override
    public boolean equals(Object other) {
        return other instanceof ChangeRecord that
                && rowsBefore == that.rowsBefore
                && rowsAfter == that.rowsAfter
                && columnsReordered == that.columnsReordered
                && Objects.equals(columnsAdded, that.columnsAdded)
                && Objects.equals(columnsRemoved, that.columnsRemoved)
                && Objects.equals(dtypeChanges, that.dtypeChanges)
                && Objects.equals(newestProductionDateBefore, that.newestProductionDateBefore)
                && Objects.equals(newestProductionDateAfter, that.newestProductionDateAfter);
    }

    /// A hash of every part.
    ///
    /// @return the hash
    @Override
    public int hashCode() {
        return Objects.hash(rowsBefore, rowsAfter, columnsAdded, columnsRemoved, dtypeChanges,
                            newestProductionDateBefore, newestProductionDateAfter, columnsReordered);
    }

    /// The parts, for messages and debugging.
    ///
    /// @return the text
    @Override
    public String toString() {
        // Column names are the archive's (any character), and a table may add thousands.
        return "ChangeRecord[rowsBefore=" + rowsBefore + ", rowsAfter=" + rowsAfter + ", columnsAdded="
                + dev.bsee.core.internal.MessageText.names(columnsAdded) + ", columnsRemoved="
                + dev.bsee.core.internal.MessageText.names(columnsRemoved) + ", columnsReordered=" + columnsReordered
                + ", dtypeChanges=" + dev.bsee.core.internal.MessageText.names(dtypeChanges.entrySet())
                + ", newestProductionDateBefore=" + newestProductionDateBefore + ", newestProductionDateAfter="
                + newestProductionDateAfter + "]";
    }
}
