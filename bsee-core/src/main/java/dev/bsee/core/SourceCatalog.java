package dev.bsee.core;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/// The BSEE sources this SDK knows, with their published addresses and defaults.
///
/// | id | cadence | timeout | output subdirectory |
/// | --- | --- | --- | --- |
/// | `well` | daily | 600 s | `apd` |
/// | `production` | bi-monthly | 1200 s | `production_raw` |
/// | `war` | daily | 2400 s | `war` |
///
/// Sources are added or overridden with [#with(BseeSource)]; the catalog itself is immutable.
public final class SourceCatalog {

    /// The raw-data portal page that lists every "Delimited" download.
    public static final URI PORTAL = URI.create("https://www.data.bsee.gov/Main/RawData.aspx");

    /// The 19 columns of the headerless production files (`ogora*delimit.txt`), in order.
    public static final List<String> PRODUCTION_COLUMNS = List.of(
            "LEASE_NUMBER", "COMPLETION_NAME", "PRODUCTION_DATE", "DAYS_ON_PROD", "PRODUCT_CODE",
            "MON_O_PROD_VOL", "MON_G_PROD_VOL", "MON_WTR_PROD_VOL", "API_WELL_NUMBER", "WELL_STAT_CD",
            "AREA_CODE_BLOCK_NUM", "OPERATOR_NUM", "SORT_NAME", "BOEM_FIELD", "INJECTION_VOLUME",
            "PROD_INTERVAL_CD", "FIRST_PROD_DATE", "UNIT_AGT_NUMBER", "UNIT_ALOC_SUFFIX");

    /// The production entries, which have no header row.
    public static final Pattern PRODUCTION_ENTRIES = Pattern.compile("(?i)ogora.*delimit\\.txt");

    private static final SourceCatalog DEFAULTS = new SourceCatalog(Map.of())
            .with(new BseeSource("well", URI.create("https://www.data.bsee.gov/Well/Files/APDRawData.zip"),
                    UpdateCadence.DAILY, Duration.ofSeconds(600), "apd", BseeSource.TEXT_ENTRIES,
                    TableLayout.headerRow()))
            .with(new BseeSource("production",
                    URI.create("https://www.data.bsee.gov/Production/Files/ProductionRawData.zip"),
                    UpdateCadence.BI_MONTHLY, Duration.ofSeconds(1200), "production_raw", BseeSource.TEXT_ENTRIES,
                    TableLayout.columnNames(PRODUCTION_COLUMNS)))
            .with(new BseeSource("war", URI.create("https://www.data.bsee.gov/Well/Files/eWellWARRawData.zip"),
                    UpdateCadence.DAILY, Duration.ofSeconds(2400), "war", BseeSource.TEXT_ENTRIES,
                    TableLayout.headerRow()));

    private final Map<String, BseeSource> sources;

    private SourceCatalog(Map<String, BseeSource> sources) {
        this.sources = sources;
    }

    /// The seed sources `well`, `production` and `war` with their published defaults.
    ///
    /// @return the catalog
    public static SourceCatalog defaults() {
        return DEFAULTS;
    }

    /// A catalog with `source` added, or replacing the source of the same id.
    ///
    /// @param source the source
    /// @return the new catalog
    public SourceCatalog with(BseeSource source) {
        Map<String, BseeSource> copy = new LinkedHashMap<>(sources);
        copy.put(source.id(), source);
        return new SourceCatalog(java.util.Collections.unmodifiableMap(copy));
    }

    /// The source with `id`, if known.
    ///
    /// @param id the source id
    /// @return the source, or empty
    public Optional<BseeSource> find(String id) {
        return Optional.ofNullable(sources.get(id));
    }

    /// All sources in the order they were added.
    ///
    /// @return the sources
    public Collection<BseeSource> sources() {
        return sources.values();
    }

    /// The layout for an archive entry name when no source is known: headerless production columns
    /// for `ogora*delimit.txt`, a header row otherwise.
    ///
    /// @param entryName the entry name
    /// @return the layout
    public static TableLayout layoutForEntry(String entryName) {
        String base = entryName.substring(Math.max(entryName.lastIndexOf('/'), entryName.lastIndexOf('\\')) + 1);
        return PRODUCTION_ENTRIES.matcher(base).matches() ? TableLayout.columnNames(PRODUCTION_COLUMNS)
                : TableLayout.headerRow();
    }
}
