package dev.bsee.scraper;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/// One "Delimited" download listed on the raw-data portal.
///
/// @param label the dataset name from the link's table row (or the file name when the row has none)
/// @param uri the absolute download address
/// @param check what a `HEAD` request said, when one was made
public record PortalLink(String label, URI uri, Optional<LinkCheck> check) {

    /// Checks for nulls.
    public PortalLink {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(check, "check");
    }

    /// A link that was not checked.
    ///
    /// @param label the dataset name
    /// @param uri the address
    public PortalLink(String label, URI uri) {
        this(label, uri, Optional.empty());
    }

    /// This link with a check result.
    ///
    /// @param result the check result
    /// @return the copy
    public PortalLink withCheck(LinkCheck result) {
        return new PortalLink(label, uri, Optional.of(result));
    }
}
