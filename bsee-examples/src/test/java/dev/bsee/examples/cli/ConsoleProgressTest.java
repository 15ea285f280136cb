package dev.bsee.examples.cli;

import dev.bsee.core.DType;
import dev.bsee.core.ProgressEvent;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleProgressTest {

    private static final long MILLI = 1_000_000L;

    private final StringWriter text = new StringWriter();
    private final AtomicLong clock = new AtomicLong();

    private ConsoleProgress progress(ConsoleProgress.Mode mode) {
        return new ConsoleProgress(new PrintWriter(text), mode, 120, clock::get);
    }

    private static ProgressEvent.Download download(String source, long received, long total) {
        return new ProgressEvent.Download(source, received, total, 2048);
    }

    private static ProgressEvent.EntryFinished finished(String source, String entry, long rows) {
        return new ProgressEvent.EntryFinished(source, entry, rows,
                List.of(DType.INT64, DType.OBJECT, DType.OBJECT, DType.FLOAT64), 4096, Duration.ofMillis(1500));
    }

    @Test
    void aLogRecordGoesAboveTheStatusLineNotOntoIt() {
        PrintWriter err = new PrintWriter(text);
        try (ConsoleProgress progress = ConsoleProgress.create(err, ConsoleProgress.Mode.BARS);
             CliLogging logging = CliLogging.install(0, () -> err)) {
            progress.onEvent(download("apd", 10, 100));
            System.getLogger("dev.bsee.test").log(System.Logger.Level.WARNING, "the server is slow");
        }
        assertThat(text.toString()).contains("\r\u001B[Kapd [##")
                .contains("\r\u001B[Kbsee: warning: the server is slow" + System.lineSeparator() + "\r\u001B[Kapd [##")
                .endsWith("\r\u001B[K");
    }

    @Test
    void redirectedOutputHasPlainLinesOnly() {
        try (ConsoleProgress progress = progress(ConsoleProgress.Mode.LINES)) {
            for (long received = 0; received <= 1000; received += 50) {
                progress.onEvent(download("production", received, 1000));
            }
            progress.onEvent(new ProgressEvent.EntryStarted("production", "ogora2024delimit.txt", 900));
            progress.onEvent(new ProgressEvent.EntryProgress("production", "ogora2024delimit.txt", 10, 300));
            progress.onEvent(finished("production", "ogora2024delimit.txt", 12_345));
            progress.onEvent(finished("production", "ogora2025delimit.txt", 1));
            progress.onEvent(new ProgressEvent.Notice("war", "attempt 2 of 4 after HTTP 503"));
        }
        String output = text.toString();
        assertThat(output).doesNotContain("\r", "\u001B", "[#");
        assertThat(output.lines()).containsExactly(
                "production: downloaded 0 B of 1000 B (0%)",
                "production: downloaded 250 B of 1000 B (25%)",
                "production: downloaded 500 B of 1000 B (50%)",
                "production: downloaded 750 B of 1000 B (75%)",
                "production: downloaded 1000 B of 1000 B (100%)",
                "production: ogora2024delimit.txt: 12,345 rows, 4 columns (int64 x1, float64 x1, object x2) in 1.5 s",
                "production: ogora2025delimit.txt: 1 row, 4 columns (int64 x1, float64 x1, object x2) in 1.5 s",
                "war: attempt 2 of 4 after HTTP 503");
    }

    /// A line is printed when a download passes a quarter, and its percentage is the share the
    /// bytes on that line make, as the bar's is: it was the quarter passed.
    @Test
    void aPlainDownloadLineGivesThePercentageOfItsOwnBytes() {
        try (ConsoleProgress progress = progress(ConsoleProgress.Mode.LINES)) {
            for (long received : new long[] {0, 460, 920, 1000}) {
                progress.onEvent(download("apd", received, 1000));
            }
        }
        assertThat(text.toString().lines()).containsExactly(
                "apd: downloaded 0 B of 1000 B (0%)",
                "apd: downloaded 460 B of 1000 B (46%)",
                "apd: downloaded 920 B of 1000 B (92%)",
                "apd: downloaded 1000 B of 1000 B (100%)");
    }

    @Test
    void aClosedListenerDrawsNothingMoreInEitherMode() {
        for (ConsoleProgress.Mode mode : List.of(ConsoleProgress.Mode.LINES, ConsoleProgress.Mode.BARS)) {
            ConsoleProgress progress = progress(mode);
            progress.onEvent(new ProgressEvent.EntryStarted("production", "ogora2024delimit.txt", 900));
            progress.close();
            int length = text.getBuffer().length();
            // Entry threads still running when a signal stops the command.
            progress.onEvent(finished("production", "ogora2024delimit.txt", 12_345));
            progress.onEvent(new ProgressEvent.Notice("production", "late"));
            progress.onEvent(download("production", 500, 1000));
            assertThat(text.getBuffer().length()).as(mode.toString()).isEqualTo(length);
        }
    }

    @Test
    void downloadsOfUnknownSizeAreReportedEverySixtyFourMebibytes() {
        try (ConsoleProgress progress = progress(ConsoleProgress.Mode.LINES)) {
            for (long received = 1 << 20; received <= 200L << 20; received += 1 << 20) {
                progress.onEvent(new ProgressEvent.Download("war", received, -1, 0));
            }
        }
        assertThat(text.toString().lines()).containsExactly(
                "war: downloaded 1.0 MiB", "war: downloaded 64.0 MiB", "war: downloaded 128.0 MiB",
                "war: downloaded 192.0 MiB");
    }

    @Test
    void terminalOutputRedrawsOneStatusLineWithABar() {
        try (ConsoleProgress progress = progress(ConsoleProgress.Mode.BARS)) {
            progress.onEvent(download("well", 500, 1000));
            assertThat(progress.statusLine()).isEqualTo("well [##########----------]  50% 500 B/1000 B 2.0 KiB/s");
        }
        String output = text.toString();
        assertThat(output).startsWith("\r\u001B[Kwell [##########----------]  50%");
        assertThat(output).as("closing clears the status line").endsWith("\r\u001B[K");
    }

    @Test
    void terminalRedrawsAreThrottledAndAFinishedEntryLeavesNoPermanentLine() {
        try (ConsoleProgress progress = progress(ConsoleProgress.Mode.BARS)) {
            progress.onEvent(new ProgressEvent.EntryStarted("well", "mv_apddata_all.txt", 1000));
            for (int rows = 1; rows <= 100; rows++) {
                clock.addAndGet(MILLI);
                progress.onEvent(new ProgressEvent.EntryProgress("well", "mv_apddata_all.txt", rows, rows * 10L));
            }
            progress.onEvent(finished("well", "mv_apddata_all.txt", 100));
            progress.onEvent(new ProgressEvent.Notice("well", "wrote 1 file"));
        }
        String output = text.toString();
        assertThat(count(output, "mv_apddata_all.txt ")).as("redraws: start, one after 100 ms").isEqualTo(2);
        assertThat(output).contains("[####################] mv_apddata_all.txt 100 rows");
        // The command prints every entry written on standard output: on a terminal the progress
        // must not show it a second time. Notices stay as permanent lines.
        assertThat(output).doesNotContain("100 rows, 4 columns").contains("\r\u001B[Kwell: wrote 1 file\n");
    }

    @Test
    void severalSourcesShareTheStatusLine() {
        try (ConsoleProgress progress = progress(ConsoleProgress.Mode.BARS)) {
            progress.onEvent(download("well", 100, 400));
            progress.onEvent(new ProgressEvent.EntryStarted("war", "mv_war_main.txt", -1));
            assertThat(progress.statusLine())
                    .isEqualTo("well [#####---------------]  25% 100 B/400 B 2.0 KiB/s | war mv_war_main.txt 0 rows");
            progress.onEvent(download("well", 400, 400));
            assertThat(progress.statusLine()).as("a finished download leaves the line").isEqualTo("war mv_war_main.txt 0 rows");
        }
    }

    @Test
    void aDownloadOfKnownSizeShowsFromItsFirstEvent() {
        try (ConsoleProgress progress = progress(ConsoleProgress.Mode.BARS)) {
            progress.onEvent(download("production", 0, 36_833));
            assertThat(progress.statusLine()).isEqualTo("production [--------------------]   0% 0 B/36.0 KiB 2.0 KiB/s");
            progress.onEvent(new ProgressEvent.EntryStarted("production", "ogora2023delimit.txt", 9_000));
            assertThat(progress.statusLine()).as("no entry bar while the download runs")
                    .isEqualTo("production [--------------------]   0% 0 B/36.0 KiB 2.0 KiB/s · ogora2023delimit.txt 0 rows");
        }
    }

    @Test
    void theStatusLineIsCutToTheCellsATerminalGivesItsCharacters() {
        // A CJK character or an emoji takes two cells, a combining mark none: a line cut by its
        // chars took up to twice the terminal's width and wrapped, and the cut could fall inside a
        // surrogate pair, which printed as `?`.
        ConsoleProgress wide = new ConsoleProgress(new PrintWriter(text), ConsoleProgress.Mode.BARS, 30, clock::get);
        wide.onEvent(new ProgressEvent.EntryStarted("宽字符.zip", "数据数据数据数据数据数据.txt", -1));
        assertThat(wide.statusLine()).isEqualTo("宽字符.zip 数据数据数据数据…");
        ConsoleProgress emoji = new ConsoleProgress(new PrintWriter(text), ConsoleProgress.Mode.BARS, 29, clock::get);
        emoji.onEvent(new ProgressEvent.EntryStarted("a.zip", "😀".repeat(12) + ".txt", -1));
        assertThat(emoji.statusLine()).isEqualTo("a.zip " + "😀".repeat(10) + "…");
        ConsoleProgress marks = new ConsoleProgress(new PrintWriter(text), ConsoleProgress.Mode.BARS, 34, clock::get);
        marks.onEvent(new ProgressEvent.EntryStarted("a.zip", "e\u0301".repeat(16) + ".txt", -1));
        assertThat(marks.statusLine()).as("a combining mark takes no cell").isEqualTo("a.zip " + "e\u0301".repeat(16) + ".txt 0 rows");
        assertThat(ConsoleProgress.fitTo("abcdef", 6)).isEqualTo("abcdef");
        assertThat(ConsoleProgress.fitTo("abcdefg", 6)).isEqualTo("abcde…");
        assertThat(ConsoleProgress.fitTo("ab数据", 5)).as("a wide character that would pass the last cell").isEqualTo("ab数…");
    }

    @Test
    void aResizedTerminalGetsTheStatusLineCutToItsNewWidth() {
        try (ConsoleProgress progress = progress(ConsoleProgress.Mode.BARS)) {
            progress.onEvent(download("well", 500, 1000));
            progress.onEvent(new ProgressEvent.EntryStarted("war", "mv_war_main_prop_remark.txt", -1));
            assertThat(progress.statusLine()).hasSizeGreaterThan(40);
            progress.resize(40);
            assertThat(progress.statusLine()).isEqualTo("well [##########----------]  50% 500 B…");
            assertThat(text.toString()).as("redrawn at once, not at the next event")
                    .endsWith("\r\u001B[Kwell [##########----------]  50% 500 B…");
        }
    }

    @Test
    void anArchiveNameWithControlCharactersIsEscapedInBothModes() {
        // convert names its sources by the archives' file names, which may hold an escape code: the
        // entry lines escaped it, the status line and the download lines printed it as it was.
        String archive = "e\u001B[2Jvil\n.zip";
        try (ConsoleProgress progress = progress(ConsoleProgress.Mode.BARS)) {
            progress.onEvent(new ProgressEvent.EntryStarted(archive, "a.txt", -1));
            progress.onEvent(download(archive, 100, 400));
        }
        try (ConsoleProgress progress = progress(ConsoleProgress.Mode.LINES)) {
            progress.onEvent(download(archive, 100, 400));
            progress.onEvent(finished(archive, "a.txt", 3));
        }
        String output = text.toString().replace("\r\u001B[K", "");
        assertThat(output).doesNotContain("\u001B", "vil\n").contains("e\\e[2Jvil\\n.zip a.txt 0 rows",
                "e\\e[2Jvil\\n.zip: downloaded 100 B of 400 B (25%)", "e\\e[2Jvil\\n.zip: a.txt: 3 rows");
    }

    @Test
    void noneModePrintsNothing() {
        try (ConsoleProgress progress = progress(ConsoleProgress.Mode.NONE)) {
            progress.onEvent(download("well", 100, 400));
            progress.onEvent(finished("well", "a.txt", 1));
        }
        assertThat(text.toString()).isEmpty();
    }

    @Test
    void concurrentEventsNeverInterleaveWithinALine() throws InterruptedException {
        try (ConsoleProgress progress = progress(ConsoleProgress.Mode.LINES);
             ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int worker = 0; worker < 4; worker++) {
                String source = "source" + worker;
                pool.submit(() -> {
                    for (int entry = 0; entry < 200; entry++) {
                        progress.onEvent(finished(source, "entry" + entry + ".txt", entry));
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        List<String> lines = text.toString().lines().toList();
        assertThat(lines).hasSize(800).allMatch(line -> line.matches("source\\d: entry\\d+\\.txt: [\\d,]+ rows?, 4 columns .* in 1\\.5 s"));
    }

    @Test
    void formatsBarsAndDtypes() {
        assertThat(ConsoleProgress.bar(0, 4)).isEqualTo("[----]");
        assertThat(ConsoleProgress.bar(0.74, 4)).isEqualTo("[##--]");
        assertThat(ConsoleProgress.bar(7, 4)).isEqualTo("[####]");
        assertThat(ConsoleProgress.summarize(List.of())).isEqualTo("no columns");
        assertThat(ConsoleProgress.summarize(List.of(DType.OBJECT, DType.INT64, DType.OBJECT))).isEqualTo("int64 x1, object x2");
    }

    private static int count(String haystack, String needle) {
        int count = 0;
        for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }
}
