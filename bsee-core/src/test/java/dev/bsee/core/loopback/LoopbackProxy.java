package dev.bsee.core.loopback;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/// An HTTP proxy on loopback that records the request line of every request it is given: a
/// `CONNECT host:port` opens a tunnel, an absolute-form `GET http://host:port/path` is passed on in
/// origin form. Every host it is asked for is reached on loopback, so a test can name a server by a
/// host no resolver knows (`bsee.test`): only a request that went through the proxy reaches it.
/// Shared by the download tests of bsee-scraper and the command-line tests of bsee-examples.
public final class LoopbackProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
    private final int status;
    /// The `Proxy-Authorization` every request must carry, or null.
    private final String required;
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

    /// Starts the proxy on a free loopback port.
    ///
    /// @throws IOException when no port can be had
    public LoopbackProxy() throws IOException {
        this(0);
    }

    /// Starts a proxy that answers every request (a `CONNECT` too) with `status` and a small HTML
    /// page, as a company's proxy refusing a host or asking for credentials (407) does; 0 passes
    /// requests on.
    ///
    /// @param status the status of every answer, or 0
    /// @throws IOException when no port can be had
    public LoopbackProxy(int status) throws IOException {
        this(status, null);
    }

    private LoopbackProxy(int status, String required) throws IOException {
        this.status = status;
        this.required = required;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::accept, "loopback-proxy");
        accepting.setDaemon(true);
        accepting.start();
    }

    /// Starts a proxy that passes on only requests carrying `user` and `password` in HTTP Basic
    /// (UTF-8), as a company's proxy does; any other it answers with `407` and a `Basic` challenge.
    /// It does not pass the header on to the server, as a proxy does not.
    ///
    /// @param user the user
    /// @param password the password
    /// @return the proxy
    /// @throws IOException when no port can be had
    public static LoopbackProxy requiring(String user, String password) throws IOException {
        return new LoopbackProxy(0, "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /// The `Proxy-Authorization` of every request received, in order (the empty string for a
    /// request without one).
    ///
    /// @return the values
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /// The proxy's address as a proxy variable gives it.
    ///
    /// @return `http://127.0.0.1:PORT`
    public String address() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /// The request lines received, in order.
    ///
    /// @return the lines (`CONNECT host:port HTTP/1.1`, `GET http://host:port/path HTTP/1.1`)
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                Thread serving = new Thread(() -> serve(client), "loopback-proxy-connection");
                serving.setDaemon(true);
                serving.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            String line = head.substring(0, head.indexOf("\r\n"));
            requests.add(line);
            String[] parts = line.split(" ");
            String authorization = "";
            StringBuilder passedOn = new StringBuilder();
            for (String field : head.substring(line.length() + 2).split("\r\n")) {
                if (field.regionMatches(true, 0, "Proxy-Authorization:", 0, "Proxy-Authorization:".length())) {
                    authorization = field.substring("Proxy-Authorization:".length()).strip();
                } else if (!field.isEmpty()) {
                    passedOn.append("\r\n").append(field);
                }
            }
            authorizations.add(authorization);
            if (required != null && !required.equals(authorization)) {
                client.getOutputStream().write(("HTTP/1.1 407 Proxy Authentication Required\r\n"
                        + "Proxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
            } else if (status != 0) {
                byte[] page = "<html><body>Access denied by the proxy</body></html>".getBytes(StandardCharsets.US_ASCII);
                client.getOutputStream().write(("HTTP/1.1 " + status + " Refused\r\n"
                        + (status == 407 ? "Proxy-Authenticate: Basic realm=\"corp\"\r\n" : "")
                        + "Content-Type: text/html\r\nContent-Length: " + page.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().write(page);
                client.getOutputStream().flush();
            } else if (parts[0].equals("CONNECT")) {
                int colon = parts[1].lastIndexOf(':');
                try (Socket target = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(parts[1].substring(colon + 1)))) {
                    sockets.add(target);
                    client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    pipe(client, target, in);
                }
            } else {
                URI uri = URI.create(parts[1]);
                try (Socket target = new Socket(InetAddress.getLoopbackAddress(), uri.getPort())) {
                    sockets.add(target);
                    String forwarded = parts[0] + " " + uri.getRawPath() + " " + parts[2] + passedOn + "\r\n\r\n";
                    target.getOutputStream().write(forwarded.getBytes(StandardCharsets.ISO_8859_1));
                    pipe(client, target, in);
                }
            }
        } catch (IOException | RuntimeException e) {
            // The client or the server went away: the connection ends.
        }
    }

    /// Copies the client's further bytes to the target and the target's to the client until one ends.
    private static void pipe(Socket client, Socket target, InputStream fromClient) throws IOException {
        Thread upstream = new Thread(() -> {
            try {
                fromClient.transferTo(target.getOutputStream());
            } catch (IOException e) {
                // ends with the connection
            }
        }, "loopback-proxy-upstream");
        upstream.setDaemon(true);
        upstream.start();
        OutputStream toClient = client.getOutputStream();
        target.getInputStream().transferTo(toClient);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
