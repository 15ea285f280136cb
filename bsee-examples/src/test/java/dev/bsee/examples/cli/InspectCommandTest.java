package dev.bsee.examples.cli;

import dev.bsee.binary.PickleWriter;
import dev.bsee.core.DateTimeColumn;
import dev.bsee.core.Float64Column;
import dev.bsee.core.Index;
import dev.bsee.core.Int64Column;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.Table;
import dev.bsee.examples.mirror.DemoArchives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class InspectCommandTest {

    @TempDir
    Path dir;

    private String inspect(String... args) {
        CommandLine commandLine = BseeCommand.commandLine();
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        assertThat(commandLine.execute(args)).isZero();
        return out.toString();
    }

    private Path write(String name, Table table) throws IOException {
        Path file = dir.resolve(name);
        PickleWriter.of().write(table, file, dir);
        return file;
    }

    @Test
    void showsRowsColumnsDtypesMissingAndTheIndex() throws IOException {
        Path bin = write("mv_war_main_prop_remark.bin", Table.builder()
                .column("SN_WAR", Int64Column.of(-407200, -407207, -407214))
                .column("TEXT_REMARK", ObjectColumn.of(null, "Ran 9-5/8\" casing.\r\nTested BOP.", "OK"))
                .column("WATER_DEPTH", Float64Column.of(120, Double.NaN, Double.NaN))
                .build());

        String text = inspect("inspect", bin.toString(), "--head", "2");

        assertThat(text.lines()).containsExactly(
                bin + ": 3 rows x 3 columns, RangeIndex(0, 3)",
                "  #  column       dtype    missing  first value",
                "  0  SN_WAR       int64          0  -407200",
                "  1  TEXT_REMARK  object         1  Ran 9-5/8\" casing.\\r\\nTested BO…",
                "  2  WATER_DEPTH  float64        2  120.0",
                "  first 2 rows: SN_WAR | TEXT_REMARK | WATER_DEPTH",
                "  0: -407200 | NaN | 120.0",
                "  1: -407207 | Ran 9-5/8\" casing.\\r\\nTested BO… | NaN");
    }

    /// A temporary folder that is missing or read-only (a read-only container, a TMPDIR removed)
    /// failed `inspect` and `dump` of every file, the smallest too: `no such file or folder:
    /// /tmp/x/bsee-read-...`, a folder the user never named. Only a table that spills needs it.
    @Test
    void aSmallFileIsReadWhereTheTemporaryFolderIsMissing() throws IOException {
        Path bin = write("small.bin", Table.builder().column("SN_WAR", Int64Column.of(-407200, -407207)).build());
        Path missing = dir.resolve("no-such-tmp");
        String tmpdir = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", missing.toString());
        try {
            CliRun inspected = CliRun.of("inspect", bin.toString());
            assertThat(inspected.exitCode()).as(inspected.err()).isZero();
            assertThat(inspected.out()).startsWith(bin + ": 2 rows x 1 column,");
            CliRun dumped = CliRun.of("dump", bin.toString(), "--format", "csv");
            assertThat(dumped.exitCode()).as(dumped.err()).isZero();
            assertThat(dumped.out().lines()).containsExactly(",SN_WAR", "0,-407200", "1,-407207");
        } finally {
            System.setProperty("java.io.tmpdir", tmpdir);
        }
        assertThat(missing).doesNotExist();
    }

    /// Rows are labelled as `DataFrame.head()` labels them: by the index, not by their position.
    @Test
    void headLabelsRowsByTheirIndex() throws IOException {
        Path labelled = write("labelled.bin", Table.builder().column("X", Int64Column.of(1, 2))
                .index(new Index.Labels(ObjectColumn.of("w1", null), "API")).build());
        Path stepped = write("stepped.bin", Table.builder().column("X", Int64Column.of(1, 2))
                .index(new Index.Range(5, 11, 3)).build());
        Path multi = write("multi.bin", Table.builder().column("X", Int64Column.of(1, 2))
                .index(new Index.Multi(List.of(ObjectColumn.of("a", "b"), Int64Column.of(7, 8)),
                        List.of(java.util.Optional.of("L"), java.util.Optional.empty()))).build());

        assertThat(inspect("inspect", labelled.toString(), "--head", "2").lines())
                .endsWith("  w1: 1", "  NaN: 2");
        assertThat(inspect("inspect", stepped.toString(), "--head", "2").lines())
                .endsWith("  5: 1", "  8: 2");
        assertThat(inspect("inspect", multi.toString(), "--head", "2").lines())
                .endsWith("  (a, 7): 1", "  (b, 8): 2");
    }

    /// A missing timestamp is `NaT`, as `DataFrame.head()` prints it, in a cell and as an index label;
    /// it was `NaN`, the missing value of the other dtypes.
    @Test
    void aMissingTimestampIsNaTAsPandasPrintsIt() throws IOException {
        long day = 86_400_000_000_000L;
        Path bin = write("dates.bin", Table.builder()
                .column("SPUD_DATE", DateTimeColumn.of(day, DateTimeColumn.NAT))
                .column("DEPTH", Float64Column.of(1.5, Double.NaN))
                .index(new Index.Labels(DateTimeColumn.of(DateTimeColumn.NAT, 0), "AT")).build());

        assertThat(inspect("inspect", bin.toString(), "--head", "2").lines()).endsWith(
                "  first 2 rows: SPUD_DATE | DEPTH",
                "  NaT: 1970-01-02 | 1.5",
                "  1970-01-01: NaT | NaN");
    }

    /// Timestamps are printed as pandas 1.5 and 2.2 print this frame (`df.head()`): a column or a
    /// `DatetimeIndex` whose shown values are all midnight as dates alone (they had `00:00:00`),
    /// others all with the fraction digits the finest needs; the index is a DatetimeIndex, as
    /// `df.info()` says, not "Index of datetime64[ns]".
    ///
    /// ```
    ///                          a          d                          e
    /// 2021-05-01 10:00:00.500  1 2020-01-01 2020-01-01 00:00:00.000001
    /// 2021-05-02 00:00:00.000  2        NaT 2020-01-02 00:00:00.000000
    /// NaT                      3 2020-01-03                        NaT
    /// ```
    @Test
    void timestampsArePrintedAsPandasPrintsTheFrame() throws IOException {
        long day = 86_400_000_000_000L;
        long may1 = 18_748 * day;
        long jan1 = 18_262 * day;
        Path bin = write("dates.bin", Table.builder()
                .column("a", Int64Column.of(1, 2, 3))
                .column("d", DateTimeColumn.of(jan1, DateTimeColumn.NAT, jan1 + 2 * day))
                .column("e", DateTimeColumn.of(jan1 + 1_000, jan1 + day, DateTimeColumn.NAT))
                .index(new Index.Labels(DateTimeColumn.of(may1 + 36_000_500_000_000L, may1 + day, DateTimeColumn.NAT), "when"))
                .build());

        assertThat(inspect("inspect", bin.toString(), "--head", "3").lines()).containsExactly(
                bin + ": 3 rows x 3 columns, DatetimeIndex named when",
                "  #  column  dtype           missing  first value",
                "  0  a       int64                 0  1",
                "  1  d       datetime64[ns]        1  2020-01-01",
                "  2  e       datetime64[ns]        1  2020-01-01 00:00:00.000001",
                "  first 3 rows: a | d | e",
                "  2021-05-01 10:00:00.500: 1 | 2020-01-01 | 2020-01-01 00:00:00.000001",
                "  2021-05-02 00:00:00.000: 2 | NaT | 2020-01-02 00:00:00.000000",
                "  NaT: 3 | 2020-01-03 | NaT");
        // pandas decides over the rows it shows: the first alone is not midnight, the second alone is.
        assertThat(inspect("inspect", bin.toString(), "--head", "1").lines()).endsWith("  2021-05-01 10:00:00.500: 1 | 2020-01-01 | 2020-01-01 00:00:00.000001");
    }

    /// `--head N` finds the form of the index's timestamps once: it scanned every label of a
    /// `DatetimeIndex` shown, or of a `MultiIndex`'s timestamp level, for each row it printed, so
    /// `--head 10000` of a 300,000-row frame took 15 s and the whole of it hours. Here 100,000 rows of
    /// each are printed whole, well within a guard that the scans per row could not meet.
    @Test
    void theHeadOfATimestampIndexTakesTimeInProportionToItsRows() throws IOException {
        int rows = 100_000;
        long[] seconds = new long[rows];
        long[] numbers = new long[rows];
        for (int row = 0; row < rows; row++) {
            seconds[row] = 1_704_067_200_000_000_000L + row * 1_000_000_000L;
            numbers[row] = row;
        }
        Path single = write("single.bin", Table.builder().column("v", Int64Column.of(numbers))
                .index(new Index.Labels(DateTimeColumn.of(seconds), "when")).build());
        Path multi = write("multi.bin", Table.builder().column("v", Int64Column.of(numbers))
                .index(new Index.Multi(List.of(DateTimeColumn.of(seconds), Int64Column.of(numbers)),
                        List.of(Optional.empty(), Optional.empty()))).build());

        String[] printed = new String[2];
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
            printed[0] = inspect("inspect", single.toString(), "--head", Integer.toString(rows));
            printed[1] = inspect("inspect", multi.toString(), "--head", Integer.toString(rows));
        });
        assertThat(printed[0].lines()).contains("  2024-01-01 00:00:00: 0", "  2024-01-02 03:46:39: 99999");
        assertThat(printed[1].lines()).contains("  (2024-01-01 00:00:00, 0): 0", "  (2024-01-02 03:46:39, 99999): 99999");
    }

    /// A `MultiIndex` level pandas keeps as `int64` or `uint64` with missing labels prints its
    /// integers and `NaN`, as pandas prints the frame; it printed the floats `get_level_values` makes
    /// of them (`(1.0, x)`, `(9.223372036854776e+18, z)`). The file is written and read back, so the
    /// level stays an integer level through both.
    @Test
    void anIntegerLevelWithMissingLabelsPrintsItsIntegers() throws IOException {
        Path bin = write("levels.bin", Table.builder()
                .column("v", Int64Column.of(10, 20, 30))
                .index(new Index.Multi(List.of(dev.bsee.core.Float64Column.of(1, Double.NaN, 9.223372036854775813e18),
                        ObjectColumn.of("x", "y", "z")), List.of(Optional.empty(), Optional.empty()),
                        List.of(Optional.of(dev.bsee.core.UInt64Column.of(1, 0, Long.MIN_VALUE + 5)), Optional.empty())))
                .build());

        assertThat(inspect("inspect", bin.toString(), "--head", "3").lines()).endsWith(
                "  (1, x): 10", "  (NaN, y): 20", "  (9223372036854775813, z): 30");
    }

    @Test
    void aFolderListsEveryBinFileInNameOrder() throws IOException {
        write("b.bin", Table.builder().column("X", Int64Column.of(1, 2)).build());
        write("a.bin", Table.builder().column("Y", ObjectColumn.of("G12345"))
                .index(new Index.Labels(ObjectColumn.of("w1"), "API")).build());
        Files.writeString(dir.resolve("notes.txt"), "not a table");

        String text = inspect("inspect", dir.toString());

        assertThat(text).startsWith(dir + ": 2 .bin files");
        assertThat(text).contains("a.bin: 1 row x 1 column, Index of object named API", "b.bin: 2 rows x 1 column, RangeIndex(0, 2)");
        assertThat(text.indexOf("a.bin")).isLessThan(text.indexOf("b.bin"));
    }

    @Test
    void aZipArchiveIsParsedEntryByEntryWithoutWritingAnything() throws IOException {
        Path zip = Files.write(dir.resolve("ProductionRawData.zip"), DemoArchives.of("production").zip());

        String text = inspect("inspect", zip.toString());

        assertThat(text).contains(
                "ProductionRawData.zip!ProductionRawData/mv_productiondata.txt: 1,200 rows x 19 columns, RangeIndex(0, 1200)",
                "  0  LEASE_NUMBER ", " 00016", "  8  API_WELL_NUMBER      int64", zip + ": 1 data entry");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(zip);
        }
    }

    @Test
    void controlCharactersOfEntryNamesColumnsAndValuesReachTheTerminalEscaped() throws IOException {
        Path zip = zipOf("hostile.zip", "evil\u001b[31mred\u0007.txt", "A\u001b[2J,B\n\"x\u001b]0;title\u0007y\",2\n");

        String text = inspect("inspect", zip.toString(), "--head", "1");

        assertThat(text.chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
        assertThat(text).contains("hostile.zip!evil\\e[31mred\\x07.txt: 1 row x 2 columns", "A\\e[2J", "x\\e]0;title\\x07y");
    }

    /// One file too large for the heap is reported alone, by name, and the files after it are still
    /// described (a child JVM with a small heap: the out-of-memory is real).
    @Test
    void aFileTooLargeForTheHeapIsReportedAloneAndTheOthersStillDescribed() throws Exception {
        Path small = dir.resolve("small.bin");
        Path wide = dir.resolve("wide.bin");
        Path after = dir.resolve("after.bin");
        try (var out = Files.newOutputStream(small)) {
            PickleWriter.builder().build().write(Table.builder().column("A", Int64Column.of(1, 2)).build(), out);
        }
        Files.copy(small, after);
        Table.Builder columns = Table.builder();
        for (int i = 0; i < 400_000; i++) {
            columns.column("c" + i, Int64Column.of());
        }
        try (var out = Files.newOutputStream(wide)) {
            PickleWriter.builder().build().write(columns.build(), out);
        }
        ProcessBuilder child = CliRun.child("inspect", small.toString(), wide.toString(), after.toString());
        // The last -Xmx wins: 32 MiB holds the small files, not 400,000 columns.
        child.command().add(2, "-Xmx32m");
        Process process = child.redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(process.waitFor()).isEqualTo(BseeCommand.FAILED);
        assertThat(err.lines().toList()).singleElement().asString().startsWith("bsee inspect: ran out of memory on " + wide + " (");
        assertThat(out).contains(small + ": 2 rows x 1 column", after + ": 2 rows x 1 column");
    }

    /// An archive's entry whose columns need more than the heap is inspected as a convert reads it:
    /// its buffers past the convert's share of the heap spill to a temporary folder, which goes
    /// when the command ends (a child JVM with a small heap: without the spill it runs out of memory).
    @Test
    void anEntryLargerThanTheHeapIsInspectedAndItsSpillFolderRemoved() throws Exception {
        int rows = 3_000_000;
        Path zip = dir.resolve("large.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("large.txt"));
            var text = new java.io.BufferedOutputStream(out, 1 << 16);
            text.write("A,B\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (int row = 0; row < rows; row++) {
                text.write((1_000_000 + row + "," + row % 97 + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            text.flush();
            out.closeEntry();
        }
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        ProcessBuilder child = CliRun.child("inspect", zip.toString());
        // The last -Xmx wins: two int64 columns of three million rows are 48 MB.
        child.command().addAll(2, List.of("-Xmx40m", "-Djava.io.tmpdir=" + tmp));
        Process process = child.start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(err).isZero();
        assertThat(out).contains("large.zip!large.txt: 3,000,000 rows x 2 columns", zip + ": 1 data entry");
        assertThat(out.lines()).anySatisfy(line -> assertThat(line).matches("\\s+0\\s+A\\s+int64\\s+0\\s+1000000"));
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void anIndexNameReachesTheTerminalEscaped() throws IOException {
        Path bin = dir.resolve("named.bin");
        try (var out = Files.newOutputStream(bin)) {
            dev.bsee.binary.PickleWriter.builder().build().write(dev.bsee.core.Table.builder()
                    .column("A", dev.bsee.core.Int64Column.of(1, 2))
                    .index(new dev.bsee.core.Index.Labels(dev.bsee.core.ObjectColumn.of("x", "y"), "r\u001b[2J\nz"))
                    .build(), out);
        }

        String text = inspect("inspect", bin.toString());

        assertThat(text.chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
        assertThat(text.lines().findFirst().orElseThrow()).contains("r\\e[2J\\nz");
    }

    @Test
    void aFileThatIsNotAPickleFailsWithItsName() throws IOException {
        Path bogus = Files.writeString(dir.resolve("bogus.bin"), "<html>not a pickle</html>");
        CommandLine commandLine = BseeCommand.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute("inspect", bogus.toString())).isEqualTo(BseeCommand.FAILED);
        assertThat(err.toString()).startsWith("bsee inspect: ").contains("bogus.bin").doesNotContain("\tat ");
    }

    @Test
    void aFileThatIsNoPickleAndANegativeHeadAreRefusedWithTheReason() throws IOException {
        Path zip = Files.write(dir.resolve("data.bin"), new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0});
        CommandLine commandLine = BseeCommand.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute("inspect", zip.toString())).isEqualTo(BseeCommand.FAILED);
        assertThat(err.toString().strip()).isEqualTo("bsee inspect: not a pickle file: " + zip + " starts with \"PK\\x03\\x04\\x14\\x00\\x00\\x00\"...");

        Path bin = write("one.bin", Table.builder().column("A", Int64Column.of(1)).build());
        StringWriter usage = new StringWriter();
        CommandLine again = BseeCommand.commandLine();
        again.setErr(new PrintWriter(usage, true));
        assertThat(again.execute("inspect", bin.toString(), "--head", "-1")).isEqualTo(BseeCommand.USAGE);
        assertThat(usage.toString()).contains("--head must not be negative: -1");
    }

    /// A pipe named like an archive or a `.bin` file, and a device: refused by what they are, at
    /// once. Opening the pipe waited for a writer forever, and a device was "no such file".
    @Test
    void aPipeOrADeviceIsRefusedAsNotARegularFileWithoutWaiting() throws Exception {
        Path zipPipe = dir.resolve("incoming.zip");
        Path binPipe = dir.resolve("incoming.bin");
        for (Path pipe : List.of(zipPipe, binPipe)) {
            assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).as("mkfifo").isZero();
        }
        // What the shell passes for `<(cat x.zip)`: /dev/fd/N, a link to `pipe:[...]`, which no path names.
        Process cat = new ProcessBuilder("cat").start();
        String anonymousPipe;
        try (var descriptors = Files.list(Path.of("/proc/self/fd"))) {
            anonymousPipe = descriptors.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("pipe:");
                } catch (IOException closed) {
                    return false;
                }
            }).findFirst().orElseThrow().toString();
        }
        for (String[] command : new String[][] {{"inspect", zipPipe.toString()}, {"inspect", binPipe.toString()},
                {"dump", binPipe.toString()}, {"inspect", "/dev/zero"}, {"dump", "/dev/zero"},
                {"dump", anonymousPipe}}) {
            CommandLine commandLine = BseeCommand.commandLine();
            StringWriter err = new StringWriter();
            commandLine.setErr(new PrintWriter(err, true));
            int exit = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> commandLine.execute(command));
            assertThat(exit).as(String.join(" ", command)).isEqualTo(BseeCommand.FAILED);
            assertThat(err.toString().lines().toList()).as(String.join(" ", command)).singleElement().asString()
                    .startsWith("bsee " + command[0] + ": ")
                    .endsWith(command[1] + " is not a regular file (it is a pipe, socket or device): the command takes "
                            + (command[0].equals("dump") ? ".bin files" : ".bin files, folders of them and zip archives"));
        }
        cat.destroy();
    }

    @Test
    void aFolderOfOneFileSaysFileOnce() throws IOException {
        write("one.bin", Table.builder().column("A", Int64Column.of(1)).build());
        assertThat(inspect("inspect", dir.toString()).lines().findFirst()).hasValue(dir + ": 1 .bin file");
    }

    /// The refresh's bin root holds a folder per source and no `.bin` of its own: inspecting it
    /// said "0 .bin files" and nothing more, as if the refresh had written nothing.
    @Test
    void aFolderWithoutBinFilesNamesTheFoldersBelowThatHaveSome() throws IOException {
        Table table = Table.builder().column("A", Int64Column.of(1)).build();
        Files.createDirectories(dir.resolve("eor"));
        Files.createDirectories(dir.resolve("apd"));
        write("eor/a.bin", table);
        write("apd/b.bin", table);
        Files.createDirectories(dir.resolve("empty"));

        assertThat(inspect("inspect", dir.toString()).lines().findFirst()).hasValue(dir + ": 0 .bin files (inspect"
                + " reads one folder, not those below it; 2 folders below hold .bin files: apd, eor)");
        assertThat(inspect("inspect", dir.resolve("empty").toString()).lines().findFirst())
                .hasValue(dir.resolve("empty") + ": 0 .bin files");
    }

    /// A `.bin` the tool writes under its default heap (here 12 million rows of two integer columns,
    /// 192 MB) ran `inspect` and `dump` out of that heap: the reader held every column on it. Read
    /// in a JVM of a 128 MiB heap, each works, and leaves no temporary behind.
    @Test
    void aBinLargerThanTheHeapIsInspectedAndDumped() throws Exception {
        int rows = 12_000_000;
        long[] first = new long[rows];
        long[] second = new long[rows];
        for (int row = 0; row < rows; row++) {
            first[row] = row % 1000;
            second[row] = row;
        }
        Path bin = write("m.bin", Table.builder().column("I", Int64Column.of(first)).column("J", Int64Column.of(second))
                .build());
        first = null;
        second = null;
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        for (String[] args : new String[][] {{"inspect", bin.toString()}, {"dump", bin.toString(), "--format", "csv"}}) {
            Path log = dir.resolve(args[0] + ".log");
            Path output = dir.resolve(args[0] + ".out");
            ProcessBuilder builder = CliRun.child(args).redirectError(log.toFile()).redirectOutput(output.toFile());
            builder.command().add(1, "-Djava.io.tmpdir=" + tmp);
            Process child = builder.start();
            assertThat(child.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
            assertThat(child.exitValue()).as(Files.readString(log)).isZero();
            try (java.util.stream.Stream<Path> left = Files.list(tmp)) {
                assertThat(left).as("temporaries left by " + args[0]).isEmpty();
            }
        }
        assertThat(Files.readString(dir.resolve("inspect.out"))).contains("12,000,000 rows");
        try (java.io.BufferedReader csv = Files.newBufferedReader(dir.resolve("dump.out"))) {
            assertThat(csv.readLine()).isEqualTo(",I,J");
            assertThat(csv.lines().count()).isEqualTo(rows);
        }
    }

    /// A field under the parser's limit of an eighth of the heap is shown cut to its first
    /// characters, its line ends escaped, without copies of the whole field: 14 MB of line ends in
    /// one quoted field ran a 128 MiB heap out, flattened whole before it was cut.
    @Test
    void aFieldOfMillionsOfLineEndsIsShownWithoutCopyingItWhole() throws Exception {
        Path zip = zipOf("lines.zip", "a.txt", "A,B\n\"x\r\n" + "\n".repeat(14_000_000) + "\",1\n");
        Path log = dir.resolve("inspect.log");
        Path output = dir.resolve("inspect.out");
        Process child = CliRun.child("inspect", zip.toString())
                .redirectError(log.toFile()).redirectOutput(output.toFile()).start();
        assertThat(child.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(output)).contains("1 row x 2 columns")
                .contains("  x\\r" + "\\n".repeat(14) + "…\n");
    }

    /// A file that cannot be read stopped `inspect` of a folder before the good files were shown,
    /// and a folder named like a `.bin` file counted as one. Every good file is described, each bad
    /// one said in one line on standard error, and the exit code says something failed: the same for
    /// a folder as for files named one by one.
    @Test
    void aBadFileIsSaidAndTheOthersAreStillDescribed() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("folder"));
        Path good = write("folder/good.bin", Table.builder().column("A", Int64Column.of(1, 2)).build());
        Files.write(folder.resolve("bad.bin"), java.util.Arrays.copyOf(Files.readAllBytes(good), 40));
        Files.createDirectories(folder.resolve("sub.bin"));

        CliRun inFolder = CliRun.of("inspect", folder.toString());
        assertThat(inFolder.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(inFolder.out()).contains("good.bin: 2 rows x 1 column");
        assertThat(inFolder.err().lines().toList()).hasSize(2).anySatisfy(line -> assertThat(line)
                .startsWith("bsee inspect: " + folder.resolve("bad.bin") + ": "))
                .anySatisfy(line -> assertThat(line).startsWith("bsee inspect: " + folder.resolve("sub.bin")
                        + " is not a regular file (it is a folder)"));

        CliRun named = CliRun.of("inspect", folder.resolve("bad.bin").toString(), good.toString());
        assertThat(named.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(named.out()).contains("good.bin: 2 rows x 1 column");
        assertThat(named.err().lines().toList()).singleElement().asString()
                .startsWith("bsee inspect: " + folder.resolve("bad.bin") + ": ");
    }

    /// An archive that fails stopped `inspect` there: the paths after it, a good archive and a
    /// missing file, were neither described nor reported.
    @Test
    void aBadArchiveIsSaidAndThePathsAfterItAreStillDescribed() throws IOException {
        Path bad = zipOf("bad.zip", "mv_a.txt", "A,B\n1,2\n1,2,3\n");
        Path good = Files.write(dir.resolve("ProductionRawData.zip"), DemoArchives.of("production").zip());
        Path missing = dir.resolve("missing.bin");

        CliRun run = CliRun.of("inspect", bad.toString(), good.toString(), missing.toString());

        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.out()).contains(good + ": 1 data entry");
        assertThat(run.err().lines().toList()).hasSize(2)
                .anySatisfy(line -> assertThat(line).startsWith("bsee inspect: bad.zip: mv_a.txt: line 3: "))
                .anySatisfy(line -> assertThat(line).contains("missing.bin"));
    }

    /// An entry that cannot be read is said in one line and the entries after it are still
    /// described: the first such entry ended the archive's inspection there.
    @Test
    void anEntryThatFailsIsSaidAndTheEntriesAfterItAreStillDescribed() throws IOException {
        Path zip = dir.resolve("three.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (String[] entry : new String[][] {{"mv_a.txt", "A,B\n1,2\n"}, {"mv_b.txt", "A,B\n1,2\n1,2,3\n"},
                    {"mv_c.txt", "C\n7\n8\n"}, {"mv_d.txt", "D\n\"open\n"}, {"mv_e.txt", "E\n5\n"}}) {
                out.putNextEntry(new java.util.zip.ZipEntry(entry[0]));
                out.write(entry[1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }

        CliRun run = CliRun.of("inspect", zip.toString());

        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.out()).contains("three.zip!mv_a.txt: 1 row x 2 columns", "three.zip!mv_c.txt: 2 rows x 1 column",
                "three.zip!mv_e.txt: 1 row x 1 column", zip + ": 5 data entries, 2 of them not read (said above)");
        assertThat(run.out()).doesNotContain("mv_b.txt", "mv_d.txt");
        assertThat(run.err().lines().toList()).hasSize(2)
                .anySatisfy(line -> assertThat(line).startsWith("bsee inspect: three.zip: mv_b.txt: line 3: "))
                .anySatisfy(line -> assertThat(line).startsWith("bsee inspect: three.zip: mv_d.txt: "));
    }

    /// An entry whose data is damaged (a bad CRC) fails every walk that reads past it: said once, and
    /// the inspection of its archive ends there. It was said on every walk, twice. An archive of many
    /// entries with bad text stops after [InspectCommand#MAX_FAILED_ENTRIES] of them: each costs a
    /// walk of the archive.
    @Test
    void aDamagedEntryIsSaidOnceAndManyBadEntriesStopTheInspection() throws IOException {
        byte[] good = "A\n1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Path zip = dir.resolve("crc.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : List.of("a.txt", "b.txt", "c.txt")) {
                out.putNextEntry(new java.util.zip.ZipEntry(name));
                out.write(good);
                out.closeEntry();
            }
        }
        byte[] bytes = Files.readAllBytes(zip);
        // b.txt's CRC, in its local header (14 bytes in) and its directory record (16 bytes in).
        for (int at = 0; at + 4 <= bytes.length; at++) {
            boolean local = bytes[at] == 'P' && bytes[at + 1] == 'K' && bytes[at + 2] == 3 && bytes[at + 3] == 4;
            boolean central = bytes[at] == 'P' && bytes[at + 1] == 'K' && bytes[at + 2] == 1 && bytes[at + 3] == 2;
            int nameAt = local ? at + 30 : central ? at + 46 : -1;
            int crcAt = local ? at + 14 : at + 16;
            if (nameAt > 0 && bytes[nameAt] == 'b') {
                bytes[crcAt] ^= 0x55;
            }
        }
        Files.write(zip, bytes);

        CliRun damaged = CliRun.of("inspect", zip.toString());

        assertThat(damaged.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(damaged.err().lines().toList()).singleElement().asString()
                .startsWith("bsee inspect: crc.zip: b.txt: ").contains("CRC");

        Path many = dir.resolve("many-bad.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(many))) {
            for (int i = 0; i < 3 * InspectCommand.MAX_FAILED_ENTRIES; i++) {
                out.putNextEntry(new java.util.zip.ZipEntry("mv_" + i + ".txt"));
                out.write("A,B\n1,2\n1,2,3\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.closeEntry();
            }
        }
        CliRun bad = CliRun.of("inspect", many.toString());
        assertThat(bad.exitCode()).isEqualTo(BseeCommand.FAILED);
        List<String> lines = bad.err().lines().toList();
        assertThat(lines).hasSize(InspectCommand.MAX_FAILED_ENTRIES + 1);
        assertThat(lines.getLast()).isEqualTo("bsee inspect: " + many + ": stopped after "
                + InspectCommand.MAX_FAILED_ENTRIES + " entries that could not be read; "
                + InspectCommand.MAX_FAILED_ENTRIES + " data entries looked at so far");
    }

    /// An archive in the test folder holding one entry of `text`.
    /// The count of an archive's entries is grouped as every count the tool prints.
    @Test
    void anArchiveOfAThousandEntriesIsCountedWithItsDigitsGrouped() throws IOException {
        Path zip = dir.resolve("many.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (int i = 0; i < 1_000; i++) {
                out.putNextEntry(new java.util.zip.ZipEntry("mv_" + i + ".txt"));
                out.write("A\n1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.closeEntry();
            }
        }

        CliRun run = CliRun.of("inspect", zip.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().toList().getLast()).isEqualTo(zip + ": 1,000 data entries");
    }

    private Path zipOf(String name, String entry, String text) throws IOException {
        Path zip = dir.resolve(name);
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry(entry));
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return zip;
    }
}
