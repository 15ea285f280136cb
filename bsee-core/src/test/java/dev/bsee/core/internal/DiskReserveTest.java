package dev.bsee.core.internal;

import dev.bsee.core.faults.SmallFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// The tool's temporary files stop while their file system keeps a reserve.
class DiskReserveTest {

    @TempDir
    Path dir;

    @Test
    void theReserveIs256MiBOrATwentiethOfASmallerFileSystem() {
        assertThat(DiskReserve.reserve(100L << 30)).isEqualTo(256L << 20);
        assertThat(DiskReserve.reserve(100L << 20)).isEqualTo(5L << 20);
        assertThat(DiskReserve.reserve(0)).isZero();
    }

    @Test
    void aGrowthThatWouldTakeTheReserveIsRefusedNamingTheFile() throws IOException {
        Path file = Files.createFile(dir.resolve("spool.zip"));
        long usable = file.toFile().getUsableSpace();
        DiskReserve.check(file, 0, 0);

        assertThatThrownBy(() -> DiskReserve.check(file, 12_345, usable))
                .isInstanceOf(FileSystemException.class)
                .hasMessageStartingWith(file + ": stopped at 12.1 KiB: it needs " + MessageText.bytes(usable)
                        + " more, its file system has ")
                .hasMessageContaining("free for everything else");
    }

    /// A stream without end, on a 100 MiB file system: it stops with 5 MiB or more free, where
    /// it used to fill the file system to its last byte.
    @Test
    void anEndlessStreamStopsWhileTheReserveIsLeft() throws Exception {
        try (SmallFileSystem fs = SmallFileSystem.mountOrSkip(dir.resolve("small"), "100m")) {
            Path small = fs.root();
            Path file = Files.createFile(small.resolve("endless.zip"));
            byte[] block = new byte[1 << 20];
            long[] written = {0};
            assertThatThrownBy(() -> {
                try (OutputStream out = DiskReserve.guarding(file, Files.newOutputStream(file))) {
                    while (true) {
                        out.write(block);
                        written[0] += block.length;
                    }
                }
            }).isInstanceOf(FileSystemException.class).hasMessageContaining("stopped at")
                    .hasMessageNotContaining("No space left");
            assertThat(small.toFile().getUsableSpace()).isGreaterThanOrEqualTo(DiskReserve.reserve(100L << 20));
            assertThat(written[0]).isGreaterThan(64L << 20);
        }
    }
}
