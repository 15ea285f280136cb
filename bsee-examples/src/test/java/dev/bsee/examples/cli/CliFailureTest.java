package dev.bsee.examples.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/// Failures that are not exceptions: a JVM out of heap is one line on standard error and exit 1,
/// with the trace only under `-v`, not the JVM's "Exception in thread main" block.
class CliFailureTest {

    @Command(name = "exhaust")
    static final class Exhaust implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    private static String[] run(String... args) {
        CommandLine commandLine = BseeCommand.commandLine();
        commandLine.addSubcommand(new Exhaust());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
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
