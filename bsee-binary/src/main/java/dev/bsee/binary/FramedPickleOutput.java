package dev.bsee.binary;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static dev.bsee.binary.Opcodes.*;

/// Writes pickle opcodes to a stream in protocol 4 frames, the way CPython's pickler does: opcodes
/// collect in one 64 KiB frame buffer that is written with a `FRAME` header when full, and payloads of
/// 64 KiB or more are written outside frames, straight from their source buffers. Memory stays at one
/// frame buffer whatever the size of the table.
final class FramedPickleOutput {
    static final int FRAME_TARGET = 64 * 1024;
    private static final int FRAME_HEADER = 9;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final OutputStream out;
    /// The frame under construction after a 9-byte gap for its header; doubles as the copy buffer for
    /// payloads written outside frames, which only happens while no frame is open.
    private final byte[] frame = new byte[FRAME_HEADER + FRAME_TARGET];
    private int position = FRAME_HEADER;
    /// Bytes of a large payload still to be written outside frames; frames stay closed meanwhile.
    private long unframedRemaining;

    FramedPickleOutput(OutputStream out) {
        this.out = out;
    }

    /// Writes `PROTO 4`, which precedes the first frame.
    void protocol4() throws IOException {
        out.write(new byte[] {(byte) PROTO, 4});
    }

    void opcode(int opcode) throws IOException {
        ensure(1);
        frame[position++] = (byte) opcode;
    }

    void opcodeWithByte(int opcode, int argument) throws IOException {
        ensure(2);
        frame[position++] = (byte) opcode;
        frame[position++] = (byte) argument;
    }

    /// An `int` the way CPython's `save_long` writes it in protocol 2 and later.
    void integer(long value) throws IOException {
        if (value >= 0 && value <= 0xff) {
            opcodeWithByte(BININT1, (int) value);
        } else if (value >= 0 && value <= 0xffff) {
            ensure(3);
            frame[position++] = (byte) BININT2;
            frame[position++] = (byte) value;
            frame[position++] = (byte) (value >>> 8);
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            ensure(5);
            frame[position++] = (byte) BININT;
            INT_LE.set(frame, position, (int) value);
            position += 4;
        } else {
            // LONG1: little-endian two's complement in as few bytes as hold the sign.
            int length = 8;
            while (length > 1) {
                long shifted = value >> ((length - 1) * 8 - 1);
                if (shifted != 0 && shifted != -1) {
                    break;
                }
                length--;
            }
            ensure(2 + length);
            frame[position++] = (byte) LONG1;
            frame[position++] = (byte) length;
            for (int i = 0; i < length; i++) {
                frame[position++] = (byte) (value >>> (8 * i));
            }
        }
    }

    /// Pushes memo entry `index` (`BINGET` or `LONG_BINGET`).
    void memoGet(int index) throws IOException {
        if (index < 256) {
            opcodeWithByte(BINGET, index);
        } else {
            ensure(5);
            frame[position++] = (byte) LONG_BINGET;
            INT_LE.set(frame, position, index);
            position += 4;
        }
    }

    void bool(boolean value) throws IOException {
        opcode(value ? NEWTRUE : NEWFALSE);
    }

    /// A Python float (`BINFLOAT`, big-endian IEEE 754).
    void binfloat(double value) throws IOException {
        ensure(9);
        frame[position++] = (byte) BINFLOAT;
        LONG_BE.set(frame, position, Double.doubleToRawLongBits(value));
        position += 8;
    }

    /// A short ASCII or UTF-8 string literal such as a module name or dict key.
    void string(String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        unicode(ByteBuffer.wrap(utf8));
    }

    /// A Python `str` from its UTF-8 bytes, without decoding them; `utf8` is not consumed.
    void unicode(ByteBuffer utf8) throws IOException {
        int length = utf8.remaining();
        if (length < 256) {
            ensure(2 + length);
            frame[position++] = (byte) SHORT_BINUNICODE;
            frame[position++] = (byte) length;
            utf8.get(utf8.position(), frame, position, length);
            position += length;
        } else {
            lengthPrefixed(BINUNICODE, length);
            payload(utf8);
        }
    }

