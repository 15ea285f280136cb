package dev.bsee.binary;

import dev.bsee.core.internal.Utf8;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/// What the [AllowedGlobal]s do when a pickle calls them: inert behaviour that builds the [Py]
/// stand-ins of ndarrays, dtypes, blocks, block managers, indexes and DataFrames, checking the shape
/// of every argument.
///
/// Why a class of its own: this is the only place that knows what pandas and numpy put in a pickle
/// (and so the place that changes when they change it), and the place that must never do more
/// than build a value; apart from the opcode loop it is easy to read as that.
final class PandasCallables {
    private final OpcodePosition position;
    private final PickleInput in;
    private final ExpansionBudget budget;

    PandasCallables(OpcodePosition position, PickleInput in, ExpansionBudget budget) {
        this.position = position;
        this.in = in;
        this.budget = budget;
    }

    /// pandas' containers other than a DataFrame, by the global a pickle of one names: no DataFrame
    /// pickle names them (a column is a block, not a Series), so the file holds one of these.
    private static final java.util.Map<String, String> CONTAINERS = java.util.Map.of(
            "pandas.core.series.Series", "Series",
            "pandas.core.series.TimeSeries", "TimeSeries",
            "pandas.core.panel.Panel", "Panel",
            "pandas.core.sparse.series.SparseSeries", "SparseSeries",
            "pandas.core.sparse.frame.SparseDataFrame", "SparseDataFrame");

    /// The allowed global `module.name`; any other is refused, naming it, before anything is built.
    /// A pandas or numpy name (a `Series`, a categorical, `pd.NA`) is refused as unsafe too, with a
    /// message that says what it likely is: the rest of the pickle is never read, so nothing shows
    /// that no harmful global follows it, and `pandas.read_pickle` would run whatever does.
    Object resolve(String module, String name) throws UnsafePickleException {
        Optional<AllowedGlobal> global = AllowedGlobal.find(module, name);
        if (global.isEmpty()) {
            String qualified = module + "." + name;
            boolean pandasOrNumpy = module.startsWith("pandas.") || module.startsWith("numpy.") || module.equals("numpy");
            // The name comes from the file: a hostile one carries line ends and escape codes, which an
            // application logging the message would pass on.
            String refusing = "refusing global '" + dev.bsee.core.internal.SafeText.escape(qualified) + "' at byte " + position.offset;
            String container = CONTAINERS.get(qualified);
            if (container != null) {
                // Said as a dict or a list is: what the file holds instead of a DataFrame.
                throw new UnsafePickleException(qualified, "the pickle holds a pandas " + container
                        + ", not a pandas DataFrame (" + refusing + ")");
            }
            throw new UnsafePickleException(qualified, refusing
                    + (pandasOrNumpy ? ": a pandas or numpy object that is not read (DataFrames are read whose columns"
                    + " and index are int64, uint64, float64, bool, object (str, bool, NaN) or datetime64[ns]);" : ":")
                    + " only the globals of pickled pandas DataFrames (numpy arrays, blocks, indexes) are allowed");
        }
        return global.get();
    }

