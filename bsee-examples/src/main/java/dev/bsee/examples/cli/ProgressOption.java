package dev.bsee.examples.cli;

import picocli.CommandLine.Option;

import java.io.PrintWriter;

/// The `--progress` option shared by the commands that run long work: mix it in with
/// `@Mixin ProgressOption progress;` and call [#listener(PrintWriter)].
public final class ProgressOption {

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "How to show progress: auto (bars on a terminal, plain lines when redirected), "
                    + "bars, lines or none. Default: ${DEFAULT-VALUE}.")
    private ConsoleProgress.Mode mode = ConsoleProgress.Mode.AUTO;

    /// Creates the option with its default, `auto`; picocli sets the value.
    public ProgressOption() {
    }

    /// A listener for the chosen mode, printing to `out`; close it when the work is done.
    ///
    /// @param out where to print, usually `spec.commandLine().getOut()`
    /// @return the listener
    public ConsoleProgress listener(PrintWriter out) {
        return ConsoleProgress.create(out, mode);
    }
}
