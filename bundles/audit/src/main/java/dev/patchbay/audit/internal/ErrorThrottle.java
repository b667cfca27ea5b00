package dev.patchbay.audit.internal;

/**
 * Lets one error line through per interval and counts the rest, so that a full disk costs a
 * line every few seconds rather than one per event, while every failure is still counted.
 */
final class ErrorThrottle {

    private final long intervalNanos;
    private long lastLogged;
    private boolean loggedOnce;
    private long suppressed;

    ErrorThrottle(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /**
     * @return -1 if this failure is not to be logged, else how many were not logged since the
     *         last line
     */
    synchronized long tryLog(long nowNanos) {
        if (!loggedOnce || nowNanos - lastLogged >= intervalNanos) {
            loggedOnce = true;
            lastLogged = nowNanos;
            long s = suppressed;
            suppressed = 0;
            return s;
        }
        suppressed++;
        return -1;
    }
}
