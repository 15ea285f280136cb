package dev.bsee.scraper;

import java.util.Objects;
import java.util.Optional;

/// The validators a server sent for one version of a resource: its `ETag` and its `Last-Modified`
/// date, kept exactly as the server wrote them (surrounding blanks aside) so they can be sent back
/// in `If-None-Match`, `If-Modified-Since` and `If-Range`. A blank value counts as absent, and so
/// does one longer than 1,024 characters: real tags and dates are tens of characters, and a server's
/// huge one would make the download state bigger than the store reads back (the download is then
/// unconditional, which is always safe). So does one with a byte past ASCII, which HTTP allows but
/// `java.net.http` cannot send back as it came (it sent `"??t?"` for the tag it read as `"Ã©tÃ©"`),
/// so no request could ever match it.
public final class Validators {

    /// The longest value kept.
    static final int MAX_VALUE_CHARS = 1024;

    private static final Validators NONE = new Validators(null, null);

    private final String etag;
    private final String lastModified;

    private Validators(String etag, String lastModified) {
        this.etag = etag;
        this.lastModified = lastModified;
    }

    /// No validators: the server sent neither header.
    ///
    /// @return the empty validators
    public static Validators none() {
        return NONE;
    }

    /// Validators from header values that may be absent.
    ///
    /// @param etag the `ETag` header, quotes and `W/` prefix included, or null
    /// @param lastModified the `Last-Modified` HTTP-date, or null
    /// @return the validators
    /// @throws IllegalArgumentException when a value holds a line break, tab or other control
    ///     character, which the state file and HTTP headers cannot carry
    public static Validators of(String etag, String lastModified) {
        String tag = headerValue("ETag", etag);
        String date = headerValue("Last-Modified", lastModified);
        return tag == null && date == null ? NONE : new Validators(tag, date);
    }

    /// The entity tag, quotes and `W/` prefix included.
    ///
    /// @return the tag, or empty when the server sent none
    public Optional<String> etag() {
        return Optional.ofNullable(etag);
    }

    /// The `Last-Modified` HTTP-date.
    ///
    /// @return the date as the server wrote it, or empty when the server sent none
    public Optional<String> lastModified() {
        return Optional.ofNullable(lastModified);
    }

    /// Whether neither validator is known.
    ///
    /// @return true when both are absent
    public boolean isEmpty() {
        return etag == null && lastModified == null;
    }

    /// The entity tag when it is a strong one (no `W/` prefix): only a strong tag may guard a byte
    /// range in `If-Range`.
    ///
    /// @return the strong entity tag, or empty
    public Optional<String> strongEtag() {
        return etag().filter(e -> !e.startsWith("W/"));
    }

    /// Equal when both validators are equal.
    ///
    /// @param other the object to compare with
    /// @return whether `other` holds the same validators
    @Override
    public boolean equals(Object other) {
        return other instanceof Validators that && Objects.equals(etag, that.etag)
                && Objects.equals(lastModified, that.lastModified);
    }

    /// A hash of both validators.
    ///
    /// @return the hash
    @Override
    public int hashCode() {
        return Objects.hash(etag, lastModified);
    }

    /// Both validators, for messages and debugging.
    ///
    /// @return the text
    @Override
    public String toString() {
        return "Validators[etag=" + etag + ", lastModified=" + lastModified + "]";
    }

    private static String headerValue(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() > MAX_VALUE_CHARS || !stripped.chars().allMatch(c -> c < 0x80)) {
            return null;
        }
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            if (c == '\t') {
                throw new IllegalArgumentException(name + " value contains a tab: " + stripped);
            }
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException(name + " value contains a control character: " + stripped);
            }
        }
        return stripped;
    }
}
