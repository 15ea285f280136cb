package dev.bsee.binary;

import java.util.ArrayList;
import java.util.List;

/// A disassembler just deep enough to find where each opcode of a pickle starts and ends (protocols 2
/// to 5, as `pickletools` defines their arguments), so fuzzing can edit whole opcodes: the reader
/// then meets well-formed operations in a wrong order or with wrong operands, not bytes it refuses
/// at the first look.
final class PickleOpcodes {
    /// Opcodes without an argument.
    static final byte[] NO_ARGUMENT = bytes("(.012NRabd}el]ost)u", 0x81, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8f, 0x90,
            0x91, 0x92, 0x93, 0x94, 0x97, 0x98);

    private PickleOpcodes() {
    }

    /// One opcode: where it starts and how many bytes it takes with its argument.
    record Op(int start, int length, int code) {
    }

    /// The opcodes of `pickle` up to the first one it cannot measure (an unknown opcode, or an
    /// argument past the end).
    static List<Op> split(byte[] pickle) {
        List<Op> ops = new ArrayList<>();
        int at = 0;
        while (at < pickle.length) {
            int code = pickle[at] & 0xff;
            int length = length(pickle, at, code);
            if (length <= 0 || at + length > pickle.length) {
                break;
            }
            ops.add(new Op(at, length, code));
            at += length;
        }
        return ops;
    }

    /// `pickle` without its `FRAME` opcodes, whose lengths an edit of the opcodes inside them would
    /// make false (`pickle.load` refuses a frame that runs past the input's end): frames are
    /// optional, so the pickle loads as it did.
    static byte[] unframed(byte[] pickle) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int end = 0;
        for (Op op : split(pickle)) {
            if (op.code() != 0x95) {
                out.write(pickle, op.start(), op.length());
            }
            end = op.start() + op.length();
        }
        out.write(pickle, end, pickle.length - end);
        return out.toByteArray();
    }

    private static int length(byte[] p, int at, int code) {
        for (byte b : NO_ARGUMENT) {
            if ((b & 0xff) == code) {
                return 1;
            }
        }
        return switch (code) {
            case 'K', 'h', 'q', 0x80, 0x82 -> 2;
            case 'M', 0x83 -> 3;
            case 'J', 'j', 'r', 0x84 -> 5;
            case 'G', 0x95 -> 9;
            case 'U', 'C', 0x8c, 0x8a -> at + 1 < p.length ? 2 + (p[at + 1] & 0xff) : -1;
            case 'T', 'X', 'B', 0x8b -> at + 4 < p.length ? lengthPrefixed(p, at, 4) : -1;
            case 0x8d, 0x8e, 0x96 -> at + 8 < p.length ? lengthPrefixed(p, at, 8) : -1;
            case 'c', 'i' -> lines(p, at, 2);
            case 'I', 'L', 'F', 'S', 'V', 'g', 'p', 'P' -> lines(p, at, 1);
            default -> -1;
        };
    }

    private static int lengthPrefixed(byte[] p, int at, int width) {
        long n = 0;
        for (int i = width; i >= 1; i--) {
            n = n << 8 | (p[at + i] & 0xff);
        }
        return n < 0 || n > p.length ? -1 : (int) (1 + width + n);
    }

    private static int lines(byte[] p, int at, int count) {
        int i = at + 1;
        for (int seen = 0; seen < count; i++) {
            if (i >= p.length) {
                return -1;
            }
            if (p[i] == '\n') {
                seen++;
            }
        }
        return i - at;
    }

    private static byte[] bytes(String chars, int... more) {
        byte[] all = new byte[chars.length() + more.length];
        for (int i = 0; i < chars.length(); i++) {
            all[i] = (byte) chars.charAt(i);
        }
        for (int i = 0; i < more.length; i++) {
            all[chars.length() + i] = (byte) more[i];
        }
        return all;
    }
}
