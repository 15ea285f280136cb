package dev.bsee.binary;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/// The byte-wise reads of the loops over list items agree with the JDK's: a float item is NaN
/// exactly when `Double.isNaN` says so (every NaN, signalling and negative ones included, no
/// infinity), a memo reference's operand is its little-endian integer, and a range is ASCII exactly
/// when no byte is 0x80 or above.
class ListItemBytesProperties {

    @Property(tries = 2000)
    void aBigEndianDoubleIsNanExactlyWhenTheJdkSaysSo(@ForAll long bits, @ForAll boolean nanExponent) {
        // Half the tries with the exponent of NaN and infinity, where the cases lie.
        long value = nanExponent ? bits | 0x7ff0_0000_0000_0000L : bits;
        byte[] bytes = new byte[10];
        ByteBuffer.wrap(bytes).putLong(1, value);

        assertThat(ListItems.bigEndianNaN(bytes, 1)).isEqualTo(Double.isNaN(Double.longBitsToDouble(value)));
    }

    @Property(tries = 1000)
    void aMemoReferenceIsItsOperandAsPickleReadsIt(@ForAll int index, @ForAll boolean longForm) {
        byte[] bytes = new byte[6];
        bytes[1] = (byte) (longForm ? Opcodes.LONG_BINGET : Opcodes.BINGET);
        ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(2, index);

        assertThat(ListItems.memoIndex(bytes, 1, bytes[1] & 0xff)).isEqualTo(longForm ? index : index & 0xff);
    }

    @Property(tries = 1000)
    void aRangeIsAsciiExactlyWhenNoByteHasTheHighBitSet(@ForAll @Size(max = 40) byte[] bytes, @ForAll boolean lowBytes) {
        if (lowBytes) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] &= 0x7f;
            }
        }
        for (int from = 0; from <= bytes.length; from++) {
            for (int length = 0; from + length <= bytes.length; length++) {
                boolean ascii = true;
                for (int i = from; i < from + length; i++) {
                    ascii &= bytes[i] >= 0;
                }
                assertThat(ListItems.ascii(bytes, from, length)).isEqualTo(ascii);
            }
        }
    }
}
