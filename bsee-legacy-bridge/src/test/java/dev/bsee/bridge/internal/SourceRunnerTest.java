package dev.bsee.bridge.internal;

import dev.bsee.binary.PickleDialect;
import dev.bsee.bridge.FileReport;
import dev.bsee.bridge.RefreshPath;
import dev.bsee.bridge.SourceOutcome;
import dev.bsee.bridge.SourceReport;
import dev.bsee.core.ObjectColumn;
import dev.bsee.core.ProgressListener;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/// What a source reports when the work after its commit fails: saving the download state, which
/// only spares the next download. Before, a full disk at that moment made the source "failed;
/// nothing changed in DIR" although DIR held the new files and the manifest listed them.
class SourceRunnerTest {

    private static final Staging.TableWriter TEXT = (table, out) -> out.write(table.toString().getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path base;

    @org.junit.jupiter.api.Test
    void theFailureLineNamesTheSourceOnce() {
        assertThat(SourceRunner.withoutSubject("eor", "source eor (https://x.org/eor.zip): gave up after 4 attempts"))
                .isEqualTo("https://x.org/eor.zip: gave up after 4 attempts");
        assertThat(SourceRunner.withoutSubject("eor", "source eorx (https://x.org/a.zip): gave up"))
                .isEqualTo("source eorx (https://x.org/a.zip): gave up");
        assertThat(SourceRunner.withoutSubject("eor", "eor.zip: entry x.txt: line 3: bad")).isEqualTo("eor.zip: entry x.txt: line 3: bad");
        // A series' archive, which fails as a source of its own id.
        List<String> series = List.of("ogora", "ogora2023delimit", "ogoradelimit");
        assertThat(SourceRunner.withoutSubject(series, "source ogora2023delimit (https://x.org/ogora2023delimit.zip): HTTP 200"
                + " is not a zip archive")).isEqualTo("https://x.org/ogora2023delimit.zip: HTTP 200 is not a zip archive");
        assertThat(SourceRunner.withoutSubject(series, "source ogora2019delimit (https://x.org/a.zip): gave up"))
                .isEqualTo("source ogora2019delimit (https://x.org/a.zip): gave up");
    }

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger("dev.bsee.bridge");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureWarnings() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        logger.removeHandler(capture);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aDownloadStateThatCannotBeSavedFailsNothingAndIsReportedOnce(boolean unchanged) throws IOException {
        Path folder = base.resolve("data/modules/bsee/bin/war");
        SourcePlan plan = enhancedPlan("war", folder);
        Path stateFile = OutputFolder.of(folder).stateFile();
        SourceRunner runner = runner();

        SourceReport report = runner.run(plan, (staging, tally) -> {
            if (!unchanged) {
                staging.write("a.txt", "a.bin", Table.builder().column("NAME", ObjectColumn.of("new")).build(), TEXT);
            }
            return new SourceRunner.Conversion(Optional.empty(), unchanged, Optional.empty(), Optional.empty(), () -> {
                throw new FileSystemException(stateFile.toString(), null, "No space left on device");
            });
        });

        assertThat(report.outcome()).as(report.errors().toString())
                .isEqualTo(unchanged ? SourceOutcome.UNCHANGED : SourceOutcome.UPDATED);
        assertThat(report.errors()).isEmpty();
        if (!unchanged) {
            assertThat(report.files()).extracting(FileReport::file).containsExactly("a.bin");
            assertThat(folder.resolve("a.bin")).content().contains("new");
        }
        assertThat(warnings).singleElement().asString()
                .contains("could not save the download state")
                .contains(stateFile + ": No space left on device")
                .contains("the next refresh downloads the source in full");
    }

    /// A refresh interrupted just after its commit (the caller's cancel) cannot save the download
    /// state through its interrupted channel: a deliberate stop, said at debug level, not a warning
    /// with a stack trace. The files are in place and the source reports its update.
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aDownloadStateNotSavedBecauseTheRefreshWasStoppedIsNoWarning(boolean closedChannel) throws IOException {
        Path folder = base.resolve("data/modules/bsee/bin/war");
        SourcePlan plan = enhancedPlan("war", folder);
        SourceRunner runner = runner();

        SourceReport report;
        try {
            report = runner.run(plan, (staging, tally) -> {
                staging.write("a.txt", "a.bin", Table.builder().column("NAME", ObjectColumn.of("new")).build(), TEXT);
                return new SourceRunner.Conversion(Optional.empty(), false, Optional.empty(), Optional.empty(), () -> {
                    Thread.currentThread().interrupt();
                    throw closedChannel ? new java.nio.channels.ClosedByInterruptException()
                            : new java.io.InterruptedIOException("interrupted while waiting to write the state");
                });
            });
        } finally {
            Thread.interrupted();
        }

        assertThat(report.outcome()).as(report.errors().toString()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(warnings).noneSatisfy(line -> assertThat(line).contains("could not save the download state"));
    }

    /// A failure whose record cannot be written (a disk full to its last byte) was logged at debug
    /// level only, and `bsee status` then said all was well; it is a warning now.
    @org.junit.jupiter.api.Test
    void aFailureThatCannotBeRecordedIsAWarning() throws IOException {
        Path folder = base.resolve("data/modules/bsee/bin/war");
        SourcePlan plan = enhancedPlan("war", folder);
        Path failureFile = OutputFolder.of(folder).failureFile();
        SourceRunner runner = runner();

        SourceReport report = runner.run(plan, (staging, tally) -> {
            // Once the run is under way, a folder in the record's place, with a file in it: no file
            // can be renamed over it, as none can be written on a full disk.
            Files.createDirectories(failureFile.resolve("taken"));
            throw new FileSystemException(folder.resolve("a.bin").toString(), null, "No space left on device");
        });

        assertThat(report.outcome()).isEqualTo(SourceOutcome.FAILED);
        // The failure, and that it could not be recorded.
        assertThat(warnings).hasSize(2).anySatisfy(line -> assertThat(line).contains("source war (enhanced) failed:",
                "No space left on device")).anySatisfy(line -> assertThat(line).contains(
                "source war (enhanced): could not record this failure in " + failureFile, "so bsee status will not report it"));
    }

    /// A record whose place the source's failure itself is about (a folder where `last-failure.json`
    /// goes): the failure is said once, not again as a warning that it could not be recorded.
    @org.junit.jupiter.api.Test
    void aFailureAboutTheRecordsOwnPlaceIsSaidOnce() throws IOException {
        Path folder = base.resolve("data/modules/bsee/bin/war");
        SourcePlan plan = enhancedPlan("war", folder);
        Path failureFile = OutputFolder.of(folder).failureFile();
        Files.createDirectories(failureFile.resolve("taken"));
        SourceRunner runner = runner();

        SourceReport report = runner.run(plan, (staging, tally) -> {
            throw new AssertionError("the run stops before it downloads");
        });

        assertThat(report.outcome()).isEqualTo(SourceOutcome.FAILED);
        assertThat(warnings).singleElement().asString().contains("source war (enhanced) failed:",
                failureFile.getFileName().toString());
    }

    /// A source the refresh stops (another source ended unexpectedly and the others were cancelled)
    /// cannot write its record through an interrupted channel: that is no warning, where one named
    /// a `ClosedByInterruptException` of a failure that was never said.
    @org.junit.jupiter.api.Test
    void aStoppedSourceWhoseRecordCannotBeWrittenIsNoWarning() throws IOException {
        Path folder = base.resolve("data/modules/bsee/bin/war");
        SourcePlan plan = enhancedPlan("war", folder);
        SourceRunner runner = runner();

        SourceReport report;
        try {
            report = runner.run(plan, (staging, tally) -> {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while downloading");
            });
        } finally {
            Thread.interrupted();
        }

        assertThat(report.outcome()).isEqualTo(SourceOutcome.FAILED);
        assertThat(warnings).noneSatisfy(line -> assertThat(line).contains("could not record this failure"));
    }

    /// A source that runs the JVM out of heap (a hostile archive past the other limits) is that
    /// source's failure, recorded for `bsee status`, its previous files untouched. The error passed
    /// by: the refresh ended in a line naming no source, and `bsee status` said the source had never
    /// refreshed, or showed its previous success.
    @ParameterizedTest
    @ValueSource(strings = {"Java heap space", "unable to create native thread: possibly out of memory"})
    void runningOutOfMemoryIsTheSourcesRecordedFailure(String reason) throws IOException {
        Path folder = base.resolve("data/modules/bsee/bin/war");
        SourcePlan plan = enhancedPlan("war", folder);
        SourceRunner runner = runner();
        runner.run(plan, writing("mv_war_main", "old"));
        warnings.clear();

        SourceReport report = runner.run(plan, (staging, tally) -> {
            staging.write("mv_war_main.txt", "mv_war_main.bin", Table.builder().column("NAME", ObjectColumn.of("new")).build(), TEXT);
            throw new OutOfMemoryError(reason);
        });

        String expected = reason.startsWith("unable") ? "could not start a thread (possibly out of memory): the process"
                + " is at its limit of threads" : "the source needs more heap than this JVM has (";
        assertThat(report.outcome()).isEqualTo(SourceOutcome.FAILED);
        assertThat(report.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo(dev.bsee.bridge.RefreshError.Kind.LOCAL);
            assertThat(error.source()).isEqualTo("war");
            assertThat(error.message()).startsWith(expected).contains(reason.replace("unable to create native thread: ", ""))
                    .doesNotContain("\n");
        });
        assertThat(warnings).singleElement().asString().startsWith("source war (enhanced) failed: " + expected);
        assertThat(OutputFolder.of(folder).failure()).hasValueSatisfying(failure ->
                assertThat(failure.message()).startsWith(expected));
        assertThat(folder.resolve("mv_war_main.bin")).content().contains("old").doesNotContain("new");
    }

    /// Running out of heap while taking the folder's lock (other sources' conversions holding it) is
    /// this source's failure, said in one line, and leaves the lock free: the error ended the whole
    /// refresh in a line naming no source, and the lock's entry left in the process's table had every
    /// later refresh of the folder in the process wait for a holder that was gone. Running out while
    /// completing an interrupted commit is recorded for `bsee status` as well, and the next refresh
    /// completes the commit.
    @ParameterizedTest
    @ValueSource(strings = {"lock", "recovery"})
    void runningOutOfHeapTakingTheLockOrRecoveringIsTheSourcesFailure(String where) throws IOException {
        Path folder = base.resolve("data/modules/bsee/bin/war");
        SourcePlan plan = enhancedPlan("war", folder);
        SourceRunner runner = runner();
        SourceRunner.Converter writes = writing("mv_war_main", "new");
        if (where.equals("recovery")) {
            // A commit that stops once its files are moved leaves its journal for the next refresh.
            OutputFolder.faults = stage -> {
                if (stage == OutputFolder.Stage.MOVED) {
                    throw new IOException("the disk went away");
                }
            };
            try {
                assertThat(runner.run(plan, writes).outcome()).isEqualTo(SourceOutcome.FAILED);
            } finally {
                OutputFolder.faults = stage -> { };
            }
            assertThat(OutputFolder.of(folder).hasJournal()).isTrue();
            OutputFolder.faults = stage -> {
                if (stage == OutputFolder.Stage.MOVED) {
                    throw new OutOfMemoryError("Java heap space");
                }
            };
        } else {
            FolderLock.openFault = key -> {
                throw new OutOfMemoryError("Java heap space");
            };
        }
        warnings.clear();

        SourceReport report;
        try {
            report = runner.run(plan, writes);
        } finally {
            OutputFolder.faults = stage -> { };
            FolderLock.openFault = key -> { };
        }

        assertThat(report.outcome()).isEqualTo(SourceOutcome.FAILED);
        assertThat(report.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo(dev.bsee.bridge.RefreshError.Kind.LOCAL);
            assertThat(error.message()).startsWith("the source needs more heap than this JVM has (")
                    .contains("Java heap space").doesNotContain("\n");
        });
        assertThat(warnings).singleElement().asString()
                .startsWith("source war (enhanced) failed: the source needs more heap than this JVM has (");
        if (where.equals("recovery")) {
            assertThat(OutputFolder.of(folder).failure()).hasValueSatisfying(failure ->
                    assertThat(failure.message()).contains("the source needs more heap than this JVM has ("));
        }
        SourceReport next = runner.run(plan, writes);
        assertThat(next.outcome()).as(next.errors().toString()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(OutputFolder.of(folder).hasJournal()).isFalse();
        assertThat(folder.resolve("mv_war_main.bin")).content().contains("new");
    }

    /// A failure of the data center's data (or of a download) is one line at ERROR, its trace at
    /// DEBUG: a service's log got some fifty lines of trace for each failure the line already says
    /// whole, and so is one of this machine's files (a folder that is not there). A fault of the
    /// tool (here, a bug) keeps its trace at ERROR.
    @org.junit.jupiter.api.Test
    void aDataOrFileFailureIsLoggedInOneLineAndItsTraceOnlyAtDebug() {
        Path folder = base.resolve("data/modules/bsee/bin/war");
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler all = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level level = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(all);
        try {
            runner().run(enhancedPlan("war", folder), (staging, tally) -> {
                throw dev.bsee.scraper.SourceDataException.builder(dev.bsee.scraper.SourceDataException.Problem.MALFORMED_ROW,
                        "3 fields where the header names 2").archive("war.zip").entry("mv_war_main.txt").line(7).build();
            });
            runner().run(enhancedPlan("war", folder), (staging, tally) -> {
                throw new IllegalStateException("a bug");
            });
            runner().run(enhancedPlan("war", folder), (staging, tally) -> {
                throw new java.nio.file.NoSuchFileException("/nowhere/zips", null, "the zip folder does not exist");
            });
        } finally {
            logger.removeHandler(all);
            logger.setLevel(level);
        }

        List<LogRecord> errors = records.stream().filter(r -> r.getLevel() == Level.SEVERE).toList();
        assertThat(errors).hasSize(3);
        assertThat(errors.getFirst().getMessage()).startsWith("source war (enhanced) failed: war.zip: mv_war_main.txt: line 7");
        assertThat(errors.getFirst().getThrown()).isNull();
        assertThat(records).filteredOn(r -> r.getLevel().intValue() < Level.INFO.intValue())
                .filteredOn(r -> r.getThrown() instanceof dev.bsee.scraper.SourceDataException).hasSize(1);
        assertThat(errors.get(1).getThrown()).isInstanceOf(IllegalStateException.class);
        assertThat(errors.get(2).getMessage()).startsWith("source war (enhanced) failed: ").contains("/nowhere/zips");
        assertThat(errors.get(2).getThrown()).isNull();
        assertThat(records).filteredOn(r -> r.getLevel().intValue() < Level.INFO.intValue())
                .filteredOn(r -> r.getThrown() instanceof java.nio.file.NoSuchFileException).hasSize(1);
    }

    /// Writing an entry's table that runs the JVM out of heap names the entry, as a parse that does.
    @org.junit.jupiter.api.Test
    void runningOutOfMemoryWritingAnEntryNamesIt() {
        Path folder = base.resolve("data/modules/bsee/bin/war");
        SourceReport report = runner().run(enhancedPlan("war", folder), (staging, tally) -> {
            Conversions.sink(staging, (table, out) -> {
                throw new OutOfMemoryError("Java heap space");
            }, "").accept(new dev.bsee.scraper.EntryTable("war.zip", "mv_war_main.txt", "mv_war_main.bin",
                    Table.builder().column("NAME", ObjectColumn.of("new")).build(), StandardCharsets.UTF_8, 9));
            throw new AssertionError("the write fails");
        });

        assertThat(report.outcome()).isEqualTo(SourceOutcome.FAILED);
        assertThat(report.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo(dev.bsee.bridge.RefreshError.Kind.LOCAL);
            assertThat(error.entry()).contains("mv_war_main.txt");
            assertThat(error.message()).startsWith("war.zip: mv_war_main.txt: writing the entry's file needs more heap"
                    + " than this JVM has (").contains("Java heap space");
        });
        assertThat(warnings).singleElement().asString().contains("source war (enhanced) failed: war.zip: mv_war_main.txt:");
    }

