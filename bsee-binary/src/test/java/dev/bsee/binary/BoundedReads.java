package dev.bsee.binary;

import dev.bsee.core.Table;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/// Reads untrusted bytes and checks the reader's promises: the outcome is a table or a
/// [PickleFormatException] (nothing else: no other exception, no `OutOfMemoryError`, no
/// `StackOverflowError`), the read allocates no more than a linear bound of the input size, and it
/// ends (a hang guard of generous length, not a performance limit).
final class BoundedReads {
    /// Constant plus linear allocation allowance: buffers of a few 64 KiB, plus objects and column
    /// storage per input byte. A read that allocates by declared sizes rather than received bytes
    /// breaks this at once.
    static final long BASE_ALLOWANCE = 16L << 20;
    static final long ALLOWANCE_PER_INPUT_BYTE = 512;
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    private BoundedReads() {
    }

    /// `com.sun.management.ThreadMXBean.getCurrentThreadAllocatedBytes()`, looked up reflectively
    /// because the tests compile inside the `dev.bsee.binary` module, which does not read
    /// `jdk.management`.
    static long allocatedByThisThread() {
        try {
            Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Method allocated = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
            return (long) allocated.invoke(threads);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this JVM does not count allocated bytes", e);
        }
    }

    /// How a read ended: with a table, or refused with a [PickleFormatException].
    record Outcome(Optional<Table> table, Optional<PickleFormatException> refusal) {
        boolean isPresent() {
            return table.isPresent();
        }
    }

    /// Reads `input`, checking the promises above.
    static Outcome read(byte[] input) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> {
            long before = allocatedByThisThread();
            Outcome outcome;
            try {
                outcome = new Outcome(Optional.of(PickleReader.of().read(new ByteArrayInputStream(input))), Optional.empty());
            } catch (PickleFormatException refused) {
                assertThat(refused.getMessage()).isNotBlank();
                outcome = new Outcome(Optional.empty(), Optional.of(refused));
            }
            long allocated = allocatedByThisThread() - before;
            assertThat(allocated).as("bytes allocated reading %d bytes of input", input.length)
                    .isLessThanOrEqualTo(BASE_ALLOWANCE + ALLOWANCE_PER_INPUT_BYTE * input.length);
            return outcome;
        });
    }
}
