package dev.bsee.binary;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/// The stack's mark rules, which keep an opcode from reaching values below the innermost `MARK`.
class PickleStackTest {
    private final OpcodePosition position = new OpcodePosition();
    private final PickleStack stack = new PickleStack(position);

    @Test
    void nothingIsTakenFromBelowTheInnermostMark() throws PickleFormatException {
        stack.push("below");
        stack.pushMark();
        assertThatThrownBy(stack::pop).hasMessageStartingWith("stack underflow");
        assertThatThrownBy(stack::peek).hasMessageStartingWith("stack underflow");
        assertThatThrownBy(() -> stack.popItems(1)).hasMessageStartingWith("stack underflow");
        stack.push("above");
        assertThatThrownBy(() -> stack.popItems(2)).hasMessageStartingWith("stack underflow");
        assertThat(stack.popItems(1)).containsExactly("above");
        stack.popMark();
        assertThat(stack.pop()).isEqualTo("below");
        assertThatThrownBy(stack::pop).hasMessageStartingWith("stack underflow");
    }

    @Test
    void popTakesTheMarkWhenNothingIsAboveItAndTheValueOtherwise() throws PickleFormatException {
        stack.push("a");
        stack.pushMark();
        stack.push("b");
        stack.popValueOrMark();
        assertThat(stack.size()).isEqualTo(1);
        stack.popValueOrMark();
        assertThatThrownBy(stack::popMark).hasMessageStartingWith("no MARK on the stack");
        assertThat(stack.peek()).isEqualTo("a");
    }

    @Test
    void popToMarkReturnsTheValuesAboveTheInnermostMarkBottomFirst() throws PickleFormatException {
        stack.push("outer");
        stack.pushMark();
        stack.push("x");
        stack.pushMark();
        for (int i = 0; i < 40; i++) {
            stack.pushMark();
            stack.popMark();
        }
        stack.push("y");
        stack.push("z");
        assertThat(stack.popToMark()).containsExactly("y", "z");
        assertThat(stack.popToMark()).containsExactly("x");
        assertThatThrownBy(stack::popToMark).hasMessageStartingWith("no MARK on the stack");
        assertThat(stack.pop()).isEqualTo("outer");
    }

    @Test
    void aListBelowTheInnermostMarkIsNotTheTop() throws PickleFormatException {
        assertThat(stack.topIsList()).isFalse();
        stack.push(new Py.PyList());
        assertThat(stack.topIsList()).isTrue();
        stack.pushMark();
        assertThat(stack.topIsList()).isFalse();
        stack.push("item");
        assertThat(stack.topIsList()).isFalse();
        stack.popToMark();
        assertThat(stack.topIsList()).isTrue();
    }

    @Test
    void refusalsNameTheOpcodeAndItsOffset() {
        position.opcode = Opcodes.TUPLE2;
        position.offset = 1234;
        assertThatThrownBy(() -> stack.popItems(2))
                .isInstanceOf(PickleFormatException.class)
                .hasMessage("stack underflow (opcode 0x" + Integer.toHexString(Opcodes.TUPLE2) + " at byte 1234)");
    }
}
