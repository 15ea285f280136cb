package dev.bsee.scraper.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/// How the proxy variables of the environment choose a proxy, and which addresses `no_proxy` sends
/// directly.
class ProxyEnvironmentTest {

    private static final String PROXY = "http://proxy.corp:3128";

    private static ProxyEnvironment selector(String... pairs) {
        Map<String, String> environment = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            environment.put(pairs[i], pairs[i + 1]);
        }
        return ProxyEnvironment.from(environment, true).orElseThrow();
    }

    private static String chosen(ProxyEnvironment selector, String uri) {
        Proxy proxy = selector.select(URI.create(uri)).getFirst();
        if (proxy.type() == Proxy.Type.DIRECT) {
            return "DIRECT";
        }
        InetSocketAddress address = (InetSocketAddress) proxy.address();
        return address.getHostString() + ":" + address.getPort();
    }

    /// The table: `no_proxy`, host, port, whether the request goes directly. The last column is what
    /// Python's `urllib.request.proxy_bypass_environment` answers for the same case (pandas 1.5
    /// peer's python3): it differs only where `requests` and curl read more than it does, an
    /// address block (`requests` checks it itself) and entries separated by spaces (curl).
    @ParameterizedTest(name = "no_proxy={0}: {1}:{2} direct {3}")
    @CsvSource(delimiter = '|', value = {
        "corp.example             | corp.example        | 443  | true  | true",
        "corp.example             | mirror.corp.example | 443  | true  | true",
        ".corp.example            | mirror.corp.example | 443  | true  | true",
        ".corp.example            | corp.example        | 443  | true  | true",
        "corp.example             | xcorp.example       | 443  | false | false",
        "corp.example             | corp.example.org    | 443  | false | false",
        "CORP.Example             | Mirror.corp.example | 443  | true  | true",
        "*                        | www.data.bsee.gov   | 443  | true  | true",
        "mirror:8080              | mirror              | 8080 | true  | true",
        "mirror:8080              | mirror              | 443  | false | false",
        "10.1.2.3                 | 10.1.2.3            | 80   | true  | true",
        "10.1.2.3                 | 10.1.2.30           | 80   | false | false",
        "10.0.0.0/8               | 10.20.30.40         | 80   | true  | false",
        "10.0.0.0/8               | 11.0.0.1            | 80   | false | false",
        "'a.example, corp.example'| x.corp.example      | 443  | true  | true",
        "a.example corp.example   | x.corp.example      | 443  | true  | false",
        "''                       | www.data.bsee.gov   | 443  | false | false",
        "data.bsee.gov            | www.data.bsee.gov   | 443  | true  | true",
        "www.data.bsee.gov        | data.bsee.gov       | 443  | false | false",
        "'[::5]:8443'             | '[::5]'             | 8443 | true  | true",
        "fd00::/8                 | '[fd00::1]'         | 443  | true  | false",
    })
    void noProxyMatchesAsCurlAndRequestsDo(String noProxy, String host, int port, boolean direct, boolean urllib) {
        assertThat(selector("https_proxy", PROXY, "no_proxy", noProxy).direct(host, port)).isEqualTo(direct);
    }

    @Test
    void theSchemesOwnVariableComesFirstThenAllProxy() {
        ProxyEnvironment selector = selector("https_proxy", "http://tls-proxy:3128", "all_proxy", "other:8080");

        assertThat(chosen(selector, "https://www.data.bsee.gov/x.zip")).isEqualTo("tls-proxy:3128");
        assertThat(chosen(selector, "http://mirror.example/x.zip")).isEqualTo("other:8080");
        // No scheme reads as http://, no port as 80, as requests has them.
        assertThat(chosen(selector("http_proxy", "proxy.corp"), "http://mirror.example/x.zip")).isEqualTo("proxy.corp:80");
        assertThat(chosen(selector("http_proxy", "proxy.corp"), "https://www.data.bsee.gov/x.zip")).isEqualTo("DIRECT");
    }

    @Test
    void lowerCaseWinsAndAnEmptyLowerCaseHidesTheUpperCase() {
        assertThat(chosen(selector("https_proxy", "http://lower:1", "HTTPS_PROXY", "http://upper:2"),
                "https://www.data.bsee.gov/")).isEqualTo("lower:1");
        assertThat(chosen(selector("HTTPS_PROXY", "http://upper:2"), "https://www.data.bsee.gov/")).isEqualTo("upper:2");
        assertThat(chosen(selector("HTTP_PROXY", "http://upper:2"), "http://mirror/")).isEqualTo("upper:2");
        assertThat(chosen(selector("https_proxy", "", "HTTPS_PROXY", "http://upper:2", "all_proxy", "http://all:3"),
                "https://www.data.bsee.gov/")).isEqualTo("all:3");
        assertThat(chosen(selector("https_proxy", PROXY, "no_proxy", "other.example", "NO_PROXY", "bsee.gov"),
                "https://www.data.bsee.gov/")).isEqualTo("proxy.corp:3128");
        assertThat(ProxyEnvironment.from(Map.of("https_proxy", "", "HTTPS_PROXY", PROXY), true)).isEmpty();
    }

    @Test
    void loopbackAlwaysConnectsDirectly() {
        ProxyEnvironment selector = selector("http_proxy", PROXY, "https_proxy", PROXY);
        for (String uri : List.of("http://127.0.0.1:8080/x.zip", "http://127.1.2.3/x.zip", "https://localhost:8443/x.zip",
                "http://LOCALHOST./x.zip", "http://mirror.localhost/x.zip", "http://[::1]:8080/x.zip")) {
            assertThat(chosen(selector, uri)).as(uri).isEqualTo("DIRECT");
        }
        assertThat(chosen(selector, "http://128.0.0.1/x.zip")).isEqualTo("proxy.corp:3128");
        assertThat(chosen(ProxyEnvironment.from(Map.of("http_proxy", PROXY), false).orElseThrow(),
                "http://127.0.0.1:8080/x.zip")).isEqualTo("proxy.corp:3128");
    }

    @Test
    void theJvmsProxyPropertiesGivenExplicitlyWin() {
        Map<String, String> environment = Map.of("https_proxy", PROXY);
        assertThat(ProxyEnvironment.of(environment)).isPresent();
        System.setProperty("https.proxyHost", "jvm-proxy.corp");
        try {
            assertThat(ProxyEnvironment.of(environment)).isEmpty();
        } finally {
            System.clearProperty("https.proxyHost");
        }
    }

    @Test
    void noVariableNoSelector() {
        assertThat(ProxyEnvironment.from(Map.of("no_proxy", "*", "PATH", "/usr/bin"), true)).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "https_proxy | http://bob:s3cret@proxy.corp:99999 | https_proxy=http://***@proxy.corp:99999: the port 99999 is not one (1 to 65535)",
        "https_proxy | https://bob:s3cret#1@proxy.corp   | https_proxy=https://***@proxy.corp: Java's HTTP client cannot reach a proxy over TLS",
        "http_proxy  | bob:s3cret/x@proxy.corp:3128/p    | http_proxy=***@proxy.corp:3128/p: not a proxy address",
        "http_proxy  | http://proxy.corp:3128/@x         | http_proxy=http://***@x: a proxy address has no path",
        "HTTPS_PROXY | https://proxy.corp:3128           | HTTPS_PROXY=https://proxy.corp:3128: Java's HTTP client cannot reach a proxy over TLS",
        "all_proxy   | socks5h://proxy.corp:1080         | all_proxy=socks5h://proxy.corp:1080: Java's HTTP client cannot use a SOCKS proxy",
        "http_proxy  | http://proxy.corp:99999           | http_proxy=http://proxy.corp:99999: the port 99999 is not one (1 to 65535)",
        "http_proxy  | http://proxy corp:3128            | http_proxy=http://proxy corp:3128: not a proxy address (Illegal character in authority)",
        "http_proxy  | http://proxy.corp:3128/path       | http_proxy=http://proxy.corp:3128/path: a proxy address has no path",
        "http_proxy  | http://my_proxy:3128              | http_proxy=http://my_proxy:3128: the host name my_proxy holds '_'",
        "no_proxy    | mirror:http                       | no_proxy=mirror:http: not HOST:PORT",
        "no_proxy    | 10.0.0.0/33                       | no_proxy=10.0.0.0/33: not an address block (its prefix length is 0 to 32)",
    })
    void aMalformedVariableIsOneLineNamingItWithoutItsPassword(String name, String value, String message) {
        Map<String, String> environment = new HashMap<>(Map.of(name, value));
        if (name.equals("no_proxy")) {
            environment.put("https_proxy", PROXY);
        }
        assertThatThrownBy(() -> ProxyEnvironment.from(environment, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the environment variable " + message)
                .hasMessageNotContaining("s3cret")
                .hasMessageNotContaining("\n");
    }

    /// What the environment's authenticator answers for `host:port`, as `user|password`.
    private static String answer(ProxyEnvironment environment, String host, int port, String url,
                                 java.net.Authenticator.RequestorType type) throws Exception {
        java.net.PasswordAuthentication given = environment.authenticator().orElseThrow()
                .requestPasswordAuthenticationInstance(host, null, port, "http", "corp", "Basic",
                        URI.create(url).toURL(), type);
        return given == null ? "none" : given.getUserName() + "|" + new String(given.getPassword());
    }

    /// A user and password in a proxy variable answer that proxy's 407, percent-decoded as
    /// `requests` decodes them, and a password typed with `@`, `#` or a space unescaped is read to
    /// the authority's last `@` as `requests` reads it.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "http://corp%5Calice:pa%40ss@proxy.corp:3128 | corp\\alice | pa@ss",
        "corp%5Calice:pa%40ss@proxy.corp:3128        | corp\\alice | pa@ss",
        "http://alice:p@ss w^rd@proxy.corp:3128      | alice      | p@ss w^rd",
        "http://alice:a+b%2Bc%zz%C3%A9:@proxy.corp:3128/ | alice  | a+b+c%zz\u00e9:",
    })
    void aUserAndPasswordInAProxyVariableAnswerThatProxy(String value, String user, String password) throws Exception {
        ProxyEnvironment environment = ProxyEnvironment.from(Map.of("https_proxy", value), true).orElseThrow();

        assertThat(environment.hasLogin()).isTrue();
        assertThat(chosen(environment, "https://www.data.bsee.gov/x.zip")).isEqualTo("proxy.corp:3128");
        assertThat(answer(environment, "proxy.corp", 3128, "https://www.data.bsee.gov/x.zip",
                java.net.Authenticator.RequestorType.PROXY)).isEqualTo(user + "|" + password);
        // Never for a server, nor for another proxy.
        assertThat(answer(environment, "proxy.corp", 3128, "https://www.data.bsee.gov/x.zip",
                java.net.Authenticator.RequestorType.SERVER)).isEqualTo("none");
        assertThat(answer(environment, "www.data.bsee.gov", 443, "https://www.data.bsee.gov/x.zip",
                java.net.Authenticator.RequestorType.PROXY)).isEqualTo("none");
        assertThat(answer(environment, "proxy.corp", 8080, "https://www.data.bsee.gov/x.zip",
                java.net.Authenticator.RequestorType.PROXY)).isEqualTo("none");
    }

    /// Each scheme's proxy answers with its own variable's user and password, even on one proxy.
    @Test
    void eachProxyAnswersWithItsOwnVariablesLogin() throws Exception {
        ProxyEnvironment environment = ProxyEnvironment.from(Map.of("https_proxy", "http://a:1@proxy.corp:3128",
                "http_proxy", "http://b:2@proxy.corp:3128"), true).orElseThrow();

        assertThat(answer(environment, "proxy.corp", 3128, "https://www.data.bsee.gov/x.zip",
                java.net.Authenticator.RequestorType.PROXY)).isEqualTo("a|1");
        assertThat(answer(environment, "proxy.corp", 3128, "http://mirror.corp/x.zip",
                java.net.Authenticator.RequestorType.PROXY)).isEqualTo("b|2");
    }

    /// As `requests` sends them: a user without a password, or a password without a user, is none.
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"http://alice@proxy.corp:3128", "http://:pw@proxy.corp:3128",
            "http://alice:@proxy.corp:3128", "http://proxy.corp:3128"})
    void noLoginWithoutBothAUserAndAPassword(String value) {
        ProxyEnvironment environment = ProxyEnvironment.from(Map.of("https_proxy", value), true).orElseThrow();

        assertThat(environment.hasLogin()).isFalse();
        assertThat(environment.authenticator()).isEmpty();
        assertThat(chosen(environment, "https://www.data.bsee.gov/x.zip")).isEqualTo("proxy.corp:3128");
    }
}
