package dev.bsee.bridge;

import dev.bsee.bridge.internal.CommitStop;
import dev.bsee.bridge.internal.OutputFolder;
import dev.bsee.core.faults.Unprivileged;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/// A refresh whose commit dies or fails midway, in a child JVM: halted at each stage of the commit
/// (its test-only hook set by [CommitStop]), or failing on a folder it may not write (run as an
/// unprivileged user, since root ignores file modes). The next run rolls the commit forward to
/// exactly what an undisturbed refresh writes, or, when the commit's journal was not yet written,
/// finds the previous files byte-identical; and the source is never wedged.
class InterruptedCommitTest {

    private static final String CONFIG = """
            data:
              refresh: true
              production: true
            parameters:
              filepath:
                production:
                  zip: zips
            """;

    @org.junit.jupiter.api.extension.RegisterExtension
    static final ArchiveServer server = ArchiveServer.forClass();

    @TempDir
    Path base;

    /// What an undisturbed refresh of version 2 writes; made once for the class.
    @TempDir
    static Path reference;

    private static Path bin(Path root) {
        return root.resolve("data/modules/bsee/bin/production_raw");
    }

    private static Path meta(Path root) {
        return root.resolve("data/modules/bsee/bin/.bsee/production_raw");
    }

    /// Version 1: years 2021 to 2024.
    private static void version1(Path root) throws IOException {
        Path zips = root.resolve("zips");
        OutputFolderCleaner.clear(zips);
        for (int year = 2021; year <= 2024; year++) {
            BseeArchives.write(zips.resolve("ogora" + year + "delimit.zip"), BseeArchives.production(year, 40, year));
        }
    }

    /// Version 2: 2022 and 2023 changed, 2025 new, 2021 and 2024 gone (two moves over old files, one
    /// new file, two removals). The years are packed anew into the zips of 2021 and 2024, which no
    /// longer hold their own years: the files of a zip that left the folder would be kept.
    private static void version2(Path root) throws IOException {
        Path zips = root.resolve("zips");
        OutputFolderCleaner.clear(zips);
        Map<String, String> changed = new TreeMap<>();
        for (int year = 2022; year <= 2023; year++) {
            changed.put("ogora" + year + "delimit.txt", BseeArchives.productionText(year, 60, year + 7));
        }
        BseeArchives.write(zips.resolve("ogora2021delimit.zip"), BseeArchives.zip(changed));
        BseeArchives.write(zips.resolve("ogora2024delimit.zip"), BseeArchives.zip(
                Map.of("ogora2025delimit.txt", BseeArchives.productionText(2025, 60, 2032))));
    }

