package dev.bsee.scraper;

import java.util.Objects;
import java.util.Optional;

/// The validators a server sent for one version of a resource: its `ETag` and its `Last-Modified`
/// date, kept exactly as the server wrote them so they can be sent back in `If-None-Match`,
/// `If-Modified-Since` and `If-Range`.
///
/// @param etag the entity tag, quotes and `W/` prefix included, if the server sent one
/// @param lastModified the `Last-Modified` HTTP-date, if the server sent one
public record Validators(Optional<String> etag, Optional<String> lastModified) {

    private static final Validators NONE = new Validators(Optional.empty(), Optional.empty());

    /// Checks the values: no line breaks or tabs, which the state file and HTTP headers cannot carry.
    public Validators {
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
        etag = etag.map(String::strip).filter(s -> !s.isEmpty());
        lastModified = lastModified.map(String::strip).filter(s -> !s.isEmpty());
        etag.ifPresent(v -> requireHeaderSafe("ETag", v));
        lastModified.ifPresent(v -> requireHeaderSafe("Last-Modified", v));
    }

    /// No validators: the server sent neither header.
    ///
    /// @return the empty validators
    public static Validators none() {
        return NONE;
    }

    /// Validators from header values that may be absent.
    ///
    /// @param etag the `ETag` header, or empty
    /// @param lastModified the `Last-Modified` header, or empty
    /// @return the validators
    public static Validators of(Optional<String> etag, Optional<String> lastModified) {
        return etag.isEmpty() && lastModified.isEmpty() ? NONE : new Validators(etag, lastModified);
    }

    /// Whether neither validator is known.
    ///
    /// @return true when both are empty
    public boolean isEmpty() {
        return etag.isEmpty() && lastModified.isEmpty();
    }

    /// The entity tag when it is a strong one (no `W/` prefix): only a strong tag may guard a byte
    /// range in `If-Range`.
    ///
    /// @return the strong entity tag, or empty
    public Optional<String> strongEtag() {
        return etag.filter(e -> !e.startsWith("W/"));
    }

    private static void requireHeaderSafe(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException(name + " value contains a control character: " + value.strip());
            }
        }
        if (value.indexOf('\t') >= 0) {
            throw new IllegalArgumentException(name + " value contains a tab: " + value);
        }
    }
}
