package dev.bsee.binary;

import dev.bsee.core.internal.ShortKeys;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static dev.bsee.binary.Opcodes.*;

/// Writes pickle opcodes to a stream in protocol 4 frames, as CPython's pickler does: opcodes go into
/// frames of about 64 KiB, each behind a `FRAME` header with its length, and payloads of 64 KiB or more
/// go outside frames.
///
/// Frames and payloads are assembled in one 1 MiB output buffer, which is written to the stream when
/// full: few, large writes, each byte copied once, and memory independent of the table's size.
final class FramedPickleOutput {
    static final int FRAME_TARGET = 64 * 1024;
    private static final int FRAME_HEADER = 9;
    private static final int BUFFER_SIZE = 1 << 20;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    /// Where the open frame's header starts, or -1 outside a frame.
    private int frameStart = -1;
    /// Where the open frame is full (its header, then [#FRAME_TARGET] bytes), or -1 outside a frame:
    /// [#ensure] opens the next frame when the bytes asked for would pass it.
    private int frameEnd = -1;
    /// Bytes of a large payload still due; no frame opens meanwhile.
    private long unframedRemaining;
    /// The memo entries written so far: the index the next `MEMOIZE` stores at.
    private int memoized;
    /// Bytes written to the stream before the buffer's.
    private long flushed;
    /// The UTF-8 bytes of every string written so far, whole or by a memo reference: what a reader
    /// copies into its lists, which [ExpansionBudget] bounds.
    private long stringBytes;

    /// For a column too large to plan ([RepeatedStrings]): strings of at most this many UTF-8 bytes
    /// are written once and referred back to afterwards, through a cache of recent ones. Each cell a
    /// string of its own made the production archive's files load in Python at 2.4 times the memory
    /// of the Python system's (1020 against 426 MB). Longer strings are written each time: a
    /// reference of 2 bytes stands for at most 32 bytes per byte here, within every reader's budget.
    static final int SHARED_MAX_BYTES = 64;
    /// The latest strings written, by a hash of their bytes, in pairs of slots: a string goes into
    /// its pair's slot used less recently, so that a value coming once evicts the older of two and a
    /// value that keeps repeating stays. A column's few distinct codes and names are found again; a
    /// value evicted before it repeats is written again, which only costs its bytes.
    private static final int SHARED_SLOT_BITS = 12;
    private static final int SHARED_SLOTS = 1 << SHARED_SLOT_BITS;
    private final byte[] sharedBytes = new byte[SHARED_SLOTS * SHARED_MAX_BYTES];
    /// The slot of the last string looked up.
    private int lastSlot;
    /// Per pair of slots: which of the two (0 or 1) was used last.
    private final byte[] sharedRecent = new byte[SHARED_SLOTS / 2];
    /// A slot's string length plus one (0: empty), and its memo index (-1: written once, not memoised).
    private final int[] sharedLength = new int[SHARED_SLOTS];
    private final int[] sharedMemo = new int[SHARED_SLOTS];
    /// A slot's first and last eight bytes (little-endian; the first only, masked, when shorter).
    private final long[] sharedFirst = new long[SHARED_SLOTS];
    private final long[] sharedLast = new long[SHARED_SLOTS];

    FramedPickleOutput(OutputStream out) {
        this.out = out;
    }

    /// Writes `PROTO 4`, which precedes the first frame.
    void protocol4() {
        buffer[position++] = (byte) PROTO;
        buffer[position++] = 4;
    }

    void opcode(int opcode) throws IOException {
        ensure(1);
        buffer[position++] = (byte) opcode;
    }

    void opcodeWithByte(int opcode, int argument) throws IOException {
        ensure(2);
        buffer[position++] = (byte) opcode;
        buffer[position++] = (byte) argument;
    }

    /// An `int` the way CPython's `save_long` writes it in protocol 2 and later.
    void integer(long value) throws IOException {
        if (value >= 0 && value <= 0xff) {
            opcodeWithByte(BININT1, (int) value);
        } else if (value >= 0 && value <= 0xffff) {
            ensure(3);
            buffer[position++] = (byte) BININT2;
            buffer[position++] = (byte) value;
            buffer[position++] = (byte) (value >>> 8);
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            ensure(5);
            buffer[position++] = (byte) BININT;
            INT_LE.set(buffer, position, (int) value);
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
            buffer[position++] = (byte) LONG1;
            buffer[position++] = (byte) length;
            for (int i = 0; i < length; i++) {
                buffer[position++] = (byte) (value >>> (8 * i));
            }
        }
    }