    /// An archive lacking an entry the catalog expects: the refresh succeeded silently while
    /// `bsee status` reported the file missing at once.
    @org.junit.jupiter.api.Test
    void anExpectedEntryTheArchiveLacksIsAWarningOfTheRefreshToo() {
        Path folder = base.resolve("data/modules/bsee/bin/apd");
        SourcePlan plan = enhancedPlan("apd", folder);
        SourceRunner runner = runner();

        SourceReport report = runner.run(plan, writing("mv_apddata_all", "w"));

        assertThat(report.outcome()).isEqualTo(SourceOutcome.UPDATED);
        assertThat(warnings).singleElement().asString().contains("source apd (enhanced)")
                .contains("the download gave no mv_apd_main_all.bin, which the source is expected to give (the catalog's"
                        + " names, or those its configured entries list)")
                .contains("list their current names under sources.apd.entries")
                .doesNotContain("the catalog expects");
    }

    /// A refresh whose commit cannot succeed, for a reason its folder shows before anything is
    /// downloaded, fails before the download, in the words the commit would use, and leaves the
    /// folder as it was. A link, a folder or a pipe in place of a file the last refresh wrote, or in
    /// place of one the catalog expects on a first refresh, and a folder the refresh may not write,
    /// were each refused by the commit after the whole download and conversion, at every refresh.
    @ParameterizedTest
    @ValueSource(strings = {"link", "folder", "pipe", "unwritable folder", "link on a first refresh"})
    void aCommitThatCannotSucceedIsRefusedBeforeTheDownload(String planted) throws Exception {
        boolean first = planted.endsWith("first refresh");
        Path folder = base.resolve("data/modules/bsee/bin/apd");
        SourcePlan plan = enhancedPlan("apd", folder);
        SourceRunner runner = runner();
        SourceRunner.Converter writesBoth = (staging, tally) -> {
            for (String name : List.of("mv_apddata_all", "mv_apd_main_all")) {
                staging.write(name + ".txt", name + ".bin", Table.builder().column("NAME", ObjectColumn.of(name)).build(), TEXT);
            }
            return updated();
        };
        if (!first) {
            assertThat(runner.run(plan, writesBoth).outcome()).isEqualTo(SourceOutcome.UPDATED);
        }
        Files.createDirectories(folder);
        Path file = folder.resolve("mv_apd_main_all.bin");
        Files.deleteIfExists(file);
        Path victim = Files.writeString(base.resolve("victim.bin"), "not the refresh's");
        switch (planted) {
            case "folder" -> Files.createDirectory(file);
            case "pipe" -> new ProcessBuilder("mkfifo", file.toString()).start().waitFor();
            case "unwritable folder" -> Files.writeString(file, "the previous file");
            default -> Files.createSymbolicLink(file, victim);
        }
        OutputFolder output = OutputFolder.of(folder);
        String expected;
        if (planted.equals("unwritable folder")) {
            unwritable(folder, true);
            expected = "cannot move files into " + folder + ": access denied";
        } else {
            // What the commit says of the same place.
            expected = org.assertj.core.api.Assertions.catchThrowable(() -> OutputFolder.refuseToReplace(file)).getMessage();
            assertThat(expected).startsWith("refusing to");
        }
        Optional<Manifest> manifestBefore = output.manifest();
        java.util.Set<String> namesBefore = java.util.Set.of(folder.toFile().list());
        boolean[] converted = {false};

        SourceReport report;
        try {
            report = runner.run(plan, (staging, tally) -> {
                converted[0] = true;
                return writesBoth.convert(staging, tally);
            });
        } finally {
            unwritable(folder, false);
        }

        assertThat(report.outcome()).isEqualTo(SourceOutcome.FAILED);
        assertThat(converted[0]).as("the converter (the download) ran").isFalse();
        assertThat(report.errors()).singleElement().satisfies(error -> assertThat(error.message())
                .contains(expected).doesNotContain("\n"));
        assertThat(java.util.Set.of(folder.toFile().list())).isEqualTo(namesBefore);
        assertThat(output.manifest()).isEqualTo(manifestBefore);
        assertThat(victim).hasContent("not the refresh's");
        assertThat(output.tmp()).isEmptyDirectory();
    }

