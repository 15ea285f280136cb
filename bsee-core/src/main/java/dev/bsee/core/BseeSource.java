package dev.bsee.core;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/// One downloadable BSEE archive and how to turn it into `.bin` files.
///
/// @param id short identifier used in configuration and reports, e.g. `well`
/// @param uri where the zip archive is downloaded from
/// @param cadence how often BSEE republishes it
/// @param requestTimeout how long one download may take
/// @param outputSubdirectory the folder under `data/modules/bsee/bin` its `.bin` files go to
/// @param entryPattern which archive entries are data (matched against the entry's base name,
///                     case-insensitively)
/// @param layout header row, or column names for headerless text
public record BseeSource(String id, URI uri, UpdateCadence cadence, Duration requestTimeout,
                         String outputSubdirectory, Pattern entryPattern, TableLayout layout) {

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
        return new BseeSource(id, newUri, cadence, requestTimeout, outputSubdirectory, entryPattern, layout);
    }

    /// A copy with another request timeout.
    ///
    /// @param timeout the timeout
    /// @return the copy
    public BseeSource withRequestTimeout(Duration timeout) {
        return new BseeSource(id, uri, cadence, timeout, outputSubdirectory, entryPattern, layout);
    }

    /// A copy writing to another output subdirectory.
    ///
    /// @param subdirectory the subdirectory
    /// @return the copy
    public BseeSource withOutputSubdirectory(String subdirectory) {
        return new BseeSource(id, uri, cadence, requestTimeout, subdirectory, entryPattern, layout);
    }
}
