package dev.bsee.examples.cli;

import dev.bsee.binary.PickleReader;
import dev.bsee.binary.internal.SpillingAllocator;
import dev.bsee.core.Table;
import dev.bsee.core.internal.OwnFolder;
import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.SafeText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    /// @param spill the temporary folder of the allocator's files
    /// @param spill the temporary folder of the allocator's files; the allocator and the folder are
    ///     null when no folder could be made and the table was read on the heap
    record Opened(Table table, SpillingAllocator allocator, OwnFolder spill) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (allocator == null) {
                return;
            }
            try {
                allocator.close();
            } finally {
                try {
                    spill.delete();
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
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw notRegular(file, ".bin files");
        }
        // A folder of the tool's own, checked before each spill file is made or deleted: one swapped
        // for a link meanwhile is neither written nor emptied through it.
        Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
        OwnFolder spill;
        try {
            spill = OwnFolder.create(temporary.resolve("bsee-read-" + UUID.randomUUID()));
        } catch (IOException e) {
            // A temporary folder that is missing, read-only or full need not stop the read of a file
            // the heap holds, which is most: the large columns alone needed the folder, and a file
            // too large for the heap still fails in one line, as out of memory.
            String reason = e instanceof java.nio.file.FileSystemException failure
                    ? MessageText.systemReason(failure) : String.valueOf(e.getMessage());
            System.getLogger(BinFiles.class.getName()).log(System.Logger.Level.WARNING, "cannot make a folder"
                    + " for the large columns of " + SafeText.escape(file.toString()) + " in "
                    + SafeText.escape(temporary.toString()) + " (" + reason + "); reading the file on the heap");
            return new Opened(PickleReader.of().read(file), null, null);
        }
        // A small share: the reader copies and assembles beside the buffers it fills.
        SpillingAllocator allocator = SpillingAllocator.open(spill, Runtime.getRuntime().maxMemory() / 8);
        try {
            return new Opened(PickleReader.builder().allocator(allocator).build().read(file), allocator, spill);
        } catch (IOException | RuntimeException | Error e) {
            try {
                new Opened(null, allocator, spill).close();
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
