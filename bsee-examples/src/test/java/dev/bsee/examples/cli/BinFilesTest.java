package dev.bsee.examples.cli;

import dev.bsee.binary.PickleWriter;
import dev.bsee.core.Int64Column;
import dev.bsee.core.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BinFilesTest {

    /// The folder a read spills to, swapped for a link to someone's folder while the table is open
    /// (`dump` of a large file): closing the table deleted the other folder's file of a spill file's
    /// name, then the link, and left the spill files behind, exit 0. The folder is now checked
    /// before anything in it is deleted: the link and what it leads to stay, with a warning.
    @Test
    void aSpillFolderSwappedForALinkIsNotEmptiedThroughIt(@TempDir Path temp) throws IOException {
        Path bin = temp.resolve("t.bin");
        PickleWriter.of().write(Table.builder().column("v", Int64Column.of(1, 2, 3)).build(), bin, temp);
        Path victim = Files.createDirectories(temp.resolve("victim"));
        Path spill;
        try (BinFiles.Opened opened = BinFiles.read(bin)) {
            assertThat(opened.table().rowCount()).isEqualTo(3);
            spill = opened.spill().path();
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
        Path bin = temp.resolve("t.bin");
        PickleWriter.of().write(Table.builder().column("v", Int64Column.of(1, 2, 3)).build(), bin, temp);
        Path spill;
        try (BinFiles.Opened opened = BinFiles.read(bin)) {
            spill = opened.spill().path();
            assertThat(Files.readAttributes(spill, java.nio.file.attribute.PosixFileAttributes.class).permissions())
                    .as("the tool's own").hasSize(3);
        }
        assertThat(spill).doesNotExist();
    }
}
