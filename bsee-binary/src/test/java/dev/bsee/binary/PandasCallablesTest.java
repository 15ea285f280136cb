package dev.bsee.binary;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// What the allowed globals build, and what they refuse, called directly rather than through pickles.
class PandasCallablesTest {
    private final OpcodePosition position = new OpcodePosition();
    private final PandasCallables callables = new PandasCallables(position,
            new PickleInput(new java.io.ByteArrayInputStream(new byte[0]), 0), new ExpansionBudget());

    private static Py.Str str(String text) {
        return new Py.Str(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Py.Tuple tuple(Object... items) {
        return new Py.Tuple(items);
    }

    @Test
    void globalsOutsideTheAllowListAreRefusedNamingThemAndTheirOffset() throws PickleFormatException {
        position.offset = 77;
        assertThatThrownBy(() -> callables.resolve("os", "system"))
                .isInstanceOfSatisfying(UnsafePickleException.class, e -> assertThat(e.global()).isEqualTo("os.system"))
                .hasMessageStartingWith("refusing global 'os.system' at byte 77");
        // A name of an allowed module, and an allowed name in another module, are refused alike.
        assertThatThrownBy(() -> callables.resolve("numpy", "load")).isInstanceOf(UnsafePickleException.class);
        assertThatThrownBy(() -> callables.resolve("builtins", "ndarray")).isInstanceOf(UnsafePickleException.class);
        assertThat(callables.resolve("__builtin__", "bytes")).isEqualTo(AllowedGlobal.BYTES);
        assertThat(callables.resolve("numpy._core.multiarray", "_reconstruct")).isEqualTo(AllowedGlobal.RECONSTRUCT_NUMPY2);
    }

    @Test
    void callsCheckTheirArguments() {
        assertThatThrownBy(() -> callables.call(AllowedGlobal.RECONSTRUCT, tuple(AllowedGlobal.NDARRAY, 0L)))
                .hasMessageStartingWith("numpy.core.multiarray._reconstruct called with 2 arguments instead of 3");
        assertThatThrownBy(() -> callables.call(AllowedGlobal.RECONSTRUCT, tuple(AllowedGlobal.DATA_FRAME, 0L, 0L)))
                .hasMessageStartingWith("_reconstruct of");
        assertThatThrownBy(() -> callables.call(AllowedGlobal.DTYPE, tuple(str("x".repeat(17)))))
                .hasMessageStartingWith("implausible dtype code");
        assertThatThrownBy(() -> callables.call(AllowedGlobal.UNPICKLE_BLOCK, tuple(str("values"), new Py.Slice(0L, 1L, 1L), 2L)))
                .hasMessageStartingWith("block values are");
        assertThatThrownBy(() -> callables.call(AllowedGlobal.NDARRAY, tuple()))
                .hasMessageStartingWith("numpy.ndarray cannot be called here");
        assertThatThrownBy(() -> callables.newObject(AllowedGlobal.NDARRAY, tuple()))
                .hasMessageStartingWith("cannot create numpy.ndarray with NEWOBJ");
    }

    @Test
    void codecsEncodeMakesLatin1BytesAndNothingElse() throws PickleFormatException {
        Py.Bytes bytes = (Py.Bytes) callables.call(AllowedGlobal.CODECS_ENCODE, tuple(str("\u00ff\u0000a"), str("latin1")));
        assertThat(bytes.length()).isEqualTo(3);
        assertThat(bytes.data().get(0)).isEqualTo((byte) 0xff);
        assertThat(bytes.data().isReadOnly()).isTrue();
        assertThatThrownBy(() -> callables.call(AllowedGlobal.CODECS_ENCODE, tuple(str("\u0100"), str("latin1"))))
                .hasMessageStartingWith("_codecs.encode of text outside latin1");
        assertThatThrownBy(() -> callables.call(AllowedGlobal.CODECS_ENCODE, tuple(str("a"), str("utf-8"))))
                .hasMessageStartingWith("_codecs.encode with encoding utf-8");
    }

    @Test
    void aDtypeStateSetsByteOrderAndDatetimeUnit() throws PickleFormatException {
        Py.Dtype dtype = (Py.Dtype) callables.call(AllowedGlobal.DTYPE, tuple(str("M8"), false, true));
        Object none = Py.None.NONE;
        callables.build(dtype, tuple(4L, str("<"), none, none, none, -1L, -1L, 0L,
                tuple(new Py.Dict(), tuple(new Py.Bytes(java.nio.ByteBuffer.wrap("ns".getBytes(StandardCharsets.US_ASCII))), 1L, 1L, 1L))));
        assertThat(dtype.byteOrder).isEqualTo('<');
        assertThat(dtype.unit).isEqualTo("ns");

        Py.Dtype multiple = new Py.Dtype("M8");
        assertThatThrownBy(() -> callables.build(multiple, tuple(4L, str("<"), none, none, none, -1L, -1L, 0L,
                tuple(new Py.Dict(), tuple(str("s"), 10L, 1L, 1L)))))
                .hasMessageStartingWith("datetime64 with a multiple of its unit is not supported");
        assertThatThrownBy(() -> callables.build(new Py.Dtype("f8"), tuple(3L, str("<"))))
                .hasMessageStartingWith("dtype state of 2 items");
    }

    @Test
    void anArrayStateIsCheckedBeforeItIsKept() throws PickleFormatException {
        Py.Dtype f8 = new Py.Dtype("f8");
        Py.Bytes data = new Py.Bytes(java.nio.ByteBuffer.allocate(16));
        Py.NdArray array = (Py.NdArray) callables.call(AllowedGlobal.RECONSTRUCT, tuple(AllowedGlobal.NDARRAY, tuple(0L), str("b")));
        callables.build(array, tuple(1L, tuple(1L, 2L), f8, false, data));
        assertThat(array.shape).containsExactly(1, 2);
        assertThat(array.data).isSameAs(data);

        assertThatThrownBy(() -> callables.build(new Py.NdArray(), tuple(1L, tuple(1L, 1L, 2L), f8, false, data)))
                .hasMessageStartingWith("arrays of 3 dimensions are not supported");
        assertThatThrownBy(() -> callables.build(new Py.NdArray(), tuple(1L, tuple(-1L), f8, false, data)))
                .hasMessageStartingWith("array dimension -1");
        assertThatThrownBy(() -> callables.build(new Py.NdArray(), tuple(1L, tuple(2L), f8, false, str("data"))))
                .hasMessageStartingWith("array data is");
        assertThatThrownBy(() -> callables.build("text", tuple()))
                .hasMessageStartingWith("cannot set the state of");
    }

    @Test
    void indexesAreBuiltFromTheirState() throws PickleFormatException {
        Py.Dict state = new Py.Dict();
        state.entries.put(str("start"), 5L);
        state.entries.put(str("stop"), 11L);
        state.entries.put(str("step"), 2L);
        state.entries.put(str("name"), str("row"));
        Object index = callables.call(AllowedGlobal.NEW_INDEX, tuple(AllowedGlobal.RANGE_INDEX, state));
        assertThat(index).isEqualTo(new Py.RangeIndex(5, 11, 2, str("row")));

        Py.Dict aware = new Py.Dict();
        aware.entries.put(str("tz"), str("UTC"));
        assertThatThrownBy(() -> callables.call(AllowedGlobal.NEW_INDEX, tuple(AllowedGlobal.DATETIME_INDEX, aware)))
                .hasMessageStartingWith("time-zone aware DatetimeIndex is not supported");
        assertThatThrownBy(() -> callables.call(AllowedGlobal.NEW_INDEX, tuple(AllowedGlobal.DATA_FRAME, new Py.Dict())))
                .hasMessageStartingWith("_new_Index of pandas.core.frame.DataFrame, which is not an index class");
    }
}
