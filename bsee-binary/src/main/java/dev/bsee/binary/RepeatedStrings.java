package dev.bsee.binary;

import dev.bsee.core.ObjectColumn;
import dev.bsee.core.internal.ShortKeys;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/// The strings of one object column that come more than once in it, found before the column is
/// written. pandas' parser makes one string object of all the equal values of a column (not across
/// columns), and `pickle` writes each object once and refers back to it; so the writer memoises a
/// repeated string where it first comes and refers to it from then on, and a string that comes once
/// takes no memo entry.
///
/// Finding them holds a number for every row and each distinct string (one of up to eight bytes as a
/// number, a longer one as a copy of its bytes), within a share of the heap ([#plan]). A column
/// whose rows' numbers pass it is planned by its distinct strings alone; one whose distinct strings
/// pass it too is written without a plan ([FramedPickleOutput#sharedUnicode]).
final class RepeatedStrings {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /// What one column's plan may hold, in bytes: the rows' numbers, the distinct strings and the
    /// table that finds them. Two entries are written at once on two processors.
    static final long HEAP_SHARE = Runtime.getRuntime().maxMemory() / 16;
    /// A row whose value is no string, or a string that comes once in the column.
    static final int ONCE = -1;

    /// How a column was planned ([#plan]).
    enum Plan {
        /// A number for every row: the writer reads its row's.
        ROWS,
        /// The distinct strings alone, for a column whose rows' numbers would pass the limit: the
        /// writer looks each string up again as it writes it.
        VALUES,
        /// Not planned: even the distinct strings would pass the limit.
        NONE
    }

    private final long limit;
    private final byte[] batchBytes;
    private final int[] batchLengths;
    /// Per row: the number of its string among the column's repeated strings, or [#ONCE]. Kept from
    /// column to column, as the writer's other buffers are: a table's columns have as many rows.
    private int[] rows = new int[0];
    /// Where a batch is numbered when the rows' numbers are not kept ([Plan#VALUES]).
    private final int[] batchNumbers;
    /// The column's distinct strings, when planned by [Plan#VALUES]; else null.
    private Distinct values;
    /// Per distinct string: its number among the repeated strings, or [#ONCE].
    private int[] renumbered = new int[0];
    /// Per repeated string: its memo index once written, or -1.
    private int[] memo = new int[0];

    /// A planner that copies strings out of columns through the given buffers, and whose plans may
    /// hold `limit` bytes ([#HEAP_SHARE] as the writer runs).
    ///
    /// @param batchBytes room to copy strings into, a batch at a time
    /// @param batchLengths room for a batch's lengths
    /// @param limit the most bytes a plan may hold
    RepeatedStrings(byte[] batchBytes, int[] batchLengths, long limit) {
        this.batchBytes = batchBytes;
        this.batchLengths = batchLengths;
        this.batchNumbers = new int[batchLengths.length];
        this.limit = limit;
    }

    /// The number among the column's repeated strings of the string at `row`, whose UTF-8 bytes are
    /// the `length` at `offset` in `source`; [#ONCE] for a string that comes once.
    int number(int row, byte[] source, int offset, int length) {
        if (values == null) {
            return rows[row];
        }
        int number = length <= Long.BYTES ? values.findShort(ShortKeys.key(source, offset, length), length)
                : values.find(source, offset, length);
        return renumbered[number];
    }

    /// Whether the string at `row` is known, without its bytes, to come once in the column: a long
    /// one is then written from the column's buffer as it is.
    boolean knownOnce(int row) {
        return values == null && rows[row] == ONCE;
    }

    /// The memo index the repeated string `number` was stored at, or -1 before it is written.
    int memoIndex(int number) {
        return memo[number];
    }

    /// Records where the repeated string `number` was memoised.
    void memoised(int number, int index) {
        memo[number] = index;
    }

