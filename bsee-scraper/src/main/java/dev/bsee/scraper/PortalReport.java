package dev.bsee.scraper;

import dev.bsee.core.internal.OptionChecks;

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
        links = OptionChecks.listOf("links", links);
        sources = OptionChecks.listOf("sources", sources);
        unknownLinks = OptionChecks.listOf("unknownLinks", unknownLinks);
    }

    /// Whether every catalog source's address is listed on the page.
    ///
    /// @return true when none is missing
    public boolean allSourcesListed() {
        return sources.stream().allMatch(Listing::listed);
    }

    /// One catalog source and the portal link that matches its address, if any.
    public static final class Listing {

        private final String sourceId;
        private final URI uri;
        private final PortalLink link;  // null: absent

        /// The value; a part that is absent is null (a number: -1).
        ///
        /// @param sourceId the source id
        /// @param uri the address the catalog downloads
        /// @param link the matching portal link, or null when absent
        public Listing(String sourceId, URI uri, PortalLink link) {
            this.sourceId = Objects.requireNonNull(sourceId, "sourceId");
            this.uri = Objects.requireNonNull(uri, "uri");
            this.link = link;
        }

        /// Whether the portal lists the source's address.
        ///
        /// @return true when a link matches
        public boolean listed() {
            return link != null;
        }

        /// The source id.
        ///
        /// @return the value
        public String sourceId() {
            return sourceId;
        }

        /// The address the catalog downloads.
        ///
        /// @return the value
        public URI uri() {
            return uri;
        }

        /// The matching portal link.
        ///
        /// @return the value, or empty when absent
        public Optional<PortalLink> link() {
            return Optional.ofNullable(link);
        }

        /// Equal when every part is equal.
        ///
        /// @param other the object to compare with
        /// @return whether `other` has the same parts
        @Override
        public boolean equals(Object other) {
            return other instanceof Listing that
                    && Objects.equals(sourceId, that.sourceId)
                    && Objects.equals(uri, that.uri)
                    && Objects.equals(link, that.link);
        }

        /// A hash of every part.
        ///
        /// @return the hash
        @Override
        public int hashCode() {
            return Objects.hash(sourceId, uri, link);
        }

        /// The parts, for messages and debugging.
        ///
        /// @return the text
        @Override
        public String toString() {
            return "Listing[sourceId=" + sourceId + ", uri=" + uri + ", link=" + link + "]";
        }
    }
}
