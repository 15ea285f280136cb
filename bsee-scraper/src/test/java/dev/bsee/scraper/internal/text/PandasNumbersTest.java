package dev.bsee.scraper.internal.text;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/// The converter takes a digit run of up to [PandasNumbers#EXACT_DIGITS] digits in a float column as
/// its integer value cast to double, without parsing its text: that must be, bit for bit, what
/// pandas' float parsing ([PandasNumbers#parseDouble]) makes of the text.
class PandasNumbersTest {

    @Provide
    Arbitrary<String> digitRuns() {
        Arbitrary<String> any = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(PandasNumbers.EXACT_DIGITS);
        // The largest values, where rounding would show first: up to 999,999,999,999,999 < 2^53.
        Arbitrary<String> large = Arbitraries.longs().between(900_000_000_000_000L, 999_999_999_999_999L)
                .map(String::valueOf);
        Arbitrary<String> zeroPadded = Arbitraries.longs().between(0, 99_999_999L)
                .map(v -> String.format("%015d", v));
        return Arbitraries.oneOf(any, large, zeroPadded);
    }

    @Property(tries = 2000)
    void aShortDigitRunParsesToItsValueAsADouble(@ForAll("digitRuns") String digits) {
        byte[] text = digits.getBytes(StandardCharsets.US_ASCII);
        PandasNumbers numbers = new PandasNumbers();
        assertThat(numbers.parseDouble(text, 0, text.length)).isTrue();
        assertThat(Double.doubleToRawLongBits(numbers.doubleValue))
                .as(digits).isEqualTo(Double.doubleToRawLongBits((double) Long.parseLong(digits)));
    }
}
