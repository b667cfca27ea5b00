package dev.patchbay.audit.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * The audit log of this bundle, as the event sources and console commands see it. Internal:
 * other bundles report through the whiteboards the sources listen on (session observers, Event
 * Admin, ConfigAdmin, bundle events, the console).
 */
public interface AuditLog {

    /**
     * Redacts, seals and writes one event in the calling thread; returns once it is written to
     * the operating system. Never throws: a failure is counted and logged.
     *
     * @return whether the event was written
     */
    boolean record(AuditEvent event);

    /** The redaction rules in force, for sources that need to redact before building an event. */
    SecretRedactor redactor();

    /** The file being written. */
    Path currentFile();

    /** Every file of the log, oldest first, the current one last. */
    List<Path> files();

    /** Events written since this bundle started. */
    long written();

    /** Events that could not be written since this bundle started. */
    long failures();

    /** The last write failure, or null. */
    String lastFailure();
}
