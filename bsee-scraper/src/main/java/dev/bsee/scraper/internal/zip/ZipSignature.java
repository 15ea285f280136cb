package dev.bsee.scraper.internal.zip;

import dev.bsee.core.internal.MessageText;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/// What the first bytes of a download or a file say about it: a zip archive with entries, an empty
/// one, or something else (often an HTML error page), described for the one-line error. The
/// downloader and the archive reader both decide with it, so they refuse the same bytes with the
/// same words.
public final class ZipSignature {
    /// How many leading bytes a message quotes.
    public static final int QUOTED_BYTES = 48;

    private ZipSignature() {
    }

    /// Whether the bytes start with a local file header (`PK\3\4`): an archive with entries.
    ///
    /// @param first the leading bytes
    /// @param length how many of them are valid
    /// @return whether an entry starts here
    public static boolean startsWithEntry(byte[] first, int length) {
        return length >= 4 && first[0] == 'P' && first[1] == 'K' && first[2] == 3 && first[3] == 4;
    }

    /// Whether the bytes start with an end-of-central-directory record (`PK\5\6`): an empty archive.
    ///
    /// @param first the leading bytes
    /// @param length how many of them are valid
    /// @return whether the archive is empty
    public static boolean isEmptyArchive(byte[] first, int length) {
        return length >= 4 && first[0] == 'P' && first[1] == 'K' && first[2] == 5 && first[3] == 6;
    }

    /// Whether `PK` followed by these two bytes is the signature of a zip record: a local header
    /// (3, 4), a central directory record (1, 2), a data descriptor (7, 8), a digital signature
    /// (5, 5), an end record (5, 6) or a zip64 end record or locator (6, 6 and 6, 7).
    ///
    /// @param third the byte after `PK`
    /// @param fourth the byte after that
    /// @return whether a record starts
    static boolean isRecord(byte third, byte fourth) {
        return third == 3 && fourth == 4 || third == 1 && fourth == 2 || third == 7 && fourth == 8
                || third == 5 && (fourth == 5 || fourth == 6) || third == 6 && (fourth == 6 || fourth == 7);
    }

    /// Whether the bytes start a zip archive, empty or not.
    ///
    /// @param first the leading bytes
    /// @param length how many of them are valid
    /// @return whether it is a zip archive
    public static boolean isZip(byte[] first, int length) {
        return startsWithEntry(first, length) || isEmptyArchive(first, length);
    }

    /// `it starts with "..."` quoting the first [#QUOTED_BYTES] bytes ([MessageText#quote]), with a
    /// note saying what they are when their start tells: an HTML page, another kind of archive or
    /// compression (a gzip of the text, a 7-Zip, a self-extracting program), or text. The quote of
    /// a gzip's bytes alone, `"\x1f\x8b\x08..."`, left the user to know the magic numbers.
    ///
    /// @param first the leading bytes
    /// @param length how many of them are valid
    /// @return the text
    public static String describeStart(byte[] first, int length) {
        String quoted = quoteStart(first, length);
        if (looksLikeHtml(first, length)) {
            return quoted + " (an HTML page, not the download)";
        }
        boolean text = looksLikeText(first, length);
        for (Format format : FORMATS) {
            // A short magic number of letters (`MZ`, `BZh`) may also start a line of text; it names
            // its format only before bytes that are not text.
            if (startsWith(first, length, format.magic()) && (!text || !format.ambiguous())) {
                return quoted + " (" + format.what() + ")";
            }
        }
        return text ? quoted + " (text)" : quoted;
    }

    /// `it starts with "..."` quoting the first [#QUOTED_BYTES] bytes alone: for bytes inside an
    /// archive, which are no file of their own.
    ///
    /// @param first the leading bytes
    /// @param length how many of them are valid
    /// @return the text
    public static String quoteStart(byte[] first, int length) {
        return "it starts with " + MessageText.quote(first, length, QUOTED_BYTES);
    }

    /// A kind of file recognised by its first bytes, as `file(1)` recognises it.
    private record Format(byte[] magic, String what) {
        /// Whether text may well start with the magic number: three printable ASCII bytes or fewer.
        boolean ambiguous() {
            if (magic.length > 3) {
                return false;
            }
            for (byte b : magic) {
                if (b < 0x20 || b >= 0x7f) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final java.util.List<Format> FORMATS = java.util.List.of(
            new Format(new byte[] {0x1f, (byte) 0x8b}, "gzip-compressed data"),
            new Format(new byte[] {'B', 'Z', 'h'}, "bzip2-compressed data"),
            new Format(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}, "xz-compressed data"),
            new Format(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, "zstd-compressed data"),
            new Format(new byte[] {'7', 'z', (byte) 0xbc, (byte) 0xaf, 0x27, 0x1c}, "a 7-Zip archive"),
            new Format(new byte[] {'R', 'a', 'r', '!', 0x1a, 0x07}, "a RAR archive"),
            new Format(new byte[] {'M', 'Z'}, "a Windows program, such as a self-extracting archive"),
            new Format(new byte[] {0x7f, 'E', 'L', 'F'}, "a Linux program"),
            new Format(new byte[] {'%', 'P', 'D', 'F', '-'}, "a PDF document"));

    private static boolean startsWith(byte[] first, int length, byte[] magic) {
        return length >= magic.length && java.util.Arrays.equals(first, 0, magic.length, magic, 0, magic.length);
    }

    /// Whether the bytes read as text: printable ASCII, tabs and line ends, or UTF-8 beyond ASCII
    /// (a byte of 0x80 or more), with no other control byte. A delimited entry given where its
    /// archive was expected reads so.
    private static boolean looksLikeText(byte[] first, int length) {
        if (length == 0) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int b = first[i] & 0xff;
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' || b == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeHtml(byte[] first, int length) {
        String start = new String(first, 0, length, StandardCharsets.ISO_8859_1).stripLeading().toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html") || start.startsWith("<?xml")
                || start.startsWith("<head");
    }
}
