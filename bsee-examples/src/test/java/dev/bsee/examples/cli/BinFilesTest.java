package dev.bsee.examples.cli;

import dev.bsee.binary.PickleWriter;
import dev.bsee.core.Int64Column;
import dev.bsee.core.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinFilesTest {

    private static final int ROWS = 10_000;

    /// A `.bin` of [#ROWS] integers, which spills under a heap budget of 0.
    private static Path spilling(Path temp) throws IOException {
        Path bin = temp.resolve("t.bin");
        PickleWriter.of().write(Table.builder().column("v", Int64Column.of(LongStream.range(0, ROWS).toArray())).build(),
                bin, temp);
        return bin;
    }

    /// `bsee inspect` and `bsee dump` made their spill folder in the temporary folder before reading,
    /// so where that folder is read-only or missing (a read-only container, a TMPDIR removed) every
    /// file failed, the smallest too, with a message naming only a `bsee-read-...` folder. The folder
    /// is made when a buffer first spills: a table within the heap's share reads without it, and one
    /// that spills fails in one line saying it could not spill, and where.
    @Test
    void aTableThatFitsTheHeapNeedsNoTemporaryFolder(@TempDir Path temp) throws IOException {
        Path small = temp.resolve("small.bin");
        PickleWriter.of().write(Table.builder().column("v", Int64Column.of(1, 2, 3)).build(), small, temp);
        Path large = spilling(temp);
        Path missing = temp.resolve("no-such-folder");
        String tmpdir = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", missing.toString());
        try {
            try (BinFiles.Opened opened = BinFiles.read(small)) {
                assertThat(opened.table().rowCount()).isEqualTo(3);
                assertThat(opened.spill()).isEmpty();
            }
            assertThatThrownBy(() -> BinFiles.read(large, 0)).hasMessageStartingWith("cannot spill a column buffer to a folder in "
                    + missing + ": no such file or folder: " + missing.resolve("bsee-read-")).hasMessageNotContaining("\n");
        } finally {
            System.setProperty("java.io.tmpdir", tmpdir);
        }
        assertThat(missing).doesNotExist();
    }

    /// The folder a read spills to, swapped for a link to someone's folder while the table is open
    /// (`dump` of a large file): closing the table deleted the other folder's file of a spill file's
    /// name, then the link, and left the spill files behind, exit 0. The folder is now checked
    /// before anything in it is deleted: the link and what it leads to stay, with a warning.
    @Test
    void aSpillFolderSwappedForALinkIsNotEmptiedThroughIt(@TempDir Path temp) throws IOException {
        Path bin = spilling(temp);
        Path victim = Files.createDirectories(temp.resolve("victim"));
        Path spill;
        try (BinFiles.Opened opened = BinFiles.read(bin, 0)) {
            assertThat(opened.table().rowCount()).isEqualTo(ROWS);
            spill = opened.spill().orElseThrow().path();
            assertThat(spill).isDirectory();
            Files.move(spill, temp.resolve("aside"));
            Files.writeString(victim.resolve("bsee-spill-1.bin"), "the victim's");
            Files.createSymbolicLink(spill, victim);
        }
        try {
            assertThat(spill).as("the link is not the tool's to remove").isSymbolicLink();
            assertThat(victim.resolve("bsee-spill-1.bin")).hasContent("the victim's");
        } finally {
            Files.deleteIfExists(spill);
        }
    }

    @Test
    void theSpillFolderGoesWhenTheTableIsClosed(@TempDir Path temp) throws IOException {
        Path bin = spilling(temp);
        Path spill;
        try (BinFiles.Opened opened = BinFiles.read(bin, 0)) {
            spill = opened.spill().orElseThrow().path();
            assertThat(Files.readAttributes(spill, java.nio.file.attribute.PosixFileAttributes.class).permissions())
                    .as("the tool's own").hasSize(3);
        }
        assertThat(spill).doesNotExist();
    }
}
