package dev.patchbay.transport.internal;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.api.observe.CloseCause;
import dev.patchbay.api.observe.SessionObserver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a plug-in fails one session: a log line (throttled, so that a handler
 * failing on every message cannot flood the log), a count, an event for the audit log, and the
 * close of that session alone. Observers are the exception: one that fails stops observing the
 * session, which carries on.
 */
final class SessionFailures {

    private static final Logger LOG = LoggerFactory.getLogger(PatchbaySession.class);

    private final PatchbaySession session;

    SessionFailures(PatchbaySession session) {
        this.session = session;
    }

    void frameRejected(String reason) {
        Endpoint e = session.owner();
        String codec = e.wiring().settings().codec();
        if (allowLog()) {
            warn("Endpoint {}: closing session {} from {}: {} (codec {})", e.name(), session.id(), session.io().getRemoteAddress(), reason, codec);
        }
        e.frameRejected();
        e.core().post(Topics.FRAME_REJECTED, e.props(EventProperties.SESSION, session.id(),
                EventProperties.REMOTE, String.valueOf(session.io().getRemoteAddress()),
                EventProperties.CODEC, codec, EventProperties.REASON, reason));
        session.close(CloseCause.FRAME_REJECTED, "frame rejected: " + reason);
    }

    void handler(HandlerBinding b, Throwable t) {
        if (allowLog()) {
            warn("Endpoint {}: handler {} failed on session {} from {}; closing the session",
                    session.owner().name(), b, session.id(), session.io().getRemoteAddress(), t);
        }
        failed("handler " + b, t, "handler failed: " + t);
    }

    /** A codec or filter threw. */
    void plugin(String plugin, Throwable t) {
        if (allowLog()) {
            warn("Endpoint {}: {} failed on session {} from {}; closing the session",
                    session.owner().name(), plugin, session.id(), session.io().getRemoteAddress(), t);
        }
        failed(plugin, t, plugin + " failed: " + t);
    }

    /**
     * Another thread wrote to the session (a published message) while its client had more than
     * max.pending.write.bytes unread: a slow consumer, closed at once, dropping what it left unread.
     */
    void pushedPastLimit(long pending, int write, int max) {
        if (session.isClosing()) {
            return;
        }
        String reason = "slow consumer: a write of " + write + " bytes from another thread found " + pending
                + " bytes of replies unread, past max.pending.write.bytes=" + max;
        if (allowLog()) {
            warn("Endpoint {}: closing session {} from {}: {}", session.owner().name(), session.id(),
                    session.io().getRemoteAddress(), reason);
        }
        session.closeNow(CloseCause.WRITE_TIMEOUT, reason);
    }

    /** The handler queued more replies than the client reads while the memory budget is full. */
    void repliesOverflow(long pending, long limit) {
        String reason = "handler queued " + pending + " bytes of replies the client has not read, more than " + limit
                + " (" + SessionPressure.HOG_FACTOR + " x max.pending.write.bytes), while the transport's memory budget is full";
        if (allowLog()) {
            warn("Endpoint {}: closing session {} from {}: {}", session.owner().name(), session.id(),
                    session.io().getRemoteAddress(), reason);
        }
        Endpoint e = session.owner();
        e.core().pluginFailed();
        e.core().post(Topics.PLUGIN_FAILED, e.props(EventProperties.SESSION, session.id(),
                EventProperties.REMOTE, String.valueOf(session.io().getRemoteAddress()),
                EventProperties.PLUGIN, "handler", EventProperties.REASON, reason));
        session.closeNow(CloseCause.HANDLER_ERROR, reason);
    }

    void observer(SessionObserver o, String call, Throwable t) {
        if (allowLog()) {
            warn("Endpoint {}: session observer {} failed on the {} of session {}; it no longer observes it",
                    session.owner().name(), o, call, session.id(), t);
        }
        session.owner().core().pluginFailed();
    }

    /** A plug-in failed while being told of the close: nothing left to close. */
    void whileClosing(String plugin, Throwable t) {
        session.owner().core().pluginFailed();
        if (allowLog()) {
            warn("Endpoint {}: {} failed closing session {}", session.owner().name(), plugin, session.id(), t);
        }
    }

    private void failed(String plugin, Throwable t, String reason) {
        Endpoint e = session.owner();
        e.core().pluginFailed();
        e.core().post(Topics.PLUGIN_FAILED, e.props(EventProperties.SESSION, session.id(),
                EventProperties.REMOTE, String.valueOf(session.io().getRemoteAddress()),
                EventProperties.PLUGIN, plugin, EventProperties.REASON, String.valueOf(t)));
        session.close(CloseCause.HANDLER_ERROR, reason);
    }

    /** One line about this session, with its endpoint, id and remote address in the MDC (see SessionLogContext). */
    private void warn(String format, Object... args) {
        SessionLogContext.set(session.owner().name(), session.id(), session.io().getRemoteAddress());
        try {
            LOG.warn(format, args);
        } finally {
            SessionLogContext.clear();
        }
    }

    private boolean allowLog() {
        return session.owner().core().failureLog().allow("Endpoint " + session.owner().name());
    }
}
