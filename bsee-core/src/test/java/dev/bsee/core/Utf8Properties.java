package dev.bsee.core;

import dev.bsee.core.internal.Utf8;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/// The reader's UTF-8 checks agree with the JDK's strict decoder, on any range of an array, and the
/// two-word ASCII test agrees with looking at each byte.
class Utf8Properties {

    /// Mostly ASCII with some multi-byte sequences, broken ones and surrogates among them.
    @Provide
    Arbitrary<byte[]> text() {
        Arbitrary<byte[]> piece = Arbitraries.oneOf(
                Arbitraries.bytes().between((byte) 0, (byte) 0x7f).array(byte[].class).ofMaxSize(20),
                Arbitraries.strings().ofMaxLength(6).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.of(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xc0, (byte) 0x80},
                        new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xe2, (byte) 0x82}),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(4));
        return piece.list().ofMaxSize(6).map(pieces -> {
            ByteBuffer joined = ByteBuffer.allocate(pieces.stream().mapToInt(p -> p.length).sum());
            pieces.forEach(joined::put);
            return joined.array();
        });
    }

    @Property(tries = 2000)
    void validityAgreesWithTheStrictDecoder(@ForAll("text") byte[] bytes, @ForAll @IntRange(max = 3) int before,
                                            @ForAll @IntRange(max = 3) int after) {
        // Bytes around the range are never valid UTF-8: looking at them would show.
        byte[] padded = new byte[before + bytes.length + after];
        Arrays.fill(padded, (byte) 0xff);
        System.arraycopy(bytes, 0, padded, before, bytes.length);
        assertThat(Utf8.isValid(padded, before, bytes.length)).isEqualTo(strictlyDecodes(bytes));
        assertThat(Utf8.isValid(bytes)).isEqualTo(strictlyDecodes(bytes));
    }

    @Property(tries = 1000)
    void latin1TextGivesBackItsBytes(@ForAll byte[] bytes, @ForAll("text") byte[] other) {
        byte[] utf8 = new String(bytes, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.toLatin1(utf8)).isEqualTo(bytes);
        if (strictlyDecodes(other)) {
            String text = new String(other, StandardCharsets.UTF_8);
            boolean latin1 = text.chars().allMatch(c -> c < 256);
            assertThat(Utf8.toLatin1(other)).isEqualTo(latin1 ? text.getBytes(StandardCharsets.ISO_8859_1) : null);
        }
    }

    @Property(tries = 1000)
    void latin1ToUtf8AgreesWithTheJdk(@ForAll byte[] bytes, @ForAll @IntRange(max = 3) int before) {
        byte[] padded = new byte[before + bytes.length];
        System.arraycopy(bytes, 0, padded, before, bytes.length);
        byte[] expected = new String(bytes, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.latin1Utf8Length(padded, before, bytes.length)).isEqualTo(expected.length);
        byte[] target = new byte[expected.length + 2];
        assertThat(Utf8.latin1ToUtf8(padded, before, bytes.length, target, 1)).isEqualTo(expected.length + 1);
        assertThat(Arrays.copyOfRange(target, 1, expected.length + 1)).isEqualTo(expected);
    }

    private static boolean strictlyDecodes(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
