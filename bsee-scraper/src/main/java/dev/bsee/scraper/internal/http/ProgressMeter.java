package dev.bsee.scraper.internal.http;

import dev.bsee.core.ProgressEvent;
import dev.bsee.core.ProgressListener;
import java.time.Duration;
import java.util.OptionalLong;

/// Turns a download's byte count into [ProgressEvent.Download] events: one when the body starts,
/// then one per interval or per twentieth of a known size, whichever comes first, and always one
/// at the end (a small download over a fast link would otherwise show 0% until it is done). The rate is smoothed over the recent
/// intervals; the last event carries the average of the whole transfer.
final class ProgressMeter {

    private static final double SMOOTHING = 0.3;
    private static final long STEPS = 20;

    private final ProgressListener listener;
    private final String source;
    private final long intervalNanos;
    private final long startNanos = System.nanoTime();
    private OptionalLong total = OptionalLong.empty();
    private long lastNanos = startNanos;
    private long lastBytes;
    private double rate;
    private boolean started;

    ProgressMeter(ProgressListener listener, String source, Duration interval) {
        this.listener = listener;
        this.source = source;
        this.intervalNanos = interval.toNanos();
    }

    void start(OptionalLong totalBytes) {
        total = totalBytes;
        if (!started) {
            started = true;
            emit(0);
        }
    }

    void advance(long bytes) {
        long now = System.nanoTime();
        boolean step = total.isPresent() && (bytes - lastBytes) * STEPS >= total.getAsLong();
        if (now - lastNanos < intervalNanos && !step) {
            return;
        }
        double seconds = Math.max(now - lastNanos, 1) / 1e9;
        double recent = (bytes - lastBytes) / seconds;
        rate = rate == 0 ? recent : SMOOTHING * recent + (1 - SMOOTHING) * rate;
        lastNanos = now;
        lastBytes = bytes;
        emit(bytes);
    }

    void finish(long bytes) {
        double seconds = Math.max(System.nanoTime() - startNanos, 1) / 1e9;
        rate = bytes / seconds;
        lastBytes = bytes;
        emit(bytes);
    }

    private void emit(long bytes) {
        listener.onEvent(new ProgressEvent.Download(source, bytes, total.orElse(-1), rate));
    }
}
