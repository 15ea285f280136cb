package dev.bsee.binary;

import dev.bsee.binary.internal.SpillingAllocator;
import dev.bsee.core.BufferAllocator;
import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.SafeText;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/// Column buffers that stay on the heap up to a budget and continue in memory-mapped files of a
/// folder after that, so that a table larger than the heap can be read (or, handed to a
/// `ZipStreamProcessor`, parsed). The same buffers `bsee convert`, the refresh and `bsee inspect` use.
///
/// ```java
/// Path spill = Files.createTempDirectory("bsee-spill-");
/// try (BufferAllocator buffers = SpillingBuffers.open(spill, 64L << 20)) {
///     BinStore production = BinStore.open(bin, PickleReader.builder().allocator(buffers).build());
///     Table year = production.read("ogora2024delimit", Query.all());
///     // use year here: its columns are not to be read once the allocator is closed
/// }
/// ```
///
/// The files are mapped with Chronicle Bytes, or with the JDK's own mapping where Chronicle cannot
/// start (a named module without the `--add-opens` the jar's manifest carries; one log line names
/// the flags). Closing the allocator unmaps and deletes every file it made, also after failures.
/// Spill files stop growing while less than 256 MiB (or a twentieth of a smaller file system) stays
/// free in the folder's file system: the read then fails, naming the folder.
public final class SpillingBuffers {

    private SpillingBuffers() {
    }

    /// Buffers spilling to files in `directory` once `heapBudgetBytes` of heap are in use by all of
    /// them together.
    ///
    /// @param directory an existing folder for the spill files, on a file system with room for them
    /// @param heapBudgetBytes the heap the buffers may hold together before they spill, 0 or more
    /// @return the allocator; close it once the tables built with it are no longer read
    /// @throws IllegalArgumentException when the folder does not exist, is something else (a file),
    ///     or the budget is negative
    public static BufferAllocator open(Path directory, long heapBudgetBytes) {
        Objects.requireNonNull(directory, "directory");
        if (!Files.isDirectory(directory)) {
            // Said as what stands there: "no such folder" of a file the user can see misleads.
            String shown = SafeText.escape(directory.toString());
            throw new IllegalArgumentException(Files.notExists(directory, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    ? "no such folder for spill files: " + shown
                    : "not a folder for spill files: " + shown + " is " + MessageText.fileKind(directory));
        }
        return SpillingAllocator.open(directory, heapBudgetBytes);
    }
}
