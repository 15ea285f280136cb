package dev.bsee.core.internal;

import java.io.File;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Objects;

/// The room the tool's own temporary files leave on their file system: a spooled download, an
/// archive's entries and column buffers spilled to disk. Their size comes from what a server or an
/// archive sends, not from anything the tool can check first: a download that never ends, or an
/// entry of endless rows, would grow them until the disk is full and every other writer on the
/// machine fails. So they stop while a reserve is left: 256 MiB, or a twentieth of a file system
/// smaller than 5 GiB. The outputs themselves (`.bin` files, manifests) are not held to it: their
/// size follows from data already read.
public final class DiskReserve {
    /// The most bytes a [Meter] lets through between two questions to the file system (each a
    /// `statvfs`).
    static final long CHECK_EVERY = 16L << 20;
    private static final long LARGEST_RESERVE = 256L << 20;

    private DiskReserve() {
    }

    /// The free space the tool leaves on a file system of `total` bytes.
    ///
    /// @param total the file system's size
    /// @return the reserve
    static long reserve(long total) {
        return Math.min(LARGEST_RESERVE, total / 20);
    }

    /// Throws when `file`, which holds `size` bytes so far, may not grow by `more` bytes without
    /// taking its file system below the reserve. A file system that gives no sizes (`total` 0, as
    /// some pseudo file systems do) is not held to it.
    ///
    /// @param file the temporary file (its folder's file system is the one asked)
    /// @param size the bytes it holds
    /// @param more the bytes it is about to grow by
    /// @throws FileSystemException naming `file` when the growth would take the reserve
    public static void check(Path file, long size, long more) throws FileSystemException {
        grant(file, size, more);
    }

    /// What stands in the way of writing `size` bytes more in `folder` while its file system keeps
    /// the reserve (`its file system has 7.4 MiB free, and bsee's temporary files leave at least 5.0
    /// MiB free for everything else`), or empty when they fit. For refusing, before a byte is
    /// written, a file whose final size is declared (a download's `Content-Length`); the declared
    /// size is never what is set aside, only what is refused, so the file's growth is still checked
    /// as it is written.
    ///
    /// @param folder the folder the file goes in (its file system is the one asked)
    /// @param size the bytes the file is to hold
    /// @return the shortfall, in words
    public static java.util.Optional<String> shortfall(Path folder, long size) {
        Room room = Room.of(folder.toFile());
        return room.left() < size ? java.util.Optional.of(room.describe()) : java.util.Optional.empty();
    }

    /// Checks as [#check] does, and says how many bytes, `more` or more, may be written before
    /// the next check: at most [#CHECK_EVERY] and half the room above the reserve, so that the
    /// checks come closer together as the room runs out, and the reserve is never written into.
    private static long grant(Path file, long size, long more) throws FileSystemException {
        // The folder's file system: a temporary file may be gone from its folder already (opened
        // with DELETE_ON_CLOSE), and the sizes of a path that is gone read 0.
        Room room = Room.of((file.getParent() == null ? file : file.getParent()).toFile());
        if (room.left() < more) {
            throw new FileSystemException(file.toString(), null, "stopped at " + MessageText.bytes(size)
                    + ": it needs " + MessageText.bytes(more) + " more, " + room.describe());
        }
        return Math.max(more, Math.min(CHECK_EVERY, room.left() / 2));
    }

    /// The free space of a folder's file system and the reserve kept on it.
    private record Room(long usable, long reserve, boolean unbounded) {
        static Room of(File folder) {
            long total = folder.getTotalSpace();
            // A file system that gives no sizes (total 0, as some pseudo file systems do) is not
            // held to the reserve.
            return total <= 0 ? new Room(0, 0, true) : new Room(folder.getUsableSpace(), DiskReserve.reserve(total), false);
        }

        /// The bytes that may still be written.
        long left() {
            return unbounded ? Long.MAX_VALUE : usable - reserve;
        }

        String describe() {
            return "its file system has " + MessageText.bytes(usable) + " free, and bsee's temporary files"
                    + " leave at least " + MessageText.bytes(reserve) + " free for everything else";
        }
    }

    /// `out`, writing the temporary file `file`, checked against the reserve as a [Meter] checks.
    ///
    /// @param file the file `out` writes, which exists
    /// @param out the stream
    /// @return the guarded stream
    public static OutputStream guarding(Path file, OutputStream out) {
        Meter meter = new Meter(file);
        return new FilterOutputStream(Objects.requireNonNull(out, "out")) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                meter.add(len);
                out.write(b, off, len);
            }
        };
    }

    /// The growth of one temporary file, checked against the reserve before its first write and
    /// then as often as [#grant] says. Not thread-safe.
    public static final class Meter {
        private final Path file;
        private long written;
        /// The bytes the last check allows that are not written yet.
        private long granted;

        /// A meter of `file`, which holds nothing yet.
        ///
        /// @param file the temporary file, which exists
        public Meter(Path file) {
            this.file = Objects.requireNonNull(file, "file");
        }

        /// Counts `bytes` about to be written, checking the reserve when it is due.
        ///
        /// @param bytes the bytes
        /// @throws FileSystemException naming the file when they would take the reserve
        public void add(long bytes) throws FileSystemException {
            if (bytes > granted) {
                granted = grant(file, written, bytes);
            }
            written += bytes;
            granted -= bytes;
        }
    }
}
