package dev.bsee.examples;

import dev.bsee.binary.PickleReader;
import dev.bsee.core.Table;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/// Runs the real `bin/bsee` launcher as a user's shell does: no `JAVA_HOME` and the system's own
/// java (which may be older than 21) first on the path, so the script must find a JDK 21+ itself.
/// The tests run before `package`, so the jar the launcher finds is a thin `bsee.jar` made here
/// (the tool's main class, this test run's class path in its manifest), placed where a source tree
/// or a distribution keeps it.
public class LauncherTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    /// A copy of `bin/bsee` at `layout/bin/bsee` and a thin jar at `layout/jarPath`.
    private Path install(String layout, String jarPath) throws IOException {
        return install(layout, jarPath, System.getProperty("java.class.path"));
    }

    /// A copy of `bin/bsee` at `layout/bin/bsee` and a thin jar at `layout/jarPath` whose class path
    /// is `classPath`.
    private Path install(String layout, String jarPath, String classPath) throws IOException {
        Path script = dir.resolve(layout).resolve("bin/bsee");
        Files.createDirectories(script.getParent());
        Files.copy(ROOT.resolve("bin/bsee"), script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = dir.resolve(layout).resolve(jarPath);
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, "dev.bsee.examples.cli.BseeCommand");
        main.put(Attributes.Name.CLASS_PATH, Arrays.stream(classPath.split(File.pathSeparator))
                .map(entry -> Path.of(entry).toUri().toString())
                .collect(Collectors.joining(" ")));
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return script;
    }

    /// [#install(String, String)] for the user `nobody` to run (as root, which the test assumes): the
    /// jar's class path is a copy that user may read, and the test's folder is open to them.
    private Path installForNobody(String layout, String jarPath) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "needs root, to run the tool as nobody");
        String classPath = dev.bsee.core.faults.Unprivileged.readableCopy(System.getProperty("java.class.path"),
                dir.resolve("cp"));
        Path script = install(layout, jarPath, classPath);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private Run run(Path script, Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        // Only the test of the ahead-of-time cache makes one (it takes a few seconds).
        Map<String, String> env = new java.util.HashMap<>(Map.of("BSEE_AOT", "0"));
        env.putAll(extraEnv);
        return runIn(dir, command, env);
    }

    @Test
    void findsAJdk21AndTheJarOfTheSourceTreeAndPrintsTheVersion() throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");

        Run run = run(script, Map.of(), "--version");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("bsee ");
        assertThat(run.err()).as("nothing but the tool's own output").isEmpty();
    }

    @Test
    void convertsAnArchiveFromADistributionLayoutWithItsMemoryDefaults() throws Exception {
        Path script = install("dist", "lib/bsee.jar");
        Path archive = dir.resolve("small.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            zip.putNextEntry(new ZipEntry("wells.txt"));
            zip.write("API_WELL_NUMBER,DEPTH\n608164000100,1200\n608164000200,\n608164000300,3.5\n"
                    .getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        Path out = dir.resolve("out");

        // -XshowSettings:vm reports the heap the JVM was given, then the tool runs as usual.
        Run run = run(script, Map.of("BSEE_JAVA_OPTS", "-XshowSettings:vm"),
                "convert", archive.toString(), "--out", out.toString(), "--progress", "none");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("wells.bin: 3 rows");
        assertThat(run.err()).contains("Max. Heap Size").contains("200.00M");
        Table table = PickleReader.of().read(out.resolve("wells.bin"));
        assertThat(table.rowCount()).isEqualTo(3);
        assertThat(table.columnNames()).containsExactly("API_WELL_NUMBER", "DEPTH");
    }

    /// Under a limit on address space (`ulimit -v` of 1 GB, as batch schedulers and shared hosts set),
    /// a convert of several entries at once and `inspect` of its files run: the JVM's reservations
    /// (class metadata, compiled code, malloc's arenas) are sized to what the tool uses. The JVM did
    /// not start under 1.5 GB (`Could not allocate compressed class space`), and a refresh under
    /// 2.4 GB failed with `unable to create native thread` or a crash report.
    @Test
    void convertsAndInspectsUnderALimitOnAddressSpace() throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");
        Path archive = dir.resolve("several.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            for (String name : List.of("a", "b", "c", "d")) {
                zip.putNextEntry(new ZipEntry(name + ".txt"));
                zip.write("API_WELL_NUMBER,DEPTH\n608164000100,1200\n608164000200,\n".getBytes(StandardCharsets.US_ASCII));
                zip.closeEntry();
            }
        }
        Path out = dir.resolve("out");
        String limited = "ulimit -v 1000000 && exec \"$@\"";

        Run convert = run(Path.of("/bin/bash"), Map.of(), "-c", limited, "bash", script.toString(), "convert",
                archive.toString(), "--out", out.toString(), "--progress", "none");
        assertThat(convert.exitCode()).as(convert.err()).isZero();
        assertThat(convert.out()).contains("4 entries written to " + out);
        Run inspect = run(Path.of("/bin/bash"), Map.of(), "-c", limited, "bash", script.toString(), "inspect",
                out.resolve("d.bin").toString());
        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains("API_WELL_NUMBER");
    }

    /// The source tree's launcher, its jar's folder (where the caches go), the archive it converts
    /// and the cache's key.
    private record Tree(Path script, Path target, Path archive, String key) {
    }

    private Tree treeWithJdk25() throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");
        Path target = dir.resolve("tree/bsee-examples/target");
        return new Tree(script, target, oneWellArchiveWhereTheLauncherFindsJdk25(), cacheKey(target.resolve("bsee.jar")));
    }

    /// The part of the launcher's cache names that ties a cache to its JDK and jar.
    private static String cacheKey(Path jar) throws IOException {
        return System.getProperty("java.runtime.version") + "-" + Files.size(jar) + "-"
                + Files.getLastModifiedTime(jar).to(TimeUnit.SECONDS);
    }

    /// The names of the launcher's caches of `command` for the jar in `folder`
    /// (`bsee-<key>-convert.<CRC>.aot`).
    private static List<String> caches(Path folder, String command) throws IOException {
        String stem = "bsee-" + cacheKey(folder.resolve("bsee.jar")) + "-" + command + ".";
        try (var files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(stem) && name.matches(".+\\.[0-9]+\\.aot")).sorted().toList();
        }
    }

    /// The one cache of `command` in `folder`, checked to be named by its checksum as `cksum` gives it.
    private static Path cache(Path folder, String command) throws IOException, InterruptedException {
        List<String> names = caches(folder, command);
        assertThat(names).as("one " + command + " cache in " + folder).hasSize(1);
        Path cache = folder.resolve(names.getFirst());
        Process cksum = new ProcessBuilder("cksum", cache.toString()).redirectErrorStream(true).start();
        String sum = new String(cksum.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(cksum.waitFor()).isZero();
        assertThat(names.getFirst()).as("named by its checksum").endsWith("." + sum.split(" ")[0] + ".aot");
        return cache;
    }

    /// A one-row archive to convert, in a test that needs the launcher to pick a JDK 25 (for its
    /// ahead-of-time caches) from `/usr/lib/jvm`, as this JVM's.
    private Path oneWellArchiveWhereTheLauncherFindsJdk25() throws IOException {
        boolean jdk25 = Runtime.version().feature() >= 25
                && Path.of(System.getProperty("java.home")).startsWith("/usr/lib/jvm");
        org.junit.jupiter.api.Assumptions.assumeTrue(jdk25, "the launcher finds a JDK 25 here");
        Path archive = dir.resolve("small.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            zip.putNextEntry(new ZipEntry("wells.txt"));
            zip.write("API_WELL_NUMBER,DEPTH\n608164000100,1200\n".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return archive;
    }

    /// The recording run's two files beside the jar (the JVM's recording, the cache being made) have
    /// names anyone can foresee (the launcher's process id is in them), and the JVM writing each one
    /// replaces whatever stands at its name: links planted at them, for a range of ids ahead of the
    /// next process, are not written through, and the cache is made.
    @Test
    void theRecordingRunWritesThroughNoLinkPlantedBesideTheJar() throws Exception {
        Tree tree = treeWithJdk25();
        Path victim = Files.writeString(dir.resolve("victim.txt"), "not the launcher's");
        Process probe = new ProcessBuilder("true").start();
        probe.waitFor();
        for (long pid = probe.pid(); pid < probe.pid() + 3000; pid++) {
            Files.createSymbolicLink(tree.target().resolve(".bsee-" + tree.key() + "." + pid + ".aotconf"), victim);
            Files.createSymbolicLink(tree.target().resolve("bsee-" + tree.key() + "-convert.aot." + pid), victim);
        }

        Run run = run(tree.script(), Map.of("BSEE_AOT", "1"), "convert", tree.archive().toString(),
                "--out", dir.resolve("out").toString(), "--progress", "none");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(victim).hasContent("not the launcher's");
        Path cache = cache(tree.target(), "convert");
        assertThat(cache).isNotEmptyFile().satisfies(made -> assertThat(Files.isSymbolicLink(made)).isFalse());
        try (var files = Files.list(tree.target())) {
            assertThat(files.filter(file -> !Files.isSymbolicLink(file)).map(file -> file.getFileName().toString()))
                    .as("no leftovers").containsExactlyInAnyOrder("bsee.jar", cache.getFileName().toString());
        }
        try (var files = Files.list(tree.target())) {
            // The two at the launcher's own names were replaced, then removed or renamed: the range held
            // its process id, so the run did meet a planted link.
            assertThat(files.filter(Files::isSymbolicLink).count()).isEqualTo(2 * 3000 - 2);
        }
    }

    /// JVM options by which the user takes over class sharing or the collector: the JVM refused to
    /// start beside the launcher's cache (`-Xshare:off`, a cache of the user's own: exit 1 and two
    /// lines of the JVM's), exited 1 without a word where the launcher recorded one, crashed making
    /// one under `-XX:ArchiveClassesAtExit`, and `-XX:+UseG1GC` was "Multiple garbage collectors
    /// selected". The run now goes without the launcher's cache, records none and leaves it as it is.
    @ParameterizedTest
    @ValueSource(strings = {"-Xshare:off", "-XX:AOTCache=USER", "-XX:+UseG1GC", "-XX:ArchiveClassesAtExit=USER",
        "JDK_JAVA_OPTIONS=-Xshare:off", "JAVA_TOOL_OPTIONS=-XX:+UseParallelGC"})
    void theUsersOwnSharingOrCollectorOptionsRunWithoutTheLaunchersCache(String option) throws Exception {
        Tree tree = treeWithJdk25();
        Path users = dir.resolve("users.aot");
        String flag = option.replace("USER", users.toString());
        Map<String, String> env = new java.util.HashMap<>(Map.of("BSEE_AOT", "1"));
        if (flag.contains("=-")) {
            env.put(flag.substring(0, flag.indexOf('=')), flag.substring(flag.indexOf('=') + 1));
        } else {
            env.put("BSEE_JAVA_OPTS", flag);
        }
        // Where no cache is made yet the run would record one: it records none.
        Run recording = run(tree.script(), env, "convert", tree.archive().toString(), "--out",
                dir.resolve("recording").toString(), "--progress", "none");
        assertThat(recording.exitCode()).as(recording.err()).isZero();
        assertThat(dir.resolve("recording/wells.bin")).isNotEmptyFile();
        assertThat(caches(tree.target(), "convert")).isEmpty();

        Run first = run(tree.script(), Map.of("BSEE_AOT", "1"), "convert", tree.archive().toString(), "--out",
                dir.resolve("first").toString(), "--progress", "none");
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path cache = cache(tree.target(), "convert");
        byte[] made = Files.readAllBytes(cache);

        Run run = run(tree.script(), env, "convert", tree.archive().toString(), "--out", dir.resolve("out").toString(),
                "--progress", "none");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("1 entry written to ");
        // What the JVM itself says of the user's options (a cache of theirs it cannot open, classes it
        // cannot archive, "Picked up JDK_JAVA_OPTIONS") is theirs; it no longer refuses to start.
        assertThat(run.err()).doesNotContain("Error occurred during initialization", "Multiple garbage collectors");
        assertThat(run.err().lines()).as("nothing of the tool's own").noneMatch(line -> line.startsWith("bsee"));
        assertThat(Files.readAllBytes(dir.resolve("out/wells.bin"))).isEqualTo(Files.readAllBytes(dir.resolve("first/wells.bin")));
        assertThat(caches(tree.target(), "convert")).containsExactly(cache.getFileName().toString());
        assertThat(Files.readAllBytes(cache)).isEqualTo(made);
    }

    /// Without a working `cksum` on the path no cache can be checked: the run uses none, records
    /// none and removes none (a missing or broken program is not a damaged cache).
    @Test
    void withoutCksumNoCacheIsUsedRecordedOrRemoved() throws Exception {
        Tree tree = treeWithJdk25();
        Run first = run(tree.script(), Map.of("BSEE_AOT", "1"), "convert", tree.archive().toString(), "--out",
                dir.resolve("first").toString(), "--progress", "none");
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path cache = cache(tree.target(), "convert");
        byte[] made = Files.readAllBytes(cache);
        Path programs = Files.createDirectories(dir.resolve("no-cksum"));
        for (String folder : List.of("/usr/bin", "/bin")) {
            try (var found = Files.list(Path.of(folder))) {
                for (Path program : found.toList()) {
                    Path link = programs.resolve(program.getFileName().toString());
                    if (!program.getFileName().toString().equals("cksum") && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, program);
                    }
                }
            }
        }

        Run without = run(tree.script(), Map.of("BSEE_AOT", "1", "PATH", programs.toString(),
                "BSEE_JAVA_OPTS", "-Xlog:aot=info:stderr"), "convert", tree.archive().toString(), "--out",
                dir.resolve("without").toString(), "--progress", "none");

        assertThat(without.exitCode()).as(without.err()).isZero();
        assertThat(without.err()).doesNotContain("Opened AOT cache");
        assertThat(dir.resolve("without/wells.bin")).isNotEmptyFile();
        assertThat(caches(tree.target(), "convert")).containsExactly(cache.getFileName().toString());
        assertThat(Files.readAllBytes(cache)).isEqualTo(made);

        // A `cksum` that fails or answers no number checked nothing: the cache is not taken for
        // damaged (it was removed, and recorded again on every run).
        for (String broken : List.of("exit 1", "echo hello")) {
            Files.writeString(programs.resolve("cksum"), "#!/bin/sh\n" + broken + "\n");
            assertThat(programs.resolve("cksum").toFile().setExecutable(true)).isTrue();
            Run checked = run(tree.script(), Map.of("BSEE_AOT", "1", "PATH", programs.toString(),
                    "BSEE_JAVA_OPTS", "-Xlog:aot=info:stderr"), "convert", tree.archive().toString(), "--out",
                    dir.resolve("broken").toString(), "--progress", "none");
            assertThat(checked.exitCode()).as(checked.err()).isZero();
            assertThat(checked.err()).doesNotContain("Opened AOT cache");
            try (var files = Files.list(tree.target())) {
                assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.contains(".aot")))
                        .as(broken).containsExactly(cache.getFileName().toString());
            }
            assertThat(Files.readAllBytes(cache)).isEqualTo(made);
        }
        // Removed here: JUnit warns of every link to a file outside its folder as it cleans up.
        try (var links = Files.list(programs)) {
            for (Path link : links.toList()) {
                Files.delete(link);
            }
        }
    }

    /// Two first conversions at once each record and make a cache, under two checksums (each
    /// recording differs): the second made removes the first, so the folder keeps one cache per
    /// command, and the next run opens it.
    @Test
    void twoFirstConversionsAtOnceLeaveOneCache() throws Exception {
        Tree tree = treeWithJdk25();
        List<Process> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder builder = new ProcessBuilder(tree.script().toString(), "convert", tree.archive().toString(),
                    "--out", dir.resolve("at-once-" + i).toString(), "--progress", "none").directory(dir.toFile())
                    .redirectOutput(dir.resolve("at-once-" + i + ".out").toFile())
                    .redirectError(dir.resolve("at-once-" + i + ".err").toFile());
            builder.environment().remove("JAVA_HOME");
            builder.environment().remove("BSEE_JAVA_OPTS");
            builder.environment().remove("BSEE_JAR");
            builder.environment().put("BSEE_AOT", "1");
            builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
            runs.add(builder.start());
        }
        for (int i = 0; i < 2; i++) {
            assertThat(runs.get(i).waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(runs.get(i).exitValue()).as(Files.readString(dir.resolve("at-once-" + i + ".err"))).isZero();
        }

        Path cache = cache(tree.target(), "convert");
        Run next = run(tree.script(), Map.of("BSEE_AOT", "1", "BSEE_JAVA_OPTS", "-Xlog:aot=info:stderr"), "convert",
                tree.archive().toString(), "--out", dir.resolve("next").toString(), "--progress", "none");
        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(next.err()).contains("Opened AOT cache " + cache);
    }

    /// A file-size limit (`ulimit -f`, systemd's `LimitFSIZE`), or a disk too full for the recording
    /// of the ahead-of-time cache (some 20 MB written as the JVM exits): the recording JVM then exits
    /// with 1 whatever the tool's own exit code, and a convert that had written its files exited 1
    /// without a word. The tool's code stands (0, or 2 for a usage error), no cache is made from the
    /// cut recording, and nothing of it is left.
    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void aRecordingCutShortByTheFileSizeLimitLeavesTheToolsExitCode(int expected) throws Exception {
        Tree tree = treeWithJdk25();
        Path limited = dir.resolve("limited.sh");
        Files.writeString(limited, "#!/bin/bash\nulimit -f 512\nexec '" + tree.script() + "' \"$@\"\n");
        Files.setPosixFilePermissions(limited, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> args = new ArrayList<>(List.of("convert", tree.archive().toString(), "--out",
                dir.resolve("out").toString(), "--progress", "none"));
        if (expected == 2) {
            args.add("--no-such-option");
        }

        Run run = run(limited, Map.of("BSEE_AOT", "1"), args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(expected);
        if (expected == 0) {
            assertThat(run.err()).isEmpty();
            assertThat(dir.resolve("out/wells.bin")).isNotEmptyFile();
        }
        try (var files = Files.list(tree.target())) {
            assertThat(files.map(file -> file.getFileName().toString())).as("no cache, no recording")
                    .containsExactly("bsee.jar");
        }
    }

    /// A folder, or a link to one, where the cache goes: the launcher recorded a cache on every run
    /// and `mv` moved each into that folder (22 MB a run). It runs without a cache and leaves the
    /// folder as it was.
    @Test
    void aFolderOrALinkToOneWhereTheCacheGoesIsLeftAlone() throws Exception {
        Tree tree = treeWithJdk25();
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(tree.target().resolve("bsee-" + tree.key() + "-convert.1.aot"), elsewhere);
        Files.createDirectories(tree.target().resolve("bsee-" + tree.key() + "-refresh.2.aot"));

        for (int i = 0; i < 2; i++) {
            Run run = run(tree.script(), Map.of("BSEE_AOT", "1"), "convert", tree.archive().toString(), "--out",
                    dir.resolve("out" + i).toString(), "--progress", "none");
            assertThat(run.exitCode()).as(run.err()).isZero();
        }

        try (var files = Files.list(elsewhere)) {
            assertThat(files).isEmpty();
        }
        try (var files = Files.list(tree.target().resolve("bsee-" + tree.key() + "-refresh.2.aot"))) {
            assertThat(files).isEmpty();
        }
        try (var files = Files.list(tree.target())) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("bsee.jar",
                    "bsee-" + tree.key() + "-convert.1.aot", "bsee-" + tree.key() + "-refresh.2.aot");
        }
    }

    /// A folder, or a link, under a cache's name of another jar or JDK (which the launcher removes as
    /// stale once it has made its own): `rm` failed on the folder, the run exited 1 after the tool
    /// had succeeded and left its 20 MB recording behind, and the link was deleted. Both stay now,
    /// and the run makes its cache.
    @Test
    void aFolderOrALinkUnderAnotherJarsCacheNameIsNotTheLaunchersToRemove() throws Exception {
        Tree tree = treeWithJdk25();
        Path victim = Files.writeString(dir.resolve("victim.txt"), "not the launcher's");
        Path folder = Files.createDirectories(tree.target().resolve("bsee-old.aot"));
        Files.writeString(folder.resolve("inside"), "someone's");
        Path link = Files.createSymbolicLink(tree.target().resolve("bsee-mylink.aot"), victim);
        Path stale = Files.writeString(tree.target().resolve("bsee-24-1-2-convert.aot"), "a cache of another jar");
        Path staleChecked = Files.writeString(tree.target().resolve("bsee-24-1-2-refresh-jar.77.aot"), "another jar's");
        // Not a name the launchers make, and another user's cache in a shared folder: not the launcher's.
        Path notes = Files.writeString(tree.target().resolve("bsee-my-notes.aot"), "the user's");
        // Root makes another user's file here; the tests run as root wherever the peers are provisioned.
        boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        Path othersStale = tree.target().resolve("bsee-24-1-3-convert.5.aot");
        if (root) {
            Files.writeString(othersStale, "another user's");
            Files.setAttribute(othersStale, "unix:uid", 65534, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        }

        Run run = run(tree.script(), Map.of("BSEE_AOT", "1"), "convert", tree.archive().toString(),
                "--out", dir.resolve("out").toString(), "--progress", "none");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(folder.resolve("inside")).hasContent("someone's");
        assertThat(link).isSymbolicLink();
        assertThat(victim).hasContent("not the launcher's");
        assertThat(stale).as("a stale cache still goes").doesNotExist();
        assertThat(staleChecked).as("a stale cache still goes").doesNotExist();
        assertThat(notes).hasContent("the user's");
        if (root) {
            assertThat(othersStale).hasContent("another user's");
        }
        try (var files = Files.list(tree.target())) {
            List<String> expected = new ArrayList<>(List.of("bsee.jar", cache(tree.target(), "convert").getFileName().toString(),
                    "bsee-old.aot", "bsee-mylink.aot", "bsee-my-notes.aot"));
            if (root) {
                expected.add(othersStale.getFileName().toString());
            }
            assertThat(files.map(file -> file.getFileName().toString())).as("no recording left")
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void theFirstConversionOnJdk25MakesTheAheadOfTimeCacheTheNextRunsUse() throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");
        Path target = dir.resolve("tree/bsee-examples/target");
        Path archive = oneWellArchiveWhereTheLauncherFindsJdk25();
        // Help first: it loads none of a conversion's code, so it records no cache for them.
        Run help = run(script, Map.of("BSEE_AOT", "1"), "convert", "--help");
        assertThat(help.exitCode()).as(help.err()).isZero();
        Run clustered = run(script, Map.of("BSEE_AOT", "1"), "convert", "-vh");
        assertThat(clustered.exitCode()).as(clustered.err()).isZero();
        assertThat(clustered.out()).contains("Usage: bsee convert");
        try (var files = Files.list(target)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("bsee.jar");
        }

        // What a recording killed with -9 leaves: its configuration, named by a process now gone.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(target.resolve(".bsee-25-1-2." + gone.pid() + ".aotconf"), "left by a killed recording");
        Files.writeString(target.resolve("bsee-25-1-2-convert.aot." + gone.pid()), "a cache half made by a stopped run");

        Run first = run(script, Map.of("BSEE_AOT", "1"), "convert", archive.toString(), "--out", dir.resolve("out").toString(),
                "--progress", "none");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out().lines()).as("only the tool's own output").hasSize(2)
                .satisfies(lines -> assertThat(lines.getFirst()).startsWith("wells.txt -> wells.bin: 1 row"))
                .satisfies(lines -> assertThat(lines.getLast()).startsWith("1 entry written to "));
        assertThat(first.err()).isEmpty();
        List<Path> caches;
        try (var files = Files.list(target)) {
            caches = files.filter(p -> p.getFileName().toString().endsWith(".aot")).toList();
        }
        assertThat(caches).as("one cache beside the jar, no leftovers (the killed recording's removed)").hasSize(1);
        try (var files = Files.list(target)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("bsee.jar",
                    caches.getFirst().getFileName().toString());
        }

        Run second = run(script, Map.of("BSEE_AOT", "1", "BSEE_JAVA_OPTS", "-Xlog:aot=info:stderr"), "--version");

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).contains("Opened AOT cache " + caches.getFirst());
        assertThat(second.out()).startsWith("bsee ");

        // A refresh runs other code than a convert: the first one records a cache of its own, which
        // later refreshes use, and the convert's cache stays for conversions.
        Path zips = dir.resolve("work/zips");
        Files.createDirectories(zips);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(zips.resolve("APDRawData.zip")))) {
            zip.putNextEntry(new ZipEntry("mv_apddata_all.txt"));
            zip.write("API_WELL_NUMBER,WELL_NAME\r\n608164000100,W1\r\n".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        Path config = dev.bsee.examples.cli.CliRun.legacyWellConfig(dir);
        String[] refresh = {"refresh", "--config", config.toString(), "--base-dir", dir.resolve("work").toString(),
            "--progress", "none"};
        Run firstRefresh = run(script, Map.of("BSEE_AOT", "1"), refresh);
        assertThat(firstRefresh.exitCode()).as(firstRefresh.err()).isZero();
        List<String> both;
        try (var files = Files.list(target)) {
            both = files.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".aot")).sorted().toList();
        }
        assertThat(both).hasSize(2).contains(caches.getFirst().getFileName().toString());
        assertThat(cache(target, "convert")).isEqualTo(caches.getFirst());
        Path refreshCache = cache(target, "refresh");

        Run secondRefresh = run(script, Map.of("BSEE_AOT", "1", "BSEE_JAVA_OPTS", "-Xlog:aot=info:stderr"), refresh);
        assertThat(secondRefresh.exitCode()).as(secondRefresh.err()).isZero();
        assertThat(secondRefresh.err()).contains("Opened AOT cache " + refreshCache);
        // The subcommand is the first argument that is not an option: `bsee -v refresh` is a refresh.
        String[] verboseRefresh = new String[refresh.length + 1];
        verboseRefresh[0] = "-v";
        System.arraycopy(refresh, 0, verboseRefresh, 1, refresh.length);
        Run optionFirst = run(script, Map.of("BSEE_AOT", "1", "BSEE_JAVA_OPTS", "-Xlog:aot=info:stderr"), verboseRefresh);
        assertThat(optionFirst.exitCode()).as(optionFirst.err()).isZero();
        assertThat(optionFirst.err()).contains("Opened AOT cache " + refreshCache);
        Run secondConvert = run(script, Map.of("BSEE_AOT", "1", "BSEE_JAVA_OPTS", "-Xlog:aot=info:stderr"), "convert",
                archive.toString(), "--out", dir.resolve("out2").toString(), "--progress", "none");
        assertThat(secondConvert.exitCode()).as(secondConvert.err()).isZero();
        assertThat(secondConvert.err()).contains("Opened AOT cache " + caches.getFirst());

        // A cache damaged on disk crashed every run at start-up (SIGSEGV, no message); now the
        // launcher finds its checksum changed before the JVM maps it, removes it, and the run
        // records a new one that later runs open. The JVM is not asked to check it: that read the
        // mapping page by page, up to 0.75 s of a production convert's CPU on a copied cache.
        byte[] undamaged = Files.readAllBytes(caches.getFirst());
        damage(caches.getFirst());
        Run damaged = run(script, Map.of("BSEE_AOT", "1", "BSEE_JAVA_OPTS", "-Xlog:aot=info:stderr"), "convert",
                archive.toString(), "--out", dir.resolve("out3").toString(), "--progress", "none");
        assertThat(damaged.exitCode()).as(damaged.err()).isZero();
        assertThat(damaged.out()).isEqualTo(first.out().replace(dir.resolve("out").toString(), dir.resolve("out3").toString()));
        assertThat(damaged.err()).doesNotContain("Opened AOT cache");
        assertThat(caches.getFirst()).as("the damaged cache is removed").doesNotExist();
        assertThat(refreshCache).as("the refresh's, undamaged, stays").isNotEmptyFile();
        Path remadeCache = cache(target, "convert");
        assertThat(Files.readAllBytes(remadeCache)).as("recorded again").isNotEqualTo(undamaged);
        Run remade = run(script, Map.of("BSEE_AOT", "1", "BSEE_JAVA_OPTS", "-Xlog:aot=info:stderr"), "convert",
                archive.toString(), "--out", dir.resolve("out5").toString(), "--progress", "none");
        assertThat(remade.exitCode()).as(remade.err()).isZero();
        assertThat(remade.err()).contains("Opened AOT cache " + remadeCache);
        // Cut short (a copy that ran out of room) is damage too, whichever command meets it.
        byte[] whole = Files.readAllBytes(refreshCache);
        Files.write(refreshCache, java.util.Arrays.copyOf(whole, whole.length / 2));
        Run refreshHelp = run(script, Map.of("BSEE_AOT", "1", "BSEE_JAVA_OPTS", "-Xlog:aot=info:stderr"), "refresh", "--help");
        assertThat(refreshHelp.exitCode()).as(refreshHelp.err()).isZero();
        assertThat(refreshHelp.err()).doesNotContain("Opened AOT cache");
        assertThat(refreshCache).as("the cut cache is removed").doesNotExist();
        assertThat(remadeCache).isNotEmptyFile();
    }

    /// Flips bytes spread over the second half of `file`, as a failing disk or a stray write would.
    ///
    /// @param file the file
    /// @throws IOException when it cannot be read or written
    public static void damage(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 0; i < 64; i++) {
            int at = bytes.length / 2 + (int) ((long) i * (bytes.length / 2 - 1) / 64);
            bytes[at] ^= (byte) 0xff;
        }
        Files.write(file, bytes);
    }

    /// The usual path (JAVA_HOME a JDK 21+, the jar found beside the script) starts no program but
    /// `readlink`, `stat`, `cksum` where there is a cache, and java: each process costs
    /// milliseconds, tens of them in a sandbox.
    /// A signal that stops the script before it starts the JVM (while it finds the JDK and the jar)
    /// ended `convert`, `refresh` and `demo` with 128 + its number and no word. The script says what
    /// the tool says of a signal before its command began, once, with that code, and for
    /// `refresh --json` the failure document too; the JVM never starts. The stand-in JDK has no
    /// `release` file, so the script asks its `java -version`, which takes a while.
    @ParameterizedTest
    @ValueSource(strings = {"TERM convert", "INT demo", "HUP refresh --json"})
    void aSignalBeforeTheScriptStartsTheJvmIsSaidInOneLine(String signalAndCommand) throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");
        Path jdk = Files.createDirectories(dir.resolve("slow-jdk/bin"));
        Path asked = dir.resolve("asked");
        Path ran = dir.resolve("ran");
        Files.writeString(jdk.resolve("java"), """
                #!/bin/sh
                if [ "$1" = -version ]; then
                  : > '%s'
                  sleep 2
                  echo 'openjdk version "25.0.1" 2025-10-21' >&2
                  exit 0
                fi
                : > '%s'
                """.formatted(asked, ran));
        Files.setPosixFilePermissions(jdk.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        String signal = signalAndCommand.split(" ")[0];
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(signalAndCommand.substring(signal.length() + 1).split(" ")));
        // The signal as a terminal or a session's end delivers it, not ignored: a build run under
        // nohup ignores HUP, one started in the background of a script INT, every process it starts
        // inherits that, and a shell cannot trap a signal ignored when it started.
        List<String> started = new ArrayList<>(List.of("/usr/bin/env", "--default-signal=" + signal));
        started.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(started).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().remove("BSEE_JAVA_OPTS");
        builder.environment().remove("BSEE_JAR");
        builder.environment().put("JAVA_HOME", jdk.getParent().toString());
        builder.environment().put("BSEE_AOT", "0");
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(asked) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(asked).as("the script asks the stand-in for its version").exists();

        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor()).isZero();

        assertThat(process.waitFor(1, TimeUnit.MINUTES)).as("hang guard").isTrue();
        int code = switch (signal) {
            case "HUP" -> 129;
            case "INT" -> 130;
            default -> 143;
        };
        String name = command.get(1);
        String line = "bsee " + name + ": stopped before it began; no output folder was changed";
        assertThat(process.exitValue()).isEqualTo(code);
        assertThat(Files.readString(dir.resolve("stderr.txt"))).isEqualTo(line + "\n");
        assertThat(ran).as("no JVM started").doesNotExist();
        String out = Files.readString(dir.resolve("stdout.txt"));
        if (command.contains("--json")) {
            JsonNode document = new ObjectMapper().readTree(out);
            // The line without the command's name, as the tool's own document gives it.
            assertThat(document.get("error").asText()).isEqualTo(line.substring(("bsee " + name + ": ").length()));
            assertThat(document.get("exit_code").asInt()).isEqualTo(code);
        } else {
            assertThat(out).isEmpty();
        }
    }

    /// The first convert of a jar runs its JVM as a child of the script (to record the ahead-of-time
    /// cache after it): a TERM sent to the script (`kill PID`, a service manager) killed the script
    /// alone, and the JVM went on and wrote `DIR` after the user had stopped the tool. Now the JVM is
    /// stopped with it, as under `exec`: its temporaries are removed and `DIR` is not written. A
    /// script killed with -9 can pass nothing on: the JVM sees it gone and stops the same way.
    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT", "KILL"})
    void stoppingTheScriptWhileItRecordsTheCacheStopsTheToolToo(String signal) throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");
        boolean jdk25 = Runtime.version().feature() >= 25
                && Path.of(System.getProperty("java.home")).startsWith("/usr/lib/jvm");
        org.junit.jupiter.api.Assumptions.assumeTrue(jdk25, "the launcher finds a JDK 25 here");
        Path archive = dir.resolve("big.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            for (String name : List.of("small.txt", "big1.txt", "big2.txt")) {
                zip.putNextEntry(new ZipEntry(name));
                StringBuilder rows = new StringBuilder("A,B\n");
                for (int i = 0; i < (name.startsWith("big") ? 400_000 : 1); i++) {
                    rows.append(i).append(",row ").append(i).append('\n');
                }
                zip.write(rows.toString().getBytes(StandardCharsets.US_ASCII));
                zip.closeEntry();
            }
        }
        Path out = dir.resolve("out");
        Path temporaries = dir.resolve(".out.tmp");
        // The script gets INT as a terminal's Ctrl-C finds it, not ignored: a build started in the
        // background of a script (`mvn verify &`, nohup) ignores INT, every process it starts inherits
        // that, and a shell cannot trap a signal ignored when it started, so the tool ran on to exit 0.
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/env", "--default-signal=INT", script.toString(), "convert",
                archive.toString(), "--out", out.toString(), "--parallel", "1", "--progress", "none")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("BSEE_JAVA_OPTS");
        builder.environment().remove("BSEE_JAR");
        builder.environment().put("BSEE_AOT", "1");
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        Process launcher = builder.start();
        List<ProcessHandle> jvms;
        try {
            while (launcher.isAlive() && !staging(temporaries)) {
                Thread.sleep(5);
            }
            jvms = launcher.descendants().toList();
            assertThat(jvms).as("the convert runs in a child JVM: %s", Files.readString(dir.resolve("log.txt"))).isNotEmpty();
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(launcher.pid())).start();
            assertThat(kill.waitFor()).isZero();
            assertThat(launcher.waitFor(2, TimeUnit.MINUTES)).as("hang guard").isTrue();
            // Ctrl-C's code is 130 though the JVM, a background child, was sent TERM.
            assertThat(launcher.exitValue()).isEqualTo(switch (signal) {
                case "INT" -> 130;
                case "KILL" -> 137;
                default -> 143;
            });
            for (ProcessHandle jvm : jvms) {
                // A hang guard, not a timing assertion: the JVM ends either way, stopped or done.
                jvm.onExit().get(2, TimeUnit.MINUTES);
            }
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }

        assertThat(out).as("the stopped tool wrote nothing: %s", Files.readString(dir.resolve("log.txt"))).doesNotExist();
        assertThat(temporaries).doesNotExist();
        assertThat(Files.readString(dir.resolve("log.txt"))).contains("stopped before any rename");
    }

    /// With `POSIXLY_CORRECT` in the environment bash runs the script in POSIX mode, where a process
    /// already waited for is unknown to a second `wait`: every convert, refresh and demo that recorded
    /// the cache exited with 127 after writing its files, without a word, and made no cache, so the
    /// next run recorded, and failed, again. It exits with the tool's code and makes the cache.
    @Test
    void aRecordingRunUnderPosixModeExitsWithTheToolsCode() throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");
        Path target = dir.resolve("tree/bsee-examples/target");
        Path archive = oneWellArchiveWhereTheLauncherFindsJdk25();
        Map<String, String> posix = Map.of("BSEE_AOT", "1", "POSIXLY_CORRECT", "1");

        // A failure records no cache: the next run records again.
        Run failing = run(script, posix, "convert", dir.resolve("no-such.zip").toString(), "--out",
                dir.resolve("none").toString(), "--progress", "none");
        assertThat(failing.exitCode()).as(failing.err()).isEqualTo(1);
        Run first = run(script, posix, "convert", archive.toString(), "--out", dir.resolve("out").toString(),
                "--progress", "none");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("1 entry written to ");
        assertThat(first.err()).isEmpty();
        try (var files = Files.list(target)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(name -> name.matches(".+-convert\\.[0-9]+\\.aot")))
                    .as("the cache the recording made").hasSize(1);
        }
    }

    /// The JVM that records the cache (the script's child) killed with -9 (`kill -9` of its pid, the
    /// kernel's out-of-memory killer), which no handler of its own sees: the script exited with 137
    /// without a word. It says in one line which JVM was killed and by what, as `java -jar` does, and
    /// the next convert removes what the killed one left.
    @Test
    void theRecordingJvmKilledWithNineIsSaidInOneLine() throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");
        boolean jdk25 = Runtime.version().feature() >= 25
                && Path.of(System.getProperty("java.home")).startsWith("/usr/lib/jvm");
        org.junit.jupiter.api.Assumptions.assumeTrue(jdk25, "the launcher finds a JDK 25 here");
        Path archive = dir.resolve("big.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            zip.putNextEntry(new ZipEntry("big.txt"));
            StringBuilder rows = new StringBuilder("A,B\n");
            for (int i = 0; i < 800_000; i++) {
                rows.append(i).append(",row ").append(i).append('\n');
            }
            zip.write(rows.toString().getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        Path out = dir.resolve("out");
        Path temporaries = dir.resolve(".out.tmp");
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "convert", archive.toString(), "--out", out.toString(),
                "--parallel", "1", "--progress", "none").directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("BSEE_JAVA_OPTS");
        builder.environment().remove("BSEE_JAR");
        builder.environment().put("BSEE_AOT", "1");
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        Process launcher = builder.start();
        ProcessHandle jvm;
        try {
            while (launcher.isAlive() && !staging(temporaries)) {
                Thread.sleep(5);
            }
            jvm = launcher.children().findFirst().orElseThrow();
            jvm.destroyForcibly();
            assertThat(launcher.waitFor(2, TimeUnit.MINUTES)).as("hang guard").isTrue();
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }

        assertThat(launcher.exitValue()).isEqualTo(137);
        assertThat(Files.readString(dir.resolve("err.txt")).lines().toList()).containsExactly("bsee convert: the JVM"
                + " running the command (pid " + jvm.pid() + ") was killed by signal 9 (KILL); the next convert into"
                + " the same folder removes or completes what it left");
        assertThat(out).doesNotExist();
        Run next = run(script, Map.of(), "convert", archive.toString(), "--out", out.toString(), "--progress", "none");
        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(next.err()).contains("left by a convert that was killed");
        assertThat(temporaries).doesNotExist();
    }

    private static boolean staging(Path temporaries) throws IOException {
        if (!Files.isDirectory(temporaries)) {
            return false;
        }
        try (var files = Files.walk(temporaries)) {
            return files.anyMatch(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".bin"));
        } catch (java.io.UncheckedIOException raced) {
            return false;
        }
    }

    @Test
    void startsNoOtherProgramThanReadlinkStatAndJavaOnItsUsualPath() throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");
        Path programs = Files.createDirectories(dir.resolve("programs"));
        for (String program : List.of("bash", "readlink", "stat")) {
            Path found = Path.of("/usr/bin", program);
            Files.createSymbolicLink(programs.resolve(program), Files.exists(found) ? found : Path.of("/bin", program));
        }

        Run run = run(script, Map.of("PATH", programs.toString(), "JAVA_HOME", System.getProperty("java.home"),
                "BSEE_AOT", "1"), "--version");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("bsee ");
        assertThat(run.err()).isEmpty();
    }

    /// On a system whose `stat` and `mv` are BSD's (macOS: no `stat -c`, no `mv -T`), the launcher still
    /// names the cache by the jar's size and time, makes it after the first conversion and opens it
    /// in the next run: it stopped with `stat`'s usage text before the tool started.
    @Test
    void bsdStatAndMvNameMakeAndOpenTheCache() throws Exception {
        Tree tree = treeWithJdk25();
        Path programs = Files.createDirectories(dir.resolve("bsd"));
        // BSD's options, answered by the GNU tools beneath; GNU's own options refused as BSD refuses them.
        Files.writeString(programs.resolve("stat"), """
                #!/bin/bash
                [ "$1" = -f ] || { echo "stat: illegal option -- ${1#-}" >&2; exit 1; }
                format=${2//%z/%s}
                exec /usr/bin/stat -c "${format//%m/%Y}" "$3"
                """);
        Files.writeString(programs.resolve("mv"), """
                #!/bin/bash
                case "$1" in -*T*) echo "mv: illegal option -- T" >&2; exit 64 ;; esac
                exec /bin/mv "$@"
                """);
        for (String program : List.of("stat", "mv")) {
            assertThat(programs.resolve(program).toFile().setExecutable(true)).isTrue();
        }
        String path = programs + ":/usr/local/bin:/usr/bin:/bin";

        Run first = run(tree.script(), Map.of("BSEE_AOT", "1", "PATH", path), "convert", tree.archive().toString(),
                "--out", dir.resolve("out").toString(), "--progress", "none");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).isEmpty();
        Path cache = cache(tree.target(), "convert");
        assertThat(cache.getFileName().toString()).as("named by the jar's size and time").startsWith("bsee-" + tree.key() + "-");
        try (var files = Files.list(tree.target())) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".aot"))).containsExactly(cache);
        }

        Run second = run(tree.script(), Map.of("BSEE_AOT", "1", "PATH", path, "BSEE_JAVA_OPTS", "-Xlog:aot=info:stderr"),
                "convert", tree.archive().toString(), "--out", dir.resolve("again").toString(), "--progress", "none");

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).contains("Opened AOT cache " + cache);
    }

    /// Without `JAVA_HOME` and with an older `java` first on the path (Debian's default 17 beside a
    /// JDK 25 is this machine's setup), the launcher takes the newest JDK under `/usr/lib/jvm`, read
    /// from the `release` files by bash alone: `ls | sort` and two `dirname` cost 30 to 45 ms.
    @Test
    void findsTheNewestJdkUnderUsrLibJvmWithNoOtherProgramWhenTheJavaOnThePathIsOlder() throws Exception {
        boolean underUsrLibJvm = Runtime.version().feature() >= 21
                && Path.of(System.getProperty("java.home")).startsWith("/usr/lib/jvm");
        org.junit.jupiter.api.Assumptions.assumeTrue(underUsrLibJvm, "the launcher finds a JDK 21+ here");
        Path script = install("tree", "bsee-examples/target/bsee.jar");
        Path programs = Files.createDirectories(dir.resolve("programs"));
        for (String program : List.of("bash", "readlink", "stat")) {
            Path found = Path.of("/usr/bin", program);
            Files.createSymbolicLink(programs.resolve(program), Files.exists(found) ? found : Path.of("/bin", program));
        }
        // A JDK 17 on the path, which must not even be started.
        Path old = Files.createDirectories(dir.resolve("jdk-17/bin"));
        Files.writeString(old.resolveSibling("release"), "JAVA_VERSION=\"17.0.9\"\n");
        Files.writeString(old.resolve("java"), "#!/bin/sh\necho started the JDK 17 >&2\nexit 3\n");
        old.resolve("java").toFile().setExecutable(true);
        Files.createSymbolicLink(programs.resolve("java"), old.resolve("java"));
        int newest = 0;
        try (var homes = Files.list(Path.of("/usr/lib/jvm"))) {
            for (Path home : homes.toList()) {
                Path release = home.resolve("release");
                if (Files.isRegularFile(release) && Files.isExecutable(home.resolve("bin/java"))) {
                    java.util.regex.Matcher version = java.util.regex.Pattern.compile("JAVA_VERSION=\"(?:1\\.)?(\\d+)")
                            .matcher(Files.readString(release));
                    if (version.find()) {
                        newest = Math.max(newest, Integer.parseInt(version.group(1)));
                    }
                }
            }
        }

        Run run = run(script, Map.of("PATH", programs.toString(), "BSEE_AOT", "1"), "--version");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("bsee ").contains(", Java " + newest + ".");
    }

    /// A folder its user may enter but not read (mode 311 here; 711, a home folder under `sudo -u`):
    /// the JVM that makes its performance-data file changes into `/tmp/hsperfdata_<user>` and,
    /// unable to open the folder it left, stays there. Through `bin/bsee` (which makes no such file)
    /// a relative archive is found and `--out` is written where the command started: the archive
    /// was "no such file", and `--out` went into the JVM's folder. `java -jar` (whose JVM the tool
    /// cannot start otherwise) says so in one line instead of writing there.
    @Test
    void relativePathsResolveWhereTheCommandStartedInAFolderItsUserMayEnterButNotRead() throws Exception {
        Path script = installForNobody("tree", "bsee-examples/target/bsee.jar");
        Path work = Files.createDirectories(dir.resolve("work"));
        Path archive = work.resolve("a.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            zip.putNextEntry(new ZipEntry("wells.txt"));
            zip.write("API_WELL_NUMBER,N\n608174000100,1\n".getBytes(StandardCharsets.US_ASCII));
        }
        java.nio.file.attribute.UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName("nobody");
        Files.setOwner(work, nobody);
        Files.setOwner(archive, nobody);
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("-wx--x--x"));

        List<String> viaScript = new ArrayList<>(dev.bsee.core.faults.Unprivileged.asNobody());
        viaScript.addAll(List.of(script.toString(), "convert", "a.zip", "--out", "out", "--progress", "none"));
        Run launched = runIn(work, viaScript);
        assertThat(launched.exitCode()).as(launched.err()).isZero();
        assertThat(work.resolve("out/wells.bin")).isRegularFile();

        List<String> viaJar = new ArrayList<>(dev.bsee.core.faults.Unprivileged.asNobody());
        viaJar.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                script.getParent().getParent().resolve("bsee-examples/target/bsee.jar").toString(),
                "convert", "a.zip", "--out", "out2", "--progress", "none"));
        Run direct = runIn(work, viaJar);
        assertThat(direct.exitCode()).as(direct.err()).isEqualTo(2);
        assertThat(direct.err().strip()).startsWith("bsee: the JVM moved to /tmp/hsperfdata_nobody as it started, since it"
                + " could not open the folder it was started in").doesNotContain("\n");
        assertThat(Path.of("/tmp/hsperfdata_nobody/out2")).doesNotExist();
        assertThat(work.resolve("out2")).doesNotExist();
        // Without the shell's PWD too (a service's WorkingDirectory= sets none): it wrote there, exit 0.
        List<String> noPwd = new ArrayList<>(dev.bsee.core.faults.Unprivileged.asNobody());
        noPwd.addAll(List.of("env", "-u", "PWD"));
        noPwd.addAll(viaJar.subList(dev.bsee.core.faults.Unprivileged.asNobody().size(), viaJar.size()));
        Run unsaid = runIn(work, noPwd);
        assertThat(unsaid.exitCode()).as(unsaid.err()).isEqualTo(2);
        assertThat(Path.of("/tmp/hsperfdata_nobody/out2")).doesNotExist();
    }

    /// The caches the build ships beside the jar serve every user of an install they may not write:
    /// another user looked only in their own cache folder, and recorded a cache of their own there
    /// (about 5 s once, 0.5 s more each run until then; with `HOME` unusable, every run).
    @Test
    void theCachesBesideAJarItsUserMayNotWriteServeThatUserToo() throws Exception {
        oneWellArchiveWhereTheLauncherFindsJdk25();
        Path script = installForNobody("ro", "bin/bsee.jar");
        Path jar = script.resolveSibling("bsee.jar");
        Path made = Files.writeString(script.resolveSibling("made"), "the cache the build made");
        Process cksum = new ProcessBuilder("cksum", made.toString()).redirectErrorStream(true).start();
        String sum = new String(cksum.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).split(" ")[0];
        assertThat(cksum.waitFor()).isZero();
        Path shipped = Files.move(made, script.resolveSibling("bsee-" + cacheKey(jar) + "-convert." + sum + ".aot"));

        List<String> command = new ArrayList<>(dev.bsee.core.faults.Unprivileged.asNobody());
        command.addAll(List.of(script.toString(), "--version"));
        Run run = runIn(dir, command, Map.of("BSEE_JAVA_OPTS", "-XshowSettings:properties", "HOME", "/nonexistent"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("bsee.aot.cache = " + shipped);
        assertThat(shipped).as("another user's cache is not removed").exists();
    }

    /// Runs `command` in `folder` with the shell's `PWD` set to it, as a shell starts a program.
    private Run runIn(Path folder, List<String> command) throws IOException, InterruptedException {
        return runIn(folder, command, Map.of("BSEE_AOT", "0"));
    }

    /// Runs `command` in `folder` with the shell's `PWD` set to it and `extraEnv` added.
    private Run runIn(Path folder, List<String> command, Map<String, String> extraEnv) throws IOException, InterruptedException {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.remove("JAVA_HOME");
        env.remove("BSEE_JAVA_OPTS");
        env.remove("BSEE_JAR");
        env.remove("BSEE_AOT");
        env.put("PWD", folder.toString());
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.putAll(extraEnv);
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in 2 minutes");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void javaOptionsFromTheEnvironmentOverrideTheDefaults() throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");

        Run run = run(script, Map.of("BSEE_JAVA_OPTS", "-XshowSettings:vm -Xmx123m"), "--version");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("123.00M").doesNotContain("200.00M");
        assertThat(run.out()).startsWith("bsee ");
    }

    /// Options in `BSEE_JAVA_OPTS` that the JVM refuses stopped it before the tool ran, with the JVM's
    /// own three lines and, for `--json`, no document on standard output: they are said in one line,
    /// with the document.
    @Test
    void javaOptionsTheJvmRefusesAreSaidInOneLineAndAsJson() throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");
        for (String[] refused : new String[][] {{"-Xfoo", "Unrecognized option: -Xfoo"},
                {"-Xmx1k", "Too small maximum heap"}, {"-Xmx1g -XX:+NoSuchFlag", "Unrecognized VM option 'NoSuchFlag'"}}) {
            String message = "the JVM does not start with BSEE_JAVA_OPTS=" + refused[0] + ": " + refused[1];
            Run run = run(script, Map.of("BSEE_JAVA_OPTS", refused[0]), "status", "--json", "--base-dir", "d");
            assertThat(run.exitCode()).as(run.err()).isOne();
            assertThat(run.err().strip()).isEqualTo("bsee: " + message);
            assertThat(new ObjectMapper().readTree(run.out()).get("error").asText()).isEqualTo(message);

            Run plain = run(script, Map.of("BSEE_JAVA_OPTS", refused[0]), "--version");
            assertThat(plain.exitCode()).isOne();
            assertThat(plain.err().strip()).isEqualTo("bsee: " + message);
            assertThat(plain.out()).isEmpty();
        }
        // From the variables the JVM reads itself too, named as given: they gave the JVM's own lines
        // and no document.
        for (String[] refused : new String[][] {{"JAVA_TOOL_OPTIONS", "-Xfoo", "Unrecognized option: -Xfoo"},
                {"JDK_JAVA_OPTIONS", "-Xfoo", "Unrecognized option: -Xfoo"},
                {"_JAVA_OPTIONS", "-Xmx1k", "Too small maximum heap"},
                {"JDK_JAVA_OPTIONS", "@" + dir.resolve("missing"), "could not open"}}) {
            Run run = run(script, Map.of(refused[0], refused[1]), "status", "--json", "--base-dir", "d");
            String start = "the JVM does not start with " + refused[0] + "=" + refused[1] + ": ";
            assertThat(run.exitCode()).as(run.err()).isOne();
            assertThat(run.err().strip()).startsWith("bsee: " + start).containsIgnoringCase(refused[2])
                    .doesNotContain("\n", "Picked up");
            assertThat(new ObjectMapper().readTree(run.out()).get("error").asText()).startsWith(start);
        }
    }

    /// `_JAVA_OPTIONS`, which the JVM reads like `JAVA_TOOL_OPTIONS`, with a collector of its own:
    /// the launcher's SerialGC made it "Multiple garbage collectors selected", every command.
    @Test
    void aCollectorInUnderscoreJavaOptionsReplacesTheLaunchersOwn() throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");
        Run run = run(script, Map.of("_JAVA_OPTIONS", "-XX:+UseParallelGC"), "--version");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("bsee ");
    }

    /// A jar under a path with `:` cannot be a class path: one line, not the JVM's "Could not find or
    /// load main class" (nor, with a cache, "Option AOTCache must specify a single file name"). Run
    /// as `sh bsee`, the script runs under bash rather than stop at dash's syntax error.
    @Test
    void aJarUnderAPathWithAColonIsSaidInOneLineAndShRunsTheScript() throws Exception {
        Path script = install("v1:2", "bin/bsee.jar");
        Run run = run(script, Map.of(), "--version");
        assertThat(run.exitCode()).isOne();
        assertThat(run.err().strip()).isEqualTo("bsee: cannot run " + script.resolveSibling("bsee.jar")
                + ": Java splits a class path at ':', so bsee.jar must be under a path without one");

        Path plain = install("plain", "bin/bsee.jar");
        Run viaSh = runIn(dir, List.of("sh", plain.toString(), "--version"));
        assertThat(viaSh.exitCode()).as(viaSh.err()).isZero();
        assertThat(viaSh.out()).startsWith("bsee ");
        // Shell options a caller exports: noglob left the JDK's pattern unexpanded ("no JDK 21 or
        // newer found"), failglob failed on a cache pattern that matched nothing.
        for (Map<String, String> options : List.of(Map.of("SHELLOPTS", "noglob"), Map.of("BASHOPTS", "failglob"))) {
            Run withOptions = run(plain, options, "--version");
            assertThat(withOptions.exitCode()).as(options + ": " + withOptions.err()).isZero();
            assertThat(withOptions.out()).startsWith("bsee ");
        }
    }

    /// The JVM's log warnings (here: explicit large pages of 1 GiB, which no machine sets up unasked; a thread
    /// it cannot start under `ulimit -u` is another) go to stderr: on stdout they broke `--json`.
    @Test
    void theJvmsLogWarningsGoToStderrNotIntoTheResults() throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");

        Run run = run(script, Map.of("BSEE_JAVA_OPTS",
                "-XX:+UseLargePages -XX:-UseTransparentHugePages -XX:LargePageSizeInBytes=1g"), "--version");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("[warning]");
        assertThat(run.out()).startsWith("bsee ").doesNotContain("[warning]");
    }

    /// The conversions get the 200 MiB heap their spilling buffers are sized for; `inspect` and `dump`
    /// gather a text column's strings on the heap, and get the JVM's default, as `java -jar` gives
    /// them: under 200 MiB a .bin of 300 MB of text could not be read without flags.
    @Test
    void conversionsGetTheBoundedHeapAndTheReadingCommandsTheDefault() throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");
        Map<String, String> env = Map.of("BSEE_JAVA_OPTS", "-XshowSettings:vm");

        for (String command : List.of("convert", "refresh", "status")) {
            Run run = run(script, env, command, "--help");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).as(command).contains("Max. Heap Size: 200.00M");
        }
        for (String command : List.of("inspect", "dump")) {
            Run run = run(script, env, command, "--help");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).as(command).contains("Max. Heap Size").doesNotContain("200.00M");
        }
    }

    @Test
    void asksForTransparentHugePagesExactlyWhereTheKernelGivesThemOnRequest() throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");
        Path mode = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        boolean onRequest = Files.isReadable(mode) && Files.readString(mode).contains("[madvise]");

        Run run = run(script, Map.of("BSEE_JAVA_OPTS", "-XX:+PrintFlagsFinal"), "--version");

        assertThat(run.exitCode()).as(run.err()).isZero();
        // The JVM's own output goes to stderr, never into the results on stdout.
        assertThat(run.out()).startsWith("bsee ").doesNotContain("UseTransparentHugePages");
        assertThat(run.err()).containsPattern("bool UseTransparentHugePages += " + onRequest + " ");
        assertThat(run.err()).as("no warning about huge pages").doesNotContain("VM warning");
    }

    /// Under the C locale (cron, systemd) the JVM would read paths as ASCII; the script runs it under
    /// C.UTF-8 instead, whether the C locale comes from LC_ALL or from nothing set at all.
    @Test
    void runsTheJvmUnderUtf8WhereTheLocaleIsC() throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");
        // A locale the system does not have is the C locale to every program: a UTF-8 one passed on
        // by ssh into a minimal container, or another charset; the JVM mangled a non-ASCII path.
        for (Map<String, String> locale : List.of(Map.of("LC_ALL", "C"), Map.of("LC_ALL", "", "LC_CTYPE", "", "LANG", ""),
                Map.of("LC_ALL", "", "LC_CTYPE", "POSIX"), Map.of("LC_ALL", "", "LC_CTYPE", "", "LANG", "xx_XX.UTF-8"),
                Map.of("LC_ALL", "xx_XX.utf8"), Map.of("LC_ALL", "xx_XX.EUC-JP"),
                // One category alone (sshd's AcceptEnv LANG LC_*): the JVM's setlocale fails as a whole.
                Map.of("LC_ALL", "", "LANG", "C.UTF-8", "LC_CTYPE", "xx_XX.UTF-8"),
                Map.of("LC_ALL", "", "LANG", "C", "LC_CTYPE", "", "LC_TIME", "xx_XX.UTF-8"))) {
            Map<String, String> env = new java.util.HashMap<>(locale);
            env.put("BSEE_JAVA_OPTS", "-XshowSettings:properties");
            Run run = run(script, env, "--version");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).as(locale.toString()).contains("sun.jnu.encoding = UTF-8");
        }
    }

    /// `java -jar` under the C locale gets a non-ASCII path already mangled: it is refused with the
    /// remedy, never used (outputs would go to a folder of the mangled name).
    @Test
    void javaJarUnderTheCLocaleRefusesANonAsciiPathWithTheRemedy() throws Exception {
        install("tree", "bsee-examples/target/bsee.jar");
        Path jar = dir.resolve("tree/bsee-examples/target/bsee.jar");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "status", "--base-dir", dir.resolve("donn\u00e9es").toString())
                .directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isEqualTo(2);
        assertThat(output.lines().findFirst().orElse("")).contains("--base-dir").contains("LC_ALL=C.UTF-8");
        assertThat(output).doesNotContain("Exception");
        assertThat(dir.resolve("donn\u00e9es")).doesNotExist();
    }

    /// Bytes that are not UTF-8 in a path (a Latin-1 folder name) arrive in the JVM as U+FFFD, which
    /// it encodes back as three other bytes: the path names another folder. Given as `--out`, or as
    /// the current folder a relative `--out` resolves against, it is refused in one line; the
    /// convert made a folder of the mangled name beside the one meant, wrote into it and exited 0.
    @ParameterizedTest
    @ValueSource(strings = {"out", "cwd"})
    void aPathWhoseBytesAreNotUtf8IsRefusedNotMangledIntoAnotherFolder(String where) throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");
        Path zip = dir.resolve("small.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("small.txt"));
            out.write("A,B\n1,2\n".getBytes(StandardCharsets.US_ASCII));
        }
        // ProcessBuilder encodes its arguments as UTF-8, so the shell makes the byte 0xFF itself.
        Path wrapper = dir.resolve("latin1.sh");
        Files.writeString(wrapper, """
                #!/bin/sh
                latin1=$(printf 'donn\\351es')
                case $3 in
                out) exec "$1" convert "$2" --out "$latin1" --progress none ;;
                cwd) mkdir "$latin1" && cd "$latin1" && exec "$1" convert "$2" --out rel --progress none ;;
                esac
                """);
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));

        Run run = run(wrapper, Map.of("LC_ALL", "C.UTF-8"), script.toString(), zip.toString(), where);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().findFirst().orElse("")).contains("donn\uFFFDes").contains("not UTF-8")
                .contains(where.equals("cwd") ? "the current folder" : "--out");
        assertThat(dir.resolve("donn\uFFFDes")).as("the folder of the mangled name").doesNotExist();
    }

    @Test
    void saysSoWhenThereIsNoJar() throws Exception {
        Path script = install("empty", "elsewhere/bsee.jar");

        Run run = run(script, Map.of(), "--version");

        assertThat(run.exitCode()).isOne();
        assertThat(run.err().strip()).startsWith("bsee: bsee.jar not found").doesNotContain("\n");
    }

    @Test
    void takesTheJarNamedByTheEnvironment() throws Exception {
        install("dist", "lib/bsee.jar");
        Path script = install("other", "elsewhere/bsee.jar");

        Run run = run(script, Map.of("BSEE_JAR", dir.resolve("dist/lib/bsee.jar").toString()), "--version");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("bsee ");
    }

    @Test
    void saysWhichJarTheEnvironmentNamedWhenItIsNoFile() throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");

        Run run = run(script, Map.of("BSEE_JAR", dir.resolve("moved/bsee.jar").toString()), "--version");

        assertThat(run.exitCode()).isOne();
        assertThat(run.err().strip()).isEqualTo("bsee: BSEE_JAR names " + dir.resolve("moved/bsee.jar")
                + ", which is not a file; point it at bsee.jar or unset it");
    }

    /// `refresh --json` and `status --json` print a JSON document on standard output whatever fails:
    /// a failure of the script before the tool starts too (standard output was empty), with the
    /// message standard error has, quotes and backslashes of a path escaped. Without `--json`, or for
    /// a command that prints no JSON, standard output stays empty.
    @Test
    void aFailureBeforeTheToolStartsIsAJsonDocumentForJson() throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");
        Path moved = dir.resolve("mo\"v\\ed/bsee.jar");
        String message = "BSEE_JAR names " + moved + ", which is not a file; point it at bsee.jar or unset it";

        for (List<String> args : List.of(List.of("status", "--json", "--base-dir", "d"),
                List.of("-v", "refresh", "--sources", "all", "--base-dir", "d", "--json"),
                List.of("status", "--json=True", "--base-dir", "d"))) {
            Run run = run(script, Map.of("BSEE_JAR", moved.toString()), args.toArray(String[]::new));
            assertThat(run.exitCode()).as(args.toString()).isOne();
            assertThat(run.err().strip()).isEqualTo("bsee: " + message);
            assertThat(run.out()).as("a document on standard output").isNotBlank();
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertThat(json.get("error").asText()).isEqualTo(message);
            assertThat(json.get("exit_code").asInt()).isOne();
        }
        for (List<String> args : List.of(List.of("status", "--base-dir", "d"), List.of("convert", "--json", "x.zip"),
                List.of("status", "--", "--json"), List.of("status", "--json=false", "--base-dir", "d"))) {
            Run run = run(script, Map.of("BSEE_JAR", moved.toString()), args.toArray(String[]::new));
            assertThat(run.exitCode()).as(args.toString()).isOne();
            assertThat(run.out()).as(args.toString()).isEmpty();
        }
    }

    /// Started in a folder deleted under the shell, the JVM would fail with a stack trace.
    @Test
    void aDeletedCurrentFolderGetsOneLine() throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");
        Path gone = Files.createDirectory(dir.resolve("gone"));

        Run run = run(Path.of("/bin/bash"), Map.of(), "-c", "cd \"$1\" && rmdir \"$1\" && exec \"$2\" --version",
                "bash", gone.toString(), script.toString());

        assertThat(run.exitCode()).isOne();
        assertThat(run.err()).contains("bsee: the current folder no longer exists").doesNotContain("\tat ")
                .doesNotContain("Error occurred");
        assertThat(run.out()).isEmpty();
    }

    /// Started in a folder whose path is PATH_MAX (4,096 bytes) or longer, which the kernel will not
    /// give the JVM, it failed with a stack trace (`Could not determine current working directory`);
    /// a path just short of it still runs.
    @Test
    void aCurrentFolderDeeperThanTheJvmCanStartInGetsOneLine() throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");
        // Folders of up to 200 bytes, down to a path of exactly $3 bytes; then the launcher.
        String descend = "mkdir -p \"$1\" && cd \"$1\" && while (( ${#PWD} < $3 )); do n=$(( $3 - ${#PWD} - 1 ));"
                + " if (( n > 200 )); then n=200; (( $3 - ${#PWD} - 201 == 1 )) && n=199; fi;"
                + " d=$(printf 'd%.0s' $(seq \"$n\")); mkdir -p \"$d\" && cd \"$d\" || exit 9; done;"
                + " (( ${#PWD} == $3 )) || exit 8; exec \"$2\" --version";

        try {
            Run deep = run(Path.of("/bin/bash"), Map.of(), "-c", descend, "bash", dir.resolve("a").toString(),
                    script.toString(), "4096");
            assertThat(deep.exitCode()).as(deep.err()).isOne();
            assertThat(deep.err().strip()).isEqualTo("bsee: the current folder's path is 4096 bytes long, longer than"
                    + " the JVM can start in (4,095 at most); cd to a folder of a shorter path and give the paths from there");
            assertThat(deep.out()).isEmpty();

            Run shorter = run(Path.of("/bin/bash"), Map.of(), "-c", descend, "bash", dir.resolve("b").toString(),
                    script.toString(), "4095");
            assertThat(shorter.exitCode()).as(shorter.err()).isZero();
            assertThat(shorter.out()).startsWith("bsee ");
        } finally {
            // Deeper than the JDK's deletion of the temporary folder reaches.
            run(Path.of("/bin/rm"), Map.of(), "-rf", dir.resolve("a").toString(), dir.resolve("b").toString());
        }
    }

    /// A JVM that dies leaves its report and replay data in the temporary folder, not the user's, and
    /// Java's own temporary files go to TMPDIR as other tools' do.
    @Test
    void theJvmsCrashFilesAndTemporariesGoToTmpdir() throws Exception {
        Path script = install("tree", "bsee-examples/target/bsee.jar");
        Path temporary = Files.createDirectory(dir.resolve("tmp"));

        Run run = run(script, Map.of("BSEE_JAVA_OPTS", "-XX:+PrintFlagsFinal", "TMPDIR", temporary.toString()), "--version");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).containsPattern("ccstr ErrorFile += " + java.util.regex.Pattern.quote(
                temporary + "/bsee-hs_err_pid%p.log"));
        assertThat(run.err()).containsPattern("ccstr ReplayDataFile += " + java.util.regex.Pattern.quote(
                temporary + "/bsee-replay_pid%p.log"));

        // Java's own temporary folder (inspect's and dump's spill files) follows TMPDIR too.
        Run properties = run(script, Map.of("BSEE_JAVA_OPTS", "-XshowSettings:properties", "TMPDIR", temporary.toString()),
                "--version");
        assertThat(properties.err()).containsPattern("java.io.tmpdir = " + java.util.regex.Pattern.quote(temporary.toString()));

        // A TMPDIR that is no folder would send HotSpot back to the current folder: /tmp it is.
        Run nowhere = run(script, Map.of("BSEE_JAVA_OPTS", "-XX:+PrintFlagsFinal", "TMPDIR", dir.resolve("gone").toString()),
                "--version");
        assertThat(nowhere.err()).containsPattern("ccstr ErrorFile += /tmp/bsee-hs_err_pid%p.log");
        Run nowhereProperties = run(script, Map.of("BSEE_JAVA_OPTS", "-XshowSettings:properties",
                "TMPDIR", dir.resolve("gone").toString()), "--version");
        assertThat(nowhereProperties.err()).contains("java.io.tmpdir = /tmp");
    }
}
