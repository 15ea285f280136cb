package dev.bsee.scraper;

import dev.bsee.scraper.SourceDataException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// The pipelined stream path: entries of a zip stream are parsed on worker threads while the
/// reading thread receives the next one, with bounded buffers between them.
class EntryPipelineTest {

    @TempDir
    Path dir;

    private static Map<String, String> parts(int count, int rows) {
        Map<String, String> content = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder("ID,VALUE,LABEL\n");
            for (int row = 0; row < rows + i; row++) {
                text.append(row).append(',').append(row * 0.25 + i).append(",\"r").append(row % 7).append("\"\n");
            }
            content.put("part" + i + ".txt", text.toString());
        }
        return content;
    }

    /// What a pipeline keeps of an entry once its bytes are handed over is bounded by the heap's
    /// share, not by the number of entries: each entry's spool once kept a 64 KiB buffer of its own
    /// until the archive ended, and a refresh of an archive of 5,000 one-row entries ran out of the
    /// tool's 200 MiB heap. 3,000 entries stream through a 48 MiB heap here (the old buffers alone
    /// were 190 MiB).
    @Test
    void anArchiveOfThousandsOfSmallEntriesStreamsThroughASmallHeap() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx48m",
                "-cp", System.getProperty("java.class.path"), ManyEntriesChild.class.getName(), dir.toString(), "3000");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output.lines().toList()).as(output).last().isEqualTo("3000");
    }

    @Test
    void streamedEntriesAreParsedWhileTheRestOfTheArchiveIsReceived() throws Exception {
        byte[] archive = ZipStreamProcessorTest.zip(parts(3, 3000));
        Map<String, String> sequential = new ConcurrentHashMap<>();
        List<EntrySummary> expected = ZipStreamProcessor.builder().build().process(new ByteArrayInputStream(archive),
                "parts.zip", e -> sequential.put(e.outputName(), ZipStreamProcessorTest.describe(e.table())));

        ReadToTheEnd body = new ReadToTheEnd(archive);
        Map<String, String> pipelined = new ConcurrentHashMap<>();
        List<Boolean> firstEntrySawTheEnd = Collections.synchronizedList(new ArrayList<>());
        List<EntrySummary> summaries = ZipStreamProcessor.builder().parallelism(2).spoolDirectory(dir).build()
                .process(body, "parts.zip", e -> {
                    if (e.entryName().equals("part0.txt")) {
                        // Read one entry at a time, the archive's end would come only after this returns.
                        try {
                            firstEntrySawTheEnd.add(body.reached.await(20, TimeUnit.SECONDS));
                        } catch (InterruptedException interrupted) {
                            throw new java.io.InterruptedIOException();
                        }
                    }
                    pipelined.put(e.outputName(), ZipStreamProcessorTest.describe(e.table()));
                });

        assertThat(firstEntrySawTheEnd).as("the rest of the archive was read while the first entry was written")
                .containsExactly(true);
        assertThat(pipelined).isEqualTo(sequential).hasSize(3);
        assertThat(summaries).extracting(EntrySummary::entryName).containsExactly("part0.txt", "part1.txt", "part2.txt");
        assertThat(summaries).extracting(EntrySummary::rows)
                .isEqualTo(expected.stream().map(EntrySummary::rows).toList());
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("no spool file is left").isEmpty();
        }
    }

    @Test
    void entryBytesBeyondTheHeapBoundSpillToAFileDeletedOnceParsed() throws Exception {
        byte[] large = new byte[1 << 20];
        new Random(7).nextBytes(large);
        CountDownLatch gate = new CountDownLatch(1);
        Map<String, byte[]> received = new ConcurrentHashMap<>();
        EntryPipeline.EntryWork heldBack = in -> {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = in.readAllBytes();
            received.put(String.valueOf(bytes.length), bytes);
            return null;
        };
        EntrySpool.Memory memory;
        WarmUpGate open = new WarmUpGate(1);
        open.open();
        try (EntryPipeline pipeline = new EntryPipeline("a.zip", 2, dir, 4 * EntrySpool.CHUNK_BYTES, open)) {
            memory = pipeline.memory();
            // Both workers wait, so the third entry is received with nobody reading it yet.
            pipeline.submit("one.txt", new ByteArrayInputStream(new byte[10]), heldBack);
            pipeline.submit("two.txt", new ByteArrayInputStream(new byte[20]), heldBack);
            pipeline.submit("three.txt", new ByteArrayInputStream(large), heldBack);
            gate.countDown();
            pipeline.finish();
        }
        assertThat(memory.peak()).as("heap chunks stay within the bound").isLessThanOrEqualTo(4 * EntrySpool.CHUNK_BYTES);
        assertThat(memory.spilled()).as("the rest of the entry went to a spool file")
                .isGreaterThanOrEqualTo(large.length - 4L * EntrySpool.CHUNK_BYTES);
        assertThat(received.get(String.valueOf(large.length))).as("the spooled bytes come back in order").isEqualTo(large);
        assertThat(received).containsKeys("10", "20");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aFailingSinkEndsTheArchiveAndNoWorkerOutlivesTheCall() throws IOException {
        byte[] archive = ZipStreamProcessorTest.zip(parts(6, 500));
        ZipStreamProcessorTest.CountingAllocators allocators = new ZipStreamProcessorTest.CountingAllocators();
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        ZipStreamProcessor processor = ZipStreamProcessor.builder().parallelism(2).spoolDirectory(dir)
                .allocators(allocators::next).build();

        assertThatThrownBy(() -> processor.process(new ByteArrayInputStream(archive), "s.zip", e -> {
            if (e.entryName().equals("part1.txt")) {
                throw new IOException("disk full");
            }
            written.add(e.entryName());
        })).hasMessage("disk full");

        int afterReturn = written.size();
        assertThat(allocators.closed.get()).as("every entry started was closed before process returned")
                .isEqualTo(allocators.made.get());
        assertThat(written).hasSize(afterReturn).doesNotContain("part1.txt");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    /// A caller interrupted while entries are parsed on workers throws only once every worker has
    /// stopped and closed its allocator, a file's entries as a stream's: the wait for them was itself
    /// interrupted and returned at once, so sinks finished after `process` had thrown, and a caller
    /// that deleted its spill folder in `finally` raced the workers still writing there.
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anInterruptedCallerThrowsOnlyOnceEveryWorkerHasStopped(boolean file) throws Exception {
        byte[] archive = ZipStreamProcessorTest.zip(parts(6, 500));
        Path zip = Files.write(dir.resolve("parts.zip"), archive);
        Path spool = Files.createDirectories(dir.resolve("spool"));
        ZipStreamProcessorTest.CountingAllocators allocators = new ZipStreamProcessorTest.CountingAllocators();
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch sinking = new CountDownLatch(1);
        ZipStreamProcessor processor = ZipStreamProcessor.builder().parallelism(3).spoolDirectory(spool)
                .allocators(allocators::next).build();
        EntrySink slow = e -> {
            sinking.countDown();
            // Work that does not look at the interrupt, as a copy or a write of a large table.
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            written.add(e.entryName());
        };
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        int[] atThrow = new int[3];
        boolean[] keptInterrupt = new boolean[1];
        Thread caller = new Thread(() -> {
            try {
                if (file) {
                    processor.process(zip, slow);
                } else {
                    processor.process(new ByteArrayInputStream(archive), "parts.zip", slow);
                }
            } catch (Throwable t) {
                atThrow[0] = written.size();
                atThrow[1] = allocators.made.get();
                atThrow[2] = allocators.closed.get();
                keptInterrupt[0] = Thread.currentThread().isInterrupted();
                thrown.set(t);
            }
        });
        caller.start();
        assertThat(sinking.await(30, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(thrown.get()).isInstanceOf(java.io.InterruptedIOException.class);
        assertThat(keptInterrupt[0]).as("the caller keeps its interrupt").isTrue();
        assertThat(atThrow[2]).as("every allocator made was closed before process threw").isEqualTo(atThrow[1]);
        Thread.sleep(600);
        assertThat(written).as("no sink finished after process threw").hasSize(atThrow[0]);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("bsee-zip-parts.zip-") && t.isAlive());
        try (Stream<Path> left = Files.list(spool)) {
            assertThat(left).isEmpty();
        }
    }

    /// A spool folder that does not exist is refused before the stream's first byte: it is used only
    /// once entries arrive faster than they are parsed, so it failed partway through an archive, and
    /// only on a heap small enough to spill.
    @Test
    void aMissingSpoolFolderIsRefusedBeforeTheFirstByte() throws IOException {
        Path missing = dir.resolve("no-such-spool");
        byte[] archive = ZipStreamProcessorTest.zip(parts(2, 10));
        ByteArrayInputStream body = new ByteArrayInputStream(archive);

        assertThatThrownBy(() -> ZipStreamProcessor.builder().parallelism(2).spoolDirectory(missing).build()
                .process(body, "parts.zip", e -> { }))
                .isInstanceOf(IOException.class)
                .hasMessage("the spool directory " + missing + ", where the entries of parts.zip received ahead of"
                        + " their parsers go, is not an existing folder");
        assertThat(body.available()).as("nothing was read").isEqualTo(archive.length);
        assertThat(missing).doesNotExist();
    }

    /// `process(Path)` on an interrupted thread says so, naming the archive, as the stream's walk and
    /// an interrupt while entries are read do: the file's channel threw the JDK's
    /// `ClosedByInterruptException`, whose message is null.
    @Test
    void anArchiveFileProcessedOnAnInterruptedThreadIsNamed() throws IOException {
        Path zip = Files.write(dir.resolve("parts.zip"), ZipStreamProcessorTest.zip(parts(2, 10)));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> ZipStreamProcessor.builder().build().process(zip, e -> { }))
                    .isInstanceOf(java.io.InterruptedIOException.class)
                    .hasMessage("processing parts.zip was interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aDamagedEntryFailsTheArchiveAndIsNeverHandedToTheSink() throws IOException {
        byte[] good = parts(1, 4000).values().iterator().next().getBytes(StandardCharsets.US_ASCII);
        byte[] text = "A,B\n1,x\n2,y\n3,z\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("good.txt"));
            out.write(good);
            out.closeEntry();
            ZipStreamProcessorTest.writeStored(out, "damaged.txt", text);
            out.putNextEntry(new ZipEntry("after.txt"));
            out.write(good);
            out.closeEntry();
        }
        byte[] archive = bytes.toByteArray();
        int at = ZipStreamProcessorTest.indexOf(archive, "3,z".getBytes(StandardCharsets.US_ASCII));
        archive[at + 2] = 'q';
        ZipStreamProcessorTest.CountingAllocators allocators = new ZipStreamProcessorTest.CountingAllocators();
        List<String> written = Collections.synchronizedList(new ArrayList<>());

        assertThatThrownBy(() -> ZipStreamProcessor.builder().parallelism(2).spoolDirectory(dir)
                .allocators(allocators::next).build()
                .process(new ByteArrayInputStream(archive), "crc.zip", e -> written.add(e.entryName())))
                .isInstanceOfSatisfying(SourceDataException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.CORRUPT_ARCHIVE);
                    assertThat(e.entry()).contains("damaged.txt");
                    assertThat(e.getMessage()).contains("CRC");
                });
        // Entries are verified by the workers that parse them, so after.txt may have been written in
        // parallel, as with a file's entries; the damaged one never is.
        assertThat(written).doesNotContain("damaged.txt");
        assertThat(allocators.closed.get()).isEqualTo(allocators.made.get());
    }
}
