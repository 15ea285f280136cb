package dev.bsee.scraper.internal.text;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/// The tokenizer's eight-bytes-at-a-time scan finds what its byte tables find: the first byte that
/// stops a quoted or an unquoted field, and the classes (non-ASCII, not a digit) of the bytes before
/// it. The differential test of whole and trickled reads (`TextTableParserTest`) compares the two
/// paths on whole tables; this one compares them on every kind of byte, one word at a time.
class TextTokenizerWordTest {

    /// Bytes around every boundary the word arithmetic tests: the stops, the digits' edges, ASCII's
    /// edge, and NUL's and 0x01's neighbours, where a borrow starts.
    @Provide
    Arbitrary<Long> words() {
        Arbitrary<Byte> edges = Arbitraries.of((byte) 0, (byte) 1, (byte) '\n', (byte) '\r', (byte) '"', (byte) ',',
                (byte) ('0' - 1), (byte) '0', (byte) '9', (byte) ('9' + 1), (byte) 0x7F, (byte) 0x80, (byte) 0xB0,
                (byte) 0xB9, (byte) 0xFF, (byte) ('"' + 0x80), (byte) (',' + 0x80), (byte) 0x8A);
        Arbitrary<Byte> any = Arbitraries.bytes();
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, edges), net.jqwik.api.Tuple.of(1, any))
                .array(byte[].class).ofSize(Long.BYTES)
                .map(bytes -> {
                    long word = 0;
                    for (int i = Long.BYTES - 1; i >= 0; i--) {
                        word = word << Byte.SIZE | (bytes[i] & 0xFF);
                    }
                    return word;
                });
    }

    @Property(tries = 20_000)
    void theFirstStopIsTheTablesFirstStop(@ForAll("words") long word) {
        assertThat(firstStop(TextTokenizer.quotedStops(word))).isEqualTo(firstStop(word, TextTokenizer.QUOTED));
        assertThat(firstStop(TextTokenizer.unquotedStops(word))).isEqualTo(firstStop(word, TextTokenizer.UNQUOTED));
    }

    @Property(tries = 20_000)
    void theClassesOfTheBytesBeforeAPlaceAreTheTables(@ForAll("words") long word,
                                                      @ForAll @IntRange(min = 0, max = Long.BYTES) int before) {
        long mask = before == Long.BYTES ? -1L : (1L << (before * Byte.SIZE)) - 1;
        int expected = 0;
        for (int i = 0; i < before; i++) {
            expected |= TextTokenizer.CLASSES[(int) (word >>> (i * Byte.SIZE)) & 0xFF];
        }
        assertThat(TextTokenizer.wordClasses(word, mask)).isEqualTo(expected);
    }

    /// The index of the lowest flagged byte, or 8 for none.
    private static int firstStop(long flags) {
        return Long.numberOfTrailingZeros(flags) >>> 3;
    }

    private static int firstStop(long word, int[] classes) {
        for (int i = 0; i < Long.BYTES; i++) {
            if ((classes[(int) (word >>> (i * Byte.SIZE)) & 0xFF] & TextTokenizer.STOP) != 0) {
                return i;
            }
        }
        return Long.BYTES;
    }
}
