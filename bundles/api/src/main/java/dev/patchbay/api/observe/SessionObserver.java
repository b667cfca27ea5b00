package dev.patchbay.api.observe;

import dev.patchbay.api.handler.Session;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Registered as a service, it hears of every session of every endpoint. The transport calls it
 * on the session's I/O thread, before the handler is told of the open and after the handler
 * is told of the close, so an observer that records synchronously has recorded the close
 * before anyone can learn of it from Patchbay. Calls must be quick and must not block on the
 * network; an observer that throws is logged and skipped, never the session.
 *
 * <p>A session opened before an observer was registered is not reported to it.
 */
@ConsumerType
public interface SessionObserver {

    /**
     * A session opened: accepted, admitted by the filters and, on a TLS endpoint, through
     * its handshake.
     *
     * @return a probe to be told of the session's traffic, or {@code null} for none
     */
    TrafficProbe opened(Session session);

    /** The session closed; {@code summary} says why and what it carried. */
    void closed(Session session, SessionSummary summary);
}
