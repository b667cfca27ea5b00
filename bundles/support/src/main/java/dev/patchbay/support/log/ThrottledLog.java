package dev.patchbay.support.log;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;

/**
 * At most {@code perWindow} lines of one kind per ten seconds, then one line saying how many
 * more there were: a flood of refusals or failures must not flood the log. A {@link LogThrottle}
 * that writes its own summary, for callers with no periodic task to do it.
 */
public final class ThrottledLog {

    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    private final String what;
    private final LogThrottle throttle;

    /** @param what names the lines, for the summary: "connection(s) refused" */
    public ThrottledLog(Logger log, int perWindow, String what) {
        this.log = log;
        this.what = what;
        this.throttle = new LogThrottle(perWindow);
    }

    /** Whether this line may be written; when a window ends, first writes how many were held back. */
    public boolean allow(String subject) {
        LogThrottle.Suppressed held = throttle.endWindowIfOlder(WINDOW_NANOS, System.nanoTime());
        if (held != null) {
            log.warn("{}: {} more {} in the last 10 s, not logged one by one", subject, held.lines(), what);
        }
        return throttle.tryLog(what);
    }
}
