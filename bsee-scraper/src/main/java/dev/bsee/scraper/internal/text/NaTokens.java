package dev.bsee.scraper.internal.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/// pandas' default missing-value strings (`pandas._libs.parsers.STR_NA_VALUES` in pandas 2.x):
/// a field whose whole text equals one of them is missing. Matching is exact: no trimming, no case
/// folding (`" NA"` and `"NAN"` are text).
///
/// pandas 1.5 lacks `"None"`; the pandas 2.x list is the one the Python system used.
final class NaTokens {

    /// The tokens, grouped by length (0 to 8 bytes).
    private static final byte[][][] BY_LENGTH = new byte[9][][];

    static {
        String[] tokens = {"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
            "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"};
        for (int length = 0; length < BY_LENGTH.length; length++) {
            final int wanted = length;
            BY_LENGTH[length] = Arrays.stream(tokens).filter(t -> t.length() == wanted)
                    .map(t -> t.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
        }
    }

    private NaTokens() {
    }

    /// The first bytes of the tokens: most text is ruled out by its first byte alone.
    private static final boolean[] FIRST = new boolean[256];

    static {
        for (byte[][] tokens : BY_LENGTH) {
            for (byte[] token : tokens) {
                if (token.length > 0) {
                    FIRST[token[0] & 0xFF] = true;
                }
            }
        }
    }

    /// Whether `bytes[offset, offset + length)` is a missing-value string.
    static boolean isNa(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return true;
        }
        if (length >= BY_LENGTH.length || !FIRST[bytes[offset] & 0xFF]) {
            return false;
        }
        for (byte[] token : BY_LENGTH[length]) {
            if (Arrays.equals(bytes, offset, offset + length, token, 0, length)) {
                return true;
            }
        }
        return false;
    }
}
