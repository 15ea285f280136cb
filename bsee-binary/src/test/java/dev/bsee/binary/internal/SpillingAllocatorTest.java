package dev.bsee.binary.internal;

import dev.bsee.binary.PickleReader;
import dev.bsee.binary.PickleWriter;
import dev.bsee.core.Column;
import dev.bsee.core.Float64Column;
import dev.bsee.core.GrowableBuffer;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// Column buffers stay within the heap budget and continue in mapped files; closing removes the files.
class SpillingAllocatorTest {
    private static final List<String> CHRONICLE_FLAGS = List.of(MappedRegions.CHRONICLE_FLAGS.split(" "));

    private static long filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        }
    }

    /// Chronicle Core reports usage to Google Analytics when `chronicle-analytics` is on the class
    /// path; the dependency on Chronicle Bytes excludes it, so that the SDK's users carry none.
    @Test
    void chroniclesUsageReporterIsNotOnTheClassPath() {
        assertThatThrownBy(() -> Class.forName("net.openhft.chronicle.analytics.Analytics"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(net.openhft.chronicle.core.analytics.AnalyticsFacade.isEnabled()).isFalse();
    }

    @Test
    void entriesAtOnceShareSeventyPercentOfTheHeapWithAFloorEach() {
        long max = Runtime.getRuntime().maxMemory();
        assertThat(SpillingAllocator.entryBudget(1)).isEqualTo(Math.max(8L << 20, max / 100 * 70));
        assertThat(SpillingAllocator.entryBudget(2)).isEqualTo(Math.max(8L << 20, max / 100 * 70 / 2));
        // However many entries share the heap, each keeps a floor to parse into.
        assertThat(SpillingAllocator.entryBudget(1 << 20)).isEqualTo(8L << 20);
        assertThatThrownBy(() -> SpillingAllocator.entryBudget(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /// A spill file swapped for a link to someone's file while its buffer grows: the file is mapped
    /// again by path as it grows, and the mapping wrote and grew the other file to 64 MiB (a refresh
    /// then exited 0). It stops naming the link, and neither the link nor its target changes.
    @Test
    void aSpillFileSwappedForALinkIsNeitherGrownNorDeletedThroughIt(@TempDir Path directory) throws IOException {
        Path victim = Files.writeString(directory.resolve("victim.txt"), "keep me");
        Path spilled;
        try (SpillingAllocator allocator = SpillingAllocator.open(directory, 0)) {
            Int64Column.Builder ints = Int64Column.builder(allocator);
            // Past a slab's slices: the buffer has a file of its own, mapped again as it doubles.
            for (int i = 0; i < 3_000_000; i++) {
                ints.add(i);
            }
            spilled = allocator.spillFiles().getLast();
            Files.move(spilled, directory.resolve("aside.bin"));
            Files.createSymbolicLink(spilled, victim);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                for (int i = 0; i < 10_000_000; i++) {
                    ints.add(i);
                }
            }).hasMessageContaining("refusing to go on with the spill file " + spilled + ": it is now a symbolic link");
        }
        assertThat(victim).hasContent("keep me");
        assertThat(spilled).as("the link is not the tool's to delete").isSymbolicLink();
    }

    /// Opened on a run folder moved away, the allocator is refused in the folder's own words: the
    /// wrapper's default message put the class name first (`dev.bsee.core.internal.OwnFolder$Replaced:
    /// refusing to go on with ...`), which `bsee convert` printed as its one-line error.
    @Test
    void anAllocatorOpenedOnARunFolderMovedAwayIsRefusedInItsWords(@TempDir Path directory) throws IOException {
        dev.bsee.core.internal.OwnFolder run = dev.bsee.core.internal.OwnFolder.create(directory.resolve("run-1"));
        Files.move(run.path(), directory.resolve("aside"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SpillingAllocator.open(run, 0))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageStartingWith("refusing to go on with " + run.path())
                .hasCauseInstanceOf(dev.bsee.core.internal.OwnFolder.Replaced.class);
    }

    @Test
    void aRunFolderSwappedForALinkGetsNoSpillFileAndLosesNoneThroughIt(@TempDir Path directory) throws IOException {
        dev.bsee.core.internal.OwnFolder run = dev.bsee.core.internal.OwnFolder.create(directory.resolve("run-1"));
        Path outside = Files.createDirectory(directory.resolve("outside"));
        try (SpillingAllocator allocator = SpillingAllocator.open(run, 0)) {
            Int64Column.Builder ints = Int64Column.builder(allocator);
            for (int i = 0; i < 100_000; i++) {
                ints.add(i);
            }
            Path spilled = allocator.spillFiles().getFirst();
            Files.move(run.path(), directory.resolve("aside"));
            Files.createSymbolicLink(run.path(), outside);
            // Someone's file of the spill file's name behind the link.
            Files.writeString(outside.resolve(spilled.getFileName().toString()), "someone's");

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                Int64Column.Builder more = Int64Column.builder(allocator);
                for (int i = 0; i < 10_000_000; i++) {
                    more.add(i);
                }
            }).hasMessageContaining("refusing to go on with " + run.path());
            allocator.close();
            assertThat(outside.resolve(spilled.getFileName().toString())).hasContent("someone's");
            try (Stream<Path> files = Files.list(outside)) {
                assertThat(files).hasSize(1);
            }
        }
    }

    @Test
    void buffersSpillPastTheSharedBudgetAndReadBack(@TempDir Path directory) throws IOException {
        long budget = 64 << 10;
        try (SpillingAllocator allocator = SpillingAllocator.open(directory, budget)) {
            Int64Column.Builder ints = Int64Column.builder(allocator);
            Float64Column.Builder floats = Float64Column.builder(allocator);
            ObjectColumn.Builder texts = ObjectColumn.builder(allocator);
            for (int i = 0; i < 300_000; i++) {
                ints.add(i);
                floats.add(i / 4.0);
                texts.add("v" + i);
                assertThat(allocator.heapBytes()).isLessThanOrEqualTo(budget + 5 * 256);
            }
            Int64Column intColumn = ints.build();
            Float64Column floatColumn = floats.build();
            ObjectColumn textColumn = texts.build();
            assertThat(allocator.spillFiles()).isNotEmpty().allSatisfy(file -> assertThat(file).exists());
            assertThat(allocator.mappedBytes()).isGreaterThanOrEqualTo(300_000L * 8 * 2);
            for (int i = 0; i < 300_000; i += 997) {
                assertThat(intColumn.get(i)).isEqualTo(i);
                assertThat(floatColumn.get(i)).isEqualTo(i / 4.0);
                assertThat(textColumn.get(i)).isEqualTo("v" + i);
            }
            assertThat(intColumn.rawBytes().isDirect()).isTrue();
        }
        assertThat(filesIn(directory)).isZero();
    }

    /// Thousands of small columns past the budget (a wide entry) share a few slab files, where a file
    /// per buffer ran an entry of 20,000 columns out of file descriptors; a buffer that outgrows
    /// the largest slice moves to a file of its own; every value reads back.
    @Test
    void manySmallSpilledBuffersShareAFewFilesAndReadBack(@TempDir Path directory) throws IOException {
        int columns = 5_000;
        int rows = 600;
        try (SpillingAllocator allocator = SpillingAllocator.open(directory, 1 << 20)) {
            List<GrowableBuffer> buffers = new ArrayList<>();
            for (int column = 0; column < columns; column++) {
                buffers.add(allocator.allocate());
            }
            for (int row = 0; row < rows; row++) {
                for (int column = 0; column < columns; column++) {
                    buffers.get(column).putLong((long) column << 32 | row);
                }
            }
            assertThat(allocator.spillFiles()).hasSizeBetween(1, 4);
            GrowableBuffer large = buffers.get(7);
            int largeRows = (int) (SpillingAllocator.LARGEST_SLICE / 8) + 1000;
            for (int row = rows; row < largeRows; row++) {
                large.putLong(7L << 32 | row);
            }
            assertThat(allocator.spillFiles()).hasSizeBetween(2, 5);

            for (int column = 0; column < columns; column++) {
                ByteBuffer values = buffers.get(column).seal();
                int expected = column == 7 ? largeRows : rows;
                assertThat(values.remaining()).isEqualTo(expected * 8);
                for (int row = 0; row < expected; row += column == 7 ? 997 : 1) {
                    assertThat(values.getLong(row * 8)).isEqualTo((long) column << 32 | row);
                }
            }
        }
        assertThat(filesIn(directory)).isZero();
    }

    @Test
    void aReservationTakesExactlyItsRoomWithinTheBudgetAndSpillsBeyondIt(@TempDir Path directory) throws IOException {
        try (SpillingAllocator allocator = SpillingAllocator.open(directory, 1 << 20)) {
            GrowableBuffer reserved = allocator.allocate();
            long before = allocator.heapBytes();
            reserved.reserve(100_000);
            // Exactly the room asked for, where doubling from 32 bytes would have ended at 131,072.
            assertThat(allocator.heapBytes() - before).isEqualTo(100_000 - 32);
            for (int i = 0; i < 12_500; i++) {
                reserved.putLong(i);
            }
            assertThat(allocator.heapBytes() - before).isEqualTo(100_000 - 32);
            // Appending beyond the reservation still works, by doubling.
            reserved.putLong(12_500);
            ByteBuffer bytes = reserved.seal();
            assertThat(bytes.remaining()).isEqualTo(100_008);
            assertThat(bytes.getLong(99_992)).isEqualTo(12_499);
            assertThat(bytes.getLong(100_000)).isEqualTo(12_500);
            assertThat(allocator.spillFiles()).isEmpty();

            GrowableBuffer large = allocator.allocate();
            large.put(new byte[] {7}, 0, 1);
            large.reserve(2 << 20);
            assertThat(allocator.spillFiles()).hasSize(1);
            large.put(new byte[] {8}, 0, 1);
            ByteBuffer spilled = large.seal();
            assertThat(spilled.remaining()).isEqualTo(2);
            assertThat(spilled.get(0)).isEqualTo((byte) 7);
            assertThat(spilled.get(1)).isEqualTo((byte) 8);
        }
    }

    @Test
    void spilledTablesWriteAndReadAsPickles(@TempDir Path directory) throws IOException {
        try (SpillingAllocator allocator = SpillingAllocator.open(directory, 16 << 10)) {
            Int64Column.Builder ints = Int64Column.builder(allocator);
            ObjectColumn.Builder texts = ObjectColumn.builder(allocator);
            for (int i = 0; i < 100_000; i++) {
                ints.add(-i);
                if (i % 7 == 0) {
                    texts.addMissing();
                } else {
                    texts.add("text " + i);
                }
            }
            Table table = Table.builder().column("i", ints.build()).column("s", texts.build()).build();
            ByteArrayOutputStream pickle = new ByteArrayOutputStream();
            PickleWriter.of().write(table, pickle);

            Table onHeap = PickleReader.of().read(new ByteArrayInputStream(pickle.toByteArray()));
            assertThat(onHeap).isEqualTo(table);
            Table spilled = PickleReader.builder().allocator(allocator).build().read(new ByteArrayInputStream(pickle.toByteArray()));
            assertThat(spilled).isEqualTo(table);
        }
        assertThat(filesIn(directory)).isZero();
    }

    /// The mappings of `directory`'s files in this process, one line each.
    private static List<String> mappingsOf(Path directory) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(line -> line.contains(directory + "/")).toList();
    }

    /// Chronicle Bytes keeps a mapping its bytes were closed on while the mapped file holds its store,
    /// which it does unless `mappedFile.retain` is set: every mapping a spill file grew out of, and
    /// every spill file of a closed allocator, stayed mapped (deleted files whose disk space is not
    /// given back) until the JVM exited. A mapping is now unmapped when its buffer outgrows it, and
    /// a closed allocator's once no column views it, never beneath a column still reachable.
    @Test
    void chronicleMappingsAreReleasedOnceNoColumnViewsThem(@TempDir Path directory) throws Exception {
        assertThat(MappedRegions.usesChronicle()).isTrue();
        SpillingAllocator allocator = SpillingAllocator.open(directory, 0);
        AtomicReference<List<Column>> columns = new AtomicReference<>(spilledColumns(allocator));
        // The 8 MB column's own file, grown by doubling from 1 MiB, and the slab of the small buffers.
        assertThat(allocator.spillFiles()).hasSize(2);
        assertThat(mappingsOf(directory)).hasSize(2);

        allocator.close();
        for (int i = 0; i < 3; i++) {
            System.gc();
            net.openhft.chronicle.core.io.BackgroundResourceReleaser.releasePendingResources();
        }
        assertThat(mappingsOf(directory)).as("mappings a reachable column views").hasSize(2);
        assertThatThrownBy(() -> columns.get().getFirst().format(0)).isInstanceOf(IllegalStateException.class);

        columns.set(null);
        List<String> left = mappingsOf(directory);
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); !left.isEmpty() && System.nanoTime() < end; ) {
            System.gc();
            net.openhft.chronicle.core.io.BackgroundResourceReleaser.releasePendingResources();
            TimeUnit.MILLISECONDS.sleep(50);
            left = mappingsOf(directory);
        }
        assertThat(left).as("mappings once no column views them").isEmpty();
    }

    /// An 8 MB column in a spill file of its own and a small one in a slab; their builders are gone.
    private static List<Column> spilledColumns(SpillingAllocator allocator) {
        Int64Column.Builder numbers = Int64Column.builder(allocator);
        for (int i = 0; i < 1_000_000; i++) {
            numbers.add(i);
        }
        ObjectColumn.Builder text = ObjectColumn.builder(allocator);
        for (int i = 0; i < 1_000; i++) {
            text.add("row " + i);
        }
        return List.of(numbers.build(), text.build());
    }

    @Test
    void closeRemovesTheFilesAlsoWhenTheWorkFailed(@TempDir Path directory) throws IOException {
        SpillingAllocator allocator = SpillingAllocator.open(directory, 0);
        assertThatThrownBy(() -> {
            try (allocator) {
                Int64Column.Builder ints = Int64Column.builder(allocator);
                for (int i = 0; i < 1_000_000; i++) {
                    ints.add(i);
                }
                assertThat(filesIn(directory)).isPositive();
                throw new IllegalStateException("parse failed");
            }
        }).hasMessage("parse failed");
        assertThat(filesIn(directory)).isZero();
        assertThatThrownBy(allocator::allocate).isInstanceOf(IllegalStateException.class);
        allocator.close();
    }

    @Test
    void aMissingSpillDirectoryIsAClearError(@TempDir Path directory) throws IOException {
        assertThatThrownBy(() -> SpillingAllocator.open(directory.resolve("absent"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absent");
        Path vanishing = Files.createDirectory(directory.resolve("vanishing"));
        try (SpillingAllocator allocator = SpillingAllocator.open(vanishing, 0)) {
            Files.delete(vanishing);
            Int64Column.Builder ints = Int64Column.builder(allocator);
            assertThatThrownBy(() -> {
                for (int i = 0; i < 100; i++) {
                    ints.add(i);
                }
            }).isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("vanishing");
        }
    }

    /// A spill region of nearly 2 GiB, the largest a buffer grows to: Chronicle rounds it past its
    /// 31-bit range, which turned Chronicle off for the whole run with a warning to add flags the
    /// launcher gives already. The JDK maps that one region; Chronicle stays for the others.
    @Test
    void aRegionTooLargeForChronicleIsMappedByTheJdkWithoutTurningChronicleOff(@TempDir Path directory) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(MappedRegions.usesChronicle(), "Chronicle runs in this JVM");
        MappedRegions.Region region = MappedRegions.map(directory.resolve("large.spill"), SpillBuffer.MAX_SIZE);
        try {
            assertThat(region.buffer().capacity()).isGreaterThanOrEqualTo(SpillBuffer.MAX_SIZE);
            region.buffer().put(SpillBuffer.MAX_SIZE - 1, (byte) 7);
            assertThat(region.buffer().get(SpillBuffer.MAX_SIZE - 1)).isEqualTo((byte) 7);
        } finally {
            region.unmap();
        }
        assertThat(MappedRegions.usesChronicle()).isTrue();
    }

    /// A spill file the file system refuses to grow (a file-size limit, `ulimit -f`) fails as that
    /// file's failure: it was taken for Chronicle failing to start, with a warning to add the flags
    /// the launcher gives already, and the run went on with the JDK's mapping, to fail the same way.
    @Test
    void aSpillFileTheFileSystemRefusesToGrowIsNamedWithoutTheChronicleWarning(@TempDir Path directory)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m"));
        command.addAll(CHRONICLE_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SpillChild.class.getName(),
                directory.toString(), String.valueOf(8 << 20), "40000000", "1000000"));
        StringBuilder script = new StringBuilder("ulimit -f 20000; exec");
        command.forEach(word -> script.append(" '").append(word.replace("'", "'\\''")).append('\''));
        Process child = new ProcessBuilder("bash", "-c", script.toString()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(child.exitValue()).as(output).isNotZero();
        assertThat(output).contains("File too large").contains(directory.toString()).doesNotContain("cannot start");
    }

    @Test
    void aColumnFarLargerThanTheHeapBuildsWithChronicle(@TempDir Path directory) throws Exception {
        List<String> output = runChild(directory, CHRONICLE_FLAGS);
        assertThat(output).anySatisfy(line -> assertThat(line).startsWith("BUILT values=40000000").contains("chronicle=true"));
        assertThat(output).noneMatch(line -> line.contains("Chronicle Bytes cannot start"));
        assertThat(output).contains("CLOSED files=0");
    }

    @Test
    void withoutTheFlagsChronicleFallsBackToJdkMappingWithOneLogLine(@TempDir Path directory) throws Exception {
        List<String> output = runChild(directory, List.of());
        assertThat(output).anySatisfy(line -> assertThat(line).startsWith("BUILT values=40000000").contains("chronicle=false"));
        assertThat(output.stream().filter(line -> line.contains("Chronicle Bytes cannot start")))
                .singleElement().asString()
                .contains("--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED")
                .as("one sentence without a closing period, as every message is")
                .contains("use JDK memory mapping instead: run Java with").endsWith(" to use Chronicle Bytes");
        assertThat(output).contains("CLOSED files=0");
    }

    /// The README gives both sets of flags to paste; they are the ones the warning names.
    @Test
    void theReadmeGivesTheFlagsTheWarningNames() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));

        assertThat(readme).contains("\n" + MappedRegions.chronicleFlags(false) + "\n")
                .contains("\n" + MappedRegions.chronicleFlags(true) + "\n");
    }

    @Test
    void theAdviceNamesChroniclesModulesOnTheModulePathAndAllUnnamedOnTheClassPath() {
        String modulePath = MappedRegions.chronicleFlags(true);
        // ALL-UNNAMED grants nothing to the automatic modules chronicle.core and chronicle.bytes.
        assertThat(modulePath).doesNotContain("ALL-UNNAMED")
                .contains("--add-opens=java.base/java.lang=chronicle.core,chronicle.bytes",
                        "--add-exports=java.base/jdk.internal.ref=chronicle.core,chronicle.bytes",
                        "--add-modules=jdk.unsupported", "--enable-native-access=");
        assertThat(MappedRegions.chronicleFlags(false)).isEqualTo(MappedRegions.CHRONICLE_FLAGS)
                .contains("--add-opens=java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED")
                .doesNotContain("chronicle.core");
        assertThat(modulePath.split(" ")).hasSameSizeAs(MappedRegions.CHRONICLE_FLAGS.split(" "));
    }

    /// 40 million int64 values (320 MB) and a million strings in a JVM with a 64 MB heap.
    private static List<String> runChild(Path directory, List<String> flags) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx64m");
        command.addAll(flags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SpillChild.class.getName());
        command.add(directory.toString());
        command.add(String.valueOf(8 << 20));
        command.add("40000000");
        command.add("1000000");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        return output.lines().toList();
    }

    /// A column growing without end (an entry of endless rows), spilled to a 100 MiB file system:
    /// its spill file stops growing while the reserve is left, rather than filling the file system
    /// (where the mapped file's next page would then fault).
    @Test
    void aSpillFileStopsGrowingWhileItsFileSystemKeepsTheReserve(@TempDir Path directory) throws Exception {
        // Unmounted lazily: a closed allocator's Chronicle mapping is unmapped once the garbage collector
        // finds no view of it.
        try (dev.bsee.core.faults.SmallFileSystem fs = dev.bsee.core.faults.SmallFileSystem.mountOrSkip(
                directory.resolve("small"), "100m")) {
            Path small = fs.root();
            try (SpillingAllocator allocator = SpillingAllocator.open(small, 64 << 10)) {
                Int64Column.Builder ints = Int64Column.builder(allocator);
                assertThatThrownBy(() -> {
                    for (long i = 0; ; i++) {
                        ints.add(i);
                    }
                }).isInstanceOf(java.io.UncheckedIOException.class)
                        .hasMessageContaining("stopped at").hasMessageContaining("free for everything else")
                        .hasMessageContaining("it needs")
                        // The spill file is named once, not again by the file system's exception.
                        .satisfies(e -> assertThat(e.getMessage().split("bsee-spill-", -1)).hasSize(2));
                assertThat(small.toFile().getUsableSpace()).isGreaterThanOrEqualTo(5L << 20);
            }
            assertThat(filesIn(small)).isZero();
        }
    }

    /// A slab is mapped sparse and asks the file system slice by slice: small buffers spill on a file
    /// system with far less room than a slab's 64 MiB, and the wide entry that needs less than the
    /// room there is still converts.
    @Test
    void smallBuffersSpillOnAFileSystemSmallerThanASlab(@TempDir Path directory) throws Exception {
        try (dev.bsee.core.faults.SmallFileSystem fs = dev.bsee.core.faults.SmallFileSystem.mountOrSkip(
                directory.resolve("small"), "16m")) {
            Path small = fs.root();
            try (SpillingAllocator allocator = SpillingAllocator.open(small, 0)) {
                List<GrowableBuffer> buffers = new ArrayList<>();
                for (int column = 0; column < 500; column++) {
                    GrowableBuffer buffer = allocator.allocate();
                    for (int row = 0; row < 100; row++) {
                        buffer.putLong((long) column << 32 | row);
                    }
                    buffers.add(buffer);
                }
                assertThat(allocator.spillFiles()).hasSize(1);
                for (int column = 0; column < 500; column++) {
                    assertThat(buffers.get(column).seal().getLong(99 * 8)).isEqualTo((long) column << 32 | 99);
                }
            }
            assertThat(filesIn(small)).isZero();
        }
    }
}
