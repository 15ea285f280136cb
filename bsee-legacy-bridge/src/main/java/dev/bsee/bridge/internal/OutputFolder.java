package dev.bsee.bridge.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bsee.core.internal.AtomicFiles;
import dev.bsee.core.internal.FileTrees;
import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.Replacement;
import dev.bsee.core.internal.OwnFolder;
import dev.bsee.core.internal.SameFileNames;
import dev.bsee.core.internal.StagedFiles;
import dev.bsee.bridge.FileReport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/// One output folder of `.bin` files and the bookkeeping kept beside it.
///
/// The folder itself holds `.bin` files only, because the Python analysis code `pickle.load`s every
/// file it lists there. Everything else lives in `.bsee/<folder name>/` next to the folder, on the
/// same file system so that moves into the folder are atomic renames:
///
/// ```
/// data/modules/bsee/bin/apd/                     the .bin files
/// data/modules/bsee/bin/.bsee/apd/manifest.json  what the folder holds and where it came from
/// data/modules/bsee/bin/.bsee/apd/.lock          held while a refresh writes the folder
/// data/modules/bsee/bin/.bsee/apd/state          download validators (ETag, Last-Modified)
/// data/modules/bsee/bin/.bsee/apd/commit.json    present only while new files are moved in
/// data/modules/bsee/bin/.bsee/apd/tmp/           temporaries of the refresh in progress
/// ```
///
/// New files are written into `tmp/` and moved in by [Staging#commit] only when the whole source
/// succeeded. The commit first writes a journal of the moves; a refresh killed while moving leaves
/// the journal, and the next refresh completes the moves before anything else ([#recover()]).
public final class OutputFolder {

    /// The name of the folder beside output folders that holds their manifests, locks and
    /// temporaries; no output folder may be, or lie in, one.
    public static final String BOOKKEEPING = dev.bsee.core.internal.SourceFolderName.BOOKKEEPING;

    private static final System.Logger LOG = System.getLogger(OutputFolder.class.getName());
    private static final String BIN = ".bin";
    /// The folder, in the bookkeeping folder, of copies of replaced files no refresh wrote as they were.
    private static final String REPLACED = "replaced";
    private static final DateTimeFormatter TIME_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path bin;
    private final Path meta;

    private OutputFolder(Path bin, Path meta) {
        this.bin = bin;
        this.meta = meta;
    }

    /// The output folder at `bin` (absolute), with its bookkeeping beside it.
    ///
    /// @param bin the folder the `.bin` files go to
    /// @return the folder
    public static OutputFolder of(Path bin) {
        Path folder = dev.bsee.core.internal.SystemPaths.absolute(bin);
        if (folder.getParent() == null || folder.getFileName() == null) {
            throw new IllegalArgumentException("an output folder needs a parent folder: " + bin);
        }
        return new OutputFolder(folder, folder.getParent().resolve(BOOKKEEPING).resolve(folder.getFileName().toString()));
    }

    /// The folder of `.bin` files.
    ///
    /// @return the folder
    public Path bin() {
        return bin;
    }

    /// The bookkeeping folder beside it.
    ///
    /// @return the folder
    public Path meta() {
        return meta;
    }

    /// The manifest file.
    ///
    /// @return the path
    public Path manifestFile() {
        return meta.resolve("manifest.json");
    }

    /// The manifest a refresh or `bsee status` last set aside as damaged, if one is there.
    ///
    /// @return the newest `manifest.json.damaged-<UTC time>`
    public Optional<Path> damagedManifest() {
        String prefix = manifestFile().getFileName() + ".damaged-";
        try (Stream<Path> files = Files.list(meta)) {
            // The UTC stamps sort as text.
            return files.filter(file -> file.getFileName().toString().startsWith(prefix))
                    .max(java.util.Comparator.comparing(file -> file.getFileName().toString()));
        } catch (IOException unlisted) {
            return Optional.empty();
        }
    }

    /// The download state file.
    ///
    /// @return the path
    public Path stateFile() {
        return meta.resolve("state");
    }

    /// The lock file.
    ///
    /// @return the path
    public Path lockFile() {
        return meta.resolve(".lock");
    }

    /// The folder of temporaries.
    ///
    /// @return the path
    public Path tmp() {
        return meta.resolve("tmp");
    }

    /// The journal of a commit, there while the commit is pending.
    ///
    /// @return the path
    public Path journalFile() {
        return meta.resolve("commit.json");
    }

    /// The record of the last refresh that failed after taking the lock; removed by the next one
    /// that succeeds.
    ///
    /// @return the path
    public Path failureFile() {
        return meta.resolve("last-failure.json");
    }

    /// A refresh that failed, as [#recordFailure] keeps it.
    ///
    /// @param at when it failed
    /// @param message why, in one line
    public record Failure(Instant at, String message) {
    }

    /// Records that the refresh holding the lock failed, for `bsee status` to report until a refresh
    /// succeeds.
    ///
    /// @param failure when and why
    /// @throws IOException when it cannot be written, or the file is a link
    public void recordFailure(Failure failure) throws IOException {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("failed_at", failure.at().toString());
        json.put("message", failure.message());
        writeAtomically(failureFile(), json);
    }

