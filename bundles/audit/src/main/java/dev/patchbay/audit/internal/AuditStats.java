package dev.patchbay.audit.internal;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.patchbay.support.log.LogThrottle;

/**
 * What became of the events since the bundle started: written, summarised, and not written
 * (the queue was full, or the file could not be written). Every event not written is counted
 * and logged as {@code ERROR AUDIT WRITE FAILED}, one line per 10 s at most with the count.
 */
final class AuditStats {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLogComponent.class);

    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong notQueued = new AtomicLong();
    private static final long ERROR_LINE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final LogThrottle errorThrottle = new LogThrottle(1);
    private volatile String lastFailure;
    private volatile Instant lastFailureAt;

    void written(long n) {
        written.addAndGet(n);
    }

    /** One event not written: counted, and logged unless the log was told of one just before. */
    void failed(String what) {
        failures.incrementAndGet();
        lastFailure = what;
        lastFailureAt = Instant.now();
        logError(what);
    }

    /** One event the queue had no room for: a failure, also counted on its own. */
    void notQueued(String what) {
        notQueued.incrementAndGet();
        failed(what);
    }

    /** A problem that is not itself a lost event (the file cannot be opened): logged, throttled. */
    void logError(String what) {
        LogThrottle.Suppressed held = errorThrottle.endWindowIfOlder(ERROR_LINE_INTERVAL_NANOS, System.nanoTime());
        if (errorThrottle.tryLog("write failed")) {
            LOG.error("AUDIT WRITE FAILED: {} ({} events not written since start{})", what, failures.get(),
                    held != null ? "; " + held.lines() + " failures not logged since the last line" : "");
        }
    }

    long written() {
        return written.get();
    }

    long failures() {
        return failures.get();
    }

    long notQueued() {
        return notQueued.get();
    }

    String lastFailure() {
        return lastFailure;
    }

    Instant lastFailureAt() {
        return lastFailureAt;
    }
}
