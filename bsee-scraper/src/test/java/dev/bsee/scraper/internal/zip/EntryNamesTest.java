package dev.bsee.scraper.internal.zip;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/// An entry's output file is named as the Python system named it:
/// `os.path.splitext(os.path.basename(name))[0] + ".bin"`. Python's `splitext` skips the dots a name
/// starts with, so a name of dots and `txt` alone has no extension and keeps it whole.
class EntryNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            mv_eor_completions.txt                | mv_eor_completions.bin
            eWellEORRawData/mv_eor_completions.txt | mv_eor_completions.bin
            X.TXT                                 | X.bin
            a.b.txt                               | a.b.bin
            a..txt                                | a..bin
            c.txt.txt                             | c.txt.bin
            .txt                                  | .txt.bin
            ..txt                                 | ..txt.bin
            ...txt                                | ...txt.bin
            d/..txt                               | ..txt.bin
            ..a.txt                               | ..a.bin
            .a.txt                                | .a.bin
            """)
    void theOutputNameIsWhatPythonsSplitextLeavesPlusBin(String entry, String output) {
        assertThat(EntryNames.outputName(entry)).isEqualTo(output);
    }
}
