package dev.bsee.core.internal;

import java.util.Locale;
import java.util.Optional;

/// "Did you mean" for mistyped words: the known word nearest to a word, within two edits.
public final class NearestWord {

    private static final int MAX_DISTANCE = 2;

    private NearestWord() {
    }

    /// The known word nearest to `word` within two edits, if it is not `word` itself; a word that
    /// differs only in case (`FMP` for `fmp`) is nearest of all.
    ///
    /// @param word the word as written
    /// @param known the words it may have meant
    /// @return the nearest, or empty when `word` is known or none is near
    public static Optional<String> closest(String word, Iterable<String> known) {
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
            if (Math.abs(lower.length() - candidate.length()) > MAX_DISTANCE) {
                // Never near: each edit changes the length by one at most.
                continue;
            }
            int distance = distance(lower, candidate);
            if (distance < bestDistance && distance < candidate.length()) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /// Edit distance with a swap of two neighbouring letters as one edit (optimal string alignment):
    /// `dmup` is one edit from `dump`, as a typing slip is.
    static int distance(String a, String b) {
        // Three rows, not the whole table: a word may be a key of megabytes from a hostile file.
        int[] beforePrevious = new int[b.length() + 1];
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(previous[j - 1] + cost, Math.min(previous[j], current[j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    current[j] = Math.min(current[j], beforePrevious[j - 2] + 1);
                }
            }
            int[] free = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = free;
        }
        return previous[b.length()];
    }
}
