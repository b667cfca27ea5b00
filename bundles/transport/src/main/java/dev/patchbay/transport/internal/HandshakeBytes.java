package dev.patchbay.transport.internal;

import java.nio.ByteBuffer;

/**
 * The byte moves of {@link PooledHandshakeEngine}: between MINA's buffers and the ones the
 * engine keeps while its handshake runs on the pool. Read mode unless said otherwise.
 */
final class HandshakeBytes {

    static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private HandshakeBytes() {
    }

    /** Moves what fits of {@code from} into {@code to} (write mode); returns how many bytes. */
    static int move(ByteBuffer from, ByteBuffer to) {
        int n = Math.min(from.remaining(), to.remaining());
        ByteBuffer part = from.duplicate();
        part.limit(part.position() + n);
        to.put(part);
        from.position(from.position() + n);
        return n;
    }

    /** Moves what fits of {@code from} into the buffers of an unwrap, in their order. */
    static int drain(ByteBuffer from, ByteBuffer[] dsts, int offset, int length) {
        int n = 0;
        for (int i = offset; i < offset + length && from.hasRemaining(); i++) {
            n += move(from, dsts[i]);
        }
        return n;
    }

    /**
     * {@code head} followed by what {@code tail} (write mode) holds, which is then cleared;
     * {@code head} itself when {@code tail} is null or empty.
     */
    static ByteBuffer append(ByteBuffer head, ByteBuffer tail) {
        if (tail == null || tail.position() == 0) {
            return head;
        }
        tail.flip();
        ByteBuffer joined = ByteBuffer.allocate(head.remaining() + tail.remaining());
        joined.put(head).put(tail).flip();
        tail.clear();
        return joined;
    }

    /** {@code head} followed by {@code tail}, both read mode and both taken. */
    static ByteBuffer concat(ByteBuffer head, ByteBuffer tail) {
        if (!tail.hasRemaining()) {
            return head;
        }
        ByteBuffer joined = ByteBuffer.allocate(head.remaining() + tail.remaining());
        joined.put(head).put(tail).flip();
        return joined;
    }
}
