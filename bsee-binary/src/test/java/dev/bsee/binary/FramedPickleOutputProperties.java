package dev.bsee.binary;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import static dev.bsee.binary.Opcodes.*;
import static org.assertj.core.api.Assertions.assertThat;

/// The writer's framing, whatever it writes: the stream is `PROTO 4`, then frames and the large
/// payloads CPython also writes outside frames; every frame holds whole opcodes, none is empty or
/// larger than [FramedPickleOutput#FRAME_TARGET]; and without their headers the frames and payloads
/// are exactly the opcodes written, in order. Runs write up to a few MiB, so they cross many frames
/// and the output buffer's flushes (1 MiB) at every offset.
class FramedPickleOutputProperties {

    /// One call on the writer, and the bytes of its opcodes as an encoder of this test's writes them.
    private record Write(String label, Step step, byte[] opcodes) {
        @Override
        public String toString() {
            return label;
        }
    }

    @FunctionalInterface
    private interface Step {
        void apply(FramedPickleOutput out) throws IOException;
    }

    @Property(tries = 200)
    void framesHoldWholeOpcodesAndExactlyWhatWasWritten(@ForAll("runs") List<Write> writes) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FramedPickleOutput out = new FramedPickleOutput(sink);
        out.protocol4();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (Write write : writes) {
            write.step().apply(out);
            expected.write(write.opcodes());
        }
        out.finish();
        expected.write(STOP);