    private static RefreshReport refresh(Path root) throws IOException {
        Files.writeString(root.resolve("refresh.yml"), CONFIG);
        return BseeRefresh.fromYaml(root.resolve("refresh.yml")).baseDirectory(root).run();
    }

    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.toList()) {
                files.put(file.getFileName().toString(), HexFormat.of().formatHex(Files.readAllBytes(file)));
            }
        }
        return files;
    }

    /// The manifest without its times, its place and what a stat of each file gave (another inode,
    /// other times in each folder), with a stat recorded of every file.
    private static String manifestWithoutTimeOrPlace(Path root) throws IOException {
        String manifest = Files.readString(meta(root).resolve("manifest.json"));
        assertThat(manifest.split("\"stat\" : \\{", -1).length - 1).as(manifest)
                .isEqualTo(manifest.split("\"sha256\" : ", -1).length - 1);
        return manifest.replaceAll("\"(written|url)\" : \"[^\"]*\"", "").replaceAll(",\\s*\"stat\" : \\{[^}]*\\}", "");
    }

    @BeforeAll
    static void referenceOfVersion2() throws IOException {
        version2(reference);
        assertThat(refresh(reference).succeeded()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"BEFORE_JOURNAL", "JOURNAL_WRITTEN", "FIRST_MOVED", "MOVED", "FIRST_REMOVED", "REMOVED",
            "MANIFEST_WRITTEN"})
    void aRefreshKilledAtAnyStageOfItsCommitIsRolledForwardOrLeftAsItWas(String stage) throws Exception {
        version1(base);
        assertThat(refresh(base).succeeded()).isTrue();
        Map<String, String> before = files(bin(base));
        String manifestBefore = Files.readString(meta(base).resolve("manifest.json"));
        version2(base);

        childEndsWith(CommitStop.HALTED, "halt", stage);

        List<String> done;
        OutputFolder folder = OutputFolder.of(bin(base));
        // The download state of the version before (a download's; a legacy refresh keeps none).
        Files.writeString(folder.stateFile(), "{}");
        try (var lock = folder.lock("test", java.time.Duration.ZERO)) {
            done = folder.recover().stream().map(OutputFolder.Repair::text).toList();
        }

        if (stage.equals("BEFORE_JOURNAL")) {
            assertThat(files(bin(base))).isEqualTo(before);
            assertThat(meta(base).resolve("manifest.json")).hasContent(manifestBefore);
            assertThat(done).allSatisfy(line -> assertThat(line).startsWith("removed stale temporary"));
            assertThat(folder.stateFile()).exists();
        } else {
            assertThat(done).contains("completed an interrupted commit into " + bin(base));
            // It named the version before, beside the new files.
            assertThat(folder.stateFile()).doesNotExist();
            assertThat(files(bin(base))).isEqualTo(files(bin(reference)));
            assertThat(manifestWithoutTimeOrPlace(base)).isEqualTo(manifestWithoutTimeOrPlace(reference));
        }
        assertThat(meta(base).resolve("commit.json")).doesNotExist();
        assertThat(meta(base).resolve("tmp")).isEmptyDirectory();
        RefreshReport next = refresh(base);
        assertThat(next.succeeded()).as(next.toJson()).isTrue();
        assertThat(files(bin(base))).isEqualTo(files(bin(reference)));
    }

    /// A JVM that begins to exit at any stage of a commit (what SIGTERM or Ctrl-C does; the test-only
    /// [CommitStop] calls `System.exit` there) waits for the commit: the folder is the
    /// new version whole, with no journal for the next run to complete. The JVM halted once its
    /// hooks were done, and a stop in those milliseconds left new files beside superseded ones under
    /// the old manifest until the next refresh or `bsee status`.
    @ParameterizedTest
    @ValueSource(strings = {"BEFORE_JOURNAL", "JOURNAL_WRITTEN", "FIRST_MOVED", "MOVED", "FIRST_REMOVED", "REMOVED",
            "MANIFEST_WRITTEN"})
    void aRefreshStoppedAtAnyStageOfItsCommitCompletesItFirst(String stage) throws Exception {
        version1(base);
        assertThat(refresh(base).succeeded()).isTrue();
        version2(base);

        childEndsWith(CommitStop.EXITED, "exit", stage);

        assertThat(meta(base).resolve("commit.json")).as("no commit left to complete").doesNotExist();
        assertThat(files(bin(base))).isEqualTo(files(bin(reference)));
        assertThat(manifestWithoutTimeOrPlace(base)).isEqualTo(manifestWithoutTimeOrPlace(reference));
        OutputFolder folder = OutputFolder.of(bin(base));
        try (var lock = folder.lock("test", java.time.Duration.ZERO)) {
            assertThat(folder.recover()).map(OutputFolder.Repair::text)
                    .noneMatch(OutputFolder::completedCommit);
        }
    }

    /// A refresh killed once its commit is complete, before it saves the new download state, leaves
    /// no state of the version before: the next request is unconditional, and a data center that
    /// went back to that version gets its files in. The state named the version before beside the new
    /// files, nothing repaired it, and the server's `304` to it kept the withdrawn version.
    @Test
    void aRefreshKilledBeforeItSavesTheDownloadStateLeavesNoStateOfTheVersionBefore() throws Exception {
        byte[] first = BseeArchives.apd(8, 19);
        byte[] second = BseeArchives.apd(12, 23);
        server.serve("/rollback/well.zip", first);
        Files.writeString(base.resolve("refresh.yml"), "data:\n  enhanced_refresh: true\n  well: true\nsources:\n"
                + "  well:\n    url: " + server.url("/rollback/well.zip") + "\ncache:\n  enabled: true\n  ttl_hours: 0\n");
        RefreshReport refreshed = BseeRefresh.fromYaml(base.resolve("refresh.yml")).baseDirectory(base).run();
        assertThat(refreshed.succeeded()).as(refreshed.toJson()).isTrue();
        Path apd = base.resolve("data/modules/bsee/bin/apd");
        Map<String, String> firstFiles = files(apd);
        server.serve("/rollback/well.zip", second);

        childEndsWith(CommitStop.HALTED, "halt", "JOURNAL_DELETED");
        assertThat(files(apd)).isNotEqualTo(firstFiles);
        assertThat(base.resolve("data/modules/bsee/bin/.bsee/apd/state")).doesNotExist();

        server.serve("/rollback/well.zip", first);
        int conditional = server.conditionalRequests();
        RefreshReport next = BseeRefresh.fromYaml(base.resolve("refresh.yml")).baseDirectory(base).run();

        assertThat(next.succeeded()).as(next.toJson()).isTrue();
        assertThat(server.conditionalRequests()).as("unconditional").isEqualTo(conditional);
        assertThat(files(apd)).isEqualTo(firstFiles);
    }

    /// The run that completes an earlier refresh's interrupted commit says so in its report, whether
    /// it then fails or succeeds: one that failed said nothing changed in a folder whose files it had
    /// just made another version's, and one that succeeded listed every file as unchanged since.
    @Test
    void theRunThatCompletesAnInterruptedCommitReportsItAsARepair() throws Exception {
        version1(base);
        assertThat(refresh(base).succeeded()).isTrue();
        version2(base);
        childEndsWith(CommitStop.HALTED, "halt", "FIRST_MOVED");
        OutputFolderCleaner.clear(base.resolve("zips"));
        Files.delete(base.resolve("zips"));

        RefreshReport failed = refresh(base);

        String completed = "completed an interrupted commit into " + bin(base);
        SourceReport source = failed.sources().getFirst();
        assertThat(source.failed()).isTrue();
        assertThat(source.repairs()).as(failed.toJson()).contains(completed);
        assertThat(failed.toJson()).contains("\"repairs\" : [ \"" + completed.replace("\\", "\\\\"));
        assertThat(files(bin(base))).isEqualTo(files(bin(reference)));

        version2(base);
        RefreshReport next = refresh(base);
        assertThat(next.succeeded()).as(next.toJson()).isTrue();
        assertThat(next.sources().getFirst().repairs()).as("nothing left to repair").isEmpty();
    }

    @Test
    void aCommitIntoAFolderItMayNotWriteFailsAndTheNextRunCompletesIt() throws Exception {
        version1(base);
        assertThat(refresh(base).succeeded()).isTrue();
        version2(base);
        Path bin = bin(base);
        ProcessBuilder child = unprivilegedChild(meta(base).getParent());
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("r-xr-xr-x"));
        Process process = child.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String output = output(process);
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("access denied").contains(bin.toString());

        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        RefreshReport next = refresh(base);

        assertThat(next.succeeded()).as(next.toJson()).isTrue();
        assertThat(files(bin)).isEqualTo(files(bin(reference)));
        assertThat(meta(base).resolve("commit.json")).doesNotExist();
    }

    /// A bookkeeping folder the refresh may not write (`.bsee/<folder>`, mode 555 for its user) is
    /// refused before anything is downloaded or converted, in one line naming it; the refresh ran
    /// to its commit and failed at the journal.
    @Test
    void aBookkeepingFolderItMayNotWriteIsRefusedBeforeTheWork() throws Exception {
        version1(base);
        assertThat(refresh(base).succeeded()).isTrue();
        Map<String, String> before = files(bin(base));
        String manifestBefore = Files.readString(meta(base).resolve("manifest.json"));
        version2(base);
        ProcessBuilder unprivileged = unprivilegedChild(meta(base).getParent(), bin(base));
        Finished child = runWhile(unprivileged, meta(base), "r-xr-xr-x", "rwxr-xr-x");
        String output = child.output();

        assertThat(child.exitCode()).as(output).isOne();
        assertThat(output).contains("cannot write " + meta(base) + ", the folder of the source's bookkeeping (its manifest"
                + " and commit journal): access denied").doesNotContain("commit.json");
        assertThat(files(bin(base))).isEqualTo(before);
        assertThat(meta(base).resolve("manifest.json")).hasContent(manifestBefore);
        assertThat(meta(base).resolve("commit.json")).doesNotExist();
    }

    /// A superseded file the refresh may not read cannot be proven its own: it is left alone with a
    /// warning, and the commit completes. It used to fail the commit after its journal was written,
    /// and every later refresh with it.
    @Test
    void aSupersededFileTheRefreshMayNotReadIsLeftAloneAndTheCommitCompletes() throws Exception {
        version1(base);
        assertThat(refresh(base).succeeded()).isTrue();
        version2(base);
        Path bin = bin(base);
        Path unreadable = bin.resolve("ogora2021delimit.bin");
        String unreadableBytes = HexFormat.of().formatHex(Files.readAllBytes(unreadable));
        ProcessBuilder unprivileged = unprivilegedChild(meta(base).getParent(), bin);
        Finished child = runWhile(unprivileged, unreadable, "---------", "rw-r--r--");
        String output = child.output();

        assertThat(child.exitCode()).as(output).isZero();
        assertThat(output).contains("left " + unreadable + " alone: it could not be read to prove that this tool wrote it"
                + " (access denied)");
        assertThat(meta(base).resolve("commit.json")).doesNotExist();
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, String> expected = new TreeMap<>(files(bin(reference)));
        expected.put(unreadable.getFileName().toString(), unreadableBytes);
        assertThat(files(bin)).isEqualTo(expected);
        RefreshReport next = refresh(base);
        assertThat(next.succeeded()).as(next.toJson()).isTrue();
    }

    /// `bsee status` run by a user who may not read the refresh's bookkeeping (a service account's
    /// `.bsee`, or its folder of the source, mode 700, or its manifest alone) says so and does not
    /// judge the folder. They looked absent: the source was "never refreshed" and every file "not
    /// written by a refresh".
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {".bsee", ".bsee/production_raw",
            ".bsee/production_raw/manifest.json"})
    void aStatusThatMayNotReadTheBookkeepingSaysSoInsteadOfNeverRefreshed(String hidden) throws Exception {
        version1(base);
        assertThat(refresh(base).succeeded()).isTrue();
        Map<String, String> before = files(bin(base));
        ProcessBuilder status = unprivilegedChild();
        status.command().add("status");
        Path closed = base.resolve("data/modules/bsee/bin").resolve(hidden);
        Finished child = runWhile(status, closed, "rwx------", "rwxr-xr-x");
        String output = child.output();

        assertThat(child.exitCode()).as(output).isOne();
        assertThat(output).contains("production_raw UNKNOWN").contains("its bookkeeping cannot be read (access denied")
                .doesNotContain("never refreshed").doesNotContain("NEVER").doesNotContain("untracked [ogora");
        assertThat(files(bin(base))).isEqualTo(before);
    }

    /// A manifest its user may not read, in a folder that user may write (so the status takes the lock
    /// and tries its repairs): one problem for the one cause. The repair that stopped at the manifest
    /// was reported as well, `could not repair ... (access denied: ...manifest.json)`.
    @Test
    void aStatusThatMayNotReadTheManifestSaysSoOnce() throws Exception {
        version1(base);
        assertThat(refresh(base).succeeded()).isTrue();
        Path manifest = meta(base).resolve("manifest.json");
        ProcessBuilder status = unprivilegedChild(meta(base).getParent());
        status.command().add("status");
        Finished child = runWhile(status, manifest, "---------", "rw-r--r--");
        String output = child.output();

        assertThat(child.exitCode()).as(output).isOne();
        assertThat(output).contains("production_raw UNKNOWN").contains("its bookkeeping cannot be read (access denied: "
                + manifest + ")").doesNotContain("could not repair");
    }

    /// A refresh whose user may not read the manifest says what the file is and what to do, and
    /// leaves it as it is: it failed with `access denied` and the path alone.
    @Test
    void aRefreshThatMayNotReadTheManifestSaysWhatItIsAndWhatToDo() throws Exception {
        version1(base);
        assertThat(refresh(base).succeeded()).isTrue();
        version2(base);
        Path manifest = meta(base).resolve("manifest.json");
        String manifestBefore = Files.readString(manifest);
        Map<String, String> before = files(bin(base));
        ProcessBuilder unprivileged = unprivilegedChild(meta(base).getParent(), bin(base));
        Finished child = runWhile(unprivileged, manifest, "---------", "rw-r--r--");
        String output = child.output();

        assertThat(child.exitCode()).as(output).isOne();
        assertThat(output).contains("cannot read " + manifest + ", the record of the files a refresh wrote (access"
                + " denied): run the refresh as the user who owns " + bin(base) + ", or restore the file's read"
                + " permission; it was left as it is");
        assertThat(manifest).hasContent(manifestBefore);
        assertThat(files(bin(base))).isEqualTo(before);
    }

    /// A download state its user may not read (mode 000) may be intact: the refresh downloads
    /// unconditionally and says why in one line, and the file is neither moved nor replaced. It was
    /// called damaged and renamed aside.
    @Test
    void aDownloadStateThatCannotBeReadIsLeftAloneAndTheSourceDownloadsUnconditionally() throws Exception {
        server.serve("/unreadable/well.zip", BseeArchives.apd(8, 19));
        Files.writeString(base.resolve("refresh.yml"), "data:\n  enhanced_refresh: true\n  well: true\nsources:\n"
                + "  well:\n    url: " + server.url("/unreadable/well.zip") + "\ncache:\n  enabled: true\n  ttl_hours: 0\n");
        RefreshReport first = BseeRefresh.fromYaml(base.resolve("refresh.yml")).baseDirectory(base).run();
        assertThat(first.succeeded()).as(first.toJson()).isTrue();
        Path root = base.resolve("data/modules/bsee/bin");
        Path state = root.resolve(".bsee/apd/state");
        String stateBefore = Files.readString(state);
        int requests = server.requests("/unreadable/well.zip");
        ProcessBuilder unprivileged = unprivilegedChild(root.resolve(".bsee"), root.resolve("apd"));
        Finished child = runWhile(unprivileged, state, "---------", "rw-r--r--");
        String output = child.output();

        assertThat(child.exitCode()).as(output).isZero();
        assertThat(output).contains("download state " + state + " could not be read (access denied)")
                .doesNotContain("damaged");
        assertThat(server.requests("/unreadable/well.zip")).as("unconditional").isEqualTo(requests + 1);
        assertThat(state).hasContent(stateBefore);
        try (Stream<Path> aside = Files.list(state.getParent())) {
            assertThat(aside.map(f -> f.getFileName().toString())).noneMatch(name -> name.startsWith("state."));
        }
    }

    /// A failure record `bsee status` may not read is a problem saying so (`access denied`), not its
    /// path alone, and the folder is still checked.
    @Test
    void aStatusThatMayNotReadTheFailureRecordSaysWhy() throws Exception {
        version1(base);
        assertThat(refresh(base).succeeded()).isTrue();
        Path record = Files.writeString(meta(base).resolve("last-failure.json"),
                "{\"failed_at\": \"2026-01-01T00:00:00Z\", \"message\": \"x\"}");
        ProcessBuilder status = unprivilegedChild();
        status.command().add("status");
        Finished child = runWhile(status, record, "---------", "rw-r--r--");
        String output = child.output();

        assertThat(output).contains("the record of the last failed refresh cannot be read: access denied: " + record)
                .doesNotContain("production_raw: " + record).contains("production_raw FRESH");
    }

    /// Runs `child` to its end while `path` has the file mode `mode`, then gives `path` the mode `restored`.
    private Finished runWhile(ProcessBuilder child, Path path, String mode, String restored) throws Exception {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        try {
            Process process = child.start();
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
            return new Finished(process.exitValue(), output(process));
        } finally {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(restored));
        }
    }

    /// How a child ended: its exit code and its output (stdout and stderr together).
    private record Finished(int exitCode, String output) {
    }

    /// The refresh in a child JVM that file modes bind: run by root (who ignores them), it runs as
    /// nobody with a copy of the class path it can read, and `owned` (folders, with what they hold)
    /// become nobody's.
    private ProcessBuilder unprivilegedChild(Path... owned) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return child(List.of(), System.getProperty("java.class.path"), List.of());
        }
        List<String> asUser = Unprivileged.asNobody();
        String classPath = Unprivileged.readableCopy(System.getProperty("java.class.path"), base.resolve("cp"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        UserPrincipal nobody = base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        for (Path folder : owned) {
            try (Stream<Path> tree = Files.walk(folder)) {
                for (Path path : tree.toList()) {
                    Files.setOwner(path, nobody);
                }
            }
        }
        return child(List.of(), classPath, asUser);
    }

    /// Runs the refresh in a child JVM whose commit halts or exits (`how`) at `stage`, and checks it
    /// ended with `exitCode` within two minutes.
    private void childEndsWith(int exitCode, String how, String stage) throws IOException, InterruptedException {
        Process child = child(List.of(CommitStop.class.getName(), how, stage), System.getProperty("java.class.path"),
                List.of()).start();
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as("%s at %s: %s", how, stage, output(child)).isEqualTo(exitCode);
    }

    /// A child JVM running [RefreshChild], behind `stop` (the [CommitStop] and its arguments) when
    /// that is not empty.
    private ProcessBuilder child(List<String> stop, String classPath, List<String> asUser) {
        List<String> command = new ArrayList<>(asUser);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports"))
                .forEach(command::add);
        command.add("-cp");
        command.add(classPath);
        command.addAll(stop);
        command.add(RefreshChild.class.getName());
        command.add(base.resolve("refresh.yml").toString());
        command.add(base.toString());
        return new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(base.resolve("child.log").toFile());
    }

    private String output(Process child) throws IOException {
        return Files.readString(base.resolve("child.log"));
    }

    /// Empties a folder of test archives.
    private static final class OutputFolderCleaner {
        static void clear(Path zips) throws IOException {
            if (Files.isDirectory(zips)) {
                try (Stream<Path> files = Files.list(zips)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
            }
        }
    }
}
