package dev.bsee.scraper.internal.http;

import dev.bsee.core.internal.SafeText;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/// A [ProxySelector] that follows the proxy variables of the environment as curl and Python's
/// `requests` read them, so a scheduled job that sets `https_proxy=http://proxy.corp:3128` for the
/// Python system reaches the site through the same proxy.
///
/// - The proxy of an address: `https_proxy` for `https`, `http_proxy` for `http`, else `all_proxy`;
///   each name in lower case first, in upper case when the lower-case one is not set at all. Both
///   curl and Python's `urllib` let the lower-case variable win (a lower-case one set to the empty
///   string hides its upper-case twin: no proxy from that name). `HTTP_PROXY` in upper case counts,
///   as `requests` counts it (curl ignores it, against CGI scripts; no refresh runs as one).
/// - A proxy is `http://HOST[:PORT]` (a value without a scheme is read as `http://`; the port is 80
///   when not given, as `requests` has it). A proxy reached over TLS (`https://`), a SOCKS proxy and
///   one with a user and password are refused, naming the variable: the JDK's client speaks to a
///   proxy in plain HTTP only and, by default (`jdk.http.auth.tunneling.disabledSchemes=Basic`),
///   never sends Basic credentials to open an `https` tunnel.
/// - `no_proxy` (else `NO_PROXY`), entries separated by commas or spaces: `*` (every address), a
///   host name or domain (`corp.example` and `.corp.example` both match the name and every name
///   under it, as curl and `urllib` match: `xcorp.example` is not under it), an IP address, an
///   address block (`10.0.0.0/8`, as `requests` reads it), each optionally with `:PORT`, which
///   then matches that port only. IPv6 addresses may be written in brackets.
/// - Loopback (`localhost`, names under `.localhost`, `127.0.0.0/8`, `::1`) always connects
///   directly: a mirror or the offline demo on this machine is never sent to the company's proxy.
///
/// The environment is read once, when the selector is made; a malformed variable is an
/// [IllegalArgumentException] whose message names it, with any password hidden.
public final class ProxyEnvironment extends ProxySelector {

    /// The JVM's own proxy properties: given explicitly, they win over the environment.
    private static final List<String> JVM_PROPERTIES = List.of("http.proxyHost", "https.proxyHost", "socksProxyHost");
    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");

    private final Optional<Proxy> http;
    private final Optional<Proxy> https;
    private final List<Bypass> bypass;
    private final boolean loopbackDirect;

    private ProxyEnvironment(Optional<Proxy> http, Optional<Proxy> https, List<Bypass> bypass, boolean loopbackDirect) {
        this.http = http;
        this.https = https;
        this.bypass = bypass;
        this.loopbackDirect = loopbackDirect;
    }

    /// The selector the environment asks for, or empty when it names no proxy or when the JVM's
    /// proxy properties (`http.proxyHost`, `https.proxyHost`, `socksProxyHost`,
    /// `java.net.useSystemProxies=true`) are given: then the JVM's default selector applies as
    /// before.
    ///
    /// @param environment the variables, as [System#getenv()] gives them
    /// @return the selector, or empty
    /// @throws IllegalArgumentException when a proxy or `no_proxy` variable is malformed
    public static Optional<ProxySelector> of(Map<String, String> environment) {
        if (jvmPropertiesGiven()) {
            return Optional.empty();
        }
        return from(environment, true).map(selector -> selector);
    }

    /// The selector of `environment` whatever the JVM's properties say; `loopbackDirect` false sends
    /// loopback addresses to the proxy too, which only a test of a proxy on this machine wants.
    ///
    /// @param environment the variables
    /// @param loopbackDirect whether loopback addresses always connect directly
    /// @return the selector, or empty when no proxy variable is set
    /// @throws IllegalArgumentException when a proxy or `no_proxy` variable is malformed
    public static Optional<ProxyEnvironment> from(Map<String, String> environment, boolean loopbackDirect) {
        Optional<Proxy> all = proxy(environment, "all_proxy");
        Optional<Proxy> http = proxy(environment, "http_proxy").or(() -> all);
        Optional<Proxy> https = proxy(environment, "https_proxy").or(() -> all);
        if (http.isEmpty() && https.isEmpty()) {
            return Optional.empty();
        }
        Optional<Variable> noProxy = variable(environment, "no_proxy");
        List<Bypass> bypass = new ArrayList<>();
        if (noProxy.isPresent()) {
            for (String entry : SEPARATORS.split(noProxy.get().value().strip())) {
                if (!entry.isEmpty()) {
                    bypass.add(Bypass.parse(noProxy.get().name(), entry));
                }
            }
        }
        return Optional.of(new ProxyEnvironment(http, https, List.copyOf(bypass), loopbackDirect));
    }

