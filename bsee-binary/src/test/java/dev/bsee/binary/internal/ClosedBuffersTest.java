package dev.bsee.binary.internal;

import dev.bsee.binary.PickleReader;
import dev.bsee.binary.PickleWriter;
import dev.bsee.core.BoolColumn;
import dev.bsee.core.BufferAllocator;
import dev.bsee.core.Column;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Index;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import dev.bsee.core.UInt64Column;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/// Columns whose buffers were released with the allocator that held them: every read fails with one
/// clear `IllegalStateException` naming the allocator, whichever mapping held the buffers (Chronicle
/// Bytes or the JDK's), whether they had spilled or stayed on the heap, and whatever the column's
/// type and the accessor. With Chronicle Bytes the reads returned values of memory that was released.
class ClosedBuffersTest {
    private static final int ROWS = 5_000;

    @TempDir
    Path spill;

    @TempDir
    Path files;

    /// Runs `work` with spill files mapped by Chronicle Bytes or by the JDK.
    private static void withMapping(String mapping, ThrowingWork work) throws Exception {
        Field jdkMapping = MappedRegions.class.getDeclaredField("chronicleUnavailable");
        jdkMapping.setAccessible(true);
        boolean before = jdkMapping.getBoolean(null);
        jdkMapping.setBoolean(null, mapping.equals("jdk"));
        try {
            assertThat(MappedRegions.usesChronicle()).isEqualTo(mapping.equals("chronicle"));
            work.run();
        } finally {
            jdkMapping.setBoolean(null, before);
        }
    }

    interface ThrowingWork {
        void run() throws Exception;
    }

    /// A table of every dtype, with missing values, Python bools among strings and a MultiIndex.
    private static Table everyType(BufferAllocator buffers) {
        Int64Column.Builder ints = Int64Column.builder(buffers);
        Float64Column.Builder floats = Float64Column.builder(buffers);
        BoolColumn.Builder bools = BoolColumn.builder(buffers);
        ObjectColumn.Builder strings = ObjectColumn.builder(buffers);
        ObjectColumn.Builder labels = ObjectColumn.builder(buffers);
        Int64Column.Builder zeros = Int64Column.builder(buffers);
        long[] unsigned = new long[ROWS];
        long[] times = new long[ROWS];
        for (int row = 0; row < ROWS; row++) {
            ints.add(row * 3L);
            floats.add(row % 7 == 0 ? Double.NaN : row / 4.0);
            bools.add(row % 2 == 0);
            switch (row % 4) {
                case 0 -> strings.addMissing();
                case 1 -> strings.add(row % 8 == 1);
                default -> strings.add("row " + row);
            }
            labels.add("label " + row);
            zeros.add(0);
            unsigned[row] = -1L - row;
            times[row] = row % 5 == 0 ? DateTimeColumn.NAT : row * 1_000_000_000L;
        }
        return Table.builder()
                .column("I", ints.build())
                .column("U", UInt64Column.of(unsigned))
                .column("F", floats.build())
                .column("B", bools.build())
                .column("T", DateTimeColumn.of(times))
                .column("S", strings.build())
                .index(new Index.Multi(List.of(labels.build(), zeros.build()),
                        List.of(Optional.of("LABEL"), Optional.empty())))
                .build();
    }

