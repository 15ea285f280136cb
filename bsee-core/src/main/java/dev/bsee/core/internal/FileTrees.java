package dev.bsee.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/// Deletes the folders of temporaries a run leaves (a convert's or a refresh's staging folder, what a
/// killed run left), and nothing beyond them: links inside are deleted themselves, never followed,
/// and a folder that holds a mount point (another file system mounted inside it, as a bind mount or
/// a container volume can be) is refused before anything is deleted, as `rm --one-file-system` does:
/// walking into it deleted every file of the mounted file system, none of them the tool's.
///
/// The one implementation in the project; every deletion of a run's folder goes through it, and
/// every run's folder is made and checked by it.
public final class FileTrees {

    private FileTrees() {
    }

    /// Makes `folder`, where runs stage the files they will rename into an output folder, as a
    /// folder only its owner may enter when it is absent, and refuses it when someone else could
    /// swap the files there: a folder another user owns (a `.DIR.tmp` made first by someone else
    /// in a shared folder such as `/tmp`), or one anyone may write ([#refuseOpenFolder]). Such a
    /// user could rename a run's folder away and put one of their own in its place, whose files the
    /// run would then rename into the output as its own. Where the file system has no owners (not
    /// POSIX) nothing is checked. The caller has refused a link in its place.
    ///
    /// @param folder the folder of temporaries; its parent exists
    /// @throws IOException naming the folder and its owner when it is refused
    public static void requireOwnFolder(Path folder) throws IOException {
        makePrivateFolder(folder);
        Map<String, Object> attributes = unixAttributes(folder);
        if (attributes == null) {
            return;
        }
        int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        int owner = (Integer) attributes.get("uid");
        if (owner != self) {
            throw refused(folder, "it belongs to another user (uid " + owner + ")");
        }
        refuseOpenFolder(folder);
    }

    /// Refuses `folder`, a folder of temporaries that exists, when anyone may write it and it lacks
    /// the sticky bit (which keeps each user's entries their own), for the reason
    /// [#requireOwnFolder] gives.
    ///
    /// @param folder the folder of temporaries
    /// @throws IOException naming the folder when it is refused
    public static void refuseOpenFolder(Path folder) throws IOException {
        Map<String, Object> attributes = unixAttributes(folder);
        if (attributes == null) {
            return;
        }
        int mode = (Integer) attributes.get("mode");
        if ((mode & 0002) != 0 && (mode & 01000) == 0) {
            throw refused(folder, "anyone may write it");
        }
    }

    /// Makes `folder` as its owner's alone when it is absent; one made meanwhile is left as it is.
    ///
    /// @param folder the folder; its parent exists
    /// @throws IOException when it cannot be made
    public static void makePrivateFolder(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            try {
                createRunFolder(folder);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // made meanwhile: the caller checks it like any other
            }
        }
    }

    private static Map<String, Object> unixAttributes(Path folder) throws IOException {
        try {
            // The process's own directory belongs to its effective user: a file system with owners.
            Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Files.readAttributes(folder, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | java.nio.file.NoSuchFileException noOwners) {
            return null;
        }
    }

    private static IOException refused(Path folder, String why) {
        return new IOException("refusing to stage files in " + folder + ": " + why + ", who could swap the files"
                + " staged there before they are renamed (remove it; the tool makes it again as its own)");
    }

    /// Creates the folder of one run's staged files, which only its owner may enter where the file
    /// system has permissions, so that no one else can reach the files in it.
    ///
    /// @param run the folder to create; its parent exists
    /// @throws IOException when it cannot be created (also when something is there)
    public static void createRunFolder(Path run) throws IOException {
        if (run.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectory(run, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectory(run);
        }
    }

    /// Deletes `path`: a file or a link (the link itself), or a folder with everything in it.
    /// Nothing happens when nothing is there.
    ///
    /// @param path what to delete
    /// @throws IOException when a file system is mounted inside it (nothing is deleted then), or a
    ///     deletion fails
    public static void delete(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(path);
            return;
        }
        Object device = device(path);
        // First the whole tree is checked, so that a refusal leaves it as it was. A bind mount of a
        // folder of the same file system has the same device: the kernel's list of mount points
        // tells it.
        Path real = path.toRealPath();
        for (Path mountPoint : mountPoints()) {
            if (mountPoint.startsWith(real)) {
                throw mounted(path, path.resolve(real.relativize(mountPoint).toString()));
            }
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (!dir.equals(path) && !device.equals(device(dir))) {
                    throw mounted(path, dir);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static IOException mounted(Path path, Path mountPoint) {
        return new IOException("refusing to delete " + path + ": a file system is mounted at " + mountPoint
                + (mountPoint.equals(path) ? "" : " inside it") + ", whose files the tool did not write (unmount it, then"
                + " remove the folder)");
    }

    /// Where a rename from folder `from` into folder `into` would cross a mount, which it cannot:
    /// `another file system` when the two are on different file systems, `another mount of its file
    /// system` when a bind mount of a folder of the same file system lies between them (same
    /// device and file store, yet the rename fails with `Invalid cross-device link`; the kernel's
    /// list of mount points tells it); empty when files can be renamed from one into the other.
    ///
    /// @param from an existing folder files are renamed from
    /// @param into an existing folder they are renamed into
    /// @return what lies between them, or empty
    /// @throws IOException when either cannot be resolved
    public static java.util.Optional<String> mountBetween(Path from, Path into) throws IOException {
        if (!Files.getFileStore(from).equals(Files.getFileStore(into))) {
            return java.util.Optional.of("another file system");
        }
        List<Path> points = mountPoints();
        return mountOf(from.toRealPath(), points).equals(mountOf(into.toRealPath(), points))
                ? java.util.Optional.empty() : java.util.Optional.of("another mount of its file system");
    }

    /// The innermost of `points` that holds `real`; the root where none does (no list of mount points).
    private static Path mountOf(Path real, List<Path> points) {
        Path innermost = real.getRoot();
        for (Path point : points) {
            if (real.startsWith(point) && point.getNameCount() >= innermost.getNameCount()) {
                innermost = point;
            }
        }
        return innermost;
    }

    /// The mount points the kernel lists for this process (`/proc/self/mountinfo`, Linux); none
    /// where there is no such list, and the device check alone then finds mount points.
    static List<Path> mountPoints() {
        Path mountInfo = Path.of("/proc/self/mountinfo");
        if (!Files.isReadable(mountInfo)) {
            return List.of();
        }
        List<Path> points = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(mountInfo, StandardCharsets.UTF_8)) {
                String[] fields = line.split(" ");
                if (fields.length > 4) {
                    points.add(Path.of(unescape(fields[4])));
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return List.of();
        }
        return points;
    }

    /// A mount point as the kernel writes it: space, tab, line feed and backslash as `\ooo`.
    private static String unescape(String field) {
        StringBuilder text = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()
                    && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    /// The device a folder is on, where the file system says; else its file store, which tells a
    /// mount point apart as well.
    private static Object device(Path dir) throws IOException {
        try {
            return Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
            return Files.getFileStore(dir);
        }
    }
}
