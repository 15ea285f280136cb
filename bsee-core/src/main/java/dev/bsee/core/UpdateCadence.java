package dev.bsee.core;

import java.time.Duration;

/// How often BSEE republishes a source's archive.
public enum UpdateCadence {
    /// Every day.
    DAILY(Duration.ofDays(1)),
    /// Twice a month.
    BI_MONTHLY(Duration.ofDays(15)),
    /// Every month.
    MONTHLY(Duration.ofDays(30)),
    /// No fixed schedule.
    IRREGULAR(Duration.ofDays(1));

    private final Duration period;

    UpdateCadence(Duration period) {
        this.period = period;
    }

    /// The usual time between two publications.
    ///
    /// @return the period
    public Duration period() {
        return period;
    }
}
