package dev.bsee.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bsee.core.internal.PythonText;
import dev.bsee.core.peer.PandasPeers;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/// [PythonText], the one rule for number and timestamp text, against what Python and pandas print:
/// random doubles (any bit pattern, decimals, the exponent edges of `repr`'s two notations) against
/// `repr(float)`, random `datetime64[ns]` values against `str(pd.Timestamp)`, a batch per peer call.
/// A failing batch names every value that differs, so no shrinking is needed to find one.
class PythonTextProperties {

    /// Started by the first property that asks; jqwik runs no JUnit extensions, so its container
    /// hook closes them.
    private static final PandasPeers peers = new PandasPeers();

    @AfterContainer
    static void stopPeers() {
        peers.close();
    }

    @Provide
    Arbitrary<List<Double>> doubles() {
        Arbitrary<Double> anyBits = Arbitraries.longs().map(Double::longBitsToDouble);
        Arbitrary<Double> decimals = Arbitraries.bigDecimals().between(java.math.BigDecimal.valueOf(-1e6),
                java.math.BigDecimal.valueOf(1e6)).ofScale(6).map(java.math.BigDecimal::doubleValue);
        Arbitrary<Double> nearTheSwitch = Arbitraries.integers().between(-8, 20).flatMap(exponent ->
                Arbitraries.integers().between(1, 99).map(digits -> digits * Math.pow(10, exponent)));
        Arbitrary<Double> special = Arbitraries.of(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 1e16, 1e-5, 1e-4,
                9999999999999998.0, 0.1 + 0.2);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, anyBits), net.jqwik.api.Tuple.of(3, decimals),
                        net.jqwik.api.Tuple.of(3, nearTheSwitch), net.jqwik.api.Tuple.of(1, special))
                .list().ofSize(200);
    }

    @Provide
    Arbitrary<List<Long>> timestamps() {
        // pandas' Timestamp range: 1677-09-21 to 2262-04-11; whole seconds, micros and nanos alike.
        Arbitrary<Long> any = Arbitraries.longs().between(-9_223_372_036_854_775_000L + 1_000_000_000L,
                9_223_372_036_854_775_000L);
        Arbitrary<Long> wholeSeconds = Arbitraries.longs().between(-9_000_000_000L, 9_000_000_000L).map(s -> s * 1_000_000_000L);
        Arbitrary<Long> micros = Arbitraries.longs().between(-9_000_000_000_000_000L, 9_000_000_000_000_000L)
                .map(us -> us / 1000 * 1000);
        return Arbitraries.oneOf(any, wholeSeconds, micros).list().ofSize(200);
    }

    @Property(tries = 25)
    void doublesAreWrittenAsPythonsRepr(@ForAll("doubles") List<Double> values) {
        List<Long> bits = values.stream().map(Double::doubleToRawLongBits).toList();
        JsonNode expected = peers.pandas22().call("import struct\n"
                + "result = [repr(struct.unpack('<d', struct.pack('<q', b))[0]) for b in args['bits']]", Map.of("bits", bits));
        assertThat(differences(values, expected, PythonText::repr)).as("doubles whose text differs from repr").isEmpty();
    }

    @Property(tries = 10)
    void timestampsAreWrittenAsPandasPrintsThem(@ForAll("timestamps") List<Long> nanos) {
        JsonNode expected = peers.pandas22().call("result = [str(pd.Timestamp(n)) for n in args['nanos']]", Map.of("nanos", nanos));
        assertThat(differences(nanos, expected, PythonText::timestamp)).as("timestamps whose text differs from str(Timestamp)")
                .isEmpty();
    }

    /// Each value whose Java text is not the peer's, with both texts.
    private static <T> List<String> differences(List<T> values, JsonNode expected, Function<T, String> java) {
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String text = java.apply(values.get(i));
            if (!text.equals(expected.get(i).asText())) {
                differences.add(values.get(i) + ": Python " + expected.get(i).asText() + ", Java " + text);
            }
        }
        return differences;
    }

    @Test
    void columnsShowValuesByTheSameRuleWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            for (Locale locale : List.of(Locale.ROOT, Locale.forLanguageTag("ar-EG"), Locale.forLanguageTag("hi-IN-u-nu-deva"),
                    Locale.GERMANY)) {
                Locale.setDefault(locale);
                assertThat(Float64Column.of(1e-5, 1e16, 0.5, 1, Double.NaN, Double.NEGATIVE_INFINITY))
                        .extracting(c -> List.of(c.format(0), c.format(1), c.format(2), c.format(3), c.format(4), c.format(5)))
                        .as(locale.toLanguageTag()).isEqualTo(List.of("1e-05", "1e+16", "0.5", "1.0", "NaN", "-inf"));
                DateTimeColumn times = DateTimeColumn.of(1_709_424_060_000_000_000L, 1_709_424_060_500_000_000L,
                        1_709_424_060_000_000_001L, DateTimeColumn.NAT);
                assertThat(List.of(times.format(0), times.format(1), times.format(2), times.format(3)))
                        .as(locale.toLanguageTag()).containsExactly("2024-03-03 00:01:00", "2024-03-03 00:01:00.500000",
                                "2024-03-03 00:01:00.000000001", "NaT");
                assertThat(PythonText.timestamp(-1, 3)).isEqualTo("1969-12-31 23:59:59.999");
                assertThat(PythonText.timestamp(0, -1)).isEqualTo("1970-01-01");
            }
        } finally {
            Locale.setDefault(before);
        }
    }
}
