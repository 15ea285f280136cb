package dev.bsee.core.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/// Moves staged files into a folder, over the files they replace, all of them or none: each move is
/// one atomic rename, so a reader of the folder never sees a file missing or half-written, and when
/// a rename fails part-way (a file made immutable, one a sticky folder keeps for its owner, an I/O
/// error) the files already moved are put back, so the folder holds the previous version of every
/// file again.
///
/// Putting back needs the replaced files: before the first rename each is given a second name in a
/// folder of the caller's (a hard link, on the same file system; a copy where the file system refuses
/// the link). One that can be neither linked nor copied stops the replacement before anything moved.
/// When putting back fails too, nothing more is tried: [Incomplete] says which files are new and
/// where the previous versions are, and the caller keeps that folder.
///
/// ```java
/// Replacement.moveAll(List.of(new Replacement.Move(staged, folder.resolve("a.bin"))), run.resolve("replaced"));
/// ```
public final class Replacement {

    /// One staged file and where it goes.
    ///
    /// @param from the staged file
    /// @param to its place in the folder; a regular file there (never a link: callers refuse those first) is replaced
    public record Move(Path from, Path to) {
        /// Checks the paths.
        public Move {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /// A replacement that failed part-way and could not be undone: some files of the folder are new,
    /// and the previous versions of those are kept at [#kept()].
    public static final class Incomplete extends IOException {
        private static final long serialVersionUID = 1L;

        private final transient Path kept;

        Incomplete(String message, Path kept, Throwable failure) {
            super(message);
            this.kept = kept;
            addSuppressed(failure);
        }

        /// The folder holding the previous versions of the files that were replaced.
        ///
        /// @return the folder
        public Path kept() {
            return kept;
        }
    }

    /// Told of each move once it is done.
    @FunctionalInterface
    public interface Progress {
        /// A move is done.
        ///
        /// @param moved how many files have moved so far
        /// @throws IOException to stop: the moves done so far are put back, and this is thrown
        void moved(int moved) throws IOException;
    }

    /// Checked before every step that goes by path (each second name, each rename): that the folders
    /// the moves go from and to are still the caller's. One swapped for a link while the moves run
    /// would have every later step write into, or move files out of, the folder the link leads to.
    @FunctionalInterface
    public interface Guard {
        /// Refuses to go on.
        ///
        /// @throws IOException naming what is no longer the caller's
        void check() throws IOException;
    }

    /// A check of nothing, for moves whose folders cannot be swapped.
    private static final Guard NO_GUARD = () -> { };

    /// A step refused by the caller's [Guard]: nothing is undone through paths that may lead elsewhere.
    private static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /// Renames one file over another, atomically.
    @FunctionalInterface
    interface Mover {
        void move(Path from, Path to) throws IOException;
    }

    private static final Mover RENAME = (from, to) -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);

    private Replacement() {
    }

    /// Moves every staged file to its place, or none.
    ///
    /// @param moves the moves, carried out in this order
    /// @param previous a folder that does not exist yet, on the folder's file system, for the second
    ///     names of the replaced files; removed once every move is done or undone, kept (and named by
    ///     [Incomplete]) when undoing failed
    /// @throws Incomplete when a move failed and undoing the earlier ones failed too
    /// @throws IOException when a move failed (every file is then as it was), or a replaced file could
    ///     not be kept before the first move (nothing moved)
    public static void moveAll(List<Move> moves, Path previous) throws IOException {
        moveAll(moves, previous, moved -> { }, NO_GUARD, RENAME);
    }

    /// Moves every staged file to its place, or none, telling `progress` of each move.
    ///
    /// @param moves the moves, carried out in this order
    /// @param previous as for [#moveAll(List, Path)]
    /// @param progress told of each move; what it throws is treated as a failed move and then rethrown
    /// @throws Incomplete when a move failed and undoing the earlier ones failed too
    /// @throws IOException when a move or `progress` failed (every file is then as it was), or a
    ///     replaced file could not be kept before the first move (nothing moved)
    public static void moveAll(List<Move> moves, Path previous, Progress progress) throws IOException {
        moveAll(moves, previous, progress, NO_GUARD, RENAME);
    }

    /// Moves every staged file to its place, or none, telling `progress` of each move and asking
    /// `guard` before every step. A step the guard refuses stops the moves where they are: before
    /// the first, nothing moved; after it, the files moved stay and [Incomplete] says so, since
    /// putting them back would go by the same paths.
    ///
    /// @param moves the moves, carried out in this order
    /// @param previous as for [#moveAll(List, Path)]
    /// @param progress told of each move; what it throws is treated as a failed move and then rethrown
    /// @param guard asked before each step
    /// @throws Incomplete when a move failed and undoing the earlier ones failed too, or the guard
    ///     refused a step after the first move
    /// @throws IOException when a move or `progress` failed (every file is then as it was), a replaced
    ///     file could not be kept before the first move, or the guard refused before it (nothing moved)
    public static void moveAll(List<Move> moves, Path previous, Progress progress, Guard guard) throws IOException {
        moveAll(moves, previous, progress, guard, RENAME);
    }

    static void moveAll(List<Move> moves, Path previous, Progress progress, Mover mover) throws IOException {
        moveAll(moves, previous, progress, NO_GUARD, mover);
    }