    /// Stores the object on top of the stack in the memo (`MEMOIZE`) and returns its index.
    int memoize() throws IOException {
        opcode(MEMOIZE);
        return memoized++;
    }

    /// Pushes memo entry `index` (`BINGET` or `LONG_BINGET`).
    void memoGet(int index) throws IOException {
        if (index < 256) {
            opcodeWithByte(BINGET, index);
        } else {
            ensure(5);
            buffer[position++] = (byte) LONG_BINGET;
            INT_LE.set(buffer, position, index);
            position += 4;
        }
    }

    void bool(boolean value) throws IOException {
        opcode(value ? NEWTRUE : NEWFALSE);
    }

    /// A Python float (`BINFLOAT`, big-endian IEEE 754).
    void binfloat(double value) throws IOException {
        ensure(9);
        buffer[position++] = (byte) BINFLOAT;
        LONG_BE.set(buffer, position, Double.doubleToRawLongBits(value));
        position += 8;
    }

    /// A short string literal such as a module name or dict key.
    void string(String value) throws IOException {
        unicode(ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
    }

    /// A Python `str` from `length` UTF-8 bytes at `offset` in `source`, without decoding them.
    void unicode(byte[] source, int offset, int length) throws IOException {
        if (length < 256) {
            stringBytes += length;
            ensure(2 + length);
            buffer[position++] = (byte) SHORT_BINUNICODE;
            buffer[position++] = (byte) length;
            System.arraycopy(source, offset, buffer, position, length);
            position += length;
        } else {
            unicode(ByteBuffer.wrap(source, offset, length));
        }
    }

    /// Whether a memo reference to a string of `length` bytes keeps the strings a reader copies
    /// within what every reader allows them ([ExpansionBudget#guaranteedForStrings]); when not, the
    /// string is written whole again.
    boolean mayRefer(int length) {
        return stringBytes + length <= ExpansionBudget.guaranteedForStrings(flushed + position);
    }

    /// Forgets the strings [#sharedUnicode] would refer back to: each column's strings are objects of
    /// its own in pandas' frames, never shared with another column's.
    void forgetShared() {
        java.util.Arrays.fill(sharedLength, 0);
        java.util.Arrays.fill(sharedRecent, (byte) 0);
    }

    /// Pushes memo entry `index`, a string of `length` bytes ([#mayRefer]).
    void referTo(int index, int length) throws IOException {
        stringBytes += length;
        memoGet(index);
    }

    /// A Python `str` from its UTF-8 bytes, without decoding them; `utf8` is not consumed.
    void unicode(ByteBuffer utf8) throws IOException {
        int length = utf8.remaining();
        stringBytes += length;
        if (length < 256) {
            ensure(2 + length);
            buffer[position++] = (byte) SHORT_BINUNICODE;
            buffer[position++] = (byte) length;
            utf8.get(utf8.position(), buffer, position, length);
            position += length;
        } else {
            lengthPrefixed(BINUNICODE, length);
            payload(utf8);
        }
    }

    /// The string of `length` UTF-8 bytes at `offset` in `source` as a Python `str`, or a reference to
    /// an equal string written before ([#SHARED_MAX_BYTES]); a longer one is written each time. A
    /// string is memoised when it comes the second time, and referred to from the third: the strings
    /// that never repeat (names, remarks) take no memo entries, which every reader keeps until the end.
    void sharedUnicode(byte[] source, int offset, int length) throws IOException {
        if (length > SHARED_MAX_BYTES) {
            unicode(ByteBuffer.wrap(source, offset, length));
            return;
        }
        stringBytes += length;
        // Room for the string, MEMOIZE, and a word read past a short string's end: the room a
        // reference takes too, so that frames end where they always did.
        ensure(3 + Long.BYTES + length);
        int start = position;
        // Most strings are short: their first and last eight bytes are all of them, which the slot
        // keeps and compares as two numbers; a longer one is compared with its copy in the slot.
        long first;
        long last;
        if (length >= Long.BYTES) {
            first = (long) LONG_LE.get(source, offset);
            last = (long) LONG_LE.get(source, offset + length - Long.BYTES);
        } else {
            first = ShortKeys.key(source, offset, length);
            last = 0;
        }
        // A column often repeats the string of the row before; a string equal to the one in a slot
        // belongs to that slot, so the last slot used is tried before the string's own is computed.
        int slot = lastSlot;
        boolean seen = inSlot(slot, length, first, last, source, offset);
        if (!seen) {
            int pair = sharedPair(source, offset, length, first);
            if (inSlot(pair, length, first, last, source, offset)) {
                slot = pair;
                seen = true;
            } else if (inSlot(pair + 1, length, first, last, source, offset)) {
                slot = pair + 1;
                seen = true;
            } else {
                slot = pair + 1 - sharedRecent[pair >> 1];
            }
            lastSlot = slot;
        }
        sharedRecent[slot >> 1] = (byte) (slot & 1);
        if (seen && sharedMemo[slot] >= 0) {
            // The reference takes the string's place, in the room made for it: what memoGet writes,
            // without making room again.
            int index = sharedMemo[slot];
            if (index < 256) {
                buffer[start] = (byte) BINGET;
                buffer[start + 1] = (byte) index;
                position = start + 2;
            } else {
                buffer[start] = (byte) LONG_BINGET;
                INT_LE.set(buffer, start + 1, index);
                position = start + 5;
            }
            return;
        }
        buffer[start] = (byte) SHORT_BINUNICODE;
        buffer[start + 1] = (byte) length;
        System.arraycopy(source, offset, buffer, start + 2, length);
        position = start + 2 + length;
        if (seen) {
            sharedMemo[slot] = memoize();
        } else {
            if (length > 2 * Long.BYTES) {
                System.arraycopy(source, offset, sharedBytes, slot * SHARED_MAX_BYTES, length);
            }
            sharedLength[slot] = length + 1;
            sharedFirst[slot] = first;
            sharedLast[slot] = last;
            sharedMemo[slot] = -1;
        }
    }

    /// The first slot of the pair for the string of `length` bytes at `offset` in `source`, whose
    /// first eight bytes are `first`: the top bits of the hash the writer's plan finds strings by,
    /// which takes in all the bytes and the length. Values alike at both ends (the dates of one month,
    /// a run of spaces of another length) fell into one slot when the slot came from the first and
    /// last eight bytes alone, and evicted each other on every row.
    private static int sharedPair(byte[] source, int offset, int length, long first) {
        long hash = length <= Long.BYTES ? RepeatedStrings.shortHash(first, length)
                : RepeatedStrings.hash(source, offset, length);
        return (int) (hash >>> (Long.SIZE - SHARED_SLOT_BITS)) & ~1;
    }

    /// Whether `slot` holds the string of `length` bytes at `offset` in `source`, whose first and
    /// last eight bytes are `first` and `last`.
    private boolean inSlot(int slot, int length, long first, long last, byte[] source, int offset) {
        int cached = slot * SHARED_MAX_BYTES;
        return sharedLength[slot] == length + 1 && sharedFirst[slot] == first && sharedLast[slot] == last
                && (length <= 2 * Long.BYTES
                || java.util.Arrays.equals(source, offset, offset + length, sharedBytes, cached, cached + length));
    }

    /// A small Python `bytes` literal.
    void bytes(byte[] value) throws IOException {
        ensure(2 + value.length);
        buffer[position++] = (byte) SHORT_BINBYTES;
        buffer[position++] = (byte) value.length;
        System.arraycopy(value, 0, buffer, position, value.length);
        position += value.length;
    }

    /// Starts a Python `bytes` object of `length` bytes; the caller then writes exactly that many
    /// bytes with [#payload(ByteBuffer)], in one or more pieces.
    void bytesHeader(long length) throws IOException {
        if (length < 256) {
            ensure(2 + (int) length);
            buffer[position++] = (byte) SHORT_BINBYTES;
            buffer[position++] = (byte) length;
        } else if (length <= 0xffff_ffffL) {
            lengthPrefixed(BINBYTES, length);
        } else {
            startUnframed(9);
            buffer[position++] = (byte) BINBYTES8;
            LONG_LE.set(buffer, position, length);
            position += 8;
            unframedRemaining = length;
        }
    }

    /// The header of a length-prefixed object (4-byte length). Payloads of about [#FRAME_TARGET] bytes
    /// or more go outside frames, header included, as CPython does; smaller ones share a frame with
    /// their header.
    private void lengthPrefixed(int opcode, long length) throws IOException {
        if (length > FRAME_TARGET - 16) {
            startUnframed(5);
            unframedRemaining = length;
        } else {
            ensure(5 + (int) length);
        }
        buffer[position++] = (byte) opcode;
        INT_LE.set(buffer, position, (int) length);
        position += 4;
    }

    /// Copies the remaining bytes of `source` (not consumed) after a header: into the open frame,
    /// where the header made room, or, for a large payload, through the output buffer outside frames.
    void payload(ByteBuffer source) throws IOException {
        int length = source.remaining();
        if (unframedRemaining == 0) {
            if (position + length > frameEnd) {
                throw new IllegalStateException("payload of " + length + " bytes exceeds its announced length");
            }
            source.get(source.position(), buffer, position, length);
            position += length;
            return;
        }
        if (length > unframedRemaining) {
            throw new IllegalStateException("payload of " + length + " bytes exceeds its announced length");
        }
        unframedRemaining -= length;
        for (int done = 0; done < length; ) {
            if (position == buffer.length) {
                flushBuffer();
            }
            int chunk = Math.min(buffer.length - position, length - done);
            source.get(source.position() + done, buffer, position, chunk);
            position += chunk;
            done += chunk;
        }
    }

    /// Closes any frame and makes room for an unframed header of `headerLength` bytes.
    private void startUnframed(int headerLength) throws IOException {
        checkNoPayloadDue();
        commitFrame();
        if (position + headerLength > buffer.length) {
            flushBuffer();
        }
    }

    /// Makes room for `bytes` more bytes in an open frame, closing a full frame and opening a new one.
    ///
    /// One comparison on the path every opcode takes; what happens once a frame is in [#nextFrame].
    /// With the buffer's flush here too, the JIT compiled the writer's loops on a profile that had not
    /// yet seen the buffer fill (it fills once every 16 frames), left the flush out, and when the buffer
    /// filled went back to the interpreter and compiled the loops again: a refresh compiled
    /// `DataFrameEncoder.items`, its largest method, three to five times.
    private void ensure(int bytes) throws IOException {
        checkNoPayloadDue();
        if (position + bytes > frameEnd) {
            nextFrame();
        }
    }

    /// Closes the open frame, if any, and opens the next, first writing the buffer out when a whole
    /// frame would not fit in it.
    private void nextFrame() throws IOException {
        commitFrame();
        if (position + FRAME_HEADER + FRAME_TARGET > buffer.length) {
            flushBuffer();
        }
        frameStart = position;
        frameEnd = position + FRAME_HEADER + FRAME_TARGET;
        position += FRAME_HEADER;
    }

    private void checkNoPayloadDue() {
        if (unframedRemaining != 0) {
            throw new IllegalStateException(unframedRemaining + " bytes of payload are still due");
        }
    }

    /// Fills in the open frame's header, or drops it when the frame stayed empty.
    private void commitFrame() {
        if (frameStart < 0) {
            return;
        }
        int length = position - frameStart - FRAME_HEADER;
        if (length == 0) {
            position = frameStart;
        } else {
            buffer[frameStart] = (byte) FRAME;
            LONG_LE.set(buffer, frameStart + 1, (long) length);
        }
        frameStart = -1;
        frameEnd = -1;
    }

    private void flushBuffer() throws IOException {
        out.write(buffer, 0, position);
        flushed += position;
        position = 0;
    }

    /// Writes `STOP`, the last frame, and flushes the stream.
    void finish() throws IOException {
        opcode(STOP);
        commitFrame();
        flushBuffer();
        out.flush();
    }
}
