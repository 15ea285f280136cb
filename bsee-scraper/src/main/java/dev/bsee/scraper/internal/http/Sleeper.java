package dev.bsee.scraper.internal.http;

import java.time.Duration;

/// Waits between attempts: the seam through which tests see the delays a fetcher chose without
/// spending them, the way a [java.time.Clock] lets them see times.
@FunctionalInterface
public interface Sleeper {

    /// The sleeper that waits with [Thread#sleep(Duration)].
    Sleeper SYSTEM = Thread::sleep;

    /// Waits for `duration`.
    ///
    /// @param duration how long
    /// @throws InterruptedException when interrupted while waiting
    void sleep(Duration duration) throws InterruptedException;
}
