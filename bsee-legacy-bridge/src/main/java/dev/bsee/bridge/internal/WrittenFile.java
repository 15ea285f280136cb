package dev.bsee.bridge.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bsee.bridge.FileReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/// Whether an output file is still what a refresh wrote: the one answer the refresh (may a
/// conditional request or the cache's TTL keep the folder as it is?), its commit (is a file about to
/// be replaced the previous refresh's own?) and `bsee status` (is it still as written?) share.
///
/// Hashing every file for every question costs a read of the whole folder, hundreds of megabytes, on
/// each refresh that the server then answers with a 304. So the manifest also records what one stat
/// of each file gave once it was in place ([Stamp]); a file whose stat is still that is as written
/// without a read. Any other stat (a `touch`, a file renamed over it, a restore, an edit in place)
/// has the file hashed: the same bytes are as written, whatever the stat says, and other bytes are
/// not. A file that lost a read permission it was written with is not as written either, even with
/// its bytes intact: the refresh writes it again as it wrote it (one set to `000`, or to the owner
/// alone, is a file the analysis code of others can no longer load). Other permission changes (a
/// group given write access after each refresh) leave it as written: counting them made every such
/// refresh download in full. A manifest of an earlier version records no stat: its files are hashed.
final class WrittenFile {

    /// What a stat of a file gives cheaply: what it changes whenever the file's content may have.
    ///
    /// @param bytes the size
    /// @param modified the last-modified time, in nanoseconds since the epoch
    /// @param changed the status-change time (`ctime`, which no program can set back), in nanoseconds
    ///                since the epoch, or -1 where the file system gives none
    /// @param key the file's identity (device and inode), or empty where the file system gives none
    /// @param mode the permission bits, or -1 where the file system gives none
    record Stamp(long bytes, long modified, long changed, String key, int mode) {

        /// The permission bits of a mode: the file type and set-id bits are not what a `chmod` of
        /// an analyst changes, and the type is checked apart.
        private static final int PERMISSIONS = 0777;

        /// Stats `file`, not following a link.
        ///
        /// @param file the file
        /// @return its stamp
        /// @throws IOException when it cannot be stat'ed (absent, a folder on the way denied)
        static Stamp of(Path file) throws IOException {
            // The `unix` view gives the change time, device, inode and mode in the one stat.
            if (file.getFileSystem().supportedFileAttributeViews().contains("unix")) {
                Map<String, Object> stat = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,dev,ino,mode",
                        LinkOption.NOFOLLOW_LINKS);
                return new Stamp((Long) stat.get("size"), nanos((FileTime) stat.get("lastModifiedTime")),
                        nanos((FileTime) stat.get("ctime")), stat.get("dev") + ":" + stat.get("ino"),
                        (Integer) stat.get("mode") & PERMISSIONS);
            }
            BasicFileAttributes stat = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new Stamp(stat.size(), nanos(stat.lastModifiedTime()), -1,
                    stat.fileKey() == null ? "" : stat.fileKey().toString(), -1);
        }

        private static long nanos(FileTime time) {
            return time.to(TimeUnit.NANOSECONDS);
        }

        ObjectNode toJson() {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("bytes", bytes);
            node.put("modified_ns", modified);
            if (changed >= 0) {
                node.put("changed_ns", changed);
            }
            if (!key.isEmpty()) {
                node.put("key", key);
            }
            if (mode >= 0) {
                node.put("mode", mode);
            }
            return node;
        }

