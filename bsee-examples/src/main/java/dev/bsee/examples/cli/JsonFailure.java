package dev.bsee.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

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
/// error as well, as without `--json`.
final class JsonFailure {

    private static final JsonFactory FACTORY = new JsonFactory();

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
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("error", message);
            json.writeNumberField("exit_code", exitCode);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }
}
