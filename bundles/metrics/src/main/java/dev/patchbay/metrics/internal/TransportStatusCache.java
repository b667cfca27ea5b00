package dev.patchbay.metrics.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.patchbay.api.runtime.TransportStatus;

/**
 * The transport's status, read at most once per {@link #MAX_AGE_NANOS}: one scrape reads
 * every transport gauge in a row, and the status walks the I/O threads and the memory budget,
 * so the gauges of one scrape share one snapshot (which also keeps them consistent with each
 * other) instead of taking one each.
 */
final class TransportStatusCache {

    static final long MAX_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Reported before the first successful read: nothing held, nothing failed. */
    static final TransportStatus NONE = new TransportStatus(0, 0, "normal", 0, 0, 0, 0,
            List.of(), List.of(), List.of());

    private final Supplier<TransportStatus> source;
    private final LongSupplier nanoClock;
    private TransportStatus status;
    private long readAtNanos;

    TransportStatusCache(Supplier<TransportStatus> source, LongSupplier nanoClock) {
        this.source = source;
        this.nanoClock = nanoClock;
    }

    /** Scrapes and JMX reads only, never the I/O path: a monitor is cheap enough here. */
    synchronized TransportStatus get() {
        long now = nanoClock.getAsLong();
        if (status == null || now - readAtNanos >= MAX_AGE_NANOS) {
            TransportStatus fresh = read();
            status = fresh == null ? (status == null ? NONE : status) : fresh;
            readAtNanos = now;
        }
        return status;
    }

    private TransportStatus read() {
        try {
            return source.get();
        } catch (RuntimeException stopping) {
            // The transport is going away under a scrape: one stale value beats a failed scrape
            // of every metric; the gauges leave with the service right after.
            return null;
        }
    }
}
