package dev.bsee.binary;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.GrowableBuffer;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import dev.bsee.core.peer.Fixtures;
import dev.bsee.testkit.BseeArbitraries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.bsee.binary.Opcodes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// Reading some columns of a file ([PickleReader#read(Path, Set)]) gives the table a whole read gives
/// without the other columns, refuses what a whole read refuses with the same message, and builds only
/// the columns it keeps: for random tables of every dtype, tables shaped like BSEE's, every column of
/// the files the Python system wrote, and mutated pickles.
class ProjectedReadProperties {
    private static final Path DIR = ScratchFolder.create("bsee-projected-read");
    private static final AtomicInteger FILES = new AtomicInteger();

    @AfterContainer
    static void removeFolder() throws IOException {
        ScratchFolder.delete(DIR);
    }

    @Provide
    Arbitrary<Table> tables() {
        return TableGenerators.tables(40, 8);
    }

    @Property(tries = 100)
    void someColumnsOfRandomTablesReadAsTheWholeTableWithoutTheOthers(@ForAll("tables") Table table,
            @ForAll PickleDialect dialect, @ForAll Random random) throws IOException {
        Path file = write(table, dialect);
        Set<String> kept = someOf(table.columnNames(), random);

        assertThat(PickleReader.of().read(file, kept)).isEqualTo(projected(PickleReader.of().read(file), kept));
    }

    @Provide
    Arbitrary<Table> bseeTables() {
        return Arbitraries.oneOf(BseeArbitraries.productionTables(), BseeArbitraries.wellTables());
    }

    @Property(tries = 100)
    void someColumnsOfBseeTablesReadAsTheWholeTableWithoutTheOthers(@ForAll("bseeTables") Table table,
            @ForAll Random random) throws IOException {
        Path file = write(table, PickleDialect.PORTABLE);
        Set<String> kept = someOf(table.columnNames(), random);

        Table read = PickleReader.of().read(file, kept);

        assertThat(read).isEqualTo(projected(table, kept));
        assertThat(read.columnNames()).hasSize(kept.size());
    }

