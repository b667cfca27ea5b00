package dev.patchbay.transport.internal;

import org.slf4j.MDC;

/**
 * The MDC keys {@code endpoint}, {@code session} and {@code remote} around one log line about a
 * session or a connection (a refusal, a failure, a hold timeout), so that a JSON log carries them
 * as fields a log store can filter on. Set only around such lines, on failure and refusal paths:
 * never on the per-message path, where the MDC's thread-local map would cost on every message.
 */
final class SessionLogContext {

    static final String ENDPOINT = "endpoint";
    static final String SESSION = "session";
    static final String REMOTE = "remote";

    private SessionLogContext() {
    }

    /** Sets the keys that are known ({@code null} leaves a key out); {@link #clear()} in a finally. */
    static void set(String endpoint, Object session, Object remote) {
        if (endpoint != null) {
            MDC.put(ENDPOINT, endpoint);
        }
        if (session != null) {
            MDC.put(SESSION, String.valueOf(session));
        }
        if (remote != null) {
            MDC.put(REMOTE, String.valueOf(remote));
        }
    }

    static void clear() {
        MDC.remove(ENDPOINT);
        MDC.remove(SESSION);
        MDC.remove(REMOTE);
    }
}
