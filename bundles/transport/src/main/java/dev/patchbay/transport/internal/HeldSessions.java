package dev.patchbay.transport.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.api.observe.CloseCause;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions an endpoint keeps waiting, with reads suspended, for at most
 * {@code handler.wait.timeout}: for a handler (none installed), or, until the endpoint was first
 * complete, for what admission needs (its TLS profile, codec or required filters), so that a
 * client arriving while the server starts is served rather than refused.
 */
final class HeldSessions {

    private static final Logger LOG = LoggerFactory.getLogger(HeldSessions.class);

    private final Endpoint endpoint;
    /** Each with the token of its hold, so that a stale timeout is ignored. */
    private final Map<PatchbaySession, Object> forHandler = new ConcurrentHashMap<>();
    private final Map<PatchbaySession, Object> forAdmission = new ConcurrentHashMap<>();

    HeldSessions(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Holds a session until a handler arrives. */
    void hold(PatchbaySession s) {
        Object token = new Object();
        forHandler.put(s, token);
        int timeout = endpoint.wiring().settings().handlerWaitTimeoutSeconds();
        endpoint.core().scheduler().schedule(() -> {
            if (forHandler.remove(s, token)) {
                String handler = endpoint.wiring().settings().handler();
                SessionLogContext.set(endpoint.name(), s.id(), s.remoteAddress());
                try {
                    LOG.warn("Endpoint {}: closing session {} from {}: no handler {} arrived within handler.wait.timeout={} s",
                            endpoint.name(), s.id(), s.remoteAddress(), handler, timeout);
                } finally {
                    SessionLogContext.clear();
                }
                s.close(CloseCause.HOLD_TIMEOUT, "no handler " + handler + " within handler.wait.timeout=" + timeout + " s");
            }
        }, timeout, TimeUnit.SECONDS);
        // The handler may have arrived between the session's check and its registration here.
        if (endpoint.wiring().handler() != null) {
            endpoint.core().scheduler().execute(this::releaseToHandler);
        }
    }

    /** A handler serves the endpoint: every held session resumes on it, each on its own lane. */
    void releaseToHandler() {
        HandlerBinding h = endpoint.wiring().handler();
        if (h == null) {
            return;
        }
        int released = 0;
        for (Map.Entry<PatchbaySession, Object> e : forHandler.entrySet()) {
            if (forHandler.remove(e.getKey(), e.getValue())) {
                e.getKey().release(h);
                released++;
            }
        }
        if (released > 0) {
            LOG.info("Endpoint {}: {} held session(s) resumed on handler {}", endpoint.name(), released, h);
            endpoint.core().post(Topics.SESSIONS_RESUMED, endpoint.props(EventProperties.HANDLER, h.name(),
                    EventProperties.TO_VERSION, h.version().toString(), EventProperties.SESSIONS, released));
        }
    }

    boolean hasHandlerWaiters() {
        return !forHandler.isEmpty();
    }

    /** Keeps a just accepted connection until the endpoint can admit it. */
    void awaitAdmission(PatchbaySession s, int timeoutSeconds) {
        Object token = new Object();
        s.gate().suspend(ReadGate.ADMISSION);
        forAdmission.put(s, token);
        endpoint.core().scheduler().schedule(() -> {
            if (forAdmission.remove(s, token)) {
                String missing = endpoint.wiring().missing();
                endpoint.refuse(s, "still waiting after handler.wait.timeout=" + timeoutSeconds + " s: " + missing);
            }
        }, timeoutSeconds, TimeUnit.SECONDS);
        // The endpoint may have become complete between the accept's check and here.
        if (endpoint.wiring().complete()) {
            endpoint.core().scheduler().execute(this::admitWaiting);
        }
    }

    /** The endpoint can admit connections: each waiting one is admitted on its I/O thread. */
    void admitWaiting() {
        for (Map.Entry<PatchbaySession, Object> e : forAdmission.entrySet()) {
            PatchbaySession s = e.getKey();
            if (forAdmission.remove(s, e.getValue())) {
                s.lane().execute(() -> endpoint.admitLate(s));
            }
        }
    }

    /** The endpoint stops: connections still waiting for admission are refused. */
    void refuseWaiting(String reason) {
        for (Map.Entry<PatchbaySession, Object> e : forAdmission.entrySet()) {
            if (forAdmission.remove(e.getKey(), e.getValue())) {
                endpoint.refuse(e.getKey(), reason);
            }
        }
    }

    void remove(PatchbaySession s) {
        forHandler.remove(s);
        forAdmission.remove(s);
    }

    int size() {
        return forHandler.size() + forAdmission.size();
    }
}
