package dev.bsee.scraper.internal.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/// Column names from a header row as pandas 2.x makes them: an empty name becomes `Unnamed: i`
/// (`i` its position), and a repeated name gets `.1`, `.2`, ... appended, skipping suffixes that
/// already occur in the header. Named columns are de-duplicated before the unnamed ones, so
/// `a,,a` gives `a, Unnamed: 1, a.1`.
///
/// pandas asks whether a suffixed name occurs in the header by scanning the header, and whether a
/// column is unnamed by scanning the list of unnamed ones; both are kept here as counts in hash
/// tables instead, so a header of 100,000 repeated or empty names is named in time linear in its
/// width (the scans took 13 s for 100,000 names, and grew with the square of the width).
final class HeaderNames {

    private HeaderNames() {
    }

    static List<String> mangle(List<String> raw) {
        return mangle(raw, lookups -> { });
    }

    /// As [#mangle(List)], telling `lookups` how many names each membership check compared: one
    /// hash lookup each, whatever the header's width.
    static List<String> mangle(List<String> raw, LongConsumer lookups) {
        List<String> header = new ArrayList<>(raw.size());
        boolean[] unnamed = new boolean[raw.size()];
        List<Integer> unnamedOrder = new ArrayList<>();
        // How many columns of the header, as renamed so far, bear each name: pandas' `col in header`.
        Map<String, Integer> present = new HashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            String name = raw.get(i);
            if (name.isEmpty()) {
                name = "Unnamed: " + i;
                unnamed[i] = true;
                unnamedOrder.add(i);
            }
            header.add(name);
            present.merge(name, 1, Integer::sum);
        }
        List<Integer> order = new ArrayList<>(header.size());
        for (int i = 0; i < header.size(); i++) {
            if (!unnamed[i]) {
                order.add(i);
            }
        }
        order.addAll(unnamedOrder);
        Map<String, Integer> counts = new HashMap<>();
        for (int i : order) {
            String column = header.get(i);
            String original = column;
            int count = counts.getOrDefault(column, 0);
            while (count > 0) {
                counts.put(original, count + 1);
                column = original + "." + count;
                lookups.accept(1);
                if (present.containsKey(column)) {
                    count++;
                } else {
                    count = counts.getOrDefault(column, 0);
                }
            }
            if (!column.equals(original)) {
                header.set(i, column);
                present.merge(original, -1, (had, less) -> had + less == 0 ? null : had + less);
                present.merge(column, 1, Integer::sum);
            }
            counts.put(column, count + 1);
        }
        return header;
    }
}
