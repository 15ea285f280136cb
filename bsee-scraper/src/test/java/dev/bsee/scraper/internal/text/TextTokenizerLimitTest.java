package dev.bsee.scraper.internal.text;

import dev.bsee.scraper.SourceDataException;
import dev.bsee.scraper.SourceDataException.Problem;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// A single field far longer than any real one (a 100 MB line) must be refused by name, not end the
/// JVM with an `OutOfMemoryError`: the read buffer that holds a field in progress is bounded by a
/// share of the heap.
class TextTokenizerLimitTest {

    private static final int LIMIT = 1 << 20;

    @Test
    void aFieldLongerThanTheLimitIsRefusedWithItsLine() {
        for (boolean quoted : new boolean[] {false, true}) {
            InputStream text = text("A,B\n1,x\n2,", quoted, 3 * LIMIT, "\n");
            assertThatThrownBy(() -> tokenize(text, LIMIT))
                    .isInstanceOfSatisfying(SourceDataException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.TOO_LARGE);
                        assertThat(e.line()).hasValue(3);
                        assertThat(e.getMessage()).startsWith("a.zip: e.txt: line 3: a field is longer than 1,048,576 bytes");
                    });
        }
    }

    @Test
    void aFieldWithinTheLimitIsRead() throws IOException {
        List<Integer> lengths = tokenize(text("A,B\n1,", true, LIMIT - 1024, "\n"), LIMIT);
        assertThat(lengths).containsExactly(1, 1, 1, LIMIT - 1024);
    }

    @Test
    void theLimitIsAShareOfTheHeap() {
        assertThat(TextTokenizer.maxFieldBytes(200L << 20)).isEqualTo(25 << 20);
        assertThat(TextTokenizer.maxFieldBytes(64L << 30)).isEqualTo(1 << 30);
        assertThat(TextTokenizer.maxFieldBytes(1 << 20)).isEqualTo(256 * 1024);
    }

    /// `prefix`, then a field of `length` bytes (quoted or not), then `suffix`, produced as read.
    private static InputStream text(String prefix, boolean quoted, long length, String suffix) {
        InputStream field = new InputStream() {
            private long left = length;

            @Override
            public int read() {
                return left-- > 0 ? 'y' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'y');
                left -= n;
                return n;
            }
        };
        String quote = quoted ? "\"" : "";
        return new SequenceInputStream(java.util.Collections.enumeration(List.of(bytes(prefix + quote), field,
                bytes(quote + suffix))));
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    /// The lengths of the fields read.
    private static List<Integer> tokenize(InputStream text, int limit) throws IOException {
        List<Integer> lengths = new ArrayList<>();
        FieldSink sink = new FieldSink() {
            @Override
            public void beginRecord(long line) {
            }

            @Override
            public void field(byte[] bytes, int offset, int length, int kept, boolean digitsOnly) {
                lengths.add(length);
            }

            @Override
            public void endRecord() {
            }
        };
        new TextTokenizer(text, sink, new TextOrigin("a.zip", "e.txt"), read -> { }, limit, false).run();
        return lengths;
    }
}
