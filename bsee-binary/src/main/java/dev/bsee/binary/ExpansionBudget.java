package dev.bsee.binary;

import dev.bsee.core.internal.MessageText;

/// What one read may build beyond the bytes it was given: 4 MiB plus 128 bytes per input byte, and
/// never less than an eighth of the heap; shared by the pickle machine (strings a memo reference
/// copies into a list) and the table assembly (arrays referenced by several blocks, `MultiIndex`
/// labels repeated by their codes).
///
/// Most pickles expand far less: a short string costs a few bytes in the pickle and ten in a column;
/// a `MultiIndex` code of one byte can stand for a label of some dozens of bytes. But `read_csv`
/// gives one Python string to every cell of the same text, and pickles it once: a remark of 2,000
/// characters in 50,000 rows is 100 MB of strings from a 0.5 MB file, which the heap's share reads.
final class ExpansionBudget {
    private static final long BASE = 4L << 20;
    private static final long PER_INPUT_BYTE = 128;
    private static final long BEYOND_STRINGS_PER_INPUT_BYTE = 16;
    /// Bounded by the heap, not the input: what a hostile pickle can make the read hold before it is
    /// refused, which leaves room for the table built from it.
    private static final long HEAP_SHARE = Runtime.getRuntime().maxMemory() / 8;

    private long charged;

    /// Counts `bytes` more, refusing when they pass the budget of `inputBytes` read so far.
    void charge(long bytes, long inputBytes, String what, String why) throws PickleFormatException {
        if (!tryCharge(bytes, inputBytes)) {
            throw exceeded(inputBytes, what, why);
        }
    }

    /// Counts `bytes` more if they stay within the budget of `inputBytes` read so far; whether they do.
    boolean tryCharge(long bytes, long inputBytes) {
        if (charged + bytes > limit(inputBytes)) {
            return false;
        }
        charged += bytes;
        return true;
    }

    /// How many bytes [#tryCharge(long, long)] would still accept with `inputBytes` read; more as
    /// more input is read.
    long room(long inputBytes) {
        return limit(inputBytes) - charged;
    }

    /// Counts `bytes` that were within [#room(long)].
    void spend(long bytes) {
        charged += bytes;
    }

    /// The refusal when [#tryCharge(long, long)] said no.
    PickleFormatException exceeded(long inputBytes, String what, String why) {
        // The budget grows with the input: the bytes read up to the refusal, not the file's size.
        return new PickleFormatException(what + ": the pickle expands to more than "
                + MessageText.count(limit(inputBytes), "byte") + " from its first "
                + MessageText.count(inputBytes, "byte") + " (" + why + ")");
    }

    private static long limit(long inputBytes) {
        return Math.max(guaranteed(inputBytes), HEAP_SHARE);
    }

    /// What every read allows after `inputBytes`, whatever its heap.
    static long guaranteed(long inputBytes) {
        return BASE + PER_INPUT_BYTE * inputBytes;
    }

    /// The part of [#guaranteed] the strings of a file may take: the writer keeps the strings its
    /// memo references repeat within it, so that a file it wrote reads under any heap its strings
    /// fit in. The rest is for what a read charges besides: 9 bytes for each cell of an object
    /// column (its offset and flag) and each numeric array's bytes again, at most 10 per input byte,
    /// since every cell takes at least one.
    static long guaranteedForStrings(long inputBytes) {
        return BASE + (PER_INPUT_BYTE - BEYOND_STRINGS_PER_INPUT_BYTE) * inputBytes;
    }

    /// Gives back bytes charged for something that was not kept.
    void refund(long bytes) {
        charged -= bytes;
    }
}
