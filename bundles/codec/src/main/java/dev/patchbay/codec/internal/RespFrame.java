package dev.patchbay.codec.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The frame one RESP request is decoded into, {@code [int argc]([int len][bytes])*}, reused from
 * request to request so that the request path allocates nothing. It grows to the largest request
 * seen and, past {@link #KEEP_AT_MOST}, is dropped once that request has been delivered, so
 * that a session that once sent a big value does not hold its size for ever.
 */
final class RespFrame {

    /** argc of a frame that carries a protocol error instead of a request. */
    static final int PROTOCOL_ERROR = -1;

    private static final int INITIAL = 512;
    private static final int KEEP_AT_MOST = 64 * 1024;

    private ByteBuffer buf;
    private int argc;

    /** Starts a request; room for the argument count is kept at the front. */
    void begin() {
        if (buf == null) {
            buf = ByteBuffer.allocate(INITIAL);
        }
        buf.clear();
        buf.position(Integer.BYTES);
        argc = 0;
    }

    /** Bytes the frame holds so far (0 between requests). */
    int length() {
        return buf == null ? 0 : buf.position();
    }

    /** Makes room for an argument of {@code n} bytes, and writes its length. */
    void beginArgument(int n) {
        ensureRoom(Integer.BYTES + n);
        buf.putInt(n);
        argc++;
    }

    /** Appends {@code n} bytes of {@code a} from {@code from}; the room was made by {@link #beginArgument}. */
    void append(byte[] a, int from, int n) {
        buf.put(a, from, n);
    }

    /** Appends one byte to an argument whose length is not known in advance (inline). */
    void appendGrowing(byte b) {
        ensureRoom(1);
        buf.put(b);
    }

    /** Starts an inline argument: its length is patched by {@link #endInlineArgument}. */
    int beginInlineArgument() {
        ensureRoom(Integer.BYTES);
        int at = buf.position();
        buf.putInt(0);
        argc++;
        return at;
    }

    void endInlineArgument(int lengthAt) {
        buf.putInt(lengthAt, buf.position() - lengthAt - Integer.BYTES);
    }

    int argc() {
        return argc;
    }

    /** The finished frame, from position 0, valid until the next {@link #begin} or {@link #release}. */
    ByteBuffer finish() {
        buf.putInt(0, argc);
        buf.flip();
        return buf;
    }

    /** The frame telling the handler of a protocol error; {@code text} has no line breaks. */
    ByteBuffer error(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (buf == null || buf.capacity() < 2 * Integer.BYTES + bytes.length) {
            buf = ByteBuffer.allocate(2 * Integer.BYTES + bytes.length);
        }
        buf.clear();
        buf.putInt(PROTOCOL_ERROR).putInt(bytes.length).put(bytes).flip();
        return buf;
    }

    /** After delivery: forgets the request, and a big buffer with it. */
    void release() {
        if (buf != null) {
            if (buf.capacity() > KEEP_AT_MOST) {
                buf = null;
            } else {
                buf.clear();
            }
        }
        argc = 0;
    }

    private void ensureRoom(int n) {
        if (buf.remaining() < n) {
            long needed = (long) buf.position() + n;
            int capacity = (int) Math.min(Math.max(needed, 2L * buf.capacity()), Integer.MAX_VALUE - 8);
            ByteBuffer larger = ByteBuffer.allocate(capacity);
            buf.flip();
            larger.put(buf);
            buf = larger;
        }
    }
}
