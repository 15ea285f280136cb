package dev.bsee.bridge.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/// A YAML document as a tree that remembers where every key and value stood, so configuration
/// errors can name the line. Jackson's tree model drops locations; this keeps them.
final class YamlTree {

    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    private YamlTree() {
    }

    /// A position in the text, from 1.
    record Location(int line, int column) {
        static Location of(JsonLocation location) {
            return new Location(location.getLineNr(), location.getColumnNr());
        }
    }

    /// A node of the document.
    sealed interface Node {
        /// Where the node starts.
        Location at();
    }

    /// A mapping; keys keep their order. A key given twice keeps its later value, as PyYAML does.
    record MapNode(Location at, Map<String, Entry> entries, List<Entry> duplicates) implements Node {
    }

    /// One key of a mapping.
    record Entry(String key, Location keyAt, Node value) {
        /// Where a problem with this entry's value is best pointed at: the value itself when it is
        /// a scalar, the key otherwise.
        Location problemAt() {
            return value instanceof Scalar ? value.at() : keyAt;
        }
    }

    /// A sequence.
    record ListNode(Location at, List<Node> items) implements Node {
    }

    /// A scalar with the type YAML resolved for it (string, int, float, boolean, null).
    record Scalar(Location at, JsonToken token, String text) implements Node {
        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }
    }

    /// Parses the first document of `yaml`.
    ///
    /// @return the root, or empty for an empty document
    static Optional<Node> parse(String yaml) throws IOException {
        try (JsonParser parser = YAML.createParser(yaml)) {
            if (parser.nextToken() == null) {
                return Optional.empty();
            }
            return Optional.of(read(parser));
        }
    }

    private static Node read(JsonParser parser) throws IOException {
        Location at = Location.of(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            List<Entry> duplicates = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                Location keyAt = Location.of(parser.currentTokenLocation());
                parser.nextToken();
                Entry entry = new Entry(key, keyAt, read(parser));
                Entry earlier = entries.remove(key);
                if (earlier != null) {
                    duplicates.add(earlier);
                }
                entries.put(key, entry);
            }
            return new MapNode(at, entries, duplicates);
        }
        if (token == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(read(parser));
            }
            return new ListNode(at, items);
        }
        return new Scalar(at, token, parser.getText());
    }
}
