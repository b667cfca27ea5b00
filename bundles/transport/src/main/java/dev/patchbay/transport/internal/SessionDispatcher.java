package dev.patchbay.transport.internal;

import java.io.IOException;

import javax.net.ssl.SSLSession;

import dev.patchbay.api.observe.CloseCause;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandler;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteTimeoutException;
import org.apache.mina.filter.FilterEvent;
import org.apache.mina.filter.ssl.SslEvent;
import org.apache.mina.filter.ssl.SslFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one MINA handler of an endpoint. It stays installed for the endpoint's life and routes
 * each session's events to the {@link PatchbaySession} that holds the session's codec state
 * and current protocol handler, so handlers can change without touching MINA.
 *
 * <p>Every event marks the I/O thread busy for the watchdog, and nothing thrown below escapes
 * into MINA: a throwable that reached MINA's processor loop would end the I/O thread, and MINA
 * never replaces it.
 */
final class SessionDispatcher implements IoHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SessionDispatcher.class);
    static final String SESSION_KEY = PatchbaySession.class.getName();

    private final Endpoint endpoint;

    SessionDispatcher(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    private static PatchbaySession of(IoSession io) {
        return (PatchbaySession) io.getAttribute(SESSION_KEY);
    }

    @Override
    public void sessionCreated(IoSession io) {
        boolean marked = IoThreads.busy();
        try {
            endpoint.admission().accepted(io);
        } catch (Throwable t) {
            failed(io, "accepting", t);
        } finally {
            IoThreads.idle(marked);
        }
    }

    @Override
    public void sessionOpened(IoSession io) {
        PatchbaySession s = of(io);
        if (s == null) {
            return;
        }
        boolean marked = IoThreads.busy();
        try {
            endpoint.admission().open(s);
        } catch (Throwable t) {
            failed(io, "opening", t);
        } finally {
            IoThreads.idle(marked);
        }
    }

    @Override
    public void messageReceived(IoSession io, Object message) {
        PatchbaySession s = of(io);
        if (s == null) {
            return;
        }
        boolean marked = IoThreads.busy();
        try {
            if (s.isHandshaking()) {
                // MINA may queue the SECURED event behind the first application data.
                secure(io, s);
            }
            s.received(((IoBuffer) message).buf());
        } catch (Throwable t) {
            failed(io, "receiving", t);
        } finally {
            IoThreads.idle(marked);
        }
    }

    @Override
    public void messageSent(IoSession io, Object message) {
        PatchbaySession s = of(io);
        if (s == null) {
            return;
        }
        boolean marked = IoThreads.busy();
        try {
            s.sent(message);
        } catch (Throwable t) {
            failed(io, "after a write", t);
        } finally {
            IoThreads.idle(marked);
        }
    }

    @Override
    public void sessionIdle(IoSession io, IdleStatus status) {
        PatchbaySession s = of(io);
        if (s != null) {
            s.closeNow(CloseCause.IDLE_TIMEOUT, "idle for " + endpoint.settings().idleTimeoutSeconds() + " s (idle.timeout)");
        }
    }

    @Override
    public void exceptionCaught(IoSession io, Throwable cause) {
        PatchbaySession s = of(io);
        if (s != null && s.isHandshaking()) {
            s.handshakeFailed(TlsFailure.reasonClass(cause), TlsFailure.reason(cause));
            return;
        }
        String reason;
        CloseCause closeCause;
        if (cause instanceof WriteTimeoutException) {
            reason = "write timeout: client did not read for " + endpoint.settings().writeTimeoutSeconds() + " s";
            closeCause = CloseCause.WRITE_TIMEOUT;
        } else if (cause instanceof IOException) {
            reason = "I/O error: " + cause.getMessage();
            closeCause = CloseCause.IO_ERROR;
        } else {
            reason = "transport error: " + cause;
            closeCause = CloseCause.OTHER;
            SessionLogContext.set(endpoint.name(), s == null ? io.getId() : s.id(), io.getRemoteAddress());
            try {
                LOG.warn("Endpoint {}: session {} failed", endpoint.name(), s == null ? io.getId() : s.id(), cause);
            } finally {
                SessionLogContext.clear();
            }
        }
        if (s != null) {
            s.closeNow(closeCause, reason);
        } else {
            io.closeNow();
        }
    }

    @Override
    public void inputClosed(IoSession io) {
        // The client shut down its side: send what we owe it, then close.
        PatchbaySession s = of(io);
        if (s != null) {
            s.close(CloseCause.CLIENT, "client closed its output");
        } else {
            io.closeOnFlush();
        }
    }

    @Override
    public void sessionClosed(IoSession io) {
        PatchbaySession s = of(io);
        if (s == null) {
            return;
        }
        boolean marked = IoThreads.busy();
        try {
            s.closed();
        } catch (Throwable t) {
            SessionLogContext.set(endpoint.name(), s.id(), io.getRemoteAddress());
            try {
                LOG.error("Endpoint {}: session {} failed while closing", endpoint.name(), s.id(), t);
            } finally {
                SessionLogContext.clear();
            }
        } finally {
            IoThreads.idle(marked);
        }
    }

    @Override
    public void event(IoSession io, FilterEvent event) {
        PatchbaySession s = of(io);
        if (s != null && event == SslEvent.SECURED && s.isHandshaking()) {
            boolean marked = IoThreads.busy();
            try {
                secure(io, s);
            } catch (Throwable t) {
                failed(io, "securing", t);
            } finally {
                IoThreads.idle(marked);
            }
        }
    }

    private static void secure(IoSession io, PatchbaySession s) {
        SSLSession ssl = (SSLSession) io.getAttribute(SslFilter.SSL_SECURED);
        if (ssl != null) {
            s.secured(ssl);
        }
    }

    /** Something escaped the guards below: a transport bug. Only this session pays for it. */
    private void failed(IoSession io, String doing, Throwable t) {
        LOG.error("Endpoint {}: session {} failed in the transport while {}; closing it", endpoint.name(), io.getId(), doing, t);
        PatchbaySession s = of(io);
        if (s != null) {
            s.closeNow(CloseCause.OTHER, "transport error while " + doing + ": " + t);
        } else {
            io.closeNow();
        }
    }
}
