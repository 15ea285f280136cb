package dev.bsee.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/// The `bsee` command-line tool: `java -jar bsee.jar <command> [options]`.
///
/// Exit codes: 0 success, 1 the work failed (bad input, a source failed), 2 wrong usage.
@Command(name = "bsee", mixinStandardHelpOptions = true, versionProvider = BseeCommand.Version.class,
        description = "Keeps a local copy of the public BSEE raw data fresh as pandas-compatible .bin files.",
        subcommands = {CommandLine.HelpCommand.class, PortalCommand.class, RefreshCommand.class})
public final class BseeCommand {

    /// Exit code when the work failed.
    public static final int FAILED = 1;
    /// Exit code for wrong usage.
    public static final int USAGE = 2;

    private BseeCommand() {
    }

    /// Runs the tool and exits with its code.
    ///
    /// @param args the command line
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /// Runs the tool without exiting, for tests and embedding.
    ///
    /// @param args the command line
    /// @return the exit code
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        return new CommandLine(new BseeCommand())
                .setExitCodeExceptionMapper(e -> FAILED)
                .setParameterExceptionHandler((e, a) -> {
                    e.getCommandLine().getErr().println("bsee: " + e.getMessage());
                    e.getCommandLine().getErr().println("Try 'bsee " + e.getCommandLine().getCommandName() + " --help'.");
                    return USAGE;
                });
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BseeCommand.class.getPackage().getImplementationVersion();
            return new String[] {"bsee " + (version == null ? "development" : version)};
        }
    }
}
