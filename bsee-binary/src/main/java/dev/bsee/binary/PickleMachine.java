package dev.bsee.binary;

import dev.bsee.core.BufferAllocator;
import dev.bsee.core.internal.Utf8;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.bsee.binary.Opcodes.*;

/// A small pickle virtual machine for pandas DataFrame pickles (protocols 2 to 5).
///
/// It interprets the opcodes with an explicit stack (no recursion), resolves only [AllowedGlobal]s,
/// refusing any other global at the opcode that names it, and gives each allowed callable inert
/// behaviour that builds a [Py] stand-in object. Payloads are read as they arrive, so declared
/// lengths cannot force allocations; every inconsistency ends in a [PickleFormatException] that
/// names the byte offset.
///
/// Fast path: the items of a list (`MARK` above a list, items, `APPENDS`: how pickle writes the data
/// of an object array, a thousand items at a time) go straight into the list, without passing
/// through the stack as objects, as long as they are strings, floats, `None`, memo references and
/// memo stores. Anything else ends the run: its items are put back on the stack above a mark, and
/// the machine goes on opcode by opcode exactly as if the run had never been taken.
final class PickleMachine {
    private static final int MAX_GLOBAL_NAME = 256;
    private static final String INVALID_UTF8 = "string is not valid UTF-8 (lone surrogates are not supported)";
    /// The longest opcode with operands [#appendBufferedItems] decodes before looking at a string's bytes.
    private static final int LONGEST_BUFFERED_ITEM = 9;
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final PickleInput in;
    private final BufferAllocator allocator;
    private final ExpansionBudget budget;
    private final boolean fastPaths;
    private final ArrayList<Object> stack = new ArrayList<>();
    private int[] marks = new int[16];
    private int markCount;
    private final Memo memo = new Memo();
    private long opcodeOffset;
    private int opcode;
    /// The list item last stored in the memo, and the value stored, see [#memoValue].
    private Py.PyList memoizedList;
    private int memoizedItem;
    private Object memoizedValue;
    /// Items [#reserveForArrayData] has made room for so far.
    private long itemsReserved;

    /// @param fastPaths whether list items may take the fast path; without it every opcode goes
    ///     through the stack (the reference the fast path is tested against)
    PickleMachine(PickleInput in, BufferAllocator allocator, ExpansionBudget budget, boolean fastPaths) {
        this.in = in;
        this.allocator = allocator;
        this.budget = budget;
        this.fastPaths = fastPaths;
    }

    /// Runs to `STOP` and returns the unpickled object.
    Object run() throws IOException {
        while (true) {
            opcodeOffset = in.offset();
            opcode = in.read();
            if (opcode < 0) {
                throw new PickleFormatException(opcodeOffset == 0 ? "the input is empty, not a pickle"
                        : "pickle is truncated: the input ends at byte " + opcodeOffset + " before STOP");
            }
            if (opcode == STOP) {
                return pop();
            }
            step();
        }
    }

