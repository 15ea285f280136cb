package dev.bsee.core.peer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.EnumMap;
import java.util.Map;

/**
 * The pandas peers of one test class: each kind is started the first time a test of the class asks
 * for it and kept for the class's other tests, and all are closed after the class's last test, so a
 * class runs at most one long-lived Python process per pandas generation and starts none it does not
 * use.
 *
 * <p>A JUnit class registers one: {@code @RegisterExtension static final PandasPeers peers = new
 * PandasPeers();} and calls {@code peers.pandas22()} (or {@code get(kind)}) in its tests. A jqwik
 * container (which does not run JUnit extensions) keeps one in a static field and closes it from its
 * {@code @AfterContainer} method. A peer that is not provisioned fails or aborts the asking test as
 * {@link PandasPeer#start} does.
 */
public final class PandasPeers implements AfterAllCallback, AutoCloseable {
    private final Map<PandasPeer.Kind, PandasPeer> started = new EnumMap<>(PandasPeer.Kind.class);

    /**
     * The running peer of {@code kind}, started now if no test of the class has asked for it yet.
     *
     * @param kind which pandas
     * @return the peer, closed after the class's last test
     */
    public synchronized PandasPeer get(PandasPeer.Kind kind) {
        PandasPeer peer = started.get(kind);
        if (peer == null) {
            peer = PandasPeer.start(kind);
            started.put(kind, peer);
        }
        return peer;
    }

    /**
     * The pandas 1.5 peer, see {@link #get}.
     *
     * @return the peer
     */
    public PandasPeer pandas15() {
        return get(PandasPeer.Kind.PANDAS15);
    }

    /**
     * The pandas 2.2 peer, see {@link #get}.
     *
     * @return the peer
     */
    public PandasPeer pandas22() {
        return get(PandasPeer.Kind.PANDAS22);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Closes every peer started. */
    @Override
    public synchronized void close() {
        started.values().forEach(PandasPeer::close);
        started.clear();
    }
}
