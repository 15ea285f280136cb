package dev.bsee.bridge.internal;

import dev.bsee.bridge.ChangeRecord;
import dev.bsee.bridge.FileChange;
import dev.bsee.bridge.FileReport;
import dev.bsee.binary.PickleReader;
import dev.bsee.binary.internal.SpillingAllocator;
import dev.bsee.core.DType;
import dev.bsee.core.Table;
import dev.bsee.core.internal.OwnFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

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
        return of(before, after, removed, List.of(), Map.of());
    }

    /// The comparison of a refresh that wrote `after` into a folder whose manifest listed `before`,
    /// where files the manifest does not list as they were, or not at all, stood under some of the
    /// names written.
    ///
    /// @param before the previous manifest's files, empty when there was no manifest
    /// @param after the files written
    /// @param removed the names of the previous files the commit removed
    /// @param missing the names of the previous files the folder no longer held at the commit
    /// @param standing what stood under names of `after` where the folder's file was not what
    ///     `before` lists as written, read before the commit replaced it ([#standing])
    /// @return the records
    public static Changes of(Optional<List<FileReport>> before, List<FileReport> after, List<String> removed,
                             List<String> missing, Map<String, Standing> standing) {
        Map<String, FileReport> previous = new LinkedHashMap<>();
        before.orElse(List.of()).forEach(file -> previous.put(file.file(), file));
        List<FileChange> files = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> columnsRemoved = new ArrayList<>();
        Map<String, ChangeRecord.DTypeChange> dtypes = new LinkedHashMap<>();
        boolean reordered = false;
        // Rows of files that stood in the folder though no manifest listed them count as "before":
        // the Python system's files, on the first refresh of its folder, held rows too. One that
        // could not be read leaves the source's "before" unknown rather than short of its rows.
        long rowsBefore = before.map(Changes::rows).orElse(-1L);
        boolean rowsBeforeUnknown = false;
        String newestBefore = before.flatMap(Changes::newestProductionDate).orElse(null);
        for (FileReport now : after) {
            FileReport then = previous.remove(now.file());
            Standing stood = standing.get(now.file());
            if (then != null && stood != null) {
                // Rewritten since the last refresh: what the folder held is what stood there.
                rowsBefore -= then.rows();
                then = null;
            }
            if (then == null && stood == null) {
                files.add(new FileChange(now.file(), FileChange.Status.ADDED, new ChangeRecord(-1, now.rows(),
                        List.of(), List.of(), Map.of(), null, now.newestProductionDate().orElse(null))));
                continue;
            }
            if (then == null && stood.file().isEmpty()) {
                rowsBeforeUnknown = true;
                files.add(new FileChange(now.file(), FileChange.Status.REPLACED, new ChangeRecord(-1, now.rows(),
                        List.of(), List.of(), Map.of(), null, now.newestProductionDate().orElse(null)),
                        stood.unreadable()));
                continue;
            }
            ChangeRecord change;
            FileChange.Status status;
            if (then == null) {
                FileReport read = stood.file().get();
                change = compare(read, now);
                status = FileChange.Status.REPLACED;
                rowsBefore = plus(Math.max(rowsBefore, 0), read.rows());
                newestBefore = ProductionDates.newer(newestBefore, read.newestProductionDate().orElse(null));
            } else {
                change = compare(then, now);
                // The same shape with other values is a change too: the hash says whether anything differs.
                boolean same = !change.columnsChanged() && then.rows() == now.rows() && then.sha256().equals(now.sha256());
                status = same ? FileChange.Status.UNCHANGED : FileChange.Status.CHANGED;
            }
            files.add(new FileChange(now.file(), status, change));
            reordered |= change.columnsReordered();
            change.columnsAdded().forEach(column -> added.add(now.file() + ":" + column));
            change.columnsRemoved().forEach(column -> columnsRemoved.add(now.file() + ":" + column));
            change.dtypeChanges().forEach((column, dtype) -> dtypes.put(now.file() + ":" + column, dtype));
        }
        java.util.Set<String> removedNames = new java.util.HashSet<>(removed);
        java.util.Set<String> missingNames = new java.util.HashSet<>(missing);
        for (FileReport gone : previous.values()) {
            FileChange.Status status = removedNames.contains(gone.file()) ? FileChange.Status.REMOVED
                    : missingNames.contains(gone.file()) ? FileChange.Status.MISSING : FileChange.Status.LEFT_ALONE;
            files.add(new FileChange(gone.file(), status, new ChangeRecord(gone.rows(), -1,
                    List.of(), List.of(), Map.of(), gone.newestProductionDate().orElse(null), null)));
        }
        ChangeRecord source = new ChangeRecord(rowsBeforeUnknown ? -1 : rowsBefore, rows(after), added, columnsRemoved,
                dtypes, newestBefore, newestProductionDate(after).orElse(null), reordered);
        return new Changes(source, files);
    }

    /// What stood in the folder under a name the previous manifest does not list, read before the
    /// commit replaced it: its rows, columns and dtypes, or why it could not be read.
    ///
    /// @param file the file's shape (entry and hash empty), when it could be read
    /// @param unreadable why it could not be read, otherwise
    public record Standing(Optional<FileReport> file, Optional<String> unreadable) {
    }

    /// Reads the files that stand in `bin` under the names of `after` written by this refresh (not
    /// those it keeps as they are) whose bytes are not what `last` (the previous manifest of this
    /// source) lists: the Python system's, before the first refresh of a folder; an analyst's own,
    /// or one rewritten since (a rewritten file was listed as unchanged, though the refresh replaced
    /// it); those of a manifest that was damaged. A file whose permissions alone changed holds what
    /// the refresh wrote, and is not read. Only regular files are read (a link in such a place stops
    /// the commit anyway). Only these are read, so a refresh after the first reads no earlier
    /// output. A file that cannot be read (not a pickle, cut short, access denied, too large for the
    /// heap) is reported with why, never as empty.
    ///
    /// @param bin the output folder
    /// @param after the files about to be committed
    /// @param last the previous manifest, empty when there was none
    /// @param kept the names of `after` kept as the folder holds them
    /// @param spill the run's folder, where large column buffers of a read may go
    /// @return name -> what stood there, for the names where something did
    /// @throws java.nio.channels.ClosedByInterruptException when the refresh is stopped meanwhile
    public static Map<String, Standing> standing(Path bin, List<FileReport> after, Optional<Manifest> last,
                                                 java.util.Set<String> kept, OwnFolder spill)
            throws java.nio.channels.ClosedByInterruptException {
        Map<String, FileReport> listed = last.map(Manifest::filesByName).orElse(Map.of());
        Map<String, Standing> standing = new LinkedHashMap<>();
        for (FileReport now : after) {
            Path file = bin.resolve(now.file());
            if (kept.contains(now.file()) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            FileReport then = listed.get(now.file());
            if (then != null && !contentChanged(file, then, last.orElseThrow())) {
                continue;
            }
            standing.put(now.file(), read(file, now.file(), spill));
        }
        return standing;
    }

    /// Whether `file` holds other bytes than `manifest` lists for it; one that cannot be told is
    /// read as one that changed, and the read says why it could not be.
    private static boolean contentChanged(Path file, FileReport listed, Manifest manifest) {
        try {
            return manifest.standing(file.getParent(), listed) == WrittenFile.Standing.CONTENT_CHANGED;
        } catch (IOException unreadable) {
            return true;
        }
    }

    private static Standing read(Path file, String name, OwnFolder spill) throws java.nio.channels.ClosedByInterruptException {
        try (SpillingAllocator allocator = SpillingAllocator.open(spill, Runtime.getRuntime().maxMemory() / 8)) {
            Table table = PickleReader.builder().allocator(allocator).build().read(file);
            return new Standing(Optional.of(new FileReport("", name, table.rowCount(), table.columnNames(),
                    table.dtypes(), "", Files.size(file), ProductionDates.newest(table).orElse(null))), Optional.empty());
        } catch (java.nio.channels.ClosedByInterruptException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            return new Standing(Optional.empty(), Optional.of(Failures.message(e)));
        } catch (OutOfMemoryError e) {
            return new Standing(Optional.empty(), Optional.of(file + " needs more heap to read than this JVM has ("
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB)"));
        }
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
        // Reordered: the columns both have, taken in each one's order, differ.
        List<String> kept = then.columns().stream().filter(current::containsKey).toList();
        boolean reordered = !kept.equals(now.columns().stream().filter(old::containsKey).toList());
        return new ChangeRecord(then.rows(), now.rows(), added, removed, changed,
                then.newestProductionDate().orElse(null), now.newestProductionDate().orElse(null), reordered);
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
