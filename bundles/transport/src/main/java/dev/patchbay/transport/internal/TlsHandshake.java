package dev.patchbay.transport.internal;

import java.security.cert.X509Certificate;
import java.util.concurrent.ScheduledFuture;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import dev.patchbay.api.handler.TlsDetails;

/**
 * A session's TLS handshake under way: it ends once, completed or failed, whichever MINA
 * reports first, and a timer closes it if it runs past the profile's handshake timeout.
 */
final class TlsHandshake {

    private final String profile;
    private boolean pending = true;
    private ScheduledFuture<?> timer;

    TlsHandshake(String profile) {
        this.profile = profile;
    }

    String profile() {
        return profile;
    }

    synchronized boolean isPending() {
        return pending;
    }

    synchronized void timer(ScheduledFuture<?> t) {
        timer = t;
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
