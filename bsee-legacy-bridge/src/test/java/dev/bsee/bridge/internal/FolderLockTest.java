package dev.bsee.bridge.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FolderLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondHolderFailsNamingTheFirst() throws Exception {
        Path lockFile = dir.resolve(".bsee/apd/.lock");
        try (FolderLock first = FolderLock.acquire(lockFile, dir.resolve("apd"), "refresh of well", Duration.ZERO)) {
            assertThat(Files.readString(lockFile)).contains("pid " + ProcessHandle.current().pid());

            assertThatThrownBy(() -> FolderLock.acquire(lockFile, dir.resolve("apd"), "refresh of war", Duration.ZERO))
                    .isInstanceOf(FolderLock.FolderLockedException.class)
                    .hasMessageContaining("output folder " + dir.resolve("apd") + " is being written by another refresh")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("refresh of well");
            // The failed attempt must not have dropped the first holder's lock.
            assertThatThrownBy(() -> FolderLock.acquire(lockFile, dir.resolve("apd"), "refresh of war", Duration.ZERO))
                    .isInstanceOf(FolderLock.FolderLockedException.class);
        }
        try (FolderLock again = FolderLock.acquire(lockFile, dir.resolve("apd"), "refresh of war", Duration.ZERO)) {
            assertThat(Files.readString(lockFile)).contains("refresh of war");
        }
    }

    @Test
    void aWaitingHolderGetsTheLockOnceReleased() throws Exception {
        Path lockFile = dir.resolve(".lock");
        FolderLock first = FolderLock.acquire(lockFile, dir, "first", Duration.ZERO);
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try (FolderLock lock = FolderLock.acquire(lockFile, dir, "second", Duration.ofMinutes(1))) {
                return Files.readString(lockFile);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(waiting.await(1, TimeUnit.MINUTES)).isTrue();
        assertThat(second).isNotDone();
        first.close();

        assertThat(second.get(1, TimeUnit.MINUTES)).contains("second");
    }
}
