package dev.bsee.core;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void wrappedObjectBuffersEqualTheBuiltColumn(@ForAll @Size(max = 50) List<@From("maybeText") Optional<String>> values) {
        ObjectColumn.Builder builder = ObjectColumn.builder(BufferAllocator.heap());
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
        ByteBuffer ends = ByteBuffer.allocate(values.size() * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer flags = ByteBuffer.allocate(values.size());
        for (Optional<String> value : values) {
            if (value.isPresent()) {
                builder.add(value.get());
                utf8.writeBytes(value.get().getBytes(StandardCharsets.UTF_8));
            } else {
                builder.addMissing();
            }
            ends.putLong(utf8.size());
            flags.put((byte) (value.isPresent() ? 0 : 1));
        }
        ObjectColumn wrapped = ObjectColumn.wrap(ByteBuffer.wrap(utf8.toByteArray()), ends.flip(), flags.flip());
        assertThat(wrapped).isEqualTo(builder.build());
    }

    @Provide
    Arbitrary<Optional<String>> maybeText() {
        return Arbitraries.strings().ofMaxLength(5).injectNull(0.3).map(Optional::ofNullable);
    }

    @Test
    void wrappingRefusesBuffersThatDescribeNoColumn() {
        ByteBuffer twoRows = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(2).putLong(1).flip();
        assertThatThrownBy(() -> ObjectColumn.wrap(ByteBuffer.allocate(2), twoRows, ByteBuffer.allocate(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1 ends at 1 after 2");
        ByteBuffer ascending = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1).putLong(2).flip();
        assertThatThrownBy(() -> ObjectColumn.wrap(ByteBuffer.allocate(2), ascending.duplicate(), ByteBuffer.wrap(new byte[] {0, 1})))
                .hasMessageContaining("row 1 ends at 2 after 1");
        assertThatThrownBy(() -> ObjectColumn.wrap(ByteBuffer.allocate(2), ascending.duplicate(), ByteBuffer.wrap(new byte[] {0, 2})))
                .hasMessageContaining("row 1 has flag 2");
        assertThatThrownBy(() -> ObjectColumn.wrap(ByteBuffer.allocate(3), ascending.duplicate(), ByteBuffer.allocate(2)))
                .hasMessageContaining("rows end at 2 in 3 bytes");
        assertThatThrownBy(() -> ObjectColumn.wrap(ByteBuffer.allocate(2), ascending.duplicate(), ByteBuffer.allocate(3)))
                .hasMessageContaining("offsets for 2 rows but flags for 3");
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
