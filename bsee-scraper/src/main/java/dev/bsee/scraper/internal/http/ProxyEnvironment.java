package dev.bsee.scraper.internal.http;

import dev.bsee.core.internal.SafeText;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Authenticator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
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
/// - A proxy is `http://[USER:PASSWORD@]HOST[:PORT]` (a value without a scheme is read as
///   `http://`; the port is 80 when not given, as `requests` has it). A proxy reached over TLS
///   (`https://`) and a SOCKS proxy are refused, naming the variable: the JDK's client speaks to a
///   proxy in plain HTTP only.
/// - A user and password answer the proxy's `407` ([#authenticator()]), percent-decoded as
///   `requests` decodes them (`pa%40ss` is `pa@ss`); as there, they are used only when both are
///   given, and the user info ends at the authority's last `@`, so a password may hold `@` or a
///   space unescaped (`/`, `?` and `#` end the authority, as there). A message names the variable
///   with `***` in their place.
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
    /// The user and password of the `http` and `https` proxies, where their variables give them.
    private final Optional<Login> httpLogin;
    private final Optional<Login> httpsLogin;

    private ProxyEnvironment(Optional<Named> http, Optional<Named> https, List<Bypass> bypass, boolean loopbackDirect) {
        this.http = http.map(Named::proxy);
        this.https = https.map(Named::proxy);
        this.httpLogin = http.flatMap(Named::login);
        this.httpsLogin = https.flatMap(Named::login);
        this.bypass = bypass;
        this.loopbackDirect = loopbackDirect;
    }

    /// A user and password of a proxy variable. Its text is never shown: no `toString` of a record.
    private static final class Login {
        private final String user;
        private final String password;

        Login(String user, String password) {
            this.user = user;
            this.password = password;
        }
    }

    /// A proxy a variable names, with the user and password it gives.
    private record Named(Proxy proxy, Optional<Login> login) {
    }

    /// Whether a proxy variable gives a user and password.
    ///
    /// @return whether [#authenticator()] answers any proxy
    public boolean hasLogin() {
        return httpLogin.isPresent() || httpsLogin.isPresent();
    }

    /// The authenticator answering the proxies of the variables with their users and passwords,
    /// or empty when no variable gives one. It answers only a request for a proxy
    /// ([Authenticator.RequestorType#PROXY]) at a proxy's host and port: the `https` proxy's for an
    /// `https` address, else the `http` proxy's.
    ///
    /// @return the authenticator, or empty
    public Optional<Authenticator> authenticator() {
        if (!hasLogin()) {
            return Optional.empty();
        }
        return Optional.of(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                if (getRequestorType() != RequestorType.PROXY) {
                    return null;
                }
                boolean secure = getRequestingURL() != null && "https".equalsIgnoreCase(getRequestingURL().getProtocol());
                List<Optional<Login>> logins = secure ? List.of(httpsLogin, httpLogin) : List.of(httpLogin, httpsLogin);
                List<Optional<Proxy>> proxies = secure ? List.of(https, http) : List.of(http, https);
                for (int i = 0; i < 2; i++) {
                    if (logins.get(i).isPresent() && proxies.get(i).isPresent()
                            && proxies.get(i).get().address() instanceof InetSocketAddress address
                            && address.getHostString().equalsIgnoreCase(getRequestingHost())
                            && address.getPort() == getRequestingPort()) {
                        Login login = logins.get(i).get();
                        return new PasswordAuthentication(login.user, login.password.toCharArray());
                    }
                }
                return null;
            }
        });
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
        return environment(environment).map(selector -> selector);
    }

    /// [#of(Map)] as this type, with its [#authenticator()].
    ///
    /// @param environment the variables, as [System#getenv()] gives them
    /// @return the selector, or empty
    /// @throws IllegalArgumentException when a proxy or `no_proxy` variable is malformed
    public static Optional<ProxyEnvironment> environment(Map<String, String> environment) {
        if (jvmPropertiesGiven()) {
            return Optional.empty();
        }
        return from(environment, true);
    }

    /// The selector of `environment` whatever the JVM's properties say; `loopbackDirect` false sends
    /// loopback addresses to the proxy too, which only a test of a proxy on this machine wants.
    ///
    /// @param environment the variables
    /// @param loopbackDirect whether loopback addresses always connect directly
    /// @return the selector, or empty when no proxy variable is set
    /// @throws IllegalArgumentException when a proxy or `no_proxy` variable is malformed
    public static Optional<ProxyEnvironment> from(Map<String, String> environment, boolean loopbackDirect) {
        Optional<Named> all = proxy(environment, "all_proxy");
        Optional<Named> http = proxy(environment, "http_proxy").or(() -> all);
        Optional<Named> https = proxy(environment, "https_proxy").or(() -> all);
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
    private static Optional<Named> proxy(Map<String, String> environment, String lower) {
        Optional<Variable> variable = variable(environment, lower);
        if (variable.isEmpty() || variable.get().value() == null || variable.get().value().isBlank()) {
            return Optional.empty();
        }
        String name = variable.get().name();
        String value = variable.get().value().strip();
        String text = withUserInfoEscaped(value.contains("://") ? value : "http://" + value);
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
        java.util.Optional<String> unusable = dev.bsee.core.internal.HttpAddresses.unusableServer(uri);
        if (unusable.isPresent()) {
            // A host the JDK cannot take (`my_proxy`, a non-ASCII name): said what is wrong with it,
            // where "give it as http://HOST:PORT" was said of an address given so.
            throw malformed(name, value, unusable.get());
        }
        if (uri.getHost() == null || uri.getPort() == 0 || uri.getPort() > 65535) {
            // A port past 65535 leaves the authority unparsed (no host) or fails later, unnamed.
            throw malformed(name, value, "not a proxy address; give it as http://HOST:PORT (a port is 1 to 65535)");
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw malformed(name, value, "a proxy address has no path; give it as http://HOST:PORT");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return Optional.of(new Named(new Proxy(Proxy.Type.HTTP,
                InetSocketAddress.createUnresolved(host, uri.getPort() == -1 ? 80 : uri.getPort())),
                login(uri.getRawUserInfo())));
    }

    /// The user and password of a proxy address's user info, percent-decoded, when both are given
    /// (`requests` sends them only then).
    private static Optional<Login> login(String rawUserInfo) {
        if (rawUserInfo == null) {
            return Optional.empty();
        }
        int colon = rawUserInfo.indexOf(':');
        String user = percentDecoded(colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon));
        String password = colon < 0 ? "" : percentDecoded(rawUserInfo.substring(colon + 1));
        return user.isEmpty() || password.isEmpty() ? Optional.empty() : Optional.of(new Login(user, password));
    }

    /// `%XX` escapes as the UTF-8 bytes they stand for; `+` stays a plus, as in Python's `unquote`.
    private static String percentDecoded(String raw) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
                bytes.write(Integer.parseInt(raw, i + 1, i + 3, 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /// `address` with the characters of its user info that an address may not hold unescaped (`@`,
    /// a space, `"`, ...) percent-escaped: `requests` takes the user info up to the authority's
    /// last `@` and a password as typed, which [URI] refused or split at its first `@`. A `%` that
    /// starts no escape stands for itself, as `unquote` reads it.
    static String withUserInfoEscaped(String address) {
        int start = address.indexOf("://");
        if (start < 0) {
            return address;
        }
        start += 3;
        // The authority ends at the first `/`, `?` or `#`, as urllib splits it: an `@` after it is
        // the path's, and a password holding one of them is escaped for requests too.
        int end = address.length();
        for (int i = start; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        int at = address.lastIndexOf('@', end - 1);
        if (at < start) {
            return address;
        }
        StringBuilder escaped = new StringBuilder(address.substring(0, start));
        String userInfo = address.substring(start, at);
        for (int i = 0; i < userInfo.length(); i++) {
            char c = userInfo.charAt(i);
            boolean escape = c == '%' && i + 2 < userInfo.length() && isHex(userInfo.charAt(i + 1))
                    && isHex(userInfo.charAt(i + 2));
            if (escape || (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:".indexOf(c) >= 0))) {
                escaped.append(c);
            } else {
                int codePoint = userInfo.codePointAt(i);
                for (byte b : Character.toString(codePoint).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    escaped.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xFF));
                }
                i += Character.charCount(codePoint) - 1;
            }
        }
        return escaped.append(address, at, end).append(address.substring(end)).toString();
    }

    private static IllegalArgumentException malformed(String name, String value, String problem) {
        return new IllegalArgumentException("the environment variable " + name + "="
                + SafeText.escape(withoutLogin(value)) + ": " + problem);
    }

    /// `value` with `***` for everything from the scheme's `://` (else the start) to the last `@`,
    /// further than any reading of the user info goes: a password typed with `#` or `/`, which
    /// ends the authority before it, is not shown either.
    static String withoutLogin(String value) {
        int scheme = value.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int at = value.lastIndexOf('@');
        return at < start ? SafeText.withoutUserInfo(value) : value.substring(0, start) + "***" + value.substring(at);
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