    private static boolean jvmPropertiesGiven() {
        return JVM_PROPERTIES.stream().anyMatch(name -> {
            String value = System.getProperty(name);
            return value != null && !value.isBlank();
        }) || Boolean.getBoolean("java.net.useSystemProxies");
    }

    @Override
    public List<Proxy> select(URI uri) {
        if (uri == null) {
            throw new IllegalArgumentException("uri is null");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Optional<Proxy> proxy = scheme.equals("https") ? https : scheme.equals("http") ? http : Optional.empty();
        if (proxy.isEmpty() || uri.getHost() == null || direct(uri.getHost(), port(uri))) {
            return List.of(Proxy.NO_PROXY);
        }
        return List.of(proxy.get());
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // Nothing to fall back to: the failure reaches the download, which names it.
    }

    /// Whether a request to `host` (as an address holds it: an IPv6 address in brackets) and `port`
    /// connects directly.
    ///
    /// @param host the host
    /// @param port the port
    /// @return whether no proxy is used
    boolean direct(String host, int port) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.endsWith(".") && name.length() > 1) {
            name = name.substring(0, name.length() - 1);
        }
        Optional<byte[]> address = literal(name);
        if (loopbackDirect && loopback(name, address)) {
            return true;
        }
        for (Bypass entry : bypass) {
            if (entry.matches(name, address, port)) {
                return true;
            }
        }
        return false;
    }

    private static boolean loopback(String name, Optional<byte[]> address) {
        if (address.isPresent()) {
            byte[] bytes = address.get();
            return bytes.length == 4 ? bytes[0] == 127
                    : java.util.Arrays.equals(bytes, 0, 15, new byte[15], 0, 15) && bytes[15] == 1;
        }
        return name.equals("localhost") || name.endsWith(".localhost");
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /// The bytes of an IP address written as one (never a DNS lookup), or empty for a name.
    static Optional<byte[]> literal(String text) {
        boolean v4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = text.indexOf(':') >= 0 && text.matches("[0-9a-f:.]+");
        if (!v4 && !v6) {
            return Optional.empty();
        }
        if (v4 && java.util.Arrays.stream(text.split("\\.")).anyMatch(part -> Integer.parseInt(part) > 255)) {
            return Optional.empty();
        }
        try {
            // An address literal: InetAddress parses it without asking any resolver.
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private record Variable(String name, String value) {
    }

    /// The variable `lower` or, when that is not set at all, its upper-case twin.
    private static Optional<Variable> variable(Map<String, String> environment, String lower) {
        if (environment.containsKey(lower)) {
            return Optional.of(new Variable(lower, environment.get(lower)));
        }
        String upper = lower.toUpperCase(Locale.ROOT);
        return environment.containsKey(upper) ? Optional.of(new Variable(upper, environment.get(upper))) : Optional.empty();
    }

    /// The proxy a variable names, or empty when it is not set or empty.
    private static Optional<Proxy> proxy(Map<String, String> environment, String lower) {
        Optional<Variable> variable = variable(environment, lower);
        if (variable.isEmpty() || variable.get().value() == null || variable.get().value().isBlank()) {
            return Optional.empty();
        }
        String name = variable.get().name();
        String value = variable.get().value().strip();
        String text = value.contains("://") ? value : "http://" + value;
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw malformed(name, value, "not a proxy address (" + e.getReason() + "); give it as http://HOST:PORT");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw malformed(name, value, scheme.equals("https")
                    ? "Java's HTTP client cannot reach a proxy over TLS (https://); give the proxy as http://HOST:PORT"
                    : scheme.startsWith("socks")
                    ? "Java's HTTP client cannot use a SOCKS proxy; give an HTTP proxy, http://HOST:PORT"
                    : "not an HTTP proxy address; give it as http://HOST:PORT");
        }
        if (uri.getHost() == null || uri.getPort() == 0 || uri.getPort() > 65535) {
            // A port past 65535 leaves the authority unparsed (no host) or fails later, unnamed.
            throw malformed(name, value, "not a proxy address; give it as http://HOST:PORT (a port is 1 to 65535)");
        }
        if (uri.getRawUserInfo() != null) {
            throw malformed(name, value, "a proxy user and password are not supported: Java's HTTP client sends no"
                    + " Basic credentials to open an https tunnel; use a proxy that lets this host through"
                    + " without them");
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw malformed(name, value, "a proxy address has no path; give it as http://HOST:PORT");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return Optional.of(new Proxy(Proxy.Type.HTTP,
                InetSocketAddress.createUnresolved(host, uri.getPort() == -1 ? 80 : uri.getPort())));
    }

    private static IllegalArgumentException malformed(String name, String value, String problem) {
        return new IllegalArgumentException("the environment variable " + name + "="
                + SafeText.escape(SafeText.withoutUserInfo(value)) + ": " + problem);
    }

    /// One entry of `no_proxy`.
    ///
    /// @param name a host name or domain (lower case, no leading dot), or null for an address
    /// @param network the address or address block's first address, or null for a name
    /// @param prefix the block's prefix length (all bits for one address)
    /// @param port the only port matched, or -1 for every port
    private record Bypass(String name, byte[] network, int prefix, int port) {

        static Bypass parse(String variable, String text) {
            if (text.equals("*")) {
                return new Bypass("", null, 0, -1);
            }
            String entry = text.toLowerCase(Locale.ROOT);
            int port = -1;
            // host:port, [v6]:port; a bare IPv6 address has colons of its own.
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                if (close < 0) {
                    throw malformed(variable, text, "not a host, domain or address: an unclosed [");
                }
                String rest = entry.substring(close + 1);
                if (!rest.isEmpty()) {
                    port = portOf(variable, text, rest.startsWith(":") ? rest.substring(1) : rest);
                }
                entry = entry.substring(1, close);
            } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
                port = portOf(variable, text, entry.substring(entry.indexOf(':') + 1));
                entry = entry.substring(0, entry.indexOf(':'));
            }
            int slash = entry.indexOf('/');
            String addressText = slash >= 0 ? entry.substring(0, slash) : entry;
            Optional<byte[]> address = literal(addressText);
            if (address.isPresent()) {
                int bits = address.get().length * 8;
                int prefix = bits;
                if (slash >= 0) {
                    String length = entry.substring(slash + 1);
                    if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
                        throw malformed(variable, text, "not an address block (its prefix length is 0 to " + bits + ")");
                    }
                    prefix = Integer.parseInt(length);
                }
                return new Bypass(null, address.get(), prefix, port);
            }
            if (slash >= 0) {
                throw malformed(variable, text, "not an address block (an IP address, /, a prefix length)");
            }
            String name = entry;
            while (name.startsWith(".")) {
                name = name.substring(1);
            }
            if (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1);
            }
            if (name.isEmpty()) {
                throw malformed(variable, text, "not a host, domain or address");
            }
            return new Bypass(name, null, 0, port);
        }

        private static int portOf(String variable, String text, String port) {
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
                throw malformed(variable, text, "not HOST:PORT (a port is 0 to 65535)");
            }
            return Integer.parseInt(port);
        }

        boolean matches(String host, Optional<byte[]> address, int requestPort) {
            if (port != -1 && port != requestPort) {
                return false;
            }
            if (name != null) {
                return name.isEmpty() || host.equals(name) || host.endsWith("." + name);
            }
            if (address.isEmpty() || address.get().length != network.length) {
                return false;
            }
            BigInteger mask = prefix == 0 ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(network.length * 8 - prefix);
            return new BigInteger(1, address.get()).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }
}