    /// Every way of reading a column, by name.
    private static Map<String, ThrowingCallable> reads(Table table) {
        Map<String, ThrowingCallable> reads = new LinkedHashMap<>();
        List<Column> columns = new ArrayList<>(table.columns());
        columns.addAll(((Index.Multi) table.index()).levels());
        for (Column column : columns) {
            String type = column.dtype() + " ";
            reads.put(type + "isMissing", () -> column.isMissing(ROWS - 1));
            reads.put(type + "value", () -> column.value(ROWS - 1));
            reads.put(type + "format", () -> column.format(ROWS - 1));
            reads.put(type + "toString", column::toString);
            reads.put(type + "hashCode", column::hashCode);
            reads.put(type + "equals", () -> column.equals(column));
            switch (column) {
                case Int64Column ints -> {
                    reads.put(type + "get", () -> ints.get(1));
                    reads.put(type + "rawBytes", ints::rawBytes);
                }
                case UInt64Column unsigned -> {
                    reads.put(type + "get", () -> unsigned.get(1));
                    reads.put(type + "toDouble", () -> unsigned.toDouble(1));
                    reads.put(type + "rawBytes", unsigned::rawBytes);
                }
                case Float64Column floats -> {
                    reads.put(type + "get", () -> floats.get(1));
                    reads.put(type + "rawBytes", floats::rawBytes);
                }
                case BoolColumn bools -> {
                    reads.put(type + "get", () -> bools.get(1));
                    reads.put(type + "rawBytes", bools::rawBytes);
                }
                case DateTimeColumn times -> {
                    reads.put(type + "epochNanos", () -> times.epochNanos(1));
                    reads.put(type + "rawBytes", times::rawBytes);
                }
                case ObjectColumn strings -> {
                    reads.put(type + "get", () -> strings.get(ROWS - 1));
                    reads.put(type + "isString", () -> strings.isString(ROWS - 1));
                    reads.put(type + "utf8", () -> strings.utf8(ROWS - 1));
                    reads.put(type + "utf8Length", () -> strings.utf8Length(ROWS - 1));
                    reads.put(type + "copyUtf8 of a row", () -> strings.copyUtf8(ROWS - 1, new byte[64], 0));
                    reads.put(type + "copyUtf8 of rows", () -> strings.copyUtf8(0, ROWS, new byte[1 << 16], new int[ROWS]));
                    reads.put(type + "Builder.addFrom", () -> ObjectColumn.builder(BufferAllocator.heap()).addFrom(strings, ROWS - 1));
                }
            }
        }
        reads.put("Table.toString", table::toString);
        reads.put("Table.hashCode", table::hashCode);
        reads.put("Table.equals", () -> table.equals(everyType(BufferAllocator.heap())));
        return reads;
    }

    private void assertEveryReadFailsNamingTheAllocator(Map<String, ThrowingCallable> reads) {
        String named = "the allocator that held them (SpillingBuffers in " + spill + ") was closed";
        for (Map.Entry<String, ThrowingCallable> read : reads.entrySet()) {
            assertThat(catchThrowable(read.getValue())).as(read.getKey())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot read the column: its buffers were released")
                    .hasMessageContaining(named);
        }
    }

    /// Columns read from a `.bin` file and columns built with the allocator's builders, spilled (no
    /// heap budget) or on the heap (a budget larger than the table): once the allocator is closed,
    /// every read refuses, also after a second close.
    @ParameterizedTest
    @CsvSource({"chronicle, 0", "jdk, 0", "chronicle, 1000000000", "jdk, 1000000000"})
    void everyReadOfAColumnWhoseAllocatorWasClosedSaysSo(String mapping, long heapBudget) throws Exception {
        withMapping(mapping, () -> {
            Table expected = everyType(BufferAllocator.heap());
            PickleWriter.of().write(expected, files.resolve("t.bin"), files);
            SpillingAllocator buffers = SpillingAllocator.open(spill, heapBudget);
            Table read = PickleReader.builder().allocator(buffers).build().read(files.resolve("t.bin"));
            Table built = everyType(buffers);
            assertThat(read).isEqualTo(expected);
            assertThat(built).isEqualTo(expected);
            assertThat(buffers.spillFiles().isEmpty()).isEqualTo(heapBudget > 0);
            Map<String, ThrowingCallable> reads = reads(read);
            reads.putAll(reads(built));
            for (ThrowingCallable open : reads.values()) {
                assertThatCode(open).doesNotThrowAnyException();
            }

            buffers.close();
            assertEveryReadFailsNamingTheAllocator(reads(read));
            // Columns of these types have no builder: those of `built` are on the heap of their own.
            Map<String, ThrowingCallable> builtReads = reads(built);
            builtReads.keySet().removeIf(name -> name.startsWith("uint64 ") || name.startsWith("datetime64[ns] "));
            assertEveryReadFailsNamingTheAllocator(builtReads);
            assertThatCode(buffers::close).doesNotThrowAnyException();
            assertEveryReadFailsNamingTheAllocator(reads(read));
        });
    }

