package dev.bsee.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/// What `--json` prints on standard output when a command fails before it has a report to print (a
/// configuration it cannot read, a missing base directory, conflicting options):
///
/// ```json
/// {
///   "error" : "invalid configuration refresh.yml: data.refresh (line 2, column 12): expected true or false",
///   "exit_code" : 1
/// }
/// ```
///
/// A program reading the output then always gets a JSON document; the message goes to standard
/// error as well, as without `--json`. So does a command a signal stops (a scheduler's timeout, Ctrl-C):
/// see [#onSignal].
final class JsonFailure {

    private static final JsonFactory FACTORY = new JsonFactory();
    /// How long a signal's document waits for a report being printed: a reader that stopped reading
    /// must not keep the JVM from ending.
    private static final long PRINTING_WAIT_SECONDS = 5;

    /// The document of the `--json` command running, while it runs.
    private static volatile Document running;

    /// Whether a signal's document was printed, by the command's hook or the one before it began.
    private static final java.util.concurrent.atomic.AtomicBoolean STOP_DOCUMENT = new java.util.concurrent.atomic.AtomicBoolean();

    private JsonFailure() {
    }

    /// Says `message` on standard error after `bsee COMMAND: ` and, when `json`, as this document on
    /// standard output.
    ///
    /// @param command the command that failed
    /// @param json whether it was given `--json`
    /// @param exitCode its exit code
    /// @param message the failure
    /// @return `exitCode`
    static int fail(picocli.CommandLine command, boolean json, int exitCode, String message) {
        command.getErr().println("bsee " + command.getCommandName() + ": " + message);
        if (json) {
            print(command.getOut(), message, exitCode);
        }
        return exitCode;
    }

    /// Prints `{"error": message, "exit_code": exitCode}` on `out`.
    ///
    /// @param out standard output
    /// @param message the failure, as standard error says it after `bsee COMMAND: `
    /// @param exitCode the command's exit code
    static void print(PrintWriter out, String message, int exitCode) {
        printOnce(out, () -> write(out, message, exitCode));
    }

    /// Prints a command's report, `json`, on `out`, unless a signal stops the command first.
    ///
    /// @param out standard output
    /// @param json the report
    static void report(PrintWriter out, String json) {
        printOnce(out, () -> {
            out.print(json);
            out.flush();
        });
    }

    /// While the `--json` command `command` runs, a signal that stops the JVM still leaves one JSON
    /// document on standard output: this one, whose `exit_code` is the code the JVM ends with (`128 +`
    /// the signal's number; `null` when the signal is not known, which the tool does not expect), and
    /// whose `error` is the line standard error gets. A report or failure the command printed before
    /// is the document: nothing follows it, and a report being printed is finished first.
    ///
    /// @param command the command about to run
    /// @return what ends this when the command has ended
    static Running onSignal(picocli.CommandLine command) {
        if (!BseeCommand.wantsJson(command)) {
            return new Running(null);
        }
        StopSignal.record();
        Document document = new Document(command);
        try {
            Runtime.getRuntime().addShutdownHook(document.hook);
        } catch (IllegalStateException shuttingDown) {
            // A signal came as the command began: the hook armed before it says it.
            return new Running(null);
        }
        // After the hook is in place: until then the hook of [#stoppedBeforeStart] prints the document.
        running = document;
        if (!BseeCommand.STOP_HOOKED.contains(command.getCommandName())) {
            // A command of no hook of its own (`status`) has begun: its document says a signal from
            // here on, and "stopped before it began" no longer holds.
            StopHook.disarmBeforeStart();
        }
        return new Running(document);
    }

    /// The document of a `--json` command that a signal stops before [#onSignal] has put its own
    /// in place (the JVM loading the command): `message`, with the exit code the signal gives.
    /// Nothing once the command's document is in place, which then says it.
    ///
    /// @param out standard output
    /// @param message the line standard error got, without the command's name
    static void stoppedBeforeStart(java.io.PrintStream out, String message) {
        // The command's hook may be in place and not yet known here: whichever hook comes first prints.
        if (running != null || !STOP_DOCUMENT.compareAndSet(false, true)) {
            return;
        }
        OptionalInt exitCode = StopSignal.exitCode();
        write(new PrintWriter(new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8)), message,
                exitCode.isPresent() ? exitCode.getAsInt() : null);
    }

    /// Loads what [#stoppedBeforeStart] writes with, while nothing stops the JVM: a signal that
    /// comes before its hook is in place has the hook run at once on the command's thread, which the
    /// JVM does not wait for, and loading the JSON writer then let the JVM end before the document.
    static void prepare() {
        write(new PrintWriter(java.io.Writer.nullWriter()), StopHook.BEFORE_START, 0);
    }

    /// A command running: closing it removes the hook of a `--json` command.
    static final class Running implements AutoCloseable {

        private final Document document;

        private Running(Document document) {
            this.document = document;
        }

        /// The hook's thread, not started: what a signal runs; `null` without `--json`.
        Thread hook() {
            return document == null ? null : document.hook;
        }

        @Override
        public void close() {
            if (document == null) {
                return;
            }
            running = null;
            try {
                Runtime.getRuntime().removeShutdownHook(document.hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs, or has run.
            }
        }
    }

    private static void printOnce(PrintWriter out, Runnable print) {
        Document document = running;
        if (document == null || document.out != out) {
            print.run();
            return;
        }
        document.printing.lock();
        try {
            // Once a signal stops the JVM, its document is the one that says how the command ended.
            if (!document.printed && !document.signalled && !BseeCommand.stopping()) {
                print.run();
                document.printed = true;
            }
        } finally {
            document.printing.unlock();
        }
    }

    /// Standard output of a `--json` command, and whether it has its document.
    private static final class Document {

        final PrintWriter out;
        final java.util.concurrent.locks.ReentrantLock printing = new java.util.concurrent.locks.ReentrantLock();
        final Thread hook;
        boolean printed;
        volatile boolean signalled;

        Document(picocli.CommandLine command) {
            out = command.getOut();
            PrintWriter err = command.getErr();
            String name = command.getCommandName();
            hook = new Thread(() -> {
                signalled = true;
                // The line a command's own hook says, else one of this hook's.
                Optional<String> said = StopHook.stopLine();
                String message = said.orElseGet(() -> "stopped by " + StopSignal.name().orElse("a signal"));
                if (said.isEmpty()) {
                    err.println("bsee " + name + ": " + message);
                    err.flush();
                }
                try {
                    if (!printing.tryLock(PRINTING_WAIT_SECONDS, TimeUnit.SECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                try {
                    if (!printed && STOP_DOCUMENT.compareAndSet(false, true)) {
                        OptionalInt exitCode = StopSignal.exitCode();
                        write(out, message, exitCode.isPresent() ? exitCode.getAsInt() : null);
                        printed = true;
                    }
                } finally {
                    printing.unlock();
                }
            }, "bsee-" + name + "-json-stop");
        }
    }

    private static void write(PrintWriter out, String message, Integer exitCode) {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("error", message);
            if (exitCode == null) {
                json.writeNullField("exit_code");
            } else {
                json.writeNumberField("exit_code", exitCode);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }
}