    private void step() throws IOException {
        switch (opcode) {
            case PROTO -> {
                int protocol = in.readUnsignedByte();
                if (protocol < 2 || protocol > 5) {
                    throw fail("unsupported pickle protocol " + protocol + " (protocols 2 to 5 are read)");
                }
            }
            case FRAME -> in.readLongLittleEndian();
            case MARK -> {
                if (fastPaths && topIsList()) {
                    appendRun((Py.PyList) stack.getLast());
                } else {
                    pushMark();
                }
            }
            case POP -> {
                // Python pops the innermost mark when nothing sits above it.
                if (markCount > 0 && marks[markCount - 1] == stack.size()) {
                    popMark();
                } else {
                    pop();
                }
            }
            case POP_MARK -> stack.subList(popMark(), stack.size()).clear();
            case DUP -> push(peek());
            case NONE -> push(Py.None.NONE);
            case NEWTRUE -> push(Boolean.TRUE);
            case NEWFALSE -> push(Boolean.FALSE);
            case BININT -> push((long) in.readIntLittleEndian());
            case BININT1 -> push((long) in.readUnsignedByte());
            case BININT2 -> push((long) in.readUnsignedShort());
            case LONG1 -> push(longOfLength(in.readUnsignedByte()));
            case LONG4 -> push(longOfLength(in.readIntLittleEndian()));
            case BINFLOAT -> push(Double.longBitsToDouble(in.readLongBigEndian()));
            case SHORT_BINUNICODE -> push(string(in.readUnsignedByte()));
            case BINUNICODE -> push(string(in.readIntLittleEndian() & 0xffff_ffffL));
            case BINUNICODE8 -> push(string(in.readLongLittleEndian()));
            case SHORT_BINBYTES -> push(bytes(in.readUnsignedByte()));
            case BINBYTES -> push(bytes(in.readIntLittleEndian() & 0xffff_ffffL));
            case BINBYTES8, BYTEARRAY8 -> push(bytes(in.readLongLittleEndian()));
            case EMPTY_TUPLE -> push(Py.Tuple.EMPTY);
            case TUPLE -> push(new Py.Tuple(popToMark()));
            case TUPLE1 -> push(new Py.Tuple(popItems(1)));
            case TUPLE2 -> push(new Py.Tuple(popItems(2)));
            case TUPLE3 -> push(new Py.Tuple(popItems(3)));
            case EMPTY_LIST -> push(new Py.PyList());
            case LIST -> {
                Py.PyList list = new Py.PyList();
                for (Object item : popToMark()) {
                    addToList(list, item);
                }
                push(list);
            }
            case APPEND -> {
                Object item = pop();
                addToList(expect(peek(), Py.PyList.class, "APPEND target"), item);
            }
            case APPENDS -> {
                Object[] items = popToMark();
                Py.PyList list = expect(peek(), Py.PyList.class, "APPENDS target");
                for (Object item : items) {
                    addToList(list, item);
                }
            }
            case EMPTY_DICT -> push(new Py.Dict());
            case DICT -> {
                Py.Dict dict = new Py.Dict();
                putPairs(dict, popToMark());
                push(dict);
            }
            case SETITEM -> {
                Object value = pop();
                Object key = pop();
                putPairs(expect(peek(), Py.Dict.class, "SETITEM target"), new Object[] {key, value});
            }
            case SETITEMS -> {
                Object[] pairs = popToMark();
                putPairs(expect(peek(), Py.Dict.class, "SETITEMS target"), pairs);
            }
            case GLOBAL -> {
                String module = in.readLine(MAX_GLOBAL_NAME);
                String name = in.readLine(MAX_GLOBAL_NAME);
                push(resolve(module, name));
            }
            case STACK_GLOBAL -> {
                Py.Str name = expect(pop(), Py.Str.class, "STACK_GLOBAL name");
                Py.Str module = expect(pop(), Py.Str.class, "STACK_GLOBAL module");
                push(resolve(module.text(), name.text()));
            }
            case REDUCE -> {
                Py.Tuple arguments = expect(pop(), Py.Tuple.class, "REDUCE arguments");
                AllowedGlobal callable = expect(pop(), AllowedGlobal.class, "REDUCE callable");
                push(call(callable, arguments));
            }
            case NEWOBJ -> {
                Py.Tuple arguments = expect(pop(), Py.Tuple.class, "NEWOBJ arguments");
                push(newObject(expect(pop(), AllowedGlobal.class, "NEWOBJ class"), arguments));
            }
            case NEWOBJ_EX -> {
                Py.Dict keywords = expect(pop(), Py.Dict.class, "NEWOBJ_EX keywords");
                Py.Tuple arguments = expect(pop(), Py.Tuple.class, "NEWOBJ_EX arguments");
                AllowedGlobal type = expect(pop(), AllowedGlobal.class, "NEWOBJ_EX class");
                if (!keywords.entries.isEmpty()) {
                    throw fail("unexpected keyword arguments creating " + type);
                }
                push(newObject(type, arguments));
            }
            case BUILD -> {
                Object state = pop();
                build(peek(), state);
            }
            case BINPUT -> memo.put(in.readUnsignedByte(), peek());
            case LONG_BINPUT -> memo.put(in.readIntLittleEndian() & 0xffff_ffffL, peek());
            case MEMOIZE -> memo.put(memo.size(), peek());
            case BINGET -> push(memoGet(in.readUnsignedByte()));
            case LONG_BINGET -> push(memoGet(in.readIntLittleEndian() & 0xffff_ffffL));
            case NEXT_BUFFER, READONLY_BUFFER -> throw fail("out-of-band buffers (protocol 5 with buffer_callback) are not supported");
            default -> throw fail("unsupported opcode");
        }
    }

    // ---- the items of a list ----------------------------------------------------------------

    /// Whether the top of the stack, above the innermost mark, is a list.
    private boolean topIsList() {
        int floor = markCount > 0 ? marks[markCount - 1] : 0;
        return stack.size() > floor && stack.getLast() instanceof Py.PyList;
    }

