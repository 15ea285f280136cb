package dev.bsee.bridge.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/// macOS's AppleDouble files: `._name` beside `name` where macOS copies a file to a file system
/// that keeps no extended attributes (a network share, a FAT stick). They hold the file's metadata,
/// never its data.
final class AppleDouble {

    /// The magic number an AppleDouble file starts with.
    static final int MAGIC = 0x00051607;

    private AppleDouble() {
    }

    /// Whether `file` is one: named `._...` and starting with [#MAGIC].
    ///
    /// @param file a file
    /// @return true when it is macOS metadata; false for anything else, or a file that cannot be read
    static boolean is(Path file) {
        Path name = file.getFileName();
        if (name == null || !name.toString().startsWith("._")) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(Integer.BYTES);
            return head.length == Integer.BYTES && ByteBuffer.wrap(head).getInt() == MAGIC;
        } catch (IOException e) {
            return false;
        }
    }
}
