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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColumnProperties {

    /// The two columns of 64-bit integers share one reading of their bits: the same bits at each
    /// row, never missing, out-of-range rows refused alike; they differ in how the bits read as a
    /// number (signed, or unsigned as numpy's `uint64`) and are never equal to each other.
    @Property
    void signedAndUnsignedColumnsReadTheSameBitsTheirOwnWay(@ForAll @Size(max = 100) long[] bits) {
        Int64Column signed = Int64Column.of(bits);
        UInt64Column unsigned = UInt64Column.wrap(signed.rawBytes());
        assertThat(unsigned.size()).isEqualTo(bits.length);
        for (int row = 0; row < bits.length; row++) {
            assertThat(signed.get(row)).isEqualTo(bits[row]);
            assertThat(unsigned.get(row)).isEqualTo(bits[row]);
            assertThat(signed.isMissing(row) || unsigned.isMissing(row)).isFalse();
            assertThat(signed.value(row)).contains(bits[row]);
            assertThat(unsigned.value(row)).contains(new java.math.BigInteger(Long.toUnsignedString(bits[row])));
            assertThat(signed.format(row)).isEqualTo(Long.toString(bits[row]));
            assertThat(unsigned.format(row)).isEqualTo(Long.toUnsignedString(bits[row]));
        }
        for (int row : new int[] {-1, bits.length}) {
            assertThatThrownBy(() -> signed.get(row)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> unsigned.get(row)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> unsigned.isMissing(row)).isInstanceOf(IndexOutOfBoundsException.class);
        }
        assertThat(unsigned).isEqualTo(UInt64Column.of(bits)).isNotEqualTo(signed);
        assertThat(signed.dtype()).isEqualTo(DType.INT64);
        assertThat(unsigned.dtype()).isEqualTo(DType.UINT64);
    }

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

    /// Strings, bools and missing values side by side (read_csv's True/False with gaps, or a pickle's
    /// mixed object column): each reads back as what was added, through every accessor, the batch
    /// copy, a row-by-row copy and wrapped buffers.
    @Property
    void objectColumnsHoldBoolsBesideStringsAndMissingValues(
            @ForAll @Size(max = 60) List<@From("maybeTextOrBool") Optional<Object>> values) {
        ObjectColumn.Builder builder = ObjectColumn.builder(BufferAllocator.heap());
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
        ByteBuffer ends = ByteBuffer.allocate(values.size() * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer flags = ByteBuffer.allocate(values.size());
        for (Optional<Object> value : values) {
            switch (value.orElse(null)) {
                case null -> {
                    builder.addMissing();
                    flags.put((byte) 1);
                }
                case Boolean bool -> {
                    builder.add(bool);
                    flags.put((byte) (bool ? 2 : 3));
                }
                case Object text -> {
                    builder.add((String) text);
                    utf8.writeBytes(((String) text).getBytes(StandardCharsets.UTF_8));
                    flags.put((byte) 0);
                }
            }
            ends.putLong(utf8.size());
        }
        ObjectColumn column = builder.build();
        assertThat(ObjectColumn.wrap(ByteBuffer.wrap(utf8.toByteArray()), ends.flip(), flags.flip())).isEqualTo(column);
        ObjectColumn.Builder copy = ObjectColumn.builder(BufferAllocator.heap());
        byte[] target = new byte[64];
        int[] lengths = new int[values.size()];
        int copied = column.copyUtf8(0, column.size(), target, lengths);
        for (int row = 0; row < column.size(); row++) {
            Object expected = values.get(row).orElse(null);
            assertThat(column.value(row).orElse(null)).isEqualTo(expected);
            assertThat(column.isMissing(row)).isEqualTo(expected == null);
            assertThat(column.isString(row)).isEqualTo(expected instanceof String);
            if (expected instanceof Boolean bool) {
                assertThat(column.format(row)).isEqualTo(bool ? "True" : "False");
                assertThat(column.utf8Length(row)).isZero();
                int row0 = row;
                assertThatThrownBy(() -> column.get(row0)).isInstanceOf(java.util.NoSuchElementException.class)
                        .hasMessageContaining("holds the bool");
            }
            if (row < copied && !(expected instanceof String)) {
                assertThat(lengths[row]).isEqualTo(expected == null ? ObjectColumn.COPIED_MISSING
                        : (Boolean) expected ? ObjectColumn.COPIED_TRUE : ObjectColumn.COPIED_FALSE);
            }
            copy.addFrom(column, row);
        }
        assertThat(copy.build()).isEqualTo(column);
        // A bool is not its text, nor missing: the columns differ.
        if (values.stream().anyMatch(value -> value.orElse(null) instanceof Boolean)) {
            ObjectColumn asText = ObjectColumn.of(values.stream().map(value -> value.map(Object::toString)
                    .map(text -> text.equals("true") ? "True" : text.equals("false") ? "False" : text).orElse(null))
                    .toArray(String[]::new));
            assertThat(asText).isNotEqualTo(column);
        }
    }

    @Provide
    Arbitrary<Optional<Object>> maybeTextOrBool() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.strings().ofMaxLength(5).map(Object.class::cast)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(Object.class::cast)))
                .injectNull(0.3).map(Optional::ofNullable);
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

    @Property
    void copiedUtf8IsTheRowsBytes(@ForAll @Size(max = 50) List<@From("maybeText") Optional<String>> values) {
        ObjectColumn column = ObjectColumn.of(values.stream().map(value -> value.orElse(null)).toArray(String[]::new));
        for (int row = 0; row < column.size(); row++) {
            byte[] expected = values.get(row).map(text -> text.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
            byte[] target = new byte[expected.length + 3];
            assertThat(column.utf8Length(row)).isEqualTo(expected.length);
            assertThat(column.copyUtf8(row, target, 2)).isEqualTo(expected.length);
            assertThat(Arrays.copyOfRange(target, 2, 2 + expected.length)).isEqualTo(expected);
            assertThat(column.utf8(row)).isEqualTo(ByteBuffer.wrap(expected));
        }
    }

    /// Batches of rows read with the bulk copy, into a target of any size and a lengths array of any
    /// size, give back every row in order; a row longer than the target comes back as 0 rows copied.
    @Property
    void batchCopiesGiveEveryRowInOrder(@ForAll @Size(max = 60) List<@From("maybeText") Optional<String>> values,
                                        @ForAll("targetSizes") int targetSize, @ForAll("targetSizes") int lengthsSize) {
        ObjectColumn column = ObjectColumn.of(values.stream().map(value -> value.orElse(null)).toArray(String[]::new));
        byte[] target = new byte[targetSize];
        int[] lengths = new int[Math.max(1, lengthsSize)];
        int row = 0;
        while (row < column.size()) {
            int copied = column.copyUtf8(row, column.size(), target, lengths);
            if (copied == 0) {
                assertThat(column.utf8Length(row)).isGreaterThan(target.length);
                row++;
                continue;
            }
            assertThat(copied).isLessThanOrEqualTo(lengths.length);
            int offset = 0;
            for (int i = 0; i < copied; i++, row++) {
                Optional<String> expected = values.get(row);
                if (expected.isEmpty()) {
                    assertThat(lengths[i]).isEqualTo(-1);
                    continue;
                }
                byte[] bytes = expected.get().getBytes(StandardCharsets.UTF_8);
                assertThat(Arrays.copyOfRange(target, offset, offset + lengths[i])).isEqualTo(bytes);
                offset += lengths[i];
            }
            // A row that would have fit was not left out of the batch.
            if (row < column.size() && copied < lengths.length) {
                assertThat(offset + column.utf8Length(row)).isGreaterThan(target.length);
            }
        }
        assertThatThrownBy(() -> column.copyUtf8(column.size(), column.size() + 1, target, lengths))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Provide
    Arbitrary<Integer> targetSizes() {
        return Arbitraries.integers().between(0, 40);
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
                .hasMessageContaining("row 1 ends at 2 after 1");
        assertThatThrownBy(() -> ObjectColumn.wrap(ByteBuffer.allocate(2), ascending.duplicate(), ByteBuffer.wrap(new byte[] {0, 4})))
                .hasMessageContaining("row 1 has flag 4");
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