    /// Finds the repeated strings of `column`, for [#number] and [#memoIndex] to give until the next
    /// call: with a number for every row where those fit in the heap's share with the distinct
    /// strings, else with the distinct strings alone (a column of millions of rows under a small
    /// heap; the production archive's one entry under `bin/bsee`'s 200 MiB), else not at all.
    ///
    /// The rows are numbered a batch at a time by a small method, as the writer writes them
    /// ([DataFrameEncoder]): one method holding the whole walk took C2 about 0.3 s to compile in
    /// every convert, while the parser's methods waited behind it.
    ///
    /// @param column the column
    /// @return how the column is planned
    Plan plan(ObjectColumn column) {
        values = null;
        int size = column.size();
        long rowBytes = (long) size * Integer.BYTES;
        if (rowBytes <= limit) {
            if (rows.length < size) {
                rows = new int[size];
            }
            Distinct distinct = new Distinct(limit - rowBytes);
            if (numberRows(column, distinct, true)) {
                renumber(distinct);
                for (int row = 0; row < size; row++) {
                    if (rows[row] >= 0) {
                        rows[row] = renumbered[rows[row]];
                    }
                }
                return Plan.ROWS;
            }
        }
        Distinct distinct = new Distinct(limit);
        if (numberRows(column, distinct, false)) {
            renumber(distinct);
            values = distinct;
            return Plan.VALUES;
        }
        return Plan.NONE;
    }

    /// Numbers every row's string among `distinct`, keeping the numbers in [#rows] when `keep`;
    /// false when the distinct strings would pass its limit.
    private boolean numberRows(ObjectColumn column, Distinct distinct, boolean keep) {
        int size = column.size();
        for (int row = 0; row < size; ) {
            int copied = column.copyUtf8(row, size, batchBytes, batchLengths);
            if (copied == 0) {
                int number = numberAlone(column, row, distinct);
                if (number < 0) {
                    return false;
                }
                if (keep) {
                    rows[row] = number;
                }
                row++;
            } else if (keep ? numberBatch(rows, row, copied, distinct) : numberBatch(batchNumbers, 0, copied, distinct)) {
                row += copied;
            } else {
                return false;
            }
        }
        return true;
    }

    /// Numbers a string longer than the batch, on its own; -1 when it alone passes the limit.
    private int numberAlone(ObjectColumn column, int row, Distinct distinct) {
        if (column.utf8Length(row) > limit / 2) {
            return -1;
        }
        byte[] alone = new byte[column.utf8Length(row)];
        column.copyUtf8(row, alone, 0);
        return alone.length <= Long.BYTES
                ? distinct.addShort(ShortKeys.key(alone, 0, alone.length), alone.length)
                : distinct.add(alone, 0, alone.length);
    }

    /// Numbers the `copied` strings in the batch, into `numbers` from `at`; false when holding them
    /// would pass the limit.
    private boolean numberBatch(int[] numbers, int at, int copied, Distinct distinct) {
        int offset = 0;
        // A column often repeats the string of the row before: compared as it is, not looked up.
        int previousOffset = -1;
        int previousLength = -1;
        long previousKey = 0;
        int previousNumber = ONCE;
        for (int i = 0; i < copied; i++) {
            int length = batchLengths[i];
            if (length < 0) {
                numbers[at + i] = ONCE;
                continue;
            }
            int number;
            if (length <= Long.BYTES) {
                // Most values are codes of a few bytes: their bytes are their key.
                long key = ShortKeys.key(batchBytes, offset, length);
                if (length == previousLength && key == previousKey) {
                    number = previousNumber;
                    distinct.repeated[number] = 1;
                } else {
                    number = distinct.addShort(key, length);
                }
                previousKey = key;
            } else if (length == previousLength && Arrays.equals(batchBytes, offset, offset + length,
                    batchBytes, previousOffset, previousOffset + length)) {
                number = previousNumber;
                distinct.repeated[number] = 1;
            } else {
                number = distinct.add(batchBytes, offset, length);
            }
            if (number < 0) {
                return false;
            }
            numbers[at + i] = number;
            previousOffset = offset;
            previousLength = length;
            previousNumber = number;
            offset += length;
        }
        return true;
    }

