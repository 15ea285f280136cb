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
    /// note when they look like an HTML page.
    ///
    /// @param first the leading bytes
    /// @param length how many of them are valid
    /// @return the text
    public static String describeStart(byte[] first, int length) {
        return "it starts with " + MessageText.quote(first, length, QUOTED_BYTES)
                + (looksLikeHtml(first, length) ? " (an HTML page, not the download)" : "");
    }

    private static boolean looksLikeHtml(byte[] first, int length) {
        String start = new String(first, 0, length, StandardCharsets.ISO_8859_1).stripLeading().toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html") || start.startsWith("<?xml")
                || start.startsWith("<head");
    }
}