    /// A close on another thread while columns are read ends each reader with the same failure (at
    /// its next bulk read at the latest), or lets it complete; it never reads released memory.
    @ParameterizedTest
    @CsvSource({"chronicle", "jdk"})
    void aCloseWhileOtherThreadsReadEndsTheirReadsCleanly(String mapping) throws Exception {
        withMapping(mapping, () -> {
            SpillingAllocator buffers = SpillingAllocator.open(spill, 0);
            Table table = everyType(buffers);
            Int64Column ints = table.column("I", Int64Column.class);
            ObjectColumn strings = table.column("S", ObjectColumn.class);
            ExecutorService readers = Executors.newFixedThreadPool(2);
            try {
                Future<?> numbers = readers.submit(() -> {
                    for (long sum = 0; ; sum += ints.rawBytes().capacity()) {
                        for (int row = 0; row < ROWS; row++) {
                            sum += ints.get(row);
                        }
                    }
                });
                Future<?> text = readers.submit(() -> {
                    byte[] target = new byte[1 << 12];
                    int[] lengths = new int[256];
                    while (true) {
                        for (int row = 0; row < ROWS; ) {
                            row += Math.max(1, strings.copyUtf8(row, ROWS, target, lengths));
                        }
                        for (int row = 0; row < ROWS; row++) {
                            strings.format(row);
                        }
                    }
                });
                TimeUnit.MILLISECONDS.sleep(200);
                buffers.close();
                for (Future<?> reader : List.of(numbers, text)) {
                    assertThatThrownBy(() -> reader.get(10, TimeUnit.SECONDS))
                            .cause().isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("(SpillingBuffers in " + spill + ") was closed");
                }
            } finally {
                readers.shutdownNow();
            }
        });
    }

