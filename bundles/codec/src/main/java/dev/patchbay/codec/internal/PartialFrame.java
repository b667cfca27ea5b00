package dev.patchbay.codec.internal;

import java.nio.ByteBuffer;

/**
 * The bytes of a frame that spans reads. Most frames fit in one read and never touch this,
 * so the buffer is allocated on first use, grows only as far as the frame needs, and a large
 * one is dropped once its frame is done, so that idle sessions hold little memory.
 */
final class PartialFrame {

    private static final int INITIAL = 256;
    private static final int KEEP_AT_MOST = 4096;

    private ByteBuffer bytes;

    boolean isEmpty() {
        return bytes == null || bytes.position() == 0;
    }

    int length() {
        return bytes == null ? 0 : bytes.position();
    }

    /** Appends {@code src}'s bytes from its position to {@code end}; advances {@code src}. */
    void append(ByteBuffer src, int end) {
        int n = end - src.position();
        ensureRoom(n);
        int savedLimit = src.limit();
        src.limit(end);
        bytes.put(src);
        src.limit(savedLimit);
    }

    byte byteAt(int index) {
        return bytes.get(index);
    }

    /** The held bytes from {@code from} to {@code to}, as a view for a sink call. */
    ByteBuffer view(int from, int to) {
        ByteBuffer view = bytes.duplicate();
        view.limit(to).position(from);
        return view;
    }

    /** Forgets the frame; keeps a small buffer for the next one. */
    void clear() {
        if (bytes != null && bytes.capacity() > KEEP_AT_MOST) {
            bytes = null;
        } else if (bytes != null) {
            bytes.clear();
        }
    }

    private void ensureRoom(int n) {
        if (bytes == null) {
            bytes = ByteBuffer.allocate(Math.max(INITIAL, n));
        } else if (bytes.remaining() < n) {
            int needed = bytes.position() + n;
            ByteBuffer larger = ByteBuffer.allocate(Math.max(needed, bytes.capacity() * 2));
            bytes.flip();
            larger.put(bytes);
            bytes = larger;
        }
    }
}
