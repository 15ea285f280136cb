package dev.bsee.binary;

import dev.bsee.core.BoolColumn;
import dev.bsee.core.BufferAllocator;
import dev.bsee.core.Column;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Float64Column;
import dev.bsee.core.GrowableBuffer;
import dev.bsee.core.Index;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import dev.bsee.core.UInt64Column;
import dev.bsee.core.internal.MessageText;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/// Checks the object graph of an unpickled DataFrame against what pandas builds and turns it into a
/// [Table]: column labels, row index, and one column per block row at the positions its placement
/// names.
///
/// Fixed-width columns share the unpickled buffers where the layout allows (no copy); an object
/// column whose items are consecutive in its list (C order) is one range of the list's strings
/// (shared on the heap, copied at once into other allocators' buffers). What the columns hold is
/// charged against the read's [ExpansionBudget], shared or not, so pickles whose arrays are
/// referenced many times or whose index levels repeat long labels cannot expand into unbounded
/// memory, and both ways of building a column refuse the same pickles.
///
/// The frame's structure is matched with `instanceof`, not pattern `switch`es: each of those spins a
/// class at run time on its first use (about 25 ms for the first in a fresh JVM, through the
/// class-file API), which a short read such as `BinStore`'s pays in full.
final class TableAssembler {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final BufferAllocator allocator;
    private final ExpansionBudget budget;
    /// The columns of each object array's list already made into a column (or charged as one): a
    /// list's strings were charged once as it took them, and only a second use copies them again.
    private final java.util.Map<Py.PyList, java.util.BitSet> usedColumns = new java.util.IdentityHashMap<>();
    private final long inputBytes;
    private final boolean fastPaths;
    private List<String> columnNames = List.of();

    /// @param fastPaths whether object columns may be copied range by range; without it they are
    ///     built item by item (the reference the fast path is tested against)
    TableAssembler(BufferAllocator allocator, ExpansionBudget budget, long inputBytes, boolean fastPaths) {
        this.allocator = allocator;
        this.budget = budget;
        this.inputBytes = inputBytes;
        this.fastPaths = fastPaths;
    }

    Table assemble(Object root) throws PickleFormatException {
        return assemble(root, null);
    }

