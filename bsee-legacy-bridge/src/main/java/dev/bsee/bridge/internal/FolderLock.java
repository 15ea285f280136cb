package dev.bsee.bridge.internal;

import dev.bsee.core.internal.AtomicFiles;
import dev.bsee.core.internal.FileErrors;
import dev.bsee.core.internal.MessageText;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.FileSystems;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/// An exclusive, cross-process lock on one output folder, held through a lock file beside it.
///
/// The operating system releases the lock when its holder dies (a killed refresh never leaves the
/// folder locked); the file itself stays and says who held it last. The lock covers a byte far past
/// the file's text so that, on systems with mandatory locks, the text stays readable to a refresh
/// that is waiting and wants to name the holder.
public final class FolderLock implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FolderLock.class.getName());
    private static final long LOCKED_BYTE = Long.MAX_VALUE - 1;
    private static final Duration POLL = Duration.ofMillis(100);

    /// Lock files this process holds, by [#heldKey], with their holders: threads of one process must
    /// not contend through the file itself (see [#tryLock]).
    private static final ConcurrentHashMap<Object, Holder> HELD_HERE = new ConcurrentHashMap<>();

    /// A lock file as [#HELD_HERE] knows it: the identity (device and inode) of its folder, and its
    /// name. One folder can be reached by paths that resolve apart (a bind mount of the base
    /// directory, which a container or another team's configuration names): keyed by the resolved
    /// path, a second holder in this process opened the file, the JDK refused its lock as overlapping
    /// one of this process's, and closing that channel dropped the first holder's lock.
    private record HeldKey(Object folder, String name) {

        // Written out: a record's generated equals and hashCode link a call site of the JDK's
        // ObjectMethods on first use, which the ahead-of-time cache does not keep: 11 method-handle
        // classes spun before a refresh's lock was taken.
        @Override
        public boolean equals(Object other) {
            return other instanceof HeldKey key && folder.equals(key.folder) && name.equals(key.name);
        }

        @Override
        public int hashCode() {
            return 31 * folder.hashCode() + name.hashCode();
        }
    }

    /// The key of `key` (a lock file whose folder is resolved) in [#HELD_HERE]; the resolved path
    /// where the file system gives its folder no identity.
    private static Object heldKey(Path key) throws IOException {
        Object folder = Files.readAttributes(key.getParent(), BasicFileAttributes.class).fileKey();
        return folder == null ? key : new HeldKey(folder, key.getFileName().toString());
    }

    /// Who holds a lock; compared by identity, so one holder never releases another's entry.
    private static final class Holder {
        private final String text;

        Holder(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private final Object held;
    private final Holder holder;
    private final FileChannel channel;
    private final FileLock lock;
    private final Path file;
    /// The lock file's identity when the lock was taken; null where the file system has none.
    private final Object fileKey;

    private FolderLock(Object held, Holder holder, FileChannel channel, FileLock lock, Path file) {
        this.held = held;
        this.holder = holder;
        this.channel = channel;
        this.lock = lock;
        this.file = file;
        this.fileKey = keyOf(file);
    }

    private static Object keyOf(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException gone) {
            return null;
        }
    }

    /// Fails when the lock file is no longer the file this lock holds (removed, or another put in its
    /// place): another refresh may then have locked the new file and be writing the folder. With the
    /// lock file deleted by hand, a second refresh took the folder at once, removed the first one's
    /// staged files as stale, and the first failed saying only that its folder was gone.
    ///
    /// @throws IOException when the file was removed or replaced
    public void requireInPlace() throws IOException {
        if (fileKey == null) {
            return;
        }
        Object now = keyOf(file);
        if (!fileKey.equals(now)) {
            throw new IOException("the lock file " + file + " was " + (now == null ? "removed" : "replaced by another")
                    + " while this process held it, so another refresh may be writing the folder it guards; nothing was"
                    + " moved into it (do not remove a lock file: the system releases it when its holder ends)");
        }
    }

    /// Takes the lock, waiting up to `wait` for another refresh or convert to finish, and says once,
    /// through `waiting`, that it waits and for whom: a refresh that waited a minute for another
    /// printed nothing meanwhile, which looked like a hang.
    ///
    /// @param lockFile the lock file (created when absent)
    /// @param folder the folder the lock guards, for messages
    /// @param owner what holds it, e.g. `refresh of source well (enhanced)`
    /// @param wait how long to wait for another holder; zero tries once
    /// @param waiting told, once the first attempt finds the lock held and there is time to wait,
    ///        `waiting up to 60 s for FOLDER, which HOLDER`
    /// @return the lock; close it to release
    /// @throws FolderLockedException when another refresh still holds it after `wait`
    /// @throws IOException when the lock file cannot be used
    public static FolderLock acquire(Path lockFile, Path folder, String owner, Duration wait,
            java.util.function.Consumer<String> waiting) throws IOException {
        boolean said = false;
        Files.createDirectories(lockFile.getParent());
        Path key = lockFile.getParent().toRealPath().resolve(lockFile.getFileName());
        Object held = heldKey(key);
        Instant now = Instant.now();
        // A wait past the last instant the calendar holds (--lock-wait 9223372036854775807) is a wait
        // without end, not an overflow that fails the source.
        Instant deadline = wait.compareTo(Duration.between(now, Instant.MAX)) >= 0 ? Instant.MAX : now.plus(wait);
        Holder holder = new Holder("pid " + ProcessHandle.current().pid() + " on " + HOST_NAME + " since "
                + Instant.now() + " (" + owner + ")");
        while (true) {
            Holder heldHere = HELD_HERE.putIfAbsent(held, holder);
            String otherHolder;
            if (heldHere == null) {
                FolderLock lock;
                try {
                    lock = tryLock(key, held, holder);
                } catch (IOException | RuntimeException | Error e) {
                    // Whatever stopped the attempt (a lock file that cannot be opened, the heap running
                    // out), this thread holds nothing: left in the table, the entry had every later
                    // refresh of the folder in this process wait for a holder that was gone.
                    HELD_HERE.remove(held, holder);
                    throw e;
                }
                if (lock != null) {
                    return lock;
                }
                // Read while this thread still has the process's turn at the file: opening and closing
                // it would drop the lock of another thread of this process that took it meanwhile.
                otherHolder = whoHolds(key, readHolder(key));
                HELD_HERE.remove(held, holder);
            } else {
                otherHolder = "is being written by another refresh in this process: " + heldHere;
            }
            if (!Instant.now().isBefore(deadline)) {
                throw new FolderLockedException("output folder " + folder + " " + otherHolder + "; waited " + MessageText.duration(wait) + " (lock file " + lockFile + ")");
            }
            if (!said) {
                said = true;
                waiting.accept((deadline.equals(Instant.MAX) ? "waiting" : "waiting up to " + MessageText.duration(wait))
                        + " for output folder " + folder + ", which " + otherHolder);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for the lock on " + folder);
            }
        }
    }

    /// Whether a thread of this process holds the lock of `lockFile`.
    ///
    /// @param lockFile the lock file
    /// @return whether it is held here
    static boolean heldHere(Path lockFile) {
        try {
            return HELD_HERE.containsKey(heldKey(lockFile.getParent().toRealPath().resolve(lockFile.getFileName())));
        } catch (IOException e) {
            return false;
        }
    }

    /// Locks the file when no other process holds it. Only called while this process holds no lock
    /// on the file: with POSIX locks, closing any descriptor of a file drops every lock the process
    /// holds on it, which is also why a waiting thread of this process never opens the file.
    private static FolderLock tryLock(Path key, Object held, Holder holder) throws IOException {
        openFault.before(key);
        // Before the file is opened for the lock: changing its mode opens and closes the file
        // again, which would drop a lock this process held on it.
        closeToOthers(key);
        // NOFOLLOW_LINKS: a link planted in place of the lock file is refused, never written through.
        // Closed to other users (the umask still decides the group's access, for a team that
        // refreshes as one group): anyone who can open the file can take a lock on it and stop every
        // refresh of the folder.
        FileChannel channel = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? FileChannel.open(key, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), NOT_FOR_OTHERS)
                : FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS);
        try {
            FileLock lock = channel.tryLock(LOCKED_BYTE, 1, false);
            if (lock == null) {
                channel.close();
                return null;
            }
            // A lock file with other names (a hard link, or a backup made of hard links) still locks,
            // but is not written: the text would change the file under its other names.
            if (!AtomicFiles.hasOtherNames(key)) {
                channel.truncate(0);
                // Not forced to disk: the text only names the holder to a refresh that waits, and a
                // crash that could lose it releases the lock as well. A full disk fails it naming
                // the file (the JDK's "No space left on device" names none).
                try {
                    channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                } catch (IOException full) {
                    throw FileErrors.naming(key, full);
                }
            }
            return new FolderLock(held, holder, channel, lock, key);
        } catch (IOException | RuntimeException | Error e) {
            // An error too (the heap running out): the channel left open would hold the lock, and
            // with it the folder, until the process ends.
            channel.close();
            HELD_HERE.remove(held, holder);
            throw e;
        }
    }

    private static final FileAttribute<Set<PosixFilePermission>> NOT_FOR_OTHERS =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw----"));

    /// Takes other users' access away from a lock file made before lock files were created without
    /// it; a file this user does not own keeps its mode (only its owner may change it).
    private static void closeToOthers(Path key) {
        PosixFileAttributeView view = Files.getFileAttributeView(key, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null || !Files.isRegularFile(key, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            // A lock file with other names is the same file under them: its mode is theirs too.
            if (AtomicFiles.hasOtherNames(key)) {
                return;
            }
            Set<PosixFilePermission> mode = view.readAttributes().permissions();
            if (mode.removeAll(Set.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OTHERS_EXECUTE))) {
                view.setPermissions(mode);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.DEBUG, "the mode of " + key + " is left as it is: " + e.getMessage());
        }
    }

    private static final String BY_BSEE = "is being written by another bsee process: ";

    /// Who holds the lock, after `output folder F `. The file's text names the last bsee process
    /// that took the lock, but the holder may not have written its name yet (or a lock file with
    /// other names is never written), and another program may hold it: on Linux the kernel's table
    /// of locks (`/proc/locks`) names the process that holds it, and when that is not the one the
    /// text names, the message says so rather than send the user after the wrong process.
    ///
    /// @param key the lock file
    /// @param text the lock file's text
    static String whoHolds(Path key, String text) {
        OptionalLong holder = lockHolder(key, Path.of("/proc/locks"));
        java.util.regex.Matcher named = HOLDER.matcher(text);
        if (holder.isEmpty() || named.matches() && named.group(1).equals(Long.toString(holder.getAsLong()))) {
            return BY_BSEE + text;
        }
        long pid = holder.getAsLong();
        String command = ProcessHandle.of(pid).flatMap(p -> p.info().command()).map(c -> " (" + c + ")").orElse("");
        return "is locked by process " + pid + command + ", not by the bsee process its lock file last named ("
                + text + ")";
    }

    private static final java.util.regex.Pattern HOLDER = java.util.regex.Pattern.compile("pid (\\d{1,18}) on .*",
            java.util.regex.Pattern.DOTALL);

    /// The process the kernel lists as holding a lock on `key`, from a table in the form of Linux's
    /// `/proc/locks` (`1: POSIX  ADVISORY  WRITE 4242 fe:00:612 0 EOF`: the pid, then the device as
    /// hexadecimal major:minor and the inode); empty where there is no such table, or no entry.
    ///
    /// @param key the lock file
    /// @param table the table of locks
    static OptionalLong lockHolder(Path key, Path table) {
        try {
            long device = ((Number) Files.getAttribute(key, "unix:dev")).longValue();
            long inode = ((Number) Files.getAttribute(key, "unix:ino")).longValue();
            // Linux's encoding of a device number (the kernel's new_encode_dev and glibc's major/minor).
            long major = ((device >>> 8) & 0xfff) | ((device >>> 32) & ~0xfffL);
            long minor = (device & 0xff) | ((device >>> 12) & ~0xffL);
            String file = Long.toHexString(major) + ":" + Long.toHexString(minor) + ":" + inode;
            try (var lines = Files.lines(table, java.nio.charset.StandardCharsets.US_ASCII)) {
                return lines.map(line -> line.trim().split("\\s+"))
                        .filter(fields -> fields.length >= 6 && !fields[1].equals("->")
                                && sameFile(fields[5], file))
                        .mapToLong(fields -> Long.parseLong(fields[4]))
                        .filter(pid -> pid > 0)
                        .findFirst();
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /// `08:01:123` against `8:1:123`: the kernel pads major and minor to two hexadecimal digits.
    private static boolean sameFile(String listed, String file) {
        String[] a = listed.split(":");
        String[] b = file.split(":");
        return a.length == 3 && b.length == 3 && Long.parseLong(a[0], 16) == Long.parseLong(b[0], 16)
                && Long.parseLong(a[1], 16) == Long.parseLong(b[1], 16) && a[2].equals(b[2]);
    }

    /// A fault injected where the lock file is opened for writing.
    @FunctionalInterface
    interface OpenFault {
        /// Called before the lock file `key` is opened; throws as opening it would fail.
        void before(Path key) throws IOException;
    }

    /// Test-only hook: tests run as root, whose writes file modes do not stop, so a folder the user
    /// may not write is simulated here. The default does nothing.
    static volatile OpenFault openFault = key -> { };

    static String readHolder(Path lockFile) {
        try (var in = Files.newInputStream(lockFile, LinkOption.NOFOLLOW_LINKS)) {
            String text = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "holder unknown" : text;
        } catch (IOException e) {
            // A file system failure's message is its path alone: say what happened to it too.
            return "holder unknown (" + Failures.message(e) + ")";
        }
    }

    /// The machine's name as the kernel has it, read without asking a name service:
    /// `InetAddress.getLocalHost()` resolves the name as well, which took 15 to 30 ms before every
    /// refresh here and takes seconds where the resolver has to time out, for a name the holder's
    /// text needs only as it is.
    private static final String HOST_NAME = hostName(List.of(Path.of("/proc/sys/kernel/hostname"),
            Path.of("/etc/hostname")), System.getenv());

    /// The first non-blank first line of `files`, else the first non-blank of the variables
    /// `COMPUTERNAME` (Windows) and `HOSTNAME`, else `unknown host`.
    static String hostName(List<Path> files, Map<String, String> environment) {
        for (Path file : files) {
            try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
                String name = lines.findFirst().orElse("").strip();
                if (!name.isEmpty()) {
                    return name;
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // not this system's place for it
            }
        }
        for (String variable : List.of("COMPUTERNAME", "HOSTNAME")) {
            String name = environment.getOrDefault(variable, "").strip();
            if (!name.isEmpty()) {
                return name;
            }
        }
        return "unknown host";
    }

    /// Releases the lock.
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                HELD_HERE.remove(held, holder);
            }
        }
    }

    /// Another refresh holds the folder's lock.
    public static final class FolderLockedException extends IOException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        FolderLockedException(String message) {
            super(message);
        }
    }
}
