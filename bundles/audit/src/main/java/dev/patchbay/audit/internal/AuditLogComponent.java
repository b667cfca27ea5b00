package dev.patchbay.audit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log service: applies {@code etc/dev.patchbay.audit.cfg} live, turns events into
 * lines in the reporting thread (redacted, stamped with the time they happened) and queues them
 * for the {@link AuditCommitter}, the one thread that writes. Each run begins with an
 * {@code audit.started} event that continues the hash chain of the previous run.
 */
@Component(service = AuditLog.class, immediate = true, name = AuditSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AuditConfig.class)
public class AuditLogComponent implements AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLogComponent.class);

    /** How long an operator's action waits for its line (recordAndWait). */
    static final Duration SYNC_WAIT = Duration.ofSeconds(2);
    /** How long stopping the bundle waits for the queued lines to be written. */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final AuditStats stats = new AuditStats();
    private final Clock clock = Clock.systemUTC();
    private volatile AuditSettings settings;
    private volatile AuditQueue queue;
    private volatile AuditCommitter committer;
    private String bundleVersion = "unknown";

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        bundleVersion = context.getBundle().getVersion().toString();
        AuditSettings s;
        AuditSettings.Refused refused = null;
        try {
            s = AuditSettings.from(properties, System::getProperty);
        } catch (AuditSettings.Refused e) {
            LOG.warn("Audit log ({}): {}; writing with the defaults instead", AuditSettings.PID, e.getMessage());
            s = defaults();
            refused = e;
        }
        settings = s;
        queue = new AuditQueue(s.queueLines(), s.queueBytes());
        AuditCommitter c = new AuditCommitter(s, queue, stats, clock);
        committer = c;
        c.start();
        record(AuditEvent.of("audit.started")
                .detail("file", s.file().toString())
                .detail("sessions.file", s.sessionsFile().toString())
                .detail("bundle.version", bundleVersion)
                .detail("max.size", s.policy().maxSize())
                .detail("rotate.daily", s.policy().rotateDaily())
                .detail("retention", s.policy().retention())
                .detail("retention.days", s.operationsPolicy().retentionDays())
                .detail("fsync", s.policy().fsync())
                .detail("flood.threshold", s.floodThreshold())
                .detail("flood.interval", s.floodInterval().toSeconds())
                .detail("recovered", c.recovery()));
        if (refused != null) {
            recordRefusal(refused, "writing with the defaults instead");
        }
        if (!s.testWriteStall().isZero()) {
            LOG.warn("Audit log: {} = {} holds every write (test only)", AuditSettings.TEST_WRITE_STALL,
                    s.testWriteStall().toMillis());
        }
        LOG.info("Audit log writing to {} and {}", s.file(), s.sessionsFile());
    }

    @Modified
    void modified(Map<String, Object> properties) {
        AuditSettings next;
        try {
            next = AuditSettings.from(properties, System::getProperty);
        } catch (AuditSettings.Refused e) {
            LOG.warn("Audit log ({}): {}; still writing with its last good configuration", AuditSettings.PID,
                    e.getMessage());
            recordRefusal(e, "still writing with the last good configuration");
            return;
        }
        AuditSettings previous = settings;
        settings = next;
        AuditCommitter c = committer;
        if (c == null) {
            return;
        }
        if (!next.testWriteStall().equals(previous.testWriteStall())) {
            LOG.warn("Audit log: {} = {}: {} (test only)", AuditSettings.TEST_WRITE_STALL, next.testWriteStall().toMillis(),
                    next.testWriteStall().isZero() ? "writes go on" : "holds every write");
        }
        c.testWriteStall(next.testWriteStall());
        // Through the queue: the lines queued before go to the old files, those after to the new ones.
        queue.offer(PendingLine.control(next));
        if (!next.file().equals(previous.file())) {
            record(AuditEvent.of("audit.moved").detail("file", next.file().toString())
                    .detail("previous.file", previous.file().toString()));
            LOG.info("Audit log now writing to {} (was {})", next.file(), previous.file());
        }
    }

    private void recordRefusal(AuditSettings.Refused e, String outcome) {
        record(AuditEvent.of("config.refused").pid(AuditSettings.PID)
                .detail("key", e.key)
                .detail("value", e.value)
                .detail("reason", e.getMessage() + "; " + outcome));
    }

    @Deactivate
    void deactivate() {
        AuditCommitter c = committer;
        if (c != null) {
            c.close(STOP_WAIT);
        }
    }

    private static AuditSettings defaults() {
        try {
            return AuditSettings.from(Map.of(), System::getProperty);
        } catch (AuditSettings.Refused impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public boolean record(AuditEvent event) {
        return enqueue(event) != null;
    }

    @Override
    public boolean recordAndWait(AuditEvent event) {
        PendingLine line = enqueue(event);
        if (line == null) {
            return false;
        }
        AuditCommitter c = committer;
        return c != null && c.awaitDone(line, SYNC_WAIT) && line.written;
    }

    /** The line of an event, queued; null if it could not be (counted and logged). */
    private PendingLine enqueue(AuditEvent event) {
        AuditCommitter c = committer;
        if (c == null || !c.running()) {
            stats.failed(event.event() + " not written: the audit log is stopped");
            return null;
        }
        AuditSettings s = settings;
        Map<String, Object> fields = event.fields();
        Object details = fields.get("details");
        if (details instanceof Map<?, ?> d) {
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = (Map<String, Object>) d;
            fields.put("details", s.redactor().redact(raw));
        }
        Instant ts = clock.instant();
        PendingLine line = PendingLine.line(event.event(), ts, AuditLines.open(ts, fields), event.endpointName(),
                AuditEvent.withoutPort(event.remoteAddress()), why(event), weight(event));
        AuditQueue q = queue;
        if (!q.offer(line)) {
            stats.notQueued(event.event() + " not written: the audit queue is full (" + q.size() + " lines, "
                    + q.sizeBytes() + " bytes wait for the disk)");
            return null;
        }
        return line;
    }

    /** What a flood summary counts a per-connection event by. */
    private static String why(AuditEvent event) {
        Object why = switch (event.event()) {
            case "session.closed" -> event.details().get("cause");
            case "access.denied" -> event.details().get("reason");
            case "tls.failed" -> event.details().getOrDefault("reason.class", event.details().get("reason"));
            case "auth.failed" -> event.details().get("reason");
            default -> null;
        };
        return why == null ? null : why.toString();
    }

    /** A failed-AUTH line stands for itself and the attempts its poster left out (details.suppressed). */
    private static long weight(AuditEvent event) {
        if ("auth.failed".equals(event.event()) && event.details().get("suppressed") instanceof Number n) {
            return 1 + Math.max(0, n.longValue());
        }
        return 1;
    }

    @Override
    public SecretRedactor redactor() {
        return settings.redactor();
    }

    @Override
    public Path currentFile() {
        return settings.file();
    }

    @Override
    public List<Path> files() {
        List<Path> all = new ArrayList<>();
        for (AuditClass c : AuditClass.values()) {
            all.addAll(files(c));
        }
        return all;
    }

    @Override
    public List<Path> files(AuditClass c) {
        try {
            return new AuditFiles(settings.file(c)).all();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long written() {
        return stats.written();
    }

    @Override
    public long failures() {
        return stats.failures();
    }

    @Override
    public String lastFailure() {
        return stats.lastFailure();
    }

    @Override
    public Status status() {
        AuditQueue q = queue;
        AuditCommitter c = committer;
        AuditSettings s = settings;
        return new Status(q.size(), q.sizeBytes(), q.maxLines(), q.maxBytes(), stats.notQueued(),
                c == null ? 0 : c.summarised(), stats.lastFailureAt(), c != null && c.alive(), s.floodThreshold(),
                s.floodInterval().toSeconds());
    }

}
