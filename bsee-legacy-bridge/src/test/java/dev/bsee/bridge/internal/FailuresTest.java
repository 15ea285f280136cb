package dev.bsee.bridge.internal;

import org.junit.jupiter.api.Test;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    @Test
    void aMoveThatIsDeniedNamesItsDestinationNotOnlyTheStagedFile() {
        // Files.move reports a refused rename with the source as the file and the destination as the other file.
        String message = Failures.message(new AccessDeniedException("/base/.bsee/war/tmp/run-1/a.bin", "/base/war/a.bin", null));

        assertThat(message).isEqualTo("access denied: moving /base/.bsee/war/tmp/run-1/a.bin to /base/war/a.bin");
    }

    @Test
    void aDeniedFileAloneIsNamedAlone() {
        assertThat(Failures.message(new AccessDeniedException("/base/war/a.bin"))).isEqualTo("access denied: /base/war/a.bin");
        assertThat(Failures.message(new NoSuchFileException("/base/war/a.bin"))).isEqualTo("no such file or folder: /base/war/a.bin");
    }

    /// A `.bin` file the disk had no room for is this machine's failure, and the report gives the
    /// entry it was for as a damaged entry's report does, wrapped or not.
    @Test
    void aFileThatCouldNotBeWrittenGivesItsEntry() {
        java.io.IOException full = dev.bsee.core.internal.FileErrors.writingEntry("APDRawData.zip/mv_apddata_all.txt",
                new java.nio.file.FileSystemException("/base/.bsee/apd/tmp/run-1/mv_apddata_all.bin", null, "No space left on device"));

        for (Exception failure : java.util.List.of(full, new java.io.UncheckedIOException(full))) {
            dev.bsee.bridge.RefreshError error = Failures.describe("apd", failure);
            assertThat(error.entry()).contains("APDRawData.zip/mv_apddata_all.txt");
            assertThat(error.line()).isEmpty();
            assertThat(error.kind()).isEqualTo(dev.bsee.bridge.RefreshError.Kind.LOCAL);
            assertThat(error.message()).isEqualTo("APDRawData.zip/mv_apddata_all.txt: could not write its .bin file: "
                    + "/base/.bsee/apd/tmp/run-1/mv_apddata_all.bin: No space left on device");
        }
    }

    /// Causes that loop (a wrapper without a message whose cause leads back to it) end the walk: the
    /// refresh's error record was built by a loop that never ended on them.
    @Test
    @org.junit.jupiter.api.Timeout(value = 10, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void causesThatLoopGiveAMessage() {
        java.io.UncheckedIOException outer = new java.io.UncheckedIOException(null, new java.io.IOException());
        Exception inner = new Exception((String) null);
        outer.getCause().initCause(inner);
        inner.initCause(outer);

        assertThat(Failures.message(outer)).isNotEmpty();
        assertThat(Failures.describe("apd", outer).entry()).isEmpty();
    }

    /// A channel closed by an interrupt, which the JDK says by its class's name alone, is said as
    /// an interrupt (`source apd (enhanced) stopped: interrupted`); one that names its file keeps it.
    @Test
    void aChannelClosedByAnInterruptIsSaidAsOne() {
        assertThat(Failures.message(new java.nio.channels.ClosedByInterruptException())).isEqualTo("interrupted");
        assertThat(Failures.message(new java.io.UncheckedIOException(new java.nio.channels.ClosedByInterruptException())))
                .isEqualTo("interrupted");
        java.nio.channels.ClosedByInterruptException named = new java.nio.channels.ClosedByInterruptException() {
            @Override
            public String getMessage() {
                return "/base/apd/mv_apd.bin: interrupted";
            }
        };
        assertThat(Failures.message(named)).isEqualTo("/base/apd/mv_apd.bin: interrupted");
    }

    /// A download cut short inside the archive carries the archive's complaint as its cause, and is
    /// the download's fault; the archive's complaint alone is the data's; anything else is local.
    @Test
    void theKindIsThatOfTheOutermostDownloadOrDataFailure() {
        dev.bsee.scraper.SourceDataException cut = dev.bsee.scraper.SourceDataException.builder(
                dev.bsee.scraper.SourceDataException.Problem.TRUNCATED_ARCHIVE, "the archive ends early").archive("war.zip").build();
        java.net.URI uri = java.net.URI.create("http://example.test/war.zip");
        var truncated = new dev.bsee.scraper.DownloadException(dev.bsee.scraper.DownloadException.Kind.TRUNCATED, "source war",
                uri, 1, 200, "ended the body early", cut);
        var interrupted = new dev.bsee.scraper.DownloadException(dev.bsee.scraper.DownloadException.Kind.INTERRUPTED, "source war",
                uri, 1, -1, "interrupted", null);

        assertThat(Failures.describe("war", truncated).kind()).isEqualTo(dev.bsee.bridge.RefreshError.Kind.DOWNLOAD);
        assertThat(Failures.describe("war", new java.io.UncheckedIOException(cut)).kind())
                .isEqualTo(dev.bsee.bridge.RefreshError.Kind.DATA);
        assertThat(Failures.describe("war", interrupted).kind()).isEqualTo(dev.bsee.bridge.RefreshError.Kind.LOCAL);
        assertThat(Failures.describe("war", new AccessDeniedException("/base/war/a.bin")).kind())
                .isEqualTo(dev.bsee.bridge.RefreshError.Kind.LOCAL);
    }

    /// An entry that needed more heap than the JVM had is reported as the entry's failure (its name,
    /// and advice), but it is this machine's to fix: a larger heap reads the same bytes.
    @Test
    void anEntryThatRanOutOfHeapIsALocalFailure() {
        dev.bsee.scraper.SourceDataException outOfHeap = dev.bsee.scraper.SourceDataException.builder(
                        dev.bsee.scraper.SourceDataException.Problem.TOO_LARGE, "the entry needs more heap than this JVM has")
                .archive("war.zip").entry("mv_war_main.txt").cause(new OutOfMemoryError("Java heap space")).build();

        dev.bsee.bridge.RefreshError error = Failures.describe("war", new java.io.UncheckedIOException(
                new java.io.IOException(outOfHeap)));

        assertThat(error.kind()).isEqualTo(dev.bsee.bridge.RefreshError.Kind.LOCAL);
        assertThat(error.entry()).contains("mv_war_main.txt");
    }
}
