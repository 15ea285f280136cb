package dev.bsee.core;

/// The column types a [Table] holds, named as numpy names them.
///
/// These are exactly the dtypes `pandas.read_csv` infers for BSEE text (plus `datetime64[ns]`, which
/// analysis outputs may carry), and the only ones the pickle codec reads and writes.
public enum DType {
    /// 64-bit signed integers (`int64`).
    INT64("int64"),
    /// 64-bit unsigned integers (`uint64`): what `read_csv` makes of integers above `int64`'s range
    /// when no cell is negative or missing.
    UINT64("uint64"),
    /// 64-bit IEEE floats (`float64`); NaN is the missing value.
    FLOAT64("float64"),
    /// Booleans (`bool`); a column with missing values is never `bool` in pandas.
    BOOL("bool"),
    /// Python objects (`object`): here strings, or missing (pandas' `NaN`/`None`).
    OBJECT("object"),
    /// Timestamps in nanoseconds since the epoch (`datetime64[ns]`); `NaT` is the missing value.
    DATETIME64("datetime64[ns]");

    private final String numpyName;

    DType(String numpyName) {
        this.numpyName = numpyName;
    }

    /// The name numpy and pandas print for this dtype, e.g. `int64` or `datetime64[ns]`.
    ///
    /// @return the numpy name
    public String numpyName() {
        return numpyName;
    }

    @Override
    public String toString() {
        return numpyName;
    }
}
