package dev.bsee.binary;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static dev.bsee.binary.Opcodes.*;

/// Hand-made pickles for hostile-input tests: raw opcodes, nothing checked.
final class PickleBytes {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    static PickleBytes protocol(int protocol) {
        PickleBytes pickle = new PickleBytes();
        pickle.op(PROTO).raw(protocol);
        return pickle;
    }

    PickleBytes op(int opcode) {
        bytes.write(opcode);
        return this;
    }

    PickleBytes raw(int... values) {
        for (int value : values) {
            bytes.write(value);
        }
        return this;
    }

    PickleBytes repeat(int count, int... values) {
        for (int i = 0; i < count; i++) {
            raw(values);
        }
        return this;
    }

    PickleBytes int32(int value) {
        bytes.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
        return this;
    }

    PickleBytes int64(long value) {
        bytes.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
        return this;
    }

    PickleBytes str(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        op(BINUNICODE).int32(utf8.length);
        bytes.writeBytes(utf8);
        return this;
    }

    PickleBytes integer(int value) {
        return op(BININT).int32(value);
    }

    /// `STACK_GLOBAL` of `module.name`.
    PickleBytes stackGlobal(String module, String name) {
        return str(module).str(name).op(STACK_GLOBAL);
    }

    /// Protocol 0-2 `GLOBAL`.
    PickleBytes global(String module, String name) {
        op(GLOBAL);
        bytes.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    int size() {
        return bytes.size();
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
