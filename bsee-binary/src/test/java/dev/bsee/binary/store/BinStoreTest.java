package dev.bsee.binary.store;

import dev.bsee.binary.PickleWriter;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Index;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinStoreTest {

    @TempDir
    Path dir;

    private static final Table APD = Table.builder()
            .column("API_WELL_NUMBER", Int64Column.of(608164000100L, 608164000101L, 177154012300L))
            .column("WELL_NAME", ObjectColumn.of("A001", "A002", null))
            .column("WATER_DEPTH", Float64Column.of(120.5, Double.NaN, 2150))
            .build();

    private void write(String file, Table table) throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve(file))) {
            PickleWriter.of().write(table, out);
        }
    }

    @Test
    void listsTablesAndReadsThemWithProjectionAndFilter() throws IOException {
        write("mv_apddata_all.bin", APD);
        write("mv_apd_main_all.bin", Table.builder().column("SN_APD", Int64Column.of(1, 2)).build());
        Files.writeString(dir.resolve("notes.txt"), "not a table");

        BinStore store = BinStore.open(dir);

        assertThat(store.tables()).containsExactly("mv_apd_main_all", "mv_apddata_all");
        assertThat(store.read("mv_apddata_all")).isEqualTo(APD);
        Table wells = store.read("mv_apddata_all", Query.columns("WELL_NAME", "API_WELL_NUMBER")
                .where("API_WELL_NUMBER", Condition.isIn(Set.of(177154012300L, 608164000100L))));
        assertThat(wells).isEqualTo(Table.builder()
                .column("WELL_NAME", ObjectColumn.of("A001", null))
                .column("API_WELL_NUMBER", Int64Column.of(608164000100L, 177154012300L))
                .index(new Index.Labels(Int64Column.of(0, 2)))
                .build());
    }

    /// A `.bin` whose name is not UTF-8 (Latin-1 `caf\xe9.bin`, copied from an old system) is not
    /// listed as a table, and reading it by its name as text says why it cannot be opened so. It was
    /// listed as `caf\uFFFD`, which then read no file ("no table" beside a list holding it) or, beside
    /// a file truly named `caf\uFFFD.bin`, that other file: two tables listed under one name, the
    /// Latin-1 one never read.
    @Test
    void aTableWhoseFileNameIsNotTextIsLeftOutAndNeverTakenForAnother() throws Exception {
        write("ok.bin", APD);
        Process copy = new ProcessBuilder("/bin/sh", "-c", "cp ok.bin \"$(printf 'caf\\351.bin')\"")
                .directory(dir.toFile()).start();
        assertThat(copy.waitFor()).isZero();
        BinStore store = BinStore.open(dir);

        assertThat(store.tables()).containsExactly("ok");
        assertThatThrownBy(() -> store.read("caf\uFFFD")).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("cannot be opened by its name: " + dev.bsee.core.internal.MessageText.pathCharsetHint());

        if ("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"))) {
            // A file truly named with U+FFFD is its own table, read by that name; another name
            // holding U+FFFD is no table.
            Table other = Table.builder().column("A", Int64Column.of(7)).build();
            write("caf\uFFFD.bin", other);
            assertThat(store.tables()).containsExactly("caf\uFFFD", "ok");
            assertThat(store.read("caf\uFFFD")).isEqualTo(other);
            assertThatThrownBy(() -> store.read("zz\uFFFD")).isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining("no table zz");
        }
    }

    /// A folder given with `..` after a symbolic link is the folder the system opens, where the tool
    /// writes and Python reads: the store normalized it as text and read another folder's tables.
    @Test
    void aFolderWithDotDotAfterALinkIsTheFolderTheSystemOpens() throws IOException {
        Path deep = Files.createDirectories(dir.resolve("real/deep"));
        Files.createSymbolicLink(dir.resolve("lnk"), deep);
        Files.createDirectories(dir.resolve("real/out"));
        Files.createDirectories(dir.resolve("out"));
        try (OutputStream out = Files.newOutputStream(dir.resolve("real/out/t.bin"))) {
            PickleWriter.of().write(APD, out);
        }

        BinStore store = BinStore.open(dir.resolve("lnk/../out"));

        assertThat(store.directory()).isEqualTo(deep.toRealPath().getParent().resolve("out"));
        assertThat(store.tables()).containsExactly("t");
    }

    /// A file's column names are the file's text: a projection or a condition naming a column the
    /// file lacks lists them escaped, as other messages quote a file's text, whichever way it is read
    /// (a line end and an escape code reached an application's log raw).
    @Test
    void aMissingColumnsMessageEscapesTheFilesColumnNames() throws IOException {
        write("odd.bin", Table.builder().column("LEASE\nNUMBER", Int64Column.of(1, 2))
                .column("\u001b[31mRED", ObjectColumn.of("a", "b")).build());
        BinStore store = BinStore.open(dir);

        for (Query query : java.util.List.of(Query.columns("LEASE\nNUMBER", "NO\tSUCH"),
                Query.rowsWhere("NO\tSUCH", Condition.isMissing()))) {
            assertThatThrownBy(() -> store.read("odd", query)).isInstanceOf(java.util.NoSuchElementException.class)
                    .hasMessage(dir.resolve("odd.bin") + ": no column NO\\tSUCH; columns are [LEASE\\nNUMBER, \\e[31mRED]");
        }
    }

    /// An application reads through the public spilling buffers: with no heap budget every column
    /// goes to a mapped file, the table is the one the heap read gives, and closing removes the files.
    @Test
    void readsThroughSpillingBuffersAndClosingRemovesTheirFiles(@org.junit.jupiter.api.io.TempDir Path spill)
            throws IOException {
        Int64Column many = Int64Column.of(java.util.stream.LongStream.range(0, 200_000).toArray());
        Table big = Table.builder().column("N", many).column("F", Float64Column.of(
                java.util.stream.LongStream.range(0, 200_000).mapToDouble(i -> i / 4.0).toArray())).build();
        write("big.bin", big);
        try (dev.bsee.core.BufferAllocator buffers = dev.bsee.binary.SpillingBuffers.open(spill, 0)) {
            BinStore store = BinStore.open(dir, dev.bsee.binary.PickleReader.builder().allocator(buffers).build());
            assertThat(store.read("big")).isEqualTo(big);
            try (java.util.stream.Stream<Path> files = Files.list(spill)) {
                assertThat(files.count()).as("columns spilled to files").isPositive();
            }
        }
        try (java.util.stream.Stream<Path> files = Files.list(spill)) {
            assertThat(files).as("closing removes the spill files").isEmpty();
        }
        assertThatThrownBy(() -> dev.bsee.binary.SpillingBuffers.open(spill.resolve("none"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no such folder for spill files: " + spill.resolve("none"));
        // A file where the folder should be is said to be one, not to be missing.
        Path file = Files.writeString(dir.resolve("spill-here.txt"), "notes");
        assertThatThrownBy(() -> dev.bsee.binary.SpillingBuffers.open(file, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a folder for spill files: " + file + " is a file");

        // A read with buffers already closed is the caller's mistake, not damage in the file.
        dev.bsee.core.BufferAllocator closed = dev.bsee.binary.SpillingBuffers.open(spill, 0);
        closed.close();
        BinStore late = BinStore.open(dir, dev.bsee.binary.PickleReader.builder().allocator(closed).build());
        // In a type of the JDK's (not the allocator's own internal one), naming the file as every failure of a read.
        assertThatThrownBy(() -> late.read("big")).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(dir.resolve("big.bin") + ": the allocator is closed");
    }

    /// A table read through spilling buffers whose allocator was closed meanwhile says so when a
    /// column is read, in the library's words: the mapping's own `IllegalStateException: Already
    /// closed` named neither the table's buffers nor the allocator. That is the JDK's mapping, which
    /// releases the memory at once (Chronicle Bytes, where it starts, keeps it readable).
    @Test
    void columnsReadAfterTheirBuffersWereClosedSaySo(@org.junit.jupiter.api.io.TempDir Path spill) throws Exception {
        java.lang.reflect.Field jdkMapping = Class.forName("dev.bsee.binary.internal.MappedRegions")
                .getDeclaredField("chronicleUnavailable");
        jdkMapping.setAccessible(true);
        boolean before = jdkMapping.getBoolean(null);
        jdkMapping.setBoolean(null, true);
        try {
            readColumnsAfterTheirBuffersWereClosed(spill);
        } finally {
            jdkMapping.setBoolean(null, before);
        }
    }

    private void readColumnsAfterTheirBuffersWereClosed(Path spill) throws IOException {
        // Strings past the first bytes each buffer keeps on the heap, so that with no budget they spill.
        int rows = 5_000;
        Table strings = Table.builder().column("S", ObjectColumn.of(java.util.stream.IntStream.range(0, rows)
                .mapToObj(i -> "row " + i).toArray(String[]::new))).build();
        write("strings.bin", strings);
        dev.bsee.core.BufferAllocator buffers = dev.bsee.binary.SpillingBuffers.open(spill, 0);
        Table read = BinStore.open(dir, dev.bsee.binary.PickleReader.builder().allocator(buffers).build()).read("strings");
        assertThat(read).isEqualTo(strings);
        ObjectColumn text = (ObjectColumn) read.column("S");
        Int64Column.Builder built = Int64Column.builder(buffers);
        for (int i = 0; i < rows; i++) {
            built.add(i);
        }
        Int64Column numbers = built.build();
        buffers.close();

        String closed = "the allocator that held them (SpillingBuffers in " + spill + ") was closed";
        assertThatThrownBy(() -> text.value(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining(closed);
        assertThatThrownBy(() -> text.format(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining(closed);
        assertThatThrownBy(() -> text.copyUtf8(0, 10, new byte[100], new int[10]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(closed);
        assertThatThrownBy(() -> numbers.get(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining(closed);
        assertThatThrownBy(() -> numbers.value(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining(closed);
    }

    /// Every kind of result a store or a query returns follows one rule once the allocator of the
    /// store's reader is closed: each of its columns and index labels refuses reads, naming the
    /// allocator. A projected result (which shares the table's buffers) refused, while a filtered one
    /// (whose rows were copied to the heap) stayed readable.
    @Test
    void everyKindOfResultRefusesReadsOnceTheReadersAllocatorIsClosed(@TempDir Path spill) throws IOException {
        write("labelled.bin", Table.builder().column("API_WELL_NUMBER", APD.column("API_WELL_NUMBER"))
                .column("WELL_NAME", APD.column("WELL_NAME")).column("WATER_DEPTH", APD.column("WATER_DEPTH"))
                .index(new Index.Labels(ObjectColumn.of("a", "b", "c"), "KEY")).build());
        write("multi.bin", Table.builder().column("WELL_NAME", APD.column("WELL_NAME"))
                .index(new Index.Multi(java.util.List.of(Int64Column.of(1, 2, 3), ObjectColumn.of("x", "y", "z")),
                        java.util.List.of(java.util.Optional.of("N"), java.util.Optional.empty()))).build());
        dev.bsee.core.BufferAllocator buffers = dev.bsee.binary.SpillingBuffers.open(spill, 0);
        BinStore store = BinStore.open(dir, dev.bsee.binary.PickleReader.builder().allocator(buffers).build());
        Condition some = Condition.isIn(Set.of(608164000100L, 177154012300L));
        java.util.Map<String, Table> results = new java.util.LinkedHashMap<>();
        for (String table : java.util.List.of("labelled", "multi")) {
            String column = table.equals("multi") ? "WELL_NAME" : "API_WELL_NUMBER";
            Condition two = table.equals("multi") ? Condition.isIn(Set.of("A001", "A002")) : some;
            results.put(table + " whole", store.read(table));
            results.put(table + " all", store.read(table, Query.all()));
            results.put(table + " projected", store.read(table, Query.columns("WELL_NAME")));
            results.put(table + " filtered", store.read(table, Query.rowsWhere(column, two)));
            results.put(table + " projected and filtered", store.read(table, Query.columns("WELL_NAME").where(column, two)));
            results.put(table + " every row kept", store.read(table, Query.rowsWhere(column, Condition.isMissing().negate())
                    .where("WELL_NAME", Condition.satisfies(value -> true).negate().negate())));
            results.put(table + " no row kept", store.read(table, Query.rowsWhere(column, Condition.isIn(Set.of()))));
            results.put(table + " a query applied to a table read", Query.rowsWhere(column, two).apply(store.read(table)));
        }
        assertThat(results.get("labelled filtered").rowCount()).isEqualTo(2);
        assertThat(results.get("multi filtered").rowCount()).isEqualTo(2);
        assertThat(results.get("multi no row kept").rowCount()).isZero();
        assertThat(results.get("labelled a query applied to a table read").rowCount()).isEqualTo(2);
        buffers.close();

        String closed = "the allocator that held them (SpillingBuffers in " + spill + ") was closed";
        results.forEach((kind, table) -> {
            java.util.List<dev.bsee.core.Column> columns = new java.util.ArrayList<>(table.columns());
            if (table.index() instanceof Index.Labels labels) {
                columns.add(labels.labels());
            } else if (table.index() instanceof Index.Multi multi) {
                columns.addAll(multi.levels());
            }
            assertThat(columns).as(kind).hasSizeGreaterThan(table.columnCount());
            for (dev.bsee.core.Column column : columns) {
                assertThatThrownBy(column::toString).as(kind).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(closed);
                if (table.rowCount() > 0) {
                    assertThatThrownBy(() -> column.value(0)).as(kind).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining(closed);
                }
            }
            if (table.rowCount() > 0) {
                assertThatThrownBy(table::toString).as(kind).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(closed);
            }
        });

        // The labels a filter makes of a RangeIndex are in the allocator too; the RangeIndex of a
        // whole read holds no buffer and stays readable.
        write("ranged.bin", APD);
        dev.bsee.core.BufferAllocator more = dev.bsee.binary.SpillingBuffers.open(spill, 0);
        BinStore ranged = BinStore.open(dir, dev.bsee.binary.PickleReader.builder().allocator(more).build());
        Table filtered = ranged.read("ranged", Query.rowsWhere("API_WELL_NUMBER", some));
        Table whole = ranged.read("ranged");
        assertThat(((Index.Labels) filtered.index()).labels()).isEqualTo(Int64Column.of(0, 2));
        more.close();
        assertThatThrownBy(() -> ((Index.Labels) filtered.index()).labels().value(0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(closed);
        assertThat(whole.index()).isEqualTo(Index.range(3));
    }

    /// The rows a filter keeps are copied into the allocator of the store's reader, as the columns
    /// of the table read are made in it: a filter keeping most of a table read through spilling
    /// buffers takes little of the heap. The copies were made on the heap, with an array of the kept
    /// positions and the labels of a RangeIndex beside them: 56 MB of heap for the 2 million rows of
    /// two int64 columns here (a table larger than the heap, readable whole, ran out of it filtered).
    @Test
    void aFilteredTableIsCopiedIntoTheReadersAllocatorNotTheHeap(@TempDir Path spill) throws IOException {
        int rows = 2_000_000;
        long[] values = new long[rows];
        java.util.Arrays.setAll(values, i -> i);
        write("big.bin", Table.builder().column("A", Int64Column.of(values)).column("B", Int64Column.of(values)).build());
        values = null;
        try (dev.bsee.core.BufferAllocator buffers = dev.bsee.binary.SpillingBuffers.open(spill, 0)) {
            BinStore store = BinStore.open(dir, dev.bsee.binary.PickleReader.builder().allocator(buffers).build());
            Query allButOne = Query.rowsWhere("A", Condition.isIn(Set.of(5L)).negate());
            store.read("big");
            store.read("big", allButOne);
            // The same read, with and without the filter: the difference is what the filter takes.
            long before = allocatedByThisThread();
            Table whole = store.read("big");
            long read = allocatedByThisThread() - before;
            before = allocatedByThisThread();
            Table filtered = store.read("big", allButOne);
            long filter = allocatedByThisThread() - before - read;

            assertThat(filtered.rowCount()).isEqualTo(rows - 1);
            assertThat(((Int64Column) filtered.column("B")).get(5)).isEqualTo(6);
            assertThat(((Index.Labels) filtered.index()).labels().value(rows - 2)).contains((long) rows - 1);
            assertThat(whole.rowCount()).isEqualTo(rows);
            assertThat(filter).as("heap bytes the filter took, beside the %,d of the read", read).isLessThan(8L << 20);
        }
    }

    /// `com.sun.management.ThreadMXBean.getCurrentThreadAllocatedBytes()`, looked up reflectively
    /// because the tests compile inside the `dev.bsee.binary` module, which does not read
    /// `jdk.management`.
    private static long allocatedByThisThread() {
        try {
            Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            java.lang.reflect.Method allocated = Class.forName("com.sun.management.ThreadMXBean")
                    .getMethod("getCurrentThreadAllocatedBytes");
            return (long) allocated.invoke(threads);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this JVM does not count allocated bytes", e);
        }
    }

    /// An application that cancels a read (a request timed out, a task cancelled) interrupts its
    /// thread, which closes the file's channel: the failure names the file, whole or projected, and
    /// the thread keeps its interrupt status. The JDK's exception has no message, so the
    /// application's log line read `null`.
    @Test
    void anInterruptedReadNamesTheFileAndKeepsTheInterruptStatus() throws IOException {
        write("mv_apddata_all.bin", APD);
        BinStore store = BinStore.open(dir);
        Path file = dir.resolve("mv_apddata_all.bin");

        for (Query query : new Query[]{null, Query.columns("WELL_NAME").where("API_WELL_NUMBER",
                Condition.equalTo(608164000100L))}) {
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> {
                    if (query == null) {
                        store.read("mv_apddata_all");
                    } else {
                        store.read("mv_apddata_all", query);
                    }
                }).isInstanceOf(java.nio.channels.ClosedByInterruptException.class)
                        .hasMessage(file + ": the thread was interrupted, which closed the file (its interrupt"
                                + " status stays set)");
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
        }
        assertThat(store.read("mv_apddata_all")).isEqualTo(APD);

        // Interrupted in the middle of a projected read, once its first column buffer is made: its
        // shortcut gives way to the ordinary read, which met the closed channel as a plain
        // ClosedChannelException.
        dev.bsee.core.BufferAllocator interrupting = new dev.bsee.core.BufferAllocator() {
            @Override
            public dev.bsee.core.GrowableBuffer allocate() {
                Thread.currentThread().interrupt();
                return dev.bsee.core.BufferAllocator.heap().allocate();
            }

            @Override
            public void close() {
            }
        };
        // Columns large enough that a projected read leaves their bytes in the file until it builds them.
        long[] values = new long[1 << 20];
        java.util.Arrays.setAll(values, i -> i);
        write("large.bin", Table.builder().column("A", Int64Column.of(values)).column("B", Int64Column.of(values)).build());
        Path large = dir.resolve("large.bin");
        BinStore interrupted = BinStore.open(dir, dev.bsee.binary.PickleReader.builder().allocator(interrupting).build());
        try {
            assertThatThrownBy(() -> interrupted.read("large", Query.columns("B")))
                    .isInstanceOf(java.nio.channels.ClosedByInterruptException.class)
                    .hasMessageStartingWith(large + ": the thread was interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aMissingTableNamesTheTablesThereAre() throws IOException {
        write("mv_apddata_all.bin", APD);

        assertThatThrownBy(() -> BinStore.open(dir).read("mv_war_main"))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("no table mv_war_main").hasMessageContaining("[mv_apddata_all]");
        assertThatThrownBy(() -> BinStore.open(dir).read("mv_apddata_all.bin"))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("no table mv_apddata_all.bin in " + dir.toAbsolutePath().normalize() + " (tables are named without .bin)");
        assertThatThrownBy(() -> BinStore.open(dir).read("mv_apddata_all", Query.columns("A", null)))
                .isInstanceOf(NullPointerException.class).hasMessage("a column name is null");
        assertThatThrownBy(() -> BinStore.open(dir).read("../mv_apddata_all"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinStore.open(dir.resolve("nowhere"))).isInstanceOf(NoSuchFileException.class);
    }

    /// A folder, or a link that leads nowhere, where a table's file would be is said to be one: both
    /// were said to be no table at all, which sent the application looking for a file that is there.
    @Test
    void aFolderOrADanglingLinkInATablesPlaceIsSaidToBeOne() throws IOException {
        write("mv_apddata_all.bin", APD);
        Files.createDirectory(dir.resolve("mv_war_main.bin"));
        Files.createSymbolicLink(dir.resolve("mv_war_tubulars.bin"), dir.resolve("gone.bin"));
        BinStore store = BinStore.open(dir);

        assertThatThrownBy(() -> store.read("mv_war_main")).isInstanceOf(java.nio.file.FileSystemException.class)
                .hasMessageContaining("mv_war_main.bin").hasMessageContaining("it is a folder")
                .message().doesNotContain("no table");
        assertThatThrownBy(() -> store.read("mv_war_tubulars", Query.all())).isInstanceOf(NoSuchFileException.class)
                .hasMessageEndingWith("table mv_war_tubulars is a link which does not exist");
        assertThat(store.tables()).containsExactly("mv_apddata_all");
    }

    /// A table name is the application's text, often a user's: a line break, an escape code or a NUL
    /// in it reaches the message escaped, as the folder's table names do. The name went in raw, and a
    /// NUL failed with the JDK's `InvalidPathException` quoting it.
    @Test
    void aTableNameWithControlCharactersIsEscapedInTheMessage() throws IOException {
        write("mv_apddata_all.bin", APD);
        BinStore store = BinStore.open(dir);

        assertThatThrownBy(() -> store.read("no\nsuch\u001b[2J"))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessage(dir.resolve("no\\nsuch\\e[2J.bin") + ": no table no\\nsuch\\e[2J in " + dir
                        + "; tables are [mv_apddata_all]");
        assertThatThrownBy(() -> store.read("a\0b", Query.all()))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("not a table name: a\\x00b");
        assertThatThrownBy(() -> store.read("../x\ty")).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a table name: ../x\\ty");
    }

    @Test
    void readsTheFilesThePythonSystemWrote() throws IOException {
        Path legacy = dev.bsee.core.peer.Fixtures.file("legacy-bin/mv_eor_mainquery_prop.bin").getParent();

        BinStore store = BinStore.open(legacy);

        assertThat(store.tables()).contains("mv_eor_mainquery_prop", "mv_eor_completionsprop", "ogoradelimit");
        Table main = store.read("mv_eor_mainquery_prop");
        assertThat(main.rowCount()).isEqualTo(37_798);
        Object firstKey = main.column("SN_EOR").value(0).orElseThrow();
        Table some = store.read("mv_eor_mainquery_prop", Query.columns("SN_EOR", "BH_TOTAL_MD")
                .where("SN_EOR", Condition.equalTo(firstKey)));
        assertThat(some.columnNames()).containsExactly("SN_EOR", "BH_TOTAL_MD");
        assertThat(some.rowCount()).isBetween(1, 37_797);
        assertThat(some.index()).isInstanceOf(Index.Labels.class);
    }
}
