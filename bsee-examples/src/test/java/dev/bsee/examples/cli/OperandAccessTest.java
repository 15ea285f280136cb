package dev.bsee.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/// What every command says of an operand it cannot reach: a file in a folder this user may not
/// enter is `access denied`, not `no such file or folder` (the JDK's `exists` is false there, which
/// sent the user looking for a file that was there), and a link that leads nowhere is the link it
/// is, in each command's words alike.
class OperandAccessTest {

    @TempDir
    Path dir;

    @Test
    void aFileInAFolderThisUserMayNotEnterIsAccessDeniedForEveryCommand() throws Exception {
        Path closed = Files.createDirectories(dir.resolve("closed"));
        Path archive = zip(closed.resolve("a.zip"));
        Files.copy(archive, closed.resolve("a.bin"));
        Path base = Files.createDirectories(dir.resolve("base/data/modules/bsee/bin/apd"));
        Path out = dir.resolve("out");
        String[][] runs = {
                {"convert", archive.toString(), "--out", out.toString(), "--progress", "none"},
                {"inspect", archive.toString()},
                {"dump", closed.resolve("a.bin").toString()},
                {"status", "--base-dir", dir.resolve("base").toString()}};
        ProcessBuilder[] children = new ProcessBuilder[runs.length];
        for (int i = 0; i < runs.length; i++) {
            children[i] = CliRun.unprivilegedChild(dir, runs[i]);
        }
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(dir.resolve("base"), PosixFilePermissions.fromString("---------"));
        try {
            for (int i = 0; i < runs.length; i++) {
                Process process = children[i].start();
                String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                String command = String.join(" ", runs[i]);
                assertThat(process.waitFor()).as(command + "\n" + stderr).isEqualTo(BseeCommand.FAILED);
                if (runs[i][0].equals("status")) {
                    assertThat(stdout).as(command).contains("cannot look in " + base.getParent() + ": access denied")
                            .doesNotContain("no source has been refreshed");
                } else {
                    assertThat(stderr.lines()).as(command).singleElement().asString()
                            .isEqualTo("bsee " + runs[i][0] + ": access denied: " + runs[i][1]);
                }
            }
        } finally {
            Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(dir.resolve("base"), PosixFilePermissions.fromString("rwx------"));
        }
        assertThat(out).doesNotExist();
    }

    /// A configuration this user may not read is a usage error (2) for `refresh` and `status`, as a
    /// missing one is: it exited 1, the code of a source that failed, though no source ran.
    @Test
    void aConfigurationThisUserMayNotReadIsAUsageErrorLikeAMissingOne() throws Exception {
        Path config = Files.writeString(dir.resolve("c.yml"), "data:\n  enhanced_refresh: true\n");
        String[][] runs = {{"refresh", "--config", "c.yml", "--base-dir", "."},
                {"status", "--config", "c.yml", "--base-dir", "."}};
        ProcessBuilder[] children = new ProcessBuilder[runs.length];
        for (int i = 0; i < runs.length; i++) {
            children[i] = CliRun.unprivilegedChild(dir, runs[i]);
        }
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("---------"));
        for (int i = 0; i < runs.length; i++) {
            Process process = children[i].start();
            process.getInputStream().readAllBytes();
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(stderr).isEqualTo(BseeCommand.USAGE);
            assertThat(stderr.lines()).singleElement().asString()
                    .isEqualTo("bsee " + runs[i][0] + ": cannot read c.yml: access denied");
        }
    }

    @Test
    void aLinkThatLeadsNowhereIsNamedAsALinkByEveryCommand() {
        String link = dir.resolve("gone.zip").toString();
        try {
            Files.createSymbolicLink(Path.of(link), dir.resolve("nowhere.zip"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        for (String[] args : new String[][] {{"convert", link, "--out", dir.resolve("out").toString()},
                {"inspect", link}, {"dump", link}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(run.err()).isEqualTo(BseeCommand.FAILED);
            assertThat(run.err().lines()).as(args[0]).singleElement().asString()
                    .startsWith("bsee " + args[0] + ": " + link + " is not a regular file (it is a symbolic link)")
                    .doesNotContain("no such file");
        }
    }

    private static Path zip(Path file) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("t.txt"));
            zip.write("A,B\n1,x\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }
}
