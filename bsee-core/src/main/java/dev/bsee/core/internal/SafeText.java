package dev.bsee.core.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/// The one rule for putting text from outside (addresses from configuration, entry names from
/// archives, headers from servers) into the messages, logs, reports, JSON and progress events the
/// library builds:
///
/// - [#url(URI)]: an address without its password; the user info (`user:secret@`) becomes `***@`,
///   so credentials written into a source URL never reach a terminal, a log or a report;
/// - [#withoutUserInfo(String)]: the same for every address inside a text (a message that quotes
///   an address, an exception's message), for text whose addresses were not put there one by one;
/// - [#escape(String)]: text with its control characters escaped (`\n`, `\r`, `\t`, `\e`, else
///   `\xNN` or `\x{NNNN}`), also the line and paragraph separators and the bidirectional
///   overrides that reorder what a terminal shows, so a hostile name cannot move the cursor, clear
///   the screen or forge a line of output. Everything else, backslashes included, stays as it is;
/// - [#clipped(String, int)]: a name cut in the middle when it is longer than a message can show.
public final class SafeText {

    private static final String HIDDEN_USER_INFO = "***";

    private SafeText() {
    }

    /// `uri` without its user info, as text.
    ///
    /// @param uri the address
    /// @return the address with `***` in place of any `user:password`
    public static String url(URI uri) {
        return redacted(uri).toString();
    }

    /// `uri` without its user info.
    ///
    /// @param uri the address
    /// @return the same address when it has no user info, else one with `***` in its place
    public static URI redacted(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String authority = uri.getRawAuthority();
        if (uri.getRawUserInfo() == null || authority == null) {
            return uri;
        }
        String text = uri.toString();
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        int at = text.indexOf("//" + authority);
        return URI.create(text.substring(0, at) + "//" + HIDDEN_USER_INFO + "@" + host
                + text.substring(at + 2 + authority.length()));
    }

    /// `text` with the user info of every address in it (`scheme://user:secret@host`) replaced by
    /// `***`, as [#url(URI)] does for one address.
    ///
    /// @param text the text, or null
    /// @return the text without user info (`null` gives `"null"`)
    public static String withoutUserInfo(String text) {
        if (text == null) {
            return "null";
        }
        // A scan rather than a regular expression: one that looked for a scheme before `://` tried
        // every start in a run of letters, and a 100,000-letter argument took minutes to report.
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        int separator = text.indexOf("://");
        while (separator >= 0) {
            // The scheme: letters, digits, `+`, `.` and `-` right before `://`, at least one a letter.
            boolean letter = false;
            for (int i = separator - 1; i >= from && isSchemeChar(text.charAt(i)); i--) {
                letter |= isAsciiLetter(text.charAt(i));
            }
            // The user info ends at the last `@` of the authority, which ends at `/`, `?`, `#` or space.
            int authority = separator + 3;
            int lastAt = -1;
            for (int i = authority; i < text.length() && !endsAuthority(text.charAt(i)); i++) {
                if (text.charAt(i) == '@') {
                    lastAt = i;
                }
            }
            if (letter && lastAt >= 0) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, authority).append(HIDDEN_USER_INFO).append('@');
                copied = lastAt + 1;
                from = copied;
            }
            separator = text.indexOf("://", Math.max(separator + 1, from));
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static boolean isSchemeChar(char c) {
        return isAsciiLetter(c) || c >= '0' && c <= '9' || c == '+' || c == '.' || c == '-';
    }

    private static boolean endsAuthority(char c) {
        return c == '/' || c == '?' || c == '#' || c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f'
                || c == '\r';
    }

    /// `text` when it has at most `max` characters, else its start and end around the count of
    /// what was left out: an archive may name an entry with 65,535 characters, which made an error
    /// line of 64 KiB.
    ///
    /// @param text the text (a name from outside)
    /// @param max the most characters kept, at least 20
    /// @return the text, or its start, `…`, the count left out and its end
    public static String clipped(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int tail = max / 4;
        int head = max - tail;
        return text.substring(0, head) + String.format(Locale.ROOT, "…(%,d characters)…", text.length() - head - tail)
                + text.substring(text.length() - tail);
    }

    /// `text` with control characters escaped, on one line.
    ///
    /// @param text the text, or null
    /// @return the escaped text (`null` gives `"null"`)
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        int i = 0;
        while (i < text.length() && !needsEscape(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x1B -> out.append("\\e");
                default -> out.append(c < 0x100 ? String.format(Locale.ROOT, "\\x%02x", (int) c)
                        : String.format(Locale.ROOT, "\\x{%04x}", (int) c));
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7F && c < 0xA0) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }
}
