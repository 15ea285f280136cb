package dev.bsee.scraper.internal.text;

import dev.bsee.core.internal.Utf8;

import java.io.IOException;
import java.io.InputStream;

/// How far pandas has decoded a UTF-8 text when its tokenizer reaches a given byte, and so whether a
/// byte that is not UTF-8 makes it fall back to ISO-8859-1 before a row its UTF-8 reading refuses.
///
/// pandas reads a text through Python's `TextIOWrapper` (`newline=""`), asking for 262,144
/// characters at a time ([TextTokenizer#PANDAS_CHUNK_CHARS]) and tokenizing each such chunk before
/// asking for the next. The wrapper decodes ahead: for each request it reads at least 8 KiB, and
/// as many bytes as the characters still wanted times the bytes per character of its last read, and
/// its decoder raises `UnicodeDecodeError` for the first read that holds a byte that is not UTF-8;
/// it holds back a character a read cuts short, and a `\r` ending a read (to see a `\n` after it).
/// This replays those reads (CPython's `textiowrapper_read_chunk`) to tell, for the byte at which
/// the first reading failed, whether such a read came before the chunk that byte is in was tokenized.
final class PandasDecoding {

    /// `TextIOWrapper`'s `_CHUNK_SIZE`: the least it reads at once.
    private static final int WRAPPER_CHUNK_BYTES = 8192;
    private static final int MAX_READ_BYTES = 1 << 30;

    private PandasDecoding() {
    }

    /// Whether pandas, reading `text` from its start as UTF-8, meets a byte that is not UTF-8 before
    /// its tokenizer is done with the chunk holding the byte at `position`.
    ///
    /// @param text the whole text, from its first byte (read as far as needed, not closed)
    /// @param position the byte at which the UTF-8 reading failed
    /// @return whether decoding fails first
    /// @throws IOException when reading fails
    static boolean failsBefore(InputStream text, long position) throws IOException {
        Decoder decoder = new Decoder();
        long fed = 0;
        long charsBefore = 0;
        boolean counted = position <= 0;
        double bytesPerChar = 0;
        long waiting = 0;
        for (long request = 0; ; request++) {
            long wanted = TextTokenizer.PANDAS_CHUNK_CHARS;
            long taken = Math.min(waiting, wanted);
            waiting -= taken;
            wanted -= taken;
            while (wanted > 0) {
                long hint = (long) (Math.max(bytesPerChar, 1.0) * wanted);
                byte[] read = text.readNBytes((int) Math.min(MAX_READ_BYTES, Math.max(WRAPPER_CHUNK_BYTES, hint)));
                boolean end = read.length == 0;
                if (!counted) {
                    int below = (int) Math.min(read.length, position - fed);
                    charsBefore += below - Utf8.continuationBytes(read, 0, below);
                    counted = fed + read.length >= position || end;
                }
                long chars = decoder.decode(read, 0, read.length, end);
                if (chars < 0) {
                    return true;
                }
                fed += read.length;
                bytesPerChar = chars > 0 ? (double) read.length / chars : 0.0;
                if (end && chars == 0) {
                    // The whole text is decoded.
                    return false;
                }
                waiting += chars;
                taken = Math.min(waiting, wanted);
                waiting -= taken;
                wanted -= taken;
            }
            if (counted && (request + 1) * TextTokenizer.PANDAS_CHUNK_CHARS > charsBefore) {
                return false;
            }
        }
    }

    /// Python's incremental UTF-8 decoder (strict) behind its newline decoder (which does not
    /// translate), fed a text's bytes in pieces.
    static final class Decoder {
        private byte[] held = new byte[0];
        private boolean heldCarriageReturn;

        /// The characters the decoders give for `bytes[offset, offset + length)`, or -1 when they
        /// raise; `end` says that no bytes follow (a character still cut short then raises).
        long decode(byte[] bytes, int offset, int length, boolean end) {
            byte[] all = new byte[held.length + length];
            System.arraycopy(held, 0, all, 0, held.length);
            System.arraycopy(bytes, offset, all, held.length, length);
            int whole = end ? all.length : all.length - incompleteTail(all);
            if (!Utf8.isValid(all, 0, whole)) {
                return -1;
            }
            held = java.util.Arrays.copyOfRange(all, whole, all.length);
            long decoded = whole - Utf8.continuationBytes(all, 0, whole);
            long chars = decoded;
            if (heldCarriageReturn && (end || decoded > 0)) {
                chars++;
                heldCarriageReturn = false;
            }
            if (!end && decoded > 0 && all[whole - 1] == '\r') {
                chars--;
                heldCarriageReturn = true;
            }
            return chars;
        }

        /// The bytes at the end of `bytes` that begin a character they do not finish, as the decoder
        /// holds them for its next input: only a start that some continuation could still make
        /// valid (a byte that can start no character, or a second byte out of its range, raises at once).
        private static int incompleteTail(byte[] bytes) {
            int n = bytes.length;
            for (int length = Math.min(3, n); length >= 1; length--) {
                int start = n - length;
                int lead = bytes[start] & 0xFF;
                int needed = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                        : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
                if (needed > length && validStart(bytes, start, length, lead)) {
                    return length;
                }
            }
            return 0;
        }

        private static boolean validStart(byte[] bytes, int start, int length, int lead) {
            for (int i = 1; i < length; i++) {
                int b = bytes[start + i] & 0xFF;
                int low = 0x80;
                int high = 0xBF;
                if (i == 1) {
                    low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
                    high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
                }
                if (b < low || b > high) {
                    return false;
                }
            }
            return true;
        }
    }
}
