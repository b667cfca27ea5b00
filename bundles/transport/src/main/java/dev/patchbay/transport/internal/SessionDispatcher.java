package dev.patchbay.transport.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

import javax.net.ssl.SSLSession;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.api.filter.Admission;
import dev.patchbay.api.observe.CloseCause;
import dev.patchbay.api.tls.TlsConstants;

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
 */
final class SessionDispatcher implements IoHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SessionDispatcher.class);
    private static final String SESSION_KEY = PatchbaySession.class.getName();

    private final Endpoint endpoint;

    SessionDispatcher(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    private static PatchbaySession of(IoSession io) {
        return (PatchbaySession) io.getAttribute(SESSION_KEY);
    }

    @Override
    public void sessionCreated(IoSession io) {
        ProfileSslFilter tls = endpoint.tlsFilter();
        String refusal = admissionRefusal(tls);
        PatchbaySession s = null;
        if (refusal == null) {
            s = new PatchbaySession(io, endpoint);
            FilterBinding[] chain = endpoint.chain();
            for (int i = 0; i < chain.length; i++) {
                Admission a = admit(chain[i], s);
                if (!a.accepted()) {
                    refusal = "filter " + chain[i].name() + ": " + a.reason();
                    // The filters that admitted it hear that it is gone.
                    s.admittedBy(Arrays.copyOf(chain, i));
                    s.tellFiltersClosed();
                    break;
                }
            }
            if (refusal == null) {
                s.admittedBy(chain);
            }
        }
        if (refusal != null) {
            endpoint.logRefusal(io.getRemoteAddress(), refusal);
            endpoint.core().post(Topics.SESSION_REFUSED, endpoint.props(
                    EventProperties.REMOTE, String.valueOf(io.getRemoteAddress()), EventProperties.REASON, refusal));
            endpoint.connectionRefused();
            io.closeNow();
            return;
        }
        io.setAttribute(SESSION_KEY, s);
        s.registered();
        if (tls != null) {
            s.handshakeStarted(tls.profile().name());
            try {
                io.getFilterChain().addFirst(ProfileSslFilter.NAME, tls);
            } catch (RuntimeException e) {
                s.handshakeFailed(TlsConstants.REASON_OTHER, "cannot start TLS: " + TlsFailure.reason(e));
            }
        }
    }

    private String admissionRefusal(ProfileSslFilter tls) {
        if (endpoint.isStopped() || endpoint.isDraining()) {
            return "endpoint is stopping";
        }
        String profile = endpoint.settings().tls();
        if (profile != null && tls == null) {
            return "TLS profile " + profile + " is not available (never plaintext)";
        }
        if (endpoint.codec() == null) {
            return "codec " + endpoint.settings().codec() + " is not installed";
        }
        if (!endpoint.missingFilters().isEmpty()) {
            return "required filter(s) missing: " + String.join(", ", endpoint.missingFilters());
        }
        int max = endpoint.settings().maxConnections();
        if (endpoint.sessions().size() >= max) {
            return "max.connections=" + max + " reached";
        }
        return null;
    }

    private Admission admit(FilterBinding f, PatchbaySession s) {
        try {
            return f.filter().admit(s);
        } catch (RuntimeException e) {
            LOG.warn("Endpoint {}: filter {} failed on a new connection; refusing it (fail closed)", endpoint.name(), f.name(), e);
            return Admission.refuse("filter failed: " + e);
        }
    }

    @Override
    public void sessionOpened(IoSession io) {
        PatchbaySession s = of(io);
        if (s == null) {
            return;
        }
        if (s.isHandshaking()) {
            ProfileSslFilter tls = (ProfileSslFilter) io.getFilterChain().get(ProfileSslFilter.NAME);
            s.armHandshakeTimer(tls == null ? Duration.ofSeconds(10) : tls.profile().handshakeTimeout());
        } else {
            s.opened();
        }
    }

    @Override
    public void messageReceived(IoSession io, Object message) {
        PatchbaySession s = of(io);
        if (s != null) {
            if (s.isHandshaking()) {
                // MINA may queue the SECURED event behind the first application data.
                secure(io, s);
            }
            s.received(((IoBuffer) message).buf());
        }
    }

    @Override
    public void messageSent(IoSession io, Object message) {
        PatchbaySession s = of(io);
        if (s != null) {
            s.sent(message);
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
            LOG.warn("Endpoint {}: session {} failed", endpoint.name(), s == null ? io.getId() : s.id(), cause);
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
        if (s != null) {
            s.closed();
        }
    }

    @Override
    public void event(IoSession io, FilterEvent event) {
        PatchbaySession s = of(io);
        if (s != null && event == SslEvent.SECURED && s.isHandshaking()) {
            secure(io, s);
        }
    }

    private static void secure(IoSession io, PatchbaySession s) {
        SSLSession ssl = (SSLSession) io.getAttribute(SslFilter.SSL_SECURED);
        if (ssl != null) {
            s.secured(ssl);
        }
    }
}