    /// Runs the items after a `MARK` (consumed, not pushed) straight into `list`, up to their
    /// `APPENDS`. At any other opcode the run is undone into what the stack would hold (a mark, then
    /// the run's items) and that opcode is left to be read again. Each opcode checks and fails
    /// exactly as it does on the stack.
    private void appendRun(Py.PyList list) throws IOException {
        int first = list.size();
        if (first == 0) {
            reserveForArrayData(list);
        }
        while (true) {
            appendBufferedItems(list, first);
            opcodeOffset = in.offset();
            opcode = in.read();
            switch (opcode) {
                case BINGET -> addToList(list, memoGet(in.readUnsignedByte()));
                case LONG_BINGET -> addToList(list, memoGet(in.readIntLittleEndian() & 0xffff_ffffL));
                case SHORT_BINUNICODE -> appendString(list, in.readUnsignedByte());
                case BINUNICODE -> appendString(list, in.readIntLittleEndian() & 0xffff_ffffL);
                case BINUNICODE8 -> appendString(list, in.readLongLittleEndian());
                case BINFLOAT -> {
                    double number = Double.longBitsToDouble(in.readLongBigEndian());
                    if (Double.isNaN(number)) {
                        list.addMissing(Py.PyList.NAN);
                    } else {
                        list.add(number);
                    }
                }
                case NONE -> list.addMissing(Py.PyList.NONE);
                case MEMOIZE, BINPUT, LONG_BINPUT -> {
                    if (list.size() == first) {
                        // Nothing above the mark to memoise: the stack path reports it.
                        in.unread();
                        undoRun(list, first);
                        return;
                    }
                    long index = opcode == MEMOIZE ? memo.size()
                            : opcode == BINPUT ? in.readUnsignedByte() : in.readIntLittleEndian() & 0xffff_ffffL;
                    memo.put(index, memoValue(list, list.size() - 1));
                }
                case FRAME -> in.readLongLittleEndian();
                case APPENDS -> {
                    return;
                }
                default -> {
                    if (opcode >= 0) {
                        in.unread();
                    }
                    undoRun(list, first);
                    return;
                }
            }
        }
    }

    /// The common items of a run where they lie whole in the read buffer: memo references to strings,
    /// NaN or `None`, short strings, float NaN, `None`, and `MEMOIZE`. The buffer position and the
    /// list's storage are kept in locals and written back on return. Returns at the first opcode it
    /// does not take, unconsumed, leaving it, with its checks and errors, to [#appendRun]: any other
    /// opcode, an operand or string not wholly in the buffer, a memo index it cannot resolve, bytes
    /// that are not UTF-8, a full list array, or a string the expansion budget does not allow.
    private void appendBufferedItems(Py.PyList list, int first) throws PickleFormatException {
        byte[] input = in.buffer();
        int position = in.position();
        int limit = in.limit();
        Object[] memoValues = memo.dense();
        int[] memoStarts = memo.stringStarts();
        int[] memoLengths = memo.stringLengths();
        byte[] memoStrings = memo.strings();
        byte[] kinds = list.kinds;
        int[] ends = list.ends;
        byte[] utf8 = list.utf8;
        int size = list.size;
        int utf8Size = list.utf8Size;
        // What the budget allows at the start is less than it allows later, so strings within it
        // are within the budget; past it, the opcode switch decides with the exact offset.
        long room = budget.room(in.offset());
        long charged = 0;
        items:
        while (limit - position > LONGEST_BUFFERED_ITEM && size < kinds.length) {
            int code = input[position] & 0xff;
            byte kind;
            int consumed;
            switch (code) {
                case LONG_BINGET, BINGET -> {
                    int index;
                    if (code == LONG_BINGET) {
                        index = (int) INT_LE.get(input, position + 1);
                        consumed = 5;
                    } else {
                        index = input[position + 1] & 0xff;
                        consumed = 2;
                    }
                    if (index < 0 || index >= memoValues.length) {
                        break items;
                    }
                    int length = memoLengths[index];
                    if (length >= 0) {
                        if (utf8.length - utf8Size < length || charged + length > room) {
                            break items;
                        }
                        charged += length;
                        copyShort(memoStrings, memoStarts[index], utf8, utf8Size, length);
                        utf8Size += length;
                        kind = Py.PyList.STRING;
                    } else if (memoValues[index] instanceof Double number && Double.isNaN(number)) {
                        kind = Py.PyList.NAN;
                    } else if (memoValues[index] == Py.None.NONE) {
                        kind = Py.PyList.NONE;
                    } else {
                        break items;
                    }
                }
                case SHORT_BINUNICODE -> {
                    int length = input[position + 1] & 0xff;
                    consumed = 2 + length;
                    boolean shortAscii = length <= 16 && input.length - position >= 18
                            && Utf8.isShortAscii(input, position + 2, length);
                    if (limit - position < consumed || utf8.length - utf8Size < length
                            || !shortAscii && !Utf8.isValid(input, position + 2, length) || charged + length > room) {
                        break items;
                    }
                    charged += length;
                    copyShort(input, position + 2, utf8, utf8Size, length);
                    utf8Size += length;
                    kind = Py.PyList.STRING;
                }
                case BINFLOAT -> {
                    if (!Double.isNaN(Double.longBitsToDouble((long) LONG_BE.get(input, position + 1)))) {
                        break items;
                    }
                    consumed = 9;
                    kind = Py.PyList.NAN;
                }
                case NONE -> {
                    consumed = 1;
                    kind = Py.PyList.NONE;
                }
                case MEMOIZE -> {
                    if (size == first) {
                        break items;
                    }
                    list.size = size;
                    list.utf8Size = utf8Size;
                    memo.put(memo.size(), memoValue(list, size - 1));
                    memoValues = memo.dense();
                    memoStarts = memo.stringStarts();
                    memoLengths = memo.stringLengths();
                    memoStrings = memo.strings();
                    position++;
                    continue;
                }
                default -> {
                    break items;
                }
            }
            kinds[size] = kind;
            ends[size] = utf8Size;
            size++;
            position += consumed;
        }
        in.skip(position - in.position());
        list.size = size;
        list.utf8Size = utf8Size;
        budget.spend(charged);
    }

