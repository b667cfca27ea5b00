package dev.patchbay.audit.internal;

import java.net.InetSocketAddress;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.patchbay.api.handler.Session;
import dev.patchbay.api.observe.SessionObserver;
import dev.patchbay.api.observe.SessionSummary;
import dev.patchbay.api.observe.TrafficProbe;

/**
 * Records {@code session.opened} and {@code session.closed} on the session's I/O thread, where
 * the transport calls observers: the open is queued before the handler hears of the session,
 * the close before anything else learns of it, so each line comes before the lines of what
 * follows from it. The I/O thread only queues: it never waits for the disk or for a lock
 * other sessions hold.
 */
@Component(service = SessionObserver.class)
public class SessionAuditObserver implements SessionObserver {

    @Reference
    private AuditLog audit;

    @Override
    public TrafficProbe opened(Session session) {
        AuditEvent e = base("session.opened", session);
        session.tls().ifPresent(tls -> e.detail("tls.protocol", tls.protocol())
                .detail("tls.cipher", tls.cipherSuite())
                .detail("tls.peer", tls.peerSubject())
                .detail("tls.profile", tls.profile()));
        audit.record(e);
        // Audit is per session, never per message.
        return null;
    }

    @Override
    public void closed(Session session, SessionSummary summary) {
        audit.record(base("session.closed", session)
                .detail("cause", summary.cause() == null ? null : summary.cause().name())
                .detail("reason", summary.reason())
                .detail("duration.ms", summary.duration() == null ? null : summary.duration().toMillis())
                .detail("bytes.in", summary.bytesIn())
                .detail("bytes.out", summary.bytesOut())
                .detail("messages.in", summary.messagesIn())
                .detail("messages.out", summary.messagesOut()));
    }

    private static AuditEvent base(String event, Session session) {
        return AuditEvent.of(event)
                .endpoint(session.endpoint())
                .session(session.id())
                .remote(format(session.remoteAddress()))
                .local(format(session.localAddress()));
    }

    static String format(InetSocketAddress address) {
        if (address == null) {
            return null;
        }
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
