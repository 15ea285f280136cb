package dev.bsee.core;

import dev.bsee.core.internal.BufferScope;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/// A column of `object` values: strings, Python bools, or missing (pandas' `NaN` or `None`).
///
/// Bools are what `read_csv` makes of a column of `True`/`False` with missing cells (an object
/// column of Python bools and `NaN`, where a column without missing cells is `bool`); a column
/// may mix them with strings, as a pickle may. [#get(int)] reads strings, [#value(int)] any value.
///
/// Strings are kept as UTF-8 bytes in one buffer with an end offset per row, so a column of millions
/// of strings costs no object per cell and can live in a memory-mapped file. Strings may hold any
/// Unicode text, astral characters and the empty string included; the empty string is not missing.
public final class ObjectColumn implements Column {

    private static final byte PRESENT = 0;
    private static final byte MISSING = 1;
    private static final byte TRUE = 2;
    private static final byte FALSE = 3;

    private final ByteBuffer utf8;
    private final ByteBuffer ends;
    private final ByteBuffer flags;
    private final int size;
    /// Until when the buffers may be read: the allocator's that made them.
    private final BufferScope scope;

    private ObjectColumn(ByteBuffer utf8, ByteBuffer ends, ByteBuffer flags, BufferScope scope) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.utf8 = utf8.slice().asReadOnlyBuffer();
        this.ends = ends.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        this.flags = flags.slice().asReadOnlyBuffer();
        this.size = this.flags.remaining();
        if (this.ends.remaining() != (long) size * Long.BYTES) {
            throw new IllegalArgumentException("offsets for " + this.ends.remaining() / Long.BYTES
                    + " rows but flags for " + size);
        }
    }

    /// A column of the given strings; `null` elements are missing values.
    ///
    /// @param values the strings
    /// @return the column
    public static ObjectColumn of(String... values) {
        java.util.Objects.requireNonNull(values, "values");
        Builder builder = builder(BufferAllocator.heap());
        for (String value : values) {
            if (value == null) {
                builder.addMissing();
            } else {
                builder.add(value);
            }
        }
        return builder.build();
    }

    /// A column over buffers laid out as a builder lays them out, for readers that produce a whole
    /// column at once: `utf8` holds the strings one after the other, `ends` the little-endian 64-bit
    /// offset in `utf8` where each row's string ends, and `flags` one byte per row: 0 for a string,
    /// 1 for a missing value, 2 for `True` and 3 for `False` (the last three hold no bytes). The
    /// layout is checked; that `utf8` is well-formed UTF-8 is the caller's promise, as for
    /// [Builder#addUtf8(byte\[\], int, int)].
    /// The buffers' remaining bytes are used without copying and must not change afterwards.
    ///
    /// @param utf8 the strings' bytes
    /// @param ends where each row's string ends in `utf8`: 8 bytes per row
    /// @param flags 0 (string), 1 (missing), 2 (`True`) or 3 (`False`) per row
    /// @return the column
    /// @throws IllegalArgumentException when the buffers do not describe a column
    public static ObjectColumn wrap(ByteBuffer utf8, ByteBuffer ends, ByteBuffer flags) {
        Objects.requireNonNull(utf8, "utf8");
        Objects.requireNonNull(ends, "ends");
        Objects.requireNonNull(flags, "flags");
        ObjectColumn column = new ObjectColumn(utf8, ends, flags, BufferScope.OPEN);
        long previous = 0;
        for (int row = 0; row < column.size; row++) {
            long end = column.ends.getLong(row * Long.BYTES);
            byte flag = column.flags.get(row);
            if (flag < PRESENT || flag > FALSE) {
                throw new IllegalArgumentException("row " + row + " has flag " + flag);
            }
            if (end < previous || flag != PRESENT && end != previous) {
                throw new IllegalArgumentException("row " + row + " ends at " + end + " after " + previous);
            }
            previous = end;
        }
        if (previous != column.utf8.remaining()) {
            throw new IllegalArgumentException("rows end at " + previous + " in " + column.utf8.remaining() + " bytes");
        }
        return column;
    }

    /// Until when the buffers may be read.
    BufferScope scope() {
        return scope;
    }

    /// This column's values in `scope` (see [BufferScope#bind]), sharing its buffers.
    ObjectColumn within(BufferScope scope) {
        return new ObjectColumn(utf8, ends, flags, scope);
    }

    /// A builder that appends into buffers from `allocator`.
    ///
    /// @param allocator where the bytes are stored
    /// @return the builder
    public static Builder builder(BufferAllocator allocator) {
        return new Builder(java.util.Objects.requireNonNull(allocator, "allocator"));
    }

    @Override
    public DType dtype() {
        return DType.OBJECT;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isMissing(int row) {
        Objects.checkIndex(row, size);
        return flag(row) == MISSING;
    }

    /// Whether the value at `row` is a string (not missing, not a bool).
    ///
    /// @param row the row, from zero
    /// @return true for a string
    public boolean isString(int row) {
        Objects.checkIndex(row, size);
        return flag(row) == PRESENT;
    }

    /// The string at `row`.
    ///
    /// @param row the row, from zero
    /// @return the string
    /// @throws NoSuchElementException when the value is missing or a bool ([#value(int)] gives any value)
    public String get(int row) {
        if (!isString(row)) {
            throw new NoSuchElementException("row " + row + (isMissing(row) ? " is missing" : " holds the bool "
                    + format(row) + ", not a string"));
        }
        ByteBuffer bytes = utf8(row);
        if (bytes.hasArray()) {
            return new String(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining(), StandardCharsets.UTF_8);
        }
        byte[] copy = new byte[bytes.remaining()];
        try {
            bytes.get(copy);
        } catch (IllegalStateException released) {
            throw scope.released(released);
        }
        return new String(copy, StandardCharsets.UTF_8);
    }

    /// The UTF-8 bytes of the string at `row` (empty for a missing value or a bool), without
    /// decoding them; the pickle writer copies them as they are.
    ///
    /// @param row the row, from zero
    /// @return a read-only view of the bytes
    public ByteBuffer utf8(int row) {
        Objects.checkIndex(row, size);
        int start = start(row);
        return utf8.slice(start, end(row) - start);
    }

    /// The length in bytes of the UTF-8 of the string at `row` (0 for a missing value or a bool).
    ///
    /// @param row the row, from zero
    /// @return the length in bytes
    public int utf8Length(int row) {
        Objects.checkIndex(row, size);
        return end(row) - start(row);
    }

    /// Copies the UTF-8 bytes of the string at `row` (none for a missing value or a bool) into
    /// `target` from `offset`, without decoding them and without making an object per row: the pickle writer copies
    /// millions of them straight into its output.
    ///
    /// @param row the row, from zero
    /// @param target where the bytes go
    /// @param offset where in `target` they start
    /// @return the number of bytes copied, [#utf8Length(int)]
    /// @throws IndexOutOfBoundsException when `target` has no room for them from `offset`
    public int copyUtf8(int row, byte[] target, int offset) {
        Objects.checkIndex(row, size);
        Objects.requireNonNull(target, "target");
        int start = start(row);
        int length = end(row) - start;
        try {
            utf8.get(start, target, offset, length);
        } catch (IllegalStateException released) {
            throw scope.released(released);
        }
        return length;
    }

    /// Copies the strings of the rows from `from` up to `to` into `target` one after the other, from
    /// index 0, without decoding them: as many whole rows as fit in `target` and in `lengths`. Each
    /// row's length in bytes goes to `lengths`, or a negative mark for a value that is no string
    /// and takes no bytes: [#COPIED_MISSING], [#COPIED_TRUE] or [#COPIED_FALSE]. A
    /// reader of millions of short strings (the pickle writer) makes one copy per batch of rows this
    /// way, where [#copyUtf8(int, byte\[\], int)] makes one per row.
    ///
    /// @param from the first row
    /// @param to the row after the last one wanted
    /// @param target where the bytes go
    /// @param lengths receives the rows' lengths in bytes, or the mark of a value that is no string
    /// @return the number of rows copied; 0 when `from` is `to`, `lengths` is empty or the string at
    ///     `from` is longer than `target`
    /// @throws IndexOutOfBoundsException when `from` and `to` are not rows of the column in order
    public int copyUtf8(int from, int to, byte[] target, int[] lengths) {
        Objects.checkFromToIndex(from, to, size);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(lengths, "lengths");
        scope.checkAcquire();
        int rows = Math.min(to - from, lengths.length);
        int first = start(from);
        int previous = first;
        int copied = 0;
        for (; copied < rows; copied++) {
            int row = from + copied;
            int end = end(row);
            if (end - first > target.length) {
                break;
            }
            byte flag = flag(row);
            lengths[copied] = flag == PRESENT ? end - previous : -flag;
            previous = end;
        }
        try {
            utf8.get(first, target, 0, previous - first);
        } catch (IllegalStateException released) {
            throw scope.released(released);
        }
        return copied;
    }

    /// The mark [#copyUtf8(int, int, byte\[\], int\[\])] gives a missing value.
    public static final int COPIED_MISSING = -MISSING;
    /// The mark [#copyUtf8(int, int, byte\[\], int\[\])] gives `True`.
    public static final int COPIED_TRUE = -TRUE;
    /// The mark [#copyUtf8(int, int, byte\[\], int\[\])] gives `False`.
    public static final int COPIED_FALSE = -FALSE;

    private int start(int row) {
        return row == 0 ? 0 : end(row - 1);
    }

    private int end(int row) {
        scope.check();
        try {
            return (int) ends.getLong(row * Long.BYTES);
        } catch (IllegalStateException released) {
            throw scope.released(released);
        }
    }

    /// The flag of `row`: a string, missing, `True` or `False`.
    private byte flag(int row) {
        scope.check();
        try {
            return flags.get(row);
        } catch (IllegalStateException released) {
            throw scope.released(released);
        }
    }

    @Override
    public Optional<Object> value(int row) {
        Objects.checkIndex(row, size);
        return switch (flag(row)) {
            case MISSING -> Optional.empty();
            case TRUE -> Optional.of(Boolean.TRUE);
            case FALSE -> Optional.of(Boolean.FALSE);
            default -> Optional.of(get(row));
        };
    }

    /// The string, `True` or `False` as Python prints them, or `NaN` for a missing value.
    @Override
    public String format(int row) {
        Objects.checkIndex(row, size);
        return switch (flag(row)) {
            case MISSING -> "NaN";
            case TRUE -> "True";
            case FALSE -> "False";
            default -> get(row);
        };
    }

    @Override
    public boolean equals(Object other) {
        // Checked first, so that a column without rows fails as one with rows does.
        scope.check();
        if (!(other instanceof ObjectColumn that) || that.size != size) {
            return false;
        }
        for (int row = 0; row < size; row++) {
            if (flag(row) != that.flag(row) || !utf8(row).equals(that.utf8(row))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        scope.check();
        return Columns.hash(this);
    }

    @Override
    public String toString() {
        scope.check();
        return Columns.describe(this);
    }

    /// Appends strings, bools and missing values; not thread-safe.
    public static final class Builder {
        private final GrowableBuffer utf8;
        private final GrowableBuffer ends;
        private final GrowableBuffer flags;
        private final BufferScope scope;

        private Builder(BufferAllocator allocator) {
            this.scope = BufferScope.of(allocator);
            this.utf8 = allocator.allocate();
            this.ends = allocator.allocate();
            this.flags = allocator.allocate();
        }

        /// Appends a string.
        ///
        /// @param value the string; [#addMissing()] appends a missing value
        /// @return this builder
        /// @throws NullPointerException when `value` is null
        /// @throws IllegalArgumentException when the string holds a lone surrogate, which has no UTF-8
        ///     form (the column holds UTF-8; the reader refuses such strings in a file too)
        public Builder add(String value) {
            Objects.requireNonNull(value, "value (addMissing() appends a missing value)");
            requireUtf8Form(value);
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            return addUtf8(bytes, 0, bytes.length);
        }

        /// `String.getBytes` writes `?` for a lone surrogate: the string would change without a word.
        private static void requireUtf8Form(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (!Character.isSurrogate(c)) {
                    continue;
                }
                if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "a lone surrogate (U+%04X) at index %d: the string has no UTF-8 form", (int) c, i));
            }
        }

        /// Appends a string given as valid UTF-8 bytes, without decoding them.
        ///
        /// @param bytes the bytes
        /// @param offset where the string starts
        /// @param length its length in bytes
        /// @return this builder
        public Builder addUtf8(byte[] bytes, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(bytes, "bytes").length);
            utf8.put(bytes, offset, length);
            ends.putLong(utf8.size());
            flags.putByte(PRESENT);
            return this;
        }

        /// Appends a missing value.
        ///
        /// @return this builder
        public Builder addMissing() {
            return addFlag(MISSING);
        }

        /// Appends a Python bool.
        ///
        /// @param value the bool
        /// @return this builder
        public Builder add(boolean value) {
            return addFlag(value ? TRUE : FALSE);
        }

        /// Appends the value at `row` of `column` as it is: a string, a bool or a missing value.
        ///
        /// @param column the column to copy from
        /// @param row the row, from zero
        /// @return this builder
        public Builder addFrom(ObjectColumn column, int row) {
            byte flag = column.flag(Objects.checkIndex(row, column.size));
            if (flag != PRESENT) {
                return addFlag(flag);
            }
            ByteBuffer bytes = column.utf8(row);
            if (bytes.hasArray()) {
                return addUtf8(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            }
            byte[] copy = new byte[bytes.remaining()];
            try {
                bytes.get(copy);
            } catch (IllegalStateException released) {
                throw column.scope.released(released);
            }
            return addUtf8(copy, 0, copy.length);
        }

        private Builder addFlag(byte flag) {
            ends.putLong(utf8.size());
            flags.putByte(flag);
            return this;
        }

        /// The number of values appended.
        ///
        /// @return the count
        public int size() {
            return (int) flags.size();
        }

        /// The finished column; the builder must not be used afterwards.
        ///
        /// @return the column
        public ObjectColumn build() {
            return new ObjectColumn(utf8.seal(), ends.seal(), flags.seal(), scope);
        }
    }
}
