package dev.bsee.examples.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SuggestionsTest {

    @Test
    void anOptionOffByATranspositionOrALetterIsNamed() {
        List<String> options = List.of("--out", "--columns", "-v", "--progress");
        assertThat(Suggestions.forOptions(List.of("--otu", "--colums=a,b", "x.zip", "--zzzzzz"), options))
                .containsExactly("Did you mean: --out?", "Did you mean: --columns?");
    }

    @Test
    void jvmOptionsAreToldApartFromTheTools() {
        assertThat(Suggestions.forJvmOptions(List.of("-Xmx2g", "x.zip", "-XX:MaxRAM=1g", "-Dhttps.proxyHost=p",
                "-javaagent:a.jar", "-verbose:gc"))).hasValueSatisfying(hint -> assertThat(hint).startsWith(
                        "-Xmx2g -XX:MaxRAM=1g -Dhttps.proxyHost=p -javaagent:a.jar -verbose:gc are options of the JVM"));
        assertThat(Suggestions.forJvmOptions(List.of("--otu", "-v", "-x", "-D", "x.zip", "-"))).isEmpty();
    }
}