    /// `REDUCE`: calls `callable` with `args`, building the stand-in it returns.
    Object call(AllowedGlobal callable, Py.Tuple args) throws PickleFormatException {
        return switch (callable) {
            case RECONSTRUCT, RECONSTRUCT_NUMPY2 -> {
                arity(callable, args, 3);
                if (args.get(0) != AllowedGlobal.NDARRAY) {
                    throw position.fail("_reconstruct of " + Py.typeName(args.get(0)) + " instead of numpy.ndarray");
                }
                yield new Py.NdArray();
            }
            case FROM_BUFFER, FROM_BUFFER_NUMPY2 -> {
                arity(callable, args, 4);
                Py.NdArray array = new Py.NdArray();
                Py.Bytes data = position.expect(args.get(0), Py.Bytes.class, "_frombuffer buffer");
                fill(array, position.expect(args.get(2), Py.Tuple.class, "_frombuffer shape"),
                        position.expect(args.get(1), Py.Dtype.class, "_frombuffer dtype"),
                        position.expect(args.get(3), Py.Str.class, "_frombuffer order").is("F"), data);
                yield array;
            }
            case DTYPE -> {
                if (args.size() < 1) {
                    throw position.fail("numpy.dtype without a type code");
                }
                String code = position.expect(args.get(0), Py.Str.class, "dtype code").text();
                if (code.length() > 16) {
                    throw position.fail("implausible dtype code");
                }
                yield new Py.Dtype(code);
            }
            case SLICE -> {
                arity(callable, args, 3);
                yield new Py.Slice(args.get(0), args.get(1), args.get(2));
            }
            case CODECS_ENCODE -> {
                arity(callable, args, 2);
                Py.Str text = position.expect(args.get(0), Py.Str.class, "_codecs.encode text");
                String encoding = position.expect(args.get(1), Py.Str.class, "_codecs.encode encoding").text();
                if (!encoding.equals("latin1") && !encoding.equals("latin-1")) {
                    throw position.fail("_codecs.encode with encoding " + encoding + " (pickles use latin1)");
                }
                // Each call copies its text: one long memoised string encoded again and again in a few
                // bytes each would fill any heap, so the copies count against the read's budget.
                budget.charge(text.utf8.length, in.offset(), "_codecs.encode", "one string encoded again and again");
                byte[] bytes = Utf8.toLatin1(text.utf8);
                if (bytes == null) {
                    throw position.fail("_codecs.encode of text outside latin1");
                }
                yield new Py.Bytes(ByteBuffer.wrap(bytes).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
            }
            case BYTES -> {
                arity(callable, args, 0);
                yield new Py.Bytes(ByteBuffer.allocate(0).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
            }
            case UNPICKLE_BLOCK -> {
                arity(callable, args, 3);
                Object values = args.get(0);
                if (!(values instanceof Py.NdArray) && !(values instanceof Py.DatetimeArray)) {
                    throw position.fail("block values are " + Py.typeName(values) + ", not an array");
                }
                Object placement = args.get(1);
                if (!(placement instanceof Py.Slice) && !(placement instanceof Py.NdArray)) {
                    throw position.fail("block placement is " + Py.typeName(placement) + ", not a slice or array");
                }
                // A DataFrame's blocks are two-dimensional; pandas refuses any other (its assertion on
                // the block's dimensions), and so does this reader.
                long dimensions = integer(args.get(2), "block ndim");
                if (dimensions != 2) {
                    throw position.fail("block ndim is " + dimensions + ", not the 2 of a DataFrame's blocks");
                }
                yield new Py.Block(values, placement);
            }
            case BLOCK_MANAGER -> {
                arity(callable, args, 2);
                yield new Py.Manager(position.expect(args.get(0), Py.Tuple.class, "BlockManager blocks"),
                        position.expect(args.get(1), Py.PyList.class, "BlockManager axes"));
            }
            case NEW_INDEX -> {
                arity(callable, args, 2);
                AllowedGlobal type = position.expect(args.get(0), AllowedGlobal.class, "_new_Index class");
                yield newIndex(type, position.expect(args.get(1), Py.Dict.class, "_new_Index state"));
            }
            case NEW_DATETIME_INDEX -> {
                arity(callable, args, 2);
                if (args.get(0) != AllowedGlobal.DATETIME_INDEX) {
                    throw position.fail("_new_DatetimeIndex of " + Py.typeName(args.get(0)));
                }
                yield newIndex(AllowedGlobal.DATETIME_INDEX, position.expect(args.get(1), Py.Dict.class, "_new_DatetimeIndex state"));
            }
            case NDARRAY_BACKED -> {
                if (args.size() < 2 || args.get(0) != AllowedGlobal.DATETIME_ARRAY) {
                    throw position.fail("__pyx_unpickle_NDArrayBacked of something other than DatetimeArray");
                }
                Py.DatetimeArray array = new Py.DatetimeArray();
                if (args.size() > 2 && args.get(2) != Py.None.NONE) {
                    build(array, args.get(2));
                }
                yield array;
            }
            // A DatetimeIndex's frequency and what its arguments hold: inert values, dropped where the
            // frequency goes and refused anywhere else (Py.Inert).
            case OFFSET -> new Py.Inert("pandas offset");
            case TIMEDELTA -> new Py.Inert("datetime.timedelta");
            case TIME -> new Py.Inert("datetime.time");
            default -> throw position.fail(callable + " cannot be called here");
        };
    }

    private Py.PandasIndex newIndex(AllowedGlobal type, Py.Dict state) throws PickleFormatException {
        Object name = state.has("name") ? state.get("name") : Py.None.NONE;
        return switch (type) {
            case RANGE_INDEX -> new Py.RangeIndex(integer(state.get("start"), "RangeIndex start"),
                    integer(state.get("stop"), "RangeIndex stop"),
                    state.has("step") ? integer(state.get("step"), "RangeIndex step") : 1, name);
            case INDEX, INT64_INDEX, UINT64_INDEX, FLOAT64_INDEX, DATETIME_INDEX -> {
                if (state.has("tz") && state.get("tz") != Py.None.NONE) {
                    throw position.fail("time-zone aware DatetimeIndex is not supported");
                }
                Object data = state.get("data");
                if (!(data instanceof Py.NdArray) && !(data instanceof Py.DatetimeArray)) {
                    throw position.fail("index data is " + Py.typeName(data) + ", not an array");
                }
                yield new Py.LabelIndex(data, name);
            }
            case MULTI_INDEX -> {
                Object codes = state.has("codes") ? state.get("codes") : state.get("labels");
                yield new Py.MultiIndex(position.expect(state.get("levels"), Py.PyList.class, "MultiIndex levels").items(),
                        position.expect(codes, Py.PyList.class, "MultiIndex codes").items(),
                        state.has("names") ? position.expect(state.get("names"), Py.PyList.class, "MultiIndex names").items() : List.of());
            }
            default -> throw position.fail("_new_Index of " + type + ", which is not an index class");
        };
    }

    /// `NEWOBJ`: creates an instance of `type`; only an empty DataFrame is created this way.
    Object newObject(AllowedGlobal type, Py.Tuple args) throws PickleFormatException {
        if (type != AllowedGlobal.DATA_FRAME || args.size() != 0) {
            throw position.fail("cannot create " + type + " with NEWOBJ");
        }
        return new Py.DataFrame();
    }

    /// `BUILD`: sets the state of `target`, refused for anything but the stand-ins that take one.
    void build(Object target, Object state) throws PickleFormatException {
        // instanceof, not a pattern switch, which would spin a class at run time on first use (about
        // 25 ms in a fresh JVM, on every read).
        if (target instanceof Py.NdArray array) {
            Py.Tuple tuple = position.expect(state, Py.Tuple.class, "ndarray state");
            int first = tuple.size() == 5 ? 1 : 0;
            if (tuple.size() != 4 && tuple.size() != 5) {
                throw position.fail("ndarray state of " + tuple.size() + " items");
            }
            fill(array, position.expect(tuple.get(first), Py.Tuple.class, "ndarray shape"),
                    position.expect(tuple.get(first + 1), Py.Dtype.class, "ndarray dtype"),
                    position.expect(tuple.get(first + 2), Boolean.class, "ndarray Fortran flag"), tuple.get(first + 3));
        } else if (target instanceof Py.Dtype dtype) {
            Py.Tuple tuple = position.expect(state, Py.Tuple.class, "dtype state");
            if (tuple.size() < 8) {
                throw position.fail("dtype state of " + tuple.size() + " items");
            }
            // numpy reads versions 0 to 4 of its dtype's state (and writes 3); it refuses any other.
            long version = integer(tuple.get(0), "dtype state version");
            if (version < 0 || version > 4) {
                throw position.fail("dtype state version " + version + ", which numpy does not read");
            }
            String order = position.expect(tuple.get(1), Py.Str.class, "dtype byte order").text();
            if (order.length() != 1) {
                throw position.fail("dtype byte order '" + order + "'");
            }
            dtype.byteOrder = order.charAt(0);
            if (tuple.size() > 8 && tuple.get(8) instanceof Py.Tuple metadata && metadata.size() == 2
                    && metadata.get(1) instanceof Py.Tuple unit && unit.size() >= 1) {
                if (unit.get(0) instanceof Py.Bytes b) {
                    dtype.unit = StandardCharsets.US_ASCII.decode(b.data().duplicate()).toString();
                } else if (unit.get(0) instanceof Py.Str text) {
                    dtype.unit = text.text();
                } else {
                    throw position.fail("datetime unit is " + Py.typeName(unit.get(0)));
                }
                if (!(unit.size() < 2 || Long.valueOf(1).equals(unit.get(1)))) {
                    throw position.fail("datetime64 with a multiple of its unit is not supported");
                }
            }
        } else if (target instanceof Py.DatetimeArray array) {
            Py.Tuple tuple = position.expect(state, Py.Tuple.class, "DatetimeArray state");
            if (tuple.size() < 2) {
                throw position.fail("DatetimeArray state of " + tuple.size() + " items");
            }
            array.values = position.expect(tuple.get(1), Py.NdArray.class, "DatetimeArray values");
        } else if (target instanceof Py.DataFrame frame) {
            Py.Dict dict = position.expect(state, Py.Dict.class, "DataFrame state");
            if (dict.has("_flags")) {
                // pandas passes these as keyword arguments of its Flags, which has one.
                for (Object flag : position.expect(dict.get("_flags"), Py.Dict.class, "DataFrame flags").entries.keySet()) {
                    if (!(flag instanceof Py.Str name) || !name.text().equals("allows_duplicate_labels")) {
                        throw position.fail("DataFrame flag " + (flag instanceof Py.Str name ? "'" + name.text() + "'"
                                : Py.typeName(flag)) + ", which pandas does not have");
                    }
                }
            }
            Object manager = dict.has("_mgr") ? dict.get("_mgr") : dict.get("_data");
            frame.manager = position.expect(manager, Py.Manager.class, "DataFrame block manager");
        } else {
            throw position.fail("cannot set the state of " + Py.typeName(target));
        }
    }

    private void fill(Py.NdArray array, Py.Tuple shapeTuple, Py.Dtype dtype, boolean fortran, Object data)
            throws PickleFormatException {
        long[] shape = new long[shapeTuple.size()];
        if (shape.length > 2) {
            throw position.fail("arrays of " + shape.length + " dimensions are not supported");
        }
        for (int i = 0; i < shape.length; i++) {
            shape[i] = integer(shapeTuple.get(i), "array dimension");
            if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
                throw position.fail("array dimension " + shape[i]);
            }
        }
        if (!(data instanceof Py.Bytes) && !(data instanceof Py.PyList)) {
            throw position.fail("array data is " + Py.typeName(data));
        }
        array.shape = shape;
        array.dtype = dtype;
        array.fortran = fortran;
        array.data = data;
    }

    private long integer(Object value, String what) throws PickleFormatException {
        if (value instanceof Long number) {
            return number;
        }
        if (value instanceof Boolean flag) {
            return flag ? 1 : 0;
        }
        throw position.fail(what + " is " + Py.typeName(value) + ", not an int");
    }

    private void arity(AllowedGlobal callable, Py.Tuple args, int count) throws PickleFormatException {
        if (args.size() != count) {
            throw position.fail(callable + " called with " + args.size() + " arguments instead of " + count);
        }
    }
}
