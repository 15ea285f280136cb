package dev.bsee.bridge.internal;

import org.junit.jupiter.api.Test;

import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// The gate a JVM's exit waits at for the commits under way, and which keeps a commit from beginning
/// once the exit has begun.
class CommitGateTest {

    private static final Path FOLDER = Path.of("/data/bin/apd");

    private final List<Thread> hooks = new ArrayList<>();

    @Test
    void theExitWaitsForACommitUnderWayWhichEndsWhole() throws Exception {
        CommitGate gate = new CommitGate(Duration.ofMinutes(1), hooks::add);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> commit = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.pass(FOLDER, () -> {
                    inside.countDown();
                    await(release);
                    return "committed";
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(hooks).as("installed with the first commit").hasSize(1);

        Thread exit = hooks.getFirst();
        exit.start();
        exit.join(300);
        assertThat(exit.isAlive()).as("the exit waits while the commit runs").isTrue();
        release.countDown();
        exit.join(10_000);

        assertThat(exit.isAlive()).isFalse();
        assertThat(commit.get(10, TimeUnit.SECONDS)).isEqualTo("committed");
    }

    @Test
    void aCommitDoesNotBeginOnceTheExitHasBegun() throws Exception {
        CommitGate gate = new CommitGate(Duration.ofMinutes(1), hooks::add);
        gate.pass(FOLDER, () -> null);
        hooks.getFirst().run();
        AtomicBoolean ran = new AtomicBoolean();

        assertThatThrownBy(() -> gate.pass(FOLDER, () -> ran.getAndSet(true)))
                .isInstanceOf(InterruptedIOException.class)
                .hasMessage("stopped: the JVM is shutting down, so the commit into " + FOLDER
                        + " did not begin and the folder is as it was");
        assertThat(ran).isFalse();
        assertThat(hooks).as("one hook, however many commits").hasSize(1);
    }

    @Test
    void aFirstCommitAsTheJvmExitsDoesNotBegin() {
        CommitGate gate = new CommitGate(Duration.ofMinutes(1), hook -> {
            throw new IllegalStateException("Shutdown in progress");
        });
        AtomicBoolean ran = new AtomicBoolean();

        assertThatThrownBy(() -> gate.pass(FOLDER, () -> ran.getAndSet(true))).isInstanceOf(InterruptedIOException.class);
        assertThat(ran).isFalse();
    }

    @Test
    void theExitWaitsNoLongerThanItsLimitForACommitThatHangs() throws Exception {
        CommitGate gate = new CommitGate(Duration.ofMillis(200), hooks::add);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Thread commit = Thread.ofPlatform().daemon().start(() -> {
            try {
                gate.pass(FOLDER, () -> {
                    inside.countDown();
                    await(never);
                    return null;
                });
            } catch (Exception ignored) {
                // interrupted at the end of the test
            }
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        Thread exit = hooks.getFirst();
        exit.start();
        exit.join(30_000);

        assertThat(exit.isAlive()).as("the exit went on without the hung commit").isFalse();
        assertThat(commit.isAlive()).isTrue();
        commit.interrupt();
    }

    @Test
    void aFailedCommitLeavesTheGateOpenAndTheExitWaitsForNothing() throws Exception {
        CommitGate gate = new CommitGate(Duration.ofMinutes(1), hooks::add);
        assertThatThrownBy(() -> gate.pass(FOLDER, () -> {
            throw new java.io.IOException("disk full");
        })).hasMessage("disk full");
        assertThat(gate.pass(FOLDER, () -> "second")).isEqualTo("second");

        Thread exit = hooks.getFirst();
        exit.start();
        exit.join(10_000);
        assertThat(exit.isAlive()).as("nothing under way").isFalse();
    }

    /// A commit whose caller is interrupted while it runs (a cancelled refresh interrupts its
    /// sources' threads) runs to its end, its file channels left open, and the caller keeps its
    /// interrupt to act on afterwards. The interrupt closed the channel of the commit's manifest
    /// after its renames: new files under the old manifest, the journal pending until the next run.
    @Test
    void aCommitWhoseCallerIsInterruptedEndsWholeAndTheCallerKeepsTheInterrupt() throws Exception {
        CommitGate gate = new CommitGate(Duration.ofMinutes(1), hooks::add);
        Path manifest = java.nio.file.Files.createTempFile("manifest", ".json");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                gate.pass(FOLDER, () -> {
                    inside.countDown();
                    await(release);
                    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(manifest,
                            java.nio.file.StandardOpenOption.WRITE)) {
                        channel.write(java.nio.ByteBuffer.wrap("whole".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    }
                    return null;
                });
            } catch (Exception e) {
                failure.set(e);
            }
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        caller.interrupt();
        release.countDown();
        caller.join(10_000);

        assertThat(failure.get()).isNull();
        assertThat(java.nio.file.Files.readString(manifest)).isEqualTo("whole");
        assertThat(interruptedAfter).isTrue();
        java.nio.file.Files.delete(manifest);
    }

    private static void await(CountDownLatch latch) throws InterruptedIOException {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new InterruptedIOException("interrupted");
        }
    }
}
