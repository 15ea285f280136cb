package dev.bsee.examples.cli;

import dev.bsee.core.DType;
import dev.bsee.core.ProgressEvent;
import dev.bsee.core.ProgressListener;
import dev.bsee.core.internal.SafeText;
import dev.bsee.core.internal.MessageText;

import java.io.Console;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/// Shows the [ProgressEvent]s of a refresh or conversion to a person.
///
/// On a terminal ([Mode#BARS]) one status line is redrawn in place: a bar per active source with
/// the bytes downloaded (or the text read from the current entry), the rate and the rows parsed;
/// notices are printed as permanent lines above it, finished entries are not (the commands list
/// them as their result). When the output is redirected to a file or a pipe ([Mode#LINES]) there
/// are no control characters at all: one plain line per finished entry and notice, and a line per
/// quarter of each download, a log of the run.
///
/// ```java
/// try (ConsoleProgress progress = ConsoleProgress.create(out, ConsoleProgress.Mode.AUTO)) {
///     converter.convert(zip, progress);
/// }
/// ```
///
/// The listener is thread-safe: events may come from several worker threads at once. Closing it
/// clears the status line, so the next output starts on a clean line.
public final class ConsoleProgress implements ProgressListener, AutoCloseable {

    /// How progress is shown.
    public enum Mode {
        /// Bars on a terminal, plain lines otherwise.
        AUTO,
        /// A status line redrawn in place, with ANSI erase codes.
        BARS,
        /// Plain lines, no control characters; for files, pipes and CI logs.
        LINES,
        /// Nothing.
        NONE
    }

    private static final String ERASE_LINE = "\r\u001B[K";
    private static final long REDRAW_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int BAR_CELLS = 20;
    private static final int MIN_WIDTH = 10;
    private static final int QUARTERS = 4;
    private static final long PLAIN_STEP_WITHOUT_TOTAL = 64L << 20;

    private final PrintWriter out;
    private final Mode mode;
    /// The terminal's width in cells; a resize of the terminal (SIGWINCH) sets it again.
    private volatile int width;
    private final LongSupplier nanoClock;
    private final Map<String, SourceState> sources = new LinkedHashMap<>();
    /// The listener (bars or lines) that the running command created last; the CLI runs one
    /// command per process.
    private static volatile ConsoleProgress current;
    private long lastDrawNanos;
    private boolean statusShown;
    private boolean closed;

    ConsoleProgress(PrintWriter out, Mode mode, int width, LongSupplier nanoClock) {
        this.out = Objects.requireNonNull(out, "out");
        this.mode = Objects.requireNonNull(mode, "mode");
        if (mode == Mode.AUTO) {
            throw new IllegalArgumentException("resolve AUTO before constructing");
        }
        this.width = Math.max(MIN_WIDTH, width);
        this.nanoClock = nanoClock;
        this.lastDrawNanos = nanoClock.getAsLong() - REDRAW_INTERVAL_NANOS;
    }

    /// A listener printing to `out` in `mode`; [Mode#AUTO] picks bars when standard error is a
    /// terminal that can erase a line.
    ///
    /// @param out where to print
    /// @param mode how to show progress
    /// @return the listener
    public static ConsoleProgress create(PrintWriter out, Mode mode) {
        Mode resolved = mode == Mode.AUTO ? (errorIsTerminal() && !dumbTerminal() ? Mode.BARS : Mode.LINES) : mode;
        ConsoleProgress progress = new ConsoleProgress(out, resolved, resolved == Mode.BARS ? terminalWidth() : 80,
                System::nanoTime);
        if (resolved != Mode.NONE) {
            current = progress;
        }
        if (resolved == Mode.BARS) {
            followResizes();
        }
        return progress;
    }

    /// Redraws the status line cut to a terminal now `columns` wide: a line drawn for a wider
    /// terminal would wrap onto a second row, which the next redraw's carriage return does not
    /// reach, so every redraw would leave a row behind.
    ///
    /// @param columns the terminal's new width in cells
    synchronized void resize(int columns) {
        width = Math.max(MIN_WIDTH, columns);
        if (mode == Mode.BARS && statusShown && !closed) {
            drawStatus(nanoClock.getAsLong());
        }
    }

    private static boolean followingResizes;

    /// Reads the terminal's width again on each SIGWINCH, once per JVM. `COLUMNS` is what the shell
    /// exported when the command started; after a resize only the terminal knows its width.
    private static synchronized void followResizes() {
        if (followingResizes) {
            return;
        }
        followingResizes = true;
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), resized -> {
                ConsoleProgress progress = current;
                if (progress != null && progress.mode == Mode.BARS) {
                    ttyWidth().ifPresent(progress::resize);
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError notHandled) {
            // No SIGWINCH here (another platform): the width stays the one read at the start.
        }
    }

