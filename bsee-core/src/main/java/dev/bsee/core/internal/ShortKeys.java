package dev.bsee.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/// A text of at most eight bytes as one number: most of BSEE's values are codes of a few bytes, and
/// the pickle writer's repeated strings and the text reader's missing-value tokens are looked up by
/// it. Two such texts are equal when their lengths and keys are.
///
/// No branch depends on the text (its length, where it lies). The JIT compiles a branch for the
/// ways the data seen so far took it, and the first column that takes the other one (the first
/// string of eight bytes, the first one at a buffer's end) sends the compiled loop that called it
/// back to the interpreter, to be compiled again.
public final class ShortKeys {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ShortKeys() {
    }

    /// The `length` bytes at `offset`, the first in the lowest bits; read as one word that ends at
    /// the end of `source` at the latest, or a byte at a time from a source shorter than a word.
    ///
    /// @param source the array
    /// @param offset where the text starts
    /// @param length its length, 0 to 8
    /// @return the key
    public static long key(byte[] source, int offset, int length) {
        if (source.length < Long.BYTES) {
            long key = 0;
            for (int i = offset + length - 1; i >= offset; i--) {
                key = key << 8 | (source[i] & 0xFF);
            }
            return key;
        }
        int at = Math.min(offset, source.length - Long.BYTES);
        long word = (long) LONGS.get(source, at) >>> ((offset - at) << 3);
        // Two shifts of four bits a byte: one shift of 64 bits would be one of none.
        return word & ~(-1L << (length << 2) << (length << 2));
    }
}
