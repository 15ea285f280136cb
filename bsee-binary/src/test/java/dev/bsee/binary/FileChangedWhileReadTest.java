package dev.bsee.binary;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.GrowableBuffer;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// A file written in place while it is read (`df.to_pickle` or `cp` over it: truncate, then write)
/// never gives a table of both versions: the read is tried again, and refused in one line while the
/// file keeps changing.
class FileChangedWhileReadTest {

    @TempDir
    Path dir;

    private static Table version(String label, int rows) {
        long[] values = new long[rows];
        String[] texts = new String[rows];
        for (int row = 0; row < rows; row++) {
            values[row] = row;
            texts[row] = label + row;
        }
        return Table.builder().column("a", Int64Column.of(values)).column("b", ObjectColumn.of(texts)).build();
    }

    private static void writeInPlace(Path file, Table table) {
        // The same file truncated and written again, as to_pickle and cp do: not a rename.
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            PickleWriter.builder().build().write(table, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /// `t.bin` in the test's folder, holding `table`.
    private Path fileHolding(Table table) throws IOException {
        Path file = Files.createFile(dir.resolve("t.bin"));
        writeInPlace(file, table);
        return file;
    }

    /// An allocator that lets `rewrite` run when the read asks for its `at`-th buffer: the file then
    /// changes in the middle of the read, deterministically.
    private static BufferAllocator rewritingAt(int at, Runnable rewrite, AtomicInteger rewrites, int times) {
        BufferAllocator heap = BufferAllocator.heap();
        AtomicInteger allocations = new AtomicInteger();
        return new BufferAllocator() {
            @Override
            public GrowableBuffer allocate() {
                if (allocations.incrementAndGet() % at == 0 && rewrites.get() < times) {
                    rewrites.incrementAndGet();
                    rewrite.run();
                }
                return heap.allocate();
            }

            @Override
            public void close() throws IOException {
                heap.close();
            }
        };
    }

    @Test
    void aFileRewrittenInPlaceDuringTheReadIsReadAgainWhole() throws IOException {
        Table older = version("old", 50_000);
        Table newer = version("new", 40_000);
        Path file = fileHolding(older);
        AtomicInteger rewrites = new AtomicInteger();
        PickleReader reader = PickleReader.builder()
                .allocator(rewritingAt(2, () -> writeInPlace(file, newer), rewrites, 1)).build();

        Table read = reader.read(file);

        assertThat(rewrites.get()).as("the file changed during the first read").isOne();
        assertThat(read).isEqualTo(newer);
    }

    @Test
    void aFileThatKeepsChangingIsRefusedInOneLine() throws IOException {
        Path file = fileHolding(version("old", 50_000));
        AtomicInteger rewrites = new AtomicInteger();
        int[] flip = {0};
        PickleReader reader = PickleReader.builder().allocator(rewritingAt(2,
                () -> writeInPlace(file, version(flip[0]++ % 2 == 0 ? "new" : "old", 40_000 + flip[0])), rewrites,
                Integer.MAX_VALUE)).build();

        assertThatThrownBy(() -> reader.read(file)).isInstanceOf(FileSystemException.class)
                .hasMessage(file + ": the file changed while it was read (another program is writing it in place);"
                        + " read it once it is written");
    }

    /// Cut short by each rewrite (`cp` truncates first), every read fails to parse: what the bytes
    /// looked like mid-write is no finding about the file, so the refusal says it kept changing.
    @Test
    void aFileCutShortByEveryRewriteIsSaidToKeepChangingNotToBeMalformed() throws IOException {
        Path file = fileHolding(version("old", 50_000));
        byte[] whole = Files.readAllBytes(file);
        int[] cut = {whole.length * 9 / 10};
        // Rewritten at every buffer a read asks for: each of the three reads sees the file change.
        PickleReader reader = PickleReader.builder().allocator(rewritingAt(1, () -> {
            try {
                Files.write(file, java.util.Arrays.copyOf(whole, cut[0]++), StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, new AtomicInteger(), Integer.MAX_VALUE)).build();

        assertThatThrownBy(() -> reader.read(file)).isInstanceOf(FileSystemException.class)
                .hasMessageEndingWith("the file changed while it was read (another program is writing it in place);"
                        + " read it once it is written");
    }

    @Test
    void aFileReplacedByARenameDuringTheReadIsTheOldOneWhole() throws IOException {
        Table older = version("old", 50_000);
        Table newer = version("new", 40_000);
        Path file = fileHolding(older);
        Path staged = dir.resolve("staged.bin");
        Files.createFile(staged);
        writeInPlace(staged, newer);
        AtomicInteger rewrites = new AtomicInteger();
        PickleReader reader = PickleReader.builder().allocator(rewritingAt(2, () -> {
            try {
                Files.move(staged, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, rewrites, 1)).build();

        assertThat(reader.read(file)).isEqualTo(older);
        assertThat(rewrites.get()).isOne();
    }
}
