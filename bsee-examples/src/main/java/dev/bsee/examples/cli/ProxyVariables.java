package dev.bsee.examples.cli;

import dev.bsee.scraper.internal.http.ProxyEnvironment;
import java.util.Optional;

/// The proxy the environment names (`https_proxy`, `http_proxy`, `all_proxy`, `no_proxy`, as the
/// Python system's `requests` read them), for the commands that download: a scheduled job that set
/// `https_proxy` for the Python refresh reaches the site the same way, with the user and password
/// its address gives (`http://USER:PASSWORD@HOST:PORT`). The library reads no environment; the tool
/// reads it here and hands the selector and the authenticator to the library's builders. JVM proxy
/// properties given explicitly (`-Dhttps.proxyHost` in `BSEE_JAVA_OPTS`) win.
final class ProxyVariables {

    /// The property of the JDK's HTTP client naming the schemes it never sends to open a tunnel.
    static final String TUNNELING_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

    private ProxyVariables() {
    }

    /// The proxies of this process's environment, or empty when it names none or the JVM's
    /// properties do.
    ///
    /// @return the selector, with the authenticator of the variables' users and passwords
    /// @throws IllegalArgumentException naming the malformed variable, without its password
    static Optional<ProxyEnvironment> environment() {
        return ProxyEnvironment.environment(System.getenv());
    }

    /// Lets Basic credentials open a `CONNECT` tunnel when a proxy variable gives a user and
    /// password and the user did not set the property: the JDK's client, by default, sends none to
    /// open one (`jdk.http.auth.tunneling.disabledSchemes=Basic`), and every `https` download
    /// through such a proxy failed with its 407. The client reads the property once, when its
    /// first class initialises, so this runs before anything else. A malformed variable is left
    /// for the command to report.
    ///
    /// @param environment the variables, as [System#getenv()] gives them
    static void allowBasicForTunnels(java.util.Map<String, String> environment) {
        if (System.getProperty(TUNNELING_DISABLED_SCHEMES) != null) {
            return;
        }
        try {
            if (ProxyEnvironment.environment(environment).filter(ProxyEnvironment::hasLogin).isPresent()) {
                System.setProperty(TUNNELING_DISABLED_SCHEMES, "");
            }
        } catch (IllegalArgumentException malformed) {
            // Said by the command that downloads, in its own words and exit code.
        }
    }
}
