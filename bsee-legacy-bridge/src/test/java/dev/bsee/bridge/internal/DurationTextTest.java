package dev.bsee.bridge.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class DurationTextTest {

    @Test
    void acceptsSecondsUnitsAndIso() {
        assertThat(DurationText.parse("600")).isEqualTo(Duration.ofSeconds(600));
        assertThat(DurationText.parse("2.5")).isEqualTo(Duration.ofMillis(2500));
        assertThat(DurationText.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(DurationText.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationText.parse("1h 30m 15s")).isEqualTo(Duration.ofSeconds(5415));
        assertThat(DurationText.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationText.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(DurationText.parse("PT20M")).isEqualTo(Duration.ofMinutes(20));
        assertThat(DurationText.parse(" 40S ")).isEqualTo(Duration.ofSeconds(40));
    }

    /// YAML writes a float with an exponent (`1.0e+3`); a huge one is too large, not unreadable, and
    /// an exponent of many digits is refused before any arithmetic is attempted with it.
    @Test
    void acceptsSecondsWithAnExponent() {
        assertThat(DurationText.parse("1.0e+3")).isEqualTo(Duration.ofSeconds(1000));
        assertThat(DurationText.parse("1.5E2")).isEqualTo(Duration.ofSeconds(150));
        assertThat(DurationText.parse("25e-3")).isEqualTo(Duration.ofMillis(25));
        assertThatThrownBy(() -> DurationText.parse("1.0e300")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("too large: 1.0e300");
        assertThatThrownBy(() -> DurationText.parse("1e-999999999")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10m");
    }

    /// `cache.ttl_hours` arrives as any number YAML reads: one with an exponent of eight digits took
    /// minutes of CPU to compare with the longest duration, and truncating a tiny one as long.
    @Test
    void hoursWithAHugeExponentAreWeighedWithoutExpandingThem() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThatThrownBy(() -> DurationText.ofHours(new java.math.BigDecimal("1e99999999"), "1e99999999"))
                    .hasMessageStartingWith("too large: 1e99999999 hours");
            assertThat(DurationText.ofHours(new java.math.BigDecimal("1e-99999999"), "1e-99999999"))
                    .isEqualTo(Duration.ZERO);
            // A scale at the edge of an int: scaling it by 10^9 overflowed as a bare "Overflow".
            assertThatThrownBy(() -> DurationText.ofHours(new java.math.BigDecimal("1e2147483640"), "1e2147483640"))
                    .hasMessageStartingWith("too large: 1e2147483640 hours");
            assertThat(DurationText.ofHours(new java.math.BigDecimal("1e-2147483640"), "1e-2147483640"))
                    .isEqualTo(Duration.ZERO);
            assertThat(DurationText.ofHours(new java.math.BigDecimal("2.5e3"), "2.5e3")).isEqualTo(Duration.ofHours(2500));
            assertThatThrownBy(() -> DurationText.ofHours(new java.math.BigDecimal("2.6e6"), "2.6e6"))
                    .hasMessageStartingWith("too large");
        });
    }

    @Test
    void refusesOtherText() {
        for (String text : new String[] {"soon", "10 minutes", "m10", "-5", "", "1x", "PTX"}) {
            assertThatThrownBy(() -> DurationText.parse(text)).as(text)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10m");
        }
    }
}
