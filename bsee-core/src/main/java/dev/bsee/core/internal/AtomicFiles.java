package dev.bsee.core.internal;


import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/// Writes files so that readers see either the previous complete file or the new complete one, never
/// a partial one: the content goes to a temporary file, which is flushed to disk (`fsync`) and then
/// renamed over the target in one atomic step.
///
/// The caller names the directory for temporaries, so they can be kept out of folders that other
/// programs scan (the Python analysis code loads every file in an output folder). It must be on the
/// same file system as the target, because only a rename within one file system is atomic.
///
/// The one implementation in the project: the pickle writer, the output folders, the conditional
/// state store and the CLI all replace files through it. Files a run stages in a directory of its
/// own, which nobody reads until they are moved out, go through [StagedFiles] instead.
///
/// ```java
/// AtomicFiles.write(outputDir.resolve("manifest.json"), stateDir, out -> out.write(json));
/// ```
public final class AtomicFiles {
    private static final int BUFFER_SIZE = 1 << 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    /// Writes `target` atomically with what `content` writes to the stream it is given.
    ///
    /// The stream is buffered; `content` need not (and should not) close it. When `content` or any
    /// later step fails, the temporary file is removed and `target` keeps its previous content (or
    /// stays absent).
    ///
    /// @param target the file to create or replace; its directory must exist
    /// @param temporaryDirectory where the temporary file goes; must exist, on the file system of `target`
    /// @param content writes the file's bytes
    /// @throws IOException when writing fails, or the directories are missing or on different file systems
    public static void write(Path target, Path temporaryDirectory, Content content)
            throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(temporaryDirectory, "temporaryDirectory");
        Objects.requireNonNull(content, "content");
        Path destination = target.toAbsolutePath();
        Path directory = destination.getParent();
        requireDirectory(directory, "directory of " + destination);
        requireDirectory(temporaryDirectory, "temporary directory");
        requireReplaceable(destination);
        FileStore targetStore = Files.getFileStore(directory);
        FileStore temporaryStore = Files.getFileStore(temporaryDirectory);
        if (!targetStore.equals(temporaryStore)) {
            throw new IOException(differentFileSystems(destination, temporaryDirectory));
        }
        Path temporary = temporaryDirectory.resolve(temporaryName(destination.getFileName().toString(),
                HexFormat.of().toHexDigits(RANDOM.nextLong())));
        boolean moved = false;
        try {
            try (FileChannel channel = open(temporary, destination)) {
                // A full disk or an I/O error names the file being written, not only its errno.
                OutputStream stream = new BufferedOutputStream(FileErrors.naming(destination,
                        new KeepOpen(Channels.newOutputStream(channel))), BUFFER_SIZE);
                content.write(stream);
                stream.flush();
                try {
                    channel.force(true);
                } catch (IOException e) {
                    throw FileErrors.naming(destination, e);
                }
            }
            try {
                Files.move(temporary, destination, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(differentFileSystems(destination, temporaryDirectory), e);
            } catch (java.nio.file.FileSystemException e) {
                // Said of the file being written, not of the temporary (`.NAME.HEX.tmp -> NAME`).
                requireReplaceable(destination);
                throw FileErrors.saidOf(destination, e);
            }
            moved = true;
            syncDirectory(directory);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /// The temporary, made new. A folder that refuses it is said of the file being written, which
    /// the user knows: `access denied: DIR/.demo-refresh.yml.76157b23c007f22c.tmp` named a name the
    /// user never gave.
    private static FileChannel open(Path temporary, Path destination) throws IOException {
        try {
            return FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (java.nio.file.FileSystemException e) {
            throw temporary.toString().equals(e.getFile()) ? FileErrors.saidOf(destination, e) : e;
        }
    }

    /// Writes the content of a file to the stream it is given.
    @FunctionalInterface
    public interface Content {
        /// Writes the bytes.
        ///
        /// @param out the stream; need not be closed
        /// @throws IOException when writing fails
        void write(OutputStream out) throws IOException;
    }

    /// The name of a temporary [#write] makes for a file named `name`: `.NAME.HEX.tmp`.
    private static String temporaryName(String name, String hex) {
        return "." + name + "." + hex + ".tmp";
    }

    /// Whether `candidate` is named as a temporary [#write] makes for a file named `name`, such as
    /// one a process killed while it wrote left behind.
    ///
    /// @param candidate a file
    /// @param name the name of the file written
    /// @return whether the name is such a temporary's
    public static boolean isTemporaryName(Path candidate, String name) {
        Path fileName = candidate.getFileName();
        String text = fileName == null ? "" : fileName.toString();
        String before = temporaryName(name, "");
        int hex = before.length() - ".tmp".length();
        return text.length() == before.length() + 16 && text.startsWith(before.substring(0, hex))
                && text.endsWith(".tmp") && text.substring(hex, hex + 16).chars().allMatch(HexFormat::isHexDigit);
    }

    /// A folder where the file is to go is refused before anything is written: the rename at the
    /// end would fail on it, naming the temporary (`.NAME.HEX.tmp -> NAME: Is a directory`). A link
    /// there is replaced, not followed, as a rename replaces it.
    private static void requireReplaceable(Path destination) throws java.nio.file.FileSystemException {
        if (Files.isDirectory(destination, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new java.nio.file.FileSystemException(destination.toString(), null,
                    "a folder, not a file");
        }
    }

    /// A path that exists as something else (a file, a pipe) is named as such: "does not exist" sent
    /// its user looking for a path that was there.
    private static void requireDirectory(Path directory, String what) throws java.nio.file.FileSystemException {
        if (directory == null || Files.notExists(directory)) {
            throw new NoSuchFileException(String.valueOf(directory), null, what + " does not exist");
        }
        if (!Files.isDirectory(directory)) {
            throw new java.nio.file.FileSystemException(directory.toString(), null, what + " is "
                    + MessageText.fileKind(directory) + ", not a folder");
        }
    }

    private static String differentFileSystems(Path target, Path temporaryDirectory) {
        return "cannot replace " + target + " atomically: temporary directory " + temporaryDirectory
                + " is on another file system (choose one on the same file system as the target)";
    }

    /// Makes the renames, links and removals in `directory` durable; directories cannot be opened
    /// for syncing on every platform (Windows), where the operations themselves have still happened.
    ///
    /// @param directory the directory
    public static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            System.getLogger(AtomicFiles.class.getName()).log(System.Logger.Level.DEBUG,
                    "cannot sync directory " + directory + ": " + notSupported);
        }
    }

    /// Lets the content callback close its stream without closing the channel before the fsync.
    static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /// Whether `file` has names besides this one (hard links). Writing into such a file in place
    /// changes it under its other names too, and the tool never writes a file it did not make; a
    /// file replaced by a rename is not written, so only in-place writes (lock files) ask.
    ///
    /// @param file the file, not followed when it is a link
    /// @return true when the file system counts more than one name for it; false where it cannot say
    /// @throws IOException when the file's attributes cannot be read
    public static boolean hasOtherNames(Path file) throws IOException {
        try {
            return ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).longValue() > 1;
        } catch (UnsupportedOperationException | IllegalArgumentException noLinkCount) {
            return false;
        }
    }
}
