package dev.bsee.scraper.internal.http;

import dev.bsee.scraper.DownloadException;
import java.time.Duration;
import java.util.Optional;

/// A failed attempt that another attempt may fix: a connection failure, a timeout, a dropped body,
/// a 5xx or a 429. Thrown inside an attempt and caught by [Attempts].
final class Retry extends Exception {

    private static final long serialVersionUID = 1L;

    private final DownloadException.Kind kind;
    private final int httpStatus;
    private final transient Optional<Duration> retryAfter;

    Retry(DownloadException.Kind kind, int httpStatus, Optional<Duration> retryAfter, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    static Retry of(DownloadException.Kind kind, String detail, Throwable cause) {
        return new Retry(kind, -1, Optional.empty(), detail, cause);
    }

    DownloadException.Kind kind() {
        return kind;
    }

    int httpStatus() {
        return httpStatus;
    }

    Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
