package dev.bsee.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.binary.PickleReader;
import dev.bsee.bridge.internal.FolderLock;
import dev.bsee.bridge.internal.OutputFolder;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.Table;
import dev.bsee.core.faults.ImmutableFile;
import dev.bsee.core.faults.SystemCommand;
import dev.bsee.core.peer.PandasPeer;
import dev.bsee.examples.mirror.DemoArchives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConvertCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run convert(String... args) {
        CommandLine commandLine = BseeCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> full = new ArrayList<>(List.of("convert"));
        full.addAll(List.of(args));
        int code = commandLine.execute(full.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    /// A list of renames a later convert would not read back (past 16 MiB: 15,000 names of control
    /// characters, each written as six bytes) is refused before the first rename: the list of such a
    /// convert killed among its renames was called damaged, and its files not yet moved were dropped,
    /// the folder left half old, half new for good. A list within the limit reads back as written.
    @Test
    void aListOfRenamesTooLongToReadBackIsRefusedBeforeAnyRename() throws IOException {
        List<String> names = java.util.stream.IntStream.range(0, 15_000)
                .mapToObj(i -> "\u0001".repeat(190) + i + ".bin").toList();
        java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();

        assertThatThrownBy(() -> ConvertCommand.writeRenames(written, names)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("the list of this convert's 15,000 files takes ")
                .hasMessageEndingWith("a killed convert's list may hold to be completed: convert the archives in"
                        + " smaller groups");
        assertThat(written.size()).isZero();

        List<String> fewer = names.subList(0, 1_000);
        ConvertCommand.writeRenames(written, fewer);
        assertThat(ConvertCommand.renames(written.toByteArray())).isEqualTo(fewer);
    }

    /// An archive in DIR under a name one of its entries gives (`self/t1.bin` holding `t1.txt`) is not
    /// replaced by the convert that reads it: the archive was gone, exit 0. The same archive given
    /// twice under two names of one file (a hard link) is said to be given twice, not as its entries'
    /// clash.
    @Test
    void aConvertNeitherReplacesItsOwnArchiveNorTakesAHardLinkForAnotherArchive() throws IOException {
        Path self = Files.createDirectories(dir.resolve("self"));
        Path archive = Files.move(zip("t.zip", Map.of("t1.txt", "A,B\n1,2\n")), self.resolve("t1.bin"));
        byte[] before = Files.readAllBytes(archive);

        Run replacing = convert(archive.toString(), "--out", self.toString(), "--progress", "none");

        assertThat(replacing.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(replacing.err()).contains(archive + " is the archive " + archive + " this convert reads")
                .contains(self + " is as it was");
        assertThat(Files.readAllBytes(archive)).isEqualTo(before);

        Path second = Files.createLink(dir.resolve("second.zip"), archive);
        Run twice = convert(archive.toString(), second.toString(), "--out", dir.resolve("o").toString());
        assertThat(twice.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(twice.err()).contains(second + " is given twice");
    }

    /// A file the convert replaces keeps the permissions of its mode, its owner and its group, as the
    /// Python system's writes over the previous file kept them: under a service's umask `077` a file an
    /// administrator had made readable for the analysts became `rw-------`, and run by `root` it became
    /// `root:root`. A new file gets the umask's mode, as before.
    @Test
    void aReplacedFileKeepsItsModeOwnerAndGroup() throws IOException {
        Path out = dir.resolve("o");
        Path first = zip("t.zip", Map.of("t1.txt", "A,B\n1,2\n"));
        assertThat(convert(first.toString(), "--out", out.toString(), "--progress", "none").exitCode()).isZero();
        java.util.Set<java.nio.file.attribute.PosixFilePermission> chosen =
                dev.bsee.core.faults.FileModes.moreThanANewFileGets(out.resolve("t1.bin"));
        Files.setPosixFilePermissions(out.resolve("t1.bin"), chosen);
        dev.bsee.core.faults.FileOwnership given = dev.bsee.core.faults.FileOwnership.giveAway(out.resolve("t1.bin"));
        Path second = zip("u.zip", Map.of("t1.txt", "A,B\n1,2\n3,4\n", "t2.txt", "C\n5\n"));

        Run run = convert(second.toString(), "--out", out.toString(), "--progress", "none");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("t1.txt -> t1.bin: 2 rows");
        assertThat(Files.getPosixFilePermissions(out.resolve("t1.bin"))).isEqualTo(chosen);
        assertThat(dev.bsee.core.faults.FileOwnership.of(out.resolve("t1.bin"))).as("owner and group").isEqualTo(given);
        assertThat(Files.getPosixFilePermissions(out.resolve("t2.bin"))).isNotEqualTo(chosen);
    }

    /// `--out ""` (an unset variable) wrote into the working folder, and `--columns ,` was ignored:
    /// both are usage errors now.
    @Test
    void anEmptyOutOrColumnsWithoutNamesIsAUsageError() throws IOException {
        Path archive = zip("t.zip", Map.of("t1.txt", "A,B\n1,2\n"));
        Run empty = convert(archive.toString(), "--out", "");
        assertThat(empty.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(empty.err()).contains("invalid value for option '--out': the path is empty");
        Run noNames = convert(archive.toString(), "--out", dir.resolve("o").toString(), "--columns", ",");
        assertThat(noNames.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(noNames.err()).contains("--columns names no column");
        assertThat(dir.resolve("o")).doesNotExist();
        // An empty name anywhere, the last one too (the split dropped it, and the first field then
        // became an index), or a blank one.
        // Quoted, so that `--columns ''` shows what was typed.
        for (String typed : List.of("p,,q", ",q,r", "p,q,", "p,q, ", "p,q,,", "")) {
            Run emptyName = convert(archive.toString(), "--out", dir.resolve("o").toString(), "--columns", typed);
            assertThat(emptyName.exitCode()).as(typed).isEqualTo(BseeCommand.USAGE);
            assertThat(emptyName.err()).as(typed).contains("--columns has an empty name: '" + typed + "'");
            assertThat(dir.resolve("o")).doesNotExist();
        }
    }

    /// An --out whose last name the system takes (up to 255 bytes) but whose staging folder beside it,
    /// `.DIR.tmp`, would be past 255 bytes is refused before anything is made, naming --out: it failed
    /// with `.DIR.tmp: File name too long`, a name the user never gave. A name past 255 bytes itself
    /// is said so.
    @Test
    void anOutNameTooLongForItsStagingFolderIsRefusedNamingIt() throws IOException {
        Path archive = zip("t.zip", Map.of("t1.txt", "A,B\n1,2\n"));
        for (int length : List.of(251, 255)) {
            Path out = dir.resolve("o".repeat(length));
            Run refused = convert(archive.toString(), "--out", out.toString(), "--progress", "none");
            assertThat(refused.exitCode()).as("%d bytes", length).isEqualTo(BseeCommand.USAGE);
            assertThat(refused.err()).as("%d bytes", length).contains("--out's last name is too long for the folder the"
                    + " convert stages its files in beside it, .DIR.tmp (" + (length + 5) + " bytes, past the 255 a file"
                    + " name may have): give a folder whose name has at most 250 bytes in place of " + out)
                    .doesNotContain("File name too long");
        }
        Path tooLong = dir.resolve("\u00e9".repeat(128));
        Run refused = convert(archive.toString(), "--out", tooLong.toString(), "--progress", "none");
        assertThat(refused.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(refused.err()).contains("--out's last name is 256 bytes long, past the 255 a file name may have");
        Path longest = dir.resolve("o".repeat(250));
        assertThat(convert(archive.toString(), "--out", longest.toString(), "--progress", "none").exitCode())
                .isEqualTo(BseeCommand.OK);
        assertThat(longest.resolve("t1.bin")).isRegularFile();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("t.zip", longest.getFileName().toString());
        }
    }

    /// A parent folder that refuses the staging folder (here /proc, which makes no folder, in any
    /// user's hands; a read-only folder alike) is said of the folders the user gave: the line named
    /// only `/proc/.x.tmp`, a name the user never gave.
    @Test
    void aParentThatRefusesTheStagingFolderIsSaidOfTheUsersFolders() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "a Linux /proc");
        Path archive = zip("t.zip", Map.of("t1.txt", "A,B\n1,2\n"));
        Run refused = convert(archive.toString(), "--out", "/proc/x", "--progress", "none");
        assertThat(refused.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(refused.err()).isEqualTo("bsee convert: cannot stage the files of /proc/x beside it in /proc: no such"
                + " file or folder (the convert writes them in .x.tmp there, then renames them into it)\n");
    }

    /// A hard link planted as the lock file: the convert refuses it rather than writing its token
    /// into the file under its other name; an --out with a line break is refused, one with a line
    /// separator printed escaped.
    @Test
    void aHardLinkedLockIsRefusedAndTheFolderIsPrintedEscaped() throws IOException {
        Path archive = zip("t.zip", Map.of("t1.txt", "A,B\n1,2\n"));
        Path victim = Files.writeString(dir.resolve("important.txt"), "important data\n");
        Files.createDirectories(dir.resolve(".o.tmp"));
        Files.createLink(dir.resolve(".o.tmp/.lock"), victim);
        Run refused = convert(archive.toString(), "--out", dir.resolve("o").toString(), "--progress", "none");
        assertThat(refused.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(refused.err()).contains("has other names (hard links)");
        assertThat(victim).hasContent("important data");
        assertThat(dir.resolve("o")).doesNotExist();

        // A line break in --out is refused (as in a configuration's paths); a line separator, which is
        // no control character, is taken and printed escaped.
        Run refusedBreak = convert(archive.toString(), "--out", dir.resolve("a\nbsee convert: done").toString(),
                "--progress", "none");
        assertThat(refusedBreak.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(refusedBreak.err().lines().findFirst().orElseThrow()).contains("a\\nbsee convert: done' holds a control character");
        Path odd = dir.resolve("a\u2028bsee convert: done");
        Run escaped = convert(archive.toString(), "--out", odd.toString(), "--progress", "none");
        assertThat(escaped.exitCode()).isEqualTo(BseeCommand.OK);
        assertThat(escaped.out().lines().toList()).last().asString()
                .isEqualTo("1 entry written to " + dir + "/a\\x{2028}bsee convert: done");
    }

    /// An --out on another file system than its parent (a mount point: /dev/shm is one) is refused
    /// before anything is converted or made: the rename from the staging beside it failed at the end
    /// with "Invalid cross-device link".
    @Test
    void anOutOnAnotherFileSystemThanItsParentIsRefusedAtOnce() throws IOException {
        Path mount = Path.of("/dev/shm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(mount)
                && !Files.getFileStore(mount).equals(Files.getFileStore(mount.getParent())), "/dev/shm is a mount point");
        Path archive = zip("t.zip", Map.of("t1.txt", "A,B\n1,2\n"));
        Run refused = convert(archive.toString(), "--out", mount.toString(), "--progress", "none");
        assertThat(refused.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(refused.err().lines().toList()).singleElement().asString()
                .isEqualTo("bsee convert: cannot convert into /dev/shm: it is on another file system than /dev (a mount"
                        + " point, or a link to one), where the convert stages its files until all of them are written;"
                        + " give a folder inside it, or one on the same file system as its parent");
        assertThat(Path.of("/dev/.shm.tmp")).doesNotExist();
        assertThat(mount.resolve("t1.bin")).doesNotExist();
    }

    /// An --out that is a bind mount of a folder of the same file system (same device, same file
    /// store, yet another mount) is refused before anything is converted, as another file system is:
    /// the convert ran to its end, then its first rename failed with "Invalid cross-device link".
    @Test
    void anOutThatIsABindMountIsRefusedAtOnce() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path out = Files.createDirectories(dir.resolve("out"));
        org.junit.jupiter.api.Assumptions.assumeTrue(SystemCommand.succeeds("mount", "--bind", elsewhere.toString(),
                out.toString()), "bind mounts can be made here (root with CAP_SYS_ADMIN)");
        try {
            Path archive = zip("t.zip", Map.of("t1.txt", "A,B\n1,2\n"));
            Run refused = convert(archive.toString(), "--out", out.toString(), "--progress", "none");
            assertThat(refused.exitCode()).isEqualTo(BseeCommand.FAILED);
            assertThat(refused.err().lines().toList()).singleElement().asString()
                    .isEqualTo("bsee convert: cannot convert into " + out + ": it is on another mount of its file system"
                            + " than " + dir + " (a mount point, or a link to one), where the convert stages its files"
                            + " until all of them are written; give a folder inside it, or one on the same file system as"
                            + " its parent");
            assertThat(dir.resolve(".out.tmp")).doesNotExist();
            assertThat(elsewhere).isEmptyDirectory();
        } finally {
            assertThat(SystemCommand.succeeds("umount", out.toString())).isTrue();
        }
    }

    private Path zip(String name, Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.ISO_8859_1));
                out.closeEntry();
            }
        }
        return Files.write(dir.resolve(name), bytes.toByteArray());
    }

    private static String bin(DemoArchives.Entry entry) {
        return entry.baseName().replaceFirst("\\.txt$", "") + ".bin";
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anEntryNameWithControlCharactersIsPrintedEscapedOnStdoutAndStderr() throws IOException {
        Path archive = zip("hostile.zip", Map.of("evil\u001b[31mred\u0007.txt", "A,B\n1,2\n"));

        Run run = convert(archive.toString(), "--out", dir.resolve("out").toString(), "--progress", "lines");

        assertThat(run.exitCode()).isZero();
        assertThat((run.out() + run.err()).chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
        assertThat(run.out()).contains("evil\\e[31mred\\x07.txt -> evil\\e[31mred\\x07.bin: 1 row, 2 columns");
        assertThat(run.err()).contains("evil\\e[31mred\\x07.txt: 1 row, 2 columns");
    }

    @Test
    void writesOneBinPerEntryThatPandasLoadsAsItsOwnReadOfTheEntry() throws IOException {
        DemoArchives.Archive demo = DemoArchives.of("war");
        Path archive = Files.write(dir.resolve(demo.fileName()), demo.zip());
        Path out = dir.resolve("bin").resolve("war");

        Run run = convert(archive.toString(), "--out", out.toString(), "--progress", "none");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> expected = demo.entries().stream().map(e -> bin(e)).sorted().toList();
        assertThat(listing(out)).isEqualTo(expected);
        assertThat(dir.resolve("bin").resolve(".war.tmp")).as("the staging folder is removed").doesNotExist();
        assertThat(run.out().lines().toList()).hasSize(demo.entries().size() + 1);
        for (DemoArchives.Entry entry : demo.entries()) {
            assertThat(run.out()).contains("-> " + bin(entry) + ": " + String.format("%,d", entry.rows())
                    + " rows, " + entry.header().size() + " columns (");
        }
        assertThat(run.out().lines().toList().getLast()).isEqualTo(demo.entries().size() + " entries written to " + out);

        try (PandasPeer peer = PandasPeer.start(PandasPeer.Kind.PANDAS22)) {
            List<Map<String, Object>> pairs = new ArrayList<>();
            for (DemoArchives.Entry entry : demo.entries()) {
                Map<String, Object> pair = new LinkedHashMap<>();
                pair.put("entry", entry.name());
                pair.put("bin", peer.stage(out.resolve(bin(entry))));
                pairs.add(pair);
            }
            JsonNode results = peer.call("""
                    import os, shutil, zipfile
                    result = {}
                    with zipfile.ZipFile(args['zip']) as archive:
                        for p in args['pairs']:
                            text = os.path.join(os.path.dirname(args['zip']), 'entry.txt')
                            with archive.open(p['entry']) as src, open(text, 'wb') as dst:
                                shutil.copyfileobj(src, dst)
                            result[p['entry']] = same_blocks(read_csv_like_legacy(text), load_pickle(p['bin']))
                    """, Map.of("zip", peer.stage(archive), "pairs", pairs));
            for (DemoArchives.Entry entry : demo.entries()) {
                assertThat(results.get(entry.name()).get("equal").asBoolean())
                        .as("%s: %s", entry.name(), results.get(entry.name()).get("reason").asText()).isTrue();
            }
        }
    }

    @Test
    void productionEntriesAreHeaderlessByNameAndColumnsOptionNamesOtherHeaderlessEntries() throws IOException {
        String record = "\" 00016\",\" E002\",\"202401\",\"00\",\"O\",\"000000000\",\"000000000\",\"000000000\","
                + "\"177190022500\",\"12\",\"WD   31\",\"03151\",\"COX OPERATING LLC\",\"WD030\",\"000000000\",\"Q04\","
                + "\"19720331\",\"\",\"\"\r\n";
        Path production = zip("ProductionRawData.zip", Map.of("ogora2024delimit.txt", record + record.replace(" 00016", "G01234")));
        Path out = dir.resolve("production_raw");
        assertThat(convert(production.toString(), "--out", out.toString(), "--progress", "none").exitCode()).isZero();
        Table table = PickleReader.of().read(out.resolve("ogora2024delimit.bin"));
        assertThat(table.columnNames()).isEqualTo(SourceCatalog.PRODUCTION_COLUMNS);
        assertThat(table.rowCount()).as("no record is lost").isEqualTo(2);

        // --columns names the other entries' columns; a production entry beside them keeps its own.
        Path custom = zip("custom.zip", Map.of("export.txt", "1,x\n2,y\n",
                "ogora2024delimit.txt", record + record.replace(" 00016", "G01234")));
        Run run = convert(custom.toString(), "--out", dir.resolve("custom").toString(), "--columns", "ID, LABEL",
                "--progress", "none");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Table named = PickleReader.of().read(dir.resolve("custom").resolve("export.bin"));
        assertThat(named.columnNames()).containsExactly("ID", "LABEL");
        assertThat(named.rowCount()).isEqualTo(2);
        Table stillProduction = PickleReader.of().read(dir.resolve("custom").resolve("ogora2024delimit.bin"));
        assertThat(stillProduction.columnNames()).isEqualTo(SourceCatalog.PRODUCTION_COLUMNS);
        assertThat(stillProduction.rowCount()).isEqualTo(2);
        assertThat(run.out()).contains("export.txt -> export.bin: 2 rows, 2 columns (int64 x1, object x1)");
    }

    @Test
    void dialectChoosesTheNumpyModuleNames() throws IOException {
        Path archive = zip("a.zip", Map.of("t.txt", "A,B\n1,2.5\n"));
        assertThat(convert(archive.toString(), "--out", dir.resolve("p").toString(), "--progress", "none").exitCode()).isZero();
        assertThat(convert(archive.toString(), "--out", dir.resolve("n").toString(), "--dialect", "numpy2",
                "--progress", "none").exitCode()).isZero();
        String portable = new String(Files.readAllBytes(dir.resolve("p").resolve("t.bin")), StandardCharsets.ISO_8859_1);
        String numpy2 = new String(Files.readAllBytes(dir.resolve("n").resolve("t.bin")), StandardCharsets.ISO_8859_1);
        assertThat(portable).contains("numpy.core.multiarray").doesNotContain("numpy._core");
        assertThat(numpy2).contains("numpy._core.multiarray");
    }

    @Test
    void aBadEntryFailsWithArchiveEntryAndLineAndLeavesNoPartialFile() throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("good.txt", "A,B\n1,2\n");
        entries.put("bad.txt", "A,B\n1,2\n3,4,5\n");
        Path archive = zip("mixed.zip", entries);
        Path out = dir.resolve("out");
        Run run = convert(archive.toString(), "--out", out.toString(), "--parallel", "1", "--progress", "lines");
        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        // good.txt was listed as converted: the failure says that none of it reached the folder.
        assertThat(run.err()).contains("mixed.zip: good.txt: 1 row").endsWith("bsee convert: mixed.zip: bad.txt: line 3:"
                + " expected 2 fields, saw 3; " + out + " is as it was" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
        assertThat(out).as("all or nothing: good.txt is not written either, and the folder that was not"
                + " there is not made").doesNotExist();
        assertThat(dir.resolve(".out.tmp")).as("no temporary file is left behind").doesNotExist();
    }

    /// The folders above `--out` that the convert made are removed when it fails: `new1/new2/out is
    /// as it was` left `new1/new2` behind. A folder above that was there stays, and so does one that
    /// something else put a file in meanwhile.
    @Test
    void aFailedConvertRemovesTheFoldersItMadeAboveTheOutput() throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("bad.txt", "A,B\n1,2\n3,4,5\n");
        Path archive = zip("bad.zip", entries);
        Path out = dir.resolve("new1/new2/out");

        Run run = convert(archive.toString(), "--out", out.toString(), "--progress", "none");

        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.err()).endsWith(out + " is as it was" + System.lineSeparator());
        assertThat(dir.resolve("new1")).doesNotExist();
        assertThat(dir).isDirectory();

        Path good = zip("good.zip", Map.of("a.txt", "A\n1\n"));
        assertThat(convert(good.toString(), "--out", out.toString(), "--progress", "none").exitCode()).isZero();
        assertThat(out.resolve("a.bin")).isRegularFile();
    }

    /// A folder a refresh keeps (`.bsee/out` beside it) is locked by the refresh that writes it: a
    /// convert into it renamed its files in regardless, so the refresh's commit replaced them unseen
    /// or left them mixed with its own under its manifest. Now the convert stops at once naming the
    /// holder, and runs once the refresh is done.
    @Test
    void aConvertIntoAFolderARefreshIsWritingStopsNamingTheRefreshAndRunsOnceItIsDone() throws IOException {
        Path archive = zip("one.zip", Map.of("t.txt", "A,B\n1,2\n"));
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("t.bin"), "what the refresh wrote");
        OutputFolder folder = OutputFolder.of(out);

        try (FolderLock refresh = folder.lock("refresh of source t", Duration.ZERO)) {
            Run run = convert(archive.toString(), "--out", out.toString(), "--progress", "none");

            assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
            assertThat(run.err()).startsWith("bsee convert: output folder " + out + " is being written by another refresh in this process: pid "
                    + ProcessHandle.current().pid() + " on ").contains("(refresh of source t)").hasLineCount(1);
            assertThat(Files.readString(out.resolve("t.bin"))).isEqualTo("what the refresh wrote");
            assertThat(dir.resolve(".out.tmp")).doesNotExist();
        }

        Run run = convert(archive.toString(), "--out", out.toString(), "--progress", "none");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readString(out.resolve("t.bin"), StandardCharsets.ISO_8859_1)).isNotEqualTo("what the refresh wrote");
    }

    /// A convert into a folder a refresh keeps replaces the refresh's manifest by a copy of itself
    /// after its renames, as the refresh's commits replace it: a reader that checks the manifest
    /// before and after reading (docs/guarantees.md, "What a reader sees") then reads again. It
    /// stayed the same file, so a reader that read during the renames took a mix for one version.
    @Test
    void aConvertIntoAFolderARefreshKeepsReplacesItsManifestForReaders() throws IOException {
        Path work = dir.resolve("work");
        Path zips = Files.createDirectories(work.resolve("zips"));
        Files.copy(zip("APDRawData.zip", Map.of("mv_apddata_all.txt", "API_WELL_NUMBER,WELL_NAME\n1,A\n")),
                zips.resolve("APDRawData.zip"));
        Path config = CliRun.legacyWellConfig(dir);
        CliRun refresh = CliRun.of("refresh", "--config", config.toString(), "--base-dir", work.toString());
        assertThat(refresh.exitCode()).as(refresh.err()).isZero();
        Path out = work.resolve("data/modules/bsee/bin/apd");
        Path manifest = OutputFolder.of(out).manifestFile();
        byte[] bytes = Files.readAllBytes(manifest);
        // What the documented check compares: the file key and the modification time (an inode
        // freed by one replacement may be given to the next).
        var before = Files.readAttributes(manifest, java.nio.file.attribute.BasicFileAttributes.class);

        Run run = convert(zip("more.zip", Map.of("mv_apddata_all.txt", "API_WELL_NUMBER,WELL_NAME\n2,B\n")).toString(),
                "--out", out.toString(), "--progress", "none");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readAllBytes(manifest)).isEqualTo(bytes);
        var after = Files.readAttributes(manifest, java.nio.file.attribute.BasicFileAttributes.class);
        assertThat(java.util.List.of(after.fileKey(), after.lastModifiedTime()))
                .isNotEqualTo(java.util.List.of(before.fileKey(), before.lastModifiedTime()));
    }

    @Test
    void aBadSecondArchiveLeavesTheFolderAsTheLastGoodConvertLeftIt() throws IOException {
        Path out = dir.resolve("out");
        Path first = zip("first.zip", Map.of("a.txt", "A,B\n1,2\n", "b.txt", "A\n1\n"));
        assertThat(convert(first.toString(), "--out", out.toString(), "--progress", "none").exitCode()).isEqualTo(BseeCommand.OK);
        Map<String, String> before = contents(out);

        Path good = zip("good.zip", Map.of("a.txt", "A,B\n5,6\n7,8\n", "c.txt", "C\n3\n"));
        Path bad = zip("bad.zip", Map.of("d.txt", "A,B\n1,2\n3,4,5\n"));
        Run run = convert(good.toString(), bad.toString(), "--out", out.toString(), "--parallel", "1", "--progress", "none");

        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.err()).contains("bad.zip").contains("d.txt").contains("line 3");
        assertThat(contents(out)).isEqualTo(before);
        assertThat(dir.resolve(".out.tmp")).doesNotExist();

        Run both = convert(good.toString(), first.toString(), "--out", out.toString(), "--progress", "none");
        assertThat(both.exitCode()).as("a.txt is in both archives").isEqualTo(BseeCommand.FAILED);
        // Said as the entries' clash, with what became of the folder, as every failure before the renames.
        assertThat(both.err()).contains("bsee convert: good.zip: a.txt and first.zip: a.txt both give a.bin; " + out
                + " is as it was");
        assertThat(contents(out)).isEqualTo(before);

        // The same archive twice is said so, not as each entry clashing with itself.
        Run twice = convert(good.toString(), good.toString(), "--out", out.toString(), "--progress", "none");
        assertThat(twice.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(twice.err()).startsWith("bsee convert: " + good + " is given twice: each archive once");

        Path other = zip("other.zip", Map.of("e.txt", "E\n9\n"));
        assertThat(convert(good.toString(), other.toString(), "--out", out.toString(), "--progress", "none").exitCode())
                .isEqualTo(BseeCommand.OK);
        assertThat(listing(out)).containsExactly("a.bin", "b.bin", "c.bin", "e.bin");
        assertThat(PickleReader.of().read(out.resolve("a.bin")).rowCount()).isEqualTo(2);
    }

    /// `.DIR.tmp` swapped for a link to another folder while a convert removes what killed runs
    /// left there: the listing goes on in the folder it opened, but each name it gives led through
    /// the link, and the other folder's `run-*` of the same names were deleted.
    @Test
    void aFolderOfTemporariesSwappedForALinkWhileKilledRunsAreRemovedHasNothingDeletedThroughIt() throws Exception {
        Path out = dir.resolve("out");
        Path temporaries = dir.resolve(".out.tmp");
        Path victim = Files.createDirectories(dir.resolve("victim"));
        List<String> runs = List.of("run-00000000-0000-0000-0000-00000000000a", "run-00000000-0000-0000-0000-00000000000b");
        for (String name : runs) {
            Files.writeString(Files.createDirectories(temporaries.resolve(name)).resolve("x.bin"), "left by a killed run");
            Files.writeString(Files.createDirectories(victim.resolve(name)).resolve("x.bin"), "the victim's file");
        }
        Path moved = dir.resolve("moved");
        // The swap happens as the first leftover is reported removed, before the second one is reached.
        boolean[] swapped = {false};
        StringWriter err = new StringWriter();
        Writer swapping = new Writer() {
            @Override
            public void write(char[] chars, int offset, int length) throws IOException {
                err.write(chars, offset, length);
                if (!swapped[0] && err.toString().contains("removed ")) {
                    swapped[0] = true;
                    Files.move(temporaries, moved);
                    Files.createSymbolicLink(temporaries, victim);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        CommandLine commandLine = BseeCommand.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(swapping, true));
        Path small = zip("small.zip", Map.of("small.txt", "A\n1\n"));
        int code = commandLine.execute("convert", small.toString(), "--out", out.toString(), "--progress", "none");

        assertThat(swapped[0]).as(err.toString()).isTrue();
        assertThat(code).as(err.toString()).isNotEqualTo(BseeCommand.OK);
        assertThat(err.toString()).contains(temporaries.toString()).contains("link");
        for (String name : runs) {
            assertThat(victim.resolve(name).resolve("x.bin")).hasContent("the victim's file");
        }
    }

    @Test
    void aLaterConvertRemovesWhatAKilledOneLeftAndNothingElse() throws Exception {
        Path out = dir.resolve("out");
        Path temporaries = dir.resolve(".out.tmp");
        // A convert killed while it writes: a child JVM on a big archive, destroyed once it has staged a file.
        Process child = childConvertStaging(out, temporaries);
        child.destroyForcibly();
        child.waitFor();
        List<Path> orphans = staged(temporaries);
        assertThat(orphans).as("the killed convert left its staged files: %s", Files.readString(dir.resolve("child.log")))
                .isNotEmpty();
        assertThat(out).as("nothing reached the output folder, which is made only for the renames").doesNotExist();
        // Beside them: what earlier versions left, and things that are not a convert's to delete.
        Files.writeString(temporaries.resolve(".small.bin.0123456789abcdef.tmp"), "half a pickle");
        Files.writeString(temporaries.resolve("bsee-spill-123456789.bin"), "spilled");
        Path keep = Files.writeString(temporaries.resolve("notes.txt"), "someone's notes");
        Path victim = Files.createDirectories(dir.resolve("victim"));
        Files.writeString(victim.resolve("x.bin"), "the victim's file");
        Files.createSymbolicLink(temporaries.resolve("run-00000000-0000-0000-0000-000000000000"), victim);

        Path small = zip("small.zip", Map.of("small.txt", "A\n1\n"));
        Run run = convert(small.toString(), "--out", out.toString(), "--progress", "none");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(BseeCommand.OK);
        assertThat(run.err()).contains("removed " + orphans.getFirst().getParent()).contains("left by a convert that was killed");
        assertThat(listing(temporaries)).containsExactly("notes.txt", "run-00000000-0000-0000-0000-000000000000");
        assertThat(keep).hasContent("someone's notes");
        assertThat(victim.resolve("x.bin")).hasContent("the victim's file");
        assertThat(listing(out)).containsExactly("small.bin");
    }

    /// Two converts into one folder: the lock was dropped as soon as it was taken (closing the
    /// descriptor that read its token back drops the process's POSIX locks on the file), so the second
    /// deleted the first one's staged files as left by a killed convert, and the first failed with
    /// "no such file". Now the second is refused naming the lock and touches nothing.
    @Test
    void aSecondConvertIntoTheSameFolderIsRefusedAndLeavesTheFirstOnesFilesAlone() throws Exception {
        Path out = dir.resolve("out");
        Path temporaries = dir.resolve(".out.tmp");
        Process child = childConvertStaging(out, temporaries);
        try {
            List<Path> first = staged(temporaries);
            assertThat(first).as("the first convert is staging: %s", Files.readString(dir.resolve("child.log"))).isNotEmpty();

            Path small = zip("small.zip", Map.of("small.txt", "A\n2\n"));
            Run run = convert(small.toString(), "--out", out.toString(), "--progress", "none");

            assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
            assertThat(run.err()).isEqualTo("bsee convert: another bsee convert is writing " + out + " (it holds "
                    + temporaries.resolve(".lock") + ")\n");
            assertThat(first).allSatisfy(file -> assertThat(file).exists());
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
    }

    /// A pipe or a file where the convert keeps its temporaries or its lock: a pipe as `.lock` failed
    /// with "Illegal seek" alone, a file as `.out.tmp` with its path alone. Now one line names it and
    /// says what it is; it is left in place and the output folder is not made.
    @ParameterizedTest
    @CsvSource({".out.tmp, pipe, 'a pipe, socket or device', folder", ".out.tmp, file, a file, folder",
            ".out.tmp/.lock, pipe, 'a pipe, socket or device', file", ".out.tmp/.lock, folder, a folder, file"})
    void aPipeOrAFileWhereTheConvertKeepsItsTemporariesOrLockIsNamed(String name, String kind, String what, String expected)
            throws Exception {
        Path planted = dir.resolve(name);
        Files.createDirectories(planted.getParent());
        switch (kind) {
            case "pipe" -> assertThat(new ProcessBuilder("mkfifo", planted.toString()).start().waitFor()).isZero();
            case "file" -> Files.writeString(planted, "someone's file");
            default -> Files.createDirectory(planted);
        }
        Path archive = zip("t.zip", Map.of("t.txt", "A\n1\n"));

        Run run = convert(archive.toString(), "--out", dir.resolve("out").toString(), "--progress", "none");

        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.err()).isEqualTo("bsee convert: refusing to use " + planted + ": it is " + what + ", not the "
                + expected + " bsee convert makes there (move it away or remove it)\n");
        assertThat(Files.exists(planted, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aTemporariesFolderThatIsALinkStopsTheConvert() throws IOException {
        Path victim = Files.createDirectories(dir.resolve("victim"));
        Path orphanLike = Files.writeString(victim.resolve("bsee-spill-1.bin"), "the victim's file");
        Files.createSymbolicLink(dir.resolve(".out.tmp"), victim);
        Path archive = zip("t.zip", Map.of("t.txt", "A\n1\n"));

        Run run = convert(archive.toString(), "--out", dir.resolve("out").toString(), "--progress", "none");

        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.err()).contains("refusing to use " + dir.resolve(".out.tmp")).contains("symbolic link");
        assertThat(orphanLike).hasContent("the victim's file");
        assertThat(listing(victim)).containsExactly("bsee-spill-1.bin");
    }

    /// A link where an output goes, where the lock goes, or as `--out` pointing nowhere: the convert
    /// stops before it renames anything, names the link, and leaves it and what it points to alone.
    @Test
    void linksWhereTheConvertWritesStopItBeforeAnyRename() throws IOException {
        Path archive = zip("l.zip", Map.of("a.txt", "A\n1\n", "b.txt", "B\n2\n"));
        Path victim = Files.writeString(dir.resolve("victim"), "the victim's file");
        Path out = Files.createDirectories(dir.resolve("out"));
        Path link = Files.createSymbolicLink(out.resolve("b.bin"), victim);

        Run onOutput = convert(archive.toString(), "--out", out.toString(), "--progress", "none");
        assertThat(onOutput.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(onOutput.err()).isEqualTo("bsee convert: refusing to use " + link + ": it is a symbolic link, and the"
                + " tool never writes, moves or deletes through a link it did not create (remove the link)"
                + System.lineSeparator());
        assertThat(listing(out)).as("a.bin was not renamed in either").containsExactly("b.bin");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(victim).hasContent("the victim's file");

        Path lockOut = dir.resolve("locked");
        Path lock = Files.createSymbolicLink(Files.createDirectories(dir.resolve(".locked.tmp")).resolve(".lock"), victim);
        Run onLock = convert(archive.toString(), "--out", lockOut.toString(), "--progress", "none");
        assertThat(onLock.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(onLock.err()).contains("refusing to use " + lock + ": it is a symbolic link");
        assertThat(victim).hasContent("the victim's file");

        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        Run onDangling = convert(archive.toString(), "--out", dangling.toString(), "--progress", "none");
        assertThat(onDangling.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(onDangling.err()).contains("--out is a link to " + dir.resolve("nowhere") + ", which does not exist");
        // Links that lead to one another: the system says "does not exist" of them too.
        Path loop = Files.createSymbolicLink(dir.resolve("loop1"), Files.createSymbolicLink(dir.resolve("loop2"),
                dir.resolve("loop1")));
        Run onLoop = convert(archive.toString(), "--out", loop.toString(), "--progress", "none");
        assertThat(onLoop.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(onLoop.err()).contains("--out is a link to " + dir.resolve("loop2")
                + ", which leads back through links to itself");

        // A link to a folder: refused too, whatever the folder holds, and nothing is made beside it.
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("a.bin"), "someone's a.bin");
        Path linked = Files.createSymbolicLink(dir.resolve("linked"), elsewhere);
        Run onLinked = convert(archive.toString(), "--out", linked.toString(), "--progress", "none");
        assertThat(onLinked.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(onLinked.err()).isEqualTo("bsee convert: refusing to convert into " + linked + ": it is a symbolic"
                + " link to " + elsewhere + ", and the tool never writes, moves or deletes through a link it did not"
                + " create (give the folder it points to)" + System.lineSeparator());
        assertThat(listing(elsewhere)).containsExactly("a.bin");
        assertThat(elsewhere.resolve("a.bin")).hasContent("someone's a.bin");
        assertThat(dir.resolve(".linked.tmp")).doesNotExist();
    }

    /// A folder where an output goes: the rename onto it would fail after the outputs sorting before
    /// it were renamed in, so the convert stops before the first rename, naming it.
    @Test
    void aFolderWhereAnOutputGoesStopsTheConvertBeforeAnyRename() throws IOException {
        Path archive = zip("f.zip", Map.of("a.txt", "A\n1\n", "b.txt", "B\n2\n"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Path a = Files.writeString(out.resolve("a.bin"), "the previous a.bin");
        Path folder = Files.createDirectory(out.resolve("b.bin"));
        Files.writeString(folder.resolve("notes.txt"), "an analyst's notes");

        Run run = convert(archive.toString(), "--out", out.toString(), "--progress", "none");

        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.err()).isEqualTo("bsee convert: refusing to replace " + folder + ": it is a folder, not a .bin"
                + " file (move it away or remove it)" + System.lineSeparator());
        assertThat(a).as("a.bin was not renamed in either").hasContent("the previous a.bin");
        assertThat(folder.resolve("notes.txt")).hasContent("an analyst's notes");
        assertThat(dir.resolve(".out.tmp")).doesNotExist();
    }

    /// A rename that fails part-way, on a real file the file system will not let go (immutable): the
    /// files renamed in before it are put back, so the folder holds the previous version of every file.
    @Test
    void aRenameFailingPartWayPutsBackTheFilesRenamedBeforeIt() throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("a.txt", "A\n1\n");
        entries.put("new.txt", "N\n2\n");
        entries.put("c.txt", "C\n3\n");
        Path archive = zip("f.zip", entries);
        Path out = Files.createDirectories(dir.resolve("out"));
        Path a = Files.writeString(out.resolve("a.bin"), "the previous a.bin");
        Path c = Files.writeString(out.resolve("c.bin"), "the previous c.bin");
        Optional<ImmutableFile> immutable = ImmutableFile.of(c);
        org.junit.jupiter.api.Assumptions.assumeTrue(immutable.isPresent(), "chattr +i works here (root, ext4 or xfs)");
        try (ImmutableFile held = immutable.get()) {
            Run run = convert(archive.toString(), "--out", out.toString(), "--progress", "none");

            assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
            assertThat(run.err().lines().toList()).singleElement().asString()
                    .startsWith("bsee convert: cannot move c.bin to " + c + ": ")
                    .endsWith("; the 2 files moved before it were put back; " + out + " is as it was");
            assertThat(a).hasContent("the previous a.bin");
            assertThat(c).hasContent("the previous c.bin");
            assertThat(listing(out)).containsExactly("a.bin", "c.bin");
            assertThat(dir.resolve(".out.tmp")).doesNotExist();
        }
        // Once the file may go, the same convert goes through.
        assertThat(convert(archive.toString(), "--out", out.toString(), "--progress", "none").exitCode())
                .isEqualTo(BseeCommand.OK);
        assertThat(listing(out)).containsExactly("a.bin", "c.bin", "new.bin");
    }

    /// What a convert killed among its renames leaves: its list of renames, the files it had not
    /// moved yet, and the second names of the files it replaced. The next convert moves those files
    /// in first, so DIR holds one version of the killed run's set, then converts its own.
    @Test
    void aConvertKilledAmongItsRenamesIsCompletedByTheNext() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("a.bin"), "the killed run's a.bin, moved in");
        Files.writeString(out.resolve("b.bin"), "the previous b.bin");
        Path run = killedRun("a.bin\nb.bin\n");
        Files.writeString(run.resolve("b.bin"), "the killed run's b.bin");
        Files.createDirectories(run.resolve("previous"));
        Files.writeString(run.resolve("previous/1-b.bin"), "the previous b.bin");
        Files.writeString(dir.resolve("escape.bin"), "outside");
        Path archive = zip("z.zip", Map.of("z.txt", "Z\n1\n"));

        Run next = convert(archive.toString(), "--out", out.toString(), "--progress", "none");

        assertThat(next.exitCode()).as(next.err()).isEqualTo(BseeCommand.OK);
        assertThat(next.err()).contains("bsee convert: completed the renames of a convert killed among them: 1 more file"
                + " moved into " + out);
        assertThat(out.resolve("b.bin")).hasContent("the killed run's b.bin");
        assertThat(out.resolve("a.bin")).hasContent("the killed run's a.bin, moved in");
        assertThat(listing(out)).containsExactly("a.bin", "b.bin", "z.bin");
        assertThat(dir.resolve("escape.bin")).hasContent("outside");
        assertThat(dir.resolve(".out.tmp")).doesNotExist();
    }

    /// A convert killed once all its renames were made left nothing to complete: the next says only
    /// that it removed its leftovers (it also said "0 more files moved"), and converts as usual.
    @Test
    void aConvertKilledAfterItsLastRenameLeavesTheNextNothingToSay() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("a.bin"), "the killed run's a.bin, moved in");
        Path run = killedRun("[\"a.bin\"]");
        Path archive = zip("z.zip", Map.of("z.txt", "Z\n1\n"));

        Run next = convert(archive.toString(), "--out", out.toString(), "--progress", "none");

        assertThat(next.exitCode()).as(next.err()).isEqualTo(BseeCommand.OK);
        assertThat(next.err()).isEqualTo("bsee convert: removed " + run + ", left by a convert that was killed\n");
        assertThat(out.resolve("a.bin")).hasContent("the killed run's a.bin, moved in");
        assertThat(listing(out)).containsExactly("a.bin", "z.bin");
        assertThat(dir.resolve(".out.tmp")).doesNotExist();
    }

    /// A convert that completes a killed run's renames and then fails on its own archive says that
    /// DIR holds the completed files: "DIR is as it was" read as if they had not moved either.
    @Test
    void aFailureAfterCompletingAKilledRunsRenamesSaysWhatTheFolderHolds() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("b.bin"), "the previous b.bin");
        Path run = killedRun("[\"b.bin\"]");
        Files.writeString(run.resolve("b.bin"), "the killed run's b.bin");
        Path archive = Files.writeString(dir.resolve("bad.zip"), "not a zip");

        Run next = convert(archive.toString(), "--out", out.toString(), "--progress", "none");

        assertThat(next.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(next.err()).contains("completed the renames of a convert killed among them: 1 more file")
                .contains("; " + out + " holds the files of the killed convert completed above, and none of this"
                        + " convert's\n").doesNotContain("is as it was");
        assertThat(out.resolve("b.bin")).hasContent("the killed run's b.bin");
    }

    /// A `.before` no convert wrote (an identity that is no string, names missing, something after
    /// it) is not followed: the renames are judged by times, as an earlier version's run is. Such a
    /// file kept the files it left out, or with a number for one, as "written since", leaving DIR
    /// half old.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"{\"manifest\": null, \"files\": {\"b.bin\": 7}}",
            "{\"manifest\": null, \"files\": {}}", "{\"manifest\": [], \"files\": {\"b.bin\": null}}",
            "{\"manifest\": null, \"files\": {\"b.bin\": null}} {}"})
    void aBeforeFileNoConvertWroteIsJudgedByTimes(String before) throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("b.bin"), "the previous b.bin");
        Files.setLastModifiedTime(out.resolve("b.bin"),
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(120)));
        Path run = Files.createDirectories(dir.resolve(".out.tmp/run-" + java.util.UUID.randomUUID()));
        Files.writeString(run.resolve(".before"), before);
        Files.writeString(run.resolve(".renames"), "[\"b.bin\"]");
        Files.writeString(run.resolve("b.bin"), "the killed run's b.bin");
        Path archive = zip("z.zip", Map.of("z.txt", "Z\n1\n"));

        Run next = convert(archive.toString(), "--out", out.toString(), "--progress", "none");

        assertThat(next.exitCode()).as(next.err()).isEqualTo(BseeCommand.OK);
        assertThat(out.resolve("b.bin")).hasContent("the killed run's b.bin");
        assertThat(next.err()).contains("1 more file moved into").doesNotContain("kept");
    }

    /// A convert killed among its renames, then a file of a name it had not moved yet written into
    /// DIR (pandas, a copy): the next convert moved the killed run's older file over it without a
    /// word. The newer file is kept, and the line that reports the completed renames names it.
    @Test
    void aFileWrittenIntoTheFolderAfterAConvertWasKilledAmongItsRenamesIsKept() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("a.bin"), "the killed run's a.bin, moved in");
        Path run = killedRun("a.bin\nb.bin\nc.bin\n");
        Path list = run.resolve(".renames");
        Files.setLastModifiedTime(list, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(60)));
        Files.writeString(run.resolve("b.bin"), "the killed run's b.bin");
        Files.writeString(run.resolve("c.bin"), "the killed run's c.bin");
        Files.writeString(out.resolve("b.bin"), "an analyst's b.bin, written since");
        Files.writeString(out.resolve("c.bin"), "the c.bin before the killed run");
        Files.setLastModifiedTime(out.resolve("c.bin"),
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(120)));
        Path archive = zip("z.zip", Map.of("z.txt", "Z\n1\n"));

        Run next = convert(archive.toString(), "--out", out.toString(), "--progress", "none");

        assertThat(next.exitCode()).as(next.err()).isEqualTo(BseeCommand.OK);
        assertThat(next.err()).contains("bsee convert: completed the renames of a convert killed among them: 1 more file"
                + " moved into " + out + "; kept b.bin as it is, written there since that convert was killed (its"
                + " version is dropped)\n");
        assertThat(out.resolve("b.bin")).hasContent("an analyst's b.bin, written since");
        assertThat(out.resolve("c.bin")).hasContent("the killed run's c.bin");
        assertThat(listing(out)).containsExactly("a.bin", "b.bin", "c.bin", "z.bin");
        assertThat(dir.resolve(".out.tmp")).doesNotExist();
    }

    /// A convert killed among its renames into a folder a refresh keeps, then a refresh that
    /// committed a complete version there: the next convert moved the killed run's older files over
    /// the refresh's newer ones (even when it then failed). The renames are now dropped.
    @Test
    void theRenamesOfAKilledConvertAreDroppedOnceARefreshHasWrittenTheFolder() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("b.bin"), "the refresh's b.bin");
        Path run = killedRun("a.bin\nb.bin\n");
        Path list = run.resolve(".renames");
        Files.writeString(run.resolve("b.bin"), "the killed run's b.bin");
        Files.setLastModifiedTime(list, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(60)));
        Path manifest = OutputFolder.of(out).manifestFile();
        Files.createDirectories(manifest.getParent());
        Files.writeString(manifest, """
                {"format": 1, "source": "mix", "path": "enhanced", "url": "http://127.0.0.1/mix.zip", "etag": null,
                 "last_modified": null, "written": "2026-12-03T12:00:00Z", "dialect": "portable", "files": []}
                """);
        convertDropsTheRenamesForTheRefresh(out);
        assertThat(listing(out)).containsExactly("b.bin");
    }

    /// The same, with the clock set back between the kill and the refresh (the killed run's list an
    /// hour "newer" than the refresh's files): what the folder held as the renames were decided is
    /// recorded by identity, not time, so the refresh's commit is seen and the renames dropped. By
    /// times, the refresh's manifest and files looked older, and the killed run's files replaced them.
    @Test
    void theRenamesOfAKilledConvertAreDroppedAfterARefreshWhateverTheClockSaid() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("b.bin"), "the b.bin before the killed run");
        Path manifest = OutputFolder.of(out).manifestFile();
        Files.createDirectories(manifest.getParent());
        Files.writeString(manifest, "{\"written\": \"before the killed run\"}");
        Path run = Files.createDirectories(dir.resolve(".out.tmp/run-" + java.util.UUID.randomUUID()));
        try (java.io.OutputStream before = Files.newOutputStream(run.resolve(".before"))) {
            ConvertCommand.writeBefore(before, out, List.of("a.bin", "b.bin"));
        }
        Path list = Files.writeString(run.resolve(".renames"), "[\"a.bin\", \"b.bin\"]");
        Files.writeString(run.resolve("b.bin"), "the killed run's b.bin");
        Files.setLastModifiedTime(list, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(3600)));
        // The refresh, once the clock is right again: a new manifest and b.bin, each a new file.
        Path newManifest = Files.writeString(manifest.resolveSibling("manifest.new"), "{\"written\": \"by the refresh\"}");
        Files.move(newManifest, manifest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path newB = Files.writeString(dir.resolve("b.new"), "the refresh's b.bin");
        Files.move(newB, out.resolve("b.bin"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        convertDropsTheRenamesForTheRefresh(out);
    }

    /// By identity too: a file written into DIR since the kill (pandas, a copy) is kept, though its
    /// time is older than the killed run's list (the clock was fast at the kill), and a file as it
    /// was when the renames were decided is replaced.
    @Test
    void theFilesOfAKilledConvertReplaceOnlyTheFilesAsTheyWereWhateverTheClockSaid() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("b.bin"), "the b.bin before the killed run");
        Files.writeString(out.resolve("c.bin"), "the c.bin before the killed run");
        Path run = Files.createDirectories(dir.resolve(".out.tmp/run-" + java.util.UUID.randomUUID()));
        try (java.io.OutputStream before = Files.newOutputStream(run.resolve(".before"))) {
            ConvertCommand.writeBefore(before, out, List.of("b.bin", "c.bin"));
        }
        Path list = Files.writeString(run.resolve(".renames"), "[\"b.bin\", \"c.bin\"]");
        Files.setLastModifiedTime(list, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(3600)));
        Files.writeString(run.resolve("b.bin"), "the killed run's b.bin");
        Files.writeString(run.resolve("c.bin"), "the killed run's c.bin");
        Path analysts = Files.writeString(dir.resolve("b.new"), "an analyst's b.bin, written since");
        Files.move(analysts, out.resolve("b.bin"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path archive = zip("z.zip", Map.of("z.txt", "Z\n1\n"));

        Run next = convert(archive.toString(), "--out", out.toString(), "--progress", "none");

        assertThat(next.exitCode()).as(next.err()).isEqualTo(BseeCommand.OK);
        assertThat(out.resolve("b.bin")).hasContent("an analyst's b.bin, written since");
        assertThat(out.resolve("c.bin")).hasContent("the killed run's c.bin");
        assertThat(next.err()).contains("1 more file moved into " + out + "; kept b.bin as it is, written there since"
                + " that convert was killed");
    }

    /// A convert (of an archive that fails) into `out`, whose killed run's renames it drops, saying a
    /// refresh has written `out` since; the refresh's `b.bin` stays.
    private void convertDropsTheRenamesForTheRefresh(Path out) throws IOException {
        Path archive = Files.writeString(dir.resolve("bad.zip"), "not a zip");

        Run next = convert(archive.toString(), "--out", out.toString(), "--progress", "none");

        assertThat(next.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(next.err()).contains("bsee convert: dropped the renames of a convert killed among them: a refresh has"
                + " written " + out + " since").doesNotContain("completed the renames");
        assertThat(out.resolve("b.bin")).hasContent("the refresh's b.bin");
    }

    /// A list of renames that is not one (zeros a crash left, bytes that are not UTF-8, a name that
    /// is no `.bin` file's or leads out of the folder, a sparse file of gigabytes): every later
    /// convert into DIR failed on it with a line naming no file (`Nul character not allowed:
    /// \x00\x00...`, `Input length = 1`), ran out of heap, or moved the names it listed into DIR.
    /// Now nothing of it is moved, a warning names the file, and the convert goes on.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ZEROS", "NOT_UTF8", "zzz.notbin", ".renames",
            "../escape.bin", "SPARSE"})
    void aDamagedListOfRenamesIsNotFollowedAndNamed(String damage) throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("b.bin"), "the previous b.bin");
        Path run = Files.createDirectories(dir.resolve(".out.tmp/run-" + java.util.UUID.randomUUID()));
        Path list = run.resolve(".renames");
        switch (damage) {
            case "ZEROS" -> Files.write(list, new byte[4096]);
            case "NOT_UTF8" -> Files.write(list, new byte[] {(byte) 0xff, '\n'});
            case "SPARSE" -> {
                try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(list.toFile(), "rw")) {
                    file.setLength(3L << 30);
                }
            }
            default -> Files.writeString(list, "b.bin\n" + damage + "\n");
        }
        Files.writeString(run.resolve("b.bin"), "the killed run's b.bin");
        Files.writeString(run.resolve("zzz.notbin"), "not a table");
        Files.writeString(dir.resolve("escape.bin"), "outside");
        Path archive = zip("z.zip", Map.of("z.txt", "Z\n1\n"));

        Run next = convert(archive.toString(), "--out", out.toString(), "--progress", "none");

        assertThat(next.exitCode()).as(next.err()).isEqualTo(BseeCommand.OK);
        assertThat(next.err()).contains(list + " is damaged (").doesNotContain("\u0000");
        assertThat(out.resolve("b.bin")).hasContent("the previous b.bin");
        assertThat(listing(out)).containsExactly("b.bin", "z.bin");
        assertThat(dir.resolve("escape.bin")).hasContent("outside");
        assertThat(dir.resolve(".out.tmp")).doesNotExist();
    }

    /// A killed run's list of renames this user may not read (mode 000) may be intact: the convert
    /// fails naming it and why, and keeps the run, whose files are the only copies of those DIR still
    /// lacks; once the list can be read the next convert completes the renames. It was called
    /// damaged, and the run removed.
    @Test
    void aListOfRenamesThatCannotBeReadStopsTheConvertAndKeepsTheKilledRun() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("b.bin"), "the previous b.bin");
        Path run = killedRun("b.bin\n");
        Path list = run.resolve(".renames");
        Files.writeString(run.resolve("b.bin"), "the killed run's b.bin");
        Path archive = zip("z.zip", Map.of("z.txt", "Z\n1\n"));
        ProcessBuilder child = CliRun.unprivilegedChild(dir, "convert", archive.toString(), "--out", out.toString(), "--progress",
                "none").redirectErrorStream(true);
        Files.setPosixFilePermissions(list, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));

        Process process = child.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isEqualTo(BseeCommand.FAILED);
        Files.setPosixFilePermissions(list, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(output).contains("cannot read " + list + ", the renames of a convert killed among them (access"
                + " denied): " + out + " may hold files of that convert beside earlier ones").doesNotContain("damaged");
        assertThat(run.resolve("b.bin")).hasContent("the killed run's b.bin");
        assertThat(listing(out)).containsExactly("b.bin");
        assertThat(out.resolve("b.bin")).hasContent("the previous b.bin");
        assertThat(run.resolveSibling(".lock")).doesNotExist();

        // The next convert here, by this user, whose staging folder it must be.
        java.nio.file.attribute.UserPrincipal me = dir.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        try (Stream<Path> walk = Files.walk(run.getParent())) {
            for (Path path : walk.toList()) {
                Files.setOwner(path, me);
            }
        }
        Run next = convert(archive.toString(), "--out", out.toString(), "--progress", "none");
        assertThat(next.exitCode()).as(next.err()).isEqualTo(BseeCommand.OK);
        assertThat(out.resolve("b.bin")).hasContent("the killed run's b.bin");
        assertThat(listing(out)).containsExactly("b.bin", "z.bin");
    }

    /// Removing the temporaries after the renames fails (the temporaries folder made append-only):
    /// the convert did its work, so it succeeds with a warning, and a convert that failed says why it
    /// failed, not why its clean-up did.
    @Test
    void aCleanUpThatFailsIsAWarningAndHidesNoFailure() throws IOException {
        Path archive = zip("c.zip", Map.of("c.txt", "C\n3\n"));
        Path out = dir.resolve("out");
        Path temporaries = Files.createDirectories(dir.resolve(".out.tmp"));
        Optional<ImmutableFile> appendOnly = ImmutableFile.appendOnly(temporaries);
        org.junit.jupiter.api.Assumptions.assumeTrue(appendOnly.isPresent(), "chattr +a works here (root, ext4 or xfs)");
        try (ImmutableFile held = appendOnly.get()) {
            Run done = convert(archive.toString(), "--out", out.toString(), "--progress", "none");
            assertThat(done.exitCode()).as(done.err()).isEqualTo(BseeCommand.OK);
            assertThat(done.out()).contains("1 entry written to " + out);
            assertThat(done.err().lines()).singleElement().asString()
                    .startsWith("bsee: warning: could not remove the convert's temporaries in " + temporaries + " (")
                    .endsWith("); the next convert removes them");
            assertThat(listing(out)).containsExactly("c.bin");

            Path broken = Files.write(dir.resolve("broken.zip"), Arrays.copyOf(Files.readAllBytes(archive), 30));
            Run failed = convert(broken.toString(), "--out", out.toString(), "--progress", "none");
            assertThat(failed.exitCode()).isEqualTo(BseeCommand.FAILED);
            assertThat(failed.err().lines().toList()).anySatisfy(line -> assertThat(line)
                    .startsWith("bsee convert: broken.zip: "));
        }
    }

    /// An `--out` in a refresh's bookkeeping or in another convert's temporaries is refused before
    /// anything is made: `bsee status` deleted a convert's folder in `.bsee/<folder>/tmp/` as a stale
    /// temporary after the convert had exited 0, as it would a refresh's configured folder there.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"data/modules/bsee/bin/.bsee/war/tmp/mine",
            "data/modules/bsee/bin/.bsee/war", ".other.tmp/mine"})
    void anOutInTheToolsBookkeepingOrAConvertsTemporariesIsRefused(String where) throws Exception {
        Path archive = zip("f.zip", Map.of("f.txt", "F\n1\n"));
        Path out = dir.resolve(where);

        Run run = convert(archive.toString(), "--out", out.toString(), "--progress", "none");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(BseeCommand.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().findFirst().orElse("")).startsWith("bsee convert: --out must be a folder outside ")
                .contains(out.toString());
        assertThat(dir.resolve(where.substring(0, where.indexOf('/')))).doesNotExist();
    }

    /// A disk full from the start: the lock file cannot take its token. The line names the file,
    /// and the lock file the convert made is gone, with the temporaries folder made for it (which
    /// stayed beside DIR).
    @Test
    void aFullDiskAtTheLockNamesTheLockFileAndLeavesNoLock() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        mountTmpfs(small, "64k");
        try {
            Path archive = zip("f.zip", Map.of("f.txt", "F\n1\n"));
            try (var fill = Files.newOutputStream(small.resolve("filler"))) {
                byte[] block = new byte[4096];
                while (true) {
                    fill.write(block);
                    fill.flush();
                }
            } catch (IOException full) {
                // The disk is full now.
            }
            Path out = small.resolve("out");
            Run run = convert(archive.toString(), "--out", out.toString(), "--progress", "none");
            assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
            assertThat(run.err().lines().toList()).singleElement().asString()
                    .isEqualTo("bsee convert: " + small.resolve(".out.tmp/.lock") + ": No space left on device");
            assertThat(small.resolve(".out.tmp/.lock")).doesNotExist();
            // Made for the lock, the temporaries folder goes with it, as when no inode was left.
            assertThat(small.resolve(".out.tmp")).doesNotExist();
            assertThat(out).doesNotExist();
        } finally {
            assertThat(SystemCommand.succeeds("umount", small.toString())).isTrue();
        }
    }

    /// A disk that fills while an entry's file is written: the line names the archive and the entry
    /// whose file did not fit, not only the staged temporary, and says DIR is as it was; the file
    /// DIR held is untouched and nothing of the convert's is left beside it.
    @Test
    void aDiskThatFillsWhileWritingNamesTheEntryAndKeepsTheFolder() throws Exception {
        Path small = Files.createDirectories(dir.resolve("filling"));
        mountTmpfs(small, "256k");
        try {
            StringBuilder text = new StringBuilder("WELL,NAME\n");
            for (int row = 0; row < 40_000; row++) {
                text.append(row).append(",name ").append(row * 7919L).append('\n');
            }
            Path archive = zip("big.zip", Map.of("wells.txt", text.toString()));
            Path out = Files.createDirectories(small.resolve("out"));
            byte[] previous = "the previous file".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Files.write(out.resolve("wells.bin"), previous);

            Run run = convert(archive.toString(), "--out", out.toString(), "--progress", "none");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(BseeCommand.FAILED);
            assertThat(run.err().lines().toList()).singleElement().asString()
                    .startsWith("bsee convert: big.zip: wells.txt: could not write its .bin file: ")
                    .contains("wells.bin: No space left on device")
                    .endsWith("; " + out + " is as it was");
            assertThat(out.resolve("wells.bin")).hasBinaryContent(previous);
            try (var left = Files.list(small)) {
                assertThat(left.map(path -> path.getFileName().toString())).containsExactly("out");
            }
        } finally {
            assertThat(SystemCommand.succeeds("umount", small.toString())).isTrue();
        }
    }

    /// Mounts a tmpfs of `size` at `at`, or skips the test where this process may not (it runs as
    /// root with CAP_SYS_ADMIN in CI).
    private static void mountTmpfs(Path at, String size) {
        org.junit.jupiter.api.Assumptions.assumeTrue(SystemCommand.succeeds("mount", "-t", "tmpfs", "-o", "size=" + size,
                "tmpfs", at.toString()), "a tmpfs can be mounted here (root with CAP_SYS_ADMIN)");
    }

    /// A disk out of inodes at each step of a convert (its temporaries folder, the lock, the run
    /// folder, the staged files, DIR): one line saying so, and nothing of the convert's is left
    /// beside DIR. The temporaries folder, with the lock when there was one, stayed when the lock or
    /// the run folder could not be made.
    @Test
    void aDiskOutOfInodesAtAnyStepLeavesNothingOfTheConvert() throws IOException {
        Path archive = zip("f.zip", Map.of("f.txt", "F\n1\n", "g.txt", "G\n2\n"));
        boolean fullAtTheRenames = false;
        for (int inodes = 2; ; inodes++) {
            try (dev.bsee.core.faults.SmallFileSystem small = dev.bsee.core.faults.SmallFileSystem.mountOrSkip(
                    dir.resolve("small-" + inodes), "1m", inodes)) {
                Path out = small.root().resolve("out");
                Run run = convert(archive.toString(), "--out", out.toString(), "--progress", "none");
                try (var left = Files.list(small.root())) {
                    List<String> names = left.map(p -> p.getFileName().toString()).toList();
                    if (run.exitCode() == BseeCommand.OK) {
                        assertThat(names).as("%d inodes", inodes).containsExactly("out");
                        assertThat(out.resolve("f.bin")).isRegularFile();
                        assertThat(out.resolve("g.bin")).isRegularFile();
                        assertThat(fullAtTheRenames).as("a sweep that met a full disk at the list of renames").isTrue();
                        return;
                    }
                    assertThat(run.exitCode()).as(run.err()).isEqualTo(BseeCommand.FAILED);
                    assertThat(run.err().lines().toList()).as("%d inodes", inodes).singleElement().asString()
                            .startsWith("bsee convert: ").contains("No space left on device");
                    if (run.err().contains(".renames")) {
                        // The list written before the renames: the line named it alone.
                        fullAtTheRenames = true;
                        assertThat(run.err().strip()).endsWith("; " + out + " is as it was")
                                .as("the list's own name, not its temporary's").doesNotContain("..renames.");
                    }
                    assertThat(names).as("%d inodes: %s", inodes, run.err()).isEmpty();
                }
            }
            assertThat(inodes).as("a convert of two entries needs a few inodes").isLessThan(24);
        }
    }

    /// A folder of temporaries that someone else could write (anyone, or another user owning it,
    /// as in a shared folder such as /tmp): they could swap the staged files before the renames,
    /// and the convert would report their files as its own. Refused before anything is staged.
    @Test
    void aFolderOfTemporariesSomeoneElseCouldWriteIsRefused() throws Exception {
        Path archive = zip("f.zip", Map.of("f.txt", "F\n1\n"));
        Path out = dir.resolve("out");
        Path temporaries = Files.createDirectory(dir.resolve(".out.tmp"));
        Files.setPosixFilePermissions(temporaries, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));

        Run open = convert(archive.toString(), "--out", out.toString(), "--progress", "none");

        assertThat(open.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(open.err().lines().toList()).singleElement().asString()
                .startsWith("bsee convert: refusing to stage files in " + temporaries + ": anyone may write it");
        assertThat(out).doesNotExist();
        assertThat(temporaries).isEmptyDirectory();

        Files.setPosixFilePermissions(temporaries, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        if (SystemCommand.succeeds("chown", "65534", temporaries.toString())) {
            Run foreign = convert(archive.toString(), "--out", out.toString(), "--progress", "none");
            assertThat(foreign.exitCode()).isEqualTo(BseeCommand.FAILED);
            assertThat(foreign.err()).contains("it belongs to another user (uid 65534)");
            assertThat(out).doesNotExist();
        }

        Files.delete(temporaries);
        Run own = convert(archive.toString(), "--out", out.toString(), "--progress", "none");
        assertThat(own.exitCode()).as(own.err()).isZero();
        assertThat(out.resolve("f.bin")).exists();
    }

    /// Two archives whose entries give one file on a file system that ignores case (`Wells`, `wells`)
    /// or on macOS, which also takes `café` composed and decomposed for one name.
    @ParameterizedTest
    @CsvSource({"d/Wells.txt, e/wells.txt, wells.bin", "d/caf\u00e9.txt, e/cafe\u0301.txt, cafe\u0301.bin"})
    void outputsOfTwoArchivesThatAreOneFileOnMacOsOrWindowsAreRefused(String firstEntry, String secondEntry,
                                                                      String output) throws IOException {
        Path first = zip("one.zip", Map.of(firstEntry, "A\n1\n"));
        Path second = zip("two.zip", Map.of(secondEntry, "A\n2\n"));
        Path out = dir.resolve("out");
        Run run = convert(first.toString(), second.toString(), "--out", out.toString(), "--progress", "none");
        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.err()).contains("one.zip: " + firstEntry + " and two.zip: " + secondEntry + " both give " + output);
        assertThat(out).doesNotExist();
    }

    /// `big.zip`: `small.txt` with the given text, then two entries of 400,000 rows, long enough to
    /// stop a convert while it writes them.
    private Path bigArchive(String smallText) throws IOException {
        StringBuilder rows = new StringBuilder("A,B,C\n");
        for (int i = 0; i < 400_000; i++) {
            rows.append(i).append(",row ").append(i).append(',').append(i * 0.5).append('\n');
        }
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("small.txt", smallText);
        entries.put("big1.txt", rows.toString());
        entries.put("big2.txt", rows.toString());
        return zip("big.zip", entries);
    }

    /// A convert of `archive` into `out` in a child JVM, one entry at a time, its output in `child.log`.
    /// A child JVM converting a big archive into `out`, returned once it has staged a file (or ended).
    private Process childConvertStaging(Path out, Path temporaries) throws IOException, InterruptedException {
        Process child = childConvert(bigArchive("A\n1\n"), out);
        while (child.isAlive() && staged(temporaries).isEmpty()) {
            Thread.sleep(5);
        }
        return child;
    }

    private Process childConvert(Path archive, Path out) throws IOException {
        return CliRun.child("convert", archive.toString(), "--out", out.toString(), "--parallel", "1", "--progress", "none")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    }

    /// Ctrl-C or `kill` (SIGTERM, which `Process.destroy` sends) while the convert writes: it removes
    /// its temporaries itself, says so once, and the folder keeps the files of the convert before.
    @Test
    void aConvertStoppedBySignalRemovesItsTemporariesAndLeavesTheFolderAsItWas() throws Exception {
        Path out = dir.resolve("out");
        Path temporaries = dir.resolve(".out.tmp");
        byte[] before = convertSmallInto(out);
        Process child = childConvert(bigArchive("A\n2\n3\n"), out);
        int exit;
        try {
            while (child.isAlive() && staged(temporaries).isEmpty()) {
                Thread.sleep(5);
            }
            assertThat(child.isAlive()).as("the convert was still writing when stopped").isTrue();
            child.destroy();
            assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            exit = child.exitValue();
        } finally {
            child.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("child.log"));
        assertThat(exit).as(log).isEqualTo(128 + 15);
        assertThat(log.lines().toList()).as("one diagnostic, no failure of the entry being written")
                .containsExactly("bsee convert: stopped before any rename; " + out + " is as it was");
        assertLeftAsItWas(out, temporaries, before);
    }

    /// A signal before the renames removes the folders the convert made above `--out` too, as a
    /// failure does: the line says `DIR is as it was`, and they were left.
    @Test
    void aConvertStoppedBySignalRemovesTheFoldersItMadeAboveTheOutput() throws Exception {
        Path out = dir.resolve("s1/s2/out");
        Process child = childConvert(bigArchive("A\n2\n3\n"), out);
        try {
            while (child.isAlive() && staged(dir.resolve("s1/s2/.out.tmp")).isEmpty()) {
                Thread.sleep(5);
            }
            assertThat(child.isAlive()).as("the convert was still writing when stopped").isTrue();
            child.destroy();
            assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("child.log"));
        assertThat(child.exitValue()).as(log).isEqualTo(128 + 15);
        assertThat(log).contains(out + " is as it was");
        assertThat(dir.resolve("s1")).doesNotExist();
    }

    /// A signal while the convert makes `.DIR.tmp` or takes its lock, before it records the lock's
    /// folder, runs the stop hook, now installed before both: the lock file goes only when its token
    /// names this process (the convert wrote it), with `.DIR.tmp` when that is left empty, and nothing
    /// through a link put in place of `.DIR.tmp`. The hook came after the lock, so `.DIR.tmp/.lock`
    /// stayed.
    @Test
    void aLockTakenWhenTheSignalCameIsRemovedOnlyWhenItsTokenNamesThisProcess() throws IOException {
        Path temporaries = Files.createDirectories(dir.resolve(".t.tmp"));
        Path lockFile = temporaries.resolve(".lock");
        Files.writeString(lockFile, "pid " + (ProcessHandle.current().pid() + 1) + " another\n");
        ConvertCommand.removeLockTakenNow(lockFile);
        assertThat(lockFile).exists();

        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.move(lockFile, elsewhere.resolve(".lock"));
        Files.delete(temporaries);
        Files.writeString(elsewhere.resolve(".lock"), "pid " + ProcessHandle.current().pid() + " ours\n");
        Files.createSymbolicLink(temporaries, elsewhere);
        ConvertCommand.removeLockTakenNow(lockFile);
        assertThat(elsewhere.resolve(".lock")).exists();
        assertThat(temporaries).isSymbolicLink();

        Files.delete(temporaries);
        Files.createDirectories(temporaries);
        Files.writeString(lockFile, "pid " + ProcessHandle.current().pid() + " ours\n");
        ConvertCommand.removeLockTakenNow(lockFile);
        assertThat(temporaries).doesNotExist();

        // Stopped once `.DIR.tmp` was made, before the lock: the empty folder goes.
        Files.createDirectories(temporaries);
        ConvertCommand.removeLockTakenNow(lockFile);
        assertThat(temporaries).doesNotExist();
    }

    /// The folders made above `--out` are removed only while each is still the one made, checked
    /// from the top down: a link put in place of the upper one led the deletion of the lower one,
    /// by its path, into the link's target, another owner's empty folder.
    @Test
    void theFoldersMadeAboveTheOutputAreNotRemovedThroughALinkPutInPlaceOfOne() throws IOException {
        Path upper = dir.resolve("n1");
        Path lower = upper.resolve("n2");
        Files.createDirectories(lower);
        ConvertCommand.MadeFolders made = ConvertCommand.MadeFolders.of(List.of(upper, lower));
        Path victim = Files.createDirectories(dir.resolve("victim/n2"));
        Files.move(upper, dir.resolve("n1.moved"));
        Files.createSymbolicLink(upper, dir.resolve("victim"));

        made.removeEmpty();

        assertThat(victim).isDirectory();
        assertThat(upper).isSymbolicLink();
        assertThat(dir.resolve("n1.moved/n2")).isDirectory();

        Files.delete(upper);
        Files.move(dir.resolve("n1.moved"), upper);
        made.removeEmpty();
        assertThat(upper).doesNotExist();
    }

    /// A signal while the convert still runs: the stop hook removes the run, its lock and
    /// `.DIR.tmp` while the convert's own clean-up, once it sees the stop, removes them too. Each
    /// clean-up is done once: the second found `.DIR.tmp` gone and warned `left .out.tmp alone: it
    /// is gone, which is not the tool's to remove`, a line about a folder the tool itself had just
    /// removed (printed by the JDK's own handler, in two lines, when the command had ended first).
    @Test
    void aSignalWhileTheConvertRunsCleansUpOnceWithoutAWarning() throws Exception {
        Path out = dir.resolve("out");
        Path temporaries = dir.resolve(".out.tmp");
        byte[] before = convertSmallInto(out);
        Path big = bigArchive("A\n2\n3\n");
        java.util.concurrent.atomic.AtomicReference<Run> result = new java.util.concurrent.atomic.AtomicReference<>();
        Thread running = new Thread(() -> result.set(convert(big.toString(), "--out", out.toString(), "--parallel", "1",
                "--progress", "none")));
        running.start();
        while (running.isAlive() && staged(temporaries).isEmpty()) {
            Thread.sleep(5);
        }
        Optional<Thread> signal = StopHook.installedHook();
        assertThat(signal).as("the convert was still writing").isPresent();
        // What SIGTERM runs, here in the test's thread: the JVM goes on, so the convert's own
        // clean-up runs after it, as in a JVM whose shutdown is slower than the convert's end.
        signal.get().run();
        running.join();

        assertThat(result.get().err().lines().filter(line -> line.contains("warning") || line.contains("alone")))
                .as(result.get().err()).isEmpty();
        assertThat(result.get().err().lines()).as(result.get().err())
                .contains("bsee convert: stopped before any rename; " + out + " is as it was");
        assertLeftAsItWas(out, temporaries, before);
    }

    /// Converts a one-row archive into `out`, the folder a stopped convert must leave as it was.
    ///
    /// @return the bytes of the `small.bin` it wrote
    private byte[] convertSmallInto(Path out) throws IOException {
        assertThat(convert(zip("small.zip", Map.of("small.txt", "A\n1\n")).toString(), "--out", out.toString(),
                "--progress", "none").exitCode()).isEqualTo(BseeCommand.OK);
        return Files.readAllBytes(out.resolve("small.bin"));
    }

    /// `out` holds the `small.bin` of [#convertSmallInto] as it was, and nothing of the stopped
    /// convert is left beside it.
    private static void assertLeftAsItWas(Path out, Path temporaries, byte[] before) throws IOException {
        assertThat(temporaries).as("no run folder, lock or temporaries folder is left").doesNotExist();
        assertThat(listing(out)).containsExactly("small.bin");
        assertThat(Files.readAllBytes(out.resolve("small.bin"))).isEqualTo(before);
    }

    /// A refresh that begins keeping DIR (the folder's first refresh) while a convert into DIR
    /// converts: the convert stops before any rename, naming the refresh that holds the folder, and
    /// leaves nothing of its own. It renamed its files into the folder the refresh held, exit 0,
    /// under the manifest the refresh then wrote.
    @Test
    void aRefreshThatTakesTheFolderWhileTheConvertWritesStopsItBeforeAnyRename() throws Exception {
        Path out = dir.resolve("data/modules/bsee/bin/war");
        Path temporaries = dir.resolve("data/modules/bsee/bin/.war.tmp");
        Files.createDirectories(out.getParent());
        Process child = childConvertStaging(out, temporaries);
        int exit;
        try (dev.bsee.bridge.internal.FolderLock refresh = dev.bsee.bridge.internal.OutputFolder.of(out)
                .lock("refresh of source war, enhanced path", java.time.Duration.ZERO)) {
            assertThat(child.isAlive()).as("the convert was still writing").isTrue();
            assertThat(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            exit = child.exitValue();
        } finally {
            child.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("child.log"));
        assertThat(exit).as(log).isEqualTo(BseeCommand.FAILED);
        assertThat(log.lines().toList()).as(log).singleElement().asString()
                .startsWith("bsee convert: output folder " + out + " is being written by another bsee process: pid ")
                .contains("(refresh of source war, enhanced path)");
        assertThat(out).doesNotExist();
        assertThat(temporaries).doesNotExist();
    }

    /// The run folder, or DIR itself, swapped for a link to someone's folder while the convert
    /// writes: the convert wrote its files into that folder and renamed the files planted there into
    /// DIR as its own, or renamed its outputs into the linked folder, and exited 0. With `.DIR.tmp`
    /// swapped, its clean-up deleted the `.lock` of the folder the link led to, then the link. It
    /// stops naming what took the folder's place, and neither the other folder, the link nor DIR
    /// changes.
    @ParameterizedTest
    @ValueSource(strings = {"run", "out", "temporaries"})
    void aFolderSwappedForALinkWhileTheConvertWritesStopsIt(String which) throws Exception {
        Path out = dir.resolve("out");
        Path temporaries = dir.resolve(".out.tmp");
        convertSmallInto(out);
        Map<String, String> outBefore = contents(out);
        Path victim = Files.createDirectories(dir.resolve("victim"));
        Files.writeString(victim.resolve("big1.bin"), "the victim's big1.bin");
        Files.writeString(victim.resolve(".lock"), "the victim's .lock");
        Process child = childConvertStaging(out, temporaries);
        Path swapped;
        Path runFolder;
        int exit;
        try {
            assertThat(child.isAlive()).as("the convert was still writing").isTrue();
            runFolder = staged(temporaries).getFirst().getParent();
            swapped = switch (which) {
                case "run" -> runFolder;
                case "temporaries" -> temporaries;
                default -> out;
            };
            Files.move(swapped, dir.resolve("aside"));
            Files.createSymbolicLink(swapped, victim);
            assertThat(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            exit = child.exitValue();
        } finally {
            child.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("child.log"));
        assertThat(exit).as(log).isEqualTo(BseeCommand.FAILED);
        assertThat(log).contains(which.equals("out") ? "refusing to use " + out + ": it is a symbolic link"
                : "refusing to go on with " + runFolder);
        assertThat(log.split("refusing to go on with", -1)).as("said once: " + log).hasSizeLessThanOrEqualTo(2);
        assertThat(log).as("no exception's name").doesNotContain("Exception");
        assertThat(listing(victim)).containsExactly(".lock", "big1.bin");
        assertThat(victim.resolve("big1.bin")).hasContent("the victim's big1.bin");
        assertThat(victim.resolve(".lock")).hasContent("the victim's .lock");
        assertThat(swapped).as("the link is not the tool's to remove").isSymbolicLink();
        assertThat(contents(dir.resolve(which.equals("out") ? "aside" : "out"))).isEqualTo(outBefore);
    }

    private static List<Path> staged(Path temporaries) throws IOException {
        if (!Files.isDirectory(temporaries)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(temporaries)) {
            return files.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && f.getParent().getFileName().toString().startsWith("run-")).toList();
        }
    }

    private static Map<String, String> contents(Path folder) throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        for (String name : listing(folder)) {
            files.put(name, java.util.HexFormat.of().formatHex(Files.readAllBytes(folder.resolve(name))));
        }
        return files;
    }

    @Test
    void anHtmlPageIsNamedAsSuch() throws IOException {
        Path page = Files.writeString(dir.resolve("ProductionRawData.zip"), "<!DOCTYPE html><html><body>Maintenance</body></html>");
        Run run = convert(page.toString(), "--out", dir.resolve("o").toString(), "--progress", "none");
        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.err()).contains("ProductionRawData.zip: not a zip archive: it starts with \"<!DOCTYPE html>")
                .contains("an HTML page");
    }

    /// An archive cut short before its central directory: one line that says so, without the JDK's
    /// own words for it after ours (`...not a whole zip: zip END header not found`).
    @Test
    void anArchiveCutShortIsSaidOnceInTheToolsWords() throws IOException {
        Path archive = zip("whole.zip", Map.of("t.txt", "A,B\n" + "1,2\n".repeat(2000)));
        byte[] bytes = Files.readAllBytes(archive);
        Path cut = Files.write(dir.resolve("cut.zip"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Run run = convert(cut.toString(), "--out", dir.resolve("o").toString(), "--progress", "none");
        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.err().lines().toList()).singleElement().asString().endsWith(
                "cut.zip: the archive has no central directory: the file is truncated or not a whole zip; "
                        + dir.resolve("o") + " is as it was");
    }

    /// An archive the JDK's reader refuses in its own words, which the tool says in its own: the line
    /// ends with the folder left as it was, not with the JDK's words after it (`...; o is as it was:
    /// invalid CEN header (bad header size)`).
    @Test
    void anArchiveTheJdkRefusesIsSaidInTheToolsWordsAlone() throws IOException {
        Path archive = storedZip("long.zip", "d/".repeat(32_745) + "a.txt", "A\n1\n".getBytes(StandardCharsets.US_ASCII));
        Run run = convert(archive.toString(), "--out", dir.resolve("o").toString(), "--progress", "none");
        assertThat(run.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(run.err().lines().toList()).singleElement().asString().endsWith(
                "long.zip: a central directory record is longer than the 65,535 bytes this reader of archive files"
                        + " takes (an entry's name, extra field and comment together); " + dir.resolve("o") + " is as it was");
    }

    /// A zip of one stored entry, written a field at a time: `ZipOutputStream` refuses names this long.
    private Path storedZip(String fileName, String entry, byte[] data) throws IOException {
        byte[] name = entry.getBytes(StandardCharsets.UTF_8);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(data);
        int sum = (int) crc.getValue();
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(30 + name.length + data.length + 46 + name.length + 22)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        out.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0).putInt(0).putInt(sum)
                .putInt(data.length).putInt(data.length).putShort((short) name.length).putShort((short) 0).put(name).put(data);
        int directory = out.position();
        out.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0).putShort((short) 0).putInt(0)
                .putInt(sum).putInt(data.length).putInt(data.length).putShort((short) name.length).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).put(name);
        int directoryBytes = out.position() - directory;
        out.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1)
                .putInt(directoryBytes).putInt(directory).putShort((short) 0);
        return Files.write(dir.resolve(fileName), out.array());
    }

    @Test
    void wrongUsageExitsWithTheUsageCode() throws IOException {
        Path archive = zip("u.zip", Map.of("t.txt", "A\n1\n"));
        assertThat(convert(archive.toString()).exitCode()).as("--out is required").isEqualTo(BseeCommand.USAGE);
        assertThat(convert(archive.toString(), "--out", dir.resolve("x").toString(), "--columns", "A,A").exitCode())
                .isEqualTo(BseeCommand.USAGE);
        // Refused in the words --help and the docs use for the dialects (it was picocli's
        // "expected one of [PORTABLE, NUMPY2] (case-insensitive)").
        Run dialect = convert(archive.toString(), "--out", dir.resolve("x").toString(), "--dialect", "numpy3");
        assertThat(dialect.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(dialect.err()).startsWith("bsee convert: invalid value for option '--dialect': unknown dialect 'numpy3'"
                + " (expected portable or numpy2)" + System.lineSeparator());
        assertThat(convert(archive.toString(), "--out", dir.resolve("x").toString(), "--parallel", "0").exitCode())
                .isEqualTo(BseeCommand.USAGE);
        Run missing = convert(dir.resolve("absent.zip").toString(), "--out", dir.resolve("x").toString());
        assertThat(missing.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(missing.err()).isEqualTo("bsee convert: no such file or folder: " + dir.resolve("absent.zip") + System.lineSeparator());
    }

    @Test
    void aFolderOrAFileInTheWrongPlaceIsNamedForWhatItIs() throws IOException {
        Path archive = zip("w.zip", Map.of("t.txt", "A\n1\n"));
        Path folder = Files.createDirectories(dir.resolve("zips"));
        Run onFolder = convert(folder.toString(), "--out", dir.resolve("x").toString());
        // As `dump` refuses a folder: the same operand fault, in the same words and exit code.
        assertThat(onFolder.exitCode()).isEqualTo(BseeCommand.FAILED);
        assertThat(onFolder.err()).isEqualTo("bsee convert: " + folder
                + " is not a regular file (it is a folder): the command takes zip archives" + System.lineSeparator());

        Path file = Files.writeString(dir.resolve("taken"), "x");
        Run outIsFile = convert(archive.toString(), "--out", file.toString());
        assertThat(outIsFile.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(outIsFile.err()).contains("--out " + file + " is a file, not a folder");
        assertThat(Files.readString(file)).isEqualTo("x");

        // Making the folder would fail with the system's "Not a directory" on a path never given.
        Path under = file.resolve("sub");
        Run outUnderFile = convert(archive.toString(), "--out", under.toString());
        assertThat(outUnderFile.exitCode()).isEqualTo(BseeCommand.USAGE);
        assertThat(outUnderFile.err()).startsWith("bsee convert: --out " + under + " is under " + file + ", which is a file, not a folder");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void resultsGoToStdoutAndProgressToStderrOnce() throws IOException {
        Path archive = zip("r.zip", Map.of("t.txt", "A,B\n1,2\n", "u.txt", "C\nx\n"));
        Run run = convert(archive.toString(), "--out", dir.resolve("o").toString(), "--progress", "lines");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactlyInAnyOrder("t.txt -> t.bin: 1 row, 2 columns (int64 x2)",
                "u.txt -> u.bin: 1 row, 1 column (object x1)", "2 entries written to " + dir.resolve("o"));
        assertThat(run.err().lines().filter(line -> line.contains("t.txt"))).hasSize(1);
        assertThat(run.err()).doesNotContain("->");
    }

    /// The run folder a convert killed among its renames leaves in `.out.tmp`, with its list of
    /// renames (`renames`, as that convert wrote it).
    private Path killedRun(String renames) throws IOException {
        Path run = Files.createDirectories(dir.resolve(".out.tmp/run-" + java.util.UUID.randomUUID()));
        Files.writeString(run.resolve(".renames"), renames);
        return run;
    }
}
