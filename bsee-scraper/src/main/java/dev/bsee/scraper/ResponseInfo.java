package dev.bsee.scraper;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/// What the server said about the body a [BodyConsumer] receives: the representation as a whole,
/// not one response of it (after a resumed transfer the consumer still sees the first response's
/// status, length and validators).
///
/// @param uri the address the body came from, after redirects
/// @param statusCode the HTTP status of the response that started the body (200)
/// @param contentType the `Content-Type` header, if sent
/// @param contentLength the full length in bytes, when the server said
/// @param validators the `ETag` and `Last-Modified` of this version
public record ResponseInfo(URI uri, int statusCode, Optional<String> contentType, OptionalLong contentLength,
                           Validators validators) {

    /// Checks for nulls.
    public ResponseInfo {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(contentLength, "contentLength");
        Objects.requireNonNull(validators, "validators");
    }
}
