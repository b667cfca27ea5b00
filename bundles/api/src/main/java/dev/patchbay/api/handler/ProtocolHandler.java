package dev.patchbay.api.handler;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Speaks an application protocol on the sessions of the endpoints that name it.
 *
 * <p>Register an implementation as an OSGi service with the property
 * {@link HandlerConstants#HANDLER_NAME}. The handler's version is the version of the bundle
 * that registers it, so several versions of one handler can be installed side by side.
 *
 * <p>Methods are called on the transport's I/O threads, one call at a time per session, so a
 * handler needs no locking for per-session work but must not block: a handler that blocks
 * stalls every session sharing that I/O thread. Keep per-session state in
 * {@link Session#attribute(String, Object)} as plain values, so that a newer version of the
 * handler can carry on a live session.
 *
 * <p>An exception thrown from {@link #received} closes that session with the exception
 * logged; other sessions are not affected.
 */
@ConsumerType
public interface ProtocolHandler {

    /**
     * A session starts being served by this handler: a new connection, or a held session
     * whose handler just arrived.
     */
    default void opened(Session session) throws Exception {
    }

    /**
     * One decoded frame arrived.
     *
     * @param frame the frame's bytes, from {@code position()} to {@code limit()}. The buffer is
     *              the transport's and is valid only during this call: copy what you keep.
     */
    void received(Session session, ByteBuffer frame) throws Exception;

    /** The session closed, for whatever reason. Called at most once per session. */
    default void closed(Session session) {
    }
}
