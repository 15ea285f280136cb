package dev.bsee.binary;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.core.Int64Column;
import dev.bsee.core.Table;
import dev.bsee.core.peer.PandasPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Map;

import static dev.bsee.binary.Opcodes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// Globals outside the allow-list are refused, by name, at the opcode that names them: before the
/// `REDUCE` that would call them, so nothing is ever built from them.
class UnsafePickleTest {

    @org.junit.jupiter.api.extension.RegisterExtension
    static final dev.bsee.core.peer.PandasPeers peers = new dev.bsee.core.peer.PandasPeers();

    private static Table read(byte[] pickle) throws IOException {
        return PickleReader.of().read(new ByteArrayInputStream(pickle));
    }

    @ParameterizedTest
    @CsvSource({
            "os, system", "posix, system", "nt, system", "builtins, eval", "builtins, exec", "__builtin__, eval",
            "builtins, getattr", "subprocess, Popen", "subprocess, check_output", "copyreg, _reconstructor",
            "numpy, load", "numpy.lib.npyio, load", "pandas, read_pickle", "pandas.core.frame, DataFrame.__init__",
            "builtins, __import__", "pickle, loads"})
    void stackGlobalOutsideTheAllowListIsRefusedByName(String module, String name) {
        byte[] pickle = PickleBytes.protocol(4).stackGlobal(module, name).str("echo owned").op(TUPLE1).op(REDUCE)
                .op(STOP).toByteArray();
        assertThatThrownBy(() -> read(pickle))
                .isInstanceOfSatisfying(UnsafePickleException.class, e -> assertThat(e.global()).isEqualTo(module + "." + name))
                .hasMessageContaining("'" + module + "." + name + "'")
                // Refused at the STACK_GLOBAL, which precedes the REDUCE that would call it.
                .hasMessageContaining("at byte " + (2 + 5 + module.length() + 5 + name.length()));
    }

    /// A global's name comes from the file: one with a line end and an escape code reached the
    /// exception's message as it was, for an application that logs it to pass on.
    @Test
    void aHostileGlobalNameIsEscapedInTheMessageAndKeptAsItIsInTheException() {
        String name = "system\n\u001b[2Jfake log line";
        byte[] pickle = PickleBytes.protocol(4).stackGlobal("os", name).op(STOP).toByteArray();
        assertThatThrownBy(() -> read(pickle))
                .isInstanceOfSatisfying(UnsafePickleException.class, e -> assertThat(e.global()).isEqualTo("os." + name))
                .hasMessageNotContaining("\n").hasMessageNotContaining("\u001b");
    }

    @Test
    void protocol2GlobalIsRefusedBeforeItsArgumentsAreRead() {
        byte[] pickle = PickleBytes.protocol(2).global("os", "system").str("rm -rf /").op(TUPLE1).op(REDUCE).op(STOP)
                .toByteArray();
        assertThatThrownBy(() -> read(pickle)).isInstanceOf(UnsafePickleException.class)
                .hasMessageContaining("'os.system' at byte 2");
    }

    @Test
    void anUnsafeGlobalInsideAnOtherwiseValidDataFramePickleIsRefused() throws IOException {
        ByteArrayOutputStream valid = new ByteArrayOutputStream();
        PickleWriter.of().write(Table.builder().column("a", Int64Column.of(1, 2)).build(), valid);
        byte[] frame = valid.toByteArray();
        // Replace the final STOP with: POP the frame, push eval('1+1'), STOP.
        ByteArrayOutputStream hostile = new ByteArrayOutputStream();
        hostile.write(frame, 0, frame.length - 1);
        hostile.writeBytes(new PickleBytes().op(POP).stackGlobal("builtins", "eval").str("1+1").op(TUPLE1).op(REDUCE)
                .op(STOP).toByteArray());

        assertThatThrownBy(() -> read(hostile.toByteArray())).isInstanceOf(UnsafePickleException.class)
                .hasMessageContaining("builtins.eval");
    }

    @Test
    void unsafePicklesMadeByPythonAreRefusedInEveryProtocol() {
        JsonNode pickles = peers.pandas15().call("""
                import os, subprocess, builtins
                class System:
                    def __reduce__(self):
                        return (os.system, ('echo owned',))
                class Eval:
                    def __reduce__(self):
                        return (builtins.eval, ('1+1',))
                class Popen:
                    def __reduce__(self):
                        return (subprocess.Popen, (['echo', 'owned'],))
                result = [[type(o).__name__, p, pickle.dumps([pd.DataFrame({'a': [1]}), o], protocol=p).hex()]
                          for o in (System(), Eval(), Popen()) for p in (2, 3, 4, 5)]
                """, Map.of());
        assertThat(pickles.size()).isEqualTo(12);
        for (JsonNode pickle : pickles) {
            int protocol = pickle.get(1).asInt();
            String expected = switch (pickle.get(0).asText()) {
                case "System" -> "posix.system";
                // Protocol 2 names Python 2's modules.
                case "Eval" -> protocol == 2 ? "__builtin__.eval" : "builtins.eval";
                default -> protocol == 2 ? "commands.Popen" : "subprocess.Popen";
            };
            byte[] bytes = HexFormat.of().parseHex(pickle.get(2).asText());
            assertThatThrownBy(() -> read(bytes)).as(pickle.get(0).asText() + " protocol " + protocol)
                    .isInstanceOfSatisfying(UnsafePickleException.class, e -> assertThat(e.global()).isEqualTo(expected))
                    .hasMessageContaining(expected);
        }
    }

