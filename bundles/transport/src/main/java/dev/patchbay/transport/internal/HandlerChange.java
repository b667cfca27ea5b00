package dev.patchbay.transport.internal;

import java.util.Objects;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A change of the handler serving an endpoint's new sessions: logged, posted, and applied to
 * open sessions, which move to the new handler from their next message ({@code handover}),
 * stay on the old one until {@code drain.timeout} ({@code drain}), or are held until a handler
 * arrives when none is left.
 */
final class HandlerChange {

    private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);

    private HandlerChange() {
    }

    /** Says that the handler serving new sessions changed, and moves open sessions per swap.policy. */
    static void apply(Endpoint e, EndpointSettings s, HandlerBinding old, HandlerBinding h) {
        TransportCore core = e.core();
        String name = e.name();
        if (!Objects.equals(h, old)) {
            if (h == null) {
                LOG.warn("Endpoint {}: waiting for handler {}{}; the port stays bound and sessions are held for up to {} s (handler.wait.timeout)",
                        name, s.handler(), s.handlerVersion() == null ? "" : " " + s.handlerVersion(), s.handlerWaitTimeoutSeconds());
                core.post(Topics.SESSIONS_HELD, e.props(EventProperties.HANDLER, s.handler(), EventProperties.SESSIONS, e.sessions().size()));
            } else {
                LOG.info("Endpoint {}: handler {} serves new sessions{}; {} open session(s) follow swap.policy={}",
                        name, h, old == null ? "" : " (was " + old + ")", e.sessions().size(), s.swapPolicy());
                core.post(Topics.HANDLER_SWAPPED, e.props(EventProperties.HANDLER, h.name(),
                        EventProperties.FROM_VERSION, old == null ? "" : old.version().toString(),
                        EventProperties.TO_VERSION, h.version().toString(),
                        EventProperties.POLICY, s.swapPolicy().toString(), EventProperties.SESSIONS, e.sessions().size()));
            }
        }
        for (PatchbaySession session : e.sessions()) {
            HandlerBinding current = session.binding();
            if (Objects.equals(current, h)) {
                continue;
            }
            boolean stillInstalled = current != null && core.isRegistered(current);
            if (s.swapPolicy() == EndpointSettings.SwapPolicy.DRAIN && stillInstalled) {
                session.drainWithin(s.drainTimeoutSeconds());
            } else {
                // Handover, or the old handler is gone: move on, or be held until one arrives.
                session.rebind(h);
            }
        }
        if (h != null && e.held().hasHandlerWaiters()) {
            core.scheduler().execute(e.held()::releaseToHandler);
        }
    }
}
