package dev.bsee.binary;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.internal.MessageText;

import java.io.IOException;

import static dev.bsee.binary.Opcodes.*;

/// A small pickle virtual machine for pandas DataFrame pickles (protocols 2 to 5).
///
/// It interprets the opcodes with an explicit stack (no recursion), resolves only [AllowedGlobal]s,
/// refusing any other global at the opcode that names it, and gives each allowed callable inert
/// behaviour that builds a [Py] stand-in object. Payloads are read as they arrive, so declared
/// lengths cannot force allocations; every inconsistency ends in a [PickleFormatException] that
/// names the byte offset.
///
/// This class is the opcode loop: it reads each opcode and hands it to the piece that does that job,
/// [PickleStack] (values and marks), [PickleMemo], [Operands] (the values after an opcode),
/// [ListItems] (items into lists, with the fast path for the items of object arrays) and
/// [PandasCallables] (what the allowed globals build), all sharing one [OpcodePosition] so that
/// every refusal names the opcode and byte it happened at.
final class PickleMachine {
    private static final int MAX_GLOBAL_NAME = 256;

    /// The most containers (lists, dicts, tuples, objects the allowed callables build) one read
    /// makes. A DataFrame pickle makes a few per block and index (under 110 in every legacy file),
    /// but a frame pandas never consolidated (built column by column) has a block per column, about
    /// seven containers each: 20,000 such columns make 140,000. A hostile file makes one per byte or
    /// three (`]` `]` `]` ..., or `]` `0` `]` `0` ... kept by the memo or appended to one list),
    /// each costing the heap up to some 200 bytes (a list's first storage) for one of input, which
    /// the [ExpansionBudget]'s 128 bytes per input byte would let fill any heap. So the limit is one
    /// container per 2 KiB of the maximum heap, which keeps them within a tenth of it, and at least a
    /// hundred thousand (20 MiB).
    static final int MAX_CONTAINERS = (int) Math.min(Integer.MAX_VALUE,
            Math.max(100_000, Runtime.getRuntime().maxMemory() / 2048));

    private int containers;

    private final PickleInput in;
    private final boolean fastPaths;
    private final OpcodePosition position = new OpcodePosition();
    private final PickleStack stack = new PickleStack(position);
    private final PickleMemo memo = new PickleMemo(position);
    private final Operands operands;
    private final ListItems lists;
    private final PandasCallables callables;

    /// @param fastPaths whether list items may take the fast path; without it every opcode goes
    ///     through the stack (the reference the fast path is tested against)
    /// @param file the file of a projected read, where large payloads are left and whose object
    ///     arrays' items are skimmed until the assembly knows which columns it keeps; null to hold
    ///     everything as it arrives
    PickleMachine(PickleInput in, BufferAllocator allocator, ExpansionBudget budget, boolean fastPaths, FileRegions file) {
        this.in = in;
        this.fastPaths = fastPaths;
        this.operands = new Operands(in, allocator, position, file);
        this.lists = new ListItems(in, budget, position, stack, memo, operands, file);
        this.callables = new PandasCallables(position, in, budget);
    }

    /// Runs to `STOP` and returns the unpickled object.
    Object run() throws IOException {
        while (true) {
            long offset = in.offset();
            int opcode = in.read();
            position.offset = offset;
            position.opcode = opcode;
            if (opcode < 0) {
                throw new PickleFormatException(offset == 0 ? "the input is empty, not a pickle"
                        : "pickle is truncated: the input ends at byte " + offset + " before STOP");
            }
            if (opcode == STOP) {
                Object result = stack.pop();
                in.endOfPickle();
                return result;
            }
            if (offset == 0 && opcode != PROTO) {
                // Every pickle of protocol 2 or later (all this reads) starts with PROTO: a zip or a
                // text is not read as opcodes, which would call its first byte an unsupported one.
                throw new PickleFormatException(String.format(java.util.Locale.ROOT, "not a pickle of protocol 2 or"
                        + " later: the input starts with byte 0x%02x, not 0x80", opcode));
            }
            step(opcode);
        }
    }

