package dev.bsee.binary;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/// The values the pickle machine builds: Python built-ins (`None`, `str`, `bytes`, `tuple`, `list`,
/// `dict`, `slice`; `bool`, `int` and `float` are Java's `Boolean`, `Long` and `Double`) and inert
/// stand-ins for the few pandas and numpy objects a DataFrame pickle creates. None of them runs code,
/// and none prints or compares itself recursively, so hostile nesting cannot overflow the stack.
final class Py {
    private Py() {
    }

    /// Python's `None`.
    enum None {
        NONE
    }

    /// A Python `str`, kept as validated UTF-8 so strings go into columns without decoding.
    static final class Str implements Comparable<Str> {
        final byte[] utf8;
        private int hash;
        /// Where the machine's memo keeps a copy of these bytes, -1 until it does: one copy per
        /// string however often it is stored.
        int memoCopy = -1;

        Str(byte[] utf8) {
            this.utf8 = utf8;
        }

        String text() {
            return new String(utf8, StandardCharsets.UTF_8);
        }

        boolean is(String value) {
            return Arrays.equals(utf8, value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Str that && Arrays.equals(utf8, that.utf8);
        }

        @Override
        public int hashCode() {
            int h = hash;
            if (h == 0) {
                h = Arrays.hashCode(utf8);
                hash = h;
            }
            return h;
        }

        @Override
        public int compareTo(Str other) {
            return Arrays.compareUnsigned(utf8, other.utf8);
        }

        @Override
        public String toString() {
            String text = text();
            return "'" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'";
        }
    }

    /// A Python `bytes` or `bytearray`: read-only, little-endian, positioned at zero. A projected
    /// read of a file leaves large payloads in the file ([#inFile]) and reads only the ranges the
    /// columns it keeps need ([#slice]).
    static final class Bytes {
        private ByteBuffer data;
        private final FileRegions file;
        private final long offset;
        private final int length;

        Bytes(ByteBuffer data) {
            this.data = data;
            this.file = null;
            this.offset = 0;
            this.length = data.remaining();
        }

        private Bytes(FileRegions file, long offset, int length) {
            this.file = file;
            this.offset = offset;
            this.length = length;
        }

        /// The `length` bytes at `offset` of the file `file` reads, read when they are used.
        static Bytes inFile(FileRegions file, long offset, int length) {
            return new Bytes(file, offset, length);
        }

        int length() {
            return length;
        }

        /// All the bytes, read from the file the first time when they were left there.
        ByteBuffer data() {
            if (data == null) {
                data = file.read(offset, length);
            }
            return data;
        }

        /// `count` bytes from `from`, read from the file alone when they were left there.
        ByteBuffer slice(int from, int count) {
            return data != null ? data.slice(from, count) : file.read(offset + from, count);
        }

        @Override
        public String toString() {
            return "bytes of length " + length();
        }
    }

    record Tuple(Object[] items) {
        static final Tuple EMPTY = new Tuple(new Object[0]);

        int size() {
            return items.length;
        }

        Object get(int i) {
            return items[i];
        }

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }

        @Override
        public String toString() {
            return "tuple of " + items.length + " items";
        }
    }

    /// A Python `list`. Strings are kept as UTF-8 one after the other in one array, with a kind and
    /// an end offset per item, so the list of an object array of millions of strings costs no object
    /// per string and each column of it is one range of that array; other items are kept as they are.
    ///
    /// The storage fields are open to [ListItems]'s loop over buffered list items, which keeps
    /// them in locals while it appends and writes them back before anything else touches the list.
    static final class PyList {
        static final byte STRING = 0;
        static final byte NAN = 1;
        static final byte NONE = 2;
        static final byte OTHER = 3;
        static final Double BOXED_NAN = Double.NaN;
        private static final int MAX_BYTES = Integer.MAX_VALUE - 8;
        static final String TOO_LONG = "the strings of one list exceed 2 GiB";

        byte[] kinds = new byte[8];
        /// Where each item's string ends in `utf8` (for other items: where the previous one ended).
        int[] ends = new int[8];
        byte[] utf8 = new byte[32];
        /// The items that are neither strings nor missing values, by position; made for the first.
        private Object[] others;
        int size;
        int utf8Size;
        /// Whether the heap refused to grow `utf8` as far as asked once.
        private boolean heapTight;
        /// Set while the items are skimmed, not held ([SkimmedItems]); null once they are held.
        SkimmedItems skim;

        int size() {
            held();
            return size;
        }

        /// Refuses to look into a list whose items are skimmed: only the assembly reads those again,
        /// knowing where; anything else that reaches one abandons the shortcut.
        private void held() {
            if (skim != null) {
                throw LazyReadAbandoned.INSTANCE;
            }
        }

        /// Reads skimmed items again from the file, so that the list holds them.
        void materialize() throws PickleFormatException {
            if (skim != null) {
                skim.owner.materialize(this);
            }
        }

