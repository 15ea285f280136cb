package dev.bsee.binary;

/// What one read may build beyond the bytes it was given: the input's own bytes once, plus 4 MiB
/// and 127 bytes more per input byte, and never more than an eighth of the heap beyond the input.
/// It is shared by the pickle machine (strings a memo reference copies into a list) and the table
/// assembly (arrays referenced by several blocks, `MultiIndex` labels repeated by their codes).
///
/// Legitimate pickles expand far less: a short string costs a few bytes in the pickle and ten in a
/// column; a `MultiIndex` code of one byte can stand for a label of some dozens of bytes. The heap's
/// share keeps a small file that repeats a large string by memo references (pandas shares one
/// object; a column holds a copy per row) from filling the heap before the budget refuses it: a
/// 1 MB file naming a 1 MiB string 100 times ran a 193 MiB heap out of memory.
final class ExpansionBudget {
    private static final long BASE = 4L << 20;
    private static final long PER_INPUT_BYTE = 128;
    private static final long HEAP_SHARE = 8;

    private final long amplificationCap = Math.max(BASE, Runtime.getRuntime().maxMemory() / HEAP_SHARE);
    private long charged;

    /// The most that may be charged with `inputBytes` read.
    private long limit(long inputBytes) {
        return inputBytes + Math.min(BASE + (PER_INPUT_BYTE - 1) * inputBytes, amplificationCap);
    }

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
        return new PickleFormatException(what + ": the pickle expands to more than " + limit(inputBytes)
                + " bytes from its first " + inputBytes + " bytes (" + why + ")");
    }

    /// Gives back bytes charged for something that was not kept.
    void refund(long bytes) {
        charged -= bytes;
    }
}