    /// Numbers the distinct strings again among the repeated ones alone, in the order they first
    /// come ([#renumbered]), and forgets the memo indexes of the column before.
    private void renumber(Distinct distinct) {
        if (renumbered.length < distinct.count) {
            renumbered = new int[Math.max(distinct.count, 2 * renumbered.length)];
        }
        int repeated = 0;
        for (int number = 0; number < distinct.count; number++) {
            renumbered[number] = distinct.repeated[number] != 0 ? repeated++ : ONCE;
        }
        if (memo.length < repeated) {
            memo = new int[Math.max(repeated, 2 * memo.length)];
        }
        Arrays.fill(memo, 0, repeated, -1);
    }

    /// A hash of a string of at most eight bytes from its [key][ShortKeys#key(byte\[\], int, int)]
    /// and length, every bit mixed: the plan's table and the writer's cache of recent strings
    /// ([FramedPickleOutput]) find such strings by it.
    static long shortHash(long key, int length) {
        return (key + length) * 0x9E3779B97F4A7C15L;
    }

    /// A hash of a string of eight bytes or more: its length and all its bytes, eight at a time (the
    /// last eight again, overlapping), every bit mixed. As [#shortHash(long, int)], for longer strings.
    static long hash(byte[] source, int offset, int length) {
        long hash = length;
        int last = offset + length - Long.BYTES;
        for (int i = offset; i < last; i += Long.BYTES) {
            hash = (hash ^ (long) LONG_LE.get(source, i)) * 0x9E3779B97F4A7C15L;
            hash ^= hash >>> 29;
        }
        return (hash ^ (long) LONG_LE.get(source, last)) * 0x9E3779B97F4A7C15L;
    }

    /// The distinct strings of a column, found by open addressing: a string of at most eight bytes
    /// by its [key][ShortKeys#key(byte\[\], int, int)], a longer one by a hash of its bytes and a
    /// copy of them.
    ///
    /// Thirteen bytes a string, besides the table and the longer strings' bytes, since they decide
    /// how many distinct strings a column may have and still be planned within the heap's share:
    /// about 500,000 under `bin/bsee`'s 200 MiB. A string's start, hash and count of occurrences in
    /// arrays of their own took 24, and a column of 275,000 distinct values went through the cache.
    private static final class Distinct {
        private final long limit;
        private byte[] bytes = new byte[4096];
        private int used;
        private int[] lengths = new int[256];
        /// Per string of at most eight bytes: its [key][ShortKeys#key(byte\[\], int, int)]; per
        /// longer one: its hash in the high half, where its bytes start in [#bytes] in the low half.
        private long[] keys = new long[256];
        /// Per string: 1 once it came again.
        private byte[] repeated = new byte[256];
        private int count;
        /// Per slot: a string's number plus one, or 0 when empty.
        private int[] slots = new int[512];

        Distinct(long limit) {
            this.limit = limit;
        }

        /// The number of the string of at most eight bytes whose key is `key`, counting this
        /// occurrence; -1 when holding it would pass the limit.
        int addShort(long key, int length) {
            int hash = shortHash(key, length);
            int slot = shortSlot(key, length, hash);
            int held = slots[slot] - 1;
            if (held >= 0) {
                repeated[held] = 1;
                return held;
            }
            return insert(null, 0, length, key, hash, slot);
        }

        /// The number of the string of more than eight bytes at `offset`, counting this occurrence;
        /// -1 when holding it would pass the limit.
        int add(byte[] source, int offset, int length) {
            int hash = hash(source, offset, length);
            int slot = slot(source, offset, length, hash);
            int held = slots[slot] - 1;
            if (held >= 0) {
                repeated[held] = 1;
                return held;
            }
            return insert(source, offset, length, 0, hash, slot);
        }

        /// The number of the string of at most eight bytes whose key is `key`, which the column holds.
        int findShort(long key, int length) {
            return held(slots[shortSlot(key, length, shortHash(key, length))]);
        }

        /// The number of the string of more than eight bytes at `offset`, which the column holds.
        int find(byte[] source, int offset, int length) {
            return held(slots[slot(source, offset, length, hash(source, offset, length))]);
        }

