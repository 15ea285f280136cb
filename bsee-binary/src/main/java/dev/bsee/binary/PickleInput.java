package dev.bsee.binary;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.GrowableBuffer;
import dev.bsee.core.internal.MessageText;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/// Buffered, position-tracking reading of pickle bytes. Long payloads are read into storage that
/// grows only as bytes actually arrive, so a declared length never causes an allocation the input
/// does not back; when the input's size is known (a file) and covers the payload, the payload is read
/// into storage of exactly its size.
///
/// From a stream of unknown size (a caller's, which may hold more after the pickle) it reads no byte
/// past the pickle, as `pickle.load` reads none: inside a frame up to the frame's end, elsewhere
/// only the bytes the current opcode needs. `pickle.load` too reads a frame whole and, outside
/// frames, exactly what it needs.
///
/// The buffer is open to [ListItems]'s loop over the items of a list, which reads short operands
/// and strings where they lie ([#request(int)], [#buffer()], [#position()], [#skip(int)]).
final class PickleInput {
    /// Payloads from this size on go to allocator buffers (which may spill to disk), smaller ones to arrays.
    static final int LARGE_PAYLOAD = 1 << 16;
    private static final int BUFFER_SIZE = 1 << 16;
    private static final int MAX_PAYLOAD = Integer.MAX_VALUE - 16;
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final InputStream in;
    private final long declaredSize;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private int limit;
    /// Bytes of the stream before `buffer[0]`.
    private long consumedBefore;
    /// The offset where the last frame read ends ([#frame()]).
    private long frameEnd;

    /// @param declaredSize the input's size when known (a file), else -1
    PickleInput(InputStream in, long declaredSize) {
        this.in = in;
        this.declaredSize = declaredSize;
    }

    /// Bytes consumed so far: the offset of the next byte.
    long offset() {
        return consumedBefore + position;
    }

    /// The next byte, or -1 at the end of the input.
    int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    /// The input's size when known, else `unknown`.
    long sizeOrDefault(long unknown) {
        return declaredSize >= 0 ? declaredSize : unknown;
    }

    /// Steps back over the byte [#read()] just returned, so that it is read again.
    void unread() {
        position--;
    }

    int readUnsignedByte() throws IOException {
        if (position < limit) {
            return buffer[position++] & 0xff;
        }
        int value = read();
        if (value < 0) {
            throw truncated(1);
        }
        return value;
    }

    int readUnsignedShort() throws IOException {
        if (limit - position >= 2) {
            int value = buffer[position] & 0xff | (buffer[position + 1] & 0xff) << 8;
            position += 2;
            return value;
        }
        return readUnsignedByte() | readUnsignedByte() << 8;
    }

    int readIntLittleEndian() throws IOException {
        if (limit - position >= 4) {
            int value = (int) INT_LE.get(buffer, position);
            position += 4;
            return value;
        }
        return readUnsignedShort() | readUnsignedShort() << 16;
    }

    long readLongLittleEndian() throws IOException {
        if (limit - position >= 8) {
            long value = (long) LONG_LE.get(buffer, position);
            position += 8;
            return value;
        }
        return (readIntLittleEndian() & 0xffff_ffffL) | (long) readIntLittleEndian() << 32;
    }

    long readLongBigEndian() throws IOException {
        return Long.reverseBytes(readLongLittleEndian());
    }

    /// Makes the next `count` bytes (at most the buffer's size) readable at [#position()] in
    /// [#buffer()], reading more input when needed; false when the input ends before them.
    boolean request(int count) throws IOException {
        if (limit - position >= count) {
            return true;
        }
        if (count > buffer.length) {
            return false;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            consumedBefore += position;
            limit -= position;
            position = 0;
        }
        while (limit < count) {
            int read = in.read(buffer, limit, readable(count - limit));
            if (read <= 0) {
                return false;
            }
            limit += read;
        }
        return true;
    }

