package dev.patchbay.api.filter;

/**
 * A filter's decision on a new connection.
 *
 * @param accepted whether the connection may proceed
 * @param reason   why it was refused, for the log and audit trail; empty when accepted
 */
public record Admission(boolean accepted, String reason) {

    /** Let the connection through. */
    public static final Admission ACCEPT = new Admission(true, "");

    public Admission {
        reason = reason == null ? "" : reason;
    }

    /** Refuse the connection for {@code reason}, e.g. {@code "address 10.0.0.7 is denied"}. */
    public static Admission refuse(String reason) {
        return new Admission(false, reason);
    }
}