    private static void moveAll(List<Move> moves, Path previous, Progress progress, Guard guard, Mover mover)
            throws IOException {
        OwnFolder[] previousFolder = new OwnFolder[1];
        List<Path> kept = keepReplaced(moves, previous, guard, previousFolder);
        // The caller's folders, and the folder of second names once made.
        Guard all = previousFolder[0] == null ? guard : () -> {
            guard.check();
            previousFolder[0].verify();
        };
        List<Integer> done = new ArrayList<>();
        Move moving = null;
        try {
            for (int i = 0; i < moves.size(); i++) {
                moving = moves.get(i);
                try {
                    guard.check();
                } catch (IOException refused) {
                    throw new Refused(refused);
                }
                mover.move(moving.from(), moving.to());
                moving = null;
                done.add(i);
                progress.moved(done.size());
            }
        } catch (Refused refused) {
            if (!done.isEmpty()) {
                throw new Incomplete(refused.getMessage() + "; the " + MessageText.count(done.size(), "file")
                        + " moved before it stay where they are, and the previous versions of those they replaced are in "
                        + previous, previous, refused.getCause());
            }
            deleteKeptQuietly(previousFolder[0]);
            throw (IOException) refused.getCause();
        } catch (IOException | RuntimeException failure) {
            List<String> notUndone = undo(moves, done, kept, mover, all, failure);
            String reason = moving == null ? reason(failure) : "cannot move " + moving.from().getFileName() + " to "
                    + moving.to() + ": " + reason(failure);
            if (!notUndone.isEmpty()) {
                throw new Incomplete(reason + "; putting back the " + MessageText.count(done.size(), "file")
                        + " moved before it failed for " + String.join(", ", notUndone) + ", which are new: their"
                        + " previous versions are in " + previous, previous, failure);
            }
            deleteKeptQuietly(previousFolder[0]);
            if (moving == null) {
                // Not a move of ours: the caller's own failure, as it was.
                throw failure;
            }
            throw withFailure(reason + (done.isEmpty() ? "" : done.size() == 1 ? "; the file moved before it was put back"
                    : "; the " + MessageText.count(done.size(), "file") + " moved before it were put back"), failure);
        }
        deleteKeptQuietly(previousFolder[0]);
    }

    /// Gives every file about to be replaced a second name in `previous`, at the index of its move
    /// (null where nothing is replaced).
    private static List<Path> keepReplaced(List<Move> moves, Path previous, Guard guard, OwnFolder[] made)
            throws IOException {
        List<Path> kept = new ArrayList<>();
        OwnFolder created = null;
        try {
            for (int i = 0; i < moves.size(); i++) {
                Path to = moves.get(i).to();
                guard.check();
                if (!Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
                    kept.add(null);
                    continue;
                }
                if (created == null) {
                    created = OwnFolder.create(previous);
                    made[0] = created;
                }
                // The second names go into a folder of this process's own, checked like the others.
                created.verify();
                Path second = previous.resolve(i + "-" + to.getFileName());
                try {
                    secondName(to, second);
                } catch (IOException noCopy) {
                    throw withFailure("cannot replace " + to + ": the file it holds can be neither linked nor"
                            + " copied into " + previous + ", so it could not be put back should a later move fail ("
                            + reason(noCopy) + "); nothing was moved", noCopy);
                }
                kept.add(second);
            }
        } catch (IOException | RuntimeException e) {
            if (created != null) {
                deleteKeptQuietly(created);
            }
            throw e;
        }
        return kept;
    }

    /// Gives `file` the second name `name`: a hard link, or a copy where the file system refuses the
    /// link (another file system, none of them, a file of another user under `protected_hardlinks`).
    ///
    /// @param file a regular file, not a link
    /// @param name the second name, which must not exist
    /// @throws IOException when it can be neither linked nor copied (what the copy failed of, the
    ///     link's failure suppressed)
    public static void secondName(Path file, Path name) throws IOException {
        try {
            Files.createLink(name, file);
        } catch (IOException | UnsupportedOperationException noLink) {
            try {
                Files.copy(file, name, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException noCopy) {
                noCopy.addSuppressed(noLink);
                throw noCopy;
            }
        }
    }

    /// Puts back the files of the moves in `done`, last first: the previous version where there was
    /// one, else the new file goes back where it came from. Returns the files it could not put back.
    private static List<String> undo(List<Move> moves, List<Integer> done, List<Path> kept, Mover mover, Guard guard,
                                     Throwable failure) {
        List<String> notUndone = new ArrayList<>();
        for (int j = done.size() - 1; j >= 0; j--) {
            int i = done.get(j);
            Move move = moves.get(i);
            try {
                guard.check();
                if (kept.get(i) != null) {
                    mover.move(kept.get(i), move.to());
                } else {
                    mover.move(move.to(), move.from());
                }
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
                notUndone.add(move.to().getFileName().toString());
            }
        }
        return notUndone;
    }

    /// The sentence names the files and gives the system's reason: the failure goes along as a
    /// suppressed exception, for a stack trace, rather than as a cause whose message a one-line
    /// report would repeat.
    private static IOException withFailure(String message, Throwable failure) {
        IOException e = new IOException(message);
        e.addSuppressed(failure);
        return e;
    }

    private static String reason(Throwable failure) {
        if (failure instanceof FileSystemException fileSystem) {
            // The paths are in the sentence already: the system's reason alone, where it gives one.
            return MessageText.systemReason(fileSystem);
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    /// Removes the second names once they are not needed; one left behind is in the caller's folder,
    /// which the caller removes, so a failure here changes nothing of the outcome.
    private static void deleteKeptQuietly(OwnFolder kept) {
        if (kept == null || !Files.isDirectory(kept.path(), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path previous = kept.path();
        try {
            // Not through a folder swapped meanwhile: the files there are someone else's.
            kept.verify();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(previous)) {
                for (Path file : files) {
                    Files.delete(file);
                }
            }
            Files.delete(previous);
        } catch (IOException e) {
            System.getLogger(Replacement.class.getName()).log(System.Logger.Level.DEBUG,
                    "could not remove " + previous, e);
        }
    }
}
