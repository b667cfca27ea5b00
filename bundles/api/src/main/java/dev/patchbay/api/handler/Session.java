package dev.patchbay.api.handler;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A client connection as a protocol handler sees it. Implemented by the transport.
 *
 * <p>Writes made while the transport is delivering frames of one read are gathered and sent
 * in a single write when that read has been processed, so a handler may write one reply per
 * frame without paying one system call per reply. Writes from other threads (a message
 * published to this session by another one) are sent at once; since pausing this session's
 * reads cannot slow such a writer, a write from another thread that finds more than the
 * endpoint's {@code max.pending.write.bytes} unread closes the session instead (a slow
 * consumer, logged). Every write is framed by the endpoint's codec.
 */
@ProviderType
public interface Session {

    /** The session's id, unique within this run of the transport. */
    long id();

    /** Name of the endpoint that accepted this session. */
    String endpoint();

    InetSocketAddress remoteAddress();

    InetSocketAddress localAddress();

    /** When the connection was accepted. */
    Instant openedAt();

    /**
     * What TLS negotiated, or empty on a plaintext endpoint. A handler never sees a TLS
     * session before its handshake has completed.
     */
    Optional<TlsDetails> tls();

    /**
     * Queues one frame for sending. The bytes between {@code position()} and {@code limit()}
     * are copied; the caller may reuse the buffer when this returns.
     */
    void write(ByteBuffer frame);

    /** Queues one frame for sending. */
    default void write(byte[] frame) {
        write(ByteBuffer.wrap(frame));
    }

    /** Queues one frame holding the UTF-8 bytes of {@code text}. */
    default void write(CharSequence text) {
        write(StandardCharsets.UTF_8.encode(text.toString()));
    }

    /**
     * Sends the replies gathered so far in the current delivery now rather than when the read
     * has been delivered. Called from the session's own call, before another thread is let
     * write to this session (a blocked command's reply written by the thread that unblocks
     * it), so that the earlier replies cannot be overtaken; elsewhere it does nothing.
     *
     * @since 1.4
     */
    default void flush() {
    }

    /** Closes the session after the writes queued so far have been sent. */
    void close();

    /** Whether the session is still open. */
    boolean isOpen();

    /**
     * The value of {@code key} in the configuration of this session's endpoint (its
     * {@code etc/dev.patchbay.endpoint-<name>.cfg}), as the endpoint has it now: keys the
     * transport does not know are kept for the handler, so a protocol's own settings
     * ({@code requirepass}, {@code maxmemory}) live in the endpoint's file. The value is the one
     * delivered to the endpoint, after {@code $[env:NAME]} and {@code $[secret:name]} and the
     * environment overrides were applied; a refused change of the file leaves the last good
     * values in force. Never log a value that may be a secret.
     *
     * <p>Cheap (one look-up in an immutable map), so a handler can read it when a command needs
     * it and see an edit of the file without reconnecting.
     *
     * @return the value, or empty when the key is absent or blank
     * @since 1.3
     */
    default Optional<String> endpointSetting(String key) {
        return Optional.empty();
    }

    /**
     * Returns the value stored under {@code key}, or {@code null}.
     */
    Object attribute(String key);

    /**
     * Stores a value with the session; {@code null} removes it. Store plain values only
     * (strings, numbers, booleans, byte arrays, and lists and maps of those): they outlive the
     * handler bundle that wrote them, and an object of a handler's own class would pin that
     * bundle's class loader after it is updated.
     */
    void attribute(String key, Object value);
}
