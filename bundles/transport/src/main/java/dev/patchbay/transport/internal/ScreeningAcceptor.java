package dev.patchbay.transport.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.Executor;

import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;

/**
 * A MINA acceptor that asks the endpoint's filters about each connection's address before the
 * connection becomes a session. Under a connection flood that a filter refuses (a spent
 * connection rate, a blocked or denied address), a refusal then costs the acceptor thread an
 * accept and a close: no session on an I/O thread, no session events, no TLS filter, so the
 * I/O threads keep their time for the sessions they serve (issue 18).
 */
final class ScreeningAcceptor extends NioSocketAcceptor {

    private final EndpointAdmission admission;

    ScreeningAcceptor(Executor acceptorThreads, IoProcessor<NioSession> processors, EndpointAdmission admission) {
        super(acceptorThreads, processors);
        this.admission = admission;
    }

    @Override
    protected NioSession accept(IoProcessor<NioSession> processor, ServerSocketChannel handle) throws Exception {
        NioSession session = super.accept(processor, handle);
        if (session == null || admission.screen((InetSocketAddress) session.getRemoteAddress())) {
            return session;
        }
        try {
            // Never registered with a processor: closing the channel is all there is to undo.
            session.getChannel().close();
        } catch (IOException e) {
            // The peer is gone already; nothing to release.
        }
        return null;
    }
}