        /// Appends any value; a `str` is copied.
        void add(Object item) throws PickleFormatException {
            if (item instanceof Str text) {
                addUtf8(text.utf8, 0, text.utf8.length);
            } else if (item instanceof Double number && Double.isNaN(number)) {
                append(NAN);
            } else if (item == None.NONE) {
                append(NONE);
            } else {
                append(OTHER);
                if (others == null) {
                    others = new Object[kinds.length];
                }
                others[size - 1] = item;
            }
        }

        /// Makes room for `bytes` bytes of strings in all.
        void reserveUtf8(int bytes) {
            if (bytes > utf8.length) {
                utf8 = Arrays.copyOf(utf8, bytes);
            }
        }

        /// Makes room for `items` items in all.
        void reserve(int items) {
            if (items > kinds.length) {
                kinds = Arrays.copyOf(kinds, items);
                ends = Arrays.copyOf(ends, items);
                if (others != null) {
                    others = Arrays.copyOf(others, items);
                }
            }
        }

        /// Appends a `str` given as its UTF-8 bytes, which the caller has validated.
        void addUtf8(byte[] bytes, int offset, int length) throws PickleFormatException {
            roomForUtf8(length);
            System.arraycopy(bytes, offset, utf8, utf8Size, length);
            utf8Size += length;
            append(STRING);
        }

        /// Appends float NaN ([#NAN]) or `None` ([#NONE]).
        void addMissing(byte kind) {
            append(kind);
        }

        private void append(byte kind) {
            if (size == kinds.length) {
                roomForItems();
            }
            kinds[size] = kind;
            ends[size] = utf8Size;
            size++;
        }

        /// Grows the item arrays, which are full.
        void roomForItems() {
            int grown = (int) Math.min(Integer.MAX_VALUE - 8, 2L * size);
            kinds = Arrays.copyOf(kinds, grown);
            ends = Arrays.copyOf(ends, grown);
            if (others != null) {
                others = Arrays.copyOf(others, grown);
            }
        }

        /// Grows `utf8` to take `length` more bytes.
        void roomForUtf8(int length) throws PickleFormatException {
            if (utf8.length - utf8Size < length) {
                if (length > MAX_BYTES - utf8Size) {
                    throw new PickleFormatException(TOO_LONG);
                }
                int needed = utf8Size + length;
                // Once the heap refused a doubling, an eighth more, and refused again, the strings do
                // not fit: doubling again would fail again (a full collection each time), and growing
                // by exactly what each string needs copied the whole buffer for every string, which
                // ran for minutes.
                long grown = heapTight ? needed + (long) needed / 8 : Math.max(needed, 2L * utf8.length);
                try {
                    utf8 = Arrays.copyOf(utf8, (int) Math.min(MAX_BYTES, grown));
                } catch (OutOfMemoryError doubledTooMuch) {
                    // One array the heap could not give: nothing was allocated, the heap is as it
                    // was. Exactly what is needed may still fit, once; else the strings do not. The
                    // expansion budget, a multiple of the input, can be more than a small heap holds
                    // (a string repeated by memo references: a 1 MB pickle of 300 MB of text).
                    if (heapTight) {
                        throw beyondTheHeap(needed);
                    }
                    heapTight = true;
                    try {
                        utf8 = Arrays.copyOf(utf8, needed);
                    } catch (OutOfMemoryError tooMuch) {
                        throw beyondTheHeap(needed);
                    }
                }
            }
        }

        private static PickleFormatException beyondTheHeap(int needed) {
            return new PickleFormatException(String.format(java.util.Locale.ROOT,
                    "its strings take more than this JVM's heap (%,d MiB) holds: %,d bytes so far; a larger"
                            + " heap (-Xmx) may read it",
                    Runtime.getRuntime().maxMemory() >> 20, (long) needed));
        }

        /// Removes the items from `newSize` on; returns the bytes of the strings removed.
        int truncate(int newSize) {
            int removed = utf8Size - start(newSize);
            utf8Size -= removed;
            if (others != null) {
                Arrays.fill(others, newSize, size, null);
            }
            size = newSize;
            return removed;
        }

        /// Whether every item is a string, float NaN or `None`: true unless an item of another kind
        /// was ever added (removed ones included), so false only says there may be one.
        boolean holdsOnlyStringsAndMissing() {
            held();
            return others == null;
        }

        byte kind(int i) {
            return kinds[i];
        }

        /// Where item `i`'s string starts in [#utf8()] (or would start, for other items).
        int start(int i) {
            return i == 0 ? 0 : ends[i - 1];
        }

        int end(int i) {
            return ends[i];
        }

        /// The strings' bytes, valid up to the end of the last item.
        byte[] utf8() {
            return utf8;
        }

        /// Item `i` as a value: a new [Str] for a string.
        Object get(int i) {
            held();
            Objects.checkIndex(i, size);
            return switch (kinds[i]) {
                case STRING -> new Str(Arrays.copyOfRange(utf8, start(i), ends[i]));
                case NAN -> BOXED_NAN;
                case NONE -> None.NONE;
                default -> others[i];
            };
        }

