package dev.bsee.scraper;

import dev.bsee.core.faults.SystemCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/// An entry received faster than it is parsed goes to a spill file; one without end stops while
/// the spill file's file system keeps its reserve.
class EntrySpoolTest {

    @TempDir
    Path dir;

    @Test
    void anEntryWithoutEndStopsSpillingWhileTheReserveIsLeft() throws Exception {
        Path small = Files.createDirectory(dir.resolve("small"));
        assumeTrue(SystemCommand.succeeds("mount", "-t", "tmpfs", "-o", "size=100m", "tmpfs", small.toString()),
                "mounting a tmpfs needs root");
        try {
            InputStream endless = new InputStream() {
                @Override
                public int read() {
                    return 'x';
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                    return len;
                }
            };
            try (EntrySpool spool = new EntrySpool(new EntrySpool.Memory(0), small, "mv_endless.txt")) {
                assertThatThrownBy(() -> spool.fill(endless)).isInstanceOf(FileSystemException.class)
                        .hasMessageContaining("stopped at").hasMessageContaining("free for everything else");
                assertThat(small.toFile().getUsableSpace()).isGreaterThanOrEqualTo(5L << 20);
            }
        } finally {
            assertThat(SystemCommand.succeeds("umount", small.toString())).isTrue();
        }
    }
}
