package dev.bsee.examples.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/// One run of the `bsee` tool in this JVM, with what it printed.
///
/// @param exitCode the exit code
/// @param out standard output
/// @param err standard error
public record CliRun(int exitCode, String out, String err) {

    /// Runs `bsee args...` and captures both streams.
    ///
    /// @param args the command line
    /// @return the run
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = BseeCommand.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int code = command.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
