package dev.bsee.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ColumnProperties {

    @Property
    void objectColumnsReturnEveryStringAndMissingValue(@ForAll @Size(max = 200) List<String> values,
                                                       @ForAll @Size(max = 200) List<Boolean> missing) {
        ObjectColumn.Builder builder = ObjectColumn.builder(BufferAllocator.heap());
        for (int i = 0; i < values.size(); i++) {
            if (i < missing.size() && missing.get(i)) {
                builder.addMissing();
            } else {
                builder.add(values.get(i));
            }
        }
        ObjectColumn column = builder.build();
        assertThat(column.size()).isEqualTo(values.size());
        for (int i = 0; i < values.size(); i++) {
            if (i < missing.size() && missing.get(i)) {
                assertThat(column.isMissing(i)).isTrue();
            } else {
                // Strings with lone surrogates do not survive UTF-8; compare through the same encoding.
                String expected = new String(values.get(i).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
                assertThat(column.get(i)).isEqualTo(expected);
            }
        }
    }

    @Property
    void fixedWidthColumnsRoundTripTheirValues(@ForAll long[] longs, @ForAll double[] doubles) {
        Int64Column ints = Int64Column.of(longs);
        Float64Column floats = Float64Column.of(doubles);
        for (int i = 0; i < longs.length; i++) {
            assertThat(ints.get(i)).isEqualTo(longs[i]);
        }
        for (int i = 0; i < doubles.length; i++) {
            assertThat(Double.doubleToRawLongBits(floats.get(i))).isEqualTo(Double.doubleToRawLongBits(doubles[i]));
        }
        assertThat(Int64Column.wrap(ints.rawBytes())).isEqualTo(ints);
        assertThat(Float64Column.wrap(floats.rawBytes())).isEqualTo(floats);
    }
}
