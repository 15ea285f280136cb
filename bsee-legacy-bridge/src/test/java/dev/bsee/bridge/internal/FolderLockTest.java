package dev.bsee.bridge.internal;

import dev.bsee.core.faults.SystemCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FolderLockTest {

    @TempDir
    Path dir;

    /// A lock found held is said once, with how long the wait is and who holds it, before the wait;
    /// a lock free at once is not said at all.
    @Test
    void aWaitIsSaidOnceNamingTheHolderAndAFreeLockNotAtAll() throws Exception {
        Path lockFile = dir.resolve(".bsee/apd/.lock");
        List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (FolderLock first = FolderLock.acquire(lockFile, dir.resolve("apd"), "refresh of well", Duration.ZERO, said::add)) {
            assertThat(said).isEmpty();
            assertThatThrownBy(() -> CompletableFuture.supplyAsync(() -> {
                try {
                    return FolderLock.acquire(lockFile, dir.resolve("apd"), "refresh of war", Duration.ofMillis(600), said::add);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).join()).hasRootCauseInstanceOf(FolderLock.FolderLockedException.class);
        }
        assertThat(said).singleElement().asString()
                .startsWith("waiting up to 600 ms for output folder " + dir.resolve("apd") + ", which is being written by"
                        + " another refresh in this process").contains("refresh of well");
    }

    /// [FolderLock#acquire] told nothing of a wait.
    private static FolderLock acquire(Path lockFile, Path folder, String owner, Duration wait) throws IOException {
        return FolderLock.acquire(lockFile, folder, owner, wait, waiting -> { });
    }

    @Test
    void aSecondHolderFailsNamingTheFirst() throws Exception {
        Path lockFile = dir.resolve(".bsee/apd/.lock");
        try (FolderLock first = acquire(lockFile, dir.resolve("apd"), "refresh of well", Duration.ZERO)) {
            assertThat(Files.readString(lockFile)).contains("pid " + ProcessHandle.current().pid());

            assertThatThrownBy(() -> acquire(lockFile, dir.resolve("apd"), "refresh of war", Duration.ZERO))
                    .isInstanceOf(FolderLock.FolderLockedException.class)
                    .hasMessageContaining("output folder " + dir.resolve("apd") + " is being written by another refresh in this process")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("refresh of well");
            // The failed attempt must not have dropped the first holder's lock.
            assertThatThrownBy(() -> acquire(lockFile, dir.resolve("apd"), "refresh of war", Duration.ZERO))
                    .isInstanceOf(FolderLock.FolderLockedException.class);
        }
        try (FolderLock again = acquire(lockFile, dir.resolve("apd"), "refresh of war", Duration.ZERO)) {
            assertThat(Files.readString(lockFile)).contains("refresh of war");
        }
    }

    /// One folder reached by two paths the file system does not resolve to one (a bind mount of the
    /// base directory, as a container or a second team's configuration sees it): a second holder in
    /// this process is told the folder is taken, and the first keeps its lock. The table of holders
    /// was keyed by the resolved path, so the second opened the file, the JDK refused the lock as
    /// overlapping one of this JVM's, and closing that channel dropped the first holder's lock: the
    /// refresh failed with `OverlappingFileLockException` alone while any other process could then
    /// take the folder in the middle of the first one's commit.
    @Test
    void aFolderReachedThroughABindMountIsHeldOnceInThisProcess() throws Exception {
        Path base = Files.createDirectories(dir.resolve("base/.bsee/apd")).getParent().getParent();
        Path mounted = Files.createDirectories(dir.resolve("mounted"));
        assumeTrue(SystemCommand.succeeds("mount", "--bind", base.toString(), mounted.toString()),
                "bind mounts can be made here (root with CAP_SYS_ADMIN)");
        try {
            Path lockFile = base.resolve(".bsee/apd/.lock");
            try (FolderLock first = acquire(lockFile, base.resolve("apd"), "refresh of well", Duration.ZERO)) {
                assertThatThrownBy(() -> acquire(mounted.resolve(".bsee/apd/.lock"), mounted.resolve("apd"),
                        "refresh of war", Duration.ZERO))
                        .isInstanceOf(FolderLock.FolderLockedException.class)
                        .hasMessageContaining("output folder " + mounted.resolve("apd")
                                + " is being written by another refresh in this process")
                        .hasMessageContaining("refresh of well");
                assertThat(FolderLock.heldHere(mounted.resolve(".bsee/apd/.lock"))).isTrue();
                // The kernel still lists this process as the holder: the failed attempt dropped nothing.
                assertThat(FolderLock.lockHolder(lockFile, Path.of("/proc/locks"))).hasValue(ProcessHandle.current().pid());
            }
            try (FolderLock again = acquire(mounted.resolve(".bsee/apd/.lock"), mounted.resolve("apd"),
                    "refresh of war", Duration.ZERO)) {
                assertThat(Files.readString(lockFile)).contains("refresh of war");
            }
        } finally {
            assertThat(SystemCommand.succeeds("umount", mounted.toString())).isTrue();
        }
    }

    /// A holder record that cannot be read says why (`access denied`, `no such file or folder`), as
    /// the other messages do: it was the bare path of the lock file.
    @Test
    void aHolderThatCannotBeReadSaysWhy() throws Exception {
        Path gone = dir.resolve(".bsee/apd/.lock");
        assertThat(FolderLock.readHolder(gone)).isEqualTo("holder unknown (no such file or folder: " + gone + ")");
    }

    /// A disk full before a folder's first lock: the holder's text cannot be written, and the
    /// failure names the lock file (every source of a refresh, and of the demo, failed with "No
    /// space left on device" alone).
    @Test
    void aFullDiskAtTheFirstLockNamesTheLockFile() throws Exception {
        try (dev.bsee.core.faults.SmallFileSystem small = dev.bsee.core.faults.SmallFileSystem.mountOrSkip(
                dir.resolve("small"), "64k")) {
            Path lockFile = Files.createDirectories(small.root().resolve(".bsee/apd")).resolve(".lock");
            try (var fill = Files.newOutputStream(small.root().resolve("filler"))) {
                byte[] block = new byte[4096];
                while (true) {
                    fill.write(block);
                    fill.flush();
                }
            } catch (java.io.IOException full) {
                // The disk is full now.
            }

            assertThatThrownBy(() -> acquire(lockFile, small.root().resolve("apd"), "refresh of well",
                    Duration.ZERO)).isInstanceOf(java.nio.file.FileSystemException.class)
                    .hasMessage(lockFile + ": No space left on device");
        }
    }

    /// A lock file others could open lets any local user stop every refresh of the folder with a
    /// lock of their own: a new lock file is closed to other users, an old one is closed before it
    /// is locked, and the lock then holds against another process (changing the mode after locking
    /// would drop the lock: closing any descriptor of a file releases the process's locks on it).
    @Test
    void theLockFileIsClosedToOtherUsersAndTheLockHolds() throws Exception {
        Path fresh = dir.resolve("fresh/.lock");
        try (FolderLock lock = acquire(fresh, dir.resolve("fresh"), "new", Duration.ZERO)) {
            assertThat(Files.getPosixFilePermissions(fresh)).noneMatch(p -> p.name().startsWith("OTHERS"));
            assertThat(otherProcessCanLock(fresh)).isFalse();
        }
        Path old = Files.createFile(dir.resolve(".lock"));
        Files.setPosixFilePermissions(old, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        try (FolderLock lock = acquire(old, dir, "old", Duration.ZERO)) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(old)))
                    .isEqualTo("rw-r-----");
            assertThat(otherProcessCanLock(old)).as("the lock still holds").isFalse();
        }
        assertThat(otherProcessCanLock(old)).as("and is released on close").isTrue();
    }

    /// Whether another process can take the lock's byte of `lockFile` at once.
    private static boolean otherProcessCanLock(Path lockFile) throws Exception {
        Process probe = new ProcessBuilder("/usr/bin/python3", "-c", """
                import fcntl, sys
                f = open(sys.argv[1], 'r+')
                try:
                    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, %d)
                    print('locked')
                except OSError:
                    print('refused')
                """.formatted(Long.MAX_VALUE - 1), lockFile.toString()).redirectErrorStream(true).start();
        String answer = new String(probe.getInputStream().readAllBytes()).strip();
        probe.waitFor();
        assertThat(answer).isIn("locked", "refused");
        return answer.equals("locked");
    }

    /// Another program holding the lock file locked, while the text names a bsee process that has
    /// exited: the refusal names the process the kernel says holds the lock.
    @Test
    void aLockHeldByAnotherProgramNamesThatProgramNotTheProcessTheFileNames() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path lockFile = Files.writeString(dir.resolve(".lock"), "pid " + gone.pid() + " on somehost"
                + " since 2026-01-01T00:00:00Z (refresh of source war)\n");
        Process holder = new ProcessBuilder("/usr/bin/python3", "-c", """
                import fcntl, sys
                f = open(sys.argv[1], 'r+')
                fcntl.lockf(f, fcntl.LOCK_EX, 1, %d)
                print('locked', flush=True)
                sys.stdin.read()
                """.formatted(Long.MAX_VALUE - 1), lockFile.toString()).start();
        try {
            assertThat(holder.inputReader().readLine()).isEqualTo("locked");
            assertThatThrownBy(() -> acquire(lockFile, dir, "refresh of war", Duration.ZERO))
                    .isInstanceOf(FolderLock.FolderLockedException.class)
                    .hasMessageContaining("is locked by process " + holder.pid() + " (")
                    .hasMessageContaining("not by the bsee process its lock file last named (pid " + gone.pid());
        } finally {
            holder.destroy();
            holder.waitFor();
        }
    }

    /// The kernel's table of locks, as Linux writes it: the holder of the file's lock, waiters
    /// (`->`) and open file description locks (pid -1) left out.
    @Test
    void theHolderIsReadFromTheKernelsTableOfLocks() throws Exception {
        Path lockFile = Files.createFile(dir.resolve(".lock"));
        long device = ((Number) Files.getAttribute(lockFile, "unix:dev")).longValue();
        long inode = ((Number) Files.getAttribute(lockFile, "unix:ino")).longValue();
        String file = String.format("%02x:%02x:%d", ((device >>> 8) & 0xfff) | ((device >>> 32) & ~0xfffL),
                (device & 0xff) | ((device >>> 12) & ~0xffL), inode);
        Path table = Files.writeString(dir.resolve("locks"), String.join("\n",
                "1: POSIX  ADVISORY  WRITE 111 00:99:" + inode + " 0 EOF",
                "2: OFDLCK ADVISORY  WRITE -1 " + file + " 0 EOF",
                "3: POSIX  ADVISORY  WRITE 4242 " + file + " 9223372036854775806 9223372036854775806",
                "3: -> POSIX  ADVISORY  WRITE 5151 " + file + " 9223372036854775806 9223372036854775806", ""));
        assertThat(FolderLock.lockHolder(lockFile, table)).hasValue(4242);
        assertThat(FolderLock.lockHolder(lockFile, dir.resolve("none"))).isEmpty();
        assertThat(FolderLock.whoHolds(lockFile, "pid 1 on h since x (y)")).startsWith("is being written by another bsee"
                + " process: pid 1");
    }

    /// `--lock-wait` takes any number of seconds: a wait longer than the calendar holds means "wait as
    /// long as it takes", not a failure. Before, 9223372036854775807 seconds failed every source with
    /// `ArithmeticException: long overflow`, and the status check likewise.
    @Test
    void aWaitLongerThanTheCalendarHoldsIsWaitingForever() throws Exception {
        Path lockFile = dir.resolve(".lock");
        try (FolderLock lock = acquire(lockFile, dir, "forever", Duration.ofSeconds(Long.MAX_VALUE, 999_999_999))) {
            assertThat(Files.readString(lockFile)).contains("forever");
        }
    }

    /// The second holder must be seen blocked inside `acquire` while the first holds the lock: a
    /// thread that returned (or failed) at once would have completed `second` by then.
    @Test
    void aWaitingHolderGetsTheLockOnceReleased() throws Exception {
        Path lockFile = dir.resolve(".lock");
        FolderLock first = acquire(lockFile, dir, "first", Duration.ZERO);
        CompletableFuture<String> second = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try (FolderLock lock = acquire(lockFile, dir, "second", Duration.ofMinutes(1))) {
                second.complete(Files.readString(lockFile));
            } catch (Exception | Error e) {
                second.completeExceptionally(e);
            }
        }, "second holder");
        waiter.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        boolean seenWaiting = false;
        while (!second.isDone() && !(seenWaiting = waitingInAcquire(waiter)) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(second).as("the second holder did not wait for the first").isNotDone();
        // What was seen, not a second look: the waiter wakes every 100 ms to try again, and a look
        // then (this thread held up on a busy machine) finds it running, not waiting.
        assertThat(seenWaiting).as("the second holder is waiting in acquire").isTrue();
        first.close();

        assertThat(second.get(1, TimeUnit.MINUTES)).contains("second");
        waiter.join(TimeUnit.MINUTES.toMillis(1));
    }

    @Test
    void theHostNameIsTheFirstNonBlankOfItsFilesThenItsVariables() throws Exception {
        Path blank = Files.writeString(dir.resolve("blank"), "  \n");
        Path named = Files.writeString(dir.resolve("named"), " rig-7 \nsecond line\n");
        Path missing = dir.resolve("missing");

        assertThat(FolderLock.hostName(List.of(missing, blank, named), Map.of("HOSTNAME", "env-host")))
                .isEqualTo("rig-7");
        assertThat(FolderLock.hostName(List.of(missing, blank), Map.of("HOSTNAME", "env-host", "COMPUTERNAME", " ")))
                .isEqualTo("env-host");
        assertThat(FolderLock.hostName(List.of(blank), Map.of("COMPUTERNAME", "WS01", "HOSTNAME", "env-host")))
                .isEqualTo("WS01");
        assertThat(FolderLock.hostName(List.of(missing), Map.of())).isEqualTo("unknown host");
    }

    @Test
    void theLockFileNamesThisMachine() throws Exception {
        Path kernelName = Path.of("/proc/sys/kernel/hostname");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(kernelName), "a Linux kernel's host name");
        Path lockFile = dir.resolve(".lock");
        try (FolderLock lock = acquire(lockFile, dir, "refresh of well", Duration.ZERO)) {
            assertThat(Files.readString(lockFile)).contains(" on " + Files.readString(kernelName).strip() + " since ");
        }
    }

    private static boolean waitingInAcquire(Thread thread) {
        return thread.getState() == Thread.State.TIMED_WAITING && Arrays.stream(thread.getStackTrace())
                .anyMatch(frame -> frame.getClassName().equals(FolderLock.class.getName())
                        && frame.getMethodName().equals("acquire"));
    }

    /// A lock file with another name (a hard link planted there, or a backup made of hard links)
    /// still locks, and its content and mode, which are also the other name's, are not changed (the
    /// mode lost the others' read bit).
    @Test
    void aLockFileWithOtherNamesLocksWithoutBeingWritten() throws Exception {
        Path lockFile = dir.resolve(".bsee/apd/.lock");
        Files.createDirectories(lockFile.getParent());
        Path elsewhere = Files.writeString(dir.resolve("important.txt"), "important data\n");
        Files.setPosixFilePermissions(elsewhere, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.createLink(lockFile, elsewhere);
        try (FolderLock lock = acquire(lockFile, dir.resolve("apd"), "refresh of well", Duration.ZERO)) {
            assertThatThrownBy(() -> acquire(lockFile, dir.resolve("apd"), "refresh of war", Duration.ZERO))
                    .isInstanceOf(FolderLock.FolderLockedException.class);
        }
        assertThat(elsewhere).hasContent("important data");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(elsewhere)))
                .isEqualTo("rw-r--r--");
    }
}
