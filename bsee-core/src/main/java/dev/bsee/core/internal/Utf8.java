package dev.bsee.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/// Strict UTF-8, as Python's `utf-8` codec decides it (no overlong forms, no surrogates, nothing past
/// U+10FFFF): what Java's decoders would silently replace must be refused instead. The pickle reader
/// checks strings with it, the text reader decides an entry's charset with it; the ISO-8859-1
/// conversions serve protocol 2 `bytes` and entries that are not UTF-8.
public final class Utf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Utf8() {
    }

    /// Whether `bytes` is well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
    ///
    /// @param bytes the bytes
    /// @return whether they decode strictly
    public static boolean isValid(byte[] bytes) {
        return isValid(bytes, 0, bytes.length);
    }

    /// Whether `bytes[offset, offset + length)` is well-formed UTF-8.
    ///
    /// @param bytes the array
    /// @param offset where the range starts
    /// @param length its length
    /// @return whether the range decodes strictly
    public static boolean isValid(byte[] bytes, int offset, int length) {
        int i = offset;
        int n = offset + length;
        // Most strings are ASCII: skip it eight bytes at a time.
        while (i + 8 <= n && ((long) LONGS.get(bytes, i) & 0x8080_8080_8080_8080L) == 0) {
            i += 8;
        }
        while (i < n) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xff;
            if (b >= 0xc2 && b <= 0xdf) {
                if (i + 1 >= n || !continuation(bytes[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (b >= 0xe0 && b <= 0xef) {
                if (i + 2 >= n || !continuation(bytes[i + 1]) || !continuation(bytes[i + 2])) {
                    return false;
                }
                int second = bytes[i + 1] & 0xff;
                if (b == 0xe0 && second < 0xa0 || b == 0xed && second >= 0xa0) {
                    return false;
                }
                i += 3;
            } else if (b >= 0xf0 && b <= 0xf4) {
                if (i + 3 >= n || !continuation(bytes[i + 1]) || !continuation(bytes[i + 2]) || !continuation(bytes[i + 3])) {
                    return false;
                }
                int second = bytes[i + 1] & 0xff;
                if (b == 0xf0 && second < 0x90 || b == 0xf4 && second >= 0x90) {
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    /// The Latin-1 bytes of well-formed UTF-8 (as protocol 2 pickles carry `bytes`: each byte a
    /// character up to U+00FF), or null when a character lies beyond U+00FF.
    ///
    /// @param utf8 well-formed UTF-8
    /// @return one byte per character, or null
    public static byte[] toLatin1(byte[] utf8) {
        int characters = 0;
        for (byte b : utf8) {
            if (!continuation(b)) {
                characters++;
            }
        }
        byte[] latin1 = new byte[characters];
        int i = 0;
        for (int j = 0; j < characters; j++) {
            int b = utf8[i];
            if (b >= 0) {
                latin1[j] = (byte) b;
                i++;
            } else if ((b & 0xff) <= 0xc3) {
                // Well-formed: 0xc2 or 0xc3 and a continuation byte, U+0080 to U+00FF.
                latin1[j] = (byte) ((b & 0x1f) << 6 | utf8[i + 1] & 0x3f);
                i += 2;
            } else {
                return null;
            }
        }
        return latin1;
    }

    /// The number of bytes `bytes[offset, offset + length)` takes when each byte is an ISO-8859-1
    /// character written as UTF-8.
    ///
    /// @param bytes the array
    /// @param offset where the range starts
    /// @param length its length
    /// @return the UTF-8 length
    public static int latin1Utf8Length(byte[] bytes, int offset, int length) {
        int extra = 0;
        for (int i = offset; i < offset + length; i++) {
            extra += (bytes[i] >>> 31) & 1;
        }
        return length + extra;
    }

    /// Writes the ISO-8859-1 characters `bytes[offset, offset + length)` as UTF-8 into `target` from
    /// `at`; returns the position after the last byte written.
    ///
    /// @param bytes the array
    /// @param offset where the range starts
    /// @param length its length
    /// @param target where the UTF-8 goes; room for [#latin1Utf8Length] bytes from `at`
    /// @param at the first position written
    /// @return the position after the last byte written
    public static int latin1ToUtf8(byte[] bytes, int offset, int length, byte[] target, int at) {
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

    /// The number of continuation bytes (`10xxxxxx`) in `bytes[offset, offset + length)`: in valid
    /// UTF-8, the range's length less its number of characters.
    ///
    /// @param bytes the array
    /// @param offset where the range starts
    /// @param length its length
    /// @return the count
    public static int continuationBytes(byte[] bytes, int offset, int length) {
        int count = 0;
        for (int i = offset; i < offset + length; i++) {
            if (continuation(bytes[i])) {
                count++;
            }
        }
        return count;
    }

    private static boolean continuation(byte b) {
        return (b & 0xc0) == 0x80;
    }
}
