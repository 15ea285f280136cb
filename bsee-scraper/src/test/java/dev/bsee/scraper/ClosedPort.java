package dev.bsee.scraper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/// A port that refuses every connection for as long as this is open: a socket bound to it (on every
/// address, so `localhost` as `::1` too) that never listens. A port found free and closed at once
/// could be bound by any other process (another build's server on port 0) before the connection
/// under test, which then reached that server instead of being refused; a bound port cannot be.
final class ClosedPort implements AutoCloseable {

    private final Socket held;

    private ClosedPort(Socket held) {
        this.held = held;
    }

    static ClosedPort open() throws IOException {
        Socket held = new Socket();
        try {
            held.bind(new InetSocketAddress(0));
        } catch (IOException e) {
            held.close();
            throw e;
        }
        return new ClosedPort(held);
    }

    int port() {
        return held.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        held.close();
    }
}
