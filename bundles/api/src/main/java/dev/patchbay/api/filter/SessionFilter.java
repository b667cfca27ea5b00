package dev.patchbay.api.filter;

import java.net.InetSocketAddress;

import dev.patchbay.api.handler.Session;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A step every session of an endpoint passes through before its handler: access control,
 * connection caps, rate limits.
 *
 * <p>Register an implementation as an OSGi service with {@link FilterConstants#FILTER_NAME}
 * and optionally {@link FilterConstants#FILTER_ORDER}. Endpoints list the filters they use by
 * name (endpoint key {@code filters}); the transport builds each endpoint's chain from the
 * filter services present, in ascending order, and rebuilds it when filters come and go.
 * A filter listed by an endpoint is required unless the endpoint marks it optional: while a
 * required filter is missing, the endpoint refuses new connections (it fails closed).
 *
 * <p>Methods are called on I/O threads and must not block.
 */
@ConsumerType
public interface SessionFilter {

    /**
     * Screens a connection by its address alone, before the transport makes a session of it:
     * on the endpoint's acceptor thread, so a refusal here costs no session, no I/O thread
     * work and no TLS handshake. For the checks that need nothing but the address (deny lists,
     * blocks, a connection rate that is already spent). Called concurrently from several
     * acceptor threads: thread-safe, cheap, never blocking. A connection accepted here still
     * goes through {@link #admit(Session)}, which decides for good.
     *
     * @param endpoint the endpoint's name
     * @param remote   the client's address
     * @since 1.1
     */
    default Admission screen(String endpoint, InetSocketAddress remote) {
        return Admission.ACCEPT;
    }

    /**
     * Decides on a freshly accepted connection, before any byte reaches the handler.
     * A refused connection is closed at once.
     */
    default Admission admit(Session session) {
        return Admission.ACCEPT;
    }

    /**
     * Called after each frame has been handed to the handler. Used by per-message limits:
     * the frame is counted after delivery, and a pause makes the session's next frames wait.
     * Called on the message path: keep it cheap and free of shared locks.
     *
     * @param length the frame's length in bytes
     * @return how long, in nanoseconds, the session's next frame must wait (0 for none).
     *         Frames already read wait in the transport and the session's reads are
     *         suspended meanwhile, so nothing is dropped and TCP slows the sender.
     */
    default long afterFrame(Session session, int length) {
        return 0;
    }

    /**
     * Called after each read of a session has been handed to the handler.
     *
     * @param bytes  bytes in that read
     * @param frames frames decoded from it
     * @return how long, in nanoseconds, to stop reading from this session (0 to go on). While
     *         reads are paused the client's bytes wait in the kernel and TCP slows the sender.
     */
    default long afterRead(Session session, int bytes, int frames) {
        return 0;
    }

    /**
     * A session this filter admitted closed, or was refused by a filter after it in the chain.
     * Called once per admitted session.
     */
    default void closed(Session session) {
    }
}
