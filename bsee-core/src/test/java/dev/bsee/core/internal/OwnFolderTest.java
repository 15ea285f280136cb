package dev.bsee.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// A run's staging folder swapped while the run goes on: for a link to someone's folder, for
/// another folder moved into its place, or for a link put in place of the folder above it. Writing,
/// syncing and deleting through the old path would reach the other folder's files; each is refused
/// and the other folder keeps what it had.
class OwnFolderTest {

    @TempDir
    Path temp;

    private Path outside;

    private void swap(String how, Path run) throws IOException {
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("precious.txt"), "someone's");
        switch (how) {
            case "link" -> {
                Files.move(run, temp.resolve("aside"));
                Files.createSymbolicLink(run, outside);
            }
            case "folder" -> {
                Files.move(run, temp.resolve("aside"));
                Files.move(outside, run);
                outside = run;
            }
            case "parent" -> {
                // tmp/run-x moved into the outside folder, and tmp made a link to it: the path
                // still ends in a real folder, the one the run made, but now outside.
                Path tmp = run.getParent();
                Files.move(tmp, temp.resolve("tmp-aside"));
                Files.move(temp.resolve("tmp-aside").resolve(run.getFileName()), outside.resolve(run.getFileName()));
                Files.createSymbolicLink(tmp, outside);
            }
            default -> throw new IllegalArgumentException(how);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"link", "folder", "parent"})
    void aSwappedFolderIsNeitherWrittenNorSyncedNorDeletedThrough(String how) throws IOException {
        Path tmp = Files.createDirectory(temp.resolve("tmp"));
        OwnFolder run = OwnFolder.create(tmp.resolve("run-1"));
        try (StagedFiles staged = new StagedFiles(run)) {
            staged.write(run.path().resolve("a.bin"), out -> out.write(1));
            run.verify();
            swap(how, run.path());

            assertThatThrownBy(() -> staged.write(run.path().resolve("b.bin"), out -> out.write(2)))
                    .isInstanceOf(IOException.class).hasMessageContaining("refusing to go on with " + run.path())
                    .hasMessageNotContaining("\n");
            assertThatThrownBy(staged::sync).isInstanceOf(IOException.class).hasMessageContaining(run.path().toString());
            assertThatThrownBy(run::delete).isInstanceOf(IOException.class).hasMessageContaining(run.path().toString());
        }
        assertThat(outside.resolve("precious.txt")).hasContent("someone's");
        assertThat(outside.resolve("b.bin")).doesNotExist();
    }

    /// The folder swapped while a file is being written, whose write then fails (the next entry's
    /// check stops the run): the failed file was deleted by its path, which led through the link to
    /// the other folder's file of the same name.
    @Test
    void aWriteCutShortBySwapDeletesNothingThroughTheLink() throws IOException {
        Path tmp = Files.createDirectory(temp.resolve("tmp"));
        OwnFolder run = OwnFolder.create(tmp.resolve("run-1"));
        try (StagedFiles staged = new StagedFiles(run)) {
            assertThatThrownBy(() -> staged.write(run.path().resolve("precious.txt"), out -> {
                out.write(1);
                swap("link", run.path());
                throw new IOException("the entry stopped");
            })).hasMessage("the entry stopped");
        }
        assertThat(outside.resolve("precious.txt")).hasContent("someone's");
    }

    @Test
    void theFolderMadeIsDeletedWithItsFilesAndAGoneOneIsNoError() throws IOException {
        OwnFolder run = OwnFolder.create(temp.resolve("run-2"));
        Files.writeString(run.path().resolve("x.bin"), "x");
        Files.createSymbolicLink(run.path().resolve("link"), temp);

        run.delete();
        run.delete();

        assertThat(run.path()).doesNotExist();
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left).isEmpty();
        }
    }
}
