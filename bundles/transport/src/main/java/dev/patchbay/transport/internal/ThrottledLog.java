package dev.patchbay.transport.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;

/**
 * At most {@code perWindow} lines per ten seconds of one kind, then one line saying how many
 * more there were: a flood of refusals or failures must not flood the log.
 */
final class ThrottledLog {

    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    private final int perWindow;
    private final String what;
    private final AtomicInteger inWindow = new AtomicInteger();
    private volatile long windowStart = System.nanoTime();

    /** @param what names the lines, for the summary: "connection(s) refused" */
    ThrottledLog(Logger log, int perWindow, String what) {
        this.log = log;
        this.perWindow = perWindow;
        this.what = what;
    }

    /** Whether this line may be written; when a window ends, first writes how many were held back. */
    boolean allow(String subject) {
        long now = System.nanoTime();
        long start = windowStart;
        if (now - start > WINDOW_NANOS) {
            windowStart = now;
            int suppressed = inWindow.getAndSet(0) - perWindow;
            if (suppressed > 0) {
                log.warn("{}: {} more {} in the last 10 s, not logged one by one", subject, suppressed, what);
            }
        }
        return inWindow.incrementAndGet() <= perWindow;
    }
}
