package dev.bsee.binary;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.GrowableBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/// Buffered, position-tracking reading of pickle bytes. Long payloads are read in chunks into storage
/// that grows only as bytes actually arrive, so a declared length never causes an allocation the input
/// does not back.
final class PickleInput {
    /// Payloads from this size on go to allocator buffers (which may spill to disk), smaller ones to arrays.
    static final int LARGE_PAYLOAD = 1 << 16;
    private static final int CHUNK = 1 << 16;
    private static final int MAX_PAYLOAD = Integer.MAX_VALUE - 16;

    private final InputStream in;
    private final long declaredSize;
    private final byte[] buffer = new byte[CHUNK];
    private int position;
    private int limit;
    private long consumedBefore;

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

    int readUnsignedByte() throws IOException {
        int value = read();
        if (value < 0) {
            throw truncated(1);
        }
        return value;
    }

    int readUnsignedShort() throws IOException {
        return readUnsignedByte() | readUnsignedByte() << 8;
    }

    int readIntLittleEndian() throws IOException {
        return readUnsignedShort() | readUnsignedShort() << 16;
    }

    long readLongLittleEndian() throws IOException {
        return (readIntLittleEndian() & 0xffff_ffffL) | (long) readIntLittleEndian() << 32;
    }

    long readLongBigEndian() throws IOException {
        return Long.reverseBytes(readLongLittleEndian());
    }

    /// Reads exactly `length` bytes into a new array, growing it as the bytes arrive.
    byte[] readBytes(long length) throws IOException {
        checkPayload(length);
        int total = (int) length;
        byte[] bytes = new byte[Math.min(total, CHUNK)];
        int done = 0;
        while (done < total) {
            if (done == bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(total, 2L * bytes.length));
            }
            done += readSome(bytes, done, bytes.length - done);
        }
        return bytes;
    }

    /// Reads exactly `length` bytes as a read-only little-endian buffer; large payloads go into a
    /// buffer from `allocator`, filled chunk by chunk.
    ByteBuffer readBuffer(long length, BufferAllocator allocator) throws IOException {
        checkPayload(length);
        if (length < LARGE_PAYLOAD) {
            return ByteBuffer.wrap(readBytes(length)).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        GrowableBuffer target = allocator.allocate();
        byte[] chunk = new byte[CHUNK];
        long remaining = length;
        while (remaining > 0) {
            int read = readSome(chunk, 0, (int) Math.min(chunk.length, remaining));
            target.put(chunk, 0, read);
            remaining -= read;
        }
        return target.seal().order(ByteOrder.LITTLE_ENDIAN);
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

    private void checkPayload(long length) throws PickleFormatException {
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new PickleFormatException("object of " + Long.toUnsignedString(length) + " bytes at byte " + offset()
                    + " exceeds the supported 2 GiB per object");
        }
        if (declaredSize >= 0 && length > declaredSize - offset()) {
            throw new PickleFormatException("object at byte " + offset() + " declares " + length
                    + " bytes but only " + Math.max(0, declaredSize - offset()) + " remain in the input");
        }
    }

    private int readSome(byte[] target, int offset, int length) throws IOException {
        if (position == limit && !fill()) {
            throw truncated(length);
        }
        int count = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, count);
        position += count;
        return count;
    }

    private boolean fill() throws IOException {
        consumedBefore += limit;
        position = 0;
        limit = 0;
        int read = in.read(buffer, 0, buffer.length);
        if (read <= 0) {
            return false;
        }
        limit = read;
        return true;
    }

    private PickleFormatException truncated(int wanted) {
        return new PickleFormatException("pickle is truncated: the input ends at byte " + offset() + " where "
                + wanted + " more byte(s) were expected");
    }
}