        /// The number of the string in a slot [#find] or [#findShort] found, from its entry in
        /// [#slots]: it must hold one, the column's plan having seen every string.
        private static int held(int entry) {
            if (entry == 0) {
                throw new IllegalStateException("a string the column's plan does not hold: the plan is of another column");
            }
            return entry - 1;
        }

        /// The slot that holds the string of at most eight bytes whose key is `key`, or the empty
        /// slot where it goes.
        private int shortSlot(long key, int length, int hash) {
            int mask = slots.length - 1;
            for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
                int held = slots[slot] - 1;
                if (held < 0 || keys[held] == key && lengths[held] == length) {
                    return slot;
                }
            }
        }

        /// The slot that holds the string of more than eight bytes at `offset`, or the empty slot
        /// where it goes.
        private int slot(byte[] source, int offset, int length, int hash) {
            int mask = slots.length - 1;
            for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
                int held = slots[slot] - 1;
                // A short string's length differs: its bytes are never compared.
                if (held < 0 || lengths[held] == length && (int) (keys[held] >>> 32) == hash
                        && Arrays.equals(source, offset, offset + length, bytes, start(held), start(held) + length)) {
                    return slot;
                }
            }
        }

        /// Where the bytes of the longer string `number` start in [#bytes].
        private int start(int number) {
            return (int) keys[number];
        }

        /// The hash a string's slot is found by, from what the table holds of it.
        private int hashOf(int number) {
            return lengths[number] <= Long.BYTES ? shortHash(keys[number], lengths[number]) : (int) (keys[number] >>> 32);
        }

        private static int shortHash(long key, int length) {
            return fold(RepeatedStrings.shortHash(key, length));
        }

        private static int hash(byte[] source, int offset, int length) {
            return fold(RepeatedStrings.hash(source, offset, length));
        }

        /// A table index from a hash: its high half folded into the low bits the mask keeps.
        private static int fold(long hash) {
            return (int) (hash ^ (hash >>> 32));
        }

        /// Numbers a new string: its bytes copied from `source`, or none for a short one (null),
        /// whose `key` is kept instead.
        private int insert(byte[] source, int offset, int length, long key, int hash, int slot) {
            int stored = source == null ? 0 : length;
            if (used + (long) stored > bytes.length || count == lengths.length || 2L * (count + 1) > slots.length) {
                if (!grow(stored)) {
                    return -1;
                }
                // The table may have grown: find the string's slot again.
                int mask = slots.length - 1;
                slot = hash & mask;
                while (slots[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
            }
            if (source != null) {
                System.arraycopy(source, offset, bytes, used, length);
            }
            lengths[count] = length;
            keys[count] = source == null ? key : (long) hash << 32 | used;
            repeated[count] = 0;
            used += stored;
            slots[slot] = count + 1;
            return count++;
        }

        /// Makes room for one more string of `length` bytes; false when that would pass the limit.
        private boolean grow(int length) {
            long byteRoom = used + (long) length > bytes.length ? Math.max(2L * bytes.length, (long) used + length) : bytes.length;
            int entryRoom = count == lengths.length ? 2 * lengths.length : lengths.length;
            int slotRoom = 2L * (count + 1) > slots.length ? 2 * slots.length : slots.length;
            long held = byteRoom + (long) entryRoom * (Long.BYTES + Integer.BYTES + 1) + (long) slotRoom * Integer.BYTES;
            if (held > limit || byteRoom > Integer.MAX_VALUE - 16) {
                return false;
            }
            if (byteRoom > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) byteRoom);
            }
            if (entryRoom > lengths.length) {
                lengths = Arrays.copyOf(lengths, entryRoom);
                keys = Arrays.copyOf(keys, entryRoom);
                repeated = Arrays.copyOf(repeated, entryRoom);
            }
            if (slotRoom > slots.length) {
                slots = new int[slotRoom];
                int mask = slotRoom - 1;
                for (int number = 0; number < count; number++) {
                    int slot = hashOf(number) & mask;
                    while (slots[slot] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    slots[slot] = number + 1;
                }
            }
            return true;
        }
    }
}
