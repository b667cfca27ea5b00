package dev.patchbay.audit.internal;

import java.time.Duration;
import java.time.Instant;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Readiness of the audit log, for {@code /health/ready} (Felix Health Check tag {@code ready}):
 * WARN while events are being lost or about to be: an event was not written in the last ten
 * minutes (the queue was full, the file could not be written), the queue is more than half
 * full (the disk is slower than the events), or the writer thread is gone. Never CRITICAL: a
 * slow audit disk must not take the server out of its load balancer; the WARN and the
 * {@code AUDIT WRITE FAILED} lines in the log are for the operator.
 */
@Component(service = HealthCheck.class, property = {
        HealthCheck.NAME + "=" + AuditReadyCheck.NAME,
        HealthCheck.TAGS + "=ready"})
public class AuditReadyCheck implements HealthCheck {

    static final String NAME = "Patchbay audit log";
    static final Duration RECENT = Duration.ofMinutes(10);

    @Reference
    private AuditLog audit;

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        AuditLog.Status s = audit.status();
        Instant lastFailure = s.lastFailureAt();
        if (lastFailure != null && lastFailure.isAfter(Instant.now().minus(RECENT))) {
            log.warn("{} audit events not written since start ({} of them for lack of room in the queue); the last at "
                    + "{}: {}", audit.failures(), s.notQueued(), lastFailure, audit.lastFailure());
        }
        if (!s.writerAlive()) {
            log.warn("the audit writer thread is not running: events are not written");
        }
        long linePercent = s.maxLines() == 0 ? 0 : 100 * s.queuedLines() / s.maxLines();
        long bytePercent = s.maxBytes() == 0 ? 0 : 100 * s.queuedBytes() / s.maxBytes();
        if (Math.max(linePercent, bytePercent) >= 50) {
            log.warn("the audit queue is {}% full ({} lines, {} bytes): the disk is slower than the events; at 100% "
                    + "events are lost", Math.max(linePercent, bytePercent), s.queuedLines(), s.queuedBytes());
        }
        log.info("{} events written, {} queued, {} summarised into session.summary lines, {} not written since start",
                audit.written(), s.queuedLines(), s.summarised(), audit.failures());
        return new Result(log);
    }
}
