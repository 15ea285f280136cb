package dev.bsee.scraper.internal.text;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/// [NaTokens#isNa] against the list it matches, for any text anywhere in a buffer: the text is read
/// as one word, so its place (at the buffer's start, in the middle, flush with its end, in a buffer
/// shorter than a word) and the bytes around it must not change the answer.
class NaTokensProperties {

    /// pandas 2.x's `STR_NA_VALUES`, spelled out here rather than taken from the class under test.
    private static final List<String> PANDAS = List.of("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN",
            "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null");
    private static final Set<String> MISSING = Set.copyOf(PANDAS);

    @Property(tries = 3000)
    void aTextIsMissingExactlyWhenItIsOneOfPandasTokens(@ForAll("texts") byte[] text,
                                                        @ForAll @IntRange(max = 20) int before,
                                                        @ForAll @IntRange(max = 20) int after,
                                                        @ForAll byte filler) {
        // Shorter than a word too, where the text is read a byte at a time.
        int size = before + text.length + after;
        byte[] buffer = new byte[size];
        Arrays.fill(buffer, filler);
        int offset = size - after - text.length;
        System.arraycopy(text, 0, buffer, offset, text.length);
        boolean expected = MISSING.contains(new String(text, StandardCharsets.ISO_8859_1));
        assertThat(NaTokens.isNa(buffer, offset, text.length))
                .as("%s at %d of %d bytes", Arrays.toString(text), offset, size)
                .isEqualTo(expected);
    }

    /// Tokens, tokens one byte off (changed, cut, lengthened, NUL added: `NA\0` shares `NA`'s first
    /// bytes and differs only in length), and any short bytes.
    @Provide
    Arbitrary<byte[]> texts() {
        Arbitrary<byte[]> tokens = Arbitraries.of(PANDAS).map(t -> t.getBytes(StandardCharsets.US_ASCII));
        Arbitrary<byte[]> nearTokens = tokens.flatMap(token -> Arbitraries.integers().between(0, 3).flatMap(kind ->
                Arbitraries.bytes().flatMap(b -> Arbitraries.integers().between(0, Math.max(0, token.length - 1))
                        .map(at -> switch (kind) {
                            case 0 -> token.length == 0 ? new byte[] {b} : changed(token, at, b);
                            case 1 -> Arrays.copyOf(token, Math.max(0, token.length - 1));
                            case 2 -> appended(token, b);
                            default -> appended(token, (byte) 0);
                        }))));
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(12);
        Arbitrary<byte[]> letters = Arbitraries.strings().withChars("#/-.1<>ANIDULQaeln ").ofMaxLength(10)
                .map(s -> s.getBytes(StandardCharsets.US_ASCII));
        return Arbitraries.frequencyOf(
                Tuple.of(3, tokens), Tuple.of(4, nearTokens),
                Tuple.of(2, any), Tuple.of(3, letters));
    }

    private static byte[] changed(byte[] token, int at, byte b) {
        byte[] copy = token.clone();
        copy[at] = b;
        return copy;
    }

    private static byte[] appended(byte[] token, byte b) {
        byte[] copy = Arrays.copyOf(token, token.length + 1);
        copy[token.length] = b;
        return copy;
    }

    @Property(tries = 200)
    void everyTokenIsMissingWhereverItLies(@ForAll @IntRange(max = 40) int before, @ForAll @IntRange(max = 40) int after) {
        for (String token : PANDAS) {
            byte[] bytes = token.getBytes(StandardCharsets.US_ASCII);
            byte[] buffer = new byte[before + bytes.length + after];
            Arrays.fill(buffer, (byte) 'N');
            int offset = buffer.length - after - bytes.length;
            System.arraycopy(bytes, 0, buffer, offset, bytes.length);
            assertThat(NaTokens.isNa(buffer, offset, bytes.length)).as("%s at %d", token, offset).isTrue();
        }
        assertThat(PANDAS.stream().map(String::length).collect(Collectors.toSet())).allMatch(n -> n <= Long.BYTES);
    }
}
