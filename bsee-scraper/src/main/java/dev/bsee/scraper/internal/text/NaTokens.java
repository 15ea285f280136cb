package dev.bsee.scraper.internal.text;

import dev.bsee.core.internal.ShortKeys;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/// pandas' default missing-value strings (`pandas._libs.parsers.STR_NA_VALUES` in pandas 2.x):
/// a field whose whole text equals one of them is missing. Matching is exact: no trimming, no case
/// folding (`" NA"` and `"NAN"` are text).
///
/// pandas 1.5 lacks `"None"`; the pandas 2.x list is the one the Python system used.
///
/// Every token has at most eight bytes, so a field is matched by its bytes read as one number
/// ([ShortKeys]): one load, one table slot and one comparison, with no branch on what the text holds
/// (its length, its first byte), which the JIT would compile for the columns it has seen so far.
final class NaTokens {

    private static final String[] TOKENS = {"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan",
        "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"};
    /// Slots of the table, a power of two: twice as many as would do, so that a multiplier placing
    /// the tokens apart is found within a few tries (three for these tokens).
    private static final int SLOT_BITS = 7;
    /// Per slot, the key of the token there and its length, or -1 for none.
    private static final long[] KEYS = new long[1 << SLOT_BITS];
    private static final int[] LENGTHS = new int[1 << SLOT_BITS];
    /// A multiplier that sends every token's key to a slot of its own.
    private static final long MULTIPLIER;

    static {
        long[] keys = new long[TOKENS.length];
        for (int i = 0; i < TOKENS.length; i++) {
            byte[] token = TOKENS[i].getBytes(StandardCharsets.US_ASCII);
            keys[i] = ShortKeys.key(token, 0, token.length);
        }
        long multiplier = 0x9E3779B97F4A7C15L;
        while (!placesApart(keys, multiplier)) {
            multiplier += 2 * 0x9E3779B97F4A7C15L;
        }
        MULTIPLIER = multiplier;
        Arrays.fill(LENGTHS, -1);
        for (int i = 0; i < TOKENS.length; i++) {
            int slot = slot(keys[i]);
            KEYS[slot] = keys[i];
            LENGTHS[slot] = TOKENS[i].length();
        }
    }

    private NaTokens() {
    }

    private static boolean placesApart(long[] keys, long multiplier) {
        boolean[] taken = new boolean[1 << SLOT_BITS];
        for (long key : keys) {
            int slot = (int) ((key * multiplier) >>> (Long.SIZE - SLOT_BITS));
            if (taken[slot]) {
                return false;
            }
            taken[slot] = true;
        }
        return true;
    }

    private static int slot(long key) {
        return (int) ((key * MULTIPLIER) >>> (Long.SIZE - SLOT_BITS));
    }

    /// Whether `bytes[offset, offset + length)` is a missing-value string.
    static boolean isNa(byte[] bytes, int offset, int length) {
        long key = ShortKeys.key(bytes, offset, Math.min(length, Long.BYTES));
        int slot = slot(key);
        // A text of more than eight bytes matches no length in the table.
        return ((KEYS[slot] ^ key) | (LENGTHS[slot] ^ length)) == 0;
    }
}