    /// Forgets the recorded failure, once a refresh has succeeded.
    ///
    /// @throws IOException when it cannot be removed, or the file is a link
    public void clearFailure() throws IOException {
        Path file = failureFile();
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            refusePlanted(file);
            Files.delete(file);
        }
    }

    /// The recorded failure of the last refresh, when it failed.
    ///
    /// @return the failure, or empty when the last refresh succeeded or none failed
    /// @throws IOException when the record cannot be read or is damaged, or is a link
    public Optional<Failure> failure() throws IOException {
        return readRecord(failureFile(), "failure record", parser -> {
            JsonNode json = object(parser);
            return new Failure(Instant.parse(json.path("failed_at").asText()), json.path("message").asText());
        });
    }

    /// Whether a commit is pending: its journal is on disk, and the folder may hold files of two
    /// versions until the next refresh or `bsee status` completes it.
    ///
    /// @return true when the journal is there; false when it would be read through a link in place
    ///     of the bookkeeping folders (another folder's journal, not this one's)
    public boolean hasJournal() {
        return !Files.isSymbolicLink(meta) && !Files.isSymbolicLink(meta.getParent())
                && Files.exists(journalFile(), LinkOption.NOFOLLOW_LINKS);
    }

    /// Refuses a folder that lies inside another output folder a refresh keeps, or holds one: the
    /// folders of two configurations (two teams, two base directories) that nest, which neither
    /// refresh can see in its own configuration ([FolderConflicts] refuses those of one refresh).
    /// The inner folder's bookkeeping, its lock first, would go into the outer folder, whose
    /// refresh and `bsee status` then call it a file that does not belong there; both refreshes
    /// succeeded and the outer folder was reported so for good. The other folder is told by the
    /// tool's own records: the bookkeeping folder beside a folder above this one (made with its
    /// lock, so a first refresh still running counts: its manifest comes only with its commit), or
    /// a bookkeeping folder anywhere below this one (a folder two levels down has its own two levels
    /// down). Checked before the lock, whose file is the first thing written, and again once it is
    /// held, for a refresh of the other folder that began meanwhile.
    ///
    /// @throws IOException naming both folders when they nest
    public void refuseNesting() throws IOException {
        Path real = FolderConflicts.resolved(bin);
        Optional<Path> inside = bookkeepingBelow(real);
        if (inside.isPresent()) {
            throw new IOException("cannot refresh into " + bin + ": it holds " + inside.get() + ", the bookkeeping of a"
                    + " folder inside it that another refresh writes (another configuration or base directory); a folder"
                    + " holds one source's files, so the two would replace and orphan each other's; give each a folder"
                    + " of its own, apart from the other");
        }
        for (Path above = real.getParent(); above != null && above.getParent() != null; above = above.getParent()) {
            Path theirs = above.getParent().resolve(BOOKKEEPING).resolve(above.getFileName().toString());
            if (Files.isDirectory(theirs, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("cannot refresh into " + bin + ": it lies inside " + above + ", the folder of"
                        + " another refresh (its bookkeeping is " + theirs + "); a folder holds one source's files, so"
                        + " the two would replace and orphan each other's; give each a folder of its own, apart from"
                        + " the other");
            }
        }
    }

    /// Folders below an output folder looked through for another refresh's bookkeeping: an output
    /// folder holds `.bin` files, so this bounds only a folder given by mistake (a home folder).
    private static final int NESTING_DEPTH = 6;
    private static final int NESTING_ENTRIES = 10_000;

    /// The first bookkeeping folder (`.bsee`) in `real` or below it, links not followed.
    private static Optional<Path> bookkeepingBelow(Path real) throws IOException {
        // Folders only: a stray file named .bsee is no refresh's bookkeeping (status calls it a file
        // that does not belong), and was taken for one.
        Path direct = real.resolve(BOOKKEEPING);
        if (Files.isDirectory(direct, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(direct);
        }
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Path[] found = new Path[1];
        int[] seen = new int[1];
        Files.walkFileTree(real, java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class), NESTING_DEPTH,
                new java.nio.file.SimpleFileVisitor<>() {
                    @Override
                    public java.nio.file.FileVisitResult preVisitDirectory(Path dir,
                            java.nio.file.attribute.BasicFileAttributes attributes) {
                        if (!dir.equals(real) && dir.getFileName().toString().equals(BOOKKEEPING)) {
                            found[0] = dir;
                            return java.nio.file.FileVisitResult.TERMINATE;
                        }
                        return ++seen[0] > NESTING_ENTRIES ? java.nio.file.FileVisitResult.TERMINATE
                                : java.nio.file.FileVisitResult.CONTINUE;
                    }

                    @Override
                    public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attributes) {
                        // Folders at the deepest level come here, not to preVisitDirectory.
                        if (attributes.isDirectory() && file.getFileName().toString().equals(BOOKKEEPING)) {
                            found[0] = file;
                            return java.nio.file.FileVisitResult.TERMINATE;
                        }
                        return ++seen[0] > NESTING_ENTRIES ? java.nio.file.FileVisitResult.TERMINATE
                                : java.nio.file.FileVisitResult.CONTINUE;
                    }

                    @Override
                    public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }
                });
        return Optional.ofNullable(found[0]);
    }

    /// Locks the folder against other refreshes, after making sure that no folder or file the lock
    /// goes through is a link planted there (see [#refuseLink]).
    ///
    /// @param owner what takes the lock, for the message another refresh prints
    /// @param wait how long to wait for another refresh
    /// @return the lock
    /// @throws IOException when the folder stays locked, a link is found, or the lock file cannot be used
    public FolderLock lock(String owner, Duration wait) throws IOException {
        return lock(owner, wait, waiting -> { });
    }

    /// Takes the folder's lock as [#lock(String, Duration)] does, saying through `waiting` when it
    /// waits for another holder ([FolderLock#acquire]).
    ///
    /// @param owner what holds it, for the lock file and messages
    /// @param wait how long to wait for another holder
    /// @param waiting told once that the lock is held by another and for how long it waits
    /// @return the lock
    /// @throws IOException when the lock cannot be taken
    public FolderLock lock(String owner, Duration wait, java.util.function.Consumer<String> waiting) throws IOException {
        metaDirectory();
        refusePlanted(lockFile());
        return FolderLock.acquire(lockFile(), bin, owner, wait, waiting);
    }

    /// How the repair of a completed interrupted commit begins: the one repair that changes what the
    /// folder holds, which a refresh's summary shows beside its own outcome.
    public static final String COMPLETED_COMMIT = "completed an interrupted commit into ";

    /// Whether `repair` (a [Repair#text()]) is the completion of an interrupted commit.
    ///
    /// @param repair the text of a repair
    /// @return true when it completed a commit
    public static boolean completedCommit(String repair) {
        return repair.startsWith(COMPLETED_COMMIT);
    }

    /// One thing [#recover()] did, for its caller to report once.
    ///
    /// @param text what was done, one line
    /// @param warning whether it is something the user should look at (a damaged file set aside, a
    ///     file left alone), rather than a routine repair (a commit completed, a temporary removed)
    /// @param done whether something was done: false for a file the recovery left alone
    public record Repair(String text, boolean warning, boolean done) {

        /// A repair that was done.
        ///
        /// @param text what was done, one line
        /// @param warning whether the user should look at it
        public Repair(String text, boolean warning) {
            this(text, warning, true);
        }

        /// Something the recovery found and left alone, which the user should look at.
        static Repair leftAlone(String text) {
            return new Repair(text, true, false);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /// Brings the folder back to one consistent version before anything reads or writes it: rolls
    /// an interrupted or failed commit forward (whatever stage it stopped in), sets a damaged
    /// manifest or journal aside, and deletes stale temporaries. Any command that touches the folder
    /// calls it first, holding the folder's lock ([#lock]): a refresh does, and so does `bsee status`.
    /// Nothing is logged here: the caller reports each repair once, in its own way (a refresh's
    /// notice or warning, `bsee status`'s report).
    ///
    /// @return what was done, one line each (empty when nothing was left over)
    /// @throws IOException when the folder cannot be repaired (the message names the path) or a link
    ///                     was planted in it
    /// @throws IllegalStateException when this process does not hold the folder's lock
    public List<Repair> recover() throws IOException {
        if (!FolderLock.heldHere(lockFile())) {
            throw new IllegalStateException("recover " + bin + " only while holding its lock");
        }
        refusePlanted();
        // The two folders as they are now: the leftovers in them are deleted only while their paths
        // still lead there. Completing a journal or reading the manifest (hundreds of milliseconds in
        // a JVM just started) comes first, and a link put in place of `tmp/` meanwhile had every file
        // of the folder it led to deleted as a stale temporary.
        OwnFolder temporaries = OwnFolder.existing(tmpDirectory(), "the folder of the source's temporaries");
        OwnFolder bookkeeping = OwnFolder.existing(meta(), "the source's bookkeeping folder");
        List<Repair> done = new ArrayList<>();
        if (hasJournal()) {
            done.addAll(finishInterruptedCommit());
        }
        setAsideDamagedManifest().ifPresent(done::add);
        temporaries.verify();
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmp())) {
            for (Path leftover : leftovers) {
                temporaries.verify();
                if (!isOwnTemporary(leftover)) {
                    done.add(Repair.leftAlone("left " + leftover + " alone: it is not a temporary the refresh writes"
                            + " (staged runs, set-aside files and the bookkeeping's temporaries), so not the tool's"
                            + " to remove"));
                    continue;
                }
                FileTrees.delete(leftover);
                done.add(new Repair("removed stale temporary " + leftover, false));
            }
        }
        // The download state is written through a temporary beside it (the store knows no tmp/): one
        // a killed process left is a regular file of that name, never a link.
        bookkeeping.verify();
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(meta(), path ->
                AtomicFiles.isTemporaryName(path, stateFile().getFileName().toString())
                        && Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))) {
            for (Path leftover : leftovers) {
                bookkeeping.verify();
                Files.delete(leftover);
                done.add(new Repair("removed stale temporary " + leftover, false));
            }
        }
        return done;
    }

    /// The names of the folders a refresh makes in `tmp/`: a run's, for its staged files ([#stage]),
    /// and a commit's, for the files it sets aside while it moves ([Replacement#moveAll]).
    private static final java.util.regex.Pattern RUN_FOLDER = java.util.regex.Pattern.compile(
            "(run|previous)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /// Whether `leftover` in `tmp/` is something a refresh made there, by its name and kind: one of
    /// its folders ([#RUN_FOLDER]) or a temporary of a bookkeeping file written through `tmp/`
    /// ([#writeAtomically(Path, JsonNode)]). The tool deletes only what it can tell it wrote, and a
    /// file a user or another program put in `tmp/` (a note, a hard link to a file elsewhere) is
    /// neither.
    private boolean isOwnTemporary(Path leftover) {
        String name = leftover.getFileName().toString();
        if (RUN_FOLDER.matcher(name).matches()) {
            return Files.isDirectory(leftover, LinkOption.NOFOLLOW_LINKS);
        }
        return Stream.of(manifestFile(), journalFile(), failureFile())
                .anyMatch(file -> AtomicFiles.isTemporaryName(leftover, file.getFileName().toString()))
                && Files.isRegularFile(leftover, LinkOption.NOFOLLOW_LINKS);
    }

    private List<Repair> finishInterruptedCommit() throws IOException {
        Journal journal;
        try {
            journal = readJournal();
        } catch (Damaged damaged) {
            Path aside = setAside(journalFile());
            forgetDownloadState();
            return List.of(new Repair("commit journal " + journalFile() + " is damaged (" + damaged.reason()
                    + ") and was moved to " + aside + "; " + bin + " may hold files of two versions until the next"
                    + " refresh, which downloads the source in full", true));
        }
        Applied applied = CommitGate.JVM.pass(bin, () -> apply(journal, true));
        // The folder is now the version of a refresh that got as far as its commit, later than any
        // failure on record (every refresh recovers before it runs): that failure is over.
        clearFailure();
        // The download state names the version before it: the commit's own validators are saved only
        // after a commit that completes. Kept, it had `status` show the old ETag beside the new files.
        forgetDownloadState();
        List<Repair> done = new ArrayList<>();
        done.add(new Repair(COMPLETED_COMMIT + bin, false));
        applied.leftAlone().forEach(line -> done.add(Repair.leftAlone(line)));
        return done;
    }

    private Optional<Repair> setAsideDamagedManifest() throws IOException {
        try {
            readManifest();
            return Optional.empty();
        } catch (Damaged damaged) {
            Path aside = setAside(manifestFile());
            forgetDownloadState();
            return Optional.of(new Repair("manifest " + manifestFile() + " is damaged (" + damaged.reason()
                    + ") and was moved to " + aside + "; the next refresh downloads the source in full and removes no"
                    + " earlier file", true));
        }
    }

    /// Whether `failure` is this user being refused the manifest: it may be intact, only not this
    /// user's to read (a service account's file, mode 600).
    ///
    /// @param failure what a step failed with
    /// @return true when reading the manifest was denied
    boolean deniedManifest(IOException failure) {
        return failure instanceof java.nio.file.AccessDeniedException denied
                && manifestFile().toString().equals(denied.getFile());
    }

    /// The failure of a refresh that may not read the folder's record of its files or of a commit to
    /// complete, saying what the file is and what to do: `access denied` and the path alone told
    /// neither. Any other failure is returned as it is.
    ///
    /// @param failure what a step failed with
    /// @return the failure to report
    IOException explainDenied(IOException failure) {
        if (!(failure instanceof java.nio.file.AccessDeniedException denied) || denied.getOtherFile() != null) {
            return failure;
        }
        String what = manifestFile().toString().equals(denied.getFile()) ? "the record of the files a refresh wrote"
                : journalFile().toString().equals(denied.getFile()) ? "the record of an interrupted commit to complete"
                : null;
        if (what == null) {
            return failure;
        }
        return new IOException("cannot read " + denied.getFile() + ", " + what + " (access denied): run the refresh"
                + " as the user who owns " + bin + ", or restore the file's read permission; it was left as it is",
                failure);
    }

    /// The manifest, when the folder has one.
    ///
    /// @return the manifest
    /// @throws IOException when it cannot be read or is damaged (the message names the file)
    public Optional<Manifest> manifest() throws IOException {
        return readManifest();
    }

    /// The manifest, when the folder has one and a refresh of `source` wrote it: what the source's
    /// next refresh compares with, keeps files of and supersedes. The manifest of another source
    /// writing the same folder is none of these.
    ///
    /// @param source the source's id, or an alias of it (`well`)
    /// @return the manifest
    /// @throws IOException when it cannot be read or is damaged (the message names the file)
    public Optional<Manifest> manifestOf(String source) throws IOException {
        String id = dev.bsee.core.SourceCatalog.of().canonicalId(source);
        return readManifest().filter(manifest -> manifest.source().equals(id));
    }

    private Optional<Manifest> readManifest() throws IOException {
        Path file = manifestFile();
        return readRecord(file, "manifest", parser -> Manifest.read(parser, file.toString()));
    }

    /// Whether a bookkeeping file or folder is there, not through a link. [Files#exists] answers
    /// false also when it cannot tell, as for a folder this user may not search (a service account's
    /// `.bsee`, mode 700): a manifest looked for so was "none", and `bsee status` called a refreshed
    /// folder never refreshed and its files not the refresh's. Only "no such file" is absence.
    ///
    /// @param file the file or folder
    /// @return true when it is there
    /// @throws IOException when whether it is there cannot be told (access denied, an I/O error)
    static boolean present(Path file) throws IOException {
        try {
            Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return true;
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    /// What a bookkeeping file holds, read from a parser at its start.
    @FunctionalInterface
    private interface RecordReader<T> {
        T read(com.fasterxml.jackson.core.JsonParser parser) throws IOException;
    }

    /// A bookkeeping file read as JSON, or empty when there is none; a link is refused, and content
    /// that is not what `reader` expects is [Damaged], named `what` and the file.
    private <T> Optional<T> readRecord(Path file, String what, RecordReader<T> reader) throws IOException {
        if (!present(file)) {
            return Optional.empty();
        }
        refusePlanted(file);
        try {
            return Optional.of(readJson(file, limitOf(file), reader));
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof Damaged damaged ? damaged.reason()
                    : e instanceof RuntimeException ? String.valueOf(e.getMessage())
                    : e.getCause() instanceof RuntimeException cause ? String.valueOf(cause.getMessage()) : null;
            if (reason != null) {
                throw new Damaged(what + " " + file + " is damaged: " + reason, reason);
            }
            throw e;
        }
    }

    /// A JSON object read whole as a tree, for a record of a few fields (the failure record).
    private static JsonNode object(com.fasterxml.jackson.core.JsonParser parser) throws IOException {
        JsonNode node = parser.readValueAsTree();
        if (node == null || !node.isObject()) {
            throw new Damaged("not a JSON object");
        }
        return node;
    }

    /// The most bytes a bookkeeping file of a few fields (the failure record) may have. The tool's
    /// own are a few hundred bytes; one grown or padded past this is damaged, not read into the heap.
    static final int MAX_JSON_BYTES = 16 << 20;

    /// The most bytes a manifest may have, which the commit measures before anything moves
    /// ([#refuseUnreadable]) and the reader takes: what the tool writes, it reads back. A manifest
    /// lists one source's files, some hundred bytes each, and is read a file at a time, so the bound
    /// is no share of the heap: only the files' descriptions are held, as the refresh that wrote them
    /// held them. It was 16 MiB, which an archive of 75,000 one-row entries passes: the refresh
    /// failed after downloading and converting everything, every time. The files' descriptions of
    /// this many bytes take more than the tool's default heap, so a refresh runs out of heap before
    /// it would write more.
    static final int MAX_MANIFEST_BYTES = 128 << 20;

    /// The most bytes a commit's journal may have: it carries the new manifest and the previous one,
    /// each at most [#MAX_MANIFEST_BYTES], and a line for each move and removal.
    static final int MAX_JOURNAL_BYTES = 3 * MAX_MANIFEST_BYTES;

    /// The most bytes the bookkeeping file `file` may have, written or read.
    private int limitOf(Path file) {
        return file.equals(journalFile()) ? MAX_JOURNAL_BYTES
                : file.equals(manifestFile()) ? MAX_MANIFEST_BYTES : MAX_JSON_BYTES;
    }

    /// Reads `file` with `reader`, a value at a time, never more than `limit` bytes of it: a file
    /// larger than that (a sparse file of gigabytes) is damaged before a byte is parsed.
    private static <T> T readJson(Path file, int limit, RecordReader<T> reader) throws IOException {
        long size = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).size();
        if (size > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = new BoundedInput(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), limit);
             com.fasterxml.jackson.core.JsonParser parser = Json.parser(in)) {
            return reader.read(parser);
        } catch (JsonProcessingException e) {
            throw new Damaged("not JSON: " + jsonProblem(e));
        }
    }

    private static Damaged tooLarge(int limit) {
        return new Damaged("larger than " + (limit >> 20) + " MiB, far more than this tool writes");
    }

    /// A stream that gives no more than `limit` bytes: a file that grows while it is read is
    /// damaged as one that was too large to begin with.
    private static final class BoundedInput extends java.io.FilterInputStream {
        private final int limit;
        private long read;

        BoundedInput(InputStream in, int limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int n = super.read(bytes, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int bytes) throws Damaged {
            read += bytes;
            if (read > limit) {
                throw tooLarge(limit);
            }
        }
    }

    /// Jackson's message where the text stops being JSON, with its line and column: its own location
    /// of an unclosed array or object reads `[Source: REDACTED (`StreamReadFeature...` disabled); line:
    /// 1, column: 24]`, which names a setting of the parser rather than the file.
    static String jsonProblem(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage())
                .replaceAll("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)]", "line $1, column $2");
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? message
                : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + message;
    }

    /// A fresh area for the files of one refresh; close it to delete what was not committed.
    ///
    /// @return the staging area
    /// @throws IOException when it cannot be created, or a link was planted on its way
    public Staging stage() throws IOException {
        return stage(List.of());
    }

    /// Why the folder is no folder, when a file, pipe or device stands where it should be (a link
    /// there is refused in its own words): `it is a file, not a folder (move it away or remove it)`.
    /// A refresh says it before it downloads; `status` cannot check the folder.
    ///
    /// @return the reason, or empty when the folder is a folder, a link or absent
    public Optional<String> notAFolder() {
        if (Files.exists(bin, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(bin, LinkOption.NOFOLLOW_LINKS)
                && !Files.isSymbolicLink(bin)) {
            return Optional.of("it is " + MessageText.fileKind(bin) + ", not a folder (move it away or remove it)");
        }
        // A path the system cannot take, or that leaves no room for the bookkeeping below it: the
        // refresh failed after its download on "File name too long", naming a path never given.
        return MessageText.notAFolder(bin);
    }

    /// A fresh area for the files of one refresh, made only when nothing that can be seen now makes
    /// its commit fail for sure ([#refuseCertainCommitFailures]); close it to delete what was not
    /// committed.
    ///
    /// @param replacing the names of the `.bin` files the refresh is all but sure to write: those its
    ///                  previous manifest lists, those the catalog expects of the source
    /// @return the staging area
    /// @throws IOException when it cannot be created, a link was planted on its way, or the commit
    ///                     would fail, in the words the commit would use
    public Staging stage(java.util.Collection<String> replacing) throws IOException {
        Path tmp = tmpDirectory();
        // Not the owner: a folder shared by the users who refresh it (a service account and an
        // administrator completing its commit) has one owner, and its bookkeeping beside tmp/ is
        // theirs to write anyway. A folder anyone may write is refused.
        FileTrees.refuseOpenFolder(tmp);
        // A file, pipe or device where the folder goes is said before anything is downloaded too: the
        // whole download and conversion ran, then the commit failed on it with "not a folder".
        Optional<String> blocked = notAFolder();
        if (blocked.isPresent()) {
            throw new IOException("cannot refresh into " + bin + ": " + blocked.get());
        }
        // So is anything but a folder where the commit keeps copies of the files it replaces: a file
        // there failed the commit with "not a folder: .../replaced", after the whole download.
        refusePlanted(meta.resolve(REPLACED), true, "the folder where a refresh keeps copies of the files it replaces");
        // Staged files are renamed into the folder, which cannot cross file systems: a folder that is
        // a mount point is said before anything is downloaded, not by the commit's first rename. A
        // folder still to be made is made in the nearest folder above it that exists: the first
        // refresh beside a `.bsee` that is a mount point downloaded and converted everything, then
        // failed with "Invalid cross-device link" and left the new folder empty.
        Path madeIn = bin;
        while (madeIn != null && !Files.isDirectory(madeIn, LinkOption.NOFOLLOW_LINKS)) {
            madeIn = madeIn.getParent();
        }
        // A bind mount of a folder of the same file system is such a mount point too (same device and
        // file store): the refresh of a bind-mounted folder failed at its first rename likewise.
        java.util.Optional<String> between = madeIn == null ? java.util.Optional.empty() : FileTrees.mountBetween(tmp, madeIn);
        if (between.isPresent()) {
            throw new IOException("cannot refresh into " + bin + ": it is on " + between.get() + " than " + tmp
                    + " (a mount point), where the refresh stages its files until all of them are written; mount"
                    + " the file system at " + bin.getParent() + " instead, or write to a folder on the same file"
                    + " system as " + bin.getParent());
        }
        refuseCertainCommitFailures(replacing, madeIn);
        return new Staging(this, OwnFolder.create(tmp.resolve("run-" + UUID.randomUUID())));
    }

    /// Refuses, before anything is downloaded, what the commit would refuse after the whole download
    /// and conversion: a link in place of the folder; a link, a folder, a pipe or a device where one
    /// of `replacing` goes; a folder this user may not write (or, not made yet, the folder it is to
    /// be made in). Each is said in the commit's words. The commit checks them all again, since any
    /// may change while the archive downloads.
    ///
    /// @param replacing names of `.bin` files the refresh is all but sure to write
    /// @param madeIn the nearest folder at or above the output folder that exists
    private void refuseCertainCommitFailures(java.util.Collection<String> replacing, Path madeIn) throws IOException {
        refuseFolderLink(bin);
        for (String name : replacing) {
            refuseToReplace(binFile(name));
        }
        // Renames into a folder need its write and search permission; the system's answer for this
        // user also says no for a read-only mount or an immutable folder, which root meets too.
        // The commit writes its journal and the manifest beside the folder: a bookkeeping folder this
        // user may not write failed the refresh at its journal, after the whole download and conversion.
        if (Files.isDirectory(meta, LinkOption.NOFOLLOW_LINKS) && !(Files.isWritable(meta) && Files.isExecutable(meta))) {
            throw new IOException("cannot write " + meta + ", the folder of the source's bookkeeping (its manifest and"
                    + " commit journal): access denied; the refresh may not write it (its permissions, a read-only"
                    + " file system or an immutable folder), so it could not commit its files");
        }
        boolean made = Files.isDirectory(bin, LinkOption.NOFOLLOW_LINKS);
        Path written = made ? bin : madeIn;
        if (written != null && !(Files.isWritable(written) && Files.isExecutable(written))) {
            throw new IOException(made ? "cannot move files into " + bin + ": access denied; the refresh may not"
                    + " write the folder (its permissions, a read-only file system or an immutable folder)"
                    : "cannot make " + bin + ": access denied; the refresh may not write " + written);
        }
    }

    /// Writes bookkeeping JSON (manifest, journal) atomically: a temporary in `tmp/`, forced to
    /// disk, then renamed over the target. Content larger than the file's reader takes is refused
    /// and the temporary removed: written, it would be set aside as damaged when next read.
    ///
    /// @param target the file beside the folder
    /// @param json the content
    /// @throws IOException when it cannot be written, is larger than its reader takes, or the target
    ///                     is a link
    public void writeAtomically(Path target, JsonNode json) throws IOException {
        tmpDirectory();
        refusePlanted(target);
        int limit = limitOf(target);
        AtomicFiles.write(target, tmp(), out -> Json.write(json, new BoundedOutput(out, target, limit)));
    }

    /// JSON written straight to a generator, never held as a tree.
    @FunctionalInterface
    private interface JsonContent {
        void writeTo(JsonGenerator generator) throws IOException;
    }

    /// [#writeAtomically(Path, JsonNode)] of JSON written as it is made: a manifest or journal of
    /// tens of thousands of files, whose tree a heap already holding their descriptions could not
    /// take (the refresh ran out of heap building it).
    private void writeAtomically(Path target, JsonContent content) throws IOException {
        tmpDirectory();
        refusePlanted(target);
        int limit = limitOf(target);
        AtomicFiles.write(target, tmp(), out -> {
            OutputStream bounded = new BoundedOutput(out, target, limit);
            try (JsonGenerator generator = Json.generator(bounded)) {
                content.writeTo(generator);
            }
            bounded.write('\n');
        });
    }

    /// Refuses, before anything moves, a manifest larger than its reader takes: it is written after
    /// the renames, where a failure would leave the folder ahead of its record, and written anyway it
    /// would be set aside as damaged by the next refresh and by `bsee status`, every time. An archive
    /// of tens of thousands of entries, or of entries with hundreds of thousands of long column
    /// names, lists that much. It is measured a file at a time, before its tree is built.
    private void refuseUnreadable(Manifest manifest) throws IOException {
        try {
            manifest.write(new BoundedOutput(OutputStream.nullOutputStream(), manifestFile(), MAX_MANIFEST_BYTES));
        } catch (BoundedOutput.TooLarge e) {
            long columns = manifest.files().stream().mapToLong(file -> file.columns().size()).sum();
            int files = manifest.files().size();
            throw new IOException(String.format(java.util.Locale.ROOT, "the manifest of the %,d %s (%,d columns in"
                    + " all) would take more than %d MiB, more than a refresh or bsee status reads back from %s;"
                    + " nothing was moved into %s", files, files == 1 ? "file" : "files", columns,
                    MAX_MANIFEST_BYTES >> 20, manifestFile(), bin), e);
        }
    }

    /// A stream that refuses to take more than `limit` bytes, so that a bookkeeping file is never
    /// written larger than its reader takes.
    private static final class BoundedOutput extends java.io.FilterOutputStream {
        private final Path target;
        private final int limit;
        private long written;

        BoundedOutput(OutputStream out, Path target, int limit) {
            super(out);
            this.target = target;
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            count(1);
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            count(length);
            out.write(bytes, offset, length);
        }

        private void count(int bytes) throws TooLarge {
            written += bytes;
            if (written > limit) {
                throw new TooLarge(target + " would take more than " + (limit >> 20) + " MiB, more than bsee reads"
                        + " back; not written");
            }
        }

        /// Content past the limit.
        static final class TooLarge extends IOException {
            TooLarge(String message) {
                super(message);
            }
        }
    }

    /// One move of a commit: a staged file into the folder.
    record Move(Path from, String to) {
    }

    /// One removal of a commit: a file of the previous manifest that the new one does not list, with
    /// the hash it had when written (absent in journals of older versions: such a file is kept).
    record Removal(String file, Optional<String> sha256) {
    }

    /// What a commit does; written to `commit.json` before the first move. `keptCopies` says which
    /// files about to be replaced were kept aside first (made before the journal is written, and
    /// written in it, so that a recovery completing the commit reports them too).
    record Journal(List<Move> moves, List<Removal> removals, Manifest manifest, Optional<Manifest> previous,
                   List<String> keptCopies) {
    }

    /// What a commit did: the files removed, and the files it left alone or kept a copy of, with the
    /// reason.
    ///
    /// @param removed the names of the files removed
    /// @param leftAlone one line per file kept although the new manifest does not list it, and per
    ///                  file replaced whose earlier content was copied aside
    record Applied(List<String> removed, List<String> leftAlone) {
    }

    /// Plans the commit of staged files. Nothing is changed yet; a staged name whose place in the
    /// folder is taken by a link, a folder or anything else that is not a regular file stops the
    /// commit here.
    Journal journal(Path run, List<String> staged, Manifest manifest) throws IOException {
        refuseFolderLink(bin);
        List<Move> moves = new ArrayList<>();
        for (String name : staged) {
            refuseToReplace(binFile(name));
            // The new file keeps the permissions of the one it replaces, as the Python system's writes over
            // them did ([StagedFiles#keepModeOf]).
            StagedFiles.keepModeOf(binFile(name), run.resolve(name));
            moves.add(new Move(run.resolve(name), name));
        }
        Optional<Manifest> previous = readManifest();
        List<String> keptCopies = keepUnprovenReplaced(staged, previous, manifest);
        List<Removal> removals = new ArrayList<>();
        Set<String> listed = manifest.filesByName().keySet();
        // Only the files of the source's own previous refresh can be superseded: another source
        // writing this folder too (configured so now or before) wrote files this refresh knows
        // nothing of, and they stay.
        for (FileReport file : previous.filter(p -> p.sameSource(manifest)).map(Manifest::files).orElse(List.of())) {
            // Files the new manifest lists (staged, or kept from an unchanged archive) stay.
            if (!listed.contains(file.file())
                    && (Files.exists(binFile(file.file()), LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(binFile(file.file())))) {
                removals.add(new Removal(file.file(), Optional.of(file.sha256())));
            }
        }
        return new Journal(moves, removals, manifest, previous, keptCopies);
    }

    /// Keeps aside the files a commit is about to replace that the previous refresh (of this source
    /// or of another writing the folder too) did not write: an analyst's own file under an entry's
    /// name, one rewritten since (pandas, a restore). They go
    /// to `replaced/<time>/` of the bookkeeping folder, a second name of the same file where the file
    /// system allows. A file the previous manifest lists counts as rewritten when its size or, at the
    /// same size, its SHA-256 differs from the manifest's: an edit in place (a value corrected by
    /// hand, a damaged block) keeps the size, and replacing it unseen would lose the only copy of what
    /// `bsee status` reports as changed. The hash costs a read of the file only where the size agrees.
    /// A folder without a manifest (its first refresh, or one whose manifest was set aside as
    /// damaged) has every file it holds kept so: the Python system's files, which a first refresh
    /// replaced without copies, may be analysis outputs saved under an entry's name (frames with
    /// another index and other columns) that no refresh would write again.
    ///
    /// @return one line per copy, naming the file, why and where its content went
    private List<String> keepUnprovenReplaced(List<String> staged, Optional<Manifest> previous, Manifest manifest)
            throws IOException {
        List<String> lines = new ArrayList<>();
        Path copies = meta.resolve(REPLACED).resolve(TIME_STAMP.format(Instant.now()));
        // Checked before each copy goes in, and before it is emptied: a link put in its place would
        // have the copies written into, or deleted from, the folder it leads to.
        OwnFolder copiesFolder = null;
        // The files of whichever source the previous manifest is: another source writing this folder
        // too (two configurations naming it) wrote them as this one writes its own, and the data
        // center gives them again. Copies of those would be made at every turn of the two, for good.
        Map<String, FileReport> previousFiles = previous.map(Manifest::filesByName).orElse(Map.of());
        Map<String, FileReport> incoming = manifest.filesByName();
        Map<String, List<FileReport>> previousByKey = new HashMap<>();
        previousFiles.values().forEach(file -> previousByKey.computeIfAbsent(SameFileNames.key(file.file()),
                key -> new ArrayList<>()).add(file));
        try {
            for (String name : staged) {
                Path target = binFile(name);
                if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) || holdsAlready(target, incoming.get(name))) {
                    continue;
                }
                Optional<FileReport> written = writtenAs(name, target, previousFiles, previousByKey);
                String which;
                if (previous.isEmpty()) {
                    which = "which no refresh of the source wrote (the folder has no manifest)";
                } else if (written.isEmpty()) {
                    which = "which the previous refresh did not write";
                } else if (Files.size(target) != written.get().bytes()) {
                    which = "whose size is not what the previous refresh wrote";
                } else {
                    String why = null;
                    try {
                        // Only the bytes count here: a file whose permissions alone changed holds
                        // nothing the refresh's does not.
                        if (previous.orElseThrow().standing(bin, written.get()) == WrittenFile.Standing.CONTENT_CHANGED) {
                            why = "whose content is not what the previous refresh wrote (sha256 differs from the manifest)";
                        }
                    } catch (IOException e) {
                        // A file this user may not read can still be given a second name (a hard link
                        // needs no read permission): kept, not taken for the refresh's own.
                        why = "whose content could not be read to prove that the previous refresh wrote it ("
                                + Failures.why(e) + ")";
                    }
                    if (why == null) {
                        continue;
                    }
                    which = why;
                }
                if (lines.isEmpty()) {
                    metaDirectory();
                    directory(meta.resolve(REPLACED));
                    directory(copies);
                    copiesFolder = OwnFolder.existing(copies, "the folder of this refresh's kept copies");
                }
                Path copy = copies.resolve(name);
                copiesFolder.verify();
                try {
                    Replacement.secondName(target, copy);
                } catch (IOException e) {
                    throw new IOException("cannot replace " + target + ", " + which + ": it can be neither linked nor"
                            + " copied into " + copies + " to keep it (" + Failures.why(e) + "); nothing was moved", e);
                }
                lines.add("replaced " + target + ", " + which + "; its earlier content is kept as " + copy);
            }
        } catch (IOException | RuntimeException e) {
            // Nothing is replaced: the files copied so far are still in place, and a copy left would
            // be made again, unreported, by the next refresh.
            if (copiesFolder != null && Files.isDirectory(copies, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    copiesFolder.verify();
                    FileTrees.delete(copies);
                } catch (OwnFolder.Replaced replaced) {
                    LOG.log(System.Logger.Level.WARNING, replaced.leftAlone());
                }
            }
            throw e;
        }
        return lines;
    }

    /// Keeps aside, for a recovery completing `journal`, the files its pending moves would replace
    /// that are neither the previous refresh's (by the journal's previous manifest) nor the copies
    /// the commit kept when it was planned: files written into the folder after the commit was
    /// killed. A file the commit kept a copy of is that copy still (a second name of it, or its
    /// bytes), unless it was written again since.
    ///
    /// @return one line per copy, as the commit's own copies are said
    private List<String> keepChangedSincePlanned(Journal journal) throws IOException {
        List<String> pending = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (Move move : journal.moves()) {
            Path to = binFile(move.to());
            if (Files.exists(move.from(), LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(to, LinkOption.NOFOLLOW_LINKS)) {
                Optional<Path> kept = keptAlready(to);
                if (kept.isEmpty()) {
                    pending.add(move.to());
                } else if (journal.keptCopies().stream().noneMatch(line -> line.endsWith(" kept as " + kept.get()))) {
                    // Kept by a recovery that was itself killed: said now, or never.
                    lines.add("replaced " + to + ", written into the folder since the commit was planned; its earlier"
                            + " content is kept as " + kept.get());
                }
            }
        }
        if (!pending.isEmpty()) {
            lines.addAll(keepUnprovenReplaced(pending, journal.previous(), journal.manifest()));
        }
        return lines;
    }

    /// A copy under `replaced/` that holds what `file` holds: the same file, or the same bytes.
    private Optional<Path> keptAlready(Path file) throws IOException {
        Path replaced = meta.resolve(REPLACED);
        if (!Files.isDirectory(replaced, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (var times = Files.newDirectoryStream(replaced)) {
            for (Path time : times) {
                Path copy = time.resolve(file.getFileName().toString());
                if (Files.isDirectory(time, LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)
                        && (Files.isSameFile(copy, file) || Files.mismatch(copy, file) == -1)) {
                    return Optional.of(copy);
                }
            }
        }
        return Optional.empty();
    }

    /// Whether the new file of a move whose staged file is gone never arrived at `to`: nothing is
    /// there, or the previous refresh's file still is (a killed commit whose staged files an earlier
    /// version deleted). A file of other bytes was moved in and written since (pandas saving over
    /// it): it was called lost "before it was moved in", beside "completed an interrupted commit".
    private static boolean neverArrived(Journal journal, Path to, String name) throws IOException {
        return !Files.isRegularFile(to, LinkOption.NOFOLLOW_LINKS)
                || hashIs(to, journal.previous().flatMap(p -> reportOf(p, name)).map(FileReport::sha256));
    }

    /// Whether `target` already holds the bytes of the file that replaces it (a `bsee convert` of the
    /// same archive into the folder before its first refresh): replacing it loses nothing, and a
    /// copy would only hold on to its space. Hashed only at the new file's size; a file that cannot
    /// be read is not known to hold them.
    private static boolean holdsAlready(Path target, FileReport replacement) {
        try {
            return replacement != null && Files.size(target) == replacement.bytes()
                    && hashIs(target, Optional.of(replacement.sha256()));
        } catch (IOException e) {
            return false;
        }
    }

    /// What the previous refresh wrote at `target`, the place of the staged `name`: its own entry, or,
    /// on a file system that ignores case or the Unicode form of names, that of a name of another
    /// spelling that is the same file (an entry renamed `mv_x.txt` to `MV_X.txt` in the archive).
    ///
    /// @param previousByKey the previous files by the [SameFileNames#key] of their names
    private Optional<FileReport> writtenAs(String name, Path target, Map<String, FileReport> previousFiles,
                                           Map<String, List<FileReport>> previousByKey) {
        FileReport own = previousFiles.get(name);
        if (own != null) {
            return Optional.of(own);
        }
        for (FileReport file : previousByKey.getOrDefault(SameFileNames.key(name), List.of())) {
            try {
                if (!Files.isSymbolicLink(binFile(file.file())) && Files.isSameFile(binFile(file.file()), target)) {
                    return Optional.of(file);
                }
            } catch (IOException unknown) {
                // Not known to be that file: kept as one the previous refresh did not write.
            }
        }
        return Optional.empty();
    }

    /// Writes the journal of a commit: once it is on disk, the commit is decided and [#recover()]
    /// completes it.
    void writeJournal(Journal journal) throws IOException {
        reached(Stage.BEFORE_JOURNAL);
        refuseUnreadable(journal.manifest());
        directory(bin);
        try {
            writeJournalFile(journal);
        } catch (FileSystemException e) {
            // Said as the step it is: the system's failure named only a temporary of the journal
            // (`.commit.json.0123.tmp: Operation not permitted`), after the whole download.
            throw new IOException("cannot write the commit's journal " + journalFile() + " (" + MessageText.fileFailure(e)
                    + "); nothing was moved into " + bin, e);
        }
        reached(Stage.JOURNAL_WRITTEN);
    }

    private void writeJournalFile(Journal journal) throws IOException {
        writeAtomically(journalFile(), generator -> {
            generator.writeStartObject();
            // First, so that a reader meets it before any field whose meaning it may change.
            generator.writeNumberField("format", JOURNAL_FORMAT);
            generator.writeArrayFieldStart("moves");
            for (Move move : journal.moves()) {
                generator.writeStartObject();
                generator.writeStringField("from", meta.relativize(move.from()).toString().replace('\\', '/'));
                generator.writeStringField("to", move.to());
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeArrayFieldStart("remove");
            for (Removal removal : journal.removals()) {
                generator.writeStartObject();
                generator.writeStringField("file", removal.file());
                if (removal.sha256().isPresent()) {
                    generator.writeStringField("sha256", removal.sha256().get());
                } else {
                    generator.writeNullField("sha256");
                }
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeArrayFieldStart("kept_copies");
            for (String line : journal.keptCopies()) {
                generator.writeString(line);
            }
            generator.writeEndArray();
            generator.writeFieldName("manifest");
            journal.manifest().writeTo(generator);
            generator.writeFieldName("previous");
            if (journal.previous().isPresent()) {
                journal.previous().get().writeTo(generator);
            } else {
                generator.writeNull();
            }
            generator.writeEndObject();
        });
    }

    private Journal readJournal() throws IOException {
        return readJson(journalFile(), MAX_JOURNAL_BYTES, parser -> {
            try {
                return readJournal(parser);
            } catch (JsonProcessingException | Manifest.NewerFormatException notDamage) {
                throw notDamage;
            } catch (RuntimeException | IOException e) {
                throw e instanceof Damaged d ? d : new Damaged(String.valueOf(e.getMessage()));
            }
        });
    }

    /// The journal, read a field at a time: its manifests a file at a time ([Manifest#read]), its
    /// moves and removals one at a time, so that a journal of tens of thousands of files is never
    /// held as a tree.
    private Journal readJournal(com.fasterxml.jackson.core.JsonParser parser) throws IOException {
        if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
            throw new Damaged("not a JSON object");
        }
        String where = journalFile().toString();
        List<Move> moves = new ArrayList<>();
        List<Removal> listed = new ArrayList<>();
        List<String> keptCopies = new ArrayList<>();
        Manifest manifest = null;
        Optional<Manifest> previous = Optional.empty();
        while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            com.fasterxml.jackson.core.JsonToken value = parser.nextToken();
            switch (field) {
                case "format" -> {
                    // Journals of earlier versions have none: they are of the first format.
                    JsonNode format = parser.readValueAsTree();
                    if (format.isIntegralNumber() && format.asLong() > JOURNAL_FORMAT) {
                        throw newerJournal(format.asLong());
                    }
                    if (!format.isIntegralNumber() || format.asLong() != JOURNAL_FORMAT) {
                        throw new Damaged("its format is " + format + ", not " + JOURNAL_FORMAT);
                    }
                }
                case "moves" -> eachOf(parser, field, move -> {
                    Path from = meta.resolve(itemText(move, "a move", "from")).normalize();
                    if (!from.startsWith(tmp()) || from.equals(tmp())) {
                        throw new Damaged("a move comes from outside " + tmp() + ": " + from);
                    }
                    moves.add(new Move(from, binFile(itemText(move, "a move", "to")).getFileName().toString()));
                });
                case "remove" -> eachOf(parser, field, removal -> {
                    // Journals of earlier versions list names only: the hash is then the previous manifest's.
                    String name = removal.isTextual() ? removal.asText() : itemText(removal, "a removal", "file");
                    binFile(name);
                    listed.add(new Removal(name, removal.hasNonNull("sha256")
                            ? Optional.of(itemText(removal, "a removal", "sha256")) : Optional.empty()));
                });
                case "kept_copies" -> eachOf(parser, field, line -> {
                    if (!line.isTextual()) {
                        throw new Damaged("\"kept_copies\" holds " + line.getNodeType().name().toLowerCase(Locale.ROOT)
                                + ", not a line of text");
                    }
                    keptCopies.add(line.asText());
                });
                case "manifest" -> manifest = journalManifest(parser, where);
                case "previous" -> previous = value == com.fasterxml.jackson.core.JsonToken.VALUE_NULL ? Optional.empty()
                        : Optional.of(journalManifest(parser, where));
                default -> parser.skipChildren();
            }
        }
        if (manifest == null) {
            throw new Damaged("manifest " + where + " is damaged: not a JSON object");
        }
        if (previous.isEmpty()) {
            previous = currentManifestIfReadable();
        }
        Map<String, FileReport> previousFiles = previous.map(Manifest::filesByName).orElse(Map.of());
        List<Removal> removals = new ArrayList<>();
        for (Removal removal : listed) {
            removals.add(removal.sha256().isPresent() ? removal : new Removal(removal.file(),
                    Optional.ofNullable(previousFiles.get(removal.file())).map(FileReport::sha256)));
        }
        return new Journal(moves, removals, manifest, previous, keptCopies);
    }

    /// The format of the commit journal written and read here.
    static final int JOURNAL_FORMAT = 1;

    /// A manifest the journal carries. One of a format a later version writes makes the journal
    /// that version's: its commit is completed by that version, not set aside as damaged (which had
    /// the staged files it was to move in, the only copies of the new version's files, deleted as
    /// stale temporaries, and the folder left of two versions).
    private Manifest journalManifest(com.fasterxml.jackson.core.JsonParser parser, String where) throws IOException {
        try {
            return Manifest.read(parser, where);
        } catch (Manifest.NewerFormatException newer) {
            throw newerJournal(newer.format());
        }
    }

    /// A journal a later version wrote: left as it is, with its staged files and the download state,
    /// for that version to complete.
    private Manifest.NewerFormatException newerJournal(long format) {
        return new Manifest.NewerFormatException("commit journal " + journalFile(), format, JOURNAL_FORMAT,
                "let that version complete the commit (its next refresh or bsee status does), or move the journal"
                        + " away to have this one refresh the folder in full");
    }

    /// The text `field` of a journal's move or removal `item`; a missing one (or a number, a list)
    /// is damage said in those words, not a null pointer's.
    ///
    /// @param what `a move` or `a removal`, for the message
    private static String itemText(JsonNode item, String what, String field) throws Damaged {
        JsonNode value = item.isObject() ? item.get(field) : null;
        if (value == null || !value.isTextual()) {
            throw new Damaged(what + (item.isObject() ? " has no text \"" + field + "\""
                    : " is " + item.getNodeType().name().toLowerCase(Locale.ROOT) + ", not a JSON object"));
        }
        return value.asText();
    }

    /// What [#eachOf] does with each item of a list.
    @FunctionalInterface
    private interface ItemReader {
        void read(JsonNode item) throws IOException;
    }

    /// Reads the list `field` at the parser an item at a time; anything else there is damage.
    private static void eachOf(com.fasterxml.jackson.core.JsonParser parser, String field, ItemReader reader)
            throws IOException {
        if (parser.currentToken() != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
            throw new Damaged("\"" + field + "\" is not a list");
        }
        for (com.fasterxml.jackson.core.JsonToken next = parser.nextToken();
             next != com.fasterxml.jackson.core.JsonToken.END_ARRAY; next = parser.nextToken()) {
            if (next == null) {
                throw new Damaged("\"" + field + "\" does not end");
            }
            reader.read(parser.readValueAsTree());
        }
    }

    private Optional<Manifest> currentManifestIfReadable() {
        try {
            return readManifest();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /// Carries out a journal: moves, removals, manifest, journal deletion. Every step can be done
    /// again, so a commit that stopped anywhere is completed by running it once more. The moves
    /// come first and back to back (nothing slow between two renames), because from the first to
    /// the last a reader listing the folder sees files of both versions.
    Applied apply(Journal journal, boolean recovering) throws IOException {
        return apply(journal, recovering, null);
    }

    /// As [#apply(Journal, boolean)], the moves of this process's own commit also checked against
    /// `run`, the folder it staged them in.
    ///
    /// @param run the run folder of the staging being committed, or null when recovering
    Applied apply(Journal journal, boolean recovering, OwnFolder run) throws IOException {
        directory(bin);
        // The output folder as it is now: each rename checks it is still this folder, so a link put
        // in its place during the moves takes no file of the commit, nor the commit its files.
        OwnFolder output = OwnFolder.existing(bin, "the source's output folder");
        Replacement.Guard guard = run == null ? output::verify : () -> {
            output.verify();
            run.verify();
        };
        Manifest manifest = journal.manifest();
        // Which superseded files may go is proven (by hash) before the first rename, so that the
        // removals follow the renames at once.
        List<Path> removable = new ArrayList<>();
        List<String> leftAlone = new ArrayList<>(journal.keptCopies());
        List<Path> destinations = journal.moves().stream().map(move -> binFile(move.to())).toList();
        // A superseded name that is the file a move replaces (or, recovering, has replaced) under
        // another spelling goes with that move, not by a removal.
        MovedIn replaced = MovedIn.of(destinations);
        for (Removal removal : journal.removals()) {
            Path file = binFile(removal.file());
            if (Files.isSymbolicLink(file)) {
                leftAlone.add("left " + file + " alone: it is a symbolic link, not a file this tool wrote");
            } else if (replaced.holds(file)) {
                LOG.log(System.Logger.Level.DEBUG, () -> "kept " + file + ": it is the file a move of this commit replaces");
            } else if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                unproven(file, removal.sha256()).ifPresentOrElse(
                        why -> leftAlone.add("left " + file + " alone: " + why), () -> removable.add(file));
            }
        }
        List<String> lost = new ArrayList<>();
        if (recovering) {
            // A file written since the commit was planned (pandas saving over a name the commit had
            // not moved yet, or one it adds) is no file the journal knows: kept aside as the commit
            // keeps one, before any move. The moves went over it without a copy or a word.
            // Every target a move still has to replace is checked before the first move: a link or a
            // folder put at a later one stopped the recovery with the moves before it done.
            for (Move move : journal.moves()) {
                if (Files.exists(move.from(), LinkOption.NOFOLLOW_LINKS)) {
                    refuseToReplace(binFile(move.to()));
                    refuseStagedElsewhere(move.from());
                }
            }
            leftAlone.addAll(keepChangedSincePlanned(journal));
            // What an earlier process moved is in place already; its second names of the replaced
            // files are gone with it, so the commit can only go forward.
            boolean first = true;
            Map<String, FileReport> files = manifest.filesByName();
            for (Move move : journal.moves()) {
                Path to = binFile(move.to());
                refuseToReplace(to);
                if (Files.exists(move.from(), LinkOption.NOFOLLOW_LINKS)) {
                    refuseStagedElsewhere(move.from());
                    guard.check();
                    Files.move(move.from(), to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else if (!hashIs(to, Optional.ofNullable(files.get(move.to())).map(FileReport::sha256))
                        && neverArrived(journal, to, move.to())) {
                    lost.add(move.to());
                }
                if (first) {
                    first = false;
                    reached(Stage.FIRST_MOVED);
                }
            }
        } else {
            moveAllOrNone(journal, guard);
        }
        reached(Stage.MOVED);
        MovedIn movedIn = MovedIn.of(destinations);
        List<String> removed = new ArrayList<>();
        for (Path file : removable) {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                if (movedIn.holds(file)) {
                    // The superseded name is now a name of a file this commit moved in: a file system
                    // that ignores case takes `mv_x.bin` for the `MV_X.bin` just renamed over it, so
                    // deleting it would delete the new file.
                    LOG.log(System.Logger.Level.DEBUG, () -> "kept " + file + ": it is a file this commit moved in");
                    continue;
                }
                try {
                    Files.delete(file);
                } catch (FileSystemException refused) {
                    // Made immutable, or kept by a sticky folder for its owner: like a file whose content
                    // changed, it stays and is reported, rather than stopping every later commit.
                    leftAlone.add("left " + file + " alone: it could not be removed ("
                            + MessageText.systemReason(refused)
                            + "); the new manifest does not list it");
                    continue;
                }
                removed.add(file.getFileName().toString());
                if (removed.size() == 1) {
                    reached(Stage.FIRST_REMOVED);
                }
            }
        }
        reached(Stage.REMOVED);
        AtomicFiles.syncDirectory(bin);
        if (!lost.isEmpty()) {
            manifest = vouchedFor(journal, lost);
            forgetDownloadState();
            leftAlone.add("could not complete the interrupted commit into " + bin + ": the new " + String.join(", ", lost)
                    + " were lost before they were moved in; the manifest lists only the files whose content it can "
                    + "vouch for, and the next refresh downloads the source in full");
        }
        writeManifest(manifest, stamps(journal, manifest, lost));
        reached(Stage.MANIFEST_WRITTEN);
        Files.delete(journalFile());
        AtomicFiles.syncDirectory(meta);
        reached(Stage.JOURNAL_DELETED);
        return new Applied(removed, leftAlone);
    }

    /// The files a commit moves (or moved) into the folder, to tell a superseded name that is one of
    /// them under another spelling: on a file system that ignores case (macOS, Windows, Linux with casefolding),
    /// or one that ignores the Unicode form of names (macOS), the rename of `MV_X.bin` over
    /// `mv_x.bin` leaves one file that answers to both names, the name shown being either.
    private record MovedIn(List<Path> files, Set<Object> keys) {

        static MovedIn of(List<Path> files) {
            Set<Object> keys = new HashSet<>();
            for (Path file : files) {
                identity(file).ifPresent(keys::add);
            }
            return new MovedIn(files, keys);
        }

        /// Whether `file` is one of the files moved in. By inode where the file system gives one;
        /// otherwise each moved-in name that may be `file` under another spelling is asked of the
        /// file system. A file that cannot be told apart is taken for one moved in: the cost of
        /// that is a file left in place, of the other a new file deleted.
        boolean holds(Path file) {
            Optional<Object> key = identity(file);
            if (key.isPresent() && !keys.isEmpty()) {
                return keys.contains(key.get());
            }
            String name = SameFileNames.key(file.getFileName().toString());
            for (Path in : files) {
                if (Files.exists(in, LinkOption.NOFOLLOW_LINKS)
                        && SameFileNames.key(in.getFileName().toString()).equals(name)) {
                    try {
                        if (Files.isSameFile(in, file)) {
                            return true;
                        }
                    } catch (IOException unknown) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static Optional<Object> identity(Path file) {
            try {
                return Optional.ofNullable(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                        .fileKey());
            } catch (IOException gone) {
                return Optional.empty();
            }
        }
    }

    /// What the new manifest records of each file's stat ([WrittenFile]), taken under the folder's
    /// lock right after the moves, for the next refresh and `bsee status` to tell an untouched file
    /// without reading it: a file moved in by this commit is stat'ed where it now is (a rename sets
    /// its change time), one kept as the folder held it carries the stamp the previous manifest
    /// recorded, since nothing proved it as written now. A file lost before its move, or whose
    /// previous stamp is for other content, gets none and is hashed when next asked about.
    private Map<String, WrittenFile.Stamp> stamps(Journal journal, Manifest manifest, List<String> lost) {
        Set<String> moved = new HashSet<>();
        journal.moves().forEach(move -> moved.add(move.to()));
        moved.removeAll(lost);
        Map<String, WrittenFile.Stamp> stamps = new HashMap<>();
        Map<String, FileReport> previousFiles = journal.previous().map(Manifest::filesByName).orElse(Map.of());
        for (FileReport file : manifest.files()) {
            if (moved.contains(file.file())) {
                try {
                    WrittenFile.Stamp stamp = WrittenFile.Stamp.of(binFile(file.file()));
                    if (stamp.bytes() == file.bytes()) {
                        stamps.put(file.file(), stamp);
                    }
                } catch (IOException unstatable) {
                    // Hashed when next asked about.
                }
            } else {
                journal.previous().filter(previous -> Optional.ofNullable(previousFiles.get(file.file()))
                                .filter(before -> before.sha256().equals(file.sha256())).isPresent())
                        .flatMap(previous -> previous.stampOf(file.file()))
                        .ifPresent(stamp -> stamps.put(file.file(), stamp));
            }
        }
        return stamps;
    }

    /// Records anew, in the manifest, the stat of each file its hash proves as written although its
    /// stat is not the one recorded ([WrittenFile#restamped]); the manifest is written only when one
    /// is. For a refresh that kept the folder as it is (a 304, the cache's TTL): a file only touched,
    /// restored with its bytes, or listed by a manifest of an earlier version, which records no stat,
    /// was hashed again by every refresh and `bsee status` until the archive changed. Called under the
    /// folder's lock.
    ///
    /// @param manifest the folder's manifest, as read before the refresh
    /// @return the names of the files whose stat was recorded anew
    /// @throws IOException when the manifest cannot be written
    List<String> restamp(Manifest manifest) throws IOException {
        List<String> restamped = new ArrayList<>();
        Map<String, WrittenFile.Stamp> stamps = stampsNow(manifest, restamped);
        if (!restamped.isEmpty()) {
            try {
                writeAtomically(manifestFile(), manifest.stamped(stamps)::writeTo);
            } catch (BoundedOutput.TooLarge tooLarge) {
                // The stats would take the manifest past what its reader takes: the one in place,
                // readable, stays, and its files are hashed to be checked, as they were.
                return List.of();
            }
        }
        return restamped;
    }

    /// Writes `manifest` anew with `at` as its time, for a refresh that gave its files again and
    /// committed nothing, with the stat of files written under other stats than it recorded (see
    /// [#restamp]).
    ///
    /// @param manifest the folder's manifest, whose files are as written
    /// @param at the refresh's time
    /// @throws IOException when the manifest cannot be written; the one in place stays
    void confirm(Manifest manifest, java.time.Instant at) throws IOException {
        writeManifest(new Manifest(manifest.source(), manifest.path(), manifest.url(), manifest.etag(),
                manifest.lastModified(), at, manifest.dialect(), manifest.files()), stampsNow(manifest, new ArrayList<>()));
    }

    /// The stamps `manifest` records, with those of files its hash proves as written under another
    /// stat taken anew ([WrittenFile#restamped]); their names are added to `restamped`.
    private Map<String, WrittenFile.Stamp> stampsNow(Manifest manifest, List<String> restamped) {
        Map<String, WrittenFile.Stamp> stamps = new HashMap<>(manifest.stamps());
        for (FileReport file : manifest.files()) {
            WrittenFile.restamped(binFile(file.file()), file, manifest.stampOf(file.file())).ifPresent(stamp -> {
                stamps.put(file.file(), stamp);
                restamped.add(file.file());
            });
        }
        return stamps;
    }

    /// Writes the manifest of a commit whose files are in place, with the stat of each file
    /// ([WrittenFile]), or with none when they would take it past what its reader takes. The listing
    /// without them was measured to fit before anything moved ([#refuseUnreadable]), but the stats
    /// add about a hundred bytes a file: a refresh of an archive of 70,000 one-row entries moved its
    /// files in and then failed to write the manifest, and every later refresh failed the same way
    /// completing the commit. Without stats the files are checked by their hashes, as those of a
    /// manifest of an earlier version.
    private void writeManifest(Manifest manifest, Map<String, WrittenFile.Stamp> stamps) throws IOException {
        try {
            writeAtomically(manifestFile(), manifest.stamped(stamps)::writeTo);
        } catch (BoundedOutput.TooLarge tooLarge) {
            writeAtomically(manifestFile(), manifest.stamped(Map.of())::writeTo);
        }
    }

    /// The moves of a commit this process decided, all or none: one that fails (a file made immutable,
    /// one a sticky folder keeps for its owner, an I/O error) has the files moved before it put back
    /// and the journal deleted, so the folder is as the previous refresh left it and its manifest
    /// still describes it. Only when putting back fails too does the journal stay, for [#recover()]
    /// to complete the commit once it can.
    private void moveAllOrNone(Journal journal, Replacement.Guard guard) throws IOException {
        List<Replacement.Move> moves = new ArrayList<>();
        for (Move move : journal.moves()) {
            Path to = binFile(move.to());
            refuseToReplace(to);
            refuseStagedElsewhere(move.from());
            moves.add(new Replacement.Move(move.from(), to));
        }
        try {
            Replacement.moveAll(moves, tmp().resolve("previous-" + UUID.randomUUID()), moved -> {
                if (moved == 1) {
                    reached(Stage.FIRST_MOVED);
                }
            }, guard);
        } catch (Replacement.Incomplete e) {
            throw e;
        } catch (IOException undone) {
            // A reader checks that the manifest is the same file before and after it reads: files
            // moved in and back are a commit like any other to it, so the manifest is replaced by a
            // copy of itself. Kept, a reader that read during the moves took a mix for one version.
            try {
                renewManifest();
            } catch (IOException | RuntimeException notRenewed) {
                undone.addSuppressed(notRenewed);
                LOG.log(System.Logger.Level.WARNING, "could not replace the manifest " + manifestFile() + " after putting"
                        + " the files back (" + Failures.message(notRenewed) + "): a reader that checks it may take the"
                        + " folder read during the moves for one version");
            }
            Files.delete(journalFile());
            AtomicFiles.syncDirectory(meta);
            throw undone;
        }
    }

    /// Replaces the manifest by another file of the same bytes, for readers that tell commits by
    /// the manifest's identity (docs/guarantees.md, "What a reader sees"): after files moved in
    /// and back, or moved in by another writer holding the folder's lock (`bsee convert`). Nothing
    /// when the folder has no manifest.
    ///
    /// @throws IOException when it cannot be replaced
    public void renewManifest() throws IOException {
        Path manifest = manifestFile();
        if (Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
            refusePlanted(manifest);
            byte[] bytes = Files.readAllBytes(manifest);
            AtomicFiles.write(manifest, tmpDirectory(), out -> out.write(bytes));
        }
    }

    /// The journal's manifest without the files that were lost, except where the folder still holds
    /// the previous version of one (its hash proves which); without download validators.
    private Manifest vouchedFor(Journal journal, List<String> lost) throws IOException {
        List<FileReport> files = new ArrayList<>();
        for (FileReport file : journal.manifest().files()) {
            if (!lost.contains(file.file())) {
                files.add(file);
                continue;
            }
            Optional<FileReport> old = journal.previous().flatMap(p -> reportOf(p, file.file()));
            if (old.isPresent() && hashIs(binFile(file.file()), old.map(FileReport::sha256))) {
                files.add(old.get());
            }
        }
        return journal.manifest().withoutValidators(files);
    }

    private static Optional<FileReport> reportOf(Manifest manifest, String name) {
        return manifest.files().stream().filter(f -> f.file().equals(name)).findFirst();
    }

    /// The download state only saves downloads: removing it makes the next download unconditional.
    /// A commit removes it before its journal ([Staging#commit]): the state names the version the
    /// folder held, and the refresh saves the new one only after the commit, so a process killed in
    /// between left the previous version's validators beside the new files, which nothing repaired.
    /// A server that went back to that version was then answered `304` and the folder kept the
    /// withdrawn one.
    void forgetDownloadState() throws IOException {
        refusePlanted(stateFile());
        try {
            Files.deleteIfExists(stateFile());
        } catch (FileSystemException e) {
            // Said as the step it is (an immutable state, a folder that refuses removals): the
            // system's failure was `.../state: Operation not permitted`, after the whole download.
            throw new IOException("cannot remove the download state " + stateFile() + " (" + MessageText.systemReason(e)
                    + ")", e);
        }
    }

    /// Moves a damaged bookkeeping file aside, to `<name>.damaged-<UTC time>` beside it, for whoever
    /// wants to look; the move never replaces a file already there.
    ///
    /// @param file the damaged file
    /// @return where it went
    /// @throws IOException when it cannot be moved
    static Path setAside(Path file) throws IOException {
        String stamp = TIME_STAMP.format(Instant.now());
        Path aside = file.resolveSibling(file.getFileName() + ".damaged-" + stamp);
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        return aside;
    }

    /// Why `file` cannot be proven to be what a refresh wrote (the `sha256` its manifest lists), or
    /// empty when it can. A file this process may not read is unproven, not a failure: a commit
    /// that stopped at it would stop every later one too.
    private static Optional<String> unproven(Path file, Optional<String> sha256) {
        try {
            return hashIs(file, sha256) ? Optional.empty()
                    : Optional.of("its content is not what the previous refresh wrote (sha256 differs from the manifest)");
        } catch (IOException e) {
            return Optional.of("it could not be read to prove that this tool wrote it (" + Failures.why(e) + ")");
        }
    }

    /// Whether `file` is a regular file (not a link) with the given SHA-256.
    static boolean hashIs(Path file, Optional<String> sha256) throws IOException {
        if (sha256.isEmpty() || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        MessageDigest digest = Staging.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest()).equalsIgnoreCase(sha256.get());
    }

    /// Whether `name` is a `.bin` file's name with no way out of a folder: it ends in `.bin`, has
    /// more before that, and holds no slash, backslash or NUL.
    ///
    /// @param name the name
    /// @return whether it is one
    public static boolean isBinName(String name) {
        return name.endsWith(BIN) && name.length() > BIN.length() && name.indexOf('/') < 0 && name.indexOf('\\') < 0
                && name.indexOf('\0') < 0;
    }

    /// Whether `name` is a [#isBinName] that is also plain: not hidden (no leading dot) and free of
    /// control characters. The names a list made by hand or by the tool may give (expected entries,
    /// a convert's list of renames) must be such names.
    ///
    /// @param name the name
    /// @return whether it is one
    public static boolean isPlainBinName(String name) {
        return isBinName(name) && !name.startsWith(".") && name.chars().noneMatch(Character::isISOControl);
    }

    /// A file of the folder by name; refuses names that would leave it or are not `.bin` files.
    Path binFile(String name) {
        Path file = bin.resolve(name).normalize();
        if (!isBinName(name) || !bin.equals(file.getParent())) {
            throw new IllegalArgumentException("not a .bin file name of " + bin + ": " + name);
        }
        return file;
    }

    /// Creates the bookkeeping folder and the folders on its way from the `bin` root, refusing links.
    private void metaDirectory() throws IOException {
        Path root = bin.getParent();
        if (root.getParent() != null) {
            Files.createDirectories(root.getParent());
        }
        directory(root);
        directory(meta.getParent());
        directory(meta);
    }

    /// The folder of temporaries, made as its owner's alone.
    private Path tmpDirectory() throws IOException {
        metaDirectory();
        refuseFolderLink(tmp());
        FileTrees.makePrivateFolder(tmp());
        directory(tmp());
        return tmp();
    }

    /// Creates `directory` when absent (its parent must have been checked) and refuses it when it
    /// is a link or not a directory.
    private static void directory(Path directory) throws IOException {
        refuseFolderLink(directory);
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(directory);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it: checked below like any other.
            }
        }
        refuseFolderLink(directory);
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotDirectoryException(directory.toString());
        }
    }

    /// Refuses the folder when a link stands in place of it, or a link or anything but a file in
    /// place of one of its bookkeeping files (manifest, download state, journal, failure record):
    /// what a refresh's recovery and a read-only `bsee status` check before they read any of them.
    ///
    /// @throws IOException naming the first such path and what it is
    public void refusePlanted() throws IOException {
        refuseFolderLink(bin);
        for (Path file : List.of(manifestFile(), stateFile(), journalFile(), failureFile())) {
            refusePlanted(file);
        }
    }

    /// Refuses `path` when it is a symbolic link: the tool writes, moves and deletes only through
    /// folders and files it made itself, never through a link someone planted in their place.
    ///
    /// @param path a folder or file the tool is about to use, which may be absent
    /// @throws LinkRefusedException when it is a symbolic link
    public static void refuseLink(Path path) throws LinkRefusedException {
        if (Files.isSymbolicLink(path)) {
            throw new LinkRefusedException(path, false);
        }
    }

    /// Refuses `path`, where the tool keeps a folder, when it is a symbolic link ([#refuseLink]); the
    /// message suggests the folder.
    ///
    /// @param path a folder the tool is about to use, which may be absent
    /// @throws LinkRefusedException when it is a symbolic link
    public static void refuseFolderLink(Path path) throws LinkRefusedException {
        if (Files.isSymbolicLink(path)) {
            throw new LinkRefusedException(path, true);
        }
    }

    /// Refuses to move a staged file in unless it is one in a run folder of `tmp/`: neither the file
    /// nor its run folder a link, nor the folder reached through one. A journal names run folders by
    /// path, and one a link took the place of leads to files the tool never wrote.
    private void refuseStagedElsewhere(Path from) throws IOException {
        refuseLink(from);
        Path run = from.getParent();
        refuseFolderLink(run);
        if (Files.isDirectory(run, LinkOption.NOFOLLOW_LINKS) && !run.toRealPath().getParent().equals(tmp().toRealPath())) {
            throw new IOException("refusing to move " + from + " into " + bin + ": its folder leads to " + run.toRealPath()
                    + ", outside " + tmp() + ", and the tool never moves files it did not write");
        }
    }

    /// Refuses a bookkeeping file (manifest, journal, download state, lock, failure record) that is a
    /// link ([#refuseLink]) or anything but a regular file: reading a pipe planted there waits for a
    /// writer forever (`bsee status` and every refresh hung), and a folder or a device is no record
    /// this tool wrote.
    ///
    /// @param file the bookkeeping file, which may be absent
    /// @throws IOException when it is a link or not a regular file, naming it and what it is
    static void refusePlanted(Path file) throws IOException {
        refusePlanted(file, false, "a file this tool wrote");
    }

    /// Refuses `path` when it is a link ([#refuseLink]) or anything but what the tool makes there: a
    /// folder when `folder`, else a regular file.
    ///
    /// @param path where the tool keeps a folder or file of its own, which may be absent
    /// @param folder whether a folder belongs there
    /// @param made what belongs there, as the message names it ("a file this tool wrote")
    /// @throws IOException when it is a link or of another kind, naming it and what it is
    public static void refusePlanted(Path path, boolean folder, String made) throws IOException {
        if (folder) {
            refuseFolderLink(path);
        } else {
            refuseLink(path);
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !(folder ? Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                : Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))) {
            throw new PlantedException(path, made);
        }
    }

    /// Refuses to move a staged file onto `target` when it is a link ([#refuseLink]) or anything
    /// else that is not a regular file ([StagedFiles#requireReplaceable]).
    ///
    /// @param target where a staged file is to go
    /// @throws IOException when it is a link or not a regular file
    public static void refuseToReplace(Path target) throws IOException {
        refuseLink(target);
        StagedFiles.requireReplaceable(target);
    }

    /// A folder or file the tool would use is a symbolic link.
    static final class LinkRefusedException extends IOException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        LinkRefusedException(Path path, boolean folder) {
            super("refusing to use " + path + ": it is a symbolic link, and the tool never writes, moves or deletes "
                    + "through a link it did not create (remove the link" + (folder ? " or put a folder in its place)" : ")"));
        }
    }

    /// Something of another kind stands where the tool keeps a folder or file of its own: a folder
    /// or a pipe where a bookkeeping file goes, a file where a folder goes.
    static final class PlantedException extends IOException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        PlantedException(Path path, String made) {
            super("refusing to use " + path + ": it is " + MessageText.fileKind(path) + ", not " + made
                    + " (move it away or remove it)");
        }
    }

    /// A manifest or journal that is not what this tool writes. One that cannot be read at all is
    /// a plain [IOException]: it may be intact.
    static final class Damaged extends IOException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        /// What is wrong, without the file's name, for messages that name the file themselves.
        private final String reason;

        Damaged(String reason) {
            this(reason, reason);
        }

        Damaged(String message, String reason) {
            super(message);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    /// The points of a commit at which tests inject a fault or halt the process.
    enum Stage {
        /// Before the journal is written: nothing is decided yet.
        BEFORE_JOURNAL,
        /// The journal is on disk; no file has moved.
        JOURNAL_WRITTEN,
        /// The first staged file has moved in.
        FIRST_MOVED,
        /// Every staged file has moved in.
        MOVED,
        /// The first superseded file is removed.
        FIRST_REMOVED,
        /// Every superseded file is removed.
        REMOVED,
        /// The new manifest is written; the journal is still there.
        MANIFEST_WRITTEN,
        /// The journal is deleted: the commit is complete, and the download state not yet saved.
        JOURNAL_DELETED
    }

    /// A fault injected at a commit stage.
    @FunctionalInterface
    interface Fault {
        /// Called when a commit reaches `stage`; throws to make the commit fail there.
        void at(Stage stage) throws IOException;
    }

    /// Test-only hook; the default does nothing. Tests set it in their own JVM, or in a child JVM
    /// they start (to halt or exit the process at a stage), through test code: nothing the shipped
    /// library reads (no system property) can reach it.
    static volatile Fault faults = stage -> { };

    private static void reached(Stage stage) throws IOException {
        faults.at(stage);
    }

    /// The `.bin` files in the folder now, by name.
    ///
    /// @return the names, sorted
    /// @throws IOException when the folder cannot be listed
    public List<String> binFiles() throws IOException {
        if (!Files.isDirectory(bin)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(bin, "*" + BIN)) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        names.sort(null);
        return names;
    }

    @Override
    public String toString() {
        return bin.toString();
    }
}
