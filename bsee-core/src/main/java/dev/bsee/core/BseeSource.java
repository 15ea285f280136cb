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
public final class BseeSource {

    private final String id;
    private final URI uri;
    private final UpdateCadence cadence;
    private final Duration requestTimeout;
    private final String outputSubdirectory;
    private final Pattern entryPattern;
    private final TableLayout layout;
    private final Set<String> expectedEntries;
    private final YearlySeries yearly;  // null: absent

    /// A source; `yearly` is null for a source of one archive.
    ///
    /// @param id short identifier used in configuration and reports; for catalog sources the output folder's name, e.g.
    ///     `apd`
    /// @param uri where the zip archive is downloaded from; for a yearly series, its latest-month archive, against
    ///     which the yearly archives' names resolve
    /// @param cadence how often BSEE republishes it
    /// @param requestTimeout how long one download (of each archive of a series) may take; positive, at most 292 years
    /// @param outputSubdirectory the folder under `data/modules/bsee/bin` its `.bin` files go to
    /// @param entryPattern which archive entries are data (matched against the entry's base name, case-insensitively)
    /// @param layout header row, or column names for headerless text
    /// @param expectedEntries the `.bin` base names (`mv_apddata_all`) a refresh should give; empty when unknown. A
    ///     yearly series adds its years' names in [#expectedEntries(int)]
    /// @param yearly the yearly archives, for a series such as `ogora`; empty for one archive, or null when absent
    public BseeSource(String id, URI uri, UpdateCadence cadence, Duration requestTimeout, String outputSubdirectory,
                      Pattern entryPattern, TableLayout layout, Set<String> expectedEntries, YearlySeries yearly) {
        this.id = Objects.requireNonNull(id, "id");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.cadence = Objects.requireNonNull(cadence, "cadence");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.outputSubdirectory = Objects.requireNonNull(outputSubdirectory, "outputSubdirectory");
        this.entryPattern = Objects.requireNonNull(entryPattern, "entryPattern");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.expectedEntries = dev.bsee.core.internal.OptionChecks.setOf("expectedEntries", expectedEntries);
        this.yearly = yearly;
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("source id must be lower-case letters, digits, '-' or '_': " + id);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout of source " + id + " must be positive: " + requestTimeout);
        }
        // The HTTP client counts the timeout in nanoseconds: a longer one failed each download.
        dev.bsee.core.internal.OptionChecks.atMostLongest("request timeout of source " + id, requestTimeout);
        // The configuration's rule: `.` made the folder of every source's folder this one's, and a
        // name in `.bsee` put its files where a status check deletes stale temporaries.
        dev.bsee.core.internal.SourceFolderName.unusable(outputSubdirectory).ifPresent(why -> {
            throw new IllegalArgumentException("output subdirectory of source " + id + " must be a relative folder name "
                    + why + ": " + dev.bsee.core.internal.SafeText.escape(outputSubdirectory));
        });
    }

    /// What a source id may hold.
    private static final Pattern ID = Pattern.compile("[a-z0-9_-]+");

    /// Entries whose name ends in `.txt`, any case: the default filter, of a refresh and of
    /// `ZipStreamProcessor` alike. A name may hold any character (line breaks included, as code page
    /// 437 or UTF-8 decode them), so `.` matches every one.
    ///
    /// Except the metadata macOS puts in an archive it makes (Finder's Compress, `ditto`): an
    /// AppleDouble file `__MACOSX/._name.txt` beside every `name.txt`, holding the file's attributes
    /// in binary. It is never data, and an archive re-zipped on a Mac must convert as the original
    /// does, not fail on the first NUL byte of its metadata. So a base name starting with `._` is not
    /// data: the rule reads the base name alone, and so holds alike for a whole entry name
    /// (`ZipStreamProcessor`) and a base name ([#entryFilter]).
    public static final Pattern TEXT_ENTRIES = Pattern.compile("(?is)(?!(?:.*[/\\\\])?\\._[^/\\\\]*\\z).*\\.txt");

    /// A source of one archive with no published list of entries.
    ///
    /// @param id the id
    /// @param uri the archive's address
    /// @param cadence how often it is republished
    /// @param requestTimeout how long one download may take; positive, at most 292 years
    /// @param outputSubdirectory the output folder's name
    /// @param entryPattern which entries are data
    /// @param layout the text layout
    public BseeSource(String id, URI uri, UpdateCadence cadence, Duration requestTimeout, String outputSubdirectory,
                      Pattern entryPattern, TableLayout layout) {
        this(id, uri, cadence, requestTimeout, outputSubdirectory, entryPattern, layout, Set.of(), null);
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
    /// @throws IllegalArgumentException for a yearly series, when `currentYear` is outside 1 to 9999
    public List<Archive> archives(int currentYear) {
        List<Archive> archives = new ArrayList<>();
        if (yearly != null) {
            for (int year : yearly.years(currentYear)) {
                String name = yearly.fileName(year);
                archives.add(new Archive(name, uri.resolve(name), year == currentYear));
            }
        }
        archives.add(new Archive(archiveName(uri, id), uri, false));
        return List.copyOf(archives);
    }

    /// The `.bin` base names a refresh should give by `currentYear`: [#expectedEntries()] and, for
    /// a yearly series, one per selected year before the current one (which may not exist yet).
    ///
    /// @param currentYear the current year
    /// @return the names; empty when unknown
    /// @throws IllegalArgumentException for a yearly series, when `currentYear` is outside 1 to 9999
    public Set<String> expectedEntries(int currentYear) {
        if (yearly == null) {
            return expectedEntries;
        }
        Set<String> names = new LinkedHashSet<>(expectedEntries);
        for (int year : yearly.years(currentYear)) {
            if (year < currentYear) {
                names.add(baseName(yearly.fileName(year)));
            }
        }
        return Set.copyOf(names);
    }

    /// The `.bin` base names a refresh may give by `currentYear` besides [#expectedEntries(int)]:
    /// a yearly series' current year, when selected, whose archive may or may not be published yet.
    ///
    /// @param currentYear the current year
    /// @return the names; empty for a source of one archive
    /// @throws IllegalArgumentException for a yearly series, when `currentYear` is outside 1 to 9999
    public Set<String> optionalEntries(int currentYear) {
        if (yearly == null || !yearly.years(currentYear).contains(currentYear)) {
            return Set.of();
        }
        return Set.of(baseName(yearly.fileName(currentYear)));
    }

    private static String baseName(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? file : file.substring(0, dot);
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
        java.util.Objects.requireNonNull(entries, "entries");
        return new BseeSource(id, uri, cadence, requestTimeout, outputSubdirectory, entryPattern, layout, entries,
                yearly);
    }

    /// A copy with another yearly series (or none).
    ///
    /// @param series the series, or null for a source of one archive
    /// @return the copy
    public BseeSource withYearly(YearlySeries series) {
        return new BseeSource(id, uri, cadence, requestTimeout, outputSubdirectory, entryPattern, layout,
                expectedEntries, series);
    }

    /// The file name at the end of an address, e.g. `APDRawData.zip`; `<id>.zip` when it has none.
    private static String archiveName(URI uri, String id) {
        String path = Optional.ofNullable(uri.getPath()).orElse("");
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? id + ".zip" : name;
    }

    /// Short identifier used in configuration and reports; for catalog sources the output folder's name, e.g. `apd`.
    ///
    /// @return the value
    public String id() {
        return id;
    }

    /// Where the zip archive is downloaded from; for a yearly series, its latest-month archive, against which the
    /// yearly archives' names resolve.
    ///
    /// @return the value
    public URI uri() {
        return uri;
    }

    /// How often BSEE republishes it.
    ///
    /// @return the value
    public UpdateCadence cadence() {
        return cadence;
    }

    /// How long one download (of each archive of a series) may take.
    ///
    /// @return the value
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /// The folder under `data/modules/bsee/bin` its `.bin` files go to.
    ///
    /// @return the value
    public String outputSubdirectory() {
        return outputSubdirectory;
    }

    /// Which archive entries are data (matched against the entry's base name, case-insensitively).
    ///
    /// @return the value
    public Pattern entryPattern() {
        return entryPattern;
    }

    /// Header row, or column names for headerless text.
    ///
    /// @return the value
    public TableLayout layout() {
        return layout;
    }

    /// The `.bin` base names (`mv_apddata_all`) a refresh should give; empty when unknown. A yearly series adds its
    /// years' names in [#expectedEntries(int)].
    ///
    /// @return the value
    public Set<String> expectedEntries() {
        return expectedEntries;
    }

    /// The yearly archives, for a series such as `ogora`; empty for one archive.
    ///
    /// @return the value, or empty when absent
    public Optional<YearlySeries> yearly() {
        return Optional.ofNullable(yearly);
    }

    /// Equal when every part is equal (the entry pattern by its expression and flags).
    ///
    /// @param other the object to compare with
    /// @return whether `other` has the same parts
    @Override
    public boolean equals(Object other) {
        return other instanceof BseeSource that
                && Objects.equals(id, that.id)
                && Objects.equals(uri, that.uri)
                && Objects.equals(cadence, that.cadence)
                && Objects.equals(requestTimeout, that.requestTimeout)
                && Objects.equals(outputSubdirectory, that.outputSubdirectory)
                // A Pattern has no equals of its own: the same expression and flags are the same pattern.
                && entryPattern.pattern().equals(that.entryPattern.pattern())
                && entryPattern.flags() == that.entryPattern.flags()
                && Objects.equals(layout, that.layout)
                && Objects.equals(expectedEntries, that.expectedEntries)
                && Objects.equals(yearly, that.yearly);
    }

    /// A hash of every part.
    ///
    /// @return the hash
    @Override
    public int hashCode() {
        return Objects.hash(id, uri, cadence, requestTimeout, outputSubdirectory, entryPattern.pattern(),
                entryPattern.flags(), layout, expectedEntries, yearly);
    }

    /// The parts, for messages and debugging.
    ///
    /// @return the text
    @Override
    public String toString() {
        // Without the address's user info (`user:password@`), as every message and report gives it.
        return "BseeSource[id=" + id + ", uri=" + dev.bsee.core.internal.SafeText.url(uri) + ", cadence=" + cadence + ", requestTimeout=" + requestTimeout
                + ", outputSubdirectory=" + outputSubdirectory + ", entryPattern=" + entryPattern + ", layout=" + layout
                + ", expectedEntries=" + expectedEntries + ", yearly=" + yearly + "]";
    }
}
