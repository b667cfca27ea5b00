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
     * A new session starts being served by this handler: a new connection, or one that was
     * held until a handler arrived. Called once per session, before its first frame.
     */
    default void opened(Session session) throws Exception {
    }

    /**
     * A live session moves to this handler from another version of it (or another handler,
     * when the endpoint's configuration names a new one), between two frames. Called instead
     * of {@link #opened}, before the session's next frame. What the previous handler kept in
     * {@link Session#attribute(String)} is still there; read it as plain values.
     *
     * @param previousVersion the version of the handler that served the session until now
     */
    default void handedOver(Session session, String previousVersion) throws Exception {
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
