package dev.bsee.bridge.internal;

import java.time.Duration;

/// Durations as people read them: `250 ms`, `4.2 s`, `3 min 20 s`.
public final class DurationFormat {

    private DurationFormat() {
    }

    /// Formats a duration.
    ///
    /// @param duration the duration
    /// @return the text
    public static String of(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = duration.toSeconds();
        return seconds < 3600 ? seconds / 60 + " min " + seconds % 60 + " s"
                : seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}
