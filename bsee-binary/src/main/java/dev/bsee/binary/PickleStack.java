package dev.bsee.binary;

import dev.bsee.core.internal.MessageText;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/// The pickle machine's stack of values and its marks (`MARK` positions), with Python's rules for
/// each: nothing is popped from below the innermost mark.
///
/// Why a class of its own: the underflow and mark rules are what keep hostile opcodes from reaching
/// values they must not see; in one place they are checked the same way for every opcode.
final class PickleStack {
    /// The most marks open at once. A DataFrame pickle nests a handful (the frame's state, its
    /// blocks, a block's arguments, a list's item run: fewer than 20 in any file pandas 1.5 or 2.2
    /// writes), and the Python pickler opens marks only for such nesting, never one per item. A
    /// hostile file opens one per two bytes (`MARK`, `EMPTY_LIST`, again and again: every level holds
    /// an object), which for a few megabytes of input exhausts the heap; refusing past this depth,
    /// far above any real file, costs nothing real files need.
    static final int MAX_MARKS = 10_000;

    /// The most values on the stack at once. The Python pickler pushes a list's or a dict's items in
    /// runs of at most 1,000 items (1,000 pairs) and builds everything else from a few values, so the
    /// stack of any DataFrame pickle stays near 1,000 values (1,023 at most in the legacy files). A
    /// hostile file pushes one per byte (`N`, `N`, ...: every slot costs the heap a reference, a new
    /// list or string much more); refusing past this, a hundred times what real files use, bounds
    /// the stack's memory whatever the input's size.
    static final int MAX_VALUES = 100_000;

    private final OpcodePosition position;
    private final ArrayList<Object> values = new ArrayList<>();
    private int[] marks = new int[16];
    private int markCount;

    PickleStack(OpcodePosition position) {
        this.position = position;
    }

    void push(Object value) throws PickleFormatException {
        if (values.size() >= MAX_VALUES) {
            throw position.fail("more than " + MessageText.count(MAX_VALUES, "value") + " on the pickle stack at once (a pandas pickle"
                    + " holds about 1,000): refused as hostile before they exhaust the heap");
        }
        values.add(value);
    }

    /// Removes and returns the top value; refused when it lies below the innermost mark.
    Object pop() throws PickleFormatException {
        if (emptyAboveMark()) {
            throw position.fail("stack underflow");
        }
        return values.removeLast();
    }

    /// The top value, left in place; refused when it lies below the innermost mark.
    Object peek() throws PickleFormatException {
        if (emptyAboveMark()) {
            throw position.fail("stack underflow");
        }
        return values.getLast();
    }

    /// `POP`: Python pops the innermost mark when nothing sits above it, else the top value.
    void popValueOrMark() throws PickleFormatException {
        if (markCount > 0 && marks[markCount - 1] == values.size()) {
            popMark();
        } else {
            pop();
        }
    }

    /// The top `count` values, bottom first, removed; refused when they reach below the innermost mark.
    Object[] popItems(int count) throws PickleFormatException {
        if (values.size() - floor() < count) {
            throw position.fail("stack underflow");
        }
        return removeFrom(values.size() - count);
    }

    /// Refuses a `MARK` that would open more than [#MAX_MARKS] marks at once; called before the
    /// machine opens one, on the fast path too, so that both refuse at the same opcode.
    void requireMarkRoom() throws PickleFormatException {
        if (markCount >= MAX_MARKS) {
            throw position.fail("more than " + MessageText.number(MAX_MARKS) + " MARKs open at once (a pandas pickle nests fewer than 20):"
                    + " refused as hostile before the nesting exhausts the heap");
        }
    }

    void pushMark() {
        if (markCount == marks.length) {
            marks = Arrays.copyOf(marks, marks.length * 2);
        }
        marks[markCount++] = values.size();
    }

    /// Removes the innermost mark and returns the stack size it was set at.
    int popMark() throws PickleFormatException {
        if (markCount == 0) {
            throw position.fail("no MARK on the stack");
        }
        return marks[--markCount];
    }

    /// The values above the innermost mark, bottom first, removed with the mark.
    Object[] popToMark() throws PickleFormatException {
        return removeFrom(popMark());
    }

    /// Whether the top of the stack, above the innermost mark, is a list.
    boolean topIsList() {
        return values.size() > floor() && values.getLast() instanceof Py.PyList;
    }

    /// How many values the stack holds, marks aside.
    int size() {
        return values.size();
    }

    /// Value `i` from the bottom, whatever the marks; for looking at what lies under the top.
    Object get(int i) {
        return values.get(i);
    }

    private boolean emptyAboveMark() {
        return values.isEmpty() || markCount > 0 && marks[markCount - 1] == values.size();
    }

    private int floor() {
        return markCount > 0 ? marks[markCount - 1] : 0;
    }

    private Object[] removeFrom(int from) {
        List<Object> top = values.subList(from, values.size());
        Object[] items = top.toArray();
        top.clear();
        return items;
    }
}
