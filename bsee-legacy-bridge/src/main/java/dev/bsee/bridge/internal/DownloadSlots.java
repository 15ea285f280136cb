package dev.bsee.bridge.internal;

import java.io.InterruptedIOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/// Bounds how many archives download from one host at once (`processing.downloads_per_host`).
///
/// A slot is held for a whole fetch, body and conversion included, since the body streams into the
/// converter: the bound is on open transfers, which is what a server (and this machine's memory)
/// feels. Slots are taken per archive, never per source, so a yearly series waiting for its own
/// archives cannot starve itself.
public final class DownloadSlots {

    private final int perHost;
    private final Map<String, Semaphore> hosts = new ConcurrentHashMap<>();

    /// Slots for `perHost` downloads from each host.
    ///
    /// @param perHost downloads per host at once, at least one
    public DownloadSlots(int perHost) {
        if (perHost < 1) {
            throw new IllegalArgumentException("downloads per host must be at least 1: " + perHost);
        }
        this.perHost = perHost;
    }

    /// A held slot; closing it frees the slot.
    @FunctionalInterface
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /// Waits for a slot of the host of `uri`.
    ///
    /// @param uri the address about to be fetched
    /// @return the slot, to close when the fetch is over
    /// @throws InterruptedIOException when the wait is interrupted
    public Slot acquire(URI uri) throws InterruptedIOException {
        Semaphore slots = hosts.computeIfAbsent(hostOf(uri), host -> new Semaphore(perHost, true));
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to download " + uri);
        }
        return slots::release;
    }

    /// The host a download counts against: scheme, host and port.
    ///
    /// @param uri the address
    /// @return the host's key, e.g. `https://www.data.bsee.gov:-1`
    public static String hostOf(URI uri) {
        return (uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort()).toLowerCase(Locale.ROOT);
    }
}
