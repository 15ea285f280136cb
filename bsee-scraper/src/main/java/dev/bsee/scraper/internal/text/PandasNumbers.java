package dev.bsee.scraper.internal.text;

/// The number conversions of pandas' C parser (pandas 2.x `tokenizer.c`), re-implemented on byte
/// ranges so that a field is a number for Java exactly when it is one for pandas, with the same value.
///
/// - [#parseInt64]: `str_to_int64`: optional ASCII white space, a sign, decimal digits, optional
///   white space; overflow is reported as soon as a digit no longer fits, before the rest of the text
///   is looked at.
/// - [#parseUint64]: `str_to_uint64`, tried when an `int64` parse overflowed; it notes signed and
///   unsigned values seen so pandas' "uint64 conflict" rule can be applied.
/// - [#parseDouble]: `precise_xstrtod`, the converter pandas uses with the default
///   `float_precision=None`. It is *not* correctly rounded: it accumulates at most 17 significant
///   digits in a double (`number * 10 + digit`), then multiplies or divides once by a power of ten
///   from a table; exponents above 308 and results of infinity count as failures. Java's `double`
///   arithmetic is IEEE 754 binary64 with round-half-even, like the C code on x86-64, so the same
///   steps give the same bits.
///
/// Instances hold the last result; they are cheap and not thread-safe.
final class PandasNumbers {

    /// The text was a number.
    static final int OK = 0;
    /// No digit where one was needed.
    static final int NO_DIGITS = 1;
    /// The digits do not fit.
    static final int OVERFLOW = 2;
    /// Something other than digits and trailing white space follows.
    static final int INVALID = 3;

    private static final double[] POWERS_OF_TEN = new double[309];

