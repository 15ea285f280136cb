package dev.bsee.bridge.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;

import dev.bsee.bridge.ConfigProblem;
import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.SafeText;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/// A YAML document as a tree that remembers where every key and value stood, so configuration
/// errors can name the line. Jackson's tree model drops locations; this keeps them.
///
/// A configuration is a few kilobytes written by people, so the reader is bounded far below what
/// could hurt: at most [#MAX_CODE_POINTS] code points in all, scalars of at most
/// [#MAX_SCALAR_CHARS] characters, numbers of at most [#MAX_NUMBER_DIGITS] digits, nesting at most
/// [#MAX_DEPTH] levels deep. Anchors, aliases and merge keys (`<<`), which PyYAML would expand and
/// which a billion-laughs file uses to grow without bound, are refused, as is a second document
/// (`---`): the Python system read one document and used none of them, and a key that silently
/// means something else here is worse than an error.
final class YamlTree {

    /// Code points a configuration may have (also the file size limit, in bytes).
    static final int MAX_CODE_POINTS = 1 << 20;
    /// Characters one scalar may have.
    static final int MAX_SCALAR_CHARS = 64 * 1024;
    /// Digits one number may have.
    static final int MAX_NUMBER_DIGITS = 100;
    /// Levels of nested mappings and lists.
    static final int MAX_DEPTH = 64;

    private static final YAMLFactory YAML = yamlFactory();

