package dev.bsee.core.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NearestWordTest {

    private static final List<String> COMMANDS = List.of("demo", "refresh", "convert", "dump", "inspect", "portal", "status");

    @Test
    void aSwapOfNeighbouringLettersIsOneEdit() {
        assertThat(NearestWord.distance("dmup", "dump")).isEqualTo(1);
        assertThat(NearestWord.distance("stauts", "status")).isEqualTo(1);
        assertThat(NearestWord.distance("ab", "ba")).isEqualTo(1);
        assertThat(NearestWord.distance("abc", "ca")).isEqualTo(3);
        assertThat(NearestWord.distance("", "dump")).isEqualTo(4);
        assertThat(NearestWord.closest("dmup", COMMANDS)).hasValue("dump");
        assertThat(NearestWord.closest("stauts", COMMANDS)).hasValue("status");
    }

    @Test
    void aKnownWordOrAFarOneGetsNoSuggestion() {
        assertThat(NearestWord.closest("dump", COMMANDS)).isEmpty();
        assertThat(NearestWord.closest("xyzzy", COMMANDS)).isEmpty();
        // A hostile key of a million letters is not compared letter by letter with every known one.
        assertThat(NearestWord.closest("d".repeat(1_000_000), COMMANDS)).isEmpty();
    }
}
