package dev.bsee.binary;

import dev.bsee.core.internal.Utf8;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import static dev.bsee.binary.Opcodes.*;

/// How items get into Python lists: one at a time from the stack, or, on the fast path, the whole
/// run of a list's items (`MARK` above a list, items, `APPENDS`: how pickle writes the data of an
/// object array, a thousand items at a time) straight into the list, without passing through the
/// stack as objects, as long as they are strings, floats, `None`, memo references and memo stores.
/// Anything else ends the run: its items are put back on the stack above a mark, and the machine goes
/// on opcode by opcode exactly as if the run had never been taken.
///
/// Why a class of its own: the fast path is where the read spends its time and where the code is
/// least like Python's; kept apart from the opcode loop, its one promise (the same result and the
/// same refusals as the stack path, which `FastPathEquivalenceProperties` checks) can be read and
/// tuned without the rest of the machine in view. Strings copied into lists are charged to the
/// expansion budget here, on both paths.
///
/// In a projected read of a file, the lists of object arrays are skimmed instead ([SkimmedItems]):
/// the same items taken, checked and charged the same way by a twin of each loop, nothing held;
/// the assembly has the runs of the columns it keeps decoded again from the file.
final class ListItems {
    /// The longest opcode with operands [#appendBufferedItems] decodes before looking at a string's bytes.
    private static final int LONGEST_BUFFERED_ITEM = 9;
    /// The widest object array whose list is skimmed (BSEE's tables have a few dozen columns).
    private static final int MAX_SKIMMED_WIDTH = 4096;
    /// The most bytes the strings of one list may take, as [Py.PyList] holds them.
    private static final long MAX_LIST_BYTES = Integer.MAX_VALUE - 8;
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final PickleInput in;
    private final ExpansionBudget budget;
    private final OpcodePosition position;
    private final PickleStack stack;
    private final PickleMemo memo;
    private final Operands operands;
    /// The list item last stored in the memo, and the value stored, see [#memoValue].
    private Py.PyList memoizedList;
    private int memoizedItem;
    private Object memoizedValue;
    /// Items [#reserveForArrayData] has made room for so far.
    private long itemsReserved;
    /// The file a projected read reads, whose object arrays' lists are skimmed; null otherwise.
    private final FileRegions file;
    /// What [#materialize] reads runs of items into, kept for the next run.
    private byte[] runBytes;

    /// @param file the file of a projected read, whose object arrays' items are skimmed
    ///     ([SkimmedItems]); null to hold every list's items as they arrive
    ListItems(PickleInput in, ExpansionBudget budget, OpcodePosition position, PickleStack stack, PickleMemo memo,
            Operands operands, FileRegions file) {
        this.in = in;
        this.budget = budget;
        this.position = position;
        this.stack = stack;
        this.memo = memo;
        this.operands = operands;
        this.file = file;
    }