    /// Copies `length` bytes. Most strings of a table are short, and both a bulk copy's call and a
    /// byte loop (whose end is mispredicted as lengths vary) cost more than copying 16 bytes as two
    /// words whatever the length, where both arrays have room for that.
    private static void copyShort(byte[] source, int from, byte[] target, int to, int length) {
        if (length <= 16 && source.length - from >= 16 && target.length - to >= 16) {
            LONG_LE.set(target, to, (long) LONG_LE.get(source, from));
            LONG_LE.set(target, to + 8, (long) LONG_LE.get(source, from + 8));
        } else {
            System.arraycopy(source, from, target, to, length);
        }
    }

    /// Makes room in a new `list` that is about to become the data of an object ndarray (the stack
    /// holds its state so far: `shape, dtype, fortran`) for as many items as the shape says. Each
    /// item takes at least a byte of input, so the room made for all lists together stays within the
    /// input's size (64 Ki items for a stream of unknown size): a shape cannot make it allocate.
    private void reserveForArrayData(Py.PyList list) {
        int top = stack.size() - 1;
        if (top < 3 || !(stack.get(top - 1) instanceof Boolean) || !(stack.get(top - 2) instanceof Py.Dtype)
                || !(stack.get(top - 3) instanceof Py.Tuple shape)) {
            return;
        }
        long items = 1;
        for (Object dimension : shape.items()) {
            if (!(dimension instanceof Long length) || length < 0 || length > Integer.MAX_VALUE) {
                return;
            }
            items = Math.min(items * length, Integer.MAX_VALUE);
        }
        int reserved = (int) Math.min(items, Math.max(0, in.sizeOrDefault(PickleInput.LARGE_PAYLOAD) - itemsReserved));
        itemsReserved += reserved;
        list.reserve(reserved);
    }

    /// Item `i` of `list` as a value to store in the memo: the same object when one item is stored
    /// several times, as the stack path stores one object (a new string each time would cost the
    /// memo a copy each time).
    private Object memoValue(Py.PyList list, int i) {
        if (list != memoizedList || i != memoizedItem) {
            memoizedList = list;
            memoizedItem = i;
            memoizedValue = list.get(i);
        }
        return memoizedValue;
    }

    /// Puts the items the run added to `list` back where the stack path keeps them until `APPENDS`.
    private void undoRun(Py.PyList list, int first) {
        memoizedList = null;
        pushMark();
        for (int i = first; i < list.size(); i++) {
            push(list.get(i));
        }
        budget.refund(list.truncate(first));
    }

    /// Reads a string of `length` bytes into `list`: where it lies in the read buffer when it fits.
    private void appendString(Py.PyList list, long length) throws IOException {
        in.checkPayload(length);
        int count = (int) length;
        if (in.request(count)) {
            if (!Utf8.isValid(in.buffer(), in.position(), count)) {
                throw fail(INVALID_UTF8);
            }
            chargeString(count);
            list.addUtf8(in.buffer(), in.position(), count);
            in.skip(count);
        } else {
            addToList(list, string(length));
        }
    }