        byte[] bytes = sink.toByteArray();
        assertThat(Byte.toUnsignedInt(bytes[0])).isEqualTo(PROTO);
        assertThat(bytes[1]).isEqualTo((byte) 4);
        ByteArrayOutputStream unframed = new ByteArrayOutputStream();
        int at = 2;
        boolean stopped = false;
        while (at < bytes.length) {
            if (Byte.toUnsignedInt(bytes[at]) == FRAME) {
                long length = ByteBuffer.wrap(bytes, at + 1, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                assertThat(length).as("frame at %d", at).isBetween(1L, (long) FramedPickleOutput.FRAME_TARGET);
                int start = at + 9;
                assertThat(start + length).as("frame at %d", at).isLessThanOrEqualTo(bytes.length);
                int end = (int) (start + length);
                int op = start;
                while (op < end) {
                    stopped = Byte.toUnsignedInt(bytes[op]) == STOP;
                    op += opcodeLength(bytes, op);
                }
                assertThat(op).as("the last opcode of the frame at %d ends with it", at).isEqualTo(end);
                unframed.write(bytes, start, end - start);
                at = end;
            } else {
                // Outside frames: only a payload too large for one, header included.
                int code = Byte.toUnsignedInt(bytes[at]);
                assertThat(code).as("opcode outside a frame at %d", at).isIn(BINUNICODE, BINBYTES);
                long length = Integer.toUnsignedLong(ByteBuffer.wrap(bytes, at + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
                assertThat(length).as("payload outside a frame at %d", at).isGreaterThan(FramedPickleOutput.FRAME_TARGET - 16L);
                int size = opcodeLength(bytes, at);
                unframed.write(bytes, at, size);
                at += size;
            }
        }
        assertThat(stopped).as("STOP ends the last frame").isTrue();
        assertThat(unframed.toByteArray()).isEqualTo(expected.toByteArray());
    }

    /// The bytes of the opcode at `at` with its operands, for the opcodes [#runs] writes.
    private static int opcodeLength(byte[] bytes, int at) {
        int code = Byte.toUnsignedInt(bytes[at]);
        return switch (code) {
            case EMPTY_LIST, APPEND, MARK, NONE, MEMOIZE, STOP -> 1;
            case BININT1 -> 2;
            case BININT2 -> 3;
            case BININT -> 5;
            case BINFLOAT -> 9;
            case LONG1, SHORT_BINUNICODE, SHORT_BINBYTES -> 2 + Byte.toUnsignedInt(bytes[at + 1]);
            case BINUNICODE, BINBYTES ->
                    5 + ByteBuffer.wrap(bytes, at + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            default -> throw new AssertionError("unexpected opcode " + code + " at " + at);
        };
    }

    @Provide
    Arbitrary<List<Write>> runs() {
        Arbitrary<Write> write = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, plain()),
                net.jqwik.api.Tuple.of(4, integers()),
                net.jqwik.api.Tuple.of(2, floats()),
                net.jqwik.api.Tuple.of(8, strings(0, 300)),
                net.jqwik.api.Tuple.of(1, strings(60_000, 200_000)),
                net.jqwik.api.Tuple.of(2, bytesObjects(0, 70_000)),
                net.jqwik.api.Tuple.of(1, memoize()));
        return write.list().ofMaxSize(3_000);
    }

    private static Arbitrary<Write> plain() {
        return Arbitraries.of(EMPTY_LIST, APPEND, MARK, NONE)
                .map(code -> new Write("opcode " + (char) code.intValue(), out -> out.opcode(code), new byte[] {code.byteValue()}));
    }

    private static Arbitrary<Write> memoize() {
        return Arbitraries.just(new Write("memoize", FramedPickleOutput::memoize, new byte[] {(byte) MEMOIZE}));
    }

    private static Arbitrary<Write> integers() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-70_000, 70_000))
                .map(value -> new Write("integer " + value, out -> out.integer(value), integer(value)));
    }

    /// CPython's `save_long` in protocol 2 and later.
    private static byte[] integer(long value) {
        ByteBuffer little = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        if (value >= 0 && value <= 0xff) {
            little.put((byte) BININT1).put((byte) value);
        } else if (value >= 0 && value <= 0xffff) {
            little.put((byte) BININT2).putShort((short) value);
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            little.put((byte) BININT).putInt((int) value);
        } else {
            byte[] bigEndian = BigInteger.valueOf(value).toByteArray();
            little.put((byte) LONG1).put((byte) bigEndian.length);
            for (int i = bigEndian.length - 1; i >= 0; i--) {
                little.put(bigEndian[i]);
            }
        }
        return Arrays.copyOf(little.array(), little.position());
    }

    private static Arbitrary<Write> floats() {
        return Arbitraries.doubles().map(value -> new Write("float " + value, out -> out.binfloat(value),
                ByteBuffer.allocate(9).put((byte) BINFLOAT).putDouble(value).array()));
    }

    private static Arbitrary<Write> strings(int min, int max) {
        return Arbitraries.integers().between(min, max).map(length -> {
            byte[] utf8 = new byte[length];
            Arrays.fill(utf8, (byte) ('a' + length % 26));
            return new Write("str of " + length + " bytes", out -> out.unicode(utf8, 0, length),
                    lengthPrefixed(length < 256 ? SHORT_BINUNICODE : BINUNICODE, utf8));
        });
    }

    /// A `bytes` object written as a header and then its payload in up to three pieces.
    private static Arbitrary<Write> bytesObjects(int min, int max) {
        return Combinators.combine(Arbitraries.integers().between(min, max), Arbitraries.integers().between(1, 3))
                .as((length, pieces) -> {
                    byte[] payload = new byte[length];
                    Arrays.fill(payload, (byte) (length % 251));
                    Step step = out -> {
                        out.bytesHeader(length);
                        int done = 0;
                        for (int piece = 1; piece <= pieces; piece++) {
                            int end = piece == pieces ? length : length * piece / pieces;
                            out.payload(ByteBuffer.wrap(payload, done, end - done));
                            done = end;
                        }
                    };
                    return new Write("bytes of " + length + " in " + pieces, step,
                            lengthPrefixed(length < 256 ? SHORT_BINBYTES : BINBYTES, payload));
                });
    }

    private static byte[] lengthPrefixed(int code, byte[] payload) {
        boolean shortForm = code == SHORT_BINUNICODE || code == SHORT_BINBYTES;
        ByteBuffer op = ByteBuffer.allocate(payload.length + 5).order(ByteOrder.LITTLE_ENDIAN).put((byte) code);
        if (shortForm) {
            op.put((byte) payload.length);
        } else {
            op.putInt(payload.length);
        }
        op.put(payload);
        return Arrays.copyOf(op.array(), op.position());
    }
}