    /// Makes `folder` one the refresh may not write, or writable again: immutable as root (whom its
    /// permissions do not stop), read-only otherwise.
    private static void unwritable(Path folder, boolean unwritable) throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            Process chattr = new ProcessBuilder("chattr", unwritable ? "+i" : "-i", folder.toString())
                    .redirectErrorStream(true).start();
            String output = new String(chattr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(chattr.waitFor()).as("chattr: " + output).isZero();
        } else {
            Files.setPosixFilePermissions(folder, java.nio.file.attribute.PosixFilePermissions.fromString(
                    unwritable ? "r-xr-xr-x" : "rwxr-xr-x"));
        }
    }

    /// The enhanced plan of catalog source `id` writing to `folder`.
    /// A conversion that wrote its files: no address of its own, not unchanged, no validators.
    private static SourceRunner.Conversion updated() {
        return new SourceRunner.Conversion(Optional.empty(), false, Optional.empty(), Optional.empty(), () -> { });
    }

    /// A converter that writes `entry` as one `NAME` column holding `value`.
    /// A lock file removed (or replaced) while a refresh holds it lets another refresh take the
    /// folder: the first commits nothing, and says why.
    @org.junit.jupiter.api.Test
    void aRefreshWhoseLockFileWasRemovedCommitsNothing() throws IOException {
        Path folder = base.resolve("data/modules/bsee/bin/war");
        SourceRunner runner = runner();
        assertThat(runner.run(enhancedPlan("war", folder), writing("mv_war_main", "old")).outcome())
                .isEqualTo(SourceOutcome.UPDATED);
        OutputFolder output = OutputFolder.of(folder);
        Path lockFile = output.lockFile().getParent().toRealPath().resolve(output.lockFile().getFileName());

        for (boolean replaced : List.of(false, true)) {
            SourceReport report = runner.run(enhancedPlan("war", folder), (staging, tally) -> {
                java.nio.file.Files.delete(output.lockFile());
                if (replaced) {
                    java.nio.file.Files.writeString(output.lockFile(), "another refresh's\n");
                }
                return writing("mv_war_main", "new").convert(staging, tally);
            });

            assertThat(report.outcome()).isEqualTo(SourceOutcome.FAILED);
            assertThat(report.errors()).singleElement().satisfies(error -> assertThat(error.message())
                    .contains("the lock file " + lockFile + " was " + (replaced ? "replaced by another"
                            : "removed") + " while this process held it").contains("nothing was moved into it"));
            assertThat(folder.resolve("mv_war_main.bin")).content().contains("old");
            assertThat(output.hasJournal()).isFalse();
        }
    }

    private static SourceRunner.Converter writing(String entry, String value) {
        return (staging, tally) -> {
            staging.write(entry + ".txt", entry + ".bin", Table.builder().column("NAME", ObjectColumn.of(value)).build(), TEXT);
            return updated();
        };
    }

    private static SourcePlan enhancedPlan(String id, Path folder) {
        return new SourcePlan(RefreshPath.ENHANCED, SourceCatalog.of().find(id).orElseThrow(), true, folder,
                Optional.empty(), 2026);
    }

    /// A runner that waits for no lock and notifies no one.
    private static SourceRunner runner() {
        return new SourceRunner(Duration.ZERO, PickleDialect.PORTABLE, ProgressListener.none(), Clock.systemUTC());
    }
}
