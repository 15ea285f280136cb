package dev.bsee.bridge.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/// Row totals of manifests saturate rather than wrap: a hand-edited manifest's counts, each valid,
/// can add up past a long (status printed a negative or wrapped total).
class ChangesTest {

    @Test
    void countsAddUpToTheLargestLongAtMost() {
        assertThat(Changes.plus(2, 3)).isEqualTo(5);
        assertThat(Changes.plus(Long.MAX_VALUE - 1, 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(Changes.plus(Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(Changes.plus(Long.MAX_VALUE / 2 + 1, Long.MAX_VALUE / 2 + 1)).isEqualTo(Long.MAX_VALUE);
    }
}
