package dev.bsee.scraper.http;

import java.time.Duration;
import java.util.Locale;

/// Durations and sizes as people read them in messages.
public final class Durations {

    private Durations() {
    }

    /// A duration such as `250 ms`, `1.5 s` or `20 min`.
    ///
    /// @param d the duration
    /// @return the text
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 120_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return String.format(Locale.ROOT, "%.1f min", ms / 60_000.0);
    }

    /// A byte count such as `512 B`, `3.4 KiB` or `120.5 MiB`.
    ///
    /// @param bytes the count
    /// @return the text
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
