package dev.bsee.core.internal;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionChecksTest {

    /// The bounds are written in seconds so that loading the class loads no date-time formatting;
    /// they are the instants the four-digit dates name.
    @Test
    void theDatableYearsAreOneTo9999() {
        assertThat(OptionChecks.FIRST_DATABLE).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        assertThat(OptionChecks.LAST_DATABLE).isEqualTo(Instant.parse("9999-12-31T23:59:59.999999999Z"));
        for (Instant edge : new Instant[] {OptionChecks.FIRST_DATABLE, OptionChecks.LAST_DATABLE}) {
            assertThat(OptionChecks.datable("clock", Clock.fixed(edge, ZoneOffset.UTC))).isEqualTo(edge);
        }
        for (Instant outside : new Instant[] {OptionChecks.FIRST_DATABLE.minusNanos(1), OptionChecks.LAST_DATABLE.plusNanos(1)}) {
            assertThatThrownBy(() -> OptionChecks.datable("clock", Clock.fixed(outside, ZoneOffset.UTC)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clock must give a time within the years 1 to 9999");
        }
    }
}
