package dev.bsee.examples.cli;

import dev.bsee.bridge.ConfigProblem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SuggestionsTest {

    @Test
    void aKeyThatDiffersOnlyInCaseIsPointedToItsLowerCaseSpelling() {
        assertThat(Suggestions.forConfig(List.of(new ConfigProblem("data.FMP", 3, 3, "unknown key"))))
                .containsExactly("data.FMP (line 3, column 3): did you mean `fmp`?");
        assertThat(Suggestions.forConfig(List.of(new ConfigProblem("data.fmp", 3, 3, "given twice")))).isEmpty();
    }

    @Test
    void anOptionOffByATranspositionOrALetterIsNamed() {
        List<String> options = List.of("--out", "--columns", "-v", "--progress");
        assertThat(Suggestions.forOptions(List.of("--otu", "--colums=a,b", "x.zip", "--zzzzzz"), options))
                .containsExactly("Did you mean: --out?", "Did you mean: --columns?");
    }
}
