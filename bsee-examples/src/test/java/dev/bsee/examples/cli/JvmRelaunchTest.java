package dev.bsee.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/// When `java -jar bsee.jar` runs a command in a child JVM, and with which options.
class JvmRelaunchTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static List<String> convert() {
        return List.of("convert", "a.zip", "--out", "out", "--progress", "none");
    }

    @Test
    void aHeavyCommandFromTheJarWithoutOptionsGetsTheLaunchersMemorySettingsThenTheUsersOwnOptions() {
        assertThat(JvmRelaunch.childOptions(convert(), List.of("-Dfile.encoding=UTF-8", "-ea"), true, true, 25))
                .contains(List.of("-Xmx200m", "-XX:+UseSerialGC", "-XX:+DisplayVMOutputToStderr", "-XX:-UsePerfData", "-Xlog:disable",
                        "-Xlog:all=warning:stderr", "-XX:+UseTransparentHugePages",
                        "--sun-misc-unsafe-memory-access=allow", "-Dfile.encoding=UTF-8", "-ea"));
        assertThat(JvmRelaunch.childOptions(convert(), List.of("-Dfile.encoding=UTF-8"), true, true, 25).orElseThrow())
                .as("the JVM's log warnings on stderr, before the user's own options")
                .containsSubsequence("-Xlog:disable", "-Xlog:all=warning:stderr", "-Dfile.encoding=UTF-8");
        assertThat(JvmRelaunch.childOptions(List.of("-v", "refresh", "--config", "c.yml"), List.of(), true, false, 21))
                .as("no huge pages where the kernel does not hand them out on request; no Unsafe flag before JDK 23")
                .contains(List.of("-Xmx200m", "-XX:+UseSerialGC", "-XX:+DisplayVMOutputToStderr", "-XX:-UsePerfData", "-Xlog:disable",
                        "-Xlog:all=warning:stderr"));
        assertThat(JvmRelaunch.childOptions(List.of("demo"), List.of(), true, false, 23))
                .contains(List.of("-Xmx200m", "-XX:+UseSerialGC", "-XX:+DisplayVMOutputToStderr", "-XX:-UsePerfData", "-Xlog:disable",
                        "-Xlog:all=warning:stderr", "--sun-misc-unsafe-memory-access=allow"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-Xmx1g", "-Xms64m", "-XX:MaxHeapSize=1073741824", "-XX:MaxRAMPercentage=50",
        "-XX:MaxRAM=4g", "-XX:InitialRAMPercentage=10", "-XX:+UseG1GC", "-XX:+UseParallelGC", "-XX:+UseZGC",
        "-XX:-UseSerialGC", "-XX:AOTCache=x.aot", "-XX:AOTMode=record", "-XX:SharedArchiveFile=x.jsa",
        "-javaagent:agent.jar", "-agentlib:jdwp=transport=dt_socket,server=y", "-XX:VMOptionsFile=opts"})
    void theUsersOwnMemoryCollectorCacheOrAgentOptionsKeepTheCommandInTheirJvm(String option) {
        assertThat(JvmRelaunch.childOptions(convert(), List.of("-Dx=1", option), true, true, 25)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "help", "dump", "inspect", "portal", ""})
    void lightCommandsRunInThisJvm(String command) {
        assertThat(JvmRelaunch.childOptions(command.isEmpty() ? List.of() : List.of(command, "x"), List.of(), true, true, 25))
                .isEmpty();
    }

    /// The line after a child killed with -9 names what repairs its leftovers: a convert's only the
    /// next convert into its folder sees (`.DIR.tmp`); a refresh's, the next refresh or status. It
    /// promised a refresh or status would clean up after a convert, which neither does.
    @Test
    void theLineAfterAKilledChildNamesTheCommandThatRepairsItsLeftovers() {
        assertThat(JvmRelaunch.killedLine("convert", 42)).endsWith("; the next convert into the same folder removes or"
                + " completes what it left").doesNotContain("status");
        assertThat(JvmRelaunch.killedLine("refresh", 42)).endsWith("; the next refresh or status of the same folders"
                + " removes or completes what it left");
        assertThat(JvmRelaunch.killedLine("demo", 42)).contains("the next refresh or status");
    }

    @Test
    void helpVersionAndRunsNotFromTheJarStayInThisJvm() {
        assertThat(JvmRelaunch.childOptions(List.of("convert", "--help"), List.of(), true, true, 25)).isEmpty();
        assertThat(JvmRelaunch.childOptions(List.of("-V"), List.of(), true, true, 25)).isEmpty();
        assertThat(JvmRelaunch.childOptions(convert(), List.of(), false, true, 25)).as("classes folder").isEmpty();
    }

    @Test
    void theCommandIsTheFirstArgumentThatIsNotAnOption() {
        assertThat(JvmRelaunch.command(List.of("-v", "--verbose", "convert", "x.zip"))).isEqualTo("convert");
        assertThat(JvmRelaunch.command(List.of("-vv"))).isEmpty();
    }

    /// bin/bsee and this class give the JVM the same memory settings, under the same conditions.
    @Test
    void theOptionsAreTheLaunchersOwn() throws IOException {
        String script = Files.readString(ROOT.resolve("bin/bsee"));
        Matcher memory = Pattern.compile("(?m)^opts=\\(([^)]*)\\)$").matcher(script);
        assertThat(memory.find()).as("bin/bsee's opts=(...) line").isTrue();
        // The heap is the conversions' (the commands the child runs); inspect and dump keep the JVM's.
        Matcher heap = Pattern.compile("(?m)^  \\*\\) opts\\+=\\((-Xmx\\S+)\\) ;;$").matcher(script);
        assertThat(heap.find()).as("bin/bsee's heap for the conversions").isTrue();
        List<String> launcher = new java.util.ArrayList<>(List.of(heap.group(1)));
        launcher.addAll(List.of(memory.group(1).trim().split("\\s+")));
        assertThat(launcher).isEqualTo(JvmRelaunch.MEMORY_OPTIONS);
        assertThat(script).contains("read -r huge_page_mode < " + JvmRelaunch.HUGE_PAGE_MODE);
        assertThat(script).containsPattern(Pattern.quote("if [[ $huge_page_mode == *\"[madvise]\"* ]]; then")
                + "\\s+opts\\+=\\(" + Pattern.quote(JvmRelaunch.HUGE_PAGES) + "\\)");
        assertThat(script).containsPattern("if \\[ \"\\$java_version\" -ge 23 \\]; then\\s+opts\\+=\\("
                + Pattern.quote(JvmRelaunch.UNSAFE_MEMORY_ACCESS) + "\\)");
        assertThat(script).contains("exec \"$java\" \"${opts[@]}\" -XX:AOTCache=\"$cache\" -D"
                + JvmRelaunch.AotCache.CACHE_PROPERTY + "=\"$cache\"");
        assertThat(script).containsPattern("if \\[ \"\\$java_version\" = 25 \\]; then\\s+case \"\\$subcommand\" in\\s+"
                + Pattern.quote("convert|refresh) opts+=(" + String.join(" ", JvmRelaunch.AotCache.EAGER_COMPILATION) + ")"));
    }

    /// Where the cache goes when the jar's folder is not writable: an absolute XDG_CACHE_HOME, else
    /// `.cache` in an absolute home, else nowhere (`?`, the JDK's home of a user without an account,
    /// is the current folder's `?`).
    @Test
    void theUsersCacheFolderIsAnAbsolutePathOrNone() {
        assertThat(JvmRelaunch.AotCache.userCacheFolder("/x/cache", "/home/u")).contains(Path.of("/x/cache"));
        assertThat(JvmRelaunch.AotCache.userCacheFolder(null, "/home/u")).contains(Path.of("/home/u/.cache"));
        assertThat(JvmRelaunch.AotCache.userCacheFolder("relative", "/home/u")).contains(Path.of("/home/u/.cache"));
        assertThat(JvmRelaunch.AotCache.userCacheFolder("", "?")).isEmpty();
        assertThat(JvmRelaunch.AotCache.userCacheFolder(null, null)).isEmpty();
        assertThat(JvmRelaunch.AotCache.userCacheFolder("a\0b", "x")).isEmpty();
    }

    /// A `java -jar` killed with -9 while its child recorded left the child's 20 MB recording beside
    /// the jar, named after the dead process, and nothing ever removed it: the next run that records
    /// does, and leaves those of live processes, links and other files alone.
    @Test
    void recordingsOfProcessesGoneAreRemovedByTheNextRecordingRun(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path jar = Files.writeString(dir.resolve("bsee.jar"), "a jar");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = Files.writeString(dir.resolve(".bsee-25.0.1+9-1-2-convert-jar.aot." + gone.pid() + ".aotconf"), "left");
        Path running = Files.writeString(dir.resolve(".bsee-25.0.1+9-1-2-refresh-jar.aot." + ProcessHandle.current().pid()
                + ".aotconf"), "being recorded");
        Path victim = Files.writeString(dir.resolve("victim"), "not the tool's");
        Path link = Files.createSymbolicLink(dir.resolve(".bsee-25.0.1+9-1-2-demo-jar.aot." + gone.pid() + ".aotconf"), victim);
        Path scripts = Files.writeString(dir.resolve(".bsee-25.0.1+9-1-2." + gone.pid() + ".aotconf"), "bin/bsee's");
        // A cache half made when its `java -jar` was stopped, and one being made now.
        Path halfMade = Files.writeString(dir.resolve("bsee-25.0.1+9-1-2-convert-jar.aot." + gone.pid() + ".tmp"), "half");
        Path beingMade = Files.writeString(dir.resolve("bsee-25.0.1+9-1-2-refresh-jar.aot." + ProcessHandle.current().pid()
                + ".tmp"), "being made");

        JvmRelaunch.AotCache recording = JvmRelaunch.AotCache.of(jar, "convert", 25).orElseThrow();

        assertThat(recording.recording()).isNotNull();
        assertThat(stale).doesNotExist();
        assertThat(running).hasContent("being recorded");
        assertThat(link).isSymbolicLink();
        assertThat(victim).hasContent("not the tool's");
        assertThat(scripts).as("bin/bsee removes its own").hasContent("bin/bsee's");
        assertThat(halfMade).doesNotExist();
        assertThat(beingMade).hasContent("being made");
    }

    @Test
    void theChildsAheadOfTimeCacheIsRecordedWhenMissingAndUsedOnceMade(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path jar = Files.writeString(dir.resolve("bsee.jar"), "a jar");
        assertThat(JvmRelaunch.AotCache.of(jar, "convert", 24)).as("JDK 24 has no one-step caches").isEmpty();

        String name = "bsee-" + System.getProperty("java.runtime.version") + "-5-"
                + Files.getLastModifiedTime(jar).to(java.util.concurrent.TimeUnit.SECONDS) + "-refresh-jar.aot";
        JvmRelaunch.AotCache missing = JvmRelaunch.AotCache.of(jar, "refresh", 25).orElseThrow();
        assertThat(missing.file()).isEqualTo(dir.resolve(name));
        assertThat(missing.recording().getParent()).isEqualTo(dir);
        assertThat(missing.runOptions()).contains("-XX:AOTMode=record", "-XX:AOTConfiguration=" + missing.recording(),
                "-XX:CompileThresholdScaling=2", "-Xlog:aot=off:stderr").noneMatch(option -> option.startsWith("-XX:AOTCache="))
                .as("a recording has no profiles to compile from").doesNotContain("-XX:+AOTCompileEagerly");

        Path cache = dir.resolve(name.replace("-jar.aot", "-jar." + crc32c("a cache") + ".aot"));
        Files.writeString(cache, "a cache");
        JvmRelaunch.AotCache made = JvmRelaunch.AotCache.of(jar, "refresh", 25).orElseThrow();
        assertThat(made.recording()).isNull();
        assertThat(made.file()).isEqualTo(cache);
        assertThat(made.runOptions()).contains("-XX:AOTCache=" + cache, "-XX:CompileThresholdScaling=2",
                        "-D" + JvmRelaunch.AotCache.CACHE_PROPERTY + "=" + cache)
                .containsSubsequence(JvmRelaunch.AotCache.EAGER_COMPILATION)
                .as("checked by the launcher, not by the JVM's faulting in every page")
                .doesNotContain("-XX:+VerifySharedSpaces")
                .noneMatch(option -> option.startsWith("-XX:AOTMode"));
        assertThat(JvmRelaunch.AotCache.of(jar, "refresh", 26).orElseThrow().runOptions())
                .as("a JDK the experimental flag was not measured on may not know it").contains("-XX:CompileThresholdScaling=2")
                .doesNotContain("-XX:+AOTCompileEagerly");
        assertThat(JvmRelaunch.AotCache.of(jar, "demo", 25).orElseThrow().runOptions())
                .as("the demo compiles as it comes").doesNotContain("-XX:CompileThresholdScaling=2", "-XX:+AOTCompileEagerly");
    }

    /// The JVM refuses a cache path with `:` in it: a jar in such a folder gets no cache (the child
    /// failed, exit 1 and nothing said, when one was recorded there), and neither does a user's cache
    /// folder of such a path.
    @Test
    void noCacheGoesUnderAPathWithAColon(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path jar = Files.writeString(Files.createDirectories(dir.resolve("v1:2")).resolve("bsee.jar"), "a jar");
        assertThat(JvmRelaunch.AotCache.of(jar, "convert", 25)).isEmpty();
        Path plain = Files.writeString(Files.createDirectories(dir.resolve("v1")).resolve("bsee.jar"), "a jar");
        assertThat(JvmRelaunch.AotCache.of(plain, "convert", 25)).isPresent();
    }

    /// The folder the JVM is in is the one it was started in, unless it moved into its performance-data
    /// folder (`/tmp/hsperfdata_<user>`) as it started from a folder it could not open.
    @Test
    void aJvmThatMovedIntoItsPerformanceDataFolderIsToldFromOneStartedThere(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path started = Files.createDirectories(dir.resolve("home"));
        String perfData = "/tmp/hsperfdata_alice";
        assertThat(JvmRelaunch.movedAtStart(perfData, started.toString(), "alice")).get().asString()
                .startsWith("the JVM moved to " + perfData + " as it started, since it could not open the folder it was"
                        + " started in");
        assertThat(JvmRelaunch.movedAtStart(perfData, perfData, "alice")).as("started there").isEmpty();
        // A service's WorkingDirectory= sets no PWD, and a program may pass on a stale or relative one.
        for (String pwd : new String[] {null, "relative", "/no/such/folder"}) {
            assertThat(JvmRelaunch.movedAtStart(perfData, pwd, "alice")).as("PWD %s", pwd).isPresent();
        }
        assertThat(JvmRelaunch.movedAtStart(started.toString(), perfData, "alice")).as("not moved").isEmpty();
        assertThat(JvmRelaunch.movedAtStart(perfData, started.toString(), "bob")).as("another user's").isEmpty();
        Path namesake = Files.createDirectories(dir.resolve("hsperfdata_alice"));
        assertThat(JvmRelaunch.movedAtStart(namesake.toString(), null, "alice")).as("a folder of that name elsewhere")
                .isEmpty();
    }

    /// A cache damaged on disk (bytes flipped, cut short) crashed every run at start-up; its checksum
    /// no longer matches its name, so it is removed and recorded again. A cache whose checksum
    /// matches is used whatever else stands beside it, and a folder, a link or another user's file
    /// under a cache's name is left alone, with no cache and no recording for the run.
    @Test
    void aCacheWhoseChecksumIsNotItsNamesIsRemovedAndRecordedAgain(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path jar = Files.writeString(dir.resolve("bsee.jar"), "a jar");
        String stem = "bsee-" + System.getProperty("java.runtime.version") + "-5-"
                + Files.getLastModifiedTime(jar).to(java.util.concurrent.TimeUnit.SECONDS) + "-convert-jar.";
        Path damaged = Files.writeString(dir.resolve(stem + crc32c("a cache") + ".aot"), "a cachf");
        Path cut = Files.writeString(dir.resolve(stem + crc32c("another cache") + ".aot"), "another cach");
        Path launchers = Files.writeString(dir.resolve(stem.replace("-jar.", ".") + "1.aot"), "bin/bsee's, not checked here");

        JvmRelaunch.AotCache recording = JvmRelaunch.AotCache.of(jar, "convert", 25).orElseThrow();
        assertThat(recording.recording()).as("recorded again").isNotNull();
        assertThat(damaged).doesNotExist();
        assertThat(cut).doesNotExist();
        assertThat(launchers).exists();

        Path intact = Files.writeString(dir.resolve(stem + crc32c("a cache") + ".aot"), "a cache");
        Files.writeString(dir.resolve(stem + crc32c("x") + ".aot"), "y");
        assertThat(JvmRelaunch.AotCache.of(jar, "convert", 25).orElseThrow().file()).isEqualTo(intact);
        Files.delete(intact);

        Path victim = Files.writeString(dir.resolve("victim"), "not the tool's");
        Path link = Files.createSymbolicLink(dir.resolve(stem + crc32c("not the tool's") + ".aot"), victim);
        assertThat(JvmRelaunch.AotCache.of(jar, "convert", 25)).as("a link is no cache, and no place to record one").isEmpty();
        assertThat(link).isSymbolicLink();
        assertThat(victim).hasContent("not the tool's");
        Files.delete(link);
        Path folder = Files.createDirectories(dir.resolve(stem + "7.aot"));
        assertThat(JvmRelaunch.AotCache.of(jar, "convert", 25)).isEmpty();
        assertThat(folder).isDirectory();
    }

    private static long crc32c(String text) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /// A launcher's cache the JVM could not map (its `java.vm.info` then lacks `sharing`) is removed
    /// so that the next run makes a new one; anything else is left alone.
    @Test
    void aCacheTheJvmCouldNotUseIsRemovedAndNothingElse(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path cache = Files.writeString(dir.resolve("bsee-25.0.3+9-LTS-13-17-convert.123.aot"), "damaged");
        Path jarCache = Files.writeString(dir.resolve("bsee-25.0.3+9-LTS-13-17-refresh-jar.456.aot"), "damaged");
        Path users = Files.writeString(dir.resolve("mine.aot"), "the user's own");
        List<String> options = List.of("-Xmx200m", "-XX:AOTCache=" + cache, "-D" + JvmRelaunch.AotCache.CACHE_PROPERTY + "=" + cache);
        // A cache the user named is never removed, even under a launcher's name and in its folder.
        assertThat(JvmRelaunch.AotCache.discardUnusable("mixed mode", () -> List.of("-XX:AOTCache=" + cache)))
                .as("named by the user").isEmpty();

        assertThat(JvmRelaunch.AotCache.discardUnusable("mixed mode, sharing", () -> options)).as("in use").isEmpty();
        assertThat(JvmRelaunch.AotCache.discardUnusable("mixed mode", () -> List.of("-XX:AOTCache=" + cache,
                "-D" + JvmRelaunch.AotCache.CACHE_PROPERTY + "=" + cache, "-Xshare:off")))
                .as("the user turned sharing off").isEmpty();
        assertThat(JvmRelaunch.AotCache.discardUnusable("mixed mode", () -> List.of("-XX:AOTCache=" + cache,
                "-D" + JvmRelaunch.AotCache.CACHE_PROPERTY + "=" + cache, "-XX:AOTCache=" + users))).as("the user's own cache, named last, is the one the JVM tried").isEmpty();
        assertThat(JvmRelaunch.AotCache.discardUnusable("mixed mode", () -> List.of("-Xmx200m"))).isEmpty();
        assertThat(cache).hasContent("damaged");
        assertThat(users).hasContent("the user's own");

        assertThat(JvmRelaunch.AotCache.discardUnusable("mixed mode", () -> options)).contains(cache);
        assertThat(cache).doesNotExist();
        assertThat(JvmRelaunch.AotCache.discardUnusable("interpreted mode", () -> List.of("-XX:AOTCache=" + jarCache,
                "-D" + JvmRelaunch.AotCache.CACHE_PROPERTY + "=" + jarCache))).contains(jarCache);
        assertThat(jarCache).doesNotExist();
        assertThat(JvmRelaunch.AotCache.discardUnusable("mixed mode", () -> options)).as("already gone").isEmpty();

        // A link planted where the cache goes is not the launcher's to remove, nor is what it points to.
        Path link = Files.createSymbolicLink(cache, users);
        assertThat(JvmRelaunch.AotCache.discardUnusable("mixed mode", () -> options)).isEmpty();
        assertThat(link).isSymbolicLink();
        assertThat(users).hasContent("the user's own");
    }

    /// Another user's cache in a shared install (a folder of the group's, the caches mode 600) looks
    /// to the JVM as a damaged one does, and was deleted by the first run of each other user.
    @Test
    void anotherUsersCacheIsLeftAlone(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path cache = Files.writeString(dir.resolve("bsee-25.0.3+9-LTS-13-17-convert.123.aot"), "someone else's");
        List<String> options = List.of("-XX:AOTCache=" + cache, "-D" + JvmRelaunch.AotCache.CACHE_PROPERTY + "=" + cache);
        assertThat(JvmRelaunch.AotCache.ownedByThisProcess(cache)).as("made by this process").isTrue();
        int me = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (me == 0) {
            // Root makes another user's file here; any other user finds one in the system's folders.
            Files.setAttribute(cache, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
        } else {
            cache = Path.of("/etc/passwd");
        }

        assertThat(JvmRelaunch.AotCache.ownedByThisProcess(cache)).isFalse();
        if (me == 0) {
            assertThat(JvmRelaunch.AotCache.discardUnusable("mixed mode", () -> options)).isEmpty();
            assertThat(cache).hasContent("someone else's");
        }
    }
}
