package dev.bsee.bridge;

import dev.bsee.binary.PickleDialect;
import dev.bsee.bridge.internal.YamlConfigReader;
import dev.bsee.core.SourceCatalog;
import dev.bsee.core.internal.OptionChecks;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/// What a refresh does: which paths run, which sources, where outputs go and how hard to try.
///
/// Read it from the Python system's YAML files with [#fromYaml(Path)] (see `docs/configuration.md`
/// for every key), or build it in Java:
///
/// ```java
/// RefreshConfig config = RefreshConfig.builder()
///         .enhancedRefresh(true)
///         .source("well", true)
///         .source("production", true)
///         .processing(new RefreshConfig.Processing(3, false, true))
///         .build();
/// ```
///
/// Paths are kept as written (backslashes of Windows files turned into separators); relative ones
/// resolve against the output base directory when the refresh runs.
///
/// @param legacyRefresh `data.refresh`: convert the local zip folders of `parameters.filepath`
/// @param enhancedRefresh `data.enhanced_refresh` (or `enhanced_mode`, `data.enhanced`,
///                        `data.fresh_data`): download the sources and convert them
/// @param sourceFlags `data.<source>`: which sources take part; a source set to false never runs,
///                    and when no source is set every source with what its path needs runs
/// @param legacyFolders `parameters.filepath.<source>`: zip folder and output folder per source
/// @param processing `processing`: retries and how entries are processed
/// @param cache `cache`: conditional downloads
/// @param sources `sources.<id>`: address, timeout, output subdirectory, expected entries and years
///                per source (keyed as written: `well` and `apd` both name the catalog's `apd`)
/// @param site `site.base_url`: the site every catalog address is relative to (a mirror, a proxy);
///             [SourceCatalog#SITE] by default
/// @param output `output`: base directory and pickle dialect
/// @param meta `meta`: free-form values, kept as read (strings, numbers, booleans, lists, maps)
/// @param warnings keys that were not understood (empty for a configuration built in Java)
public record RefreshConfig(boolean legacyRefresh, boolean enhancedRefresh, Map<String, Boolean> sourceFlags,
                            Map<String, LegacyFolders> legacyFolders, Processing processing, Cache cache,
                            Map<String, SourceSettings> sources, URI site, Output output, Map<String, Object> meta,
                            List<ConfigProblem> warnings) {

    /// Validates and copies the configuration.
    public RefreshConfig {
        sourceFlags = Map.copyOf(Objects.requireNonNull(sourceFlags, "sourceFlags"));
        legacyFolders = Map.copyOf(Objects.requireNonNull(legacyFolders, "legacyFolders"));
        Objects.requireNonNull(processing, "processing");
        Objects.requireNonNull(cache, "cache");
        sources = Map.copyOf(Objects.requireNonNull(sources, "sources"));
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(output, "output");
        meta = frozenMap("meta", Objects.requireNonNull(meta, "meta"));
        warnings = OptionChecks.listOf("warnings", warnings);
    }

    /// `values` copied all the way down, unmodifiable, so that a configuration does not change when a
    /// list or map given to [Builder#meta(String, Object)] is changed afterwards; a value that is
    /// none of the types `meta` holds (what YAML reads: strings, numbers, booleans, lists and maps)
    /// is refused naming its key.
    private static Map<String, Object> frozenMap(String key, Map<?, ?> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            String path = key + "." + Objects.requireNonNull(name, key + " has a null key");
            copy.put(name.toString(), frozen(path, Objects.requireNonNull(value, path + " is null")));
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    private static Object frozen(String key, Object value) {
        return switch (value) {
            case String text -> text;
            case Boolean bool -> bool;
            case Number number -> number;
            case List<?> list -> {
                List<Object> copy = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    String path = key + "[" + i + "]";
                    copy.add(frozen(path, Objects.requireNonNull(list.get(i), path + " is null")));
                }
                yield java.util.Collections.unmodifiableList(copy);
            }
            case Map<?, ?> map -> frozenMap(key, map);
            default -> throw new IllegalArgumentException(dev.bsee.core.internal.SafeText.escape(key)
                    + ": expected a string, number, boolean, list or map but found a " + value.getClass().getName());
        };
    }

    /// Reads a YAML configuration file: the Python system's `data_refresh.yml` and
    /// `data_refresh_enhanced.yml` as they are, plus the keys only this SDK knows.
    ///
    /// @param file the YAML file
    /// @return the configuration, with unknown keys in [#warnings()]
    /// @throws ConfigException when a value has the wrong type or the text is not YAML (naming key and line)
    /// @throws IOException when the file cannot be read
    public static RefreshConfig fromYaml(Path file) throws IOException {
        return YamlConfigReader.read(java.util.Objects.requireNonNull(file, "file"));
    }

    /// Reads YAML configuration text.
    ///
    /// @param yaml the text
    /// @param name what to call it in messages, e.g. a file name
    /// @return the configuration
    /// @throws ConfigException when a value has the wrong type or the text is not YAML
    public static RefreshConfig fromYaml(String yaml, String name) throws ConfigException {
        java.util.Objects.requireNonNull(yaml, "yaml");
        java.util.Objects.requireNonNull(name, "name");
        return YamlConfigReader.read(yaml, name);
    }

    /// A builder starting from the defaults: no path runs, no source flags, 3 retries, caching off.
    ///
    /// @return the builder
    public static Builder builder() {
        return new Builder();
    }

    /// The parts, for messages and debugging, with the site's user info (`user:password@`) left out
    /// as every message and report leaves it out (the sources' addresses are left out by
    /// [SourceSettings#toString()]).
    ///
    /// @return the text
    @Override
    public String toString() {
        return "RefreshConfig[legacyRefresh=" + legacyRefresh + ", enhancedRefresh=" + enhancedRefresh
                + ", sourceFlags=" + sourceFlags + ", legacyFolders=" + legacyFolders + ", processing=" + processing
                + ", cache=" + cache + ", sources=" + sources + ", site=" + dev.bsee.core.internal.SafeText.url(site) + ", output=" + output
                + ", meta=" + meta + ", warnings=" + warnings + "]";
    }

    /// A builder starting from this configuration.
    ///
    /// @return the builder
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.legacyRefresh = legacyRefresh;
        builder.enhancedRefresh = enhancedRefresh;
        builder.sourceFlags.putAll(sourceFlags);
        builder.legacyFolders.putAll(legacyFolders);
        builder.processing = processing;
        builder.cache = cache;
        builder.sources.putAll(sources);
        builder.site = site;
        builder.output = output;
        builder.meta.putAll(meta);
        builder.warnings = warnings;
        return builder;
    }

    /// `processing`: how hard to try and how to process entries.
    ///
    /// @param retries attempts after the first for a failed download (0 tries once)
    /// @param parallel process the entries of a seekable archive in parallel
    /// @param inMemory never keep a downloaded archive on disk (streams the body; a dropped
    ///                 connection then restarts or resumes the download instead of reading a spool)
    /// @param downloadsPerHost how many archives download from one host at once (1 to 16)
    public record Processing(int retries, boolean parallel, boolean inMemory, int downloadsPerHost) {
        /// Three downloads from one host at once: several archives overlap their transfers and
        /// conversions, and the data center sees no more than a browser's handful of connections.
        public static final int DEFAULT_DOWNLOADS_PER_HOST = 3;

        /// Three retries, sequential, in memory, three downloads per host.
        public static final Processing DEFAULTS = new Processing(3, false, true, DEFAULT_DOWNLOADS_PER_HOST);

        /// Validates the settings.
        public Processing {
            if (retries < 0 || retries > 100) {
                throw new IllegalArgumentException("retries must be between 0 and 100: " + retries);
            }
            if (downloadsPerHost < 1 || downloadsPerHost > 16) {
                throw new IllegalArgumentException("downloads per host must be between 1 and 16: " + downloadsPerHost);
            }
        }

        /// The settings with [#DEFAULT_DOWNLOADS_PER_HOST] downloads per host.
        ///
        /// @param retries attempts after the first
        /// @param parallel process entries in parallel
        /// @param inMemory never keep an archive on disk
        public Processing(int retries, boolean parallel, boolean inMemory) {
            this(retries, parallel, inMemory, DEFAULT_DOWNLOADS_PER_HOST);
        }
    }

    /// `cache`: conditional downloads with the ETag and Last-Modified the server sent last time.
    ///
    /// @param enabled ask the server whether a source changed and skip it when not
    /// @param ttl how long a source counts as fresh without asking at all; zero or more, at most 292 years
    ///            (`Duration.ofNanos(Long.MAX_VALUE)`, as `cache.ttl_hours`)
    public record Cache(boolean enabled, Duration ttl) {
        /// Caching off; a day of freshness when it is turned on.
        public static final Cache DEFAULTS = new Cache(false, Duration.ofHours(24));

        /// Validates the settings.
        public Cache {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("cache ttl must not be negative: " + ttl);
            }
            // As long as cache.ttl_hours may be: the expiry is the last check plus the ttl.
            dev.bsee.core.internal.OptionChecks.atMostLongest("cache ttl", ttl);
        }
    }

    /// `parameters.filepath.<source>`: the legacy path's folders.
    public static final class LegacyFolders {

        private final Path zip;  // null: absent
        private final Path bin;  // null: absent

        /// The folders; absent ones are null.
        ///
        /// @param zip the folder of zip archives (or one zip file) the legacy path converts, or null when absent
        /// @param bin the folder the source's `.bin` files go to, instead of `data/modules/bsee/bin/<subdirectory>`, or
        ///     null when absent
        /// @throws IllegalArgumentException when `bin` lies in the tool's bookkeeping (`.bsee`) or a
        ///     convert's temporaries, or is `data/modules/bsee/bin` itself, or either path holds a
        ///     control character, starts with `~` or names an environment variable (`$HOME`), which
        ///     nothing expands
        public LegacyFolders(Path zip, Path bin) {
            // What parameters.filepath.<id>.zip|bin refuse in a file, refused in Java too: the folder
            // would be made with a line break in its name, or named `~`.
            for (Path given : new Path[] {zip, bin}) {
                if (given != null) {
                    dev.bsee.bridge.internal.ConfigPaths.unusable(given).ifPresent(why -> {
                        throw new IllegalArgumentException("expected " + why + " but found "
                                + dev.bsee.core.internal.SafeText.escape(given.toString()));
                    });
                }
            }
            if (bin != null) {
                dev.bsee.bridge.internal.SourcePlan.unusableBin(bin).ifPresent(why -> {
                    throw new IllegalArgumentException("expected " + why + " but found "
                            + dev.bsee.core.internal.SafeText.escape(bin.toString()));
                });
            }
            this.zip = zip;
            this.bin = bin;
        }

        /// The folder of zip archives (or one zip file) the legacy path converts.
        ///
        /// @return the value, or empty when absent
        public Optional<Path> zip() {
            return Optional.ofNullable(zip);
        }

        /// The folder the source's `.bin` files go to, instead of `data/modules/bsee/bin/<subdirectory>`.
        ///
        /// @return the value, or empty when absent
        public Optional<Path> bin() {
            return Optional.ofNullable(bin);
        }

        /// Equal when every part is equal.
        ///
        /// @param other the object to compare with
        /// @return whether `other` has the same parts
        @Override
        public boolean equals(Object other) {
            return other instanceof LegacyFolders that
                    && Objects.equals(zip, that.zip)
                    && Objects.equals(bin, that.bin);
        }

        /// A hash of every part.
        ///
        /// @return the hash
        @Override
        public int hashCode() {
            return Objects.hash(zip, bin);
        }

        /// The parts, for messages and debugging.
        ///
        /// @return the text
        @Override
        public String toString() {
            return "LegacyFolders[zip=" + zip + ", bin=" + bin + "]";
        }
    }

    /// `sources.<id>`: what the catalog says about a source, overridden or extended.
    public static final class SourceSettings {

        private final URI url;  // null: absent
        private final Duration timeout;  // null: absent
        private final String output;  // null: absent
        private final Set<String> entries;  // null: absent
        private final Set<Integer> years;

        /// The settings, checked: a positive timeout, and an output subdirectory that stays below
        /// `data/modules/bsee/bin`. Absent ones are null.
        ///
        /// @param url the archive's address: absolute, or relative to the site base (`site.base_url`), or null when
        ///     absent
        /// @param timeout how long one download may take, positive and at most 292 years, or null when absent
        /// @param output the subdirectory of `data/modules/bsee/bin` the `.bin` files go to, or null when absent
        /// @param entries the `.bin` base names a refresh should give (replacing the catalog's list), or null when
        ///     absent
        /// @param years for a yearly series (`ogora`): the years to download; empty for all
        public SourceSettings(URI url, Duration timeout, String output, Set<String> entries, Set<Integer> years) {
            this.url = url;
            this.timeout = timeout;
            this.output = output;
            this.entries = entries == null ? null : Set.copyOf(entries);
            this.years = OptionChecks.setOf("years", years);
            if (timeout != null) {
                // As long as sources.<id>.timeout may be: the HTTP client counts it in nanoseconds.
                dev.bsee.core.internal.OptionChecks.positive("timeout", timeout);
            }
            if (output != null) {
                unusableOutput(output).ifPresent(why -> {
                    throw new IllegalArgumentException("expected a relative folder name " + why + " but found \""
                            + output.codePoints().mapToObj(c -> Character.isISOControl(c)
                                    ? String.format("\\x%02x", c) : Character.toString(c))
                                    .collect(java.util.stream.Collectors.joining()) + "\"");
                });
            }
        }

        /// Why `output` cannot name a folder below `data/modules/bsee/bin`, or empty when it can: the
        /// rule a [BseeSource] holds to ([dev.bsee.core.internal.SourceFolderName]), and no `~` or
        /// environment variable, which a configuration's reader might expect expanded.
        private static Optional<String> unusableOutput(String output) {
            return dev.bsee.core.internal.SourceFolderName.unusable(output).or(() -> {
                // As for parameters.filepath.<id>.bin: nothing expands them.
                return dev.bsee.bridge.internal.ConfigPaths.unexpanded(output)
                        .map(why -> "without '~' or environment variables (nothing expands them)");
            });
        }

        /// Address, timeout and output only.
        ///
        /// @param url the archive's address, or null
        /// @param timeout how long one download may take, or null
        /// @param output the output subdirectory, or null
        public SourceSettings(URI url, Duration timeout, String output) {
            this(url, timeout, output, null, Set.of());
        }

        /// The archive's address: absolute, or relative to the site base (`site.base_url`).
        ///
        /// @return the value, or empty when absent
        public Optional<URI> url() {
            return Optional.ofNullable(url);
        }

        /// How long one download may take.
        ///
        /// @return the value, or empty when absent
        public Optional<Duration> timeout() {
            return Optional.ofNullable(timeout);
        }

        /// The subdirectory of `data/modules/bsee/bin` the `.bin` files go to.
        ///
        /// @return the value, or empty when absent
        public Optional<String> output() {
            return Optional.ofNullable(output);
        }

        /// The `.bin` base names a refresh should give (replacing the catalog's list).
        ///
        /// @return the value, or empty when absent
        public Optional<Set<String>> entries() {
            return Optional.ofNullable(entries);
        }

        /// For a yearly series (`ogora`): the years to download; empty for all.
        ///
        /// @return the value
        public Set<Integer> years() {
            return years;
        }

        /// Equal when every part is equal.
        ///
        /// @param other the object to compare with
        /// @return whether `other` has the same parts
        @Override
        public boolean equals(Object other) {
            return other instanceof SourceSettings that
                    && Objects.equals(url, that.url)
                    && Objects.equals(timeout, that.timeout)
                    && Objects.equals(output, that.output)
                    && Objects.equals(entries, that.entries)
                    && Objects.equals(years, that.years);
        }

        /// A hash of every part.
        ///
        /// @return the hash
        @Override
        public int hashCode() {
            return Objects.hash(url, timeout, output, entries, years);
        }

        /// The parts, for messages and debugging.
        ///
        /// @return the text
        @Override
        public String toString() {
            return "SourceSettings[url=" + (url == null ? null : dev.bsee.core.internal.SafeText.url(url)) + ", timeout=" + timeout + ", output=" + output + ", entries=" + entries
                    + ", years=" + years + "]";
        }
    }

    /// `output`: where and how `.bin` files are written.
    public static final class Output {

        private final Path baseDirectory;  // null: absent
        private final PickleDialect dialect;

        /// The output settings.
        ///
        /// @param baseDirectory the directory relative paths resolve against; without it, the directory the caller
        ///     names when running the refresh, or null when absent
        /// @param dialect the pickle dialect, `portable` (default) or `numpy2`
        /// @throws IllegalArgumentException when `baseDirectory` holds a control character, starts
        ///     with `~` or names an environment variable (`$HOME`), which nothing expands
        public Output(Path baseDirectory, PickleDialect dialect) {
            if (baseDirectory != null) {
                // What output.base_dir refuses in a file, refused in Java too.
                dev.bsee.bridge.internal.ConfigPaths.unusable(baseDirectory).ifPresent(why -> {
                    throw new IllegalArgumentException("expected " + why + " but found "
                            + dev.bsee.core.internal.SafeText.escape(baseDirectory.toString()));
                });
            }
            this.baseDirectory = baseDirectory;
            this.dialect = Objects.requireNonNull(dialect, "dialect");
        }

        /// No base directory of its own, the portable dialect.
        public static final Output DEFAULTS = new Output(null, PickleDialect.PORTABLE);

        /// The directory relative paths resolve against; without it, the directory the caller names when running the
        /// refresh.
        ///
        /// @return the value, or empty when absent
        public Optional<Path> baseDirectory() {
            return Optional.ofNullable(baseDirectory);
        }

        /// The pickle dialect, `portable` (default) or `numpy2`.
        ///
        /// @return the value
        public PickleDialect dialect() {
            return dialect;
        }

        /// Equal when every part is equal.
        ///
        /// @param other the object to compare with
        /// @return whether `other` has the same parts
        @Override
        public boolean equals(Object other) {
            return other instanceof Output that
                    && Objects.equals(baseDirectory, that.baseDirectory)
                    && Objects.equals(dialect, that.dialect);
        }

        /// A hash of every part.
        ///
        /// @return the hash
        @Override
        public int hashCode() {
            return Objects.hash(baseDirectory, dialect);
        }

        /// The parts, for messages and debugging.
        ///
        /// @return the text
        @Override
        public String toString() {
            return "Output[baseDirectory=" + baseDirectory + ", dialect=" + dialect + "]";
        }
    }

    /// Collects a [RefreshConfig]; every option has a default.
    public static final class Builder {
        private boolean legacyRefresh;
        private boolean enhancedRefresh;
        private final Map<String, Boolean> sourceFlags = new LinkedHashMap<>();
        private final Map<String, LegacyFolders> legacyFolders = new LinkedHashMap<>();
        private Processing processing = Processing.DEFAULTS;
        private Cache cache = Cache.DEFAULTS;
        private final Map<String, SourceSettings> sources = new LinkedHashMap<>();
        private URI site = SourceCatalog.SITE;
        private Output output = Output.DEFAULTS;
        private final Map<String, Object> meta = new LinkedHashMap<>();
        private List<ConfigProblem> warnings = List.of();

        private Builder() {
        }

        /// Turns the legacy path (local zip folders) on or off.
        ///
        /// @param on whether it runs
        /// @return this builder
        public Builder legacyRefresh(boolean on) {
            this.legacyRefresh = on;
            return this;
        }

        /// Turns the enhanced path (download, convert, write) on or off.
        ///
        /// @param on whether it runs
        /// @return this builder
        public Builder enhancedRefresh(boolean on) {
            this.enhancedRefresh = on;
            return this;
        }

        /// Selects or deselects a source, like `data.<id>: true|false`.
        ///
        /// @param id the source id
        /// @param selected whether it takes part
        /// @return this builder
        public Builder source(String id, boolean selected) {
            sourceFlags.put(checkId(id), selected);
            return this;
        }

        /// Sets a source's legacy folders, like `parameters.filepath.<id>.zip|bin`.
        ///
        /// @param id the source id
        /// @param zip the folder of zip archives, or one zip
        /// @param bin the output folder, or null for the default one
        /// @return this builder
        public Builder legacyFolders(String id, Path zip, Path bin) {
            legacyFolders.put(checkId(id), new LegacyFolders(Objects.requireNonNull(zip, "zip"), bin));
            return this;
        }

        /// Sets only a source's output folder, like `parameters.filepath.<id>.bin` without `zip`: both
        /// paths write the source's `.bin` files there.
        ///
        /// @param id the source id
        /// @param bin the output folder
        /// @return this builder
        public Builder binFolder(String id, Path bin) {
            LegacyFolders known = legacyFolders.get(checkId(id));
            legacyFolders.put(id, new LegacyFolders(known == null ? null : known.zip, Objects.requireNonNull(bin, "bin")));
            return this;
        }

        /// Overrides a source's address, timeout or output subdirectory, like `sources.<id>`.
        ///
        /// @param id the source id
        /// @param settings the overrides
        /// @return this builder
        public Builder sourceSettings(String id, SourceSettings settings) {
            sources.put(checkId(id), Objects.requireNonNull(settings, "settings"));
            return this;
        }

        /// Sets the site every catalog address is relative to, like `site.base_url`.
        ///
        /// @param baseUrl the site's base address, absolute http or https
        /// @return this builder
        /// @throws IllegalArgumentException when the address is not absolute http(s)
        public Builder site(URI baseUrl) {
            this.site = SourceCatalog.of(java.util.Objects.requireNonNull(baseUrl, "baseUrl")).site();
            return this;
        }

        /// Sets the processing options.
        ///
        /// @param processing the options
        /// @return this builder
        public Builder processing(Processing processing) {
            this.processing = Objects.requireNonNull(processing, "processing");
            return this;
        }

        /// Sets the cache options.
        ///
        /// @param cache the options
        /// @return this builder
        public Builder cache(Cache cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /// Sets the output options.
        ///
        /// @param output the options
        /// @return this builder
        public Builder output(Output output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        /// Adds a free-form `meta` value, copied (lists and maps all the way down) when the
        /// configuration is built.
        ///
        /// @param key the key
        /// @param value a string, number, boolean, list or map of them
        /// @return this builder
        /// @throws IllegalArgumentException when the value, or one in it, is of another type
        public Builder meta(String key, Object value) {
            Objects.requireNonNull(key, "key");
            meta.put(key, frozen("meta." + key, Objects.requireNonNull(value, "value")));
            return this;
        }

        /// Sets the warnings found while reading a file.
        ///
        /// @param warnings the warnings
        /// @return this builder
        public Builder warnings(List<ConfigProblem> warnings) {
            this.warnings = OptionChecks.listOf("warnings", warnings);
            return this;
        }

        /// The configuration.
        ///
        /// @return the configuration
        public RefreshConfig build() {
            return new RefreshConfig(legacyRefresh, enhancedRefresh, sourceFlags, legacyFolders, processing, cache,
                    sources, site, output, meta, warnings);
        }

        private static String checkId(String id) {
            if (!Objects.requireNonNull(id, "id").matches("[a-z0-9_-]+")) {
                throw new IllegalArgumentException("source id must be lower-case letters, digits, '-' or '_': " + id);
            }
            return id;
        }
    }
}
