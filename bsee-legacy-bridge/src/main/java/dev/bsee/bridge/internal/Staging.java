package dev.bsee.bridge.internal;

import dev.bsee.core.internal.FileErrors;
import dev.bsee.core.internal.OwnFolder;
import dev.bsee.core.internal.SameFileNames;
import dev.bsee.core.internal.StagedFiles;
import dev.bsee.bridge.FileReport;
import dev.bsee.core.Table;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/// The new files of one refresh of one folder, written beside it until the whole source succeeded.
///
/// Thread-safe: entries converted in parallel may be written at the same time.
public final class Staging implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Staging.class.getName());

    /// Writes a table to a stream, e.g. `PickleWriter::write`.
    @FunctionalInterface
    public interface TableWriter {
        /// Writes `table` to `out` (without closing it).
        ///
        /// @param table the table
        /// @param out the stream
        /// @throws IOException when writing fails
        void write(Table table, OutputStream out) throws IOException;
    }

    private final OutputFolder folder;
    private final OwnFolder runFolder;
    private final Path run;
    private final StagedFiles writes;
    private final Map<String, FileReport> files = new LinkedHashMap<>();
    /// The entry that gives each file name, by the name's [SameFileNames#key], from the moment its
    /// write starts: a second entry of that name (or of one that is the same file on macOS or
    /// Windows) is refused even while the first is still being written.
    private final Map<String, Claim> entries = new java.util.HashMap<>();
    private final Set<String> kept = new java.util.HashSet<>();
    private boolean journaled;
    private boolean committed;

    Staging(OutputFolder folder, OwnFolder run) {
        this.folder = folder;
        this.runFolder = run;
        this.run = run.path();
        this.writes = new StagedFiles(run);
    }

    /// The run folder this refresh made for its temporaries, to check before writing or deleting
    /// one there.
    ///
    /// @return the folder
    public OwnFolder runFolder() {
        return runFolder;
    }

    /// The folder temporaries of this refresh are written to.
    ///
    /// @return the folder
    public Path directory() {
        return run;
    }

    /// Writes one table as a staged `.bin` file and describes it. The file is made durable in the
    /// background; [#commit] waits for that before its journal.
    ///
    /// @param entry the archive entry the table came from
    /// @param fileName the `.bin` file name it will have in the folder
    /// @param table the table
    /// @param writer how the table becomes bytes
    /// @return the file's description
    /// @throws IOException when writing fails, or another entry already gave the same file name
    public FileReport write(String entry, String fileName, Table table, TableWriter writer) throws IOException {
        folder.binFile(fileName);
        synchronized (this) {
            if (committed) {
                throw new IllegalStateException("already committed");
            }
            claim(entry, fileName);
            files.put(fileName, null);
        }
        Path target = run.resolve(fileName);
        MessageDigest sha256 = sha256();
        long[] bytes = {0};
        try {
            writes.write(target, out -> {
                HashingStream counted = new HashingStream(out, sha256);
                writer.write(table, counted);
                counted.flush();
                bytes[0] = counted.count;
            });
        } catch (IOException e) {
            forget(fileName);
            throw FileErrors.writingEntry(entry, e);
        } catch (RuntimeException | Error e) {
            forget(fileName);
            throw e;
        }
        FileReport report = new FileReport(entry, fileName, table.rowCount(), table.columnNames(), table.dtypes(),
                HexFormat.of().formatHex(sha256.digest()), bytes[0], ProductionDates.newest(table).orElse(null));
        synchronized (this) {
            files.put(fileName, report);
        }
        return report;
    }

    /// Gives up the name of a file that could not be written.
    private synchronized void forget(String fileName) {
        files.remove(fileName);
        entries.remove(SameFileNames.key(fileName));
    }

    /// Withdraws staged files, so that an archive read again from its start (a download that starts
    /// over) can write them again: their names are given up and the files deleted from the run
    /// folder. A name not staged is passed over.
    ///
    /// @param fileNames the files' names in the folder
    /// @throws IOException when a file cannot be deleted, or the run folder is no longer this
    ///     refresh's
    public void withdraw(java.util.Collection<String> fileNames) throws IOException {
        synchronized (this) {
            if (journaled || committed) {
                throw new IllegalStateException("already committing");
            }
            fileNames.forEach(this::forget);
        }
        for (String name : fileNames) {
            runFolder.verify();
            Files.deleteIfExists(run.resolve(name));
        }
    }

    /// Keeps a file the folder already holds, as it is, in this refresh's result: the commit leaves
    /// it in place (neither moved nor removed) and the new manifest lists it. A source of several
    /// archives keeps the files of the archives that did not change.
    ///
    /// @param file the file's description from the previous manifest
    /// @throws IOException when the folder no longer holds the file, or another entry gave its name
    public synchronized void keep(FileReport file) throws IOException {
        if (committed) {
            throw new IllegalStateException("already committed");
        }
        Path existing = folder.binFile(file.file());
        if (!java.nio.file.Files.isRegularFile(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new java.nio.file.NoSuchFileException(existing.toString(), null, "cannot keep a file that is gone");
        }
        claim(file.entry(), file.file());
        files.put(file.file(), file);
        kept.add(file.file());
    }

    /// The entry that gave `fileName` (in any case or Unicode form), written or kept: `<archive>/<entry>`
    /// for a source of several archives.
    ///
    /// @param fileName the file's name
    /// @return the entry, or empty when no entry gave the name
    public synchronized Optional<String> claimant(String fileName) {
        return Optional.ofNullable(entries.get(SameFileNames.key(fileName))).map(Claim::entry);
    }

    /// Claims `fileName` for `entry`, refusing a name an earlier entry gave, also in another case or
    /// Unicode form (one file on macOS or Windows, where the later would replace the earlier).
    private void claim(String entry, String fileName) throws FileAlreadyExistsException {
        Claim earlier = entries.putIfAbsent(SameFileNames.key(fileName), new Claim(entry, fileName));
        if (earlier != null) {
            throw new FileAlreadyExistsException(fileName, null, "entries " + earlier.entry() + " and " + entry
                    + " both give " + fileName + (earlier.file().equals(fileName) ? ""
                    : " (" + earlier.file() + ", which is " + fileName + SameFileNames.why(earlier.file(), fileName) + ")"));
        }
    }

    /// The entry that gives a file, and the file name as it gives it.
    private record Claim(String entry, String file) {
    }

    /// The names of [#files()] kept as the folder holds them rather than written.
    ///
    /// @return the names
    public synchronized Set<String> keptFiles() {
        return Set.copyOf(kept);
    }

    /// How many of [#files()] were kept as the folder holds them rather than written.
    ///
    /// @return the count
    public synchronized int keptCount() {
        return kept.size();
    }

    /// The files written so far, in the order they were started.
    ///
    /// @return the descriptions
    public synchronized List<FileReport> files() {
        return files.values().stream().filter(java.util.Objects::nonNull).toList();
    }

    /// Puts [#files()] in the order `order` gives, keeping the order they were started in among files
    /// it ranks alike. The archives of a series download at once, and their files were listed as
    /// each download got to them: two refreshes of the same archives gave their report and manifest
    /// in two orders.
    ///
    /// @param order how the files are to be listed
    /// @throws IllegalStateException when a file is still being written
    public synchronized void order(java.util.Comparator<FileReport> order) {
        if (files.containsValue(null)) {
            throw new IllegalStateException("a file is still being written");
        }
        List<FileReport> sorted = new ArrayList<>(files.values());
        sorted.sort(order);
        files.clear();
        sorted.forEach(file -> files.put(file.file(), file));
    }

    /// Moves every staged file into the folder, removes the files of the previous manifest that this
    /// refresh did not write again (or [#keep]; only those whose content still has the hash the
    /// manifest recorded: the others are left alone and reported), and writes `manifest` (which must
    /// list exactly the staged and kept files).
    ///
    /// Once the commit's journal is written the commit is decided: if a later step fails, the staged
    /// files stay where they are (closing this does not delete them) and the next
    /// [OutputFolder#recover()] completes the commit. A rename the file system refuses is the
    /// exception: the renames before it are put back and the journal deleted, so the folder is as it
    /// was and the commit is not made.
    ///
    /// @param manifest the new manifest
    /// @return the files removed and those left alone
    /// @throws IOException when the commit fails (undone when a rename failed, else completed by the
    ///                     next refresh), or a link was planted where a file goes
    public synchronized OutputFolder.Applied commit(Manifest manifest) throws IOException {
        List<String> listed = new ArrayList<>(files.keySet());
        List<String> staged = listed.stream().filter(name -> !kept.contains(name)).toList();
        if (files.containsValue(null)) {
            throw new IllegalStateException("a file is still being written");
        }
        if (!Set.copyOf(manifest.fileNames()).equals(Set.copyOf(listed))) {
            throw new IllegalArgumentException("manifest lists " + manifest.fileNames() + " but staged are " + listed);
        }
        // The journal decides the commit, so every staged file is on disk before it is.
        writes.sync();
        // The state names the version the folder holds until the refresh saves the new one after the
        // commit; a process killed in between must not leave it beside the new files. One this user
        // may not read (another user's) is left as it is: no state is saved over it either.
        if (Files.isReadable(folder.stateFile())) {
            folder.forgetDownloadState();
        }
        OutputFolder.Journal journal = folder.journal(run, staged, manifest);
        // From the journal to the manifest, a JVM shutting down waits for the commit (or keeps it from
        // beginning): a stop in between left the folder two versions until the next run.
        OutputFolder.Applied applied = CommitGate.JVM.pass(folder.bin(), () -> {
            try {
                folder.writeJournal(journal);
            } finally {
                // From the moment the journal is on disk, the staged files belong to the commit it decides.
                journaled = folder.hasJournal();
            }
            try {
                return folder.apply(journal, false, runFolder);
            } catch (IOException | RuntimeException e) {
                // A commit whose moves were all put back has no journal any more: its staged files go.
                journaled = folder.hasJournal();
                throw e;
            }
        });
        committed = true;
        deleteCommittedRun();
        return applied;
    }

    /// Deletes the run folder of a commit made: its files are in place, so a folder swapped since is
    /// left alone with a warning and fails nothing.
    private void deleteCommittedRun() throws IOException {
        try {
            runFolder.delete();
        } catch (OwnFolder.Replaced replaced) {
            LOG.log(System.Logger.Level.WARNING, replaced.leftAlone());
        }
    }

    /// Deletes whatever was staged and not committed; after a commit that failed once its journal
    /// was written, keeps the staged files for the recovery that completes it.
    @Override
    public void close() throws IOException {
        writes.close();
        if (committed) {
            deleteCommittedRun();
        } else if (!journaled) {
            runFolder.delete();
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /// Counts and hashes what it passes on. A write is hashed and passed on in slices of
    /// [#SLICE] bytes, so that each slice is still in the processor's cache when the file's write
    /// copies it: the pickle writer hands over a megabyte at a time.
    private static final class HashingStream extends FilterOutputStream {
        private static final int SLICE = 1 << 15;
        private final MessageDigest digest;
        private long count;

        HashingStream(OutputStream out, MessageDigest digest) {
            super(out);
            this.digest = digest;
        }

        @Override
        public void write(int b) throws IOException {
            digest.update((byte) b);
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            for (int end = off + len; off < end; ) {
                int slice = Math.min(SLICE, end - off);
                digest.update(b, off, slice);
                out.write(b, off, slice);
                off += slice;
                count += slice;
            }
        }
    }
}
