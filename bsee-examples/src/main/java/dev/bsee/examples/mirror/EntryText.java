package dev.bsee.examples.mirror;

import java.util.List;
import java.util.function.IntFunction;

/// Writes one archive entry as BSEE publishes its delimited text: every field quoted (quotes inside
/// doubled), records ending in `\r\n`, an optional header row.
final class EntryText {

    private EntryText() {
    }

    static String write(List<String> header, int rows, IntFunction<List<String>> row) {
        StringBuilder text = new StringBuilder(rows * 96);
        if (!header.isEmpty()) {
            record(text, header);
        }
        for (int i = 0; i < rows; i++) {
            List<String> fields = row.apply(i);
            if (!header.isEmpty() && fields.size() != header.size()) {
                throw new IllegalStateException("row " + i + " has " + fields.size() + " fields for " + header.size() + " columns");
            }
            record(text, fields);
        }
        return text.toString();
    }

    private static void record(StringBuilder text, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append('"').append(fields.get(i).replace("\"", "\"\"")).append('"');
        }
        text.append("\r\n");
    }
}
