package dev.bsee.scraper;

import dev.bsee.core.faults.SmallFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// An entry received faster than it is parsed goes to a spill file; one without end stops while
/// the spill file's file system keeps its reserve.
class EntrySpoolTest {

    @TempDir
    Path dir;

    @Test
    void anEntryWithoutEndStopsSpillingWhileTheReserveIsLeft() throws Exception {
        try (SmallFileSystem fs = SmallFileSystem.mountOrSkip(dir.resolve("small"), "100m")) {
            Path small = fs.root();
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
        }
    }
}
