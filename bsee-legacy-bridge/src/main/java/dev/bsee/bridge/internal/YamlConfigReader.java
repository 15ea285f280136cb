package dev.bsee.bridge.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonToken;
import dev.bsee.bridge.ConfigException;
import dev.bsee.bridge.ConfigProblem;
import dev.bsee.binary.PickleDialect;
import dev.bsee.bridge.RefreshConfig;
import dev.bsee.bridge.internal.YamlTree.Entry;
import dev.bsee.bridge.internal.YamlTree.ListNode;
import dev.bsee.bridge.internal.YamlTree.Location;
import dev.bsee.bridge.internal.YamlTree.MapNode;
import dev.bsee.bridge.internal.YamlTree.Node;
import dev.bsee.bridge.internal.YamlTree.Scalar;
import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.SafeText;
import dev.bsee.core.internal.HttpAddresses;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.YearlySeries;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// Reads the YAML configuration: the Python system's `data_refresh.yml` and
/// `data_refresh_enhanced.yml` keys, and the keys only this SDK knows (`sources`, `site`, `output`).
///
/// Wrong types are collected (all of them, not just the first) into one [ConfigException]; keys
/// that mean nothing here become warnings, since the Python files carry keys only the Python code
/// read.
public final class YamlConfigReader {

    /// `data` keys that switch the enhanced path on; the Python system used all four names.
    private static final List<String> ENHANCED_SWITCHES = List.of("enhanced_refresh", "enhanced", "fresh_data");
    /// Sources the Python system knew (aliases or ids of catalog sources), and `all`.
    private static final Set<String> PYTHON_SOURCES = Set.of("well", "production", "war", "apm", "all");
    private static final String SOURCE_ID = "[a-z0-9_-]+";
    /// PyYAML's whole numbers (its `int` resolver without the base-60 form), `_` removed first.
    private static final Pattern INTEGER = Pattern.compile("([-+])?(?:0b([01]+)|0x([0-9a-fA-F]+)|0([0-7]+)|(0|[1-9][0-9]*))");
    /// PyYAML's base-60 int and float forms (YAML 1.1), which it reads as numbers: `1:30` is 90.
    private static final Pattern SEXAGESIMAL = Pattern.compile(
            "[-+]?(?:[1-9][0-9_]*(?::[0-5]?[0-9])+|[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*)");
    /// Errors, and warnings, listed at most: a file under the size limit can hold tens of thousands of
    /// keys, and a problem per key would be megabytes of output that nobody reads; the rest are counted.
    static final int MAX_PROBLEMS = 100;

    /// The source names every configuration knows, sorted: the catalog's ids and aliases, the Python names, `all`.
    private static final String CATALOG_NAMES = String.join(", ", new java.util.TreeSet<>(knownSources(null)));

    private final List<ConfigProblem> errors = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();
    private final RefreshConfig.Builder builder = RefreshConfig.builder();

    private YamlConfigReader() {
    }

    /// How long a configuration that is not a regular file (a pipe, `--config <(...)`) may take to
    /// arrive whole: a pipe nothing writes to held `bsee refresh` and `bsee status` forever.
    static final Duration PIPE_WAIT = Duration.ofSeconds(10);