    private void step(int opcode) throws IOException {
        switch (opcode) {
            case PROTO -> {
                int protocol = in.readUnsignedByte();
                if (protocol < 2 || protocol > 5) {
                    throw position.fail("unsupported pickle protocol " + protocol + " (protocols 2 to 5 are read)");
                }
            }
            case FRAME -> in.frame();
            case MARK -> {
                stack.requireMarkRoom();
                if (fastPaths && stack.topIsList()) {
                    lists.appendRun((Py.PyList) stack.peek());
                } else {
                    stack.pushMark();
                }
            }
            case POP -> stack.popValueOrMark();
            case POP_MARK -> stack.popToMark();
            case DUP -> stack.push(stack.peek());
            case NONE -> stack.push(Py.None.NONE);
            case NEWTRUE -> stack.push(Boolean.TRUE);
            case NEWFALSE -> stack.push(Boolean.FALSE);
            case BININT -> stack.push((long) in.readIntLittleEndian());
            case BININT1 -> stack.push((long) in.readUnsignedByte());
            case BININT2 -> stack.push((long) in.readUnsignedShort());
            case LONG1 -> stack.push(operands.longOfLength(in.readUnsignedByte()));
            case LONG4 -> stack.push(operands.longOfLength(in.readIntLittleEndian()));
            case BINFLOAT -> stack.push(Double.longBitsToDouble(in.readLongBigEndian()));
            case SHORT_BINUNICODE -> stack.push(operands.string(in.readUnsignedByte()));
            case BINUNICODE -> stack.push(operands.string(in.readIntLittleEndian() & 0xffff_ffffL));
            case BINUNICODE8 -> stack.push(operands.string(in.readLongLittleEndian()));
            case SHORT_BINBYTES -> stack.push(operands.bytes(in.readUnsignedByte()));
            case BINBYTES -> stack.push(operands.bytes(in.readIntLittleEndian() & 0xffff_ffffL));
            case BINBYTES8, BYTEARRAY8 -> stack.push(operands.bytes(in.readLongLittleEndian()));
            case EMPTY_TUPLE -> stack.push(Py.Tuple.EMPTY);
            case TUPLE -> stack.push(counted(new Py.Tuple(stack.popToMark())));
            case TUPLE1 -> stack.push(counted(new Py.Tuple(stack.popItems(1))));
            case TUPLE2 -> stack.push(counted(new Py.Tuple(stack.popItems(2))));
            case TUPLE3 -> stack.push(counted(new Py.Tuple(stack.popItems(3))));
            case EMPTY_LIST -> stack.push(counted(new Py.PyList()));
            case LIST -> {
                Py.PyList list = counted(new Py.PyList());
                for (Object item : stack.popToMark()) {
                    lists.add(list, item);
                }
                stack.push(list);
            }
            case APPEND -> {
                Object item = stack.pop();
                lists.add(position.expect(stack.peek(), Py.PyList.class, "APPEND target"), item);
            }
            case APPENDS -> {
                Object[] items = stack.popToMark();
                Py.PyList list = position.expect(stack.peek(), Py.PyList.class, "APPENDS target");
                for (Object item : items) {
                    lists.add(list, item);
                }
            }
            case EMPTY_DICT -> stack.push(counted(new Py.Dict()));
            case DICT -> {
                Py.Dict dict = counted(new Py.Dict());
                putPairs(dict, stack.popToMark());
                stack.push(dict);
            }
            case SETITEM -> {
                Object value = stack.pop();
                Object key = stack.pop();
                putPairs(position.expect(stack.peek(), Py.Dict.class, "SETITEM target"), new Object[] {key, value});
            }
            case SETITEMS -> {
                Object[] pairs = stack.popToMark();
                putPairs(position.expect(stack.peek(), Py.Dict.class, "SETITEMS target"), pairs);
            }
            case GLOBAL -> {
                String module = in.readLine(MAX_GLOBAL_NAME);
                String name = in.readLine(MAX_GLOBAL_NAME);
                stack.push(callables.resolve(module, name));
            }
            case STACK_GLOBAL -> {
                Py.Str name = position.expect(stack.pop(), Py.Str.class, "STACK_GLOBAL name");
                Py.Str module = position.expect(stack.pop(), Py.Str.class, "STACK_GLOBAL module");
                stack.push(callables.resolve(module.text(), name.text()));
            }
            case REDUCE -> {
                Py.Tuple arguments = position.expect(stack.pop(), Py.Tuple.class, "REDUCE arguments");
                AllowedGlobal callable = position.expect(stack.pop(), AllowedGlobal.class, "REDUCE callable");
                stack.push(counted(callables.call(callable, arguments)));
            }
            case NEWOBJ -> {
                Py.Tuple arguments = position.expect(stack.pop(), Py.Tuple.class, "NEWOBJ arguments");
                stack.push(counted(callables.newObject(position.expect(stack.pop(), AllowedGlobal.class, "NEWOBJ class"),
                        arguments)));
            }
            case NEWOBJ_EX -> {
                Py.Dict keywords = position.expect(stack.pop(), Py.Dict.class, "NEWOBJ_EX keywords");
                Py.Tuple arguments = position.expect(stack.pop(), Py.Tuple.class, "NEWOBJ_EX arguments");
                AllowedGlobal type = position.expect(stack.pop(), AllowedGlobal.class, "NEWOBJ_EX class");
                if (!keywords.entries.isEmpty()) {
                    throw position.fail("unexpected keyword arguments creating " + type);
                }
                stack.push(counted(callables.newObject(type, arguments)));
            }
            case BUILD -> {
                Object state = stack.pop();
                callables.build(stack.peek(), state);
            }
            case BINPUT -> memo.put(in.readUnsignedByte(), stack.peek());
            case LONG_BINPUT -> memo.put(in.readIntLittleEndian() & 0xffff_ffffL, stack.peek());
            case MEMOIZE -> memo.put(memo.size(), stack.peek());
            case BINGET -> stack.push(memo.get(in.readUnsignedByte()));
            case LONG_BINGET -> stack.push(memo.get(in.readIntLittleEndian() & 0xffff_ffffL));
            case NEXT_BUFFER, READONLY_BUFFER -> throw position.fail("out-of-band buffers (protocol 5 with buffer_callback) are not supported");
            default -> throw position.fail("unsupported opcode");
        }
    }

    /// `container`, counted against [#MAX_CONTAINERS].
    private <T> T counted(T container) throws PickleFormatException {
        if (++containers > MAX_CONTAINERS) {
            throw position.fail("more than " + MessageText.number(MAX_CONTAINERS) + " lists, dicts, tuples and objects (a pandas frame"
                    + " makes about seven per block): refused as hostile before they exhaust the heap, whose size sets"
                    + " the limit (-Xmx)");
        }
        return container;
    }

    private void putPairs(Py.Dict dict, Object[] pairs) throws PickleFormatException {
        if (pairs.length % 2 != 0) {
            throw position.fail("odd number of items for a dict");
        }
        for (int i = 0; i < pairs.length; i += 2) {
            Object key = pairs[i];
            if (!(key instanceof Py.Str || key instanceof Long || key instanceof Boolean || key instanceof Py.None)) {
                throw position.fail("dict key of type " + Py.typeName(key) + " is not supported");
            }
            dict.entries.put(key, pairs[i + 1]);
        }
    }
}