    /// The read buffer; bytes from [#position()] on are unread.
    byte[] buffer() {
        return buffer;
    }

    int position() {
        return position;
    }

    /// The end of the readable bytes in [#buffer()].
    int limit() {
        return limit;
    }

    /// Consumes `count` bytes that [#request(int)] made readable.
    void skip(int count) {
        position += count;
    }

    /// Reads exactly `length` bytes into a new array: one of that size when the input's known size
    /// backs it, else one that grows as the bytes arrive.
    byte[] readBytes(long length) throws IOException {
        checkPayload(length);
        int total = (int) length;
        if (limit - position >= total) {
            byte[] bytes = Arrays.copyOfRange(buffer, position, position + total);
            position += total;
            return bytes;
        }
        byte[] bytes = new byte[declaredSize >= 0 ? total : Math.min(total, BUFFER_SIZE)];
        int done = 0;
        while (done < total) {
            if (done == bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(total, 2L * bytes.length));
            }
            done += readSome(bytes, done, bytes.length - done, total - done);
        }
        return bytes;
    }

    /// Reads exactly `length` bytes as a read-only little-endian buffer. With the heap allocator the
    /// bytes go into an array (of exactly their size when the input's size is known), which is what a
    /// heap buffer would end up holding; other allocators get large payloads chunk by chunk.
    ByteBuffer readBuffer(long length, BufferAllocator allocator) throws IOException {
        checkPayload(length);
        if (length < LARGE_PAYLOAD || allocator == BufferAllocator.heap()) {
            return ByteBuffer.wrap(readBytes(length)).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        GrowableBuffer target = allocator.allocate();
        long remaining = length;
        while (remaining > 0) {
            if (position == limit && !fill(remaining)) {
                throw truncated(remaining);
            }
            int count = (int) Math.min(limit - position, remaining);
            target.put(buffer, position, count);
            position += count;
            remaining -= count;
        }
        return target.seal().order(ByteOrder.LITTLE_ENDIAN);
    }

    /// Consumes `length` bytes without reading them (checked as [#readBuffer] checks them) and
    /// returns the offset of the first: the input's size is known and covers them. A stream that
    /// ends before them abandons the shortcut, so the ordinary read reports it.
    long skipPayload(long length) throws IOException {
        checkPayload(length);
        long start = offset();
        int buffered = (int) Math.min(limit - position, length);
        position += buffered;
        long rest = length - buffered;
        if (rest > 0) {
            consumedBefore += limit;
            position = 0;
            limit = 0;
            while (rest > 0) {
                long skipped = in.skip(rest);
                if (skipped <= 0) {
                    throw LazyReadAbandoned.INSTANCE;
                }
                consumedBefore += skipped;
                rest -= skipped;
            }
        }
        return start;
    }

    /// Reads one `\n`-terminated ASCII line of at most `maxLength` characters (the `GLOBAL` operands).
    String readLine(int maxLength) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int next = readUnsignedByte();
            if (next == '\n') {
                return line.toString();
            }
            if (next >= 0x80 || line.length() == maxLength) {
                throw new PickleFormatException("malformed GLOBAL operand near byte " + offset());
            }
            line.append((char) next);
        }
    }

    /// Refuses a payload longer than one array can hold, or than the rest of an input of known size.
    void checkPayload(long length) throws PickleFormatException {
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new PickleFormatException("object of " + MessageText.unsignedNumber(length) + " bytes at byte " + offset()
                    + " exceeds the supported 2 GiB per object");
        }
        if (declaredSize >= 0 && length > declaredSize - offset()) {
            // Said as the other truncations are: a file cut short is the likely cause, a corrupt length the other.
            throw new PickleFormatException("pickle is truncated or corrupt: the object at byte " + offset() + " declares "
                    + MessageText.count(length, "byte") + " but only " + MessageText.number(Math.max(0, declaredSize - offset()))
                    + " remain in the input");
        }
    }

    /// Reads the length of the `FRAME` opcode just read and checks the frame as `pickle.load` reads
    /// frames: whole, one after another. A frame that runs past the input's end is refused ("pickle
    /// exhausted before end of frame"), where the input's size is known at once, else once the
    /// pickle's `STOP` is read ([#endOfPickle()]); a frame begun inside another is refused too.
    void frame() throws IOException {
        long opcodeOffset = offset() - 1;
        if (frameEnd > opcodeOffset) {
            throw new PickleFormatException("a new frame begins at byte " + opcodeOffset
                    + ", inside the frame that ends at byte " + frameEnd);
        }
        long length = readLongLittleEndian();
        long remaining = declaredSize >= 0 ? declaredSize - offset() : Long.MAX_VALUE;
        if (length < 0 || length > remaining) {
            throw new PickleFormatException("pickle is truncated or corrupt: the frame at byte " + offset() + " declares "
                    + MessageText.unsignedNumber(length) + " bytes but only " + MessageText.number(Math.max(0, remaining))
                    + " remain in the input");
        }
        // Past any stream's end where the sum would overflow: the stream then ends inside it.
        frameEnd = length > Long.MAX_VALUE - offset() ? Long.MAX_VALUE : offset() + length;
    }

    /// Called at the pickle's `STOP`: where the input's size is not known, reads on to the end of
    /// the frame the `STOP` is in, and a stream that ends first held a frame cut short.
    void endOfPickle() throws IOException {
        while (offset() < frameEnd) {
            if (position == limit && !fill(frameEnd - offset())) {
                throw new PickleFormatException("pickle is truncated: the input ends at byte " + offset()
                        + ", inside the frame that ends at byte " + frameEnd);
            }
            position += (int) Math.min(limit - position, frameEnd - offset());
        }
    }

    /// Reads between 1 and `length` bytes into `target`: from the buffer while it holds any, else
    /// straight from the stream, which saves a copy for long payloads. `missing` counts the bytes
    /// the payload still needs, for the message when the input ends.
    private int readSome(byte[] target, int offset, int length, long missing) throws IOException {
        if (position == limit && length < buffer.length && !fill(missing)) {
            throw truncated(missing);
        }
        if (position < limit) {
            int count = Math.min(length, limit - position);
            System.arraycopy(buffer, position, target, offset, count);
            position += count;
            return count;
        }
        consumedBefore += limit;
        position = 0;
        limit = 0;
        int read = in.read(target, offset, length);
        if (read <= 0) {
            throw truncated(missing);
        }
        consumedBefore += read;
        return read;
    }

    /// Refills the empty buffer with at least one byte; false at the end of the input.
    private boolean fill() throws IOException {
        return fill(1);
    }

    /// Refills the empty buffer with at least one byte, taking up to `needed` bytes the pickle is
    /// known to hold from here (more where [#readable(long)] allows); false at the end of the input.
    private boolean fill(long needed) throws IOException {
        consumedBefore += limit;
        position = 0;
        limit = 0;
        int read = in.read(buffer, 0, readable(needed));
        if (read <= 0) {
            return false;
        }
        limit = read;
        return true;
    }

    /// How many bytes a read from the input may take after the buffer's `limit`, when `needed` of
    /// them are known to be the pickle's: all the buffer holds where the input is a file of known
    /// size (nothing follows the pickle there that anyone else reads), else no more than the pickle
    /// is known to hold: `needed`, or the rest of the frame being read when that is more.
    private int readable(long needed) {
        int room = buffer.length - limit;
        if (declaredSize >= 0) {
            return room;
        }
        long taken = consumedBefore + limit;
        long known = Math.max(Math.max(needed, 1), frameEnd - taken);
        return (int) Math.min(room, known);
    }

    private PickleFormatException truncated(long wanted) {
        return new PickleFormatException("pickle is truncated: the input ends at byte " + offset() + " where "
                + MessageText.count(wanted, "more byte") + " were expected");
    }
}
