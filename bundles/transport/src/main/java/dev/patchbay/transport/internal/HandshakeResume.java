package dev.patchbay.transport.internal;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.filter.ssl.DisableEncryptWriteRequest;

/**
 * An empty write that brings a session's I/O thread back once its handshake work is done on
 * the {@link HandshakePool} (the way {@link WakeRequest} does for the session's lane): MINA
 * answers it with {@code messageSent} on that thread, where {@link ProfileSslFilter} resumes
 * the handshake and keeps it from going further up the chain. It passes TLS unencrypted and
 * never reaches the socket.
 */
final class HandshakeResume extends DefaultWriteRequest implements DisableEncryptWriteRequest {

    private final PooledHandshakeEngine engine;

    HandshakeResume(PooledHandshakeEngine engine) {
        super(IoBuffer.allocate(0));
        this.engine = engine;
    }

    PooledHandshakeEngine engine() {
        return engine;
    }
}
