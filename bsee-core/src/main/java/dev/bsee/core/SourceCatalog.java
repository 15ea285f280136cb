package dev.bsee.core;

import dev.bsee.core.internal.HttpAddresses;
import dev.bsee.core.internal.SafeText;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/// The BSEE sources this SDK knows: every raw-data archive of the data center and the yearly
/// production series, with their addresses relative to the site, output folders, cadences, request
/// timeouts, expected entries and layouts.
///
/// The rows live in the resource `dev/bsee/core/catalog.txt` (one row per archive; its header says
/// what each column means and why the timeouts are what they are), so adding an archive is adding
/// a row. The source id is the output folder's name (`apd`, `apiraw`, `fmp`, `platstruc`, ...); the
/// Python configurations' names stay valid as aliases: `well` for `apd`, `production` for
/// `production_raw` (`war` and `apm` are ids already). The yearly production archives are one
/// source, `ogora`, writing to `historical_production_yearly`.
///
/// | id | cadence | timeout | output subdirectory |
/// | --- | --- | --- | --- |
/// | `apd` (`well`) | daily | 600 s | `apd` |
/// | `production_raw` (`production`) | bi-monthly | 1200 s | `production_raw` |
/// | `war` | daily | 2400 s | `war` |
/// | `ogora` | monthly | 300 s per archive | `historical_production_yearly` |
/// | ... 35 more | | | |
///
/// Every address is relative to a site base: [#of()] uses the live site [#SITE], [#of(URI)] a
/// mirror or proxy. Sources are added or overridden with [#with(BseeSource)]; a catalog is immutable.
public final class SourceCatalog {

    /// The live data center, against which the catalog's URL paths resolve by default.
    public static final URI SITE = URI.create("https://www.data.bsee.gov/");

    /// The raw-data portal page that lists every "Delimited" download.
    public static final URI PORTAL = SITE.resolve("Main/RawData.aspx");

    /// The 19 columns of the production files (`ogora*delimit.txt`, `mv_productiondata.txt`), in order.
    public static final List<String> PRODUCTION_COLUMNS = List.of(
            "LEASE_NUMBER", "COMPLETION_NAME", "PRODUCTION_DATE", "DAYS_ON_PROD", "PRODUCT_CODE",
            "MON_O_PROD_VOL", "MON_G_PROD_VOL", "MON_WTR_PROD_VOL", "API_WELL_NUMBER", "WELL_STAT_CD",
            "AREA_CODE_BLOCK_NUM", "OPERATOR_NUM", "SORT_NAME", "BOEM_FIELD", "INJECTION_VOLUME",
            "PROD_INTERVAL_CD", "FIRST_PROD_DATE", "UNIT_AGT_NUMBER", "UNIT_ALOC_SUFFIX");

    /// The production entries by name: `ogora*delimit.txt` and `mv_productiondata.txt` (matched
    /// against the base name, case-insensitively; `.` matches line breaks too).
    public static final Pattern PRODUCTION_ENTRIES = Pattern.compile("(?is)ogora.*delimit\\.txt|mv_productiondata\\.txt");

    private static final String RESOURCE = "catalog.txt";
    private static final int COLUMNS = 11;
    private static final List<Row> ROWS = readRows();
    private static final SourceCatalog LIVE = of(SITE);

    private final URI site;
    private final Map<String, BseeSource> sources;
    private final Map<String, String> aliases;
    private final Set<String> defaultSelection;

    private SourceCatalog(URI site, Map<String, BseeSource> sources, Map<String, String> aliases,
                          Set<String> defaultSelection) {
        this.site = site;
        this.sources = Collections.unmodifiableMap(sources);
        this.aliases = Collections.unmodifiableMap(aliases);
        this.defaultSelection = Collections.unmodifiableSet(defaultSelection);
    }

    /// Every catalog source at the live site [#SITE].
    ///
    /// @return the catalog
    public static SourceCatalog of() {
        return LIVE;
    }

