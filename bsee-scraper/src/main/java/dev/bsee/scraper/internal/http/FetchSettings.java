package dev.bsee.scraper.internal.http;

import dev.bsee.core.BuildInfo;
import dev.bsee.core.ProgressListener;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/// The options of an [dev.bsee.scraper.HttpFetcher]. Its builder holds one, checks each value before
/// setting it here, and gives the fetcher a [#copy()] of it, so a fetcher's settings never change
/// afterwards. Values are set by name, one setter each: a fetcher with two `Duration`s swapped
/// cannot be written. The defaults are the ones the builder's documentation states.
public final class FetchSettings {

    // The setter and accessor pairs below are plain field access on purpose: no logic lives here
    // (the builder checks, the engine decides), so their repeated shape is not repeated logic.

    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration readTimeout = Duration.ofMinutes(2);
    private int maxAttempts = 5;
    private Duration backoffFirst = Duration.ofSeconds(1);
    private Duration backoffMax = Duration.ofMinutes(1);
    private Duration maxRetryAfter = Duration.ofMinutes(5);
    private int maxRedirects = 5;
    private ProgressListener listener = ProgressListener.none();
    private Duration progressInterval = Duration.ofMillis(250);
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private Path spoolDirectory = Path.of(System.getProperty("java.io.tmpdir"));
    private Duration cacheTtl = Duration.ZERO;
    private java.util.Optional<java.net.ProxySelector> proxy = java.util.Optional.empty();
    private java.util.Optional<java.net.Authenticator> authenticator = java.util.Optional.empty();
    private String userAgent = "bsee-java/" + BuildInfo.current().version() + " (Java " + Runtime.version().feature() + ")";

    /// Settings with the defaults.
    public FetchSettings() {
    }

    /// A copy that later changes to this one do not reach.
    ///
    /// @return the copy
    public FetchSettings copy() {
        FetchSettings copy = new FetchSettings();
        copy.connectTimeout = connectTimeout;
        copy.readTimeout = readTimeout;
        copy.maxAttempts = maxAttempts;
        copy.backoffFirst = backoffFirst;
        copy.backoffMax = backoffMax;
        copy.maxRetryAfter = maxRetryAfter;
        copy.maxRedirects = maxRedirects;
        copy.listener = listener;
        copy.progressInterval = progressInterval;
        copy.clock = clock;
        copy.sleeper = sleeper;
        copy.spoolDirectory = spoolDirectory;
        copy.cacheTtl = cacheTtl;
        copy.userAgent = userAgent;
        copy.proxy = proxy;
        copy.authenticator = authenticator;
        return copy;
    }

    /// @param value how long to wait for a connection
    public void connectTimeout(Duration value) {
        connectTimeout = value;
    }

    /// @param value the longest silence while a body is arriving
    public void readTimeout(Duration value) {
        readTimeout = value;
    }

    /// @param value requests per download, resumptions included
    public void maxAttempts(int value) {
        maxAttempts = value;
    }

    /// @param first the first retry delay before jitter
    /// @param max the largest retry delay before jitter
    public void backoff(Duration first, Duration max) {
        backoffFirst = first;
        backoffMax = max;
    }

    /// @param value the longest `Retry-After` that is honoured rather than failed
    public void maxRetryAfter(Duration value) {
        maxRetryAfter = value;
    }

    /// @param value redirect hops per request
    public void maxRedirects(int value) {
        maxRedirects = value;
    }

    /// @param value receives download progress and retry notices
    public void listener(ProgressListener value) {
        listener = value;
    }

    /// @param value the least time between two progress events of one download
    public void progressInterval(Duration value) {
        progressInterval = value;
    }

    /// @param value the wall clock (cache TTL, `Retry-After` dates)
    public void clock(Clock value) {
        clock = value;
    }

    /// @param value waits between attempts
    public void sleeper(Sleeper value) {
        sleeper = value;
    }

    /// @param value where a spooled body is written
    public void spoolDirectory(Path value) {
        spoolDirectory = value;
    }

    /// @param value how long a confirmed version is trusted without asking the server
    public void cacheTtl(Duration value) {
        cacheTtl = value;
    }

    /// @param value the `User-Agent` header
    public void userAgent(String value) {
        userAgent = value;
    }

    /// @return how long to wait for a connection
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /// @return the longest silence while a body is arriving
    public Duration readTimeout() {
        return readTimeout;
    }

    /// @return requests per download, resumptions included
    public int maxAttempts() {
        return maxAttempts;
    }

    /// @return the first retry delay before jitter
    public Duration backoffFirst() {
        return backoffFirst;
    }

    /// @return the largest retry delay before jitter
    public Duration backoffMax() {
        return backoffMax;
    }

    /// @return the longest `Retry-After` that is honoured rather than failed
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /// @return redirect hops per request
    public int maxRedirects() {
        return maxRedirects;
    }

    /// @return receives download progress and retry notices
    public ProgressListener listener() {
        return listener;
    }

    /// @return the least time between two progress events of one download
    public Duration progressInterval() {
        return progressInterval;
    }

    /// @return the wall clock (cache TTL, `Retry-After` dates)
    public Clock clock() {
        return clock;
    }

    /// @return waits between attempts
    public Sleeper sleeper() {
        return sleeper;
    }

    /// @return where a spooled body is written
    public Path spoolDirectory() {
        return spoolDirectory;
    }

    /// @return how long a confirmed version is trusted without asking the server
    public Duration cacheTtl() {
        return cacheTtl;
    }

    /// @return the `User-Agent` header
    public String userAgent() {
        return userAgent;
    }

    /// @param value the proxy selector of every request
    public void proxy(java.net.ProxySelector value) {
        proxy = java.util.Optional.of(value);
    }

    /// @return the proxy selector given, or empty for the JVM's default one
    public java.util.Optional<java.net.ProxySelector> proxy() {
        return proxy;
    }

    /// @param value answers a proxy's request for a user and password (407)
    public void authenticator(java.net.Authenticator value) {
        authenticator = java.util.Optional.of(value);
    }

    /// @return what answers a proxy's request for a user and password, or empty for none
    public java.util.Optional<java.net.Authenticator> authenticator() {
        return authenticator;
    }
}