    /// A small Python `bytes` literal.
    void bytes(byte[] value) throws IOException {
        ensure(2 + value.length);
        frame[position++] = (byte) SHORT_BINBYTES;
        frame[position++] = (byte) value.length;
        System.arraycopy(value, 0, frame, position, value.length);
        position += value.length;
    }

    /// Starts a Python `bytes` object of `length` bytes; the caller then writes exactly that many
    /// bytes with [#payload(ByteBuffer)], in one or more pieces.
    void bytesHeader(long length) throws IOException {
        if (length < 256) {
            ensure(2 + (int) length);
            frame[position++] = (byte) SHORT_BINBYTES;
            frame[position++] = (byte) length;
        } else if (length <= 0xffff_ffffL) {
            lengthPrefixed(BINBYTES, length);
        } else {
            commitFrame();
            frame[position++] = (byte) BINBYTES8;
            LONG_LE.set(frame, position, length);
            position += 8;
            flushUnframed(length);
        }
    }

    /// Writes the header of a length-prefixed object (4-byte length). Payloads of about [#FRAME_TARGET]
    /// bytes or more go outside frames, header included, as CPython does; smaller ones go into the
    /// frame together with their header.
    private void lengthPrefixed(int opcode, long length) throws IOException {
        boolean large = length > FRAME_TARGET - 16;
        if (large) {
            commitFrame();
        } else {
            ensure(5 + (int) length);
        }
        frame[position++] = (byte) opcode;
        INT_LE.set(frame, position, (int) length);
        position += 4;
        if (large) {
            flushUnframed(length);
        }
    }

    /// Copies the remaining bytes of `source` (not consumed) after a header: straight to the stream
    /// when the header announced a large payload, else into the open frame, where the header made room.
    void payload(ByteBuffer source) throws IOException {
        int length = source.remaining();
        if (unframedRemaining == 0) {
            if (position + length > frame.length) {
                throw new IllegalStateException("payload of " + length + " bytes exceeds its announced length");
            }
            source.get(source.position(), frame, position, length);
            position += length;
            return;
        }
        if (length > unframedRemaining) {
            throw new IllegalStateException("payload of " + length + " bytes exceeds its announced length");
        }
        unframedRemaining -= length;
        if (source.hasArray()) {
            out.write(source.array(), source.arrayOffset() + source.position(), length);
            return;
        }
        for (int done = 0; done < length; ) {
            int chunk = Math.min(frame.length, length - done);
            source.get(source.position() + done, frame, 0, chunk);
            out.write(frame, 0, chunk);
            done += chunk;
        }
    }

    /// Writes the header of a large payload without a frame, as CPython does, and expects
    /// `payloadLength` bytes of payload next.
    private void flushUnframed(long payloadLength) throws IOException {
        out.write(frame, FRAME_HEADER, position - FRAME_HEADER);
        position = FRAME_HEADER;
        unframedRemaining = payloadLength;
    }

    private void ensure(int bytes) throws IOException {
        if (unframedRemaining != 0) {
            throw new IllegalStateException(unframedRemaining + " bytes of payload are still due");
        }
        if (position + bytes > frame.length) {
            commitFrame();
        }
    }

    private void commitFrame() throws IOException {
        int length = position - FRAME_HEADER;
        if (length == 0) {
            return;
        }
        frame[0] = (byte) FRAME;
        LONG_LE.set(frame, 1, (long) length);
        out.write(frame, 0, position);
        position = FRAME_HEADER;
    }

    /// Writes `STOP`, the last frame, and flushes the stream.
    void finish() throws IOException {
        opcode(STOP);
        commitFrame();
        out.flush();
    }
}
