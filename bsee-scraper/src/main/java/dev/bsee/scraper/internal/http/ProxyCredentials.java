package dev.bsee.scraper.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpHeaders;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// The `Proxy-Authorization` (HTTP Basic) of requests sent through a proxy that asks for a user
/// and password, from the [Authenticator] an application gives.
///
/// The engine sends the header itself rather than handing the authenticator to the JDK's client:
/// the client would also ask it for a server's `401` (the data center's requests carry no
/// credentials) and, when the proxy refuses an answer, asks again up to three more times per
/// request, and each retried attempt as many: a directory that locks an account after a few
/// refusals locked it in one refresh. Here a `407` is answered once; a refused answer fails the
/// download, and is remembered (as a digest) so that no fetcher given the same authenticator sends
/// it to that proxy again. While an answer is on its way to a proxy for the first time, the other
/// downloads that have it wait for the proxy's verdict rather than send it too: up to 16 downloads
/// run at once, and each sent a wrong password before the first refusal was known. An accepted
/// answer is sent at once on later requests through the proxy, as the JDK's client caches it.
final class ProxyCredentials {

    /// The property of the JDK's client naming the schemes it never sends to open a tunnel.
    static final String TUNNELING_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";
    private static final Pattern CHALLENGE_SCHEME = Pattern.compile("(?:^|,)\\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?=\\s|,|$)");
    private static final Pattern UTF8_CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?utf-8\"?");

    /// One per authenticator, weakly held: the fetchers of one refresh share what a proxy accepted
    /// and refused. Nothing here refers to the authenticator, so it can be collected.
    private static final Map<Authenticator, ProxyCredentials> SHARED = new WeakHashMap<>();

    /// How long a request waits for the verdict on an answer another request carries.
    private static final java.time.Duration VERDICT_WAIT = java.time.Duration.ofMinutes(1);

    private final Map<String, String> accepted = new HashMap<>();
    private final Set<String> refused = new HashSet<>();
    /// Per proxy, the answer on its way to it whose verdict is not known yet.
    private final Map<String, String> pending = new HashMap<>();

    private ProxyCredentials() {
    }

    /// The credentials memory of `authenticator`, shared by every engine given it.
    ///
    /// @param authenticator the authenticator
    /// @return its memory
    static ProxyCredentials of(Authenticator authenticator) {
        synchronized (SHARED) {
            return SHARED.computeIfAbsent(authenticator, unused -> new ProxyCredentials());
        }
    }

    /// What a proxy's `407` led to: the header to send the request again with, or why not.
    ///
    /// @param header the `Proxy-Authorization` value, or null
    /// @param refusal the words that end the failure's message (in parentheses), or null
    record Answer(String header, String refusal) {
    }

    /// The `Proxy-Authorization` to send at once through `proxy`, when it accepted one before.
    ///
    /// @param proxy the proxy
    /// @return the header's value, or empty
    synchronized Optional<String> header(InetSocketAddress proxy) {
        return Optional.ofNullable(accepted.get(key(proxy)));
    }

    /// Remembers that `proxy` let a request with `header` through.
    ///
    /// @param proxy the proxy
    /// @param header the value sent
    synchronized void accepted(InetSocketAddress proxy, String header) {
        if (!refused.contains(key(proxy) + " " + digest(header))) {
            accepted.put(key(proxy), header);
        }
        settled(proxy, header);
    }

    /// Says that the request carrying `header` to `proxy` ended without the proxy's verdict (the
    /// connection failed): a request waiting for it sends the answer itself.
    ///
    /// @param proxy the proxy
    /// @param header the value the request carried
    synchronized void settled(InetSocketAddress proxy, String header) {
        if (pending.remove(key(proxy), header)) {
            notifyAll();
        }
    }

    /// Remembers that `proxy` refused `sent`, the answer given to its `407`.
    ///
    /// @param proxy the proxy
    /// @param sent the `Proxy-Authorization` it refused
    /// @return the refusal
    synchronized Answer refused(InetSocketAddress proxy, String sent) {
        refused.add(key(proxy) + " " + digest(sent));
        accepted.remove(key(proxy), sent);
        settled(proxy, sent);
        return refusal("it refused the user and password given");
    }

    /// Answers a proxy's `407`.
    ///
    /// @param authenticator asked for the user and password
    /// @param proxy the proxy that asked
    /// @param uri the address the request is for
    /// @param tunnel whether the proxy refused to open a tunnel (`CONNECT`)
    /// @param headers the `407`'s headers
    /// @param sent the `Proxy-Authorization` the request carried, or null
    /// @return the header to send the request again with, or why the request fails
    /// @throws InterruptedException when interrupted waiting for another request's verdict
    Answer answer(Authenticator authenticator, InetSocketAddress proxy, URI uri, boolean tunnel, HttpHeaders headers,
                  String sent) throws InterruptedException {
        if (sent != null) {
            refused(proxy, sent);
        }
        List<String> challenges = headers.allValues("Proxy-Authenticate");
        Optional<String> basic = challenges.stream().filter(value -> schemes(value).contains("basic")).findFirst();
        if (basic.isEmpty()) {
            Set<String> offered = new LinkedHashSet<>();
            challenges.forEach(value -> offered.addAll(schemes(value)));
            return refusal(offered.isEmpty() ? "it asks for a user and password without naming a scheme (no"
                    + " Proxy-Authenticate), and bsee answers Basic only"
                    : "it asks for " + String.join(", ", offered.stream().map(ProxyCredentials::schemeName).toList())
                    + " authentication, and bsee answers Basic only");
        }
        if (tunnel && basicDisabledForTunnels()) {
            return refusal("Java sends no Basic credentials to open a tunnel while the system property "
                    + TUNNELING_DISABLED_SCHEMES + " lists Basic, as it does by default: start java with -D"
                    + TUNNELING_DISABLED_SCHEMES + "=");
        }
        PasswordAuthentication given;
        try {
            given = authenticator.requestPasswordAuthenticationInstance(proxy.getHostString(), null, proxy.getPort(),
                    "http", realm(basic.get()), "Basic", url(uri), Authenticator.RequestorType.PROXY);
        } catch (RuntimeException e) {
            return refusal("it asks for a user and password, and the authenticator failed: "
                    + e.getClass().getSimpleName());
        }
        if (given == null) {
            return refusal("it asks for a user and password, and the authenticator gave none for it");
        }
        String header = basicHeader(given, UTF8_CHARSET.matcher(basic.get()).find());
        String key = key(proxy);
        synchronized (this) {
            long waitUntil = System.nanoTime() + VERDICT_WAIT.toNanos();
            long left;
            while (header.equals(pending.get(key)) && (left = waitUntil - System.nanoTime()) > 0) {
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            if (refused.contains(key + " " + digest(header))) {
                return refusal(sent != null ? "it refused the user and password given"
                        : "it refused the user and password given before; they are not sent again");
            }
            if (!header.equals(accepted.get(key))) {
                pending.put(key, header);
            }
        }
        return new Answer(header, null);
    }

    private static Answer refusal(String words) {
        return new Answer(null, words);
    }

    /// The lower-case auth schemes a `Proxy-Authenticate` value offers (`Basic realm="corp",
    /// NTLM` offers two; a parameter's `name=value` is none).
    static Set<String> schemes(String challenge) {
        Set<String> schemes = new LinkedHashSet<>();
        Matcher m = CHALLENGE_SCHEME.matcher(challenge);
        while (m.find()) {
            int after = m.end();
            // `realm="a, b"` or `charset=UTF-8` after a comma: a parameter, not a scheme.
            String rest = challenge.substring(after).stripLeading();
            if (!rest.startsWith("=") && !insideQuotes(challenge, m.start(1))) {
                schemes.add(m.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return schemes;
    }

    private static boolean insideQuotes(String text, int index) {
        boolean inside = false;
        for (int i = 0; i < index; i++) {
            char c = text.charAt(i);
            if (c == '\\' && inside) {
                i++;
            } else if (c == '"') {
                inside = !inside;
            }
        }
        return inside;
    }

    private static String schemeName(String scheme) {
        return switch (scheme) {
            case "ntlm" -> "NTLM";
            case "negotiate" -> "Negotiate (Kerberos)";
            case "digest" -> "Digest";
            default -> dev.bsee.core.internal.SafeText.escape(scheme);
        };
    }

    private static String realm(String challenge) {
        Matcher m = Pattern.compile("(?i)realm\\s*=\\s*\"([^\"]*)\"").matcher(challenge);
        return m.find() ? m.group(1) : null;
    }

    private static URL url(URI uri) {
        try {
            return uri.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            return null;
        }
    }

    /// `Basic base64(user:password)`, in UTF-8 when the proxy says it reads that or when the text
    /// has characters ISO-8859-1 lacks, else in ISO-8859-1, as the JDK and Python's `requests`
    /// send it.
    static String basicHeader(PasswordAuthentication given, boolean utf8) {
        CharBuffer text = CharBuffer.allocate(given.getUserName().length() + 1 + given.getPassword().length);
        text.put(given.getUserName()).put(':').put(given.getPassword()).flip();
        Charset charset = utf8 || !StandardCharsets.ISO_8859_1.newEncoder().canEncode(text.duplicate())
                ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        java.nio.ByteBuffer bytes = charset.encode(text);
        byte[] encoded = new byte[bytes.remaining()];
        bytes.get(encoded);
        java.util.Arrays.fill(text.array(), '\0');
        String header = "Basic " + Base64.getEncoder().encodeToString(encoded);
        java.util.Arrays.fill(encoded, (byte) 0);
        return header;
    }

    private static String key(InetSocketAddress proxy) {
        return proxy.getHostString().toLowerCase(Locale.ROOT) + ":" + proxy.getPort();
    }

    private static String digest(String header) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(header.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /// Whether the JDK's client drops Basic credentials from a `CONNECT`: the system property, or,
    /// when it is not set, the JDK's `conf/net.properties`, whose default lists `Basic`.
    static boolean basicDisabledForTunnels() {
        String value = System.getProperty(TUNNELING_DISABLED_SCHEMES);
        if (value == null) {
            Path file = Path.of(System.getProperty("java.home"), "conf", "net.properties");
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (IOException | RuntimeException e) {
                return false;
            }
            value = properties.getProperty(TUNNELING_DISABLED_SCHEMES);
        }
        if (value == null) {
            return false;
        }
        List<String> schemes = new ArrayList<>();
        for (String scheme : value.split(",")) {
            schemes.add(scheme.strip().toLowerCase(Locale.ROOT));
        }
        return schemes.contains("basic");
    }
}
