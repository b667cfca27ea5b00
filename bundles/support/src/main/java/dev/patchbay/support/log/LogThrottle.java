package dev.patchbay.support.log;

import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lets a few log lines through per window and counts the rest by what they were about, so that
 * a flood (refused connections, a full disk) costs a handful of lines and one summary per window
 * instead of a line per event, while every event is still counted.
 *
 * <p>The window ends either when its owner says so ({@link #endWindow()}, from a periodic task)
 * or at the first line asked for after it has lasted long enough
 * ({@link #endWindowIfOlder(long, long)}). Lock-free, and allocation-free once each kind of
 * line has been counted once: it is asked on accept and I/O paths.
 */
public final class LogThrottle {

    private final int linesPerWindow;
    private final AtomicInteger logged = new AtomicInteger();
    private final AtomicLong windowStart;
    /** Keys are kinds of line (limit names, "block list full"): a small fixed set, kept between windows. */
    private final Map<String, LongAdder> suppressedBy = new ConcurrentSkipListMap<>();

    public LogThrottle(int linesPerWindow) {
        this.linesPerWindow = linesPerWindow;
        // Old enough that the first endWindowIfOlder ends it: the very first line always goes out.
        this.windowStart = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);
    }

    /** What was not logged in one window: 1200 lines, by what: {@code "deny: 1000, max.connections: 200"}. */
    public record Suppressed(long lines, String byWhat) {
    }

    /** Whether a line about {@code what} may be logged now; if not, it is counted. */
    public boolean tryLog(String what) {
        // Read first so that a flood does not keep incrementing (and one day wrap) the counter.
        if (logged.get() < linesPerWindow && logged.getAndIncrement() < linesPerWindow) {
            return true;
        }
        suppressedBy.computeIfAbsent(what, k -> new LongAdder()).increment();
        return false;
    }

    /**
     * Starts a new window.
     *
     * @return what was not logged in the window that ended, or {@code null} if nothing
     */
    public Suppressed endWindow() {
        windowStart.set(System.nanoTime());
        return drain();
    }

    /**
     * Starts a new window if the current one began {@code windowNanos} or more before
     * {@code nowNanos}; of callers racing, one ends it.
     *
     * @return what was not logged in the window that ended, or {@code null} if the window goes
     *         on or nothing was held back
     */
    public Suppressed endWindowIfOlder(long windowNanos, long nowNanos) {
        long start = windowStart.get();
        if (nowNanos - start < windowNanos || !windowStart.compareAndSet(start, nowNanos)) {
            return null;
        }
        return drain();
    }

    private Suppressed drain() {
        logged.set(0);
        long total = 0;
        StringJoiner byWhat = new StringJoiner(", ");
        for (Map.Entry<String, LongAdder> e : suppressedBy.entrySet()) {
            long n = e.getValue().sumThenReset();
            if (n > 0) {
                total += n;
                byWhat.add(e.getKey() + ": " + n);
            }
        }
        return total == 0 ? null : new Suppressed(total, byWhat.toString());
    }
}
