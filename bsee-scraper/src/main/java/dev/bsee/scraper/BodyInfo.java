package dev.bsee.scraper;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/// What the server said about the body a [BodyReader] receives: the representation as a whole,
/// not one response of it (after a resumed transfer the reader still sees the first response's
/// status, length and validators).
public final class BodyInfo {

    private final URI uri;
    private final int statusCode;
    private final String contentType;
    private final long contentLength;
    private final Validators validators;

    private BodyInfo(URI uri, int statusCode, String contentType, long contentLength, Validators validators) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.statusCode = statusCode;
        this.contentType = contentType;
        this.contentLength = contentLength < 0 ? -1 : contentLength;
        this.validators = Objects.requireNonNull(validators, "validators");
    }

    /// The description of a body, for a reader's tests or a body read some other way.
    ///
    /// @param uri the address the body came from, after redirects
    /// @param statusCode the HTTP status of the response that started the body
    /// @param contentType the `Content-Type` header, or null when the server sent none
    /// @param contentLength the full length in bytes, or -1 when the server did not say
    /// @param validators the `ETag` and `Last-Modified` of this version
    /// @return the description
    public static BodyInfo of(URI uri, int statusCode, String contentType, long contentLength,
                              Validators validators) {
        return new BodyInfo(uri, statusCode, contentType, contentLength, validators);
    }

    /// The address the body came from, after redirects.
    ///
    /// @return the address
    public URI uri() {
        return uri;
    }

    /// The HTTP status of the response that started the body (200).
    ///
    /// @return the status code
    public int statusCode() {
        return statusCode;
    }

    /// The `Content-Type` header.
    ///
    /// @return the header, or empty when the server sent none
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /// The full length of the body in bytes.
    ///
    /// @return the length, or empty when the server did not say
    public OptionalLong contentLength() {
        return contentLength < 0 ? OptionalLong.empty() : OptionalLong.of(contentLength);
    }

    /// The `ETag` and `Last-Modified` of this version.
    ///
    /// @return the validators
    public Validators validators() {
        return validators;
    }

    /// Equal when every part is equal.
    ///
    /// @param other the object to compare with
    /// @return whether `other` describes the same body
    @Override
    public boolean equals(Object other) {
        return other instanceof BodyInfo that && uri.equals(that.uri) && statusCode == that.statusCode
                && Objects.equals(contentType, that.contentType) && contentLength == that.contentLength
                && validators.equals(that.validators);
    }

    /// A hash of every part.
    ///
    /// @return the hash
    @Override
    public int hashCode() {
        return Objects.hash(uri, statusCode, contentType, contentLength, validators);
    }

    /// The parts, for messages and debugging.
    ///
    /// @return the text
    @Override
    public String toString() {
        return "BodyInfo[uri=" + dev.bsee.core.internal.SafeText.url(uri) + ", statusCode=" + statusCode + ", contentType=" + contentType
                + ", contentLength=" + contentLength + ", validators=" + validators + "]";
    }
}