    /// The listener drawing a status line on `out`, if one is: log records printed to the same
    /// stream go above its line through [#printAbove], not onto it.
    ///
    /// @param out a command's standard error
    /// @return the listener, or null
    static ConsoleProgress showingOn(PrintWriter out) {
        ConsoleProgress progress = current;
        return progress != null && progress.mode == Mode.BARS && progress.out == out ? progress : null;
    }

    /// Whether a listener is showing the running command's notices: the library logs each notice at
    /// `INFO` too, which `-v` would print a second time.
    ///
    /// @return whether one is
    static boolean showsNotices() {
        return current != null;
    }

    /// Prints `text` (one or more whole lines, as given) above the status line and draws the
    /// status line again below it.
    ///
    /// @param text the lines, without the last line end
    synchronized void printAbove(String text) {
        if (statusShown) {
            out.print(ERASE_LINE);
            statusShown = false;
        }
        out.println(text);
        if (!closed) {
            drawStatus(nanoClock.getAsLong());
        }
        out.flush();
    }

    /// A listener printing to a stream, e.g. `System.out`.
    ///
    /// @param out where to print
    /// @param mode how to show progress
    /// @return the listener
    public static ConsoleProgress create(PrintStream out, Mode mode) {
        Charset charset = out.charset();
        return create(new PrintWriter(new OutputStreamWriter(out, charset), true), mode);
    }

    /// The mode actually used ([Mode#AUTO] resolved).
    ///
    /// @return the mode
    public Mode mode() {
        return mode;
    }

    @Override
    public synchronized void onEvent(ProgressEvent event) {
        if (mode == Mode.NONE || closed) {
            return;
        }
        SourceState state = sources.computeIfAbsent(event.source(), SourceState::new);
        switch (event) {
            case ProgressEvent.Download download -> {
                state.received = download.bytesReceived();
                state.total = download.totalBytes();
                state.rate = download.bytesPerSecond();
                if (mode == Mode.LINES) {
                    plainDownloadLine(state);
                }
            }
            case ProgressEvent.EntryStarted started -> {
                state.entry = started.entry();
                state.entrySize = started.uncompressedSize();
                state.entryRows = 0;
                state.entryBytes = 0;
            }
            case ProgressEvent.EntryProgress progress -> {
                state.entry = progress.entry();
                state.entryRows = progress.rows();
                state.entryBytes = progress.bytes();
            }
            case ProgressEvent.EntryFinished finished -> {
                state.entry = null;
                if (mode == Mode.BARS) {
                    // The commands print every entry written as their result on standard output; on
                    // a terminal a permanent progress line would show each entry a second time.
                    drawStatus(nanoClock.getAsLong());
                    return;
                }
                permanentLine(event.source() + ": " + finished.entry() + ": " + MessageText.count(finished.rows(), "row")
                        + ", " + MessageText.count(finished.dtypes().size(), "column") + " (" + summarize(finished.dtypes())
                        + ") in " + seconds(finished.elapsed()));
                return;
            }
            case ProgressEvent.Notice notice -> {
                permanentLine(event.source() + ": " + notice.message());
                return;
            }
        }
        if (mode == Mode.BARS) {
            long now = nanoClock.getAsLong();
            if (now - lastDrawNanos >= REDRAW_INTERVAL_NANOS || event instanceof ProgressEvent.EntryStarted) {
                drawStatus(now);
            }
        }
    }

    /// Clears the status line and draws nothing more: later output starts at the beginning of a
    /// clean line, and no event from a thread still running (a command stopped by a signal) comes
    /// after the command's own last words.
    @Override
    public synchronized void close() {
        closed = true;
        if (current == this) {
            current = null;
        }
        if (statusShown) {
            out.print(ERASE_LINE);
            statusShown = false;
        }
        out.flush();
    }

