package dev.bsee.scraper.internal.text;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/// The tokenizer scans a field eight bytes at a time ([TextTokenizer#scanWords]): it must stop where
/// a byte at a time stops, and find the same classes of the bytes before that, for any bytes.
class TextTokenizerScanTest {

    @Provide
    Arbitrary<byte[]> fieldBytes() {
        // Mostly the bytes of real fields, with every stop byte, NUL and high bytes mixed in.
        Arbitrary<Byte> common = Arbitraries.of((byte) '0', (byte) '5', (byte) '9', (byte) ' ', (byte) 'A',
                (byte) '/', (byte) ':', (byte) '"', (byte) ',', (byte) '\n', (byte) '\r', (byte) 0, (byte) 0xC3,
                (byte) 0xA9, (byte) 0x80, (byte) 0xFF, (byte) 0xB0, (byte) 0xB9, (byte) 0x2F, (byte) 0x3A);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, Arbitraries.bytes().between((byte) '0', (byte) '9')),
                        net.jqwik.api.Tuple.of(2, common),
                        net.jqwik.api.Tuple.of(1, Arbitraries.bytes()))
                .array(byte[].class).ofMaxSize(70);
    }

    @Property(tries = 3000)
    void wordsStopWhereBytesStop(@ForAll("fieldBytes") byte[] bytes, @ForAll @IntRange(max = 9) int start,
                                 @ForAll @IntRange(max = 9) int cut, @ForAll boolean quoted) {
        int from = Math.min(start, bytes.length);
        int limit = Math.max(from, bytes.length - cut);
        long words = TextTokenizer.scanWords(bytes, from, limit, quoted);
        int at = (int) words;
        int classes = (int) (words >>> 32);
        // What the byte loop then does from there.
        while (at < limit && !stops(bytes[at], quoted)) {
            classes |= classes(bytes[at]);
            at++;
        }
        int expectedAt = from;
        int expectedClasses = 0;
        while (expectedAt < limit && !stops(bytes[expectedAt], quoted)) {
            expectedClasses |= classes(bytes[expectedAt]);
            expectedAt++;
        }
        assertThat(at).isEqualTo(expectedAt);
        assertThat(classes).isEqualTo(expectedClasses);
    }

    private static boolean stops(byte b, boolean quoted) {
        return b == '\n' || b == 0 || (quoted ? b == '"' : b == ',' || b == '\r');
    }

    /// 1 for a byte at or above 0x80, 2 for a byte that is not an ASCII digit.
    private static int classes(byte b) {
        return ((b & 0xFF) >= 0x80 ? 1 : 0) | (b >= '0' && b <= '9' ? 0 : 2);
    }
}