        /// The stamp a manifest records, or empty when it records none or one this version cannot
        /// read: the file is then hashed, as for a manifest of an earlier version, so a stamp is
        /// never a reason to set a manifest aside.
        static Optional<Stamp> fromJson(JsonNode node) {
            if (node == null || !node.isObject() || !node.path("bytes").canConvertToLong()
                    || !node.path("modified_ns").canConvertToLong()) {
                return Optional.empty();
            }
            return Optional.of(new Stamp(node.get("bytes").asLong(), node.get("modified_ns").asLong(),
                    node.path("changed_ns").canConvertToLong() ? node.get("changed_ns").asLong() : -1,
                    node.path("key").isTextual() ? node.get("key").asText() : "",
                    node.path("mode").canConvertToInt() ? node.get("mode").asInt() : -1));
        }
    }

    /// How a file stands against what its manifest recorded.
    enum Standing {
        /// The bytes the refresh wrote, with the permissions it wrote them with (or unknown).
        AS_WRITTEN,
        /// The bytes the refresh wrote, without a read permission it wrote them with.
        PERMISSIONS_CHANGED,
        /// Other bytes: another size, or at the same size another SHA-256.
        CONTENT_CHANGED,
        /// No regular file of the name: a link, a folder or anything else in its place.
        NOT_A_FILE,
        /// Nothing of the name.
        MISSING;

        /// Whether the file is what the refresh wrote, permissions and all.
        ///
        /// @return true for [#AS_WRITTEN]
        boolean asWritten() {
            return this == AS_WRITTEN;
        }
    }

    private WrittenFile() {
    }

    /// How `file` stands against `written`, its manifest's description, and `stamp`, the stat the
    /// manifest recorded when it was moved into place: without a read when its stat is still that
    /// one, otherwise by its SHA-256.
    ///
    /// @param file the file in the output folder
    /// @param written what the manifest says of it
    /// @param stamp what the manifest recorded of its stat, empty for a manifest of an earlier version
    /// @return how it stands
    /// @throws IOException when it cannot be stat'ed or read (access denied, an I/O error): it may be
    ///                     intact, which only the caller can weigh
    static Standing standing(Path file, FileReport written, Optional<Stamp> stamp) throws IOException {
        Stamp now;
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? Standing.NOT_A_FILE : Standing.MISSING;
            }
            now = Stamp.of(file);
        } catch (NoSuchFileException gone) {
            return Standing.MISSING;
        }
        if (now.bytes() != written.bytes()) {
            // A changed size costs no read.
            return Standing.CONTENT_CHANGED;
        }
        if (stamp.filter(now::equals).isPresent()) {
            return Standing.AS_WRITTEN;
        }
        if (!OutputFolder.hashIs(file, Optional.of(written.sha256()))) {
            return Standing.CONTENT_CHANGED;
        }
        return stamp.filter(then -> lostReadAccess(then, now)).isPresent()
                ? Standing.PERMISSIONS_CHANGED : Standing.AS_WRITTEN;
    }

    /// Whether `now` lacks a read permission (owner, group or others) that `then` had; false where
    /// either does not know the permissions.
    private static boolean lostReadAccess(Stamp then, Stamp now) {
        return then.mode() >= 0 && now.mode() >= 0 && (then.mode() & ~now.mode() & READ_PERMISSIONS) != 0;
    }

    /// The read bits of a mode: owner, group and others.
    private static final int READ_PERMISSIONS = 0444;

    /// The stat to record anew for a file its hash proves as written although its stat is not the
    /// recorded one (touched, restored with its bytes, or of a manifest that records none), or empty
    /// when there is none to record: the stat is the recorded one, the file is not as written, or it
    /// changed while it was hashed. Without it every later refresh and `bsee status` hashed the file
    /// again, until the next commit.
    ///
    /// @param file the file in the output folder
    /// @param written what the manifest says of it
    /// @param stamp what the manifest recorded of its stat
    /// @return the stamp to record
    static Optional<Stamp> restamped(Path file, FileReport written, Optional<Stamp> stamp) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            Stamp before = Stamp.of(file);
            if (stamp.filter(before::equals).isPresent() || before.bytes() != written.bytes()
                    || stamp.filter(then -> lostReadAccess(then, before)).isPresent()
                    || !OutputFolder.hashIs(file, Optional.of(written.sha256()))) {
                return Optional.empty();
            }
            // Taken before the read and checked after it, so that a write during the read is not
            // recorded as the refresh's.
            return Optional.of(before).filter(Stamp.of(file)::equals);
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /// As [#standing(Path, FileReport, Optional)], with a file that cannot be stat'ed or read taken
    /// for not as written: what a refresh needs to decide whether to download unconditionally.
    ///
    /// @param file the file in the output folder
    /// @param written what the manifest says of it
    /// @param stamp what the manifest recorded of its stat
    /// @return whether it is as written
    static boolean asWritten(Path file, FileReport written, Optional<Stamp> stamp) {
        try {
            return standing(file, written, stamp).asWritten();
        } catch (IOException unreadable) {
            return false;
        }
    }
}
