package dev.bsee.scraper;

import dev.bsee.core.internal.SafeText;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.OptionalInt;

/// A download or portal request that failed for good: retries exhausted, or a failure that no retry
/// can fix (a 404, a refused redirect, an HTML page instead of a zip). The message names the source,
/// the address and the number of attempts.
public final class DownloadException extends IOException {

    private static final long serialVersionUID = 1L;

    /// Why a download failed.
    public enum Kind {
        /// The server could not be reached (connection refused, DNS, TLS, connect timeout).
        CONNECT,
        /// No response, or no body bytes, within the configured timeouts.
        TIMEOUT,
        /// The server answered with a status that is an error (4xx, or 5xx/429 on every attempt).
        HTTP_STATUS,
        /// The server asked to wait longer (`Retry-After`) than the fetcher is allowed to.
        RETRY_AFTER_TOO_LONG,
        /// A redirect to another host over plain http, to another scheme, or past the hop limit.
        REDIRECT_REFUSED,
        /// The body is not a zip archive (an HTML error page, a captive portal).
        NOT_A_ZIP,
        /// The body ended before its `Content-Length` on every attempt.
        TRUNCATED,
        /// The resource changed while it was being downloaded, so bytes already consumed cannot be
        /// continued.
        CHANGED,
        /// The server broke the protocol (a `Content-Range` that does not fit the request).
        PROTOCOL,
        /// The calling thread was interrupted.
        INTERRUPTED
    }

    /// What went wrong.
    private final Kind kind;
    /// The source id or file the download was for.
    private final String subject;
    /// The address last requested.
    private final URI uri;
    /// Requests made before giving up.
    private final int attempts;
    /// The last HTTP status, or zero when none arrived.
    private final int httpStatus;
    /// The description of the failure.
    private final String detail;

    /// Creates the exception.
    ///
    /// @param kind why it failed
    /// @param subject what was being fetched, as the message shows it: `source well`, `portal page`
    /// @param uri the address
    /// @param attempts requests made
    /// @param httpStatus the last HTTP status, or -1 when none was received
    /// @param detail what went wrong
    /// @param cause the underlying failure, or null
    public DownloadException(Kind kind, String subject, URI uri, int attempts, int httpStatus, String detail,
                             Throwable cause) {
        super(SafeText.escape(subject + " (" + SafeText.url(uri) + "): " + SafeText.withoutUserInfo(detail) + " ["
                + attempts + (attempts == 1 ? " attempt]" : " attempts]")), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.attempts = attempts;
        this.httpStatus = httpStatus;
        // Addresses quoted in the detail (a redirect's target, the JDK's own messages) lose their
        // passwords too, whoever built it.
        this.detail = SafeText.withoutUserInfo(Objects.requireNonNull(detail, "detail"));
    }

    /// What went wrong, without the subject, address and attempt count the message adds.
    ///
    /// @return the detail, e.g. `HTTP 404 Not Found; not retried`
    public String detail() {
        return detail;
    }

    /// Why the download failed.
    ///
    /// @return the kind
    public Kind kind() {
        return kind;
    }

    /// What was being fetched, as the message shows it: `source well`, `portal page`.
    ///
    /// @return the subject
    public String subject() {
        return subject;
    }

    /// The address requested (before redirects).
    ///
    /// @return the address
    public URI uri() {
        return uri;
    }

    /// How many HTTP requests were made before giving up.
    ///
    /// @return the attempts
    public int attempts() {
        return attempts;
    }

    /// The last HTTP status received, if any.
    ///
    /// @return the status
    public OptionalInt httpStatus() {
        return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }
}
