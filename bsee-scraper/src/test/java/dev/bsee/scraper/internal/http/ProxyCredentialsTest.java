package dev.bsee.scraper.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/// How a proxy's `407` is read: the schemes its challenges offer, and the words of a challenge
/// that cannot be answered.
class ProxyCredentialsTest {

    private static final InetSocketAddress PROXY = InetSocketAddress.createUnresolved("proxy.corp", 3128);
    private static final URI SITE = URI.create("https://www.data.bsee.gov/Well/Files/APDRawData.zip");

    private static final class Fixed extends Authenticator {
        int asked;

        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
            asked++;
            return new PasswordAuthentication("alice", "s3cret".toCharArray());
        }
    }

    private static HttpHeaders challenges(String... values) {
        return HttpHeaders.of(Map.of("Proxy-Authenticate", List.of(values)), (name, value) -> true);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Basic realm=\"corp\"                                  | [basic]",
        "NTLM                                                  | [ntlm]",
        "Basic realm=\"a, NTLM\", charset=\"UTF-8\"            | [basic]",
        "Digest realm=\"x\", nonce=\"y\", Basic realm=\"z\"    | [digest, basic]",
        "Negotiate, NTLM                                       | [negotiate, ntlm]",
    })
    void theSchemesAChallengeOffers(String challenge, String schemes) {
        assertThat(ProxyCredentials.schemes(challenge)).hasToString(schemes);
    }

    /// A proxy that asks for Windows authentication only: said, and the authenticator not asked.
    @Test
    void aProxyOfferingNoBasicIsNamedWithWhatItAsksFor() throws Exception {
        Fixed authenticator = new Fixed();
        ProxyCredentials.Answer answer = ProxyCredentials.of(authenticator).answer(authenticator, PROXY, SITE, false,
                challenges("Negotiate", "NTLM"), null);

        assertThat(answer.header()).isNull();
        assertThat(answer.refusal()).isEqualTo("it asks for Negotiate (Kerberos), NTLM authentication, and bsee answers"
                + " Basic only");
        assertThat(authenticator.asked).isZero();
        assertThat(ProxyCredentials.of(authenticator).answer(authenticator, PROXY, SITE, false, challenges(), null)
                .refusal()).contains("without naming a scheme");
    }

    /// While the JDK drops Basic from a `CONNECT`, an answer would never reach the proxy: the
    /// failure says how to allow it, and the authenticator is not asked.
    @Test
    void aTunnelJavaSendsNoBasicToSaysHowToAllowIt() throws Exception {
        Fixed authenticator = new Fixed();
        String before = System.getProperty(ProxyCredentials.TUNNELING_DISABLED_SCHEMES);
        System.setProperty(ProxyCredentials.TUNNELING_DISABLED_SCHEMES, "Digest, Basic");
        try {
            ProxyCredentials.Answer answer = ProxyCredentials.of(authenticator).answer(authenticator, PROXY, SITE, true,
                    challenges("Basic realm=\"corp\""), null);

            assertThat(answer.refusal()).contains("-Djdk.http.auth.tunneling.disabledSchemes=");
            assertThat(authenticator.asked).isZero();
        } finally {
            if (before == null) {
                System.clearProperty(ProxyCredentials.TUNNELING_DISABLED_SCHEMES);
            } else {
                System.setProperty(ProxyCredentials.TUNNELING_DISABLED_SCHEMES, before);
            }
        }
    }

    /// Basic in ISO-8859-1, as the JDK and `requests` send it, unless the proxy asks for UTF-8 or
    /// the text has characters ISO-8859-1 lacks.
    @Test
    void theBasicHeadersCharset() {
        assertThat(ProxyCredentials.basicHeader(new PasswordAuthentication("al", "p\u00e9".toCharArray()), false))
                .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString(
                        "al:p\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        assertThat(ProxyCredentials.basicHeader(new PasswordAuthentication("al", "p\u00e9".toCharArray()), true))
                .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString(
                        "al:p\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(ProxyCredentials.basicHeader(new PasswordAuthentication("al", "p\u20ac".toCharArray()), false))
                .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString(
                        "al:p\u20ac".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
