package dev.bsee.binary;

import dev.bsee.core.BufferAllocator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// The operands that follow opcodes: Python's variable-width integers and strict UTF-8 strings.
class OperandsTest {
    private static Operands over(int... bytes) {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        return new Operands(new PickleInput(new ByteArrayInputStream(data), -1), BufferAllocator.heap(),
                new OpcodePosition(), null);
    }

    @Test
    void variableWidthIntegersAreTwosComplementLittleEndian() throws IOException {
        assertThat(over().longOfLength(0)).isZero();
        assertThat(over(0xff).longOfLength(1)).isEqualTo(-1);
        assertThat(over(0x80, 0x00).longOfLength(2)).isEqualTo(128);
        assertThat(over(0x00, 0x80).longOfLength(2)).isEqualTo(-32768);
        assertThat(over(0xff, 0xff, 0xff, 0x7f).longOfLength(4)).isEqualTo(Integer.MAX_VALUE);
        assertThat(over(0, 0, 0, 0, 0, 0, 0, 0x80).longOfLength(8)).isEqualTo(Long.MIN_VALUE);
        assertThat(over(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f).longOfLength(8)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void integersBeyondSixtyFourBitsAreRefused() {
        assertThatThrownBy(() -> over(1, 2, 3, 4, 5, 6, 7, 8, 9).longOfLength(9))
                .hasMessageStartingWith("integer of 9 bytes; only 64-bit integers are supported");
        assertThatThrownBy(() -> over().longOfLength(-1)).hasMessageStartingWith("integer of -1 bytes");
    }

    @Test
    void stringsMustBeStrictUtf8() throws IOException {
        assertThat(over(0x68, 0xc3, 0xa9).string(3).text()).isEqualTo("hé");
        // A lone surrogate (Python writes it with surrogatepass) and a truncated sequence.
        assertThatThrownBy(() -> over(0xed, 0xa0, 0x80).string(3)).hasMessageStartingWith(Operands.INVALID_UTF8);
        assertThatThrownBy(() -> over(0x68, 0xc3).string(2)).hasMessageStartingWith(Operands.INVALID_UTF8);
        assertThatThrownBy(() -> over(0x68).string(2)).hasMessageContaining("truncated");
    }
}
