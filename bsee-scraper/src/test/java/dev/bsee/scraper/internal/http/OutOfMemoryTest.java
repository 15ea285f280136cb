package dev.bsee.scraper.internal.http;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// The HTTP client passes an [OutOfMemoryError] of its threads on wrapped in an I/O failure; the
/// download must not take it for a network failure ("request failed: Java heap space", retried).
class OutOfMemoryTest {

    @Test
    void anOutOfMemoryErrorInsideAnIoFailureIsThrownAsItself() {
        OutOfMemoryError heap = new OutOfMemoryError("Java heap space");
        assertThatThrownBy(() -> Engine.rethrowOutOfMemory(new IOException("failed", new IOException(heap))))
                .isSameAs(heap);
        assertThatCode(() -> Engine.rethrowOutOfMemory(new IOException("connection reset"))).doesNotThrowAnyException();
    }

    @Test
    void aBodyThatFailedForWantOfHeapThrowsTheError() {
        OutOfMemoryError heap = new OutOfMemoryError("Java heap space");
        BodyStream body = new BodyStream(Duration.ofSeconds(5), Duration.ofSeconds(5), System.nanoTime() + 5_000_000_000L);
        body.onError(new IOException("subscriber failed", heap));
        assertThatThrownBy(() -> body.read(new byte[16], 0, 16)).isSameAs(heap);

        BodyStream broken = new BodyStream(Duration.ofSeconds(5), Duration.ofSeconds(5), System.nanoTime() + 5_000_000_000L);
        broken.onError(new IOException("connection reset"));
        assertThatThrownBy(() -> broken.read(new byte[16], 0, 16)).isInstanceOf(IOException.class)
                .hasMessage("connection reset");
        assertThat(heap.getMessage()).isEqualTo("Java heap space");
    }
}
