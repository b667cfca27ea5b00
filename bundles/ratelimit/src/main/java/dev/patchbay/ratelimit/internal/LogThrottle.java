package dev.patchbay.ratelimit.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Lets a few log lines of one kind through per interval and counts the rest, so that a flood
 * of refused connections costs a handful of lines and one summary per interval instead of a
 * line per connection.
 */
final class LogThrottle {

    private final int linesPerInterval;
    private int logged;
    private long suppressed;
    /** Suppressed lines by what they were about; keys are limit names, a small fixed set. */
    private final Map<String, Long> suppressedBy = new TreeMap<>();

    LogThrottle(int linesPerInterval) {
        this.linesPerInterval = linesPerInterval;
    }

    /** Whether a line about {@code what} may be logged now; if not, it is counted. */
    synchronized boolean tryLog(String what) {
        if (logged < linesPerInterval) {
            logged++;
            return true;
        }
        suppressed++;
        suppressedBy.merge(what, 1L, Long::sum);
        return false;
    }

    /** What was not logged in one interval, e.g. 1200 lines, by what: {@code "deny: 1000, connections.per.address: 200"}. */
    record Suppressed(long lines, String byWhat) {
    }

    /**
     * Starts a new interval.
     *
     * @return what was not logged in the interval that ended, or {@code null} if nothing
     */
    synchronized Suppressed endInterval() {
        Suppressed summary = suppressed == 0 ? null
                : new Suppressed(suppressed, suppressedBy.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining(", ")));
        logged = 0;
        suppressed = 0;
        suppressedBy.clear();
        return summary;
    }
}
