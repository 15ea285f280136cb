package dev.bsee.examples.cli;

import dev.bsee.bridge.ConfigProblem;
import dev.bsee.core.BseeSource;
import dev.bsee.core.SourceCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/// Words for people: "did you mean" hints for mistyped configuration keys, and counts with the
/// right plural.
final class Suggestions {

    /// The keys under `data:` that switch a path on, besides the source ids.
    private static final List<String> DATA_SWITCHES = List.of("refresh", "enhanced_refresh", "enhanced_mode", "enhanced",
            "fresh_data", "all");
    private static final int MAX_DISTANCE = 2;

    private Suggestions() {
    }

    /// A hint per configuration warning whose key is close to a known `data.` key, e.g.
    /// ``data.prodution (line 3, column 14): did you mean `production`?``.
    ///
    /// @param warnings the configuration's warnings
    /// @return the hints, in the warnings' order
    static List<String> forConfig(List<ConfigProblem> warnings) {
        TreeSet<String> known = new TreeSet<>(DATA_SWITCHES);
        SourceCatalog.of().sources().stream().map(BseeSource::id).forEach(known::add);
        known.addAll(List.of("well", "production", "war", "apm"));
        List<String> hints = new ArrayList<>();
        for (ConfigProblem warning : warnings) {
            String key = warning.key();
            String word = key.substring(key.lastIndexOf('.') + 1);
            if (key.startsWith("data.") || !key.contains(".")) {
                closest(word, known).ifPresent(match -> hints.add(dev.bsee.core.internal.SafeText.escape(key) + " (line " + warning.line() + ", column "
                        + warning.column() + "): did you mean `" + match + "`?"));
            }
        }
        return hints;
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
                closest(name, names).ifPresent(match -> hints.add("Did you mean: " + match + "?"));
            }
        }
        return hints;
    }

    /// The known word nearest to `word` within two edits, if it is not `word` itself; a word that
    /// differs only in case (`FMP` for `fmp`) is nearest of all.
    static Optional<String> closest(String word, Iterable<String> known) {
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        String lower = word.toLowerCase(Locale.ROOT);
        for (String candidate : known) {
            if (word.equals(candidate)) {
                // A known word (a key given twice) means what it says.
                return Optional.empty();
            }
        }
        for (String candidate : known) {
            int distance = distance(lower, candidate);
            if (distance < bestDistance && distance < candidate.length()) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /// Levenshtein distance: insertions, deletions and substitutions.
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
