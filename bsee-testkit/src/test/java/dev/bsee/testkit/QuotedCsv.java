package dev.bsee.testkit;

import java.util.ArrayList;
import java.util.List;

/// A strict reader for the tests: every field must be quoted, records end in `\r\n` or `\n`.
final class QuotedCsv {

    private QuotedCsv() {
    }

    /// The records of `text`; throws when a field is not quoted or a record is not terminated.
    static List<List<String>> records(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            if (text.charAt(at) != '"') {
                throw new IllegalArgumentException("unquoted field at offset " + at);
            }
            StringBuilder field = new StringBuilder();
            at++;
            while (true) {
                if (at >= text.length()) {
                    throw new IllegalArgumentException("unterminated quoted field");
                }
                char c = text.charAt(at++);
                if (c == '"') {
                    if (at < text.length() && text.charAt(at) == '"') {
                        field.append('"');
                        at++;
                    } else {
                        break;
                    }
                } else {
                    field.append(c);
                }
            }
            record.add(field.toString());
            if (text.startsWith(",", at)) {
                at++;
            } else if (text.startsWith("\r\n", at) || text.startsWith("\n", at)) {
                at += text.charAt(at) == '\r' ? 2 : 1;
                records.add(record);
                record = new ArrayList<>();
            } else {
                throw new IllegalArgumentException("expected a comma or a line end at offset " + at);
            }
        }
        if (!record.isEmpty()) {
            throw new IllegalArgumentException("last record is not terminated");
        }
        return records;
    }
}
