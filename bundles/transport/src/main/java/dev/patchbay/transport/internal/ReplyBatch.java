package dev.patchbay.transport.internal;

import java.nio.ByteBuffer;

/**
 * The replies a session's handler writes while one read is delivered, encoded into one buffer
 * and written once the read is done: pipelined requests cost one write, not one per reply.
 * Used by the delivering thread only, except {@link #recycle}, which MINA's I/O thread calls.
 */
final class ReplyBatch {

    private static final int MIN_BATCH = 2048;
    /** A batch this large is written out before the read is done, to bound memory. */
    static final int FLUSH_AT = 64 * 1024;

    private ByteBuffer batch;
    private int replies;
    private int takenReplies;
    /**
     * A written batch buffer kept for the next batch, so that a busy session does not allocate
     * one per read. Set on the I/O thread when MINA is done with the buffer; taken by the
     * delivering thread.
     */
    private volatile ByteBuffer spare;

    /** The buffer to encode a reply of at most {@code need} bytes into. */
    ByteBuffer room(int need) {
        if (batch == null) {
            ByteBuffer reuse = spare;
            if (reuse != null && reuse.capacity() >= need) {
                spare = null;
                reuse.clear();
                batch = reuse;
            } else {
                batch = ByteBuffer.allocate(Math.max(need, MIN_BATCH));
            }
        } else if (batch.remaining() < need) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(batch.capacity() * 2, batch.position() + need));
            batch.flip();
            larger.put(batch);
            batch = larger;
        }
        return batch;
    }

    void replyAdded() {
        replies++;
    }

    /** Bytes encoded and not yet taken. */
    int bytes() {
        ByteBuffer b = batch;
        return b == null ? 0 : b.position();
    }

    boolean isFull() {
        return bytes() >= FLUSH_AT;
    }

    /** Replies in the batch last taken. */
    int takenReplies() {
        return takenReplies;
    }

    /** The encoded replies, flipped for writing, or {@code null} if there are none. */
    ByteBuffer take() {
        ByteBuffer b = batch;
        if (b == null || b.position() == 0) {
            return null;
        }
        batch = null;
        takenReplies = replies;
        replies = 0;
        return b.flip();
    }

    /** MINA wrote {@code b}: it can carry a later batch. */
    void recycle(ByteBuffer b) {
        if (b.hasArray() && b.capacity() <= FLUSH_AT * 2) {
            spare = b;
        }
    }
}