    /// A builder used after its `build()`, or after its allocator was closed, refuses in words.
    @ParameterizedTest
    @CsvSource({"chronicle, 0", "jdk, 0", "chronicle, 1000000000"})
    void aBuilderUsedAfterBuildOrAfterItsAllocatorClosedSaysSo(String mapping, long heapBudget) throws Exception {
        withMapping(mapping, () -> {
            SpillingAllocator buffers = SpillingAllocator.open(spill, heapBudget);
            Int64Column.Builder built = Int64Column.builder(buffers);
            ObjectColumn.Builder open = ObjectColumn.builder(buffers);
            for (int row = 0; row < ROWS; row++) {
                built.add(row);
                open.add("row " + row);
            }
            Int64Column column = built.build();
            assertThatThrownBy(() -> built.add(1)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the buffer is sealed: its column was built, and a builder takes no values after build()");
            assertThat(column.size()).isEqualTo(ROWS);

            buffers.close();
            assertThatThrownBy(() -> open.add("more")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the allocator is closed");
            assertThatThrownBy(() -> open.build().get(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("(SpillingBuffers in " + spill + ") was closed");
        });
    }

    /// A closed allocator refuses in a type of the JDK's, which an application can name: the
    /// allocator's own type, in a package no application may read, reached callers of `allocate()`,
    /// of a buffer's writes and of a read from a stream.
    @ParameterizedTest
    @CsvSource({"0", "1000000000"})
    void aClosedAllocatorRefusesInATypeOfTheJdks(long heapBudget) throws Exception {
        PickleWriter.of().write(everyType(BufferAllocator.heap()), files.resolve("t.bin"), files);
        BufferAllocator buffers = dev.bsee.binary.SpillingBuffers.open(spill, heapBudget);
        dev.bsee.core.GrowableBuffer early = buffers.allocate();
        buffers.close();
        Map<String, ThrowingCallable> uses = new LinkedHashMap<>();
        uses.put("allocate", buffers::allocate);
        uses.put("putLong", () -> early.putLong(1));
        uses.put("put", () -> early.put(new byte[64], 0, 64));
        uses.put("read a stream", () -> {
            try (var in = java.nio.file.Files.newInputStream(files.resolve("t.bin"))) {
                PickleReader.builder().allocator(buffers).build().read(in);
            }
        });
        uses.forEach((use, call) -> assertThat(catchThrowable(call)).as(use)
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the allocator is closed"));
    }

    /// An allocator closed while a read fills its buffers (here as the `n`-th buffer is sealed, for
    /// each `n` the read reaches) fails the read for what it is, naming the allocator: the JDK's
    /// mapping's `Already closed` was reported as a malformed pickle near some byte of the file.
    @ParameterizedTest
    @CsvSource({"chronicle", "jdk"})
    void anAllocatorClosedWhileAReadFillsItsBuffersIsNotAFaultOfTheFile(String mapping) throws Exception {
        withMapping(mapping, () -> {
            PickleWriter.of().write(everyType(BufferAllocator.heap()), files.resolve("t.bin"), files);
            PickleReader.builder().build().read(files.resolve("t.bin"));
            java.util.Set<String> failures = new java.util.TreeSet<>();
            for (int n = 1; n < 40; n++) {
                SpillingAllocator buffers = SpillingAllocator.open(spill, 0);
                try {
                    PickleReader.builder().allocator(new ClosingAtSeal(buffers, n)).build().read(files.resolve("t.bin"));
                } catch (IllegalStateException e) {
                    failures.add(e.getMessage());
                } finally {
                    buffers.close();
                }
            }
            assertThat(failures).isNotEmpty().allSatisfy(failure -> assertThat(failure).satisfiesAnyOf(
                    text -> assertThat(text).startsWith(files.resolve("t.bin") + ": the allocator of the read's buffers"
                            + " (SpillingBuffers in " + spill + ") was closed while the read filled them"),
                    text -> assertThat(text).startsWith(files.resolve("t.bin") + ": the allocator is closed")));
        });
    }

    /// Closes `allocator` as the `n`-th of its buffers is sealed.
    private static final class ClosingAtSeal implements BufferAllocator, dev.bsee.core.internal.BufferScope.Owner {
        private final SpillingAllocator allocator;
        private int sealsLeft;

        ClosingAtSeal(SpillingAllocator allocator, int n) {
            this.allocator = allocator;
            this.sealsLeft = n;
        }

        @Override
        public dev.bsee.core.internal.BufferScope bufferScope() {
            return allocator.bufferScope();
        }

        @Override
        public dev.bsee.core.GrowableBuffer allocate() {
            dev.bsee.core.GrowableBuffer buffer = allocator.allocate();
            return new dev.bsee.core.GrowableBuffer() {
                @Override
                public void putByte(byte value) {
                    buffer.putByte(value);
                }

                @Override
                public void putLong(long value) {
                    buffer.putLong(value);
                }

                @Override
                public void put(byte[] source, int offset, int length) {
                    buffer.put(source, offset, length);
                }

                @Override
                public long size() {
                    return buffer.size();
                }

                @Override
                public java.nio.ByteBuffer seal() {
                    java.nio.ByteBuffer sealed = buffer.seal();
                    if (--sealsLeft == 0) {
                        try {
                            allocator.close();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                    return sealed;
                }
            };
        }

        @Override
        public void close() throws IOException {
            allocator.close();
        }
    }

    /// Heap columns know no allocator's life: they stay readable.
    @Test
    void heapColumnsStayReadable() {
        Table table = everyType(BufferAllocator.heap());
        for (ThrowingCallable read : reads(table).values()) {
            assertThatCode(read).doesNotThrowAnyException();
        }
    }
}
