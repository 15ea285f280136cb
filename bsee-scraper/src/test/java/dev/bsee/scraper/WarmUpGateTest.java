package dev.bsee.scraper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// While the compiler compiles the reader's hot code, a parallel walk runs one entry fewer than the
/// processors (on two, the first entry alone); the others start once one is read, has failed, or
/// has read 32 MiB, and no sink ever waits for it.
class WarmUpGateTest {

    @TempDir
    Path dir;

    /// How long the first entry takes in the tests below: far longer than the other workers take to
    /// start an entry that nothing holds back.
    private static final long FIRST_ENTRY_MILLIS = 300;

    @Test
    void theFilesEntriesAfterTheFirstStartOnceItHasEnded() throws IOException {
        WarmUpGate gate = new WarmUpGate(1);
        List<String> steps = walked(gate, 2, 3, entry -> {
            if (entry == 0) {
                sleep(FIRST_ENTRY_MILLIS);
            }
        });
        assertThat(steps.subList(0, 2)).containsExactly("start 0", "end 0");
        assertThat(steps).hasSize(6);
        assertThat(gate.isOpen()).isTrue();
    }

    @Test
    void theStreamsEntriesAfterTheFirstStartOnceItHasEndedWhileTheyAreReceived() throws IOException {
        List<String> steps = streamed(new WarmUpGate(1), 2, 3, entry -> {
            if (entry == 0) {
                sleep(FIRST_ENTRY_MILLIS);
            }
        });
        assertThat(steps).as("the reading thread received all three while the first was read")
                .containsSubsequence("received 2", "end 0");
        assertThat(steps.stream().filter(step -> !step.startsWith("received")).toList().subList(0, 2))
                .containsExactly("start 0", "end 0");
    }

    @Test
    void aGateOfTwoRunsTheFilesFirstTwoEntriesTogetherAndHoldsBackTheThird() throws IOException {
        CountDownLatch together = new CountDownLatch(2);
        List<String> steps = walked(new WarmUpGate(2), 3, 4, entry -> firstTwoTogether(entry, together));
        assertThat(together.getCount()).as("entries 0 and 1 ran at once").isZero();
        assertThat(steps.subList(0, 2)).containsExactlyInAnyOrder("start 0", "start 1");
        assertThat(steps.get(2)).as("entry 2 waited for one of them to end").startsWith("end ");
        assertThat(steps).hasSize(8);
    }

    @Test
    void aGateOfTwoRunsTheStreamsFirstTwoEntriesTogetherAndHoldsBackTheThird() throws IOException {
        CountDownLatch together = new CountDownLatch(2);
        List<String> steps = streamed(new WarmUpGate(2), 3, 4, entry -> firstTwoTogether(entry, together))
                .stream().filter(step -> !step.startsWith("received")).toList();
        assertThat(together.getCount()).as("entries 0 and 1 ran at once").isZero();
        assertThat(steps.subList(0, 2)).containsExactlyInAnyOrder("start 0", "start 1");
        assertThat(steps.get(2)).as("entry 2 waited for one of them to end").startsWith("end ");
        assertThat(steps).hasSize(8);
    }

