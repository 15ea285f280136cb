package dev.bsee.scraper.internal.http;

import java.net.http.HttpClient;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/// The JDK's default TLS context, made when the first https connection needs it rather than when the
/// HTTP client is built.
///
/// A `java.net.http` client asks for its TLS context and that context's default parameters while it
/// is built, and making the default context reads and parses the JDK's trust store: about 150
/// certificates, a tenth to a fifth of a second of start-up and the compilations that parsing brings
/// along, all spent before the first request. A download over plain http (a mirror on the local
/// network, the embedded offline mirror) never needs any of it. With this context and empty
/// parameters the client is built without touching TLS; an https connection then uses exactly the
/// default context and its default protocols and cipher suites (the client's parameters leave them
/// unset, so the engine keeps the context's defaults), with host name verification as before.
final class DeferredTls extends SSLContext {

    private DeferredTls() {
        super(new DefaultOnFirstUse(), null, "Default");
    }

    /// Gives a client builder the deferred default context and parameters that leave the context's
    /// defaults in place.
    ///
    /// @param builder the builder
    /// @return the builder
    static HttpClient.Builder apply(HttpClient.Builder builder) {
        return builder.sslContext(new DeferredTls()).sslParameters(new SSLParameters());
    }

    private static final class DefaultOnFirstUse extends SSLContextSpi {

        private static SSLContext context() {
            try {
                return SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JDK has no default TLS context", e);
            }
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("the default TLS context is initialised already");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return context().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return context().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return context().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return context().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return context().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return context().getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return context().getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return context().getSupportedSSLParameters();
        }
    }
}
