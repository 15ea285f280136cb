package dev.bsee.binary;

import dev.bsee.core.BufferAllocator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static dev.bsee.binary.Opcodes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// The list fast path on its own: the run it takes, the run it gives back to the stack, and the
/// budget it charges.
class ListItemsTest {
    private final OpcodePosition position = new OpcodePosition();
    private final PickleStack stack = new PickleStack(position);
    private final PickleMemo memo = new PickleMemo(position);
    private final ExpansionBudget budget = new ExpansionBudget();
    private final Py.PyList list = new Py.PyList();
    private PickleInput in;
    private ListItems items;

    /// Reads `pickle` as the items after a `MARK` above `list`.
    private void over(PickleBytes pickle) throws PickleFormatException {
        byte[] bytes = pickle.toByteArray();
        in = new PickleInput(new ByteArrayInputStream(bytes), bytes.length);
        items = new ListItems(in, budget, position, stack, memo, new Operands(in, BufferAllocator.heap(), position, null), null);
        stack.push(list);
    }

    private static Py.Str str(String text) {
        return new Py.Str(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRunOfStringsMissingValuesAndMemoReferencesGoesStraightIntoTheList() throws IOException {
        over(new PickleBytes().op(SHORT_BINUNICODE).raw(1, 'a').op(MEMOIZE)
                .op(BINFLOAT).raw(0x7f, 0xf8, 0, 0, 0, 0, 0, 0)
                .op(BINFLOAT).raw(0x3f, 0xf0, 0, 0, 0, 0, 0, 0)
                .op(NONE).op(BINGET).raw(0).str("héllo").op(BINPUT).raw(9).op(APPENDS));
        items.appendRun(list);

        assertThat(list.items()).containsExactly(str("a"), Double.NaN, 1.0, Py.None.NONE, str("a"), str("héllo"));
        assertThat(memo.get(0)).isEqualTo(str("a"));
        assertThat(memo.get(9)).isEqualTo(str("héllo"));
        assertThat(stack.size()).isEqualTo(1);
        assertThat(stack.topIsList()).isTrue();
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void anItemItDoesNotTakeGivesTheRunBackToTheStackAboveAMark() throws IOException {
        long roomBefore = budget.room(0);
        over(new PickleBytes().op(SHORT_BINUNICODE).raw(1, 'a').op(BINGET).raw(0).op(BININT1).raw(5).op(APPENDS));
        memo.put(0, str("memo"));
        items.appendRun(list);

        assertThat(list.size()).isZero();
        assertThat(budget.room(0)).isEqualTo(roomBefore);
        assertThat(stack.popToMark()).containsExactly(str("a"), str("memo"));
        assertThat(stack.pop()).isSameAs(list);
        // The opcode that ended the run is read again, by the stack path.
        assertThat(in.read()).isEqualTo(BININT1);
    }

    @Test
    void aMemoStoreWithNothingAboveTheMarkIsLeftToTheStackPath() throws IOException {
        over(new PickleBytes().op(MEMOIZE).op(APPENDS));
        items.appendRun(list);

        assertThat(stack.popToMark()).isEmpty();
        assertThat(in.read()).isEqualTo(MEMOIZE);
        assertThat(memo.size()).isZero();
    }

    @Test
    void stringsRepeatedByMemoReferencesAreChargedToTheExpansionBudget() throws IOException {
        PickleBytes pickle = new PickleBytes();
        // Past the budget's floor, an eighth of the heap.
        for (long i = 0; i < (Runtime.getRuntime().maxMemory() / 8 >> 20) + 8; i++) {
            pickle.op(BINGET).raw(0);
        }
        over(pickle.op(APPENDS));
        memo.put(0, str("x".repeat(1 << 20)));
        assertThatThrownBy(() -> items.appendRun(list))
                .isInstanceOf(PickleFormatException.class)
                .hasMessageContaining("strings of a list at byte ")
                .hasMessageContaining("strings repeated by memo references");
    }

    @Test
    void stringsThatAreNotUtf8AreRefusedAsOnTheStackPath() throws IOException {
        over(new PickleBytes().op(SHORT_BINUNICODE).raw(3, 0xed, 0xa0, 0x80).op(APPENDS));
        assertThatThrownBy(() -> items.appendRun(list)).hasMessageStartingWith(Operands.INVALID_UTF8);
    }
}