    /// Every catalog source with its address taken relative to `siteBase`, e.g. a mirror
    /// `http://127.0.0.1:8080/bsee/` (a missing final `/` is added, so the base is a folder).
    ///
    /// @param siteBase the site's base address, absolute
    /// @return the catalog
    /// @throws IllegalArgumentException when the address is not absolute http(s)
    public static SourceCatalog of(URI siteBase) {
        java.util.Objects.requireNonNull(siteBase, "siteBase");
        URI base = folder(siteBase);
        if (LIVE != null && base.equals(LIVE.site)) {
            // The catalog is immutable: the live site's is made once (a refresh of the live site
            // asks for it by address again, and each source's checks are not free at start-up).
            return LIVE;
        }
        Map<String, BseeSource> sources = new LinkedHashMap<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        Set<String> selection = new LinkedHashSet<>();
        for (Row row : ROWS) {
            sources.put(row.source.id(), row.source.withUri(base.resolve(row.path)));
            row.aliases.forEach(alias -> aliases.put(alias, row.source.id()));
            if (row.byDefault) {
                selection.add(row.source.id());
            }
        }
        return new SourceCatalog(base, sources, aliases, selection);
    }

    /// The site base the catalog's addresses were resolved against.
    ///
    /// @return the base, ending in `/`
    public URI site() {
        return site;
    }

    /// A catalog with `source` added, or replacing the source of the same id. An added source runs
    /// by default (see [#defaultSelection()]).
    ///
    /// @param source the source
    /// @return the new catalog
    public SourceCatalog with(BseeSource source) {
        java.util.Objects.requireNonNull(source, "source");
        Map<String, BseeSource> copy = new LinkedHashMap<>(sources);
        boolean added = copy.put(source.id(), source) == null;
        Set<String> selection = new LinkedHashSet<>(defaultSelection);
        if (added) {
            selection.add(source.id());
        }
        Map<String, String> aliasCopy = new LinkedHashMap<>(aliases);
        aliasCopy.remove(source.id());
        return new SourceCatalog(site, copy, aliasCopy, selection);
    }

    /// This catalog narrowed to some sources (ids or aliases; names it does not know are ignored),
    /// in catalog order, with their aliases; all of them run by default.
    ///
    /// @param idsOrAliases the sources to keep
    /// @return the narrowed catalog
    public SourceCatalog select(Collection<String> idsOrAliases) {
        java.util.Objects.requireNonNull(idsOrAliases, "idsOrAliases");
        Set<String> keep = new LinkedHashSet<>();
        idsOrAliases.forEach(name -> keep.add(canonicalId(name)));
        Map<String, BseeSource> kept = new LinkedHashMap<>();
        sources.forEach((id, source) -> {
            if (keep.contains(id)) {
                kept.put(id, source);
            }
        });
        Map<String, String> keptAliases = new LinkedHashMap<>();
        aliases.forEach((alias, id) -> {
            if (kept.containsKey(id)) {
                keptAliases.put(alias, id);
            }
        });
        return new SourceCatalog(site, kept, keptAliases, new LinkedHashSet<>(kept.keySet()));
    }

    /// The source with `id`, or with the id an alias such as `well` stands for.
    ///
    /// @param idOrAlias the source id or alias
    /// @return the source, or empty
    public Optional<BseeSource> find(String idOrAlias) {
        return Optional.ofNullable(sources.get(canonicalId(idOrAlias)));
    }

    /// The source id an alias stands for (`well` gives `apd`, `production` gives `production_raw`);
    /// any other name as it is.
    ///
    /// @param idOrAlias the name
    /// @return the source id
    public String canonicalId(String idOrAlias) {
        // A null is no name: it gave null back, and find(null) found nothing, hiding the caller's bug.
        java.util.Objects.requireNonNull(idOrAlias, "idOrAlias");
        return aliases.getOrDefault(idOrAlias, idOrAlias);
    }

    /// The aliases and the ids they stand for.
    ///
    /// @return alias to id
    public Map<String, String> aliases() {
        return aliases;
    }

    /// All sources in catalog order (then those added).
    ///
    /// @return the sources
    public Collection<BseeSource> sources() {
        return sources.values();
    }

