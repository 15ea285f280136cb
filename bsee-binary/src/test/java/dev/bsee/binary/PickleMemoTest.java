package dev.bsee.binary;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// The memo's storage: huge indices cost one entry, and the string run [ListItems] copies from always
/// matches the entries.
class PickleMemoTest {
    private final PickleMemo memo = new PickleMemo(new OpcodePosition());

    private static Py.Str str(String text) {
        return new Py.Str(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aHugeIndexCostsOneEntryNotAnArray() throws PickleFormatException {
        int denseBefore = memo.dense().length;
        memo.put(1L << 40, "far");
        memo.put(Integer.MAX_VALUE - 1, "near the end");
        memo.put(0xffff_ffffL, "largest LONG_BINPUT");
        assertThat(memo.dense().length).isEqualTo(denseBefore);
        assertThat(memo.get(1L << 40)).isEqualTo("far");
        assertThat(memo.get(0xffff_ffffL)).isEqualTo("largest LONG_BINPUT");
        assertThat(memo.size()).isEqualTo(3);
    }

    @Test
    void sequentialIndicesAreDenseAndCountedOnce() throws PickleFormatException {
        for (int i = 0; i < 1000; i++) {
            memo.put(memo.size(), (long) i);
        }
        memo.put(10, "replaced");
        assertThat(memo.size()).isEqualTo(1000);
        assertThat(memo.dense().length).isGreaterThanOrEqualTo(1000);
        assertThat(memo.get(999)).isEqualTo(999L);
        assertThat(memo.get(10)).isEqualTo("replaced");
    }

    @Test
    void undefinedEntriesAreRefusedByIndex() {
        memo.put(3, "x");
        assertThatThrownBy(() -> memo.get(2)).hasMessageStartingWith("memo entry 2 is not defined");
        assertThatThrownBy(() -> memo.get(-1)).hasMessageStartingWith("memo entry -1 is not defined");
        assertThatThrownBy(() -> memo.get(1L << 40)).hasMessageStartingWith("memo entry 1099511627776 is not defined");
    }

    @Test
    void theStringRunHoldsEachStringOnceAndFollowsReplacements() {
        Py.Str well = str("608164000100");
        memo.put(0, well);
        memo.put(1, 42L);
        memo.put(2, well);
        memo.put(3, str("ü"));
        assertThat(memo.stringStarts()[2]).isEqualTo(memo.stringStarts()[0]);
        assertThat(memo.stringLengths()[0]).isEqualTo(12);
        assertThat(memo.stringLengths()[1]).isEqualTo(-1);
        assertThat(memo.stringLengths()[3]).isEqualTo(2);
        assertThat(new String(memo.strings(), memo.stringStarts()[3], 2, StandardCharsets.UTF_8)).isEqualTo("ü");
        assertThat(new String(memo.strings(), memo.stringStarts()[0], 12, StandardCharsets.UTF_8)).isEqualTo("608164000100");

        // A string replaced by something else must not be copied from the run any more.
        memo.put(0, Py.None.NONE);
        assertThat(memo.stringLengths()[0]).isEqualTo(-1);
        // ... and entries beyond the first growth start as no string.
        memo.put(70, str("grown"));
        assertThat(memo.stringLengths()[69]).isEqualTo(-1);
        assertThat(memo.stringLengths()[70]).isEqualTo(5);
    }
}
