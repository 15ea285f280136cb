package dev.bsee.binary;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/// The only Python globals a pickle may name: those pandas 1.5 and 2.x use to pickle a DataFrame of
/// the supported dtypes. Each resolves to inert behaviour in [PandasCallables]; nothing else is ever
/// looked up.
enum AllowedGlobal {
    DATA_FRAME("pandas.core.frame", "DataFrame"),
    BLOCK_MANAGER("pandas.core.internals.managers", "BlockManager"),
    UNPICKLE_BLOCK("pandas._libs.internals", "_unpickle_block"),
    RECONSTRUCT("numpy.core.multiarray", "_reconstruct"),
    RECONSTRUCT_NUMPY2("numpy._core.multiarray", "_reconstruct"),
    FROM_BUFFER("numpy.core.numeric", "_frombuffer"),
    FROM_BUFFER_NUMPY2("numpy._core.numeric", "_frombuffer"),
    NDARRAY("numpy", "ndarray"),
    DTYPE("numpy", "dtype"),
    SLICE("builtins", "slice"),
    CODECS_ENCODE("_codecs", "encode"),
    /// `bytes()`: how protocol 2 pickles an empty `bytes` (an empty array's data).
    BYTES("builtins", "bytes"),
    NEW_INDEX("pandas.core.indexes.base", "_new_Index"),
    INDEX("pandas.core.indexes.base", "Index"),
    RANGE_INDEX("pandas.core.indexes.range", "RangeIndex"),
    MULTI_INDEX("pandas.core.indexes.multi", "MultiIndex"),
    INT64_INDEX("pandas.core.indexes.numeric", "Int64Index"),
    UINT64_INDEX("pandas.core.indexes.numeric", "UInt64Index"),
    FLOAT64_INDEX("pandas.core.indexes.numeric", "Float64Index"),
    DATETIME_INDEX("pandas.core.indexes.datetimes", "DatetimeIndex"),
    NEW_DATETIME_INDEX("pandas.core.indexes.datetimes", "_new_DatetimeIndex"),
    NDARRAY_BACKED("pandas._libs.arrays", "__pyx_unpickle_NDArrayBacked"),
    DATETIME_ARRAY("pandas.core.arrays.datetimes", "DatetimeArray"),
    /// A frequency of a `DatetimeIndex` (`Day`, `MonthBegin`, ...: `date_range` and `resample` give
    /// one), any class of the offsets module: called with its `(n, normalize, ...)`, it gives an
    /// inert value that only the frequency's place accepts (the labels hold what it says).
    OFFSET("pandas._libs.tslibs.offsets", "*"),
    /// The `datetime.timedelta` and `datetime.time` a business-day frequency's arguments hold
    /// (`freq="B"`, `"BH"`): inert too, and refused anywhere but there.
    TIMEDELTA("datetime", "timedelta"),
    TIME("datetime", "time");


    private static final Map<String, AllowedGlobal> BY_NAME = new HashMap<>();

    static {
        for (AllowedGlobal global : values()) {
            BY_NAME.put(key(global.module, global.name), global);
        }
    }

    final String module;
    final String name;

    AllowedGlobal(String module, String name) {
        this.module = module;
        this.name = name;
    }

    /// The allowed global `module.name`; protocol 2 pickles name Python 2's `__builtin__` module,
    /// which Python 3 maps to `builtins`.
    static Optional<AllowedGlobal> find(String module, String name) {
        String actual = module.equals("__builtin__") ? "builtins" : module;
        if (actual.equals(OFFSET.module)) {
            // Its classes by name's form: an offset is a capitalised word (MonthBegin, BusinessHour).
            return name.matches("[A-Z][A-Za-z0-9]{0,40}") ? Optional.of(OFFSET) : Optional.empty();
        }
        return Optional.ofNullable(BY_NAME.get(key(actual, name)));
    }

    /// `module name`, by `String.concat` rather than `+`, whose call sites the JVM links on first
    /// use by generating a class: every read resolves globals, most in a fresh JVM.
    private static String key(String module, String name) {
        return module.concat(" ").concat(name);
    }

    @Override
    public String toString() {
        return module + "." + name;
    }
}