    /// Runs the items after a `MARK` (consumed, not pushed) straight into `list`, up to their
    /// `APPENDS`. At any other opcode the run is undone into what the stack would hold (a mark, then
    /// the run's items) and that opcode is left to be read again. Each opcode checks and fails
    /// exactly as it does on the stack.
    void appendRun(Py.PyList list) throws IOException {
        if (list.skim == null && list.size() == 0 && file != null) {
            startSkim(list);
        }
        if (list.skim != null) {
            skimRun(list.skim);
            return;
        }
        int first = list.size();
        if (first == 0) {
            reserveForArrayData(list);
        }
        // The stack path holds a run's items on the stack until APPENDS; a run that would not fit
        // under PickleStack.MAX_VALUES goes back to it, which refuses at the same item.
        int end = first + PickleStack.MAX_VALUES - stack.size();
        while (true) {
            if (list.size() >= end) {
                undoRun(list, first);
                return;
            }
            appendBufferedItems(list, first, end);
            position.offset = in.offset();
            int opcode = in.read();
            position.opcode = opcode;
            switch (opcode) {
                case BINGET -> add(list, memo.get(in.readUnsignedByte()));
                case LONG_BINGET -> add(list, memo.get(in.readIntLittleEndian() & 0xffff_ffffL));
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
                case FRAME -> in.frame();
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
    /// that are not UTF-8, a full list array, a string the expansion budget does not allow, or a run
    /// that reached `end` items.
    private void appendBufferedItems(Py.PyList list, int first, int end) throws PickleFormatException {
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
        while (limit - position > LONGEST_BUFFERED_ITEM && size < kinds.length && size < end) {
            int code = input[position] & 0xff;
            byte kind;
            int consumed;
            switch (code) {
                case LONG_BINGET, BINGET -> {
                    int index = memoIndex(input, position, code);
                    consumed = code == BINGET ? 2 : 5;
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
                    if (limit - position < consumed || utf8.length - utf8Size < length
                            || !ascii(input, position + 2, length) && !Utf8.isValid(input, position + 2, length)
                            || charged + length > room) {
                        break items;
                    }
                    charged += length;
                    copyShort(input, position + 2, utf8, utf8Size, length);
                    utf8Size += length;
                    kind = Py.PyList.STRING;
                }
                case BINFLOAT -> {
                    if (!bigEndianNaN(input, position + 1)) {
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

    /// Whether the `length` bytes at `from` are ASCII, by a plain loop. The loops over list items
    /// run most of their iterations in the interpreter and in C1's code before C2 has compiled them
    /// (a read is over in a fraction of a second), where a word read through a byte-array
    /// `VarHandle` is a chain of calls: in a cold read this check and [#bigEndianNaN] took a
    /// third of the time of the pass over the items that way.
    static boolean ascii(byte[] bytes, int from, int length) {
        int any = 0;
        for (int i = from; i < from + length; i++) {
            any |= bytes[i];
        }
        return any >= 0;
    }

    /// The index a `BINGET` or `LONG_BINGET` (`code`) at `at` refers to (negative past 2^31), from its
    /// bytes: see [#ascii] for why not through a `VarHandle`.
    static int memoIndex(byte[] bytes, int at, int code) {
        return code == BINGET ? bytes[at + 1] & 0xff
                : bytes[at + 1] & 0xff | (bytes[at + 2] & 0xff) << 8 | (bytes[at + 3] & 0xff) << 16 | bytes[at + 4] << 24;
    }

    /// Whether the big-endian double at `at` is a NaN (all exponent bits set, a mantissa bit set),
    /// from its bytes: see [#ascii] for why not through a `VarHandle`.
    static boolean bigEndianNaN(byte[] bytes, int at) {
        return (bytes[at] & 0x7f) == 0x7f && (bytes[at + 1] & 0xf0) == 0xf0
                && ((bytes[at + 1] & 0x0f) | bytes[at + 2] | bytes[at + 3] | bytes[at + 4] | bytes[at + 5]
                        | bytes[at + 6] | bytes[at + 7]) != 0;
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
    private void undoRun(Py.PyList list, int first) throws PickleFormatException {
        memoizedList = null;
        stack.pushMark();
        for (int i = first; i < list.size(); i++) {
            stack.push(list.get(i));
        }
        budget.refund(list.truncate(first));
    }

    /// Reads a string of `length` bytes into `list`: where it lies in the read buffer when it fits.
    private void appendString(Py.PyList list, long length) throws IOException {
        in.checkPayload(length);
        int count = (int) length;
        if (in.request(count)) {
            if (!Utf8.isValid(in.buffer(), in.position(), count)) {
                throw position.fail(Operands.INVALID_UTF8);
            }
            chargeWholeString(count);
            list.addUtf8(in.buffer(), in.position(), count);
            in.skip(count);
        } else {
            add(list, operands.string(length));
        }
    }

    /// Adds `item` to `list`: strings as a copy of their bytes, charged to the expansion budget.
    void add(Py.PyList list, Object item) throws PickleFormatException {
        if (list.skim != null) {
            SkimmedItems skim = list.skim;
            skimValue(skim, item);
            skim.addValue(item, skim.items - 1);
            return;
        }
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
        charge(bytes, in.offset());
    }

    /// [#chargeString] for a string whose bytes follow in the input, not yet skipped: they are input
    /// read too, so a string written whole costs no more than the bytes that hold it.
    private void chargeWholeString(int bytes) throws PickleFormatException {
        charge(bytes, in.offset() + bytes);
    }

    private void charge(int bytes, long inputBytes) throws PickleFormatException {
        if (!budget.tryCharge(bytes, inputBytes)) {
            throw budget.exceeded(inputBytes, "strings of a list at byte " + position.offset, "strings repeated by memo references");
        }
    }

    /// Skims `list` when it is about to become the data of an object ndarray whose shape the stack
    /// holds (`shape, dtype, fortran` under the list), as [#reserveForArrayData] finds it.
    private void startSkim(Py.PyList list) {
        int top = stack.size() - 1;
        if (top < 3 || !(stack.get(top - 1) instanceof Boolean) || !(stack.get(top - 2) instanceof Py.Dtype dtype)
                || !(stack.get(top - 3) instanceof Py.Tuple shape) || !dtype.code.equals("O8") && !dtype.code.equals("O4")
                || shape.size() < 1 || shape.size() > 2) {
            return;
        }
        long width = 1;
        long length = 0;
        for (int i = 0; i < shape.size(); i++) {
            if (!(shape.get(i) instanceof Long dimension) || dimension < 1 || dimension > Integer.MAX_VALUE) {
                return;
            }
            if (i == shape.size() - 1) {
                length = dimension;
            } else {
                width = dimension;
            }
        }
        // Wide arrays would cost an entry per column. A Fortran-ordered object array's items come in
        // logical order all the same (numpy pickles them with a C-order iterator).
        if (width > MAX_SKIMMED_WIDTH) {
            return;
        }
        list.skim = new SkimmedItems((int) width, (int) length, this);
    }

    /// [#appendRun] for a skimmed list: the items up to `APPENDS` checked and counted, as
    /// [#appendRun] checks them, and the run's place in the file recorded. Anything that is not a
    /// string, float NaN, `None`, a memo reference to one of those or a memo store abandons the
    /// shortcut, as does a memo store with no item before it in the run.
    private void skimRun(SkimmedItems skim) throws IOException {
        long start = in.offset();
        int firstItem = skim.items;
        skim.last = null;
        while (true) {
            skimBufferedItems(skim);
            position.offset = in.offset();
            int opcode = in.read();
            position.opcode = opcode;
            switch (opcode) {
                case BINGET -> skimValue(skim, memo.get(in.readUnsignedByte()));
                case LONG_BINGET -> skimValue(skim, memo.get(in.readIntLittleEndian() & 0xffff_ffffL));
                case SHORT_BINUNICODE -> skimString(skim, in.readUnsignedByte());
                case BINUNICODE -> skimString(skim, in.readIntLittleEndian() & 0xffff_ffffL);
                case BINUNICODE8 -> skimString(skim, in.readLongLittleEndian());
                case BINFLOAT -> skimValue(skim, Double.longBitsToDouble(in.readLongBigEndian()));
                case NONE -> skimValue(skim, Py.None.NONE);
                case NEWTRUE -> skimValue(skim, Boolean.TRUE);
                case NEWFALSE -> skimValue(skim, Boolean.FALSE);
                case MEMOIZE, BINPUT, LONG_BINPUT -> {
                    if (skim.last == null) {
                        throw LazyReadAbandoned.INSTANCE;
                    }
                    long index = opcode == MEMOIZE ? memo.size()
                            : opcode == BINPUT ? in.readUnsignedByte() : in.readIntLittleEndian() & 0xffff_ffffL;
                    memo.put(index, skim.last);
                }
                case FRAME -> in.frame();
                case APPENDS -> {
                    if (skim.items - firstItem > PickleStack.MAX_VALUES - stack.size()) {
                        // More than the stack path holds: the eager read refuses it there.
                        throw LazyReadAbandoned.INSTANCE;
                    }
                    skim.addRun(start, position.offset, firstItem);
                    return;
                }
                default -> throw LazyReadAbandoned.INSTANCE;
            }
        }
    }

    /// A string of `length` bytes skimmed, checked and charged as [#appendString] does.
    private void skimString(SkimmedItems skim, long length) throws IOException {
        in.checkPayload(length);
        int count = (int) length;
        Py.Str text;
        if (in.request(count)) {
            if (!Utf8.isValid(in.buffer(), in.position(), count)) {
                throw position.fail(Operands.INVALID_UTF8);
            }
            chargeWholeString(count);
            text = new Py.Str(Arrays.copyOfRange(in.buffer(), in.position(), in.position() + count));
            in.skip(count);
        } else {
            text = operands.string(length);
            chargeString(count);
        }
        counted(skim, text, count);
    }

    /// An item given as a value skimmed, checked and charged as [#add] does.
    private void skimValue(SkimmedItems skim, Object item) throws PickleFormatException {
        if (item instanceof Py.Str text) {
            chargeString(text.utf8.length);
            counted(skim, text, text.utf8.length);
        } else if (item instanceof Double number && Double.isNaN(number)) {
            counted(skim, Py.PyList.BOXED_NAN, 0);
        } else if (item == Py.None.NONE || item instanceof Boolean) {
            counted(skim, item, 0);
        } else {
            throw LazyReadAbandoned.INSTANCE;
        }
    }

    private static void counted(SkimmedItems skim, Object value, int stringBytes) throws PickleFormatException {
        if (stringBytes > MAX_LIST_BYTES - skim.bytes) {
            throw new PickleFormatException(Py.PyList.TOO_LONG);
        }
        skim.bytes += stringBytes;
        skim.last = value;
        skim.counted();
    }

    /// [#appendBufferedItems] for a skimmed list: the same items taken, checked and charged the same
    /// way, nothing copied (a memo store copies the string it stores).
    private void skimBufferedItems(SkimmedItems skim) throws PickleFormatException {
        byte[] input = in.buffer();
        int position = in.position();
        int limit = in.limit();
        Object[] memoValues = memo.dense();
        int[] memoLengths = memo.stringLengths();
        long bytes = skim.bytes;
        long startBytes = bytes;
        // The most string bytes the list may reach here: what the budget allows at the start (less
        // than it allows later, so strings within it are within it), and what a list may hold.
        long ceiling = bytes + Math.min(budget.room(in.offset()), MAX_LIST_BYTES - bytes);
        int items = skim.items;
        long boundary = skim.boundary;
        Object last = skim.last;
        // Where the last item's string lies in the buffer (its length in the byte before), while it is
        // there and not yet a value; -1 when the last item is no string of this buffer.
        int lastStart = -1;
        items:
        while (limit - position > LONGEST_BUFFERED_ITEM) {
            int code = input[position] & 0xff;
            switch (code) {
                case SHORT_BINUNICODE -> {
                    int length = input[position + 1] & 0xff;
                    if (limit - position < 2 + length || bytes + length > ceiling
                            || !ascii(input, position + 2, length) && !Utf8.isValid(input, position + 2, length)) {
                        break items;
                    }
                    bytes += length;
                    lastStart = position + 2;
                    position += 2 + length;
                }
                case LONG_BINGET, BINGET -> {
                    int index = memoIndex(input, position, code);
                    if (index < 0 || index >= memoValues.length) {
                        break items;
                    }
                    int length = memoLengths[index];
                    Object value = memoValues[index];
                    if (length >= 0) {
                        if (bytes + length > ceiling) {
                            break items;
                        }
                        bytes += length;
                    } else if (!(value instanceof Double number && Double.isNaN(number)) && value != Py.None.NONE) {
                        break items;
                    }
                    last = value;
                    lastStart = -1;
                    position += code == BINGET ? 2 : 5;
                }
                case BINFLOAT -> {
                    if (!bigEndianNaN(input, position + 1)) {
                        break items;
                    }
                    last = Py.PyList.BOXED_NAN;
                    lastStart = -1;
                    position += 9;
                }
                case NONE -> {
                    last = Py.None.NONE;
                    lastStart = -1;
                    position++;
                }
                case MEMOIZE -> {
                    if (lastStart >= 0) {
                        last = bufferedString(input, lastStart);
                        lastStart = -1;
                    }
                    if (last == null) {
                        break items;
                    }
                    memo.put(memo.size(), last);
                    memoValues = memo.dense();
                    memoLengths = memo.stringLengths();
                    position++;
                    continue;
                }
                default -> {
                    break items;
                }
            }
            if (++items == boundary) {
                skim.items = items;
                skim.bytes = bytes;
                skim.passBoundary();
                boundary = skim.boundary;
            }
        }
        if (lastStart >= 0) {
            last = bufferedString(input, lastStart);
        }
        in.skip(position - in.position());
        skim.items = items;
        skim.bytes = bytes;
        skim.last = last;
        budget.spend(bytes - startBytes);
    }

    /// The `SHORT_BINUNICODE` string whose bytes start at `start` of `input`, as a value.
    private static Py.Str bufferedString(byte[] input, int start) {
        return new Py.Str(Arrays.copyOfRange(input, start, start + (input[start - 1] & 0xff)));
    }

    /// Makes `list` hold the items it skimmed: each run read again from the file and decoded as it
    /// was skimmed (strings checked once more, in case the file changed), memo references resolved
    /// in the memo, which no store has changed since (else the shortcut is abandoned). Nothing is
    /// charged again. The items must come out as many, and their strings as long, as skimmed.
    void materialize(Py.PyList list) throws PickleFormatException {
        SkimmedItems skim = list.skim;
        decode(skim, list, 0, skim.items, skim.bytes);
        list.skim = null;
    }

    /// A new list of the items of column `column` of the skimmed list: only the runs that hold
    /// them read again and decoded, as [#materialize] does.
    Py.PyList column(SkimmedItems skim, int column) throws PickleFormatException {
        Py.PyList list = new Py.PyList();
        long first = (long) column * skim.length;
        decode(skim, list, (int) first, skim.length, skim.columnBytes(column));
        return list;
    }

    /// Decodes the `count` items from item `first` of `skim` into `list`; they must take `bytes`.
    private void decode(SkimmedItems skim, Py.PyList list, int first, int count, long bytes) throws PickleFormatException {
        if (memo.overwritten()) {
            throw LazyReadAbandoned.INSTANCE;
        }
        list.reserve(count);
        list.reserveUtf8((int) bytes);
        int end = first + count;
        for (int k = 0; k < skim.segments(); k++) {
            int segmentFirst = skim.firstItem(k);
            int segmentEnd = skim.endItem(k);
            if (segmentEnd <= first || segmentFirst >= end) {
                continue;
            }
            if (skim.isValue(k)) {
                addAgain(list, skim.value(k));
                continue;
            }
            int length = (int) (skim.end(k) - skim.start(k));
            if (runBytes == null || runBytes.length < length) {
                runBytes = new byte[Math.max(length, 1 << 12)];
            }
            file.readFully(skim.start(k), runBytes, 0, length);
            int skip = Math.max(0, first - segmentFirst);
            decodeRun(list, runBytes, length, skip, Math.min(end, segmentEnd) - segmentFirst - skip);
        }
        if (list.size != count || list.utf8Size != bytes) {
            throw LazyReadAbandoned.INSTANCE;
        }
    }

    /// Decodes the items of a run of `length` bytes that [#skimRun] took, adding `take` of them
    /// after the first `skip`.
    private void decodeRun(Py.PyList list, byte[] run, int length, int skip, int take) throws PickleFormatException {
        int at = 0;
        int item = 0;
        int last = skip + take;
        while (at < length && item < last) {
            int code = run[at++] & 0xff;
            long operand;
            boolean kept = item >= skip;
            switch (code) {
                case SHORT_BINUNICODE, BINUNICODE, BINUNICODE8 -> {
                    int width = code == SHORT_BINUNICODE ? 1 : code == BINUNICODE ? 4 : 8;
                    if (length - at < width) {
                        throw LazyReadAbandoned.INSTANCE;
                    }
                    operand = width == 1 ? run[at] & 0xff : width == 4 ? (int) INT_LE.get(run, at) & 0xffff_ffffL
                            : (long) LONG_LE.get(run, at);
                    at += width;
                    if (operand < 0 || operand > length - at) {
                        throw LazyReadAbandoned.INSTANCE;
                    }
                    if (kept) {
                        if (!ascii(run, at, (int) operand) && !Utf8.isValid(run, at, (int) operand)) {
                            throw LazyReadAbandoned.INSTANCE;
                        }
                        list.addUtf8(run, at, (int) operand);
                    }
                    at += (int) operand;
                    item++;
                }
                case BINGET, LONG_BINGET -> {
                    int width = code == BINGET ? 1 : 4;
                    if (length - at < width) {
                        throw LazyReadAbandoned.INSTANCE;
                    }
                    operand = memoIndex(run, at - 1, code) & 0xffff_ffffL;
                    at += width;
                    if (kept) {
                        addAgain(list, memo.get(operand));
                    }
                    item++;
                }
                case BINFLOAT -> {
                    if (length - at < 8 || !bigEndianNaN(run, at)) {
                        throw LazyReadAbandoned.INSTANCE;
                    }
                    if (kept) {
                        list.addMissing(Py.PyList.NAN);
                    }
                    at += 8;
                    item++;
                }
                case NONE -> {
                    if (kept) {
                        list.addMissing(Py.PyList.NONE);
                    }
                    item++;
                }
                case NEWTRUE, NEWFALSE -> {
                    if (kept) {
                        list.add(code == NEWTRUE);
                    }
                    item++;
                }
                case MEMOIZE -> {
                }
                case BINPUT -> at += 1;
                case LONG_BINPUT -> at += 4;
                case FRAME -> at += 8;
                default -> throw LazyReadAbandoned.INSTANCE;
            }
        }
        if (item < last || at > length) {
            throw LazyReadAbandoned.INSTANCE;
        }
    }

    /// Adds an item skimmed as a value, uncharged (it was charged when skimmed).
    private static void addAgain(Py.PyList list, Object item) throws PickleFormatException {
        if (item instanceof Py.Str text) {
            list.addUtf8(text.utf8, 0, text.utf8.length);
        } else if (item instanceof Double number && Double.isNaN(number)) {
            list.addMissing(Py.PyList.NAN);
        } else if (item == Py.None.NONE) {
            list.addMissing(Py.PyList.NONE);
        } else if (item instanceof Boolean) {
            list.add(item);
        } else {
            throw LazyReadAbandoned.INSTANCE;
        }
    }
}
