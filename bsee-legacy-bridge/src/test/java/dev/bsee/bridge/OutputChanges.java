package dev.bsee.bridge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;

/// The ways an output file is changed behind the tool's back between two refreshes, each leaving
/// the size as it was, and the last-modified time too where that can be set back: only the bytes,
/// the file's identity or its permissions tell.
enum OutputChanges {
    /// One byte rewritten in place, the last-modified time set back.
    EDITED_IN_PLACE,
    /// Another file of the same size renamed over it (a new inode), the last-modified time set back.
    REPLACED_BY_A_RENAME,
    /// `chmod go-r` (`chmod u-r` where only the owner could read it): the bytes as written, which
    /// some of those who could read them no longer can.
    READ_PERMISSION_REMOVED;

    /// Changes `file` so.
    ///
    /// @param file the file
    /// @throws IOException when it cannot be changed
    void apply(Path file) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
        switch (this) {
            case EDITED_IN_PLACE -> {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    ByteBuffer one = ByteBuffer.allocate(1);
                    long at = channel.size() / 2;
                    channel.read(one, at);
                    one.put(0, (byte) (one.get(0) ^ 1)).rewind();
                    channel.write(one, at);
                }
                Files.setLastModifiedTime(file, modified);
            }
            case REPLACED_BY_A_RENAME -> {
                byte[] bytes = Files.readAllBytes(file);
                bytes[bytes.length / 2] ^= 1;
                Path other = file.resolveSibling(file.getFileName() + ".new");
                Files.write(other, bytes);
                Files.setLastModifiedTime(other, modified);
                Files.move(other, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            case READ_PERMISSION_REMOVED -> {
                java.util.Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
                boolean othersRead = mode.remove(PosixFilePermission.GROUP_READ) | mode.remove(PosixFilePermission.OTHERS_READ);
                if (!othersRead) {
                    mode.remove(PosixFilePermission.OWNER_READ);
                }
                Files.setPosixFilePermissions(file, mode);
            }
        }
    }

    /// `chmod g+w`: the group given write access, every read permission as written. A refresh
    /// followed by such a `chmod` (a shared folder's hook) must not download in full each time.
    ///
    /// @param file the file
    /// @throws IOException when its permissions cannot be changed
    static void giveTheGroupWriteAccess(Path file) throws IOException {
        java.util.Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        mode.add(PosixFilePermission.GROUP_WRITE);
        Files.setPosixFilePermissions(file, mode);
    }

    /// `touch`: a new last-modified time, the bytes and permissions as written.
    ///
    /// @param file the file
    /// @throws IOException when it cannot be touched
    static void touch(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(3600)));
    }
}
