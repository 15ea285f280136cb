package dev.bsee.binary.internal;

import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/// Run in a child JVM by [SpillingAllocatorTest]: builds columns far larger than the child's heap
/// through a [SpillingAllocator], reads them back, closes the allocator, and reports on stdout.
public final class SpillChild {
    private SpillChild() {
    }

    /// @param args spill directory, heap budget in bytes, number of int64 values, number of strings
    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        long budget = Long.parseLong(args[1]);
        int values = Integer.parseInt(args[2]);
        int strings = Integer.parseInt(args[3]);
        try (SpillingAllocator allocator = SpillingAllocator.open(directory, budget)) {
            Int64Column.Builder ints = Int64Column.builder(allocator);
            for (int i = 0; i < values; i++) {
                ints.add(i * 3L);
            }
            ObjectColumn.Builder texts = ObjectColumn.builder(allocator);
            for (int i = 0; i < strings; i++) {
                if (i % 10 == 0) {
                    texts.addMissing();
                } else {
                    texts.add("row " + i + " \uD83D\uDE00");
                }
            }
            Int64Column column = ints.build();
            ObjectColumn text = texts.build();
            long sum = 0;
            for (int i = 0; i < column.size(); i++) {
                if (column.get(i) != i * 3L) {
                    throw new AssertionError("value " + i + " is " + column.get(i));
                }
                sum += column.get(i);
            }
            for (int i = 0; i < text.size(); i++) {
                boolean ok = i % 10 == 0 ? text.isMissing(i) : text.get(i).equals("row " + i + " \uD83D\uDE00");
                if (!ok) {
                    throw new AssertionError("string " + i + " is " + text.format(i));
                }
            }
            System.out.println("BUILT values=" + column.size() + " strings=" + text.size() + " sum=" + sum
                    + " files=" + allocator.spillFiles().size() + " heap=" + allocator.heapBytes()
                    + " mapped=" + allocator.mappedBytes() + " chronicle=" + MappedRegions.usesChronicle());
        }
        try (Stream<Path> left = Files.list(directory)) {
            System.out.println("CLOSED files=" + left.count());
        }
    }
}
