package dev.bsee.examples.cli;

import dev.bsee.scraper.internal.http.ProxyEnvironment;
import java.net.ProxySelector;
import java.util.Optional;

/// The proxy the environment names (`https_proxy`, `http_proxy`, `all_proxy`, `no_proxy`, as the
/// Python system's `requests` read them), for the commands that download: a scheduled job that set
/// `https_proxy` for the Python refresh reaches the site the same way. The library reads no
/// environment; the tool reads it here and hands the selector to the library's builders. JVM proxy
/// properties given explicitly (`-Dhttps.proxyHost` in `BSEE_JAVA_OPTS`) win.
final class ProxyVariables {

    private ProxyVariables() {
    }

    /// The selector of this process's environment, or empty when it names no proxy or the JVM's
    /// properties do.
    ///
    /// @return the selector, or empty
    /// @throws IllegalArgumentException naming the malformed variable, without its password
    static Optional<ProxySelector> selector() {
        return ProxyEnvironment.of(System.getenv());
    }
}
