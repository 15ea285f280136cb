package dev.bsee.binary;

import dev.bsee.core.peer.PandasPeer;

/// Both pandas peers (1.5 and 2.2), started together for a test class and closed together.
record PandasPeers(PandasPeer pandas15, PandasPeer pandas22) implements AutoCloseable {

    static PandasPeers start() {
        PandasPeer pandas15 = PandasPeer.start(PandasPeer.Kind.PANDAS15);
        try {
            return new PandasPeers(pandas15, PandasPeer.start(PandasPeer.Kind.PANDAS22));
        } catch (RuntimeException | Error e) {
            pandas15.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            pandas15.close();
        } finally {
            pandas22.close();
        }
    }
}
