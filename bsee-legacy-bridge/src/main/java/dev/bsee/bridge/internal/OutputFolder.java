package dev.bsee.bridge.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bsee.binary.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

    private static final System.Logger LOG = System.getLogger(OutputFolder.class.getName());
    private static final String BIN = ".bin";

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
        Path folder = bin.toAbsolutePath().normalize();
        if (folder.getParent() == null || folder.getFileName() == null) {
            throw new IllegalArgumentException("an output folder needs a parent folder: " + bin);
        }
        return new OutputFolder(folder, folder.getParent().resolve(".bsee").resolve(folder.getFileName().toString()));
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

    Path journalFile() {
        return meta.resolve("commit.json");
    }

    /// Locks the folder against other refreshes.
    ///
    /// @param owner what takes the lock, for the message another refresh prints
    /// @param wait how long to wait for another refresh
    /// @return the lock
    /// @throws IOException when the folder stays locked or the lock file cannot be used
    public FolderLock lock(String owner, Duration wait) throws IOException {
        return FolderLock.acquire(lockFile(), bin, owner, wait);
    }

    /// Brings the folder back to a consistent state after a refresh that was killed: completes an
    /// interrupted commit and deletes stale temporaries. Call it while holding the lock.
    ///
    /// @return what was done, one line each (empty when nothing was left over)
    /// @throws IOException when the folder cannot be repaired
    public List<String> recover() throws IOException {
        List<String> done = new ArrayList<>();
        if (Files.exists(journalFile())) {
            applyJournal(Json.MAPPER.readTree(journalFile().toFile()));
            done.add("completed an interrupted commit into " + bin);
        }
        if (Files.isDirectory(tmp())) {
            try (Stream<Path> leftovers = Files.list(tmp())) {
                for (Path leftover : leftovers.toList()) {
                    deleteTree(leftover);
                    done.add("removed stale temporary " + leftover);
                }
            }
        }
        done.forEach(line -> LOG.log(System.Logger.Level.INFO, line));
        return done;
    }

    /// The manifest, when the folder has one.
    ///
    /// @return the manifest
    /// @throws IOException when it cannot be read or is damaged
    public Optional<Manifest> manifest() throws IOException {
        try {
            return Optional.of(Manifest.fromJson(Json.MAPPER.readTree(manifestFile().toFile()), manifestFile().toString()));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Optional.empty();
        }
    }

    /// A fresh area for the files of one refresh; close it to delete what was not committed.
    ///
    /// @return the staging area
    /// @throws IOException when it cannot be created
    public Staging stage() throws IOException {
        Path run = tmp().resolve("run-" + UUID.randomUUID());
        Files.createDirectories(run);
        return new Staging(this, run);
    }

    /// Writes small bookkeeping text (manifest, state) atomically: a temporary in `tmp/`, forced to
    /// disk, then renamed over the target.
    ///
    /// @param target the file beside the folder
    /// @param text the content
    /// @throws IOException when it cannot be written
    public void writeAtomically(Path target, String text) throws IOException {
        Files.createDirectories(tmp());
        AtomicFiles.write(target, tmp(), out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /// Commits staged files: journal, moves, removals, manifest, in that order.
    void commit(Path run, List<String> staged, Manifest manifest, List<String> removals) throws IOException {
        applyJournal(writeJournal(run, staged, manifest, removals));
    }

    /// Writes the journal of a commit: once it is on disk, the commit is decided and [#recover()]
    /// completes it.
    ObjectNode writeJournal(Path run, List<String> staged, Manifest manifest, List<String> removals)
            throws IOException {
        ObjectNode journal = Json.MAPPER.createObjectNode();
        ArrayNode moves = journal.putArray("moves");
        for (String name : staged) {
            moves.addObject().put("from", meta.relativize(run.resolve(name)).toString().replace('\\', '/'))
                    .put("to", name);
        }
        ArrayNode remove = journal.putArray("remove");
        removals.forEach(remove::add);
        journal.set("manifest", manifest.toJson());
        Files.createDirectories(bin);
        writeAtomically(journalFile(), Json.text(journal));
        return journal;
    }

    private void applyJournal(JsonNode journal) throws IOException {
        Files.createDirectories(bin);
        for (JsonNode move : journal.withArray("moves")) {
            Path from = meta.resolve(move.get("from").asText()).normalize();
            Path to = binFile(move.get("to").asText());
            if (Files.exists(from)) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else if (!Files.exists(to)) {
                throw new IOException("interrupted commit into " + bin + " cannot be completed: " + from
                        + " and " + to + " are both missing");
            }
        }
        for (JsonNode removal : journal.withArray("remove")) {
            Files.deleteIfExists(binFile(removal.asText()));
        }
        syncDirectory(bin);
        writeAtomically(manifestFile(), Json.text(journal.get("manifest")));
        Files.delete(journalFile());
        syncDirectory(meta);
    }

    /// A file of the folder by name; refuses names that would leave it or are not `.bin` files.
    Path binFile(String name) {
        Path file = bin.resolve(name).normalize();
        if (!file.getParent().equals(bin) || !name.endsWith(BIN) || name.length() == BIN.length()) {
            throw new IllegalArgumentException("not a .bin file name of " + bin + ": " + name);
        }
        return file;
    }

    static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupportedHere) {
            // Some systems (Windows) cannot open or force a directory; the renames are still atomic.
            LOG.log(System.Logger.Level.DEBUG, "cannot sync directory " + directory + ": " + notSupportedHere);
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
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
