package dev.bsee.core;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/// A heap buffer holds exactly the bytes appended to it, whatever room was reserved before, between
/// or beyond the appends: a reservation changes where the bytes live, never what they are.
class GrowableBufferProperties {

    /// An append of `length` bytes (or of a long when `length` is 8 and `asLong`), or a reservation.
    record Step(boolean reserve, int length, boolean asLong, byte fill) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> reserve = Arbitraries.integers().between(0, 5_000).map(n -> new Step(true, n, false, (byte) 0));
        Arbitrary<Step> put = Arbitraries.integers().between(0, 3_000)
                .flatMap(n -> Arbitraries.bytes().map(b -> new Step(false, n, false, b)));
        Arbitrary<Step> putLong = Arbitraries.bytes().map(b -> new Step(false, 8, true, b));
        return Arbitraries.oneOf(reserve, put, putLong).list().ofMaxSize(40);
    }

    @Property(tries = 300)
    void reservationsNeverChangeTheContent(@ForAll("steps") List<Step> steps) {
        GrowableBuffer buffer = BufferAllocator.heap().allocate();
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        for (Step step : steps) {
            if (step.reserve()) {
                buffer.reserve(step.length());
            } else if (step.asLong()) {
                long value = 0x0102030405060708L * step.fill();
                buffer.putLong(value);
                model.writeBytes(ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(value).array());
            } else {
                byte[] bytes = new byte[step.length() + 2];
                java.util.Arrays.fill(bytes, step.fill());
                buffer.put(bytes, 1, step.length());
                model.write(bytes, 1, step.length());
            }
            assertThat(buffer.size()).isEqualTo(model.size());
        }
        ByteBuffer sealed = buffer.seal();
        byte[] content = new byte[sealed.remaining()];
        sealed.get(content);
        assertThat(content).isEqualTo(model.toByteArray());
    }
}