    /// A short summary of dtypes for a person, e.g. `int64 x3, object x12, float64 x1`.
    ///
    /// @param dtypes the dtypes of a table's columns
    /// @return the summary, or `no columns`
    public static String summarize(List<DType> dtypes) {
        Map<DType, Integer> counts = new EnumMap<>(DType.class);
        dtypes.forEach(dtype -> counts.merge(dtype, 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((dtype, count) -> parts.add(dtype.numpyName() + " x" + count));
        return parts.isEmpty() ? "no columns" : String.join(", ", parts);
    }

    /// A bar of `cells` cells filled to `fraction` (clamped to 0..1), e.g. `[#####---------------]`.
    ///
    /// @param fraction how much is done
    /// @param cells the bar's width inside the brackets
    /// @return the bar
    static String bar(double fraction, int cells) {
        double clamped = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.floor(clamped * cells);
        return "[" + "#".repeat(filled) + "-".repeat(cells - filled) + "]";
    }

    /// The status line for the current state, cut to the terminal width.
    String statusLine() {
        List<String> parts = new ArrayList<>();
        for (SourceState state : sources.values()) {
            if (state.isActive()) {
                parts.add(state.describe());
            }
        }
        return fitTo(String.join(" | ", parts), width - 1);
    }

    /// `line` cut to `cells` terminal cells, ending in `…` when cut. A terminal gives a CJK
    /// character or an emoji two cells and a combining mark none, so a line measured in `char`s
    /// wrapped onto a second row; and it is cut between code points, never inside a surrogate pair
    /// (which printed as `?`).
    ///
    /// @param line the line, without control characters
    /// @param cells the cells it may take
    /// @return the line, or its start and `…`
    static String fitTo(String line, int cells) {
        int used = 0;
        int fitsBeforeEllipsis = 0;
        for (int at = 0; at < line.length(); ) {
            int codePoint = line.codePointAt(at);
            int next = at + Character.charCount(codePoint);
            used += cellsOf(codePoint);
            if (used > cells) {
                return line.substring(0, fitsBeforeEllipsis) + "…";
            }
            if (used <= cells - 1) {
                fitsBeforeEllipsis = next;
            }
            at = next;
        }
        return line;
    }

    /// The cells a terminal gives `codePoint`: none for a combining mark or a format character
    /// (a zero-width joiner, a variation selector), two for the East Asian wide and full-width
    /// characters and the emoji blocks (as `wcwidth` counts them), else one.
    static int cellsOf(int codePoint) {
        int type = Character.getType(codePoint);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || (codePoint >= 0xFE00 && codePoint <= 0xFE0F) || (codePoint >= 0xE0100 && codePoint <= 0xE01EF)) {
            return 0;
        }
        boolean wide = (codePoint >= 0x1100 && codePoint <= 0x115F)
                || (codePoint >= 0x231A && codePoint <= 0x231B)
                || (codePoint >= 0x2329 && codePoint <= 0x232A)
                || (codePoint >= 0x2E80 && codePoint <= 0x303E)
                || (codePoint >= 0x3041 && codePoint <= 0x33FF)
                || (codePoint >= 0x3400 && codePoint <= 0x4DBF)
                || (codePoint >= 0x4E00 && codePoint <= 0x9FFF)
                || (codePoint >= 0xA000 && codePoint <= 0xA4CF)
                || (codePoint >= 0xA960 && codePoint <= 0xA97F)
                || (codePoint >= 0xAC00 && codePoint <= 0xD7A3)
                || (codePoint >= 0xF900 && codePoint <= 0xFAFF)
                || (codePoint >= 0xFE10 && codePoint <= 0xFE19)
                || (codePoint >= 0xFE30 && codePoint <= 0xFE6F)
                || (codePoint >= 0xFF00 && codePoint <= 0xFF60)
                || (codePoint >= 0xFFE0 && codePoint <= 0xFFE6)
                || (codePoint >= 0x16FE0 && codePoint <= 0x18AFF)
                || (codePoint >= 0x1B000 && codePoint <= 0x1B2FF)
                || (codePoint >= 0x1F300 && codePoint <= 0x1F64F)
                || (codePoint >= 0x1F680 && codePoint <= 0x1F6FF)
                || (codePoint >= 0x1F900 && codePoint <= 0x1F9FF)
                || (codePoint >= 0x1FA70 && codePoint <= 0x1FAFF)
                || (codePoint >= 0x20000 && codePoint <= 0x3FFFD);
        return wide ? 2 : 1;
    }

    private void drawStatus(long now) {
        lastDrawNanos = now;
        String line = statusLine();
        if (line.isEmpty()) {
            if (statusShown) {
                out.print(ERASE_LINE);
                out.flush();
                statusShown = false;
            }
            return;
        }
        out.print(ERASE_LINE + line);
        out.flush();
        statusShown = true;
    }

    /// Prints `line` with its control characters escaped: entry names and notices come from archives
    /// and servers, and must not move the cursor or forge output.
    private void permanentLine(String line) {
        String text = SafeText.escape(line);
        if (mode == Mode.BARS) {
            out.print(ERASE_LINE);
            out.println(text);
            statusShown = false;
            drawStatus(nanoClock.getAsLong());
        } else {
            out.println(text);
        }
        out.flush();
    }

    private void plainDownloadLine(SourceState state) {
        if (state.total.isPresent() && state.total.getAsLong() > 0) {
            long total = state.total.getAsLong();
            int quarter = (int) Math.min(QUARTERS, state.received * QUARTERS / total);
            if (quarter > state.reportedStep || !state.announced) {
                state.reportedStep = quarter;
                state.announced = true;
                // A line is printed at each quarter reached, and says how far the download is, as the
                // bar does: the quarter itself put "(25%)" after 8.0 KiB of 17.3 KiB.
                out.println(state.source + ": downloaded " + MessageText.bytes(state.received) + " of " + MessageText.bytes(total)
                        + " (" + Math.min(100, state.received * 100 / total) + "%)");
                out.flush();
            }
        } else {
            int step = (int) (state.received / PLAIN_STEP_WITHOUT_TOTAL);
            if (step > state.reportedStep || !state.announced) {
                state.reportedStep = step;
                state.announced = true;
                out.println(state.source + ": downloaded " + MessageText.bytes(state.received));
                out.flush();
            }
        }
    }

    private static String seconds(Duration elapsed) {
        return String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
    }

    /// Whether standard error, where progress goes, is a terminal. Linux names the file behind
    /// each descriptor in `/proc/self/fd`; elsewhere the JDK's console stands in, which looks at
    /// standard input and output instead (JDK 22+ answers `isTerminal()`, JDK 21 has no console
    /// when either is redirected).
    static boolean errorIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException noProc) {
            // Not Linux: below.
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException jdk21) {
            return true;
        } catch (ReflectiveOperationException | ClassCastException e) {
            return false;
        }
    }

    /// A terminal that cannot erase a line (`TERM=dumb`, as Emacs' shell sets) gets plain lines.
    private static boolean dumbTerminal() {
        return "dumb".equals(System.getenv("TERM"));
    }

    /// The terminal's width: `COLUMNS` when the shell exports it, else what `stty` says of the
    /// controlling terminal (bash sets `COLUMNS` but does not export it), else 80.
    private static int terminalWidth() {
        String columns = System.getenv("COLUMNS");
        if (columns != null) {
            try {
                int width = Integer.parseInt(columns.trim());
                if (width > 0) {
                    return width;
                }
            } catch (NumberFormatException e) {
                // Below.
            }
        }
        return ttyWidth().orElse(80);
    }

    /// What `stty` says of the controlling terminal's width, if it says one.
    private static OptionalInt ttyWidth() {
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String size = new String(stty.getInputStream().readNBytes(64), StandardCharsets.US_ASCII).trim();
            if (stty.waitFor(1, TimeUnit.SECONDS) && stty.exitValue() == 0 && size.matches("\\d+ \\d+")) {
                int width = Integer.parseInt(size.substring(size.indexOf(' ') + 1));
                if (width > 0) {
                    // A pseudo-terminal nobody sized (`script` writing to a file) says 0.
                    return OptionalInt.of(width);
                }
            }
            stty.destroy();
        } catch (IOException | NumberFormatException e) {
            // No stty or no controlling terminal: below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OptionalInt.empty();
    }

    /// What is known about one source while it runs.
    private static final class SourceState {
        /// The source's name as printed, control characters escaped.
        final String source;
        long received;
        OptionalLong total = OptionalLong.empty();
        double rate;
        String entry;
        OptionalLong entrySize = OptionalLong.empty();
        long entryRows;
        long entryBytes;
        int reportedStep;
        boolean announced;

        SourceState(String source) {
            // A source is a convert's archive by its file name, which may hold an escape code or a
            // line break: the status line and the download lines are printed as they are.
            this.source = SafeText.escape(source);
        }

        boolean isActive() {
            return entry != null || downloading();
        }

        /// A download is shown from its first event (a 0% bar when the size is known) to its last byte.
        boolean downloading() {
            return total.isPresent() ? received < total.getAsLong() : received > 0;
        }

        String describe() {
            StringBuilder text = new StringBuilder(source).append(' ');
            if (downloading()) {
                if (total.isPresent()) {
                    long all = total.getAsLong();
                    text.append(bar((double) received / all, BAR_CELLS)).append(' ')
                            .append(String.format(Locale.ROOT, "%3d%% ", received * 100 / Math.max(1, all)))
                            .append(MessageText.bytes(received)).append('/').append(MessageText.bytes(all));
                } else {
                    text.append(MessageText.bytes(received));
                }
                if (rate > 0) {
                    text.append(' ').append(MessageText.bytes((long) rate)).append("/s");
                }
            }
            if (entry != null) {
                if (text.length() > source.length() + 1) {
                    text.append(" · ");
                }
                if (entrySize.isPresent() && entrySize.getAsLong() > 0 && !downloading()) {
                    text.append(bar((double) entryBytes / entrySize.getAsLong(), BAR_CELLS)).append(' ');
                }
                text.append(SafeText.escape(entry)).append(' ').append(MessageText.count(entryRows, "row"));
            }
            return text.toString();
        }
    }
}
