package dev.bsee.binary;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

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

    /// A Python `bytes` or `bytearray`: read-only, little-endian, positioned at zero.
    record Bytes(ByteBuffer data) {
        int length() {
            return data.remaining();
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

    static final class PyList {
        final ArrayList<Object> items = new ArrayList<>();

        @Override
        public String toString() {
            return "list of " + items.size() + " items";
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
