package dev.bsee.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/// Failures as one line on standard error and exit 1: file system exceptions, whose own messages
/// are often the path alone, and failures that are not exceptions (a JVM out of heap), with the
/// trace only under `-v`, not the JVM's "Exception in thread main" block.
class CliFailureTest {

    @Command(name = "exhaust")
    static final class Exhaust implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    /// Fails with the file system exception its argument names, as the JDK throws it.
    @Command(name = "fail")
    static final class Fail implements Callable<Integer> {
        @picocli.CommandLine.Parameters
        String which;

        @Override
        public Integer call() throws IOException {
            throw switch (which) {
                case "denied" -> new AccessDeniedException("/data/.eor.tmp");
                case "denied-move" -> new AccessDeniedException("/data/.eor.tmp/run-1/a.bin", "/data/eor/a.bin", null);
                case "missing" -> new NoSuchFileException("/data/eor.zip");
                case "not-a-folder" -> new NotDirectoryException("/data/eor");
                case "full" -> new FileSystemException("/data/eor/a.bin", null, "No space left on device");
                default -> new IOException(which);
            };
        }
    }

    private static String[] run(String... args) {
        CommandLine commandLine = BseeCommand.commandLine();
        commandLine.addSubcommand(new Exhaust());
        commandLine.addSubcommand(new Fail());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    /// The JDK's message of an `AccessDeniedException` or a `NoSuchFileException` is the path alone
    /// (`A -> B` for a move): `bsee convert` said `bsee convert: /data/.eor.tmp` when it could not
    /// write there. Each says what happened, as a refresh says it.
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "denied       | access denied: /data/.eor.tmp",
            "denied-move  | access denied: moving /data/.eor.tmp/run-1/a.bin to /data/eor/a.bin",
            "missing      | no such file or folder: /data/eor.zip",
            "not-a-folder | not a folder: /data/eor",
            "full         | /data/eor/a.bin: No space left on device"})
    void aFileSystemFailureSaysWhatHappenedToWhichFile(String which, String message) {
        String[] result = run("fail", which);
        assertThat(result[0]).isEqualTo(Integer.toString(BseeCommand.FAILED));
        assertThat(result[2].lines()).containsExactly("bsee fail: " + message);
    }

    @Test
    void runningOutOfHeapIsOneLineAndExitsOne() {
        String[] quiet = run("exhaust");
        assertThat(quiet[0]).isEqualTo(Integer.toString(BseeCommand.FAILED));
        assertThat(quiet[1]).isEmpty();
        assertThat(quiet[2].lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("bsee exhaust: ran out of memory (Java heap space; this JVM's heap is ")
                .contains("BSEE_JAVA_OPTS=-Xmx1g bin/bsee").contains("java -Xmx1g -jar bsee.jar"));

        String[] verbose = run("exhaust", "-v");
        assertThat(verbose[2]).startsWith("bsee exhaust: ran out of memory").contains("\tat ");
    }
}
