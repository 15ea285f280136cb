package dev.bsee.scraper.internal.http;

import dev.bsee.core.internal.MessageText;
import dev.bsee.core.internal.SafeText;
import dev.bsee.core.ProgressEvent;
import dev.bsee.scraper.DownloadException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/// Counts the requests of one download (or one portal request) and decides, after each failure,
/// whether to wait and try again or give up. The budget covers the whole download: a body resumed
/// three times has used four attempts.
final class Attempts {

    private static final System.Logger LOG = System.getLogger(Attempts.class.getName());

    /// One attempt: returns its value, throws [Retry] when another attempt may help, or
    /// [DownloadException] when none will.
    @FunctionalInterface
    interface Attempt<R> {
        R run() throws Retry, DownloadException, InterruptedException;
    }

    private final FetchSettings settings;
    private final String subject;
    private final String eventSource;
    private final URI uri;
    private int count;
    /// The failed attempts since the download last advanced, which set the backoff's step.
    private int failuresWithoutProgress;
    private int lastStatus = -1;

    /// @param subject the download as messages name it (`source well`)
    /// @param eventSource the source of progress events (`well`)
    /// @param uri the address requested
    Attempts(FetchSettings settings, String subject, String eventSource, URI uri) {
        this.settings = settings;
        this.subject = subject;
        this.eventSource = eventSource;
        this.uri = uri;
    }

    int count() {
        return count;
    }

    URI uri() {
        return uri;
    }

    void sawStatus(int status) {
        lastStatus = status;
    }

    /// Says that the attempt under way delivered bytes no earlier attempt had: the next wait starts
    /// again from the backoff's first step. A server that cuts every connection after a part of the
    /// archive otherwise had each later part wait longer, up to the longest step, although each
    /// attempt advanced the download. The number of attempts stays bounded by the budget, so a
    /// server that gives a byte an attempt still ends.
    void progressed() {
        failuresWithoutProgress = 0;
    }

    /// Runs attempts until one succeeds or the budget is spent.
    <R> R run(Attempt<R> attempt) throws DownloadException {
        for (;;) {
            count++;
            try {
                return attempt.run();
            } catch (Retry retry) {
                backOff(retry);
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }
    }

    /// After an attempt failed in a way another may fix: waits the backoff, or the server's
    /// `Retry-After` when that is longer, or throws when no attempt is left or the server asks for
    /// too long a wait.
    void backOff(Retry retry) throws DownloadException {
        failuresWithoutProgress++;
        if (retry.httpStatus() >= 0) {
            lastStatus = retry.httpStatus();
        }
        if (count >= settings.maxAttempts()) {
            throw new DownloadException(retry.kind(), subject, uri, count, lastStatus,
                    (count == 1 ? "" : "gave up: ") + retry.getMessage(), retry.getCause());
        }
        Duration delay = backoff(failuresWithoutProgress);
        if (retry.retryAfter().isPresent()) {
            Duration asked = retry.retryAfter().get();
            if (asked.compareTo(settings.maxRetryAfter()) > 0) {
                throw new DownloadException(DownloadException.Kind.RETRY_AFTER_TOO_LONG, subject, uri, count,
                        lastStatus, retry.getMessage() + "; the server asks to retry after "
                        // A value past ten digits is read as the longest wait: said as such, not as a
                        // figure the server never sent.
                        + (asked.getSeconds() >= HeaderValues.LONGEST_RETRY_AFTER ? "more than 300 years"
                        : MessageText.duration(asked)) + ", longer than the " + MessageText.duration(settings.maxRetryAfter()) + " allowed", null);
            }
            // The server's wait may lengthen the backoff, never shorten it: a Retry-After of 0, or a
            // date its clock (behind ours) put in the past, had every attempt made at once, the whole
            // budget spent within a second on a server that had just said it was overloaded.
            if (asked.compareTo(delay) > 0) {
                delay = asked;
            }
        }
        String message = SafeText.withoutUserInfo(retry.getMessage()) + "; attempt " + (count + 1) + " of " + settings.maxAttempts() + " in "
                + MessageText.duration(delay);
        tell(message);
        try {
            settings.sleeper().sleep(delay);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    /// Says something about this download that the user should hear while it goes on (a retry, a
    /// server that has not answered yet): logged, and a notice to the listener.
    void tell(String message) {
        LOG.log(System.Logger.Level.INFO, "{0} ({1}): {2}", subject, SafeText.url(uri), SafeText.escape(message));
        settings.listener().onEvent(new ProgressEvent.Notice(eventSource, message));
    }

    /// Exponential backoff with "equal jitter": half the step is fixed, half random, so retries of
    /// many clients spread out while each still waits a predictable minimum.
    private Duration backoff(int failures) {
        long base = settings.backoffFirst().toNanos();
        long max = settings.backoffMax().toNanos();
        long step = base;
        for (int i = 1; i < failures && step < max; i++) {
            step = step > max / 2 ? max : step * 2;
        }
        step = Math.min(step, max);
        long half = step / 2;
        long jitter = half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1);
        return Duration.ofNanos(step - half + jitter);
    }

    DownloadException fail(DownloadException.Kind kind, String detail) {
        return fail(kind, detail, null);
    }

    DownloadException fail(DownloadException.Kind kind, String detail, Throwable cause) {
        return new DownloadException(kind, subject, uri, count, lastStatus, detail, cause);
    }

    DownloadException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new DownloadException(DownloadException.Kind.INTERRUPTED, subject, uri, count, lastStatus,
                "interrupted", e);
    }
}
