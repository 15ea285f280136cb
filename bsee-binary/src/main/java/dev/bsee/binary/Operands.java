package dev.bsee.binary;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.Utf8;

import java.io.IOException;

/// Reads the values that follow an opcode: integers of a declared width, strings, bytes.
///
/// Why a class of its own: the stack path and the list fast path read strings the same way and must
/// refuse the same bytes with the same message; one reader of operands keeps them from drifting.
final class Operands {
    static final String INVALID_UTF8 = "string is not valid UTF-8 (a byte sequence no UTF-8 text has, or a lone"
            + " surrogate, which Python allows in a str and UTF-8 does not)";

    private final PickleInput in;
    private final BufferAllocator allocator;
    private final OpcodePosition position;

    private final FileRegions file;

    /// @param file the file of a projected read, where large payloads are left until they are used;
    ///     null to read every payload as it arrives
    Operands(PickleInput in, BufferAllocator allocator, OpcodePosition position, FileRegions file) {
        this.in = in;
        this.allocator = allocator;
        this.position = position;
        this.file = file;
    }

    /// A little-endian two's complement integer of `length` bytes (`LONG1`, `LONG4`); refused
    /// beyond 64 bits.
    Long longOfLength(long length) throws IOException {
        if (length < 0 || length > 8) {
            throw position.fail("integer of " + MessageText.count(length, "byte") + "; only 64-bit integers are supported");
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            value |= (long) in.readUnsignedByte() << (8 * i);
        }
        if (length > 0 && length < 8 && (value & (1L << (8 * length - 1))) != 0) {
            value |= -1L << (8 * length);
        }
        return value;
    }

    /// A string of `length` bytes of strict UTF-8.
    Py.Str string(long length) throws IOException {
        byte[] utf8 = in.readBytes(length);
        if (!Utf8.isValid(utf8)) {
            throw position.fail(INVALID_UTF8);
        }
        return new Py.Str(utf8);
    }

    /// `length` bytes, large ones in the allocator's storage, or, in a projected read of a file,
    /// left in the file until they are used (checked as if they were read).
    Py.Bytes bytes(long length) throws IOException {
        if (file != null && length >= PickleInput.LARGE_PAYLOAD) {
            long offset = in.skipPayload(length);
            return Py.Bytes.inFile(file, offset, (int) length);
        }
        return new Py.Bytes(in.readBuffer(length, allocator));
    }
}
