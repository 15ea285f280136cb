package dev.bsee.examples.cli;

import dev.bsee.core.internal.NearestWord;

import java.util.ArrayList;
import java.util.List;

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
}
