package dev.bsee.examples.cli;

import dev.bsee.core.internal.AtomicFiles;
import dev.bsee.core.internal.FileTrees;
import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.Replacement;
import dev.bsee.core.internal.SameFileNames;
import dev.bsee.binary.PickleDialect;
import dev.bsee.binary.PickleWriter;
import dev.bsee.bridge.internal.FolderLock;
import dev.bsee.bridge.internal.OutputFolder;
import dev.bsee.bridge.internal.SourcePlan;
import dev.bsee.core.internal.OwnFolder;
import dev.bsee.core.internal.StagedFiles;
import dev.bsee.binary.internal.SpillingAllocator;
import dev.bsee.core.internal.FileErrors;
import dev.bsee.core.internal.SafeText;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.TableLayout;
import dev.bsee.scraper.EntrySink;
import dev.bsee.scraper.EntrySummary;
import dev.bsee.scraper.SourceDataException;
import dev.bsee.scraper.ZipStreamProcessor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.Closeable;
import java.util.Optional;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/// `bsee convert ZIP... --out DIR`: one `.bin` per data entry of BSEE zip archives, each equal to what
/// `pandas.read_csv` makes of the entry, written atomically.
///
/// All or nothing: every `.bin` of every archive is first written to a folder of its own under the
/// sibling folder `.DIR.tmp` (on the same file system, never into `DIR`, which Python code may be
/// listing; column buffers spilled out of the heap go there too), and only when every entry of every
/// archive succeeded are they moved into `DIR`, one rename each. A failure leaves `DIR` as it was,
/// a rename that fails part-way included: the files moved before it are put back ([Replacement]).
/// `.DIR.tmp/.lock` keeps two converts from writing one `DIR` at once; holding it, a convert deletes
/// what a killed convert left in `.DIR.tmp` (its `run-*` folders, and the temporary and spill files
/// of earlier versions, recognised by name; links are never followed). The folder is removed when
/// it is empty again. Column buffers stay within a heap budget
/// (70% of the maximum heap, shared by the entries running at once) and spill to mapped files beyond
/// it, so the heap does not grow with the size of an entry: `java -Xmx256m -jar bsee.jar convert`
/// converts an entry of any size.
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Converts the data entries of BSEE zip archives to .bin files, one per entry, each the "
                + "DataFrame pandas.read_csv reads from the entry; all of them or, when one fails, none.",
                "Production entries (ogora*delimit.txt, mv_productiondata.txt) are recognised by name and take the 19 "
                        + "production columns: their first record is data unless it is those names."},
        footer = {"", "Examples:",
                "  bsee convert ProductionRawData.zip --out data/modules/bsee/bin/production_raw",
                "  bsee convert export.zip --out out --columns LEASE_NUMBER,PRODUCTION_DATE",
                "  java -Xmx256m -jar bsee.jar convert eWellEORRawData.zip --out eor",
                "  bsee convert eWellEORRawData.zip --out eor --dialect numpy2"})
