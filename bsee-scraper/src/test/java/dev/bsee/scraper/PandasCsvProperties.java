package dev.bsee.scraper;

import dev.bsee.core.peer.PandasPeer;
import dev.bsee.core.peer.PandasPeers;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/// Generated texts ([CsvTexts]) read by Java and by pandas, 40 texts per try in one peer call per
/// peer. pandas 2.2 must agree on every text; pandas 1.5 on every text that does not involve the
/// known differences between the versions (`None` as a missing value, the index of an empty frame,
/// a headerless text of one short row). A failing batch is checked again text by text, and the
/// failure names the shortest text that disagrees on its own: one text, not a batch of 40.
class PandasCsvProperties {

    /// Started by the first property that asks; jqwik runs no JUnit extensions, so its container
    /// hook closes them.
    private static final PandasPeers peers = new PandasPeers();

    @AfterContainer
    static void stopPeers() {
        peers.close();
    }

    @Provide
    Arbitrary<List<PandasComparison.Case>> texts() {
        return Arbitraries.randomValue(CsvTexts::next).list().ofSize(40);
    }

    // The texts come from one random draw each (nothing for jqwik to shrink): assertEachAgrees narrows a
    // failing batch to one text instead.
    @Property(tries = 12, shrinking = ShrinkingMode.OFF)
    void javaReadsGeneratedTextLikePandas(@ForAll("texts") List<PandasComparison.Case> cases) {
        List<PandasComparison.Outcome> with22 = PandasComparison.compare(peers.pandas22(), cases);
        assertEachAgrees(peers.pandas22(), with22.stream().filter(o -> !o.agrees()).toList());

        List<PandasComparison.Case> comparableWith15 = cases.stream()
                .filter(c -> !new String(c.text(), StandardCharsets.ISO_8859_1).contains("None"))
                .filter(c -> with22.get(cases.indexOf(c)).java().map(t -> t.rowCount() > 0).orElse(true))
                .toList();
        List<PandasComparison.Outcome> with15 = PandasComparison.compare(peers.pandas15(), comparableWith15);
        assertEachAgrees(peers.pandas15(), with15.stream().filter(o -> !o.agrees())
                .filter(o -> !(o.testCase().names().isPresent()
                        && o.pandasError().orElse("").contains("Too many columns specified")))
                .toList());
    }

    /// Re-checks the disagreeing texts of a batch one at a time and fails on the shortest that still
    /// disagrees alone (or, when none does, on the batch: then the texts interfere in the peer).
    private static void assertEachAgrees(PandasPeer peer, List<PandasComparison.Outcome> disagreeing) {
        if (disagreeing.isEmpty()) {
            return;
        }
        Optional<PandasComparison.Outcome> alone = disagreeing.stream()
                .sorted(Comparator.comparingInt(o -> o.testCase().text().length))
                .map(o -> PandasComparison.compare(peer, List.of(o.testCase())).getFirst())
                .filter(o -> !o.agrees())
                .findFirst();
        assertThat(alone.map(List::of).orElse(disagreeing))
                .as("%s of a batch of texts read differently by Java and %s; %s", disagreeing.size(), peer,
                        alone.isPresent() ? "the shortest alone" : "none alone, all of them in the batch")
                .isEmpty();
    }
}
