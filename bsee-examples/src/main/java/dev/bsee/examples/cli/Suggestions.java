package dev.bsee.examples.cli;

import dev.bsee.core.internal.NearestWord;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/// "Did you mean" hints for mistyped options (a configuration's keys get theirs in its warnings).
final class Suggestions {

    private Suggestions() {
    }

    /// `Did you mean: --out?` for each unknown `--option` close to one of `command`'s.
    ///
    /// @param unmatched the arguments the command did not know
    /// @param options the command's option names
    /// @return the hints
    static List<String> forOptions(List<String> unmatched, java.util.Collection<String> options) {
        List<String> names = options.stream().filter(name -> name.startsWith("--")).toList();
        List<String> hints = new ArrayList<>();
        for (String argument : unmatched) {
            if (argument.startsWith("--")) {
                String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
                NearestWord.closest(name, names).ifPresent(match -> hints.add("Did you mean: " + match + "?"));
            }
        }
        return hints;
    }

    /// The word given where `bsee`'s command goes, when it names none (`bsee dmup x.bin`, or
    /// `bsee help dmup`).
    ///
    /// @param e the parse failure
    /// @param failed the command line that failed
    /// @return the word, or null when the failure is not an unknown command
    static String unknownCommand(CommandLine.ParameterException e, CommandLine failed) {
        if (!(e instanceof CommandLine.UnmatchedArgumentException) && failed.getParent() == null
                && e.getArgSpec() == null && e.getValue() != null
                && String.valueOf(e.getMessage()).startsWith("Unknown subcommand '")) {
            // picocli's `help` names the word in words of its own ("Unknown subcommand 'dmup'."),
            // without the hint the same word gets as a command.
            return e.getValue();
        }
        if (!(e instanceof CommandLine.UnmatchedArgumentException unknown) || failed.getParent() != null
                || failed.getSubcommands().isEmpty() || unknown.getUnmatched().isEmpty()) {
            return null;
        }
        String first = unknown.getUnmatched().getFirst();
        return first.startsWith("-") ? null : first;
    }

    /// `Did you mean: bsee dump?` for a command off by a letter or two, two swapped, or cut short.
    ///
    /// @param word the word given as the command
    /// @param commands the commands
    /// @return the hint, or empty when none is near
    static Optional<String> forCommand(String word, java.util.Collection<String> commands) {
        // A command cut short (`conv`) is as likely as one mistyped.
        List<String> completions = word.length() < 3 ? List.of()
                : commands.stream().filter(command -> command.startsWith(word.toLowerCase(java.util.Locale.ROOT))).toList();
        return (completions.size() == 1 ? Optional.of(completions.getFirst()) : NearestWord.closest(word, commands))
                .map(match -> "Did you mean: bsee " + match + "?");
    }

    /// JVM options given to the tool (`bsee -Xmx1g convert ...`, as the messages about the heap
    /// say `-Xmx`): where they go instead, one line for all of them.
    ///
    /// @param unmatched the arguments the command did not know
    /// @return the hint, or empty when none of them is a JVM option
    static Optional<String> forJvmOptions(List<String> unmatched) {
        List<String> jvm = unmatched.stream().filter(argument -> JVM_OPTION.matcher(argument).matches()).toList();
        if (jvm.isEmpty()) {
            return Optional.empty();
        }
        String options = String.join(" ", jvm);
        return Optional.of((jvm.size() == 1 ? options + " is an option" : options + " are options")
                + " of the JVM, not of bsee: BSEE_JAVA_OPTS=\"" + options + "\" bin/bsee ..., or java " + options
                + " -jar bsee.jar ...");
    }

    /// `-Xmx1g`, `-XX:+UseG1GC`, `-Dkey=value`, `-javaagent:...`, `-agentlib:...`, `-verbose:gc`.
    private static final Pattern JVM_OPTION =
            Pattern.compile("-(X\\S+|D[^=\\s]+(=.*)?|javaagent:.+|agent(lib|path):.+|verbose:\\S+)");
}
