package dev.bsee.scraper.internal.http;

import java.net.URI;
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
            return Optional.of("it is a " + scheme + ": address; only http and https are followed");
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
}
