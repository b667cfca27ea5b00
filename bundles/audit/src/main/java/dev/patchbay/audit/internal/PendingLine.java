package dev.patchbay.audit.internal;

import java.time.Instant;

/**
 * One audit line on its way from the thread that reported it to the writer thread: its text
 * without {@code prev} and {@code hash} (the writer seals lines in queue order), and what the
 * flood summary needs to know of it. Also used, with {@link #control} set, to carry a new
 * configuration through the queue, so that the lines before it go to the old files and the
 * lines after it to the new ones.
 */
final class PendingLine {

    final String event;
    final AuditClass auditClass;
    final Instant ts;
    /** The JSON object up to (not including) its closing brace; null for a control entry. */
    final StringBuilder text;
    /** An estimate of the bytes it takes in the queue and in the file. */
    final int bytes;
    final String endpoint;
    /** The client's address without its port; null if the event has none. */
    final String address;
    /** session.closed: the cause; access.denied, tls.failed: the reason. Null otherwise. */
    final String why;
    /**
     * How many events the line stands for in a flood summary: 1, or more for an
     * {@code auth.failed} line that carries the attempts its poster did not post ({@code suppressed}).
     */
    final long weight;
    final AuditSettings control;

    /** Set by the writer thread once the line is written, failed or counted into a summary. */
    volatile boolean done;
    volatile boolean written;

    private PendingLine(String event, Instant ts, StringBuilder text, String endpoint, String address, String why,
            long weight, AuditSettings control) {
        this.event = event;
        this.auditClass = event == null ? AuditClass.OPERATIONS : AuditClass.of(event);
        this.ts = ts;
        this.text = text;
        this.bytes = text == null ? 0 : text.length() + 160;
        this.endpoint = endpoint;
        this.address = address;
        this.why = why;
        this.weight = weight;
        this.control = control;
    }

    static PendingLine line(String event, Instant ts, StringBuilder text, String endpoint, String address,
            String why) {
        return line(event, ts, text, endpoint, address, why, 1);
    }

    static PendingLine line(String event, Instant ts, StringBuilder text, String endpoint, String address,
            String why, long weight) {
        return new PendingLine(event, ts, text, endpoint, address, why, weight, null);
    }

    static PendingLine control(AuditSettings settings) {
        return new PendingLine(null, null, null, null, null, null, 0, settings);
    }

    boolean isControl() {
        return control != null;
    }
}
