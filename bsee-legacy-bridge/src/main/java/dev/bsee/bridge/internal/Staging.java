package dev.bsee.bridge.internal;

import dev.bsee.binary.AtomicFiles;
import dev.bsee.bridge.FileReport;
import dev.bsee.core.Table;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/// The new files of one refresh of one folder, written beside it until the whole source succeeded.
///
/// Thread-safe: entries converted in parallel may be written at the same time.
public final class Staging implements AutoCloseable {

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
    private final Path run;
    private final Map<String, FileReport> files = new LinkedHashMap<>();
    private boolean committed;

    Staging(OutputFolder folder, Path run) {
        this.folder = folder;
        this.run = run;
    }

    /// The folder temporaries of this refresh are written to.
    ///
    /// @return the folder
    public Path directory() {
        return run;
    }

    /// Writes one table as a staged `.bin` file, forced to disk, and describes it. The file appears
    /// under its name only once complete.
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
            FileReport earlier = files.get(fileName);
            if (earlier != null) {
                throw new FileAlreadyExistsException(fileName, null, "entries " + earlier.entry() + " and " + entry
                        + " both give " + fileName);
            }
            files.put(fileName, null);
        }
        Path target = run.resolve(fileName);
        MessageDigest sha256 = sha256();
        long[] bytes = {0};
        try {
            AtomicFiles.write(target, run, out -> {
                CountingStream counted = new CountingStream(new DigestOutputStream(out, sha256));
                writer.write(table, counted);
                counted.flush();
                bytes[0] = counted.count;
            });
        } catch (IOException | RuntimeException | Error e) {
            synchronized (this) {
                files.remove(fileName);
            }
            throw e;
        }
        FileReport report = new FileReport(entry, fileName, table.rowCount(), table.columnNames(), table.dtypes(),
                HexFormat.of().formatHex(sha256.digest()), bytes[0], ProductionDates.newest(table));
        synchronized (this) {
            files.put(fileName, report);
        }
        return report;
    }

    /// The files written so far, in the order they were started.
    ///
    /// @return the descriptions
    public synchronized List<FileReport> files() {
        return files.values().stream().filter(java.util.Objects::nonNull).toList();
    }

    /// Moves every staged file into the folder, removes the files of the previous manifest that this
    /// refresh did not write again, and writes `manifest` (which must list exactly the staged files).
    ///
    /// @param manifest the new manifest
    /// @return the names of the files removed
    /// @throws IOException when the commit fails (the next refresh completes it)
    public synchronized List<String> commit(Manifest manifest) throws IOException {
        List<String> staged = new ArrayList<>(files.keySet());
        if (files.containsValue(null)) {
            throw new IllegalStateException("a file is still being written");
        }
        if (!Set.copyOf(manifest.fileNames()).equals(Set.copyOf(staged))) {
            throw new IllegalArgumentException("manifest lists " + manifest.fileNames() + " but staged are " + staged);
        }
        List<String> removals = new ArrayList<>();
        for (String previous : folder.manifest().map(Manifest::fileNames).orElse(List.of())) {
            if (!files.containsKey(previous) && Files.exists(folder.binFile(previous))) {
                removals.add(previous);
            }
        }
        folder.commit(run, staged, manifest, removals);
        committed = true;
        OutputFolder.deleteTree(run);
        return removals;
    }

    /// Deletes whatever was staged and not committed.
    @Override
    public void close() throws IOException {
        OutputFolder.deleteTree(run);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static final class CountingStream extends FilterOutputStream {
        private long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
