package dev.bsee.scraper.internal.http;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/// Which redirects a download follows. Archives are public, but a redirect must not move a request
/// onto an unauthenticated channel to a host the caller never named: https targets are followed
/// anywhere, plain http only on the same host and never down from https.
public final class Redirects {

    private Redirects() {
    }

    /// Why a redirect from `from` to `to` is refused, or empty when it may be followed.
    ///
    /// @param from the address that answered with the redirect
    /// @param to the resolved target
    /// @return the reason for refusing, or empty
    public static Optional<String> refusal(URI from, URI to) {
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        // The scheme first: a file: or mailto: target has no host either, and "no host" sent the
        // reader looking for a malformed address where the server named another kind of resource.
        if (!scheme.equals("http") && !scheme.equals("https")) {
            // No article: "a ftp:" and "an file:" are both wrong somewhere.
            return Optional.of("its scheme is " + scheme + ":, and only http and https are followed");
        }
        if (to.getHost() == null) {
            return Optional.of("the target has no host");
        }
        if (scheme.equals("https")) {
            return Optional.empty();
        }
        if ("https".equalsIgnoreCase(from.getScheme())) {
            return Optional.of("it downgrades https to plain http");
        }
        if (!to.getHost().equalsIgnoreCase(from.getHost())) {
            return Optional.of("plain http to another host (" + to.getHost() + ") is followed only over https");
        }
        return Optional.empty();
    }

    /// The characters RFC 3986 leaves unreserved: escaped or not, they are the same address.
    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    /// ASCII characters a URI may not hold as they are, which a `Location` sometimes does.
    private static final String NOT_IN_A_URI = " \"<>\\^`{|}";

    /// The text of a redirect's `Location` as the server wrote it: the HTTP client reads header
    /// bytes as ISO-8859-1, and a server that writes a non-ASCII address writes it in UTF-8 (as
    /// Python's `requests` assumes), so bytes that are UTF-8 are read as such; others stay as read.
    ///
    /// @param location the header's value as the HTTP client gives it
    /// @return the value as the server wrote it
    public static String locationText(String location) {
        if (location.chars().allMatch(c -> c < 0x80) || location.chars().anyMatch(c -> c > 0xFF)) {
            return location;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(location.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            return location;
        }
    }

    /// A redirect's `Location` as a reference [URI#resolve] takes, encoded as `requests` encodes it
    /// before following it (`requote_uri`): every byte a URI may not hold as it is (a non-ASCII
    /// character's UTF-8 bytes, a space, `|`, `^`, `{`, a `%` that starts no escape, ...) is
    /// percent-encoded; escapes already there stay. Such targets were refused as invalid
    /// addresses, where the Python system followed them.
    ///
    /// @param location the header's value as the HTTP client gives it
    /// @return the reference to resolve against the address that answered
    public static String reference(String location) {
        byte[] bytes = locationText(location).getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean escape = b == '%' && i + 2 < bytes.length && hexDigit(bytes[i + 1]) && hexDigit(bytes[i + 2]);
            if (escape) {
                // An escaped unreserved character is that character (`unquote_unreserved`): `%2e%2e`
                // is a `..` segment, which the target then loses as requests' does.
                int decoded = Character.digit(bytes[i + 1], 16) << 4 | Character.digit(bytes[i + 2], 16);
                if (UNRESERVED.indexOf(decoded) >= 0) {
                    out.append((char) decoded);
                    i += 2;
                    continue;
                }
            }
            if (escape || (b > 0x20 && b < 0x7F && b != '%' && NOT_IN_A_URI.indexOf(b) < 0)) {
                out.append((char) b);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0x0F, 16)));
            }
        }
        return out.toString();
    }

    /// The address a redirect's `Location` leads to from `current`: the reference ([#reference])
    /// resolved against it, without `.` and `..` segments (RFC 3986, 5.2.4), which `requests`
    /// removes too (urllib3 normalises the path of every http and https address). [URI#resolve]
    /// keeps a `..` above the root (`../../x` from `/a/b` gave `/../x`) and every segment of a
    /// reference that starts with `/` or a scheme, and the server was asked for a path it does not
    /// serve: a redirect the Python system followed failed with a 404.
    ///
    /// @param current the address that answered with the redirect
    /// @param location the header's value as the HTTP client gives it
    /// @return the target
    /// @throws IllegalArgumentException when it is no valid address
    public static URI target(URI current, String location) {
        String reference = reference(location);
        // A query alone (`?page=2`) keeps the current path (RFC 3986, 5.2.2), where URI.resolve drops
        // its last segment (`/a/start` gave `/a/?page=2`).
        URI resolved = (reference.startsWith("?")
                ? URI.create(current.getScheme() + "://" + current.getRawAuthority() + current.getRawPath() + reference)
                : current.resolve(reference)).normalize();
        String path = resolved.getRawPath();
        if (resolved.isOpaque() || path == null || !path.startsWith("/..")) {
            return resolved;
        }
        // What normalize() leaves: `..` segments above the root, which go.
        String rooted = path;
        while (rooted.startsWith("/../") || rooted.equals("/..")) {
            rooted = rooted.substring(3);
            rooted = rooted.isEmpty() ? "/" : rooted;
        }
        String text = resolved.getScheme() + ":" + (resolved.getRawAuthority() == null ? "" : "//" + resolved.getRawAuthority())
                + rooted
                + (resolved.getRawQuery() == null ? "" : "?" + resolved.getRawQuery())
                + (resolved.getRawFragment() == null ? "" : "#" + resolved.getRawFragment());
        return URI.create(text);
    }

    private static boolean hexDigit(byte b) {
        return Character.digit(b, 16) >= 0;
    }
}