    static {
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            // The C table is written as literals 1e0..1e308, which the compiler rounds correctly,
            // exactly as Double.parseDouble does.
            POWERS_OF_TEN[i] = Double.parseDouble("1e" + i);
        }
    }

    /// The longest digit run whose float is its integer value converted to a double: with at most 15
    /// digits every step of `precise_xstrtod`'s `number * 10 + digit` is an integer below 2^53, so
    /// exact, and no power of ten is applied; longer runs may round on the way.
    static final int EXACT_DIGITS = 15;

    private static final long UINT64_PRE_MAX = Long.divideUnsigned(-1L, 10);
    private static final int UINT64_DIG_PRE_MAX = (int) Long.remainderUnsigned(-1L, 10);

    long longValue;
    double doubleValue;
    boolean seenSignedInt;
    boolean seenUnsignedInt;

    /// C's `isspace` in the "C" locale, as pandas' `isspace_ascii`.
    static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isSign(byte[] bytes, int p, int end) {
        return p < end && (bytes[p] == '-' || bytes[p] == '+');
    }

    /// The first position at or after `p` that is not white space.
    private static int skipSpaces(byte[] bytes, int p, int end) {
        int at = p;
        while (at < end && isSpace(bytes[at])) {
            at++;
        }
        return at;
    }

    /// Parses a signed 64-bit integer into [#longValue].
    ///
    /// @return [#OK], [#NO_DIGITS], [#OVERFLOW] or [#INVALID]
    int parseInt64(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int p = skipSpaces(bytes, offset, end);
        boolean negative = p < end && bytes[p] == '-';
        p += isSign(bytes, p, end) ? 1 : 0;
        if (p >= end || !isDigit(bytes[p])) {
            return NO_DIGITS;
        }
        // Accumulate towards the sign's limit, one digit at a time, as pandas does: overflow is found
        // before the rest of the text is looked at.
        long limitValue = negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        long preLimit = limitValue / 10;
        int lastDigit = (int) Math.abs(limitValue % 10);
        int sign = negative ? -1 : 1;
        long number = 0;
        while (p < end && isDigit(bytes[p])) {
            int d = bytes[p] - '0';
            boolean fits = negative ? number > preLimit || (number == preLimit && d <= lastDigit)
                    : number < preLimit || (number == preLimit && d <= lastDigit);
            if (!fits) {
                return OVERFLOW;
            }
            number = number * 10 + sign * d;
            p++;
        }
        if (skipSpaces(bytes, p, end) != end) {
            return INVALID;
        }
        longValue = number;
        return OK;
    }

    /// Parses an unsigned 64-bit integer into [#longValue] (read it unsigned), noting in
    /// [#seenSignedInt] a value with a minus sign (which pandas accepts here without reading further)
    /// and in [#seenUnsignedInt] a value above `Long.MAX_VALUE`.
    ///
    /// @return [#OK], [#NO_DIGITS], [#OVERFLOW] or [#INVALID]
    int parseUint64(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int p = skipSpaces(bytes, offset, end);
        if (p < end && bytes[p] == '-') {
            seenSignedInt = true;
            longValue = 0;
            return OK;
        }
        if (p < end && bytes[p] == '+') {
            p++;
        }
        if (p >= end || !isDigit(bytes[p])) {
            return NO_DIGITS;
        }
        long number = 0;
        while (p < end && isDigit(bytes[p])) {
            int d = bytes[p] - '0';
            if (Long.compareUnsigned(number, UINT64_PRE_MAX) < 0
                    || (number == UINT64_PRE_MAX && d <= UINT64_DIG_PRE_MAX)) {
                number = number * 10 + d;
                p++;
            } else {
                return OVERFLOW;
            }
        }
        if (skipSpaces(bytes, p, end) != end) {
            return INVALID;
        }
        if (Long.compareUnsigned(number, Long.MAX_VALUE) > 0) {
            seenUnsignedInt = true;
        }
        longValue = number;
        return OK;
    }

    /// Parses a float into [#doubleValue] as pandas' default float converter does, including the
    /// words `inf`, `+inf`, `-inf`, `Infinity`, `+Infinity`, `-Infinity` in any case (but not with
    /// surrounding spaces).
    ///
    /// @return whether the whole text is a float
    boolean parseDouble(byte[] bytes, int offset, int length) {
        if (preciseXstrtod(bytes, offset, length)) {
            return true;
        }
        if (equalsIgnoreCase(bytes, offset, length, "inf") || equalsIgnoreCase(bytes, offset, length, "+inf")
                || equalsIgnoreCase(bytes, offset, length, "infinity")
                || equalsIgnoreCase(bytes, offset, length, "+infinity")) {
            doubleValue = Double.POSITIVE_INFINITY;
            return true;
        }
        if (equalsIgnoreCase(bytes, offset, length, "-inf") || equalsIgnoreCase(bytes, offset, length, "-infinity")) {
            doubleValue = Double.NEGATIVE_INFINITY;
            return true;
        }
        return false;
    }

    private boolean preciseXstrtod(byte[] bytes, int offset, int length) {
        final int maxDigits = 17;
        int end = offset + length;
        int p = skipSpaces(bytes, offset, end);
        boolean negative = p < end && bytes[p] == '-';
        p += isSign(bytes, p, end) ? 1 : 0;
        double number = 0;
        int exponent = 0;
        int numDigits = 0;
        int numDecimals = 0;
        while (p < end && isDigit(bytes[p])) {
            if (numDigits < maxDigits) {
                number = number * 10. + (bytes[p] - '0');
                numDigits++;
            } else {
                ++exponent;
            }
            p++;
        }
        if (p < end && bytes[p] == '.') {
            p++;
            while (numDigits < maxDigits && p < end && isDigit(bytes[p])) {
                number = number * 10. + (bytes[p] - '0');
                p++;
                numDigits++;
                numDecimals++;
            }
            if (numDigits >= maxDigits) {
                while (p < end && isDigit(bytes[p])) {
                    ++p;
                }
            }
            exponent -= numDecimals;
        }
        if (numDigits == 0) {
            return false;
        }
        if (negative) {
            number = -number;
        }
        if (p < end && (bytes[p] == 'e' || bytes[p] == 'E')) {
            p++;
            boolean negativeExponent = p < end && bytes[p] == '-';
            p += isSign(bytes, p, end) ? 1 : 0;
            int exponentDigits = 0;
            int n = 0;
            // int arithmetic wraps on overflow, as the C code does on the platforms pandas ships for.
            while (exponentDigits < maxDigits && p < end && isDigit(bytes[p])) {
                n = n * 10 + (bytes[p] - '0');
                exponentDigits++;
                p++;
            }
            exponent = negativeExponent ? exponent - n : exponent + n;
            if (exponentDigits == 0) {
                p--;
            }
        }
        if (exponent > 308) {
            return false;
        } else if (exponent > 0) {
            number *= POWERS_OF_TEN[exponent];
        } else if (exponent < -308) {
            if (exponent < -616) {
                number = 0.;
            } else {
                number /= POWERS_OF_TEN[-308 - exponent];
                number /= POWERS_OF_TEN[308];
            }
        } else {
            number /= POWERS_OF_TEN[-exponent];
        }
        if (Double.isInfinite(number)) {
            return false;
        }
        if (skipSpaces(bytes, p, end) != end) {
            return false;
        }
        doubleValue = number;
        return true;
    }

    /// pandas' bool words: `True`, `TRUE`, `true` and, through `strcasecmp`, any other casing.
    ///
    /// @return 1 for true, 0 for false, -1 when the text is not a bool
    static int parseBool(byte[] bytes, int offset, int length) {
        if (equalsIgnoreCase(bytes, offset, length, "true")) {
            return 1;
        }
        if (equalsIgnoreCase(bytes, offset, length, "false")) {
            return 0;
        }
        return -1;
    }

    private static boolean equalsIgnoreCase(byte[] bytes, int offset, int length, String lowerCaseWord) {
        if (length != lowerCaseWord.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerCaseWord.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