    private void addToList(Py.PyList list, Object item) throws PickleFormatException {
        if (item instanceof Py.Str text) {
            chargeString(text.utf8.length);
            list.addUtf8(text.utf8, 0, text.utf8.length);
        } else {
            list.add(item);
        }
    }

    /// Strings in lists are copies (a memo reference costs two bytes of input and copies the whole
    /// string), so they count against the expansion budget.
    private void chargeString(int bytes) throws PickleFormatException {
        if (!budget.tryCharge(bytes, in.offset())) {
            throw budget.exceeded(in.offset(), "strings of a list at byte " + opcodeOffset, "strings repeated by memo references");
        }
    }

    // ---- allowed callables ------------------------------------------------------------------

    private Object resolve(String module, String name) throws UnsafePickleException {
        Optional<AllowedGlobal> global = AllowedGlobal.find(module, name);
        if (global.isEmpty()) {
            String qualified = module + "." + name;
            throw new UnsafePickleException(qualified, "refusing global '" + qualified + "' at byte " + opcodeOffset
                    + ": only the globals of pickled pandas DataFrames (numpy arrays, blocks, indexes) are allowed");
        }
        return global.get();
    }

    private Object call(AllowedGlobal callable, Py.Tuple args) throws PickleFormatException {
        return switch (callable) {
            case RECONSTRUCT, RECONSTRUCT_NUMPY2 -> {
                arity(callable, args, 3);
                if (args.get(0) != AllowedGlobal.NDARRAY) {
                    throw fail("_reconstruct of " + Py.typeName(args.get(0)) + " instead of numpy.ndarray");
                }
                yield new Py.NdArray();
            }
            case FROM_BUFFER, FROM_BUFFER_NUMPY2 -> {
                arity(callable, args, 4);
                Py.NdArray array = new Py.NdArray();
                Py.Bytes data = expect(args.get(0), Py.Bytes.class, "_frombuffer buffer");
                fill(array, expect(args.get(2), Py.Tuple.class, "_frombuffer shape"),
                        expect(args.get(1), Py.Dtype.class, "_frombuffer dtype"),
                        expect(args.get(3), Py.Str.class, "_frombuffer order").is("F"), data);
                yield array;
            }
            case DTYPE -> {
                if (args.size() < 1) {
                    throw fail("numpy.dtype without a type code");
                }
                String code = expect(args.get(0), Py.Str.class, "dtype code").text();
                if (code.length() > 16) {
                    throw fail("implausible dtype code");
                }
                yield new Py.Dtype(code);
            }
            case SLICE -> {
                arity(callable, args, 3);
                yield new Py.Slice(args.get(0), args.get(1), args.get(2));
            }
            case CODECS_ENCODE -> {
                arity(callable, args, 2);
                Py.Str text = expect(args.get(0), Py.Str.class, "_codecs.encode text");
                String encoding = expect(args.get(1), Py.Str.class, "_codecs.encode encoding").text();
                if (!encoding.equals("latin1") && !encoding.equals("latin-1")) {
                    throw fail("_codecs.encode with encoding " + encoding + " (pickles use latin1)");
                }
                byte[] bytes = Utf8.toLatin1(text.utf8);
                if (bytes == null) {
                    throw fail("_codecs.encode of text outside latin1");
                }
                yield new Py.Bytes(ByteBuffer.wrap(bytes).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
            }
            case BYTES -> {
                arity(callable, args, 0);
                yield new Py.Bytes(ByteBuffer.allocate(0).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
            }
            case UNPICKLE_BLOCK -> {
                arity(callable, args, 3);
                Object values = args.get(0);
                if (!(values instanceof Py.NdArray) && !(values instanceof Py.DatetimeArray)) {
                    throw fail("block values are " + Py.typeName(values) + ", not an array");
                }
                Object placement = args.get(1);
                if (!(placement instanceof Py.Slice) && !(placement instanceof Py.NdArray)) {
                    throw fail("block placement is " + Py.typeName(placement) + ", not a slice or array");
                }
                yield new Py.Block(values, placement);
            }
            case BLOCK_MANAGER -> {
                arity(callable, args, 2);
                yield new Py.Manager(expect(args.get(0), Py.Tuple.class, "BlockManager blocks"),
                        expect(args.get(1), Py.PyList.class, "BlockManager axes"));
            }
            case NEW_INDEX -> {
                arity(callable, args, 2);
                AllowedGlobal type = expect(args.get(0), AllowedGlobal.class, "_new_Index class");
                yield newIndex(type, expect(args.get(1), Py.Dict.class, "_new_Index state"));
            }
            case NEW_DATETIME_INDEX -> {
                arity(callable, args, 2);
                if (args.get(0) != AllowedGlobal.DATETIME_INDEX) {
                    throw fail("_new_DatetimeIndex of " + Py.typeName(args.get(0)));
                }
                yield newIndex(AllowedGlobal.DATETIME_INDEX, expect(args.get(1), Py.Dict.class, "_new_DatetimeIndex state"));
            }
            case NDARRAY_BACKED -> {
                if (args.size() < 2 || args.get(0) != AllowedGlobal.DATETIME_ARRAY) {
                    throw fail("__pyx_unpickle_NDArrayBacked of something other than DatetimeArray");
                }
                Py.DatetimeArray array = new Py.DatetimeArray();
                if (args.size() > 2 && args.get(2) != Py.None.NONE) {
                    build(array, args.get(2));
                }
                yield array;
            }
            default -> throw fail(callable + " cannot be called here");
        };
    }

    private Py.PandasIndex newIndex(AllowedGlobal type, Py.Dict state) throws PickleFormatException {
        Object name = state.has("name") ? state.get("name") : Py.None.NONE;
        return switch (type) {
            case RANGE_INDEX -> new Py.RangeIndex(integer(state.get("start"), "RangeIndex start"),
                    integer(state.get("stop"), "RangeIndex stop"),
                    state.has("step") ? integer(state.get("step"), "RangeIndex step") : 1, name);
            case INDEX, INT64_INDEX, FLOAT64_INDEX, DATETIME_INDEX -> {
                if (state.has("tz") && state.get("tz") != Py.None.NONE) {
                    throw fail("time-zone aware DatetimeIndex is not supported");
                }
                Object data = state.get("data");
                if (!(data instanceof Py.NdArray) && !(data instanceof Py.DatetimeArray)) {
                    throw fail("index data is " + Py.typeName(data) + ", not an array");
                }
                yield new Py.LabelIndex(data, name);
            }
            case MULTI_INDEX -> {
                Object codes = state.has("codes") ? state.get("codes") : state.get("labels");
                yield new Py.MultiIndex(expect(state.get("levels"), Py.PyList.class, "MultiIndex levels").items(),
                        expect(codes, Py.PyList.class, "MultiIndex codes").items(),
                        state.has("names") ? expect(state.get("names"), Py.PyList.class, "MultiIndex names").items() : List.of());
            }
            default -> throw fail("_new_Index of " + type + ", which is not an index class");
        };
    }

    private Object newObject(AllowedGlobal type, Py.Tuple args) throws PickleFormatException {
        if (type != AllowedGlobal.DATA_FRAME || args.size() != 0) {
            throw fail("cannot create " + type + " with NEWOBJ");
        }
        return new Py.DataFrame();
    }

    private void build(Object target, Object state) throws PickleFormatException {
        switch (target) {
            case Py.NdArray array -> {
                Py.Tuple tuple = expect(state, Py.Tuple.class, "ndarray state");
                int first = tuple.size() == 5 ? 1 : 0;
                if (tuple.size() != 4 && tuple.size() != 5) {
                    throw fail("ndarray state of " + tuple.size() + " items");
                }
                fill(array, expect(tuple.get(first), Py.Tuple.class, "ndarray shape"),
                        expect(tuple.get(first + 1), Py.Dtype.class, "ndarray dtype"),
                        expect(tuple.get(first + 2), Boolean.class, "ndarray Fortran flag"), tuple.get(first + 3));
            }
            case Py.Dtype dtype -> {
                Py.Tuple tuple = expect(state, Py.Tuple.class, "dtype state");
                if (tuple.size() < 8) {
                    throw fail("dtype state of " + tuple.size() + " items");
                }
                String order = expect(tuple.get(1), Py.Str.class, "dtype byte order").text();
                if (order.length() != 1) {
                    throw fail("dtype byte order '" + order + "'");
                }
                dtype.byteOrder = order.charAt(0);
                if (tuple.size() > 8 && tuple.get(8) instanceof Py.Tuple metadata && metadata.size() == 2
                        && metadata.get(1) instanceof Py.Tuple unit && unit.size() >= 1) {
                    dtype.unit = switch (unit.get(0)) {
                        case Py.Bytes b -> StandardCharsets.US_ASCII.decode(b.data().duplicate()).toString();
                        case Py.Str s -> s.text();
                        default -> throw fail("datetime unit is " + Py.typeName(unit.get(0)));
                    };
                    if (!(unit.size() < 2 || Long.valueOf(1).equals(unit.get(1)))) {
                        throw fail("datetime64 with a multiple of its unit is not supported");
                    }
                }
            }
            case Py.DatetimeArray array -> {
                Py.Tuple tuple = expect(state, Py.Tuple.class, "DatetimeArray state");
                if (tuple.size() < 2) {
                    throw fail("DatetimeArray state of " + tuple.size() + " items");
                }
                array.values = expect(tuple.get(1), Py.NdArray.class, "DatetimeArray values");
            }
            case Py.DataFrame frame -> {
                Py.Dict dict = expect(state, Py.Dict.class, "DataFrame state");
                Object manager = dict.has("_mgr") ? dict.get("_mgr") : dict.get("_data");
                frame.manager = expect(manager, Py.Manager.class, "DataFrame block manager");
            }
            default -> throw fail("cannot set the state of " + Py.typeName(target));
        }
    }

    private void fill(Py.NdArray array, Py.Tuple shapeTuple, Py.Dtype dtype, boolean fortran, Object data)
            throws PickleFormatException {
        long[] shape = new long[shapeTuple.size()];
        if (shape.length > 2) {
            throw fail("arrays of " + shape.length + " dimensions are not supported");
        }
        for (int i = 0; i < shape.length; i++) {
            shape[i] = integer(shapeTuple.get(i), "array dimension");
            if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
                throw fail("array dimension " + shape[i]);
            }
        }
        if (!(data instanceof Py.Bytes) && !(data instanceof Py.PyList)) {
            throw fail("array data is " + Py.typeName(data));
        }
        array.shape = shape;
        array.dtype = dtype;
        array.fortran = fortran;
        array.data = data;
    }

    // ---- values -----------------------------------------------------------------------------

    private Long longOfLength(long length) throws IOException {
        if (length < 0 || length > 8) {
            throw fail("integer of " + length + " bytes; only 64-bit integers are supported");
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            value |= (long) in.readUnsignedByte() << (8 * i);
        }
        if (length > 0 && length < 8 && (value & (1L << (8 * length - 1))) != 0) {
            value |= -1L << (8 * length);
        }
        return value;
    }

    private Py.Str string(long length) throws IOException {
        byte[] utf8 = in.readBytes(length);
        if (!Utf8.isValid(utf8)) {
            throw fail(INVALID_UTF8);
        }
        return new Py.Str(utf8);
    }

    private Py.Bytes bytes(long length) throws IOException {
        return new Py.Bytes(in.readBuffer(length, allocator));
    }

    private void putPairs(Py.Dict dict, Object[] pairs) throws PickleFormatException {
        if (pairs.length % 2 != 0) {
            throw fail("odd number of items for a dict");
        }
        for (int i = 0; i < pairs.length; i += 2) {
            Object key = pairs[i];
            if (!(key instanceof Py.Str || key instanceof Long || key instanceof Boolean || key instanceof Py.None)) {
                throw fail("dict key of type " + Py.typeName(key) + " is not supported");
            }
            dict.entries.put(key, pairs[i + 1]);
        }
    }

    private long integer(Object value, String what) throws PickleFormatException {
        if (value instanceof Long number) {
            return number;
        }
        if (value instanceof Boolean flag) {
            return flag ? 1 : 0;
        }
        throw fail(what + " is " + Py.typeName(value) + ", not an int");
    }

    private void arity(AllowedGlobal callable, Py.Tuple args, int count) throws PickleFormatException {
        if (args.size() != count) {
            throw fail(callable + " called with " + args.size() + " arguments instead of " + count);
        }
    }

    private <T> T expect(Object value, Class<T> type, String what) throws PickleFormatException {
        if (!type.isInstance(value)) {
            throw fail(what + " is " + Py.typeName(value));
        }
        return type.cast(value);
    }

    // ---- stack, marks, memo -----------------------------------------------------------------

    private void push(Object value) {
        stack.add(value);
    }

    private Object pop() throws PickleFormatException {
        if (stack.isEmpty() || markCount > 0 && marks[markCount - 1] == stack.size()) {
            throw fail("stack underflow");
        }
        return stack.removeLast();
    }

    private Object peek() throws PickleFormatException {
        if (stack.isEmpty() || markCount > 0 && marks[markCount - 1] == stack.size()) {
            throw fail("stack underflow");
        }
        return stack.getLast();
    }

    private Object[] popItems(int count) throws PickleFormatException {
        int floor = markCount > 0 ? marks[markCount - 1] : 0;
        if (stack.size() - floor < count) {
            throw fail("stack underflow");
        }
        List<Object> top = stack.subList(stack.size() - count, stack.size());
        Object[] items = top.toArray();
        top.clear();
        return items;
    }

    private void pushMark() {
        if (markCount == marks.length) {
            marks = Arrays.copyOf(marks, marks.length * 2);
        }
        marks[markCount++] = stack.size();
    }

    private int popMark() throws PickleFormatException {
        if (markCount == 0) {
            throw fail("no MARK on the stack");
        }
        return marks[--markCount];
    }

    private Object[] popToMark() throws PickleFormatException {
        int mark = popMark();
        List<Object> top = stack.subList(mark, stack.size());
        Object[] items = top.toArray();
        top.clear();
        return items;
    }

    private Object memoGet(long index) throws PickleFormatException {
        Object value = memo.get(index);
        if (value == null) {
            throw fail("memo entry " + index + " is not defined");
        }
        return value;
    }

    private PickleFormatException fail(String message) {
        return new PickleFormatException(message + " (opcode 0x" + Integer.toHexString(opcode) + " at byte " + opcodeOffset + ")");
    }

    /// Python's memo dict: dense for the sequential indices pickles use, sparse for anything else,
    /// so a huge index costs one map entry rather than a huge array.
    ///
    /// The strings among the dense entries are also kept as one run of bytes with a start and a
    /// length per index, each string object once however often it is stored: a memo reference in a
    /// list's items then copies bytes that lie close together instead of following two references
    /// per item into objects all over the heap.
    private static final class Memo {
        private Object[] dense = new Object[64];
        /// For each dense index: where its string's bytes start in `strings`.
        private int[] stringStarts = new int[64];
        /// For each dense index: its string's length in bytes, or -1 when it holds no string.
        private int[] stringLengths = filledWithMinusOne(64);
        private byte[] strings = new byte[1024];
        private int stringsSize;
        private final Map<Long, Object> sparse = new HashMap<>();
        private int size;

        int size() {
            return size;
        }

        void put(long index, Object value) {
            if (index < dense.length || index <= 2L * size + 64 && index < Integer.MAX_VALUE - 8) {
                if (index >= dense.length) {
                    int grown = (int) Math.max(index + 1, Math.min(Integer.MAX_VALUE - 8, 2L * dense.length));
                    dense = Arrays.copyOf(dense, grown);
                    stringStarts = Arrays.copyOf(stringStarts, grown);
                    int filled = stringLengths.length;
                    stringLengths = Arrays.copyOf(stringLengths, grown);
                    Arrays.fill(stringLengths, filled, grown, -1);
                }
                int at = (int) index;
                if (dense[at] == null && !sparse.containsKey(index)) {
                    size++;
                }
                dense[at] = value;
                int start = value instanceof Py.Str text ? bytesOf(text) : -1;
                stringStarts[at] = start;
                stringLengths[at] = start < 0 ? -1 : ((Py.Str) value).utf8.length;
                return;
            }
            if (sparse.put(index, value) == null) {
                size++;
            }
        }

        /// Where `text`'s bytes start in `strings`, copying them there the first time; -1 when they
        /// no longer fit.
        private int bytesOf(Py.Str text) {
            if (text.memoCopy >= 0) {
                return text.memoCopy;
            }
            int length = text.utf8.length;
            if (length > Integer.MAX_VALUE - 8 - stringsSize) {
                return -1;
            }
            if (strings.length - stringsSize < length) {
                strings = Arrays.copyOf(strings, (int) Math.min(Integer.MAX_VALUE - 8,
                        Math.max((long) stringsSize + length, 2L * strings.length)));
            }
            System.arraycopy(text.utf8, 0, strings, stringsSize, length);
            int start = stringsSize;
            stringsSize += length;
            text.memoCopy = start;
            return start;
        }

        Object get(long index) {
            if (index >= 0 && index < dense.length && dense[(int) index] != null) {
                return dense[(int) index];
            }
            return sparse.get(index);
        }

        /// The dense part: entry `i` (or null) of the memo's first indices.
        Object[] dense() {
            return dense;
        }

        /// Parallel to [#dense()]: where each string's bytes start in [#strings()].
        int[] stringStarts() {
            return stringStarts;
        }

        /// Parallel to [#dense()]: each string's length, -1 for entries that are no string.
        int[] stringLengths() {
            return stringLengths;
        }

        byte[] strings() {
            return strings;
        }

        private static int[] filledWithMinusOne(int length) {
            int[] values = new int[length];
            Arrays.fill(values, -1);
            return values;
        }
    }
}
