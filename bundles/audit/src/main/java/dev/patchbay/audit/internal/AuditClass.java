package dev.patchbay.audit.internal;

import java.util.Set;

/**
 * The two retention classes of the audit log, each in files of its own with a hash chain of its
 * own. Session and refusal events come at the rate clients connect, so they are kept by size
 * and count of their files, and summarised per address under a flood; everything else
 * (configuration, console commands, bundles, handler swaps, endpoints, TLS material, blocks,
 * the audit log itself) comes at the rate operators act and is kept by age, so that no amount
 * of traffic can rotate it away.
 */
public enum AuditClass {

    /** Operations and security events, in {@code file}, kept {@code retention.days}. */
    OPERATIONS("operations"),
    /** Session and refusal events, in {@code <file>-sessions}, kept {@code retention} files. */
    SESSIONS("sessions");

    private static final Set<String> SESSION_EVENTS = Set.of("session.opened", "session.closed", "session.summary",
            "access.denied", "tls.failed", "ratelimit.refused", "ratelimit.delayed", "plugin.failed", "auth.failed");

    /**
     * Events of one client connection: counted per address and summarised under a flood (a
     * failed AUTH too, so that a password guesser cannot flush the session files).
     */
    private static final Set<String> PER_CONNECTION = Set.of("session.opened", "session.closed", "access.denied",
            "tls.failed", "auth.failed");

    private final String label;

    AuditClass(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static AuditClass of(String event) {
        return SESSION_EVENTS.contains(event) ? SESSIONS : OPERATIONS;
    }

    static boolean perConnection(String event) {
        return PER_CONNECTION.contains(event);
    }
}
