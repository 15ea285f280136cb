package dev.bsee.binary;

import dev.bsee.core.Int64Column;
import dev.bsee.core.Table;
import dev.bsee.core.internal.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/// Atomic writes: readers see the old file or the complete new one; failures leave no temporary file.
class AtomicFilesTest {

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesThroughATemporaryFileInTheGivenDirectory(@TempDir Path root) throws IOException {
        Path out = Files.createDirectory(root.resolve("bin"));
        Path staging = Files.createDirectory(root.resolve("staging"));
        Path target = out.resolve("entry.bin");
        Files.writeString(target, "previous");

        AtomicFiles.write(target, staging, stream -> {
            stream.write("new ".getBytes(StandardCharsets.UTF_8));
            // Mid-write, the output folder holds only the previous file; the temporary is elsewhere.
            assertThat(names(out)).containsExactly("entry.bin");
            assertThat(Files.readString(target)).isEqualTo("previous");
            assertThat(names(staging)).singleElement().asString().startsWith(".entry.bin.").endsWith(".tmp");
            stream.write("content".getBytes(StandardCharsets.UTF_8));
            stream.close();
        });

        assertThat(Files.readString(target)).isEqualTo("new content");
        assertThat(names(staging)).isEmpty();
        assertThat(names(out)).containsExactly("entry.bin");
    }

    @Test
    void aFailureLeavesThePreviousFileAndNoTemporary(@TempDir Path root) throws IOException {
        Path target = root.resolve("entry.bin");
        Files.writeString(target, "previous");
        Path staging = Files.createDirectory(root.resolve("staging"));

        assertThatThrownBy(() -> AtomicFiles.write(target, staging, stream -> {
            stream.write(new byte[200_000]);
            throw new IOException("connection reset");
        })).isInstanceOf(IOException.class).hasMessage("connection reset");
        assertThatThrownBy(() -> AtomicFiles.write(target, staging, stream -> {
            stream.write(1);
            throw new UncheckedIOException(new IOException("parser failed"));
        })).isInstanceOf(UncheckedIOException.class);

        assertThat(Files.readString(target)).isEqualTo("previous");
        assertThat(names(staging)).isEmpty();
        assertThat(names(root)).containsExactly("entry.bin", "staging");
    }

    @Test
    void aFailedPickleWriteLeavesThePreviousBinIntact(@TempDir Path root) throws IOException {
        Path target = root.resolve("entry.bin");
        Table first = Table.builder().column("a", Int64Column.of(1, 2, 3)).build();
        PickleWriter.of().write(first, target, root);
        Path staging = Files.createDirectory(root.resolve("staging"));
        Table second = Table.builder().column("a", Int64Column.of(new long[1_000_000])).build();

        // A cancelled refresh: the interrupt closes the file channel at the first write.
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> PickleWriter.of().write(second, target, staging))
                    .isInstanceOf(java.nio.channels.ClosedByInterruptException.class)
                    .hasMessageStartingWith(target + ": the thread was interrupted");
        } finally {
            Thread.interrupted();
        }

        assertThat(PickleReader.of().read(target)).isEqualTo(first);
        assertThat(names(staging)).isEmpty();
    }

    /// A folder that refuses the temporary (here /proc, which makes no file, in any user's hands) is
    /// said of the file being written: `/proc/.state.0123456789abcdef.tmp` named a path the caller
    /// never gave. The type and the system's reason stay.
    @Test
    void aFolderThatRefusesTheTemporaryIsSaidOfTheFile() {
        Path proc = Path.of("/proc");
        assumeTrue(Files.isDirectory(proc.resolve("self")), "a Linux /proc");
        assertThatThrownBy(() -> AtomicFiles.write(proc.resolve("state"), proc, out -> out.write(1)))
                .isInstanceOf(java.nio.file.FileSystemException.class)
                .satisfies(e -> assertThat(((java.nio.file.FileSystemException) e).getFile()).isEqualTo("/proc/state"))
                .hasMessageNotContaining(".tmp")
                // Kept for a stack trace, and not as the cause, whose message a one-line error appends.
                .hasNoCause()
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .isInstanceOf(java.nio.file.FileSystemException.class)
                        .satisfies(original -> assertThat(original.getMessage()).contains(".state.")));
    }

    @Test
    void missingDirectoriesAreClearErrors(@TempDir Path root) {
        assertThatThrownBy(() -> AtomicFiles.write(root.resolve("absent/entry.bin"), root, stream -> { }))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("absent");
        assertThatThrownBy(() -> AtomicFiles.write(root.resolve("entry.bin"), root.resolve("no-staging"), stream -> { }))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("no-staging");
    }

    /// A temporary directory that is a file was said not to exist.
    @Test
    void aFileGivenAsTheTemporaryDirectoryIsNamedAsOne(@TempDir Path root) throws IOException {
        Path file = Files.writeString(root.resolve("plain-file"), "x");

        assertThatThrownBy(() -> AtomicFiles.write(root.resolve("entry.bin"), file, stream -> { }))
                .isNotInstanceOf(NoSuchFileException.class)
                .hasMessage(file + ": temporary directory is a file, not a folder");
        assertThat(names(root)).containsExactly("plain-file");
    }

    /// A folder where the file is to go is refused before its content is written, naming the file:
    /// the rename at the end failed with `.t.bin.HEX.tmp -> t.bin: Is a directory`, naming a
    /// temporary the caller never gave. The folder and the temporary directory are left as they were.
    @Test
    void aFolderWhereTheFileIsToGoIsRefusedNamingTheFile(@TempDir Path root) throws IOException {
        Path folder = Files.createDirectories(root.resolve("t.bin"));
        Files.writeString(folder.resolve("inside"), "x");
        Path temporaries = Files.createDirectories(root.resolve("tmp"));
        Table table = Table.builder().column("n", Int64Column.of(1, 2)).build();
        boolean[] written = {false};

        assertThatThrownBy(() -> AtomicFiles.write(folder, temporaries, stream -> written[0] = true))
                .isInstanceOf(java.nio.file.FileSystemException.class)
                .hasMessage(folder + ": a folder, not a file");
        assertThatThrownBy(() -> dev.bsee.binary.PickleWriter.of().write(table, folder, temporaries))
                .hasMessage(folder + ": a folder, not a file");
        assertThat(written[0]).as("content written").isFalse();
        assertThat(names(folder)).containsExactly("inside");
        assertThat(names(temporaries)).isEmpty();
    }

    @Test
    void aTemporaryDirectoryOnAnotherFileSystemIsRefusedBeforeWriting(@TempDir Path root) throws IOException {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "needs /dev/shm");
        FileStore here = Files.getFileStore(root);
        assumeTrue(!Files.getFileStore(shm).equals(here), "/dev/shm is on the same file system here");
        boolean[] called = {false};
        assertThatThrownBy(() -> AtomicFiles.write(root.resolve("entry.bin"), shm, stream -> called[0] = true))
                .isInstanceOf(IOException.class).hasMessageContaining("same file system");
        assertThat(called[0]).isFalse();
        assertThat(names(root)).isEmpty();
    }
}