        /// The items as values (see [#get(int)]); a view, for the few short lists of a DataFrame's
        /// structure (axes, index levels, names).
        List<Object> items() {
            held();
            return new AbstractList<>() {
                @Override
                public Object get(int index) {
                    return PyList.this.get(index);
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }

        @Override
        public String toString() {
            return "list of " + size + " items";
        }
    }

    static final class Dict {
        final LinkedHashMap<Object, Object> entries = new LinkedHashMap<>();

        Object get(String key) {
            return entries.get(new Str(key.getBytes(StandardCharsets.UTF_8)));
        }

        boolean has(String key) {
            return entries.containsKey(new Str(key.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String toString() {
            return "dict of " + entries.size() + " items";
        }
    }

    /// A value the reader builds nothing for and no table holds: a `DatetimeIndex`'s frequency (a
    /// pandas offset, and the `datetime.timedelta` or `time` its arguments hold). Met where the
    /// frequency goes it is dropped; anywhere else (a column's or an index's value, a name, a label)
    /// it is refused like any type a table cannot hold, never read as something else.
    ///
    /// @param what the Python type, for messages
    record Inert(String what) {
        @Override
        public String toString() {
            return what;
        }
    }

    record Slice(Object start, Object stop, Object step) {
        @Override
        public String toString() {
            return "slice";
        }
    }

    /// `numpy.dtype(code)`, completed by its `__setstate__` tuple (byte order, datetime unit).
    static final class Dtype {
        final String code;
        char byteOrder = '=';
        String unit = "";

        Dtype(String code) {
            this.code = code;
        }

        /// The numpy name for messages, e.g. `int32` or `datetime64[us]`.
        String describe() {
            return switch (code) {
                case "b1" -> "bool";
                case "O8", "O4" -> "object";
                case "M8" -> "datetime64" + (unit.isEmpty() ? "" : "[" + unit + "]");
                case "m8" -> "timedelta64" + (unit.isEmpty() ? "" : "[" + unit + "]");
                default -> switch (code.charAt(0)) {
                    case 'i' -> "int" + bits();
                    case 'u' -> "uint" + bits();
                    case 'f' -> "float" + bits();
                    case 'c' -> "complex" + bits();
                    default -> "dtype '" + code + "'";
                };
            };
        }

        private String bits() {
            try {
                return String.valueOf(Integer.parseInt(code.substring(1)) * 8);
            } catch (NumberFormatException e) {
                return code.substring(1);
            }
        }

        @Override
        public String toString() {
            return "dtype " + describe();
        }
    }

    /// An ndarray: `shape`, `dtype`, Fortran order, and its data (`Bytes`, or a `PyList` of items
    /// for object arrays). Empty until `__setstate__` (or `_frombuffer`) fills it.
    static final class NdArray {
        long[] shape;
        Dtype dtype;
        boolean fortran;
        Object data;

        boolean filled() {
            return dtype != null;
        }

        @Override
        public String toString() {
            return filled() ? "ndarray " + Arrays.toString(shape) + " of " + dtype.describe() : "empty ndarray";
        }
    }

    /// `pandas.core.arrays.DatetimeArray`, wrapping an ndarray of `datetime64`.
    static final class DatetimeArray {
        NdArray values;

        @Override
        public String toString() {
            return "DatetimeArray";
        }
    }

    /// `_unpickle_block(values, placement, ndim)`.
    record Block(Object values, Object placement) {
        @Override
        public String toString() {
            return "Block";
        }
    }

    /// `BlockManager(blocks, axes)`.
    record Manager(Tuple blocks, PyList axes) {
        @Override
        public String toString() {
            return "BlockManager";
        }
    }

    /// The pandas index classes, by what they hold.
    sealed interface PandasIndex permits RangeIndex, LabelIndex, MultiIndex {
    }

    record RangeIndex(long start, long stop, long step, Object name) implements PandasIndex {
        @Override
        public String toString() {
            return "RangeIndex";
        }
    }

    /// `Index`, `Int64Index`, `Float64Index` or `DatetimeIndex`: one array of labels.
    record LabelIndex(Object values, Object name) implements PandasIndex {
        @Override
        public String toString() {
            return "Index";
        }
    }

    record MultiIndex(List<Object> levels, List<Object> codes, List<Object> names) implements PandasIndex {
        @Override
        public String toString() {
            return "MultiIndex";
        }
    }

    /// `DataFrame.__new__(DataFrame)`; its `__setstate__` dict supplies the block manager.
    static final class DataFrame {
        Object manager;

        @Override
        public String toString() {
            return "DataFrame";
        }
    }

    /// A short description of a value for messages: its Python type, never its (possibly huge or
    /// deeply nested) contents.
    static String typeName(Object value) {
        return switch (value) {
            case null -> "nothing";
            case None n -> "None";
            case Boolean b -> "bool";
            case Long l -> "int";
            case Double d -> "float";
            case Str s -> "str";
            case Bytes b -> "bytes";
            case Tuple t -> "tuple";
            case PyList l -> "list";
            case Dict d -> "dict";
            default -> value.toString();
        };
    }
}
