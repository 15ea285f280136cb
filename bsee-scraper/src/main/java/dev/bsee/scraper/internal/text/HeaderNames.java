package dev.bsee.scraper.internal.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/// Column names from a header row as pandas 2.x makes them: an empty name becomes `Unnamed: i`
/// (`i` its position), and a repeated name gets `.1`, `.2`, ... appended, skipping suffixes that
/// already occur in the header. Named columns are de-duplicated before the unnamed ones, so
/// `a,,a` gives `a, Unnamed: 1, a.1`.
final class HeaderNames {

    private HeaderNames() {
    }

    static List<String> mangle(List<String> raw) {
        List<String> header = new ArrayList<>(raw.size());
        List<Integer> unnamed = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String name = raw.get(i);
            if (name.isEmpty()) {
                name = "Unnamed: " + i;
                unnamed.add(i);
            }
            header.add(name);
        }
        List<Integer> order = new ArrayList<>(header.size());
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
