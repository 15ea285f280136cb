package dev.bsee.core;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/// One downloadable BSEE archive (or yearly series of archives) and how to turn it into `.bin` files.
///
/// @param id short identifier used in configuration and reports; for catalog sources the output
///           folder's name, e.g. `apd`
/// @param uri where the zip archive is downloaded from; for a yearly series, its latest-month
///            archive, against which the yearly archives' names resolve
/// @param cadence how often BSEE republishes it
/// @param requestTimeout how long one download (of each archive of a series) may take
/// @param outputSubdirectory the folder under `data/modules/bsee/bin` its `.bin` files go to
/// @param entryPattern which archive entries are data (matched against the entry's base name,
///                     case-insensitively)
/// @param layout header row, or column names for headerless text
/// @param expectedEntries the `.bin` base names (`mv_apddata_all`) a refresh should give; empty
///                        when unknown. A yearly series adds its years' names in [#expectedEntries(int)]
/// @param yearly the yearly archives, for a series such as `ogora`; empty for one archive
public record BseeSource(String id, URI uri, UpdateCadence cadence, Duration requestTimeout,
                         String outputSubdirectory, Pattern entryPattern, TableLayout layout,
                         Set<String> expectedEntries, Optional<YearlySeries> yearly) {

    /// Entries whose name ends in `.txt`: the default filter.
    public static final Pattern TEXT_ENTRIES = Pattern.compile("(?i).*\\.txt");

    /// Validates the source.
    public BseeSource {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(cadence, "cadence");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(outputSubdirectory, "outputSubdirectory");
        Objects.requireNonNull(entryPattern, "entryPattern");
        Objects.requireNonNull(layout, "layout");
        expectedEntries = Set.copyOf(new LinkedHashSet<>(expectedEntries));
        Objects.requireNonNull(yearly, "yearly");
        if (!id.matches("[a-z0-9_-]+")) {
            throw new IllegalArgumentException("source id must be lower-case letters, digits, '-' or '_': " + id);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout of source " + id + " must be positive: " + requestTimeout);
        }
        if (outputSubdirectory.isBlank() || outputSubdirectory.contains("..") || outputSubdirectory.startsWith("/")
                || outputSubdirectory.contains("\\")) {
            throw new IllegalArgumentException("output subdirectory of source " + id + " must be a plain relative name: "
                    + outputSubdirectory);
        }
    }

    /// A source of one archive with no published list of entries.
    ///
    /// @param id the id
    /// @param uri the archive's address
    /// @param cadence how often it is republished
    /// @param requestTimeout how long one download may take
    /// @param outputSubdirectory the output folder's name
    /// @param entryPattern which entries are data
    /// @param layout the text layout
    public BseeSource(String id, URI uri, UpdateCadence cadence, Duration requestTimeout, String outputSubdirectory,
                      Pattern entryPattern, TableLayout layout) {
        this(id, uri, cadence, requestTimeout, outputSubdirectory, entryPattern, layout, Set.of(), Optional.empty());
    }

    /// One archive of a source: a yearly archive of a series, its latest-month archive, or the
    /// source's only archive.
    ///
    /// @param name the archive's file name, e.g. `ogora2019delimit.zip`; unique within the source
    /// @param uri where it is downloaded from
    /// @param mayBeAbsent a 404 means "not published yet" rather than a failure (the current year
    ///                    of a series, early in the year)
    public record Archive(String name, URI uri, boolean mayBeAbsent) {
        /// Checks for nulls.
        public Archive {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(uri, "uri");
        }
    }

    /// The archives a refresh of this source downloads: the one archive, or for a yearly series
    /// each selected year from the first to `currentYear` (the current year may be absent) and then
    /// the latest-month archive.
    ///
    /// @param currentYear the current year, from the caller's clock
    /// @return the archives, in download order
    public List<Archive> archives(int currentYear) {
        List<Archive> archives = new ArrayList<>();
        yearly.ifPresent(series -> {
            for (int year : series.years(currentYear)) {
                String name = series.fileName(year);
                archives.add(new Archive(name, uri.resolve(name), year == currentYear));
            }
        });
        archives.add(new Archive(archiveName(uri, id), uri, false));
        return List.copyOf(archives);
    }

    /// The `.bin` base names a refresh should give by `currentYear`: [#expectedEntries()] and, for
    /// a yearly series, one per selected year before the current one (which may not exist yet).
    ///
    /// @param currentYear the current year
    /// @return the names; empty when unknown
    public Set<String> expectedEntries(int currentYear) {
        if (yearly.isEmpty()) {
            return expectedEntries;
        }
        Set<String> names = new LinkedHashSet<>(expectedEntries);
        for (int year : yearly.get().years(currentYear)) {
            if (year < currentYear) {
                String file = yearly.get().fileName(year);
                names.add(file.substring(0, file.lastIndexOf('.') < 0 ? file.length() : file.lastIndexOf('.')));
            }
        }
        return Set.copyOf(names);
    }

    /// Whether an archive entry is one of this source's data entries.
    ///
    /// @return a predicate on entry names (folders in the name are ignored)
    public Predicate<String> entryFilter() {
        return name -> {
            String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
            return !base.isEmpty() && entryPattern.matcher(base.toLowerCase(Locale.ROOT)).matches();
        };
    }

    /// A copy with another download address.
    ///
    /// @param newUri the address
    /// @return the copy
    public BseeSource withUri(URI newUri) {
        return new BseeSource(id, newUri, cadence, requestTimeout, outputSubdirectory, entryPattern, layout,
                expectedEntries, yearly);
    }

    /// A copy with another request timeout.
    ///
    /// @param timeout the timeout
    /// @return the copy
    public BseeSource withRequestTimeout(Duration timeout) {
        return new BseeSource(id, uri, cadence, timeout, outputSubdirectory, entryPattern, layout, expectedEntries,
                yearly);
    }

    /// A copy writing to another output subdirectory.
    ///
    /// @param subdirectory the subdirectory
    /// @return the copy
    public BseeSource withOutputSubdirectory(String subdirectory) {
        return new BseeSource(id, uri, cadence, requestTimeout, subdirectory, entryPattern, layout, expectedEntries,
                yearly);
    }

    /// A copy expecting other entries.
    ///
    /// @param entries the `.bin` base names
    /// @return the copy
    public BseeSource withExpectedEntries(Set<String> entries) {
        return new BseeSource(id, uri, cadence, requestTimeout, outputSubdirectory, entryPattern, layout, entries,
                yearly);
    }

    /// A copy with another yearly series (or none).
    ///
    /// @param series the series, or null for a source of one archive
    /// @return the copy
    public BseeSource withYearly(YearlySeries series) {
        return new BseeSource(id, uri, cadence, requestTimeout, outputSubdirectory, entryPattern, layout,
                expectedEntries, Optional.ofNullable(series));
    }

    /// The file name at the end of an address, e.g. `APDRawData.zip`; `<id>.zip` when it has none.
    private static String archiveName(URI uri, String id) {
        String path = Optional.ofNullable(uri.getPath()).orElse("");
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? id + ".zip" : name;
    }
}
