package dev.bsee.scraper;

import dev.bsee.core.peer.PandasPeer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/// Generated texts ([CsvTexts]) read by Java and by pandas, 40 texts per try in one peer call per
/// peer. pandas 2.2 must agree on every text; pandas 1.5 on every text that does not involve the
/// known differences between the versions (`None` as a missing value, the index of an empty frame,
/// a headerless text of one short row).
class PandasCsvProperties {

    private static PandasPeer pandas22;
    private static PandasPeer pandas15;

    @BeforeContainer
    static void startPeers() {
        pandas22 = PandasPeer.start(PandasPeer.Kind.PANDAS22);
        pandas15 = PandasPeer.start(PandasPeer.Kind.PANDAS15);
    }

    @AfterContainer
    static void stopPeers() {
        if (pandas22 != null) {
            pandas22.close();
        }
        if (pandas15 != null) {
            pandas15.close();
        }
    }

    @Provide
    Arbitrary<List<PandasComparison.Case>> texts() {
        return Arbitraries.randomValue(CsvTexts::next).list().ofSize(40);
    }

    @Property(tries = 12, shrinking = ShrinkingMode.OFF)
    void javaReadsGeneratedTextLikePandas(@ForAll("texts") List<PandasComparison.Case> cases) {
        List<PandasComparison.Outcome> with22 = PandasComparison.compare(pandas22, cases);
        assertThat(with22.stream().filter(o -> !o.agrees()).toList())
                .as("texts Java reads differently from %s", pandas22).isEmpty();

        List<PandasComparison.Case> comparableWith15 = cases.stream()
                .filter(c -> !new String(c.text(), StandardCharsets.ISO_8859_1).contains("None"))
                .filter(c -> with22.get(cases.indexOf(c)).java().map(t -> t.rowCount() > 0).orElse(true))
                .toList();
        List<PandasComparison.Outcome> with15 = PandasComparison.compare(pandas15, comparableWith15);
        assertThat(with15.stream().filter(o -> !o.agrees())
                .filter(o -> !(o.testCase().names().isPresent()
                        && o.pandasError().orElse("").contains("Too many columns specified")))
                .toList())
                .as("texts Java reads differently from %s", pandas15).isEmpty();
    }
}
