package dev.bsee.scraper;

import dev.bsee.scraper.internal.http.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/// Records the waits a fetcher asks for instead of sleeping, so retry tests take no wall time.
final class RecordingSleeper implements Sleeper {

    private final List<Duration> waits = new ArrayList<>();

    @Override
    public synchronized void sleep(Duration duration) {
        waits.add(duration);
    }

    synchronized List<Duration> waits() {
        return List.copyOf(waits);
    }
}
