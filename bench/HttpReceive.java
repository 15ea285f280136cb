import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/// Receives one download and drops it, with one of the JDK's two HTTP clients, to weigh what
/// receiving costs a fresh JVM apart from everything a refresh does with the bytes (receive.sh).
///
///     java HttpReceive java.net.http URL      # as the tool's downloads: HTTP/1.1, TLS context unused
///     java HttpReceive HttpURLConnection URL
public final class HttpReceive {

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[1]);
        long bytes = switch (args[0]) {
            case "java.net.http" -> {
                // An uninitialised context, as the tool's deferred one: plain http never reads the
                // trust store. Closed at the end, as the tool closes its client: the JVM's exit waits
                // up to 0.3 s for a thread in native code, and an open client's selector thread sits
                // in epoll_wait.
                try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .sslContext(SSLContext.getInstance("TLS")).sslParameters(new SSLParameters()).build()) {
                    yield drain(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream())
                            .body());
                }
            }
            case "HttpURLConnection" -> drain(((HttpURLConnection) uri.toURL().openConnection()).getInputStream());
            default -> throw new IllegalArgumentException("java.net.http or HttpURLConnection, not " + args[0]);
        };
        System.out.println(bytes);
        System.exit(0);
    }

    private static long drain(InputStream in) throws Exception {
        byte[] buffer = new byte[1 << 16];
        long bytes = 0;
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes += n;
            }
        }
        return bytes;
    }
}
