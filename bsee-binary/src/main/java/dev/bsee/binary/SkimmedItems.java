package dev.bsee.binary;

import java.util.Arrays;

/// The items of an object array's list as a projected read of a file skims them: checked as they
/// arrive (opcodes, UTF-8, memo references, the expansion budget, exactly as when they are kept) but
/// not copied, with where they lie in the file and what the assembly charges for each column.
///
/// Why: pandas pickles each block's values before anything says which columns the block holds, so a
/// read that keeps a few columns cannot know, when an object array's strings arrive, whether it
/// needs them. Skimmed, they cost a pass over their bytes; the columns the read keeps are then
/// read again from the file ([ListItems#materialize]) and built as an ordinary read builds them.
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
    /// Where the items lie: file ranges `[start, end)` of runs of item opcodes, or values.
    long[] segments = new long[16];
    int segmentCount;
    Object[] values;
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

    void addRun(long start, long end) {
        if (end > start) {
            grow();
            segments[segmentCount++] = start;
            segments[segmentCount++] = end;
        }
    }

    void addValue(Object value) {
        if (values == null) {
            values = new Object[4];
        } else if (valueCount == values.length) {
            values = Arrays.copyOf(values, valueCount * 2);
        }
        values[valueCount] = value;
        grow();
        segments[segmentCount++] = VALUE - valueCount++;
        segments[segmentCount++] = 0;
    }

    /// Whether segment `s` (an even index) is a value rather than a file range.
    boolean isValue(int s) {
        return segments[s] < 0;
    }

    Object value(int s) {
        return values[(int) (VALUE - segments[s])];
    }

    private void grow() {
        if (segmentCount + 2 > segments.length) {
            segments = Arrays.copyOf(segments, segments.length * 2);
        }
    }
}
