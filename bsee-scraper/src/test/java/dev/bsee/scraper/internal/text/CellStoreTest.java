package dev.bsee.scraper.internal.text;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.GrowableBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/// Cells go into a [CellStore] and come back from a [CellCursor] as they went in: digit runs of 1 to
/// 18 digits as their value and their exact text (leading zeros kept), everything else as its bytes.
class CellStoreTest {

    @Provide
    Arbitrary<List<String>> columns() {
        Arbitrary<String> digitRuns = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(CellStore.MAX_DIGITS);
        // Values of every byte count: a digit run's value takes 0 to 8 bytes.
        Arbitrary<String> wide = Arbitraries.longs().between(0, 999_999_999_999_999_999L).map(String::valueOf);
        Arbitrary<String> zeros = Arbitraries.integers().between(1, CellStore.MAX_DIGITS).map("0"::repeat);
        Arbitrary<String> longRuns = Arbitraries.strings().numeric().ofMinLength(CellStore.MAX_DIGITS + 1).ofMaxLength(40);
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(300);
        Arbitrary<String> huge = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(9_000).ofMaxLength(20_000);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(10, digitRuns), net.jqwik.api.Tuple.of(6, wide),
                net.jqwik.api.Tuple.of(3, zeros), net.jqwik.api.Tuple.of(2, longRuns), net.jqwik.api.Tuple.of(6, text),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("")), net.jqwik.api.Tuple.of(1, huge))
                .list().ofMaxSize(3_000);
    }

    @Property(tries = 200)
    void cellsComeBackAsTheyWentIn(@ForAll("columns") List<String> cells) {
        CellStore.Sealed sealed = stored(cells);
        assertThat(sealed.cells()).isEqualTo(cells.size());
        CellCursor cursor = new CellCursor(sealed.chunks());
        // Twice: a rewound cursor reads the same cells.
        for (int pass = 0; pass < 2; pass++) {
            cursor.rewind();
            List<String> read = new ArrayList<>();
            for (String cell : cells) {
                cursor.next();
                boolean digitRun = !cell.isEmpty() && cell.length() <= CellStore.MAX_DIGITS
                        && cell.chars().allMatch(c -> c >= '0' && c <= '9');
                assertThat(cursor.digits).as("digit run %s", cell).isEqualTo(digitRun);
                if (digitRun) {
                    assertThat(cursor.digitValue).as(cell).isEqualTo(Long.parseLong(cell));
                }
                cursor.text();
                read.add(new String(cursor.bytes, cursor.offset, cursor.length, StandardCharsets.UTF_8));
            }
            assertThat(read).isEqualTo(cells);
        }
    }

    private static CellStore.Sealed stored(List<String> cells) {
        CellStore store = new CellStore(BufferAllocator.heap(), 1, Runtime.getRuntime().maxMemory());
        for (String cell : cells) {
            byte[] bytes = cell.getBytes(StandardCharsets.UTF_8);
            store.add(bytes, 0, bytes.length);
        }
        return store.seal();
    }

    /// Digit runs of every length and value size, and empty cells, enough to fill several chunks.
    @Provide
    Arbitrary<List<String>> digitColumns() {
        Arbitrary<String> digitRuns = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(CellStore.MAX_DIGITS);
        Arbitrary<String> wide = Arbitraries.longs().between(0, 999_999_999_999_999_999L).map(String::valueOf);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(10, digitRuns), net.jqwik.api.Tuple.of(4, wide),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(""))).list().ofMaxSize(3 * CellStore.CHUNK_BYTES / 4);
    }

    /// A column of digit runs and empty cells read in one pass gives each run's value, as a long, or
    /// as a double with NaN for an empty cell.
    @Property(tries = 40)
    void aDigitColumnReadsAsItsValues(@ForAll("digitColumns") List<String> cells) {
        CellStore.Sealed sealed = stored(cells);
        assertThat(sealed.digitsOrEmpty()).isTrue();
        boolean asDoubles = sealed.emptyCells() > 0;
        BulkBuffer values = new BulkBuffer(BufferAllocator.heap(), (long) cells.size() * Long.BYTES);
        new CellCursor(sealed.chunks()).digitColumn(values, asDoubles);
        ByteBuffer read = values.seal();
        assertThat(read.remaining()).isEqualTo(cells.size() * Long.BYTES);
        for (int row = 0; row < cells.size(); row++) {
            String cell = cells.get(row);
            long bits = read.getLong(row * Long.BYTES);
            if (!asDoubles) {
                assertThat(bits).as(cell).isEqualTo(Long.parseLong(cell));
            } else if (cell.isEmpty()) {
                assertThat(Double.longBitsToDouble(bits)).isNaN();
            } else {
                assertThat(Double.longBitsToDouble(bits)).as(cell).isEqualTo((double) Long.parseLong(cell));
            }
        }
    }

    /// A digit run's value is read in words where the array around it allows: whatever bytes come
    /// before and after the run in its array (the rest of a line, or nothing), the value is the run's.
    @Property(tries = 2000)
    void aDigitRunHasItsValueWhereverItLiesInItsArray(@ForAll("digitRuns") String digits,
                                                      @ForAll("padding") byte[] before, @ForAll("padding") byte[] after) {
        byte[] run = digits.getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[before.length + run.length + after.length];
        System.arraycopy(before, 0, line, 0, before.length);
        System.arraycopy(run, 0, line, before.length, run.length);
        System.arraycopy(after, 0, line, before.length + run.length, after.length);
        assertThat(CellStore.digitsValue(line, before.length, run.length)).as(digits).isEqualTo(Long.parseLong(digits));
    }

    @Provide
    Arbitrary<String> digitRuns() {
        return Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(CellStore.MAX_DIGITS);
    }

    @Provide
    Arbitrary<byte[]> padding() {
        // Digits too: the bytes after a run are never read as part of it.
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(20);
    }

    @Test
    void aDigitRunIsStoredInNoMoreBytesThanItsVarint() {
        for (int length = 1; length <= CellStore.MAX_DIGITS; length++) {
            long largest = Long.parseLong("9".repeat(length));
            for (long value : new long[] {0, 1, 127, 128, 255, 256, largest / 3, largest}) {
                if (value > largest) {
                    continue;
                }
                int bytes = CellStore.valueBytes(value);
                int varintBytes = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(value) + 6) / 7);
                assertThat(bytes).isLessThanOrEqualTo(varintBytes);
                int code = CellStore.digitCode(length, bytes);
                assertThat(code).isBetween(0, 127);
                assertThat(CellStore.CODE_LENGTH[code]).isEqualTo((byte) length);
                assertThat(CellStore.CODE_VALUE_BYTES[code]).isEqualTo((byte) bytes);
            }
        }
    }

    /// A column that has filled its first chunk takes each later one's room in one step: grown by
    /// doubling from the allocator's first array, each chunk was copied a dozen times on its way.
    /// The columns of a very wide entry stage little, and their cells reach the allocator, whose
    /// budget spills them, early: fifty thousand columns of four hundred short cells staged 4 KiB
    /// each, 200 MiB that no budget counted, and a 193 MiB heap ran out of memory.
    @Test
    void theColumnsOfAVeryWideEntryStageLittle() throws IOException {
        assertThat(CellStore.stageLimit(19, 193L << 20)).isEqualTo(8 * 1024);
        assertThat(CellStore.stageLimit(50_000, 193L << 20)).isEqualTo(256);
        assertThat(CellStore.stageLimit(Integer.MAX_VALUE, 64L << 20)).isEqualTo(64);
        java.util.concurrent.atomic.AtomicInteger allocated = new java.util.concurrent.atomic.AtomicInteger();
        BufferAllocator heap = BufferAllocator.heap();
        BufferAllocator counting = new BufferAllocator() {
            @Override
            public GrowableBuffer allocate() {
                allocated.incrementAndGet();
                return heap.allocate();
            }

            @Override
            public void close() throws IOException {
                heap.close();
            }
        };
        CellStore store = new CellStore(counting, 50_000, 193L << 20);
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            cells.add("cell " + i);
            byte[] bytes = cells.getLast().getBytes(StandardCharsets.UTF_8);
            store.add(bytes, 0, bytes.length);
        }

        assertThat(allocated).as("cells passed on before the column ends").hasPositiveValue();
        CellCursor cursor = new CellCursor(store.seal().chunks());
        for (String cell : cells) {
            cursor.next();
            cursor.text();
            assertThat(new String(cursor.bytes, cursor.offset, cursor.length, StandardCharsets.UTF_8)).isEqualTo(cell);
        }
        counting.close();
    }

    @Test
    void chunksAfterTheFirstTakeTheirRoomAtOnce() throws IOException {
        List<Long> reservations = new ArrayList<>();
        BufferAllocator heap = BufferAllocator.heap();
        BufferAllocator recording = new BufferAllocator() {
            @Override
            public GrowableBuffer allocate() {
                GrowableBuffer buffer = heap.allocate();
                return new GrowableBuffer() {
                    public void putByte(byte value) { buffer.putByte(value); }
                    public void putLong(long value) { buffer.putLong(value); }
                    public void put(byte[] source, int offset, int length) { buffer.put(source, offset, length); }
                    public void reserve(long bytes) { reservations.add(bytes); buffer.reserve(bytes); }
                    public long size() { return buffer.size(); }
                    public ByteBuffer seal() { return buffer.seal(); }
                };
            }

            @Override
            public void close() throws IOException {
                heap.close();
            }
        };
        CellStore store = new CellStore(recording, 1, Runtime.getRuntime().maxMemory());
        byte[] cell = "abcdefghij".getBytes(StandardCharsets.UTF_8);
        int cells = 4 * CellStore.CHUNK_BYTES / (cell.length + 1);
        for (int i = 0; i < cells; i++) {
            store.add(cell, 0, cell.length);
        }
        CellStore.Sealed sealed = store.seal();
        assertThat(sealed.chunks()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(reservations).hasSize(sealed.chunks().size() - 1)
                .allSatisfy(bytes -> assertThat(bytes).isEqualTo(CellStore.CHUNK_BYTES));
        CellCursor cursor = new CellCursor(sealed.chunks());
        for (int i = 0; i < cells; i++) {
            cursor.next();
            cursor.text();
            assertThat(new String(cursor.bytes, cursor.offset, cursor.length, StandardCharsets.UTF_8)).isEqualTo("abcdefghij");
        }
        recording.close();
    }
}
