package dev.bsee.core.internal;

import dev.bsee.core.faults.SystemCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FileTreesTest {

    @TempDir
    Path dir;

    @Test
    void aFolderGoesWithItsFilesAndTheLinksInItButNotWhatTheyPointTo() throws IOException {
        Path outside = Files.writeString(dir.resolve("outside.txt"), "not ours");
        Path outsideFolder = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outsideFolder.resolve("kept.txt"), "not ours either");
        Path run = Files.createDirectories(dir.resolve("run/sub"));
        Files.writeString(run.resolve("a.bin"), "ours");
        Files.createSymbolicLink(run.resolve("file-link"), outside);
        Files.createSymbolicLink(run.resolve("folder-link"), outsideFolder);
        Files.createLink(run.resolve("hard-link"), outside);

        FileTrees.delete(dir.resolve("run"));

        assertThat(dir.resolve("run")).doesNotExist();
        assertThat(outside).hasContent("not ours");
        assertThat(outsideFolder.resolve("kept.txt")).hasContent("not ours either");
    }

    @Test
    void aFileOrALinkIsDeletedItselfAndNothingThereIsNoFailure() throws IOException {
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.writeString(target.resolve("kept.txt"), "kept");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);

        FileTrees.delete(link);
        FileTrees.delete(dir.resolve("nothing"));

        assertThat(link).doesNotExist();
        assertThat(target.resolve("kept.txt")).hasContent("kept");
    }

    /// Another file system mounted inside a run's folder (a bind mount): its files are not the
    /// tool's, so nothing is deleted and the refusal names the mount point. Walking into it deleted
    /// every file of the mounted folder.
    @Test
    void aFolderWithAMountPointInsideIsRefusedAndNothingIsDeleted() throws Exception {
        Path victim = Files.createDirectories(dir.resolve("victim/sub"));
        Files.writeString(victim.resolve("b.txt"), "someone's");
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("a.bin"), "ours");
        Path mountPoint = Files.createDirectories(run.resolve("mnt"));
        assumeTrue(SystemCommand.succeeds("mount", "--bind", dir.resolve("victim").toString(), mountPoint.toString()),
                "bind mounts can be made here (root with CAP_SYS_ADMIN)");
        try {
            assertThatThrownBy(() -> FileTrees.delete(run)).hasMessage("refusing to delete " + run + ": a file system is"
                    + " mounted at " + mountPoint + " inside it, whose files the tool did not write (unmount it, then"
                    + " remove the folder)");
            assertThat(victim.resolve("b.txt")).hasContent("someone's");
            assertThat(run.resolve("a.bin")).hasContent("ours");
        } finally {
            assertThat(SystemCommand.succeeds("umount", mountPoint.toString())).isTrue();
        }
    }
}