public final class ConvertCommand implements Callable<Integer>, BseeCommand.WritesFiles {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "ZIP",
            description = "The zip archives; the files of all of them are written together or not at all.")
    private List<Path> zips = new ArrayList<>();

    @Option(names = "--out", converter = BseeCommand.FolderPath.class, required = true, paramLabel = "DIR",
            description = "Folder for the .bin files; created when missing.")
    private Path out;

    @Option(names = "--columns", split = ",", paramLabel = "NAME",
            description = "Column names for entries without a header row, comma-separated; production entries "
                    + "get the production columns either way. Without it, other entries have a header row.")
    private List<String> columns = new ArrayList<>();

    @Option(names = "--dialect", paramLabel = "DIALECT", defaultValue = "portable", converter = DialectConverter.class,
            description = "portable (loads with numpy 1.x and 2.x) or numpy2 (numpy._core globals, like the "
                    + "Python system's files). Default: ${DEFAULT-VALUE}.")
    private PickleDialect dialect = PickleDialect.PORTABLE;

    /// Takes the dialect in any case and refuses another in the words of `--help` and the docs,
    /// as `--format` and `--progress` do: picocli's own said `expected one of [PORTABLE, NUMPY2]
    /// (case-insensitive)`, names no command line spells.
    static final class DialectConverter implements CommandLine.ITypeConverter<PickleDialect> {
        @Override
        public PickleDialect convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "portable" -> PickleDialect.PORTABLE;
                case "numpy2" -> PickleDialect.NUMPY2;
                default -> throw new CommandLine.TypeConversionException("unknown dialect '" + value
                        + "' (expected portable or numpy2)");
            };
        }
    }

    @Option(names = "--parallel", paramLabel = "N",
            description = "Entries converted at once, at most as many as the heap gives 8 MiB of column buffers each. "
                    + "Default: the number of processors.")
    private int parallel = Runtime.getRuntime().availableProcessors();

    @Mixin
    private ProgressOption progress;

    /// What the convert wrote, once its files are in `DIR` (see [BseeCommand.WritesFiles]).
    private java.util.Optional<String> filesWritten = java.util.Optional.empty();

    @Override
    public java.util.Optional<String> filesWritten() {
        return filesWritten;
    }

    /// Creates the command; picocli sets its options.
    public ConvertCommand() {
    }

    @Override
    public Integer call() throws IOException {
        Function<String, TableLayout> layouts = layouts();
        if (parallel < 1) {
            throw new ParameterException(spec.commandLine(), "--parallel must be at least 1: " + parallel);
        }
        for (Path zip : zips) {
            BinFiles.requireFile(zip, "zip archives");
        }
        // One archive named twice (or through a link, or a second name of the same file) would have
        // each entry clash with itself.
        java.util.Set<Object> seen = new java.util.HashSet<>();
        for (Path zip : zips) {
            Object key = Files.readAttributes(zip, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            if (!seen.add(key == null ? zip.toRealPath() : key)) {
                throw new ParameterException(spec.commandLine(), zip + " is given twice: each archive once");
            }
        }
        Path target = dev.bsee.core.internal.SystemPaths.absolute(out);
        Path parent = target.getParent();
        if (parent == null) {
            throw new ParameterException(spec.commandLine(), "--out must not be a file system root: " + out);
        }
        // The files are staged in `.DIR.tmp` beside DIR: a last name the system takes may still be too
        // long for that folder's, which failed with `.DIR.tmp: File name too long`, a name never given.
        int nameBytes = target.getFileName().toString().getBytes(StandardCharsets.UTF_8).length;
        String temporariesName = "." + target.getFileName() + ".tmp";
        if (nameBytes > MessageText.MAX_NAME_BYTES) {
            throw new ParameterException(spec.commandLine(), "--out's last name is "
                    + MessageText.count(nameBytes, "byte") + " long, past"
                    + " the " + MessageText.MAX_NAME_BYTES + " a file name may have: " + SafeText.escape(out.toString()));
        }
        if (temporariesName.getBytes(StandardCharsets.UTF_8).length > MessageText.MAX_NAME_BYTES) {
            throw new ParameterException(spec.commandLine(), "--out's last name is too long for the folder the convert"
                    + " stages its files in beside it, .DIR.tmp (" + MessageText.count(nameBytes + 5, "byte") + ", past the "
                    + MessageText.MAX_NAME_BYTES + " a file name may have): give a folder whose name has at most "
                    + MessageText.count(MessageText.MAX_NAME_BYTES - 5, "byte") + " in place of " + SafeText.escape(out.toString()));
        }
        java.util.Optional<String> notAFolder = MessageText.notAFolder(out);
        if (notAFolder.isPresent()) {
            throw new ParameterException(spec.commandLine(), "--out " + notAFolder.get());
        }
        // In a refresh's bookkeeping (`.bsee/<folder>/tmp/`) or another convert's temporaries, the
        // files are the next `bsee status`'s, refresh's or convert's to delete as stale temporaries
        // (status did, after the convert had exited 0); a refresh's configured folder is refused there too.
        java.util.Optional<String> unusable = SourcePlan.unusableBin(target);
        if (unusable.isPresent()) {
            throw new ParameterException(spec.commandLine(), "--out must be " + unusable.get() + ": "
                    + SafeText.escape(out.toString()) + " (the tool keeps those for itself, and deletes the files in"
                    + " their temporaries as stale)");
        }
        if (Files.isSymbolicLink(target) && !Files.exists(target)) {
            throw new ParameterException(spec.commandLine(), "--out is a link to " + Files.readSymbolicLink(target)
                    + ", " + MessageText.whereLinkLeads(target) + ": " + out);
        }
        if (Files.isSymbolicLink(target)) {
            // As a refresh refuses a linked output folder: the files, the lock and the staging folder
            // beside DIR would otherwise belong to two places, and two spellings of one folder would
            // take two locks.
            throw new IOException("refusing to convert into " + target + ": it is a symbolic link to "
                    + Files.readSymbolicLink(target) + ", and the tool never writes, moves or deletes through a link"
                    + " it did not create (give the folder it points to)");
        }
        // The refresh's lock first (every convert takes the two in this order), so that a convert it
        // refuses leaves nothing of its own behind.
        try (FolderLock refreshLock = lockIfRefreshed(target)) {
            return convertInto(target, parent, layouts, refreshLock != null);
        }
    }

    /// Converts into `target`, making the folders above it that are missing, and removing them again
    /// (those still empty, from the deepest up) when the convert fails or a signal stops it before
    /// its renames: a convert into `new1/new2/out` of an archive it refused said `out is as it was`
    /// and left `new1/new2`.
    private int convertInto(Path target, Path parent, Function<String, TableLayout> layouts, boolean refreshLocked)
            throws IOException {
        java.util.ArrayDeque<Path> missing = new java.util.ArrayDeque<>();
        for (Path folder = parent; folder != null && !Files.exists(folder, LinkOption.NOFOLLOW_LINKS);
             folder = folder.getParent()) {
            missing.addFirst(folder);
        }
        Files.createDirectories(parent);
        MadeFolders made = MadeFolders.of(List.copyOf(missing));
        try {
            return convertIntoParent(target, parent, layouts, refreshLocked, made);
        } catch (IOException | RuntimeException | Error e) {
            made.removeEmpty();
            throw e;
        }
    }

    /// The folders a convert made above `--out`, top first, each remembered as made ([OwnFolder]).
    record MadeFolders(List<OwnFolder> folders) {

        static MadeFolders of(List<Path> paths) {
            List<OwnFolder> made = new ArrayList<>();
            for (Path path : paths) {
                try {
                    made.add(OwnFolder.existing(path, "a folder bsee convert made above its output"));
                } catch (IOException changedAlready) {
                    // Not the folder made (another process's meanwhile): neither it nor those below it.
                    break;
                }
            }
            return new MadeFolders(List.copyOf(made));
        }

        /// Deletes the folders that are still the ones made and empty, deepest first. Each is
        /// verified first, the folders above it too: `NOFOLLOW_LINKS` covers a path's last name
        /// only, so a link put in place of an upper folder led the deletion of the one below it to
        /// another owner's folder. A folder no longer the one made, or not empty, ends the walk, with
        /// everything above it left alone.
        void removeEmpty() {
            for (int i = folders.size() - 1; i >= 0; i--) {
                OwnFolder folder = folders.get(i);
                try {
                    folder.verify();
                    Files.delete(folder.path());
                } catch (IOException notOursOrNotEmpty) {
                    return;
                }
            }
        }
    }

    private int convertIntoParent(Path target, Path parent, Function<String, TableLayout> layouts, boolean refreshLocked,
                                  MadeFolders madeAbove) throws IOException {
        Path temporaries = parent.resolve("." + target.getFileName() + ".tmp");
        // The files are staged beside DIR and renamed into it, which cannot cross file systems: said
        // before anything is converted, not by the first rename after all of it.
        // A bind mount of a folder of the same file system is a mount point too, which the first
        // rename failed on (`Invalid cross-device link`) after the whole conversion.
        java.util.Optional<String> between = Files.isDirectory(target)
                ? FileTrees.mountBetween(parent, target) : java.util.Optional.empty();
        if (between.isPresent()) {
            throw new IOException("cannot convert into " + target + ": it is on " + between.get() + " than " + parent
                    + " (a mount point, or a link to one), where the convert stages its files until all of them are"
                    + " written; give a folder inside it, or one on the same file system as its parent");
        }
        // No more entries at once than the heap gives each its least budget: a --parallel past that
        // (the default on a machine of many processors under a small heap) would run it out.
        int entriesAtOnce = Math.min(parallel, SpillingAllocator.maxEntriesAtOnce());
        long heapBudget = SpillingAllocator.entryBudget(entriesAtOnce);
        PickleWriter writer = PickleWriter.builder().dialect(dialect).build();
        PrintWriter stdout = spec.commandLine().getOut();
        Path lockFile = temporaries.resolve(".lock");
        Path run = temporaries.resolve("run-" + UUID.randomUUID());
        // Made once the lock is held; the stop hook deletes it only as the folder made.
        java.util.concurrent.atomic.AtomicReference<OwnFolder> made = new java.util.concurrent.atomic.AtomicReference<>();
        // `.DIR.tmp` as it is once the lock in it is held: the clean-up deletes the lock and the
        // folder only while the path still leads there, not through a link put in its place.
        java.util.concurrent.atomic.AtomicReference<OwnFolder> locked = new java.util.concurrent.atomic.AtomicReference<>();
        String dir = SafeText.escape(target.toString());
        boolean[] keepRun = {false};
        try (ConsoleProgress listener = progress.listener(spec.commandLine().getErr());
             // Ctrl-C or kill from before `.DIR.tmp` is made on: the run's files, the lock and the
             // folder go now rather than at the next convert. Installed after the lock, a signal while
             // the folder was made or the lock taken (a second or so into a `java -jar` convert) left
             // `.DIR.tmp` or `.DIR.tmp/.lock` behind, saying the convert had stopped before it began.
             StopHook onStop = new StopHook("convert", () -> {
                 if (locked.get() != null) {
                     removeRun(keepRun[0] ? null : made.get(), lockFile, locked.get());
                 } else {
                     removeLockTakenNow(lockFile);
                 }
                 madeAbove.removeEmpty();
             }, listener,
                     spec.commandLine().getErr(), () -> "stopped before any rename; " + asItWas(dir),
                     "stopped after its renames; " + dir + " holds the new files");
             Closeable lockChannel = lockIn(temporaries, target, parent)) {
            locked.set(OwnFolder.existing(temporaries, TEMPORARIES_ROLE));
            try {
                removeOrphans(locked.get(), target);
            } catch (IOException unfinished) {
                // A killed run that could not be completed stays for the next convert; the lock goes.
                onStop.cleanUp(() -> cleanUp(null, lockFile, locked.get()));
                throw unfinished;
            }
            OwnFolder runFolder;
            try {
                runFolder = OwnFolder.create(run);
            } catch (IOException full) {
                // No run folder to clean up (a full disk or no inode left): the lock and `.DIR.tmp` go.
                onStop.cleanUp(() -> cleanUp(null, lockFile, locked.get()));
                throw full;
            }
            made.set(runFolder);
            try (StagedFiles staged = new StagedFiles(runFolder)) {
                ZipStreamProcessor processor = ZipStreamProcessor.builder()
                        .layouts(layouts)
                        .allocators(() -> SpillingAllocator.open(runFolder, heapBudget))
                        .parallelism(entriesAtOnce)
                        .listener(listener)
                        .build();
                Map<String, String> written = new ConcurrentHashMap<>();
                List<EntrySummary> entries = new ArrayList<>();
                for (Path zip : zips) {
                    entries.addAll(processEntries(processor, zip, asItWas(dir), entry -> {
                        // Ignoring case and Unicode form: T1.bin and t1.bin are one file on macOS and Windows.
                        String earlier = written.putIfAbsent(SameFileNames.key(entry.outputName()),
                                zip.getFileName() + ": " + entry.entryName());
                        if (earlier != null) {
                            // Said as the entries' clash, not as a file's ("t1.bin: a.zip: ..."), and with
                            // what became of DIR, as every failure before the renames.
                            throw new IOException(earlier + " and " + zip.getFileName() + ": " + entry.entryName()
                                    + " both give " + entry.outputName());
                        }
                        try {
                            staged.write(run.resolve(entry.outputName()), out -> writer.write(entry.table(), out));
                        } catch (IOException failure) {
                            throw FileErrors.writingEntry(zip.getFileName() + ": " + entry.entryName(), failure);
                        }
                    }));
                }
                // Every entry succeeded. Its file is on disk before it replaces anything.
                staged.sync();
                // A file to be replaced that is a link is someone else's: the rename would delete the
                // link, so the convert stops before the first rename. So does a folder (or a pipe or a
                // device) there, which the rename would fail on after the files before it were moved.
                for (EntrySummary entry : entries) {
                    OutputFolder.refuseToReplace(target.resolve(entry.outputName()));
                }
                // A refresh that began keeping DIR while the entries converted (its first refresh of
                // the folder) holds DIR's lock: taken now, before the renames, it stops the convert,
                // which renamed its files into the folder the refresh held, under the manifest the
                // refresh then wrote.
                try (FolderLock lateRefreshLock = refreshLocked ? null : lockIfRefreshed(target)) {
                    onStop.finish(() -> {
                        // DIR and the run folder as they were at the start: either swapped for a link (or
                        // another folder) meanwhile would have the renames take files into someone
                        // else's folder, or someone else's files into DIR.
                        OutputFolder.refuseFolderLink(target);
                        runFolder.verify();
                        // Each new file keeps the permissions of the one it replaces, as the Python system's
                        // writes over them did.
                        for (EntrySummary entry : entries) {
                            StagedFiles.keepModeOf(target.resolve(entry.outputName()), run.resolve(entry.outputName()));
                        }
                        // DIR is made only now: a convert that fails leaves no folder where there was none.
                        boolean existed = Files.isDirectory(target);
                        Files.createDirectories(target);
                        OutputFolder.refuseFolderLink(target);
                        // Each rename checks that DIR and the run folder are still these: a link put in
                        // place of either during the renames would take files into, or out of, its target.
                        OwnFolder output = OwnFolder.existing(target, "the folder bsee convert writes");
                        List<Replacement.Move> moves = entries.stream().map(entry -> new Replacement.Move(
                                run.resolve(entry.outputName()), target.resolve(entry.outputName()))).toList();
                        boolean renamed = false;
                        try {
                            // A convert killed among the renames leaves this list in its run folder: the next
                            // convert moves in the files still there, so DIR does not stay half new, half old.
                            // What DIR held as the renames were decided, by identity: a refresh's commit or
                            // another writer since is told by that, not by times a clock set back confuses.
                            List<String> names = entries.stream().map(EntrySummary::outputName).toList();
                            refuseToReplaceAnArchive(target, names);
                            AtomicFiles.write(run.resolve(BEFORE), run, out -> writeBefore(out, target, names));
                            AtomicFiles.write(run.resolve(RENAMES), run, out -> writeRenames(out, names));
                            // Only renames from here, back to back; one that fails has the earlier ones put back.
                            // Before the renames too: a reader whose first check came before them sees
                            // the manifest change, wherever its second check falls.
                            if (refreshLocked || lateRefreshLock != null) {
                                renewManifest(target);
                            }
                            try {
                                Replacement.moveAll(moves, run.resolve("previous"), moved -> { }, () -> {
                                    runFolder.verify();
                                    output.verify();
                                });
                            } finally {
                                if (refreshLocked || lateRefreshLock != null) {
                                    renewManifest(target);
                                }
                            }
                            renamed = true;
                            // The renames on disk before the list that would complete them goes: after a
                            // power loss the list may be gone while some renames are not.
                            AtomicFiles.syncDirectory(target);
                        } catch (Replacement.Incomplete e) {
                            keepRun[0] = true;
                            throw new IOException(e.getMessage() + "; the next convert into " + dir + " completes the renames",
                                    e);
                        } catch (IOException undone) {
                            if (!existed) {
                                removeIfEmpty(target);
                            }
                            if (renamed) {
                                throw undone;
                            }
                            // Said as an entry's failure is: a full disk at the list of renames named only the
                            // list, and left the user to wonder what had become of DIR.
                            throw new IOException((undone instanceof java.nio.file.FileSystemException failure
                                    ? MessageText.fileFailure(failure) : undone.getMessage()) + "; " + asItWas(dir),
                                    undone);
                        }
                    });
                }
                filesWritten = java.util.Optional.of("the " + MessageText.count(entries.size(), ".bin file")
                        + (entries.size() == 1 ? " was" : " were") + " written to " + dir + "; only the summary could not be printed");
                listener.close();
                for (EntrySummary entry : entries) {
                    stdout.println(describe(entry));
                }
                stdout.println(MessageText.count(entries.size(), "entry", "entries") + " written to " + dir);
                stdout.flush();
            } finally {
                // Once: a signal's hook may have cleaned up already, or be doing it.
                onStop.cleanUp(() -> cleanUp(keepRun[0] ? null : runFolder, lockFile, locked.get()));
            }
        }
        return BseeCommand.OK;
    }

    /// The entries of `zip`, each handed to `sink`. An archive or entry that cannot be read, or an
    /// entry's file that cannot be written, fails the convert before any rename, which its line says:
    /// the entries read before it were listed as converted on standard error, but none of them
    /// reached `DIR`.
    private static List<EntrySummary> processEntries(ZipStreamProcessor processor, Path zip, String asItWas, EntrySink sink)
            throws IOException {
        try {
            return processor.process(zip, sink);
        } catch (java.io.UncheckedIOException e) {
            // The run folder moved away or replaced by a link while the entries were parsed.
            throw new IOException(e.getMessage() + "; " + asItWas, e.getCause());
        } catch (java.io.InterruptedIOException | java.nio.channels.ClosedByInterruptException stopped) {
            throw stopped;
        } catch (IOException e) {
            // Any failure before the renames (an entry's data, a write, a spill the file system
            // refused, two entries giving one name) leaves DIR as it was, and says so.
            throw new IOException(e.getMessage() + "; " + asItWas, e);
        }
    }

    /// Whether this convert moved files of a killed run into `DIR` before its own work ([#completeRenames]).
    private volatile boolean completedKilledRuns;

    /// What a convert that fails before its renames says of `DIR`: `DIR is as it was`, or, where it
    /// completed a killed run's renames first (said in the line before), that `DIR` holds those and
    /// nothing of this run. "As it was" read as if those files had not moved either.
    private String asItWas(String dir) {
        return dir + (completedKilledRuns ? " holds the files of the killed convert completed above, and none of this"
                + " convert's" : " is as it was");
    }

    /// Removes the run folder (unless `run` is null: it holds renames still to be made), then the lock
    /// and the temporaries folder. A failure here changes nothing of what the convert did, nor hides
    /// why it failed: it is a warning, and the next convert removes what is left.
    private static void cleanUp(OwnFolder run, Path lockFile, OwnFolder temporaries) {
        try {
            if (run != null) {
                run.delete();
            }
        } catch (OwnFolder.Replaced replaced) {
            // Said in full by the failure it caused, or here alone when the renames were done first.
            // The lock still goes: `.DIR.tmp` may well be the convert's own still.
            LOG.log(System.Logger.Level.WARNING, replaced.leftAlone());
            removeLock(lockFile, temporaries);
            return;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove the convert's temporaries in " + temporaries + " ("
                    + BseeCommand.oneLine(e) + "); the next convert removes them");
            return;
        }
        if (removeLock(lockFile, temporaries)) {
            removeIfEmpty(temporaries);
        }
    }

    /// Deletes the lock file while `.DIR.tmp` is still the folder it was taken in. Still holding the
    /// lock: a convert that opened this lock file meanwhile finds it gone once it holds the lock
    /// itself, and starts over (see #lock).
    ///
    /// @return whether the lock is gone
    private static boolean removeLock(Path lockFile, OwnFolder temporaries) {
        if (temporaries == null) {
            // Stopped between taking the lock and looking at its folder: the next convert takes it over.
            return false;
        }
        try {
            temporaries.verify();
            Files.deleteIfExists(lockFile);
            return true;
        } catch (OwnFolder.Replaced replaced) {
            LOG.log(System.Logger.Level.WARNING, replaced.leftAlone());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove the convert's lock " + lockFile + " ("
                    + BseeCommand.oneLine(e) + "); the next convert takes it over");
        }
        return false;
    }

    /// Deletes the lock file of a convert stopped while it made `.DIR.tmp` or took the lock, before
    /// it looked at the folder: only one whose token names this process, which this convert wrote (a
    /// lock file another convert holds names that one), and `.DIR.tmp` with it when that is left
    /// empty (an empty one is no other convert's: a convert's lock is in it).
    static void removeLockTakenNow(Path lockFile) {
        if (!Files.isDirectory(lockFile.getParent(), LinkOption.NOFOLLOW_LINKS)) {
            // Gone, or a link put in its place: nothing is deleted through it.
            return;
        }
        if (Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
            try (var in = Files.newInputStream(lockFile, LinkOption.NOFOLLOW_LINKS)) {
                String token = new String(in.readNBytes(200), StandardCharsets.US_ASCII);
                if (!token.startsWith("pid " + ProcessHandle.current().pid() + " ")) {
                    return;
                }
                Files.deleteIfExists(lockFile);
            } catch (IOException e) {
                // None to read: nothing of this convert's to remove.
                return;
            }
        }
        removeIfEmpty(lockFile.getParent());
    }

    /// Deletes a run folder that the entry threads, still running while a shutdown hook runs, may
    /// add files to: tries for up to half a second (five tries in 50 ms left the run and the lock to
    /// the next convert in about one stop of thirty while an entry was written), then the lock and
    /// the temporaries folder when the run is gone.
    private static void removeRun(OwnFolder made, Path lockFile, OwnFolder temporaries) {
        // Null: stopped before the run folder was made.
        if (made != null) {
            boolean replaced = false;
            for (int i = 0; i < 50 && !replaced && Files.exists(made.path(), LinkOption.NOFOLLOW_LINKS); i++) {
                try {
                    made.delete();
                } catch (OwnFolder.Replaced notOurs) {
                    // Not the run's any more: nothing to delete there, and the lock may still go.
                    replaced = true;
                } catch (IOException | UncheckedIOException e) {
                    // A file appeared or went while walking: the next try sees the folder anew.
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            if (!replaced && Files.exists(made.path(), LinkOption.NOFOLLOW_LINKS)) {
                // Still being written: the next convert removes it and the lock.
                return;
            }
        }
        if (removeLock(lockFile, temporaries)) {
            removeIfEmpty(temporaries);
        }
    }

    /// Deletes `.DIR.tmp` when it is empty and still the convert's folder.
    private static void removeIfEmpty(OwnFolder temporaries) {
        try {
            temporaries.verify();
        } catch (IOException replaced) {
            return;
        }
        removeIfEmpty(temporaries.path());
    }

    private Function<String, TableLayout> layouts() {
        if (columns.isEmpty()) {
            // `--columns ,` splits into no names at all: refused like an empty name, not ignored.
            if (spec.commandLine().getParseResult().hasMatchedOption("--columns")) {
                throw new ParameterException(spec.commandLine(), "--columns names no column");
            }
            return SourceCatalog::layoutForEntry;
        }
        List<String> names = columns.stream().map(String::strip).toList();
        // The split drops empty names at the end (`p,q,`): the option as typed shows them.
        List<String> typed = spec.commandLine().getParseResult().matchedOption("--columns").originalStringValues();
        if (names.stream().anyMatch(String::isEmpty) || typed.stream().anyMatch(value -> value.strip().endsWith(","))) {
            // Quoted: `--columns ''` typed nothing, and a line ending in the colon showed nothing.
            throw new ParameterException(spec.commandLine(), "--columns has an empty name: '"
                    + SafeText.escape(String.join(",", typed)) + "'");
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new ParameterException(spec.commandLine(), "--columns names a column twice: " + String.join(",", names));
        }
        TableLayout headerless = TableLayout.columnNames(names);
        // Production entries keep the columns they are recognised by; the names are for the others.
        return name -> {
            TableLayout known = SourceCatalog.layoutForEntry(name);
            return known == TableLayout.headerRow() ? headerless : known;
        };
    }

    /// `ogora2008delimit.txt -> ogora2008delimit.bin: 186,894 rows, 19 columns (object x8, int64 x9, float64 x2)`.
    static String describe(EntrySummary entry) {
        return String.format(Locale.ROOT, "%s -> %s: %s, %s (%s)%s", SafeText.escape(entry.entryName()), SafeText.escape(entry.outputName()),
                MessageText.count(entry.rows(), "row"), MessageText.count(entry.columns().size(), "column"),
                ConsoleProgress.summarize(entry.dtypes()),
                entry.charset().name().equals("UTF-8") ? "" : ", read as " + entry.charset().name());
    }

    /// Replaces the manifest of a folder a refresh keeps by a copy of itself once the convert's
    /// renames are done or undone: a reader checking it before and after reading, as the refresh's
    /// commits have it do, then reads again. It stayed the same file, so a reader that read while
    /// the convert renamed took a folder of two versions for one. A manifest that cannot be replaced
    /// is said, not a failure: the files are in place.
    private void renewManifest(Path target) {
        try {
            OutputFolder.of(target).renewManifest();
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("bsee convert: warning: " + SafeText.escape("could not replace the manifest"
                    + " of " + target + " (" + (e instanceof java.nio.file.FileSystemException failure
                    ? MessageText.fileFailure(failure) : e.getMessage()) + "): a reader that checks it may take a folder read"
                    + " during the renames for one version"));
        }
    }

    /// Takes the lock of a folder a refresh keeps (its bookkeeping folder `.bsee/DIR` is beside it),
    /// without waiting, and completes or undoes what a refresh left there. Without it a refresh
    /// committing into `DIR` while the convert renamed its files there replaced them unseen, or left
    /// the two versions mixed under a manifest of one.
    ///
    /// @return the lock, or `null` when no refresh keeps `target`
    private FolderLock lockIfRefreshed(Path target) throws IOException {
        OutputFolder folder = OutputFolder.of(target);
        if (!Files.isDirectory(folder.meta(), LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        FolderLock lock = folder.lock("bsee convert into " + target, Duration.ZERO);
        try {
            for (OutputFolder.Repair repaired : folder.recover()) {
                spec.commandLine().getErr().println("bsee convert: " + SafeText.escape(repaired.text()));
            }
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return lock;
    }

    /// Makes `.DIR.tmp` beside `target` in `parent`, where the convert stages its files, and takes
    /// the lock in it against other converts into `target`.
    ///
    /// @return the lock; closing it releases it
    private static Closeable lockIn(Path temporaries, Path target, Path parent) throws IOException {
        OutputFolder.refusePlanted(temporaries, true, "the folder bsee convert makes there");
        try {
            FileTrees.requireOwnFolder(temporaries);
        } catch (java.nio.file.FileSystemException e) {
            if (!temporaries.toString().equals(e.getFile())) {
                throw e;
            }
            // Said of the folders the user gave: `.DIR.tmp` is a name the user never gave.
            IOException said = new IOException("cannot stage the files of " + SafeText.escape(target.toString())
                    + " beside it in " + SafeText.escape(parent.toString()) + ": " + SafeText.escape(MessageText.systemReason(e))
                    + " (the convert writes them in " + SafeText.escape(temporaries.getFileName().toString())
                    + " there, then renames them into it)");
            // Kept for -v's trace, not as a cause, whose words the one-line error would repeat.
            said.addSuppressed(e);
            throw said;
        }
        Path lockFile = temporaries.resolve(".lock");
        OutputFolder.refusePlanted(lockFile, false, "the file bsee convert makes there");
        return lock(lockFile, target);
    }

    /// Locks `lockFile` against other converts into `target`. The file is deleted when a convert
    /// ends, so a lock taken on a file that is no longer the one at `lockFile` is worthless: the
    /// token written through the channel must read back through the path.
    ///
    /// The descriptor that reads it back stays open as long as the lock: closing any descriptor of a
    /// file drops every POSIX lock the process holds on it, so closing it at once left the file
    /// unlocked, and a second convert took the lock and deleted the first one's staged files as left
    /// by a killed convert.
    ///
    /// @return the lock; closing it releases it
    private static Closeable lock(Path lockFile, Path target) throws IOException {
        while (true) {
            FileChannel channel;
            try {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                // No lock file (a disk without a free inode): `.DIR.tmp`, made for it, goes when empty.
                removeIfEmpty(lockFile.getParent());
                throw e;
            }
            FileChannel check = null;
            boolean tokenWritten = false;
            try {
                if (channel.tryLock() == null) {
                    throw new IOException("another bsee convert is writing " + target + " (it holds " + lockFile + ")");
                }
                // The token below is written into the file: one with other names (a hard link planted
                // there) would change under those names too.
                if (AtomicFiles.hasOtherNames(lockFile)) {
                    throw new IOException("refusing to use " + lockFile + ": the file has other names (hard links), "
                            + "and the tool never writes a file it did not make (remove it)");
                }
                String token = "pid " + ProcessHandle.current().pid() + " " + UUID.randomUUID() + "\n";
                try {
                    channel.truncate(0);
                    channel.write(java.nio.ByteBuffer.wrap(token.getBytes(StandardCharsets.US_ASCII)), 0);
                } catch (IOException full) {
                    // A full disk: the lock file is this convert's while it holds the lock, and goes,
                    // with `.DIR.tmp` when it was made for it (as when no inode was left for the file).
                    Files.deleteIfExists(lockFile);
                    removeIfEmpty(lockFile.getParent());
                    throw FileErrors.naming(lockFile, full);
                }
                tokenWritten = true;
                String found;
                try {
                    check = FileChannel.open(lockFile, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                    found = new String(Channels.newInputStream(check).readNBytes(200),
                            StandardCharsets.US_ASCII);
                } catch (java.nio.file.NoSuchFileException gone) {
                    found = "";
                }
                if (found.equals(token)) {
                    FileChannel held = check;
                    return () -> {
                        try (channel; held) {
                            // Both descriptors close together, releasing the lock.
                        }
                    };
                }
            } catch (IOException | RuntimeException e) {
                closeQuietly(check);
                channel.close();
                if (tokenWritten) {
                    // The lock file is this convert's (its token): it goes, with `.DIR.tmp` when empty.
                    // Left, it stood beside DIR until the next convert (a descriptor limit reached
                    // between the token and its check).
                    Files.deleteIfExists(lockFile);
                    removeIfEmpty(lockFile.getParent());
                }
                throw e;
            }
            closeQuietly(check);
            channel.close();
            Files.createDirectories(lockFile.getParent());
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            System.getLogger(ConvertCommand.class.getName()).log(System.Logger.Level.DEBUG, "could not close " + channel, e);
        }
    }

    private static void removeIfEmpty(Path folder) {
        try {
            Files.deleteIfExists(folder);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // Another convert has started meanwhile, or something else uses the folder: leave it.
        } catch (IOException e) {
            System.getLogger(ConvertCommand.class.getName()).log(System.Logger.Level.DEBUG, "could not remove " + folder, e);
        }
    }

    /// The list of a run's files, written before its first rename.
    private static final String TEMPORARIES_ROLE = "the folder bsee convert keeps its lock and staged files in";
    private static final String RENAMES = ".renames";
    /// What DIR held when a run's renames were decided ([#writeBefore]).
    private static final String BEFORE = ".before";

    private static final System.Logger LOG = System.getLogger(ConvertCommand.class.getName());

    /// Names of what an earlier, killed convert leaves in the temporaries folder: its run folder,
    /// and (from versions that wrote there directly) `.NAME.bin.HEX.tmp` files and spill files.
    private static final Pattern ORPHAN = Pattern.compile("run-[0-9a-f-]{36}|\\..+\\.bin\\.[0-9a-f]{16}\\.tmp|bsee-spill-[0-9]+\\.bin");

    /// Deletes what killed converts left in `temporaries`; called holding its lock, so nothing of a
    /// running convert is there. Only names this command gives, never through a link. A run killed
    /// among its renames is completed first: the files it had not moved yet go into `target`.
    ///
    /// Why `temporaries` is checked before each leftover: the listing goes on in the folder it was
    /// opened on, but the paths it gives lead wherever `.DIR.tmp` leads now; a link put in its place
    /// meanwhile would have the clean-up delete another folder's `run-*` of the same names.
    private void removeOrphans(OwnFolder temporaries, Path target) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(temporaries.path(),
                path -> ORPHAN.matcher(path.getFileName().toString()).matches() && !Files.isSymbolicLink(path))) {
            for (Path leftover : leftovers) {
                temporaries.verify();
                completeRenames(leftover, target);
                temporaries.verify();
                try {
                    FileTrees.delete(leftover);
                } catch (IOException e) {
                    // Only space is at stake: this convert's own run is a folder of its own.
                    LOG.log(System.Logger.Level.WARNING, "could not remove " + leftover + ", left by a convert that was"
                            + " killed (" + BseeCommand.oneLine(e) + ")");
                    continue;
                }
                spec.commandLine().getErr().println("bsee convert: removed " + leftover + ", left by a convert that was killed");
            }
        }
    }

    /// Refuses renames that would replace one of the archives being converted (an archive named
    /// `t1.bin` in DIR, whose entry `t1.txt` gives `t1.bin`): the convert replaced its own input and
    /// exited 0, the archive gone.
    private void refuseToReplaceAnArchive(Path target, List<String> names) throws IOException {
        for (String name : names) {
            Path replaced = target.resolve(name);
            if (!Files.isRegularFile(replaced, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            for (Path zip : zips) {
                if (Files.isSameFile(replaced, zip)) {
                    throw new IOException(SafeText.escape(replaced.toString()) + " is the archive "
                            + SafeText.escape(zip.toString()) + " this convert reads, which its file of that name would"
                            + " replace: give another --out");
                }
            }
        }
    }

    /// The most bytes a run's list of renames may hold: a name per entry, and an archive of more
    /// entries than this allows at 255 bytes a name is not one the tool converts.
    private static final int MOST_RENAMES_BYTES = 16 << 20;

    /// Writes a run's list of renames: the `.bin` names as a JSON array of strings. An entry's name,
    /// and so its file's, may hold a line break or start with a dot (`.x.txt` gives `.x.bin`, as
    /// the Python system wrote it), which a list of one name a line could not give back: the list of
    /// a convert killed among such renames was taken for a damaged one and its files dropped.
    static void writeRenames(java.io.OutputStream out, List<String> names) throws IOException {
        java.io.ByteArrayOutputStream list = new java.io.ByteArrayOutputStream();
        try (com.fasterxml.jackson.core.JsonGenerator json = RENAMES_JSON.createGenerator(list)) {
            json.writeStartArray();
            for (String name : names) {
                json.writeString(name);
            }
            json.writeEndArray();
        }
        out.write(withinRenamesLimit(list, names.size()));
    }

    /// The bytes of a run's list, refused before any rename when a later convert would not read them
    /// back: the list of a convert killed among its renames was then called damaged, and its files
    /// not yet moved were dropped, the folder left half old, half new.
    private static byte[] withinRenamesLimit(java.io.ByteArrayOutputStream list, int files) throws IOException {
        if (list.size() > MOST_RENAMES_BYTES) {
            throw new IOException("the list of this convert's " + MessageText.count(files, "file") + " takes "
                    + MessageText.bytes(list.size()) + ", past the " + MessageText.bytes(MOST_RENAMES_BYTES)
                    + " a killed convert's list may hold to be completed: convert the archives in smaller groups");
        }
        return list.toByteArray();
    }

    private static final com.fasterxml.jackson.core.JsonFactory RENAMES_JSON = new com.fasterxml.jackson.core.JsonFactory();

    /// Writes what `target` holds as a run decides its renames: the identity ([#identity]) of the
    /// refresh's manifest of the folder and of each file the renames replace, or null for none. A
    /// later convert that completes the renames of this run, killed among them, compares them with
    /// what is there then. Times said it before, and a clock set back between the kill and a refresh
    /// made the refresh's manifest and files look older than the killed run: its files replaced the
    /// refresh's.
    static void writeBefore(java.io.OutputStream out, Path target, List<String> names) throws IOException {
        java.io.ByteArrayOutputStream list = new java.io.ByteArrayOutputStream();
        try (com.fasterxml.jackson.core.JsonGenerator json = RENAMES_JSON.createGenerator(list)) {
            json.writeStartObject();
            json.writeStringField("manifest", identity(OutputFolder.of(target).manifestFile()));
            json.writeObjectFieldStart("files");
            for (String name : names) {
                json.writeStringField(name, identity(target.resolve(name)));
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        out.write(withinRenamesLimit(list, names.size()));
    }

    /// What tells one file at a path from any that replaces it, without a clock: its file key (device
    /// and inode; a rename or a new write puts another there), size and time; null when nothing is there.
    static String identity(Path file) throws IOException {
        java.nio.file.attribute.BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException absent) {
            return null;
        }
        return attributes.fileKey() + " " + attributes.size() + " " + attributes.lastModifiedTime().toInstant();
    }

    /// What DIR held as a run decided its renames: the identities of its manifest and, by name, of
    /// the files the renames replace (null for none).
    private record Before(String manifest, java.util.Map<String, String> files) {
    }

    /// An identity as [#writeBefore] writes it: a string, or null for no file; anything else makes
    /// the file one no convert wrote.
    private static String identityOrNull(com.fasterxml.jackson.core.JsonParser json, com.fasterxml.jackson.core.JsonToken value)
            throws IOException {
        return switch (value) {
            case VALUE_STRING -> json.getText();
            case VALUE_NULL -> null;
            case null, default -> throw new IOException("not an identity: " + value);
        };
    }

    /// What a run's [#BEFORE] file says, or empty where there is none (a run of an earlier version)
    /// or it cannot be read whole: the renames are then judged by times, as before.
    private static Optional<Before> before(Path run) {
        Path file = run.resolve(BEFORE);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
             com.fasterxml.jackson.core.JsonParser json = RENAMES_JSON.createParser(in.readNBytes(MOST_RENAMES_BYTES))) {
            if (json.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            String manifest = null;
            boolean sawManifest = false;
            java.util.Map<String, String> files = null;
            while (json.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = json.currentName();
                com.fasterxml.jackson.core.JsonToken value = json.nextToken();
                if (field.equals("manifest")) {
                    sawManifest = true;
                    manifest = identityOrNull(json, value);
                } else if (field.equals("files") && value == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                    files = new java.util.HashMap<>();
                    while (json.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                        String name = json.currentName();
                        files.put(name, identityOrNull(json, json.nextToken()));
                    }
                } else {
                    json.skipChildren();
                }
            }
            // Whole, and nothing after it: anything else was not written by a convert.
            if (json.currentToken() != com.fasterxml.jackson.core.JsonToken.END_OBJECT || json.nextToken() != null) {
                return Optional.empty();
            }
            return sawManifest && files != null ? Optional.of(new Before(manifest, files)) : Optional.empty();
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /// The names a run's list of renames holds: a JSON array of `.bin` file names
    /// ([#writeRenames]), or, as earlier versions wrote it, one name a line in UTF-8; anything else
    /// (a file filled with zeros by a crash, or edited, or past [#MOST_RENAMES_BYTES], of which one
    /// byte more is read) is damaged.
    static List<String> renames(byte[] bytes) throws IOException {
        if (bytes.length > MOST_RENAMES_BYTES) {
            throw new IOException("it holds more than " + MessageText.bytes(MOST_RENAMES_BYTES));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException("it is not UTF-8 text");
        }
        List<String> names = null;
        if (text.startsWith("[")) {
            try {
                names = jsonNames(bytes);
            } catch (IOException notJson) {
                // An earlier version's list whose first name starts with `[` is read as lines below;
                // anything else that is not a list fails there as well, naming a line that is no name.
            }
        }
        if (names == null) {
            names = text.lines().toList();
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!OutputFolder.isBinName(name)) {
                throw new IOException("name " + (i + 1) + " is not the name of a .bin file: "
                        + "\"" + SafeText.escape(name.length() > 80 ? name.substring(0, 80) + "..." : name) + "\"");
            }
        }
        return names;
    }

    /// The strings of a JSON array that is the whole of `bytes`.
    private static List<String> jsonNames(byte[] bytes) throws IOException {
        List<String> names = new ArrayList<>();
        try (com.fasterxml.jackson.core.JsonParser json = RENAMES_JSON.createParser(bytes)) {
            if (json.nextToken() != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                throw new IOException("it is not a JSON array");
            }
            for (com.fasterxml.jackson.core.JsonToken token = json.nextToken();
                    token != com.fasterxml.jackson.core.JsonToken.END_ARRAY; token = json.nextToken()) {
                if (token == null) {
                    throw new IOException("it ends before its array does");
                }
                if (token != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                    throw new IOException("name " + (names.size() + 1) + " is not a string");
                }
                names.add(json.getText());
            }
            if (json.nextToken() != null) {
                throw new IOException("it holds more than one JSON array");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            throw new IOException("it is not a JSON array of names: " + notJson.getOriginalMessage());
        }
        return names;
    }

    /// Whether a refresh committed into `target` after `list` (a killed convert's renames) was written,
    /// or in the same tick of the file system's clock.
    private static boolean refreshedSince(Path list, Path target) throws IOException {
        Path manifest = OutputFolder.of(target).manifestFile();
        if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        return Files.getLastModifiedTime(manifest, LinkOption.NOFOLLOW_LINKS)
                // Not older: a file system that keeps seconds only gives both the same time when the
                // refresh committed in the second of the kill, and newer files must not be replaced.
                .compareTo(Files.getLastModifiedTime(list, LinkOption.NOFOLLOW_LINKS)) >= 0;
    }

    /// The renames a convert killed among them did not make: the files its list names that are still
    /// in its run folder go into `target`, as that convert would have moved them.
    private void completeRenames(Path run, Path target) throws IOException {
        Path list = run.resolve(RENAMES);
        if (!Files.isDirectory(run, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(list, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        byte[] bytes;
        try (var in = Files.newInputStream(list, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(MOST_RENAMES_BYTES + 1);
        } catch (IOException unreadable) {
            // Not damaged: the list may be intact, and the run folder holds the only copies of the
            // files that convert had not moved yet. Removing it, as a damaged list's, left DIR half
            // new, half old for good.
            throw new IOException("cannot read " + list + ", the renames of a convert killed among them ("
                    + (unreadable instanceof java.nio.file.FileSystemException fs ? MessageText.systemReason(fs)
                    : BseeCommand.oneLine(unreadable)) + "): " + target + " may hold files of that convert beside"
                    + " earlier ones; let this user read it so that the next convert completes them, or remove " + run
                    + " to give them up", unreadable);
        }
        List<String> names;
        try {
            names = renames(bytes);
        } catch (IOException damaged) {
            // Written whole and synced before the first rename: a list that is not one was not
            // decided on (or was changed since), so nothing of it is moved, and the run goes.
            LOG.log(System.Logger.Level.WARNING, list + " is damaged (" + BseeCommand.oneLine(damaged) + "): the"
                    + " renames of the killed convert that wrote it are not completed, and " + target
                    + " may hold files of that convert beside earlier ones");
            return;
        }
        // One that does not name every file of the list was not written with it: judged by times.
        Optional<Before> before = before(run).filter(written -> written.files().keySet().containsAll(names));
        boolean refreshed = before.isPresent()
                ? !java.util.Objects.equals(before.get().manifest(), identity(OutputFolder.of(target).manifestFile()))
                : refreshedSince(list, target);
        if (refreshed) {
            // The refresh's commit made the folder a complete version of its own after that convert
            // was killed: moving the convert's older files in now would replace the newer ones.
            spec.commandLine().getErr().println("bsee convert: dropped the renames of a convert killed among them:"
                    + " a refresh has written " + SafeText.escape(target.toString()) + " since");
            return;
        }
        java.nio.file.attribute.FileTime listed = Files.getLastModifiedTime(list, LinkOption.NOFOLLOW_LINKS);
        int moved = 0;
        List<String> writtenSince = new java.util.ArrayList<>();
        for (String name : names) {
            Path staged = run.resolve(name);
            if (!Files.isRegularFile(staged, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.createDirectories(target);
            Path into = target.resolve(name);
            OutputFolder.refuseToReplace(into);
            if (Files.isRegularFile(into, LinkOption.NOFOLLOW_LINKS) && (before.isPresent()
                    ? !java.util.Objects.equals(before.get().files().get(name), identity(into))
                    : Files.getLastModifiedTime(into, LinkOption.NOFOLLOW_LINKS).compareTo(listed) > 0)) {
                // Written after that convert decided its renames (pandas, a copy, another tool): a
                // newer file than the killed run's, which a convert of the same archive makes again,
                // while nothing makes this one again. It was replaced without a word.
                writtenSince.add(name);
                continue;
            }
            Files.move(staged, into, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved++;
            completedKilledRuns = true;
        }
        if (moved == 0 && writtenSince.isEmpty()) {
            // Killed once every file was in place: nothing was left to complete, and "0 more files
            // moved" said only that. Its run folder goes with the other leftovers.
            return;
        }
        spec.commandLine().getErr().println("bsee convert: completed the renames of a convert killed among them: "
                + MessageText.count(moved, "more file") + " moved into " + SafeText.escape(target.toString())
                + (writtenSince.isEmpty() ? "" : "; kept " + SafeText.escape(String.join(", ", writtenSince))
                + " as " + (writtenSince.size() == 1 ? "it is" : "they are") + ", written there since that convert"
                + " was killed (its version is dropped)"));
    }
}
