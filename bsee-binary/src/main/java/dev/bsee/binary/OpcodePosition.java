package dev.bsee.binary;

/// Where the pickle machine is: the opcode being interpreted and the byte offset it starts at.
///
/// Why a class of its own: every piece of the machine (stack, memo, list items, pandas callables)
/// refuses bad input with a message naming that opcode and offset, so they share this one record of
/// where reading stands instead of each being handed it or keeping a copy that could fall behind.
final class OpcodePosition {
    /// The offset of the current opcode's first byte.
    long offset;
    /// The current opcode, or -1 at the end of the input.
    int opcode;

    /// The refusal `message`, naming the current opcode and its offset.
    PickleFormatException fail(String message) {
        return new PickleFormatException(message + " (opcode 0x" + Integer.toHexString(opcode) + " at byte " + offset + ")");
    }

    /// `value` as a `type`, refused as `what` when it is something else.
    <T> T expect(Object value, Class<T> type, String what) throws PickleFormatException {
        if (!type.isInstance(value)) {
            throw fail(what + " is " + Py.typeName(value));
        }
        return type.cast(value);
    }
}
