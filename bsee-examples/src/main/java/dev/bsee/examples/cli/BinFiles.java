package dev.bsee.examples.cli;

import dev.bsee.binary.PickleReader;
import dev.bsee.binary.internal.SpillingAllocator;
import dev.bsee.core.Table;
import dev.bsee.core.internal.OwnFolder;
import dev.bsee.core.internal.MessageText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/// Reads a `.bin` file for the commands, its large column buffers spilled to a temporary folder.
final class BinFiles {

    private BinFiles() {
    }

    /// A table read from a `.bin` file, its large column buffers beyond a share of the heap in
    /// mapped files of a temporary folder: a file the tool wrote under its default heap (12 million
    /// rows of two integer columns, 192 MB) is read under the same heap. Close it when the table is
    /// no longer used; the files go then.
    ///
    /// @param table the table
    /// @param allocator where its large buffers live
    record Opened(Table table, SpillingAllocator allocator) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            discard(allocator);
        }

        /// The temporary folder the table's large buffers spilled to.
        ///
        /// @return the folder, or empty when the table fit the heap's share and nothing spilled
        Optional<OwnFolder> spill() {
            return allocator.madeFolder();
        }
    }

    /// An allocator for a table a command reads and shows, its buffers past `heapBudget` bytes in
    /// mapped files of a temporary folder of its own, made only when a buffer first spills (a table
    /// within the budget reads where the temporary folder is read-only or missing) and checked before
    /// each spill file is made or deleted: one swapped for a link meanwhile is neither written nor
    /// emptied through it. [#discard] ends it.
    ///
    /// @param heapBudget heap bytes its buffers may hold together
    /// @return the allocator
    static SpillingAllocator spillingAllocator(long heapBudget) {
        return SpillingAllocator.openMakingFolder(
                Path.of(System.getProperty("java.io.tmpdir"), "bsee-read-" + UUID.randomUUID()), heapBudget);
    }

    /// Closes an allocator of [#spillingAllocator] (again, if it was closed) and deletes the folder
    /// it made.
    ///
    /// @param allocator the allocator
    /// @throws IOException when a spill file or the folder cannot be removed
    static void discard(SpillingAllocator allocator) throws IOException {
        try {
            allocator.close();
        } finally {
            Optional<OwnFolder> spill = allocator.madeFolder();
            if (spill.isPresent()) {
                try {
                    spill.get().delete();
                } catch (OwnFolder.Replaced replaced) {
                    // The table was read and shown; what now stands at the folder's path is not the tool's.
                    System.getLogger(BinFiles.class.getName()).log(System.Logger.Level.WARNING, replaced.leftAlone());
                }
            }
        }
    }

    /// The table in `file`.
    ///
    /// @param file a pickled DataFrame
    /// @return the table, to close once used
    /// @throws IOException when it cannot be read, with `not a pickle file: F starts with ...` for
    ///     a file that is not a pickle
    static Opened read(Path file) throws IOException {
        // A small share: the reader copies and assembles beside the buffers it fills.
        return read(file, Runtime.getRuntime().maxMemory() / 8);
    }

    /// `no such file or folder: PATH`. A name with a shell wildcard is most likely a pattern that
    /// matched nothing (`*.zip` in a folder of none), which the shell passes on as typed: the message
    /// says so, where "no such file: *.zip" left the user looking for a file named with a star.
    ///
    /// @param path the path given, which does not exist
    /// @return the exception
    static IOException noSuchFile(Path path) {
        String hint = path.toString().matches("(?s).*[*?\\[].*")
                ? " (a pattern that matched no file, which the shell passes on as typed)" : "";
        return new IOException("no such file or folder: " + path + hint);
    }

    /// Checks that a file operand is a regular file, through links, in the words every command uses
    /// for its operands: `no such file or folder` only where nothing is there, `access denied` where
    /// a folder on the way may not be entered (the JDK's `exists` says false then, and "no such
    /// file" sent the user looking for a file that was there), and a link that leads nowhere named
    /// as the link it is.
    ///
    /// @param file the operand
    /// @param takes what the command reads, e.g. `zip archives`
    /// @throws IOException when it is not a regular file, or cannot be reached
    static void requireFile(Path file, String takes) throws IOException {
        try {
            if (Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).isRegularFile()) {
                return;
            }
        } catch (java.nio.file.NoSuchFileException e) {
            if (!Files.isSymbolicLink(file)) {
                throw noSuchFile(file);
            }
        }
        throw notRegular(file, takes);
    }

    /// The table in `file`, its buffers spilled past `heapBudget` bytes.
    static Opened read(Path file, long heapBudget) throws IOException {
        requireFile(file, ".bin files");
        SpillingAllocator allocator = spillingAllocator(heapBudget);
        try {
            return new Opened(PickleReader.builder().allocator(allocator).build().read(file), allocator);
        } catch (IOException | RuntimeException | Error e) {
            try {
                discard(allocator);
            } catch (IOException cleanUp) {
                e.addSuppressed(cleanUp);
            }
            throw e;
        }
    }

    /// The refusal of a device, a pipe or a socket, which a command does not open: reading one may
    /// never end (`/dev/zero`), and opening a pipe waits for a writer that may never come.
    ///
    /// @param file the path
    /// @param takes what the command reads instead, e.g. `zip archives`
    /// @return the exception to throw
    static IOException notRegular(Path file, String takes) {
        return new IOException(file + " is not a regular file (it is " + kind(file) + "): the command takes " + takes);
    }

    /// What `file` is, through links: a link to a folder is a folder, and `/dev/fd/63` (a link to
    /// `pipe:[...]`, which no path names) a pipe; a link that leads nowhere is a link.
    private static String kind(Path file) {
        try {
            java.nio.file.attribute.BasicFileAttributes attributes =
                    Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            return attributes.isDirectory() ? "a folder" : attributes.isRegularFile() ? "a file"
                    : "a pipe, socket or device";
        } catch (IOException unresolved) {
            return MessageText.fileKind(file);
        }
    }
}