    /// What a pickle holds instead of a DataFrame, with its article: `a dict`, `an int`, `a pandas
    /// Index`, `a numpy ndarray [3] of int64`, `None`.
    private static String whatItIs(Object root) {
        String name = Py.typeName(root);
        return switch (root) {
            case null -> name;
            case Py.None none -> name;
            case Py.PandasIndex index -> "a pandas " + name;
            case Py.NdArray array -> "a numpy " + name;
            default -> ("aeiou".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
        };
    }

    /// The table with only the columns whose names are in `kept` (every column when null), in the
    /// frame's order. The columns left out are checked as if they were built (dtype, shape, placement,
    /// items, the expansion budget charged in the same order), so this refuses exactly the pickles a
    /// whole assembly refuses, with the same message; only building them is skipped.
    Table assemble(Object root, Set<String> kept) throws PickleFormatException {
        if (!(root instanceof Py.DataFrame frame)) {
            throw new PickleFormatException("the pickle holds " + whatItIs(root) + ", not a pandas DataFrame");
        }
        if (!(frame.manager instanceof Py.Manager manager)) {
            throw new PickleFormatException("the DataFrame has no block manager state");
        }
        List<Object> axes = manager.axes().items();
        if (axes.size() != 2) {
            throw new PickleFormatException("the block manager has " + axes.size() + " axes instead of 2");
        }
        List<String> names = columnNames(axes.get(0));
        columnNames = names;
        Index index = rowIndex(axes.get(1));
        int rows = index.size();
        Column[] columns = new Column[names.size()];
        boolean[] placed = new boolean[names.size()];
        for (Object item : manager.blocks().items()) {
            if (!(item instanceof Py.Block block)) {
                throw new PickleFormatException("the block manager holds a " + Py.typeName(item) + " instead of a block");
            }
            Py.NdArray values = array(block.values(), "block values");
            int[] positions = placement(block.placement(), names.size());
            if (values.shape.length != 2) {
                // pandas gives a block of a NumPy dtype (and of naive datetimes) two dimensions and
                // refuses one of any other number ("Wrong number of dimensions"); a block of one was
                // read as a column.
                throw new PickleFormatException("a block's values are an array of " + values.shape.length
                        + (values.shape.length == 1 ? " dimension" : " dimensions") + " (shape "
                        + Arrays.toString(values.shape) + "), not the 2 of a DataFrame's blocks");
            }
            int width = (int) values.shape[0];
            int length = (int) values.shape[1];
            if (width != positions.length || length != rows) {
                throw new PickleFormatException("a block of shape " + Arrays.toString(values.shape) + " is placed at "
                        + MessageText.count(positions.length, "column") + " of a frame with " + MessageText.count(rows, "row"));
            }
            for (int i = 0; i < width; i++) {
                int position = positions[i];
                String what = describeColumn(names.get(position), position);
                if (placed[position]) {
                    throw new PickleFormatException(what + " is placed by two blocks");
                }
                placed[position] = true;
                columns[position] = column(values, i, width, length, what,
                        kept == null || kept.contains(names.get(position)));
            }
        }
        Table.Builder table = Table.builder().index(index);
        for (int position = 0; position < columns.length; position++) {
            if (!placed[position]) {
                throw new PickleFormatException("column '" + names.get(position) + "' (position " + position
                        + ") is in no block");
            }
            if (columns[position] != null) {
                table.column(names.get(position), columns[position]);
            }
        }
        return table.build();
    }

    /// `column 'NAME' (position N)`, for messages, built without string concatenation: each `+` of
    /// strings is a call site that the JVM links on its first use by generating a class (several
    /// milliseconds each in a fresh JVM), and this one is met on every read.
    private static String describeColumn(String name, int position) {
        return new StringBuilder(name.length() + 24).append("column '").append(name).append("' (position ")
                .append(position).append(')').toString();
    }

    /// The column labels of the frame [#assemble(Object, Set)] last read, all of them.
    List<String> columnNames() {
        return columnNames;
    }

    private List<String> columnNames(Object axis) throws PickleFormatException {
        if (axis instanceof Py.RangeIndex range && range.start() == range.stop()) {
            return List.of();
        }
        if (axis instanceof Py.LabelIndex labels) {
            Py.NdArray array = array(labels.values(), "column labels");
            if (array.shape.length != 1) {
                throw new PickleFormatException("column labels are not a 1-dimensional array");
            }
            if (array.shape[0] == 0) {
                return List.of();
            }
            if (array.data instanceof Py.PyList list) {
                list.materialize();
            }
            if (!(array.data instanceof Py.PyList items) || items.size() != array.shape[0]) {
                throw new PickleFormatException("column labels are " + array.dtype.describe() + ", not strings");
            }
            List<String> names = new ArrayList<>(items.size());
            for (Object label : items.items()) {
                if (!(label instanceof Py.Str name)) {
                    throw new PickleFormatException("column label " + Py.typeName(label) + " is not a string; "
                            + "only string column labels are supported");
                }
                names.add(name.text());
            }
            return names;
        }
        throw new PickleFormatException("column labels are a " + Py.typeName(axis)
                + "; only string column labels are supported");
    }

    private Index rowIndex(Object axis) throws PickleFormatException {
        if (axis instanceof Py.RangeIndex range) {
            String name = name(range.name(), "index name").orElse(null);
            try {
                return new Index.Range(range.start(), range.stop(), range.step(), name);
            } catch (IllegalArgumentException e) {
                // A zero step, or more rows than a table holds.
                throw new PickleFormatException(e.getMessage());
            }
        }
        if (axis instanceof Py.LabelIndex labels) {
            return new Index.Labels(labelColumn(labels, "index labels"), name(labels.name(), "index name").orElse(null));
        }
        if (axis instanceof Py.MultiIndex multi) {
            return multiIndex(multi);
        }
        throw new PickleFormatException("the row index is a " + Py.typeName(axis));
    }

    private static long ceilDiv(long numerator, long denominator) {
        return numerator <= 0 ? 0 : Math.ceilDiv(numerator, denominator);
    }

    private Column labelColumn(Py.LabelIndex labels, String what) throws PickleFormatException {
        Py.NdArray array = array(labels.values(), what);
        if (array.shape.length != 1) {
            throw new PickleFormatException(what + " are not a 1-dimensional array");
        }
        return column(array, 0, 1, (int) array.shape[0], what, true);
    }

    private Index multiIndex(Py.MultiIndex multi) throws PickleFormatException {
        int levelCount = multi.levels().size();
        if (levelCount == 0 || multi.codes().size() != levelCount
                || !multi.names().isEmpty() && multi.names().size() != levelCount) {
            throw new PickleFormatException("MultiIndex with " + levelCount + " levels, " + multi.codes().size()
                    + " code arrays and " + multi.names().size() + " names");
        }
        List<Column> levels = new ArrayList<>(levelCount);
        List<Optional<Column>> integerLevels = new ArrayList<>(levelCount);
        List<Optional<String>> names = new ArrayList<>(levelCount);
        int rows = -1;
        for (int level = 0; level < levelCount; level++) {
            String what = "MultiIndex level " + level;
            if (!(multi.levels().get(level) instanceof Py.LabelIndex labels)) {
                throw new PickleFormatException(what + " is a " + Py.typeName(multi.levels().get(level)));
            }
            Column uniques = labelColumn(labels, what);
            int[] codes = codes(array(multi.codes().get(level), what + " codes"), uniques.size(), what);
            if (rows >= 0 && codes.length != rows) {
                throw new PickleFormatException("MultiIndex levels have " + MessageText.number(rows) + " and "
                        + MessageText.count(codes.length, "code"));
            }
            rows = codes.length;
            levels.add(materialize(uniques, codes, what));
            integerLevels.add(integerLabels(uniques, codes, what));
            names.add(multi.names().isEmpty() ? Optional.empty() : name(multi.names().get(level), what + " name"));
        }
        return new Index.Multi(levels, names, integerLevels);
    }

    /// The exact labels of an `int64` or `uint64` level with missing labels, whose labels
    /// [#materialize] gives as `float64`: pandas writes and prints them as the integers they are.
    /// A missing row holds 0. Empty for any other level.
    private Optional<Column> integerLabels(Column uniques, int[] codes, String what) throws PickleFormatException {
        if (!(uniques instanceof Int64Column || uniques instanceof UInt64Column)
                || Arrays.stream(codes).allMatch(code -> code >= 0)) {
            return Optional.empty();
        }
        charge((long) codes.length * 8, what);
        long[] values = new long[codes.length];
        for (int row = 0; row < codes.length; row++) {
            values[row] = codes[row] < 0 ? 0 : uniques instanceof Int64Column ints ? ints.get(codes[row])
                    : ((UInt64Column) uniques).get(codes[row]);
        }
        return Optional.of(uniques instanceof Int64Column ? Int64Column.of(values) : UInt64Column.of(values));
    }

    private int[] codes(Py.NdArray array, int levelSize, String what) throws PickleFormatException {
        int width = switch (array.dtype.code) {
            case "i1" -> 1;
            case "i2" -> 2;
            case "i4" -> 4;
            case "i8" -> 8;
            default -> throw new PickleFormatException(what + " codes are " + array.dtype.describe());
        };
        if (array.shape.length != 1 || !(array.data instanceof Py.Bytes bytes)
                || bytes.length() != array.shape[0] * width || width > 1 && array.dtype.byteOrder == '>') {
            throw new PickleFormatException(what + " codes are malformed");
        }
        ByteBuffer data = bytes.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int[] codes = new int[(int) array.shape[0]];
        for (int row = 0; row < codes.length; row++) {
            long code = switch (width) {
                case 1 -> data.get(row);
                case 2 -> data.getShort(row * 2);
                case 4 -> data.getInt(row * 4);
                default -> data.getLong(row * 8);
            };
            if (code < -1 || code >= levelSize) {
                throw new PickleFormatException(what + " has code " + code + " at row " + row + " for "
                        + MessageText.count(levelSize, "label"));
            }
            codes[row] = (int) code;
        }
        return codes;
    }

    /// The label of every row of one level, as `MultiIndex.get_level_values` gives it (an `int64`
    /// level with missing labels becomes `float64`, as in pandas).
    private Column materialize(Column uniques, int[] codes, String what) throws PickleFormatException {
        boolean anyMissing = Arrays.stream(codes).anyMatch(code -> code < 0);
        charge((long) codes.length * 9, what);
        switch (uniques) {
            case Int64Column ints when !anyMissing -> {
                Int64Column.Builder column = Int64Column.builder(allocator);
                for (int code : codes) {
                    column.add(ints.get(code));
                }
                return column.build();
            }
            case Int64Column ints -> {
                Float64Column.Builder column = Float64Column.builder(allocator);
                for (int code : codes) {
                    column.add(code < 0 ? Double.NaN : ints.get(code));
                }
                return column.build();
            }
            case UInt64Column unsigned when !anyMissing -> {
                long[] values = new long[codes.length];
                for (int row = 0; row < codes.length; row++) {
                    values[row] = unsigned.get(codes[row]);
                }
                return UInt64Column.of(values);
            }
            case UInt64Column unsigned -> {
                // numpy's take with a NaN fill makes float64 of uint64, as of int64.
                Float64Column.Builder column = Float64Column.builder(allocator);
                for (int code : codes) {
                    column.add(code < 0 ? Double.NaN : unsigned.toDouble(code));
                }
                return column.build();
            }
            case Float64Column floats -> {
                Float64Column.Builder column = Float64Column.builder(allocator);
                for (int code : codes) {
                    column.add(code < 0 ? Double.NaN : floats.get(code));
                }
                return column.build();
            }
            case DateTimeColumn times -> {
                long[] nanos = new long[codes.length];
                for (int row = 0; row < codes.length; row++) {
                    nanos[row] = codes[row] < 0 ? DateTimeColumn.NAT : times.epochNanos(codes[row]);
                }
                return DateTimeColumn.of(nanos);
            }
            case BoolColumn bools when !anyMissing -> {
                BoolColumn.Builder column = BoolColumn.builder(allocator);
                for (int code : codes) {
                    column.add(bools.get(code));
                }
                return column.build();
            }
            case BoolColumn bools -> {
                // pandas shows bool labels with missing ones as an object column of Python bools and NaN.
                ObjectColumn.Builder column = ObjectColumn.builder(allocator);
                for (int code : codes) {
                    if (code < 0) {
                        column.addMissing();
                    } else {
                        column.add(bools.get(code));
                    }
                }
                return column.build();
            }
            case ObjectColumn strings -> {
                byte[][] utf8 = new byte[strings.size()][];
                for (int i = 0; i < utf8.length; i++) {
                    ByteBuffer bytes = strings.utf8(i);
                    utf8[i] = new byte[bytes.remaining()];
                    bytes.get(utf8[i]);
                }
                ObjectColumn.Builder column = ObjectColumn.builder(allocator);
                for (int code : codes) {
                    if (code < 0) {
                        column.addMissing();
                    } else if (!strings.isString(code)) {
                        column.addFrom(strings, code);
                    } else {
                        charge(utf8[code].length, what);
                        column.addUtf8(utf8[code], 0, utf8[code].length);
                    }
                }
                return column.build();
            }
        }
    }

    /// The `i`-th of `width` columns of a block of `length` rows; with `build` false, null after the
    /// same checks and charges as building it (a column of an object list that may hold items other
    /// than strings and missing values is built anyway and dropped, to refuse the first item a build
    /// refuses).
    private Column column(Py.NdArray array, int i, int width, int length, String what, boolean build)
            throws PickleFormatException {
        NumpyType type = supportedType(array.dtype, what);
        if (type == NumpyType.OBJECT) {
            if (array.data instanceof Py.PyList list && list.skim != null) {
                SkimmedItems skim = list.skim;
                if (skim.items != (long) width * length) {
                    throw new PickleFormatException(what + ": object array data does not match its shape");
                }
                if (skim.width != width || skim.length != length) {
                    // Counted for another shape than the array's: only a whole read can tell.
                    throw LazyReadAbandoned.INSTANCE;
                }
                boolean again = !firstUse(list, i);
                if (!build) {
                    charge((long) length * 9, what);
                    if (again) {
                        charge(skim.columnBytes(i), what);
                    }
                    return null;
                }
                // The column's items alone, built as the column of a one-column array.
                return objectColumn(skim.owner.column(skim, i), 0, length, what, again);
            }
            if (!(array.data instanceof Py.PyList items) || items.size() != (long) width * length) {
                throw new PickleFormatException(what + ": object array data does not match its shape");
            }
            boolean again = !firstUse(items, i);
            if (!build && items.holdsOnlyStringsAndMissing()) {
                charge((long) length * 9, what);
                if (again) {
                    charge(stringBytes(items, i, length), what);
                }
                return null;
            }
            // numpy pickles an object array's items in logical (C) order whatever its memory order
            // (`_getlist_pkl` walks it with a C-order iterator); only raw bytes follow a Fortran flag.
            Column column = objectColumn(items, i, length, what, again);
            return build ? column : null;
        }
        if (!(array.data instanceof Py.Bytes bytes) || bytes.length() != (long) width * length * type.itemSize) {
            throw new PickleFormatException(what + ": array data does not match its shape "
                    + Arrays.toString(array.shape) + " of " + array.dtype.describe());
        }
        if (!build) {
            if (array.fortran && width > 1 && length > 1) {
                charge((long) length * type.itemSize, what);
            }
            return null;
        }
        ByteBuffer values;
        if (!array.fortran || width == 1 || length <= 1) {
            values = bytes.slice(i * length * type.itemSize, length * type.itemSize);
        } else {
            values = transposedColumn(bytes.data(), i, width, length, type.itemSize, what);
        }
        return switch (type) {
            case INT64 -> Int64Column.wrap(values);
            case UINT64 -> UInt64Column.wrap(values);
            case FLOAT64 -> Float64Column.wrap(values);
            case BOOL -> BoolColumn.wrap(values);
            case DATETIME64_NS -> DateTimeColumn.wrap(values);
            default -> throw new IllegalStateException(type.toString());
        };
    }

    /// Marks column `i` of `list` used; whether this is its first use.
    private boolean firstUse(Py.PyList list, int i) {
        java.util.BitSet used = usedColumns.computeIfAbsent(list, ignored -> new java.util.BitSet());
        if (used.get(i)) {
            return false;
        }
        used.set(i);
        return true;
    }

    /// The bytes of the strings of the `i`-th of `width` columns of `items`: what building the column
    /// charges for them.
    private static long stringBytes(Py.PyList items, int i, int length) {
        return length == 0 ? 0 : items.end(i * length + length - 1) - items.start(i * length);
    }

    /// Column `i` of a Fortran-ordered `(width, length)` array, where its values are `width` apart.
    private ByteBuffer transposedColumn(ByteBuffer data, int i, int width, int length, int itemSize, String what)
            throws PickleFormatException {
        charge((long) length * itemSize, what);
        GrowableBuffer column = allocator.allocate();
        byte[] item = new byte[itemSize];
        for (int row = 0; row < length; row++) {
            data.get((int) (((long) row * width + i) * itemSize), item);
            column.put(item, 0, itemSize);
        }
        return column.seal();
    }

    /// Column `i` of an object array of columns `length` items long, its items in logical order.
    ///
    /// @param chargeStrings whether the strings count against the budget: the list was charged for
    ///     them as it took them (ListItems), so only a column built from them again (an array
    ///     referenced by several blocks) costs their bytes once more
    private ObjectColumn objectColumn(Py.PyList items, int i, int length, String what, boolean chargeStrings)
            throws PickleFormatException {
        charge((long) length * 9, what);
        if (fastPaths) {
            Optional<ObjectColumn> column = consecutiveObjectColumn(items, i * length, length, what, chargeStrings);
            if (column.isPresent()) {
                return column.get();
            }
        }
        ObjectColumn.Builder column = ObjectColumn.builder(allocator);
        for (int row = 0; row < length; row++) {
            Object item = items.get(i * length + row);
            switch (item) {
                case Py.Str text -> {
                    if (chargeStrings) {
                        charge(text.utf8.length, what);
                    }
                    column.addUtf8(text.utf8, 0, text.utf8.length);
                }
                case Double number when Double.isNaN(number) -> column.addMissing();
                case Py.None none -> column.addMissing();
                case Boolean bool -> column.add(bool);
                default -> throw new PickleFormatException(what + " holds a Python " + Py.typeName(item)
                        + " at row " + row + "; object columns may hold only str values, bools and missing values"
                        + " (NaN, None)");
            }
        }
        return column.build();
    }

    /// The column of items `first` to `first + length` of `items`, built from whole ranges: the
    /// range of the list's strings, offsets from the list's ends, and flags that are the list's kinds
    /// where they hold only strings and NaN. Empty when an item is neither a string nor missing, for
    /// the item-by-item path to name it.
    private Optional<ObjectColumn> consecutiveObjectColumn(Py.PyList items, int first, int length, String what,
            boolean chargeStrings)
            throws PickleFormatException {
        byte[] kinds = items.kinds;
        boolean onlyStringsAndNan = true;
        for (int i = first; i < first + length; i++) {
            if (kinds[i] > Py.PyList.NAN) {
                onlyStringsAndNan = false;
                break;
            }
        }
        ByteBuffer flags;
        if (onlyStringsAndNan) {
            // STRING is 0 and NAN is 1, as ObjectColumn's flags for a string and a missing value.
            flags = store(kinds, first, length);
        } else {
            byte[] missing = new byte[length];
            for (int row = 0; row < length; row++) {
                byte kind = kinds[first + row];
                if (kind == Py.PyList.OTHER) {
                    return Optional.empty();
                }
                missing[row] = kind == Py.PyList.STRING ? (byte) 0 : (byte) 1;
            }
            flags = store(missing, 0, length);
        }
        int start = items.start(first);
        int end = length == 0 ? start : items.end(first + length - 1);
        if (chargeStrings) {
            charge(end - start, what);
        }
        int[] itemEnds = items.ends;
        byte[] ends = new byte[length * Long.BYTES];
        for (int row = 0; row < length; row++) {
            LONGS.set(ends, row * Long.BYTES, (long) (itemEnds[first + row] - start));
        }
        return Optional.of(ObjectColumn.wrap(store(items.utf8(), start, end - start), store(ends, 0, ends.length), flags));
    }

    /// `length` bytes of `bytes` as a column buffer. With the heap allocator that is the range of the
    /// array itself, not a copy: the arrays given here are new or belong to a list, and nothing
    /// writes to a list once the pickle is read. Other allocators get a copy in one of their buffers.
    private ByteBuffer store(byte[] bytes, int offset, int length) {
        if (allocator == BufferAllocator.heap()) {
            return ByteBuffer.wrap(bytes, offset, length).slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        GrowableBuffer buffer = allocator.allocate();
        buffer.put(bytes, offset, length);
        return buffer.seal();
    }

    private static NumpyType supportedType(Py.Dtype dtype, String what) throws PickleFormatException {
        NumpyType type = switch (dtype.code) {
            case "i8" -> NumpyType.INT64;
            case "u8" -> NumpyType.UINT64;
            case "f8" -> NumpyType.FLOAT64;
            case "b1" -> NumpyType.BOOL;
            case "O8", "O4" -> NumpyType.OBJECT;
            case "M8" -> dtype.unit.equals("ns") ? NumpyType.DATETIME64_NS : null;
            default -> null;
        };
        if (type == null) {
            throw new PickleFormatException(what + " has dtype " + dtype.describe()
                    + "; supported are int64, uint64, float64, bool, object and datetime64[ns]");
        }
        if (dtype.byteOrder == '>' && type.itemSize > 1 && type != NumpyType.OBJECT) {
            throw new PickleFormatException(what + " is big-endian " + dtype.describe() + "; only little-endian data is supported");
        }
        return type;
    }

    private Py.NdArray array(Object value, String what) throws PickleFormatException {
        Object array = value instanceof Py.DatetimeArray datetimes ? datetimes.values : value;
        if (!(array instanceof Py.NdArray ndarray) || !ndarray.filled()) {
            throw new PickleFormatException(what + " are a " + Py.typeName(value) + ", not a filled array");
        }
        return ndarray;
    }

    private int[] placement(Object placement, int columnCount) throws PickleFormatException {
        if (placement instanceof Py.Slice slice) {
            long start = slice.start() == Py.None.NONE ? 0 : asLong(slice.start(), "placement start");
            long stop = slice.stop() == Py.None.NONE ? columnCount : asLong(slice.stop(), "placement stop");
            long step = slice.step() == Py.None.NONE ? 1 : asLong(slice.step(), "placement step");
            if (step <= 0 || start < 0) {
                throw new PickleFormatException("block placement slice(" + start + ", " + stop + ", " + step + ")");
            }
            long count = ceilDiv(Math.min(stop, columnCount) - start, step);
            int[] positions = new int[(int) Math.min(count, columnCount)];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = (int) (start + i * step);
            }
            return positions;
        }
        if (placement instanceof Py.NdArray array && array.filled() && array.shape.length == 1
                && (array.dtype.code.equals("i8") || array.dtype.code.equals("i4"))
                && array.data instanceof Py.Bytes bytes) {
            int width = array.dtype.code.equals("i8") ? 8 : 4;
            if (bytes.length() != array.shape[0] * width || array.shape[0] > columnCount) {
                throw new PickleFormatException("block placement array does not fit the "
                        + MessageText.count(columnCount, "column"));
            }
            ByteBuffer data = bytes.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int[] positions = new int[(int) array.shape[0]];
            for (int i = 0; i < positions.length; i++) {
                long position = width == 8 ? data.getLong(i * 8) : data.getInt(i * 4);
                if (position < 0 || position >= columnCount) {
                    throw new PickleFormatException("block placement " + position + " outside the "
                            + MessageText.count(columnCount, "column"));
                }
                positions[i] = (int) position;
            }
            return positions;
        }
        throw new PickleFormatException("block placement is a " + Py.typeName(placement));
    }

    private static long asLong(Object value, String what) throws PickleFormatException {
        if (value instanceof Long number) {
            return number;
        }
        throw new PickleFormatException(what + " is " + Py.typeName(value));
    }

    private static Optional<String> name(Object value, String what) throws PickleFormatException {
        if (value == null || value == Py.None.NONE) {
            return Optional.empty();
        }
        if (value instanceof Py.Str text) {
            return Optional.of(text.text());
        }
        throw new PickleFormatException(what + " is a " + Py.typeName(value) + "; only string names are supported");
    }

    private void charge(long bytes, String what) throws PickleFormatException {
        budget.charge(bytes, inputBytes, what, "the strings its memo references repeat, arrays shared between blocks"
                + " or long index labels repeated by their codes, with the columns built of them");
    }
}
