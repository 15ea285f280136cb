package dev.bsee.examples.packaged;

import dev.bsee.core.peer.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/// `java -jar bsee.jar convert` as users type it, with no JVM options: the conversion runs in a
/// child JVM with bin/bsee's memory settings (each JVM names its collector under `-Xlog:gc`, an
/// option that does not tune the heap), once, with the tool's exit codes and output; the user's
/// own `-Xmx` keeps it in one JVM; and stopping the tool stops the child.
class RelaunchIT {

    static final Path JAR = Path.of(System.getProperty("bsee.jar", "target/bsee.jar")).toAbsolutePath();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private ProcessBuilder tool(List<String> jvmOptions, String name, String... args) {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        return builder;
    }

    /// Runs `builder` in the test's folder under the C locale, its output in `name.out` and `name.err`.
    private Run underTheCLocale(ProcessBuilder builder, String name) throws IOException, InterruptedException {
        builder.directory(dir.toFile()).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().put("LC_ALL", "C");
        builder.environment().remove("LANG");
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), Files.readString(dir.resolve(name + ".out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve(name + ".err"), StandardCharsets.UTF_8));
    }

    private Run run(List<String> jvmOptions, String name, String... args) throws IOException, InterruptedException {
        Process process = tool(jvmOptions, name, args).start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), Files.readString(dir.resolve(name + ".out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve(name + ".err"), StandardCharsets.UTF_8));
    }

    private String[] convert(String out) {
        return new String[] {"convert", Fixtures.file("bsee-zip/ogora2024delimit.zip").toString(), "--out",
            dir.resolve(out).toString(), "--progress", "none"};
    }

    @Test
    void aConversionWithoutOptionsRunsOnceInAChildWithTheLaunchersMemorySettings() throws Exception {
        Run run = run(List.of("-Xlog:gc:stderr"), "plain", convert("plain"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).hasSize(2)
                .satisfies(lines -> assertThat(lines.getFirst())
                        .startsWith("ogora2024delimit.txt -> ogora2024delimit.bin: 62,591 rows, 19 columns"))
                .satisfies(lines -> assertThat(lines.getLast()).startsWith("1 entry written to "));
        assertThat(run.err().lines().filter(line -> line.contains("Using ")).toList()).as(run.err())
                .hasSize(2).anySatisfy(line -> assertThat(line).endsWith("Using Serial"));
        assertThat(dir.resolve("plain/ogora2024delimit.bin")).isNotEmptyFile();
    }

    /// JDK 25+: the first conversion records, a second JVM makes the cache beside the jar (stale
    /// caches of other builds go, the other commands' stay), and the next child loads the tool's
    /// classes from it; the tool's output is the same every time and nothing else is printed.
    @Test
    void theChildKeepsAnAheadOfTimeCacheBesideTheJar() throws Exception {
        Path jar = jarIn("home");
        Path home = jar.getParent();
        String key = cacheKey(jar);
        Path stale = Files.writeString(home.resolve("bsee-21.0.1+12-1-2-convert-jar.aot"), "an older build's");
        // Not a name the launchers make: not theirs to remove.
        Path notes = Files.writeString(home.resolve("bsee-backup-jar.aot"), "the user's");
        Path otherCommand = Files.writeString(home.resolve(key + "refresh-jar.123.aot"), "this build's refresh");
        // A folder and a link under stale names are not the tool's to remove: the link went before.
        Path staleFolder = Files.createDirectories(home.resolve("bsee-21.0.1+12-1-3-demo-jar.aot"));
        Path victim = Files.writeString(dir.resolve("victim.txt"), "not the tool's");
        Path staleLink = Files.createSymbolicLink(home.resolve("bsee-21.0.1+12-1-4-demo-jar.aot"), victim);
        List<String> outputs = new ArrayList<>();
        Path cache = null;
        // The third run finds the cache damaged on disk (it crashed every child at start-up): its
        // checksum is no longer the one in its name, so the run removes it and records a new one,
        // which the fourth opens.
        for (String name : List.of("first", "second", "damaged", "remade")) {
            if (name.equals("damaged")) {
                dev.bsee.examples.LauncherTest.damage(cache);
            }
            List<String> command = new ArrayList<>(List.of(JAVA, "-Xlog:class+load=info:file=" + dir.resolve(name + ".classes"),
                    "-jar", jar.toString()));
            command.addAll(List.of(convert(name)));
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
                    .redirectError(dir.resolve(name + ".err").toFile());
            builder.environment().remove("JDK_JAVA_OPTIONS");
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().remove("BSEE_AOT");
            Process process = builder.start();
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
            String err = Files.readString(dir.resolve(name + ".err"));
            assertThat(process.exitValue()).as(err).isZero();
            assertThat(err).as("standard error").isEmpty();
            outputs.add(Files.readString(dir.resolve(name + ".out")).replace(name, "OUT"));
            Path made = convertCache(home, key);
            if (name.equals("second")) {
                assertThat(made).as("used, not recorded again").isEqualTo(cache);
            }
            if (name.equals("damaged")) {
                assertThat(cache).as("the damaged cache is removed").doesNotExist();
                assertThat(made).as("and recorded again").isNotEqualTo(cache);
            }
            cache = made;
        }
        assertThat(outputs.getFirst()).contains("62,591 rows");
        assertThat(outputs).allMatch(outputs.getFirst()::equals);
        try (Stream<Path> files = Files.list(home)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("bsee.jar", cache.getFileName().toString(), key + "refresh-jar.123.aot",
                            staleFolder.getFileName().toString(), staleLink.getFileName().toString(),
                            notes.getFileName().toString());
        }
        assertThat(stale).doesNotExist();
        assertThat(notes).hasContent("the user's");
        assertThat(staleFolder).isDirectory();
        assertThat(staleLink).isSymbolicLink();
        assertThat(victim).hasContent("not the tool's");
        assertThat(otherCommand).hasContent("this build's refresh");
        // Where each JVM loaded the converter from (each JVM of a run logs to its own file: the JVM
        // rotates the log it finds, so the files are NAME.classes, NAME.classes.0, ...). The first
        // run's child read it from the jar; no JVM of the second run did, its child used the cache.
        assertThat(classSources("first")).contains("file:" + jar);
        assertThat(classSources("second")).contains("shared objects file").doesNotContain("file:" + jar);
        assertThat(classSources("remade")).contains("shared objects file").doesNotContain("file:" + jar);
    }

    /// `java -jar bin/bsee.jar convert` from a folder whose path has `:` (a relative class path, which
    /// the JVM can use) converts in the JVM it was started in: a child JVM, given the jar's whole
    /// path as its class path, could not load it ("Could not find or load main class"), exit 1.
    @Test
    void aConversionFromAJarUnderAPathWithAColonRunsInTheJvmItWasStartedIn() throws Exception {
        Path install = Files.createDirectories(dir.resolve("v1:2/bin")).getParent();
        Files.copy(JAR, install.resolve("bin/bsee.jar"));
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", "bin/bsee.jar"));
        command.addAll(List.of(convert("colon")));
        ProcessBuilder builder = new ProcessBuilder(command).directory(install.toFile())
                .redirectOutput(dir.resolve("colon.out").toFile()).redirectError(dir.resolve("colon.err").toFile());
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String err = Files.readString(dir.resolve("colon.err"), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(err).isZero();
        assertThat(err).doesNotContain("Could not find or load main class");
        assertThat(dir.resolve("colon/ogora2024delimit.bin")).isNotEmptyFile();
    }

    /// A copy of the jar in a folder of its own, `name`, where its caches go (JDK 25+ only).
    private Path jarIn(String name) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 25, "ahead-of-time caches need JDK 25");
        return Files.copy(JAR, Files.createDirectories(dir.resolve(name)).resolve("bsee.jar"));
    }

    /// The start of the names of `jar`'s caches on this JDK (`bsee-<JDK>-<size>-<time>-`).
    private static String cacheKey(Path jar) throws IOException {
        return "bsee-" + System.getProperty("java.runtime.version") + "-" + Files.size(jar) + "-"
                + Files.getLastModifiedTime(jar).to(TimeUnit.SECONDS) + "-";
    }

    /// The one convert cache of the child in `home`, named by its CRC-32C.
    private static Path convertCache(Path home, String key) throws IOException {
        try (Stream<Path> files = Files.list(home)) {
            List<Path> caches = files.filter(file -> file.getFileName().toString().startsWith(key + "convert-jar.")).toList();
            assertThat(caches).hasSize(1);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(Files.readAllBytes(caches.getFirst()));
            assertThat(caches.getFirst().getFileName().toString()).isEqualTo(key + "convert-jar." + crc.getValue() + ".aot");
            return caches.getFirst();
        }
    }

    /// Two first conversions by `java -jar` at once each have their child record and make a cache,
    /// under two checksums: the second made removes the first, and the folder keeps one.
    @Test
    void twoFirstConversionsAtOnceLeaveOneCache() throws Exception {
        Path jar = jarIn("at-once");
        Path home = jar.getParent();
        String key = cacheKey(jar);
        List<Process> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<String> command = new ArrayList<>(List.of(JAVA, "-jar", jar.toString()));
            command.addAll(List.of(convert("at-once-" + i)));
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("at-once-" + i + ".out").toFile())
                    .redirectError(dir.resolve("at-once-" + i + ".err").toFile());
            builder.environment().remove("JDK_JAVA_OPTIONS");
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().remove("BSEE_AOT");
            runs.add(builder.start());
        }
        for (int i = 0; i < 2; i++) {
            assertThat(runs.get(i).waitFor(3, TimeUnit.MINUTES)).isTrue();
            assertThat(runs.get(i).exitValue()).as(Files.readString(dir.resolve("at-once-" + i + ".err"))).isZero();
        }
        convertCache(home, key);
    }

