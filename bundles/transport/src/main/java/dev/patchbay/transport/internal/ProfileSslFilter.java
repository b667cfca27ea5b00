package dev.patchbay.transport.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

import dev.patchbay.api.tls.TlsProfile;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.filter.ssl.SslFilter;

/**
 * MINA's TLS filter with engines made by a {@link TlsProfile}, so that every handshake uses the
 * profile's material as it is at that moment: rotated certificates apply to the next
 * connection without touching live ones. One instance serves all sessions of an endpoint.
 *
 * <p>Each engine runs its whole handshake on the transport's {@link HandshakePool}
 * ({@link PooledHandshakeEngine}); this filter resumes the handshake on the session's I/O thread
 * when that work is done, and reports a secured session's TLS failure (a refused
 * renegotiation) before the session closes.
 */
final class ProfileSslFilter extends SslFilter {

    static final String NAME = "patchbay-tls";

    private final TlsProfile profile;
    private final HandshakePool pool;

    ProfileSslFilter(TlsProfile profile, HandshakePool pool) {
        // SslFilter insists on a context; ours are the profile's, made per engine below.
        super(defaultContext());
        this.profile = profile;
        this.pool = pool;
    }

    TlsProfile profile() {
        return profile;
    }

    @Override
    protected SSLEngine createEngine(IoSession session, InetSocketAddress peer) {
        SSLEngine engine = profile.newServerEngine(peer);
        engine.setUseClientMode(false);
        PooledHandshakeEngine[] self = new PooledHandshakeEngine[1];
        self[0] = new PooledHandshakeEngine(engine, pool, () -> {
            if (session.isConnected() && !session.isClosing()) {
                session.getFilterChain().fireFilterWrite(new HandshakeResume(self[0]));
            }
        });
        return self[0];
    }

    @Override
    public void messageSent(NextFilter next, IoSession session, WriteRequest request) throws Exception {
        if (request instanceof HandshakeResume r) {
            ByteBuffer input = r.engine().resumeInput();
            if (input != null) {
                try {
                    super.messageReceived(next, session, IoBuffer.wrap(input));
                } finally {
                    r.engine().resumed();
                }
            }
            return;
        }
        super.messageSent(next, session, request);
    }

    @Override
    public void exceptionCaught(NextFilter next, IoSession session, Throwable cause) throws Exception {
        if (cause instanceof SSLException && session.getAttribute(SSL_SECURED) != null
                && session.getAttribute(SessionDispatcher.SESSION_KEY) instanceof PatchbaySession s) {
            // After the handshake: the client asked to renegotiate (refused by
            // jdk.tls.rejectClientInitiatedRenegotiation) or broke the protocol.
            TlsFailure.securedSessionFailed(s, profile.name(), cause);
        }
        super.exceptionCaught(next, session, cause);
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no TLS implementation", e);
        }
    }
}
