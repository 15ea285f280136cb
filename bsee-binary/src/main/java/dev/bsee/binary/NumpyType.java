package dev.bsee.binary;

import dev.bsee.core.DType;

/// The numpy array types the codec writes and reads, with the type code and byte order that
/// `numpy.dtype.__reduce__` pickles for each.
enum NumpyType {
    BOOL("b1", 1, '|'),
    INT8("i1", 1, '|'),
    INT16("i2", 2, '<'),
    INT32("i4", 4, '<'),
    INT64("i8", 8, '<'),
    UINT64("u8", 8, '<'),
    FLOAT64("f8", 8, '<'),
    DATETIME64_NS("M8", 8, '<'),
    OBJECT("O8", 8, '|');

    final String code;
    final int itemSize;
    final char byteOrder;

    NumpyType(String code, int itemSize, char byteOrder) {
        this.code = code;
        this.itemSize = itemSize;
        this.byteOrder = byteOrder;
    }

    static NumpyType of(DType dtype) {
        return switch (dtype) {
            case INT64 -> INT64;
            case UINT64 -> UINT64;
            case FLOAT64 -> FLOAT64;
            case BOOL -> BOOL;
            case OBJECT -> OBJECT;
            case DATETIME64 -> DATETIME64_NS;
        };
    }

    /// The smallest signed integer type pandas uses for codes into `levels` distinct values
    /// (`pandas.core.dtypes.cast.coerce_indexer_dtype`).
    static NumpyType codesFor(int levels) {
        if (levels < Byte.MAX_VALUE) {
            return INT8;
        }
        if (levels < Short.MAX_VALUE) {
            return INT16;
        }
        return INT32;
    }

    boolean isObject() {
        return this == OBJECT;
    }
}
