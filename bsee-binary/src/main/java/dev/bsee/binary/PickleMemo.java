package dev.bsee.binary;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/// Python's memo dict: dense for the sequential indices pickles use, sparse for anything else,
/// so a huge index costs one map entry rather than a huge array.
///
/// The strings among the dense entries are also kept as one run of bytes with a start and a
/// length per index, each string object once however often it is stored: a memo reference in a
/// list's items then copies bytes that lie close together instead of following two references
/// per item into objects all over the heap ([ListItems] reads the arrays directly).
///
/// Why a class of its own: the memo is what lets two bytes of input stand for a whole object again,
/// the lever of most expansion attacks; its growth rules are easier to trust read on their own.
final class PickleMemo {
    private final OpcodePosition position;
    private Object[] dense = new Object[64];
    /// For each dense index: where its string's bytes start in `strings`.
    private int[] stringStarts = new int[64];
    /// For each dense index: its string's length in bytes, or -1 when it holds no string.
    private int[] stringLengths = filledWithMinusOne(64);
    private byte[] strings = new byte[1024];
    private int stringsSize;
    private final Map<Long, Object> sparse = new HashMap<>();
    private int size;
    /// Whether an entry was ever stored again: legitimate pickles store each index once.
    private boolean overwritten;

    PickleMemo(OpcodePosition position) {
        this.position = position;
    }

    /// How many entries are defined: the index `MEMOIZE` stores at.
    int size() {
        return size;
    }

    void put(long index, Object value) {
        if (index < dense.length || index <= 2L * size + 64 && index < Integer.MAX_VALUE - 8) {
            if (index >= dense.length) {
                int grown = (int) Math.max(index + 1, Math.min(Integer.MAX_VALUE - 8, 2L * dense.length));
                dense = Arrays.copyOf(dense, grown);
                stringStarts = Arrays.copyOf(stringStarts, grown);
                int filled = stringLengths.length;
                stringLengths = Arrays.copyOf(stringLengths, grown);
                Arrays.fill(stringLengths, filled, grown, -1);
            }
            int at = (int) index;
            if (dense[at] == null && !sparse.containsKey(index)) {
                size++;
            } else {
                overwritten = true;
            }
            dense[at] = value;
            int start = value instanceof Py.Str text ? bytesOf(text) : -1;
            stringStarts[at] = start;
            stringLengths[at] = start < 0 ? -1 : ((Py.Str) value).utf8.length;
            return;
        }
        if (sparse.put(index, value) == null) {
            size++;
        } else {
            overwritten = true;
        }
    }

    /// Whether an entry has been stored more than once, so that a memo reference read again may
    /// not find what it found the first time.
    boolean overwritten() {
        return overwritten;
    }

    /// Entry `index`; refused when it was never stored.
    Object get(long index) throws PickleFormatException {
        Object value = index >= 0 && index < dense.length && dense[(int) index] != null ? dense[(int) index] : sparse.get(index);
        if (value == null) {
            throw position.fail("memo entry " + index + " is not defined");
        }
        return value;
    }

    /// Where `text`'s bytes start in `strings`, copying them there the first time; -1 when they
    /// no longer fit.
    private int bytesOf(Py.Str text) {
        if (text.memoCopy >= 0) {
            return text.memoCopy;
        }
        int length = text.utf8.length;
        if (length > Integer.MAX_VALUE - 8 - stringsSize) {
            return -1;
        }
        if (strings.length - stringsSize < length) {
            strings = Arrays.copyOf(strings, (int) Math.min(Integer.MAX_VALUE - 8,
                    Math.max((long) stringsSize + length, 2L * strings.length)));
        }
        System.arraycopy(text.utf8, 0, strings, stringsSize, length);
        int start = stringsSize;
        stringsSize += length;
        text.memoCopy = start;
        return start;
    }

    /// The dense part: entry `i` (or null) of the memo's first indices.
    Object[] dense() {
        return dense;
    }

    /// Parallel to [#dense()]: where each string's bytes start in [#strings()].
    int[] stringStarts() {
        return stringStarts;
    }

    /// Parallel to [#dense()]: each string's length, -1 for entries that are no string.
    int[] stringLengths() {
        return stringLengths;
    }

    byte[] strings() {
        return strings;
    }

    private static int[] filledWithMinusOne(int length) {
        int[] values = new int[length];
        Arrays.fill(values, -1);
        return values;
    }
}
