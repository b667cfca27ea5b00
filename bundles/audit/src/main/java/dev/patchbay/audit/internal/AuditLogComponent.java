package dev.patchbay.audit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
 * The audit log service: owns the {@link AuditWriter} of the configured file, applies
 * {@code etc/dev.patchbay.audit.cfg} live, and begins each run with an {@code audit.started}
 * event that continues the hash chain of the previous run.
 */
@Component(service = AuditLog.class, immediate = true, name = AuditSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AuditConfig.class)
public class AuditLogComponent implements AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLogComponent.class);

    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final ErrorThrottle errorThrottle = new ErrorThrottle(TimeUnit.SECONDS.toNanos(10));
    private volatile String lastFailure;
    private volatile AuditSettings settings;
    private volatile AuditWriter writer;
    private String bundleVersion = "unknown";

    @Activate
    void activate(BundleContext context, AuditConfig cfg) {
        bundleVersion = context.getBundle().getVersion().toString();
        AuditSettings s;
        AuditSettings.Refused refused = null;
        try {
            s = AuditSettings.from(cfg, System::getProperty);
        } catch (AuditSettings.Refused e) {
            LOG.warn("Audit log ({}): {}; writing with the defaults instead", AuditSettings.PID, e.getMessage());
            s = defaults();
            refused = e;
        }
        settings = s;
        writer = open(s, null);
        AuditEvent started = AuditEvent.of("audit.started")
                .detail("file", s.file().toString())
                .detail("bundle.version", bundleVersion)
                .detail("max.size", s.policy().maxSize())
                .detail("rotate.daily", s.policy().rotateDaily())
                .detail("retention", s.policy().retention())
                .detail("fsync", s.policy().fsync());
        if (writer != null) {
            started.detail("recovered", writer.recovery());
        }
        record(started);
        if (refused != null) {
            recordRefusal(refused, "writing with the defaults instead");
        }
        LOG.info("Audit log writing to {}", s.file());
    }

    @Modified
    void modified(AuditConfig cfg) {
        AuditSettings next;
        try {
            next = AuditSettings.from(cfg, System::getProperty);
        } catch (AuditSettings.Refused e) {
            LOG.warn("Audit log ({}): {}; still writing with its last good configuration", AuditSettings.PID,
                    e.getMessage());
            recordRefusal(e, "still writing with the last good configuration");
            return;
        }
        AuditSettings previous = settings;
        settings = next;
        AuditWriter current = writer;
        if (current != null && next.file().equals(previous.file())) {
            current.policy(next.policy());
            return;
        }
        // A new place: the chain goes on there, unless a log already lives there with its own chain.
        String lastHash = current != null ? current.lastHash() : null;
        AuditWriter moved = open(next, lastHash);
        writer = moved;
        closeQuietly(current);
        record(AuditEvent.of("audit.moved").detail("file", next.file().toString())
                .detail("previous.file", previous.file().toString()));
        LOG.info("Audit log now writing to {} (was {})", next.file(), previous.file());
    }

    private void recordRefusal(AuditSettings.Refused e, String outcome) {
        record(AuditEvent.of("config.refused").pid(AuditSettings.PID)
                .detail("key", e.key)
                .detail("value", e.value)
                .detail("reason", e.getMessage() + "; " + outcome));
    }

    @Deactivate
    void deactivate() {
        closeQuietly(writer);
        writer = null;
    }

    private AuditWriter open(AuditSettings s, String chainFallback) {
        try {
            return new AuditWriter(s.file(), s.policy(), Clock.systemUTC(), chainFallback);
        } catch (IOException | UncheckedIOException e) {
            // Not counted: the events that then cannot be written are.
            logError("cannot open " + s.file() + ": " + e);
            return null;
        }
    }

    private static AuditSettings defaults() {
        try {
            return AuditSettings.from(Defaults.CONFIG, System::getProperty);
        } catch (AuditSettings.Refused impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public boolean record(AuditEvent event) {
        AuditSettings s = settings;
        Map<String, Object> fields = event.fields();
        Object details = fields.get("details");
        if (details instanceof Map<?, ?> d) {
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = (Map<String, Object>) d;
            fields.put("details", s.redactor().redact(raw));
        }
        AuditWriter w = writer;
        if (w == null) {
            // Reopen: the file may have been unwritable before and be writable now.
            synchronized (this) {
                w = writer;
                if (w == null) {
                    w = open(s, null);
                    writer = w;
                }
            }
            if (w == null) {
                failed(event.event() + " not written: the audit file " + s.file() + " cannot be opened");
                return false;
            }
        }
        try {
            w.write(fields);
            written.incrementAndGet();
            return true;
        } catch (IOException | RuntimeException first) {
            Exception e = first;
            AuditWriter moved = writer;
            if (moved != null && moved != w) {
                // The log moved to another file while this event was on its way: write it there.
                try {
                    moved.write(fields);
                    written.incrementAndGet();
                    return true;
                } catch (IOException | RuntimeException again) {
                    e = again;
                }
            }
            failed(event.event() + " not written to " + s.file() + ": " + e);
            return false;
        }
    }

    /** One event not written: counted, and logged unless the log was told of one just before. */
    private void failed(String what) {
        failures.incrementAndGet();
        lastFailure = what;
        logError(what);
    }

    private void logError(String what) {
        long suppressed = errorThrottle.tryLog(System.nanoTime());
        if (suppressed >= 0) {
            LOG.error("AUDIT WRITE FAILED: {} ({} events not written since start{})", what, failures.get(),
                    suppressed > 0 ? "; " + suppressed + " failures not logged since the last line" : "");
        }
    }

    private static void closeQuietly(AuditWriter w) {
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                LOG.warn("Closing the audit file {}: {}", w.files().current(), e.toString());
            }
        }
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
        try {
            return new AuditFiles(settings.file()).all();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long written() {
        return written.get();
    }

    @Override
    public long failures() {
        return failures.get();
    }

    @Override
    public String lastFailure() {
        return lastFailure;
    }

    /** The metatype defaults, for when the configuration is refused at start. */
    private static final class Defaults {
        static final AuditConfig CONFIG = new AuditConfig() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return AuditConfig.class;
            }

            @Override
            public String file() {
                return DEFAULT_FILE;
            }

            @Override
            public String max_size() {
                return "50MiB";
            }

            @Override
            public boolean rotate_daily() {
                return true;
            }

            @Override
            public int retention() {
                return 30;
            }

            @Override
            public boolean fsync() {
                return false;
            }

            @Override
            public String[] redact_patterns() {
                return new String[0];
            }
        };
    }
}