    @Test
    void theJvmsGateLeavesOneProcessorToTheCompiler() {
        assertThat(WarmUpGate.forProcessors(1).entriesWhileClosed()).isEqualTo(1);
        assertThat(WarmUpGate.forProcessors(2).entriesWhileClosed()).isEqualTo(1);
        assertThat(WarmUpGate.forProcessors(4).entriesWhileClosed()).isEqualTo(3);
        assertThat(WarmUpGate.forProcessors(16).entriesWhileClosed()).isEqualTo(15);
        assertThat(WarmUpGate.JVM.entriesWhileClosed())
                .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
        assertThatThrownBy(() -> new WarmUpGate(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFirstEntryThatFailsLetsTheOthersStart() {
        WarmUpGate gate = new WarmUpGate(1);
        assertThatThrownBy(() -> EntryWorkers.runAll("bad.zip", 2, List.of(0, 1), gate, entry -> {
            if (entry == 0) {
                throw new IOException("entry 0 is damaged");
            }
            return summary(entry);
        })).hasMessage("entry 0 is damaged");
        assertThat(gate.isOpen()).isTrue();
    }

    @Test
    void aFirstEntryOfMoreTextThanTheCapLetsTheOthersStartBeforeItEnds() {
        WarmUpGate gate = new WarmUpGate(1);
        gate.textRead(WarmUpGate.TEXT_BYTES - 1);
        assertThat(gate.isOpen()).isFalse();
        gate.textRead(WarmUpGate.TEXT_BYTES);
        assertThat(gate.isOpen()).isTrue();
    }

    @Test
    void anEntryInterruptedWhileItWaitsSaysSoAndKeepsTheInterrupt() {
        WarmUpGate gate = new WarmUpGate(1);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> gate.awaitTurn(1, "held.zip")).isInstanceOf(InterruptedIOException.class)
                    .hasMessage("processing held.zip was interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    /// In a fresh JVM, whose gate is closed: a sink that waits for the other entry's sink meets it,
    /// since the gate opens before the first entry's table goes to its sink. The JVM is told it has
    /// two processors, so that its gate holds the second entry back on any machine.
    @ParameterizedTest
    @ValueSource(strings = {"stream", "file"})
    void sinksThatWaitForEachOtherMeetInAFreshJvm(String walk) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ActiveProcessorCount=2", "-cp", System.getProperty("java.class.path"), MeetingSinksChild.class.getName(), walk, dir.toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output.lines().toList()).as(output).last().isEqualTo("met");
    }

    private static EntrySummary summary(int entry) {
        return new EntrySummary("e" + entry + ".txt", "e" + entry + ".bin", 0, List.of(), List.of(),
                StandardCharsets.UTF_8, 0, java.time.Duration.ZERO);
    }

    /// What an entry does between its start and its end.
    @FunctionalInterface
    private interface EntryHold {
        void hold(int entry) throws IOException;
    }

    /// Runs `entries` entries of a file with `workers` workers and `gate`; returns when each started
    /// and ended (`start 0`, `end 0`), in order.
    private static List<String> walked(WarmUpGate gate, int workers, int entries, EntryHold hold) throws IOException {
        List<String> steps = Collections.synchronizedList(new ArrayList<>());
        List<Integer> indexes = java.util.stream.IntStream.range(0, entries).boxed().toList();
        EntryWorkers.runAll("walked.zip", workers, indexes, gate, entry -> {
            steps.add("start " + entry);
            hold.hold(entry);
            steps.add("end " + entry);
            return summary(entry);
        });
        return List.copyOf(steps);
    }

    /// Streams `entries` entries to a pipeline of `workers` workers and `gate`; returns when each
    /// was received, started and ended, in order.
    private List<String> streamed(WarmUpGate gate, int workers, int entries, EntryHold hold) throws IOException {
        List<String> steps = Collections.synchronizedList(new ArrayList<>());
        try (EntryPipeline pipeline = new EntryPipeline("streamed.zip", workers, dir, 1 << 20, gate)) {
            for (int i = 0; i < entries; i++) {
                int entry = i;
                pipeline.submit("e" + i + ".txt", new ByteArrayInputStream(("entry " + i).getBytes(StandardCharsets.US_ASCII)),
                        in -> {
                            steps.add("start " + entry);
                            hold.hold(entry);
                            in.readAllBytes();
                            steps.add("end " + entry);
                            return null;
                        });
                steps.add("received " + entry);
            }
            assertThat(pipeline.finish()).hasSize(entries);
        }
        return List.copyOf(steps);
    }

    /// Entries 0 and 1 wait, a limited time, until both have started, then take a while: a gate that
    /// held entry 1 back leaves entry 0 waiting here until the time is up.
    private static void firstTwoTogether(int entry, CountDownLatch together) throws IOException {
        if (entry >= 2) {
            return;
        }
        together.countDown();
        try {
            together.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
        sleep(FIRST_ENTRY_MILLIS);
    }

    private static void sleep(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }
}
