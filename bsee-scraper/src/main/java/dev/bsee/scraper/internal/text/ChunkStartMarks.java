package dev.bsee.scraper.internal.text;

import dev.bsee.scraper.internal.zip.BulkInputStream;

import java.io.IOException;
import java.io.InputStream;

/// Drops the UTF-8 byte order marks pandas' tokenizer drops after the text's start: until a first
/// line has ended, `tokenize_bytes` checks every read chunk (262,144 characters of the decoded text)
/// for a mark at its start and skips it, whatever field or quote it falls in. A header row longer
/// than a chunk with a mark where the next chunk starts loses the mark in pandas; the reader loses it
/// too. The mark at the text's very start is the tokenizer's own ([TextTokenizer]); this stream
/// passes it on and counts it as the character pandas counts.
///
/// Why a stream in front of the tokenizer: the rule holds only for the first line, which this reads
/// byte by byte with the few states that tell where pandas' line ends (quotes, a line of spaces, a
/// `\r`); after it, reads go straight through. Characters are counted as UTF-8: a mark dropped so
/// is only right for UTF-8 text, so the tokenizer refuses a text that turns out not to be
/// ([#dropped]).
final class ChunkStartMarks extends BulkInputStream {

    private final InputStream in;
    private final byte[] ahead = new byte[8192];
    private int aheadPos;
    private int aheadLimit;
    private boolean eof;
    /// Whether pandas has counted a line (`file_lines` above 0): no chunk is checked after that.
    private boolean lineEnded;
    /// The characters passed on or dropped so far.
    private long chars;
    private int dropped;
    private int startMarkPassed;

    private boolean fieldStart = true;
    private boolean blankSoFar = true;
    private boolean inQuotes;
    private boolean quoteInQuotes;
    /// A `\r` ended a record that had text: pandas counts the line at the byte after it.
    private boolean carriageAfterText;

    ChunkStartMarks(InputStream in) {
        this.in = in;
    }

    /// The marks dropped after the text's start.
    int dropped() {
        return dropped;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (lineEnded && aheadPos == aheadLimit) {
            return in.read(b, off, len);
        }
        int out = 0;
        while (out < len) {
            if (aheadLimit - aheadPos < TextTokenizer.BYTE_ORDER_MARK.length && !eof) {
                fillAhead();
            }
            if (aheadPos == aheadLimit) {
                break;
            }
            if (lineEnded) {
                int n = Math.min(len - out, aheadLimit - aheadPos);
                System.arraycopy(ahead, aheadPos, b, off + out, n);
                aheadPos += n;
                out += n;
                break;
            }
            if (chars == 0 && (startMarkPassed > 0 || markAhead())) {
                // The text's own mark: the tokenizer drops it, and it is no field's.
                int n = Math.min(len - out, TextTokenizer.BYTE_ORDER_MARK.length - startMarkPassed);
                System.arraycopy(ahead, aheadPos, b, off + out, n);
                aheadPos += n;
                out += n;
                startMarkPassed += n;
                if (startMarkPassed == TextTokenizer.BYTE_ORDER_MARK.length) {
                    chars = 1;
                }
                continue;
            }
            if (chars > 0 && chars % TextTokenizer.PANDAS_CHUNK_CHARS == 0 && markAhead()) {
                aheadPos += TextTokenizer.BYTE_ORDER_MARK.length;
                chars++;
                dropped++;
                continue;
            }
            byte c = ahead[aheadPos++];
            b[off + out++] = c;
            if ((c & 0xC0) != 0x80) {
                chars++;
            }
            track(c);
        }
        return out == 0 ? -1 : out;
    }

    private boolean markAhead() {
        byte[] mark = TextTokenizer.BYTE_ORDER_MARK;
        return aheadLimit - aheadPos >= mark.length && ahead[aheadPos] == mark[0] && ahead[aheadPos + 1] == mark[1]
                && ahead[aheadPos + 2] == mark[2];
    }

    private void fillAhead() throws IOException {
        if (aheadPos > 0) {
            System.arraycopy(ahead, aheadPos, ahead, 0, aheadLimit - aheadPos);
            aheadLimit -= aheadPos;
            aheadPos = 0;
        }
        while (aheadLimit < TextTokenizer.BYTE_ORDER_MARK.length) {
            int n = in.read(ahead, aheadLimit, ahead.length - aheadLimit);
            if (n < 0) {
                eof = true;
                return;
            }
            aheadLimit += n;
        }
    }

    /// Follows pandas' states far enough to see where its first line ends.
    private void track(byte c) {
        if (carriageAfterText) {
            lineEnded = true;
            return;
        }
        if (inQuotes) {
            if (quoteInQuotes) {
                quoteInQuotes = false;
                if (c == '"') {
                    return;
                }
                inQuotes = false;
                fieldStart = false;
            } else {
                quoteInQuotes = c == '"';
                return;
            }
        }
        if (c == '\n') {
            lineEnded = true;
        } else if (c == '\r') {
            if (blankSoFar) {
                lineEnded = true;
            } else {
                carriageAfterText = true;
            }
        } else if (c == ',') {
            fieldStart = true;
            blankSoFar = false;
        } else if (c == '"' && fieldStart) {
            inQuotes = true;
            fieldStart = false;
            blankSoFar = false;
        } else {
            fieldStart = false;
            blankSoFar &= c == ' ' || c == '\t';
        }
    }
}
