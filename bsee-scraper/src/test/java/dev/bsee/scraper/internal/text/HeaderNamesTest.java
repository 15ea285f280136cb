package dev.bsee.scraper.internal.text;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderNamesTest {

    private static final int WIDTH = 100_000;

    @Test
    void aHeaderOfOneRepeatedNameIsNamedWithALookupPerName() {
        AtomicLong compared = new AtomicLong();
        List<String> names = HeaderNames.mangle(Collections.nCopies(WIDTH, "A"), compared::addAndGet);
        assertThat(names.get(0)).isEqualTo("A");
        assertThat(names.get(1)).isEqualTo("A.1");
        assertThat(names.get(WIDTH - 1)).isEqualTo("A." + (WIDTH - 1));
        assertThat(compared.get()).isLessThanOrEqualTo(2L * WIDTH);
    }

    @Test
    void aHeaderOfNamesCollidingWithTheSuffixesIsNamedWithALookupPerName() {
        List<String> raw = new ArrayList<>(WIDTH);
        for (int i = 0; i < WIDTH; i++) {
            raw.add(i % 2 == 0 ? "A" : "A.1");
        }
        AtomicLong compared = new AtomicLong();
        List<String> names = HeaderNames.mangle(raw, compared::addAndGet);
        assertThat(names).doesNotHaveDuplicates();
        assertThat(names.subList(0, 6)).containsExactly("A", "A.1", "A.2", "A.1.1", "A.3", "A.1.2");
        assertThat(compared.get()).isLessThanOrEqualTo(4L * WIDTH);
    }

    @Test
    void aHeaderOfEmptyNamesIsNamedByPosition() {
        List<String> raw = new ArrayList<>(Collections.nCopies(WIDTH, ""));
        raw.set(WIDTH - 1, "Unnamed: 0");
        AtomicLong compared = new AtomicLong();
        List<String> names = HeaderNames.mangle(raw, compared::addAndGet);
        assertThat(names).doesNotHaveDuplicates();
        assertThat(names.get(1)).isEqualTo("Unnamed: 1");
        assertThat(names.get(0)).isEqualTo("Unnamed: 0.1");
        assertThat(names.get(WIDTH - 1)).isEqualTo("Unnamed: 0");
        assertThat(compared.get()).isLessThanOrEqualTo(2L * WIDTH);
    }

    @Property(tries = 2000)
    void namesAgreeWithPandasScanOfTheHeader(@ForAll("headers") List<String> raw) {
        assertThat(HeaderNames.mangle(raw)).isEqualTo(byScanning(raw));
    }

    @Provide
    Arbitrary<List<String>> headers() {
        return Arbitraries.of("a", "a.1", "a.2", "a.1.1", "b", "", "Unnamed: 0", "Unnamed: 1", "Unnamed: 1.1")
                .list().ofMaxSize(12);
    }

    /// pandas' own loop (`TextReader._get_header`): membership by scanning the header as renamed
    /// so far, and the unnamed columns last.
    private static List<String> byScanning(List<String> raw) {
        List<String> header = new ArrayList<>();
        List<Integer> unnamed = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String name = raw.get(i);
            if (name.isEmpty()) {
                name = "Unnamed: " + i;
                unnamed.add(i);
            }
            header.add(name);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (!unnamed.contains(i)) {
                order.add(i);
            }
        }
        order.addAll(unnamed);
        Map<String, Integer> counts = new HashMap<>();
        for (int i : order) {
            String column = header.get(i);
            String original = column;
            int count = counts.getOrDefault(column, 0);
            while (count > 0) {
                counts.put(original, count + 1);
                column = original + "." + count;
                if (header.contains(column)) {
                    count++;
                } else {
                    count = counts.getOrDefault(column, 0);
                }
            }
            header.set(i, column);
            counts.put(column, count + 1);
        }
        return header;
    }
}
