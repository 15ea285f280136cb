package dev.bsee.bridge;

import dev.bsee.core.internal.AtomicFiles;
import dev.bsee.core.internal.FileErrors;
import dev.bsee.scraper.ConditionalState;
import dev.bsee.scraper.ConditionalStateStore;
import dev.bsee.scraper.Validators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// "No space left on device" names the file: a `.bin`, manifest, state file or temporary that
/// cannot be written is reported with its path. On a 1 MiB tmpfs where this process may mount one
/// (as root); elsewhere the same wrapper is proven with a stream that fails as a full disk does.
class FullDiskTest {

    @RegisterExtension
    static final ArchiveServer server = ArchiveServer.forClass();

    @TempDir
    Path dir;


    @Test
    void aRefreshOnAFullDiskNamesTheFileItCouldNotWrite() throws Exception {
        Path base = Files.createDirectory(dir.resolve("small"));
        if (!mountTmpfs(base)) {
            failingStreamNamesItsFile();
            return;
        }
        try {
            server.serve("/full/well.zip", BseeArchives.apd(30_000, 3));
            String yaml = "data:\n  enhanced_refresh: true\n  well: true\nsources:\n  well:\n    url: "
                    + server.url("/full/well.zip") + "\n";
            RefreshReport report = BseeRefresh.builder().config(RefreshConfig.fromYaml(yaml, "full.yml"))
                    .baseDirectory(base).backoff(Duration.ZERO, Duration.ZERO).run();
            assertThat(report.succeeded()).isFalse();
            assertThat(report.sources().getFirst().errors()).singleElement().satisfies(error -> {
                assertThat(error.message()).contains("No space left on device").contains(base.toString());
                // Filled while the download was read, and still this machine's fault, not the server's.
                assertThat(error.kind()).isEqualTo(RefreshError.Kind.LOCAL);
            });

            // The state file and an atomic write on the full disk: both name their file.
            Path filler = base.resolve("filler");
            try (OutputStream out = Files.newOutputStream(filler)) {
                byte[] block = new byte[64 * 1024];
                while (true) {
                    out.write(block);
                }
            } catch (IOException full) {
                assertThat(full).hasMessageContaining("No space left on device");
            }
            Path target = base.resolve("out.bin");
            assertThatThrownBy(() -> AtomicFiles.write(target, base, out -> out.write(new byte[1 << 20])))
                    .isInstanceOf(FileSystemException.class).hasMessageContaining(target.toString())
                    .hasMessageContaining("No space left on device");
            Path state = base.resolve("state.tsv");
            ConditionalStateStore store = ConditionalStateStore.open(state);
            ConditionalState checked = ConditionalState.of("well", URI.create("https://example.org/" + "x".repeat(9000)),
                    Validators.none(), null);
            assertThatThrownBy(() -> store.save(checked))
                    .isInstanceOf(FileSystemException.class).hasMessageContaining(state.toString());
        } finally {
            unmount(base);
        }
    }

    /// A disk that fills while a `.bin` file is written (the archive itself is elsewhere, read by
    /// the legacy path): the source's error names the entry whose file did not fit, and the
    /// source reports no file.
    @Test
    void aDiskThatFillsWhileWritingNamesTheEntry() throws Exception {
        Path base = Files.createDirectory(dir.resolve("filling"));
        if (!mountTmpfs(base)) {
            entryFailureNamesTheEntry();
            return;
        }
        try {
            Path archive = Files.write(dir.resolve("APDRawData.zip"), BseeArchives.apd(30_000, 5));
            String yaml = "data:\n  refresh: true\n  well: true\nparameters:\n  filepath:\n    well:\n      zip: "
                    + archive + "\n";
            RefreshReport report = BseeRefresh.builder().config(RefreshConfig.fromYaml(yaml, "filling.yml"))
                    .baseDirectory(base).run();
            assertThat(report.succeeded()).isFalse();
            assertThat(report.sources().getFirst().errors()).singleElement().satisfies(error -> {
                // Whichever of the archive's two entries met the full disk, named as the manifest
                // names entries of a legacy folder's archives.
                assertThat(error.message()).matches("APDRawData\\.zip/(mv_apd(?:data|_main)_all)\\.txt: could not write its \\.bin file: "
                        + "/.*/\\1\\.bin: No space left on device");
                assertThat(error.kind()).isEqualTo(RefreshError.Kind.LOCAL);
                // The report's entry, as a damaged entry's is: the one the message names.
                assertThat(error.entry()).hasValueSatisfying(entry -> assertThat(error.message()).startsWith(entry + ": "));
            });
            assertThat(report.sources().getFirst().files()).isEmpty();
        } finally {
            unmount(base);
        }
    }

    /// Where no tmpfs can be mounted: what the refresh's and the convert's writes say of a file
    /// system failure, and that other failures pass as they are.
    private void entryFailureNamesTheEntry() {
        IOException full = FileErrors.writingEntry("a.zip: a.txt",
                new FileSystemException("/tmp/run/a.bin", null, "No space left on device"));
        assertThat(full).hasMessage("a.zip: a.txt: could not write its .bin file: /tmp/run/a.bin: No space left on device");
        IOException interrupted = new java.io.InterruptedIOException("stopped");
        assertThat(FileErrors.writingEntry("a.zip: a.txt", interrupted)).isSameAs(interrupted);
    }

    /// Where no tmpfs can be mounted: the wrapper every file write goes through, with a stream that
    /// fails as a full disk does.
    private void failingStreamNamesItsFile() {
        Path file = dir.resolve("out.bin");
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        assertThatThrownBy(() -> FileErrors.naming(file, full).write(new byte[10], 0, 10))
                .isInstanceOf(FileSystemException.class)
                .hasMessage(file + ": No space left on device");
    }

    private static boolean mountTmpfs(Path at) throws Exception {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", at.toString())
                .redirectErrorStream(true).start();
        mount.getInputStream().readAllBytes();
        return mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
    }

    private static void unmount(Path at) throws Exception {
        Process umount = new ProcessBuilder("umount", at.toString()).redirectErrorStream(true).start();
        String output = new String(umount.getInputStream().readAllBytes());
        assertThat(umount.waitFor(30, TimeUnit.SECONDS) && umount.exitValue() == 0).as(output).isTrue();
    }
}
