package dev.bsee.core;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectColumnWrapTest {

    private static ByteBuffer longs(long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            buffer.putLong(value);
        }
        return buffer.flip();
    }

    @Test
    void wrappedBuffersReadLikeABuiltColumn() {
        ByteBuffer utf8 = ByteBuffer.wrap("A-1caf\u00e9".getBytes(StandardCharsets.UTF_8));
        ObjectColumn wrapped = ObjectColumn.wrap(utf8, longs(3, 3, 3, 8), ByteBuffer.wrap(new byte[] {0, 1, 0, 0}));
        assertThat(wrapped).isEqualTo(ObjectColumn.of("A-1", null, "", "caf\u00e9"));
        assertThat(wrapped.isMissing(1)).isTrue();
        assertThat(wrapped.get(3)).isEqualTo("caf\u00e9");
    }

    @Test
    void buffersThatDoNotFitTogetherAreRefused() {
        ByteBuffer utf8 = ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ObjectColumn.wrap(utf8, longs(2, 1), ByteBuffer.wrap(new byte[2])))
                .as("decreasing offsets").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectColumn.wrap(utf8, longs(4), ByteBuffer.wrap(new byte[1])))
                .as("beyond the bytes").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectColumn.wrap(utf8, longs(1), ByteBuffer.wrap(new byte[] {2})))
                .as("unknown flag").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectColumn.wrap(utf8, longs(1), ByteBuffer.wrap(new byte[] {1})))
                .as("a missing value with text").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectColumn.wrap(utf8, longs(1, 2), ByteBuffer.wrap(new byte[1])))
                .as("offsets and flags for different row counts").isInstanceOf(IllegalArgumentException.class);
    }
}
