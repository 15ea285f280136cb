package dev.bsee.scraper;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/// The raw-data portal compared with a source catalog: every "Delimited" link found, whether each
/// configured source's address is among them, and the links no source uses.
///
/// @param page the portal page read
/// @param links every "Delimited" link, in page order
/// @param sources one listing per catalog source, in catalog order
/// @param unknownLinks the links no catalog source downloads
public record PortalReport(URI page, List<PortalLink> links, List<Listing> sources, List<PortalLink> unknownLinks) {

    /// Copies the lists.
    public PortalReport {
        Objects.requireNonNull(page, "page");
        links = List.copyOf(links);
        sources = List.copyOf(sources);
        unknownLinks = List.copyOf(unknownLinks);
    }

    /// Whether every catalog source's address is listed on the page.
    ///
    /// @return true when none is missing
    public boolean allSourcesListed() {
        return sources.stream().allMatch(Listing::listed);
    }

    /// One catalog source and the portal link that matches its address, if any.
    ///
    /// @param sourceId the source id
    /// @param uri the address the catalog downloads
    /// @param link the matching portal link
    public record Listing(String sourceId, URI uri, Optional<PortalLink> link) {

        /// Checks for nulls.
        public Listing {
            Objects.requireNonNull(sourceId, "sourceId");
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(link, "link");
        }

        /// Whether the portal lists the source's address.
        ///
        /// @return true when a link matches
        public boolean listed() {
            return link.isPresent();
        }
    }
}
