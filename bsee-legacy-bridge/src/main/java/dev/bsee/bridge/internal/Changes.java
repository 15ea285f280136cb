package dev.bsee.bridge.internal;

import dev.bsee.bridge.ChangeRecord;
import dev.bsee.bridge.FileChange;
import dev.bsee.bridge.FileReport;
import dev.bsee.core.DType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/// Compares the files of a refresh with the files the previous manifest lists.
///
/// @param source the source's record: rows summed, columns named `file:COLUMN`
/// @param files one record per file written or removed
public record Changes(ChangeRecord source, List<FileChange> files) {

    /// The comparison of a refresh that wrote `after` into a folder whose manifest listed `before`.
    ///
    /// @param before the previous manifest's files, empty when there was no manifest
    /// @param after the files written
    /// @param removed the names of the previous files the commit removed; the others it no longer
    ///     lists were left in the folder
    /// @return the records
    public static Changes of(Optional<List<FileReport>> before, List<FileReport> after, List<String> removed) {
        Map<String, FileReport> previous = new LinkedHashMap<>();
        before.orElse(List.of()).forEach(file -> previous.put(file.file(), file));
        List<FileChange> files = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> columnsRemoved = new ArrayList<>();
        Map<String, ChangeRecord.DTypeChange> dtypes = new LinkedHashMap<>();
        for (FileReport now : after) {
            FileReport then = previous.remove(now.file());
            if (then == null) {
                files.add(new FileChange(now.file(), FileChange.Status.ADDED, new ChangeRecord(-1, now.rows(),
                        List.of(), List.of(), Map.of(), null, now.newestProductionDate().orElse(null))));
                continue;
            }
            ChangeRecord change = compare(then, now);
            // The same shape with other values is a change too: the hash says whether anything differs.
            boolean same = !change.columnsChanged() && then.rows() == now.rows() && then.sha256().equals(now.sha256());
            files.add(new FileChange(now.file(), same ? FileChange.Status.UNCHANGED : FileChange.Status.CHANGED, change));
            change.columnsAdded().forEach(column -> added.add(now.file() + ":" + column));
            change.columnsRemoved().forEach(column -> columnsRemoved.add(now.file() + ":" + column));
            change.dtypeChanges().forEach((column, dtype) -> dtypes.put(now.file() + ":" + column, dtype));
        }
        for (FileReport gone : previous.values()) {
            files.add(new FileChange(gone.file(), removed.contains(gone.file()) ? FileChange.Status.REMOVED
                    : FileChange.Status.LEFT_ALONE, new ChangeRecord(gone.rows(), -1,
                    List.of(), List.of(), Map.of(), gone.newestProductionDate().orElse(null), null)));
        }
        ChangeRecord source = new ChangeRecord(before.map(Changes::rows).orElse(-1L), rows(after), added, columnsRemoved,
                dtypes, before.flatMap(Changes::newestProductionDate).orElse(null),
                newestProductionDate(after).orElse(null));
        return new Changes(source, files);
    }

    /// The record of a source whose folder keeps `files` as they were (unchanged or failed).
    ///
    /// @param files the files the manifest lists, empty when there is no manifest
    /// @return the record: before and after alike, no file records
    public static Changes kept(Optional<List<FileReport>> files) {
        long rows = files.map(Changes::rows).orElse(-1L);
        String newest = files.flatMap(Changes::newestProductionDate).orElse(null);
        return new Changes(new ChangeRecord(rows, rows, List.of(), List.of(), Map.of(), newest, newest), List.of());
    }

    /// `a + b` for counts, the largest long where the sum would wrap around.
    ///
    /// @param a a count
    /// @param b another
    /// @return the sum, saturated
    static long plus(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static ChangeRecord compare(FileReport then, FileReport now) {
        Map<String, DType> old = dtypes(then);
        Map<String, DType> current = dtypes(now);
        List<String> added = now.columns().stream().filter(column -> !old.containsKey(column)).toList();
        List<String> removed = then.columns().stream().filter(column -> !current.containsKey(column)).toList();
        Map<String, ChangeRecord.DTypeChange> changed = new LinkedHashMap<>();
        current.forEach((column, dtype) -> {
            DType earlier = old.get(column);
            if (earlier != null && earlier != dtype) {
                changed.put(column, new ChangeRecord.DTypeChange(earlier, dtype));
            }
        });
        return new ChangeRecord(then.rows(), now.rows(), added, removed, changed,
                then.newestProductionDate().orElse(null), now.newestProductionDate().orElse(null));
    }

    /// Column -> dtype; a duplicated name keeps its first dtype (pandas renames duplicates, so
    /// these come only from hand-made tables).
    private static Map<String, DType> dtypes(FileReport file) {
        Map<String, DType> map = new LinkedHashMap<>();
        for (int i = 0; i < file.columns().size(); i++) {
            map.putIfAbsent(file.columns().get(i), file.dtypes().get(i));
        }
        return map;
    }

    private static long rows(Collection<FileReport> files) {
        return files.stream().mapToLong(FileReport::rows).reduce(0, Changes::plus);
    }

    private static Optional<String> newestProductionDate(Collection<FileReport> files) {
        String newest = null;
        for (FileReport file : files) {
            newest = ProductionDates.newer(newest, file.newestProductionDate().orElse(null));
        }
        return Optional.ofNullable(newest);
    }
}
