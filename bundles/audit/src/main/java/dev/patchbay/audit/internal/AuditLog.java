package dev.patchbay.audit.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The audit log of this bundle, as the event sources and console commands see it. Internal:
 * other bundles report through the whiteboards the sources listen on (session observers, Event
 * Admin, ConfigAdmin, bundle events, the console).
 */
public interface AuditLog {

    /**
     * Redacts the event and queues it for the writer thread; never waits for the disk. Never
     * throws: an event that cannot be queued (the queue is full, the log stopped) is counted
     * and logged.
     *
     * @return whether the event was queued
     */
    boolean record(AuditEvent event);

    /**
     * Like {@link #record}, then waits until the line is written, up to two seconds (a stalled
     * disk does not hold the caller longer; the line is written when the disk comes back). For
     * the sources whose caller is an operator's action (console, ConfigAdmin, bundle changes).
     *
     * @return whether the line was written within that time
     */
    boolean recordAndWait(AuditEvent event);

    /** The redaction rules in force, for sources that need to redact before building an event. */
    SecretRedactor redactor();

    /** The operations file being written. */
    Path currentFile();

    /** Every file of the log, both classes, each class oldest first, its current file last. */
    List<Path> files();

    /** The files of one class, oldest first, the current one last. */
    List<Path> files(AuditClass c);

    /** Events written since this bundle started. */
    long written();

    /** Events that could not be written since this bundle started (not queued, or failed to write). */
    long failures();

    /** The last write failure, or null. */
    String lastFailure();

    /** The writer's state, for the health check and audit-status. */
    Status status();

    /**
     * @param queuedLines  lines waiting for the writer thread
     * @param notQueued    events refused since start because the queue was full (part of failures)
     * @param summarised   per-connection events counted into session.summary lines instead of
     *                     written on their own, since start
     * @param lastFailureAt when the last event was lost, or null
     * @param writerAlive  whether the writer thread runs
     */
    record Status(long queuedLines, long queuedBytes, long maxLines, long maxBytes, long notQueued, long summarised,
            Instant lastFailureAt, boolean writerAlive, int floodThreshold, long floodIntervalSeconds) {
    }
}
