package dev.patchbay.transport.internal;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.api.handler.TlsDetails;
import dev.patchbay.api.observe.CloseCause;
import dev.patchbay.api.tls.TlsConstants;

import org.apache.mina.core.session.IoSession;

/**
 * A session's TLS handshake under way: it ends once, completed or failed, whichever MINA
 * reports first, and a timer closes it if it runs past the profile's handshake timeout. It
 * holds one of the transport's {@code tls.handshake.pending} places ({@link HandshakePool})
 * from admission until it ends.
 */
final class TlsHandshake {

    private final PatchbaySession session;
    private final String profile;
    private boolean pending = true;
    private ScheduledFuture<?> timer;

    TlsHandshake(PatchbaySession session, String profile) {
        this.session = session;
        this.profile = profile;
    }

    /** Closes the session if the handshake has not completed within {@code timeout}. */
    void arm(Duration timeout) {
        ScheduledFuture<?> t = session.owner().core().scheduler().schedule(() -> {
            if (isPending() && !session.isClosing()) {
                failed(TlsConstants.REASON_TIMEOUT, "no complete handshake within " + timeout.toMillis() + " ms (handshake.timeout)");
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        synchronized (this) {
            timer = t;
        }
    }

    /** The handshake failed or timed out: logged (throttled), posted, and the session closed. */
    void failed(String reasonClass, String reason) {
        if (!end()) {
            return;
        }
        Endpoint e = session.owner();
        IoSession io = session.io();
        e.handshakeFailed(io.getRemoteAddress(), profile, reasonClass, reason);
        e.core().post(Topics.TLS_HANDSHAKE_FAILED, e.props(
                EventProperties.REMOTE, String.valueOf(io.getRemoteAddress()),
                EventProperties.LOCAL, String.valueOf(io.getLocalAddress()),
                EventProperties.PROFILE, profile,
                EventProperties.REASON_CLASS, reasonClass, EventProperties.REASON, reason));
        session.closeNow(CloseCause.OTHER, "TLS handshake failed (" + reasonClass + "): " + reason);
    }

    String profile() {
        return profile;
    }

    synchronized boolean isPending() {
        return pending;
    }

    /** @return whether this call ended it (it was still pending) */
    synchronized boolean end() {
        if (!pending) {
            return false;
        }
        pending = false;
        if (timer != null) {
            timer.cancel(false);
        }
        session.owner().core().handshakes().finished();
        return true;
    }

    /** What the handler may know of the secured session. */
    TlsDetails details(SSLSession ssl) {
        String peer = null;
        try {
            if (ssl.getPeerCertificates()[0] instanceof X509Certificate c) {
                peer = c.getSubjectX500Principal().getName();
            }
        } catch (SSLPeerUnverifiedException e) {
            // No client certificate: client.auth is none, or want and the client sent none.
        }
        return new TlsDetails(ssl.getProtocol(), ssl.getCipherSuite(), peer, profile);
    }
}