    /// pandas' own layouts (memo references to repeated strings, several columns per object block):
    /// columns of each file the Python system wrote, alone (six spread over each file, first and last
    /// included).
    @Example
    void columnsOfThePythonSystemsFilesReadAlone() throws IOException {
        for (Path file : Fixtures.legacyBins()) {
            Table whole = PickleReader.of().read(file);
            int count = whole.columnCount();
            Set<String> names = new LinkedHashSet<>();
            for (int i = 0; i < 6 && count > 0; i++) {
                names.add(whole.columnNames().get(i * (count - 1) / 5));
            }
            for (String name : names) {
                assertThat(PickleReader.of().read(file, Set.of(name))).as(file.getFileName() + " " + name)
                        .isEqualTo(projected(whole, Set.of(name)));
            }
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedPickles() {
        return new HostilePickleProperties().mutatedPickles();
    }

    /// A pickle a whole read refuses is refused with the same message whichever columns are asked
    /// for, those of a refused item left out included; one it reads gives the same columns.
    @Property(tries = 600)
    void mutatedPicklesAreRefusedAsAWholeReadRefusesThem(@ForAll("mutatedPickles") byte[] pickle, @ForAll Random random)
            throws IOException {
        assertReadOrRefusedAsAWholeRead(pickle, random, PickleReader.of());
    }

    /// The shortcuts of a projected read alone (no second, ordinary read to fall back on): random
    /// tables of every dtype, short and long enough for lists of many runs, give the projection of a
    /// whole read.
    @Provide
    Arbitrary<Table> shortAndLongTables() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, TableGenerators.tables(40, 8)),
                net.jqwik.api.Tuple.of(1, TableGenerators.tables(2600, 5)));
    }

    @Property(tries = 120)
    void someColumnsOfRandomTablesReadTheSameByTheShortcutsAlone(@ForAll("shortAndLongTables") Table table,
            @ForAll PickleDialect dialect, @ForAll Random random) throws IOException {
        Path file = write(table, dialect);
        Set<String> kept = someOf(table.columnNames(), random);

        assertThat(SHORTCUTS_ONLY.read(file, kept)).isEqualTo(projected(PickleReader.of().read(file), kept));
    }

    /// pandas' layouts, with their memo references to strings stored in the memo while a list was
    /// skimmed: every column of each file the Python system wrote, alone, by the shortcuts alone.
    @Example
    void everyColumnOfThePythonSystemsFilesReadsAloneByTheShortcuts() throws IOException {
        for (Path file : Fixtures.legacyBins()) {
            Table whole = PickleReader.of().read(file);
            for (String name : new LinkedHashSet<>(whole.columnNames())) {
                assertThat(SHORTCUTS_ONLY.read(file, Set.of(name))).as(file.getFileName() + " " + name)
                        .isEqualTo(projected(whole, Set.of(name)));
            }
        }
    }

    /// The shortcuts check what a whole read checks, in its order: a pickle a whole read refuses they
    /// refuse with the same message, or give up (and the ordinary read refuses it); one it reads
    /// they read the same, or give up.
    @Property(tries = 600)
    void mutatedPicklesAreRefusedByTheShortcutsAsAWholeReadRefusesThem(@ForAll("mutatedPickles") byte[] pickle,
            @ForAll Random random) throws IOException {
        assertReadOrRefusedAsAWholeRead(pickle, random, SHORTCUTS_ONLY);
    }

    /// Reads `pickle` from a file whole and, by `reader`, some of its columns: the projection of the
    /// whole read's table, or the whole read's refusal (a reader whose shortcuts gave up is let off).
    private static void assertReadOrRefusedAsAWholeRead(byte[] pickle, Random random, PickleReader reader)
            throws IOException {
        Path file = DIR.resolve("m" + FILES.incrementAndGet() + ".bin");
        Files.write(file, pickle);
        String whole;
        Set<String> kept;
        try {
            Table table = PickleReader.of().read(file);
            kept = someOf(table.columnNames(), random);
            whole = "table " + projected(table, kept);
        } catch (PickleFormatException e) {
            kept = someOf(List.of("a", "b", "API_WELL_NUMBER", "", "CASING_CUT_CODE"), random);
            whole = "refused: " + e.getMessage();
        }
        String some;
        try {
            some = "table " + reader.read(file, kept);
        } catch (PickleFormatException e) {
            some = "refused: " + e.getMessage();
        } catch (LazyReadAbandoned e) {
            some = whole;
            Statistics.collect("the shortcuts gave up");
        }
        Statistics.collect(whole.startsWith("table") ? "read" : "refused");
        assertThat(some).isEqualTo(whole);
        Files.delete(file);
    }

    /// A string that is not UTF-8 in a column left out is refused by the skim itself, with the
    /// message of a whole read.
    @Example
    void aBadStringInAColumnLeftOutIsRefusedAsAWholeReadRefusesIt() throws IOException {
        Path file = DIR.resolve("u" + FILES.incrementAndGet() + ".bin");
        byte[] bad = item("A002");
        bad[3] = (byte) 0xff;
        Files.write(file, replace(namesPickle(), item("A002"), bad));

        String whole = refusal(() -> PickleReader.of().read(file));
        assertThat(whole).contains("not valid UTF-8");
        assertThat(refusal(() -> SHORTCUTS_ONLY.read(file, Set.of("API_WELL_NUMBER")))).isEqualTo(whole);
        Files.delete(file);
    }

    /// A global outside the allow-list among the items of a column left out is refused as a whole
    /// read refuses it.
    @Example
    void anUnsafeGlobalInAColumnLeftOutIsRefusedAsAWholeReadRefusesIt() throws IOException {
        Path file = DIR.resolve("g" + FILES.incrementAndGet() + ".bin");
        Files.write(file, replace(namesPickle(), item("A002"), "cos\nsystem\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

        assertThatThrownBy(() -> PickleReader.of().read(file)).isInstanceOf(UnsafePickleException.class)
                .hasMessageContaining("os.system");
        String whole = refusal(() -> PickleReader.of().read(file));
        assertThat(refusal(() -> PickleReader.of().read(file, Set.of("API_WELL_NUMBER")))).isEqualTo(whole);
        assertThatThrownBy(() -> PickleReader.of().read(file, Set.of("API_WELL_NUMBER")))
                .isInstanceOf(UnsafePickleException.class);
    }

    /// A memo reference among the items of a kept column to a string stored in the memo while the
    /// list was skimmed resolves to that string, in the same list and in another block's.
    @Example
    void memoReferencesToSkimmedStringsResolve() throws IOException {
        Path file = DIR.resolve("r" + FILES.incrementAndGet() + ".bin");
        Files.write(file, withReference(namesPickle(), "A001", "B002"));
        Table whole = PickleReader.of().read(file);
        assertThat(whole.column("OTHER_NAME").value(1)).contains("A001");

        for (String name : whole.columnNames()) {
            assertThat(SHORTCUTS_ONLY.read(file, Set.of(name))).as(name).isEqualTo(projected(whole, Set.of(name)));
        }
        Files.delete(file);
    }

    /// Memo references that expand a column left out past the expansion budget are refused by the
    /// skim as a whole read refuses them: each reference to a long string costs the same whether the
    /// string is copied or only counted. The budget is at least an eighth of the heap.
    @Example
    void memoReferencesExpandingAColumnLeftOutAreRefusedAsAWholeReadRefusesThem() throws IOException {
        int rows = (int) (Runtime.getRuntime().maxMemory() / 8 / 10_000) + 3000;
        Path file = oneTextInEveryRow("WELL_NAME", "x".repeat(10_000), rows);

        String whole = refusal(() -> PickleReader.of().read(file));
        assertThat(whole).contains("expands to more than");
        assertThat(refusal(() -> SHORTCUTS_ONLY.read(file, Set.of("API_WELL_NUMBER")))).isEqualTo(whole);
        Files.delete(file);
    }

    /// A pickle `read_csv` makes of a remark of 2,000 characters in 20,000 rows: pandas gives every
    /// cell of the same text one Python string and pickles it once, then a memo reference a row:
    /// 40 MB of strings from a file of 200 KB. It is read, whole and by the shortcuts; 4 MiB plus 128 bytes a
    /// byte of the file refused it, and with it files of the Python system.
    @Example
    void aRemarkRepeatedInManyRowsIsReadAsPandasWroteIt() throws IOException {
        int rows = 20_000;
        String remark = "R".repeat(2000);
        Path file = oneTextInEveryRow("REMARK", remark, rows);
        assertThat(Files.size(file)).isLessThan(250_000);

        String[] expected = new String[rows];
        java.util.Arrays.fill(expected, remark);
        Table read = PickleReader.of().read(file);
        assertThat(read.column("REMARK")).isEqualTo(ObjectColumn.of(expected));
        assertThat(SHORTCUTS_ONLY.read(file, Set.of("REMARK")).column("REMARK")).isEqualTo(ObjectColumn.of(expected));
        Files.delete(file);
    }

    /// A memo entry stored again after a skimmed list that refers to it: reading the list again
    /// would find the new value, so the shortcuts give up and the ordinary read gives the old one.
    @Example
    void aMemoEntryStoredAgainMakesTheShortcutsGiveUp() throws IOException {
        Path file = DIR.resolve("w" + FILES.incrementAndGet() + ".bin");
        byte[] pickle = withReference(namesPickle(), "A001", "B002");
        // After the column labels' list (its last label, then APPENDS): a string stored at the
        // entry of "A001" again, then popped.
        byte[] labels = concat(item("OTHER_NAME"), new byte[] {(byte) APPENDS});
        pickle = replace(pickle, labels, concat(labels, item("ZZZZ"),
                new byte[] {(byte) BINPUT, (byte) memoIndexAfter(pickle, "A001"), (byte) POP}));
        Files.write(file, pickle);
        Table whole = PickleReader.of().read(file);
        assertThat(whole.column("OTHER_NAME").value(1)).contains("A001");

        assertThat(PickleReader.of().read(file, Set.of("OTHER_NAME"))).isEqualTo(projected(whole, Set.of("OTHER_NAME")));
        assertThatThrownBy(() -> SHORTCUTS_ONLY.read(file, Set.of("OTHER_NAME"))).isInstanceOf(LazyReadAbandoned.class);
        Files.delete(file);
    }

    /// The strings of the columns left out are not copied and the payloads of those left out not
    /// read: a projected read of one `int64` column of a table of long object columns allocates
    /// about that column, not the file.
    @Example
    void theColumnsLeftOutAreNeitherReadNorCopied() throws IOException {
        int rows = 150_000;
        long[] wells = new long[rows];
        String[] names = new String[rows];
        for (int i = 0; i < rows; i++) {
            wells[i] = 608_164_000_100L + i;
            names[i] = "WELL-" + (1_000_000 + i) + "-ST00BP00";
        }
        Table table = Table.builder()
                .column("LEASE_NUMBER", ObjectColumn.of(names))
                .column("API_WELL_NUMBER", Int64Column.of(wells))
                .column("PRODUCTION_DATE", Int64Column.of(wells))
                .column("WELL_NAME", ObjectColumn.of(names))
                .column("OPERATOR_NUM", Int64Column.of(wells))
                .build();
        Path file = write(table, PickleDialect.PORTABLE);
        long size = Files.size(file);
        PickleReader.of().read(file, Set.of("API_WELL_NUMBER"));

        long before = BoundedReads.allocatedByThisThread();
        Table read = PickleReader.of().read(file, Set.of("API_WELL_NUMBER"));
        long allocated = BoundedReads.allocatedByThisThread() - before;

        assertThat(read).isEqualTo(projected(table, Set.of("API_WELL_NUMBER")));
        assertThat(allocated).as("bytes allocated reading one column of %d bytes", size)
                .isLessThan(rows * 8L + size / 8);
    }

    /// A kept object column costs its own strings: of an object block of three columns, only the
    /// runs that hold the kept column's items are read again and decoded.
    @Example
    void aKeptObjectColumnIsReadAgainAlone() throws IOException {
        int rows = 150_000;
        String[][] columns = new String[3][rows];
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < 3; c++) {
                columns[c][i] = "WELL-" + c + "-" + (1_000_000 + i) + "-ST00BP00";
            }
        }
        Table table = Table.builder()
                .column("LEASE_NUMBER", ObjectColumn.of(columns[0]))
                .column("API_WELL_NUMBER", Int64Column.of(new long[rows]))
                .column("WELL_NAME", ObjectColumn.of(columns[1]))
                .column("SORT_NAME", ObjectColumn.of(columns[2]))
                .build();
        Path file = write(table, PickleDialect.PORTABLE);
        long stringBytes = (long) rows * columns[1][0].length();
        SHORTCUTS_ONLY.read(file, Set.of("WELL_NAME"));

        long before = BoundedReads.allocatedByThisThread();
        Table read = SHORTCUTS_ONLY.read(file, Set.of("WELL_NAME"));
        long allocated = BoundedReads.allocatedByThisThread() - before;

        assertThat(read).isEqualTo(projected(table, Set.of("WELL_NAME")));
        assertThat(allocated).as("bytes allocated reading one object column of %d bytes of strings", stringBytes)
                .isLessThan(2 * stringBytes + rows * 24L);
    }

    /// Without building them: the buffers an allocator hands out are those of the columns kept.
    @Example
    void theColumnsLeftOutAreNotBuilt() throws IOException {
        Table table = Table.builder()
                .column("LEASE_NUMBER", ObjectColumn.of("G01234", "G01235", null))
                .column("API_WELL_NUMBER", Int64Column.of(608164000100L, 608164000101L, 177154012300L))
                .column("AREA_CODE_BLOCK_NUM", ObjectColumn.of("SS  243", "EI  100", "GI   32"))
                .column("WELL_NAME", ObjectColumn.of("A001", null, "SS002"))
                .build();
        Path file = write(table, PickleDialect.PORTABLE);
        CountingAllocator all = new CountingAllocator();
        CountingAllocator one = new CountingAllocator();
        CountingAllocator none = new CountingAllocator();

        assertThat(PickleReader.builder().allocator(all).build().read(file)).isEqualTo(table);
        assertThat(PickleReader.builder().allocator(one).build().read(file, Set.of("WELL_NAME")))
                .isEqualTo(projected(table, Set.of("WELL_NAME")));
        assertThat(PickleReader.builder().allocator(none).build().read(file, Set.of("API_WELL_NUMBER")))
                .isEqualTo(projected(table, Set.of("API_WELL_NUMBER")));

        assertThat(all.buffers).isPositive();
        assertThat(one.buffers).isEqualTo(all.buffers / 3);
        assertThat(none.buffers).isZero();
    }

    /// An object column left out is still refused for an item that is not a string, with the message
    /// of a whole read.
    @Example
    void aColumnLeftOutIsStillRefusedForAnItemThatIsNoString() throws IOException {
        Table table = Table.builder()
                .column("API_WELL_NUMBER", Int64Column.of(1, 2))
                .column("WELL_NAME", ObjectColumn.of("A001", "A002"))
                .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PickleWriter.builder().dialect(PickleDialect.PORTABLE).build().write(table, bytes);
        byte[] pickle = bytes.toByteArray();
        // The second name becomes the int 7, which no object column may hold.
        Path file = DIR.resolve("o" + FILES.incrementAndGet() + ".bin");
        Files.write(file, replaceItem(pickle, "A002"));

        String whole = refusal(() -> PickleReader.of().read(file));
        assertThat(whole).contains("WELL_NAME").contains("int");
        assertThat(refusal(() -> PickleReader.of().read(file, Set.of("API_WELL_NUMBER")))).isEqualTo(whole);
        Files.delete(file);
    }

    @Example
    void aNameThatIsNoColumnIsReportedWithTheColumnsThereAre() throws IOException {
        Table table = Table.builder().column("API_WELL_NUMBER", Int64Column.of(1)).column("b", Int64Column.of(2)).build();
        Path file = write(table, PickleDialect.PORTABLE);

        assertThatThrownBy(() -> PickleReader.of().read(file, new LinkedHashSet<>(List.of("b", "WELL_NAME", "c"))))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage(file + ": no column WELL_NAME; columns are [API_WELL_NUMBER, b]");
    }

    /// A reader whose projected reads throw [LazyReadAbandoned] where they would fall back on the
    /// ordinary read.
    private static final PickleReader SHORTCUTS_ONLY = PickleReader.builder().fallback(false).build();

    /// A table of two object columns, one `int64`, in the portable dialect.
    private static byte[] namesPickle() throws IOException {
        Table table = Table.builder()
                .column("API_WELL_NUMBER", Int64Column.of(1, 2))
                .column("WELL_NAME", ObjectColumn.of("A001", "A002"))
                .column("OTHER_NAME", ObjectColumn.of("B001", "B002"))
                .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PickleWriter.builder().dialect(PickleDialect.PORTABLE).build().write(table, bytes);
        return bytes.toByteArray();
    }

    /// `text` as a `SHORT_BINUNICODE` item.
    private static byte[] item(String text) {
        byte[] item = new byte[2 + text.length()];
        item[0] = (byte) SHORT_BINUNICODE;
        item[1] = (byte) text.length();
        System.arraycopy(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, item, 2, text.length());
        return item;
    }

    /// The pickle with the item `stored` stored in the memo (`MEMOIZE`) and the item `referenced`
    /// replaced by a reference to it (`BINGET`); the writer's own references past the new entry
    /// renumbered, as its `MEMOIZE`s after it now store one index further.
    private static byte[] withReference(byte[] pickle, String stored, String referenced) {
        return withReferences(pickle, item(stored), item(referenced));
    }

    /// The pickle with the item `storedItem` stored in the memo and every later `referencedItem`
    /// replaced by a reference to it.
    /// A file of `rows` rows of an integer column and the column `name`, whose every cell is `text`:
    /// pickled once, then a memo reference a row, as pandas pickles what `read_csv` gives.
    private static Path oneTextInEveryRow(String name, String text, int rows) throws IOException {
        String[] cells = new String[rows];
        java.util.Arrays.fill(cells, "y");
        cells[0] = text;
        Table table = Table.builder()
                .column("API_WELL_NUMBER", Int64Column.of(new long[rows]))
                .column(name, ObjectColumn.of(cells))
                .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PickleWriter.builder().dialect(PickleDialect.PORTABLE).build().write(table, bytes);
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] longItem = concat(java.nio.ByteBuffer.allocate(5).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .put((byte) BINUNICODE).putInt(utf8.length).array(), utf8);
        Path file = DIR.resolve("e" + FILES.incrementAndGet() + ".bin");
        Files.write(file, withReferences(bytes.toByteArray(), longItem, item("y")));
        return file;
    }

    private static byte[] withReferences(byte[] framed, byte[] storedItem, byte[] referencedItem) {
        byte[] pickle = PickleOpcodes.unframed(framed);
        int entry = memoIndexAfter(pickle, storedItem);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean after = false;
        for (PickleOpcodes.Op op : PickleOpcodes.split(pickle)) {
            byte[] bytes = java.util.Arrays.copyOfRange(pickle, op.start(), op.start() + op.length());
            assertThat(op.code()).as("the writer stores in the memo with MEMOIZE only").isNotIn(BINPUT, LONG_BINPUT);
            if (!after && java.util.Arrays.equals(bytes, storedItem)) {
                out.writeBytes(bytes);
                out.write(MEMOIZE);
                after = true;
            } else if (after && java.util.Arrays.equals(bytes, referencedItem)) {
                out.write(BINGET);
                out.write(entry);
            } else if (after && op.code() == BINGET && (bytes[1] & 0xff) >= entry) {
                out.write(BINGET);
                out.write((bytes[1] & 0xff) + 1);
            } else {
                out.writeBytes(bytes);
            }
        }
        return out.toByteArray();
    }

    /// The memo index a `MEMOIZE` right after the item `text` stores at: how many come before it.
    private static int memoIndexAfter(byte[] pickle, String text) {
        return memoIndexAfter(pickle, item(text));
    }

    private static int memoIndexAfter(byte[] pickle, byte[] item) {
        int entries = 0;
        for (PickleOpcodes.Op op : PickleOpcodes.split(pickle)) {
            if (java.util.Arrays.equals(pickle, op.start(), op.start() + op.length(), item, 0, item.length)) {
                return entries;
            }
            if (op.code() == MEMOIZE) {
                entries++;
            }
        }
        throw new IllegalArgumentException("the item is not in the pickle");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part, 0, part.length);
        }
        return out.toByteArray();
    }

    /// The pickle with the first occurrence of `from` replaced by `to`; frames are read as hints,
    /// so their declared lengths need no change.
    private static byte[] replace(byte[] pickle, byte[] from, byte[] to) {
        for (int at = 0; at + from.length <= pickle.length; at++) {
            if (java.util.Arrays.equals(pickle, at, at + from.length, from, 0, from.length)) {
                return concat(java.util.Arrays.copyOf(pickle, at), to,
                        java.util.Arrays.copyOfRange(pickle, at + from.length, pickle.length));
            }
        }
        throw new IllegalArgumentException("not in the pickle");
    }

    private interface Read {
        Table run() throws IOException;
    }

    private static String refusal(Read read) throws IOException {
        try {
            return "table " + read.run();
        } catch (PickleFormatException e) {
            return "refused: " + e.getMessage();
        }
    }

    /// The pickle with the list item `text` (a `SHORT_BINUNICODE`) replaced by the int 7 (`BININT1`).
    private static byte[] replaceItem(byte[] framed, String text) {
        byte[] pickle = PickleOpcodes.unframed(framed);
        byte[] item = new byte[2 + text.length()];
        item[0] = (byte) SHORT_BINUNICODE;
        item[1] = (byte) text.length();
        System.arraycopy(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, item, 2, text.length());
        for (int at = 0; at + item.length <= pickle.length; at++) {
            if (java.util.Arrays.equals(pickle, at, at + item.length, item, 0, item.length)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(pickle, 0, at);
                out.write(BININT1);
                out.write(7);
                out.write(pickle, at + item.length, pickle.length - at - item.length);
                return out.toByteArray();
            }
        }
        throw new IllegalArgumentException(text + " is not in the pickle");
    }

    private static Set<String> someOf(List<String> names, Random random) {
        Set<String> kept = new LinkedHashSet<>();
        for (String name : names) {
            if (random.nextInt(3) == 0) {
                kept.add(name);
            }
        }
        return kept;
    }

    /// The whole table without the columns whose names are not in `kept`.
    private static Table projected(Table table, Set<String> kept) {
        Table.Builder projected = Table.builder().index(table.index());
        for (int i = 0; i < table.columnCount(); i++) {
            if (kept.contains(table.columnNames().get(i))) {
                projected.column(table.columnNames().get(i), table.column(i));
            }
        }
        return projected.build();
    }

    private static Path write(Table table, PickleDialect dialect) throws IOException {
        Path file = DIR.resolve("t" + FILES.incrementAndGet() + ".bin");
        try (var output = Files.newOutputStream(file)) {
            PickleWriter.builder().dialect(dialect).build().write(table, output);
        }
        return file;
    }

    /// The heap, counting the buffers it hands out.
    private static final class CountingAllocator implements BufferAllocator {
        int buffers;

        @Override
        public GrowableBuffer allocate() {
            buffers++;
            return BufferAllocator.heap().allocate();
        }

        @Override
        public void close() {
        }
    }
}
