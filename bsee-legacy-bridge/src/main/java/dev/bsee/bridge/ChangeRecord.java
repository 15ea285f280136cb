package dev.bsee.bridge;

import dev.bsee.core.DType;

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
///
/// @param rowsBefore the rows before, empty when there was nothing before
/// @param rowsAfter the rows after, empty when nothing is left
/// @param columnsAdded columns present now and not before, in the new order
/// @param columnsRemoved columns present before and not now, in the old order
/// @param dtypeChanges columns present before and after whose dtype changed, in the new order
/// @param newestProductionDateBefore the newest `PRODUCTION_DATE` before, for production data
/// @param newestProductionDateAfter the newest `PRODUCTION_DATE` after, for production data
public record ChangeRecord(OptionalLong rowsBefore, OptionalLong rowsAfter, List<String> columnsAdded,
                           List<String> columnsRemoved, Map<String, DTypeChange> dtypeChanges,
                           Optional<String> newestProductionDateBefore, Optional<String> newestProductionDateAfter) {

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

    /// Validates and copies the record.
    public ChangeRecord {
        Objects.requireNonNull(rowsBefore, "rowsBefore");
        Objects.requireNonNull(rowsAfter, "rowsAfter");
        columnsAdded = List.copyOf(columnsAdded);
        columnsRemoved = List.copyOf(columnsRemoved);
        dtypeChanges = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dtypeChanges));
        Objects.requireNonNull(newestProductionDateBefore, "newestProductionDateBefore");
        Objects.requireNonNull(newestProductionDateAfter, "newestProductionDateAfter");
    }

    /// Nothing known before or after: the record of a report made without a previous state.
    ///
    /// @return the empty record
    public static ChangeRecord none() {
        return new ChangeRecord(OptionalLong.empty(), OptionalLong.empty(), List.of(), List.of(), Map.of(),
                Optional.empty(), Optional.empty());
    }

    /// Whether columns were added or removed or changed their dtype.
    ///
    /// @return true when the columns changed
    public boolean columnsChanged() {
        return !columnsAdded.isEmpty() || !columnsRemoved.isEmpty() || !dtypeChanges.isEmpty();
    }

    /// Whether the rows fell by more than [#SHARP_DROP] of what there was before.
    ///
    /// @return true for a sharp drop
    public boolean rowsDroppedSharply() {
        return rowsBefore.isPresent() && rowsAfter.isPresent()
                && rowsAfter.getAsLong() < rowsBefore.getAsLong() * (1 - SHARP_DROP);
    }
}
