package dev.patchbay.transport.internal;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.filter.ssl.DisableEncryptWriteRequest;

/**
 * An empty write that brings a session's I/O thread to it: MINA has no way to run a task on a
 * session's I/O thread, but it answers every queued write with {@code messageSent} on that
 * thread, an empty one included. It bypasses TLS (MINA's SslFilter passes
 * {@link DisableEncryptWriteRequest}s through), and never reaches the socket.
 */
final class WakeRequest extends DefaultWriteRequest implements DisableEncryptWriteRequest {

    /** The message of every wake request; {@code messageSent} recognises it by identity. */
    static final IoBuffer MARKER = IoBuffer.allocate(0).asReadOnlyBuffer();

    WakeRequest() {
        super(MARKER);
    }
}