    /// A user the system has no account for and no `HOME` (a container run as a bare uid, some
    /// service managers), whose jar's folder is not theirs to write: `java -jar` made its 20 MB
    /// ahead-of-time cache in `?/.cache/bsee` of the current folder (the JDK's `user.home` is `?`),
    /// and `bin/bsee` in `/tmp/.cache/bsee`, a folder any local user can make first and leave a cache
    /// in for the tool's JVM to load. Both now run without a cache and write nothing but the outputs.
    @Test
    void aUserWithoutHomeKeepsNoCacheInTheCurrentFolderOrInTmp() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 25, "ahead-of-time caches need JDK 25");
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "running as a uid without an account takes root");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path tool = Files.createDirectories(dir.resolve("tool"));
        Path jar = Files.copy(JAR, tool.resolve("bsee.jar"));
        Path script = Files.copy(JAR.getParent().getParent().getParent().resolve("bin/bsee"), tool.resolve("bsee"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Process sum = new ProcessBuilder("sh", "-c", "printf %s \"$1\" | cksum | cut -d' ' -f1", "sh",
                jar.toRealPath().toString()).start();
        Path inTmp = Path.of("/tmp/.cache/bsee", new String(sum.getInputStream().readAllBytes()).strip());
        assertThat(sum.waitFor()).isZero();
        String archive = Fixtures.file("bsee-zip/ogoradelimit.zip").toAbsolutePath().toString();
        try {
            for (List<String> launch : List.of(List.of(JAVA, "-jar", jar.toString()), List.of(script.toString()))) {
                String name = launch.size() == 1 ? "script" : "jar";
                List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=54321", "--regid=54321", "--clear-groups"));
                command.addAll(launch);
                command.addAll(List.of("convert", archive, "--out", name, "--progress", "none"));
                ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                        .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
                for (String variable : List.of("HOME", "XDG_CACHE_HOME", "BSEE_AOT", "BSEE_JAR", "JDK_JAVA_OPTIONS",
                        "JAVA_TOOL_OPTIONS")) {
                    builder.environment().remove(variable);
                }
                builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
                Process process = builder.start();
                assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
                String err = Files.readString(dir.resolve(name + ".err"));
                assertThat(process.exitValue()).as(err).isZero();
                assertThat(work.resolve(name + "/ogoradelimit.bin")).isNotEmptyFile();
            }
            try (Stream<Path> files = Files.list(work)) {
                assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("jar", "script");
            }
            try (Stream<Path> files = Files.list(tool)) {
                assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("bsee.jar", "bsee");
            }
            assertThat(inTmp).doesNotExist();
        } finally {
            if (Files.isDirectory(inTmp, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> files = Files.list(inTmp)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(inTmp);
            }
            // And the folders above it that the run made, as the user without an account.
            for (Path made : List.of(inTmp.getParent(), inTmp.getParent().getParent())) {
                if (Files.isDirectory(made, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && Integer.valueOf(54321).equals(Files.getAttribute(made, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
                    try (Stream<Path> files = Files.list(made)) {
                        if (files.findAny().isEmpty()) {
                            Files.delete(made);
                        }
                    }
                }
            }
        }
    }

    /// JDK 25+: a file-size limit (`ulimit -f`, systemd's `LimitFSIZE`) or a full disk that cuts short
    /// the recording the child writes as it exits (some 20 MB) made the child exit with 1, and
    /// `java -jar` with it, after a convert that had written its files, without a word. The tool's
    /// own exit code stands (0, or 2 for a usage error); no cache is made and no recording is left.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 2})
    void aRecordingCutShortByTheFileSizeLimitLeavesTheToolsExitCode(int expected) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 25, "ahead-of-time caches need JDK 25");
        Path home = Files.createDirectories(dir.resolve("home"));
        Path jar = Files.copy(JAR, home.resolve("bsee.jar"));
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -f 16384; exec \"$@\"", "limited", JAVA,
                "-jar", jar.toString()));
        command.addAll(List.of(convert("limited")));
        if (expected == 2) {
            command.add("--no-such-option");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("limited.out").toFile())
                .redirectError(dir.resolve("limited.err").toFile());
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("BSEE_AOT");
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String err = Files.readString(dir.resolve("limited.err"));

        assertThat(process.exitValue()).as(err).isEqualTo(expected);
        if (expected == 0) {
            assertThat(err).isEmpty();
            assertThat(dir.resolve("limited/ogora2024delimit.bin")).isNotEmptyFile();
        }
        try (Stream<Path> files = Files.list(home)) {
            assertThat(files.map(file -> file.getFileName().toString())).as("no cache, no recording")
                    .containsExactly("bsee.jar");
        }
    }

    /// Where the JVMs of one run loaded `ZipStreamProcessor` from, as `-Xlog:class+load` says.
    private List<String> classSources(String name) throws IOException {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path log : logs.filter(file -> file.getFileName().toString().startsWith(name + ".classes")).toList()) {
                Files.readAllLines(log).stream().filter(line -> line.contains(" dev.bsee.scraper.ZipStreamProcessor source: "))
                        .map(line -> line.substring(line.indexOf(" source: ") + 9)).forEach(sources::add);
            }
        }
        return sources;
    }

    /// The machine's default `java` may be older than the tool (Debian 12's is 17): `java -jar` on it
    /// runs the same command line under a JDK 21+ found as bin/bsee finds one, with its output and
    /// exit codes, instead of failing to load the tool's classes.
    @Test
    void anOlderJavaRunsTheToolOnANewerJdk() throws Exception {
        Optional<Path> older = Optional.empty();
        Path jdks = Path.of("/usr/lib/jvm");
        try (Stream<Path> homes = Files.isDirectory(jdks) ? Files.list(jdks) : Stream.empty()) {
            older = homes.filter(home -> Files.isExecutable(home.resolve("bin/java"))
                    && releaseFeature(home) >= 8 && releaseFeature(home) < 21).findFirst();
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(older.isPresent(), "no JDK older than 21 under /usr/lib/jvm");
        String oldJava = older.get().resolve("bin/java").toString();

        Process version = new ProcessBuilder(oldJava, "-jar", JAR.toString(), "--version")
                .redirectOutput(dir.resolve("version.out").toFile()).redirectError(dir.resolve("version.err").toFile()).start();
        assertThat(version.waitFor(1, TimeUnit.MINUTES)).isTrue();
        String err = Files.readString(dir.resolve("version.err"));
        assertThat(version.exitValue()).as(err).isZero();
        assertThat(err).isEmpty();
        assertThat(Files.readString(dir.resolve("version.out"))).startsWith("bsee ")
                .containsPattern("Java (2[1-9]|[3-9][0-9])");

        Process failing = new ProcessBuilder(oldJava, "-jar", JAR.toString(), "convert",
                dir.resolve("no-such.zip").toString(), "--out", dir.resolve("out").toString())
                .redirectOutput(dir.resolve("failing.out").toFile()).redirectError(dir.resolve("failing.err").toFile()).start();
        assertThat(failing.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(failing.exitValue()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("failing.out"))).isEmpty();
        assertThat(Files.readString(dir.resolve("failing.err")).lines().toList())
                .containsExactly("bsee convert: no such file or folder: " + dir.resolve("no-such.zip"));

        // Under the C locale the older Java decodes a non-ASCII argument as '?': it said "no such
        // file: ??n??.zip". The arguments as given reach the newer JVM, which runs under UTF-8.
        Files.copy(Fixtures.file("bsee-zip/ogoradelimit.zip"), dir.resolve("\u00fcn\u00ef.zip"));
        Run converted = underTheCLocale(new ProcessBuilder(oldJava, "-jar", JAR.toString(), "convert",
                "\u00fcn\u00ef.zip", "--out", "donn\u00e9es", "--progress", "none"), "c-locale");
        assertThat(converted.exitCode()).as(converted.err()).isZero();
        assertThat(converted.err()).isEmpty();
        assertThat(dir.resolve("donn\u00e9es/ogoradelimit.bin")).isNotEmptyFile();
    }

    /// JAVA_TOOL_OPTIONS, _JAVA_OPTIONS and JDK_JAVA_OPTIONS reach the JVM that runs the tool once,
    /// whether the jar runs it on a newer JDK, again under a UTF-8 locale or in a conversion's child:
    /// that JVM got them on its command line and again from the environment, so it announced them
    /// twice and loaded an agent they named twice.
    @Test
    void optionsFromTheEnvironmentReachTheJvmRunningTheToolOnce() throws Exception {
        Optional<Path> older;
        Path jdks = Path.of("/usr/lib/jvm");
        try (Stream<Path> homes = Files.isDirectory(jdks) ? Files.list(jdks) : Stream.empty()) {
            older = homes.filter(home -> Files.isExecutable(home.resolve("bin/java"))
                    && releaseFeature(home) >= 9 && releaseFeature(home) < 21).findFirst();
        }
        Files.copy(Fixtures.file("legacy-bin/mv_apm_rig_view.bin"), dir.resolve("d\u00e9j\u00e0.bin"));
        List<ProcessBuilder> launches = new ArrayList<>();
        // The UTF-8 locale's second JVM, on this JDK.
        launches.add(new ProcessBuilder(JAVA, "-jar", JAR.toString(), "inspect", "d\u00e9j\u00e0.bin"));
        // An older Java's newer JDK.
        older.ifPresent(home -> launches.add(new ProcessBuilder(home.resolve("bin/java").toString(), "-jar",
                JAR.toString(), "inspect", "d\u00e9j\u00e0.bin")));
        // A conversion's child JVM, on this JDK.
        launches.add(new ProcessBuilder(JAVA, "-jar", JAR.toString(), "convert",
                Fixtures.file("bsee-zip/ogoradelimit.zip").toString(), "--out", "out", "--progress", "none"));
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            for (ProcessBuilder launch : launches) {
                launch.environment().remove("JAVA_TOOL_OPTIONS");
                launch.environment().remove("JDK_JAVA_OPTIONS");
                launch.environment().remove("_JAVA_OPTIONS");
                launch.environment().put("BSEE_AOT", "0");
                launch.environment().put(variable, "-Xlog:gc:stderr");
                String name = variable + "-" + launches.indexOf(launch);
                Run run = underTheCLocale(launch, name);

                assertThat(run.exitCode()).as(run.err()).isZero();
                assertThat(run.out()).containsPattern(" rows x | rows, ").doesNotContain("Picked up");
                assertThat(run.err().lines().filter(line -> line.contains("Picked up " + variable)).count())
                        .as(name + ": " + run.err()).isOne();
                // Each JVM logs its collector once: the option still reached the tool's JVM.
                assertThat(run.err().lines().filter(line -> line.contains("Using ")).count())
                        .as(name + ": " + run.err()).isEqualTo(2);
            }
        }
    }

    private static int releaseFeature(Path home) {
        try (Stream<String> lines = Files.lines(home.resolve("release"))) {
            return lines.filter(line -> line.startsWith("JAVA_VERSION=\""))
                    .map(line -> line.replaceFirst("^JAVA_VERSION=\"(1\\.)?([0-9]+).*", "$2"))
                    .mapToInt(Integer::parseInt).findFirst().orElse(0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /// The folder `java -jar` was started in, deleted once the tool's code runs and before its child
    /// JVM starts (`cd d; rmdir ../d`-style): the child inherited the deleted folder and could not
    /// start (`Error occurred during initialization of VM`, exit 1, or exit 1 and not a word). It
    /// now starts in the folder of that name, and where there is none the command runs in the JVM
    /// that has its paths already: the conversion succeeds. Three rounds, as the folder is deleted
    /// while the tool runs.
    @Test
    void aCurrentFolderDeletedBeforeTheChildStartsStillConverts() throws Exception {
        for (int round = 0; round < 3; round++) {
            Path folder = Files.createDirectory(dir.resolve("gone-" + round));
            Path classes = dir.resolve("classes-" + round + ".log");
            ProcessBuilder builder = tool(List.of("-Xlog:class+load=info:file=" + classes), "gone-" + round,
                    convert("out-" + round)).directory(folder.toFile());
            Process process = builder.start();
            // The tool's own code runs once its classes load; the child starts a moment later.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(classes) && Files.readString(classes, StandardCharsets.ISO_8859_1)
                    .contains("dev.bsee.examples.cli.JvmRelaunch "))) {
                assertThat(System.nanoTime()).as("the tool's classes loaded within 60 s").isLessThan(deadline);
                Thread.onSpinWait();
            }
            Files.delete(folder);
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
            String err = Files.readString(dir.resolve("gone-" + round + ".err"), StandardCharsets.UTF_8);
            String out = Files.readString(dir.resolve("gone-" + round + ".out"), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("round " + round + ": " + out + err).isZero();
            assertThat(out).contains("62,591 rows", "1 entry written to ");
            assertThat(err).isEmpty();
            assertThat(dir.resolve("out-" + round + "/ogora2024delimit.bin")).isNotEmptyFile();
        }
    }

    /// A temporary folder that does not exist, given as `-Djava.io.tmpdir`: the JDK warns of it as it
    /// starts, and the child, which took the option too, warned a second time. The child gets the
    /// same folder without the option, and the warning is printed once.
    @Test
    void aWarningOfTheJdkAboutItsOptionsIsPrintedOnce() throws Exception {
        Path missing = dir.resolve("missing");
        Run run = run(List.of("-Djava.io.tmpdir=" + missing, "-Xlog:gc:stderr"), "missing-tmp", convert("missing-tmp-out"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err().lines().filter(line -> line.contains("java.io.tmpdir")).toList()).as(run.err())
                .containsExactly("WARNING: java.io.tmpdir directory does not exist");
        // The conversion ran in the child, which names its collector too.
        assertThat(run.err().lines().filter(line -> line.contains("Using ")).count()).as(run.err()).isEqualTo(2);
        assertThat(dir.resolve("missing-tmp-out/ogora2024delimit.bin")).isNotEmptyFile();
        assertThat(missing).doesNotExist();
    }

    @Test
    void theUsersOwnHeapKeepsTheConversionInTheirJvm() throws Exception {
        Run run = run(List.of("-Xlog:gc:stderr", "-Xmx96m"), "own", convert("own"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("62,591 rows");
        assertThat(run.err().lines().filter(line -> line.contains("Using ")).toList()).as("one JVM").hasSize(1)
                .allSatisfy(line -> assertThat(line).doesNotEndWith("Using Serial"));
    }

    /// Under the C locale the JVM decodes a non-ASCII argument as U+FFFD and can name no file of it:
    /// the tool refused `--out données` naming the remedy (a UTF-8 locale). The jar's launcher now
    /// runs the tool again under a UTF-8 locale with the arguments as the shell gave them, and the
    /// folder gets its name.
    @Test
    void aPathTheCLocaleMangledIsUsedAsGivenUnderAUtf8Locale() throws Exception {
        Run mangled = underTheCLocale(tool(List.of(), "mangled", "convert",
                Fixtures.file("bsee-zip/ogora2024delimit.zip").toString(), "--out", "donn\u00e9es", "--progress", "none"),
                "mangled");

        assertThat(mangled.exitCode()).as(mangled.err()).isZero();
        assertThat(mangled.err()).isEmpty();
        assertThat(dir.resolve("donn\u00e9es/ogora2024delimit.bin")).isNotEmptyFile();

        // 100 KB of such an argument: hex-coded in one environment variable, past Linux's 128 KiB a
        // variable, the other JVM could not start ("Argument list too long").
        Run inspect = underTheCLocale(tool(List.of(), "long", "inspect", "\u00e9".repeat(50_000) + ".bin"), "long");
        assertThat(inspect.exitCode()).as(inspect.err()).isEqualTo(1);
        // The name arrives whole, each é itself: too long for a file name, as the system says.
        assertThat(inspect.err()).startsWith("bsee inspect: \u00e9\u00e9").contains("File name too long")
                .doesNotContain("\ufffd");
    }

    /// The current folder's name is decoded under the C locale as an argument is: in a folder
    /// `données` the tool refused every command, naming the folder as `donn\uFFFD\uFFFDes` and the
    /// remedy (a UTF-8 locale). The jar's launcher takes the remedy itself, as for an argument: the
    /// relative `--out` lands in that folder, and the paths printed are the folder's own.
    @Test
    void aCurrentFolderTheCLocaleMangledIsUsedUnderAUtf8Locale() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("donn\u00e9es"));
        ProcessBuilder convert = tool(List.of(), "folder", "convert", Fixtures.file("bsee-zip/ogora2024delimit.zip").toString(),
                "--out", "rel", "--progress", "none").directory(folder.toFile());
        convert.environment().put("LC_ALL", "C");
        convert.environment().remove("LANG");
        Process process = convert.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String out = Files.readString(dir.resolve("folder.out"), StandardCharsets.UTF_8);
        String err = Files.readString(dir.resolve("folder.err"), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(err).isZero();
        assertThat(err).isEmpty();
        assertThat(out).contains("1 entry written to " + folder.resolve("rel")).doesNotContain("\uFFFD");
        assertThat(folder.resolve("rel/ogora2024delimit.bin")).isNotEmptyFile();
    }

    @Test
    void failuresAndUsageErrorsArePrintedOnceWithTheirExitCodes() throws Exception {
        String missing = dir.resolve("missing.zip").toString();
        Run failed = run(List.of(), "failed", "convert", missing, "--out", dir.resolve("x").toString());
        assertThat(failed.exitCode()).isOne();
        assertThat(failed.out()).isEmpty();
        assertThat(failed.err()).isEqualTo("bsee convert: no such file or folder: " + missing + System.lineSeparator());

        Run traced = run(List.of(), "traced", "-v", "convert", missing, "--out", dir.resolve("x").toString());
        assertThat(traced.exitCode()).isOne();
        assertThat(traced.err().lines().filter(line -> line.startsWith("bsee convert: ")).count()).isOne();
        assertThat(traced.err().lines().filter(line -> line.startsWith("java.io.IOException: no such file")).count())
                .as(traced.err()).isOne();

        Run usage = run(List.of(), "usage", "convert", missing, "--bogus");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err().lines().filter(line -> line.startsWith("bsee convert: ")).count()).as(usage.err()).isOne();
    }

    /// The build rewrites picocli's Java 5 class files as Java 8 ones with stack maps, because the
    /// ahead-of-time cache cannot hold a class the old verifier checks: with a cache, every command
    /// then loads the command-line parser from it rather than reading and verifying it from the jar.
    @Test
    void theAheadOfTimeCacheHoldsTheCommandLineParser() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 25, "JDK 25 has the AOT cache");
        Path cache = dir.resolve("version.aot");
        Path log = dir.resolve("classes.log");
        Run record = run(List.of("-XX:AOTCacheOutput=" + cache), "record", "--version");
        assertThat(record.exitCode()).as(record.err()).isZero();
        assertThat(cache).isRegularFile();

        Run cached = run(List.of("-XX:AOTCache=" + cache, "-Xlog:class+load:file=" + log), "cached", "--version");

        assertThat(cached.exitCode()).as(cached.err()).isZero();
        assertThat(cached.out()).startsWith("bsee ");
        List<String> picocli = Files.readAllLines(log).stream().filter(line -> line.contains(" picocli.")).toList();
        assertThat(picocli).hasSizeGreaterThan(50)
                .allSatisfy(line -> assertThat(line).contains("source: shared objects file"));
    }

    /// `java -jar bsee.jar refresh --json` stopped at any moment once its child JVM exists: one
    /// document with the exit code (143) on standard output and the same words on standard error, no
    /// child JVM left once the launcher has ended, and nothing written after it. Stopped while the
    /// child JVM started, the run ended without a word; stopped before the child's first lines, it
    /// said `"exit_code": null`; and a stop between the child's start and the launcher's hook left
    /// the child running, printing, a second after the launcher had exited. The configuration is a
    /// pipe nobody writes, so the command waits once started.
    @Test
    void aSignalAtAnyMomentOfTheChildsStartLeavesOneDocumentAndNoChild() throws Exception {
        Path pipe = dir.resolve("config.yml");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        Path temporary = Files.createDirectories(dir.resolve("tmp"));
        for (int delay : new int[] {0, 10, 25, 50, 75, 100, 150, 200, 300, 500, 1000}) {
            String name = "stop-" + delay;
            Process launcher = tool(List.of("-Djava.io.tmpdir=" + temporary), name, "refresh", "--config", pipe.toString(),
                    "--base-dir", dir.resolve("base").toString(), "--json", "--progress", "none").start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (launcher.children().findAny().isEmpty() && launcher.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertThat(launcher.children().findAny()).as("the child JVM").isPresent();
            Thread.sleep(delay);
            launcher.destroy();
            assertThat(launcher.waitFor(1, TimeUnit.MINUTES)).as("hang guard").isTrue();
            assertThat(launcher.exitValue()).isEqualTo(143);
            String marker = "-D" + "bsee.parent.pid=" + launcher.pid();
            assertThat(ProcessHandle.allProcesses().filter(process -> process.isAlive()
                    && process.info().commandLine().orElse("").contains(marker)).toList())
                    .as("children of the launcher stopped after %d ms", delay).isEmpty();
            long written = Files.size(dir.resolve(name + ".out")) + Files.size(dir.resolve(name + ".err"));
            Thread.sleep(300);
            String out = Files.readString(dir.resolve(name + ".out"), StandardCharsets.UTF_8);
            String err = Files.readString(dir.resolve(name + ".err"), StandardCharsets.UTF_8);
            assertThat(Files.size(dir.resolve(name + ".out")) + Files.size(dir.resolve(name + ".err")))
                    .as("nothing written after the launcher ended").isEqualTo(written);
            try (java.util.stream.Stream<Path> left = Files.list(temporary)) {
                assertThat(left).as("the launcher's folders, after %d ms", delay).isEmpty();
            }
            List<com.fasterxml.jackson.databind.JsonNode> printed = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readerFor(com.fasterxml.jackson.databind.JsonNode.class)
                    .<com.fasterxml.jackson.databind.JsonNode>readValues(out).readAll();
            assertThat(printed).as("after %d ms: %s / %s", delay, out, err).hasSize(1);
            assertThat(printed.getFirst().path("exit_code").isInt()).as("after %d ms: %s", delay, out).isTrue();
            assertThat(printed.getFirst().path("exit_code").asInt()).isEqualTo(143);
            List<String> said = err.lines().filter(line -> line.startsWith("bsee refresh: ")).toList();
            assertThat(said).as("after %d ms: %s", delay, err).hasSize(1);
            assertThat(said.getFirst()).isEqualTo("bsee refresh: " + printed.getFirst().path("error").asText());
            assertThat(err).doesNotContain("logging failed");
        }
    }

    /// The launcher stopped by SIGINT or SIGHUP passes that signal on: the child's document and the
    /// launcher's exit code agree (130, 129). The child got a TERM, and the document said 143 of a
    /// process that ended with 130. Started through `env --default-signal`, as a terminal starts it:
    /// a script's background job ignores SIGINT.
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"INT, 130", "HUP, 129", "TERM, 143"})
    void theSignalThatStopsTheLauncherIsTheOneTheChildGets(String signal, int code) throws Exception {
        Path pipe = dir.resolve("config.yml");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        String name = "signal-" + signal;
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=" + signal, JAVA, "-jar", JAR.toString(),
                "refresh", "--config", pipe.toString(), "--base-dir", dir.resolve("base").toString(), "--json"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process launcher = builder.start();
        // Once the child has begun its command, waiting on the pipe.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (launcher.children().findAny().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(1500);
        assertThat(new ProcessBuilder("kill", "-s", signal, Long.toString(launcher.pid())).start().waitFor()).isZero();
        assertThat(launcher.waitFor(1, TimeUnit.MINUTES)).as("hang guard").isTrue();
        String out = Files.readString(dir.resolve(name + ".out"), StandardCharsets.UTF_8);
        assertThat(launcher.exitValue()).as(out).isEqualTo(code);
        com.fasterxml.jackson.databind.JsonNode document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
        assertThat(document.path("exit_code").asInt()).as(out).isEqualTo(code);
    }

    @Test
    void stoppingTheToolStopsTheChildWhichRemovesItsRunAndLeavesNoOutputHalfWritten() throws Exception {
        Converting converting = convertingInAChild("stopped");
        Path out = converting.out();
        Path staging = converting.staging();
        Process process = converting.tool();
        ProcessHandle child = converting.child();
        assertThat(child.info().arguments().map(List::of).orElseThrow()).contains("-Xmx200m", "-XX:+UseSerialGC");

        process.destroy();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.isAlive()).as("the child is gone when the tool has exited").isFalse();
        assertThat(out).as("no output written: the folder is made only for the renames").doesNotExist();
        // The child was passed the signal and removed its run itself, saying so once.
        assertThat(staging).doesNotExist();
        assertThat(Files.readString(dir.resolve("stopped.err")).lines().toList())
                .containsExactly("bsee convert: stopped before any rename; " + out + " is as it was");

        Run next = run(List.of(), "next", "convert", Fixtures.file("bsee-zip/ogoradelimit.zip").toString(), "--out",
                out.toString(), "--progress", "none");
        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(next.err()).doesNotContain("left by a convert that was killed");
        assertThat(staging).doesNotExist();
    }

    /// JDK 25+: a first conversion, whose child records the ahead-of-time cache, stopped (a TERM from
    /// a scheduler's timeout, Ctrl-C): this JVM ended with its hooks before it removed what the run
    /// had made, and left the child's 20 MB recording beside the jar and its exit-code folder in the
    /// temporary folder, one more of each every time. Both go now.
    @Test
    void aFirstRunStoppedLeavesNoRecordingBesideTheJarAndNothingInTheTemporaryFolder() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 25, "ahead-of-time caches need JDK 25");
        FirstRun first = firstRunConverting("stopped-first");
        Process process = first.tool();
        Path out = first.out();
        Path tool = first.jar().getParent();
        Path tmp = first.tmp();

        process.destroy();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("stopped-first.err")).lines().toList())
                .containsExactly("bsee convert: stopped before any rename; " + out + " is as it was");
        try (Stream<Path> files = Files.list(tool)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("bsee.jar");
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).isEmpty();
        }
    }

    /// `kill -9` of the tool cannot reach its child: the child sees its parent gone, stops as a
    /// `kill` would stop it (removing its run, saying so) and commits nothing. It went on
    /// converting, held the folder's lock, and wrote the output seconds after the tool had "died".
    @Test
    void killingTheToolWithNineStopsTheChildToo() throws Exception {
        Converting converting = convertingInAChild("killed");
        Path out = converting.out();
        Path staging = converting.staging();
        Process process = converting.tool();
        ProcessHandle child = converting.child();

        process.destroyForcibly();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.onExit().get(10, TimeUnit.SECONDS).isAlive()).as("the child stopped").isFalse();
        assertThat(out).as("nothing committed").doesNotExist();
        assertThat(staging).as("the child removed its run").doesNotExist();
        assertThat(Files.readString(dir.resolve("killed.err")).lines().toList())
                .containsExactly("bsee convert: stopped before any rename; " + out + " is as it was");
    }

    /// A first run (no cache beside the jar: the child records one) whose tool is killed with -9:
    /// the child stops, and the folder the tool made in the temporary folder for the child's exit
    /// code goes with it. Each such run left an empty `bsee-exit-*` folder there, which nothing
    /// removed. The recording the child's JVM writes as it exits stays beside the jar until the
    /// next recording run removes it (a process gone): the JVM writes it after the tool's last code.
    @Test
    void aFirstRunWhoseToolIsKilledWithNineLeavesNothingInTheTemporaryFolder() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 25, "ahead-of-time caches need JDK 25");
        FirstRun first = firstRunConverting("killed-first");
        Process process = first.tool();
        ProcessHandle child = awaitChild(process);

        process.destroyForcibly();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.onExit().get(30, TimeUnit.SECONDS).isAlive()).as("the child stopped").isFalse();
        assertThat(first.out()).as("nothing committed").doesNotExist();
        try (Stream<Path> files = Files.list(first.tmp())) {
            assertThat(files).as("the child removed the folder of its exit code").isEmpty();
        }
    }

    /// The child JVM killed with -9 (`kill -9`, the kernel's out-of-memory killer), which no handler of
    /// its own sees: `java -jar` exited with 137 without a word. It says in one line that the JVM
    /// running the command was killed and that the next command on the folder removes what it left,
    /// and exits with the child's code; the next convert does so.
    @Test
    void aChildKilledWithNineIsSaidInOneLine() throws Exception {
        Converting converting = convertingInAChild("child-killed");

        converting.child().destroyForcibly();

        assertThat(converting.tool().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(converting.tool().exitValue()).isEqualTo(137);
        assertThat(Files.readString(dir.resolve("child-killed.err")).lines().toList()).containsExactly(
                "bsee convert: the JVM running the command (pid " + converting.child().pid() + ") was killed by signal 9"
                        + " (KILL); the next convert into the same folder removes or completes what it left");
        assertThat(converting.out()).as("nothing committed").doesNotExist();
        Run next = run(List.of(), "next", convert("child-killed"));
        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(converting.staging()).doesNotExist();
    }

    /// A first conversion in a child JVM that records the ahead-of-time cache: `java -jar` of a copy
    /// of the jar alone in a folder of its own, with a temporary folder of its own: the jar, that
    /// temporary folder, the folder it writes and the tool's process.
    private record FirstRun(Path jar, Path tmp, Path out, Process tool) {
    }

    /// Starts a [FirstRun] into the folder `name` and returns once its child is converting and
    /// keeps its exit-code folder in the temporary folder.
    private FirstRun firstRunConverting(String name) throws IOException, InterruptedException {
        Path tool = Files.createDirectories(dir.resolve(name + "-tool"));
        Path jar = Files.copy(JAR, tool.resolve("bsee.jar"));
        Path tmp = Files.createDirectories(dir.resolve(name + "-tmp"));
        Path out = dir.resolve(name);
        Path staging = out.resolveSibling("." + out.getFileName() + ".tmp");
        ProcessBuilder builder = new ProcessBuilder(JAVA, "-Djava.io.tmpdir=" + tmp, "-jar", jar.toString(), "convert",
                Fixtures.file("bsee-zip/ProductionRawData-2008-2024.zip").toString(), "--out", out.toString(),
                "--parallel", "1", "--progress", "none")
                .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("BSEE_AOT");
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!hasRun(staging) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(hasRun(staging)).isTrue();
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(file -> file.getFileName().toString())).as("the run keeps its exit code there")
                    .singleElement().asString().startsWith("bsee-exit-");
        }
        return new FirstRun(jar, tmp, out, process);
    }

    /// A tool converting in its child JVM: the folder it writes, the staging folder beside it, the
    /// tool's process and the child's.
    private record Converting(Path out, Path staging, Process tool, ProcessHandle child) {
    }

    /// `java -jar bsee.jar convert` of the production archive into the folder `name`, returned once
    /// its child is converting: the staging folder holds a run.
    private Converting convertingInAChild(String name) throws IOException, InterruptedException {
        Path out = dir.resolve(name);
        String archive = Fixtures.file("bsee-zip/ProductionRawData-2008-2024.zip").toString();
        Process process = tool(List.of(), name, "convert", archive, "--out", out.toString(), "--parallel", "1",
                "--progress", "none").start();
        Path staging = out.resolveSibling("." + out.getFileName() + ".tmp");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!hasRun(staging) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(hasRun(staging)).isTrue();
        return new Converting(out, staging, process, awaitChild(process));
    }

    private static boolean hasRun(Path staging) throws IOException {
        if (!Files.isDirectory(staging)) {
            return false;
        }
        try (Stream<Path> files = Files.list(staging)) {
            return files.anyMatch(file -> file.getFileName().toString().startsWith("run-"));
        }
    }

    private static ProcessHandle awaitChild(Process process) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> parentArguments = process.info().arguments().map(List::of).orElse(List.of());
        while (System.nanoTime() < deadline) {
            // Until the child has started, the process there is the JDK's jspawnhelper, and before
            // that, between the spawn's fork and its exec, a copy of the parent: its own java with
            // the parent's arguments. The child is a java with arguments of its own.
            Optional<ProcessHandle> child = process.children()
                    .filter(handle -> handle.info().command().orElse("").endsWith("/java"))
                    .filter(handle -> handle.info().arguments().map(List::of)
                            .filter(arguments -> !arguments.equals(parentArguments)).isPresent())
                    .findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            assertThat(process.isAlive()).as("the tool is still running").isTrue();
            Thread.sleep(10);
        }
        throw new AssertionError("no child JVM within 30 s");
    }
}
