package dev.bsee.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;

/// A folder this process made (a run's staging folder), told apart from whatever takes its name
/// later: a link, or another folder moved into its place or into the place of a folder above it.
/// A run writes, renames and deletes its staged files by path for minutes; had the folder been
/// swapped meanwhile, those paths would lead into someone else's folder, whose files the run would
/// rename into the output as its own or delete as its leftovers. Each of those steps first asks
/// [#verify()] whether the path still leads to the folder made ([PathIdentity]).
public final class OwnFolder {

    private static final String STAGING = "the folder this run made for its staged files";

    private final Path path;
    private final PathIdentity identity;
    private final String role;

    private OwnFolder(PathIdentity identity, String role) {
        this.path = identity.path();
        this.identity = identity;
        this.role = role;
    }

    /// Makes `folder` as its owner's alone ([FileTrees#createRunFolder]) and remembers it.
    ///
    /// @param folder the folder to create; its parent exists
    /// @return the folder made
    /// @throws IOException when it cannot be made (also when something is there)
    public static OwnFolder create(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath();
        FileTrees.createRunFolder(absolute);
        return new OwnFolder(PathIdentity.of(absolute), STAGING);
    }

    /// Remembers `folder`, a folder of the tool's that is already there (one an earlier run made and
    /// this one checked, such as `bsee convert`'s `.DIR.tmp`), as it is now, so that a later step
    /// that deletes in it can tell it from a link or another folder put in its place meanwhile.
    ///
    /// @param folder the folder; not a link
    /// @param role what the folder is, for messages: `the folder bsee convert keeps its lock in`
    /// @return the folder as it is now
    /// @throws IOException when it is not a folder, or is a link
    public static OwnFolder existing(Path folder, String role) throws IOException {
        Path absolute = folder.toAbsolutePath();
        BasicFileAttributes attributes = Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory()) {
            throw new IOException("refusing to use " + absolute + ", " + role + ": it is " + MessageText.fileKind(absolute)
                    + ", and the tool never writes, moves or deletes through a link");
        }
        return new OwnFolder(PathIdentity.of(absolute), role);
    }

    /// The folder's path.
    ///
    /// @return the absolute path
    public Path path() {
        return path;
    }

    /// Refuses to go on when the path no longer leads to the folder made: it is gone, a link, not a
    /// folder, another folder, or reached through a link put in place of a folder above it.
    ///
    /// @throws Replaced naming the folder and what took its place
    /// @throws IOException when it cannot be looked at
    public void verify() throws IOException {
        Optional<String> replacement = identity.replacement();
        if (replacement.isPresent()) {
            throw replaced(replacement.get());
        }
    }

    /// Deletes the folder with everything in it ([FileTrees#delete]), once [#verify()] holds; what
    /// is gone already is not an error.
    ///
    /// @throws IOException when the path leads elsewhere (nothing is deleted then), or a deletion fails
    public void delete() throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        verify();
        FileTrees.delete(path);
    }

    private Replaced replaced(String what) {
        return new Replaced(path, role, what);
    }

    /// The path no longer leads to the folder made.
    public static final class Replaced extends IOException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        private final Path path;
        private final String what;

        Replaced(Path path, String role, String what) {
            super("refusing to go on with " + path + ", " + role + ": " + what
                    + ", and the tool never writes, moves or deletes through a folder it did not make");
            this.path = path;
            this.what = what;
        }

        /// The warning of a clean-up that leaves the path alone, in few words: the failure the swap
        /// caused has said it in full, or the run's files are in place and this is all there is.
        ///
        /// @return `left PATH alone: it is now a symbolic link to /x, which is not the tool's to remove`
        public String leftAlone() {
            return "left " + path + " alone: " + what + ", which is not the tool's to remove";
        }
    }

    @Override
    public String toString() {
        return Objects.toString(path);
    }
}
