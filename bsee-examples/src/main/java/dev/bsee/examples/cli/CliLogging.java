package dev.bsee.examples.cli;

import dev.bsee.core.internal.SafeText;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/// The tool's logging while a command runs: the JDK's root log handlers (which `System.Logger` and,
/// through the SLF4J binding, Chronicle's logging reach) are replaced by one that prints each record
/// as one plain line on the command's standard error, `bsee: warning: ...`, with a stack trace only
/// under `-v`. Closing it puts the previous handlers and level back, so embedding the tool (or a
/// test running it in process) leaves the host's logging as it was.
final class CliLogging implements AutoCloseable {

    private final Logger root = Logger.getLogger("");
    /// Chronicle's loggers (through the SLF4J binding): its `INFO` lines describe each mapped file,
    /// detail for `-vv` only. Held here because the JDK keeps loggers weakly.
    private final Logger chronicle = Logger.getLogger("net.openhft");
    private final Level previousChronicleLevel;
    private final Level previousLevel;
    private final Handler[] previousHandlers;
    private final Handler handler;

    private CliLogging(Level level, boolean traces, Supplier<PrintWriter> err) {
        previousChronicleLevel = chronicle.getLevel();
        chronicle.setLevel(level.intValue() < Level.INFO.intValue() ? level : Level.WARNING);
        previousLevel = root.getLevel();
        previousHandlers = root.getHandlers();
        for (Handler old : previousHandlers) {
            root.removeHandler(old);
        }
        handler = new LineHandler(err, traces, level);
        // With traces, the library's detail records are let through for the traces they carry: a
        // failure whose line says it whole logs its trace apart, at DEBUG, out of a service's log.
        Level through = traces && level.intValue() > Level.FINE.intValue() ? Level.FINE : level;
        handler.setLevel(through);
        root.addHandler(handler);
        root.setLevel(through);
    }

    /// Installs the tool's handler for `verbosity` (the number of `-v` flags).
    ///
    /// @param verbosity 0: warnings; 1: also info and stack traces; 2 or more: also fine detail
    /// @param err the standard error of the command, asked for at each record
    /// @return the installed logging; close it to restore the previous one
    static CliLogging install(int verbosity, Supplier<PrintWriter> err) {
        Level level = verbosity >= 2 ? Level.FINE : verbosity == 1 ? Level.INFO : Level.WARNING;
        return new CliLogging(level, verbosity > 0, err);
    }

    /// How many `-v` flags the command line has, on the tool or on its subcommand.
    ///
    /// @param parsed the parse result of the whole command line
    /// @return the count
    static int verbosity(ParseResult parsed) {
        int count = 0;
        for (ParseResult result = parsed; result != null; result = result.subcommand()) {
            boolean[] flags = result.matchedOptionValue("-v", new boolean[0]);
            count += flags.length;
        }
        return count;
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        for (Handler old : previousHandlers) {
            root.addHandler(old);
        }
        root.setLevel(previousLevel);
        chronicle.setLevel(previousChronicleLevel);
    }

    /// `bsee: warning: message` for one record: the message on one line (the exception's when the
    /// record has none); the stack trace follows it only when asked for.
    static String format(LogRecord record, boolean traces) {
        String message = new Formatter() {
            @Override
            public String format(LogRecord r) {
                return formatMessage(r);
            }
        }.format(record);
        // A record may quote a name as given (a configuration key, a path): one line, escaped.
        String text = message == null ? "" : SafeText.escape(joinLines(message.strip()));
        Throwable thrown = record.getThrown();
        if (thrown != null && !traces && text.isEmpty()) {
            // The library's messages stand on their own; a record without one shows its exception.
            text = BseeCommand.oneLine(thrown);
        }
        return "bsee: " + label(record.getLevel()) + text;
    }

    private static String label(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "error: ";
        }
        if (value >= Level.WARNING.intValue()) {
            return "warning: ";
        }
        if (value >= Level.INFO.intValue()) {
            return "";
        }
        return level.getName().toLowerCase(Locale.ROOT) + ": ";
    }

    /// Prints records to the command's standard error as they come, one line each.
    private static final class LineHandler extends Handler {
        private final Supplier<PrintWriter> err;
        private final boolean traces;
        private final Level level;

        LineHandler(Supplier<PrintWriter> err, boolean traces, Level level) {
            this.err = err;
            this.traces = traces;
            this.level = level;
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            if (record.getLevel().intValue() < level.intValue() && (record.getThrown() == null
                    || record.getLoggerName() == null || !record.getLoggerName().startsWith("dev.bsee."))) {
                // Below the level asked for, only a trace of the library's failures is shown.
                return;
            }
            if (record.getLevel() == Level.INFO && record.getLoggerName() != null
                    && record.getLoggerName().startsWith("dev.bsee.") && ConsoleProgress.showsNotices()) {
                // The library's INFO records are its notices, which the progress shows already.
                return;
            }
            PrintWriter out = err.get();
            String text = format(record, traces);
            if (traces && record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text += System.lineSeparator() + trace.toString().stripTrailing();
            }
            ConsoleProgress bars = ConsoleProgress.showingOn(out);
            if (bars != null) {
                // A record printed onto the status line would share a line with the bar.
                bars.printAbove(text);
                return;
            }
            synchronized (out) {
                out.println(text);
                out.flush();
            }
        }

        @Override
        public void flush() {
            err.get().flush();
        }

        @Override
        public void close() {
            flush();
        }
    }

    /// `text` on one line: each line break, with the white space around it, becomes one space. A
    /// scan, not `replaceAll("\\s*\\R\\s*", " ")`, which tried every start of a run of spaces
    /// and took seconds on a message quoting a value of forty thousand.
    static String joinLines(String text) {
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int end = -1;
            if (isSpace(c)) {
                // A run of white space: joined when a line break ends it or is in it.
                int run = spaceRunEnd(text, i);
                if (run < text.length() && isOtherLineBreak(text.charAt(run))) {
                    end = spaceRunEnd(text, run + 1);
                } else if (hasLineBreak(text, i, run)) {
                    end = run;
                } else {
                    i = run;
                    continue;
                }
            } else if (isOtherLineBreak(c)) {
                end = spaceRunEnd(text, i + 1);
            } else {
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, i).append(' ');
            copied = end;
            i = end;
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static int spaceRunEnd(String text, int from) {
        int end = from;
        while (end < text.length() && isSpace(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean hasLineBreak(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t') {
                return true;
            }
        }
        return false;
    }

    /// A line break of `\\R` that `\\s` does not match: NEL, the line and the paragraph separator.
    private static boolean isOtherLineBreak(char c) {
        return c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    /// What `\\s` matches.
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
