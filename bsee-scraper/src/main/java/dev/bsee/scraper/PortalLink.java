package dev.bsee.scraper;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/// One "Delimited" download listed on the raw-data portal.
public final class PortalLink {

    private final String label;
    private final URI uri;
    private final LinkCheck check;  // null: absent

    /// The value; a part that is absent is null (a number: -1).
    ///
    /// @param label the dataset name from the link's table row (or the file name when the row has none)
    /// @param uri the absolute download address
    /// @param check what a `HEAD` request said, or null when none was made
    public PortalLink(String label, URI uri, LinkCheck check) {
        this.label = Objects.requireNonNull(label, "label");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.check = check;
    }

    /// A link that was not checked.
    ///
    /// @param label the dataset name
    /// @param uri the address
    public PortalLink(String label, URI uri) {
        this(label, uri, null);
    }

    /// This link with a check result.
    ///
    /// @param result the check result
    /// @return the copy
    public PortalLink withCheck(LinkCheck result) {
        return new PortalLink(label, uri, Objects.requireNonNull(result, "result"));
    }

    /// The dataset name from the link's table row (or the file name when the row has none).
    ///
    /// @return the value
    public String label() {
        return label;
    }

    /// The absolute download address.
    ///
    /// @return the value
    public URI uri() {
        return uri;
    }

    /// What a `HEAD` request said, when one was made.
    ///
    /// @return the value, or empty when absent
    public Optional<LinkCheck> check() {
        return Optional.ofNullable(check);
    }

    /// Equal when every part is equal.
    ///
    /// @param other the object to compare with
    /// @return whether `other` has the same parts
    @Override
    public boolean equals(Object other) {
        return other instanceof PortalLink that
                && Objects.equals(label, that.label)
                && Objects.equals(uri, that.uri)
                && Objects.equals(check, that.check);
    }

    /// A hash of every part.
    ///
    /// @return the hash
    @Override
    public int hashCode() {
        return Objects.hash(label, uri, check);
    }

    /// The parts, for messages and debugging.
    ///
    /// @return the text
    @Override
    public String toString() {
        return "PortalLink[label=" + label + ", uri=" + dev.bsee.core.internal.SafeText.url(uri) + ", check=" + check + "]";
    }
}
