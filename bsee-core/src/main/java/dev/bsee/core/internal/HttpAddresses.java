package dev.bsee.core.internal;

import java.net.IDN;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/// What makes an http(s) address name no server a download can reach, said the same way wherever an
/// address comes in: a configuration's `site.base_url` and `sources.<id>.url`, `--site`,
/// `SourceCatalog.of(URI)`.
public final class HttpAddresses {

    private HttpAddresses() {
    }

    /// Whether `uri` is an absolute http or https address with a host: the addresses a download can
    /// be asked for at all, before [#unusableServer] looks at the host and port.
    ///
    /// @param uri the address
    /// @return whether it is one
    public static boolean isHttp(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return uri.isAbsolute() && (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    }

    /// Why an http(s) address names a server the download cannot reach, if it does: a host name that
    /// is not ASCII (`java.net.URI` then has no host, and the address read as "not http"), or a port
    /// outside 1 to 65535 (which the HTTP client refuses only when the download starts). Other
    /// addresses (another scheme, no authority) are for the caller's own checks.
    ///
    /// @param uri the address
    /// @return the reason, or empty when the server part is usable
    public static Optional<String> unusableServer(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getRawAuthority() == null) {
            return Optional.empty();
        }
        if (uri.getHost() == null) {
            String host = uri.getRawAuthority().replaceFirst("^.*@", "").replaceFirst(":[0-9]*$", "");
            if (!host.isEmpty() && !host.chars().allMatch(c -> c < 0x80)) {
                try {
                    return Optional.of("the host name " + host + " is not ASCII: write it as its xn-- form ("
                            + IDN.toASCII(host) + ")");
                } catch (IllegalArgumentException e) {
                    return Optional.of("the host name " + host + " is not ASCII, and has no xn-- form: " + e.getMessage());
                }
            }
            // A docker-compose service name (`bsee_mirror`): Python's requests reaches it, but an
            // address's host name takes letters, digits, '-' and '.', and the JDK's client has no
            // host to connect to. "expected an absolute http address" was said of one.
            String others = host.chars().filter(c -> !Character.isLetterOrDigit(c) && "-.[]:".indexOf(c) < 0)
                    .distinct().mapToObj(c -> "'" + Character.toString(c) + "'").collect(java.util.stream.Collectors.joining(", "));
            if (!host.isEmpty() && !others.isEmpty()) {
                return Optional.of("the host name " + host + " holds " + others + ", which a host name in an address"
                        + " cannot hold (letters, digits, '-' and '.'), so the HTTP client cannot reach it by that name:"
                        + " give its IP address, or another name of it");
            }
            return Optional.empty();
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return Optional.of("the port " + uri.getPort() + " is not one (1 to 65535)");
        }
        return Optional.empty();
    }
}
