package dev.bsee.scraper.text;

/// pandas' default missing-value strings (`pandas._libs.parsers.STR_NA_VALUES` in pandas 2.x):
/// a field whose whole text equals one of them is missing. Matching is exact: no trimming, no case
/// folding (`" NA"` and `"NAN"` are text).
///
/// pandas 1.5 lacks `"None"`; the pandas 2.x list is the one the Python system used.
final class NaTokens {

    private NaTokens() {
    }

    /// Whether `bytes[offset, offset + length)` is a missing-value string.
    static boolean isNa(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return true;
        }
        if (length > 8) {
            return false;
        }
        return switch (bytes[offset]) {
            case 'N' -> is(bytes, offset, length, "NA") || is(bytes, offset, length, "N/A")
                    || is(bytes, offset, length, "NULL") || is(bytes, offset, length, "NaN")
                    || is(bytes, offset, length, "None");
            case 'n' -> is(bytes, offset, length, "nan") || is(bytes, offset, length, "n/a")
                    || is(bytes, offset, length, "null");
            case '#' -> is(bytes, offset, length, "#N/A") || is(bytes, offset, length, "#NA")
                    || is(bytes, offset, length, "#N/A N/A");
            case '-' -> is(bytes, offset, length, "-NaN") || is(bytes, offset, length, "-nan")
                    || is(bytes, offset, length, "-1.#IND") || is(bytes, offset, length, "-1.#QNAN");
            case '1' -> is(bytes, offset, length, "1.#IND") || is(bytes, offset, length, "1.#QNAN");
            case '<' -> is(bytes, offset, length, "<NA>");
            default -> false;
        };
    }

    private static boolean is(byte[] bytes, int offset, int length, String token) {
        if (token.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[offset + i] != token.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