    private static YAMLFactory yamlFactory() {
        LoaderOptions loader = new LoaderOptions();
        loader.setCodePointLimit(MAX_CODE_POINTS);
        // One level above the limit, so that the reader refuses the deepest level itself, naming
        // its key and line (the parsers' own refusals name neither).
        loader.setNestingDepthLimit(MAX_DEPTH + 1);
        loader.setMaxAliasesForCollections(0);
        loader.setAllowRecursiveKeys(false);
        return YAMLFactory.builder()
                // A key with nothing after it is None to PyYAML; the builder leaves this off, so that
                // `refresh:` read as the empty text, an error where the documentation says "not set".
                // A quoted '' stays text.
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .loaderOptions(loader)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(MAX_SCALAR_CHARS)
                        .maxNumberLength(MAX_NUMBER_DIGITS)
                        .maxNestingDepth(MAX_DEPTH + 1)
                        .maxNameLength(MAX_SCALAR_CHARS)
                        .maxDocumentLength(MAX_CODE_POINTS)
                        .build())
                .build();
    }

    /// A construct the configuration reader refuses, with the key and place where it stands.
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final String key;
        private final transient Location at;

        Refused(String key, Location at, String message) {
            super(message, null, false, false);
            this.key = key.isEmpty() ? ConfigProblem.WHOLE_FILE : key;
            this.at = at;
        }

        String key() {
            return key;
        }

        Location at() {
            return at;
        }
    }

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

    /// Parses `yaml`, which must be one document.
    ///
    /// @return the root, or empty for an empty document
    /// @throws Refused for an anchor, alias, merge key or second document
    static Optional<Node> parse(String yaml) throws IOException, Refused {
        try (JsonParser parser = YAML.createParser(yaml)) {
            if (next(parser, "") == null) {
                return Optional.empty();
            }
            Node root = read(parser, "", 1);
            if (next(parser, "") != null) {
                throw new Refused("", Location.of(parser.currentTokenLocation()), "a second YAML document (after ---):"
                        + " a configuration is one document");
            }
            return Optional.of(root);
        }
    }

    /// The next token inside a mapping: a key or the mapping's end. YAML allows a list or a mapping as
    /// a key (`? [a, b]`), which the parser refuses in its own terms, naming its event classes.
    private static JsonToken nextKey(JsonParser parser, String path) throws IOException, Refused {
        try {
            return parser.nextToken();
        } catch (com.fasterxml.jackson.core.exc.StreamReadException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Expected a field name")) {
                throw new Refused(path, e.getLocation() == null ? new Location(0, 0) : Location.of(e.getLocation()),
                        "a key that is a list or a mapping: a configuration's keys are text");
            }
            throw e;
        }
    }

    /// The next token, for the value at `path`.
    private static JsonToken next(JsonParser parser, String path) throws IOException, Refused {
        try {
            return parser.nextToken();
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw tooLong(parser, path, e);
        }
    }

    /// A value past the parser's limits (a number of more than [#MAX_NUMBER_DIGITS] digits): the
    /// parser's own message names its settings, not the key or line.
    private static Refused tooLong(JsonParser parser, String path,
                                   com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
        Location at = Location.of(e.getLocation() != null ? e.getLocation() : parser.currentLocation());
        String message = String.valueOf(e.getOriginalMessage());
        return new Refused(path, at, message.startsWith("Number value length")
                ? "a number of more than " + MAX_NUMBER_DIGITS + " digits, more than a configuration value can have"
                : "a value longer than a configuration can have");
    }

    /// The tags of YAML's own types that a configuration may hold (`!!str` is `tag:yaml.org,2002:str`).
    private static final String YAML_TAG_PREFIX = "tag:yaml.org,2002:";
    private static final java.util.Set<String> YAML_TAGS = java.util.Set.of("str", "int", "float", "bool", "null", "map",
            "seq").stream().map(type -> YAML_TAG_PREFIX + type).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private static Node read(JsonParser parser, String path, int depth) throws IOException, Refused {
        Location at = Location.of(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        if (depth > MAX_DEPTH && (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)) {
            throw new Refused(path, at, "nested more than " + MAX_DEPTH + " levels deep, more than a configuration can be");
        }
        if (parser instanceof YAMLParser yaml) {
            if (yaml.isCurrentAlias()) {
                throw new Refused(path, at, "an alias (*" + parser.getText() + "): anchors and aliases are not supported;"
                        + " write the value out");
            }
            if (yaml.getObjectId() != null) {
                throw new Refused(path, at, "an anchor (&" + yaml.getObjectId() + "): anchors and aliases are not"
                        + " supported; write the value out");
            }
            // A tag of YAML's own (`!!str`) is what safe_load takes too; any other (`!foo`, `!!python/object`,
            // `!!java.net.URL`) was reported as its value's type alone ("expected true or false but found
            // \"true\""), the tag never named.
            String tag = yaml.getTypeId();
            // `!` alone is YAML's non-specific tag: the value is a plain string.
            if (tag != null && !tag.isEmpty() && !tag.equals("!") && !YAML_TAGS.contains(tag)) {
                // As written: the parser gives `!foo` as `foo`, and `!!x` as `tag:yaml.org,2002:x`.
                String written = tag.startsWith(YAML_TAG_PREFIX) ? "!!" + tag.substring(YAML_TAG_PREFIX.length())
                        : tag.startsWith("!") || tag.contains(":") ? tag : "!" + tag;
                throw new Refused(path, at, "a tag (" + SafeText.escape(written) + "): tags are not supported; write"
                        + " the value without it");
            }
        }
        if (token == JsonToken.START_OBJECT) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            List<Entry> duplicates = new ArrayList<>();
            while (nextKey(parser, path) == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                Location keyAt = Location.of(parser.currentTokenLocation());
                if (key.length() > MAX_SCALAR_CHARS) {
                    throw new Refused(path, keyAt, "a key of " + MessageText.count(key.length(), "character")
                            + ", more than a configuration key can have (at most " + MessageText.number(MAX_SCALAR_CHARS) + ")");
                }
                String keyPath = path.isEmpty() ? key : path + "." + key;
                if (key.equals("<<")) {
                    throw new Refused(keyPath, keyAt, "a merge key (<<): merge keys are not supported; write the keys out");
                }
                next(parser, keyPath);
                Entry entry = new Entry(key, keyAt, read(parser, keyPath, depth + 1));
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
            while (next(parser, path + "[" + items.size() + "]") != JsonToken.END_ARRAY) {
                items.add(read(parser, path + "[" + items.size() + "]", depth + 1));
            }
            return new ListNode(at, items);
        }
        String text = parser.getText();
        if (text != null && text.length() > MAX_SCALAR_CHARS) {
            throw new Refused(path, at, "a value of " + MessageText.count(text.length(), "character")
                    + ", more than a configuration value can have (at most " + MessageText.number(MAX_SCALAR_CHARS) + ")");
        }
        // The parser's own limit holds only for numbers something asks the value of: one under a key
        // nothing reads (`meta.x: 999...`) passed at any length.
        if ((token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) && text != null
                && text.length() > MAX_NUMBER_DIGITS) {
            throw new Refused(path, at, "a number of more than " + MAX_NUMBER_DIGITS + " digits, more than a"
                    + " configuration value can have");
        }
        return new Scalar(at, token, text);
    }
}