    /// The ids a configuration that selects no source (no `data.<id>` flag) runs: the seed's
    /// `apd`, `production_raw` and `war`, as before the catalog grew, and every source added with
    /// [#with(BseeSource)]. The rest run when selected (`data.<id>: true`, `data.all: true`).
    ///
    /// @return the ids, in catalog order
    public Set<String> defaultSelection() {
        return defaultSelection;
    }

    /// The layout for an archive entry name when no source is known: the production columns
    /// (headerless unless the first record is those names) for the production entries
    /// ([#PRODUCTION_ENTRIES]), a header row otherwise.
    ///
    /// @param entryName the entry name
    /// @return the layout
    public static TableLayout layoutForEntry(String entryName) {
        java.util.Objects.requireNonNull(entryName, "entryName");
        String base = entryName.substring(Math.max(entryName.lastIndexOf('/'), entryName.lastIndexOf('\\')) + 1);
        return PRODUCTION_ENTRIES.matcher(base).matches() ? TableLayout.columnNamesOrHeader(PRODUCTION_COLUMNS)
                : TableLayout.headerRow();
    }

    private static URI folder(URI siteBase) {
        Optional<String> unusable = HttpAddresses.unusableServer(siteBase);
        if (unusable.isPresent()) {
            throw new IllegalArgumentException("a site base must name a server a download can reach: "
                    + SafeText.url(siteBase) + " (" + unusable.get() + ")");
        }
        if (!HttpAddresses.isHttp(siteBase)) {
            throw new IllegalArgumentException("a site base must be an absolute http or https address: " + SafeText.url(siteBase));
        }
        String path = Optional.ofNullable(siteBase.getRawPath()).orElse("");
        return path.endsWith("/") ? siteBase : URI.create(siteBase.toString().replaceFirst("[?#].*$", "") + "/");
    }

    /// One row of the catalog resource: the source at the live site, its path and its aliases.
    private record Row(BseeSource source, String path, List<String> aliases, boolean byDefault) {
    }

    private static List<Row> readRows() {
        try (InputStream in = SourceCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the source catalog " + RESOURCE + " is missing from bsee-core");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Row> rows = new java.util.ArrayList<>();
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(parse(line, number));
                }
            }
            return List.copyOf(rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the source catalog " + RESOURCE, e);
        }
    }

    private static Row parse(String line, int number) {
        String[] cells = Arrays.stream(line.split("\\|", -1)).map(String::strip).toArray(String[]::new);
        try {
            if (cells.length != COLUMNS) {
                throw new IllegalArgumentException("expected " + COLUMNS + " columns, found " + cells.length);
            }
            String id = cells[0];
            String folder = cells[1].equals("-") ? id : cells[1];
            TableLayout layout = switch (cells[6]) {
                case "header" -> TableLayout.headerRow();
                case "production" -> TableLayout.columnNamesOrHeader(PRODUCTION_COLUMNS);
                default -> throw new IllegalArgumentException("unknown layout " + cells[6]);
            };
            YearlySeries yearly = cells[8].equals("-") ? null
                    : new YearlySeries(cells[9], Integer.parseInt(cells[8]), Set.of());
            BseeSource source = new BseeSource(id, SITE.resolve(cells[3]), cadence(cells[4]),
                    Duration.ofSeconds(Long.parseLong(cells[5])), folder, BseeSource.TEXT_ENTRIES, layout,
                    Set.copyOf(list(cells[10])), yearly);
            return new Row(source, cells[3], list(cells[2]), switch (cells[7]) {
                case "yes" -> true;
                case "no" -> false;
                default -> throw new IllegalArgumentException("default must be yes or no: " + cells[7]);
            });
        } catch (RuntimeException e) {
            throw new IllegalStateException("source catalog " + RESOURCE + ", line " + number + ": " + e.getMessage(), e);
        }
    }

    private static UpdateCadence cadence(String text) {
        return UpdateCadence.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    private static List<String> list(String cell) {
        return cell.equals("-") ? List.of() : Arrays.stream(cell.split(",")).map(String::strip).toList();
    }
}
