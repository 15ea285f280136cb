package dev.bsee.scraper.text;

/// Strict UTF-8 validation (as Python's `utf-8` codec decides it: no overlong forms, no surrogates,
/// nothing above U+10FFFF) and the ISO-8859-1 to UTF-8 transcoding used when a whole entry is not
/// UTF-8.
final class Utf8 {

    private Utf8() {
    }

    /// Whether the bytes are well-formed UTF-8.
    static boolean isValid(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int needed;
            int min;
            if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                needed = 2;
                min = 0x800;
            } else if (b >= 0xF0 && b <= 0xF4) {
                needed = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + needed >= end) {
                return false;
            }
            int codePoint = b & (0x3F >> needed);
            for (int k = 1; k <= needed; k++) {
                int next = bytes[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    return false;
                }
                codePoint = (codePoint << 6) | (next & 0x3F);
            }
            if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
                return false;
            }
            i += needed + 1;
        }
        return true;
    }

    /// The number of bytes `bytes[offset, offset + length)` takes when each byte is an ISO-8859-1
    /// character written as UTF-8.
    static int latin1Utf8Length(byte[] bytes, int offset, int length) {
        int extra = 0;
        for (int i = offset; i < offset + length; i++) {
            extra += (bytes[i] >>> 31) & 1;
        }
        return length + extra;
    }

    /// Writes the ISO-8859-1 characters `bytes[offset, offset + length)` as UTF-8 into `target` from
    /// `at`; returns the position after the last byte written.
    static int latin1ToUtf8(byte[] bytes, int offset, int length, byte[] target, int at) {
        int w = at;
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b >= 0) {
                target[w++] = b;
            } else {
                int c = b & 0xFF;
                target[w++] = (byte) (0xC0 | (c >> 6));
                target[w++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return w;
    }
}
