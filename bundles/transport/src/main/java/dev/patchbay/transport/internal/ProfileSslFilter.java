package dev.patchbay.transport.internal;

import java.net.InetSocketAddress;
import java.security.NoSuchAlgorithmException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import dev.patchbay.api.tls.TlsProfile;

import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.ssl.SslFilter;

/**
 * MINA's TLS filter with engines made by a {@link TlsProfile}, so that every handshake uses the
 * profile's material as it is at that moment: rotated certificates apply to the next
 * connection without touching live ones. One instance serves all sessions of an endpoint.
 */
final class ProfileSslFilter extends SslFilter {

    static final String NAME = "patchbay-tls";

    private final TlsProfile profile;

    ProfileSslFilter(TlsProfile profile) {
        // SslFilter insists on a context; ours are the profile's, made per engine below.
        super(defaultContext());
        this.profile = profile;
    }

    TlsProfile profile() {
        return profile;
    }

    @Override
    protected SSLEngine createEngine(IoSession session, InetSocketAddress peer) {
        SSLEngine engine = profile.newServerEngine(peer);
        engine.setUseClientMode(false);
        return engine;
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no TLS implementation", e);
        }
    }
}
