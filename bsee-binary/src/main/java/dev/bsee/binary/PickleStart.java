package dev.bsee.binary;

import dev.bsee.core.internal.MessageText;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/// Tells a file that is no pickle at all (a zip, a CSV, a compressed pickle) from a damaged pickle
/// before the reader calls its first byte an opcode: "unsupported opcode 0x50 at byte 0" says nothing
/// to someone who opened a zip archive by mistake.
final class PickleStart {

    /// The first byte of every pickle of protocol 2 or later (`PROTO`); pandas writes 4 or 5.
    private static final int PROTO = 0x80;
    private static final int SHOWN_BYTES = 8;

    private PickleStart() {
    }

    /// Refuses a file that does not start as a pickle of protocol 2 or later does.
    ///
    /// @param file the file, as messages name it
    /// @param channel the open file; its position is left as it is
    /// @throws PickleFormatException when the file is empty or starts otherwise
    static void check(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer start = ByteBuffer.allocate((int) Math.min(SHOWN_BYTES, size));
        while (start.hasRemaining() && channel.read(start, start.position()) > 0) {
            // positional reads until the first bytes are in
        }
        byte[] bytes = new byte[start.position()];
        start.flip().get(bytes);
        if (bytes.length == 0) {
            throw new PickleFormatException("not a pickle file: " + file + " is empty");
        }
        if ((bytes[0] & 0xFF) == PROTO) {
            return;
        }
        for (Compression compression : Compression.values()) {
            if (compression.marks(bytes)) {
                throw new PickleFormatException("not a pickle file: " + file + " is " + compression.pandasName
                        + "-compressed (it starts with " + quoted(bytes, size) + "); pandas reads it with read_pickle(path,"
                        + " compression=\"" + compression.pandasName + "\"), and a .bin file holds the pickle itself");
            }
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        if (size >= 2 && channel.read(last, size - 1) == 1 && last.get(0) == '.') {
            throw new PickleFormatException(file + ": a pickle of protocol 0 or 1, which pandas does not write by "
                    + "default (protocols 2 to 5 are read); pickle it again with pickle.HIGHEST_PROTOCOL");
        }
        throw new PickleFormatException("not a pickle file: " + file + " starts with " + quoted(bytes, size));
    }

    /// The compressions `DataFrame.to_pickle` writes (by a `.gz`, `.bz2`, `.xz` or `.zst` name, or asked
    /// for), by the magic bytes their files start with.
    private enum Compression {
        GZIP("gzip", 0x1F, 0x8B),
        BZ2("bz2", 'B', 'Z', 'h'),
        XZ("xz", 0xFD, '7', 'z', 'X', 'Z', 0x00),
        // Not zip: a .bin that is a zip archive is more often an archive of the data center's, renamed
        // or opened by mistake, and is quoted for what it starts with.
        ZSTD("zstd", 0x28, 0xB5, 0x2F, 0xFD);

        private final String pandasName;
        private final int[] magic;

        Compression(String pandasName, int... magic) {
            this.pandasName = pandasName;
            this.magic = magic;
        }

        boolean marks(byte[] start) {
            if (start.length < magic.length) {
                return false;
            }
            for (int i = 0; i < magic.length; i++) {
                if ((start[i] & 0xFF) != magic[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /// The first bytes as messages quote them, with `...` when the file holds more.
    private static String quoted(byte[] bytes, long size) {
        // One past what was read when more follows: quote shows what it has and marks the rest.
        return MessageText.quote(bytes, size > bytes.length ? bytes.length + 1 : bytes.length, bytes.length);
    }
}