    /// pandas' own value types are not read. They are refused as unsafe all the same (nothing after
    /// them is read, so nothing shows that no harmful global follows), with a message that says what
    /// they likely are, in both pandas versions.
    @Test
    void pandasValueTypesAreRefusedSayingWhatTheyLikelyAre() {
        for (PandasPeer peer : new PandasPeer[] {peers.pandas15(), peers.pandas22()}) {
            JsonNode pickles = peer.call("""
                    objects = {
                        'Categorical': pd.DataFrame({'c': pd.Categorical(['a', 'b'])}),
                        'DatetimeTZDtype': pd.DataFrame({'t': pd.to_datetime(['2020-01-01']).tz_localize('UTC')}),
                        'Timestamp': pd.DataFrame({'o': pd.Series([pd.Timestamp('2020-01-01'), 'x'], dtype=object)}),
                        'Int64Dtype': pd.DataFrame({'n': pd.array([1, None], dtype='Int64')}),
                        'NA': pd.DataFrame({'o': pd.Series(['a', pd.NA], dtype=object)}),
                        'NaT': pd.DataFrame({'o': pd.Series(['a', pd.NaT], dtype=object)}),
                    }
                    result = [[k, pickle.dumps(v, protocol=4).hex()] for k, v in objects.items()]
                    """, Map.of());
            assertThat(pickles.size()).isEqualTo(6);
            for (JsonNode pickle : pickles) {
                byte[] bytes = HexFormat.of().parseHex(pickle.get(1).asText());
                assertThatThrownBy(() -> read(bytes)).as(peer + " " + pickle.get(0).asText())
                        .isInstanceOfSatisfying(UnsafePickleException.class,
                                e -> assertThat(e.global()).startsWith("pandas."))
                        .hasMessageContaining("a pandas or numpy object that is not read");
            }
        }
        // A harmless-looking pandas name first does not make what follows it harmless.
        byte[] seriesThenSystem = PickleBytes.protocol(2).global("pandas.core.series", "Series").op(POP)
                .global("os", "system").str("echo owned").op(TUPLE1).op(REDUCE).op(STOP).toByteArray();
        assertThatThrownBy(() -> read(seriesThenSystem)).isInstanceOf(UnsafePickleException.class);
    }

    /// A pickled Series (or a tuple of them) is said not to be a DataFrame, as a dict or a list is;
    /// it was "a pandas or numpy object that is not read". An Index or an ndarray says which it is.
    @Test
    void aSeriesOrAnIndexIsSaidNotToBeADataFrame() {
        for (PandasPeer peer : new PandasPeer[] {peers.pandas15(), peers.pandas22()}) {
            JsonNode pickles = peer.call("""
                    objects = {
                        "a pandas Series, not a pandas DataFrame (refusing global 'pandas.core.series.Series' at byte ":
                            pd.Series([1, 2]),
                        'a pandas Series, not a pandas DataFrame (refusing global':
                            (pd.Series(['a'], dtype='category'),),
                        'a pandas Index, not a pandas DataFrame': pd.Index(['a', 'b']),
                        'a pandas RangeIndex, not a pandas DataFrame': pd.RangeIndex(3),
                        'a numpy ndarray [3] of int64, not a pandas DataFrame': np.arange(3, dtype='int64'),
                        'an int, not a pandas DataFrame': 7,
                    }
                    result = [[k, pickle.dumps(v, protocol=4).hex()] for k, v in objects.items()]
                    """, Map.of());
            assertThat(pickles.size()).isEqualTo(6);
            for (JsonNode pickle : pickles) {
                byte[] bytes = HexFormat.of().parseHex(pickle.get(1).asText());
                assertThatThrownBy(() -> read(bytes)).as(peer + " " + pickle.get(0).asText())
                        .hasMessageStartingWith("the pickle holds " + pickle.get(0).asText());
            }
        }
    }

    @Test
    void unsafeExceptionsAreFormatExceptionsAndNameTheFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.nio.file.Path file = dir.resolve("evil.bin");
        java.nio.file.Files.write(file, PickleBytes.protocol(4).stackGlobal("os", "system").op(STOP).toByteArray());
        assertThatThrownBy(() -> PickleReader.of().read(file))
                .isInstanceOf(PickleFormatException.class)
                .isInstanceOf(UnsafePickleException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("os.system");
    }
}