    /// The file's first bytes, one more than a configuration may hold: a device or a pipe
    /// (/dev/zero) has no size to check first.
    private static byte[] readBounded(Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(YamlTree.MAX_CODE_POINTS + 1);
        }
    }

    /// [#readBounded] on a thread of its own, waited for no longer than `wait`: opening a pipe blocks
    /// until something opens it to write, and reading it until that writer closes it. The thread
    /// left waiting is a daemon, and goes when the writer comes or the JVM ends.
    static byte[] readWithin(Path file, Duration wait) throws IOException {
        java.util.concurrent.CompletableFuture<byte[]> read = new java.util.concurrent.CompletableFuture<>();
        Thread.ofPlatform().daemon().name("bsee-config-read").start(() -> {
            try {
                read.complete(readBounded(file));
            } catch (IOException | RuntimeException e) {
                read.completeExceptionally(e);
            }
        });
        try {
            return read.get(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigProblem(ConfigProblem.WHOLE_FILE, 0, 0,
                    // Named by what it gives, not by what the path is: `<(command)` is a link to a pipe.
                    "no whole configuration came from it within " + dev.bsee.core.internal.MessageText.duration(wait)
                    + ": a pipe nothing writes to, or whose writer does not close it")));
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading " + file);
        }
    }

    /// Reads a configuration file (UTF-8).
    ///
    /// @param file the file
    /// @return the configuration
    /// @throws ConfigException when values are wrong
    /// @throws IOException when the file cannot be read
    public static RefreshConfig read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            // Reading one fails with the JDK's "Is a directory", which does not say which path.
            throw new ConfigException(file.toString(), List.of(new ConfigProblem(ConfigProblem.WHOLE_FILE, 0, 0,
                    "a folder, not a configuration file")));
        }
        // Bounded before reading: a configuration is a few kilobytes, and the text is held whole.
        long size = Files.size(file);
        if (size > YamlTree.MAX_CODE_POINTS) {
            throw tooLarge(file.toString(), MessageText.count(size, "byte"));
        }
        byte[] bytes = Files.isRegularFile(file) ? readBounded(file) : readWithin(file, PIPE_WAIT);
        if (bytes.length > YamlTree.MAX_CODE_POINTS) {
            throw tooLarge(file.toString(), "more than " + MessageText.count(YamlTree.MAX_CODE_POINTS, "byte"));
        }
        java.nio.ByteBuffer encoded = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(encoded, out, true);
        if (result.isError()) {
            // Where: the line and column (in bytes) of the first byte that is not UTF-8.
            int at = encoded.position();
            Location place = place(new String(bytes, 0, at, StandardCharsets.ISO_8859_1), at);
            throw new ConfigException(file.toString(), List.of(new ConfigProblem(ConfigProblem.WHOLE_FILE, place.line(),
                    place.column(), String.format("the file is not UTF-8 text: byte 0x%02X here (is it a"
                    + " configuration file? save it as UTF-8)", bytes[at] & 0xff))));
        }
        return read(out.flip().toString(), file.toString());
    }

    /// The line and column, from 1, of position `at` of `text`.
    private static Location place(String text, int at) {
        int lineStart = text.lastIndexOf('\n', at - 1) + 1;
        return new Location((int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1, at - lineStart + 1);
    }

    /// A YAML parser's message without the indented lines it adds (the place, a quote of the line and
    /// a caret under the column): the problem names the line and column already.
    private static String oneLine(String message) {
        return message == null ? "" : message.lines().filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .map(String::strip).collect(java.util.stream.Collectors.joining("; "));
    }

    private static ConfigException tooLarge(String name, String size) {
        return new ConfigException(name, List.of(new ConfigProblem(ConfigProblem.WHOLE_FILE, 0, 0, "the file has " + size
                + ", more than a configuration can (at most " + MessageText.number(YamlTree.MAX_CODE_POINTS) + ")")));
    }

    /// Reads configuration text.
    ///
    /// @param yaml the text
    /// @param name the name used in messages
    /// @return the configuration
    /// @throws ConfigException when values are wrong
    public static RefreshConfig read(String yaml, String name) throws ConfigException {
        if (yaml.length() > YamlTree.MAX_CODE_POINTS) {
            throw tooLarge(name, MessageText.count(yaml.length(), "character"));
        }
        // The YAML parser names the start of the document for these, not where they are.
        for (int i = 0; i < yaml.length(); i++) {
            char c = yaml.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == 0x7f) {
                Location place = place(yaml, i);
                throw new ConfigException(name, List.of(new ConfigProblem(ConfigProblem.WHOLE_FILE, place.line(),
                        place.column(), String.format("a control character (U+%04X) is not allowed in YAML", (int) c))));
            }
        }
        Optional<Node> root;
        try {
            root = YamlTree.parse(yaml);
        } catch (YamlTree.Refused e) {
            throw new ConfigException(name, List.of(new ConfigProblem(e.key(), e.at().line(), e.at().column(),
                    e.getMessage())));
        } catch (JacksonException e) {
            Location at = problemMark(e).orElseGet(() -> e.getLocation() == null ? new Location(0, 0)
                    : Location.of(e.getLocation()));
            String message = oneLine(e.getOriginalMessage());
            // A Windows path written in double quotes, as the Python system's files write them bare:
            // PyYAML refuses it too, and the parser's words do not say why.
            // `\o` is no escape (`found unknown escape character`), `\U` and `\x` ask for hexadecimal
            // digits (`expected escape sequence of 8 hexadecimal numbers`: "C:\Users").
            String hint = message.contains("escape character") || message.contains("escape sequence")
                    ? "; in double quotes a backslash starts an"
                    + " escape: write a Windows path in single quotes ('data\\modules\\bsee') or with forward slashes" : "";
            throw new ConfigException(name, List.of(new ConfigProblem(ConfigProblem.WHOLE_FILE, at.line(), at.column(),
                    "not valid YAML: " + message + hint)));
        } catch (IOException e) {
            throw new ConfigException(name, List.of(new ConfigProblem(ConfigProblem.WHOLE_FILE, 0, 0, e.getMessage())));
        }
        YamlConfigReader reader = new YamlConfigReader();
        root.ifPresent(reader::readRoot);
        if (!reader.errors.isEmpty()) {
            throw new ConfigException(name, firstInFileOrder(reader.errors, "errors"));
        }
        if (reader.legacyRefresh) {
            reader.warnings.addAll(reader.legacyOnlyWarnings);
        }
        return reader.builder.warnings(firstInFileOrder(reader.warnings, "warnings")).build();
    }

    /// Where the YAML parser met the problem, 1-based: Jackson's location is where the token it was
    /// reading began (a tab that indents line 2 was reported at line 1, column 5, after `data:`),
    /// SnakeYAML's problem mark where it went wrong, as PyYAML reports it.
    private static Optional<Location> problemMark(JacksonException e) {
        return dev.bsee.core.internal.Causes.of(e).stream()
                .filter(org.yaml.snakeyaml.error.MarkedYAMLException.class::isInstance)
                .map(cause -> ((org.yaml.snakeyaml.error.MarkedYAMLException) cause).getProblemMark())
                .filter(java.util.Objects::nonNull).findFirst()
                .map(mark -> new Location(mark.getLine() + 1, mark.getColumn() + 1));
    }

    /// The first [#MAX_PROBLEMS] problems in file order, then one that counts the rest.
    private static List<ConfigProblem> firstInFileOrder(List<ConfigProblem> problems, String kind) {
        // One lambda of this class's, not Comparator's combinators: their lambdas are spun when first
        // used (the ahead-of-time cache does not keep them), a few milliseconds of every refresh's start.
        problems.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line())
                : Integer.compare(a.column(), b.column()));
        if (problems.size() <= MAX_PROBLEMS) {
            return problems;
        }
        List<ConfigProblem> listed = new ArrayList<>(problems.subList(0, MAX_PROBLEMS));
        listed.add(new ConfigProblem(ConfigProblem.WHOLE_FILE, 0, 0, "and " + (problems.size() - MAX_PROBLEMS) + " more "
                + kind + ", not listed"));
        return listed;
    }

    private void readRoot(Node root) {
        if (!(root instanceof MapNode top)) {
            if (!(root instanceof Scalar scalar && scalar.isNull())) {
                error(ConfigProblem.WHOLE_FILE, root.at(), "expected a mapping of keys at the top level but found " + describe(root));
            }
            return;
        }
        duplicates(top, "");
        boolean enhancedModeKey = false;
        Map<String, Entry> entries = top.entries();
        Set<String> knownSources = knownSources(top);
        for (Entry entry : entries.values()) {
            switch (entry.key()) {
                case "data" -> readData(entry, knownSources);
                case "enhanced_mode" -> {
                    Optional<Boolean> on = bool(entry, "enhanced_mode");
                    enhancedModeKey = on.orElse(false);
                }
                case "parameters" -> readParameters(entry);
                case "processing" -> readProcessing(entry);
                case "cache" -> readCache(entry);
                case "sources" -> readSources(entry);
                case "site" -> readSite(entry);
                case "output" -> readOutput(entry);
                case "meta" -> readMeta(entry);
                default -> unknown(entry, "", TOP_LEVEL_KEYS);
            }
        }
        if (enhancedModeKey) {
            builder.enhancedRefresh(true);
        }
    }

    /// The catalog, for its aliases (`well` for `apd`).
    private static final SourceCatalog CATALOG = SourceCatalog.of();

    /// Warns that `entry` names, by another name, the source that `section.first` named already
    /// (`data.well` and `data.apd`), and what comes of it.
    private void sameSource(String section, String first, Entry entry, String outcome) {
        warn(section + "." + entry.key(), entry.keyAt(), section + "." + first + " and " + section + "." + entry.key()
                + " both name source " + CATALOG.canonicalId(entry.key()) + "; " + outcome);
    }

    private void readData(Entry data, Set<String> knownSources) {
        // Per source id, the first flag naming it: its key and value.
        java.util.Map<String, java.util.Map.Entry<String, Boolean>> flags = new java.util.HashMap<>();
        forEachEntry(data, "data", (entry, key) -> {
            if (entry.key().equals("refresh")) {
                bool(entry, key).ifPresent(on -> {
                    builder.legacyRefresh(on);
                    legacyRefresh = on;
                });
            } else if (ENHANCED_SWITCHES.contains(entry.key())) {
                bool(entry, key).ifPresent(on -> {
                    if (on) {
                        builder.enhancedRefresh(true);
                    }
                });
            } else if ((PYTHON_SOURCES.contains(entry.key()) || knownSources.contains(entry.key()))
                    && entry.key().matches(SOURCE_ID)) {
                // An id named under sources that is no id (`Rig`) is refused there, with its line.
                bool(entry, key).ifPresent(on -> {
                    builder.source(entry.key(), on);
                    java.util.Map.Entry<String, Boolean> first = flags.putIfAbsent(CATALOG.canonicalId(entry.key()),
                            java.util.Map.entry(entry.key(), on));
                    if (first != null && !first.getKey().equals(entry.key()) && first.getValue() != on) {
                        sameSource("data", first.getKey(), entry, "they disagree, and either being true runs it");
                    }
                });
            } else if (entry.value() instanceof Scalar scalar && isBoolean(scalar) && entry.key().matches(SOURCE_ID)) {
                boolean on = scalar.token() == JsonToken.VALUE_TRUE;
                // Turned on, it is a selection (a mistyped `prodution: true` must not run the default
                // sources instead). Turned off, a source no one names can be neither run nor left out:
                // kept, a Python key such as `debug: false` counted as a flag, and the default sources
                // no longer ran.
                if (on) {
                    builder.source(entry.key(), true);
                }
                // The catalog's names only: the ids this file names are known too, and listing them
                // in every such warning made the warnings grow with the square of the file.
                warn(key, entry.problemAt(), "no source '" + entry.key() + "' is known (known: "
                        + CATALOG_NAMES + ", or one named under sources or parameters.filepath); " + (on
                        ? "it runs only when sources." + entry.key() + ".url or parameters.filepath." + entry.key()
                                + ".zip names it"
                        : "false, it selects nothing and is ignored") + nearest(entry.key(), DATA_KEYS));
            } else if (entry.value() instanceof Scalar scalar && isBoolean(scalar) && scalar.token() == JsonToken.VALUE_TRUE) {
                // Turned on, but no id (`EOR`, `my source`): ignored with a warning, it left no flag
                // set, and the default sources ran in place of the one asked for. Turned off, it
                // changes nothing, and stays an unknown key's warning below.
                error(key, entry.keyAt(), "true, but '" + entry.key() + "' is neither a switch of data nor a source id"
                        + " (ids are lower-case letters, digits, '-' and '_')" + nearest(entry.key(), DATA_KEYS));
            } else {
                unknown(entry, "data.", DATA_KEYS);
            }
        });
    }

    private void readParameters(Entry parameters) {
        forEachEntry(parameters, "parameters", (entry, key) -> {
            if (!entry.key().equals("filepath")) {
                unknown(entry, "parameters.", List.of("filepath"));
                return;
            }
            // Per source id, the first key under parameters.filepath naming it.
            java.util.Map<String, String> named = new java.util.HashMap<>();
            forEachEntry(entry, key, (sourceEntry, sourceKey) -> {
                Optional<String> id = sourceId(sourceEntry, sourceKey);
                String canonical = CATALOG.canonicalId(sourceEntry.key());
                String first = named.putIfAbsent(canonical, sourceEntry.key());
                if (first != null && !first.equals(sourceEntry.key())) {
                    // As under sources: the id's own folders win over its alias's.
                    String alias = sourceEntry.key().equals(canonical) ? first : sourceEntry.key();
                    sameSource("parameters.filepath", first, sourceEntry, "parameters.filepath." + canonical
                            + " is used and parameters.filepath." + alias + " ignored");
                }
                Optional<Path> zip = Optional.empty();
                Optional<Path> bin = Optional.empty();
                if (sourceEntry.value() instanceof MapNode folders) {
                    duplicates(folders, sourceKey + ".");
                    for (Entry folder : folders.entries().values()) {
                        String folderKey = sourceKey + "." + folder.key();
                        switch (folder.key()) {
                            case "zip" -> zip = path(folder, folderKey);
                            case "bin" -> bin = path(folder, folderKey).filter(path -> {
                                Optional<String> why = SourcePlan.unusableBin(path);
                                why.ifPresent(w -> error(folderKey, folder.problemAt(), "expected " + w + " but found "
                                        + dev.bsee.core.internal.SafeText.escape(path.toString())));
                                return why.isEmpty();
                            });
                            default -> unknown(folder, sourceKey + ".", List.of("zip", "bin"));
                        }
                    }
                } else if (!isNull(sourceEntry.value())) {
                    wrongType(sourceEntry, sourceKey, "a mapping with zip and bin folders");
                }
                if (id.isPresent() && (zip.isPresent() || bin.isPresent())) {
                    Optional<Path> binFolder = bin;
                    zip.ifPresentOrElse(z -> builder.legacyFolders(id.get(), z, binFolder.orElse(null)), () -> {
                        builder.binFolder(id.get(), binFolder.orElseThrow());
                        legacyOnlyWarnings.add(new ConfigProblem(sourceKey, sourceEntry.keyAt().line(),
                                sourceEntry.keyAt().column(), "no zip folder given, so the legacy path has nothing to"
                                + " convert for this source; the enhanced path writes to its bin folder"));
                    });
                }
            });
        });
    }

    private void readProcessing(Entry processing) {
        RefreshConfig.Processing defaults = RefreshConfig.Processing.DEFAULTS;
        int retries = defaults.retries();
        boolean parallel = defaults.parallel();
        boolean inMemory = defaults.inMemory();
        int downloads = defaults.downloadsPerHost();
        for (Entry entry : children(processing, "processing")) {
            String key = "processing." + entry.key();
            switch (entry.key()) {
                case "retries" -> retries = wholeNumber(entry, key, 0, 100).map(Long::intValue).orElse(retries);
                case "parallel" -> parallel = bool(entry, key).orElse(parallel);
                case "in_memory" -> inMemory = bool(entry, key).orElse(inMemory);
                case "downloads_per_host" -> downloads = wholeNumber(entry, key, 1, 16).map(Long::intValue).orElse(downloads);
                default -> unknown(entry, "processing.", PROCESSING_KEYS);
            }
        }
        builder.processing(new RefreshConfig.Processing(retries, parallel, inMemory, downloads));
    }

    private void readCache(Entry cache) {
        RefreshConfig.Cache defaults = RefreshConfig.Cache.DEFAULTS;
        boolean enabled = defaults.enabled();
        Duration ttl = defaults.ttl();
        for (Entry entry : children(cache, "cache")) {
            String key = "cache." + entry.key();
            switch (entry.key()) {
                case "enabled" -> enabled = bool(entry, key).orElse(enabled);
                case "ttl_hours" -> {
                    Optional<BigDecimal> hours = number(entry, key);
                    if (hours.isPresent() && hours.get().signum() < 0) {
                        // As written: the plain form of -1e99999999 has a hundred million digits.
                        error(key, entry.problemAt(), "must not be negative: " + ((Scalar) entry.value()).text());
                    } else if (hours.isPresent()) {
                        try {
                            ttl = DurationText.ofHours(hours.get(), ((Scalar) entry.value()).text());
                        } catch (IllegalArgumentException e) {
                            error(key, entry.problemAt(), e.getMessage());
                        }
                    }
                }
                default -> unknown(entry, "cache.", List.of("enabled", "ttl_hours"));
            }
        }
        builder.cache(new RefreshConfig.Cache(enabled, ttl));
    }

    private void readSources(Entry sources) {
        // Per source id, the first key under sources naming it.
        java.util.Map<String, String> named = new java.util.HashMap<>();
        forEachEntry(sources, "sources", (sourceEntry, sourceKey) -> {
            Optional<String> id = sourceId(sourceEntry, sourceKey);
            String canonical = CATALOG.canonicalId(sourceEntry.key());
            String first = named.putIfAbsent(canonical, sourceEntry.key());
            if (first != null && !first.equals(sourceEntry.key())) {
                // The id's own settings win over its alias's (SourcePlan looks the id up first).
                String alias = sourceEntry.key().equals(canonical) ? first : sourceEntry.key();
                sameSource("sources", first, sourceEntry, "sources." + canonical + " is used and sources." + alias
                        + " ignored");
            }
            Optional<URI> url = Optional.empty();
            Optional<Duration> timeout = Optional.empty();
            Optional<String> output = Optional.empty();
            Optional<Set<String>> expected = Optional.empty();
            Set<Integer> years = Set.of();
            if (sourceEntry.value() instanceof MapNode settings) {
                duplicates(settings, sourceKey + ".");
                for (Entry entry : settings.entries().values()) {
                    String key = sourceKey + "." + entry.key();
                    switch (entry.key()) {
                        case "url" -> url = url(entry, key);
                        case "timeout" -> timeout = duration(entry, key);
                        case "output" -> output = subdirectory(entry, key);
                        case "entries" -> expected = names(entry, key);
                        case "years" -> years = years(entry, key, id.orElse(""));
                        default -> unknownOfSource(entry, sourceKey + ".");
                    }
                }
            } else if (!isNull(sourceEntry.value())) {
                wrongType(sourceEntry, sourceKey, "a mapping with url, timeout, output, entries or years");
            }
            if (id.isPresent()) {
                builder.sourceSettings(id.get(), new RefreshConfig.SourceSettings(url.orElse(null),
                        timeout.orElse(null), output.orElse(null), expected.orElse(null), years));
            }
        });
    }

    private void readSite(Entry site) {
        for (Entry entry : children(site, "site")) {
            String key = "site." + entry.key();
            if (entry.key().equals("base_url")) {
                text(entry, key).ifPresent(text -> {
                    try {
                        URI address = new URI(text.strip());
                        Optional<String> unusable = HttpAddresses.unusableServer(address);
                        if (unusable.isPresent()) {
                            error(key, entry.problemAt(), unusable.get());
                            return;
                        }
                        builder.site(address);
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        error(key, entry.problemAt(), "expected an absolute http or https address but found \"" + text + "\"");
                    }
                });
            } else {
                unknown(entry, "site.", List.of("base_url"));
            }
        }
    }

    /// `sources.<id>.entries`: `.bin` base names, as a list or one comma-separated text; a trailing
    /// `.bin` or `.txt` is dropped, so names can be copied from a folder listing.
    private Optional<Set<String>> names(Entry entry, String key) {
        List<Node> items = entry.value() instanceof ListNode list ? list.items() : List.of(entry.value());
        Set<String> names = new LinkedHashSet<>();
        for (Node item : items) {
            if (item instanceof Scalar scalar && !scalar.isNull() && !isBoolean(scalar)) {
                for (String name : scalar.text().split(",")) {
                    String base = name.strip().replaceFirst("(?i)\\.(bin|txt)$", "");
                    if (base.isEmpty()) {
                        continue;
                    }
                    // A name the folder's files cannot have: a path, a hidden name, control characters.
                    if (!OutputFolder.isPlainBinName(base + ".bin")) {
                        error(key, scalar.at(), "expected entry names (the names of .bin files without"
                                + " \".bin\", such as mv_apddata_all) but found \"" + SafeText.escape(base) + "\"");
                        return Optional.empty();
                    }
                    names.add(base);
                }
            } else if (!isNull(item)) {
                wrongItem(entry, item, key, "entry names (a list, or text separated by commas)");
                return Optional.empty();
            }
        }
        return isNull(entry.value()) ? Optional.empty() : Optional.of(names);
    }

    /// A year or a range of years, as `sources.<id>.years` holds them.
    private static final Pattern YEARS = Pattern.compile("\\s*(\\d{4})\\s*(?:-\\s*(\\d{4})\\s*)?");

    /// `sources.<id>.years`: a year (`2019`), a range (`"2019-2020"`), or a list of both.
    private Set<Integer> years(Entry entry, String key, String id) {
        List<Node> items = entry.value() instanceof ListNode list ? list.items() : List.of(entry.value());
        // Four digits a year: a set of bits, which a range fills a word at a time. Added a year at a
        // time to a sorted set, a file of 80,000 ranges "0000-9999" took 50 s to read.
        java.util.BitSet given = new java.util.BitSet(10_000);
        for (Node item : items) {
            if (!(item instanceof Scalar scalar) || scalar.isNull() || isBoolean(scalar)) {
                if (!isNull(item)) {
                    wrongItem(entry, item, key, "a year, a range such as \"2019-2020\", or a list of them");
                }
                continue;
            }
            java.util.regex.Matcher range = YEARS.matcher(scalar.text());
            if (!range.matches()) {
                error(key, entry.problemAt(), "expected a year or a range such as 2019-2020 but found \"" + scalar.text() + "\"");
                continue;
            }
            int from = Integer.parseInt(range.group(1));
            int to = range.group(2) == null ? from : Integer.parseInt(range.group(2));
            if (to < from) {
                error(key, entry.problemAt(), "the range " + scalar.text() + " ends before it starts");
                continue;
            }
            given.set(from, to + 1);
        }
        Set<Integer> years = new java.util.TreeSet<>();
        given.stream().forEach(years::add);
        boolean yearly = CATALOG.find(id).flatMap(dev.bsee.core.BseeSource::yearly).isPresent();
        if (!yearly && !years.isEmpty()) {
            warn(key, entry.keyAt(), "only a yearly series (" + String.join(", ", SourceCatalog.of().sources().stream()
                    .filter(s -> s.yearly().isPresent()).map(dev.bsee.core.BseeSource::id).toList())
                    + ") has years; ignored for " + id);
            return Set.of();
        }
        int first = CATALOG.find(id).flatMap(dev.bsee.core.BseeSource::yearly).map(YearlySeries::firstYear)
                .orElse(Integer.MIN_VALUE);
        List<Integer> outside = years.stream().filter(year -> year < first || year > java.time.Year.now().getValue()).toList();
        if (yearly && !outside.isEmpty()) {
            // A year the series does not publish matches no archive: the source would download fewer
            // years than the file seems to ask for, without a word.
            warn(key, entry.keyAt(), "the series " + id + " has the years " + first + " to this year; "
                    + (outside.size() == 1 ? "year " + outside.getFirst() + " is" : "years "
                    + outside.stream().limit(10).map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                    + (outside.size() > 10 ? " and " + (outside.size() - 10) + " more" : "") + " are")
                    + " outside it and ignored");
        }
        return years;
    }

    private void readOutput(Entry output) {
        Optional<Path> base = Optional.empty();
        PickleDialect dialect = RefreshConfig.Output.DEFAULTS.dialect();
        for (Entry entry : children(output, "output")) {
            String key = "output." + entry.key();
            switch (entry.key()) {
                case "base_dir" -> base = path(entry, key);
                case "dialect" -> dialect = text(entry, key).flatMap(text -> dialect(entry, key, text)).orElse(dialect);
                default -> unknown(entry, "output.", List.of("base_dir", "dialect"));
            }
        }
        builder.output(new RefreshConfig.Output(base.orElse(null), dialect));
    }

    private Optional<PickleDialect> dialect(Entry entry, String key, String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "portable" -> Optional.of(PickleDialect.PORTABLE);
            case "numpy2" -> Optional.of(PickleDialect.NUMPY2);
            default -> {
                error(key, entry.problemAt(), "expected portable or numpy2 but found \"" + text + "\"");
                yield Optional.empty();
            }
        };
    }

    private void readMeta(Entry meta) {
        if (meta.value() instanceof MapNode map) {
            // Warned of as under every other key: the later value went in without a word.
            duplicates(map, "meta.");
            for (Entry entry : map.entries().values()) {
                plain(entry.value(), "meta." + entry.key()).ifPresent(value -> builder.meta(entry.key(), value));
            }
        } else if (!isNull(meta.value())) {
            wrongType(meta, "meta", "a mapping");
        }
    }

    /// The `meta` values as plain Java: strings, numbers, booleans, lists and maps (nulls dropped).
    ///
    /// @param key the node's key, for the warning of a key given twice in a mapping below it
    private Optional<Object> plain(Node node, String key) {
        return switch (node) {
            case Scalar scalar -> switch (scalar.token()) {
                case VALUE_NULL -> Optional.empty();
                case VALUE_TRUE -> Optional.of(Boolean.TRUE);
                case VALUE_FALSE -> Optional.of(Boolean.FALSE);
                case VALUE_NUMBER_INT -> Optional.of(integer(scalar.text()).<Object>map(YamlConfigReader::toWhole)
                        .orElse(scalar.text()));
                case VALUE_NUMBER_FLOAT -> Optional.of(floating(scalar.text()).<Object>map(d -> d).orElse(scalar.text()));
                default -> Optional.of(scalar.text());
            };
            case ListNode list -> Optional.of(Collections.unmodifiableList(
                    list.items().stream().map(item -> plain(item, key)).flatMap(Optional::stream).toList()));
            case MapNode map -> {
                Map<String, Object> values = new LinkedHashMap<>();
                // Warned of at every depth, as at the top of meta: the later value went in without a word.
                duplicates(map, key + ".");
                map.entries().values().forEach(e -> plain(e.value(), key + "." + e.key()).ifPresent(v -> values.put(e.key(), v)));
                yield Optional.of(Collections.unmodifiableMap(values));
            }
        };
    }

    private static Number toWhole(BigInteger value) {
        return value.bitLength() < Long.SIZE ? value.longValue() : value;
    }

    /// A whole number as PyYAML reads one (YAML 1.1): decimal, `0x` hexadecimal, `0b` binary, a
    /// leading `0` octal, `_` ignored, an optional sign; empty when the text is none of them.
    static Optional<BigInteger> integer(String text) {
        Matcher m = INTEGER.matcher(text.replace("_", ""));
        if (!m.matches()) {
            return Optional.empty();
        }
        String sign = m.group(1) == null ? "" : m.group(1);
        BigInteger value = m.group(2) != null ? new BigInteger(m.group(2), 2)
                : m.group(3) != null ? new BigInteger(m.group(3), 16)
                : m.group(4) != null ? new BigInteger(m.group(4), 8)
                : new BigInteger(m.group(5));
        return Optional.of(sign.equals("-") ? value.negate() : value);
    }

    /// A YAML float's exact value (`1_000.5`, `.5`, `1.0e-9`); empty for `.inf` and `.nan`.
    private static Optional<BigDecimal> decimal(String text) {
        return DurationText.decimal(text.replace("_", ""));
    }

    /// A base-60 number as PyYAML (YAML 1.1) reads one: `1:30` is 90, `1:30.5` 90.5, `-1:00` -60;
    /// empty when the text is not one.
    static Optional<BigDecimal> sexagesimal(String text) {
        // The pattern matches its `:NN` parts by recursion: thousands of them overflowed the stack.
        // No number of seconds needs more than a few.
        if (text.length() > DurationText.MAX_TEXT || !SEXAGESIMAL.matcher(text).matches()) {
            return Optional.empty();
        }
        String digits = text.replace("_", "");
        boolean negative = digits.startsWith("-");
        BigDecimal value = BigDecimal.ZERO;
        for (String part : digits.replaceFirst("^[-+]", "").split(":")) {
            value = value.multiply(BigDecimal.valueOf(60)).add(new BigDecimal(part.endsWith(".") ? part + "0" : part));
        }
        return Optional.of(negative ? value.negate() : value);
    }

    /// A floating-point number as PyYAML reads one, `.inf` and `.nan` included; empty when the text
    /// is not one.
    static Optional<Double> floating(String text) {
        String value = text.replace("_", "");
        String magnitude = value.startsWith("-") || value.startsWith("+") ? value.substring(1) : value;
        if (magnitude.equalsIgnoreCase(".inf")) {
            return Optional.of(value.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (value.equalsIgnoreCase(".nan")) {
            return Optional.of(Double.NaN);
        }
        try {
            return Optional.of(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /// Ids of the sources named anywhere in the file (or only the catalog's and Python's, for none),
    /// so `data.<id>` can be checked against them.
    private static Set<String> knownSources(MapNode top) {
        Set<String> ids = new LinkedHashSet<>(PYTHON_SOURCES);
        SourceCatalog.of().sources().forEach(s -> ids.add(s.id()));
        ids.addAll(SourceCatalog.of().aliases().keySet());
        if (top == null) {
            return ids;
        }
        childMap(top, "sources").ifPresent(m -> ids.addAll(m.entries().keySet()));
        childMap(top, "parameters").flatMap(p -> childMap(p, "filepath"))
                .ifPresent(m -> ids.addAll(m.entries().keySet()));
        return ids;
    }

    private static Optional<MapNode> childMap(MapNode map, String key) {
        Entry entry = map.entries().get(key);
        return entry != null && entry.value() instanceof MapNode child ? Optional.of(child) : Optional.empty();
    }

    // ---- typed values ------------------------------------------------------------------------

    private void forEachEntry(Entry parent, String key, BiConsumer<Entry, String> action) {
        for (Entry entry : children(parent, key)) {
            action.accept(entry, key + "." + entry.key());
        }
    }

    /// The entries of a mapping value; none (and an error) when the value is not a mapping.
    private List<Entry> children(Entry parent, String key) {
        if (parent.value() instanceof MapNode map) {
            duplicates(map, key + ".");
            return List.copyOf(map.entries().values());
        }
        if (!isNull(parent.value())) {
            wrongType(parent, key, "a mapping");
        }
        return List.of();
    }

    private Optional<String> sourceId(Entry entry, String key) {
        if (entry.key().matches(SOURCE_ID)) {
            return Optional.of(entry.key());
        }
        error(key, entry.keyAt(), "a source id must be lower-case letters, digits, '-' or '_'");
        return Optional.empty();
    }

    private Optional<Boolean> bool(Entry entry, String key) {
        if (entry.value() instanceof Scalar scalar) {
            if (isBoolean(scalar)) {
                return Optional.of(scalar.token() == JsonToken.VALUE_TRUE);
            }
            if (scalar.isNull()) {
                return Optional.empty();
            }
        }
        wrongType(entry, key, "true or false");
        return Optional.empty();
    }

    private Optional<Long> wholeNumber(Entry entry, String key, long min, long max) {
        Optional<BigInteger> whole = entry.value() instanceof Scalar scalar && scalar.token() == JsonToken.VALUE_NUMBER_INT
                ? integer(scalar.text()) : Optional.empty();
        if (whole.isPresent() && entry.value() instanceof Scalar scalar) {
            BigInteger value = whole.get();
            if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
                error(key, entry.problemAt(), "must be between " + min + " and " + max + " but is " + scalar.text());
                return Optional.empty();
            }
            return Optional.of(value.longValue());
        }
        if (isNull(entry.value())) {
            return Optional.empty();
        }
        wrongType(entry, key, "a whole number");
        return Optional.empty();
    }

    private Optional<BigDecimal> number(Entry entry, String key) {
        if (entry.value() instanceof Scalar scalar && (scalar.token() == JsonToken.VALUE_NUMBER_INT
                || scalar.token() == JsonToken.VALUE_NUMBER_FLOAT)) {
            try {
                return Optional.of(scalar.token() == JsonToken.VALUE_NUMBER_INT
                        ? new BigDecimal(integer(scalar.text()).orElseThrow(NumberFormatException::new))
                        : new BigDecimal(scalar.text().replace("_", "")));
            } catch (NumberFormatException e) {
                error(key, entry.problemAt(), "expected a finite number but found " + scalar.text());
                return Optional.empty();
            }
        }
        if (isNull(entry.value())) {
            return Optional.empty();
        }
        wrongType(entry, key, "a number");
        return Optional.empty();
    }

    /// A scalar's text: strings, and numbers written where text is meant (a folder called `2024`).
    private Optional<String> text(Entry entry, String key) {
        if (entry.value() instanceof Scalar scalar && switch (scalar.token()) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> true;
            default -> false;
        }) {
            return Optional.of(scalar.text());
        }
        if (isNull(entry.value())) {
            return Optional.empty();
        }
        wrongType(entry, key, "text");
        return Optional.empty();
    }

    private Optional<Path> path(Entry entry, String key) {
        return text(entry, key).flatMap(text -> {
            try {
                return Optional.of(ConfigPaths.parse(text));
            } catch (IllegalArgumentException e) {
                error(key, entry.problemAt(), e.getMessage());
                return Optional.empty();
            }
        });
    }

    private Optional<URI> url(Entry entry, String key) {
        return text(entry, key).flatMap(text -> {
            try {
                URI uri = new URI(text.trim());
                Optional<String> unusable = HttpAddresses.unusableServer(uri);
                if (unusable.isPresent()) {
                    error(key, entry.problemAt(), unusable.get());
                    return Optional.empty();
                }
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                boolean relative = uri.getScheme() == null && uri.getRawAuthority() == null
                        && !Optional.ofNullable(uri.getRawPath()).orElse("").isEmpty();
                if (!relative && (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null)) {
                    error(key, entry.problemAt(), "expected an http or https address, or a path relative to"
                            + " site.base_url, but found \"" + text + "\"");
                    return Optional.empty();
                }
                return Optional.of(uri);
            } catch (URISyntaxException e) {
                error(key, entry.problemAt(), "not an address: " + e.getMessage());
                return Optional.empty();
            }
        });
    }

    private Optional<Duration> duration(Entry entry, String key) {
        if (entry.value() instanceof Scalar scalar && (scalar.token() == JsonToken.VALUE_NUMBER_INT
                || scalar.token() == JsonToken.VALUE_NUMBER_FLOAT || scalar.token() == JsonToken.VALUE_STRING)) {
            try {
                // A plain number is seconds as PyYAML reads the number: `010` is 8, `0x10` 16, `1_0`
                // 10, `.5` a half. Taken as text, `010` was ten seconds and `0x10` refused.
                // Base 60 (`1:30`) comes as whichever token the parser's resolver makes of it.
                // The number goes to the duration as it is: written out, `1.0e-99999999` would be a
                // hundred million digits.
                Optional<BigDecimal> seconds = sexagesimal(scalar.text()).or(() -> switch (scalar.token()) {
                    case VALUE_NUMBER_INT -> integer(scalar.text()).map(BigDecimal::new);
                    case VALUE_NUMBER_FLOAT -> decimal(scalar.text());
                    default -> Optional.empty();
                });
                Duration duration = seconds.isPresent() ? DurationText.ofSeconds(seconds.get(), scalar.text())
                        : DurationText.parse(scalar.text());
                // A positive number below a nanosecond (`1e-10`) is a duration of zero, but positive.
                boolean positive = seconds.map(value -> value.signum() > 0).orElse(!duration.isZero() && !duration.isNegative());
                if (!positive) {
                    error(key, entry.problemAt(), "must be positive but is " + scalar.text());
                    return Optional.empty();
                }
                // Below a millisecond every attempt fails at once ("no response within 0 ms").
                if (duration.compareTo(Duration.ofMillis(1)) < 0) {
                    error(key, entry.problemAt(), "must be at least 1 ms but is " + scalar.text());
                    return Optional.empty();
                }
                return Optional.of(duration);
            } catch (IllegalArgumentException e) {
                error(key, entry.problemAt(), e.getMessage());
                return Optional.empty();
            }
        }
        if (isNull(entry.value())) {
            return Optional.empty();
        }
        wrongType(entry, key, "seconds or a duration such as 10m");
        return Optional.empty();
    }

    private Optional<String> subdirectory(Entry entry, String key) {
        return text(entry, key).flatMap(text -> {
            String name = text.strip().replace('\\', '/').replaceAll("/+$", "");
            try {
                new RefreshConfig.SourceSettings(null, null, name);
                return Optional.of(name);
            } catch (IllegalArgumentException e) {
                error(key, entry.problemAt(), e.getMessage());
                return Optional.empty();
            }
        });
    }

    private static boolean isBoolean(Scalar scalar) {
        return scalar.token() == JsonToken.VALUE_TRUE || scalar.token() == JsonToken.VALUE_FALSE;
    }

    private static boolean isNull(Node node) {
        return node instanceof Scalar scalar && scalar.isNull();
    }

    // ---- problems ------------------------------------------------------------------------------

    private void duplicates(MapNode map, String prefix) {
        for (Entry duplicate : map.duplicates()) {
            // Said where the ignored value stands, naming the line of the one that counts.
            warn(prefix + duplicate.key(), duplicate.keyAt(), "given twice; this value is ignored, the one at line "
                    + map.entries().get(duplicate.key()).keyAt().line() + " is used");
        }
    }

    /// The keys a configuration's top level has.
    private static final List<String> TOP_LEVEL_KEYS = List.of("data", "enhanced_mode", "parameters", "processing",
            "cache", "sources", "site", "output", "meta");

    /// The keys under `data:` a mistyped one may have meant: the switches of each path and the
    /// catalog's sources. Not the ids the file itself names: a file of tens of thousands of unknown
    /// keys would compare each with all the others.
    private static final java.util.Set<String> DATA_KEYS;

    static {
        java.util.Set<String> keys = new java.util.TreeSet<>(knownSources(null));
        keys.add("refresh");
        keys.addAll(ENHANCED_SWITCHES);
        keys.addAll(PYTHON_SOURCES);
        DATA_KEYS = java.util.Collections.unmodifiableSet(keys);
    }

    /// `; did you mean `KEY`?` when `key` is near one of `known`, else nothing.
    private static String nearest(String key, java.util.Collection<String> known) {
        if (key.length() > 64) {
            // Near no known key, and costly to compare: a key can be a line of any length.
            return "";
        }
        return dev.bsee.core.internal.NearestWord.closest(key, known).map(match -> "; did you mean `" + match + "`?").orElse("");
    }

    /// The keys under `processing`.
    private static final List<String> PROCESSING_KEYS = List.of("retries", "parallel", "in_memory", "downloads_per_host");

    /// A key under `sources.<id>` that is none of a source's: one of `processing`'s is named there
    /// (`sources.eor.retries` got "did you mean `entries`?"; retries are set for every source).
    private void unknownOfSource(Entry entry, String prefix) {
        if (PROCESSING_KEYS.contains(entry.key())) {
            warn(prefix + entry.key(), entry.keyAt(), "unknown key, ignored: a source has no " + entry.key()
                    + " of its own; processing." + entry.key() + " sets it for every source");
            return;
        }
        unknown(entry, prefix, List.of("url", "timeout", "output", "entries", "years"));
    }

    private void unknown(Entry entry, String prefix, java.util.Collection<String> known) {
        warn(prefix + entry.key(), entry.keyAt(), "unknown key, ignored" + nearest(entry.key(), known));
    }

    private void wrongType(Entry entry, String key, String expected) {
        error(key, entry.problemAt(), "expected " + expected + " but found " + describe(entry.value()));
    }

    /// A list's item of the wrong type is named where it is: "expected entry names (a list, ...) but
    /// found a list" named the list the key asks for, not the item in it.
    private void wrongItem(Entry entry, Node item, String key, String expected) {
        if (entry.value() instanceof ListNode && item != entry.value()) {
            error(key, item.at(), "expected " + expected + " but found " + describe(item) + " in the list");
        } else {
            wrongType(entry, key, expected);
        }
    }

    private static String describe(Node node) {
        return switch (node) {
            case MapNode map -> "a mapping";
            case ListNode list -> "a list";
            case Scalar scalar -> switch (scalar.token()) {
                case VALUE_TRUE, VALUE_FALSE -> "the boolean " + scalar.text();
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + scalar.text();
                case VALUE_NULL -> "nothing";
                default -> "\"" + scalar.text() + "\"";
            };
        };
    }

    /// Problems quote values, and a value may be an address with a password in it, which is shown
    /// nowhere (`https://***@host/...`); the same for warnings.
    private void error(String key, Location at, String message) {
        errors.add(new ConfigProblem(key, at.line(), at.column(), SafeText.withoutUserInfo(message)));
    }

    /// `data.refresh`, as read: the warnings about the legacy path alone are said only when it runs
    /// (a bin folder without a zip folder warned of the legacy path in a file that leaves it off).
    private boolean legacyRefresh;
    private final List<ConfigProblem> legacyOnlyWarnings = new ArrayList<>();

    private void warn(String key, Location at, String message) {
        warnings.add(new ConfigProblem(key, at.line(), at.column(), SafeText.withoutUserInfo(message)));
    }
}
