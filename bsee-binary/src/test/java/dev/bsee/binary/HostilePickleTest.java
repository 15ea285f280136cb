package dev.bsee.binary;

import dev.bsee.core.BoolColumn;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Index;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import dev.bsee.core.internal.MessageText;
import dev.bsee.core.peer.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static dev.bsee.binary.Opcodes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// Hostile and broken input ends in a clear [PickleFormatException] within linear memory.
class HostilePickleTest {

    static List<byte[]> seedPickles() throws IOException {
        List<Table> tables = List.of(
                Table.builder()
                        .column("i", Int64Column.of(Long.MIN_VALUE, 0, Long.MAX_VALUE))
                        .column("f", Float64Column.of(Double.NaN, -0.0, Double.POSITIVE_INFINITY))
                        .column("s", ObjectColumn.of("a", null, "\uD83D\uDE00".repeat(300)))
                        .column("b", BoolColumn.of(true, false, true))
                        .column("t", DateTimeColumn.of(1, DateTimeColumn.NAT, -1))
                        .column("i", Int64Column.of(1, 2, 3))
                        .build(),
                Table.builder().column("v", Float64Column.of(1, 2, 3))
                        .index(new Index.Multi(List.of(ObjectColumn.of("x", null, "x"), Int64Column.of(3, 2, 1)),
                                List.of(Optional.of("k"), Optional.empty())))
                        .build(),
                Table.builder().column("v", ObjectColumn.of("p", "q"))
                        .index(new Index.Labels(Float64Column.of(0.5, Double.NaN), "f"))
                        .build(),
                Table.builder().build());
        List<byte[]> seeds = new ArrayList<>();
        for (PickleDialect dialect : PickleDialect.values()) {
            for (Table table : tables) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                PickleWriter.builder().dialect(dialect).build().write(table, bytes);
                seeds.add(bytes.toByteArray());
            }
        }
        return seeds;
    }

    private static PickleFormatException refused(byte[] pickle) {
        return BoundedReads.read(pickle).refusal().orElseThrow(() -> new AssertionError("read succeeded"));
    }

    /// Metadata pandas refuses around intact data is refused too, where the reader read the data
    /// and dropped the rest: a block that is not two-dimensional (pandas' assertion on the block's
    /// dimensions), a dtype state of a version numpy does not read (`can't handle version 177`), a
    /// DataFrame flag pandas does not have (an unexpected keyword argument of its `Flags`).
    @Test
    void metadataPandasRefusesAroundIntactDataIsRefused() throws IOException {
        for (PickleDialect dialect : PickleDialect.values()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PickleWriter.builder().dialect(dialect).build().write(Table.builder()
                    .column("a", Int64Column.of(1, 2, 3)).column("s", ObjectColumn.of("p", "q", "r")).build(), bytes);
            byte[] pickle = bytes.toByteArray();
            assertThat(BoundedReads.read(pickle).refusal()).as(dialect.name()).isEmpty();

            assertThat(refused(patched(pickle, new byte[] {BININT1, 2, (byte) TUPLE3}, new byte[] {BININT1, 9, (byte) TUPLE3})))
                    .as(dialect.name()).hasMessageContaining("block ndim is 9, not the 2 of a DataFrame's blocks");
            // The values of a block one-dimensional, shape (3,) for (1, 3): pandas 1.5 says "Wrong
            // number of dimensions", pandas 2.2 fails on the shape; the reader took it for a column.
            assertThat(refused(patched(pickle, new byte[] {BININT1, 1, BININT1, 3, (byte) TUPLE2},
                    new byte[] {(byte) NONE, (byte) POP, BININT1, 3, (byte) TUPLE1})))
                    .as(dialect.name()).hasMessageContaining("a block's values are an array of 1 dimension (shape [3]),"
                            + " not the 2 of a DataFrame's blocks");
            assertThat(refused(patched(pickle, new byte[] {MARK, BININT1, 3, (byte) SHORT_BINUNICODE, 1, '<'},
                    new byte[] {MARK, BININT1, (byte) 177, (byte) SHORT_BINUNICODE, 1, '<'})))
                    .as(dialect.name()).hasMessageContaining("dtype state version 177, which numpy does not read");
            assertThat(refused(patched(pickle, "allows_duplicate_labels".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    "allows_tuplicate_labels".getBytes(java.nio.charset.StandardCharsets.US_ASCII))))
                    .as(dialect.name()).hasMessageContaining("DataFrame flag 'allows_tuplicate_labels', which pandas does not have");
        }
    }

    /// `pickle` with the first occurrence of `from` replaced by `to`, of the same length.
    private static byte[] patched(byte[] pickle, byte[] from, byte[] to) {
        for (int at = 0; at + from.length <= pickle.length; at++) {
            if (Arrays.equals(pickle, at, at + from.length, from, 0, from.length)) {
                byte[] copy = pickle.clone();
                System.arraycopy(to, 0, copy, at, to.length);
                return copy;
            }
        }
        throw new AssertionError("the pickle does not hold " + Arrays.toString(from));
    }

    @Test
    void everyTruncationOfARealPickleIsRefusedAsTruncated() throws IOException {
        List<byte[]> seeds = new ArrayList<>(seedPickles());
        seeds.add(Files.readAllBytes(Fixtures.file("legacy-bin/mv_eor_casingcutcodes.bin")));
        for (byte[] seed : seeds) {
            assertThat(BoundedReads.read(seed).isPresent()).isTrue();
            for (int length = 0; length < seed.length; length++) {
                PickleFormatException e = refused(Arrays.copyOf(seed, length));
                assertThat(e.getMessage()).containsAnyOf("truncated", "empty");
            }
        }
    }

    @Test
    void hugeDeclaredLengthsAreRefusedWithoutAllocatingThem() {
        assertThat(refused(PickleBytes.protocol(4).op(BINBYTES8).int64(1L << 62).toByteArray()))
                .hasMessageContaining("exceeds the supported 2 GiB");
        assertThat(refused(PickleBytes.protocol(4).op(BINUNICODE8).int64(-1).toByteArray()))
                .hasMessageContaining("exceeds the supported 2 GiB");
        assertThat(refused(PickleBytes.protocol(4).op(BINUNICODE).int32(-1).toByteArray()))
                .hasMessageContaining("exceeds the supported 2 GiB");
        // Within the limit but not backed by input: refused as truncated after reading what is there.
        assertThat(refused(PickleBytes.protocol(4).op(BINBYTES8).int64(2_000_000_000L).repeat(10, 'x').toByteArray()))
                .hasMessageContaining("truncated");
        assertThat(refused(PickleBytes.protocol(4).op(BINUNICODE).int32(2_000_000_000).repeat(10, 'x').toByteArray()))
                .hasMessageContaining("truncated");
        assertThat(refused(PickleBytes.protocol(4).op(LONG4).int32(Integer.MAX_VALUE).toByteArray()))
                .hasMessageContaining("only 64-bit integers");
    }

    /// One memoised string of 1 MiB encoded by `_codecs.encode` again and again, nine bytes a copy: each
    /// copy counts against the read's expansion budget, which refuses the pickle before the copies
    /// fill the heap (2,000 of them under a 1 GiB heap ran it out of memory).
    @Test
    void oneStringEncodedAgainAndAgainIsRefusedByTheExpansionBudget() {
        PickleBytes pickle = PickleBytes.protocol(2).op(EMPTY_LIST)
                .str("a".repeat(1 << 20)).op(BINPUT).raw(0)
                .global("_codecs", "encode").op(BINPUT).raw(1)
                .str("latin1").op(BINPUT).raw(2).op(POP).op(POP).op(POP)
                .repeat(2_000, BINGET, 1, BINGET, 0, BINGET, 2, TUPLE2, REDUCE, APPEND).op(STOP);

        assertThat(refused(pickle.toByteArray())).hasMessageContaining("_codecs.encode: the pickle expands to more than")
                .hasMessageContaining("one string encoded again and again");
    }

    /// One memoised string of 1 MB in a list 300 times: within the expansion budget (a multiple of
    /// the input) but more than a 64 MB heap holds. The read is refused, naming the heap; it ended in
    /// an `OutOfMemoryError`.
    @Test
    void stringsRepeatedBeyondTheHeapAreRefusedNotAnOutOfMemoryError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("expands.bin");
        Files.write(file, PickleBytes.protocol(4).op(EMPTY_LIST).str("y".repeat(1_000_000)).op(MEMOIZE).op(POP)
                .op(MARK).repeat(300, BINGET, 0).op(APPENDS).op(STOP).toByteArray());
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), ReadChild.class.getName(), file.toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(child.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        assertThat(output).as(output).startsWith("refused " + file + ": its strings take more than this JVM's heap (64 MiB)")
                .doesNotContain("OutOfMemoryError");
        assertThat(child.exitValue()).isZero();
    }

    /// Files that make a read allocate more than a 64 MB heap holds, within the expansion budget: a
    /// string of 100 MB that a sparse file's hole gives for free, and two million distinct memo
    /// slots (ten bytes of pickle, sixty of heap each). Each read is refused as a
    /// `PickleFormatException` naming the heap; the `OutOfMemoryError` escaped the reader, which
    /// documents none, from `PickleReader` and `BinStore` alike.
    @Test
    void aReadTheHeapCannotHoldIsRefusedNotAnOutOfMemoryError(@TempDir Path dir) throws Exception {
        Path sparse = dir.resolve("sparse.bin");
        long length = 100_000_000L;
        try (var file = new java.io.RandomAccessFile(sparse.toFile(), "rw")) {
            file.write(new byte[] {(byte) PROTO, 4, (byte) BINUNICODE8});
            file.write(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(length).array());
            file.seek(11 + length);
            file.write(STOP);
        }
        Path memo = dir.resolve("memo.bin");
        java.nio.ByteBuffer slots = java.nio.ByteBuffer.allocate(4 + 2_000_000 * 5).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        slots.put((byte) PROTO).put((byte) 4).put((byte) NONE);
        for (int i = 0; i < 2_000_000; i++) {
            slots.put((byte) LONG_BINPUT).putInt(Integer.MIN_VALUE + i);
        }
        slots.put((byte) STOP);
        Files.write(memo, slots.array());

        for (Path file : List.of(sparse, memo)) {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                    "-cp", System.getProperty("java.class.path"), ReadChild.class.getName(), file.toString());
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(child.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
            assertThat(output).as(output).startsWith("refused " + file + ": ").contains("this JVM's heap (64 MiB)")
                    .doesNotContain("OutOfMemoryError");
            assertThat(child.exitValue()).isZero();
        }
    }

    /// A refusal quotes the file's path and what the file holds: any character, escaped on one line.
    @Test
    void aRefusalQuotesThePathEscaped(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("short\u001b[2J\nx.bin");
        Files.write(file, PickleBytes.protocol(4).op(BINBYTES8).int64(1_500_000_000L).repeat(100, 0).toByteArray());
        assertThatThrownBy(() -> PickleReader.of().read(file)).isInstanceOf(PickleFormatException.class)
                .hasMessageStartingWith(dir + "/short\\e[2J\\nx.bin: ")
                .hasMessageNotContaining("\u001b").hasMessageNotContaining("\n");
    }

    @Test
    void aFileDeclaringMoreThanItHoldsIsRefusedBeforeReading(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("short.bin");
        Files.write(file, PickleBytes.protocol(4).op(BINBYTES8).int64(1_500_000_000L).repeat(100, 0).toByteArray());
        assertThatThrownBy(() -> PickleReader.of().read(file)).isInstanceOf(PickleFormatException.class)
                .hasMessage(file + ": pickle is truncated or corrupt: the object at byte 11 declares 1,500,000,000 bytes"
                        + " but only 100 remain in the input");
    }

    /// A frame that runs past the input's end is refused, as `pickle.load` refuses it ("pickle
    /// exhausted before end of frame"), from a file and from a stream, and so is a frame begun inside
    /// another; the length was read and dropped, and such a file was shown as a valid table.
    @Test
    void aFrameRunningPastTheEndOrBegunInsideAnotherIsRefused(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        PickleWriter.of().write(Table.builder().column("a", Int64Column.of(1, 2)).build(), written);
        byte[] pickle = written.toByteArray();
        assertThat(pickle[2] & 0xff).as("the writer's first frame").isEqualTo(FRAME);
        long length = java.nio.ByteBuffer.wrap(pickle, 3, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(length).isEqualTo(pickle.length - 11);

        for (long declared : new long[] {length + 1, Long.MAX_VALUE, -1}) {
            byte[] longer = pickle.clone();
            java.nio.ByteBuffer.wrap(longer, 3, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(declared);
            Path file = Files.write(dir.resolve("frame.bin"), longer);
            assertThatThrownBy(() -> PickleReader.of().read(file)).as("%d", declared)
                    .isInstanceOf(PickleFormatException.class)
                    .hasMessage(file + ": pickle is truncated or corrupt: the frame at byte 11 declares "
                            + MessageText.unsignedNumber(declared) + " bytes but only "
                            + MessageText.number(length) + " remain in the input");
            assertThatThrownBy(() -> PickleReader.of().read(new java.io.ByteArrayInputStream(longer)))
                    .as("%d, streamed", declared).isInstanceOf(PickleFormatException.class)
                    .hasMessageContaining("pickle is truncated");
        }
        // A second frame header right after the first, inside it.
        ByteArrayOutputStream nested = new ByteArrayOutputStream();
        nested.write(pickle, 0, 11);
        nested.write(FRAME);
        nested.writeBytes(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(length - 9).array());
        nested.write(pickle, 11, pickle.length - 11 - 9);
        byte[] inner = nested.toByteArray();
        assertThatThrownBy(() -> PickleReader.of().read(new java.io.ByteArrayInputStream(inner)))
                .isInstanceOf(PickleFormatException.class)
                .hasMessage("a new frame begins at byte 11, inside the frame that ends at byte " + (11 + length));
        // The pickle as written reads, from a file and from a stream.
        assertThat(PickleReader.of().read(new java.io.ByteArrayInputStream(pickle)).rowCount()).isEqualTo(2);
    }

    @Test
    void aStreamThatNeverEndsIsReadOnlyAsFarAsItsDeclaredLength() throws IOException {
        byte[] header = PickleBytes.protocol(4).op(BINBYTES8).int64(100_000_000L).toByteArray();
        InputStream endless = new InputStream() {
            private int position;

            @Override
            public int read() {
                return position < header.length ? header[position++] & 0xff : 0;
            }
        };
        // The payload is read in full; the byte after it is no opcode.
        assertThatThrownBy(() -> PickleReader.of().read(endless)).isInstanceOf(PickleFormatException.class)
                .hasMessageContaining("unsupported opcode (opcode 0x0 at byte " + (header.length + 100_000_000) + ")");
    }

    /// Nesting as deep as the limits on values and containers allow is neither recursion nor overflow.
    @Test
    void deepNestingNeitherRecursesNorOverflows() {
        int depth = PickleStack.MAX_VALUES - 1;
        byte[] lists = PickleBytes.protocol(4).repeat(depth, EMPTY_LIST).repeat(depth - 1, APPEND).op(STOP).toByteArray();
        assertThat(refused(lists)).hasMessageContaining("holds a list, not a pandas DataFrame");
        int containers = PickleMachine.MAX_CONTAINERS - 1;
        byte[] tuples = PickleBytes.protocol(4).op(EMPTY_TUPLE).repeat(containers, TUPLE1).op(STOP).toByteArray();
        assertThat(refused(tuples)).hasMessageContaining("not a pandas DataFrame");
        byte[] dicts = PickleBytes.protocol(4).op(EMPTY_DICT).repeat(containers - 1, MARK, 'K', 1, EMPTY_DICT, SETITEMS)
                .op(STOP).toByteArray();
        assertThat(refused(dicts)).hasMessageContaining("not a pandas DataFrame");
        int markDepth = 1_000_000;
        byte[] marks = PickleBytes.protocol(4).repeat(markDepth, MARK).op(STOP).toByteArray();
        assertThat(refused(marks)).hasMessageContaining("MARKs open at once");
    }

    /// Opcodes that each make a value or a container from a byte or three: two million values
    /// pushed, a list run that the stack path keeps on the stack, containers the memo keeps or one
    /// list collects. Each is refused at the item past its limit, naming the file and that item's
    /// offset, on both paths and whether the read projects or not, before the heap runs out (without
    /// the limits these read to `STOP` and are refused only as "not a DataFrame", after holding
    /// millions of objects).
    @Test
    void valuesAndContainersAreRefusedAtTheirLimitNamingFileAndOffset(@TempDir Path temp) throws IOException {
        // Past every limit, whatever the heap (the container limit grows with it).
        int count = Math.max(2_000_000, PickleMachine.MAX_CONTAINERS + 1_000);
        int values = PickleStack.MAX_VALUES;
        int containers = PickleMachine.MAX_CONTAINERS;
        String tooManyValues = "more than " + MessageText.count(values, "value") + " on the pickle stack at once";
        String tooManyContainers = "more than " + MessageText.number(containers) + " lists, dicts, tuples and objects";
        record Hostile(byte[] pickle, String refusal, long offset) {
        }
        List<Hostile> hostile = List.of(
                // NONE, NONE, ...: the value past the limit.
                new Hostile(PickleBytes.protocol(4).repeat(count, NONE).op(STOP).toByteArray(), tooManyValues,
                        2 + values),
                // A list, MARK, then two million NONEs for it: on the stack path they wait on the stack.
                new Hostile(PickleBytes.protocol(4).op(EMPTY_LIST).op(MARK).repeat(count, NONE).op(APPENDS).op(STOP)
                        .toByteArray(), tooManyValues, 4 + (values - 1)),
                // The same run of short strings.
                new Hostile(PickleBytes.protocol(4).op(EMPTY_LIST).op(MARK).repeat(count, SHORT_BINUNICODE, 1, 'x')
                        .op(APPENDS).op(STOP).toByteArray(), tooManyValues, 4 + 3L * (values - 1)),
                // New lists the memo keeps: EMPTY_LIST, MEMOIZE, POP.
                new Hostile(PickleBytes.protocol(4).repeat(count, EMPTY_LIST, MEMOIZE, POP).op(STOP).toByteArray(),
                        tooManyContainers, 2 + 3L * containers),
                // New lists appended to one list: EMPTY_LIST, APPEND.
                new Hostile(PickleBytes.protocol(4).op(EMPTY_LIST).repeat(count, EMPTY_LIST, APPEND).op(STOP)
                        .toByteArray(), tooManyContainers, 3 + 2L * (containers - 1)));
        for (int i = 0; i < hostile.size(); i++) {
            Hostile one = hostile.get(i);
            Path file = Files.write(temp.resolve("many-" + i + ".bin"), one.pickle());
            for (boolean fastPaths : new boolean[] {true, false}) {
                PickleReader reader = PickleReader.builder().fastPaths(fastPaths).build();
                String as = file + (fastPaths ? ", fast" : ", stack");
                assertThatThrownBy(() -> reader.read(file)).as(as).isInstanceOf(PickleFormatException.class)
                        .hasMessageStartingWith(file + ": " + one.refusal())
                        .hasMessageContaining(" at byte " + one.offset() + ")");
                assertThatThrownBy(() -> reader.read(file, java.util.Set.of("A"))).as(as + ", projected")
                        .isInstanceOf(PickleFormatException.class)
                        .hasMessageStartingWith(file + ": " + one.refusal())
                        .hasMessageContaining(" at byte " + one.offset() + ")");
            }
        }
    }

    /// Two million nested marks in 4 MB (a list under each, so every level holds an object; a mark
    /// above a list takes the fast path, a mark above a value does not; marks alone): refused at the
    /// mark past the limit, naming the file and that mark's byte offset, on both paths, long before
    /// the heap runs out (the test JVM's heap would not hold two million lists with their marks
    /// anyway, so an absent limit fails here with an OutOfMemoryError or another message).
    @Test
    void nestedMarksAreRefusedAtTheLimitNamingFileAndOffset(@TempDir Path temp) throws IOException {
        int depth = 2_000_000;
        int limit = 10_000;  // the documented limit (docs/guarantees.md)
        List<byte[]> hostile = List.of(
                PickleBytes.protocol(4).repeat(depth, MARK, EMPTY_LIST).op(STOP).toByteArray(),
                PickleBytes.protocol(4).op(EMPTY_LIST).repeat(depth, MARK, NONE).op(STOP).toByteArray(),
                PickleBytes.protocol(4).repeat(depth, MARK).op(STOP).toByteArray());
        for (int i = 0; i < hostile.size(); i++) {
            Path file = Files.write(temp.resolve("marks-" + i + ".bin"), hostile.get(i));
            byte[] bytes = hostile.get(i);
            long limitMark = markOffset(bytes, limit);
            for (boolean fastPaths : new boolean[] {true, false}) {
                PickleReader reader = PickleReader.builder().fastPaths(fastPaths).build();
                assertThatThrownBy(() -> reader.read(file)).as(file + (fastPaths ? ", fast" : ", stack"))
                        .isInstanceOf(PickleFormatException.class)
                        .hasMessageStartingWith(file + ": more than " + MessageText.number(limit) + " MARKs open at once")
                        .hasMessageContaining("(opcode 0x28 at byte " + limitMark + ")");
            }
        }
    }

    /// The offset of the `MARK` that would open mark number `open + 1`.
    private static long markOffset(byte[] pickle, int open) {
        int seen = 0;
        for (int at = 2; at < pickle.length; at++) {
            if (pickle[at] == MARK && seen++ == open) {
                return at;
            }
        }
        throw new AssertionError("fewer marks than " + open);
    }

    /// A file that is no pickle at all is named for what it is, not by its first byte read as an
    /// opcode; a real pickle of protocol 2 still reads.
    @Test
    void aFileThatIsNoPickleIsSaidToBeNone(@TempDir Path dir) throws IOException {
        byte[] gzip;
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(packed)) {
            out.write(new byte[] {(byte) 0x80, 4, '.'});
        }
        gzip = packed.toByteArray();
        Object[][] cases = {
                {"zip.bin", new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8}, "not a pickle file: %s starts with \"PK\\x03\\x04\\x14\\x00\\x00\\x00\"..."},
                {"text.bin", "LEASE_NUMBER,DATE\n".getBytes(), "not a pickle file: %s starts with \"LEASE_NU\"..."},
                {"empty.bin", new byte[0], "not a pickle file: %s is empty"},
                {"gz.bin", gzip, "not a pickle file: %s is gzip-compressed"},
                // The magic numbers of the other compressions to_pickle writes, then anything.
                {"bz2.bin", new byte[] {'B', 'Z', 'h', '9', '1', 'A', 'Y'}, "not a pickle file: %s is bz2-compressed"},
                {"xz.bin", new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0, 0, 4}, "not a pickle file: %s is xz-compressed"},
                {"zst.bin", new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, 0x24}, "not a pickle file: %s is zstd-compressed"},
                {"p1.bin", new byte[] {']', 'q', 0, '.'}, "%s: a pickle of protocol 0 or 1"},
        };
        for (Object[] c : cases) {
            Path file = Files.write(dir.resolve((String) c[0]), (byte[]) c[1]);
            assertThatThrownBy(() -> PickleReader.of().read(file)).as((String) c[0])
                    .isInstanceOf(PickleFormatException.class)
                    .hasMessageStartingWith(String.format((String) c[2], file));
        }
        Path protocol2 = Files.write(dir.resolve("p2.bin"), Files.readAllBytes(Fixtures.file("legacy-bin/mv_eor_casingcutcodes.bin")));
        assertThat(PickleReader.of().read(protocol2).rowCount()).isPositive();
    }

    @Test
    void memoAbuseIsRefusedOrHarmless() {
        assertThat(refused(PickleBytes.protocol(4).op(BINGET).raw(7).op(STOP).toByteArray()))
                .hasMessageContaining("memo entry 7 is not defined");
        // The largest memo index costs one map entry, not a 4-billion-slot array.
        assertThat(refused(PickleBytes.protocol(4).op(NONE).op(LONG_BINPUT).int32(-1).op(POP).op(LONG_BINGET).int32(-1)
                .op(STOP).toByteArray())).hasMessageContaining("holds None, not a pandas DataFrame");
        // A million memo entries of one object: one reference each.
        assertThat(refused(PickleBytes.protocol(4).op(NONE).repeat(1_000_000, MEMOIZE).op(STOP).toByteArray()))
                .hasMessageContaining("holds None, not a pandas DataFrame");
    }

    @Test
    void stackMisuseIsRefused() {
        assertThat(refused(PickleBytes.protocol(4).op(TUPLE).op(STOP).toByteArray())).hasMessageContaining("no MARK");
        assertThat(refused(PickleBytes.protocol(4).op(APPEND).op(STOP).toByteArray())).hasMessageContaining("stack underflow");
        assertThat(refused(PickleBytes.protocol(4).op(NONE).op(NONE).op(APPEND).op(STOP).toByteArray()))
                .hasMessageContaining("APPEND target is None");
        assertThat(refused(PickleBytes.protocol(4).op(NONE).op(EMPTY_TUPLE).op(REDUCE).op(STOP).toByteArray()))
                .hasMessageContaining("REDUCE callable is None");
        assertThat(refused(new byte[] {(byte) PROTO, 1, (byte) NONE, (byte) STOP})).hasMessageContaining("protocol 1");
        assertThat(refused(new byte[0])).hasMessageContaining("empty");
        assertThat(refused("not a pickle at all".getBytes()))
                .hasMessageContaining("not a pickle of protocol 2 or later: the input starts with byte 0x6e");
        assertThat(refused(PickleBytes.protocol(5).op(NEXT_BUFFER).op(STOP).toByteArray())).hasMessageContaining("out-of-band");
    }

    /// A block whose object array has the Fortran flag (pandas makes one from a C-ordered 2-D object
    /// array, `DataFrame(np.array(rows, dtype=object))`): numpy pickles its items in logical order
    /// all the same, column by column of the block's `(columns, rows)` shape. They were read as if
    /// transposed, scrambling the texts across columns. Hand-built, so it runs where no pandas peer
    /// is installed.
    @Test
    void aFortranOrderedObjectBlockIsReadInTheOrderNumpyPicklesItsItems() throws IOException {
        PickleBytes pickle = PickleBytes.protocol(4)
                .stackGlobal("pandas.core.frame", "DataFrame").op(EMPTY_TUPLE).op(NEWOBJ).op(EMPTY_DICT).str("_mgr")
                .stackGlobal("pandas.core.internals.managers", "BlockManager").op(MARK)
                .stackGlobal("pandas._libs.internals", "_unpickle_block")
                .stackGlobal("numpy.core.multiarray", "_reconstruct").stackGlobal("numpy", "ndarray").integer(0).op(TUPLE1)
                .op(SHORT_BINBYTES).raw(1, 'b').op(TUPLE3).op(REDUCE)
                .op(MARK).integer(1).integer(2).integer(3).op(TUPLE2)
                .stackGlobal("numpy", "dtype").str("O8").op(NEWFALSE).op(NEWTRUE).op(TUPLE3).op(REDUCE)
                .op(MARK).integer(3).str("|").op(NONE).op(NONE).op(NONE).integer(-1).integer(-1).integer(63).op(TUPLE).op(BUILD)
                .op(NEWTRUE).op(EMPTY_LIST).op(MARK);
        for (String item : List.of("x0", "x1", "x2", "y0", "y1", "y2")) {
            pickle.str(item);
        }
        pickle.op(APPENDS).op(TUPLE).op(BUILD)
                .stackGlobal("builtins", "slice").integer(0).integer(2).integer(1).op(TUPLE3).op(REDUCE)
                .integer(2).op(TUPLE3).op(REDUCE)
                .op(TUPLE).op(EMPTY_LIST).op(MARK)
                .stackGlobal("pandas.core.indexes.base", "_new_Index").stackGlobal("pandas.core.indexes.base", "Index")
                .op(EMPTY_DICT).str("data");
        objectArray(pickle, 0, List.of("x", "y"), 2);
        pickle.op(SETITEM).op(TUPLE2).op(REDUCE)
                .stackGlobal("pandas.core.indexes.base", "_new_Index").stackGlobal("pandas.core.indexes.range", "RangeIndex")
                .op(EMPTY_DICT).str("start").integer(0).op(SETITEM).str("stop").integer(3).op(SETITEM)
                .op(TUPLE2).op(REDUCE).op(APPENDS).op(TUPLE2).op(REDUCE).op(SETITEM).op(BUILD).op(STOP);

        dev.bsee.core.Table table = PickleReader.of().read(new java.io.ByteArrayInputStream(pickle.toByteArray()));

        assertThat(table.column("x")).isEqualTo(dev.bsee.core.ObjectColumn.of("x0", "x1", "x2"));
        assertThat(table.column("y")).isEqualTo(dev.bsee.core.ObjectColumn.of("y0", "y1", "y2"));
    }

    @Test
    void anArrayReferencedByManyBlocksCannotExpandBeyondTheBudget() {
        int rows = 100;
        int blocks = 3_000;
        String longText = "x".repeat(10_000);
        PickleBytes pickle = PickleBytes.protocol(4)
                .stackGlobal("pandas.core.frame", "DataFrame").op(EMPTY_TUPLE).op(NEWOBJ).op(EMPTY_DICT).str("_mgr")
                .stackGlobal("pandas.core.internals.managers", "BlockManager").op(MARK)
                .stackGlobal("pandas._libs.internals", "_unpickle_block");
        objectArray(pickle, 1, List.of(longText), rows);
        pickle.op(MEMOIZE);
        slice(pickle, 0).integer(2).op(TUPLE3).op(REDUCE);
        for (int block = 1; block < blocks; block++) {
            pickle.stackGlobal("pandas._libs.internals", "_unpickle_block").op(BINGET).raw(0);
            slice(pickle, block).integer(2).op(TUPLE3).op(REDUCE);
        }
        pickle.op(TUPLE).op(EMPTY_LIST).op(MARK)
                .stackGlobal("pandas.core.indexes.base", "_new_Index").stackGlobal("pandas.core.indexes.base", "Index")
                .op(EMPTY_DICT).str("data");
        List<String> names = new ArrayList<>();
        for (int block = 0; block < blocks; block++) {
            names.add("c" + block);
        }
        objectArray(pickle, 0, names, names.size());
        pickle.op(SETITEM).op(TUPLE2).op(REDUCE)
                .stackGlobal("pandas.core.indexes.base", "_new_Index").stackGlobal("pandas.core.indexes.range", "RangeIndex")
                .op(EMPTY_DICT).str("start").integer(0).op(SETITEM).str("stop").integer(rows).op(SETITEM)
                .op(TUPLE2).op(REDUCE).op(APPENDS).op(TUPLE2).op(REDUCE).op(SETITEM).op(BUILD).op(STOP);

        assertThat(refused(pickle.toByteArray())).hasMessageContaining("expands to more than").hasMessageContaining(" bytes from its first ")
                .hasMessageMatching("(?s).*more than \\d{1,3}(,\\d{3})+ bytes from its first \\d{1,3}(,\\d{3})* bytes.*");
    }

    @Test
    void objectArraysDeclaringHugeShapesCannotMakeRoomForThem(@TempDir Path dir) throws IOException {
        // A thousand object arrays each declaring two billion items and holding one.
        PickleBytes pickle = PickleBytes.protocol(4);
        for (int array = 0; array < 1_000; array++) {
            objectArray(pickle, 0, List.of("x"), 2_000_000_000, 1);
            pickle.op(POP);
        }
        Path file = dir.resolve("shapes.bin");
        Files.write(file, pickle.op(NONE).op(STOP).toByteArray());
        long before = BoundedReads.allocatedByThisThread();
        assertThatThrownBy(() -> PickleReader.of().read(file)).isInstanceOf(PickleFormatException.class)
                .hasMessageContaining("holds None, not a pandas DataFrame");
        assertThat(BoundedReads.allocatedByThisThread() - before)
                .isLessThanOrEqualTo(BoundedReads.BASE_ALLOWANCE + BoundedReads.ALLOWANCE_PER_INPUT_BYTE * Files.size(file));
    }

    /// An object ndarray holding `items` repeated to `length` values: shape `(1, length)` when
    /// `twoDimensional` is 1, else `(length,)`.
    private static void objectArray(PickleBytes pickle, int twoDimensional, List<String> items, int length) {
        objectArray(pickle, twoDimensional, items, length, length);
    }

    /// An object ndarray of shape `(1, length)` or `(length,)` holding `count` values, `items` repeated.
    private static void objectArray(PickleBytes pickle, int twoDimensional, List<String> items, int length, int count) {
        pickle.stackGlobal("numpy.core.multiarray", "_reconstruct").stackGlobal("numpy", "ndarray").integer(0).op(TUPLE1)
                .op(SHORT_BINBYTES).raw(1, 'b').op(TUPLE3).op(REDUCE)
                .op(MARK).integer(1);
        if (twoDimensional == 1) {
            pickle.integer(1).integer(length).op(TUPLE2);
        } else {
            pickle.integer(length).op(TUPLE1);
        }
        pickle.stackGlobal("numpy", "dtype").str("O8").op(NEWFALSE).op(NEWTRUE).op(TUPLE3).op(REDUCE)
                .op(MARK).integer(3).str("|").op(NONE).op(NONE).op(NONE).integer(-1).integer(-1).integer(63).op(TUPLE).op(BUILD)
                .op(NEWFALSE).op(EMPTY_LIST).op(MARK);
        for (int i = 0; i < count; i++) {
            pickle.str(items.get(i % items.size()));
        }
        pickle.op(APPENDS).op(TUPLE).op(BUILD);
    }

    private static PickleBytes slice(PickleBytes pickle, int position) {
        return pickle.stackGlobal("builtins", "slice").integer(position).integer(position + 1).integer(1).op(TUPLE3).op(REDUCE);
    }

    /// A folder or a pipe given as a `.bin` file is refused by what it is, at once: opening the pipe
    /// waited for a writer that never came.
    @Test
    void aFolderOrAPipeIsRefusedByWhatItIsWithoutWaiting(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path folder = java.nio.file.Files.createDirectory(dir.resolve("folder.bin"));
        java.nio.file.Path pipe = dir.resolve("pipe.bin");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).as("mkfifo").isZero();
        for (var path : java.util.List.of(folder, pipe)) {
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> PickleReader.of().read(path))
                            .isInstanceOf(java.nio.file.FileSystemException.class)
                            .hasMessageContaining(path.toString())
                            .hasMessageContaining(path.equals(folder) ? "it is a folder" : "it is a pipe, socket or device"));
        }
    }

    /// A column buffer the allocator cannot give (a spill file on a full disk) is that failure, as
    /// an I/O error: `bsee inspect` called a sound file "malformed pickle near byte N" with the spill's
    /// exception class in the line.
    @Test
    void aBufferTheAllocatorCannotGiveIsItsIoErrorNotAMalformedPickle() throws IOException {
        Table table = Table.builder().column("i", Int64Column.of(1, 2, 3)).column("s", ObjectColumn.of("a", "b", "c")).build();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        PickleWriter.builder().build().write(table, bytes);
        dev.bsee.core.BufferAllocator full = new dev.bsee.core.BufferAllocator() {
            @Override
            public dev.bsee.core.GrowableBuffer allocate() {
                throw new java.io.UncheckedIOException("cannot spill a column buffer to /tmp/bsee-spill-1.bin: No space"
                        + " left on device", new IOException("/tmp/bsee-spill-1.bin: No space left on device"));
            }

            @Override
            public void close() {
            }
        };

        assertThatThrownBy(() -> PickleReader.builder().allocator(full).build().read(new java.io.ByteArrayInputStream(
                bytes.toByteArray()))).isExactlyInstanceOf(IOException.class)
                .hasMessage("cannot spill a column buffer to /tmp/bsee-spill-1.bin: No space left on device");
    }
}
