package dev.bsee.binary;

import java.util.Arrays;

/// The items of an object array's list as a projected read of a file skims them: checked as they
/// arrive (opcodes, UTF-8, memo references, the expansion budget, exactly as when they are kept) but
/// not copied, with where they lie in the file and what the assembly charges for each column.
///
/// Why: pandas pickles each block's values before anything says which columns the block holds, so a
/// read that keeps a few columns cannot know, when an object array's strings arrive, whether it
/// needs them. Skimmed, they cost a pass over their bytes; the runs holding a column the read keeps
/// are then read again from the file ([ListItems#column]; the whole list, [ListItems#materialize],
/// for labels) and built as an ordinary read builds them.
///
/// Only lists that are the data of a C-ordered object array of known shape are skimmed, and only
/// while their items are strings, float NaN, `None`, memo references to those and memo stores;
/// anything else abandons the shortcut ([LazyReadAbandoned]).
final class SkimmedItems {
    /// A segment that is one value appended from the stack, not a range of the file: `-1 - index`.
    private static final long VALUE = -1;

    /// The array's dimensions the list was started for: `width` columns of `length` items.
    final int width;
    final int length;
    /// What reads the list again; the list's reader.
    final ListItems owner;
    int items;
    /// Bytes of the strings so far.
    long bytes;
    /// The item count at which the current column ends.
    long boundary;
    /// String bytes at the end of each column passed so far.
    private final long[] columnEnds;
    private int columns;
    /// Where the items lie, three entries per segment: a file range `[start, end)` of a run of item
    /// opcodes, or a value appended from the stack (`-1 - index` into `values`, then 0); and the
    /// index of the segment's first item.
    private long[] segments = new long[24];
    private int segmentCount;
    private Object[] values;
    private int valueCount;
    /// The value of the last item of the current run, for a memo store; null before the first.
    Object last;

    SkimmedItems(int width, int length, ListItems owner) {
        this.width = width;
        this.length = length;
        this.owner = owner;
        this.boundary = length;
        this.columnEnds = new long[width];
    }

    /// Counts one more item, its string's bytes already added to `bytes`.
    void counted() {
        items++;
        if (items == boundary) {
            passBoundary();
        }
    }

    /// The current column ends at `items`.
    void passBoundary() {
        if (columns < width) {
            columnEnds[columns++] = bytes;
        }
        boundary += length;
    }

    /// The bytes the strings of column `i` take; all columns passed.
    long columnBytes(int i) {
        return columnEnds[i] - (i == 0 ? 0 : columnEnds[i - 1]);
    }

    /// A run of items that lies at `[start, end)` in the file, its first item `firstItem`.
    void addRun(long start, long end, int firstItem) {
        if (end > start) {
            add(start, end, firstItem);
        }
    }

    /// An item appended as a value, item `item` of the list.
    void addValue(Object value, int item) {
        if (values == null) {
            values = new Object[4];
        } else if (valueCount == values.length) {
            values = Arrays.copyOf(values, valueCount * 2);
        }
        values[valueCount] = value;
        add(VALUE - valueCount++, 0, item);
    }

    int segments() {
        return segmentCount;
    }

    /// Whether segment `k` is a value rather than a file range.
    boolean isValue(int k) {
        return segments[3 * k] < 0;
    }

    Object value(int k) {
        return values[(int) (VALUE - segments[3 * k])];
    }

    long start(int k) {
        return segments[3 * k];
    }

    long end(int k) {
        return segments[3 * k + 1];
    }

    /// The index of the first item of segment `k`.
    int firstItem(int k) {
        return (int) segments[3 * k + 2];
    }

    /// The index after the last item of segment `k`.
    int endItem(int k) {
        return k + 1 < segmentCount ? firstItem(k + 1) : items;
    }

    private void add(long start, long end, int firstItem) {
        if (3 * segmentCount + 3 > segments.length) {
            segments = Arrays.copyOf(segments, segments.length * 2);
        }
        segments[3 * segmentCount] = start;
        segments[3 * segmentCount + 1] = end;
        segments[3 * segmentCount + 2] = firstItem;
        segmentCount++;
    }
}
