package dev.patchbay.transport.internal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Input read from the socket but not yet delivered (the session is paused, or has no handler
 * yet), in order. Buffers are kept as MINA handed them over (it allocates one per read and
 * never reuses it), and delivery advances their position: nothing is copied.
 */
final class KeptInput {

    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();
    private volatile long bytes;

    synchronized void add(ByteBuffer in) {
        if (in.hasRemaining()) {
            buffers.addLast(in);
            bytes += in.remaining();
        }
    }

    /** Puts back, at the head, the rest of a buffer whose delivery stopped early. */
    synchronized void putBack(ByteBuffer rest) {
        if (rest.hasRemaining()) {
            buffers.addFirst(rest);
            bytes += rest.remaining();
        }
    }

    /** The oldest kept buffer, taken out, or {@code null}. */
    synchronized ByteBuffer poll() {
        ByteBuffer b = buffers.pollFirst();
        if (b != null) {
            bytes -= b.remaining();
        }
        return b;
    }

    /** Without the lock: a kept buffer is never empty, so no bytes means no buffers. */
    boolean isEmpty() {
        return bytes == 0;
    }

    long bytes() {
        return bytes;
    }

    synchronized void clear() {
        buffers.clear();
        bytes = 0;
    }
}
